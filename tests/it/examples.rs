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

/// Scans `root` into a fresh project and returns the catalogue's files by path.
fn scan(root: &Path) -> BTreeMap<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.datenreife");
    Command::cargo_bin("datenreife")
        .unwrap()
        .args(["scan", "--project"])
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
) -> Vec<(String, &'static str, String)> {
    let mut diffs = Vec::new();
    for f in files(manifest) {
        let path = str_of(f, "path").unwrap().to_owned();
        let Some(got) = catalogue.get(&path) else {
            diffs.push((path, "missing", String::new()));
            continue;
        };
        let mut check = |field: &'static str, want: Value, have: &Value| {
            if &want != have {
                diffs.push((path.clone(), field, format!("want {want}, have {have}")));
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

/// Scanner gaps known when the manifests were written: (path, field). Each must still
/// differ; remove an entry when the scanner gets it right.
const KNOWN_GAPS: &[(&str, &str)] = &[
    // Encrypted ODS (manifest:encryption-data inside a compressed manifest) is only
    // recognised when the spreadsheet reader opens it.
    ("spreadsheets/calamine/pass_protected.ods", "readable"),
    ("spreadsheets/calamine/pass_protected.ods", "error_code"),
];

fn assert_matches_except_known_gaps(diffs: Vec<(String, &'static str, String)>, gaps_for: &str) {
    let gaps: Vec<(&str, &str)> = KNOWN_GAPS
        .iter()
        .copied()
        .filter(|(p, _)| repo().join(gaps_for).join(p).try_exists().unwrap_or(false))
        .collect();
    let unexpected: Vec<_> = diffs
        .iter()
        .filter(|(p, field, _)| !gaps.contains(&(p.as_str(), *field)))
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
    let catalogue = scan(&repo().join("examples/musterfirma"));
    assert_eq!(catalogue.len(), files(&m).len());
    assert_matches_except_known_gaps(differences(&m, &catalogue), "examples/musterfirma");
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
    let catalogue = scan(&repo().join("tests/fixtures"));
    assert_matches_except_known_gaps(differences(&m, &catalogue), "tests/fixtures");
}
