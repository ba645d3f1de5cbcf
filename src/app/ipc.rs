//! The types that cross IPC between the desktop UI and the core.
//!
//! They are the UI's contract: field names are camelCase, enum values snake_case, and
//! TypeScript declarations are generated from them with ts-rs
//! ([`export_bindings`], committed in `ui/src/lib/bindings/`; a test fails when the
//! committed files are stale). They mirror core types instead of exposing them, so a
//! change inside the core does not silently change what the UI receives; the
//! conversions from core types are exhaustive matches and stop the build when a core
//! enum grows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::error::{ErrorCode, IpcError};
use crate::catalog::{self, annotation};
use crate::company;
use crate::i18n;
use crate::score;

// ------------------------------------------------------------------ application

/// A project the user opened before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentProject {
    /// Absolute path of the project file.
    pub path: String,
    /// Company name stored in the project; empty before a profile was saved.
    pub company: String,
    /// RFC 3339 time of the last opening.
    pub last_opened: String,
}

/// What this version of the app can do; the UI hides what is not there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    /// Datasets, scores, findings and annotations (`datasets_list`, `dataset_detail`,
    /// `dataset_annotate`).
    pub datasets: bool,
    /// Export kinds `export_run` accepts, in the order the UI offers them.
    pub exports: Vec<ExportKind>,
}

/// `app_info()`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Version of the app.
    pub version: String,
    /// Projects opened before, newest first; files that no longer exist are left out.
    pub recent_projects: Vec<RecentProject>,
    /// What this version can do.
    pub features: Features,
}

// ------------------------------------------------------------------ company profile

/// Industry (core: `company::Sector`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Sector {
    Medtech,
    Manufacturing,
    Services,
    Software,
    Other,
}

/// Size class after the EU SME definition (core: `company::CompanySize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum CompanySize {
    Micro,
    Small,
    Medium,
    Large,
}

/// Product phase (core: `company::Phase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Phase {
    Concept,
    Design,
    Validation,
    Approval,
    PostMarket,
}

/// MDR/IVDR risk class (core: `company::RiskClass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum RiskClass {
    MdrI,
    MdrIia,
    MdrIib,
    MdrIii,
    IvdrA,
    IvdrB,
    IvdrC,
    IvdrD,
}

/// Who is being assessed (core: `company::CompanyProfile`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProfile {
    /// Company name as on the report.
    pub name: String,
    /// Industry.
    pub sector: Sector,
    /// Size class.
    pub size: CompanySize,
    /// Product or product line assessed.
    pub product: String,
    /// Current product phases.
    pub phases: Vec<Phase>,
    /// MDR/IVDR risk class, for MedTech.
    pub risk_class: Option<RiskClass>,
    /// Whether the product uses AI.
    pub uses_ai: bool,
    /// Who carries out the assessment.
    pub assessor: String,
}

impl From<company::Sector> for Sector {
    fn from(s: company::Sector) -> Self {
        match s {
            company::Sector::Medtech => Sector::Medtech,
            company::Sector::Manufacturing => Sector::Manufacturing,
            company::Sector::Services => Sector::Services,
            company::Sector::Software => Sector::Software,
            company::Sector::Other => Sector::Other,
        }
    }
}

impl From<Sector> for company::Sector {
    fn from(s: Sector) -> Self {
        match s {
            Sector::Medtech => company::Sector::Medtech,
            Sector::Manufacturing => company::Sector::Manufacturing,
            Sector::Services => company::Sector::Services,
            Sector::Software => company::Sector::Software,
            Sector::Other => company::Sector::Other,
        }
    }
}

impl From<company::CompanySize> for CompanySize {
    fn from(s: company::CompanySize) -> Self {
        match s {
            company::CompanySize::Micro => CompanySize::Micro,
            company::CompanySize::Small => CompanySize::Small,
            company::CompanySize::Medium => CompanySize::Medium,
            company::CompanySize::Large => CompanySize::Large,
        }
    }
}

impl From<CompanySize> for company::CompanySize {
    fn from(s: CompanySize) -> Self {
        match s {
            CompanySize::Micro => company::CompanySize::Micro,
            CompanySize::Small => company::CompanySize::Small,
            CompanySize::Medium => company::CompanySize::Medium,
            CompanySize::Large => company::CompanySize::Large,
        }
    }
}

impl From<company::Phase> for Phase {
    fn from(p: company::Phase) -> Self {
        match p {
            company::Phase::Concept => Phase::Concept,
            company::Phase::Design => Phase::Design,
            company::Phase::Validation => Phase::Validation,
            company::Phase::Approval => Phase::Approval,
            company::Phase::PostMarket => Phase::PostMarket,
        }
    }
}

impl From<Phase> for company::Phase {
    fn from(p: Phase) -> Self {
        match p {
            Phase::Concept => company::Phase::Concept,
            Phase::Design => company::Phase::Design,
            Phase::Validation => company::Phase::Validation,
            Phase::Approval => company::Phase::Approval,
            Phase::PostMarket => company::Phase::PostMarket,
        }
    }
}

impl From<company::RiskClass> for RiskClass {
    fn from(r: company::RiskClass) -> Self {
        match r {
            company::RiskClass::MdrI => RiskClass::MdrI,
            company::RiskClass::MdrIia => RiskClass::MdrIia,
            company::RiskClass::MdrIib => RiskClass::MdrIib,
            company::RiskClass::MdrIii => RiskClass::MdrIii,
            company::RiskClass::IvdrA => RiskClass::IvdrA,
            company::RiskClass::IvdrB => RiskClass::IvdrB,
            company::RiskClass::IvdrC => RiskClass::IvdrC,
            company::RiskClass::IvdrD => RiskClass::IvdrD,
        }
    }
}

impl From<RiskClass> for company::RiskClass {
    fn from(r: RiskClass) -> Self {
        match r {
            RiskClass::MdrI => company::RiskClass::MdrI,
            RiskClass::MdrIia => company::RiskClass::MdrIia,
            RiskClass::MdrIib => company::RiskClass::MdrIib,
            RiskClass::MdrIii => company::RiskClass::MdrIii,
            RiskClass::IvdrA => company::RiskClass::IvdrA,
            RiskClass::IvdrB => company::RiskClass::IvdrB,
            RiskClass::IvdrC => company::RiskClass::IvdrC,
            RiskClass::IvdrD => company::RiskClass::IvdrD,
        }
    }
}

impl From<company::CompanyProfile> for CompanyProfile {
    fn from(p: company::CompanyProfile) -> Self {
        CompanyProfile {
            name: p.name,
            sector: p.sector.into(),
            size: p.size.into(),
            product: p.product,
            phases: p.phases.into_iter().map(Into::into).collect(),
            risk_class: p.risk_class.map(Into::into),
            uses_ai: p.uses_ai,
            assessor: p.assessor,
        }
    }
}

impl From<CompanyProfile> for company::CompanyProfile {
    fn from(p: CompanyProfile) -> Self {
        company::CompanyProfile {
            name: p.name,
            sector: p.sector.into(),
            size: p.size.into(),
            product: p.product,
            phases: p.phases.into_iter().map(Into::into).collect(),
            risk_class: p.risk_class.map(Into::into),
            uses_ai: p.uses_ai,
            assessor: p.assessor,
        }
    }
}

// ------------------------------------------------------------------ project and scans

/// How a stored scan ended (or that it is still running in another program).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ScanState {
    Completed,
    Cancelled,
    Running,
    Failed,
}

impl ScanState {
    /// Parses the status column of the scan table; anything unknown counts as failed.
    pub fn from_stored(status: &str) -> ScanState {
        match status {
            "completed" => ScanState::Completed,
            "cancelled" => ScanState::Cancelled,
            "running" => ScanState::Running,
            _ => ScanState::Failed,
        }
    }
}

/// The latest scan of a project (core: `catalog::ScanInfo`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanInfo {
    /// Scan id in the project.
    pub id: i64,
    /// RFC 3339 start.
    pub started_at: String,
    /// RFC 3339 end.
    pub finished_at: Option<String>,
    /// How it ended.
    pub status: ScanState,
    /// Entries seen.
    pub files_seen: u64,
    /// Entries seen for the first time.
    pub files_new: u64,
    /// Entries whose size, time or identity changed.
    pub files_changed: u64,
    /// Entries reused without opening them.
    pub files_unchanged: u64,
    /// Entries gone since the scan before.
    pub files_removed: u64,
    /// Files opened for reading.
    pub files_opened: u64,
    /// Bytes in all entries seen.
    pub bytes_seen: u64,
    /// Entries with an error.
    pub errors: u64,
}

impl From<crate::catalog::ScanInfo> for ScanInfo {
    fn from(s: crate::catalog::ScanInfo) -> Self {
        let n = |v: i64| v.max(0) as u64;
        ScanInfo {
            id: s.id,
            started_at: s.started_at,
            finished_at: s.finished_at,
            status: ScanState::from_stored(&s.status),
            files_seen: n(s.counts.files_seen),
            files_new: n(s.counts.files_new),
            files_changed: n(s.counts.files_changed),
            files_unchanged: n(s.counts.files_unchanged),
            files_removed: n(s.counts.files_removed),
            files_opened: n(s.counts.files_opened),
            bytes_seen: n(s.counts.bytes_seen),
            errors: n(s.counts.errors),
        }
    }
}

/// `project_new(path)`, `project_open(path)`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectInfo {
    /// Absolute path of the project file.
    pub path: String,
    /// The company profile (empty name before it was saved).
    pub company: CompanyProfile,
    /// The latest scan.
    pub last_scan: Option<ScanInfo>,
}

/// `scan_start(request)`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanRequest {
    /// Absolute folder paths (local, mapped drive or UNC).
    pub roots: Vec<String>,
    /// Glob patterns of paths to leave out.
    pub excludes: Vec<String>,
}

/// Stage of a running scan (core: `scan::ScanPhase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ScanPhase {
    Preparing,
    Walking,
    Profiling,
    Hashing,
    Saving,
    Done,
}

impl From<crate::scan::ScanPhase> for ScanPhase {
    fn from(p: crate::scan::ScanPhase) -> Self {
        use crate::scan::ScanPhase as Core;
        match p {
            Core::Preparing => ScanPhase::Preparing,
            Core::Walking => ScanPhase::Walking,
            Core::Profiling => ScanPhase::Profiling,
            Core::Hashing => ScanPhase::Hashing,
            Core::Saving => ScanPhase::Saving,
            Core::Done => ScanPhase::Done,
        }
    }
}

/// Event `scan-progress`, a few times per second while a scan runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanProgress {
    /// Current stage.
    pub phase: ScanPhase,
    /// Entries found so far.
    pub files: u64,
    /// Bytes in the entries found so far.
    pub bytes: u64,
    /// Entries with an error so far.
    pub errors: u64,
    /// Files opened for reading so far.
    pub opened: u64,
    /// Work done in the current stage after walking.
    pub step_done: u64,
    /// Work to do in the current stage; 0 when unknown.
    pub step_total: u64,
    /// Folder being walked, starting with the name of its scanned folder.
    pub current_folder: String,
    /// Entries found per second, over the last few seconds.
    pub files_per_second: f64,
}

/// How a scan run from the app ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ScanEnd {
    Completed,
    Cancelled,
    /// The scan stopped with an error; nothing of it was kept (see `error`).
    Failed,
}

/// Event `scan-finished`, once per scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanSummary {
    /// Scan id in the project (0 when the scan failed before it was recorded).
    pub scan_id: i64,
    /// How it ended.
    pub status: ScanEnd,
    /// Entries seen.
    pub files_seen: u64,
    /// Entries new in this scan.
    pub files_new: u64,
    /// Entries changed since the scan before.
    pub files_changed: u64,
    /// Entries reused without opening them.
    pub files_unchanged: u64,
    /// Entries gone since the scan before.
    pub files_removed: u64,
    /// Entries with an error.
    pub errors: u64,
    /// Files that duplicate another file.
    pub duplicates: u64,
    /// Wall-clock time.
    pub duration_seconds: f64,
    /// Why the scan failed, when it did.
    pub error: Option<IpcError>,
}

// ------------------------------------------------------------------ catalogue

/// One file of the catalogue, without its tables (core: `catalog::CatalogFile`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogFile {
    /// Path relative to its root.
    pub path: String,
    /// Index into the overview's roots.
    pub root: u32,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (RFC 3339, UTC).
    pub modified: Option<String>,
    /// Format identified by content.
    pub format: String,
    /// Finer format label.
    pub format_detail: Option<String>,
    /// Text encoding.
    pub encoding: Option<String>,
    /// Whether the file could be read and is intact.
    pub readable: bool,
    /// Why not, in the UI language.
    pub error: Option<String>,
    /// Stable code of the problem.
    pub error_code: Option<String>,
    /// Path of the original when this file is a duplicate.
    pub duplicate_of: Option<String>,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found.
    pub code_systems: Vec<String>,
}

impl From<&catalog::CatalogFile> for CatalogFile {
    /// The file as the catalogue loaded it (messages in the catalogue's language).
    fn from(f: &catalog::CatalogFile) -> Self {
        CatalogFile {
            path: f.path.clone(),
            root: u32::try_from(f.root).unwrap_or(u32::MAX),
            size: f.size,
            modified: f.modified.clone(),
            format: f.format.clone(),
            format_detail: f.format_detail.clone(),
            encoding: f.encoding.clone(),
            readable: f.readable,
            error: f.error.clone(),
            error_code: f.error_code.clone(),
            duplicate_of: f.duplicate_of.clone(),
            personal_data: f.personal_data,
            special_category: f.special_category,
            code_systems: f.code_systems.clone(),
        }
    }
}

/// An entry that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogError {
    /// Path relative to its root.
    pub path: String,
    /// Why, in the UI language.
    pub reason: String,
    /// Stable code of the problem.
    pub code: String,
}

/// Totals of the catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogTotals {
    /// Files present.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Files that duplicate another.
    pub duplicates: u64,
    /// Bytes in duplicates.
    pub duplicate_bytes: u64,
    /// Entries that could not be read.
    pub errors: u64,
    /// Files with personal data.
    pub personal_files: u64,
    /// Files with health data about persons.
    pub health_files: u64,
}

/// Files and bytes of one format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormatCount {
    /// Format id.
    pub format: String,
    /// Files.
    pub files: u64,
    /// Bytes.
    pub bytes: u64,
}

/// `catalog_overview()`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogOverview {
    /// Scanned folders.
    pub roots: Vec<String>,
    /// The latest scan.
    pub scan: Option<ScanInfo>,
    /// Totals.
    pub totals: CatalogTotals,
    /// Files per format, most files first.
    pub formats: Vec<FormatCount>,
}

/// Column to sort the file list by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum FileSortKey {
    Path,
    Format,
    Size,
    Modified,
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum SortDir {
    Asc,
    Desc,
}

/// Which files to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesFilter {
    /// Part of the path, case-insensitive; empty for all.
    pub text: String,
    /// Format id; empty for all formats.
    pub format: String,
    /// Only entries that could not be read.
    pub only_errors: bool,
    /// Only files with personal data.
    pub only_personal: bool,
}

/// Sort order of the file list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileSort {
    /// Column.
    pub key: FileSortKey,
    /// Direction.
    pub dir: SortDir,
}

/// `files_page(query)`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesQuery {
    /// First row (0-based) of the page.
    pub offset: u32,
    /// Rows wanted (at most 1,000 are returned).
    pub limit: u32,
    /// Which files.
    pub filter: FilesFilter,
    /// In which order.
    pub sort: FileSort,
}

/// One page of the file list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesPage {
    /// Rows matching the filter, across all pages.
    pub total: u64,
    /// The page.
    pub rows: Vec<CatalogFile>,
}

// ------------------------------------------------------------------ datasets

/// The three scores of a dataset (0–100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    /// Quality.
    pub quality: u8,
    /// Rights.
    pub rights: u8,
    /// Interoperability.
    pub interoperability: u8,
}

/// A score dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ScoreDimension {
    Quality,
    Rights,
    Interoperability,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

/// Findings of a dataset per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct FindingCounts {
    pub critical: u32,
    pub warning: u32,
    pub info: u32,
}

/// `datasets_list()`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatasetSummary {
    /// Stable id.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Files in the dataset.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Rows in its tables.
    pub rows: u64,
    /// The three scores.
    pub scores: Scores,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons.
    pub special_category: bool,
    /// Findings per severity.
    pub findings: FindingCounts,
}

impl From<score::Severity> for Severity {
    fn from(s: score::Severity) -> Self {
        match s {
            score::Severity::Critical => Severity::Critical,
            score::Severity::Warning => Severity::Warning,
            score::Severity::Info => Severity::Info,
        }
    }
}

impl From<score::Dimension> for ScoreDimension {
    fn from(d: score::Dimension) -> Self {
        match d {
            score::Dimension::Quality => ScoreDimension::Quality,
            score::Dimension::Rights => ScoreDimension::Rights,
            score::Dimension::Interoperability => ScoreDimension::Interoperability,
        }
    }
}

impl From<score::Scores> for Scores {
    fn from(s: score::Scores) -> Self {
        Scores {
            quality: s.quality,
            rights: s.rights,
            interoperability: s.interoperability,
        }
    }
}

impl From<&catalog::Dataset> for DatasetSummary {
    fn from(d: &catalog::Dataset) -> Self {
        let mut findings = FindingCounts::default();
        for f in &d.findings {
            match f.severity {
                score::Severity::Critical => findings.critical += 1,
                score::Severity::Warning => findings.warning += 1,
                score::Severity::Info => findings.info += 1,
            }
        }
        DatasetSummary {
            id: d.id.clone(),
            name: d.name.clone(),
            files: d.files.len() as u64,
            bytes: d.bytes,
            rows: d.rows,
            scores: d.scores.into(),
            personal_data: d.personal_data,
            special_category: d.special_category,
            findings,
        }
    }
}

/// One finding that explains a score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code; the UI may branch on it, never on the message.
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// Which score it lowers.
    pub dimension: ScoreDimension,
    /// What was found, in the UI language.
    pub message: String,
    /// What to do about it, in plain words.
    pub next_step: String,
    /// Affected columns.
    pub columns: Vec<String>,
    /// Affected files.
    pub files: Vec<String>,
}

impl From<&score::Finding> for Finding {
    fn from(f: &score::Finding) -> Self {
        Finding {
            code: f.code.clone(),
            severity: f.severity.into(),
            dimension: f.dimension.into(),
            message: f.problem.clone(),
            next_step: f.next_step.clone(),
            columns: f.columns.clone(),
            files: f.files.clone(),
        }
    }
}

/// Facts a user can document for a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum AnnotationKey {
    Owner,
    Origin,
    LegalBasis,
    ConsentScope,
    Purpose,
    Licence,
    ThirdPartyRights,
    Retention,
    Access,
    Description,
    Relevance,
}

impl From<AnnotationKey> for annotation::AnnotationKey {
    fn from(k: AnnotationKey) -> Self {
        use annotation::AnnotationKey as Core;
        match k {
            AnnotationKey::Owner => Core::Owner,
            AnnotationKey::Origin => Core::Origin,
            AnnotationKey::LegalBasis => Core::LegalBasis,
            AnnotationKey::ConsentScope => Core::ConsentScope,
            AnnotationKey::Purpose => Core::Purpose,
            AnnotationKey::Licence => Core::Licence,
            AnnotationKey::ThirdPartyRights => Core::ThirdPartyRights,
            AnnotationKey::Retention => Core::Retention,
            AnnotationKey::Access => Core::Access,
            AnnotationKey::Description => Core::Description,
            AnnotationKey::Relevance => Core::Relevance,
        }
    }
}

impl From<annotation::AnnotationKey> for AnnotationKey {
    fn from(k: annotation::AnnotationKey) -> Self {
        use annotation::AnnotationKey as Core;
        match k {
            Core::Owner => AnnotationKey::Owner,
            Core::Origin => AnnotationKey::Origin,
            Core::LegalBasis => AnnotationKey::LegalBasis,
            Core::ConsentScope => AnnotationKey::ConsentScope,
            Core::Purpose => AnnotationKey::Purpose,
            Core::Licence => AnnotationKey::Licence,
            Core::ThirdPartyRights => AnnotationKey::ThirdPartyRights,
            Core::Retention => AnnotationKey::Retention,
            Core::Access => AnnotationKey::Access,
            Core::Description => AnnotationKey::Description,
            Core::Relevance => AnnotationKey::Relevance,
        }
    }
}

/// Detection kinds of DESIGN §4 (core: `detect::DetectionKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum DetectionKind {
    PersonName,
    FirstName,
    LastName,
    BirthDate,
    Email,
    Phone,
    Address,
    Postcode,
    Iban,
    Kvnr,
    SteuerId,
    VatId,
    PatientId,
    Icd10gm,
    Ops,
    Loinc,
    SnomedCt,
    Atc,
    Pzn,
    UcumUnit,
}

impl From<crate::detect::DetectionKind> for DetectionKind {
    fn from(k: crate::detect::DetectionKind) -> Self {
        use crate::detect::DetectionKind as Core;
        match k {
            Core::PersonName => DetectionKind::PersonName,
            Core::FirstName => DetectionKind::FirstName,
            Core::LastName => DetectionKind::LastName,
            Core::BirthDate => DetectionKind::BirthDate,
            Core::Email => DetectionKind::Email,
            Core::Phone => DetectionKind::Phone,
            Core::Address => DetectionKind::Address,
            Core::Postcode => DetectionKind::Postcode,
            Core::Iban => DetectionKind::Iban,
            Core::Kvnr => DetectionKind::Kvnr,
            Core::SteuerId => DetectionKind::SteuerId,
            Core::VatId => DetectionKind::VatId,
            Core::PatientId => DetectionKind::PatientId,
            Core::Icd10gm => DetectionKind::Icd10gm,
            Core::Ops => DetectionKind::Ops,
            Core::Loinc => DetectionKind::Loinc,
            Core::SnomedCt => DetectionKind::SnomedCt,
            Core::Atc => DetectionKind::Atc,
            Core::Pzn => DetectionKind::Pzn,
            Core::UcumUnit => DetectionKind::UcumUnit,
        }
    }
}

/// A detection in a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Detection {
    /// What was detected.
    pub kind: DetectionKind,
    /// Share of non-empty values that match, 0..1.
    pub ratio: f64,
}

/// Statistics of one column; never raw values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Inferred type.
    #[serde(rename = "type")]
    pub column_type: String,
    /// Share of empty values.
    pub null_ratio: f64,
    /// Estimated distinct values.
    pub distinct_estimate: u64,
    /// Detections.
    pub detections: Vec<Detection>,
    /// A masked example value, when the core offers one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub example: Option<String>,
}

/// A table inside a file of a dataset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableProfile {
    /// Path of the file the table is in.
    pub file: String,
    /// Sheet or file name.
    pub name: String,
    /// Rows.
    pub rows: u64,
    /// Columns.
    pub columns: Vec<Column>,
}

impl TableProfile {
    /// The UI's view of a profiled table of `file`: structure and statistics only.
    /// Top values, minimum and maximum are left out because they can be raw values;
    /// the example is passed on as the profiler masked it.
    pub fn from_table(file: &str, table: &crate::profile::Table) -> TableProfile {
        TableProfile {
            file: file.to_owned(),
            name: table.name.clone(),
            rows: table.rows,
            columns: table
                .columns
                .iter()
                .map(|c| Column {
                    name: c.name.clone(),
                    column_type: c.kind.clone(),
                    null_ratio: c.null_ratio,
                    distinct_estimate: c.distinct_estimate,
                    detections: c
                        .detections
                        .iter()
                        .map(|d| Detection {
                            kind: d.kind.into(),
                            ratio: d.ratio,
                        })
                        .collect(),
                    example: c.example.clone(),
                })
                .collect(),
        }
    }
}

/// `dataset_detail(id)`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatasetDetail {
    /// The summary.
    pub dataset: DatasetSummary,
    /// Its files.
    pub files: Vec<CatalogFile>,
    /// Its tables.
    pub tables: Vec<TableProfile>,
    /// Findings, most serious first.
    pub findings: Vec<Finding>,
    /// What the user documented; absent keys are undocumented.
    pub annotations: BTreeMap<AnnotationKey, String>,
}

impl DatasetDetail {
    /// The UI's view of a dataset of `catalog`: member files, their tables (statistics
    /// and masked examples only), findings most serious first, annotations.
    pub fn from_catalog(catalog: &catalog::Catalog, d: &catalog::Dataset) -> DatasetDetail {
        let members: Vec<&catalog::CatalogFile> =
            d.file_indices.iter().map(|&i| &catalog.files[i]).collect();
        DatasetDetail {
            dataset: d.into(),
            files: members.iter().map(|f| CatalogFile::from(*f)).collect(),
            tables: members
                .iter()
                .flat_map(|f| {
                    f.tables
                        .iter()
                        .map(|t| TableProfile::from_table(&f.path, t))
                })
                .collect(),
            findings: d.findings.iter().map(Finding::from).collect(),
            annotations: d
                .annotations
                .0
                .iter()
                .filter_map(|(k, v)| {
                    let key = annotation::AnnotationKey::parse(k)?;
                    Some((AnnotationKey::from(key), v.clone()))
                })
                .collect(),
        }
    }
}

// ------------------------------------------------------------------ export and settings

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// The PDF report.
    Pdf,
    /// The catalogue workbook.
    Xlsx,
    /// The catalogue JSON (DESIGN §4).
    Json,
    /// One CSV row per file.
    Csv,
    /// DCAT-AP metadata draft.
    Dcat,
}

impl ExportKind {
    /// The file extension the export gets when the chosen name has none.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Pdf => "pdf",
            ExportKind::Xlsx => "xlsx",
            ExportKind::Json => "json",
            ExportKind::Csv => "csv",
            ExportKind::Dcat => "jsonld",
        }
    }
}

/// A language of the product (core: `i18n::Lang`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl From<Lang> for i18n::Lang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::De => i18n::Lang::De,
            Lang::En => i18n::Lang::En,
        }
    }
}

impl From<i18n::Lang> for Lang {
    fn from(l: i18n::Lang) -> Self {
        match l {
            i18n::Lang::De => Lang::De,
            i18n::Lang::En => Lang::En,
        }
    }
}

/// `export_run(request)`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// What.
    pub kind: ExportKind,
    /// Where (absolute file path; the extension is added when missing).
    pub path: String,
    /// Language of the texts inside.
    pub lang: Lang,
}

/// A written export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// Its size.
    pub bytes: u64,
}

/// Consultant branding of reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Branding {
    /// Name on the report cover.
    pub consultant_name: String,
    /// Accent colour `#rrggbb`.
    pub colour: String,
    /// Logo image (PNG, JPEG or SVG).
    pub logo_path: Option<String>,
}

impl Default for Branding {
    fn default() -> Self {
        Branding {
            consultant_name: String::new(),
            colour: "#0b5d6e".into(),
            logo_path: None,
        }
    }
}

/// `settings_get()`, `settings_set(settings)`; stored in the user's config folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// UI and report language.
    pub lang: Lang,
    /// Report branding.
    pub branding: Branding,
    /// Folder with the user's own questionnaires.
    pub questionnaire_dir: Option<String>,
    /// Folder with the user's additions to the knowledge base.
    pub knowledge_dir: Option<String>,
}

// ------------------------------------------------------------------ bindings

/// Writes the TypeScript declarations of every IPC type into `dir` (one `.ts` file per
/// type, 64-bit integers as `number`) and returns the files written.
///
/// # Errors
/// When a file cannot be written.
pub fn export_bindings(dir: &Path) -> Result<Vec<PathBuf>, ts_rs::ExportError> {
    let cfg = ts_rs::Config::new()
        .with_out_dir(dir)
        .with_large_int("number");
    AppInfo::export_all(&cfg)?;
    ProjectInfo::export_all(&cfg)?;
    ScanRequest::export_all(&cfg)?;
    ScanProgress::export_all(&cfg)?;
    ScanSummary::export_all(&cfg)?;
    CatalogOverview::export_all(&cfg)?;
    FilesQuery::export_all(&cfg)?;
    FilesPage::export_all(&cfg)?;
    CatalogError::export_all(&cfg)?;
    DatasetDetail::export_all(&cfg)?;
    ExportRequest::export_all(&cfg)?;
    ExportResult::export_all(&cfg)?;
    Settings::export_all(&cfg)?;
    IpcError::export_all(&cfg)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(ts_rs::ExportError::Io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ts"))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed TypeScript bindings match the Rust types. Regenerate them with
    /// `UPDATE_BINDINGS=1 cargo test bindings_are_current` (or `scripts/gen-bindings`).
    #[test]
    fn bindings_are_current() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
        let fresh = tempfile::tempdir().unwrap();
        let files = export_bindings(fresh.path()).unwrap();
        assert!(files.len() > 30, "{files:?}");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            let _ = std::fs::remove_dir_all(&committed);
            std::fs::create_dir_all(&committed).unwrap();
            for f in &files {
                std::fs::copy(f, committed.join(f.file_name().unwrap())).unwrap();
            }
            return;
        }
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        let mut stale = Vec::new();
        for f in &files {
            let old = std::fs::read_to_string(committed.join(f.file_name().unwrap()));
            if old.ok().as_deref() != Some(std::fs::read_to_string(f).unwrap().as_str()) {
                stale.push(name(f));
            }
        }
        let wanted: Vec<String> = files.iter().map(name).collect();
        if let Ok(entries) = std::fs::read_dir(&committed) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if !wanted.contains(&n) {
                    stale.push(format!("{n} (no longer generated)"));
                }
            }
        }
        assert!(
            stale.is_empty(),
            "ui/src/lib/bindings is stale: {stale:?}; run scripts/gen-bindings and commit"
        );
    }

    #[test]
    fn json_matches_the_ui_contract() {
        let profile = CompanyProfile {
            name: "Muster".into(),
            sector: Sector::Medtech,
            size: CompanySize::Small,
            product: String::new(),
            phases: vec![Phase::PostMarket],
            risk_class: Some(RiskClass::MdrIib),
            uses_ai: true,
            assessor: String::new(),
        };
        let json = serde_json::to_value(&profile).unwrap();
        assert_eq!(json["riskClass"], "mdr_iib");
        assert_eq!(json["usesAi"], true);
        assert_eq!(json["phases"][0], "post_market");
        let core: company::CompanyProfile = profile.clone().into();
        assert_eq!(CompanyProfile::from(core), profile);

        let mut annotations = BTreeMap::new();
        annotations.insert(AnnotationKey::LegalBasis, "consent".to_owned());
        assert_eq!(
            serde_json::to_value(&annotations).unwrap(),
            serde_json::json!({"legal_basis": "consent"})
        );
        let column = Column {
            name: "IBAN".into(),
            column_type: "text".into(),
            null_ratio: 0.0,
            distinct_estimate: 3,
            detections: vec![],
            example: None,
        };
        let json = serde_json::to_value(&column).unwrap();
        assert_eq!(json["type"], "text");
        assert!(json.get("example").is_none());
    }
}
