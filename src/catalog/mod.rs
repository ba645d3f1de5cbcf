//! The data catalogue: what the project knows, as one document.
//!
//! [`Catalog::load_with`] reads the current state of a project into the structure of
//! the catalogue JSON contract (DESIGN §4): the files with their profiles, the
//! datasets they form ([`dataset`]) with their annotations ([`annotation`]), scores
//! and findings ([`crate::score`]), and the company readiness by dimension. The
//! [`export`] functions write it as JSON, CSV, XLSX or terminal text, [`dcat`] as a
//! DCAT-AP / HealthDCAT-AP JSON-LD draft.
//!
//! The functions at the end of this module are the API the desktop app and the
//! report call: list datasets, dataset detail, annotate (returning the new scores),
//! rename, merge and split datasets. User edits and annotations are stored in the
//! project file and survive re-scans, because dataset ids derive from the grouping
//! key, not from row order.

pub mod annotation;
pub mod dataset;
pub mod dcat;
pub mod export;
pub mod period;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::company::CompanyProfile;
use crate::i18n::Lang;
use crate::profile::{DateRange, FileProfile, HealthSummary, Table};
use crate::scan::issue_message;
use crate::score::{
    CatalogReadiness, Dimension, Finding, Metric, ScoreBasis, ScoreContext, ScoreInput, Scores,
    ScoringConfig,
};
use crate::store::inventory::{self, ScanCounts};
use crate::store::{Project, Result, StoreError};
use annotation::{AnnotationKey, Annotations};
use dataset::DatasetKind;
use period::SeriesCoverage;

/// The whole catalogue of a project.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Scanned folders, absolute paths; `files[].root` indexes this list.
    pub roots: Vec<String>,
    /// The latest scan.
    pub scan: Option<ScanInfo>,
    /// Every file currently present.
    pub files: Vec<CatalogFile>,
    /// Datasets (groups of files) with their scores and findings.
    pub datasets: Vec<Dataset>,
    /// Company readiness by dimension, over all datasets.
    pub readiness: CatalogReadiness,
    /// The day the scores refer to (ISO 8601), when datasets were scored.
    pub as_of: Option<String>,
    /// Entries that could not be read, and why.
    pub errors: Vec<CatalogError>,
    /// The company the catalogue belongs to (publisher of the DCAT description).
    #[serde(skip)]
    pub company: CompanyProfile,
}

/// One dataset: files that belong together, what is known about them, and their
/// scores with the findings that explain them (DESIGN §4 `datasets[]`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Dataset {
    /// Stable id (derived from the grouping key; survives re-scans).
    pub id: String,
    /// Name (the user's, else the automatic one).
    pub name: String,
    /// What kind of group it is.
    pub kind: DatasetKind,
    /// Index of its root in [`Catalog::roots`].
    pub root: usize,
    /// Folder relative to the root.
    pub folder: String,
    /// Member files (paths relative to their root; other roots as `root/path`).
    pub files: Vec<String>,
    /// README and data dictionaries that document it.
    pub documentation: Vec<String>,
    /// Byte-identical copies of member files.
    pub duplicates: Vec<String>,
    /// Formats of the member files.
    pub formats: Vec<String>,
    /// Bytes of the member files.
    pub bytes: u64,
    /// Tables in the member files.
    pub tables: usize,
    /// Records in the member files.
    pub rows: u64,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found.
    pub code_systems: Vec<String>,
    /// Earliest and latest record date inside the data.
    pub temporal: Option<DateRange>,
    /// Periods of a series named by period, with the gaps.
    pub series: Option<SeriesCoverage>,
    /// What people documented.
    pub annotations: Annotations,
    /// Whether a user renamed, merged or moved files.
    pub edited: bool,
    /// Ids of datasets merged into this one.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged: Vec<String>,
    /// Quality, rights and interoperability (0–100).
    pub scores: Scores,
    /// Starting points and caps behind a score, where the model uses them.
    pub basis: BTreeMap<Dimension, ScoreBasis>,
    /// Every metric behind the scores.
    pub metrics: Vec<Metric>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// DCAT-AP / HealthDCAT-AP properties the description still lacks.
    pub dcat_missing: Vec<String>,
    /// Indices of the member files in [`Catalog::files`].
    #[serde(skip)]
    pub file_indices: Vec<usize>,
    /// Indices of the documentation files.
    #[serde(skip)]
    pub documentation_indices: Vec<usize>,
    /// Indices of the copies.
    #[serde(skip)]
    pub duplicate_indices: Vec<usize>,
}

/// How to load and score a catalogue.
#[derive(Clone, Debug)]
pub struct CatalogOptions {
    /// Language of messages and findings.
    pub lang: Lang,
    /// Day of the assessment; `None` takes the day the latest scan started.
    pub today: Option<NaiveDate>,
    /// Weights and thresholds.
    pub scoring: ScoringConfig,
}

impl CatalogOptions {
    /// Options with the default scoring model.
    pub fn new(lang: Lang, today: Option<NaiveDate>) -> CatalogOptions {
        CatalogOptions {
            lang,
            today,
            scoring: ScoringConfig::embedded(),
        }
    }
}

/// Summary of the latest scan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ScanInfo {
    /// Scan id in the project.
    pub id: i64,
    /// Start time (RFC 3339).
    pub started_at: String,
    /// End time (RFC 3339).
    pub finished_at: Option<String>,
    /// `completed`, `cancelled`, `running` or `failed`.
    pub status: String,
    /// Counts of that scan.
    #[serde(flatten)]
    pub counts: ScanCounts,
}

/// One file in the catalogue.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CatalogFile {
    /// Row id in the project file (not exported).
    #[serde(skip)]
    pub id: i64,
    /// Path relative to its root.
    pub path: String,
    /// Index into [`Catalog::roots`].
    pub root: usize,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (RFC 3339, UTC).
    pub modified: Option<String>,
    /// Format identified by content.
    pub format: String,
    /// Finer format label (`png`, `GDT 02.10`, `HL7 v2.5 ADT^A01`).
    pub format_detail: Option<String>,
    /// Whether the file name's extension contradicts the content.
    pub extension_mismatch: bool,
    /// Text encoding.
    pub encoding: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<String>,
    /// Whether the file could be read and is intact.
    pub readable: bool,
    /// Why not, in the catalogue's language.
    pub error: Option<String>,
    /// Stable code of the problem (`zip_truncated`, `permission_denied`, …).
    pub error_code: Option<String>,
    /// Path of the original when this file is a duplicate.
    pub duplicate_of: Option<String>,
    /// BLAKE3 hash (hex), when computed.
    pub hash: Option<String>,
    /// Tables found inside.
    pub tables: Vec<Table>,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found.
    pub code_systems: Vec<String>,
    /// Earliest and latest record date inside the file.
    pub temporal: Option<DateRange>,
    /// What a health-standard file holds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub health: Option<HealthSummary>,
    /// The OMOP CDM table this file is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub omop_table: Option<String>,
    /// Notes from profiling, in the catalogue's language.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    /// Scan in which the file was first seen.
    pub first_seen_scan: i64,
    /// Scan in which its content last changed.
    pub changed_scan: i64,
}

/// An entry that could not be read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CatalogError {
    /// Path relative to its root.
    pub path: String,
    /// Why, in the catalogue's language.
    pub reason: String,
    /// Stable code of the problem.
    pub code: String,
}

/// Formats nanoseconds since the epoch as RFC 3339 (UTC, seconds).
pub fn rfc3339_from_ns(ns: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(
        ns.div_euclid(1_000_000_000),
        ns.rem_euclid(1_000_000_000) as u32,
    )
    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Catalog {
    /// Reads the catalogue of a project with the default scoring model; messages are
    /// in `lang` and scores refer to the day the latest scan started (use
    /// [`Catalog::load_with`] to pass the day of the assessment).
    pub async fn load(project: &Project, lang: Lang) -> Result<Catalog> {
        Catalog::load_with(project, &CatalogOptions::new(lang, None)).await
    }

    /// Reads the catalogue of a project, groups its files into datasets and scores
    /// them as of `options.today`.
    pub async fn load_with(project: &Project, options: &CatalogOptions) -> Result<Catalog> {
        let lang = options.lang;
        let mut conn = project.pool().acquire().await?;
        let roots = inventory::roots(&mut conn).await?;
        let root_index: HashMap<i64, usize> =
            roots.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let stored = inventory::present_files(&mut conn).await?;
        let scans = inventory::scans(&mut conn).await?;
        let scan = match scans.last() {
            Some(last) => Some(ScanInfo {
                id: last.id,
                started_at: last.started_at.clone(),
                finished_at: last.finished_at.clone(),
                status: last.status.clone(),
                counts: inventory::scan_counts(&mut conn, last.id).await?,
            }),
            None => None,
        };

        let by_id: HashMap<i64, (usize, &str)> = stored
            .iter()
            .map(|f| (f.id, (root_index[&f.root_id], f.rel_path.as_str())))
            .collect();
        let mut files = Vec::with_capacity(stored.len());
        let mut errors = Vec::new();
        for f in &stored {
            let root = root_index[&f.root_id];
            let profile: FileProfile = match &f.profile {
                Some(json) => serde_json::from_str(json).map_err(|e| {
                    StoreError::Corrupt(format!("profile of `{}`: {e}", f.rel_path))
                })?,
                None => FileProfile::default(),
            };
            let duplicate_of =
                f.duplicate_of
                    .and_then(|id| by_id.get(&id))
                    .map(|(orig_root, path)| {
                        if *orig_root == root {
                            (*path).to_owned()
                        } else {
                            format!("{}/{}", roots[*orig_root].path, path)
                        }
                    });
            let error = f
                .error_code
                .as_deref()
                .map(|code| issue_message(lang, code, f.error_detail.as_deref()));
            if let (Some(reason), Some(code), false) = (&error, &f.error_code, f.readable) {
                errors.push(CatalogError {
                    path: f.rel_path.clone(),
                    reason: reason.clone(),
                    code: code.clone(),
                });
            }
            files.push(CatalogFile {
                id: f.id,
                path: f.rel_path.clone(),
                root,
                size: f.size.max(0) as u64,
                modified: f.mtime_ns.and_then(rfc3339_from_ns),
                format: f.format.clone(),
                format_detail: f.format_detail.clone(),
                extension_mismatch: f.extension_mismatch,
                encoding: f.encoding.clone(),
                delimiter: f.delimiter.clone(),
                readable: f.readable,
                error,
                error_code: f.error_code.clone(),
                duplicate_of,
                hash: f.hash.as_deref().map(hex),
                tables: profile.tables,
                personal_data: f.personal_data,
                special_category: f.special_category,
                code_systems: profile.code_systems,
                notes: profile.notes.iter().map(|n| n.message(lang)).collect(),
                temporal: profile.temporal,
                health: profile.health,
                omop_table: profile.omop_table,
                first_seen_scan: f.first_seen_scan_id,
                changed_scan: f.changed_scan_id,
            });
        }
        let edits = crate::store::datasets::edits(&mut conn).await?;
        let assignments = crate::store::datasets::file_assignments(&mut conn).await?;
        let mut annotations: HashMap<String, Annotations> = HashMap::new();
        for row in crate::store::datasets::annotations(&mut conn).await? {
            annotations
                .entry(row.dataset_id)
                .or_default()
                .0
                .insert(row.key, row.value);
        }
        drop(conn);
        let company = project.company_profile().await?;
        let mut catalog = Catalog {
            roots: roots.into_iter().map(|r| r.path).collect(),
            scan,
            files,
            datasets: Vec::new(),
            readiness: CatalogReadiness::default(),
            as_of: None,
            errors,
            company,
        };
        let today = options.today.or_else(|| {
            catalog
                .scan
                .as_ref()
                .and_then(|s| DateTime::parse_from_rfc3339(&s.started_at).ok())
                .map(|t| t.date_naive())
        });
        if let Some(today) = today {
            catalog.build_datasets(&edits, &assignments, &annotations, today, options);
        }
        Ok(catalog)
    }

    /// Groups the files into datasets and scores them (replacing earlier datasets).
    pub fn build_datasets(
        &mut self,
        edits: &[crate::store::datasets::DatasetEdit],
        assignments: &[crate::store::datasets::FileAssignment],
        annotations: &HashMap<String, Annotations>,
        today: NaiveDate,
        options: &CatalogOptions,
    ) {
        let groups = dataset::group(&self.files, &self.roots, edits, assignments);
        let ctx = ScoreContext {
            today,
            lang: options.lang,
            config: &options.scoring,
        };
        let empty = Annotations::default();
        let mut datasets = Vec::with_capacity(groups.len());
        for g in &groups {
            let files: Vec<&CatalogFile> = g.members.iter().map(|&i| &self.files[i]).collect();
            let display = |i: usize| {
                let f = &self.files[i];
                if f.root == g.root {
                    f.path.clone()
                } else {
                    format!("{}/{}", self.roots[f.root], f.path)
                }
            };
            let a = annotations.get(&g.id).unwrap_or(&empty);
            let documents_only = files.iter().all(|f| {
                !matches!(
                    f.format.as_str(),
                    "csv" | "tsv" | "xlsx" | "xls" | "ods" | "ndjson" | "parquet" | "json"
                ) && !crate::score::is_health_format(&f.format)
                    || (f.format == "json" && f.tables.is_empty())
            });
            let input = ScoreInput {
                id: &g.id,
                name: &g.name,
                documents_only,
                files: files.clone(),
                duplicates: g
                    .duplicates
                    .iter()
                    .map(|&i| {
                        let f = &self.files[i];
                        (f, f.duplicate_of.clone().unwrap_or_default())
                    })
                    .collect(),
                documentation: g.documentation.iter().map(|&i| display(i)).collect(),
                folder: &g.folder,
                series: g.series.as_ref(),
                annotations: a,
                company: &self.company,
            };
            let result = crate::score::score(&input, &ctx);
            let health = files.iter().any(|f| {
                f.special_category
                    || crate::score::is_health_format(&f.format)
                    || f.omop_table.is_some()
            });
            let dcat_missing = dcat::checklist(&input, health)
                .into_iter()
                .filter(|c| !c.filled)
                .map(|c| c.property.to_owned())
                .collect();
            let mut formats: Vec<String> = files.iter().map(|f| f.format.clone()).collect();
            formats.sort();
            formats.dedup();
            let mut code_systems: Vec<String> = files
                .iter()
                .flat_map(|f| f.code_systems.iter().cloned())
                .collect();
            code_systems.sort();
            code_systems.dedup();
            let dates: Vec<&DateRange> = files
                .iter()
                .filter_map(|f| {
                    f.temporal
                        .as_ref()
                        .or_else(|| f.health.as_ref().and_then(|h| h.dates.as_ref()))
                })
                .collect();
            let temporal = (!dates.is_empty()).then(|| DateRange {
                min: dates
                    .iter()
                    .map(|d| d.min.clone())
                    .min()
                    .unwrap_or_default(),
                max: dates
                    .iter()
                    .map(|d| d.max.clone())
                    .max()
                    .unwrap_or_default(),
            });
            datasets.push(Dataset {
                id: g.id.clone(),
                name: g.name.clone(),
                kind: g.kind,
                root: g.root,
                folder: g.folder.clone(),
                files: g.members.iter().map(|&i| display(i)).collect(),
                documentation: g.documentation.iter().map(|&i| display(i)).collect(),
                duplicates: g.duplicates.iter().map(|&i| display(i)).collect(),
                formats,
                bytes: files.iter().map(|f| f.size).sum(),
                tables: files.iter().map(|f| f.tables.len()).sum(),
                rows: files.iter().flat_map(|f| &f.tables).map(|t| t.rows).sum(),
                personal_data: files.iter().any(|f| {
                    f.personal_data
                        || f.tables
                            .iter()
                            .any(|t| t.columns.iter().any(|c| c.personal))
                }),
                special_category: files.iter().any(|f| f.special_category),
                code_systems,
                temporal,
                series: g.series.clone(),
                annotations: a.clone(),
                edited: g.edited,
                merged: g.merged.clone(),
                scores: result.scores,
                basis: result.basis,
                metrics: result.metrics,
                findings: result.findings,
                dcat_missing,
                file_indices: g.members.clone(),
                documentation_indices: g.documentation.clone(),
                duplicate_indices: g.duplicates.clone(),
            });
        }
        self.readiness = crate::score::readiness::readiness(&datasets, &options.scoring);
        self.datasets = datasets;
        self.as_of = Some(today.format("%Y-%m-%d").to_string());
    }

    /// The dataset with this id.
    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// A dataset with its files (tables and columns: statistics and masked examples
    /// only), its documentation and copies.
    pub fn detail(&self, id: &str) -> Option<DatasetDetail<'_>> {
        let dataset = self.dataset(id)?;
        Some(DatasetDetail {
            dataset,
            files: dataset
                .file_indices
                .iter()
                .map(|&i| &self.files[i])
                .collect(),
            documentation: dataset
                .documentation_indices
                .iter()
                .map(|&i| &self.files[i])
                .collect(),
            duplicates: dataset
                .duplicate_indices
                .iter()
                .map(|&i| &self.files[i])
                .collect(),
        })
    }

    /// Files that duplicate another file, and the bytes they take.
    pub fn duplicate_totals(&self) -> (usize, u64) {
        self.files
            .iter()
            .filter(|f| f.duplicate_of.is_some())
            .fold((0, 0), |(n, bytes), f| (n + 1, bytes + f.size))
    }

    /// Files and bytes per format, most files first.
    pub fn format_totals(&self) -> Vec<(String, usize, u64)> {
        let mut totals: HashMap<&str, (usize, u64)> = HashMap::new();
        for f in &self.files {
            let t = totals.entry(&f.format).or_default();
            t.0 += 1;
            t.1 += f.size;
        }
        let mut out: Vec<(String, usize, u64)> = totals
            .into_iter()
            .map(|(k, (n, b))| (k.to_owned(), n, b))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

impl Dataset {
    /// The dataset as the report shows it (scores, sensitivity, findings with their
    /// next steps).
    pub fn report_summary(&self) -> crate::report::DatasetSummary {
        use crate::report::{Finding as ReportFinding, Severity as ReportSeverity};
        crate::report::DatasetSummary {
            name: self.name.clone(),
            files: self.files.len() as u64,
            rows: (self.tables > 0).then_some(self.rows),
            quality: self.scores.quality,
            rights: self.scores.rights,
            interoperability: self.scores.interoperability,
            personal_data: self.personal_data,
            special_category: self.special_category,
            code_systems: self.code_systems.clone(),
            findings: self
                .findings
                .iter()
                .map(|f| ReportFinding {
                    code: f.code.clone(),
                    severity: match f.severity {
                        crate::score::Severity::Critical => ReportSeverity::Critical,
                        crate::score::Severity::Warning => ReportSeverity::Warning,
                        crate::score::Severity::Info => ReportSeverity::Info,
                    },
                    message: f.message.clone(),
                })
                .collect(),
        }
    }
}

/// A dataset with the files behind it (`dataset_detail` of the app).
#[derive(Clone, Debug, Serialize)]
pub struct DatasetDetail<'a> {
    /// The dataset with scores, findings and annotations.
    pub dataset: &'a Dataset,
    /// Member files with their tables and column statistics.
    pub files: Vec<&'a CatalogFile>,
    /// README and data dictionaries.
    pub documentation: Vec<&'a CatalogFile>,
    /// Byte-identical copies.
    pub duplicates: Vec<&'a CatalogFile>,
}

/// Errors of the dataset operations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// No dataset has this id.
    #[error("there is no dataset `{0}` in this project")]
    NotFound(String),
    /// A file named for a split is not part of the dataset.
    #[error("`{file}` is not a file of dataset `{dataset}`")]
    FileNotInDataset {
        /// The dataset.
        dataset: String,
        /// The file.
        file: String,
    },
    /// A split needs files, a merge other datasets.
    #[error("nothing to do: {0}")]
    Nothing(String),
    /// A name is empty.
    #[error("a dataset name must not be empty")]
    EmptyName,
    /// An annotation was refused.
    #[error(transparent)]
    Annotation(#[from] annotation::AnnotationError),
    /// The project file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for DatasetError {
    fn from(e: sqlx::Error) -> Self {
        DatasetError::Store(StoreError::Database(e))
    }
}

/// The datasets of a project with scores and findings (`datasets_list` of the app).
pub async fn list_datasets(project: &Project, options: &CatalogOptions) -> Result<Vec<Dataset>> {
    Ok(Catalog::load_with(project, options).await?.datasets)
}

async fn require(
    project: &Project,
    options: &CatalogOptions,
    id: &str,
) -> Result<Catalog, DatasetError> {
    let catalog = Catalog::load_with(project, options).await?;
    if catalog.dataset(id).is_none() {
        return Err(DatasetError::NotFound(id.to_owned()));
    }
    Ok(catalog)
}

/// Documents facts about a dataset and returns it re-scored. `None` (or an empty
/// value) removes a key. `now` is the RFC 3339 time stored with the change.
///
/// # Errors
/// [`DatasetError::NotFound`] for an unknown id; store errors.
pub async fn annotate(
    project: &Project,
    options: &CatalogOptions,
    id: &str,
    changes: &[(AnnotationKey, Option<String>)],
    now: &str,
) -> Result<Dataset, DatasetError> {
    require(project, options, id).await?;
    let mut tx = project.pool().begin().await?;
    for (key, value) in changes {
        crate::store::datasets::set_annotation(&mut tx, id, key.id(), value.as_deref(), now)
            .await?;
    }
    tx.commit().await?;
    let catalog = Catalog::load_with(project, options).await?;
    catalog
        .dataset(id)
        .cloned()
        .ok_or_else(|| DatasetError::NotFound(id.to_owned()))
}

/// Applies an annotation sheet (see [`annotation::read_csv`]): every row's values
/// replace the stored ones for the keys the sheet has. Returns how many datasets were
/// updated; rows naming unknown datasets are refused as a whole before anything is
/// written.
///
/// # Errors
/// [`DatasetError::NotFound`] with the first unknown id; store errors.
pub async fn import_annotations(
    project: &Project,
    options: &CatalogOptions,
    rows: &[annotation::AnnotationSheetRow],
    now: &str,
) -> Result<usize, DatasetError> {
    let catalog = Catalog::load_with(project, options).await?;
    if let Some(row) = rows
        .iter()
        .find(|r| catalog.dataset(&r.dataset_id).is_none())
    {
        return Err(DatasetError::NotFound(row.dataset_id.clone()));
    }
    let mut tx = project.pool().begin().await?;
    let mut changed = 0;
    for row in rows {
        let current = &catalog
            .dataset(&row.dataset_id)
            .map(|d| d.annotations.clone())
            .unwrap_or_default();
        let mut any = false;
        for (key, value) in &row.values {
            if current.get(*key) != value.as_deref() {
                crate::store::datasets::set_annotation(
                    &mut tx,
                    &row.dataset_id,
                    key.id(),
                    value.as_deref(),
                    now,
                )
                .await?;
                any = true;
            }
        }
        changed += usize::from(any);
    }
    tx.commit().await?;
    Ok(changed)
}

/// Renames a dataset; `None` or an empty name restores the automatic name.
///
/// # Errors
/// [`DatasetError::NotFound`]; store errors.
pub async fn rename_dataset(
    project: &Project,
    options: &CatalogOptions,
    id: &str,
    name: Option<&str>,
    now: &str,
) -> Result<(), DatasetError> {
    require(project, options, id).await?;
    let mut conn = project.pool().acquire().await?;
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    crate::store::datasets::set_name(&mut conn, id, name, now).await?;
    Ok(())
}

/// Merges datasets into `into`; the merge survives re-scans (new files of a merged
/// series keep joining). Annotations of `into` apply to the result.
///
/// # Errors
/// [`DatasetError::NotFound`] for any unknown id; [`DatasetError::Nothing`] when
/// nothing besides `into` is named.
pub async fn merge_datasets(
    project: &Project,
    options: &CatalogOptions,
    ids: &[String],
    into: &str,
    now: &str,
) -> Result<(), DatasetError> {
    let catalog = require(project, options, into).await?;
    let others: Vec<&String> = ids.iter().filter(|i| i.as_str() != into).collect();
    if others.is_empty() {
        return Err(DatasetError::Nothing("no other dataset to merge".into()));
    }
    for id in &others {
        if catalog.dataset(id).is_none() {
            return Err(DatasetError::NotFound((*id).clone()));
        }
    }
    let mut tx = project.pool().begin().await?;
    for id in others {
        crate::store::datasets::set_merged_into(&mut tx, id, Some(into), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Undoes a merge: the dataset stands on its own again.
///
/// # Errors
/// Store errors.
pub async fn unmerge_dataset(project: &Project, id: &str, now: &str) -> Result<(), DatasetError> {
    let mut conn = project.pool().acquire().await?;
    crate::store::datasets::set_merged_into(&mut conn, id, None, now).await?;
    Ok(())
}

/// Splits files off a dataset into a new one named `name`; returns the new id. The
/// files stay in the new dataset across re-scans while their paths stay the same.
///
/// # Errors
/// [`DatasetError::NotFound`], [`DatasetError::FileNotInDataset`],
/// [`DatasetError::EmptyName`], [`DatasetError::Nothing`]; store errors.
pub async fn split_dataset(
    project: &Project,
    options: &CatalogOptions,
    id: &str,
    files: &[String],
    name: &str,
    now: &str,
) -> Result<String, DatasetError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DatasetError::EmptyName);
    }
    if files.is_empty() {
        return Err(DatasetError::Nothing("no files named".into()));
    }
    let catalog = require(project, options, id).await?;
    let d = catalog
        .dataset(id)
        .ok_or_else(|| DatasetError::NotFound(id.to_owned()))?;
    let mut file_ids = Vec::new();
    for path in files {
        let pos = d.files.iter().position(|p| p == path).ok_or_else(|| {
            DatasetError::FileNotInDataset {
                dataset: id.to_owned(),
                file: path.clone(),
            }
        })?;
        file_ids.push(catalog.files[d.file_indices[pos]].id);
    }
    let mut key = format!("user\u{0}{name}\u{0}{now}");
    for f in &file_ids {
        key.push_str(&format!("\u{0}{f}"));
    }
    let new_id = dataset::dataset_id(name, &key);
    let mut tx = project.pool().begin().await?;
    crate::store::datasets::create_user_dataset(&mut tx, &new_id, name, now).await?;
    crate::store::datasets::assign_files(&mut tx, &file_ids, &new_id, now).await?;
    tx.commit().await?;
    Ok(new_id)
}

/// The company readiness by dimension (size- and relevance-weighted over datasets).
pub async fn readiness(project: &Project, options: &CatalogOptions) -> Result<CatalogReadiness> {
    Ok(Catalog::load_with(project, options).await?.readiness)
}

/// The DCAT-AP / HealthDCAT-AP JSON-LD document of a project's datasets.
pub async fn dcat_document(
    project: &Project,
    options: &CatalogOptions,
) -> Result<serde_json::Value> {
    let catalog = Catalog::load_with(project, options).await?;
    Ok(dcat::document(&catalog, options.lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339_from_ns(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339_from_ns(1_700_000_000_500_000_000).as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(rfc3339_from_ns(-1).as_deref(), Some("1969-12-31T23:59:59Z"));
    }
}
