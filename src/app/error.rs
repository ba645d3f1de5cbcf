//! What can go wrong in a desktop session, as a closed set of codes.
//!
//! Every failure of a [`Session`](super::Session) call is an [`AppError`]. Across IPC it
//! becomes an [`IpcError`]: a stable [`ErrorCode`] the UI may branch on (to choose
//! advice) and a sentence in the user's language that it shows as it is.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::i18n::{Lang, t, tf};
use crate::store::StoreError;

/// The stable codes of [`AppError`]. The UI chooses advice by code and never parses a
/// message; adding a code is a change of the IPC contract (the bindings show it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No project is open.
    NoProject,
    /// The project file does not exist.
    ProjectNotFound,
    /// A new project would overwrite an existing file.
    ProjectExists,
    /// The file is not a Datenreife project.
    NotAProject,
    /// The project was written by a newer version.
    ProjectTooNew,
    /// A path from the UI is empty or not absolute.
    InvalidPath,
    /// A folder does not exist.
    FolderNotFound,
    /// A path that must be a folder is something else.
    NotAFolder,
    /// A folder exists but cannot be read.
    FolderUnreadable,
    /// A file does not exist.
    FileNotFound,
    /// A path that must be a file is something else.
    NotAFile,
    /// The app would write into a scanned folder (read-only by promise).
    InsideScannedFolder,
    /// A scan was started without folders.
    NoRoots,
    /// An exclusion pattern is not a valid glob.
    InvalidExclude,
    /// A scan is running, so the request has to wait.
    ScanRunning,
    /// The company profile is incomplete.
    InvalidProfile,
    /// A setting has a value the app cannot use.
    InvalidSettings,
    /// There is no scan yet, so nothing can be exported.
    NothingToExport,
    /// Writing a file failed.
    WriteFailed,
    /// No dataset has the id (it may have been merged or regrouped by a re-scan).
    DatasetNotFound,
    /// An annotation value was refused (unknown choice, too long).
    InvalidAnnotation,
    /// The report could not be built (plan, questionnaire results or layout).
    ReportFailed,
    /// The project file could not be read or written.
    Storage,
    /// Something that should not happen; the message says what.
    Internal,
}

/// Why a setting was refused ([`AppError::InvalidSettings`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsProblem {
    /// The report colour is not `#rrggbb`.
    Colour(String),
    /// The logo is not a PNG, JPEG or SVG image.
    LogoFormat(PathBuf),
    /// The logo file is larger than the report accepts.
    LogoTooLarge(PathBuf),
    /// The questionnaire folder holds broken or no questionnaires.
    Questionnaires {
        /// The folder.
        path: PathBuf,
        /// What is wrong, in English (tool output).
        detail: String,
    },
    /// The knowledge folder has errors.
    Knowledge {
        /// The folder.
        path: PathBuf,
        /// What is wrong, in English (tool output).
        detail: String,
    },
}

/// Errors of a desktop session. Messages are sentence case; [`AppError::message`]
/// gives the same in the user's language.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// No project is open.
    #[error("no project is open")]
    NoProject,
    /// The project file does not exist.
    #[error("project file `{}` does not exist", .0.display())]
    ProjectNotFound(PathBuf),
    /// A new project would overwrite an existing file.
    #[error("there is already a file at `{}`", .0.display())]
    ProjectExists(PathBuf),
    /// The file is not a Datenreife project.
    #[error("`{}` is not a Datenreife project file", .0.display())]
    NotAProject(PathBuf),
    /// The project was written by a newer version.
    #[error("project file `{}` was written by a newer version of Datenreife", .0.display())]
    ProjectTooNew(PathBuf),
    /// A path from the UI is empty or not absolute.
    #[error("`{0}` is not a full path")]
    InvalidPath(String),
    /// A folder does not exist.
    #[error("folder `{}` does not exist", .0.display())]
    FolderNotFound(PathBuf),
    /// A path that must be a folder is something else.
    #[error("`{}` is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// A folder exists but cannot be read.
    #[error("folder `{}` cannot be read", .path.display())]
    FolderUnreadable {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// A file does not exist.
    #[error("file `{}` does not exist", .0.display())]
    FileNotFound(PathBuf),
    /// A path that must be a file is something else.
    #[error("`{}` is not a file", .0.display())]
    NotAFile(PathBuf),
    /// The app would write into a scanned folder.
    #[error("`{}` lies inside the scanned folder `{}`", .path.display(), .root.display())]
    InsideScannedFolder {
        /// What would be written.
        path: PathBuf,
        /// The scanned folder containing it.
        root: PathBuf,
    },
    /// A scan was started without folders.
    #[error("no folder to scan was given")]
    NoRoots,
    /// An exclusion pattern is not a valid glob.
    #[error("invalid exclude pattern `{0}`")]
    InvalidExclude(String),
    /// A scan is running.
    #[error("a scan is running")]
    ScanRunning,
    /// The company profile has no name.
    #[error("the company profile needs a company name")]
    MissingCompanyName,
    /// A setting was refused.
    #[error("invalid setting: {0:?}")]
    InvalidSettings(SettingsProblem),
    /// There is no scan yet.
    #[error("there is nothing to export before the first scan")]
    NothingToExport,
    /// Writing a file failed.
    #[error("cannot write `{}`", .path.display())]
    WriteFailed {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// No dataset has this id.
    #[error("there is no dataset `{0}` in this project")]
    DatasetNotFound(String),
    /// An annotation was refused.
    #[error(transparent)]
    InvalidAnnotation(#[from] crate::catalog::annotation::AnnotationError),
    /// The report could not be built.
    #[error("cannot build the report: {0}")]
    ReportFailed(String),
    /// The project file could not be read or written.
    #[error("project file operation failed")]
    Storage(#[source] StoreError),
    /// Something that should not happen.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result type of the facade.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// An error as it crosses IPC: `{code, message}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    /// What went wrong, for the program.
    pub code: ErrorCode,
    /// What went wrong, for people, in the UI language (no trailing period).
    pub message: String,
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for IpcError {}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

impl AppError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::NoProject => ErrorCode::NoProject,
            AppError::ProjectNotFound(_) => ErrorCode::ProjectNotFound,
            AppError::ProjectExists(_) => ErrorCode::ProjectExists,
            AppError::NotAProject(_) => ErrorCode::NotAProject,
            AppError::ProjectTooNew(_) => ErrorCode::ProjectTooNew,
            AppError::InvalidPath(_) => ErrorCode::InvalidPath,
            AppError::FolderNotFound(_) => ErrorCode::FolderNotFound,
            AppError::NotAFolder(_) => ErrorCode::NotAFolder,
            AppError::FolderUnreadable { .. } => ErrorCode::FolderUnreadable,
            AppError::FileNotFound(_) => ErrorCode::FileNotFound,
            AppError::NotAFile(_) => ErrorCode::NotAFile,
            AppError::InsideScannedFolder { .. } => ErrorCode::InsideScannedFolder,
            AppError::NoRoots => ErrorCode::NoRoots,
            AppError::InvalidExclude(_) => ErrorCode::InvalidExclude,
            AppError::ScanRunning => ErrorCode::ScanRunning,
            AppError::MissingCompanyName => ErrorCode::InvalidProfile,
            AppError::InvalidSettings(_) => ErrorCode::InvalidSettings,
            AppError::NothingToExport => ErrorCode::NothingToExport,
            AppError::WriteFailed { .. } => ErrorCode::WriteFailed,
            AppError::DatasetNotFound(_) => ErrorCode::DatasetNotFound,
            AppError::InvalidAnnotation(_) => ErrorCode::InvalidAnnotation,
            AppError::ReportFailed(_) => ErrorCode::ReportFailed,
            AppError::Storage(_) => ErrorCode::Storage,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The sentence for people in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let path = |key: &str, p: &Path| tf(lang, key, &[("path", &shown(p))]);
        match self {
            AppError::NoProject => t(lang, "app.error_no_project"),
            AppError::ProjectNotFound(p) => path("app.error_project_not_found", p),
            AppError::ProjectExists(p) => path("app.error_project_exists", p),
            AppError::NotAProject(p) => path("app.error_not_a_project", p),
            AppError::ProjectTooNew(p) => path("app.error_project_too_new", p),
            AppError::InvalidPath(p) => tf(lang, "app.error_invalid_path", &[("path", p)]),
            AppError::FolderNotFound(p) => path("app.error_folder_not_found", p),
            AppError::NotAFolder(p) => path("app.error_not_a_folder", p),
            AppError::FolderUnreadable { path, source } => tf(
                lang,
                "app.error_folder_unreadable",
                &[("path", &shown(path)), ("detail", &source.to_string())],
            ),
            AppError::FileNotFound(p) => path("app.error_file_not_found", p),
            AppError::NotAFile(p) => path("app.error_not_a_file", p),
            AppError::InsideScannedFolder { path, root } => tf(
                lang,
                "app.error_inside_scanned_folder",
                &[("path", &shown(path)), ("root", &shown(root))],
            ),
            AppError::NoRoots => t(lang, "app.error_no_roots"),
            AppError::InvalidExclude(p) => tf(lang, "app.error_invalid_exclude", &[("pattern", p)]),
            AppError::ScanRunning => t(lang, "app.error_scan_running"),
            AppError::MissingCompanyName => t(lang, "app.error_company_name"),
            AppError::InvalidSettings(problem) => match problem {
                SettingsProblem::Colour(c) => {
                    tf(lang, "app.error_settings_colour", &[("colour", c)])
                }
                SettingsProblem::LogoFormat(p) => path("app.error_settings_logo_format", p),
                SettingsProblem::LogoTooLarge(p) => path("app.error_settings_logo_size", p),
                SettingsProblem::Questionnaires { path, detail } => tf(
                    lang,
                    "app.error_settings_questionnaires",
                    &[("path", &shown(path)), ("detail", detail)],
                ),
                SettingsProblem::Knowledge { path, detail } => tf(
                    lang,
                    "app.error_settings_knowledge",
                    &[("path", &shown(path)), ("detail", detail)],
                ),
            },
            AppError::NothingToExport => t(lang, "app.error_nothing_to_export"),
            AppError::WriteFailed { path, source } => tf(
                lang,
                "app.error_write_failed",
                &[("path", &shown(path)), ("detail", &source.to_string())],
            ),
            AppError::DatasetNotFound(id) => tf(lang, "app.error_dataset_not_found", &[("id", id)]),
            AppError::InvalidAnnotation(e) => e.message(lang),
            AppError::ReportFailed(detail) => {
                tf(lang, "app.error_report_failed", &[("detail", detail)])
            }
            AppError::Storage(e) => tf(lang, "app.error_storage", &[("detail", &error_chain(e))]),
            AppError::Internal(detail) => tf(lang, "app.error_internal", &[("detail", detail)]),
        }
    }

    /// The error as it crosses IPC, with the message in `lang`.
    pub fn to_ipc(&self, lang: Lang) -> IpcError {
        IpcError {
            code: self.code(),
            message: self.message(lang),
        }
    }
}

/// `outer: inner: innermost`, for errors whose sources say what really happened.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(p) => AppError::ProjectNotFound(p),
            StoreError::NotAProject { path, .. } => AppError::NotAProject(path),
            StoreError::TooNew { path, .. } => AppError::ProjectTooNew(path),
            other => AppError::Storage(other),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Storage(StoreError::Database(e))
    }
}

impl From<crate::scan::ScanError> for AppError {
    fn from(e: crate::scan::ScanError) -> Self {
        use crate::scan::ScanError;
        match e {
            ScanError::RootMissing(p) => AppError::FolderNotFound(p),
            ScanError::RootNotFolder(p) => AppError::NotAFolder(p),
            ScanError::RootUnreadable { path, source } => {
                AppError::FolderUnreadable { path, source }
            }
            ScanError::NoRoots => AppError::NoRoots,
            ScanError::ProjectInsideRoot { project, root } => AppError::InsideScannedFolder {
                path: project,
                root,
            },
            ScanError::InvalidExclude { pattern, .. } => AppError::InvalidExclude(pattern),
            ScanError::Store(e) => AppError::from(e),
            other => AppError::Internal(error_chain(&other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_sentence_in_both_languages() {
        let p = PathBuf::from("/tmp/x");
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let all = vec![
            AppError::NoProject,
            AppError::ProjectNotFound(p.clone()),
            AppError::ProjectExists(p.clone()),
            AppError::NotAProject(p.clone()),
            AppError::ProjectTooNew(p.clone()),
            AppError::InvalidPath("rel/x".into()),
            AppError::FolderNotFound(p.clone()),
            AppError::NotAFolder(p.clone()),
            AppError::FolderUnreadable {
                path: p.clone(),
                source: io(),
            },
            AppError::FileNotFound(p.clone()),
            AppError::NotAFile(p.clone()),
            AppError::InsideScannedFolder {
                path: p.clone(),
                root: p.clone(),
            },
            AppError::NoRoots,
            AppError::InvalidExclude("[".into()),
            AppError::ScanRunning,
            AppError::MissingCompanyName,
            AppError::InvalidSettings(SettingsProblem::Colour("red".into())),
            AppError::InvalidSettings(SettingsProblem::LogoFormat(p.clone())),
            AppError::InvalidSettings(SettingsProblem::LogoTooLarge(p.clone())),
            AppError::InvalidSettings(SettingsProblem::Questionnaires {
                path: p.clone(),
                detail: "x".into(),
            }),
            AppError::InvalidSettings(SettingsProblem::Knowledge {
                path: p.clone(),
                detail: "x".into(),
            }),
            AppError::NothingToExport,
            AppError::WriteFailed {
                path: p.clone(),
                source: io(),
            },
            AppError::DatasetNotFound("kunden".into()),
            AppError::InvalidAnnotation(crate::catalog::annotation::AnnotationError::BadValue {
                key: "legal_basis".into(),
                value: "weil".into(),
            }),
            AppError::ReportFailed("x".into()),
            AppError::Storage(StoreError::Corrupt("x".into())),
            AppError::Internal("x".into()),
        ];
        for e in &all {
            for lang in [Lang::De, Lang::En] {
                let m = e.message(lang);
                assert!(!m.contains("app."), "{e:?} in {lang:?}: missing text: {m}");
                assert!(!m.contains('{'), "{e:?}: unfilled placeholder: {m}");
                assert!(!m.ends_with('.'), "{e:?}: trailing period: {m}");
            }
            assert_ne!(e.message(Lang::De), e.message(Lang::En), "{e:?}");
        }
        let ipc = AppError::NoProject.to_ipc(Lang::En);
        assert_eq!(
            serde_json::to_value(&ipc).unwrap(),
            serde_json::json!({"code": "no_project", "message": "No project is open"})
        );
    }
}
