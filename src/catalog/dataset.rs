//! Datasets: files grouped into what people mean by "a dataset".
//!
//! Grouping rules, applied per folder (a dataset never spans folders unless a user
//! merges):
//! - **Copies** (`duplicate_of`) join the dataset of their original as duplicates.
//! - **Documentation** (README, Datenwörterbuch, data dictionary, codebook …) is no
//!   dataset of its own: it documents the datasets of its folder and the folders below.
//!   Only where it documents nothing does it become a documents dataset.
//! - **Health messages** (FHIR, HL7 v2, DICOM, GDT, CDA) of one standard in one folder
//!   are one dataset: a feed, whatever the file names.
//! - **OMOP CDM tables** in one folder (recognised by profiling or by their table
//!   names) are one dataset with several tables.
//! - **Tables** (CSV, spreadsheets, NDJSON, record-set JSON) whose names differ only by
//!   a date or counter (`Reklamationen_2024-01.csv` … `_2024-12.csv`) are a series;
//!   files of a series whose columns have nothing in common (once profiled) are split
//!   off. Tables without such a name but with identical columns (`Kunden_Nord.csv`,
//!   `Kunden_Sued.csv`) are one dataset. Every other table is its own dataset; a
//!   spreadsheet with several sheets is one dataset with several tables.
//! - **Archives** are one dataset each.
//! - **Documents** (PDF, text, images, configuration JSON, unknown formats) in one
//!   folder form one document collection.
//!
//! A dataset's id is derived from its grouping key (root, folder, kind, name
//! pattern), so it stays the same across re-scans and new files of a series join the
//! same id. User edits ([`crate::store::datasets`]) are laid over the automatic
//! grouping: renames, merges and files moved into other (or new) datasets.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::CatalogFile;
use super::period::{self, Period, SeriesCoverage};
use crate::store::datasets::{DatasetEdit, FileAssignment};

/// What kind of dataset a group is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// Files of one schema or standard, one per period or delivery.
    Series,
    /// One table in one file.
    Table,
    /// One spreadsheet (one or more sheets).
    Workbook,
    /// Several related tables (an OMOP extract, partitions with one schema).
    MultiTable,
    /// A collection of documents (PDF, text, images, configuration).
    Documents,
    /// One file of another kind (an archive, a lone message).
    #[default]
    Single,
    /// Put together by a user.
    Custom,
}

impl DatasetKind {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            DatasetKind::Series => "series",
            DatasetKind::Table => "table",
            DatasetKind::Workbook => "workbook",
            DatasetKind::MultiTable => "multi_table",
            DatasetKind::Documents => "documents",
            DatasetKind::Single => "single",
            DatasetKind::Custom => "custom",
        }
    }
}

/// A group of files before scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetGroup {
    /// Stable id.
    pub id: String,
    /// Name (the user's, else the automatic one).
    pub name: String,
    /// The automatic name.
    pub auto_name: String,
    /// Kind.
    pub kind: DatasetKind,
    /// Index of the root of the first file.
    pub root: usize,
    /// Folder of the first file, relative to its root (`""` for the root itself).
    pub folder: String,
    /// Member files (indices into the catalogue's files), in path order.
    pub members: Vec<usize>,
    /// README and data dictionaries that document it.
    pub documentation: Vec<usize>,
    /// Byte-identical copies of members.
    pub duplicates: Vec<usize>,
    /// Periods of a series, when the names carry them.
    pub series: Option<SeriesCoverage>,
    /// Whether a user edit changed it (name, merge, moved files).
    pub edited: bool,
    /// Ids of datasets merged into this one.
    pub merged: Vec<String>,
}

/// The file's folder and stem.
fn split_path(path: &str) -> (&str, &str, &str) {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (name, ""),
    };
    (folder, stem, ext)
}

/// Lower-case ASCII with German umlauts spelled out, for matching names.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

const DOC_MARKERS: [&str; 16] = [
    "readme",
    "liesmich",
    "lies_mich",
    "datenwoerterbuch",
    "datenworterbuch",
    "data_dictionary",
    "datadictionary",
    "data-dictionary",
    "data dictionary",
    "codebook",
    "codebuch",
    "variablenliste",
    "variablenbeschreibung",
    "datenbeschreibung",
    "feldbeschreibung",
    "schemabeschreibung",
];

/// Whether a file documents data rather than holding it (README, data dictionary …).
pub fn is_documentation(path: &str, format: &str) -> bool {
    if matches!(
        format,
        "fhir-json" | "fhir-xml" | "hl7v2" | "dicom" | "gdt" | "cda" | "archive" | "image"
    ) {
        return false;
    }
    let (_, stem, _) = split_path(path);
    let s = fold(stem);
    DOC_MARKERS.iter().any(|m| s.contains(m))
}

/// OMOP CDM v5.4 table names (clinical, vocabulary, health system, derived).
const OMOP_TABLES: [&str; 37] = [
    "person",
    "observation_period",
    "visit_occurrence",
    "visit_detail",
    "condition_occurrence",
    "drug_exposure",
    "procedure_occurrence",
    "device_exposure",
    "measurement",
    "observation",
    "death",
    "note",
    "note_nlp",
    "specimen",
    "fact_relationship",
    "location",
    "care_site",
    "provider",
    "payer_plan_period",
    "cost",
    "drug_era",
    "dose_era",
    "condition_era",
    "episode",
    "episode_event",
    "metadata",
    "cdm_source",
    "concept",
    "vocabulary",
    "domain",
    "concept_class",
    "concept_relationship",
    "relationship",
    "concept_synonym",
    "concept_ancestor",
    "source_to_concept_map",
    "drug_strength",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Table,
    Health(&'static str),
    Archive,
    Document,
}

fn is_tabular_format(format: &str) -> bool {
    matches!(
        format,
        "csv" | "tsv" | "xlsx" | "xls" | "ods" | "ndjson" | "parquet"
    )
}

fn role(f: &CatalogFile) -> Role {
    match f.format.as_str() {
        "fhir-json" | "fhir-xml" => Role::Health("fhir"),
        "hl7v2" => Role::Health("hl7v2"),
        "dicom" => Role::Health("dicom"),
        "gdt" => Role::Health("gdt"),
        "cda" => Role::Health("cda"),
        "archive" => Role::Archive,
        // A JSON file is a table once profiling found records in it: a top-level array,
        // or a list of at least three objects under a key (`{"data": [...]}`). A lone
        // object with a few short lists (configuration, settings) is a document.
        "json" if f.tables.iter().any(is_record_table) => Role::Table,
        format if is_tabular_format(format) => Role::Table,
        _ => Role::Document,
    }
}

/// Whether a table profiled from a JSON document holds records rather than settings.
fn is_record_table(t: &crate::profile::Table) -> bool {
    (t.name.is_empty() && t.rows > 1) || (t.rows >= 3 && t.columns.len() >= 2)
}

/// The name pattern of a stem: text before the first number, with `#` for numbers
/// (`Reklamationen_2024-01` → `reklamationen #`, `2024-01_Bericht` → `# bericht`,
/// `EKG_20241202_01_identifiziert` → `ekg #`); `None` when the stem has no digits.
/// Also returns the display form of the text part (`Reklamationen`).
fn name_pattern(stem: &str) -> Option<(String, String)> {
    if !stem.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = stem
        .split(['_', '-', ' ', '.', '(', ')', '[', ']', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let numeric = |p: &str| {
        p.chars().all(|c| c.is_ascii_digit())
            || (p.len() <= 4
                && p.chars()
                    .next()
                    .is_some_and(|c| matches!(c, 'Q' | 'q' | 'W' | 'w'))
                && p[1..].chars().all(|c| c.is_ascii_digit())
                && p.len() > 1)
            || (p.len() <= 4
                && fold(p).starts_with("kw")
                && p[2..].chars().all(|c| c.is_ascii_digit())
                && p.len() > 2)
    };
    let mut key = Vec::new();
    let mut display = Vec::new();
    let mut i = 0;
    let mut leading = false;
    while i < parts.len() && numeric(parts[i]) {
        leading = true;
        i += 1;
    }
    if leading {
        key.push("#".to_owned());
    }
    let text_start = i;
    while i < parts.len() && !numeric(parts[i]) {
        key.push(fold(parts[i]));
        display.push(parts[i]);
        i += 1;
    }
    if i < parts.len() {
        key.push("#".to_owned());
    }
    if text_start == i && !leading {
        return None;
    }
    Some((key.join(" "), display.join(" ")))
}

fn schema_of(f: &CatalogFile) -> BTreeSet<String> {
    f.tables
        .iter()
        .flat_map(|t| t.columns.iter().map(|c| fold(c.name.trim())))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Whether two column sets describe the same kind of table: they share at least half
/// of all their columns, or one (of at least two columns) lies almost wholly inside the
/// other (a month exported with fewer columns stays in its series; the scorer reports
/// the drift).
fn same_schema(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let inter = a.intersection(b).count();
    let union = a.union(b).count();
    let smaller = a.len().min(b.len());
    inter * 2 >= union || (smaller >= 2 && inter * 5 >= smaller * 4)
}

/// A short, readable, stable id: a slug of the name part and eight hex digits of the
/// grouping key's hash (`reklamationen-1f0c9a2b`).
pub fn dataset_id(slug_source: &str, key: &str) -> String {
    let mut slug = String::new();
    for c in fold(slug_source).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let hash = blake3::hash(key.as_bytes()).to_hex();
    if slug.is_empty() {
        format!("ds-{}", &hash[..8])
    } else {
        format!("{slug}-{}", &hash[..8])
    }
}

struct Auto {
    key: String,
    slug: String,
    name: String,
    kind: DatasetKind,
    members: Vec<usize>,
}

fn health_label(family: &str) -> &'static str {
    match family {
        "fhir" => "FHIR",
        "hl7v2" => "HL7 v2",
        "dicom" => "DICOM",
        "gdt" => "GDT",
        _ => "CDA",
    }
}

fn last_segment(folder: &str) -> &str {
    folder.rsplit('/').next().unwrap_or(folder)
}

fn pretty(s: &str) -> String {
    s.replace('_', " ").trim().to_owned()
}

/// Groups the files of a catalogue into datasets and lays the user's edits over the
/// result. Deterministic: the same files and edits give the same groups, ordered by
/// root, folder and name.
pub fn group(
    files: &[CatalogFile],
    roots: &[String],
    edits: &[DatasetEdit],
    assignments: &[FileAssignment],
) -> Vec<DatasetGroup> {
    let by_path: HashMap<(usize, &str), usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.root, f.path.as_str()), i))
        .collect();
    let edit_of: HashMap<&str, &DatasetEdit> =
        edits.iter().map(|e| (e.dataset_id.as_str(), e)).collect();
    let assigned: HashMap<i64, &str> = assignments
        .iter()
        .map(|a| (a.file_id, a.dataset_id.as_str()))
        .collect();

    // 1. Sort files into roles; copies and documentation wait.
    let mut copies = Vec::new();
    let mut docs = Vec::new();
    let mut by_folder: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    let mut moved: Vec<(usize, &str)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        // Moved files are grouped as usual first, so that ids do not depend on moves.
        if let Some(target) = assigned.get(&f.id) {
            moved.push((i, target));
        }
        if f.duplicate_of.is_some() {
            copies.push(i);
            continue;
        }
        if is_documentation(&f.path, &f.format) {
            docs.push(i);
            continue;
        }
        let (folder, _, _) = split_path(&f.path);
        by_folder
            .entry((f.root, folder.to_owned()))
            .or_default()
            .push(i);
    }

    // 2. Automatic groups per folder.
    let mut autos: Vec<(usize, String, Auto)> = Vec::new();
    for ((root, folder), members) in &by_folder {
        let root_path = roots.get(*root).map(String::as_str).unwrap_or("");
        let key_base = format!("{root_path}\u{0}{folder}");
        let mut health: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        let mut omop = Vec::new();
        let mut tables = Vec::new();
        let mut documents = Vec::new();
        for &i in members {
            let f = &files[i];
            match role(f) {
                Role::Health(family) => health.entry(family).or_default().push(i),
                Role::Archive => {
                    let (_, stem, _) = split_path(&f.path);
                    autos.push((
                        *root,
                        folder.clone(),
                        Auto {
                            key: format!("{key_base}\u{0}file\u{0}{}", f.path),
                            slug: stem.to_owned(),
                            name: pretty(stem),
                            kind: DatasetKind::Single,
                            members: vec![i],
                        },
                    ));
                }
                Role::Document => documents.push(i),
                Role::Table => {
                    let (_, stem, _) = split_path(&f.path);
                    let is_omop = f.omop_table.is_some()
                        || (matches!(f.format.as_str(), "csv" | "tsv" | "parquet")
                            && OMOP_TABLES.contains(&fold(stem).as_str()));
                    if is_omop {
                        omop.push(i);
                    } else {
                        tables.push(i);
                    }
                }
            }
        }
        let folder_name = if folder.is_empty() {
            root_path
                .rsplit(['/', '\\'])
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_owned()
        } else {
            last_segment(folder).to_owned()
        };
        for (family, list) in health {
            let texts: Vec<Option<(String, String)>> = list
                .iter()
                .map(|&i| name_pattern(split_path(&files[i].path).1))
                .collect();
            let common = texts
                .first()
                .cloned()
                .flatten()
                .filter(|first| texts.iter().all(|t| t.as_ref() == Some(first)))
                .map(|(_, display)| display)
                .filter(|d| !d.is_empty());
            let stem_name = common.unwrap_or_else(|| {
                if list.len() == 1 {
                    pretty(split_path(&files[list[0]].path).1)
                } else {
                    pretty(&folder_name)
                }
            });
            autos.push((
                *root,
                folder.clone(),
                Auto {
                    key: format!("{key_base}\u{0}health\u{0}{family}"),
                    slug: format!("{stem_name} {}", health_label(family)),
                    name: format!("{stem_name} ({})", health_label(family)),
                    kind: if list.len() > 1 {
                        DatasetKind::Series
                    } else {
                        DatasetKind::Single
                    },
                    members: list,
                },
            ));
        }
        if omop.len() == 1 {
            tables.push(omop[0]);
        } else if !omop.is_empty() {
            autos.push((
                *root,
                folder.clone(),
                Auto {
                    key: format!("{key_base}\u{0}omop"),
                    slug: folder_name.clone(),
                    name: pretty(&folder_name),
                    kind: DatasetKind::MultiTable,
                    members: omop,
                },
            ));
        }
        // Tables: series by name pattern (split by schema), then equal schemas.
        let mut patterns: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        let mut loose = Vec::new();
        for &i in &tables {
            let (_, stem, _) = split_path(&files[i].path);
            match name_pattern(stem) {
                Some((key, display)) => patterns
                    .entry(key)
                    .or_insert_with(|| (display, Vec::new()))
                    .1
                    .push(i),
                None => loose.push(i),
            }
        }
        for (pattern, (display, list)) in patterns {
            if list.len() == 1 {
                loose.push(list[0]);
                continue;
            }
            // Split files whose columns share little with the cluster's first file.
            let mut clusters: Vec<(BTreeSet<String>, Vec<usize>)> = Vec::new();
            for i in list {
                let schema = schema_of(&files[i]);
                match clusters
                    .iter_mut()
                    .find(|(rep, _)| same_schema(rep, &schema))
                {
                    Some((rep, members)) => {
                        if rep.is_empty() {
                            *rep = schema;
                        }
                        members.push(i);
                    }
                    None => clusters.push((schema, vec![i])),
                }
            }
            for (n, (schema, members)) in clusters.into_iter().enumerate() {
                let key = if n == 0 {
                    format!("{key_base}\u{0}series\u{0}{pattern}")
                } else {
                    let cols: Vec<&str> = schema.iter().map(String::as_str).collect();
                    format!(
                        "{key_base}\u{0}series\u{0}{pattern}\u{0}{}",
                        cols.join("\u{1}")
                    )
                };
                if members.len() == 1 {
                    loose.push(members[0]);
                    continue;
                }
                let years: BTreeSet<i32> = members
                    .iter()
                    .filter_map(|&i| period::period_in_name(split_path(&files[i].path).1))
                    .map(|p| chrono::Datelike::year(&p.start))
                    .collect();
                let base = if display.is_empty() {
                    pretty(&folder_name)
                } else {
                    display.clone()
                };
                let name = match years.iter().collect::<Vec<_>>().as_slice() {
                    [y] => format!("{base} {y}"),
                    _ => base.clone(),
                };
                autos.push((
                    *root,
                    folder.clone(),
                    Auto {
                        key,
                        slug: base,
                        name,
                        kind: DatasetKind::Series,
                        members,
                    },
                ));
            }
        }
        // Loose tables with identical, non-trivial column lists form one dataset.
        let mut by_schema: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
        let mut singles = Vec::new();
        for i in loose {
            let cols: Vec<String> = files[i]
                .tables
                .iter()
                .flat_map(|t| t.columns.iter().map(|c| fold(c.name.trim())))
                .collect();
            if files[i].tables.len() == 1 && cols.len() >= 2 {
                by_schema.entry(cols).or_default().push(i);
            } else {
                singles.push(i);
            }
        }
        for (cols, list) in by_schema {
            if list.len() == 1 {
                singles.push(list[0]);
                continue;
            }
            let stems: Vec<&str> = list.iter().map(|&i| split_path(&files[i].path).1).collect();
            let prefix = common_prefix(&stems);
            let base = if prefix.len() >= 3 {
                pretty(prefix.trim_end_matches(['_', '-', ' ']))
            } else {
                pretty(&folder_name)
            };
            autos.push((
                *root,
                folder.clone(),
                Auto {
                    key: format!("{key_base}\u{0}schema\u{0}{}", cols.join("\u{1}")),
                    slug: base.clone(),
                    name: base,
                    kind: DatasetKind::MultiTable,
                    members: list,
                },
            ));
        }
        for i in singles {
            let f = &files[i];
            let (_, stem, _) = split_path(&f.path);
            let kind = match f.format.as_str() {
                "xlsx" | "xls" | "ods" => DatasetKind::Workbook,
                _ => DatasetKind::Table,
            };
            autos.push((
                *root,
                folder.clone(),
                Auto {
                    key: format!("{key_base}\u{0}file\u{0}{}", f.path),
                    slug: stem.to_owned(),
                    name: pretty(stem),
                    kind,
                    members: vec![i],
                },
            ));
        }
        if !documents.is_empty() {
            let name = if documents.len() == 1 {
                pretty(split_path(&files[documents[0]].path).1)
            } else {
                pretty(&folder_name)
            };
            autos.push((
                *root,
                folder.clone(),
                Auto {
                    key: format!("{key_base}\u{0}documents"),
                    slug: name.clone(),
                    name,
                    kind: if documents.len() == 1 {
                        DatasetKind::Single
                    } else {
                        DatasetKind::Documents
                    },
                    members: documents,
                },
            ));
        }
    }

    // 3. Groups with ids.
    let mut groups: Vec<DatasetGroup> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    autos.sort_by(|a, b| (a.0, &a.1, &a.2.key).cmp(&(b.0, &b.1, &b.2.key)));
    for (root, folder, auto) in autos {
        let mut id = dataset_id(&auto.slug, &auto.key);
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}");
        }
        let mut members = auto.members;
        members.sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
        groups.push(DatasetGroup {
            id,
            name: auto.name.clone(),
            auto_name: auto.name,
            kind: auto.kind,
            root,
            folder,
            members,
            documentation: Vec::new(),
            duplicates: Vec::new(),
            series: None,
            edited: false,
            merged: Vec::new(),
        });
    }

    // 4. Files a user moved: into an existing group, or into a user-created dataset.
    let moved_files: BTreeSet<usize> = moved.iter().map(|(i, _)| *i).collect();
    for g in groups.iter_mut() {
        g.members.retain(|m| !moved_files.contains(m));
    }
    copies.retain(|c| !moved_files.contains(c));
    docs.retain(|d| !moved_files.contains(d));
    let mut index: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.clone(), i))
        .collect();
    for (file, target) in moved {
        let f = &files[file];
        let slot = match index.get(target) {
            Some(&g) => Some(g),
            None => edit_of.get(target).filter(|e| e.user_created).map(|e| {
                let (folder, _, _) = split_path(&f.path);
                groups.push(DatasetGroup {
                    id: e.dataset_id.clone(),
                    name: e.name.clone().unwrap_or_else(|| e.dataset_id.clone()),
                    auto_name: e.name.clone().unwrap_or_else(|| e.dataset_id.clone()),
                    kind: DatasetKind::Custom,
                    root: f.root,
                    folder: folder.to_owned(),
                    members: Vec::new(),
                    documentation: Vec::new(),
                    duplicates: Vec::new(),
                    series: None,
                    edited: true,
                    merged: Vec::new(),
                });
                index.insert(e.dataset_id.clone(), groups.len() - 1);
                groups.len() - 1
            }),
        };
        match slot {
            Some(g) => {
                groups[g].members.push(file);
                groups[g].edited = true;
            }
            // The target is gone: the file gets a dataset of its own.
            None => {
                let (folder, stem, _) = split_path(&f.path);
                let root_path = roots.get(f.root).map(String::as_str).unwrap_or("");
                let id = dataset_id(
                    stem,
                    &format!("{root_path}\u{0}{folder}\u{0}file\u{0}{}", f.path),
                );
                index.insert(id.clone(), groups.len());
                groups.push(DatasetGroup {
                    id,
                    name: pretty(stem),
                    auto_name: pretty(stem),
                    kind: DatasetKind::Single,
                    root: f.root,
                    folder: folder.to_owned(),
                    members: vec![file],
                    documentation: Vec::new(),
                    duplicates: Vec::new(),
                    series: None,
                    edited: false,
                    merged: Vec::new(),
                });
            }
        }
    }

    // 5. Merges (following chains, ignoring cycles and vanished targets).
    let mut merged_away = vec![false; groups.len()];
    for g in 0..groups.len() {
        let mut target = &groups[g].id;
        let mut steps = 0;
        while let Some(next) = edit_of
            .get(target.as_str())
            .and_then(|e| e.merged_into.as_ref())
        {
            if !index.contains_key(next) || steps > 16 {
                break;
            }
            target = next;
            steps += 1;
        }
        let t = index[target];
        if t != g && !merged_away[t] {
            let members = std::mem::take(&mut groups[g].members);
            let id = groups[g].id.clone();
            groups[t].members.extend(members);
            groups[t].merged.push(id);
            groups[t].edited = true;
            merged_away[g] = true;
        }
    }
    let mut groups: Vec<DatasetGroup> = groups
        .into_iter()
        .zip(merged_away)
        .filter(|(g, away)| !away && !g.members.is_empty())
        .map(|(g, _)| g)
        .collect();

    // 6. Copies join their original's dataset; documentation documents its folder and
    //    the folders below, or becomes a dataset of its own.
    let mut group_of_file: HashMap<usize, usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            group_of_file.insert(m, g);
        }
    }
    // Groups by the folders of their members, so each README finds the datasets of
    // its folder and the folders below with a range query.
    let mut groups_by_folder: BTreeMap<(usize, String), BTreeSet<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            let (folder, _, _) = split_path(&files[m].path);
            groups_by_folder
                .entry((files[m].root, folder.to_owned()))
                .or_default()
                .insert(g);
        }
    }
    let mut orphan_docs = Vec::new();
    for &d in &docs {
        let f = &files[d];
        let (folder, _, _) = split_path(&f.path);
        let mut targets: BTreeSet<usize> = BTreeSet::new();
        if folder.is_empty() {
            for ((_, _), gs) in
                groups_by_folder.range((f.root, String::new())..(f.root + 1, String::new()))
            {
                targets.extend(gs);
            }
        } else {
            if let Some(gs) = groups_by_folder.get(&(f.root, folder.to_owned())) {
                targets.extend(gs);
            }
            let prefix = format!("{folder}/");
            for ((root, sub), gs) in groups_by_folder.range((f.root, prefix.clone())..) {
                if *root != f.root || !sub.starts_with(&prefix) {
                    break;
                }
                targets.extend(gs);
            }
        }
        if targets.is_empty() {
            orphan_docs.push(d);
        }
        for g in targets {
            groups[g].documentation.push(d);
        }
    }
    let mut orphan_by_folder: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for d in orphan_docs {
        let f = &files[d];
        let (folder, _, _) = split_path(&f.path);
        orphan_by_folder
            .entry((f.root, folder.to_owned()))
            .or_default()
            .push(d);
    }
    for ((root, folder), list) in orphan_by_folder {
        let root_path = roots.get(root).map(String::as_str).unwrap_or("");
        let name = if list.len() == 1 {
            pretty(split_path(&files[list[0]].path).1)
        } else {
            pretty(last_segment(&folder))
        };
        let id = dataset_id(
            &name,
            &format!("{root_path}\u{0}{folder}\u{0}documentation"),
        );
        for &d in &list {
            group_of_file.insert(d, groups.len());
        }
        groups.push(DatasetGroup {
            id,
            name: name.clone(),
            auto_name: name,
            kind: if list.len() == 1 {
                DatasetKind::Single
            } else {
                DatasetKind::Documents
            },
            root,
            folder,
            members: list,
            documentation: Vec::new(),
            duplicates: Vec::new(),
            series: None,
            edited: false,
            merged: Vec::new(),
        });
    }
    let mut lone_copies = Vec::new();
    for c in copies {
        let original = files[c]
            .duplicate_of
            .as_deref()
            .and_then(|p| resolve(&by_path, roots, files[c].root, p));
        // A copy of a copy follows the chain to a member.
        match original.and_then(|o| group_of_file.get(&o).copied()) {
            Some(g) => groups[g].duplicates.push(c),
            None => lone_copies.push(c),
        }
    }
    for c in lone_copies {
        let f = &files[c];
        let (folder, stem, _) = split_path(&f.path);
        let root_path = roots.get(f.root).map(String::as_str).unwrap_or("");
        groups.push(DatasetGroup {
            id: dataset_id(
                stem,
                &format!("{root_path}\u{0}{folder}\u{0}file\u{0}{}", f.path),
            ),
            name: pretty(stem),
            auto_name: pretty(stem),
            kind: DatasetKind::Single,
            root: f.root,
            folder: folder.to_owned(),
            members: vec![c],
            documentation: Vec::new(),
            duplicates: Vec::new(),
            series: None,
            edited: false,
            merged: Vec::new(),
        });
    }

    // 7. Names, order, series coverage.
    for g in groups.iter_mut() {
        if let Some(name) = edit_of.get(g.id.as_str()).and_then(|e| e.name.clone()) {
            if name != g.name {
                g.edited = true;
            }
            g.name = name;
        }
        g.members.sort_by(|a, b| {
            (files[*a].root, &files[*a].path).cmp(&(files[*b].root, &files[*b].path))
        });
        g.members.dedup();
        g.documentation
            .sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
        g.duplicates
            .sort_by(|a, b| files[*a].path.cmp(&files[*b].path));
        if g.members.len() >= 2 {
            let periods: Vec<Period> = g
                .members
                .iter()
                .filter_map(|&m| period::period_in_name(split_path(&files[m].path).1))
                .collect();
            if periods.len() * 10 >= g.members.len() * 8 {
                g.series = period::coverage(&periods, 3);
            }
        }
    }
    groups.sort_by(|a, b| {
        (a.root, &a.folder, &a.name, &a.id).cmp(&(b.root, &b.folder, &b.name, &b.id))
    });
    groups
}

fn common_prefix<'a>(stems: &[&'a str]) -> &'a str {
    let Some(first) = stems.first() else {
        return "";
    };
    let mut len = first.len();
    for s in &stems[1..] {
        len = first
            .char_indices()
            .zip(s.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(len);
    }
    &first[..len]
}

/// Finds the file a `duplicate_of` path names: relative to the same root, or
/// `{root}/{path}` for another root (the form the catalogue writes).
fn resolve(
    by_path: &HashMap<(usize, &str), usize>,
    roots: &[String],
    root: usize,
    path: &str,
) -> Option<usize> {
    if let Some(&i) = by_path.get(&(root, path)) {
        return Some(i);
    }
    roots.iter().enumerate().find_map(|(r, rp)| {
        path.strip_prefix(rp.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| by_path.get(&(r, rest)).copied())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Column, Table};

    fn file(path: &str, format: &str) -> CatalogFile {
        CatalogFile {
            path: path.into(),
            format: format.into(),
            readable: true,
            ..CatalogFile::default()
        }
    }

    fn with_columns(mut f: CatalogFile, cols: &[&str]) -> CatalogFile {
        f.tables = vec![Table {
            name: f.path.clone(),
            rows: 10,
            columns: cols
                .iter()
                .map(|c| Column {
                    name: (*c).into(),
                    ..Column::default()
                })
                .collect(),
            ..Table::default()
        }];
        f
    }

    fn names(groups: &[DatasetGroup], files: &[CatalogFile]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.members.iter().map(|&m| files[m].path.clone()).collect())
            .collect()
    }

    #[test]
    fn patterns_ignore_dates_and_counters() {
        assert_eq!(
            name_pattern("Reklamationen_2024-01").unwrap().0,
            "reklamationen #"
        );
        assert_eq!(
            name_pattern("EKG_20241202_01_identifiziert").unwrap().0,
            "ekg #"
        );
        assert_eq!(name_pattern("2024-01_Bericht").unwrap().0, "# bericht");
        assert_eq!(name_pattern("Umsatz_Q3_2024").unwrap().0, "umsatz #");
        assert_eq!(name_pattern("Kunden"), None);
        assert_eq!(name_pattern("ORU_R01_20241209").unwrap().1, "ORU R01");
    }

    #[test]
    fn ids_are_stable_and_readable() {
        let a = dataset_id(
            "Reklamationen",
            "/share\u{0}x\u{0}series\u{0}reklamationen #",
        );
        assert_eq!(
            a,
            dataset_id(
                "Reklamationen",
                "/share\u{0}x\u{0}series\u{0}reklamationen #"
            )
        );
        assert!(a.starts_with("reklamationen-"), "{a}");
        assert_eq!(a.len(), "reklamationen-".len() + 8);
        assert!(dataset_id("Prüfstand Öl", "k").starts_with("pruefstand-oel-"));
    }

    #[test]
    fn schemas_split_series_and_join_partitions() {
        let files = vec![
            with_columns(
                file("a/Bericht_2024_Umsatz.csv", "csv"),
                &["monat", "umsatz"],
            ),
            with_columns(
                file("a/Bericht_2024_Kosten.csv", "csv"),
                &["kostenstelle", "betrag"],
            ),
            with_columns(file("a/Kunden_Nord.csv", "csv"), &["nr", "name", "plz"]),
            with_columns(file("a/Kunden_Sued.csv", "csv"), &["nr", "name", "plz"]),
            with_columns(file("a/Lieferanten.csv", "csv"), &["nr", "firma"]),
            with_columns(
                file("b/Reklamationen_2024-01.csv", "csv"),
                &["nr", "eingang", "produkt", "fehlerbild", "status"],
            ),
            // Fewer columns, all of them known: still the same series.
            with_columns(
                file("b/Reklamationen_2024-02.csv", "csv"),
                &["nr", "eingang"],
            ),
            // A near miss: one shared column of three is another table.
            with_columns(
                file("b/Reklamationen_2024-03.csv", "csv"),
                &["nr", "lieferant", "menge"],
            ),
        ];
        let roots = vec!["/s".to_owned()];
        let groups = group(&files, &roots, &[], &[]);
        let mut got = names(&groups, &files);
        got.sort();
        assert_eq!(
            got,
            [
                vec!["a/Bericht_2024_Kosten.csv".to_owned()],
                vec!["a/Bericht_2024_Umsatz.csv".to_owned()],
                vec![
                    "a/Kunden_Nord.csv".to_owned(),
                    "a/Kunden_Sued.csv".to_owned()
                ],
                vec!["a/Lieferanten.csv".to_owned()],
                vec![
                    "b/Reklamationen_2024-01.csv".to_owned(),
                    "b/Reklamationen_2024-02.csv".to_owned()
                ],
                vec!["b/Reklamationen_2024-03.csv".to_owned()],
            ]
        );
        let kunden = groups
            .iter()
            .find(|g| g.members.len() == 2 && g.name == "Kunden")
            .unwrap();
        assert_eq!(kunden.name, "Kunden");
        assert_eq!(kunden.kind, DatasetKind::MultiTable);
    }

    #[test]
    fn edits_rename_merge_and_move() {
        let mut files = vec![
            file("x/R_2024-01.csv", "csv"),
            file("x/R_2024-02.csv", "csv"),
            file("x/Notiz.csv", "csv"),
            file("y/Other.csv", "csv"),
        ];
        for (i, f) in files.iter_mut().enumerate() {
            f.id = i as i64 + 1;
        }
        let roots = vec!["/s".to_owned()];
        let auto = group(&files, &roots, &[], &[]);
        assert_eq!(auto.len(), 3);
        let series = auto
            .iter()
            .find(|g| g.members.len() == 2)
            .unwrap()
            .id
            .clone();
        let other = auto.iter().find(|g| g.name == "Other").unwrap().id.clone();
        let edits = vec![
            DatasetEdit {
                dataset_id: series.clone(),
                name: Some("Reklamationen".into()),
                ..DatasetEdit::default()
            },
            DatasetEdit {
                dataset_id: other.clone(),
                merged_into: Some(series.clone()),
                ..DatasetEdit::default()
            },
            DatasetEdit {
                dataset_id: "januar-00000000".into(),
                name: Some("Januar".into()),
                user_created: true,
                ..DatasetEdit::default()
            },
        ];
        let moves = vec![FileAssignment {
            file_id: 1,
            dataset_id: "januar-00000000".into(),
        }];
        let edited = group(&files, &roots, &edits, &moves);
        let main = edited.iter().find(|g| g.id == series).unwrap();
        assert_eq!(main.name, "Reklamationen");
        assert_eq!(
            main.members
                .iter()
                .map(|&m| files[m].path.as_str())
                .collect::<Vec<_>>(),
            ["x/R_2024-02.csv", "y/Other.csv"]
        );
        assert_eq!(main.merged, [other]);
        let januar = edited.iter().find(|g| g.id == "januar-00000000").unwrap();
        assert_eq!(januar.members, [0]);
        assert_eq!(januar.kind, DatasetKind::Custom);
        assert_eq!(edited.len(), 3);
    }
}

#[cfg(test)]
mod scale {
    use super::*;

    /// Grouping 100,000 files in 1,000 folders (monthly series, documents, READMEs).
    /// Run with `cargo test --lib grouping_scales -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing, run by hand"]
    #[allow(clippy::print_stderr)]
    fn grouping_scales() {
        let mut files = Vec::new();
        for d in 0..1000 {
            for m in 0..96 {
                files.push(CatalogFile {
                    id: files.len() as i64,
                    path: format!("abt{d}/export_{}-{:02}.csv", 2017 + m / 12, m % 12 + 1),
                    format: "csv".into(),
                    readable: true,
                    ..CatalogFile::default()
                });
            }
            for n in 0..3 {
                files.push(CatalogFile {
                    id: files.len() as i64,
                    path: format!("abt{d}/bericht_{n}.pdf"),
                    format: "pdf".into(),
                    readable: true,
                    ..CatalogFile::default()
                });
            }
            files.push(CatalogFile {
                id: files.len() as i64,
                path: format!("abt{d}/README.md"),
                format: "text".into(),
                readable: true,
                ..CatalogFile::default()
            });
        }
        let roots = vec!["/share".to_owned()];
        let start = std::time::Instant::now();
        let groups = group(&files, &roots, &[], &[]);
        let took = start.elapsed();
        eprintln!(
            "{} files -> {} datasets in {took:?}",
            files.len(),
            groups.len()
        );
        assert_eq!(groups.len(), 2000);
    }
}
