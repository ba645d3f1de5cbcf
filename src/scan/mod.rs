//! Scan file shares read-only and record every file in the project.
//!
//! A scan walks one or more roots in parallel, identifies each file by its content
//! ([`identify`]), compares it with what the project already knows and writes the
//! differences in one transaction. A second scan of the same roots reuses every file
//! whose size, modification time and file id are unchanged without opening it.
//! Files of equal size are hashed (BLAKE3) to find duplicates.
//!
//! Nothing under a root is ever written: files are opened read-only (on Linux with
//! `O_NOATIME`, so not even the access time moves), special files are never opened,
//! and a project file inside a scanned root is refused.

mod entry;
mod fs;
pub mod identify;
mod issue;
mod pipeline;
mod snapshot;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) use fs::open_path as open_file;
pub use identify::{Format, Identification};
pub(crate) use issue::from_io as issue_from_io;
pub use issue::{Issue, message as issue_message};
pub use pipeline::{resolve_roots, run};
use serde::{Deserialize, Serialize};

use crate::store::StoreError;
use crate::store::inventory::ScanCounts;

/// Errors that stop a scan before or while it writes. Problems with single files
/// never stop a scan; they are recorded with the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// A root does not exist.
    #[error("folder `{0}` does not exist")]
    RootMissing(PathBuf),
    /// A root is not a folder.
    #[error("`{0}` is not a folder")]
    RootNotFolder(PathBuf),
    /// A root cannot be read at all.
    #[error("folder `{path}` cannot be read")]
    RootUnreadable {
        /// The root.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// No root was given.
    #[error("no folder to scan was given")]
    NoRoots,
    /// The project file lies inside a scanned folder, so the scan would write there.
    #[error(
        "the project file `{project}` lies inside the scanned folder `{root}`; keep it outside, a scan never writes into scanned folders"
    )]
    ProjectInsideRoot {
        /// Project file.
        project: PathBuf,
        /// The root containing it.
        root: PathBuf,
    },
    /// An `--exclude` pattern is not a valid glob.
    #[error("invalid exclude pattern `{pattern}`")]
    InvalidExclude {
        /// The pattern.
        pattern: String,
        /// Why.
        #[source]
        source: globset::Error,
    },
    /// Writing to the project failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A worker thread failed unexpectedly.
    #[error("the scan stopped unexpectedly: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for ScanError {
    fn from(e: sqlx::Error) -> Self {
        ScanError::Store(StoreError::Database(e))
    }
}

/// What to scan and how.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ScanOptions {
    /// Folders to scan.
    pub roots: Vec<PathBuf>,
    /// Glob patterns of paths to skip, matched against the path relative to its root
    /// and against the file name (`*.tmp`, `Archiv/**`).
    pub excludes: Vec<String>,
    /// Worker threads; 0 uses every core.
    pub jobs: usize,
    /// Follow symbolic links (loops are detected and recorded).
    pub follow_symlinks: bool,
    /// The scan's date for profiling ("today"): record dates after it are in the
    /// future, birth dates lie before it. `None` takes the (UTC) date of the scan's
    /// start; callers that show local dates pass their local date.
    #[serde(default)]
    pub today: Option<chrono::NaiveDate>,
    /// Only take the inventory (walk, identify by the first bytes, duplicates); leave
    /// looking inside tables and health files to a later scan, which profiles every
    /// file that has no profile yet. For a first look at very large shares.
    #[serde(default)]
    pub inventory_only: bool,
}

impl ScanOptions {
    /// Options for scanning `roots` with defaults.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        ScanOptions {
            roots,
            ..ScanOptions::default()
        }
    }

    pub(crate) fn threads(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(2, |n| n.get())
        }
    }
}

/// The stage a running scan is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanPhase {
    /// Loading what the project knows.
    Preparing,
    /// Walking folders and identifying files.
    Walking,
    /// Looking inside tables and health files.
    Profiling,
    /// Hashing files of equal size to find duplicates.
    Hashing,
    /// Writing the results.
    Saving,
    /// Finished.
    Done,
}

impl ScanPhase {
    fn from_u8(v: u8) -> ScanPhase {
        match v {
            0 => ScanPhase::Preparing,
            1 => ScanPhase::Walking,
            2 => ScanPhase::Profiling,
            3 => ScanPhase::Hashing,
            4 => ScanPhase::Saving,
            _ => ScanPhase::Done,
        }
    }
}

/// Live counters of a running scan, updated by the workers and read by whoever shows
/// progress (a terminal bar, app events) at its own pace.
#[derive(Debug, Default)]
pub struct ScanProgress {
    phase: AtomicU8,
    files: AtomicU64,
    bytes: AtomicU64,
    errors: AtomicU64,
    opened: AtomicU64,
    step_done: AtomicU64,
    step_total: AtomicU64,
    folder: Mutex<String>,
}

/// A consistent-enough copy of [`ScanProgress`] for display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressSnapshot {
    /// Current stage.
    pub phase: ScanPhase,
    /// Entries seen so far.
    pub files: u64,
    /// Bytes in those entries.
    pub bytes: u64,
    /// Entries with errors so far.
    pub errors: u64,
    /// Files opened so far.
    pub opened: u64,
    /// Work done in the current stage after walking (files profiled or hashed).
    pub step_done: u64,
    /// Work to do in the current stage after walking.
    pub step_total: u64,
    /// The folder being walked.
    pub current_folder: String,
}

impl ScanProgress {
    /// Takes a snapshot.
    pub fn snapshot(&self) -> ProgressSnapshot {
        ProgressSnapshot {
            phase: ScanPhase::from_u8(self.phase.load(Ordering::Relaxed)),
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            opened: self.opened.load(Ordering::Relaxed),
            step_done: self.step_done.load(Ordering::Relaxed),
            step_total: self.step_total.load(Ordering::Relaxed),
            current_folder: self.folder.lock().map(|f| f.clone()).unwrap_or_default(),
        }
    }

    fn set_phase(&self, phase: ScanPhase, total: u64) {
        self.phase.store(phase as u8, Ordering::Relaxed);
        self.step_done.store(0, Ordering::Relaxed);
        self.step_total.store(total, Ordering::Relaxed);
    }

    fn set_folder(&self, folder: &Path) {
        if let Ok(mut current) = self.folder.try_lock() {
            current.clear();
            current.push_str(&folder.to_string_lossy());
        }
    }
}

/// Shared between a running scan and its caller: progress to read and a flag to
/// cancel. Cancelling keeps what was scanned so far, marks the scan `cancelled` and
/// removes nothing from the inventory.
#[derive(Clone, Debug, Default)]
pub struct ScanControl {
    cancel: Arc<AtomicBool>,
    progress: Arc<ScanProgress>,
}

impl ScanControl {
    /// Asks the scan to stop as soon as possible.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Whether cancelling was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag, for signal handlers.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }

    /// Live progress.
    pub fn progress(&self) -> &ScanProgress {
        &self.progress
    }
}

/// How a scan ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanStatus {
    /// Every root was walked.
    Completed,
    /// Stopped on request; what was seen is kept, nothing was marked removed.
    Cancelled,
}

impl ScanStatus {
    fn id(self) -> &'static str {
        match self {
            ScanStatus::Completed => "completed",
            ScanStatus::Cancelled => "cancelled",
        }
    }
}

/// The outcome of a scan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScanSummary {
    /// The scan's id in the project.
    pub scan_id: i64,
    /// How it ended.
    pub status: ScanStatus,
    /// The roots, as absolute paths.
    pub roots: Vec<String>,
    /// Counts (seen, new, changed, unchanged, removed, opened, bytes, errors).
    #[serde(flatten)]
    pub counts: ScanCounts,
    /// Files that duplicate another file.
    pub duplicates: i64,
    /// Files hashed for duplicate detection in this scan.
    pub files_hashed: i64,
    /// Wall-clock time.
    #[serde(with = "duration_secs")]
    pub duration: Duration,
}

impl std::ops::Deref for ScanSummary {
    type Target = ScanCounts;
    fn deref(&self) -> &ScanCounts {
        &self.counts
    }
}

mod duration_secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        f64::deserialize(d).map(Duration::from_secs_f64)
    }
}
