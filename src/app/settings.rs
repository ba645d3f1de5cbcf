//! Settings and recent projects, kept in the user's config folder as two small JSON
//! files (`settings.json`, `recent-projects.json`). The folder is passed in; the
//! desktop shell looks it up per platform (`~/.config/…`, `%APPDATA%\…`).

use std::path::{Path, PathBuf};

use super::error::{AppError, Result, SettingsProblem};
use super::ipc::{RecentProject, Settings};
use super::paths;

/// Most projects remembered.
const RECENT_KEPT: usize = 12;
/// Largest logo accepted (bytes).
const LOGO_MAX: u64 = 5_000_000;

const SETTINGS_FILE: &str = "settings.json";
const RECENT_FILE: &str = "recent-projects.json";

/// Reads and writes the user's settings and recent projects in one folder.
#[derive(Clone, Debug)]
pub struct ConfigFolder {
    dir: PathBuf,
}

impl ConfigFolder {
    /// The store in `dir` (created when something is first saved).
    pub fn new(dir: impl Into<PathBuf>) -> ConfigFolder {
        ConfigFolder { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The saved settings; defaults when none were saved or the file is unreadable
    /// (a damaged file is kept as `settings.json.damaged` for inspection).
    pub fn settings(&self) -> Settings {
        self.read(SETTINGS_FILE).unwrap_or_default()
    }

    /// Saves the settings.
    ///
    /// # Errors
    /// [`AppError::WriteFailed`] when the folder or file cannot be written.
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.write(SETTINGS_FILE, settings)
    }

    /// Projects opened before, newest first (as saved, existing or not).
    pub fn recent(&self) -> Vec<RecentProject> {
        self.read(RECENT_FILE).unwrap_or_default()
    }

    /// Puts `entry` first, drops older entries for the same file, keeps the newest 12.
    ///
    /// # Errors
    /// As [`ConfigFolder::save_settings`].
    pub fn remember(&self, entry: RecentProject) -> Result<()> {
        let mut list = self.recent();
        list.retain(|p| p.path != entry.path);
        list.insert(0, entry);
        list.truncate(RECENT_KEPT);
        self.write(RECENT_FILE, &list)
    }

    /// Updates the company name shown for a remembered project.
    ///
    /// # Errors
    /// As [`ConfigFolder::save_settings`].
    pub fn rename_recent(&self, path: &str, company: &str) -> Result<()> {
        let mut list = self.recent();
        let mut changed = false;
        for p in list.iter_mut().filter(|p| p.path == path) {
            if p.company != company {
                p.company = company.to_owned();
                changed = true;
            }
        }
        if changed {
            self.write(RECENT_FILE, &list)?;
        }
        Ok(())
    }

    fn read<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        let path = self.dir.join(name);
        let bytes = std::fs::read(&path).ok()?;
        match serde_json::from_slice(&bytes) {
            Ok(value) => Some(value),
            Err(_) => {
                let _ = std::fs::rename(&path, path.with_extension("json.damaged"));
                None
            }
        }
    }

    fn write<T: serde::Serialize>(&self, name: &str, value: &T) -> Result<()> {
        let path = self.dir.join(name);
        let failed = |source| AppError::WriteFailed {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(failed)?;
        let json = serde_json::to_vec_pretty(value)
            .map_err(|e| AppError::Internal(format!("settings cannot be encoded: {e}")))?;
        write_atomically(&path, &json).map_err(failed)
    }
}

/// Writes `bytes` to a temporary file next to `path` and renames it into place, so a
/// crash never leaves half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Checks settings from the UI and returns them cleaned up (trimmed, colour in lower
/// case, empty paths as none).
///
/// # Errors
/// Path errors for missing or wrong folders and files, [`AppError::InvalidSettings`]
/// for a bad colour, a logo that is not an image or too large, a questionnaire folder
/// without valid questionnaires, or a knowledge folder with errors.
pub fn validate(settings: &Settings) -> Result<Settings> {
    let mut clean = settings.clone();
    clean.branding.consultant_name = settings.branding.consultant_name.trim().to_owned();
    let colour = settings.branding.colour.trim();
    let hex = colour.strip_prefix('#').unwrap_or("");
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::InvalidSettings(SettingsProblem::Colour(
            colour.to_owned(),
        )));
    }
    clean.branding.colour = colour.to_ascii_lowercase();

    clean.branding.logo_path = match given(&settings.branding.logo_path) {
        Some(raw) => Some(check_logo(raw)?.to_string_lossy().into_owned()),
        None => None,
    };
    clean.questionnaire_dir = match given(&settings.questionnaire_dir) {
        Some(raw) => Some(check_questionnaires(raw)?.to_string_lossy().into_owned()),
        None => None,
    };
    clean.knowledge_dir = match given(&settings.knowledge_dir) {
        Some(raw) => Some(check_knowledge(raw)?.to_string_lossy().into_owned()),
        None => None,
    };
    Ok(clean)
}

fn check_logo(raw: &str) -> Result<PathBuf> {
    let path = paths::existing_file(raw)?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > LOGO_MAX {
        return Err(AppError::InvalidSettings(SettingsProblem::LogoTooLarge(
            path,
        )));
    }
    let bytes = std::fs::read(&path).map_err(|_| AppError::FileNotFound(path.clone()))?;
    if !is_image(&bytes) {
        return Err(AppError::InvalidSettings(SettingsProblem::LogoFormat(path)));
    }
    Ok(path)
}

fn given(p: &Option<String>) -> Option<&str> {
    p.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Whether `bytes` are a PNG, a JPEG or an SVG document (by content, not by name).
fn is_image(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    head.contains("<svg")
}

fn check_questionnaires(raw: &str) -> Result<PathBuf> {
    let path = paths::existing_folder(raw)?;
    let problem = |detail: String| {
        AppError::InvalidSettings(SettingsProblem::Questionnaires {
            path: path.clone(),
            detail,
        })
    };
    let library = crate::questionnaire::QuestionnaireLibrary::load(Some(&path))
        .map_err(|e| problem(e.to_string()))?;
    if let Some((folder, error)) = library.broken.first() {
        let name = folder.file_name().unwrap_or_default().to_string_lossy();
        return Err(problem(format!("{name}: {error}")));
    }
    let own = std::fs::read_dir(&path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("questionnaire.toml").is_file())
                .count()
        })
        .unwrap_or(0);
    if own == 0 {
        return Err(problem("no subfolder with a questionnaire.toml".into()));
    }
    Ok(path)
}

fn check_knowledge(raw: &str) -> Result<PathBuf> {
    let path = paths::existing_folder(raw)?;
    let problem = |detail: String| {
        AppError::InvalidSettings(SettingsProblem::Knowledge {
            path: path.clone(),
            detail,
        })
    };
    let report = crate::sources::check(Some(&path)).map_err(|e| problem(e.to_string()))?;
    if report.has_errors() {
        let errors: Vec<String> = report
            .problems
            .iter()
            .filter(|p| p.severity == crate::sources::Severity::Error)
            .take(3)
            .map(ToString::to_string)
            .collect();
        return Err(problem(errors.join("; ")));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::error::ErrorCode;
    use crate::app::ipc::Lang;

    fn recent(path: &str, when: &str) -> RecentProject {
        RecentProject {
            path: path.into(),
            company: String::new(),
            last_opened: when.into(),
        }
    }

    #[test]
    fn settings_and_recent_projects_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigFolder::new(dir.path().join("cfg"));
        assert_eq!(config.settings(), Settings::default());
        assert!(config.recent().is_empty());

        let mut s = Settings {
            lang: Lang::En,
            ..Settings::default()
        };
        s.branding.consultant_name = "Beratung Nord".into();
        config.save_settings(&s).unwrap();
        assert_eq!(ConfigFolder::new(dir.path().join("cfg")).settings(), s);

        for i in 0..15 {
            config
                .remember(recent(
                    &format!("/p/{i}.datenreife"),
                    "2026-01-01T00:00:00Z",
                ))
                .unwrap();
        }
        config
            .remember(recent("/p/3.datenreife", "2026-02-01T00:00:00Z"))
            .unwrap();
        let list = config.recent();
        assert_eq!(list.len(), RECENT_KEPT);
        assert_eq!(list[0].path, "/p/3.datenreife");
        assert_eq!(
            list.iter().filter(|p| p.path == "/p/3.datenreife").count(),
            1
        );
        config
            .rename_recent("/p/3.datenreife", "Muster GmbH")
            .unwrap();
        assert_eq!(config.recent()[0].company, "Muster GmbH");

        std::fs::write(dir.path().join("cfg/settings.json"), "{not json").unwrap();
        assert_eq!(config.settings(), Settings::default());
        assert!(dir.path().join("cfg/settings.json.damaged").exists());
    }

    #[test]
    fn settings_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Settings::default();
        s.branding.colour = " #0B5D6E ".into();
        s.branding.logo_path = Some("  ".into());
        let clean = validate(&s).unwrap();
        assert_eq!(clean.branding.colour, "#0b5d6e");
        assert_eq!(clean.branding.logo_path, None);

        s.branding.colour = "blue".into();
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::InvalidSettings);
        s.branding.colour = "#123abc".into();

        let text = dir.path().join("logo.png");
        std::fs::write(&text, "not an image").unwrap();
        s.branding.logo_path = Some(text.to_string_lossy().into());
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::InvalidSettings);
        std::fs::write(&text, b"\x89PNG\r\n\x1a\n....").unwrap();
        assert!(validate(&s).is_ok());
        s.branding.logo_path = Some(dir.path().join("none.png").to_string_lossy().into());
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::FileNotFound);
        s.branding.logo_path = None;

        s.questionnaire_dir = Some(dir.path().to_string_lossy().into());
        let e = validate(&s).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSettings, "{e}");
        s.questionnaire_dir = Some("relative/folder".into());
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::InvalidPath);
        s.questionnaire_dir = None;

        s.knowledge_dir = Some(text.to_string_lossy().into());
        assert_eq!(validate(&s).unwrap_err().code(), ErrorCode::NotAFolder);
    }
}
