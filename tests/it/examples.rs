//! The bundled example share and the public fixtures against their truth manifests.
//!
//! `examples/musterfirma.truth.toml` and `tests/fixtures/fixtures.truth.toml` are the
//! ground truth other tests rely on. These tests keep them honest: every listed file
//! exists with the listed size (a checkout that rewrote line endings fails here), and
//! the scanner's verdicts (format, encoding, delimiter, readability, duplicates,
//! extension mismatch) agree with the manifest, except for the scanner gaps listed in
//! `KNOWN_GAPS`, which must still differ, so whoever closes a gap removes it here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manifest(rel: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo().join(rel)).expect("manifest readable");
    text.parse::<toml::Table>().expect("manifest is valid TOML")
}

fn files(manifest: &toml::Table) -> Vec<&toml::Table> {
    manifest["file"]
        .as_array()
        .expect("[[file]] entries")
        .iter()
        .map(|f| f.as_table().expect("file entry is a table"))
        .collect()
}

fn str_of<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.as_str())
}

fn bool_of(t: &toml::Table, key: &str) -> Option<bool> {
    t.get(key).and_then(|v| v.as_bool())
}

/// Every file the manifest lists exists with its size; for the example share the
/// manifest lists every file there is.
fn check_sizes(root: &Path, manifest: &toml::Table, complete: bool) {
    let mut listed = Vec::new();
    for f in files(manifest) {
        let path = str_of(f, "path").unwrap();
        let meta = std::fs::metadata(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let size = f["size"].as_integer().unwrap() as u64;
        assert_eq!(meta.len(), size, "{path}: size differs from the manifest");
        listed.push(path.to_owned());
    }
    if complete {
        let mut on_disk = Vec::new();
        collect(root, root, &mut on_disk);
        listed.sort();
        on_disk.sort();
        assert_eq!(on_disk, listed, "files on disk and in the manifest differ");
        let total: u64 = manifest["total_bytes"].as_integer().unwrap() as u64;
        assert!(total <= 2 * 1024 * 1024, "example share above 2 MB");
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Scans `root` into a fresh project (on the manifest's snapshot date, so "future"
/// means the same as when the share was made) and returns the catalogue's files by
/// path.
fn scan(root: &Path, today: &str) -> BTreeMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.datenreife");
    Command::cargo_bin("datenreife")
        .unwrap()
        .args(["scan", "--today", today, "--project"])
        .arg(&project)
        .arg(root)
        .assert()
        .success();
    let out = Command::cargo_bin("datenreife")
        .unwrap()
        .args(["catalog", "--format", "json", "--project"])
        .arg(&project)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f.clone()))
        .collect()
}

/// Compares the scanner's verdicts with the manifest; returns `(path, field)` pairs that
/// differ, with a description.
fn differences(
    manifest: &toml::Table,
    catalogue: &BTreeMap<String, Value>,
) -> Vec<(String, String, String)> {
    let mut diffs = Vec::new();
    for f in files(manifest) {
        let path = str_of(f, "path").unwrap().to_owned();
        let Some(got) = catalogue.get(&path) else {
            diffs.push((path, "missing".to_owned(), String::new()));
            continue;
        };
        let mut check = |field: &'static str, want: Value, have: &Value| {
            if &want != have {
                diffs.push((
                    path.clone(),
                    field.to_owned(),
                    format!("want {want}, have {have}"),
                ));
            }
        };
        check(
            "format",
            Value::from(str_of(f, "format").unwrap()),
            &got["format"],
        );
        check(
            "extension_mismatch",
            Value::from(bool_of(f, "extension_mismatch").unwrap_or(false)),
            &got["extension_mismatch"],
        );
        let duplicate = str_of(f, "duplicate_of").map_or(Value::Null, Value::from);
        check("duplicate_of", duplicate, &got["duplicate_of"]);
        if let Some(encoding) = str_of(f, "encoding") {
            check("encoding", Value::from(encoding), &got["encoding"]);
        }
        if matches!(str_of(f, "format"), Some("csv" | "tsv")) {
            check(
                "delimiter",
                str_of(f, "delimiter").map_or(Value::Null, Value::from),
                &got["delimiter"],
            );
        }
        if let Some(readable) = bool_of(f, "readable") {
            check("readable", Value::from(readable), &got["readable"]);
        }
        if let Some(code) = str_of(f, "error_code") {
            check("error_code", Value::from(code), &got["error_code"]);
        }
    }
    diffs
}

/// The day the example share was "copied" (its manifest's `snapshot_date`).
const SNAPSHOT: &str = "2025-01-15";

/// Gaps known when the manifests were written: (path, field). Each must still differ;
/// remove an entry when the scanner or profiler gets it right.
const KNOWN_GAPS: &[(&str, &str)] = &[
    // PDF text is not profiled (no PDF reader yet): the names in the offers are not seen.
    (
        "01_Vertrieb/Angebote/Angebot_2024-017_Birkenhoehe.pdf",
        "personal_data",
    ),
    (
        "01_Vertrieb/Angebote/Angebot_2024-023_Saalbrueck.pdf",
        "personal_data",
    ),
    // The detector reports the street and postcode columns of the supplier list as
    // address data (not personal: a list of organisations); the manifest expects no
    // detection there.
    (
        "01_Vertrieb/Lieferanten.csv",
        "tables.Lieferanten.detections.Straße",
    ),
    (
        "01_Vertrieb/Lieferanten.csv",
        "tables.Lieferanten.detections.PLZ",
    ),
    // The manifest names the copy's table after the original; the profile names every
    // table of a delimited file after its own file name.
    (
        "02_Qualitaet/Reklamationen/Reklamationen_2024-05 - Kopie.csv",
        "tables.Reklamationen_2024-05.present",
    ),
    // `year_of_birth` beside a pseudonym is a birth-date detection (GDPR Art. 4(5)); the
    // manifest expects the OMOP person table without detections (and personal_data,
    // which matches).
    (
        "06_Studien/OMOP_Extrakt_Validierungsstudie/person.csv",
        "tables.person.detections.year_of_birth",
    ),
];

fn assert_matches_except_known_gaps(diffs: Vec<(String, String, String)>, gaps_for: &str) {
    let gaps: Vec<(&str, &str)> = KNOWN_GAPS
        .iter()
        .copied()
        .filter(|(p, _)| repo().join(gaps_for).join(p).try_exists().unwrap_or(false))
        .collect();
    let unexpected: Vec<_> = diffs
        .iter()
        .filter(|(p, field, _)| !gaps.contains(&(p.as_str(), field.as_str())))
        .collect();
    assert!(
        unexpected.is_empty(),
        "scanner and manifest disagree: {unexpected:#?}"
    );
    let closed: Vec<_> = gaps
        .iter()
        .filter(|(p, field)| !diffs.iter().any(|(dp, df, _)| dp == p && df == field))
        .collect();
    assert!(
        closed.is_empty(),
        "known scanner gaps now match the manifest, remove them from KNOWN_GAPS: {closed:?}"
    );
}

#[test]
fn example_share_files_match_the_manifest() {
    let m = manifest("examples/musterfirma.truth.toml");
    check_sizes(&repo().join("examples/musterfirma"), &m, true);
    assert!(
        !m["leak_values"].as_array().unwrap().is_empty(),
        "the manifest lists planted personal values"
    );
}

#[test]
fn example_share_is_identified_as_the_manifest_says() {
    let m = manifest("examples/musterfirma.truth.toml");
    let catalogue = scan(&repo().join("examples/musterfirma"), SNAPSHOT);
    assert_eq!(catalogue.len(), files(&m).len());
    let mut diffs = differences(&m, &catalogue);
    diffs.extend(content_differences(&m, &catalogue, true));
    assert_matches_except_known_gaps(diffs, "examples/musterfirma");
}

#[test]
fn fixtures_match_their_manifest() {
    let m = manifest("tests/fixtures/fixtures.truth.toml");
    check_sizes(&repo().join("tests/fixtures"), &m, false);
    let total: u64 = files(&m)
        .iter()
        .map(|f| f["size"].as_integer().unwrap() as u64)
        .sum();
    assert!(total <= 5 * 1024 * 1024, "fixtures above 5 MB: {total}");
}

#[test]
fn fixtures_are_identified_as_the_manifest_says() {
    let m = manifest("tests/fixtures/fixtures.truth.toml");
    let catalogue = scan(&repo().join("tests/fixtures"), SNAPSHOT);
    let mut diffs = differences(&m, &catalogue);
    // The fixtures' manifest names the code systems "where the file makes it clear":
    // the profile must find those, and may find more (SNOMED CT beside ICD-10-GM).
    diffs.extend(content_differences(&m, &catalogue, false));
    assert_matches_except_known_gaps(diffs, "tests/fixtures");
}

/// Compares what profiling found with the manifest: file verdicts (`personal_data`,
/// `special_category`, `code_systems`) wherever the manifest states them, the expected
/// tables (name, rows, header row, columns, OMOP table, repeated rows, empty cells,
/// date formats, detections — columns not named must have none) and the facts of the
/// health formats (FHIR resources, HL7 messages, GDT fields, DICOM header). Field names
/// of the differences: `personal_data`, `tables.<name>.<what>`, `fhir.resources` …
fn content_differences(
    manifest: &toml::Table,
    catalogue: &BTreeMap<String, Value>,
    all_code_systems_listed: bool,
) -> Vec<(String, String, String)> {
    let mut diffs = Vec::new();
    for f in files(manifest) {
        let path = str_of(f, "path").unwrap().to_owned();
        let Some(got) = catalogue.get(&path) else {
            continue;
        };
        let mut check = |field: String, want: Value, have: Value| {
            if want != have {
                diffs.push((path.clone(), field, format!("want {want}, have {have}")));
            }
        };
        for key in ["personal_data", "special_category"] {
            if let Some(want) = bool_of(f, key) {
                check(key.to_owned(), Value::from(want), got[key].clone());
            }
        }
        if let Some(want) = f.get("code_systems").and_then(|v| v.as_array()) {
            let mut want: Vec<String> = want
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            want.sort();
            let mut have: Vec<String> = got["code_systems"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            if !all_code_systems_listed {
                have.retain(|s| want.contains(s));
            }
            check("code_systems".into(), Value::from(want), Value::from(have));
        }
        let tables = got["tables"].as_array().cloned().unwrap_or_default();
        for t in f
            .get("tables")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            let t = t.as_table().unwrap();
            let name = str_of(t, "name").unwrap();
            let field = |what: &str| format!("tables.{name}.{what}");
            let Some(have) = tables.iter().find(|x| x["name"] == name) else {
                check(field("present"), Value::from(true), Value::from(false));
                continue;
            };
            check(
                field("rows"),
                Value::from(t["rows"].as_integer().unwrap()),
                have["rows"].clone(),
            );
            if let Some(row) = t.get("header_row").and_then(|v| v.as_integer()) {
                // The manifest counts from 1 (0 = no header row); the profile from 0.
                let want = if row == 0 {
                    Value::Null
                } else {
                    Value::from(row - 1)
                };
                check(field("header_row"), want, have["header_row"].clone());
            }
            let columns: Vec<&Value> = have["columns"].as_array().unwrap().iter().collect();
            let column = |name: &str| columns.iter().find(|c| c["name"] == name).copied();
            if let Some(want) = t.get("columns").and_then(|v| v.as_array()) {
                let want: Vec<&str> = want.iter().map(|v| v.as_str().unwrap()).collect();
                let have: Vec<&str> = columns
                    .iter()
                    .map(|c| c["name"].as_str().unwrap())
                    .collect();
                check(field("columns"), Value::from(want), Value::from(have));
            }
            if let Some(omop) = str_of(t, "omop_table") {
                check(
                    field("omop_table"),
                    Value::from(omop),
                    got["omop_table"].clone(),
                );
            }
            if let Some(n) = t.get("duplicate_rows").and_then(|v| v.as_integer()) {
                check(
                    field("duplicate_rows"),
                    Value::from(n),
                    have["duplicate_rows"].clone(),
                );
            }
            let rows = have["rows"].as_f64().unwrap_or(0.0);
            for (col, n) in t
                .get("empty_cells")
                .and_then(|v| v.as_table())
                .into_iter()
                .flatten()
            {
                let empty =
                    column(col).map(|c| (c["null_ratio"].as_f64().unwrap() * rows).round() as i64);
                check(
                    field(&format!("empty_cells.{col}")),
                    Value::from(n.as_integer()),
                    Value::from(empty),
                );
            }
            for (col, formats) in t
                .get("date_formats")
                .and_then(|v| v.as_table())
                .into_iter()
                .flatten()
            {
                let Some(c) = column(col) else {
                    check(
                        field(&format!("date_formats.{col}")),
                        Value::from(true),
                        Value::from(false),
                    );
                    continue;
                };
                let present = rows * (1.0 - c["null_ratio"].as_f64().unwrap());
                for (format, n) in formats.as_table().unwrap() {
                    let label = format.to_lowercase();
                    let share = c["formats"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|f| f["format"] == label.as_str())
                        .map_or(0.0, |f| f["share"].as_f64().unwrap());
                    let count = (share * present).round() as i64;
                    check(
                        field(&format!("date_formats.{col}.{format}")),
                        Value::from(n.as_integer()),
                        Value::from(count),
                    );
                }
            }
            if let Some(detections) = t.get("detections").and_then(|v| v.as_table()) {
                for c in &columns {
                    let cname = c["name"].as_str().unwrap();
                    let mut want: Vec<&str> = detections
                        .get(cname)
                        .and_then(|v| v.as_array())
                        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
                        .unwrap_or_default();
                    want.sort();
                    let mut have: Vec<&str> = c["detections"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|d| d["kind"].as_str().unwrap())
                        .collect();
                    have.sort();
                    check(
                        field(&format!("detections.{cname}")),
                        Value::from(want),
                        Value::from(have),
                    );
                }
            }
        }
        let health = &got["health"];
        if let Some(resources) = f
            .get("fhir")
            .and_then(|v| v.as_table())
            .and_then(|fhir| fhir.get("resources"))
            .and_then(|v| v.as_table())
        {
            let want: BTreeMap<String, i64> = resources
                .iter()
                .map(|(k, v)| (k.clone(), v.as_integer().unwrap()))
                .collect();
            let have: BTreeMap<String, i64> = health["contents"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    (
                        c["label"].as_str().unwrap().to_owned(),
                        c["count"].as_i64().unwrap(),
                    )
                })
                .collect();
            check(
                "fhir.resources".into(),
                serde_json::to_value(want).unwrap(),
                serde_json::to_value(have).unwrap(),
            );
        }
        if let Some(hl7) = f.get("hl7").and_then(|v| v.as_table()) {
            let version = format!("HL7 v{}", str_of(hl7, "version").unwrap());
            check(
                "hl7.version".into(),
                Value::from(version),
                health["standard"].clone(),
            );
            let want = serde_json::json!([{ "label": str_of(hl7, "message_type").unwrap(), "count": hl7["messages"].as_integer().unwrap() }]);
            check("hl7.messages".into(), want, health["contents"].clone());
        }
        if let Some(gdt) = f.get("gdt").and_then(|v| v.as_table()) {
            let version = format!("GDT {}", str_of(gdt, "version").unwrap());
            check(
                "gdt.version".into(),
                Value::from(version),
                health["standard"].clone(),
            );
            let record = str_of(gdt, "record_type").unwrap();
            check(
                "gdt.record_type".into(),
                Value::from(record),
                health["contents"][0]["label"].clone(),
            );
            let charset = match str_of(gdt, "charset_field_9206") {
                Some("1") => "DIN 66003",
                Some("2") => "IBM CP437",
                _ => "ISO 8859-1",
            };
            check(
                "gdt.charset".into(),
                Value::from(charset),
                health["charset"].clone(),
            );
            let columns: Vec<String> = tables
                .iter()
                .filter(|t| t["name"] == record)
                .flat_map(|t| t["columns"].as_array().unwrap().iter())
                .filter(|c| c["personal"] == true)
                .map(|c| c["name"].as_str().unwrap()[..4].to_owned())
                .collect();
            for field in gdt["patient_fields"].as_array().unwrap() {
                let id = field.as_str().unwrap();
                // 3110 (sex) is not identifying on its own; the others are personal columns.
                if id != "3110" {
                    check(
                        format!("gdt.patient_field.{id}"),
                        Value::from(true),
                        Value::from(columns.iter().any(|c| c == id)),
                    );
                }
            }
        }
        if let Some(dicom) = f.get("dicom").and_then(|v| v.as_table()) {
            check(
                "dicom.modality".into(),
                Value::from(str_of(dicom, "modality")),
                health["contents"][0]["label"].clone(),
            );
            check(
                "dicom.de_identified".into(),
                Value::from(bool_of(dicom, "deidentified")),
                health["de_identified"].clone(),
            );
            check(
                "dicom.charset".into(),
                Value::from(str_of(dicom, "specific_character_set")),
                health["charset"].clone(),
            );
            let date = str_of(dicom, "study_date").unwrap();
            let iso = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..8]);
            check(
                "dicom.study_date".into(),
                Value::from(iso),
                health["dates"]["min"].clone(),
            );
            let fields: Vec<&str> = health["person_fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for (key, name) in [
                ("patient_name_filled", "name"),
                ("patient_birth_date_filled", "birth_date"),
                ("patient_id_filled", "identifier"),
            ] {
                check(
                    format!("dicom.{key}"),
                    Value::from(bool_of(dicom, key)),
                    Value::from(fields.contains(&name)),
                );
            }
        }
    }
    diffs
}

/// The whole shared fixture collection (`../shared/fixtures`, when this checkout sits
/// beside it; skipped otherwise), against truths that come from outside the scanner:
/// - every regular file is a row, and every unreadable one says why;
/// - JSONTestSuite: `y_` files parse as JSON, `n_` files do not (its own naming);
/// - a file's extension names its format family, except for the files listed with
///   the reason their name is wrong;
/// - duplicates are exactly the groups of byte-identical non-empty files (hashed here,
///   file by file), each pointing at one original.
#[test]
#[allow(clippy::print_stderr)] // says when the sweep is skipped
fn shared_fixture_collection_is_identified_read_and_deduplicated() {
    let Some(root) = crate::util::shared_fixtures() else {
        eprintln!("no ../shared/fixtures beside the checkout: sweep skipped");
        return;
    };
    let catalogue = scan(&root, SNAPSHOT);
    let mut on_disk = Vec::new();
    collect(&root, &root, &mut on_disk);
    assert_eq!(catalogue.len(), on_disk.len(), "one row per file");

    // Names that do not say what the file is, checked by hand.
    const MISNAMED: &[(&str, &str)] = &[
        // 68 bytes of text: a mail gateway's "attachment not found" note.
        ("spreadsheets/calamine/too_small.xls", "text"),
        // One stray byte before the first data element: no DICOM reader finds a tag.
        ("dicom/pydicom/test_files/no_meta.dcm", "unknown"),
    ];
    let family = |ext: &str| -> Option<&[&str]> {
        Some(match ext {
            "csv" => &["csv", "tsv"],
            "tsv" => &["tsv"],
            "json" => &["json", "fhir-json", "ndjson"],
            "jsonl" | "ndjson" => &["ndjson"],
            "xml" => &["xml", "fhir-xml", "cda"],
            "ccda" => &["cda"],
            "hl7" => &["hl7v2"],
            "dcm" => &["dicom"],
            "gdt" => &["gdt"],
            "pdf" => &["pdf"],
            "xlsx" | "xlsm" | "xlsb" => &["xlsx"],
            "xls" => &["xls"],
            "ods" => &["ods"],
            "png" | "jpg" | "jpeg" | "tif" | "tiff" => &["image"],
            "zip" | "gz" => &["archive"],
            _ => return None,
        })
    };
    let mut wrong = Vec::new();
    for (path, f) in &catalogue {
        let format = f["format"].as_str().unwrap();
        if f["readable"] == false {
            let said = f["error"].as_str().unwrap_or_default();
            if f["error_code"].as_str().is_none() || said.len() < 10 {
                wrong.push(format!("{path}: unreadable without a reason"));
            }
        }
        let name = path.rsplit('/').next().unwrap();
        if path.starts_with("json/JSONTestSuite/") {
            let parsed = format == "json" && f["readable"] == true;
            if (name.starts_with("y_") && !parsed) || (name.starts_with("n_") && parsed) {
                wrong.push(format!("{path}: {format}, readable {}", f["readable"]));
            }
            continue;
        }
        if let Some(&(_, want)) = MISNAMED.iter().find(|(p, _)| p == path) {
            if format != want {
                wrong.push(format!("{path}: {format}, checked by hand: {want}"));
            }
            continue;
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if let Some(expected) = ext.as_deref().and_then(family)
            && !expected.contains(&format)
        {
            wrong.push(format!("{path}: {format}, its name says {expected:?}"));
        }
    }

    let mut by_content: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for path in &on_disk {
        let bytes = std::fs::read(root.join(path)).unwrap();
        if !bytes.is_empty() {
            by_content
                .entry(blake3::hash(&bytes).to_hex().to_string())
                .or_default()
                .push(path);
        }
    }
    let mut groups = 0;
    for paths in by_content.values() {
        let links: Vec<Option<&str>> = paths
            .iter()
            .map(|p| catalogue[*p]["duplicate_of"].as_str())
            .collect();
        let originals: Vec<&str> = paths
            .iter()
            .zip(&links)
            .filter(|(_, l)| l.is_none())
            .map(|(p, _)| *p)
            .collect();
        let consistent = originals.len() == 1
            && links
                .iter()
                .all(|l| l.is_none() || *l == Some(originals[0]));
        if !consistent {
            wrong.push(format!("identical files {paths:?}: links {links:?}"));
        }
        groups += usize::from(paths.len() > 1);
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(
        groups >= 40,
        "the collection holds {groups} groups of copies"
    );
}
