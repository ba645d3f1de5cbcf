//! Queries for browsing a project in the desktop app: every present file without its
//! profile JSON, a cheap stamp that changes whenever a scan was committed, and a check
//! that a file really is a project before it is opened for writing.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::Result;

/// What a file list shows of one file (no tables, no profile).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ListedFile {
    /// Row id.
    pub id: i64,
    /// Root id.
    pub root_id: i64,
    /// Path relative to the root, for display.
    pub rel_path: String,
    /// Size in bytes.
    pub size: i64,
    /// Modification time in ns since the epoch.
    pub mtime_ns: Option<i64>,
    /// Format id.
    pub format: String,
    /// Finer format label.
    pub format_detail: Option<String>,
    /// Text encoding.
    pub encoding: Option<String>,
    /// Readable and intact.
    pub readable: bool,
    /// Issue code.
    pub error_code: Option<String>,
    /// Issue detail.
    pub error_detail: Option<String>,
    /// Row id of the original this file duplicates.
    pub duplicate_of: Option<i64>,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds special-category data.
    pub special_category: bool,
    /// JSON array of code-system names.
    pub code_systems: Option<String>,
}

/// Every present file, in row order (the caller sorts).
pub async fn listed_files(conn: &mut SqliteConnection) -> Result<Vec<ListedFile>> {
    Ok(sqlx::query_as(
        "SELECT id, root_id, rel_path, size, mtime_ns, format, format_detail, encoding, readable,
                error_code, error_detail, duplicate_of, personal_data, special_category,
                code_systems
         FROM file WHERE removed_scan_id IS NULL",
    )
    .fetch_all(conn)
    .await?)
}

/// A stamp of the committed inventory: the id and status of the latest scan. A scan
/// writes in one transaction, so readers see a new stamp exactly when its files are
/// visible.
pub async fn inventory_stamp(conn: &mut SqliteConnection) -> Result<(i64, String)> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM scan ORDER BY id DESC LIMIT 1")
            .fetch_optional(conn)
            .await?;
    Ok(row.unwrap_or((0, String::new())))
}

/// Whether the SQLite file at `path` is a Datenreife project, looked at read-only: a
/// project has the `project_meta` table. Opening a project upgrades its schema, so
/// the app asks this first and never adds tables to someone else's database.
/// A file that is not SQLite at all is `false`.
pub async fn is_project_file(path: &Path) -> bool {
    let Ok(options) = SqliteConnectOptions::from_str("sqlite://") else {
        return false;
    };
    let options = options
        .filename(path)
        .read_only(true)
        .create_if_missing(false);
    let Ok(mut conn) = SqliteConnection::connect_with(&options).await else {
        return false;
    };
    let found: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'project_meta'",
    )
    .fetch_one(&mut conn)
    .await;
    let _ = conn.close().await;
    matches!(found, Ok(1))
}
