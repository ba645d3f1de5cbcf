//! The IPC commands of the app window. Each one delegates to the core's
//! [`Session`](datenreife::app::Session) and turns its error into `{code, message}`;
//! anything longer than that belongs in the core.

use std::sync::Arc;

use datenreife::app::ipc::{
    AnnotationKey, AppInfo, CatalogError, CatalogOverview, CompanyProfile, DatasetDetail,
    DatasetSummary, ExportRequest, ExportResult, FilesPage, FilesQuery, IpcError, ProjectInfo,
    ScanRequest, Settings,
};
use datenreife::app::{AppError, Session};
use tauri::{AppHandle, State};

use crate::events::ScanEventSink;

type Reply<T> = Result<T, IpcError>;

/// Turns a core result into an IPC reply with the message in the UI language.
fn reply<T>(session: &Session, result: Result<T, AppError>) -> Reply<T> {
    result.map_err(|e| session.ipc_error(e))
}

// Commands without `async` would run on the main (UI) thread; `async` puts them all on
// the async runtime's workers.

#[tauri::command(async)]
pub(crate) fn app_info(session: State<'_, Session>) -> AppInfo {
    session.app_info()
}

#[tauri::command]
pub(crate) async fn project_new(session: State<'_, Session>, path: String) -> Reply<ProjectInfo> {
    reply(&session, session.project_new(&path).await)
}

#[tauri::command]
pub(crate) async fn project_open(session: State<'_, Session>, path: String) -> Reply<ProjectInfo> {
    reply(&session, session.project_open(&path).await)
}

#[tauri::command]
pub(crate) async fn company_get(session: State<'_, Session>) -> Reply<CompanyProfile> {
    reply(&session, session.company_get().await)
}

#[tauri::command]
pub(crate) async fn company_set(session: State<'_, Session>, profile: CompanyProfile) -> Reply<()> {
    reply(&session, session.company_set(profile).await)
}

#[tauri::command]
pub(crate) async fn scan_start(
    app: AppHandle,
    session: State<'_, Session>,
    request: ScanRequest,
) -> Reply<i64> {
    let events = Arc::new(ScanEventSink::new(app));
    reply(&session, session.scan_start(request, events).await)
}

#[tauri::command(async)]
pub(crate) fn scan_cancel(session: State<'_, Session>) {
    session.scan_cancel();
}

#[tauri::command]
pub(crate) async fn catalog_overview(session: State<'_, Session>) -> Reply<CatalogOverview> {
    reply(&session, session.catalog_overview().await)
}

#[tauri::command]
pub(crate) async fn files_page(session: State<'_, Session>, query: FilesQuery) -> Reply<FilesPage> {
    reply(&session, session.files_page(query).await)
}

#[tauri::command]
pub(crate) async fn errors_list(session: State<'_, Session>) -> Reply<Vec<CatalogError>> {
    reply(&session, session.errors_list().await)
}

#[tauri::command]
pub(crate) async fn datasets_list(session: State<'_, Session>) -> Reply<Vec<DatasetSummary>> {
    reply(&session, session.datasets_list().await)
}

#[tauri::command]
pub(crate) async fn dataset_detail(
    session: State<'_, Session>,
    id: String,
) -> Reply<DatasetDetail> {
    reply(&session, session.dataset_detail(&id).await)
}

#[tauri::command]
pub(crate) async fn dataset_annotate(
    session: State<'_, Session>,
    id: String,
    key: AnnotationKey,
    value: String,
) -> Reply<DatasetSummary> {
    reply(&session, session.dataset_annotate(&id, key, &value).await)
}

#[tauri::command]
pub(crate) async fn export_run(
    session: State<'_, Session>,
    request: ExportRequest,
) -> Reply<ExportResult> {
    reply(&session, session.export_run(request).await)
}

#[tauri::command(async)]
pub(crate) fn settings_get(session: State<'_, Session>) -> Settings {
    session.settings_get()
}

#[tauri::command(async)]
pub(crate) fn settings_set(session: State<'_, Session>, settings: Settings) -> Reply<()> {
    let lang = settings.lang;
    session
        .settings_set(settings)
        .map_err(|e| e.to_ipc(lang.into()))
}
