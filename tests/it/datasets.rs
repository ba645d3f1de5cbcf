//! Datasets, scores, annotations and DCAT: grouping of real scanned files, findings of
//! planted defects (with profiles written the way profiling will deliver them), score
//! changes on annotation, determinism, edits that survive re-scans, exports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use datenreife::catalog::annotation::AnnotationKey;
use datenreife::catalog::{self, Catalog, CatalogOptions, Dataset, dcat, export};
use datenreife::detect::DetectionKind;
use datenreife::i18n::Lang;
use datenreife::profile::{Column, DateRange, Detection, FileProfile, FormatShare, Table};
use datenreife::score::{Dimension, Severity};
use datenreife::store::{Project, inventory};
use serde_json::Value;

use crate::util::{datenreife, write};

const NOW: &str = "2025-01-15T09:00:00Z";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 15).unwrap()
}

fn options(lang: Lang) -> CatalogOptions {
    CatalogOptions::new(lang, Some(today()))
}

fn scan(project: &Path, root: &Path) {
    datenreife()
        .args(["scan", "--project"])
        .arg(project)
        .arg(root)
        .assert()
        .success();
}

async fn open(project: &Path) -> Project {
    Project::open_existing(project).await.unwrap()
}

/// Writes profiles for files by relative path (what profiling will deliver).
async fn set_profiles(project: &Project, profiles: &[(&str, FileProfile)]) {
    let mut conn = project.pool().acquire().await.unwrap();
    let files = inventory::present_files(&mut conn).await.unwrap();
    for (path, profile) in profiles {
        let f = files
            .iter()
            .find(|f| f.rel_path == *path)
            .unwrap_or_else(|| panic!("{path} not scanned"));
        inventory::set_profile(&mut conn, f.id, profile)
            .await
            .unwrap();
    }
}

fn column(name: &str, kind: &str, rows: u64) -> Column {
    Column {
        name: name.into(),
        kind: kind.into(),
        distinct_estimate: rows,
        ..Column::default()
    }
}

fn formats(list: &[(&str, f64)]) -> Vec<FormatShare> {
    list.iter()
        .map(|(f, s)| FormatShare {
            format: (*f).into(),
            share: *s,
        })
        .collect()
}

/// A complaints export as the profiler reports it: 20 rows, `Seriennummer` 10 %
/// empty, `Abschlussdatum` in three date formats, `Eingangsdatum` German dates.
fn complaints_profile(month: u32, duplicate_rows: u64) -> FileProfile {
    let rows = 20;
    let mut id = column("Reklamations-Nr", "text", rows);
    id.formats = Vec::new();
    let mut received = column("Eingangsdatum", "date", 18);
    received.formats = formats(&[("DD.MM.YYYY", 1.0)]);
    let mut serial = column("Seriennummer", "text", 18);
    serial.null_ratio = 0.1;
    let mut closed = column("Abschlussdatum", "date", 15);
    closed.formats = formats(&[("DD.MM.YYYY", 0.7), ("YYYY-MM-DD", 0.2), ("DD.MM.YY", 0.1)]);
    let mut customer = column("Gemeldet von", "text", 12);
    customer.personal = true;
    customer.example = Some("M••••, K••••".into());
    customer.detections = vec![Detection {
        kind: DetectionKind::PersonName,
        ratio: 0.95,
    }];
    FileProfile {
        tables: vec![Table {
            name: format!("Reklamationen_2024-{month:02}"),
            rows,
            columns: vec![id, received, serial, closed, customer],
            duplicate_rows,
            ..Table::default()
        }],
        personal_data: true,
        temporal: Some(DateRange {
            min: format!("2024-{month:02}-01"),
            max: format!("2024-{month:02}-28").replace("2024-12-28", "2024-12-30"),
        }),
        ..FileProfile::default()
    }
}

/// Lab values of a partner clinic: pseudonymised patients, LOINC codes, units.
fn lab_profile() -> FileProfile {
    let rows = 200;
    let mut patient = column("Pseudonym", "text", 40);
    patient.personal = true;
    patient.detections = vec![Detection {
        kind: DetectionKind::PatientId,
        ratio: 1.0,
    }];
    let mut loinc = column("LOINC", "text", 12);
    loinc.detections = vec![Detection {
        kind: DetectionKind::Loinc,
        ratio: 0.98,
    }];
    let mut value = column("Wert", "decimal", 150);
    value.unit = Some("mmol/L".into());
    let mut taken = column("Entnahmezeitpunkt", "datetime", 190);
    taken.formats = formats(&[("YYYY-MM-DDThh:mm", 1.0)]);
    let mut n = column("Befund-Nr", "integer", rows);
    n.distinct_estimate = rows;
    FileProfile {
        tables: vec![Table {
            name: "Laborwerte".into(),
            rows,
            columns: vec![n, patient, loinc, value, taken],
            ..Table::default()
        }],
        personal_data: true,
        special_category: true,
        code_systems: vec!["LOINC".into(), "UCUM".into()],
        temporal: Some(DateRange {
            min: "2024-10-01".into(),
            max: "2024-12-31".into(),
        }),
        ..FileProfile::default()
    }
}

/// A share with a monthly complaints series (July missing, a copy of May, a data
/// dictionary) and undocumented clinic lab data.
fn share(dir: &Path, with_readme: bool, with_july: bool) -> PathBuf {
    let root = dir.join("share");
    let header = "Reklamations-Nr;Eingangsdatum;Seriennummer;Abschlussdatum;Gemeldet von\n";
    for m in 1..=12u32 {
        if m == 7 && !with_july {
            continue;
        }
        let body = format!(
            "{header}REK-2024-{m:04};01.{m:02}.2024;CS-24-{m:04};02.{m:02}.2024;Muster, Erika\n"
        );
        write(
            &root,
            &format!("02_Qualitaet/Reklamationen/Reklamationen_2024-{m:02}.csv"),
            body,
        );
    }
    std::fs::copy(
        root.join("02_Qualitaet/Reklamationen/Reklamationen_2024-05.csv"),
        root.join("02_Qualitaet/Reklamationen/Reklamationen_2024-05 - Kopie.csv"),
    )
    .unwrap();
    if with_readme {
        write(
            &root,
            "02_Qualitaet/Reklamationen/Datenwoerterbuch.md",
            "# Datenwörterbuch\n\n| Spalte | Bedeutung |\n|---|---|\n| Seriennummer | Gerät |\n",
        );
    }
    write(
        &root,
        "03_Klinik/Labor/Laborwerte_Export_2024-Q4.csv",
        "Befund-Nr;Pseudonym;LOINC;Wert;Entnahmezeitpunkt\n1;P-001;2345-7;5.4;2024-10-01T08:00\n",
    );
    root
}

async fn profiled_share(dir: &Path, with_readme: bool, with_july: bool) -> (PathBuf, Project) {
    let root = share(dir, with_readme, with_july);
    let project_path = dir.join("p.datenreife");
    scan(&project_path, &root);
    let project = open(&project_path).await;
    let mut profiles: Vec<(String, FileProfile)> = (1..=12u32)
        .filter(|m| *m != 7 || with_july)
        .map(|m| {
            (
                format!("02_Qualitaet/Reklamationen/Reklamationen_2024-{m:02}.csv"),
                complaints_profile(m, if m == 3 { 3 } else { 0 }),
            )
        })
        .collect();
    profiles.push((
        "03_Klinik/Labor/Laborwerte_Export_2024-Q4.csv".into(),
        lab_profile(),
    ));
    let refs: Vec<(&str, FileProfile)> = profiles
        .iter()
        .map(|(p, f)| (p.as_str(), f.clone()))
        .collect();
    set_profiles(&project, &refs).await;
    (project_path, project)
}

fn by_name<'a>(catalog: &'a Catalog, name: &str) -> &'a Dataset {
    catalog
        .datasets
        .iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no dataset {name}: {:?}",
                catalog.datasets.iter().map(|d| &d.name).collect::<Vec<_>>()
            )
        })
}

fn codes(d: &Dataset) -> Vec<(String, Severity, Vec<String>)> {
    d.findings
        .iter()
        .map(|f| (f.code.clone(), f.severity, f.columns.clone()))
        .collect()
}

fn metric(d: &Dataset, dim: Dimension, id: &str) -> Option<f64> {
    d.metrics
        .iter()
        .find(|m| m.dimension == dim && m.id == id)
        .unwrap_or_else(|| panic!("no metric {id}"))
        .value
}

/// The score recomputed from the dataset's own metrics: weighted mean of points.
fn recomputed(d: &Dataset, dim: Dimension) -> f64 {
    let (s, w) = d
        .metrics
        .iter()
        .filter(|m| m.dimension == dim && m.weight > 0.0)
        .filter_map(|m| m.points.map(|p| (p * m.weight, m.weight)))
        .fold((0.0, 0.0), |(a, b), (p, w)| (a + p, b + w));
    s / w
}

#[tokio::test]
async fn planted_defects_give_exact_findings_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let (_, project) = profiled_share(dir.path(), true, false).await;
    let catalog = Catalog::load_with(&project, &options(Lang::De))
        .await
        .unwrap();
    let series = by_name(&catalog, "Reklamationen 2024");
    assert_eq!(series.files.len(), 11);
    assert_eq!(
        series.duplicates,
        ["02_Qualitaet/Reklamationen/Reklamationen_2024-05 - Kopie.csv"]
    );
    assert_eq!(
        series.documentation,
        ["02_Qualitaet/Reklamationen/Datenwoerterbuch.md"]
    );
    let s = series.series.as_ref().unwrap();
    assert_eq!(s.missing, ["2024-07"]);

    let mut got: Vec<(String, Severity, Vec<String>)> = codes(series)
        .into_iter()
        .filter(|(c, _, _)| c.starts_with("quality.") || c.starts_with("interoperability."))
        .collect();
    got.sort();
    let col = |c: &str| vec![c.to_owned()];
    let mut want = vec![
        (
            "quality.missing_values".into(),
            Severity::Warning,
            col("Seriennummer"),
        ),
        (
            "quality.mixed_date_formats".into(),
            Severity::Warning,
            col("Abschlussdatum"),
        ),
        ("quality.duplicate_rows".into(), Severity::Warning, vec![]),
        ("quality.duplicate_files".into(), Severity::Info, vec![]),
        ("quality.missing_periods".into(), Severity::Warning, vec![]),
        (
            "interoperability.non_iso_dates".into(),
            Severity::Info,
            col("Eingangsdatum"),
        ),
        (
            "interoperability.non_iso_dates".into(),
            Severity::Info,
            col("Abschlussdatum"),
        ),
        (
            "interoperability.metadata_recommended_missing".into(),
            Severity::Info,
            vec![],
        ),
    ];
    want.sort();
    assert_eq!(got, want);

    // The sentences name the column and the next step.
    let mixed = series
        .findings
        .iter()
        .find(|f| f.code == "quality.mixed_date_formats")
        .unwrap();
    assert!(
        mixed
            .message
            .starts_with("Spalte `Abschlussdatum` nutzt drei Datumsformate"),
        "{}",
        mixed.message
    );
    assert!(mixed.message.contains("ISO 8601"), "{}", mixed.message);
    assert_eq!(mixed.dataset, series.id);
    assert_eq!(mixed.files.len(), 11);
    let summary = series.report_summary();
    assert_eq!(summary.findings.len(), series.findings.len());
    assert_eq!(summary.quality, series.scores.quality);
    let gap = series
        .findings
        .iter()
        .find(|f| f.code == "quality.missing_periods")
        .unwrap();
    assert!(gap.message.contains("2024-07"), "{}", gap.message);

    // Metric values follow from the profiles.
    assert!(
        (metric(series, Dimension::Quality, "completeness").unwrap() - (1.0 - 0.1 / 5.0)).abs()
            < 1e-9
    );
    assert!((metric(series, Dimension::Quality, "continuity").unwrap() - 11.0 / 12.0).abs() < 1e-9);
    assert!(
        (metric(series, Dimension::Quality, "row_uniqueness").unwrap() - (1.0 - 3.0 / 220.0)).abs()
            < 1e-9
    );
    assert!(
        (metric(series, Dimension::Quality, "file_uniqueness").unwrap() - 11.0 / 12.0).abs() < 1e-9
    );
    assert_eq!(
        metric(series, Dimension::Interoperability, "schema_documentation"),
        Some(1.0)
    );
    assert_eq!(
        metric(series, Dimension::Interoperability, "encoding"),
        Some(1.0)
    );
    assert_eq!(
        metric(series, Dimension::Interoperability, "identifiers"),
        Some(1.0)
    );
    assert_eq!(metric(series, Dimension::Quality, "currentness"), Some(1.0));
    // Each score is the weighted mean of its metrics' points.
    for dim in [Dimension::Quality, Dimension::Interoperability] {
        assert_eq!(
            f64::from(series.scores.get(dim)),
            recomputed(series, dim).round(),
            "{dim:?}"
        );
    }

    // Undocumented health data: critical, capped, no README next to it.
    let lab = by_name(&catalog, "Laborwerte Export 2024-Q4");
    assert!(lab.special_category);
    let lab_codes: BTreeSet<String> = lab.findings.iter().map(|f| f.code.clone()).collect();
    for code in [
        "rights.legal_basis_missing",
        "rights.sensitive_content",
        "rights.missing_purpose",
        "interoperability.no_documentation",
    ] {
        assert!(lab_codes.contains(code), "{code} missing in {lab_codes:?}");
    }
    let missing = lab
        .findings
        .iter()
        .find(|f| f.code == "rights.legal_basis_missing")
        .unwrap();
    assert_eq!(missing.severity, Severity::Critical);
    // The texts are for people (the app and the report show them); the command line
    // that records the fact comes separately.
    assert_eq!(
        missing.command.as_deref(),
        Some(
            format!(
                "datenreife annotate --dataset {} --set legal_basis=…",
                lab.id
            )
            .as_str()
        )
    );
    for f in &lab.findings {
        assert!(
            !f.message.contains("datenreife ") && !f.next_step.contains("--"),
            "{}: {}",
            f.code,
            f.message
        );
    }
    assert!(
        missing.problem == "Keine Rechtsgrundlage für Gesundheitsdaten dokumentiert.",
        "{}",
        missing.problem
    );
    // Floor 0 (health data), documentation 0 of 2, legal basis 0 of 3, no direct
    // identifiers 1 of 1: 100 / 6 = 16.7 → 17, under the cap of 20.
    assert_eq!(lab.scores.rights, 17);
    assert_eq!(lab.basis[&Dimension::Rights].cap, Some(20.0));
    assert_eq!(
        metric(lab, Dimension::Interoperability, "code_systems"),
        Some(1.0)
    );
}

#[tokio::test]
async fn a_readme_and_a_missing_month_move_scores_by_their_weight() {
    let with = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    let complete = tempfile::tempdir().unwrap();
    let (_, p_with) = profiled_share(with.path(), true, false).await;
    let (_, p_without) = profiled_share(without.path(), false, false).await;
    let (_, p_complete) = profiled_share(complete.path(), true, true).await;
    let load =
        |p: Project| async move { Catalog::load_with(&p, &options(Lang::En)).await.unwrap() };
    let a = load(p_with).await;
    let b = load(p_without).await;
    let c = load(p_complete).await;
    let (a, b, c) = (
        by_name(&a, "Reklamationen 2024").clone(),
        by_name(&b, "Reklamationen 2024").clone(),
        by_name(&c, "Reklamationen 2024").clone(),
    );
    // README: schema documentation (weight 2) goes from 0 to 100 points.
    let weights: f64 = a
        .metrics
        .iter()
        .filter(|m| m.dimension == Dimension::Interoperability && m.points.is_some())
        .map(|m| m.weight)
        .sum();
    let expected = 2.0 * 100.0 / weights;
    let diff = f64::from(a.scores.interoperability) - f64::from(b.scores.interoperability);
    assert!(
        diff > 0.0 && (diff - expected).abs() <= 1.0,
        "{diff} vs {expected}"
    );
    assert!(
        b.findings
            .iter()
            .any(|f| f.code == "interoperability.no_documentation")
    );
    assert!(
        !a.findings
            .iter()
            .any(|f| f.code == "interoperability.no_documentation")
    );
    // The missing month: continuity 11/12 (83.3 points) against 12/12.
    assert!(c.series.as_ref().unwrap().missing.is_empty());
    assert!(
        !c.findings
            .iter()
            .any(|f| f.code == "quality.missing_periods")
    );
    let qw: f64 = a
        .metrics
        .iter()
        .filter(|m| m.dimension == Dimension::Quality && m.points.is_some())
        .map(|m| m.weight)
        .sum();
    let expected_q = recomputed(&c, Dimension::Quality) - recomputed(&a, Dimension::Quality);
    assert!(expected_q > 0.0);
    // Continuity alone explains most of the difference (row and file uniqueness shift a
    // little with the twelfth file).
    let continuity_share = 2.0 * (100.0 - 100.0 * (11.0 / 12.0 - 0.5) / 0.5) / qw;
    assert!(
        (expected_q - continuity_share).abs() < 0.5,
        "{expected_q} vs {continuity_share}"
    );
    assert!(c.scores.quality >= a.scores.quality);
}

#[tokio::test]
async fn annotating_a_legal_basis_raises_rights_and_removing_it_lowers_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, project) = profiled_share(dir.path(), true, false).await;
    let opts = options(Lang::De);
    let catalog = Catalog::load_with(&project, &opts).await.unwrap();
    let id = by_name(&catalog, "Laborwerte Export 2024-Q4").id.clone();
    let before = by_name(&catalog, "Laborwerte Export 2024-Q4").scores.rights;
    assert_eq!(before, 17);

    let after = catalog::annotate(
        &project,
        &opts,
        &id,
        &[(AnnotationKey::LegalBasis, Some("research".into()))],
        NOW,
    )
    .await
    .unwrap();
    // Legal basis 3 of 3 now: (300 + 100) / 6 = 66.7 → 67; the cap is gone.
    assert_eq!(after.scores.rights, 67);
    assert_eq!(after.basis[&Dimension::Rights].cap, None);
    assert!(
        !after
            .findings
            .iter()
            .any(|f| f.code == "rights.legal_basis_missing")
    );

    // An Art. 6 basis alone does not cover health data: half the legal-basis points.
    let contract = catalog::annotate(
        &project,
        &opts,
        &id,
        &[(AnnotationKey::LegalBasis, Some("contract".into()))],
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(contract.scores.rights, 42);
    assert!(
        contract
            .findings
            .iter()
            .any(|f| f.code == "rights.legal_basis_art6_only")
    );

    // Documenting the rest raises it further; removing the basis caps it again.
    let documented = catalog::annotate(
        &project,
        &opts,
        &id,
        &[
            (AnnotationKey::LegalBasis, Some("research".into())),
            (AnnotationKey::Owner, Some("Studienleitung".into())),
            (AnnotationKey::Origin, Some("partner".into())),
            (
                AnnotationKey::Purpose,
                Some("Validierung CardioScan".into()),
            ),
            (AnnotationKey::Access, Some("nur Studienteam".into())),
            (
                AnnotationKey::Licence,
                Some("Kooperationsvertrag 2024".into()),
            ),
            (AnnotationKey::ThirdPartyRights, Some("Klinikum".into())),
            (AnnotationKey::Retention, Some("10 Jahre".into())),
        ],
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(documented.scores.rights, 100);
    let removed = catalog::annotate(
        &project,
        &opts,
        &id,
        &[(AnnotationKey::LegalBasis, None)],
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(removed.scores.rights, 20);
    assert_eq!(removed.basis[&Dimension::Rights].cap, Some(20.0));
}

#[tokio::test]
async fn scores_are_deterministic_and_today_comes_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let (_, project) = profiled_share(dir.path(), true, false).await;
    let a = Catalog::load_with(&project, &options(Lang::De))
        .await
        .unwrap();
    let b = Catalog::load_with(&project, &options(Lang::De))
        .await
        .unwrap();
    let json = |c: &Catalog| serde_json::to_string(&c.datasets).unwrap();
    assert_eq!(json(&a), json(&b));
    assert_eq!(
        serde_json::to_string(&a.readiness).unwrap(),
        serde_json::to_string(&b.readiness).unwrap()
    );
    // Three years later only currentness changes (1,111 days old: no points left).
    let later = CatalogOptions::new(Lang::De, NaiveDate::from_ymd_opt(2028, 1, 15));
    let c = Catalog::load_with(&project, &later).await.unwrap();
    let (x, y) = (
        by_name(&a, "Reklamationen 2024"),
        by_name(&c, "Reklamationen 2024"),
    );
    assert!(y.scores.quality < x.scores.quality);
    assert_eq!(y.scores.rights, x.scores.rights);
    for (m, n) in x.metrics.iter().zip(&y.metrics) {
        if m.id != "currentness" {
            assert_eq!(m.points, n.points, "{}", m.id);
        }
    }
    assert_eq!(metric(y, Dimension::Quality, "currentness"), Some(0.0));
}

#[tokio::test]
async fn edits_and_annotations_survive_a_rescan() {
    let dir = tempfile::tempdir().unwrap();
    let (project_path, project) = profiled_share(dir.path(), true, false).await;
    let opts = options(Lang::En);
    let catalog = Catalog::load_with(&project, &opts).await.unwrap();
    let series = by_name(&catalog, "Reklamationen 2024").id.clone();
    let lab = by_name(&catalog, "Laborwerte Export 2024-Q4").id.clone();
    catalog::annotate(
        &project,
        &opts,
        &series,
        &[(AnnotationKey::Owner, Some("QM".into()))],
        NOW,
    )
    .await
    .unwrap();
    catalog::rename_dataset(&project, &opts, &series, Some("Complaints"), NOW)
        .await
        .unwrap();
    let split = catalog::split_dataset(
        &project,
        &opts,
        &series,
        &["02_Qualitaet/Reklamationen/Reklamationen_2024-01.csv".into()],
        "January pilot",
        NOW,
    )
    .await
    .unwrap();
    catalog::merge_datasets(&project, &opts, std::slice::from_ref(&lab), &series, NOW)
        .await
        .unwrap();
    project.close().await;

    // New month, changed file, re-scan.
    let root = dir.path().join("share");
    write(
        &root,
        "02_Qualitaet/Reklamationen/Reklamationen_2024-07.csv",
        "Reklamations-Nr;Eingangsdatum\nREK-2024-0700;01.07.2024\n",
    );
    write(
        &root,
        "02_Qualitaet/Reklamationen/Reklamationen_2024-02.csv",
        "Reklamations-Nr;Eingangsdatum\nREK-2024-0200;02.02.2024\nREK-2024-0201;03.02.2024\n",
    );
    scan(&project_path, &root);
    let project = open(&project_path).await;
    let catalog = Catalog::load_with(&project, &opts).await.unwrap();
    let d = catalog.dataset(&series).expect("series keeps its id");
    assert_eq!(d.name, "Complaints");
    assert_eq!(d.annotations.get(AnnotationKey::Owner), Some("QM"));
    assert!(
        d.files
            .contains(&"02_Qualitaet/Reklamationen/Reklamationen_2024-07.csv".to_owned())
    );
    assert!(
        !d.files
            .contains(&"02_Qualitaet/Reklamationen/Reklamationen_2024-01.csv".to_owned())
    );
    assert!(
        d.files
            .contains(&"03_Klinik/Labor/Laborwerte_Export_2024-Q4.csv".to_owned())
    );
    assert_eq!(d.merged, std::slice::from_ref(&lab));
    assert!(catalog.dataset(&lab).is_none());
    let pilot = catalog.dataset(&split).expect("split dataset stays");
    assert_eq!(pilot.name, "January pilot");
    assert_eq!(
        pilot.files,
        ["02_Qualitaet/Reklamationen/Reklamationen_2024-01.csv"]
    );
    // Undoing the merge brings the lab dataset back with its old id.
    catalog::unmerge_dataset(&project, &lab, NOW).await.unwrap();
    let catalog = Catalog::load_with(&project, &opts).await.unwrap();
    assert!(catalog.dataset(&lab).is_some());
}

/// The example share groups as its manifest intends (what the inventory alone can
/// decide: folders, name patterns, health formats, OMOP table names, copies,
/// documentation). Kinds and scores that need profiles are checked elsewhere.
#[tokio::test]
async fn the_example_share_groups_as_intended() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        std::fs::read_to_string(repo.join("examples/musterfirma.truth.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let project_path = dir.path().join("p.datenreife");
    scan(&project_path, &repo.join("examples/musterfirma"));
    let project = open(&project_path).await;
    let catalog = Catalog::load_with(&project, &options(Lang::De))
        .await
        .unwrap();
    let strings = |v: Option<&toml::Value>| -> BTreeSet<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    let mut seen = BTreeSet::new();
    for intended in manifest["dataset"].as_array().unwrap() {
        let t = intended.as_table().unwrap();
        let files = strings(t.get("files"));
        let first = files.iter().next().unwrap();
        let d = catalog
            .datasets
            .iter()
            .find(|d| d.files.contains(first))
            .unwrap_or_else(|| panic!("{first} in no dataset"));
        let got: BTreeSet<String> = d.files.iter().cloned().collect();
        assert_eq!(got, files, "dataset {}", t["id"]);
        assert_eq!(
            d.duplicates.iter().cloned().collect::<BTreeSet<_>>(),
            strings(t.get("duplicates")),
            "duplicates of {}",
            t["id"]
        );
        assert_eq!(
            d.documentation.iter().cloned().collect::<BTreeSet<_>>(),
            strings(t.get("documentation")),
            "documentation of {}",
            t["id"]
        );
        if let Some(missing) = t.get("missing_periods") {
            assert_eq!(
                d.series
                    .as_ref()
                    .map(|s| s.missing.clone())
                    .unwrap_or_default(),
                missing
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            );
        }
        seen.insert(d.id.clone());
    }
    assert_eq!(seen.len(), manifest["dataset"].as_array().unwrap().len());
    assert_eq!(catalog.datasets.len(), seen.len(), "no extra datasets");
    // The undocumented clinic folder: health formats count as health data until
    // profiled, so every clinic dataset asks for a legal basis.
    for id in [
        "klinik_fhir",
        "klinik_hl7",
        "klinik_ekg_gdt",
        "klinik_ekg_dicom",
    ] {
        let t = manifest["dataset"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"].as_str() == Some(id))
            .unwrap();
        let first = t["files"][0].as_str().unwrap();
        let d = catalog
            .datasets
            .iter()
            .find(|d| d.files.iter().any(|f| f == first))
            .unwrap();
        assert!(
            d.findings
                .iter()
                .any(|f| f.code == "rights.legal_basis_missing" && f.severity == Severity::Critical),
            "{id}"
        );
        assert!(
            d.findings
                .iter()
                .any(|f| f.code == "interoperability.no_documentation"),
            "{id}"
        );
        assert!(d.scores.rights <= 20, "{id}: {}", d.scores.rights);
    }
}

fn check_jsonld_terms(value: &Value, prefixes: &BTreeSet<String>, path: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k.starts_with('@') {
                    if k == "@type" {
                        let types: Vec<&str> = match v {
                            Value::String(s) => vec![s.as_str()],
                            Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                            _ => panic!("{path}: @type is not a string"),
                        };
                        for t in types {
                            let (p, _) = t
                                .split_once(':')
                                .unwrap_or_else(|| panic!("{path}: type {t}"));
                            assert!(prefixes.contains(p), "{path}: unknown prefix in type {t}");
                        }
                    }
                    if k == "@id" {
                        let id = v.as_str().unwrap();
                        let scheme = id.split_once(':').map(|x| x.0).unwrap_or("");
                        assert!(
                            prefixes.contains(scheme)
                                || ["http", "https", "urn", "file"].contains(&scheme),
                            "{path}: @id {id}"
                        );
                    }
                    continue;
                }
                let (p, local) = k
                    .split_once(':')
                    .unwrap_or_else(|| panic!("{path}: term {k} has no prefix"));
                assert!(prefixes.contains(p), "{path}: unknown prefix {p} in {k}");
                assert!(!local.is_empty());
                check_jsonld_terms(v, prefixes, &format!("{path}/{k}"));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_jsonld_terms(v, prefixes, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn dcat_export_is_json_ld_with_the_mandatory_properties() {
    let dir = tempfile::tempdir().unwrap();
    let (project_path, project) = profiled_share(dir.path(), true, false).await;
    let opts = options(Lang::De);
    let catalog = Catalog::load_with(&project, &opts).await.unwrap();
    let lab_id = by_name(&catalog, "Laborwerte Export 2024-Q4").id.clone();
    let doc = dcat::document(&catalog, Lang::De);
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let context = doc["@context"].as_object().expect("inline @context");
    let prefixes: BTreeSet<String> = context.keys().cloned().collect();
    for (p, iri) in context {
        let iri = iri.as_str().unwrap();
        assert!(iri.ends_with('#') || iri.ends_with('/'), "{p}: {iri}");
    }
    for p in [
        "dcat",
        "dct",
        "dcatap",
        "healthdcatap",
        "dpv",
        "xsd",
        "csvw",
    ] {
        assert!(prefixes.contains(p), "{p}");
    }
    check_jsonld_terms(&doc, &prefixes, "");
    let cat = &doc["@graph"][0];
    assert_eq!(cat["@type"], "dcat:Catalog");
    assert!(cat["dct:title"]["@value"].is_string());
    assert!(cat["dct:description"]["@value"].is_string());
    let datasets = cat["dcat:dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), catalog.datasets.len());
    for d in datasets {
        assert_eq!(d["@type"], "dcat:Dataset");
        // DCAT-AP 3.0 mandatory.
        assert!(!d["dct:title"]["@value"].as_str().unwrap().is_empty());
        assert!(!d["dct:description"]["@value"].as_str().unwrap().is_empty());
        assert!(d["dct:identifier"].is_string());
        for dist in d["dcat:distribution"].as_array().unwrap() {
            assert!(
                dist["dcat:accessURL"]["@id"]
                    .as_str()
                    .unwrap()
                    .starts_with("file://")
            );
            assert_eq!(dist["dcat:byteSize"]["@type"], "xsd:nonNegativeInteger");
            assert!(dist["dct:format"].is_object());
        }
    }
    let lab = datasets
        .iter()
        .find(|d| d["dct:identifier"] == lab_id.as_str())
        .unwrap();
    assert_eq!(lab["dcat:theme"]["@id"], "eu-theme:HEAL");
    assert_eq!(lab["healthdcatap:numberOfRecords"]["@value"], "200");
    assert_eq!(
        lab["dct:temporal"]["dcat:startDate"]["@value"],
        "2024-10-01"
    );
    let legislation: Vec<&str> = lab["dcatap:applicableLegislation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["@id"].as_str().unwrap())
        .collect();
    assert_eq!(legislation, [dcat::GDPR_ELI, dcat::EHDS_ELI]);
    let codes: Vec<&str> = lab["healthdcatap:hasCodingSystem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["dct:title"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["LOINC", "UCUM"]);
    let columns =
        &lab["healthdcatap:hasVariables"]["csvw:table"][0]["csvw:tableSchema"]["csvw:column"];
    assert_eq!(columns.as_array().unwrap().len(), 5);
    assert_eq!(columns[3]["csvw:unit"], "mmol/L");
    // Missing mandatory properties are listed, never invented.
    let missing: Vec<&str> = lab["datenreife:missingProperties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for p in [
        "dct:publisher",
        "dcat:contactPoint",
        "dpv:hasPurpose",
        "healthdcatap:hdab",
        "dct:type",
    ] {
        assert!(missing.contains(&p), "{p} not listed in {missing:?}");
    }
    assert!(lab.get("dct:publisher").is_none());
    assert!(lab.get("dcat:contactPoint").is_none());
    assert!(lab.get("dct:spatial").is_none());

    // Annotations and the company name fill them.
    project
        .set_company_profile(&datenreife::company::CompanyProfile {
            name: "Muster Medizintechnik GmbH".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    catalog::annotate(
        &project,
        &opts,
        &lab_id,
        &[
            (AnnotationKey::Owner, Some("Studienleitung".into())),
            (AnnotationKey::Purpose, Some("Validierung".into())),
            (AnnotationKey::LegalBasis, Some("research".into())),
        ],
        NOW,
    )
    .await
    .unwrap();
    let doc = catalog::dcat_document(&project, &opts).await.unwrap();
    let lab = doc["@graph"][0]["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dct:identifier"] == lab_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        lab["dct:publisher"]["foaf:name"],
        "Muster Medizintechnik GmbH"
    );
    assert_eq!(lab["dcat:contactPoint"]["vcard:fn"], "Studienleitung");
    assert_eq!(lab["dpv:hasPurpose"]["rdfs:label"]["@value"], "Validierung");
    assert_eq!(
        lab["dpv:hasLegalBasis"]["@id"],
        "https://w3id.org/dpv/legal/eu/gdpr#A9-2-j"
    );
    let missing: Vec<&str> = lab["datenreife:missingProperties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(!missing.contains(&"dct:publisher") && !missing.contains(&"dpv:hasPurpose"));
    // No raw personal value leaves: the masked example and names are not in the draft.
    let text = serde_json::to_string(&doc).unwrap();
    assert!(!text.contains("Muster, Erika") && !text.contains("P-001"));
    project.close().await;

    // The CLI writes the same document.
    let out = datenreife()
        .args([
            "catalog",
            "--format",
            "dcat",
            "--today",
            "2025-01-15",
            "--project",
        ])
        .arg(&project_path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        cli["@graph"][0]["dcat:dataset"].as_array().unwrap().len(),
        datasets.len()
    );
}

#[tokio::test]
async fn annotate_cli_validates_and_exchanges_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (project_path, project) = profiled_share(dir.path(), true, false).await;
    let catalog = Catalog::load_with(&project, &options(Lang::En))
        .await
        .unwrap();
    let lab = by_name(&catalog, "Laborwerte Export 2024-Q4").id.clone();
    project.close().await;
    let run = |args: &[&str]| {
        datenreife()
            .arg("annotate")
            .arg("--project")
            .arg(&project_path)
            .args(["--today", "2025-01-15"])
            .args(args)
            .output()
            .unwrap()
    };
    let bad_key = run(&["--dataset", &lab, "--set", "colour=red"]);
    assert_eq!(bad_key.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_key.stderr).contains("Unknown key `colour`"));
    let bad_value = run(&["--dataset", &lab, "--set", "legal_basis=because"]);
    assert_eq!(bad_value.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad_value.stderr);
    assert!(
        stderr.contains("consent, contract, legal_obligation"),
        "{stderr}"
    );
    let unknown = run(&["--dataset", "nope-00000000", "--set", "owner=QM"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(run(&["--dataset", &lab]).status.code(), Some(2));

    let ok = run(&["--dataset", &lab, "--set", "legal_basis=research", "--json"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let d: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(d["scores"]["rights"], 67);
    assert_eq!(d["annotations"]["legal_basis"], "research");

    // Export, fill in like a workshop (German labels, semicolons), import.
    let sheet = dir.path().join("annotations.csv");
    assert!(run(&["--export", sheet.to_str().unwrap()]).status.success());
    let exported = std::fs::read_to_string(&sheet).unwrap();
    assert!(
        exported.contains(&lab) && exported.contains(",research,"),
        "{exported}"
    );
    let filled =
        format!("dataset_id;owner;legal_basis;origin\n{lab};Studienleitung;Einwilligung;Partner\n");
    std::fs::write(&sheet, filled).unwrap();
    let imported = run(&["--import", sheet.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let project = open(&project_path).await;
    let catalog = Catalog::load_with(&project, &options(Lang::En))
        .await
        .unwrap();
    let a = &catalog.dataset(&lab).unwrap().annotations;
    assert_eq!(a.get(AnnotationKey::Owner), Some("Studienleitung"));
    assert_eq!(a.get(AnnotationKey::LegalBasis), Some("consent"));
    assert_eq!(a.get(AnnotationKey::Origin), Some("partner"));
    project.close().await;
    // A sheet with a bad value changes nothing.
    std::fs::write(
        &sheet,
        format!("dataset_id;legal_basis\n{lab};vielleicht\n"),
    )
    .unwrap();
    let refused = run(&["--import", sheet.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Row 2"));
}

#[tokio::test]
async fn xlsx_and_text_explain_every_score() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let (project_path, project) = profiled_share(dir.path(), true, false).await;
    let catalog = Catalog::load_with(&project, &options(Lang::De))
        .await
        .unwrap();
    let bytes = export::write_xlsx(&catalog, Lang::De).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for s in [
        "Bereitschaft",
        "Datensätze",
        "Befunde",
        "Bewertung im Detail",
    ] {
        assert!(names.iter().any(|n| n == s), "{s} in {names:?}");
    }
    let findings = book.worksheet_range("Befunde").unwrap();
    let rows: Vec<Vec<String>> = findings
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..5],
        [
            "Datensatz",
            "Dimension",
            "Schwere",
            "Befund",
            "Nächster Schritt"
        ]
    );
    let mixed = rows
        .iter()
        .find(|r| r[3].contains("Abschlussdatum"))
        .expect("mixed date formats row");
    assert_eq!(mixed[0], "Reklamationen 2024");
    assert_eq!(mixed[4], "Auf ISO 8601 (JJJJ-MM-TT) vereinheitlichen.");
    assert!(
        rows.iter()
            .any(|r| r[3] == "Keine Rechtsgrundlage für Gesundheitsdaten dokumentiert.")
    );
    let total: usize = catalog.datasets.iter().map(|d| d.findings.len()).sum();
    assert_eq!(rows.len() - 1, total);
    let sets = book.worksheet_range("Datensätze").unwrap();
    let lab_row: Vec<String> = sets
        .rows()
        .find(|r| r[0] == "Laborwerte Export 2024-Q4")
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(lab_row[12], "17");
    assert!(lab_row[17].contains("Höchstens 20"), "{}", lab_row[17]);
    let metrics = book.worksheet_range("Bewertung im Detail").unwrap();
    assert!(
        metrics
            .rows()
            .any(|r| r[2] == "Stetigkeit (lückenlose Reihe)"
                && r[6] == "11 von 12 Monaten vorhanden")
    );
    project.close().await;

    let out = datenreife()
        .env("DATENREIFE_LANG", "de")
        .args(["catalog", "--today", "2025-01-15", "--project"])
        .arg(&project_path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Reklamationen 2024  ["), "{text}");
    assert!(
        text.contains("Spalte `Abschlussdatum` nutzt drei Datumsformate"),
        "{text}"
    );
    assert!(text.contains("Keine Rechtsgrundlage für Gesundheitsdaten dokumentiert."));
    assert!(text.contains("Höchstens 20 Punkte"));
    let csv = datenreife()
        .args([
            "catalog",
            "--format",
            "csv",
            "--table",
            "findings",
            "--today",
            "2025-01-15",
            "--project",
        ])
        .arg(&project_path)
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("dataset_id,dataset,dimension,severity,code,problem,next_step"));
    assert!(csv.contains("quality.mixed_date_formats"));
}
