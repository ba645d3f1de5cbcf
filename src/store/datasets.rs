//! Datasets: the user's edits of the automatic grouping and the annotations.
//!
//! The grouping is computed from the inventory on every load (see
//! `catalog::dataset`); what is stored here are only the decisions a person made:
//! a new name, a merge, files moved into another dataset, and the documented facts
//! (annotations). Rows are keyed by dataset id, which is derived from the grouping
//! key and therefore survives re-scans.

use sqlx::SqliteConnection;

use super::Result;

/// A user's edit of one dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DatasetEdit {
    /// The dataset the edit applies to.
    pub dataset_id: String,
    /// Name given by the user (replaces the automatic name).
    pub name: Option<String>,
    /// The dataset this one was merged into.
    pub merged_into: Option<String>,
    /// Whether the user created the dataset (by splitting files off another one).
    pub user_created: bool,
}

/// A file the user moved into a dataset.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FileAssignment {
    /// Row id of the file.
    pub file_id: i64,
    /// The dataset it belongs to.
    pub dataset_id: String,
}

/// One documented fact about a dataset.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AnnotationRow {
    /// The dataset.
    pub dataset_id: String,
    /// Annotation key (`owner`, `legal_basis`, …).
    pub key: String,
    /// The value (non-empty).
    pub value: String,
}

/// Every stored edit, ordered by dataset id.
pub async fn edits(conn: &mut SqliteConnection) -> Result<Vec<DatasetEdit>> {
    Ok(sqlx::query_as(
        "SELECT dataset_id, name, merged_into, user_created <> 0 AS user_created
         FROM dataset_edit ORDER BY dataset_id",
    )
    .fetch_all(conn)
    .await?)
}

/// Sets or clears (`None`) the user's name of a dataset.
pub async fn set_name(
    conn: &mut SqliteConnection,
    dataset_id: &str,
    name: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dataset_edit (dataset_id, name, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (dataset_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
    )
    .bind(dataset_id)
    .bind(name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that `dataset_id` is merged into `target` (or undoes it with `None`).
pub async fn set_merged_into(
    conn: &mut SqliteConnection,
    dataset_id: &str,
    target: Option<&str>,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dataset_edit (dataset_id, merged_into, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (dataset_id) DO UPDATE SET merged_into = excluded.merged_into,
             updated_at = excluded.updated_at",
    )
    .bind(dataset_id)
    .bind(target)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Creates a dataset made by the user, with its name.
pub async fn create_user_dataset(
    conn: &mut SqliteConnection,
    dataset_id: &str,
    name: &str,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dataset_edit (dataset_id, name, user_created, updated_at) VALUES ($1, $2, 1, $3)
         ON CONFLICT (dataset_id) DO UPDATE SET name = excluded.name, user_created = 1,
             updated_at = excluded.updated_at",
    )
    .bind(dataset_id)
    .bind(name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every file a user moved by hand.
pub async fn file_assignments(conn: &mut SqliteConnection) -> Result<Vec<FileAssignment>> {
    Ok(
        sqlx::query_as("SELECT file_id, dataset_id FROM dataset_file ORDER BY file_id")
            .fetch_all(conn)
            .await?,
    )
}

/// Moves files into a dataset (replacing earlier moves of the same files).
pub async fn assign_files(
    conn: &mut SqliteConnection,
    file_ids: &[i64],
    dataset_id: &str,
    now: &str,
) -> Result<()> {
    for id in file_ids {
        sqlx::query(
            "INSERT INTO dataset_file (file_id, dataset_id, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (file_id) DO UPDATE SET dataset_id = excluded.dataset_id,
                 updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(dataset_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Forgets the user's moves of these files: they return to their automatic dataset.
pub async fn unassign_files(conn: &mut SqliteConnection, file_ids: &[i64]) -> Result<()> {
    for id in file_ids {
        sqlx::query("DELETE FROM dataset_file WHERE file_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every annotation of every dataset, ordered by dataset and key.
pub async fn annotations(conn: &mut SqliteConnection) -> Result<Vec<AnnotationRow>> {
    Ok(sqlx::query_as(
        "SELECT dataset_id, key, value FROM dataset_annotation ORDER BY dataset_id, key",
    )
    .fetch_all(conn)
    .await?)
}

/// Sets an annotation; `None` (or an empty value) removes it.
pub async fn set_annotation(
    conn: &mut SqliteConnection,
    dataset_id: &str,
    key: &str,
    value: Option<&str>,
    now: &str,
) -> Result<()> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => {
            sqlx::query(
                "INSERT INTO dataset_annotation (dataset_id, key, value, updated_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (dataset_id, key) DO UPDATE SET value = excluded.value,
                     updated_at = excluded.updated_at",
            )
            .bind(dataset_id)
            .bind(key)
            .bind(value)
            .bind(now)
            .execute(conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM dataset_annotation WHERE dataset_id = $1 AND key = $2")
                .bind(dataset_id)
                .bind(key)
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn edits_and_annotations_round_trip() {
        let (_dir, project) = crate::store::temp_project().await;
        let mut conn = project.pool().acquire().await.unwrap();
        let now = "2025-01-15T10:00:00Z";
        set_name(&mut conn, "a-1", Some("Reklamationen"), now)
            .await
            .unwrap();
        set_merged_into(&mut conn, "b-2", Some("a-1"), now)
            .await
            .unwrap();
        create_user_dataset(&mut conn, "c-3", "Teil", now)
            .await
            .unwrap();
        set_name(&mut conn, "b-2", Some("B"), now).await.unwrap();
        let all = edits(&mut conn).await.unwrap();
        assert_eq!(
            all,
            [
                DatasetEdit {
                    dataset_id: "a-1".into(),
                    name: Some("Reklamationen".into()),
                    merged_into: None,
                    user_created: false
                },
                DatasetEdit {
                    dataset_id: "b-2".into(),
                    name: Some("B".into()),
                    merged_into: Some("a-1".into()),
                    user_created: false
                },
                DatasetEdit {
                    dataset_id: "c-3".into(),
                    name: Some("Teil".into()),
                    merged_into: None,
                    user_created: true
                },
            ]
        );
        set_annotation(&mut conn, "a-1", "owner", Some(" QM "), now)
            .await
            .unwrap();
        set_annotation(&mut conn, "a-1", "purpose", Some("x"), now)
            .await
            .unwrap();
        set_annotation(&mut conn, "a-1", "purpose", Some(""), now)
            .await
            .unwrap();
        let rows = annotations(&mut conn).await.unwrap();
        assert_eq!(
            rows,
            [AnnotationRow {
                dataset_id: "a-1".into(),
                key: "owner".into(),
                value: "QM".into()
            }]
        );
    }
}
