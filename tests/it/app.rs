//! The desktop session (`datenreife::app::Session`), driven the way the app window
//! drives it: projects, company profile, a background scan of the example share with
//! progress events, the catalogue overview and file pages, errors, exports, settings,
//! and every refusal with its error code.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use datenreife::app::ipc::{
    AnnotationKey, ExportKind, ExportRequest, FileSort, FileSortKey, FilesFilter, FilesQuery, Lang,
    ScanEnd, ScanPhase, ScanProgress, ScanRequest, ScanSummary, Settings,
};
use datenreife::app::{ErrorCode, ScanEvents, Session};

use crate::util;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Default)]
struct Collected {
    progress: Mutex<Vec<(Instant, ScanProgress)>>,
    finished: Mutex<Vec<ScanSummary>>,
}

impl ScanEvents for Collected {
    fn progress(&self, progress: &ScanProgress) {
        self.progress
            .lock()
            .unwrap()
            .push((Instant::now(), progress.clone()));
    }
    fn finished(&self, summary: &ScanSummary) {
        self.finished.lock().unwrap().push(summary.clone());
    }
}

impl Collected {
    async fn wait(&self) -> ScanSummary {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(s) = self.finished.lock().unwrap().first() {
                return s.clone();
            }
            assert!(Instant::now() < deadline, "the scan did not finish");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn fixed_clock() -> datenreife::app::Clock {
    Arc::new(|| {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    })
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn request(roots: &[&Path], excludes: &[&str]) -> ScanRequest {
    ScanRequest {
        roots: roots.iter().map(|p| s(p)).collect(),
        excludes: excludes.iter().map(|e| (*e).to_owned()).collect(),
    }
}

fn query(filter: FilesFilter, offset: u32, limit: u32) -> FilesQuery {
    FilesQuery {
        offset,
        limit,
        filter,
        sort: FileSort {
            key: FileSortKey::Path,
            dir: datenreife::app::ipc::SortDir::Asc,
        },
    }
}

fn manifest() -> toml::Table {
    std::fs::read_to_string(repo().join("examples/musterfirma.truth.toml"))
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_scans_the_example_share_and_exports_its_catalogue() {
    let tmp = tempfile::tempdir().unwrap();
    let share = repo().join("examples/musterfirma");
    let before = util::snapshot(&share);
    let session = Session::new(tmp.path().join("config"), "9.9.9")
        .with_clock(fixed_clock())
        .with_progress_interval(Duration::from_millis(20));
    let code = |e: datenreife::app::AppError| e.code();

    assert_eq!(
        code(session.catalog_overview().await.unwrap_err()),
        ErrorCode::NoProject
    );
    assert_eq!(
        code(session.project_new("Muster.datenreife").await.unwrap_err()),
        ErrorCode::InvalidPath
    );

    // A new project: the extension is added, an existing file is never overwritten.
    let info = session
        .project_new(&s(&tmp.path().join("Muster")))
        .await
        .unwrap();
    assert!(info.path.ends_with("Muster.datenreife"), "{}", info.path);
    assert!(info.last_scan.is_none());
    assert_eq!(
        code(session.project_new(&info.path).await.unwrap_err()),
        ErrorCode::ProjectExists
    );

    let mut profile = session.company_get().await.unwrap();
    assert_eq!(profile.name, "");
    profile.name = "   ".into();
    assert_eq!(
        code(session.company_set(profile.clone()).await.unwrap_err()),
        ErrorCode::InvalidProfile
    );
    profile.name = "  Muster Medizintechnik GmbH ".into();
    session.company_set(profile).await.unwrap();
    assert_eq!(
        session.company_get().await.unwrap().name,
        "Muster Medizintechnik GmbH"
    );
    let app = session.app_info();
    assert_eq!(app.version, "9.9.9");
    assert_eq!(app.recent_projects[0].path, info.path);
    assert_eq!(app.recent_projects[0].company, "Muster Medizintechnik GmbH");
    assert_eq!(app.recent_projects[0].last_opened, "2026-11-23T10:00:00Z");
    assert!(app.features.datasets);
    assert_eq!(
        app.features.exports,
        [
            ExportKind::Pdf,
            ExportKind::Xlsx,
            ExportKind::Json,
            ExportKind::Csv,
            ExportKind::Dcat
        ]
    );

    // Refusals before a scan starts.
    let events = Arc::new(Collected::default());
    for (req, expected) in [
        (request(&[], &[]), ErrorCode::NoRoots),
        (
            ScanRequest {
                roots: vec!["relative/share".into()],
                excludes: vec![],
            },
            ErrorCode::InvalidPath,
        ),
        (
            request(&[&tmp.path().join("missing")], &[]),
            ErrorCode::FolderNotFound,
        ),
        (request(&[&info_path(&info)], &[]), ErrorCode::NotAFolder),
        (
            request(&[&share], &["[unclosed"]),
            ErrorCode::InvalidExclude,
        ),
        (request(&[tmp.path()], &[]), ErrorCode::InsideScannedFolder),
    ] {
        let e = session
            .scan_start(req.clone(), events.clone())
            .await
            .unwrap_err();
        assert_eq!(e.code(), expected, "{req:?}: {e}");
    }
    assert!(events.progress.lock().unwrap().is_empty());

    // The scan runs in the background and reports progress, then the end.
    let id = session
        .scan_start(request(&[&share], &["**/~$*"]), events.clone())
        .await
        .unwrap();
    assert_eq!(id, 1);
    let summary = events.wait().await;
    let truth = manifest();
    let total = truth["total_files"].as_integer().unwrap() as u64;
    let truth_files = truth["file"].as_array().unwrap();
    let unreadable = truth_files
        .iter()
        .filter(|f| f.get("readable").and_then(|v| v.as_bool()) == Some(false))
        .count() as u64;
    let duplicates = truth_files
        .iter()
        .filter(|f| f.get("duplicate_of").is_some())
        .count() as u64;
    assert_eq!(summary.status, ScanEnd::Completed);
    assert_eq!(summary.scan_id, 1);
    assert_eq!(summary.files_seen, total);
    assert_eq!(summary.files_new, total);
    assert!(summary.error.is_none());
    let progress = events.progress.lock().unwrap().clone();
    assert!(!progress.is_empty());
    let last = &progress.last().unwrap().1;
    assert_eq!(last.phase, ScanPhase::Done);
    assert_eq!(last.files, total);
    assert!(!session.scanning());

    // The catalogue as the UI sees it.
    let overview = session.catalog_overview().await.unwrap();
    assert_eq!(overview.roots, vec![s(&share.canonicalize().unwrap())]);
    assert_eq!(overview.totals.files, total);
    assert_eq!(overview.totals.errors, unreadable);
    assert_eq!(overview.totals.duplicates, duplicates);
    assert_eq!(overview.formats.iter().map(|f| f.files).sum::<u64>(), total);
    assert_eq!(overview.scan.as_ref().unwrap().files_seen, total);

    let page = session
        .files_page(query(FilesFilter::default(), 0, 10))
        .await
        .unwrap();
    assert_eq!(page.total, total);
    assert_eq!(page.rows.len(), 10);
    let rest = session
        .files_page(query(FilesFilter::default(), 40, 200))
        .await
        .unwrap();
    assert_eq!(rest.rows.len() as u64, total - 40);
    let personal = session
        .files_page(query(
            FilesFilter {
                only_personal: true,
                ..FilesFilter::default()
            },
            0,
            1000,
        ))
        .await
        .unwrap();
    assert_eq!(personal.total, overview.totals.personal_files);
    let errors_only = session
        .files_page(query(
            FilesFilter {
                only_errors: true,
                ..FilesFilter::default()
            },
            0,
            1000,
        ))
        .await
        .unwrap();
    assert_eq!(errors_only.total, unreadable);
    assert!(errors_only.rows.iter().all(|r| !r.readable
        && r.error_code.is_some()
        && r.error.as_deref().is_some_and(|e| !e.is_empty())));
    let archive = session
        .files_page(query(
            FilesFilter {
                text: "ARCHIV".into(),
                ..FilesFilter::default()
            },
            0,
            1000,
        ))
        .await
        .unwrap();
    assert!(archive.total > 0);
    assert!(
        archive
            .rows
            .iter()
            .all(|r| r.path.to_lowercase().contains("archiv"))
    );
    let errors_de = session.errors_list().await.unwrap();
    assert_eq!(errors_de.len() as u64, unreadable);

    // Exports: where the user says, with the extension added, never into the share.
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let export = |kind, path: PathBuf| ExportRequest {
        kind,
        path: s(&path),
        lang: Lang::De,
    };
    let xlsx = session
        .export_run(export(ExportKind::Xlsx, out.join("Katalog")))
        .await
        .unwrap();
    assert!(xlsx.path.ends_with("Katalog.xlsx"));
    assert_eq!(std::fs::metadata(&xlsx.path).unwrap().len(), xlsx.bytes);
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut book: Xlsx<_> = open_workbook(&xlsx.path).unwrap();
        let sheets = book.sheet_names().to_owned();
        assert_eq!(
            sheets,
            vec![
                "Dateien",
                "Bereitschaft",
                "Datensätze",
                "Befunde",
                "Bewertung im Detail",
                "Fehler"
            ]
        );
        let datasets = book.worksheet_range("Datensätze").unwrap();
        assert!(
            datasets.height() > 10,
            "the example share has many datasets"
        );
        let files = book.worksheet_range("Dateien").unwrap();
        assert_eq!(files.height() as u64, total + 1);
        let errors = book.worksheet_range("Fehler").unwrap();
        assert_eq!(errors.height() as u64, unreadable + 1);
    }
    let json = session
        .export_run(export(ExportKind::Json, out.join("katalog.json")))
        .await
        .unwrap();
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json.path).unwrap()).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len() as u64, total);
    let csv = session
        .export_run(export(ExportKind::Csv, out.join("katalog.csv")))
        .await
        .unwrap();
    let mut reader = csv::Reader::from_path(&csv.path).unwrap();
    assert_eq!(reader.records().count() as u64, total);

    for (req, expected) in [
        (
            export(ExportKind::Xlsx, share.join("katalog.xlsx")),
            ErrorCode::InsideScannedFolder,
        ),
        (
            export(ExportKind::Xlsx, share.join("99_Archiv/../katalog.xlsx")),
            ErrorCode::InsideScannedFolder,
        ),
        (
            export(ExportKind::Json, out.join("nope/katalog.json")),
            ErrorCode::FolderNotFound,
        ),
        (export(ExportKind::Json, out.clone()), ErrorCode::NotAFile),
        (
            export(ExportKind::Xlsx, info_path(&info)),
            ErrorCode::ProjectExists,
        ),
        (
            export(ExportKind::Pdf, share.join("bericht.pdf")),
            ErrorCode::InsideScannedFolder,
        ),
    ] {
        let e = session.export_run(req.clone()).await.unwrap_err();
        assert_eq!(e.code(), expected, "{req:?}: {e}");
    }

    // The PDF report and the DCAT draft.
    let pdf = session
        .export_run(export(ExportKind::Pdf, out.join("Bericht")))
        .await
        .unwrap();
    assert!(pdf.path.ends_with("Bericht.pdf"));
    let bytes = std::fs::read(&pdf.path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        bytes.len() > 50_000,
        "a report of the example share has many pages"
    );
    let dcat = session
        .export_run(export(ExportKind::Dcat, out.join("katalog")))
        .await
        .unwrap();
    assert!(dcat.path.ends_with("katalog.jsonld"));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&dcat.path).unwrap()).unwrap();
    assert!(doc["@context"].is_object(), "{doc}");

    // Datasets: listed with scores, opened with tables, annotated and re-scored.
    let datasets = session.datasets_list().await.unwrap();
    let truth = manifest();
    let expected_ids: Vec<&str> = truth["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(datasets.len(), expected_ids.len());
    assert!(datasets.iter().all(|d| d.files > 0));
    let personal = datasets
        .iter()
        .filter(|d| d.personal_data && d.findings.critical > 0)
        .max_by_key(|d| d.rows)
        .expect("a personal dataset with a critical finding");
    let detail = session.dataset_detail(&personal.id).await.unwrap();
    assert_eq!(detail.dataset, *personal);
    assert_eq!(detail.files.len() as u64, personal.files);
    assert!(!detail.tables.is_empty() && detail.tables.iter().all(|t| !t.columns.is_empty()));
    assert!(
        detail
            .findings
            .iter()
            .any(|f| f.code == "rights.legal_basis_missing" && !f.next_step.is_empty()),
        "{:?}",
        detail.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
    );
    assert!(detail.annotations.is_empty());
    let rescored = session
        .dataset_annotate(&personal.id, AnnotationKey::LegalBasis, "Vertrag")
        .await
        .unwrap();
    assert!(
        rescored.scores.rights > personal.scores.rights,
        "{} → {}",
        personal.scores.rights,
        rescored.scores.rights
    );
    let detail = session.dataset_detail(&personal.id).await.unwrap();
    assert_eq!(
        detail
            .annotations
            .get(&AnnotationKey::LegalBasis)
            .map(String::as_str),
        Some("contract")
    );
    assert!(
        !detail
            .findings
            .iter()
            .any(|f| f.code == "rights.legal_basis_missing")
    );
    // Refused values and unknown datasets leave everything as it was.
    let e = session
        .dataset_annotate(
            &personal.id,
            AnnotationKey::LegalBasis,
            "weil wir es brauchen",
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidAnnotation);
    assert!(session.ipc_error(e).message.contains("contract"));
    let e = session
        .dataset_annotate("gibt-es-nicht", AnnotationKey::Owner, "QM")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatasetNotFound);
    assert_eq!(
        session
            .dataset_detail("gibt-es-nicht")
            .await
            .unwrap_err()
            .code(),
        ErrorCode::DatasetNotFound
    );
    // An empty value removes the fact again.
    let removed = session
        .dataset_annotate(&personal.id, AnnotationKey::LegalBasis, "  ")
        .await
        .unwrap();
    assert_eq!(removed.scores, personal.scores);
    // No raw personal value crosses IPC.
    let ipc_text =
        serde_json::to_string(&session.dataset_detail(&personal.id).await.unwrap()).unwrap();
    for value in raw_personal_values(&share) {
        assert!(
            !ipc_text.contains(&value),
            "raw value `{value}` in the dataset detail"
        );
    }

    assert_eq!(
        util::snapshot(&share),
        before,
        "the session changed the scanned share"
    );

    // Settings: applied at once (messages follow the language) and kept for next time.
    let mut settings = session.settings_get();
    assert_eq!(settings, Settings::default());
    settings.lang = Lang::En;
    settings.branding.colour = "#112233".into();
    session.settings_set(settings.clone()).unwrap();
    let errors_en = session.errors_list().await.unwrap();
    assert_eq!(errors_en.len(), errors_de.len());
    assert_ne!(errors_en[0].reason, errors_de[0].reason);
    let bad = Settings {
        questionnaire_dir: Some(s(&tmp.path().join("missing"))),
        ..settings.clone()
    };
    assert_eq!(
        session.settings_set(bad).unwrap_err().code(),
        ErrorCode::FolderNotFound
    );
    let questionnaires = repo().join("questionnaires");
    let good = Settings {
        questionnaire_dir: Some(s(&questionnaires)),
        knowledge_dir: Some(s(&repo().join("knowledge"))),
        ..settings.clone()
    };
    session.settings_set(good.clone()).unwrap();
    let again = Session::new(tmp.path().join("config"), "9.9.9");
    assert_eq!(again.settings_get(), good);
    assert_eq!(again.lang(), datenreife::i18n::Lang::En);

    // Opening: the project as it was saved; other files are refused and left alone.
    let reopened = again.project_open(&info.path).await.unwrap();
    assert_eq!(reopened.company.name, "Muster Medizintechnik GmbH");
    assert_eq!(
        reopened.last_scan.unwrap().status,
        datenreife::app::ipc::ScanState::Completed
    );
    let foreign = tmp.path().join("other.sqlite");
    {
        let conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&foreign)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(conn).await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let foreign_bytes = std::fs::read(&foreign).unwrap();
    let text = util::write(
        tmp.path(),
        "notes.datenreife",
        "just some text, not a database",
    );
    for (path, expected) in [
        (
            tmp.path().join("gone.datenreife"),
            ErrorCode::ProjectNotFound,
        ),
        (out.clone(), ErrorCode::NotAFile),
        (text, ErrorCode::NotAProject),
        (foreign.clone(), ErrorCode::NotAProject),
    ] {
        let e = again.project_open(&s(&path)).await.unwrap_err();
        assert_eq!(e.code(), expected, "{path:?}: {e}");
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), foreign_bytes);
    again.shutdown(Duration::from_secs(1)).await;
    session.shutdown(Duration::from_secs(1)).await;
}

/// Names, e-mail addresses and IBANs of the example share's customer and patient
/// tables, read from the files themselves.
fn raw_personal_values(share: &Path) -> Vec<String> {
    let mut values = Vec::new();
    for entry in walkdir(share) {
        let text = match std::fs::read_to_string(&entry) {
            Ok(t) => t,
            Err(_) => continue,
        };
        for token in text.split([';', ',', '\n', '\t', '"']) {
            let token = token.trim();
            let email = token.contains('@') && token.contains('.') && token.len() > 6;
            let iban = token.starts_with("DE")
                && token.len() >= 22
                && token[2..4].chars().all(|c| c.is_ascii_digit());
            if email || iban {
                values.push(token.to_owned());
            }
        }
    }
    values.sort();
    values.dedup();
    assert!(
        values.len() > 5,
        "the example share has e-mail addresses and IBANs"
    );
    values
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                out.push(path);
            }
        }
    }
    out
}

fn info_path(info: &datenreife::app::ipc::ProjectInfo) -> PathBuf {
    PathBuf::from(&info.path)
}

/// A share large enough that a scan takes a while.
fn big_share(root: &Path, files: usize) {
    for i in 0..files {
        let dir = root.join(format!("bereich{:02}/ordner{:04}", i / 2_000, i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        std::fs::write(
            dir.join(format!("datei{i:06}.csv")),
            format!("Datum;Menge\n01.02.2024;{i}\n"),
        )
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_scan_blocks_a_second_one_and_can_be_cancelled() {
    let tmp = tempfile::tempdir().unwrap();
    let share = tmp.path().join("share");
    big_share(&share, 20_000);
    let session = Session::new(tmp.path().join("config"), "0")
        .with_progress_interval(Duration::from_millis(50));
    let info = session
        .project_new(&s(&tmp.path().join("p.datenreife")))
        .await
        .unwrap();
    let events = Arc::new(Collected::default());
    let started = Instant::now();
    session
        .scan_start(request(&[&share], &[]), events.clone())
        .await
        .unwrap();
    assert!(session.scanning());
    let second = session
        .scan_start(request(&[&share], &[]), events.clone())
        .await
        .unwrap_err();
    assert_eq!(second.code(), ErrorCode::ScanRunning);
    assert_eq!(
        session.project_open(&info.path).await.unwrap_err().code(),
        ErrorCode::ScanRunning
    );
    // Reading while the scan writes works (the last committed state: nothing yet).
    assert_eq!(session.catalog_overview().await.unwrap().totals.files, 0);
    session.scan_cancel();
    let summary = events.wait().await;
    let took = started.elapsed();
    assert_eq!(summary.status, ScanEnd::Cancelled, "{summary:?}");
    assert!(summary.files_seen < 20_000, "{summary:?}");
    assert!(!session.scanning());
    let overview = session.catalog_overview().await.unwrap();
    assert_eq!(
        overview.scan.unwrap().status,
        datenreife::app::ipc::ScanState::Cancelled
    );
    assert_eq!(overview.totals.files, summary.files_seen);

    // Progress is sampled, not sent per file: about one event per interval.
    let progress = events.progress.lock().unwrap().clone();
    let most = took.as_millis() as usize / 50 + 3;
    assert!(
        !progress.is_empty() && progress.len() <= most,
        "{} events in {took:?}",
        progress.len()
    );
    assert_eq!(events.finished.lock().unwrap().len(), 1);

    // The next scan may start at once and sees what the cancelled one kept.
    let events = Arc::new(Collected::default());
    session
        .scan_start(request(&[&share], &[]), events.clone())
        .await
        .unwrap();
    let summary = events.wait().await;
    assert_eq!(summary.status, ScanEnd::Completed);
    assert_eq!(summary.files_seen, 20_000);
    assert!(
        events
            .progress
            .lock()
            .unwrap()
            .iter()
            .any(|(_, p)| p.files_per_second > 0.0)
    );
    let page = session
        .files_page(query(FilesFilter::default(), 19_990, 100))
        .await
        .unwrap();
    assert_eq!(page.total, 20_000);
    assert_eq!(page.rows.len(), 10);
    session.shutdown(Duration::from_secs(1)).await;
}

/// Writes a project with `files` files in one completed scan, without scanning.
async fn synthetic_project(path: &Path, files: usize) {
    use datenreife::store::Project;
    use datenreife::store::inventory::{self, FileRecord, ScanCounts};
    let project = Project::open(path).await.unwrap();
    let mut tx = project.pool().begin().await.unwrap();
    let scan = inventory::begin_scan(&mut tx, "2026-11-20T09:00:00Z", "{}")
        .await
        .unwrap();
    let root = inventory::upsert_root(&mut tx, "/srv/share", b"/srv/share", scan)
        .await
        .unwrap();
    let records: Vec<FileRecord> = (0..files)
        .map(|i| {
            let rel = format!(
                "Abteilung {:02}/Projekt {:04}/Datei {i:06}.csv",
                i / 10_000,
                i / 100
            );
            FileRecord {
                id: i as i64 + 1,
                root_id: root,
                rel_path_raw: rel.clone().into_bytes(),
                rel_path: rel,
                size: (i as i64 * 7_919) % 5_000_000,
                mtime_ns: Some(1_600_000_000_000_000_000 + i as i64 * 1_000_000_000),
                format: ["csv", "pdf", "xlsx"][i % 3],
                readable: i % 500 != 0,
                error_code: (i % 500 == 0).then(|| "permission_denied".into()),
                ..FileRecord::default()
            }
        })
        .collect();
    inventory::insert_files(&mut tx, records, scan)
        .await
        .unwrap();
    let counts = ScanCounts {
        files_seen: files as i64,
        ..ScanCounts::default()
    };
    inventory::finish_scan(&mut tx, scan, "2026-11-20T09:01:00Z", "completed", &counts)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    project.close().await;
}

/// Timings of the file list at 100,000 files (printed; run with
/// `cargo test --test it files_page_at_100k -- --ignored --nocapture`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement"]
#[allow(clippy::print_stderr)]
async fn files_page_at_100k() {
    const FILES: usize = 100_000;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("gross.datenreife");
    synthetic_project(&path, FILES).await;
    let session = Session::new(tmp.path().join("config"), "0");
    let t = Instant::now();
    session.project_open(&s(&path)).await.unwrap();
    let open = t.elapsed();
    let t = Instant::now();
    let overview = session.catalog_overview().await.unwrap();
    let first_overview = t.elapsed();
    assert_eq!(overview.totals.files, FILES as u64);
    let t = Instant::now();
    session.catalog_overview().await.unwrap();
    let cached_overview = t.elapsed();
    let mut timings = Vec::new();
    let sort = |key, dir| FileSort { key, dir };
    use datenreife::app::ipc::SortDir::{Asc, Desc};
    for (name, filter, sort, offset) in [
        (
            "first page, path order",
            FilesFilter::default(),
            sort(FileSortKey::Path, Asc),
            0,
        ),
        (
            "page at 50,000, path order",
            FilesFilter::default(),
            sort(FileSortKey::Path, Asc),
            50_000,
        ),
        (
            "first page by size, descending",
            FilesFilter::default(),
            sort(FileSortKey::Size, Desc),
            0,
        ),
        (
            "next page by size",
            FilesFilter::default(),
            sort(FileSortKey::Size, Desc),
            200,
        ),
        (
            "first page by modified",
            FilesFilter::default(),
            sort(FileSortKey::Modified, Desc),
            0,
        ),
        (
            "text filter `projekt 07`",
            FilesFilter {
                text: "projekt 07".into(),
                ..FilesFilter::default()
            },
            sort(FileSortKey::Path, Asc),
            0,
        ),
        (
            "only unreadable",
            FilesFilter {
                only_errors: true,
                ..FilesFilter::default()
            },
            sort(FileSortKey::Path, Asc),
            0,
        ),
    ] {
        let t = Instant::now();
        let page = session
            .files_page(FilesQuery {
                offset,
                limit: 200,
                filter,
                sort,
            })
            .await
            .unwrap();
        timings.push((name, t.elapsed(), page.total));
    }
    eprintln!(
        "100k files: open {open:?}, first overview (loads the list) {first_overview:?}, cached overview {cached_overview:?}"
    );
    for (name, took, total) in timings {
        eprintln!("100k files: {name}: {took:?} ({total} matching)");
    }
    // Datasets: grouped and scored once per scan, then served from memory.
    let t = Instant::now();
    let datasets = session.datasets_list().await.unwrap();
    let first_datasets = t.elapsed();
    assert!(!datasets.is_empty());
    let t = Instant::now();
    session.datasets_list().await.unwrap();
    let cached_datasets = t.elapsed();
    let biggest = datasets.iter().max_by_key(|d| d.files).unwrap();
    let t = Instant::now();
    let detail = session.dataset_detail(&biggest.id).await.unwrap();
    let detail_took = t.elapsed();
    eprintln!(
        "100k files: {} datasets, first list (groups and scores) {first_datasets:?}, cached {cached_datasets:?}; detail of the largest ({} files) {detail_took:?}",
        datasets.len(),
        detail.files.len()
    );
}
