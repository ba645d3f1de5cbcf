//! What the catalogue tells the plan and the report: areas (top-level folders),
//! findings, and the internal readiness work those findings call for.
//!
//! Two functions are the extension points for dataset scores (issue 4):
//! [`catalogue_findings`] collects findings (today from file-level facts; dataset
//! findings join here with their codes), and [`readiness_needs`] maps finding codes
//! to readiness work. Codes are stable; a dataset finding with a known code (for
//! example `rights.legal_basis_missing`) brings its work package along.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Catalog, CatalogFile};
use crate::i18n::{Lang, t, tf};
use crate::report::Severity;
use crate::sources::guide::OwnData;

/// Formats that carry health data about persons in almost every real file.
const HEALTH_FORMATS: [&str; 6] = ["fhir-json", "fhir-xml", "hl7v2", "dicom", "gdt", "cda"];

/// File-name stems (lower case, without umlauts) of documentation files.
const DOCUMENTATION_STEMS: [&str; 8] = [
    "readme",
    "liesmich",
    "datenwoerterbuch",
    "datenworterbuch",
    "data_dictionary",
    "datadictionary",
    "codebook",
    "datenbeschreibung",
];

/// Whether a file is in a health-standard format (FHIR, HL7, DICOM, GDT, CDA) or was
/// profiled as health data.
pub(crate) fn is_health_file(f: &CatalogFile) -> bool {
    f.special_category
        || HEALTH_FORMATS.contains(&f.format.as_str())
        || f.health.is_some()
        || f.omop_table.is_some()
}

fn is_documentation(f: &CatalogFile) -> bool {
    let name = f.path.rsplit('/').next().unwrap_or(&f.path);
    let stem = name.split('.').next().unwrap_or(name).to_lowercase();
    let stem = stem
        .replace('ö', "oe")
        .replace('ä', "ae")
        .replace('ü', "ue")
        .replace([' ', '-'], "_");
    DOCUMENTATION_STEMS.iter().any(|d| stem.contains(d))
}

/// A text with a count: the `_one` variant of `key` when `n` is 1 and one exists.
pub(crate) fn tn(lang: Lang, key: &str, n: u64, args: &[(&str, &str)]) -> String {
    if n == 1 {
        let one = format!("{key}_one");
        if crate::i18n::Texts::embedded().get(lang, &one) != one {
            return tf(lang, &one, args);
        }
    }
    tf(lang, key, args)
}

/// Names of areas or datasets for a sentence or a title: the first two, then
/// "und N weitere".
pub(crate) fn scope_label(lang: Lang, scope: &[String]) -> String {
    let mut out = scope.iter().take(2).cloned().collect::<Vec<_>>().join(", ");
    if scope.len() > 2 {
        out.push_str(&tf(
            lang,
            "assess.and_more",
            &[("n", &(scope.len() - 2).to_string())],
        ));
    }
    out
}

/// A top-level folder of a scanned root: the unit a KMU thinks in ("Vertrieb",
/// "Klinik-Kooperation") until the catalogue groups datasets.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Area {
    /// Folder name (with the root's name when several roots were scanned); the
    /// files directly in a root form an area of their own.
    pub name: String,
    /// Files in it.
    pub files: u64,
    /// Their size in bytes.
    pub bytes: u64,
    /// Formats, most files first.
    pub formats: Vec<(String, u64)>,
    /// Files with personal data (profiling verdict).
    pub personal_files: u64,
    /// Files with health data: profiled as special category, or in a health format.
    pub health_files: u64,
    /// Files that could not be read.
    pub unreadable_files: u64,
    /// Whether a README or data dictionary lies in it.
    pub documented: bool,
}

/// The area (top-level folder) a file belongs to.
fn area_name(catalog: &Catalog, f: &CatalogFile, lang: Lang) -> String {
    let top = match f.path.split_once('/') {
        Some((first, _)) => first.to_owned(),
        None => t(lang, "assess.area_root"),
    };
    if catalog.roots.len() > 1 {
        let root = catalog.roots.get(f.root).map_or("", |r| {
            r.trim_end_matches(['/', '\\'])
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(r)
        });
        format!("{root}/{top}")
    } else {
        top
    }
}

/// Groups the catalogue's files into areas, in name order.
pub fn areas(catalog: &Catalog, lang: Lang) -> Vec<Area> {
    let mut by_name: BTreeMap<String, (Area, BTreeMap<String, u64>)> = BTreeMap::new();
    for f in &catalog.files {
        let name = area_name(catalog, f, lang);
        let (area, formats) = by_name.entry(name.clone()).or_insert_with(|| {
            (
                Area {
                    name,
                    ..Area::default()
                },
                BTreeMap::new(),
            )
        });
        area.files += 1;
        area.bytes += f.size;
        area.personal_files += u64::from(f.personal_data);
        area.health_files += u64::from(is_health_file(f));
        area.unreadable_files += u64::from(!f.readable);
        area.documented |= is_documentation(f);
        *formats.entry(f.format.clone()).or_default() += 1;
    }
    by_name
        .into_values()
        .map(|(mut area, formats)| {
            let mut formats: Vec<(String, u64)> = formats.into_iter().collect();
            formats.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            area.formats = formats;
            area
        })
        .collect()
}

/// A finding about the catalogue or one of its areas.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogueFinding {
    /// Stable code, e.g. `rights.health_data_undocumented`.
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// Areas it concerns (empty = the whole catalogue).
    pub scope: Vec<String>,
    /// Number of files or data collections it concerns (what readiness work is
    /// multiplied by).
    pub count: u64,
    /// The problem in a few words, for a list of next steps.
    pub title: String,
    /// The next step alone, when the finding states it apart from the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// What was found and what to do, in the report's language.
    pub message: String,
    /// Whether it concerns health data about persons (GDPR Art. 9).
    pub health: bool,
    /// Whether it comes from file-level facts (listed for the share as a whole)
    /// rather than from a dataset's scores (listed with the dataset).
    pub file_level: bool,
}

/// Internal work that readiness findings call for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessWork {
    /// Document the legal basis, purpose and consent scope of health data; every
    /// application or contract with a data holder needs it.
    LegalBasis,
    /// Describe own data collections (README, data dictionary) before joining them
    /// with external data.
    Documentation,
    /// Map in-house lab codes to LOINC before joining lab data.
    LoincMapping,
}

impl ReadinessWork {
    /// Stable identifier; the work package is `ready.<id>`.
    pub fn id(self) -> &'static str {
        match self {
            ReadinessWork::LegalBasis => "legal_basis",
            ReadinessWork::Documentation => "documentation",
            ReadinessWork::LoincMapping => "loinc_mapping",
        }
    }
}

/// One piece of readiness work with how often it is needed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReadinessNeed {
    /// The work.
    pub work: ReadinessWork,
    /// Data collections (areas, datasets) that need it, at least 1.
    pub quantity: u64,
    /// Where it is needed.
    pub scope: Vec<String>,
    /// Codes of the findings that call for it.
    pub findings: Vec<String>,
}

/// The findings of a catalogue: today from file-level facts (formats, readability,
/// duplicates, encodings, profiling flags) and the own-data summary. Dataset
/// findings (issue 4) join here.
pub fn catalogue_findings(catalog: &Catalog, own: &OwnData, lang: Lang) -> Vec<CatalogueFinding> {
    if !catalog.datasets.is_empty() {
        return dataset_findings(catalog, own, lang);
    }
    file_findings(catalog, own, lang)
}

/// Findings once the catalogue has scored datasets: the datasets' own findings
/// (which know the user's annotations, e.g. a documented legal basis), plus what only
/// the whole catalogue shows (lab values without LOINC).
fn dataset_findings(catalog: &Catalog, own: &OwnData, lang: Lang) -> Vec<CatalogueFinding> {
    let mut out: Vec<CatalogueFinding> = Vec::new();
    for d in &catalog.datasets {
        let members: Vec<&CatalogFile> = d
            .file_indices
            .iter()
            .filter_map(|i| catalog.files.get(*i))
            .collect();
        // Health data as the scorer presumes it (health formats) or profiling found it.
        let health = d.special_category || members.iter().any(|f| is_health_file(f));
        // Readiness work is counted per area (one cooperation, one folder), not per
        // dataset: four formats from one partner clinic share one legal basis.
        let area = members
            .first()
            .map_or_else(|| d.name.clone(), |f| area_name(catalog, f, lang));
        for f in &d.findings {
            out.push(CatalogueFinding {
                code: f.code.clone(),
                severity: match f.severity {
                    crate::score::Severity::Critical => Severity::Critical,
                    crate::score::Severity::Warning => Severity::Warning,
                    crate::score::Severity::Info => Severity::Info,
                },
                scope: vec![area.clone()],
                count: 1,
                title: f.problem.clone(),
                next_step: Some(f.next_step.clone()),
                message: f.message.clone(),
                health,
                file_level: false,
            });
        }
    }
    out.extend(
        file_findings(catalog, own, lang)
            .into_iter()
            .filter(|f| f.code == "interop.lab_without_loinc"),
    );
    out
}

/// Findings from file-level facts alone (before datasets are scored).
fn file_findings(catalog: &Catalog, own: &OwnData, lang: Lang) -> Vec<CatalogueFinding> {
    let areas = areas(catalog, lang);
    let mut out = Vec::new();
    let list = |names: &[String]| names.join(", ");

    // Health data: GDPR Art. 9 needs a documented legal basis before any use or
    // disclosure; nothing in the project records one yet.
    let health: Vec<&Area> = areas.iter().filter(|a| a.health_files > 0).collect();
    if !health.is_empty() {
        let names: Vec<String> = health.iter().map(|a| a.name.clone()).collect();
        let files: u64 = health.iter().map(|a| a.health_files).sum();
        out.push(CatalogueFinding {
            code: "rights.health_data_undocumented".into(),
            title: t(lang, "assess.ready_legal_basis"),
            next_step: None,
            health: true,
            file_level: true,
            severity: Severity::Critical,
            scope: names.clone(),
            count: names.len() as u64,
            message: tn(
                lang,
                "assess.finding_health_undocumented",
                files,
                &[
                    ("files", &lang.number(files as f64, 0)),
                    ("areas", &list(&names)),
                ],
            ),
        });
        let undocumented: Vec<String> = health
            .iter()
            .filter(|a| !a.documented)
            .map(|a| a.name.clone())
            .collect();
        if !undocumented.is_empty() {
            out.push(CatalogueFinding {
                code: "documentation.missing".into(),
                title: t(lang, "assess.ready_documentation"),
                next_step: None,
                health: true,
                file_level: true,
                severity: Severity::Warning,
                count: undocumented.len() as u64,
                message: tf(
                    lang,
                    "assess.finding_undocumented",
                    &[("areas", &list(&undocumented))],
                ),
                scope: undocumented,
            });
        }
    }
    if own.lab_without_loinc {
        let names: Vec<String> = catalog
            .files
            .iter()
            .filter(|f| {
                f.special_category
                    && f.code_systems
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case("UCUM"))
                    && !f
                        .code_systems
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case("LOINC"))
            })
            .map(|f| area_name(catalog, f, lang))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        out.push(CatalogueFinding {
            code: "interop.lab_without_loinc".into(),
            title: t(lang, "assess.ready_loinc_mapping"),
            next_step: None,
            health: true,
            file_level: true,
            severity: Severity::Warning,
            count: 1,
            message: t(lang, "assess.finding_lab_without_loinc"),
            scope: names,
        });
    }
    let personal: u64 = catalog.files.iter().filter(|f| f.personal_data).count() as u64;
    let personal_only: Vec<String> = areas
        .iter()
        .filter(|a| a.personal_files > 0 && a.health_files == 0)
        .map(|a| a.name.clone())
        .collect();
    if !personal_only.is_empty() {
        out.push(CatalogueFinding {
            code: "rights.personal_data".into(),
            title: t(lang, "assess.action_title_rights_personal_data"),
            next_step: None,
            health: false,
            file_level: true,
            severity: Severity::Warning,
            count: personal,
            message: tn(
                lang,
                "assess.finding_personal",
                personal,
                &[
                    ("files", &lang.number(personal as f64, 0)),
                    ("areas", &list(&personal_only)),
                ],
            ),
            scope: personal_only,
        });
    }
    let unreadable: Vec<&CatalogFile> = catalog.files.iter().filter(|f| !f.readable).collect();
    if !unreadable.is_empty() {
        let mut reasons: Vec<String> = unreadable
            .iter()
            .filter_map(|f| f.error_code.as_deref())
            .map(|code| crate::i18n::coded(lang, "issue", code, None))
            .map(|s| s.trim_end_matches([':', ' ', '.']).to_owned())
            .collect();
        reasons.sort();
        reasons.dedup();
        let scope: Vec<String> = areas
            .iter()
            .filter(|a| a.unreadable_files > 0)
            .map(|a| a.name.clone())
            .collect();
        out.push(CatalogueFinding {
            code: "quality.unreadable_files".into(),
            title: t(lang, "assess.action_title_quality_unreadable_files"),
            next_step: None,
            health: false,
            file_level: true,
            severity: Severity::Warning,
            count: unreadable.len() as u64,
            message: tn(
                lang,
                "assess.finding_unreadable",
                unreadable.len() as u64,
                &[
                    ("n", &lang.number(unreadable.len() as f64, 0)),
                    ("areas", &list(&scope)),
                    ("reasons", &reasons.join("; ")),
                ],
            ),
            scope,
        });
    }
    let (duplicates, duplicate_bytes) = catalog.duplicate_totals();
    if duplicates > 0 {
        out.push(CatalogueFinding {
            code: "quality.duplicate_files".into(),
            title: t(lang, "assess.action_title_quality_duplicate_files"),
            next_step: None,
            health: false,
            file_level: true,
            severity: Severity::Info,
            scope: Vec::new(),
            count: duplicates as u64,
            message: tn(
                lang,
                "assess.finding_duplicates",
                duplicates as u64,
                &[
                    ("n", &lang.number(duplicates as f64, 0)),
                    ("bytes", &lang.bytes(duplicate_bytes)),
                ],
            ),
        });
    }
    let mismatches = catalog
        .files
        .iter()
        .filter(|f| f.extension_mismatch)
        .count();
    if mismatches > 0 {
        out.push(CatalogueFinding {
            code: "interop.extension_mismatch".into(),
            title: t(lang, "assess.action_title_interop_extension_mismatch"),
            next_step: None,
            health: false,
            file_level: true,
            severity: Severity::Info,
            scope: Vec::new(),
            count: mismatches as u64,
            message: tn(
                lang,
                "assess.finding_extension_mismatch",
                mismatches as u64,
                &[("n", &lang.number(mismatches as f64, 0))],
            ),
        });
    }
    let mut encodings: BTreeMap<String, u64> = BTreeMap::new();
    for f in &catalog.files {
        if let Some(e) = &f.encoding
            && !e.eq_ignore_ascii_case("utf-8")
            && !e.eq_ignore_ascii_case("us-ascii")
            && !e.eq_ignore_ascii_case("ascii")
        {
            *encodings.entry(e.clone()).or_default() += 1;
        }
    }
    if !encodings.is_empty() {
        let n: u64 = encodings.values().sum();
        let names: Vec<String> = encodings.keys().cloned().collect();
        out.push(CatalogueFinding {
            code: "interop.legacy_encoding".into(),
            title: t(lang, "assess.action_title_interop_legacy_encoding"),
            next_step: None,
            health: false,
            file_level: true,
            severity: Severity::Info,
            scope: Vec::new(),
            count: n,
            message: tn(
                lang,
                "assess.finding_encoding",
                n,
                &[
                    ("n", &lang.number(n as f64, 0)),
                    ("encodings", &names.join(", ")),
                ],
            ),
        });
    }
    out
}

/// The readiness work the findings call for, one entry per kind of work. Finding
/// codes of dataset scores map here too (`rights.legal_basis_missing`,
/// `interop.local_lab_codes`).
pub fn readiness_needs(findings: &[CatalogueFinding]) -> Vec<ReadinessNeed> {
    let mut needs: BTreeMap<ReadinessWork, ReadinessNeed> = BTreeMap::new();
    for f in findings {
        // Legal basis and documentation are prerequisites of data access for health
        // data; for other data they are hygiene the findings list on their own.
        let work = match (f.code.as_str(), f.health) {
            ("rights.health_data_undocumented", _)
            | ("rights.legal_basis_missing" | "rights.legal_basis_none", true) => {
                ReadinessWork::LegalBasis
            }
            ("documentation.missing", _) | ("interoperability.no_documentation", true) => {
                ReadinessWork::Documentation
            }
            ("interop.lab_without_loinc" | "interop.local_lab_codes", _) => {
                ReadinessWork::LoincMapping
            }
            _ => continue,
        };
        let need = needs.entry(work).or_insert_with(|| ReadinessNeed {
            work,
            quantity: 0,
            scope: Vec::new(),
            findings: Vec::new(),
        });
        for s in &f.scope {
            if !need.scope.contains(s) {
                need.scope.push(s.clone());
            }
        }
        if !need.findings.contains(&f.code) {
            need.findings.push(f.code.clone());
        }
        need.quantity = (need.scope.len() as u64).max(need.quantity).max(1);
    }
    needs.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, format: &str) -> CatalogFile {
        CatalogFile {
            path: path.into(),
            format: format.into(),
            size: 1000,
            readable: true,
            ..CatalogFile::default()
        }
    }

    fn catalog(files: Vec<CatalogFile>) -> Catalog {
        Catalog {
            roots: vec!["/share".into()],
            files,
            ..Catalog::default()
        }
    }

    #[test]
    fn health_formats_without_readme_call_for_legal_basis_and_documentation() {
        let mut broken = file("99_Archiv/x.zip", "archive");
        broken.readable = false;
        broken.error_code = Some("zip_truncated".into());
        let c = catalog(vec![
            file("Klinik/FHIR/a.json", "fhir-json"),
            file("Klinik/HL7/b.hl7", "hl7v2"),
            file("Qualitaet/Datenwoerterbuch.md", "text"),
            file("Qualitaet/r.csv", "csv"),
            file("Studie/c.dcm", "dicom"),
            file("Studie/README.txt", "text"),
            broken,
        ]);
        let findings = catalogue_findings(&c, &OwnData::default(), Lang::De);
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "rights.health_data_undocumented",
                "documentation.missing",
                "quality.unreadable_files"
            ]
        );
        assert_eq!(findings[0].scope, ["Klinik", "Studie"]);
        assert_eq!(findings[1].scope, ["Klinik"]);
        assert!(
            findings[0].message.contains("3 Dateien"),
            "{}",
            findings[0].message
        );
        let needs = readiness_needs(&findings);
        assert_eq!(needs.len(), 2);
        assert_eq!(needs[0].work, ReadinessWork::LegalBasis);
        assert_eq!(needs[0].quantity, 2);
        assert_eq!(needs[1].work, ReadinessWork::Documentation);
        assert_eq!(needs[1].quantity, 1);
    }

    #[test]
    fn lab_values_without_loinc_call_for_mapping() {
        let mut lab = file("Labor/werte.csv", "csv");
        lab.special_category = true;
        lab.code_systems = vec!["UCUM".into()];
        let c = catalog(vec![lab, file("Labor/README.md", "text")]);
        let own = OwnData::from_catalog(&c);
        assert!(own.lab_without_loinc);
        let findings = catalogue_findings(&c, &own, Lang::En);
        let needs = readiness_needs(&findings);
        let works: Vec<ReadinessWork> = needs.iter().map(|n| n.work).collect();
        assert_eq!(
            works,
            [ReadinessWork::LegalBasis, ReadinessWork::LoincMapping]
        );
        assert_eq!(needs[1].scope, ["Labor"]);
    }

    #[test]
    fn a_clean_share_needs_no_readiness_work() {
        let c = catalog(vec![file("Vertrieb/kunden.csv", "csv")]);
        let findings = catalogue_findings(&c, &OwnData::default(), Lang::De);
        assert!(findings.is_empty(), "{findings:?}");
        assert!(readiness_needs(&findings).is_empty());
    }

    #[test]
    fn areas_group_by_top_folder() {
        let c = catalog(vec![
            file("A/x.csv", "csv"),
            file("A/y/z.csv", "csv"),
            file("A/d.dcm", "dicom"),
            file("loose.txt", "text"),
        ]);
        let a = areas(&c, Lang::De);
        assert_eq!(a.len(), 2);
        // Files directly in the root form their own area, listed first.
        assert_eq!(a[0].name, t(Lang::De, "assess.area_root"));
        assert_eq!(a[1].name, "A");
        assert_eq!(a[1].files, 3);
        assert_eq!(a[1].formats[0], ("csv".to_owned(), 2));
        assert_eq!(a[1].health_files, 1);
    }
}
