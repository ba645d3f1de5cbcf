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

/// Problems in a file's content: its bytes were read, so it still has a content hash
/// and takes part in duplicate detection (two copies of the same damaged archive are
/// duplicates all the same).
const CONTENT_PROBLEMS: &[&str] = &[
    "zero_filled",
    "zip_truncated",
    "zip_bad_directory",
    "zip_bad_entry",
    "ole_corrupt",
    "xls_too_old",
    "password_protected",
    "pdf_truncated",
    "png_truncated",
    "gzip_bad",
    "sevenz_truncated",
    "tar_checksum",
    "tar_truncated",
    "json_malformed",
    "zip_bomb",
    "spreadsheet_too_large",
    "spreadsheet_unreadable",
    "json_syntax",
    "json_too_deep",
    "json_record_too_large",
    "record_too_large",
    "xml_malformed",
    "dicom_unreadable",
    "dicom_truncated",
    "profile_failed",
];

/// Whether a stored problem (`code` or `code|detail`) lies in the content rather than
/// in reaching the bytes (permissions, links, special files, vanished files). Codes not
/// listed count as access problems, so such a file is never opened again for hashing.
pub(crate) fn is_content_problem(stored: &str) -> bool {
    let code = stored.split_once('|').map_or(stored, |(code, _)| code);
    CONTENT_PROBLEMS.contains(&code)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Problems of reaching a file's bytes: the file is not hashed.
    const ACCESS_PROBLEMS: &[&str] = &[
        "empty",
        "permission_denied",
        "vanished",
        "path_too_long",
        "link_loop",
        "read_failed",
        "stat_failed",
        "shrank",
        "not_regular",
        "special",
        "link_not_followed",
        "link_target_missing",
        "cancelled",
    ];

    #[test]
    fn every_issue_code_is_a_content_or_an_access_problem() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/i18n/issue.toml"),
        )
        .unwrap();
        let table: toml::Table = text.parse().unwrap();
        for code in table.keys() {
            let content = CONTENT_PROBLEMS.contains(&code.as_str());
            let access = ACCESS_PROBLEMS.contains(&code.as_str());
            assert!(content ^ access, "{code}: classify it in exactly one list");
        }
        assert!(is_content_problem("json_malformed"));
        assert!(is_content_problem("zip_bad_directory|4096"));
        assert!(!is_content_problem("permission_denied"));
        assert!(!is_content_problem("special|fifo"));
        assert!(!is_content_problem("json"));
    }
}
