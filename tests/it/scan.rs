//! The scanner: read-only, incremental, duplicates, bad input, cancellation.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use datenreife::scan::{self, ScanControl, ScanOptions, ScanStatus};
use datenreife::store::Project;

use crate::util::{
    catalog_json, datenreife, file, scan_json, set_mtime, snapshot, write, zip_stored,
};

/// A small share with many kinds of content and several kinds of bad input.
fn messy_share(root: &Path) {
    write(
        root,
        "Vertrieb/kunden.csv",
        "Name;Ort;Umsatz\nM\u{fc}ller;K\u{f6}ln;1.234,56\nMeier;Bonn;7,00\n",
    );
    write(
        root,
        "Vertrieb/kunden_kopie.csv",
        "Name;Ort;Umsatz\nM\u{fc}ller;K\u{f6}ln;1.234,56\nMeier;Bonn;7,00\n",
    );
    write(
        root,
        "Vertrieb/latin1.csv",
        b"Name;Stra\xdfe\nJ\xfcrgen;Hauptstra\xdfe 1\nAnna;Weg 2\n",
    );
    write(
        root,
        "Klinik/bundle.json",
        r#"{"resourceType":"Bundle","type":"collection","entry":[]}"#,
    );
    write(
        root,
        "Klinik/oru.hl7",
        "MSH|^~\\&|LAB|KH|||20240101||ORU^R01|1|P|2.5\rPID|1||4711\r",
    );
    write(root, "Klinik/ekg.gdt", "01380006311\r\n014921802.10\r\n");
    let mut dicom = vec![0u8; 128];
    dicom.extend_from_slice(b"DICM\x02\x00\x00\x00UL\x04\x00\x00\x00\x00\x00");
    write(root, "Klinik/bild.dcm", dicom);
    let xlsx = zip_stored(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    write(root, "Personal/liste.xlsx", &xlsx);
    // bad input
    write(
        root,
        "Archiv/kaputt.zip",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00cut off here",
    );
    let mut sevenz = b"7z\xBC\xAF\x27\x1C\x00\x04".to_vec();
    sevenz.extend_from_slice(&[0; 4]);
    sevenz.extend_from_slice(&1000u64.to_le_bytes());
    sevenz.extend_from_slice(&100u64.to_le_bytes());
    sevenz.extend_from_slice(&[0; 8]);
    write(root, "Archiv/kaputt.7z", sevenz);
    write(root, "Archiv/luegt.xlsx", "a;b\n1;2\n3;4\n");
    write(root, "Archiv/leer.txt", "");
    write(
        root,
        "Archiv/bericht.pdf",
        "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",
    );
}

fn project_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("kunde.datenreife")
}

#[test]
fn a_scan_never_changes_the_tree() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    std::os::unix::fs::symlink("../Vertrieb", share.path().join("Klinik/link")).unwrap();
    let fifo = share.path().join("Archiv/pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sparse = std::fs::File::create(share.path().join("Archiv/sparse.img")).unwrap();
    sparse.set_len(2 * 1024 * 1024 * 1024).unwrap();
    drop(sparse);
    let before = snapshot(share.path());

    let work = tempfile::tempdir().unwrap();
    scan_json(&project_in(&work), &[share.path()], &[]);
    scan_json(&project_in(&work), &[share.path()], &["--follow-symlinks"]);
    datenreife()
        .args(["catalog", "--format", "xlsx", "--out"])
        .arg(work.path().join("c.xlsx"))
        .arg("--project")
        .arg(project_in(&work))
        .assert()
        .success();

    assert_eq!(snapshot(share.path()), before, "the scanned tree changed");
}

#[test]
fn formats_errors_and_duplicates_on_a_messy_share() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    set_mtime(&share.path().join("Vertrieb/kunden.csv"), 1_600_000_000);
    set_mtime(
        &share.path().join("Vertrieb/kunden_kopie.csv"),
        1_700_000_000,
    );
    // A copy of a damaged archive is a duplicate all the same.
    let broken = std::fs::read(share.path().join("Archiv/kaputt.zip")).unwrap();
    write(share.path(), "Archiv/Sicherung/kaputt.zip", &broken);
    let work = tempfile::tempdir().unwrap();
    let summary = scan_json(&project_in(&work), &[share.path()], &[]);
    assert_eq!(summary["status"], "completed");
    assert_eq!(summary["files_seen"], 14);
    assert_eq!(summary["duplicates"], 2);

    let catalog = catalog_json(&project_in(&work));
    let expect = [
        ("Vertrieb/kunden.csv", "csv"),
        ("Vertrieb/latin1.csv", "csv"),
        ("Klinik/bundle.json", "fhir-json"),
        ("Klinik/oru.hl7", "hl7v2"),
        ("Klinik/ekg.gdt", "gdt"),
        ("Klinik/bild.dcm", "dicom"),
        ("Personal/liste.xlsx", "xlsx"),
        ("Archiv/kaputt.zip", "archive"),
        ("Archiv/luegt.xlsx", "csv"),
        ("Archiv/bericht.pdf", "pdf"),
    ];
    for (path, format) in expect {
        assert_eq!(file(&catalog, path)["format"], format, "{path}");
    }
    let latin1 = file(&catalog, "Vertrieb/latin1.csv");
    assert_eq!(latin1["encoding"], "windows-1252");
    assert_eq!(latin1["delimiter"], ";");
    assert_eq!(file(&catalog, "Vertrieb/kunden.csv")["encoding"], "utf-8");

    // the newer copy points to the older original
    assert_eq!(
        file(&catalog, "Vertrieb/kunden_kopie.csv")["duplicate_of"],
        "Vertrieb/kunden.csv"
    );
    assert!(file(&catalog, "Vertrieb/kunden.csv")["duplicate_of"].is_null());
    assert_eq!(
        file(&catalog, "Archiv/Sicherung/kaputt.zip")["duplicate_of"],
        "Archiv/kaputt.zip"
    );

    // a lying name is a finding, and the content wins
    assert_eq!(
        file(&catalog, "Archiv/luegt.xlsx")["extension_mismatch"],
        true
    );
    assert_eq!(
        file(&catalog, "Vertrieb/kunden.csv")["extension_mismatch"],
        false
    );

    let unreadable = [
        ("Archiv/kaputt.zip", "zip_truncated"),
        ("Archiv/kaputt.7z", "sevenz_truncated"),
        ("Archiv/leer.txt", "empty"),
        ("Archiv/bericht.pdf", "pdf_truncated"),
        // A workbook without its relationships part: no spreadsheet reader opens it.
        ("Personal/liste.xlsx", "spreadsheet_unreadable"),
    ];
    for (path, code) in unreadable {
        let f = file(&catalog, path);
        assert_eq!(f["readable"], false, "{path}");
        assert_eq!(f["error_code"], code, "{path}");
        assert!(
            f["error"].as_str().unwrap().len() > 10,
            "{path} needs a sentence"
        );
    }
    let errors: Vec<&str> = catalog["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 6, "{errors:?}");
}

#[test]
fn special_entries_are_rows_with_clear_errors() {
    let share = tempfile::tempdir().unwrap();
    write(share.path(), "a/data.csv", "x,y\n1,2\n3,4\n");
    let fifo = share.path().join("a/pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("..", share.path().join("a/loop")).unwrap();
    std::os::unix::fs::symlink("does-not-exist", share.path().join("a/dangling")).unwrap();
    std::os::unix::fs::symlink("data.csv", share.path().join("a/zeiger.csv")).unwrap();
    let sparse = std::fs::File::create(share.path().join("a/sparse.img")).unwrap();
    sparse.set_len(2 * 1024 * 1024 * 1024).unwrap();
    drop(sparse);
    write(share.path(), "a/zero.bin", "");
    let odd = share
        .path()
        .join(std::ffi::OsStr::from_bytes(b"a/Kunden_\xff\xfe.csv"));
    std::fs::write(&odd, "a;b\n1;2\n").unwrap();
    let mut deep = share.path().join("tief");
    for i in 0..120 {
        deep = deep.join(format!("ebene{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("unten.txt"), "ganz unten").unwrap();
    let long_name = format!("{}.txt", "l".repeat(250));
    write(share.path(), &format!("a/{long_name}"), "long");

    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    // Not following links: links are recorded, never entered.
    let summary = scan_json(&project, &[share.path()], &[]);
    assert_eq!(summary["status"], "completed");
    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "a/pipe")["format"], "special");
    assert_eq!(file(&catalog, "a/pipe")["error_code"], "special");
    assert_eq!(file(&catalog, "a/loop")["error_code"], "link_not_followed");
    assert_eq!(
        file(&catalog, "a/zeiger.csv")["error_code"],
        "link_not_followed"
    );
    assert_eq!(file(&catalog, "a/sparse.img")["readable"], false);
    assert_eq!(file(&catalog, "a/sparse.img")["error_code"], "zero_filled");
    assert_eq!(
        file(&catalog, "a/sparse.img")["size"],
        2u64 * 1024 * 1024 * 1024
    );
    assert_eq!(file(&catalog, "a/zero.bin")["error_code"], "empty");
    let odd = file(&catalog, "a/Kunden_\u{fffd}\u{fffd}.csv");
    assert_eq!(odd["format"], "csv");
    assert_eq!(odd["readable"], true);
    assert_eq!(file(&catalog, &format!("a/{long_name}"))["format"], "text");
    let deep_rel = deep.strip_prefix(share.path()).unwrap().join("unten.txt");
    assert_eq!(file(&catalog, deep_rel.to_str().unwrap())["format"], "text");

    // Following links: the loop and the dangling link are errors, the scan goes on.
    let summary = scan_json(&project, &[share.path()], &["--follow-symlinks"]);
    assert_eq!(summary["status"], "completed");
    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "a/loop")["error_code"], "link_loop");
    assert_eq!(
        file(&catalog, "a/dangling")["error_code"],
        "link_target_missing"
    );
    assert_eq!(file(&catalog, "a/data.csv")["readable"], true);
    // A followed link to a file is read like the file it points to.
    let linked = file(&catalog, "a/zeiger.csv");
    assert_eq!(
        (
            &linked["format"],
            &linked["readable"],
            &linked["error_code"]
        ),
        (
            &serde_json::json!("csv"),
            &serde_json::json!(true),
            &serde_json::Value::Null
        )
    );
}

#[test]
fn an_unchanged_rescan_opens_no_file() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    let big = vec![b'x'; 100_000];
    write(share.path(), "gross/a.bin", &big);
    write(share.path(), "gross/b.bin", &big);
    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    let first = scan_json(&project, &[share.path()], &[]);
    assert!(first["files_opened"].as_i64().unwrap() >= 13);
    assert_eq!(
        first["files_hashed"], 2,
        "equal-size large files are hashed once"
    );

    let second = scan_json(&project, &[share.path()], &[]);
    assert_eq!(second["files_opened"], 0);
    assert_eq!(second["files_hashed"], 0);
    assert_eq!(second["files_unchanged"], second["files_seen"]);
    assert_eq!(second["files_new"], 0);
    assert_eq!(second["duplicates"], first["duplicates"]);

    // Changing bytes but keeping size and time: the old result is kept (proof that
    // the file was not opened).
    let path = share.path().join("Klinik/bundle.json");
    let meta = std::fs::metadata(&path).unwrap();
    let old = std::fs::read(&path).unwrap();
    let mut new = vec![b' '; old.len()];
    new[..4].copy_from_slice(b"a,b\n");
    std::fs::write(&path, &new).unwrap();
    let file_handle = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file_handle
        .set_times(std::fs::FileTimes::new().set_modified(meta.modified().unwrap()))
        .unwrap();
    drop(file_handle);
    let third = scan_json(&project, &[share.path()], &[]);
    assert_eq!(third["files_opened"], 0);
    assert_eq!(
        file(&catalog_json(&project), "Klinik/bundle.json")["format"],
        "fhir-json"
    );
}

#[test]
fn rescans_report_new_changed_and_removed_files_and_keep_history() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    scan_json(&project, &[share.path()], &[]);

    write(share.path(), "Neu/neu.txt", "hallo");
    write(
        share.path(),
        "Klinik/oru.hl7",
        "MSH|^~\\&|LAB|KH|||20240102||ORU^R01|2|P|2.5\rPID|1||4712\rOBX|1\r",
    );
    std::fs::remove_file(share.path().join("Vertrieb/kunden_kopie.csv")).unwrap();
    let summary = scan_json(&project, &[share.path()], &[]);
    assert_eq!(summary["files_new"], 1);
    assert_eq!(summary["files_changed"], 1);
    assert_eq!(summary["files_removed"], 1);
    assert_eq!(summary["files_opened"], 2);
    assert_eq!(
        summary["duplicates"], 0,
        "the copy is gone, so is the duplicate"
    );

    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "Neu/neu.txt")["first_seen_scan"], 2);
    assert_eq!(file(&catalog, "Klinik/oru.hl7")["first_seen_scan"], 1);
    assert_eq!(file(&catalog, "Klinik/oru.hl7")["changed_scan"], 2);
    assert!(
        catalog["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["path"] != "Vertrieb/kunden_kopie.csv")
    );

    // The removed file comes back: it is new again, with its old first sighting.
    write(share.path(), "Vertrieb/kunden_kopie.csv", "Name;Ort\nX;Y\n");
    let summary = scan_json(&project, &[share.path()], &[]);
    assert_eq!(summary["files_new"], 1);
    let catalog = catalog_json(&project);
    assert_eq!(
        file(&catalog, "Vertrieb/kunden_kopie.csv")["first_seen_scan"],
        1
    );
    assert_eq!(
        file(&catalog, "Vertrieb/kunden_kopie.csv")["changed_scan"],
        3
    );
}

#[test]
fn excludes_skip_folders_and_file_patterns() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    write(share.path(), "tmp/x.tmp", "x");
    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    let summary = scan_json(
        &project,
        &[share.path()],
        &["--exclude", "Archiv", "--exclude", "*.tmp"],
    );
    assert_eq!(summary["files_seen"], 8);
    let catalog = catalog_json(&project);
    assert!(catalog["files"].as_array().unwrap().iter().all(|f| {
        let p = f["path"].as_str().unwrap();
        !p.starts_with("Archiv") && !p.ends_with(".tmp")
    }));
}

#[test]
fn several_roots_and_usage_errors() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write(a.path(), "eins.txt", "eins");
    write(b.path(), "zwei.txt", "zwei");
    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    let summary = scan_json(&project, &[a.path(), b.path()], &[]);
    assert_eq!(summary["files_seen"], 2);
    assert_eq!(summary["roots"].as_array().unwrap().len(), 2);
    let catalog = catalog_json(&project);
    assert_eq!(catalog["roots"].as_array().unwrap().len(), 2);
    let roots: Vec<u64> = catalog["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["root"].as_u64().unwrap())
        .collect();
    assert_eq!(roots.len(), 2);
    assert_ne!(roots[0], roots[1]);

    // usage errors exit with 2 and create nothing
    let missing = work.path().join("nope");
    datenreife()
        .arg("scan")
        .arg(&missing)
        .arg("--project")
        .arg(work.path().join("x.datenreife"))
        .assert()
        .code(2);
    assert!(!work.path().join("x.datenreife").exists());
    datenreife()
        .arg("scan")
        .arg(a.path())
        .arg("--project")
        .arg(a.path().join("p.datenreife"))
        .assert()
        .code(2);
    assert!(
        !a.path().join("p.datenreife").exists(),
        "a refused scan writes nothing into the root"
    );
    datenreife()
        .arg("scan")
        .arg(a.path())
        .args(["--exclude", "[", "--project"])
        .arg(&project)
        .assert()
        .code(2);
    datenreife()
        .args(["catalog", "--project"])
        .arg(work.path().join("missing.datenreife"))
        .assert()
        .code(1);
    datenreife().args(["scan"]).assert().code(2);
}

/// The command line writes a first scan through a rollback journal (see
/// `store::BulkWrite`): afterwards the project is one file again, in WAL mode, and it
/// holds the whole scan.
#[tokio::test]
async fn after_command_line_scans_the_project_is_one_file_in_wal_mode() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    let work = tempfile::tempdir().unwrap();
    let project = project_in(&work);
    let first = scan_json(&project, &[share.path()], &[]);
    write(share.path(), "Neu/neu.txt", "hallo");
    let second = scan_json(&project, &[share.path()], &[]);
    assert_eq!(second["files_new"], 1);
    let files: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, [project.file_name().unwrap()]);

    let opened = Project::open_existing(&project).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(opened.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file WHERE removed_scan_id IS NULL")
        .fetch_one(opened.pool())
        .await
        .unwrap();
    assert_eq!(rows, second["files_seen"].as_i64().unwrap());
    assert_eq!(rows, first["files_seen"].as_i64().unwrap() + 1);
    opened.close().await;
}

/// A scan writes without checking foreign keys (see `store::BulkWrite`): every
/// reference it writes must still hold, and the rest of the project keeps checking them.
#[tokio::test]
async fn scans_write_only_valid_references_and_foreign_keys_stay_on() {
    let share = tempfile::tempdir().unwrap();
    messy_share(share.path());
    let work = tempfile::tempdir().unwrap();
    let project = Project::open(project_in(&work)).await.unwrap();
    let options = ScanOptions::new(vec![share.path().to_path_buf()]);
    let first = scan::run(&project, &options, &ScanControl::default())
        .await
        .unwrap();
    assert!(first.duplicates > 0, "the share has duplicates to link");
    // A second scan with a new, a changed and a removed file writes events, updates and
    // removal marks.
    write(share.path(), "Neu/neu.txt", "hallo");
    write(share.path(), "Neu/kopie.txt", "hallo");
    write(share.path(), "Vertrieb/kunden.csv", "Name;Ort\nNeu;Stadt\n");
    std::fs::remove_file(share.path().join("Vertrieb/kunden_kopie.csv")).unwrap();
    let second = scan::run(&project, &options, &ScanControl::default())
        .await
        .unwrap();
    assert_eq!(
        (second.files_new, second.files_changed, second.files_removed),
        (2, 1, 1)
    );

    let violations: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(project.pool())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM file_event")
        .fetch_one(project.pool())
        .await
        .unwrap();
    assert_eq!(events, 2, "one change and one removal");

    // Every pooled connection still refuses a dangling reference.
    let mut conns = Vec::new();
    for _ in 0..4 {
        conns.push(project.pool().acquire().await.unwrap());
    }
    for conn in &mut conns {
        let on: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        assert_eq!(on, 1);
        let dangling = sqlx::query("UPDATE file SET duplicate_of = 999999 WHERE id = 1")
            .execute(&mut **conn)
            .await;
        assert!(dangling.is_err(), "a reference to no file is refused");
    }
    drop(conns);
    project.close().await;
}

#[tokio::test]
async fn cancelling_keeps_a_consistent_project_and_removes_nothing() {
    let share = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        write(
            share.path(),
            &format!("d{}/f{i}.txt", i % 30),
            format!("Datei {i}"),
        );
    }
    let work = tempfile::tempdir().unwrap();
    let project = Project::open(project_in(&work)).await.unwrap();
    let options = ScanOptions::new(vec![share.path().to_path_buf()]);
    let first = scan::run(&project, &options, &ScanControl::default())
        .await
        .unwrap();
    assert_eq!(first.files_seen, 3000);

    // Cancel before the walk starts: nothing is seen, nothing is marked removed.
    let control = ScanControl::default();
    control.cancel();
    let cancelled = scan::run(&project, &options, &control).await.unwrap();
    assert_eq!(cancelled.status, ScanStatus::Cancelled);
    assert_eq!(cancelled.files_removed, 0);

    // Cancel in the middle of a walk of changed files.
    for i in 0..3000 {
        write(
            share.path(),
            &format!("d{}/f{i}.txt", i % 30),
            format!("Datei {i} neu"),
        );
    }
    let control = ScanControl::default();
    let stopper = control.clone();
    let watcher = tokio::spawn(async move {
        while stopper.progress().snapshot().files < 200 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        stopper.cancel();
    });
    let partial = scan::run(&project, &options, &control).await.unwrap();
    watcher.await.unwrap();
    assert_eq!(partial.status, ScanStatus::Cancelled);
    assert!(partial.files_seen < 3000, "{}", partial.files_seen);
    assert_eq!(partial.files_removed, 0);

    let catalog = datenreife::catalog::Catalog::load(&project, datenreife::i18n::Lang::En)
        .await
        .unwrap();
    assert_eq!(
        catalog.files.len(),
        3000,
        "every file is still in the inventory"
    );
    assert_eq!(catalog.scan.as_ref().unwrap().status, "cancelled");
    project.close().await;
}

#[test]
fn files_vanishing_during_a_scan_do_not_stop_it() {
    let share = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        write(
            share.path(),
            &format!("d{}/f{i}.csv", i % 100),
            "a;b\n1;2\n",
        );
    }
    let root = share.path().to_path_buf();
    let deleter = std::thread::spawn(move || {
        for i in (0..20_000).rev().step_by(3) {
            let _ = std::fs::remove_file(root.join(format!("d{}/f{i}.csv", i % 100)));
        }
    });
    let work = tempfile::tempdir().unwrap();
    let summary = scan_json(&project_in(&work), &[share.path()], &[]);
    deleter.join().unwrap();
    assert_eq!(summary["status"], "completed");
    let catalog = catalog_json(&project_in(&work));
    for f in catalog["files"].as_array().unwrap() {
        assert!(
            f["readable"] == true || f["error_code"] == "vanished",
            "{f}"
        );
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `files` (path, content) in `base/share`, which the user `nobody` of
/// [`scan_unprivileged`] may read (folders 0755, files 0644); `base` itself is open to
/// all, so a project file can be written there.
fn share_for_everyone(base: &Path, files: &[(&str, &str)]) -> PathBuf {
    chmod(base, 0o777);
    let share = base.join("share");
    for (path, content) in files {
        write(&share, path, content);
        chmod(&share.join(path), 0o644);
        let mut folder = share.join(path);
        while folder.pop() && folder.starts_with(&share) {
            chmod(&folder, 0o755);
        }
    }
    share
}

/// Runs a scan that cannot read what only its owner may: as root (as in CI), where
/// permissions stop nothing, it runs as the user `nobody` through `setpriv`.
fn scan_unprivileged(share: &Path, project: &Path, extra: &[&str]) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("datenreife");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .unwrap()
        .stdout
        == b"0\n";
    let mut command = if is_root {
        let mut setpriv = std::process::Command::new("setpriv");
        setpriv
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&binary);
        setpriv
    } else {
        std::process::Command::new(&binary)
    };
    command
        .arg("scan")
        .arg(share)
        .arg("--project")
        .arg(project)
        .arg("--json")
        .args(extra)
        .env("DATENREIFE_LANG", "en")
        .output()
        .unwrap()
}

#[test]
fn unreadable_files_and_folders_as_an_unprivileged_user() {
    let base = tempfile::tempdir().unwrap();
    let share = share_for_everyone(
        base.path(),
        &[
            ("offen/ok.csv", "a;b\n1;2\n"),
            ("geheim/lohn.csv", "a;b\n1;2\n"),
            ("offen/zu.csv", "a;b\n1;2\n"),
        ],
    );
    chmod(&share.join("offen/zu.csv"), 0o000);
    chmod(&share.join("geheim"), 0o000);
    let project = base.path().join("p.datenreife");

    let output = scan_unprivileged(&share, &project, &[]);
    chmod(&share.join("geheim"), 0o755);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "offen/ok.csv")["readable"], true);
    assert_eq!(
        file(&catalog, "offen/zu.csv")["error_code"],
        "permission_denied"
    );
    let folder = file(&catalog, "geheim");
    assert_eq!(folder["format"], "folder");
    assert_eq!(folder["error_code"], "permission_denied");
}

/// A re-scan that finds nothing new skips the search for files without a profile only
/// after scans that profiled everything they saw; a folder that could not be read
/// leaves that open.
#[test]
fn files_below_a_folder_that_was_unreadable_are_profiled_once_it_is_readable() {
    let base = tempfile::tempdir().unwrap();
    let share = share_for_everyone(
        base.path(),
        &[
            ("offen/ok.csv", "a;b\n1;2\n"),
            ("geheim/lohn.csv", "Name;Lohn\nA;1\nB;2\nC;3\n"),
        ],
    );
    let project = base.path().join("p.datenreife");
    scan_json(&project, &[&share], &["--inventory-only"]);
    chmod(&project, 0o666);

    // A full scan that cannot read `geheim` profiles what it saw, not the payroll.
    chmod(&share.join("geheim"), 0o000);
    let output = scan_unprivileged(&share, &project, &[]);
    chmod(&share.join("geheim"), 0o755);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "offen/ok.csv")["tables"][0]["rows"], 1);
    assert_eq!(
        file(&catalog, "geheim/lohn.csv")["tables"],
        serde_json::json!([])
    );

    // Readable again and unchanged: not opened by the walk, profiled all the same.
    let summary = scan_json(&project, &[&share], &[]);
    assert_eq!(summary["files_new"], 0);
    assert_eq!(summary["files_changed"], 0);
    let catalog = catalog_json(&project);
    assert_eq!(file(&catalog, "geheim/lohn.csv")["tables"][0]["rows"], 3);

    // Now everything is profiled: an unchanged re-scan opens nothing.
    let summary = scan_json(&project, &[&share], &[]);
    assert_eq!(summary["files_opened"], 0);
}

#[test]
fn a_folder_that_is_not_there_is_refused_in_the_users_language() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("p.datenreife");
    let missing = work.path().join("Freigaben");
    for (lang, expected, foreign) in [
        ("de", "gibt es nicht", "does not exist"),
        ("en", "does not exist", "gibt es nicht"),
    ] {
        let output = datenreife()
            .env("DATENREIFE_LANG", lang)
            .args(["scan"])
            .arg(&missing)
            .arg("--project")
            .arg(&project)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{lang}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(expected) && !stderr.contains(foreign),
            "{lang}: {stderr}"
        );
        assert!(!project.exists(), "no project file for a refused scan");
    }
}
