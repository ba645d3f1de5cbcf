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
    /// Opened by a process that expects no other reader while it writes (see
    /// [`Project::open_unshared`]).
    unshared: bool,
}

impl Project {
    /// Opens a project file, creating it if it does not exist, and brings its schema up
    /// to date.
    pub async fn open(path: impl AsRef<Path>) -> Result<Project> {
        Self::connect(path.as_ref(), true).await
    }

    /// [`Project::open`] for a process that expects no other program to read the
    /// project while it writes, such as a command-line scan. Its [`BulkWrite`]s then
    /// write through a rollback journal when no other connection has the file open.
    pub async fn open_unshared(path: impl AsRef<Path>) -> Result<Project> {
        let mut project = Self::connect(path.as_ref(), true).await?;
        project.unshared = true;
        Ok(project)
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
            unshared: false,
        })
    }

    /// The connection pool, for the store's own submodules and tests.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A connection of its own for one large write transaction, a scan's (see
    /// [`BulkWrite`]).
    pub async fn bulk_write(&self) -> Result<BulkWrite> {
        let mut conn = None;
        if self.unshared {
            // The connection the migrations used may still be on its way back to the
            // pool: wait a moment for it rather than open a second one, which would
            // keep the journal in the write-ahead log.
            for _ in 0..50 {
                conn = self.pool.try_acquire();
                if conn.is_some() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        let mut conn = match conn {
            Some(conn) => conn,
            None => self.pool.acquire().await?,
        };
        conn.close_on_drop();
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await?;
        // SQLite's default page cache of 2 MB instead of the pool's 32 MB: a scan
        // writes most pages once, and a small cache writes them out as it goes
        // instead of keeping the whole transaction in fresh memory (first scan of
        // 200,000 files: 6,500 fewer page faults, 25 MB less peak memory).
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        let mut rollback_journal = false;
        if self.unshared && self.pool.size() == 1 {
            // Refused (busy) while another process has the project open: then the
            // transaction goes through the write-ahead log as usual.
            let mode: Option<String> = sqlx::query_scalar("PRAGMA journal_mode = DELETE")
                .fetch_one(&mut *conn)
                .await
                .ok();
            if mode.as_deref() == Some("delete") {
                sqlx::query("PRAGMA synchronous = FULL")
                    .execute(&mut *conn)
                    .await?;
                rollback_journal = true;
            }
        }
        Ok(BulkWrite {
            conn,
            rollback_journal,
        })
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

/// A connection of its own for one large write transaction: a scan's, which writes a
/// row per file. Three things differ from a pooled connection:
///
/// - Foreign keys are not checked. That cost about 2,500 instructions per inserted
///   file row, a tenth of a first scan's work in user space (callgrind, 20,000
///   files); a scan's rows reference only the scan and root rows it writes itself in
///   the same transaction, and the scan tests run `PRAGMA foreign_key_check`.
/// - In a project opened with [`Project::open_unshared`] and no other connection, the
///   transaction writes through a rollback journal: its pages go into the project file
///   once, instead of into the write-ahead log and again into the file at the
///   checkpoint when the project is closed (with two more flushes to disk). That made
///   the first inventory of 200,000 files about 6% faster (`bench/scan-vs-find`).
///   Other readers would wait while it commits, which is why the app does not use it.
/// - A page cache of 2 MB (see [`Project::bulk_write`]).
///
/// [`BulkWrite::finish`] switches back to the write-ahead log; the connection is then
/// closed rather than returned to the pool, as it is when the work fails (a
/// connection that opens the project later sets the write-ahead log again).
pub struct BulkWrite {
    conn: PoolConnection<Sqlite>,
    rollback_journal: bool,
}

impl BulkWrite {
    /// The connection, to begin the transaction on.
    pub fn connection(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.conn
    }

    /// Whether the transaction writes through a rollback journal.
    pub fn uses_rollback_journal(&self) -> bool {
        self.rollback_journal
    }

    /// Ends the bulk work after its transaction: back to the write-ahead log, and the
    /// connection is closed.
    pub async fn finish(mut self) -> Result<()> {
        if self.rollback_journal {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&mut *self.conn)
                .await?;
        }
        self.conn.close().await?;
        Ok(())
    }
}

/// A new project in a temporary folder (dropped with the folder), for tests.
#[cfg(test)]
pub(crate) async fn temp_project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let project = Project::open(dir.path().join("p.datenreife"))
        .await
        .unwrap();
    (dir, project)
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

    async fn journal_mode(conn: &mut sqlx::SqliteConnection) -> String {
        sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(conn)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn bulk_writes_of_an_unshared_project_use_a_rollback_journal_when_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.datenreife");
        let project = Project::open_unshared(&path).await.unwrap();
        let mut bulk = project.bulk_write().await.unwrap();
        assert!(bulk.uses_rollback_journal());
        let conn = bulk.connection();
        assert_eq!(journal_mode(conn).await, "delete");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(fk, 0);
        let mut tx = sqlx::Connection::begin(&mut *conn).await.unwrap();
        sqlx::query("INSERT INTO project_meta (key, value) VALUES ('k', 'v')")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        bulk.finish().await.unwrap();
        // Back to the write-ahead log, with foreign keys, and the row is there.
        let mut conn = project.pool().acquire().await.unwrap();
        assert_eq!(journal_mode(&mut conn).await, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(fk, 1);
        drop(conn);
        assert_eq!(project.meta("k").await.unwrap().as_deref(), Some("v"));

        // Another program has the project open: the write-ahead log stays.
        let other = Project::open(&path).await.unwrap();
        let mut reader = other.pool().acquire().await.unwrap();
        assert_eq!(journal_mode(&mut reader).await, "wal");
        let mut bulk = project.bulk_write().await.unwrap();
        assert!(!bulk.uses_rollback_journal());
        assert_eq!(journal_mode(bulk.connection()).await, "wal");
        bulk.finish().await.unwrap();
        drop(reader);
        other.close().await;

        // A project opened the usual way (the app's) never switches.
        let shared = Project::open(&path).await.unwrap();
        let bulk = shared.bulk_write().await.unwrap();
        assert!(!bulk.uses_rollback_journal());
        bulk.finish().await.unwrap();
        shared.close().await;
        project.close().await;
    }

    #[tokio::test]
    async fn snapshots_of_projects_from_before_migration_5_move_to_their_table() {
        let dir = tempfile::tempdir().unwrap();
        // A project as migrations 1 to 4 left it, with a snapshot in the root row.
        let old = dir.path().join("migrations");
        std::fs::create_dir(&old).unwrap();
        for entry in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite")).unwrap()
        {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            if name.as_str() < "0005" {
                std::fs::copy(entry.path(), old.join(&name)).unwrap();
            }
        }
        let path = dir.path().join("p.datenreife");
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = SqlitePool::connect_with(options).await.unwrap();
        let migrator = sqlx::migrate::Migrator::new(old.as_path()).await.unwrap();
        assert_eq!(migrator.iter().count(), 4);
        migrator.run(&pool).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO scan (id, started_at, status, options)
                 VALUES (1, '2026-12-01T08:00:00Z', 'completed', '{}');
             INSERT INTO root (id, path, path_raw, first_scan_id, last_scan_id, snapshot)
                 VALUES (1, '/srv/a', X'2F7372762F61', 1, 1, X'0102030405'),
                        (2, '/srv/b', X'2F7372762F62', 1, 1, NULL);",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let project = Project::open_existing(&path).await.unwrap();
        let mut conn = project.pool().acquire().await.unwrap();
        assert_eq!(
            inventory::load_snapshot(&mut conn, 1).await.unwrap(),
            Some(vec![1, 2, 3, 4, 5])
        );
        assert_eq!(inventory::load_snapshot(&mut conn, 2).await.unwrap(), None);
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info('root')")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        assert!(!columns.iter().any(|c| c == "snapshot"), "{columns:?}");
        // Saving replaces the snapshot of its root only.
        inventory::save_snapshot(&mut conn, 2, vec![9; 3])
            .await
            .unwrap();
        inventory::save_snapshot(&mut conn, 1, vec![7])
            .await
            .unwrap();
        assert_eq!(
            inventory::load_snapshot(&mut conn, 1).await.unwrap(),
            Some(vec![7])
        );
        assert_eq!(
            inventory::load_snapshot(&mut conn, 2).await.unwrap(),
            Some(vec![9; 3])
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
