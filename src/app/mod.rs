//! The desktop session: everything the app window asks of the core, without any GUI
//! types.
//!
//! A [`Session`] holds the open project, the running scan and the user's settings.
//! The Tauri shell (`src-tauri/`) turns each IPC command into one call here and each
//! [`ScanEvents`] callback into an event; tests drive the same calls directly.
//!
//! - Every path that comes from the UI is checked here before it is used ([`paths`]):
//!   it must be absolute, exist and be a folder or a file as expected, and nothing the
//!   app writes (projects, exports) may land inside a scanned folder.
//! - Errors are [`AppError`]s with a closed set of [`ErrorCode`]s and messages in the
//!   UI language; across IPC they are [`IpcError`] `{code, message}`.
//! - Scans run on the async runtime in the background; their progress is sampled a few
//!   times per second ([`Session::with_progress_interval`]) and reported with the
//!   files-per-second rate of the last seconds. They use every core but one, so the
//!   window keeps a core to itself.
//! - The file list of a project is cached per committed scan (`listing`), so paging,
//!   filtering and sorting 100,000 files answer in milliseconds.
//! - Settings and recent projects live in the user's config folder ([`ConfigFolder`]).

mod error;
pub mod ipc;
mod listing;
mod paths;
mod settings;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};

pub use error::{AppError, ErrorCode, IpcError, Result, SettingsProblem};
use ipc::{
    AnnotationKey, AppInfo, CatalogError, CatalogOverview, CompanyProfile, DatasetDetail,
    DatasetSummary, ExportKind, ExportRequest, ExportResult, Features, FilesPage, FilesQuery,
    ProjectInfo, RecentProject, ScanEnd, ScanProgress, ScanRequest, ScanSummary, Settings,
};
use listing::Listing;
pub use settings::{ConfigFolder, validate as validate_settings};

use crate::catalog::{Catalog, CatalogOptions, annotation, dcat, export};
use crate::i18n::Lang;
use crate::scan::{self, ScanControl, ScanOptions, ScanStatus};
use crate::store::{Project, browse};

/// The clock of a session (times of recent projects); tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Receives what a background scan reports. The shell turns these into the
/// `scan-progress` and `scan-finished` events.
pub trait ScanEvents: Send + Sync + 'static {
    /// A progress sample, a few times per second while the scan runs.
    fn progress(&self, progress: &ScanProgress);
    /// The end of the scan, exactly once. By then the session accepts a new scan.
    fn finished(&self, summary: &ScanSummary);
}

struct OpenProject {
    project: Project,
    listing: Option<Arc<Listing>>,
    catalog: Option<CachedCatalog>,
}

/// Datasets grouped and scored as of a committed scan, in one language. Annotations
/// and company profile changes drop it.
struct CachedCatalog {
    stamp: (i64, String),
    lang: Lang,
    catalog: Arc<Catalog>,
}

type OpenSlot = tokio::sync::Mutex<Option<OpenProject>>;

/// The file list as of the last committed scan, loaded once per scan.
async fn ensure_listing(open: &OpenSlot) -> Result<Arc<Listing>> {
    let mut open = open.lock().await;
    let state = open.as_mut().ok_or(AppError::NoProject)?;
    let stamp = {
        let mut conn = state.project.pool().acquire().await?;
        browse::inventory_stamp(&mut conn).await?
    };
    if let Some(listing) = &state.listing
        && listing.stamp == stamp
    {
        return Ok(Arc::clone(listing));
    }
    let listing = Arc::new(Listing::load(&state.project, stamp).await?);
    state.listing = Some(Arc::clone(&listing));
    Ok(listing)
}

/// Loads the file list in the background (after opening a project or a scan), so the
/// catalogue is ready or nearly so when the window asks for it.
fn warm_listing(open: &Arc<OpenSlot>) {
    let open = Arc::clone(open);
    tokio::spawn(async move {
        let _ = ensure_listing(&open).await;
    });
}

/// One user's desktop session.
pub struct Session {
    config: ConfigFolder,
    settings: Mutex<Settings>,
    open: Arc<OpenSlot>,
    scan: Arc<Mutex<Option<ScanControl>>>,
    clock: Clock,
    version: String,
    progress_every: Duration,
    scan_jobs: usize,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("config", &self.config)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

fn now_rfc3339(clock: &Clock) -> String {
    clock().to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Session {
    /// A session whose settings and recent projects live in `config_dir`; `version` is
    /// shown on the start screen. Progress is reported four times per second.
    pub fn new(config_dir: impl Into<PathBuf>, version: &str) -> Session {
        let config = ConfigFolder::new(config_dir);
        Session {
            settings: Mutex::new(config.settings()),
            config,
            open: Arc::new(tokio::sync::Mutex::new(None)),
            scan: Arc::new(Mutex::new(None)),
            clock: Arc::new(Utc::now),
            version: version.to_owned(),
            progress_every: Duration::from_millis(250),
            scan_jobs: desktop_scan_jobs(),
        }
    }

    /// Uses `jobs` scan threads (0: every core) instead of leaving one core to the
    /// window.
    pub fn with_scan_jobs(mut self, jobs: usize) -> Session {
        self.scan_jobs = jobs;
        self
    }

    /// Uses `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Clock) -> Session {
        self.clock = clock;
        self
    }

    /// Reports scan progress every `interval` (at least 20 ms).
    pub fn with_progress_interval(mut self, interval: Duration) -> Session {
        self.progress_every = interval.max(Duration::from_millis(20));
        self
    }

    /// The language of the settings, for messages.
    pub fn lang(&self) -> Lang {
        self.settings
            .lock()
            .map(|s| s.lang)
            .unwrap_or_default()
            .into()
    }

    /// `error` as it crosses IPC, in the session's language.
    pub fn ipc_error(&self, error: AppError) -> IpcError {
        error.to_ipc(self.lang())
    }

    /// What this version can do: datasets with annotations, and every export.
    pub fn features() -> Features {
        Features {
            datasets: true,
            exports: vec![
                ExportKind::Pdf,
                ExportKind::Xlsx,
                ExportKind::Json,
                ExportKind::Csv,
                ExportKind::Dcat,
            ],
        }
    }

    // ------------------------------------------------------------------ app, projects

    /// Version, recent projects that still exist, and features.
    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: self.version.clone(),
            recent_projects: self
                .config
                .recent()
                .into_iter()
                .filter(|p| Path::new(&p.path).is_file())
                .collect(),
            features: Self::features(),
        }
    }

    /// Creates a project file at `path` (`.datenreife` is added when the name has no
    /// extension) and opens it.
    ///
    /// # Errors
    /// Path errors, [`AppError::ProjectExists`] when a file is already there,
    /// [`AppError::ScanRunning`], storage errors.
    pub async fn project_new(&self, path: &str) -> Result<ProjectInfo> {
        let path = paths::file_to_write(path, "datenreife")?;
        if path.exists() {
            return Err(AppError::ProjectExists(path));
        }
        self.refuse_while_scanning()?;
        let project = Project::open(&path).await?;
        self.switch_to(project).await
    }

    /// Opens an existing project file.
    ///
    /// # Errors
    /// [`AppError::ProjectNotFound`], [`AppError::NotAFile`], [`AppError::NotAProject`]
    /// (also for SQLite files of other programs, which are never changed),
    /// [`AppError::ProjectTooNew`], [`AppError::ScanRunning`].
    pub async fn project_open(&self, path: &str) -> Result<ProjectInfo> {
        let path = match paths::existing_file(path) {
            Err(AppError::FileNotFound(p)) => return Err(AppError::ProjectNotFound(p)),
            other => other?,
        };
        if !browse::is_project_file(&path).await {
            return Err(AppError::NotAProject(path));
        }
        self.refuse_while_scanning()?;
        let project = Project::open_existing(&path).await?;
        self.switch_to(project).await
    }

    async fn switch_to(&self, project: Project) -> Result<ProjectInfo> {
        let info = project_info(&project).await?;
        let previous = self.open.lock().await.replace(OpenProject {
            project,
            listing: None,
            catalog: None,
        });
        if let Some(previous) = previous
            && previous.project.path() != Path::new(&info.path)
        {
            previous.project.close().await;
        }
        if info.last_scan.is_some() {
            warm_listing(&self.open);
        }
        self.config.remember(RecentProject {
            path: info.path.clone(),
            company: info.company.name.clone(),
            last_opened: now_rfc3339(&self.clock),
        })?;
        Ok(info)
    }

    fn refuse_while_scanning(&self) -> Result<()> {
        match self.scan.lock() {
            Ok(slot) if slot.is_some() => Err(AppError::ScanRunning),
            _ => Ok(()),
        }
    }

    async fn project(&self) -> Result<Project> {
        self.open
            .lock()
            .await
            .as_ref()
            .map(|o| o.project.clone())
            .ok_or(AppError::NoProject)
    }

    /// For the end of the app: cancels a running scan, waits up to `wait` for it to
    /// save what it saw, then closes the open project (flushing its write-ahead log).
    pub async fn shutdown(&self, wait: Duration) {
        self.scan_cancel();
        let deadline = Instant::now() + wait;
        while self.scanning() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if let Some(open) = self.open.lock().await.take() {
            open.project.close().await;
        }
    }

    /// The company profile of the open project.
    ///
    /// # Errors
    /// [`AppError::NoProject`], storage errors.
    pub async fn company_get(&self) -> Result<CompanyProfile> {
        Ok(self.project().await?.company_profile().await?.into())
    }

    /// Saves the company profile (texts trimmed; the name is required).
    ///
    /// # Errors
    /// [`AppError::MissingCompanyName`], [`AppError::NoProject`], storage errors.
    pub async fn company_set(&self, profile: CompanyProfile) -> Result<()> {
        let mut profile = profile;
        profile.name = profile.name.trim().to_owned();
        profile.product = profile.product.trim().to_owned();
        profile.assessor = profile.assessor.trim().to_owned();
        if profile.name.is_empty() {
            return Err(AppError::MissingCompanyName);
        }
        let project = self.project().await?;
        let name = profile.name.clone();
        project.set_company_profile(&profile.into()).await?;
        self.forget_catalog().await;
        self.config
            .rename_recent(&project.path().to_string_lossy(), &name)
    }

    // ------------------------------------------------------------------ scan

    /// Starts a scan of `request.roots` in the background and returns the id it will
    /// have. Progress and the end arrive through `events`.
    ///
    /// Checked before anything starts: every root is an absolute, existing, readable
    /// folder; the project file is not inside one; every exclusion is a valid glob; no
    /// other scan runs.
    ///
    /// # Errors
    /// [`AppError::NoProject`], [`AppError::NoRoots`], path errors,
    /// [`AppError::InsideScannedFolder`], [`AppError::InvalidExclude`],
    /// [`AppError::ScanRunning`].
    pub async fn scan_start(
        &self,
        request: ScanRequest,
        events: Arc<dyn ScanEvents>,
    ) -> Result<i64> {
        let project = self.project().await?;
        let roots = request
            .roots
            .iter()
            .filter(|r| !r.trim().is_empty())
            .map(|r| paths::existing_folder(r))
            .collect::<Result<Vec<PathBuf>>>()?;
        if roots.is_empty() {
            return Err(AppError::NoRoots);
        }
        let excludes: Vec<String> = request
            .excludes
            .iter()
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())
            .collect();
        for pattern in &excludes {
            globset::Glob::new(pattern).map_err(|_| AppError::InvalidExclude(pattern.clone()))?;
        }
        let options = ScanOptions {
            roots,
            excludes,
            jobs: self.scan_jobs,
            ..ScanOptions::default()
        };
        let resolved = scan::resolve_roots(&options, project.path())?;
        let next_id = {
            let mut conn = project.pool().acquire().await?;
            browse::inventory_stamp(&mut conn).await?.0 + 1
        };

        let control = ScanControl::default();
        {
            let mut slot = self
                .scan
                .lock()
                .map_err(|_| AppError::Internal("scan state poisoned".into()))?;
            if slot.is_some() {
                return Err(AppError::ScanRunning);
            }
            *slot = Some(control.clone());
        }
        let run = BackgroundScan {
            project,
            options,
            roots: resolved,
            control,
            slot: Arc::clone(&self.scan),
            open: Arc::clone(&self.open),
            events,
            every: self.progress_every,
            lang: self.lang(),
        };
        tokio::spawn(run.run());
        Ok(next_id)
    }

    /// Asks the running scan to stop; it ends with status `cancelled` and keeps what it
    /// saw. Without a running scan nothing happens.
    pub fn scan_cancel(&self) {
        if let Ok(slot) = self.scan.lock()
            && let Some(control) = slot.as_ref()
        {
            control.cancel();
        }
    }

    /// Whether a scan is running.
    pub fn scanning(&self) -> bool {
        self.scan.lock().map(|s| s.is_some()).unwrap_or(false)
    }

    // ------------------------------------------------------------------ catalogue

    async fn listing(&self) -> Result<Arc<Listing>> {
        ensure_listing(&self.open).await
    }

    /// Roots, latest scan, totals and formats of the open project.
    ///
    /// # Errors
    /// [`AppError::NoProject`], storage errors.
    pub async fn catalog_overview(&self) -> Result<CatalogOverview> {
        Ok(self.listing().await?.overview())
    }

    /// One page of the file list, filtered and sorted; at most 1,000 rows.
    ///
    /// # Errors
    /// [`AppError::NoProject`], storage errors.
    pub async fn files_page(&self, query: FilesQuery) -> Result<FilesPage> {
        let listing = self.listing().await?;
        Ok(listing.page(&query, self.lang()))
    }

    /// Entries of the latest state that could not be read, with reasons.
    ///
    /// # Errors
    /// [`AppError::NoProject`], storage errors.
    pub async fn errors_list(&self) -> Result<Vec<CatalogError>> {
        let listing = self.listing().await?;
        Ok(listing.errors(self.lang()))
    }

    // ------------------------------------------------------------------ datasets

    /// The open project's datasets, grouped and scored as of the latest scan (the
    /// day it started), loaded once per scan, language and change.
    async fn catalog(&self) -> Result<Arc<Catalog>> {
        let lang = self.lang();
        let (project, stamp) = {
            let open = self.open.lock().await;
            let state = open.as_ref().ok_or(AppError::NoProject)?;
            let stamp = {
                let mut conn = state.project.pool().acquire().await?;
                browse::inventory_stamp(&mut conn).await?
            };
            if let Some(cached) = &state.catalog
                && cached.stamp == stamp
                && cached.lang == lang
            {
                return Ok(Arc::clone(&cached.catalog));
            }
            (state.project.clone(), stamp)
        };
        // Loaded without holding the lock and on a blocking thread (grouping and scoring
        // 100,000 files is seconds of CPU), so the overview and the file list, which
        // the window asks for at the same time, are not starved.
        let loader = project.clone();
        let handle = tokio::runtime::Handle::current();
        let catalog = tokio::task::spawn_blocking(move || {
            handle.block_on(Catalog::load_with(
                &loader,
                &CatalogOptions::new(lang, None),
            ))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
        let catalog = Arc::new(catalog);
        if let Some(state) = self.open.lock().await.as_mut()
            && state.project.path() == project.path()
        {
            state.catalog = Some(CachedCatalog {
                stamp,
                lang,
                catalog: Arc::clone(&catalog),
            });
        }
        Ok(catalog)
    }

    async fn forget_catalog(&self) {
        if let Some(state) = self.open.lock().await.as_mut() {
            state.catalog = None;
        }
    }

    /// Datasets with scores and finding counts, in catalogue order (by folder).
    ///
    /// # Errors
    /// [`AppError::NoProject`], storage errors.
    pub async fn datasets_list(&self) -> Result<Vec<DatasetSummary>> {
        let catalog = self.catalog().await?;
        Ok(catalog.datasets.iter().map(DatasetSummary::from).collect())
    }

    /// One dataset with files, tables (statistics and masked examples only), findings
    /// and annotations.
    ///
    /// # Errors
    /// [`AppError::DatasetNotFound`], [`AppError::NoProject`], storage errors.
    pub async fn dataset_detail(&self, id: &str) -> Result<DatasetDetail> {
        let catalog = self.catalog().await?;
        let dataset = catalog
            .dataset(id)
            .ok_or_else(|| AppError::DatasetNotFound(id.to_owned()))?;
        Ok(DatasetDetail::from_catalog(&catalog, dataset))
    }

    /// Stores one documented fact of a dataset (an empty value removes it) and returns
    /// the dataset re-scored. Choice values (origin, legal basis, relevance) may be
    /// ids or their labels.
    ///
    /// # Errors
    /// [`AppError::InvalidAnnotation`], [`AppError::DatasetNotFound`],
    /// [`AppError::NoProject`], storage errors.
    pub async fn dataset_annotate(
        &self,
        id: &str,
        key: AnnotationKey,
        value: &str,
    ) -> Result<DatasetSummary> {
        let key = annotation::AnnotationKey::from(key);
        let (_, value) = annotation::validate(key.id(), value)?;
        if self.catalog().await?.dataset(id).is_none() {
            return Err(AppError::DatasetNotFound(id.to_owned()));
        }
        let project = self.project().await?;
        let now = now_rfc3339(&self.clock);
        let mut conn = project.pool().acquire().await?;
        crate::store::datasets::set_annotation(&mut conn, id, key.id(), value.as_deref(), &now)
            .await?;
        drop(conn);
        self.forget_catalog().await;
        let catalog = self.catalog().await?;
        catalog
            .dataset(id)
            .map(DatasetSummary::from)
            .ok_or_else(|| AppError::DatasetNotFound(id.to_owned()))
    }

    // ------------------------------------------------------------------ export

    /// Writes an export of the open project to `request.path` (the kind's extension is
    /// added when the name has none) and returns where and how large. The file is
    /// written next to its target and renamed into place.
    ///
    /// # Errors
    /// [`AppError::ReportFailed`] and settings errors for the PDF report,
    /// [`AppError::NoProject`], [`AppError::NothingToExport`] before the first scan,
    /// path errors, [`AppError::InsideScannedFolder`], [`AppError::WriteFailed`].
    pub async fn export_run(&self, request: ExportRequest) -> Result<ExportResult> {
        let project = self.project().await?;
        let listing = self.listing().await?;
        if listing.scan().is_none() {
            return Err(AppError::NothingToExport);
        }
        let path = paths::file_to_write(&request.path, request.kind.extension())?;
        paths::outside_roots(&path, listing.roots())?;
        if same_file(&path, project.path()) {
            return Err(AppError::ProjectExists(path));
        }
        let lang: Lang = request.lang.into();
        let kind = request.kind;
        let bytes = match kind {
            ExportKind::Pdf => self.report_pdf(&project, lang).await?,
            ExportKind::Xlsx | ExportKind::Json | ExportKind::Csv | ExportKind::Dcat => {
                let catalog =
                    Catalog::load_with(&project, &CatalogOptions::new(lang, None)).await?;
                blocking(move || encode(&catalog, kind, lang)).await?
            }
        };
        let target = path.clone();
        let size = bytes.len();
        blocking(move || {
            settings::write_atomically(&target, &bytes).map_err(|source| AppError::WriteFailed {
                path: target.clone(),
                source,
            })
        })
        .await?;
        Ok(ExportResult {
            path: path.to_string_lossy().into_owned(),
            bytes: size as u64,
        })
    }

    /// The PDF report of the open project as of today: catalogue, readiness,
    /// questionnaire results and the data-access plan, with the settings' knowledge,
    /// questionnaires and branding.
    async fn report_pdf(&self, project: &Project, lang: Lang) -> Result<Vec<u8>> {
        let settings = self.settings_get();
        let knowledge_dir = settings.knowledge_dir.as_deref().map(PathBuf::from);
        let kb = crate::sources::KnowledgeBase::resolve(knowledge_dir.as_deref()).map_err(|e| {
            AppError::InvalidSettings(SettingsProblem::Knowledge {
                path: knowledge_dir.clone().unwrap_or_default(),
                detail: e.to_string(),
            })
        })?;
        let questionnaire_dir = settings.questionnaire_dir.as_deref().map(PathBuf::from);
        let library =
            crate::questionnaire::QuestionnaireLibrary::load(questionnaire_dir.as_deref())
                .map_err(|e| {
                    AppError::InvalidSettings(SettingsProblem::Questionnaires {
                        path: questionnaire_dir.clone().unwrap_or_default(),
                        detail: e.to_string(),
                    })
                })?;
        let branding = report_branding(&settings.branding)?;
        let now = (self.clock)();
        let today = now.date_naive();
        let contents = crate::assess::load_project(project, &library, today, lang)
            .await
            .map_err(report_failed)?;
        blocking(move || {
            let options = crate::assess::AssessOptions::new(today, lang);
            let assessment =
                crate::assess::assess(&kb, &contents.catalog, contents.profile.clone(), &options)
                    .map_err(report_failed)?;
            crate::assess::report_pdf(&kb, &assessment, &contents, branding, lang, now.naive_utc())
                .map_err(report_failed)
        })
        .await
    }

    // ------------------------------------------------------------------ settings

    /// The current settings.
    pub fn settings_get(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Checks, saves and applies settings.
    ///
    /// # Errors
    /// As [`validate_settings`], and [`AppError::WriteFailed`].
    pub fn settings_set(&self, settings: Settings) -> Result<()> {
        let clean = settings::validate(&settings)?;
        self.config.save_settings(&clean)?;
        if let Ok(mut current) = self.settings.lock() {
            *current = clean;
        }
        Ok(())
    }
}

/// Scan threads in the app: every core but one, so the window stays responsive while a
/// scan runs (measured in the app window on two cores: with both busy scanning, frames
/// took up to 330 ms).
fn desktop_scan_jobs() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn encode(catalog: &Catalog, kind: ExportKind, lang: Lang) -> Result<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| AppError::Internal(format!("export failed: {e}"));
    let mut buffer = Vec::new();
    match kind {
        ExportKind::Xlsx => buffer = export::write_xlsx(catalog, lang).map_err(|e| failed(&e))?,
        ExportKind::Json => export::write_json(catalog, &mut buffer).map_err(|e| failed(&e))?,
        ExportKind::Csv => export::write_csv(catalog, &mut buffer).map_err(|e| failed(&e))?,
        ExportKind::Dcat => {
            serde_json::to_writer_pretty(&mut buffer, &dcat::document(catalog, lang))
                .map_err(|e| failed(&e))?;
            buffer.push(b'\n');
        }
        ExportKind::Pdf => {
            return Err(AppError::Internal(
                "the report is not a catalogue export".into(),
            ));
        }
    }
    Ok(buffer)
}

/// Runs CPU-bound work (scoring, layout, encoding) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

fn report_failed(e: impl std::error::Error) -> AppError {
    AppError::ReportFailed(error::error_chain(&e))
}

/// The report branding of the settings (validated when they were saved).
fn report_branding(branding: &ipc::Branding) -> Result<crate::report::Branding> {
    let logo = match branding.logo_path.as_deref().filter(|p| !p.is_empty()) {
        Some(path) => Some(crate::report::Logo {
            bytes: std::fs::read(path).map_err(|_| {
                AppError::InvalidSettings(SettingsProblem::LogoFormat(PathBuf::from(path)))
            })?,
        }),
        None => None,
    };
    let consultant = branding.consultant_name.trim();
    Ok(crate::report::Branding {
        consultant: (!consultant.is_empty()).then(|| consultant.to_owned()),
        logo,
        accent: Some(branding.colour.clone()),
    })
}

/// Path, company profile and latest scan of a project.
async fn project_info(project: &Project) -> Result<ProjectInfo> {
    let company = project.company_profile().await?;
    let mut conn = project.pool().acquire().await?;
    let last_scan = listing::latest_scan(&mut conn).await?;
    Ok(ProjectInfo {
        path: project.path().to_string_lossy().into_owned(),
        company: company.into(),
        last_scan,
    })
}

// ---------------------------------------------------------------------- background scan

struct BackgroundScan {
    project: Project,
    options: ScanOptions,
    /// The roots as the scan resolves them, to shorten the current folder.
    roots: Vec<PathBuf>,
    control: ScanControl,
    slot: Arc<Mutex<Option<ScanControl>>>,
    open: Arc<OpenSlot>,
    events: Arc<dyn ScanEvents>,
    every: Duration,
    lang: Lang,
}

impl BackgroundScan {
    async fn run(self) {
        let started = Instant::now();
        let mut rate = RateWindow::new(started);
        let mut ticker = tokio::time::interval(self.every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let work = scan::run(&self.project, &self.options, &self.control);
        tokio::pin!(work);
        let result = loop {
            tokio::select! {
                result = &mut work => break result,
                _ = ticker.tick() => {
                    let sample = self.sample(&mut rate);
                    self.events.progress(&sample);
                }
            }
        };
        let summary = match result {
            Ok(done) => {
                self.events.progress(&self.sample(&mut rate));
                ScanSummary {
                    scan_id: done.scan_id,
                    status: match done.status {
                        ScanStatus::Completed => ScanEnd::Completed,
                        ScanStatus::Cancelled => ScanEnd::Cancelled,
                    },
                    files_seen: done.files_seen.max(0) as u64,
                    files_new: done.files_new.max(0) as u64,
                    files_changed: done.files_changed.max(0) as u64,
                    files_unchanged: done.files_unchanged.max(0) as u64,
                    files_removed: done.files_removed.max(0) as u64,
                    errors: done.errors.max(0) as u64,
                    duplicates: done.duplicates.max(0) as u64,
                    duration_seconds: done.duration.as_secs_f64(),
                    error: None,
                }
            }
            Err(e) => ScanSummary {
                scan_id: 0,
                status: ScanEnd::Failed,
                files_seen: 0,
                files_new: 0,
                files_changed: 0,
                files_unchanged: 0,
                files_removed: 0,
                errors: 0,
                duplicates: 0,
                duration_seconds: started.elapsed().as_secs_f64(),
                error: Some(AppError::from(e).to_ipc(self.lang)),
            },
        };
        // Free the slot first: whoever hears "finished" may start the next scan at once.
        if let Ok(mut slot) = self.slot.lock() {
            *slot = None;
        }
        self.events.finished(&summary);
        if summary.status != ScanEnd::Failed {
            warm_listing(&self.open);
        }
    }

    fn sample(&self, rate: &mut RateWindow) -> ScanProgress {
        let s = self.control.progress().snapshot();
        ScanProgress {
            phase: s.phase.into(),
            files: s.files,
            bytes: s.bytes,
            errors: s.errors,
            opened: s.opened,
            step_done: s.step_done,
            step_total: s.step_total,
            current_folder: shorten_folder(&s.current_folder, &self.roots),
            files_per_second: rate.push(Instant::now(), s.files),
        }
    }
}

/// The folder relative to the parent of its root, so it starts with the root's name
/// (`musterfirma/Vertrieb/2024`).
fn shorten_folder(folder: &str, roots: &[PathBuf]) -> String {
    let path = Path::new(folder);
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.as_os_str().len())
        .and_then(|root| {
            let base = root.parent().unwrap_or(root);
            path.strip_prefix(base).ok()
        })
        .map(|rel| rel.to_string_lossy().into_owned())
        .unwrap_or_else(|| folder.to_owned())
}

/// Files per second over the last three seconds.
struct RateWindow {
    samples: VecDeque<(Instant, u64)>,
}

impl RateWindow {
    const SPAN: Duration = Duration::from_secs(3);

    fn new(start: Instant) -> RateWindow {
        RateWindow {
            samples: VecDeque::from([(start, 0)]),
        }
    }

    fn push(&mut self, at: Instant, files: u64) -> f64 {
        self.samples.push_back((at, files));
        while self.samples.len() > 2
            && self
                .samples
                .get(1)
                .is_some_and(|(t, _)| at.duration_since(*t) >= Self::SPAN)
        {
            self.samples.pop_front();
        }
        let (t0, f0) = self.samples[0];
        let secs = at.duration_since(t0).as_secs_f64();
        if secs <= 0.0 {
            return 0.0;
        }
        (files.saturating_sub(f0) as f64 / secs).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_uses_the_last_seconds() {
        let t0 = Instant::now();
        let mut rate = RateWindow::new(t0);
        assert_eq!(rate.push(t0 + Duration::from_secs(1), 100), 100.0);
        assert_eq!(rate.push(t0 + Duration::from_secs(2), 300), 150.0);
        // After ten seconds only the last three count.
        for s in 3..=10 {
            rate.push(t0 + Duration::from_secs(s), 300 + (s - 2) * 1_000);
        }
        let r = rate.push(t0 + Duration::from_secs(11), 300 + 9 * 1_000);
        assert_eq!(r, 1_000.0);
        // A stalled walk goes to zero.
        for s in 12..=15 {
            rate.push(t0 + Duration::from_secs(s), 9_300);
        }
        assert_eq!(rate.push(t0 + Duration::from_secs(16), 9_300), 0.0);
    }

    #[test]
    fn current_folder_starts_with_the_root_name() {
        let roots = vec![PathBuf::from("/mnt/share/musterfirma")];
        assert_eq!(
            shorten_folder("/mnt/share/musterfirma/Vertrieb/2024", &roots),
            "musterfirma/Vertrieb/2024"
        );
        assert_eq!(shorten_folder("/elsewhere", &roots), "/elsewhere");
        assert_eq!(shorten_folder("", &roots), "");
    }
}
