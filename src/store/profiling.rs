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

/// Profiles per multi-row UPDATE (5 bind parameters each).
const PROFILE_BATCH: usize = 500;

/// Stores profiles of many files at once (like [`super::inventory::set_profile`], in
/// multi-row statements: one round trip per few hundred files instead of one each).
pub async fn set_profiles(
    conn: &mut SqliteConnection,
    profiles: &[(i64, crate::profile::FileProfile)],
) -> Result<()> {
    for chunk in profiles.chunks(PROFILE_BATCH) {
        let mut rows = Vec::with_capacity(chunk.len());
        for (id, profile) in chunk {
            let json = serde_json::to_string(profile)
                .map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
            let systems = serde_json::to_string(&profile.code_systems)
                .map_err(|e| super::StoreError::Corrupt(e.to_string()))?;
            rows.push((
                *id,
                json,
                profile.personal_data,
                profile.special_category,
                systems,
            ));
        }
        let mut query = QueryBuilder::<Sqlite>::new(
            "WITH v (id, profile, personal_data, special_category, code_systems) AS (",
        );
        query.push_values(&rows, |mut row, (id, json, personal, special, systems)| {
            row.push_bind(*id)
                .push_bind(json)
                .push_bind(*personal)
                .push_bind(*special)
                .push_bind(systems);
        });
        query.push(
            ") UPDATE file SET profile = v.profile, personal_data = v.personal_data,
                 special_category = v.special_category, code_systems = v.code_systems
             FROM v WHERE file.id = v.id",
        );
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}
