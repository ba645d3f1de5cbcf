//! The questionnaire format: the TOML files a competence centre writes.
//!
//! A questionnaire is a folder with `questionnaire.toml` ([`QuestionnaireFile`]),
//! `sections/*.toml` ([`SectionFile`], one section each) and an optional
//! `recommendations.toml` ([`RecommendationsFile`]). These types are the format: the
//! loader deserialises them (unknown keys are errors, so typos surface), the validator
//! checks what types cannot express, and the JSON Schema for editors is generated from
//! them (`questionnaires/schema/*.schema.json`).
//!
//! Identifiers that other parts refer to are kept with their position in the file
//! ([`Spanned`]) so every problem can be reported with file and line.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::i18n::Lang;

/// The format marker every `questionnaire.toml` starts with.
pub const FORMAT: &str = "datenreife-questionnaire/1";

/// A text in German and English; both must be present and non-empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// German text (the product's first language).
    pub de: String,
    /// English text.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// `questionnaire.toml`: metadata, scales, levels and scoring settings.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireFile {
    /// Format marker, always `datenreife-questionnaire/1`.
    pub format: String,
    /// Stable identifier: lower-case letters, digits and hyphens (`kmu-datenreife`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Version of this questionnaire (`1.0.0`); answers are stored with it.
    pub version: String,
    /// Title shown in lists and reports.
    pub title: Text,
    /// Who it is for and what it covers, in two or three sentences.
    pub description: Text,
    /// Languages every text is written in; must contain `de` and `en`.
    pub languages: Vec<String>,
    /// Licence of the questionnaire text (SPDX identifier, e.g. `CC-BY-4.0`).
    pub licence: String,
    /// Authors or publishing organisation.
    pub authors: Vec<String>,
    /// Frameworks and documents the content draws on (free text, for the report).
    #[serde(default)]
    pub sources: Vec<String>,
    /// How long answering takes; the section time boxes must add up to a value in
    /// this range.
    pub duration: Duration,
    /// Scoring settings.
    #[serde(default)]
    pub scoring: ScoringSettings,
    /// Maturity levels, ascending by `from`; the first starts at 0.
    #[serde(rename = "level")]
    pub levels: Vec<Level>,
    /// Reusable answer sets, by id.
    pub answer_sets: BTreeMap<String, AnswerSet>,
    /// Tag vocabularies questions may map to (`iso25012` → "ISO/IEC 25012"); a tag
    /// `iso25012:accuracy` is valid only if its prefix is declared here.
    #[serde(default)]
    pub tag_vocabularies: BTreeMap<String, Text>,
    /// How results are drawn.
    #[serde(default)]
    pub chart: ChartSettings,
    /// Earlier versions and how their question ids map to this version, so
    /// re-assessments stay comparable.
    #[serde(default, rename = "previous_version")]
    pub previous_versions: Vec<PreviousVersion>,
}

/// Expected answering time in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// Lower bound.
    pub min: u32,
    /// Upper bound.
    pub max: u32,
}

/// How answers turn into scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringSettings {
    /// Share (0..1) of a section's applicable weight that must be answered with a
    /// score for the section to show one; "don't know" and missing answers lower it.
    pub min_coverage: f64,
    /// Spread (0..1) between the highest and lowest score respondents of one company
    /// gave to a question, from which the question is flagged for discussion.
    pub disagreement_threshold: f64,
    /// Fewest companies with a section score before a group benchmark is shown, so no
    /// single company can be recognised.
    pub min_group_size: usize,
}

impl Default for ScoringSettings {
    fn default() -> Self {
        ScoringSettings {
            min_coverage: 0.7,
            disagreement_threshold: 0.5,
            min_group_size: 3,
        }
    }
}

/// A maturity level: scores from `from` up to the next level's `from`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Short id (`L1`).
    pub id: String,
    /// Lowest score (0..100) of the level.
    pub from: f64,
    /// Name of the level.
    pub label: Text,
    /// What a company at this level typically has in place.
    #[serde(default)]
    pub description: Option<Text>,
}

/// A reusable list of answer options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerSet {
    /// The options in display order.
    pub options: Vec<AnswerOption>,
}

/// One answer option. Exactly one of `score`, `unknown`, `na` or `relevance` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Id used in answer files and rules; `unknown` and `na` are reserved for "don't
    /// know" and "not applicable".
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Label shown to respondents.
    pub label: Text,
    /// Score 0..1 of this option (1 = fully in place).
    #[serde(default)]
    pub score: Option<f64>,
    /// Marks the "don't know" option: excluded from scores, lowers coverage, listed.
    #[serde(default)]
    pub unknown: bool,
    /// Marks the "not applicable" option: excluded from scores and coverage, listed.
    #[serde(default)]
    pub na: bool,
    /// Relevance 0..1 of this option, for relevance answer sets.
    #[serde(default)]
    pub relevance: Option<f64>,
}

/// Chart settings for reports and the app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChartSettings {
    /// Chart style for section scores.
    pub style: ChartStyle,
    /// A target score (0..100) drawn as a reference line, if any.
    pub target: Option<f64>,
}

impl Default for ChartSettings {
    fn default() -> Self {
        ChartSettings {
            style: ChartStyle::Radar,
            target: None,
        }
    }
}

/// How section scores are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartStyle {
    /// A radar (spider) chart, one axis per section.
    Radar,
    /// Horizontal bars, one per section.
    Bars,
}

/// What changed from an earlier version to the next one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousVersion {
    /// The earlier version these changes start from.
    pub version: String,
    /// Question ids renamed on the way from `version` to the next version: old → new.
    #[serde(default)]
    pub renamed: BTreeMap<String, String>,
    /// Question ids dropped after `version`; their stored answers are ignored.
    #[serde(default)]
    pub removed: Vec<String>,
}

/// `sections/*.toml`: one section with its questions.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// The section header.
    pub section: SectionHeader,
    /// The questions in asking order.
    #[serde(rename = "question", default)]
    pub questions: Vec<Question>,
}

/// A section: a theme with its own score.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionHeader {
    /// Short upper-case id (`DQ`); question ids start with it (`DQ.02`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Position among the sections (ascending).
    pub order: i64,
    /// Title.
    pub title: Text,
    /// What the section is about, read out before its questions.
    #[serde(default)]
    pub intro: Option<Text>,
    /// Weight of the section in the overall score (> 0).
    #[serde(default = "one")]
    pub weight: f64,
    /// Framework tags of the whole section.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Minutes planned for this section in a workshop.
    pub time_box_minutes: u32,
    /// Hints for the facilitator.
    #[serde(default)]
    pub facilitator: Option<Text>,
    /// The section is asked only when this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
}

fn one() -> f64 {
    1.0
}

/// How a question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One option of an answer set.
    Single,
    /// Several options; the question score is the sum of the chosen options' scores,
    /// capped at 1.
    Multi,
    /// One step of an ordered agreement scale (at least three scored steps).
    Likert,
    /// A number, scored by bands.
    Number,
    /// Free text; never scored, shown in the report.
    Text,
    /// One option; a closing answer skips the follow-up questions.
    Gate,
}

/// A question.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable readable id: section id, a dot and two digits (`DQ.02`, `DQ.02a`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// How it is answered.
    pub kind: QuestionKind,
    /// The question.
    pub text: Text,
    /// Explanation of terms and of what counts as which answer.
    #[serde(default)]
    pub help: Option<Text>,
    /// Why it matters for data readiness.
    #[serde(default)]
    pub why: Option<Text>,
    /// Id of the answer set (single, likert, gate, multi).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub answer_set: Option<Spanned<String>>,
    /// Options of this question only (instead of an answer set; typical for multi).
    #[serde(default)]
    pub options: Option<Vec<AnswerOption>>,
    /// Weight inside the section (0 = asked but not scored).
    #[serde(default = "one")]
    pub weight: f64,
    /// Id of a relevance answer set: respondents also say how relevant the topic is,
    /// and the priority of a gap is relevance × (1 − score).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub relevance: Option<Spanned<String>>,
    /// Relevance (0..1) used when none was asked or answered.
    #[serde(default = "one")]
    pub relevance_default: f64,
    /// Framework tags (`iso25012:accuracy`, `dama:data-quality`, `fair:F2`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The question is asked only when this holds.
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// Gate settings (kind = "gate" only).
    #[serde(default)]
    pub gate: Option<Gate>,
    /// Number settings (kind = "number" only).
    #[serde(default)]
    pub number: Option<NumberScale>,
    /// What would prove the answer (document, log, screenshot).
    #[serde(default)]
    pub evidence: Option<Text>,
    /// Hints for the facilitator.
    #[serde(default)]
    pub facilitator: Option<Text>,
}

/// Which answers close a gate and what happens to its follow-ups.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// Questions skipped when the gate closes; they come after the gate.
    #[schemars(with = "Vec<String>")]
    pub follow_ups: Vec<Spanned<String>>,
    /// Option ids that close the gate (typically `["no"]`).
    pub closed_by: Vec<String>,
    /// How skipped follow-ups count.
    pub skipped: GateSkip,
}

/// How follow-ups skipped by a closed gate count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GateSkip {
    /// As score 0: the capability the follow-ups ask about does not exist.
    Zero,
    /// As not applicable: the follow-ups do not concern this company.
    NotApplicable,
}

/// Number questions: range, unit and scoring bands.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberScale {
    /// Smallest valid answer.
    pub min: f64,
    /// Largest valid answer.
    pub max: f64,
    /// Unit shown next to the field.
    #[serde(default)]
    pub unit: Option<Text>,
    /// Score bands, ascending by `from`; the answer gets the score of the last band
    /// whose `from` it reaches. Without bands the number is not scored.
    #[serde(default)]
    pub bands: Vec<NumberBand>,
}

/// One scoring band of a number question.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberBand {
    /// Lowest value of the band.
    pub from: f64,
    /// Score 0..1 of the band.
    pub score: f64,
}

/// A condition as data. Exactly one form per table:
/// - `{ all = [...] }`, `{ any = [...] }`, `{ not = {...} }`;
/// - `{ q = "DQ.01", any_of = ["yes"] }`, `{ q = "DQ.01", score_below = 0.5 }`,
///   `{ q = "DQ.01", score_at_least = 0.5 }` on an earlier answer;
/// - `{ section = "DQ", score_below = 40 }` on a section score (recommendations only);
/// - `{ profile = "sector", any_of = ["medtech"] }` on the company profile
///   (`sector`, `phases`, `risk_class`, `size` with `any_of`; `uses_ai` with `is`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// All of these hold.
    #[serde(default)]
    pub all: Option<Vec<Condition>>,
    /// At least one of these holds.
    #[serde(default)]
    pub any: Option<Vec<Condition>>,
    /// This does not hold.
    #[serde(default)]
    pub not: Option<Box<Condition>>,
    /// A question id.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub q: Option<Spanned<String>>,
    /// A section id (recommendations only).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub section: Option<Spanned<String>>,
    /// A company profile field.
    #[serde(default)]
    pub profile: Option<ProfileField>,
    /// Option ids (for `q`) or profile values (for `profile`); holds if the answer or
    /// profile value is one of them (for multi answers and phases: if any chosen one is).
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub any_of: Option<Spanned<Vec<String>>>,
    /// Holds if the score is below this (question 0..1, section 0..100).
    #[serde(default)]
    pub score_below: Option<f64>,
    /// Holds if the score is at least this (question 0..1, section 0..100).
    #[serde(default)]
    pub score_at_least: Option<f64>,
    /// For `profile = "uses_ai"`: the value it must have.
    #[serde(default)]
    pub is: Option<bool>,
}

/// Company profile fields a condition can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    /// `medtech`, `manufacturing`, `services`, `software`, `other`.
    Sector,
    /// Current product phases: `concept`, `design`, `validation`, `approval`,
    /// `post_market`.
    Phases,
    /// MDR/IVDR class: `mdr_i`, `mdr_iia`, `mdr_iib`, `mdr_iii`, `ivdr_a` … `ivdr_d`.
    RiskClass,
    /// Whether the product uses AI (`is = true`).
    UsesAi,
    /// `micro`, `small`, `medium`, `large`.
    Size,
}

/// `recommendations.toml`: actions keyed to answers.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationsFile {
    /// The rules.
    #[serde(rename = "recommendation", default)]
    pub recommendations: Vec<Recommendation>,
}

/// A recommended action and when it applies.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Stable id (`REC-DQ-01`).
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// When the recommendation applies (company answers, section scores, profile).
    pub when: Condition,
    /// Never recommended when this holds.
    #[serde(default)]
    pub unless: Option<Condition>,
    /// Short title, an imperative.
    pub title: Text,
    /// What to do, concretely.
    pub body: Text,
    /// Rough effort.
    pub effort: Effort,
    /// When to start.
    pub horizon: Horizon,
    /// Fixed priority 0..1; by default the largest gap priority of the questions the
    /// rule refers to.
    #[serde(default)]
    pub priority: Option<f64>,
    /// Framework tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Effort of a recommended action.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    /// Days, internal.
    Small,
    /// Weeks, possibly with outside help.
    Medium,
    /// Months, a project with budget.
    Large,
}

/// When to start a recommended action.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    /// Within three months.
    Short,
    /// Within three to twelve months.
    Medium,
    /// Later than twelve months.
    Long,
}
