//! The data catalogue: what the project knows, as one document.
//!
//! [`Catalog::load`] reads the current state of a project into the structure of the
//! catalogue JSON contract (DESIGN §4); the [`export`] functions write it as JSON,
//! CSV, XLSX or terminal text.

pub mod export;

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::profile::{DateRange, FileProfile, HealthSummary, Table};
use crate::scan::issue_message;
use crate::store::inventory::{self, ScanCounts};
use crate::store::{Project, Result, StoreError};

/// The whole catalogue of a project.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Scanned folders, absolute paths; `files[].root` indexes this list.
    pub roots: Vec<String>,
    /// The latest scan.
    pub scan: Option<ScanInfo>,
    /// Every file currently present.
    pub files: Vec<CatalogFile>,
    /// Datasets (groups of files), once grouping has run.
    pub datasets: Vec<serde_json::Value>,
    /// Entries that could not be read, and why.
    pub errors: Vec<CatalogError>,
}

/// Summary of the latest scan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ScanInfo {
    /// Scan id in the project.
    pub id: i64,
    /// Start time (RFC 3339).
    pub started_at: String,
    /// End time (RFC 3339).
    pub finished_at: Option<String>,
    /// `completed`, `cancelled`, `running` or `failed`.
    pub status: String,
    /// Counts of that scan.
    #[serde(flatten)]
    pub counts: ScanCounts,
}

/// One file in the catalogue.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CatalogFile {
    /// Path relative to its root.
    pub path: String,
    /// Index into [`Catalog::roots`].
    pub root: usize,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (RFC 3339, UTC).
    pub modified: Option<String>,
    /// Format identified by content.
    pub format: String,
    /// Finer format label (`png`, `GDT 02.10`, `HL7 v2.5 ADT^A01`).
    pub format_detail: Option<String>,
    /// Whether the file name's extension contradicts the content.
    pub extension_mismatch: bool,
    /// Text encoding.
    pub encoding: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<String>,
    /// Whether the file could be read and is intact.
    pub readable: bool,
    /// Why not, in the catalogue's language.
    pub error: Option<String>,
    /// Stable code of the problem (`zip_truncated`, `permission_denied`, …).
    pub error_code: Option<String>,
    /// Path of the original when this file is a duplicate.
    pub duplicate_of: Option<String>,
    /// BLAKE3 hash (hex), when computed.
    pub hash: Option<String>,
    /// Tables found inside.
    pub tables: Vec<Table>,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found.
    pub code_systems: Vec<String>,
    /// Earliest and latest record date inside the file.
    pub temporal: Option<DateRange>,
    /// What a health-standard file holds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub health: Option<HealthSummary>,
    /// The OMOP CDM table this file is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub omop_table: Option<String>,
    /// Notes from profiling, in the catalogue's language.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    /// Scan in which the file was first seen.
    pub first_seen_scan: i64,
    /// Scan in which its content last changed.
    pub changed_scan: i64,
}

/// An entry that could not be read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CatalogError {
    /// Path relative to its root.
    pub path: String,
    /// Why, in the catalogue's language.
    pub reason: String,
    /// Stable code of the problem.
    pub code: String,
}

/// Formats nanoseconds since the epoch as RFC 3339 (UTC, seconds).
pub fn rfc3339_from_ns(ns: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(
        ns.div_euclid(1_000_000_000),
        ns.rem_euclid(1_000_000_000) as u32,
    )
    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Catalog {
    /// Reads the catalogue of a project; messages are in `lang`.
    pub async fn load(project: &Project, lang: Lang) -> Result<Catalog> {
        let mut conn = project.pool().acquire().await?;
        let roots = inventory::roots(&mut conn).await?;
        let root_index: HashMap<i64, usize> =
            roots.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let stored = inventory::present_files(&mut conn).await?;
        let scans = inventory::scans(&mut conn).await?;
        let scan = match scans.last() {
            Some(last) => Some(ScanInfo {
                id: last.id,
                started_at: last.started_at.clone(),
                finished_at: last.finished_at.clone(),
                status: last.status.clone(),
                counts: inventory::scan_counts(&mut conn, last.id).await?,
            }),
            None => None,
        };

        let by_id: HashMap<i64, (usize, &str)> = stored
            .iter()
            .map(|f| (f.id, (root_index[&f.root_id], f.rel_path.as_str())))
            .collect();
        let mut files = Vec::with_capacity(stored.len());
        let mut errors = Vec::new();
        for f in &stored {
            let root = root_index[&f.root_id];
            let profile: FileProfile = match &f.profile {
                Some(json) => serde_json::from_str(json).map_err(|e| {
                    StoreError::Corrupt(format!("profile of `{}`: {e}", f.rel_path))
                })?,
                None => FileProfile::default(),
            };
            let duplicate_of =
                f.duplicate_of
                    .and_then(|id| by_id.get(&id))
                    .map(|(orig_root, path)| {
                        if *orig_root == root {
                            (*path).to_owned()
                        } else {
                            format!("{}/{}", roots[*orig_root].path, path)
                        }
                    });
            let error = f
                .error_code
                .as_deref()
                .map(|code| issue_message(lang, code, f.error_detail.as_deref()));
            if let (Some(reason), Some(code), false) = (&error, &f.error_code, f.readable) {
                errors.push(CatalogError {
                    path: f.rel_path.clone(),
                    reason: reason.clone(),
                    code: code.clone(),
                });
            }
            files.push(CatalogFile {
                path: f.rel_path.clone(),
                root,
                size: f.size.max(0) as u64,
                modified: f.mtime_ns.and_then(rfc3339_from_ns),
                format: f.format.clone(),
                format_detail: f.format_detail.clone(),
                extension_mismatch: f.extension_mismatch,
                encoding: f.encoding.clone(),
                delimiter: f.delimiter.clone(),
                readable: f.readable,
                error,
                error_code: f.error_code.clone(),
                duplicate_of,
                hash: f.hash.as_deref().map(hex),
                tables: profile.tables,
                personal_data: f.personal_data,
                special_category: f.special_category,
                code_systems: profile.code_systems,
                notes: profile.notes.iter().map(|n| n.message(lang)).collect(),
                temporal: profile.temporal,
                health: profile.health,
                omop_table: profile.omop_table,
                first_seen_scan: f.first_seen_scan_id,
                changed_scan: f.changed_scan_id,
            });
        }
        Ok(Catalog {
            roots: roots.into_iter().map(|r| r.path).collect(),
            scan,
            files,
            datasets: Vec::new(),
            errors,
        })
    }

    /// Files that duplicate another file, and the bytes they take.
    pub fn duplicate_totals(&self) -> (usize, u64) {
        self.files
            .iter()
            .filter(|f| f.duplicate_of.is_some())
            .fold((0, 0), |(n, bytes), f| (n + 1, bytes + f.size))
    }

    /// Files and bytes per format, most files first.
    pub fn format_totals(&self) -> Vec<(String, usize, u64)> {
        let mut totals: HashMap<&str, (usize, u64)> = HashMap::new();
        for f in &self.files {
            let t = totals.entry(&f.format).or_default();
            t.0 += 1;
            t.1 += f.size;
        }
        let mut out: Vec<(String, usize, u64)> = totals
            .into_iter()
            .map(|(k, (n, b))| (k.to_owned(), n, b))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(rfc3339_from_ns(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339_from_ns(1_700_000_000_500_000_000).as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(rfc3339_from_ns(-1).as_deref(), Some("1969-12-31T23:59:59Z"));
    }
}
