//! The project file: one SQLite database per client or workshop.
//!
//! A project file is opened like a document. It holds every scan, the inventory of
//! files with their history, and (as later modules add them) datasets, annotations,
//! questionnaire answers and plans. The schema is created and upgraded by embedded
//! migrations; queries are checked at run time, so building needs no database.
//!
//! All SQL lives in this module's submodules and uses `$N` placeholders and portable
//! types, so a PostgreSQL twin of the migrations can follow for shared installations.

pub mod browse;
pub mod datasets;
pub mod inventory;
pub mod profiling;
pub mod questionnaire;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::Sqlite;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Errors of the project store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The project file does not exist (and was not to be created).
    #[error("project file `{0}` does not exist")]
    NotFound(PathBuf),
    /// The file exists but is not a Datenreife project.
    #[error("`{path}` is not a Datenreife project file")]
    NotAProject {
        /// The path given.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: sqlx::Error,
    },
    /// The project was written by a newer version of Datenreife.
    #[error("project file `{path}` was written by a newer version of Datenreife; please update")]
    TooNew {
        /// The path given.
        path: PathBuf,
        /// What the migrator said.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// A database operation failed.
    #[error("project file operation failed")]
    Database(#[from] sqlx::Error),
    /// Stored data could not be decoded.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

/// Result type of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// An open project file.
#[derive(Clone, Debug)]
pub struct Project {
    pool: SqlitePool,
    path: PathBuf,
}

impl Project {
    /// Opens a project file, creating it if it does not exist, and brings its schema up
    /// to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Project> {
        Self::connect(path.as_ref(), true).await
    }

    /// Opens an existing project file; a missing file is an error.
    pub async fn open_existing(path: impl AsRef<Path>) -> Result<Project> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(StoreError::NotFound(path.to_owned()));
        }
        Self::connect(path, false).await
    }

    async fn connect(path: &Path, create: bool) -> Result<Project> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(StoreError::Database)?
            .filename(path)
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 64 KiB pages for new project files (an existing file keeps its own): a
            // scan writes whole tables and a large snapshot, and with 4 KiB pages its
            // commit cost 16 times as many writes (110 ms against 12 ms for 200,000
            // files, `bench/scan-vs-find`).
            .page_size(65536)
            .pragma("cache_size", "-32000");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::NotAProject {
                path: path.to_owned(),
                source,
            })?;
        match MIGRATOR.run(&pool).await {
            Ok(()) => {}
            Err(source @ sqlx::migrate::MigrateError::VersionMissing(_)) => {
                pool.close().await;
                return Err(StoreError::TooNew {
                    path: path.to_owned(),
                    source,
                });
            }
            Err(sqlx::migrate::MigrateError::Execute(source)) => {
                pool.close().await;
                return Err(StoreError::NotAProject {
                    path: path.to_owned(),
                    source,
                });
            }
            Err(e) => {
                pool.close().await;
                return Err(StoreError::Corrupt(e.to_string()));
            }
        }
        Ok(Project {
            pool,
            path: path.to_owned(),
        })
    }

    /// The connection pool, for the store's own submodules and tests.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A connection of its own for one large write transaction, a scan's: foreign keys
    /// are not checked on it, and it is closed when dropped instead of going back to
    /// the pool, so no other operation runs without them.
    ///
    /// Checking them cost about 2,500 instructions per inserted file row, a tenth of a
    /// first scan's work in user space (callgrind, 20,000 files). A scan's rows
    /// reference only the scan and root rows it writes itself in the same
    /// transaction; the scan tests run `PRAGMA foreign_key_check` afterwards.
    pub async fn bulk_connection(&self) -> Result<PoolConnection<Sqlite>> {
        let mut conn = self.pool.acquire().await?;
        conn.close_on_drop();
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await?;
        Ok(conn)
    }

    /// Where the project file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the write-ahead log and closes all connections.
    pub async fn close(self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }

    /// Reads a project setting.
    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM project_meta WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The company profile of the project (empty profile when none was saved yet).
    pub async fn company_profile(&self) -> Result<crate::company::CompanyProfile> {
        match self.meta("company_profile").await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("company profile: {e}"))),
            None => Ok(crate::company::CompanyProfile::default()),
        }
    }

    /// Saves the company profile.
    pub async fn set_company_profile(
        &self,
        profile: &crate::company::CompanyProfile,
    ) -> Result<()> {
        let json =
            serde_json::to_string(profile).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.set_meta("company_profile", &json).await
    }

    /// Writes a project setting.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO project_meta (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn creates_migrates_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.datenreife");
        let project = Project::open(&path).await.unwrap();
        project.set_meta("company", "Müller GmbH").await.unwrap();
        let profile = crate::company::CompanyProfile {
            name: "Muster GmbH".into(),
            uses_ai: true,
            ..Default::default()
        };
        project.set_company_profile(&profile).await.unwrap();
        assert_eq!(project.company_profile().await.unwrap(), profile);
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(project.pool())
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(project.pool())
            .await
            .unwrap();
        assert_eq!(fk, 1);
        project.close().await;
        let project = Project::open_existing(&path).await.unwrap();
        assert_eq!(
            project.meta("company").await.unwrap().as_deref(),
            Some("Müller GmbH")
        );
    }

    #[tokio::test]
    async fn missing_and_foreign_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Project::open_existing(dir.path().join("nope.datenreife"))
            .await
            .unwrap_err();
        assert!(matches!(missing, StoreError::NotFound(_)));
        let text = dir.path().join("notes.txt");
        std::fs::write(
            &text,
            "this is not a database, just some text that is long enough",
        )
        .unwrap();
        let err = Project::open_existing(&text).await.unwrap_err();
        assert!(
            err.to_string().contains("is not a Datenreife project"),
            "{err}"
        );
    }
}
