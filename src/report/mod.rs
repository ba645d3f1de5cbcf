//! The PDF report: what a founder acts on and a consultant hands over.
//!
//! The other parts of the assessment fill a [`ReportData`] (catalogue summary,
//! questionnaire results, recommended access paths, the [`Plan`]); [`render_pdf`]
//! typesets it with typst into an A4 PDF/A-2b document in German or English.
//!
//! - The layout lives in `templates/report.typ` (and `templates/report/*.typ`), the
//!   texts in `templates/i18n/report.toml` and `templates/report/glossary.toml`, so a
//!   consultant can restyle the report without touching Rust ([`Template::from_dir`]).
//! - Data reach the template as JSON through `sys.inputs`; typst reads JSON strings
//!   as plain text, never as markup, so no input can change the layout.
//! - The report prints only what [`ReportData`] carries. Its types hold names,
//!   counts, scores, flags and findings, and have no field for values from a data
//!   set, so raw personal values cannot reach the PDF through it (DESIGN §6.2).
//! - The output is deterministic: the same data, language and creation time give the
//!   same bytes.

mod typeset;
mod view;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use typeset::Template;

use crate::company::{CompanyProfile, Phase};
use crate::i18n::Lang;
use crate::plan::{Plan, Provenance, ThreePoint};

/// Everything the report shows, in the language it is rendered in (free texts such
/// as findings come from the producing module in that language).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportData {
    /// The assessed company (name, product, phases, risk class, assessor).
    pub company: CompanyProfile,
    /// Date of the assessment, printed on the cover.
    pub assessed_on: Option<NaiveDate>,
    /// Consultant branding of the cover and headings.
    pub branding: Branding,
    /// Readiness by dimension (0–100), shown as a bar chart.
    pub readiness: Vec<DimensionScore>,
    /// Recommended next steps, most important first; the summary shows five.
    pub actions: Vec<Action>,
    /// What the scan found.
    pub catalogue: CatalogueSummary,
    /// Questionnaire results, if a questionnaire was answered.
    pub questionnaire: Option<QuestionnaireSummary>,
    /// Recommended external data per product phase.
    pub external_data: Vec<PhaseRecommendations>,
    /// The costed data-access plan, if one was built.
    pub plan: Option<Plan>,
    /// Terms to add to the built-in glossary.
    pub glossary: Vec<GlossaryEntry>,
    /// How this report came about, when the reader must know it (an assumed company
    /// profile, no questionnaire answers yet); shown at the start of the summary.
    pub notices: Vec<String>,
    /// Assumptions of the assessment beyond the plan's own (assumed profile and
    /// phases, durations nobody published), listed with the plan's assumptions.
    pub assumptions: Vec<Assumption>,
    /// Whether the company profile is an assumption (nobody gave one); the cover
    /// says so.
    pub profile_assumed: bool,
}

/// One assumption the report lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    /// What is assumed (e.g. "Unternehmensprofil").
    pub label: String,
    /// The assumption and how to replace it.
    pub value: String,
}

/// Consultant branding. Everything optional: without it the report uses the
/// product's own colour and no logo.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Branding {
    /// Name of the consultant or competence centre shown on the cover.
    pub consultant: Option<String>,
    /// Logo shown on the cover and in the page header.
    pub logo: Option<Logo>,
    /// Accent colour as `#RRGGBB`.
    pub accent: Option<String>,
}

/// A logo image (PNG, JPEG or SVG bytes; typst detects the format).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logo {
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}

/// One readiness dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    /// Dimension name (e.g. "Datenqualität").
    pub name: String,
    /// Score 0–100; `None` when nothing could be scored (all "don't know").
    pub score: Option<f64>,
    /// Median of the workshop group, when there is one.
    pub benchmark: Option<f64>,
}

/// How urgent an action is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Blocks data use or creates legal risk.
    High,
    /// Should be done before the next phase.
    Medium,
    /// Improves quality or efficiency.
    Low,
}

/// A recommended next step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// What to do, in a few words.
    pub title: String,
    /// Why and how.
    pub detail: String,
    /// Urgency.
    pub priority: Priority,
}

/// The data catalogue in figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogueSummary {
    /// Files found.
    pub files: u64,
    /// Their total size in bytes.
    pub bytes: u64,
    /// Files that could not be read.
    pub unreadable_files: u64,
    /// Files with personal data.
    pub personal_files: u64,
    /// Files with health data about persons (GDPR Art. 9).
    pub special_category_files: u64,
    /// Files with health data: profiled as special category, or in a
    /// health-standard format (FHIR, HL7, DICOM, GDT, CDA) that holds health data
    /// about persons in almost every real file.
    pub health_files: u64,
    /// Files that are exact copies of another file.
    pub duplicate_files: u64,
    /// Bytes the copies take.
    pub duplicate_bytes: u64,
    /// Files and bytes per format, most files first.
    pub formats: Vec<FormatCount>,
    /// Top-level folders with what they hold.
    pub areas: Vec<AreaSummary>,
    /// Findings about the catalogue as a whole or an area (file-level facts).
    pub findings: Vec<AreaFinding>,
    /// Datasets, most important first.
    pub datasets: Vec<DatasetSummary>,
}

/// Files and bytes of one format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormatCount {
    /// Catalogue format id (`csv`, `fhir-json`, `dicom` …).
    pub format: String,
    /// Files.
    pub files: u64,
    /// Bytes.
    pub bytes: u64,
}

/// A top-level folder of the scanned share: counts and flags, never contents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaSummary {
    /// Folder name.
    pub name: String,
    /// Files in it.
    pub files: u64,
    /// Their size in bytes.
    pub bytes: u64,
    /// Its formats, most files first.
    pub formats: Vec<String>,
    /// Files with personal data.
    pub personal_files: u64,
    /// Files with health data (profiled, or in a health-standard format).
    pub health_files: u64,
    /// Files that could not be read.
    pub unreadable_files: u64,
    /// Whether a README or data dictionary describes it.
    pub documented: bool,
}

/// A finding about an area of the share or the whole catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaFinding {
    /// Areas it concerns, comma-separated; empty for the whole catalogue.
    pub scope: String,
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
}

/// One dataset of the catalogue: structure, scores and verdicts, never values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// Dataset name (from the catalogue, e.g. the folder or series name).
    pub name: String,
    /// Number of files.
    pub files: u64,
    /// Number of records over all files; `None` when none of them has tabular
    /// content that was read (documents, archives, images, DICOM).
    pub rows: Option<u64>,
    /// Quality score 0–100.
    pub quality: u8,
    /// Rights score 0–100.
    pub rights: u8,
    /// Interoperability score 0–100.
    pub interoperability: u8,
    /// Holds personal data.
    pub personal_data: bool,
    /// Holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found (DESIGN §4 names).
    pub code_systems: Vec<String>,
    /// Findings that explain the scores, most severe first.
    pub findings: Vec<Finding>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks lawful or meaningful use.
    Critical,
    /// Limits use; should be fixed.
    Warning,
    /// Worth knowing.
    Info,
}

/// A finding of the scorer (code and message, no data values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code, e.g. `rights.legal_basis_missing`.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// Explanation with the next step.
    pub message: String,
}

/// Questionnaire results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionnaireSummary {
    /// Questionnaire title and version.
    pub title: String,
    /// Number of respondents of the company.
    pub respondents: u32,
    /// Number of companies in the workshop group, when benchmarked.
    pub group_size: Option<u32>,
    /// Results per section.
    pub sections: Vec<SectionResult>,
}

/// Results of one questionnaire section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    /// Section title.
    pub title: String,
    /// Score 0–100 over answered questions; `None` if none could be scored.
    pub score: Option<f64>,
    /// Workshop benchmark of the section.
    pub benchmark: Option<Benchmark>,
    /// Questions in the section.
    pub questions: u32,
    /// Questions answered with a scorable answer.
    pub answered: u32,
    /// "Don't know" answers (excluded from the score, listed).
    pub dont_know: u32,
    /// "Not applicable" answers (excluded from the score).
    pub not_applicable: u32,
    /// Largest gaps, highest priority first.
    pub gaps: Vec<Gap>,
}

/// The workshop group's distribution for a section.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
}

/// A question whose answer leaves a gap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// Question id, e.g. `DQ.02`.
    pub question_id: String,
    /// The question, short.
    pub question: String,
    /// Priority = relevance × (1 − score), 0–1.
    pub priority: f64,
    /// Recommended action, if the questionnaire defines one.
    pub recommendation: Option<String>,
}

/// Recommended access paths for one phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseRecommendations {
    /// The product phase.
    pub phase: Phase,
    /// What the phase needs external data for.
    #[serde(default)]
    pub purpose: Option<String>,
    /// Notices for the phase (regulatory duties, own data that already cover needs).
    #[serde(default)]
    pub notices: Vec<String>,
    /// Recommendations, best fit first.
    pub recommendations: Vec<Recommendation>,
}

/// One recommended access path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Knowledge-base id of the path.
    pub path_id: String,
    /// Display name.
    pub name: String,
    /// Fit for the phase, 0 (none) to 3 (primary source).
    pub fit: u8,
    /// Why it fits.
    pub reasons: Vec<String>,
    /// What stands in the way (lead time, secure environment, eligibility …).
    pub blockers: Vec<String>,
    /// Lead time until data, with its source.
    pub lead_time: Option<LeadTime>,
    /// Fees for the default scenarios, with their source; `None` when no schedule is
    /// published (see `fees_note`).
    #[serde(default)]
    pub fees: Option<FeeRange>,
    /// What is known about fees when no schedule is published.
    #[serde(default)]
    pub fees_note: Option<String>,
    /// Privacy-preserving access modes that make the path possible ("name: why").
    #[serde(default)]
    pub access_modes: Vec<String>,
    /// Whether the plan includes it.
    pub in_plan: bool,
}

/// Fees of an access path in its default scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeeRange {
    /// Euros (best case, most likely, worst case).
    pub eur: ThreePoint,
    /// Where the fee schedule comes from.
    pub provenance: Provenance,
}

/// Lead time of an access path until data arrive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadTime {
    /// Weeks from application to data.
    pub weeks: ThreePoint,
    /// Where the figure comes from.
    pub provenance: Provenance,
}

/// A glossary entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    /// The term.
    pub term: String,
    /// Its explanation.
    pub definition: String,
}

/// How a report is rendered.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    /// Language of texts, numbers and hyphenation.
    pub lang: Lang,
    /// Creation time written into the PDF metadata (UTC); the only input that may
    /// differ between two otherwise identical reports.
    pub created: NaiveDateTime,
    /// Folder with a replacement `report.typ` (and its includes); `None` uses the
    /// embedded layout.
    pub template_dir: Option<PathBuf>,
}

impl RenderOptions {
    /// Options with the embedded layout.
    pub fn new(lang: Lang, created: NaiveDateTime) -> RenderOptions {
        RenderOptions {
            lang,
            created,
            template_dir: None,
        }
    }

    /// Uses the layout in `dir` instead of the embedded one.
    pub fn with_template_dir(mut self, dir: impl AsRef<Path>) -> RenderOptions {
        self.template_dir = Some(dir.as_ref().to_owned());
        self
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The accent colour is not `#RRGGBB`.
    #[error("the accent colour {0} is not of the form #RRGGBB")]
    InvalidColour(String),
    /// A replacement template folder could not be read.
    #[error("cannot read the report template in {path}")]
    TemplateIo {
        /// The folder or file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The template did not compile (typst's diagnostics, one per line).
    #[error("the report template has errors:\n{0}")]
    Template(String),
    /// The typeset document could not be written as PDF/A-2b.
    #[error("cannot write the PDF: {0}")]
    Pdf(String),
    /// The data could not be serialised for the template.
    #[error("cannot pass the report data to the template")]
    Json(#[from] serde_json::Error),
}

/// Renders `data` as an A4 PDF/A-2b report.
///
/// # Errors
/// [`ReportError`] for an invalid accent colour, an unreadable or faulty template, or
/// a PDF export failure.
pub fn render_pdf(data: &ReportData, options: &RenderOptions) -> Result<Vec<u8>, ReportError> {
    let view = view::build(data, options.lang)?;
    let template = match &options.template_dir {
        Some(dir) => Template::from_dir(dir)?,
        None => Template::embedded(),
    };
    typeset::pdf(
        &template,
        &view,
        data.branding.logo.as_ref(),
        options.created,
    )
}
