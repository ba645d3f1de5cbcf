//! Answers: what respondents said, and the answer files facilitators collect.
//!
//! An [`AnswerSheet`] holds one assessment's answers: one or more companies, each with
//! one or more respondents. It is read from TOML (hand-written or exported) or from a
//! CSV sheet a facilitator fills in a spreadsheet.
//!
//! **CSV columns** (header row required, names case-insensitive, `;` `,` or tab as
//! delimiter, UTF-8 with or without BOM; other columns such as `question_text` are
//! ignored, so [`csv_template`] output can be filled in directly):
//!
//! | column | required | content |
//! |---|---|---|
//! | `company` | no | company name; empty = the project's own company |
//! | `respondent` | yes | who answered (name or role) |
//! | `role` | no | the respondent's role |
//! | `question` | yes | question id (`INV.01`) |
//! | `answer` | yes | option id; several joined by `|` for multi questions; a number; free text; `unknown` or `na`. An empty cell leaves the question unanswered |
//! | `relevance` | no | option id of the question's relevance scale |
//! | `evidence` | no | what proves the answer |
//! | `note` | no | a remark |
//!
//! **TOML**: `questionnaire`, `assessment`, optional `answered_at` (RFC 3339), then
//! `[[respondent]]` tables for the project's own company and/or `[[company]]` tables
//! with `name`, optional `profile` (company profile fields) and `[[company.respondent]]`.
//! Each respondent has `name`, optional `role` and an `answers` table mapping question
//! ids to a value (`"yes"`, `["a", "b"]`, `12`, `"free text"`) or to
//! `{ answer = …, relevance = …, evidence = …, note = … }`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::loader::line_of;
use super::model::QuestionKind;
use super::{Problem, Questionnaire, QuestionnaireError, QuestionnaireLibrary};
use crate::company::CompanyProfile;

/// The value of one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// One option id (single, likert, gate).
    Choice(String),
    /// Option ids (multi); may be empty ("none of these").
    Choices(Vec<String>),
    /// A number.
    Number(f64),
    /// Free text.
    Text(String),
    /// "Don't know".
    Unknown,
    /// "Not applicable".
    NotApplicable,
}

impl AnswerValue {
    /// The value as written in answer files (`a|b` for several options).
    pub fn display(&self) -> String {
        match self {
            AnswerValue::Choice(c) => c.clone(),
            AnswerValue::Choices(c) => c.join("|"),
            AnswerValue::Number(n) => n.to_string(),
            AnswerValue::Text(t) => t.clone(),
            AnswerValue::Unknown => "unknown".into(),
            AnswerValue::NotApplicable => "na".into(),
        }
    }
}

/// One respondent's answer to one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// Question id.
    pub question: String,
    /// The answer.
    pub value: AnswerValue,
    /// Option id of the question's relevance scale, if rated.
    pub relevance: Option<String>,
    /// What proves the answer (a document name, a link, a description).
    pub evidence: Option<String>,
    /// A remark of the respondent or facilitator.
    pub note: Option<String>,
}

/// All answers of one respondent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RespondentAnswers {
    /// Name or role label, unique within the company.
    pub name: String,
    /// Role in the company.
    pub role: Option<String>,
    /// The answers, one per question at most.
    pub answers: Vec<Answer>,
}

/// All respondents of one company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyAnswers {
    /// Company name, unique within the assessment.
    pub name: String,
    /// The company's profile; `None` means the project's company profile.
    pub profile: Option<CompanyProfile>,
    /// The respondents.
    pub respondents: Vec<RespondentAnswers>,
}

/// One assessment's answers, as imported from a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerSheet {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Assessment label (`Workshop Leipzig 2026-05`); importing again with the same
    /// label adds to or corrects that assessment.
    pub assessment: String,
    /// When the answers were given (RFC 3339).
    pub answered_at: String,
    /// The companies.
    pub companies: Vec<CompanyAnswers>,
}

/// Answer file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerFormat {
    /// TOML, as described in the module docs.
    Toml,
    /// CSV, one answer per row.
    Csv,
}

impl AnswerFormat {
    /// Guesses the format from a file name (`.csv`/`.tsv`/`.txt` → CSV, else TOML).
    pub fn from_file_name(name: &str) -> AnswerFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
            AnswerFormat::Csv
        } else {
            AnswerFormat::Toml
        }
    }
}

/// What the caller knows that the file may leave out.
#[derive(Clone, Debug, Default)]
pub struct SheetDefaults {
    /// Questionnaire id when the file names none (always needed for CSV).
    pub questionnaire: Option<String>,
    /// Assessment label when the file names none.
    pub assessment: Option<String>,
    /// Name of the project's own company (for rows/respondents without a company).
    pub company: String,
    /// Timestamp to record when the file has none (the caller's "now").
    pub answered_at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSheet {
    questionnaire: Option<String>,
    assessment: Option<String>,
    answered_at: Option<String>,
    #[serde(default)]
    respondent: Vec<RawRespondent>,
    #[serde(default)]
    company: Vec<RawCompany>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: Spanned<String>,
    #[serde(default)]
    profile: Option<CompanyProfile>,
    #[serde(default)]
    respondent: Vec<RawRespondent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRespondent {
    name: Spanned<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// A value before it is checked against its question.
enum RawValue {
    Text(String),
    List(Vec<String>),
    Number(f64),
}

struct Reader<'a> {
    q: &'a Questionnaire,
    file: String,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, line: Option<usize>, question: Option<&str>, message: String) {
        self.problems.push(Problem {
            file: self.file.clone(),
            line,
            question: question.map(str::to_owned),
            message,
        });
    }

    /// Checks a value against its question and builds the answer.
    fn answer(
        &mut self,
        line: Option<usize>,
        qid: &str,
        raw: RawValue,
        relevance: Option<String>,
        evidence: Option<String>,
        note: Option<String>,
    ) -> Option<Answer> {
        let Some(question) = self.q.question(qid) else {
            self.problem(
                line,
                Some(qid),
                format!("the questionnaire `{}` has no such question", self.q.id()),
            );
            return None;
        };
        let options = self.q.options(question);
        let has = |id: &str| options.iter().any(|o| o.id.get_ref() == id);
        let special = |s: &str| -> Option<AnswerValue> {
            match s.trim() {
                "unknown" => Some(AnswerValue::Unknown),
                "na" => Some(AnswerValue::NotApplicable),
                _ => None,
            }
        };
        let value = match (question.kind, raw) {
            (_, RawValue::Text(s)) if special(&s).is_some() => {
                let v = special(&s)?;
                let offered = match question.kind {
                    QuestionKind::Number | QuestionKind::Text => true,
                    _ => has(s.trim()),
                };
                if !offered {
                    self.problem(
                        line,
                        Some(qid),
                        format!("`{}` is not offered for this question", s.trim()),
                    );
                    return None;
                }
                v
            }
            (
                QuestionKind::Single | QuestionKind::Likert | QuestionKind::Gate,
                RawValue::Text(s),
            ) => {
                let s = s.trim().to_owned();
                if !has(&s) {
                    let ids: Vec<&str> = options.iter().map(|o| o.id.get_ref().as_str()).collect();
                    self.problem(
                        line,
                        Some(qid),
                        format!("`{s}` is not an option; use one of {}", ids.join(", ")),
                    );
                    return None;
                }
                AnswerValue::Choice(s)
            }
            (QuestionKind::Multi, RawValue::Text(s)) => {
                let list = s
                    .split('|')
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect();
                self.choices(line, qid, list, &has)?
            }
            (QuestionKind::Multi, RawValue::List(list)) => self.choices(line, qid, list, &has)?,
            (QuestionKind::Number, RawValue::Number(n)) => self.number(line, qid, n)?,
            (QuestionKind::Number, RawValue::Text(s)) => {
                let cleaned = s.trim().replace(' ', "");
                let parsed = cleaned.parse::<f64>().ok().or_else(|| {
                    cleaned
                        .replace('.', "")
                        .replace(',', ".")
                        .parse::<f64>()
                        .ok()
                });
                match parsed {
                    Some(n) => self.number(line, qid, n)?,
                    None => {
                        self.problem(line, Some(qid), format!("`{s}` is not a number"));
                        return None;
                    }
                }
            }
            (QuestionKind::Text, RawValue::Text(s)) => AnswerValue::Text(s),
            (QuestionKind::Text, RawValue::Number(n)) => AnswerValue::Text(n.to_string()),
            (kind, _) => {
                let expected = match kind {
                    QuestionKind::Multi => "a list of option ids",
                    QuestionKind::Number => "a number",
                    QuestionKind::Text => "a text",
                    _ => "one option id",
                };
                self.problem(line, Some(qid), format!("the answer must be {expected}"));
                return None;
            }
        };
        let relevance = match relevance.filter(|r| !r.trim().is_empty()) {
            None => None,
            Some(r) => {
                let r = r.trim().to_owned();
                let scale = self.q.relevance_options(question);
                if scale.is_empty() {
                    self.problem(
                        line,
                        Some(qid),
                        "this question has no relevance rating".into(),
                    );
                    return None;
                }
                if !scale.iter().any(|o| o.id.get_ref() == &r) {
                    let ids: Vec<&str> = scale.iter().map(|o| o.id.get_ref().as_str()).collect();
                    self.problem(
                        line,
                        Some(qid),
                        format!(
                            "relevance `{r}` is not on the scale; use one of {}",
                            ids.join(", ")
                        ),
                    );
                    return None;
                }
                Some(r)
            }
        };
        Some(Answer {
            question: qid.to_owned(),
            value,
            relevance,
            evidence: evidence.filter(|e| !e.trim().is_empty()),
            note: note.filter(|n| !n.trim().is_empty()),
        })
    }

    fn choices(
        &mut self,
        line: Option<usize>,
        qid: &str,
        list: Vec<String>,
        has: &dyn Fn(&str) -> bool,
    ) -> Option<AnswerValue> {
        if list.len() == 1 && (list[0] == "unknown" || list[0] == "na") {
            if !has(&list[0]) {
                self.problem(
                    line,
                    Some(qid),
                    format!("`{}` is not offered for this question", list[0]),
                );
                return None;
            }
            return Some(if list[0] == "unknown" {
                AnswerValue::Unknown
            } else {
                AnswerValue::NotApplicable
            });
        }
        for item in &list {
            if item == "unknown" || item == "na" {
                self.problem(
                    line,
                    Some(qid),
                    format!("`{item}` cannot be combined with other options"),
                );
                return None;
            }
            if !has(item) {
                self.problem(
                    line,
                    Some(qid),
                    format!("`{item}` is not an option of this question"),
                );
                return None;
            }
        }
        let mut list = list;
        list.dedup();
        Some(AnswerValue::Choices(list))
    }

    fn number(&mut self, line: Option<usize>, qid: &str, n: f64) -> Option<AnswerValue> {
        let scale = self.q.question(qid).and_then(|q| q.number.as_ref());
        if let Some(scale) = scale
            && !(scale.min..=scale.max).contains(&n)
        {
            self.problem(
                line,
                Some(qid),
                format!("{n} lies outside {}..{}", scale.min, scale.max),
            );
            return None;
        }
        Some(AnswerValue::Number(n))
    }
}

fn toml_raw(value: &toml::Value) -> Option<RawValue> {
    match value {
        toml::Value::String(s) => Some(RawValue::Text(s.clone())),
        toml::Value::Integer(i) => Some(RawValue::Number(*i as f64)),
        toml::Value::Float(f) => Some(RawValue::Number(*f)),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(RawValue::List),
        _ => None,
    }
}

impl AnswerSheet {
    /// Reads an answer file and checks every answer against its questionnaire.
    ///
    /// # Errors
    /// [`QuestionnaireError::Answers`] with every problem (file, line, question id),
    /// or [`QuestionnaireError::NotFound`] when the named questionnaire is not
    /// available.
    pub fn parse(
        library: &QuestionnaireLibrary,
        file_name: &str,
        content: &str,
        format: AnswerFormat,
        defaults: &SheetDefaults,
    ) -> Result<AnswerSheet, QuestionnaireError> {
        let content = content.strip_prefix('\u{feff}').unwrap_or(content);
        match format {
            AnswerFormat::Toml => parse_toml(library, file_name, content, defaults),
            AnswerFormat::Csv => parse_csv(library, file_name, content, defaults),
        }
    }
}

fn fail(file: &str, problems: Vec<Problem>) -> QuestionnaireError {
    QuestionnaireError::Answers {
        file: file.to_owned(),
        problems,
    }
}

fn parse_toml(
    library: &QuestionnaireLibrary,
    file_name: &str,
    content: &str,
    defaults: &SheetDefaults,
) -> Result<AnswerSheet, QuestionnaireError> {
    let raw: RawSheet = toml::from_str(content).map_err(|e| {
        fail(
            file_name,
            vec![Problem {
                file: file_name.to_owned(),
                line: e.span().map(|s| line_of(content, s.start)),
                question: None,
                message: e.message().trim().to_owned(),
            }],
        )
    })?;
    let qid = raw
        .questionnaire
        .clone()
        .or_else(|| defaults.questionnaire.clone())
        .ok_or_else(|| {
            fail(file_name, vec![Problem::file(file_name, "the file does not say which questionnaire it answers (`questionnaire = \"…\"`)".into())])
        })?;
    let q = library.get(&qid)?;
    let mut reader = Reader {
        q,
        file: file_name.to_owned(),
        problems: Vec::new(),
    };
    let respondent = |reader: &mut Reader<'_>, r: RawRespondent| -> RespondentAnswers {
        let mut answers = Vec::new();
        for (key, value) in r.answers {
            let line = Some(line_of(content, key.span().start));
            let qid = key.get_ref().as_str();
            let (v, relevance, evidence, note) = match value.get_ref() {
                toml::Value::Table(t) => {
                    let text = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_owned);
                    if let Some(unknown) = t.keys().find(|k| {
                        !["answer", "relevance", "evidence", "note"].contains(&k.as_str())
                    }) {
                        reader.problem(
                            line,
                            Some(qid),
                            format!(
                                "unknown key `{unknown}`; use answer, relevance, evidence, note"
                            ),
                        );
                        continue;
                    }
                    match t.get("answer") {
                        Some(a) => (
                            toml_raw(a),
                            text("relevance"),
                            text("evidence"),
                            text("note"),
                        ),
                        None => {
                            reader.problem(line, Some(qid), "the table has no `answer`".into());
                            continue;
                        }
                    }
                }
                other => (toml_raw(other), None, None, None),
            };
            let Some(v) = v else {
                reader.problem(
                    line,
                    Some(qid),
                    "the answer must be text, a number or a list of option ids".into(),
                );
                continue;
            };
            if let Some(a) = reader.answer(line, qid, v, relevance, evidence, note) {
                answers.push(a);
            }
        }
        RespondentAnswers {
            name: r.name.into_inner(),
            role: r.role,
            answers,
        }
    };
    let mut companies: Vec<CompanyAnswers> = Vec::new();
    if !raw.respondent.is_empty() {
        let respondents = raw
            .respondent
            .into_iter()
            .map(|r| respondent(&mut reader, r))
            .collect();
        companies.push(CompanyAnswers {
            name: defaults.company.clone(),
            profile: None,
            respondents,
        });
    }
    for c in raw.company {
        let line = Some(line_of(content, c.name.span().start));
        let name = c.name.into_inner();
        if companies.iter().any(|e| e.name == name) {
            reader.problem(line, None, format!("company `{name}` appears twice"));
            continue;
        }
        let respondents = c
            .respondent
            .into_iter()
            .map(|r| respondent(&mut reader, r))
            .collect();
        companies.push(CompanyAnswers {
            name,
            profile: c.profile,
            respondents,
        });
    }
    for c in &companies {
        let mut names = std::collections::HashSet::new();
        for r in &c.respondents {
            if !names.insert(r.name.as_str()) {
                reader.problem(
                    None,
                    None,
                    format!("respondent `{}` of `{}` appears twice", r.name, c.name),
                );
            }
        }
    }
    if companies.is_empty() {
        reader.problem(
            None,
            None,
            "the file has no respondents (`[[respondent]]` or `[[company]]`)".into(),
        );
    }
    if !reader.problems.is_empty() {
        return Err(fail(file_name, reader.problems));
    }
    Ok(AnswerSheet {
        questionnaire: qid,
        assessment: raw
            .assessment
            .or_else(|| defaults.assessment.clone())
            .unwrap_or_else(|| default_label(q)),
        answered_at: raw
            .answered_at
            .unwrap_or_else(|| defaults.answered_at.clone()),
        companies,
    })
}

fn default_label(q: &Questionnaire) -> String {
    q.meta.title.de.clone()
}

fn parse_csv(
    library: &QuestionnaireLibrary,
    file_name: &str,
    content: &str,
    defaults: &SheetDefaults,
) -> Result<AnswerSheet, QuestionnaireError> {
    let qid = defaults.questionnaire.clone().ok_or_else(|| {
        fail(
            file_name,
            vec![Problem::file(
                file_name,
                "a CSV answer file needs the questionnaire id (--questionnaire)".into(),
            )],
        )
    })?;
    let q = library.get(&qid)?;
    let header = content.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(content.as_bytes());
    let mut sheet_reader = Reader {
        q,
        file: file_name.to_owned(),
        problems: Vec::new(),
    };
    let headers = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect::<Vec<_>>(),
        Err(e) => {
            return Err(fail(
                file_name,
                vec![Problem {
                    file: file_name.into(),
                    line: Some(1),
                    question: None,
                    message: e.to_string(),
                }],
            ));
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c_resp), Some(c_q), Some(c_ans)) =
        (col("respondent"), col("question"), col("answer"))
    else {
        return Err(fail(
            file_name,
            vec![Problem {
                file: file_name.into(),
                line: Some(1),
                question: None,
                message: "the header needs the columns respondent, question and answer".into(),
            }],
        ));
    };
    let (c_company, c_role, c_rel, c_ev, c_note) = (
        col("company"),
        col("role"),
        col("relevance"),
        col("evidence"),
        col("note"),
    );
    // company → respondent → answers, in file order.
    let mut companies: Vec<CompanyAnswers> = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                sheet_reader.problem(line, None, e.to_string());
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as usize);
        let cell = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(answer) = cell(Some(c_ans)) else {
            continue;
        };
        let Some(question) = cell(Some(c_q)) else {
            sheet_reader.problem(line, None, "the row has no question id".into());
            continue;
        };
        let Some(respondent) = cell(Some(c_resp)) else {
            sheet_reader.problem(line, Some(&question), "the row has no respondent".into());
            continue;
        };
        let company = cell(c_company).unwrap_or_else(|| defaults.company.clone());
        let key = (company.clone(), respondent.clone(), question.clone());
        if let Some(first) = seen.get(&key) {
            sheet_reader.problem(
                line,
                Some(&question),
                format!("answered twice by `{respondent}` (first in line {first})"),
            );
            continue;
        }
        seen.insert(key, line.unwrap_or(0));
        let Some(a) = sheet_reader.answer(
            line,
            &question,
            RawValue::Text(answer),
            cell(c_rel),
            cell(c_ev),
            cell(c_note),
        ) else {
            continue;
        };
        let ci = match companies.iter().position(|c| c.name == company) {
            Some(i) => i,
            None => {
                companies.push(CompanyAnswers {
                    name: company,
                    profile: None,
                    respondents: Vec::new(),
                });
                companies.len() - 1
            }
        };
        let respondents = &mut companies[ci].respondents;
        let ri = match respondents.iter().position(|r| r.name == respondent) {
            Some(i) => i,
            None => {
                respondents.push(RespondentAnswers {
                    name: respondent,
                    role: None,
                    answers: Vec::new(),
                });
                respondents.len() - 1
            }
        };
        if respondents[ri].role.is_none() {
            respondents[ri].role = cell(c_role);
        }
        respondents[ri].answers.push(a);
    }
    if companies.is_empty() && sheet_reader.problems.is_empty() {
        sheet_reader.problem(None, None, "the file has no answers".into());
    }
    if !sheet_reader.problems.is_empty() {
        return Err(fail(file_name, sheet_reader.problems));
    }
    Ok(AnswerSheet {
        questionnaire: qid,
        assessment: defaults
            .assessment
            .clone()
            .unwrap_or_else(|| default_label(q)),
        answered_at: defaults.answered_at.clone(),
        companies,
    })
}

/// A CSV sheet to fill in: one row per question with empty answer cells, the
/// question text and the allowed answers in `lang`, ready for a spreadsheet.
pub fn csv_template(q: &Questionnaire, lang: crate::i18n::Lang) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record([
        "company",
        "respondent",
        "role",
        "question",
        "answer",
        "relevance",
        "evidence",
        "note",
        "question_text",
        "allowed_answers",
        "relevance_scale",
    ]);
    for question in q.questions() {
        let allowed = match question.kind {
            QuestionKind::Number => {
                let n = question.number.as_ref();
                format!(
                    "{}..{} {}| unknown | na",
                    n.map_or(0.0, |n| n.min),
                    n.map_or(0.0, |n| n.max),
                    n.and_then(|n| n.unit.as_ref()).map_or("", |u| u.get(lang))
                )
            }
            QuestionKind::Text => String::new(),
            kind => {
                let sep = if kind == QuestionKind::Multi {
                    " | (a|b) "
                } else {
                    " | "
                };
                q.options(question)
                    .iter()
                    .map(|o| format!("{} = {}", o.id.get_ref(), o.label.get(lang)))
                    .collect::<Vec<_>>()
                    .join(sep)
            }
        };
        let scale = q
            .relevance_options(question)
            .iter()
            .map(|o| format!("{} = {}", o.id.get_ref(), o.label.get(lang)))
            .collect::<Vec<_>>()
            .join(" | ");
        let _ = w.write_record([
            "",
            "",
            "",
            question.id.get_ref(),
            "",
            "",
            "",
            "",
            question.text.get(lang),
            &allowed,
            &scale,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Maps answers stored for an older questionnaire version to the current ids; answers
/// to removed questions are dropped.
pub fn migrate(
    q: &Questionnaire,
    from_version: &str,
    mut company: CompanyAnswers,
) -> CompanyAnswers {
    if from_version == q.version() {
        return company;
    }
    for r in &mut company.respondents {
        r.answers = std::mem::take(&mut r.answers)
            .into_iter()
            .filter_map(|mut a| {
                a.question = q.map_id(from_version, &a.question)?;
                Some(a)
            })
            .collect();
    }
    company
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> SheetDefaults {
        SheetDefaults {
            questionnaire: Some("medtech-datenzugang".into()),
            assessment: Some("T0".into()),
            company: "Eigene GmbH".into(),
            answered_at: "2026-05-04T10:00:00Z".into(),
        }
    }

    #[test]
    fn csv_from_a_german_spreadsheet() {
        let lib = QuestionnaireLibrary::embedded();
        let csv = "\u{feff}Company,Respondent,Role,Question,Answer,Relevance,Evidence,Note,question_text\n\
                   ,Anna,CTO,IO.01,fhir|dicom,,Konformitätserklärung,,ignored\n\
                   ,Anna,CTO,BU.01,\"12,5\",,,,\n\
                   ,Anna,CTO,PA.04,evaluated,high,,,\n\
                   ,Anna,CTO,PA.07,,,,,\n\
                   Partner AG,Ben,,IO.02,unknown,,,,\n";
        let sheet = AnswerSheet::parse(&lib, "a.csv", csv, AnswerFormat::Csv, &defaults()).unwrap();
        assert_eq!(sheet.companies.len(), 2);
        let anna = &sheet.companies[0].respondents[0];
        assert_eq!(sheet.companies[0].name, "Eigene GmbH");
        assert_eq!(anna.role.as_deref(), Some("CTO"));
        assert_eq!(anna.answers.len(), 3, "the empty answer is skipped");
        assert_eq!(
            anna.answers[0].value,
            AnswerValue::Choices(vec!["fhir".into(), "dicom".into()])
        );
        assert_eq!(
            anna.answers[0].evidence.as_deref(),
            Some("Konformitätserklärung")
        );
        assert_eq!(anna.answers[1].value, AnswerValue::Number(12.5));
        assert_eq!(anna.answers[2].relevance.as_deref(), Some("high"));
        assert_eq!(
            sheet.companies[1].respondents[0].answers[0].value,
            AnswerValue::Unknown
        );
    }

    #[test]
    fn csv_problems_carry_the_line() {
        let lib = QuestionnaireLibrary::embedded();
        let csv = "respondent;question;answer;relevance\n\
                   Anna;BU.01;viel;\n\
                   Anna;PA.01;-3;\n\
                   Anna;IO.01;fhir|unknown;\n\
                   Anna;PR.01;defined;high\n\
                   Anna;PR.01;none;\n";
        let err =
            AnswerSheet::parse(&lib, "a.csv", csv, AnswerFormat::Csv, &defaults()).unwrap_err();
        let shown: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "a.csv:2: question BU.01: `viel` is not a number",
                "a.csv:3: question PA.01: -3 lies outside 0..1000",
                "a.csv:4: question IO.01: `unknown` cannot be combined with other options",
                "a.csv:5: question PR.01: this question has no relevance rating",
                "a.csv:6: question PR.01: answered twice by `Anna` (first in line 5)",
            ]
        );
    }
}
