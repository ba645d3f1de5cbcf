//! Why a file could not be read, as a stable code with a message in each language.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A problem with one file: a stable code (for tools and tests) and an optional
/// detail (a link target, an operating-system message, a byte offset). The sentence a
/// person reads comes from `templates/i18n/issue.toml` in their language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Stable identifier, e.g. `zip_truncated`.
    pub code: String,
    /// Variable part of the message.
    pub detail: Option<String>,
}

impl Issue {
    /// An issue without detail.
    pub fn new(code: &str) -> Issue {
        Issue {
            code: code.to_owned(),
            detail: None,
        }
    }

    /// An issue with a detail.
    pub fn with(code: &str, detail: impl Into<String>) -> Issue {
        Issue {
            code: code.to_owned(),
            detail: Some(detail.into()),
        }
    }

    /// The sentence for people.
    pub fn message(&self, lang: Lang) -> String {
        message(lang, &self.code, self.detail.as_deref())
    }

    /// Whether the problem may go away by itself (access problems), so the next scan
    /// looks again even when size and time are unchanged.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.code.as_str(),
            "permission_denied" | "vanished" | "read_failed" | "shrank" | "stat_failed"
        )
    }
}

/// The sentence for an issue code and detail.
pub fn message(lang: Lang, code: &str, detail: Option<&str>) -> String {
    crate::i18n::coded(lang, "issue", code, detail)
}

/// Classifies an I/O error.
pub(crate) fn from_io(e: &std::io::Error) -> Issue {
    use std::io::ErrorKind::*;
    match e.kind() {
        PermissionDenied => Issue::new("permission_denied"),
        NotFound => Issue::new("vanished"),
        _ => {
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ENAMETOOLONG) {
                return Issue::new("path_too_long");
            }
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                return Issue::new("link_loop");
            }
            Issue::with("read_failed", e.to_string())
        }
    }
}
