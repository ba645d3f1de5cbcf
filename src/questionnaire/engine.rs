//! Scoring one company: sections, overall, coverage, confidence, exclusions, gaps,
//! disagreement and recommendations.
//!
//! The rules, in order:
//! 1. **Per respondent**, questions are walked in order. A question is *not asked*
//!    when its section's or its own `show_if` does not hold (conditions see the
//!    profile and this respondent's earlier answers), or when a closed gate skips it
//!    (then it counts as score 0 or as not applicable, as the gate says).
//! 2. **Per company**, a question's score is the mean of its respondents' scores. With
//!    no score, it is "don't know" if anyone said so, else "not applicable" if it did
//!    not apply to anyone who was asked, else unanswered. Excluded questions are listed
//!    with the reason, never counted as zero.
//! 3. **Section score** (0..100) = weighted mean of question scores. *Coverage* = scored
//!    weight ÷ applicable weight (scored + don't know + unanswered). Below the
//!    questionnaire's `min_coverage` the section shows no score.
//! 4. **Confidence** = coverage × agreement × (0.6 + 0.4 × evidence share), where
//!    agreement = 1 − mean spread of respondents' scores (1 with one respondent) and
//!    evidence share = scored weight backed by evidence ÷ scored weight. An answer
//!    without evidence is a claim, so a wholly unsupported self-assessment reaches at
//!    most 0.6.
//! 5. **Overall** = section-weighted mean of section scores; its coverage and confidence
//!    are section-weighted means over applicable sections; shown from `min_coverage`.
//! 6. **Gap priority** = relevance × (1 − score); relevance is the mean of the
//!    respondents' ratings or the question's default.
//! 7. **Recommendations** whose `when` holds and `unless` does not are selected. For the
//!    company, an option test holds if any respondent gave one of the options; score
//!    tests use the company scores. A recommendation's priority is its fixed priority,
//!    else the largest priority of the questions it refers to (a "don't know" counts
//!    as relevance × 0.5: unknown is half-way).

use std::collections::HashMap;

use serde::Serialize;

use super::answers::{Answer, AnswerValue, CompanyAnswers, RespondentAnswers};
use super::model::{Condition, Effort, GateSkip, Horizon, ProfileField, QuestionKind, Text};
use super::{Question, Questionnaire};
use crate::company::CompanyProfile;

/// Rounds to `digits` decimals, so results are stable and comparable.
fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Identifies the questionnaire a result belongs to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionnaireRef {
    /// Id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: Text,
}

impl QuestionnaireRef {
    pub(crate) fn of(q: &Questionnaire) -> QuestionnaireRef {
        QuestionnaireRef {
            id: q.id().to_owned(),
            version: q.version().to_owned(),
            title: q.meta.title.clone(),
        }
    }
}

/// A maturity level reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelRef {
    /// Level id.
    pub id: String,
    /// Level name.
    pub label: Text,
}

/// How far a score can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// 0.75 and above.
    High,
    /// 0.5 to below 0.75.
    Medium,
    /// Below 0.5.
    Low,
}

impl Confidence {
    fn of(value: f64) -> Confidence {
        if value >= 0.75 {
            Confidence::High
        } else if value >= 0.5 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}

/// Why a section or the whole assessment shows no score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoScore {
    /// Too little of the applicable weight was answered with a score.
    TooFewAnswers,
    /// Nothing in it applies to the company.
    NotApplicable,
}

/// A score with what qualifies it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreSummary {
    /// Score 0..100 (one decimal), or `None` when there is not enough to go on.
    pub score: Option<f64>,
    /// Maturity level of the score.
    pub level: Option<LevelRef>,
    /// Share 0..1 of the applicable weight answered with a score.
    pub coverage: f64,
    /// Confidence 0..1 (see the module docs).
    pub confidence: f64,
    /// Confidence band.
    pub confidence_band: Confidence,
    /// Why there is no score.
    pub no_score: Option<NoScore>,
}

/// What happened to a question for the company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Answered with a score (possibly 0 through a closed gate).
    Scored,
    /// Answered, but not scored (text, weight 0, number without bands).
    Unscored,
    /// Everyone asked said "don't know".
    Unknown,
    /// Answered "not applicable".
    NotApplicable,
    /// Not asked: a condition on the profile or earlier answers does not hold.
    NotAsked,
    /// Skipped by a closed gate that makes its follow-ups not applicable.
    Skipped,
    /// Asked but not answered.
    Unanswered,
}

/// One question's outcome for the company.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    /// Question id.
    pub id: String,
    /// Outcome.
    pub status: QuestionStatus,
    /// Mean score 0..1 (three decimals), when scored.
    pub score: Option<f64>,
    /// Whether a closed gate set the score to 0 for at least one respondent.
    pub gated: bool,
    /// Relevance 0..1 used for the gap priority.
    pub relevance: f64,
    /// Gap priority = relevance × (1 − score), when scored.
    pub priority: Option<f64>,
    /// Highest minus lowest respondent score, with two or more scores.
    pub spread: Option<f64>,
    /// Whether any respondent gave evidence.
    pub evidence: bool,
    /// Respondents who answered with a score.
    pub scored_by: usize,
}

/// A section's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionResult {
    /// Section id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Weight in the overall score.
    pub weight: f64,
    /// Score, coverage, confidence.
    #[serde(flatten)]
    pub summary: ScoreSummary,
    /// Share 0..1 of the scored weight backed by evidence.
    pub evidence_share: f64,
    /// 1 − mean spread between respondents.
    pub agreement: f64,
    /// Every question.
    pub questions: Vec<QuestionResult>,
}

/// Why a question is not in the scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// "Don't know".
    Unknown,
    /// "Not applicable".
    NotApplicable,
    /// A condition kept it from being asked.
    Condition,
    /// A closed gate skipped it.
    Gate,
    /// Not answered.
    Unanswered,
}

/// A question left out of the scores, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exclusion {
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// Why.
    pub reason: ExclusionReason,
}

/// A gap: a scored question below full marks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// The question text.
    pub text: Text,
    /// Score 0..1.
    pub score: f64,
    /// Relevance 0..1.
    pub relevance: f64,
    /// relevance × (1 − score), three decimals.
    pub priority: f64,
    /// Selected recommendations that refer to this question.
    pub recommendations: Vec<String>,
}

/// A selected recommendation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SelectedRecommendation {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// What to do.
    pub body: Text,
    /// Effort.
    pub effort: Effort,
    /// When to start.
    pub horizon: Horizon,
    /// Priority 0..1 (three decimals).
    pub priority: f64,
    /// Questions whose answers triggered the rule.
    pub questions: Vec<String>,
    /// Framework tags.
    pub tags: Vec<String>,
}

/// Kinds of disagreement between respondents of one company.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementKind {
    /// Scores differ by at least the threshold.
    Spread,
    /// Some respondents answered, others said "don't know".
    PartlyUnknown,
}

/// One respondent's position in a disagreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RespondentAnswer {
    /// Respondent.
    pub respondent: String,
    /// The answer as written in answer files; `skipped` when a closed gate set the
    /// score to 0.
    pub answer: String,
    /// Its score, if scored.
    pub score: Option<f64>,
}

/// A question to discuss because respondents of one company see it differently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Disagreement {
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// Kind.
    pub kind: DisagreementKind,
    /// Highest minus lowest score, when two or more scored.
    pub spread: Option<f64>,
    /// What each respondent said.
    pub answers: Vec<RespondentAnswer>,
}

/// One respondent's section scores (shown when a company has several respondents).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RespondentScores {
    /// Respondent.
    pub respondent: String,
    /// Role, if given.
    pub role: Option<String>,
    /// Overall score of this respondent's answers alone.
    pub overall: Option<f64>,
    /// Section id → score of this respondent's answers alone.
    pub sections: Vec<(String, Option<f64>)>,
}

/// A free-text answer (never scored).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FreeText {
    /// Question id.
    pub question: String,
    /// Respondent.
    pub respondent: String,
    /// The text.
    pub text: String,
}

/// Where a company stands against the group, per section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupPosition {
    /// Below the lower quartile.
    BelowQ1,
    /// Between the quartiles.
    Middle,
    /// Above the upper quartile.
    AboveQ3,
}

/// The result for one company: everything the report and the app show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionnaireResult {
    /// The questionnaire.
    pub questionnaire: QuestionnaireRef,
    /// Company name.
    pub company: String,
    /// Respondent names.
    pub respondents: Vec<String>,
    /// Overall score.
    pub overall: ScoreSummary,
    /// Sections in order.
    pub sections: Vec<SectionResult>,
    /// Questions left out of the scores.
    pub exclusions: Vec<Exclusion>,
    /// Gaps by priority, highest first.
    pub gaps: Vec<Gap>,
    /// Selected recommendations by priority, highest first.
    pub recommendations: Vec<SelectedRecommendation>,
    /// Questions to discuss.
    pub disagreements: Vec<Disagreement>,
    /// Per-respondent scores (empty with one respondent).
    pub respondent_scores: Vec<RespondentScores>,
    /// Free-text answers.
    pub free_text: Vec<FreeText>,
    /// Position against the group benchmark per section (workshops only).
    pub group_position: Vec<(String, GroupPosition)>,
}

impl QuestionnaireResult {
    /// A section result by id.
    pub fn section(&self, id: &str) -> Option<&SectionResult> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// A question result by id.
    pub fn question(&self, id: &str) -> Option<&QuestionResult> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter())
            .find(|q| q.id == id)
    }
}

/// A respondent's state for one question.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Scored { score: f64, gated: bool },
    Unscored,
    Unknown,
    Na,
    NotAsked,
    GateNa,
    Unanswered,
}

/// What conditions can look at.
trait Facts {
    fn profile(&self) -> &CompanyProfile;
    fn matches(&self, question: &str, any_of: &[String]) -> bool;
    fn question_score(&self, question: &str) -> Option<f64>;
    fn section_score(&self, section: &str) -> Option<f64>;
}

fn profile_matches(profile: &CompanyProfile, field: ProfileField, c: &Condition) -> bool {
    let id = |v: &dyn erased::Id| v.id_str();
    match field {
        ProfileField::UsesAi => Some(profile.uses_ai) == c.is,
        _ => {
            let values: Vec<String> = match field {
                ProfileField::Sector => vec![id(&profile.sector)],
                ProfileField::Size => vec![id(&profile.size)],
                ProfileField::Phases => profile.phases.iter().map(|p| p.id().to_owned()).collect(),
                ProfileField::RiskClass => profile.risk_class.iter().map(|r| id(r)).collect(),
                ProfileField::UsesAi => vec![],
            };
            c.any_of
                .as_ref()
                .is_some_and(|list| values.iter().any(|v| list.get_ref().contains(v)))
        }
    }
}

/// Serde-name of profile enums, without a dependency on their Display.
mod erased {
    pub(super) trait Id {
        fn id_str(&self) -> String;
    }
    impl<T: serde::Serialize> Id for T {
        fn id_str(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}

fn holds(c: &Condition, facts: &dyn Facts) -> bool {
    if let Some(all) = &c.all {
        return all.iter().all(|c| holds(c, facts));
    }
    if let Some(any) = &c.any {
        return any.iter().any(|c| holds(c, facts));
    }
    if let Some(not) = &c.not {
        return !holds(not, facts);
    }
    let score_test = |s: Option<f64>| match s {
        None => false,
        Some(s) => c.score_below.is_none_or(|b| s < b) && c.score_at_least.is_none_or(|a| s >= a),
    };
    if let Some(q) = &c.q {
        if let Some(list) = &c.any_of {
            return facts.matches(q.get_ref(), list.get_ref());
        }
        return score_test(facts.question_score(q.get_ref()));
    }
    if let Some(s) = &c.section {
        return score_test(facts.section_score(s.get_ref()));
    }
    if let Some(field) = c.profile {
        return profile_matches(facts.profile(), field, c);
    }
    false
}

fn value_matches(value: &AnswerValue, list: &[String]) -> bool {
    match value {
        AnswerValue::Choice(c) => list.contains(c),
        AnswerValue::Choices(cs) => cs.iter().any(|c| list.contains(c)),
        AnswerValue::Unknown => list.iter().any(|l| l == "unknown"),
        AnswerValue::NotApplicable => list.iter().any(|l| l == "na"),
        AnswerValue::Number(_) | AnswerValue::Text(_) => false,
    }
}

struct RespondentFacts<'a> {
    profile: &'a CompanyProfile,
    asked: HashMap<&'a str, (&'a AnswerValue, State)>,
}

impl Facts for RespondentFacts<'_> {
    fn profile(&self) -> &CompanyProfile {
        self.profile
    }
    fn matches(&self, question: &str, any_of: &[String]) -> bool {
        self.asked
            .get(question)
            .is_some_and(|(v, _)| value_matches(v, any_of))
    }
    fn question_score(&self, question: &str) -> Option<f64> {
        match self.asked.get(question) {
            Some((_, State::Scored { score, .. })) => Some(*score),
            _ => None,
        }
    }
    fn section_score(&self, _: &str) -> Option<f64> {
        None
    }
}

/// The score of an answer, or `None` when the answer is not scored.
fn answer_score(q: &Questionnaire, question: &Question, value: &AnswerValue) -> Option<f64> {
    if question.weight <= 0.0 {
        return None;
    }
    let option_score = |id: &str| {
        q.options(question)
            .iter()
            .find(|o| o.id.get_ref() == id)
            .and_then(|o| o.score)
    };
    match value {
        AnswerValue::Choice(c) => option_score(c),
        AnswerValue::Choices(cs) => Some(
            cs.iter()
                .filter_map(|c| option_score(c))
                .sum::<f64>()
                .min(1.0),
        ),
        AnswerValue::Number(n) => question
            .number
            .as_ref()
            .and_then(|scale| scale.bands.iter().rev().find(|b| *n >= b.from))
            .map(|b| b.score)
            .or_else(|| {
                // Below the first band: the lowest band's score only if bands exist.
                question
                    .number
                    .as_ref()
                    .and_then(|s| s.bands.first())
                    .map(|_| 0.0)
            }),
        _ => None,
    }
}

/// Walks one respondent through the questionnaire.
fn respondent_states<'a>(
    q: &'a Questionnaire,
    profile: &'a CompanyProfile,
    respondent: &'a RespondentAnswers,
) -> HashMap<&'a str, State> {
    let answers: HashMap<&str, &Answer> = respondent
        .answers
        .iter()
        .map(|a| (a.question.as_str(), a))
        .collect();
    let mut facts = RespondentFacts {
        profile,
        asked: HashMap::new(),
    };
    let mut closed: HashMap<&str, GateSkip> = HashMap::new();
    let mut states = HashMap::new();
    for section in &q.sections {
        let visible = section
            .header
            .show_if
            .as_ref()
            .is_none_or(|c| holds(c, &facts));
        for question in &section.questions {
            let qid = question.id.get_ref().as_str();
            let state = if !visible {
                State::NotAsked
            } else if let Some(skip) = closed.get(qid) {
                match skip {
                    GateSkip::Zero
                        if question.weight > 0.0 && question.kind != QuestionKind::Text =>
                    {
                        State::Scored {
                            score: 0.0,
                            gated: true,
                        }
                    }
                    GateSkip::Zero => State::Unscored,
                    GateSkip::NotApplicable => State::GateNa,
                }
            } else if question.show_if.as_ref().is_some_and(|c| !holds(c, &facts)) {
                State::NotAsked
            } else {
                match answers.get(qid) {
                    None => State::Unanswered,
                    Some(a) => {
                        let state = match &a.value {
                            AnswerValue::Unknown => State::Unknown,
                            AnswerValue::NotApplicable => State::Na,
                            v => match answer_score(q, question, v) {
                                Some(score) => State::Scored {
                                    score,
                                    gated: false,
                                },
                                None => State::Unscored,
                            },
                        };
                        facts.asked.insert(qid, (&a.value, state));
                        if let (Some(gate), AnswerValue::Choice(c)) = (&question.gate, &a.value)
                            && gate.closed_by.contains(c)
                        {
                            for f in &gate.follow_ups {
                                closed.insert(f.get_ref().as_str(), gate.skipped);
                            }
                        }
                        state
                    }
                }
            };
            states.insert(qid, state);
        }
    }
    states
}

struct CompanyFacts<'a> {
    profile: &'a CompanyProfile,
    company: &'a CompanyAnswers,
    visible: Vec<HashMap<&'a str, State>>,
    scores: HashMap<String, f64>,
    sections: HashMap<String, f64>,
}

impl Facts for CompanyFacts<'_> {
    fn profile(&self) -> &CompanyProfile {
        self.profile
    }
    fn matches(&self, question: &str, any_of: &[String]) -> bool {
        self.company
            .respondents
            .iter()
            .zip(&self.visible)
            .any(|(r, states)| {
                let asked = states.get(question).is_some_and(|s| {
                    !matches!(s, State::NotAsked | State::GateNa | State::Unanswered)
                });
                asked
                    && r.answers
                        .iter()
                        .any(|a| a.question == question && value_matches(&a.value, any_of))
            })
    }
    fn question_score(&self, question: &str) -> Option<f64> {
        self.scores.get(question).copied()
    }
    fn section_score(&self, section: &str) -> Option<f64> {
        self.sections.get(section).copied()
    }
}

/// The questions and sections of the leaves that make `c` hold (for `not`, every
/// reference inside it), so a recommendation names the answers that triggered it.
fn triggering_refs(
    c: &Condition,
    facts: &dyn Facts,
    questions: &mut Vec<String>,
    sections: &mut Vec<String>,
) {
    let push = |list: &mut Vec<String>, id: &String| {
        if !list.contains(id) {
            list.push(id.clone());
        }
    };
    if let Some(all) = &c.all {
        for sub in all {
            triggering_refs(sub, facts, questions, sections);
        }
    } else if let Some(any) = &c.any {
        for sub in any.iter().filter(|sub| holds(sub, facts)) {
            triggering_refs(sub, facts, questions, sections);
        }
    } else if let Some(not) = &c.not {
        all_refs(not, questions, sections);
    } else if let Some(q) = &c.q {
        push(questions, q.get_ref());
    } else if let Some(sec) = &c.section {
        push(sections, sec.get_ref());
    }
}

fn all_refs(c: &Condition, questions: &mut Vec<String>, sections: &mut Vec<String>) {
    for list in [&c.all, &c.any].into_iter().flatten() {
        for sub in list {
            all_refs(sub, questions, sections);
        }
    }
    if let Some(sub) = &c.not {
        all_refs(sub, questions, sections);
    }
    if let Some(q) = &c.q
        && !questions.contains(q.get_ref())
    {
        questions.push(q.get_ref().clone());
    }
    if let Some(s) = &c.section
        && !sections.contains(s.get_ref())
    {
        sections.push(s.get_ref().clone());
    }
}

/// Scores one company's answers against a questionnaire. Never fails: answers to
/// unknown questions are ignored (the answer-file reader reports them), missing
/// answers lower coverage.
pub fn evaluate(
    q: &Questionnaire,
    profile: &CompanyProfile,
    company: &CompanyAnswers,
) -> QuestionnaireResult {
    let mut result = evaluate_core(q, profile, company);
    if company.respondents.len() > 1 {
        result.respondent_scores = company
            .respondents
            .iter()
            .map(|r| {
                let single = CompanyAnswers {
                    name: company.name.clone(),
                    profile: None,
                    respondents: vec![r.clone()],
                };
                let alone = evaluate_core(q, profile, &single);
                RespondentScores {
                    respondent: r.name.clone(),
                    role: r.role.clone(),
                    overall: alone.overall.score,
                    sections: alone
                        .sections
                        .iter()
                        .map(|s| (s.id.clone(), s.summary.score))
                        .collect(),
                }
            })
            .collect();
    }
    result
}

fn evaluate_core(
    q: &Questionnaire,
    profile: &CompanyProfile,
    company: &CompanyAnswers,
) -> QuestionnaireResult {
    let settings = &q.meta.scoring;
    let states: Vec<HashMap<&str, State>> = company
        .respondents
        .iter()
        .map(|r| respondent_states(q, profile, r))
        .collect();
    let answer_of = |ri: usize, qid: &str| -> Option<&Answer> {
        company.respondents[ri]
            .answers
            .iter()
            .find(|a| a.question == qid)
    };

    let mut sections = Vec::new();
    let mut exclusions = Vec::new();
    let mut disagreements = Vec::new();
    let mut free_text = Vec::new();
    let mut scores: HashMap<String, f64> = HashMap::new();
    for section in &q.sections {
        let sid = section.id().to_owned();
        let mut questions = Vec::new();
        let (mut scored_w, mut sum, mut applicable_w, mut evidence_w) = (0.0, 0.0, 0.0, 0.0);
        let mut spreads = Vec::new();
        for question in &section.questions {
            let qid = question.id.get_ref().as_str();
            let per: Vec<State> = states
                .iter()
                .map(|s| s.get(qid).copied().unwrap_or(State::Unanswered))
                .collect();
            let respondent_scores: Vec<(usize, f64)> = per
                .iter()
                .enumerate()
                .filter_map(|(i, s)| match s {
                    State::Scored { score, .. } => Some((i, *score)),
                    _ => None,
                })
                .collect();
            let gated = per
                .iter()
                .any(|s| matches!(s, State::Scored { gated: true, .. }));
            let evidence = respondent_scores
                .iter()
                .any(|(i, _)| answer_of(*i, qid).is_some_and(|a| a.evidence.is_some()));
            let ratings: Vec<f64> = (0..company.respondents.len())
                .filter_map(|i| answer_of(i, qid)?.relevance.clone())
                .filter_map(|r| {
                    q.relevance_options(question)
                        .iter()
                        .find(|o| o.id.get_ref() == &r)
                        .and_then(|o| o.relevance)
                })
                .collect();
            let relevance = if ratings.is_empty() {
                question.relevance_default
            } else {
                ratings.iter().sum::<f64>() / ratings.len() as f64
            };
            for (i, r) in company.respondents.iter().enumerate() {
                if let (State::Unscored, Some(a)) = (per[i], answer_of(i, qid))
                    && let AnswerValue::Text(t) = &a.value
                    && !t.trim().is_empty()
                {
                    free_text.push(FreeText {
                        question: qid.to_owned(),
                        respondent: r.name.clone(),
                        text: t.clone(),
                    });
                }
            }
            let counts_for_scoring = question.weight > 0.0 && question.kind != QuestionKind::Text;
            let any = |f: fn(&State) -> bool| per.iter().any(f);
            let status = if !respondent_scores.is_empty() {
                QuestionStatus::Scored
            } else if any(|s| matches!(s, State::Unscored)) || !counts_for_scoring {
                if any(|s| matches!(s, State::Unscored)) {
                    QuestionStatus::Unscored
                } else if any(|s| matches!(s, State::NotAsked))
                    && !any(|s| matches!(s, State::Unanswered))
                {
                    QuestionStatus::NotAsked
                } else {
                    QuestionStatus::Unscored
                }
            } else if any(|s| matches!(s, State::Unknown)) {
                QuestionStatus::Unknown
            } else if any(|s| matches!(s, State::Na)) {
                QuestionStatus::NotApplicable
            } else if any(|s| matches!(s, State::GateNa)) {
                QuestionStatus::Skipped
            } else if any(|s| matches!(s, State::Unanswered)) {
                QuestionStatus::Unanswered
            } else {
                QuestionStatus::NotAsked
            };
            let mut score = None;
            let mut spread = None;
            let mut priority = None;
            match status {
                QuestionStatus::Scored => {
                    let mean = respondent_scores.iter().map(|(_, s)| s).sum::<f64>()
                        / respondent_scores.len() as f64;
                    score = Some(mean);
                    scores.insert(qid.to_owned(), mean);
                    scored_w += question.weight;
                    applicable_w += question.weight;
                    sum += question.weight * mean;
                    if evidence {
                        evidence_w += question.weight;
                    }
                    if respondent_scores.len() > 1 {
                        let max = respondent_scores
                            .iter()
                            .map(|(_, s)| *s)
                            .fold(f64::MIN, f64::max);
                        let min = respondent_scores
                            .iter()
                            .map(|(_, s)| *s)
                            .fold(f64::MAX, f64::min);
                        spread = Some(max - min);
                        spreads.push(max - min);
                    }
                    priority = Some(relevance * (1.0 - mean));
                }
                QuestionStatus::Unknown | QuestionStatus::Unanswered => {
                    applicable_w += question.weight;
                }
                _ => {}
            }
            let reason = match status {
                QuestionStatus::Unknown => Some(ExclusionReason::Unknown),
                QuestionStatus::NotApplicable => Some(ExclusionReason::NotApplicable),
                QuestionStatus::NotAsked => Some(ExclusionReason::Condition),
                QuestionStatus::Skipped => Some(ExclusionReason::Gate),
                QuestionStatus::Unanswered => Some(ExclusionReason::Unanswered),
                _ => None,
            };
            if let Some(reason) = reason
                && counts_for_scoring
            {
                exclusions.push(Exclusion {
                    question: qid.to_owned(),
                    section: sid.clone(),
                    reason,
                });
            }
            // Disagreement.
            let unknown_by = per.iter().any(|s| matches!(s, State::Unknown));
            let kind = match spread {
                Some(s) if s >= settings.disagreement_threshold - 1e-9 => {
                    Some(DisagreementKind::Spread)
                }
                _ if unknown_by && !respondent_scores.is_empty() => {
                    Some(DisagreementKind::PartlyUnknown)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                let answers = company
                    .respondents
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        let (answer, score) = match per[i] {
                            State::Scored { gated: true, .. } => ("skipped".to_owned(), Some(0.0)),
                            State::Scored { score, .. } => {
                                (answer_of(i, qid)?.value.display(), Some(score))
                            }
                            State::Unknown => ("unknown".to_owned(), None),
                            _ => return None,
                        };
                        Some(RespondentAnswer {
                            respondent: r.name.clone(),
                            answer,
                            score: score.map(|s| round(s, 3)),
                        })
                    })
                    .collect();
                disagreements.push(Disagreement {
                    question: qid.to_owned(),
                    section: sid.clone(),
                    kind,
                    spread: spread.map(|s| round(s, 3)),
                    answers,
                });
            }
            questions.push(QuestionResult {
                id: qid.to_owned(),
                status,
                score: score.map(|s| round(s, 3)),
                gated,
                relevance: round(relevance, 3),
                priority: priority.map(|p| round(p, 3)),
                spread: spread.map(|s| round(s, 3)),
                evidence,
                scored_by: respondent_scores.len(),
            });
        }
        let coverage = if applicable_w > 0.0 {
            scored_w / applicable_w
        } else {
            0.0
        };
        let evidence_share = if scored_w > 0.0 {
            evidence_w / scored_w
        } else {
            0.0
        };
        let agreement = if spreads.is_empty() {
            1.0
        } else {
            1.0 - spreads.iter().sum::<f64>() / spreads.len() as f64
        };
        let confidence = coverage * agreement * (0.6 + 0.4 * evidence_share);
        let (score, no_score) = if applicable_w <= 0.0 {
            (None, Some(NoScore::NotApplicable))
        } else if scored_w <= 0.0 || coverage + 1e-9 < settings.min_coverage {
            (None, Some(NoScore::TooFewAnswers))
        } else {
            (Some(100.0 * sum / scored_w), None)
        };
        sections.push((
            applicable_w > 0.0,
            SectionResult {
                id: sid,
                title: section.header.title.clone(),
                weight: section.header.weight,
                summary: summary(q, score, coverage, confidence, no_score),
                evidence_share: round(evidence_share, 2),
                agreement: round(agreement, 2),
                questions,
            },
        ));
    }

    // Overall.
    let applicable: Vec<&SectionResult> = sections
        .iter()
        .filter(|(a, _)| *a)
        .map(|(_, s)| s)
        .collect();
    let total_w: f64 = applicable.iter().map(|s| s.weight).sum();
    let overall = if total_w <= 0.0 {
        summary(q, None, 0.0, 0.0, Some(NoScore::NotApplicable))
    } else {
        // Use unrounded inputs: recompute from the rounded-free section values.
        let coverage = applicable
            .iter()
            .map(|s| s.weight * s.summary.coverage_raw())
            .sum::<f64>()
            / total_w;
        let confidence = applicable
            .iter()
            .map(|s| s.weight * s.summary.confidence_raw())
            .sum::<f64>()
            / total_w;
        let shown: Vec<&&SectionResult> = applicable
            .iter()
            .filter(|s| s.summary.score.is_some())
            .collect();
        let shown_w: f64 = shown.iter().map(|s| s.weight).sum();
        if shown.is_empty() || coverage + 1e-9 < settings.min_coverage {
            summary(q, None, coverage, confidence, Some(NoScore::TooFewAnswers))
        } else {
            let score = shown
                .iter()
                .map(|s| s.weight * s.summary.score_raw())
                .sum::<f64>()
                / shown_w;
            summary(q, Some(score), coverage, confidence, None)
        }
    };
    let mut sections: Vec<SectionResult> = sections.into_iter().map(|(_, s)| s).collect();
    for s in &mut sections {
        s.summary.finish();
    }
    let mut overall = overall;
    overall.finish();

    // Recommendations.
    let facts = CompanyFacts {
        profile,
        company,
        visible: states.clone(),
        scores: scores.clone(),
        sections: sections
            .iter()
            .filter_map(|s| Some((s.id.clone(), s.summary.score?)))
            .collect(),
    };
    let question_priority = |qid: &str| -> f64 {
        sections
            .iter()
            .flat_map(|s| s.questions.iter())
            .find(|r| r.id == qid)
            .map_or(0.0, |r| match r.status {
                QuestionStatus::Scored => r.priority.unwrap_or(0.0),
                QuestionStatus::Unknown => r.relevance * 0.5,
                _ => 0.0,
            })
    };
    let mut recommendations = Vec::new();
    for rec in &q.recommendations {
        if !holds(&rec.when, &facts) || rec.unless.as_ref().is_some_and(|u| holds(u, &facts)) {
            continue;
        }
        let (mut qrefs, mut srefs) = (Vec::new(), Vec::new());
        triggering_refs(&rec.when, &facts, &mut qrefs, &mut srefs);
        let priority = rec.priority.unwrap_or_else(|| {
            let from_questions = qrefs
                .iter()
                .map(|r| question_priority(r))
                .fold(0.0, f64::max);
            let from_sections = srefs
                .iter()
                .filter_map(|sid| sections.iter().find(|s| &s.id == sid))
                .flat_map(|s| s.questions.iter().map(|r| question_priority(&r.id)))
                .fold(0.0, f64::max);
            from_questions.max(from_sections)
        });
        recommendations.push(SelectedRecommendation {
            id: rec.id.get_ref().clone(),
            title: rec.title.clone(),
            body: rec.body.clone(),
            effort: rec.effort,
            horizon: rec.horizon,
            priority: round(priority, 3),
            questions: qrefs,
            tags: rec.tags.clone(),
        });
    }
    recommendations.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(a.horizon.cmp(&b.horizon))
            .then(a.effort.cmp(&b.effort))
            .then(a.id.cmp(&b.id))
    });

    // Gaps.
    let mut gaps = Vec::new();
    for section in &sections {
        for r in &section.questions {
            if let (Some(score), Some(priority)) = (r.score, r.priority)
                && priority > 0.0
                && let Some(question) = q.question(&r.id)
            {
                gaps.push(Gap {
                    question: r.id.clone(),
                    section: section.id.clone(),
                    text: question.text.clone(),
                    score,
                    relevance: r.relevance,
                    priority,
                    recommendations: recommendations
                        .iter()
                        .filter(|rec| rec.questions.contains(&r.id))
                        .map(|rec| rec.id.clone())
                        .collect(),
                });
            }
        }
    }
    let order: HashMap<&str, usize> = q
        .questions()
        .enumerate()
        .map(|(i, qq)| (qq.id.get_ref().as_str(), i))
        .collect();
    gaps.sort_by(|a, b| {
        b.priority.total_cmp(&a.priority).then(
            order
                .get(a.question.as_str())
                .cmp(&order.get(b.question.as_str())),
        )
    });

    QuestionnaireResult {
        questionnaire: QuestionnaireRef::of(q),
        company: company.name.clone(),
        respondents: company.respondents.iter().map(|r| r.name.clone()).collect(),
        overall,
        sections,
        exclusions,
        gaps,
        recommendations,
        disagreements,
        respondent_scores: Vec::new(),
        free_text,
        group_position: Vec::new(),
    }
}

fn summary(
    q: &Questionnaire,
    score: Option<f64>,
    coverage: f64,
    confidence: f64,
    no_score: Option<NoScore>,
) -> ScoreSummary {
    ScoreSummary {
        score,
        level: score.and_then(|s| q.level(round(s, 1))).map(|l| LevelRef {
            id: l.id.clone(),
            label: l.label.clone(),
        }),
        coverage,
        confidence,
        confidence_band: Confidence::of(confidence),
        no_score,
    }
}

impl ScoreSummary {
    fn coverage_raw(&self) -> f64 {
        self.coverage
    }
    fn confidence_raw(&self) -> f64 {
        self.confidence
    }
    fn score_raw(&self) -> f64 {
        self.score.unwrap_or(0.0)
    }
    /// Rounds for output: score to one decimal, coverage and confidence to two.
    fn finish(&mut self) {
        self.score = self.score.map(|s| round(s, 1));
        self.confidence_band = Confidence::of(self.confidence);
        self.coverage = round(self.coverage, 2);
        self.confidence = round(self.confidence, 2);
    }
}
