//! What profiling reads from and writes to the inventory besides
//! [`super::inventory::set_profile`]: the files still waiting for a profile, and
//! files a reader could not read.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::Result;

/// A file that needs a profile.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PendingProfile {
    /// File row id.
    pub id: i64,
    /// Root id.
    pub root_id: i64,
    /// Exact relative path.
    pub rel_path_raw: Vec<u8>,
    /// Size in bytes.
    pub size: i64,
    /// Format id.
    pub format: String,
    /// Text encoding.
    pub encoding: Option<String>,
    /// Field delimiter.
    pub delimiter: Option<String>,
}

/// Present, readable files of the given roots and formats that have no profile yet
/// (new and changed files, and files whose profiling an earlier scan did not finish).
pub async fn pending(
    conn: &mut SqliteConnection,
    root_ids: &[i64],
    formats: &[&str],
) -> Result<Vec<PendingProfile>> {
    if root_ids.is_empty() || formats.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, root_id, COALESCE(rel_path_raw, CAST(rel_path AS BLOB)) AS rel_path_raw, size,
                format, encoding, delimiter
         FROM file
         WHERE removed_scan_id IS NULL AND readable = 1 AND profile IS NULL AND root_id IN (",
    );
    let mut list = query.separated(", ");
    for id in root_ids {
        list.push_bind(*id);
    }
    query.push(") AND format IN (");
    let mut list = query.separated(", ");
    for f in formats {
        list.push_bind(*f);
    }
    query.push(") ORDER BY size DESC, id");
    Ok(query.build_query_as().fetch_all(conn).await?)
}

/// Marks a file unreadable (its content could not be profiled) with an issue code and
/// detail; `retry` makes the next scan look again although the file is unchanged.
pub async fn set_unreadable(
    conn: &mut SqliteConnection,
    file_id: i64,
    code: &str,
    detail: Option<&str>,
    retry: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE file SET readable = 0, error_code = $1, error_detail = $2, retry = $3 WHERE id = $4",
    )
    .bind(code)
    .bind(detail)
    .bind(retry)
    .bind(file_id)
    .execute(conn)
    .await?;
    Ok(())
}
