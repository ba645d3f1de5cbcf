//! Datenreife: data readiness assessment for small and medium-sized companies.
//!
//! The library is the whole product without a GUI: it scans file shares read-only
//! ([`scan`]), keeps what it found in a project file ([`store`]) and turns that into a
//! data catalogue ([`catalog`]). The `datenreife` binary ([`cli`]) and the desktop shell
//! (`src-tauri/`) are thin layers over it.
//!
//! Two rules hold everywhere in this crate:
//! - nothing under a scanned root is ever created, changed or deleted;
//! - no raw value of personal data is stored or exported, only structure, statistics
//!   and verdicts.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use datenreife::{scan, store::Project};
//! let project = Project::open("kunde.datenreife").await?;
//! let options = scan::ScanOptions::new(vec!["/mnt/share".into()]);
//! let summary = scan::run(&project, &options, &scan::ScanControl::default()).await?;
//! println!("{} files, {} new", summary.files_seen, summary.files_new);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod app;
pub mod assess;
pub mod catalog;
pub mod cli;
pub mod company;
pub mod detect;
pub mod i18n;
pub mod plan;
pub mod profile;
pub mod questionnaire;
pub mod report;
pub mod scan;
pub mod score;
pub mod sources;
pub mod store;
