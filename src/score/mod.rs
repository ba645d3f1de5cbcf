//! Scores: quality, rights and interoperability of a dataset, each 0–100 and explained.
//!
//! The model (DESIGN §5): metrics → findings → scores. Each metric yields a value in
//! 0..1 (or is not applicable and left out), a value becomes points through the
//! metric's target and floor, and a dimension's score is the weighted mean of its
//! metrics' points. Every metric below its target comes with at least one
//! [`Finding`] that names the dataset, the affected columns or files, and a concrete
//! next step, in German or English. All weights and thresholds are in
//! `templates/scoring.toml` ([`ScoringConfig`]).
//!
//! Scoring is a pure function of the dataset's files and profiles, its annotations,
//! the company profile, the configuration and the day of the assessment (`today`,
//! always passed in): the same input gives the same numbers.

pub mod config;
mod interop;
mod quality;
pub mod readiness;
mod rights;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use config::ScoringConfig;
pub use readiness::{CatalogReadiness, DimensionReadiness};

use crate::catalog::CatalogFile;
use crate::catalog::annotation::Annotations;
use crate::catalog::period::SeriesCoverage;
use crate::company::CompanyProfile;
use crate::i18n::{Lang, t, tf};

/// Errors of the scoring module.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// A scoring file is malformed or has values out of range.
    #[error("invalid scoring settings: {0}")]
    Config(String),
    /// A scoring file could not be read.
    #[error("cannot read the scoring settings `{path}`")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks lawful or meaningful use.
    Critical,
    /// Limits use; should be fixed.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Label for people.
    pub fn label(self, lang: Lang) -> String {
        t(lang, &format!("score.severity_{}", self.id()))
    }
}

/// The three score dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Data quality (ISO/IEC 25012).
    Quality,
    /// Rights: may the data be used?
    Rights,
    /// Interoperability: can others and other tools use it?
    Interoperability,
}

impl Dimension {
    /// All dimensions in display order.
    pub const ALL: [Dimension; 3] = [
        Dimension::Quality,
        Dimension::Rights,
        Dimension::Interoperability,
    ];

    /// Stable id.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Quality => "quality",
            Dimension::Rights => "rights",
            Dimension::Interoperability => "interoperability",
        }
    }

    /// Label for people.
    pub fn label(self, lang: Lang) -> String {
        t(lang, &format!("score.dimension_{}", self.id()))
    }
}

/// The three scores of a dataset (0–100).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    /// Quality.
    pub quality: u8,
    /// Rights.
    pub rights: u8,
    /// Interoperability.
    pub interoperability: u8,
}

impl Scores {
    /// The score of one dimension.
    pub fn get(&self, d: Dimension) -> u8 {
        match d {
            Dimension::Quality => self.quality,
            Dimension::Rights => self.rights,
            Dimension::Interoperability => self.interoperability,
        }
    }
}

/// One metric as computed for a dataset: the explanation of a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// Dimension.
    pub dimension: Dimension,
    /// Metric id (`completeness`, `legal_basis` …).
    pub id: String,
    /// Name for people.
    pub label: String,
    /// Value 0..1; `None` when not applicable (left out of the score).
    pub value: Option<f64>,
    /// Points 0..100 the value earns; `None` when not applicable.
    pub points: Option<f64>,
    /// Weight in the dimension's mean.
    pub weight: f64,
    /// What was measured, for people (`11 von 12 Monaten vorhanden`).
    pub detail: String,
}

/// A finding: what is wrong, where, and what to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable code (`quality.mixed_date_formats`); tools branch on it, never on text.
    pub code: String,
    /// Severity.
    pub severity: Severity,
    /// Dimension whose score it explains.
    pub dimension: Dimension,
    /// The full sentence: the problem and the next step.
    pub message: String,
    /// The problem alone.
    pub problem: String,
    /// The next step alone.
    pub next_step: String,
    /// Id of the dataset.
    pub dataset: String,
    /// Name of the dataset.
    pub dataset_name: String,
    /// Affected columns.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub columns: Vec<String>,
    /// Affected files (paths relative to their root).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub files: Vec<String>,
    /// The command line that records the missing fact, where one does
    /// (`datenreife annotate --dataset ID --set owner=…`); the texts above stay free
    /// of commands because the app and the report show them too.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub command: Option<String>,
}

/// How one dimension's score came about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreBasis {
    /// Starting points laid under the mean (rights only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub base: Option<f64>,
    /// Cap applied, with the reason's code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cap: Option<f64>,
    /// Sentence for people (`Höchstens 20, weil keine Rechtsgrundlage …`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// Everything the scorer needs to know about one dataset.
pub struct ScoreInput<'a> {
    /// Dataset id.
    pub id: &'a str,
    /// Dataset name.
    pub name: &'a str,
    /// Whether the dataset is a collection of documents (no schema to document).
    pub documents_only: bool,
    /// Member files.
    pub files: Vec<&'a CatalogFile>,
    /// Byte-identical copies of members.
    pub duplicates: Vec<(&'a CatalogFile, String)>,
    /// Paths of the README/data dictionaries that document it.
    pub documentation: Vec<String>,
    /// Folder shown in findings.
    pub folder: &'a str,
    /// Series coverage from the file names.
    pub series: Option<&'a SeriesCoverage>,
    /// Documented facts.
    pub annotations: &'a Annotations,
    /// The company (publisher of the DCAT description).
    pub company: &'a CompanyProfile,
}

/// Settings of one scoring run.
#[derive(Clone, Copy)]
pub struct ScoreContext<'a> {
    /// Day of the assessment (currentness, future dates).
    pub today: NaiveDate,
    /// Language of labels and findings.
    pub lang: Lang,
    /// Weights and thresholds.
    pub config: &'a ScoringConfig,
}

/// What scoring a dataset yields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// The three scores.
    pub scores: Scores,
    /// How each dimension's score came about beyond the mean.
    pub basis: BTreeMap<Dimension, ScoreBasis>,
    /// Every metric, applicable or not.
    pub metrics: Vec<Metric>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
}

/// Scores one dataset.
pub fn score(input: &ScoreInput<'_>, ctx: &ScoreContext<'_>) -> ScoreResult {
    let mut out = Collector::new(input, ctx);
    quality::score(input, ctx, &mut out);
    rights::score(input, ctx, &mut out);
    interop::score(input, ctx, &mut out);
    let mut scores = Scores::default();
    for d in Dimension::ALL {
        let (sum, weights) = out
            .metrics
            .iter()
            .filter(|m| m.dimension == d && m.weight > 0.0)
            .filter_map(|m| m.points.map(|p| (p * m.weight, m.weight)))
            .fold((0.0, 0.0), |(s, w), (p, mw)| (s + p, w + mw));
        let mean = if weights > 0.0 { sum / weights } else { 100.0 };
        let basis = out.basis.entry(d).or_default();
        let mut value = match basis.base {
            Some(base) => base + (100.0 - base) * mean / 100.0,
            None => mean,
        };
        if let Some(cap) = basis.cap {
            value = value.min(cap);
        }
        let value = value.clamp(0.0, 100.0).round() as u8;
        match d {
            Dimension::Quality => scores.quality = value,
            Dimension::Rights => scores.rights = value,
            Dimension::Interoperability => scores.interoperability = value,
        }
    }
    let mut findings = out.findings;
    findings.sort_by(|a, b| {
        (a.severity, a.dimension, &a.code, &a.columns, &a.files).cmp(&(
            b.severity,
            b.dimension,
            &b.code,
            &b.columns,
            &b.files,
        ))
    });
    ScoreResult {
        scores,
        basis: out.basis,
        metrics: out.metrics,
        findings,
    }
}

/// Collects metrics and findings while scoring.
pub(crate) struct Collector<'a> {
    id: &'a str,
    name: &'a str,
    lang: Lang,
    pub(crate) metrics: Vec<Metric>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) basis: BTreeMap<Dimension, ScoreBasis>,
}

impl<'a> Collector<'a> {
    fn new(input: &ScoreInput<'a>, ctx: &ScoreContext<'_>) -> Collector<'a> {
        Collector {
            id: input.id,
            name: input.name,
            lang: ctx.lang,
            metrics: Vec::new(),
            findings: Vec::new(),
            basis: BTreeMap::new(),
        }
    }

    /// Records a metric; `value` `None` means not applicable.
    pub(crate) fn metric(
        &mut self,
        dimension: Dimension,
        id: &str,
        scale: config::Scale,
        value: Option<f64>,
        detail: String,
    ) {
        let value = value.map(|v| v.clamp(0.0, 1.0));
        self.metrics.push(Metric {
            dimension,
            id: id.to_owned(),
            label: t(self.lang, &format!("score.metric_{id}")),
            value,
            points: value.map(|v| scale.points(v)),
            weight: scale.weight,
            detail,
        });
    }

    /// Records a metric whose points are computed elsewhere (currentness).
    pub(crate) fn metric_points(
        &mut self,
        dimension: Dimension,
        id: &str,
        weight: f64,
        value: Option<f64>,
        points: Option<f64>,
        detail: String,
    ) {
        self.metrics.push(Metric {
            dimension,
            id: id.to_owned(),
            label: t(self.lang, &format!("score.metric_{id}")),
            value,
            points,
            weight,
            detail,
        });
    }

    /// Records a finding with texts `score.{key}` (problem) and `score.{key}_step`
    /// (next step), both filled with `args`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finding(
        &mut self,
        dimension: Dimension,
        code: &str,
        key: &str,
        severity: Severity,
        args: &[(&str, &str)],
        columns: Vec<String>,
        files: Vec<String>,
    ) {
        let problem = tf(self.lang, &format!("score.{key}"), args);
        let next_step = tf(self.lang, &format!("score.{key}_step"), args);
        self.findings.push(Finding {
            code: format!("{}.{code}", dimension.id()),
            severity,
            dimension,
            message: format!("{problem} — {next_step}"),
            problem,
            next_step,
            dataset: self.id.to_owned(),
            dataset_name: self.name.to_owned(),
            columns,
            files,
            command: None,
        });
    }

    /// Adds to the finding recorded last the command that documents `key`.
    pub(crate) fn with_annotate_command(&mut self, key: &str) {
        if let Some(f) = self.findings.last_mut() {
            f.command = Some(format!(
                "datenreife annotate --dataset {} --set {key}=…",
                self.id
            ));
        }
    }
}

/// A share as a percentage for people (`2,5 %`).
pub(crate) fn percent(lang: Lang, share: f64) -> String {
    let p = share * 100.0;
    let decimals = if p != 0.0 && p.abs() < 10.0 && (p - p.round()).abs() > 0.05 {
        1
    } else {
        0
    };
    format!("{} %", lang.number(p, decimals))
}

/// A list of names for a sentence: up to `max` items in backticks, then „und N weitere“.
pub(crate) fn name_list(lang: Lang, items: &[String], max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|s| format!("`{s}`")).collect();
    let mut out = shown.join(", ");
    if items.len() > max {
        out.push_str(&tf(
            lang,
            "score.and_more",
            &[("n", &(items.len() - max).to_string())],
        ));
    }
    out
}

/// Small counts as words (German „drei“, English "three"), larger ones as digits.
pub(crate) fn count_word(lang: Lang, n: usize) -> String {
    if (2..=12).contains(&n) {
        t(lang, &format!("score.n{n}"))
    } else {
        n.to_string()
    }
}

/// The file name of a path (for short lists).
pub(crate) fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// Whether a format id is a health exchange standard (FHIR, HL7 v2, DICOM, GDT, CDA).
pub fn is_health_format(format: &str) -> bool {
    interop::is_health_format(format)
}

/// A format id for people (`CSV`, `FHIR JSON`, `Excel 97 (XLS)`).
pub fn format_label_for(lang: Lang, format: &str) -> String {
    interop::format_label(lang, format)
}
