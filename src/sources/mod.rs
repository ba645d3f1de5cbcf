//! External data by product phase: the access-path knowledge base and the phase guide.
//!
//! The knowledge base lives in `knowledge/` as TOML (format in `knowledge/README.md`),
//! is embedded in the binary and can be extended or overridden from a folder
//! ([`KnowledgeBase::load_overlay`], the `DATENREIFE_KNOWLEDGE` variable of the CLI).
//! It holds the access paths (Zugangswege) with fees, lead times and a work-package
//! template, the five product phases, privacy-preserving access modes, transaction
//! costs with three-point estimates, internal rates, funding programmes and
//! regulatory anchors. Every number is a [`Figure`] or [`Estimate3`] that cites
//! [`Reference`]s with their date and a [`Mark`]; what nobody published is unknown,
//! never 0.
//!
//! The phase guide ([`guide`]) ranks the paths for a company profile and its needs,
//! explains every score, names blockers and shows the seed's four hurdles for the
//! recommended combination.
//!
//! ```
//! use datenreife::sources::KnowledgeBase;
//! let kb = KnowledgeBase::embedded();
//! let fdz = kb.path("fdz_gesundheit").unwrap();
//! let fees = fdz.fee_range();
//! assert_eq!(fees.likely, Some(13_400.0));
//! ```

mod check;
mod figure;
pub mod guide;
mod load;
mod model;
mod plan_data;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

pub use figure::{Date, Estimate3, Figure, Mark, Point, SourceDate, Text, Unit};
pub use model::{
    AccessMode, AccessPath, AnalysisLimits, Anchor, AnchorDate, AnchorScope, Claim, CompanyAccess,
    CostCategory, CostItem, DataKind, Domain, Fee, FeeBasis, FeeRule, FeeRuleKind, FundingRate,
    Iterative, LegalBasis, Level, Lifecycle, PathStatus, PhaseFit, PhaseInfo, PhaseNeed, Programme,
    ProgrammeStatus, Rate, Recurrence, Reference, ReferenceKind, Representativeness, Step,
    StepKind,
};
pub use plan_data::{FeeLine, FeeRange, Span3, TimeToData};

use crate::company::Phase;

/// Errors of the knowledge base.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KnowledgeError {
    /// A knowledge file or folder could not be read.
    #[error("cannot read knowledge files at `{path}`: {source}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The knowledge files have errors; every one is listed.
    #[error("the knowledge base has {} problem(s), first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Invalid(Vec<Problem>),
    /// An id was asked for that the knowledge base does not have.
    #[error("no access path with id `{0}`")]
    UnknownPath(String),
}

/// How serious a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The knowledge base cannot be used until it is fixed.
    Error,
    /// Worth fixing, does not stop loading.
    Warning,
}

/// One problem found in the knowledge files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// File as shown to people.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.file, line, severity, self.message),
            None => write!(f, "{}: {}: {}", self.file, severity, self.message),
        }
    }
}

/// The result of checking knowledge files.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    /// Files read.
    pub files: usize,
    /// Access paths found.
    pub paths: usize,
    /// Figures (points of estimates and single figures) checked.
    pub figures: usize,
    /// References found.
    pub references: usize,
    /// Every problem, errors first, then by file and line.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// Whether there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// The whole knowledge base.
#[derive(Clone, Debug, Default, Serialize)]
pub struct KnowledgeBase {
    /// Cited sources.
    pub references: Vec<Reference>,
    /// The five product phases.
    pub phases: Vec<PhaseInfo>,
    /// Privacy-preserving access modes.
    pub modes: Vec<AccessMode>,
    /// Access paths.
    pub paths: Vec<AccessPath>,
    /// Transaction-cost items.
    pub cost_items: Vec<CostItem>,
    /// Internal-rate parameters.
    pub rates: Vec<Rate>,
    /// Funding programmes.
    pub programmes: Vec<Programme>,
    /// Regulatory anchors.
    pub anchors: Vec<Anchor>,
}

static EMBEDDED_KB: OnceLock<KnowledgeBase> = OnceLock::new();

impl KnowledgeBase {
    /// The knowledge base built into the binary.
    ///
    /// Panics if the embedded files are invalid; the test suite checks them, so this
    /// cannot happen in a released build.
    pub fn embedded() -> &'static KnowledgeBase {
        EMBEDDED_KB.get_or_init(|| {
            let files = load::embedded_files();
            match Self::from_files(&files, None) {
                Ok(kb) => kb,
                Err(e) => panic!("embedded knowledge base is invalid: {e}"),
            }
        })
    }

    /// Loads a complete knowledge base from a folder with the layout of `knowledge/`.
    ///
    /// Errors: the folder cannot be read, or the files have errors
    /// ([`KnowledgeError::Invalid`] lists every one).
    pub fn load_dir(dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
        let files = load::read_dir(dir)?;
        Self::from_files(&files, None)
    }

    /// Loads the embedded knowledge base with the files of `dir` laid over it: items
    /// with the same id replace the built-in ones, new ids are added. This is how a
    /// competence centre adds its own paths or updates a fee.
    ///
    /// Errors as [`KnowledgeBase::load_dir`].
    pub fn load_overlay(dir: &Path) -> Result<KnowledgeBase, KnowledgeError> {
        let user = load::read_dir(dir)?;
        Self::from_files(&load::embedded_files(), Some(&user))
    }

    /// The embedded knowledge base, or the overlay of `dir` when given (the CLI passes
    /// `--knowledge` / `DATENREIFE_KNOWLEDGE`).
    pub fn resolve(dir: Option<&Path>) -> Result<KnowledgeBase, KnowledgeError> {
        match dir {
            Some(dir) => Self::load_overlay(dir),
            None => Ok(Self::embedded().clone()),
        }
    }

    fn from_files(
        base: &[load::SourceFile],
        over: Option<&[load::SourceFile]>,
    ) -> Result<KnowledgeBase, KnowledgeError> {
        let (kb, report) = check_files(base, over);
        if report.has_errors() {
            Err(KnowledgeError::Invalid(
                report
                    .problems
                    .into_iter()
                    .filter(|p| p.severity == Severity::Error)
                    .collect(),
            ))
        } else {
            Ok(kb)
        }
    }

    /// The access path with this id.
    pub fn path(&self, id: &str) -> Option<&AccessPath> {
        self.paths.iter().find(|p| p.id == id)
    }

    /// The reference with this id.
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.references.iter().find(|r| r.id == id)
    }

    /// The phase description.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseInfo> {
        self.phases.iter().find(|p| p.id == phase)
    }

    /// The access mode with this id.
    pub fn mode(&self, id: &str) -> Option<&AccessMode> {
        self.modes.iter().find(|m| m.id == id)
    }

    /// The transaction-cost item with this id.
    pub fn cost_item(&self, id: &str) -> Option<&CostItem> {
        self.cost_items.iter().find(|c| c.id == id)
    }

    /// The internal rate with this id.
    pub fn rate(&self, id: &str) -> Option<&Rate> {
        self.rates.iter().find(|r| r.id == id)
    }

    /// The funding programme with this id.
    pub fn programme(&self, id: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.id == id)
    }

    /// The regulatory anchor with this id.
    pub fn anchor(&self, id: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|a| a.id == id)
    }

    /// Paths of a domain (health paths plus general ones for `Health`, and so on).
    pub fn paths_for(&self, domain: Domain) -> impl Iterator<Item = &AccessPath> {
        self.paths.iter().filter(move |p| p.domain.matches(domain))
    }
}

/// Parses a `YYYY-MM-DD` day strictly (used for `--today`).
pub fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    figure::parse_date(s)
}

fn check_files(
    base: &[load::SourceFile],
    over: Option<&[load::SourceFile]>,
) -> (KnowledgeBase, CheckReport) {
    let (mut kb, mut problems) = load::parse(base);
    let mut all: Vec<load::SourceFile> = base.to_vec();
    if let Some(over) = over {
        let (user, user_problems) = load::parse(over);
        problems.extend(user_problems);
        load::overlay(&mut kb, user);
        all.extend(over.iter().cloned());
    }
    let mut locator = load::Locator::new(&all);
    let figures = check::check(&kb, &mut locator, &mut problems);
    problems.sort_by(|a, b| {
        (a.severity, &a.file, a.line, &a.message).cmp(&(b.severity, &b.file, b.line, &b.message))
    });
    problems.dedup();
    let report = CheckReport {
        files: all.len(),
        paths: kb.paths.len(),
        figures,
        references: kb.references.len(),
        problems,
    };
    (kb, report)
}

/// Checks the embedded knowledge base, or `dir` laid over it, and reports every
/// problem with file and line (what `datenreife knowledge check [DIR]` prints).
///
/// Errors: only when `dir` cannot be read; problems in the files are in the report.
pub fn check(dir: Option<&Path>) -> Result<CheckReport, KnowledgeError> {
    let base = load::embedded_files();
    let over = match dir {
        Some(dir) => Some(load::read_dir(dir)?),
        None => None,
    };
    Ok(check_files(&base, over.as_deref()).1)
}

/// Checks a complete knowledge folder on its own, without the embedded files.
///
/// Errors: only when `dir` cannot be read.
pub fn check_standalone(dir: &Path) -> Result<CheckReport, KnowledgeError> {
    let files = load::read_dir(dir)?;
    Ok(check_files(&files, None).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_knowledge_folder_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let on_disk: Vec<String> = load::read_dir(&dir)
            .unwrap()
            .into_iter()
            .map(|f| f.relative)
            .collect();
        let mut embedded: Vec<String> = load::EMBEDDED
            .iter()
            .map(|(r, _)| (*r).to_owned())
            .collect();
        embedded.sort();
        let mut on_disk_sorted = on_disk.clone();
        on_disk_sorted.sort();
        assert_eq!(embedded, on_disk_sorted, "update load::EMBEDDED");
    }

    #[test]
    fn the_embedded_knowledge_base_has_no_problems() {
        let report = check(None).unwrap();
        let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        assert!(report.problems.is_empty(), "{}", text.join("\n"));
        assert!(report.paths >= 23, "{} paths", report.paths);
        assert!(report.figures > 200, "{} figures", report.figures);
    }

    #[test]
    fn the_folder_on_disk_checks_standalone() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let report = check_standalone(&dir).unwrap();
        assert!(!report.has_errors(), "{:?}", report.problems);
    }
}
