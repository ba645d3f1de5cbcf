//! Readiness questionnaires: format, loader, answers, scoring, workshops, benchmark.
//!
//! A questionnaire is a folder of TOML files (see [`model`] for the format). Two are
//! built into the binary (`questionnaires/<id>/`); a user folder given on the command
//! line or in `DATENREIFE_QUESTIONNAIRES` adds questionnaires or replaces built-in ones
//! with the same id, so a competence centre can author its own without rebuilding.
//!
//! The flow the CLI, the report and the desktop app share:
//! 1. [`QuestionnaireLibrary::load`] finds the available questionnaires;
//! 2. answers come from a respondent, or from a facilitator's TOML/CSV file
//!    ([`answers::AnswerSheet::parse`]), and are kept in the project file
//!    ([`save_answers`]);
//! 3. [`assessment_result`] scores every company of an assessment
//!    ([`engine::evaluate`]) and, for a workshop, adds the group benchmark
//!    ([`workshop::benchmark`]).
//!
//! Scores follow DESIGN §5 and §8: "don't know" and "not applicable" are excluded
//! from scores and listed, a section without enough answers shows no score, and the
//! priority of a gap is relevance × (1 − score).

pub mod answers;
pub mod engine;
mod loader;
pub mod model;
pub mod schema;
pub mod workshop;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Serialize;

pub use answers::{Answer, AnswerSheet, AnswerValue, CompanyAnswers, RespondentAnswers};
pub use engine::{QuestionnaireResult, evaluate};
pub use model::{Question, QuestionKind, Text};
pub use workshop::{Benchmark, WorkshopResult};

use crate::store::{Project, StoreError};

/// The questionnaires shipped in the binary.
static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questionnaires");

/// Environment variable naming the user questionnaire folder.
pub const USER_DIR_ENV: &str = "DATENREIFE_QUESTIONNAIRES";

/// One problem in a questionnaire folder or an answer file, located as precisely as
/// the file allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// File, relative to the questionnaire folder (or the answer file's name).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The question concerned, if any.
    pub question: Option<String>,
    /// What is wrong, in a sentence a questionnaire author can act on.
    pub message: String,
}

impl Problem {
    pub(crate) fn file(file: &str, message: String) -> Problem {
        Problem {
            file: file.to_owned(),
            line: None,
            question: None,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(q) = &self.question {
            write!(f, ": question {q}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Errors of questionnaires and answers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QuestionnaireError {
    /// The questionnaire folder has problems (each with file and line).
    #[error("questionnaire `{location}` is invalid ({} problem(s)): {}", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
    Invalid {
        /// The folder.
        location: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// A file could not be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// No questionnaire with this id is available.
    #[error("no questionnaire with id `{0}` is available")]
    NotFound(String),
    /// The answers do not fit the questionnaire.
    #[error("answer file `{file}` has {} problem(s): {}", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
    Answers {
        /// The answer file.
        file: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// No assessment with this label is in the project.
    #[error("the project has no assessment `{0}`")]
    NoAssessment(String),
    /// Stored answers belong to a questionnaire version that cannot be mapped.
    #[error(
        "answers were given for {questionnaire} version {stored}, but only version {available} is available"
    )]
    VersionMismatch {
        /// Questionnaire id.
        questionnaire: String,
        /// Version of the stored answers.
        stored: String,
        /// Version available now.
        available: String,
    },
    /// The assessment label is taken by answers to another questionnaire or version.
    #[error(
        "assessment `{label}` already holds answers to {questionnaire} version {version}; choose another label"
    )]
    AssessmentTaken {
        /// The label.
        label: String,
        /// Questionnaire of the stored answers.
        questionnaire: String,
        /// Version of the stored answers.
        version: String,
    },
    /// The project file failed.
    #[error("project file operation failed")]
    Store(#[from] StoreError),
}

impl QuestionnaireError {
    /// The problems of an invalid folder or answer file (empty for other errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            QuestionnaireError::Invalid { problems, .. }
            | QuestionnaireError::Answers { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// Where a questionnaire came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "path")]
pub enum Origin {
    /// Built into the binary.
    Embedded,
    /// Read from this folder.
    Directory(PathBuf),
}

/// A section of a loaded questionnaire.
#[derive(Clone, Debug)]
pub struct Section {
    /// The section file, relative to the questionnaire folder.
    pub file: String,
    /// The header.
    pub header: model::SectionHeader,
    /// The questions in asking order.
    pub questions: Vec<Question>,
}

impl Section {
    /// The section id.
    pub fn id(&self) -> &str {
        self.header.id.get_ref()
    }
}

/// A loaded, valid questionnaire. Only the loader creates one, so every reference in
/// it (answer sets, conditions, gates, recommendations) resolves.
#[derive(Clone, Debug)]
pub struct Questionnaire {
    /// Metadata, answer sets, levels, settings.
    pub meta: model::QuestionnaireFile,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Recommendation rules.
    pub recommendations: Vec<model::Recommendation>,
    /// Where it came from.
    pub origin: Origin,
    index: HashMap<String, (usize, usize)>,
}

impl Questionnaire {
    fn new(
        meta: model::QuestionnaireFile,
        sections: Vec<Section>,
        recommendations: Vec<model::Recommendation>,
        origin: Origin,
    ) -> Questionnaire {
        let mut index = HashMap::new();
        for (si, s) in sections.iter().enumerate() {
            for (qi, q) in s.questions.iter().enumerate() {
                index.entry(q.id.get_ref().clone()).or_insert((si, qi));
            }
        }
        Questionnaire {
            meta,
            sections,
            recommendations,
            origin,
            index,
        }
    }

    /// Reads and validates a questionnaire folder.
    ///
    /// # Errors
    /// [`QuestionnaireError::Invalid`] with every problem found, or
    /// [`QuestionnaireError::Read`] when a file cannot be read.
    pub fn load_dir(dir: &Path) -> Result<Questionnaire, QuestionnaireError> {
        loader::load(loader::SourceFiles::read_dir(dir)?)
    }

    /// The id (`kmu-datenreife`).
    pub fn id(&self) -> &str {
        self.meta.id.get_ref()
    }

    /// The version.
    pub fn version(&self) -> &str {
        &self.meta.version
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index
            .get(id)
            .map(|(s, q)| &self.sections[*s].questions[*q])
    }

    /// The section a question belongs to.
    pub fn section_of(&self, id: &str) -> Option<&Section> {
        self.index.get(id).map(|(s, _)| &self.sections[*s])
    }

    /// All questions in asking order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The answer options of a question (its own or its answer set's).
    pub fn options<'a>(&'a self, q: &'a Question) -> &'a [model::AnswerOption] {
        loader::question_options(q, &self.meta.answer_sets).unwrap_or(&[])
    }

    /// The relevance options of a question, if respondents rate its relevance.
    pub fn relevance_options<'a>(&'a self, q: &'a Question) -> &'a [model::AnswerOption] {
        q.relevance
            .as_ref()
            .and_then(|r| self.meta.answer_sets.get(r.get_ref()))
            .map(|s| s.options.as_slice())
            .unwrap_or(&[])
    }

    /// The maturity level of a score (0..100).
    pub fn level(&self, score: f64) -> Option<&model::Level> {
        self.meta.levels.iter().rev().find(|l| score >= l.from)
    }

    /// Maps a question id of an older version to this version: `Some(id)` for a
    /// current id, `None` when the question was removed or never existed.
    pub fn map_id(&self, from_version: &str, id: &str) -> Option<String> {
        let mut history = self.meta.previous_versions.clone();
        history.sort_by(|a, b| loader::compare_versions(&a.version, &b.version));
        let mut id = id.to_owned();
        for pv in history {
            if loader::compare_versions(&pv.version, from_version) == std::cmp::Ordering::Less {
                continue;
            }
            if pv.removed.contains(&id) {
                return None;
            }
            if let Some(new) = pv.renamed.get(&id) {
                id = new.clone();
            }
        }
        self.index.contains_key(&id).then_some(id)
    }

    /// Whether answers stored for `version` can be scored with this questionnaire
    /// (same version, or an older one this version describes).
    pub fn accepts_version(&self, version: &str) -> bool {
        version == self.meta.version
            || self.meta.previous_versions.iter().any(|pv| {
                loader::compare_versions(&pv.version, version) != std::cmp::Ordering::Greater
            }) && loader::compare_versions(version, &self.meta.version)
                == std::cmp::Ordering::Less
    }

    /// Total number of questions.
    pub fn question_count(&self) -> usize {
        self.index.len()
    }
}

/// Every questionnaire available to this installation.
#[derive(Debug, Default)]
pub struct QuestionnaireLibrary {
    /// Valid questionnaires, sorted by id; a user folder's replaces a built-in one
    /// with the same id.
    pub questionnaires: Vec<Questionnaire>,
    /// User folders that could not be loaded, with why; they do not stop the others.
    pub broken: Vec<(PathBuf, QuestionnaireError)>,
}

impl QuestionnaireLibrary {
    /// The built-in questionnaires plus those in `user_dir`, if given. Each direct
    /// subfolder of `user_dir` holding a `questionnaire.toml` is one questionnaire.
    ///
    /// # Errors
    /// Only when `user_dir` itself cannot be listed; a broken questionnaire in it is
    /// recorded in [`QuestionnaireLibrary::broken`].
    pub fn load(user_dir: Option<&Path>) -> Result<QuestionnaireLibrary, QuestionnaireError> {
        let mut library = QuestionnaireLibrary::embedded();
        if let Some(dir) = user_dir {
            let entries = std::fs::read_dir(dir).map_err(|source| QuestionnaireError::Read {
                path: dir.to_owned(),
                source,
            })?;
            let mut folders: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("questionnaire.toml").is_file())
                .collect();
            folders.sort();
            for folder in folders {
                match Questionnaire::load_dir(&folder) {
                    Ok(q) => {
                        library.questionnaires.retain(|e| e.id() != q.id());
                        library.questionnaires.push(q);
                    }
                    Err(e) => library.broken.push((folder, e)),
                }
            }
            library.questionnaires.sort_by(|a, b| a.id().cmp(b.id()));
        }
        Ok(library)
    }

    /// The built-in questionnaires only. A broken built-in questionnaire is recorded
    /// in `broken` (the tests keep that from shipping).
    pub fn embedded() -> QuestionnaireLibrary {
        let mut library = QuestionnaireLibrary::default();
        for dir in EMBEDDED.dirs() {
            if dir
                .get_file(dir.path().join("questionnaire.toml"))
                .is_none()
            {
                continue;
            }
            match loader::load(loader::SourceFiles::embedded(dir)) {
                Ok(q) => library.questionnaires.push(q),
                Err(e) => library
                    .broken
                    .push((PathBuf::from("questionnaires").join(dir.path()), e)),
            }
        }
        library.questionnaires.sort_by(|a, b| a.id().cmp(b.id()));
        library
    }

    /// The built-in questionnaires plus the user folder named by
    /// `DATENREIFE_QUESTIONNAIRES`, if set.
    ///
    /// # Errors
    /// As [`QuestionnaireLibrary::load`].
    pub fn from_env() -> Result<QuestionnaireLibrary, QuestionnaireError> {
        let dir = std::env::var_os(USER_DIR_ENV).map(PathBuf::from);
        QuestionnaireLibrary::load(dir.as_deref())
    }

    /// A questionnaire by id.
    ///
    /// # Errors
    /// [`QuestionnaireError::NotFound`] when no questionnaire has this id.
    pub fn get(&self, id: &str) -> Result<&Questionnaire, QuestionnaireError> {
        self.questionnaires
            .iter()
            .find(|q| q.id() == id)
            .ok_or_else(|| QuestionnaireError::NotFound(id.to_owned()))
    }
}

/// Saves the answers of an answer sheet into the project, as one assessment.
/// Answers of the same respondent to the same question are replaced, so importing a
/// corrected sheet again is safe. Returns the assessment's id.
///
/// # Errors
/// [`QuestionnaireError::AssessmentTaken`] when the label holds answers to another
/// questionnaire or version, and store failures.
pub async fn save_answers(
    project: &Project,
    questionnaire: &Questionnaire,
    sheet: &AnswerSheet,
) -> Result<i64, QuestionnaireError> {
    let existing = crate::store::questionnaire::list_assessments(project).await?;
    if let Some(a) = existing.iter().find(|a| a.label == sheet.assessment)
        && (a.questionnaire_id != questionnaire.id()
            || a.questionnaire_version != questionnaire.version())
    {
        return Err(QuestionnaireError::AssessmentTaken {
            label: a.label.clone(),
            questionnaire: a.questionnaire_id.clone(),
            version: a.questionnaire_version.clone(),
        });
    }
    Ok(crate::store::questionnaire::save_sheet(project, questionnaire.version(), sheet).await?)
}

/// Scores every company of an assessment stored in the project and, for two or more
/// companies, computes the group benchmark. `label` picks the assessment; `None`
/// takes the most recent one. Companies without their own profile use the project's
/// company profile.
///
/// # Errors
/// [`QuestionnaireError::NoAssessment`], [`QuestionnaireError::NotFound`] when the
/// questionnaire is not available, [`QuestionnaireError::VersionMismatch`] when the
/// stored version cannot be mapped, and store failures.
pub async fn assessment_result(
    project: &Project,
    library: &QuestionnaireLibrary,
    label: Option<&str>,
) -> Result<WorkshopResult, QuestionnaireError> {
    let stored = crate::store::questionnaire::load_assessment(project, label)
        .await?
        .ok_or_else(|| QuestionnaireError::NoAssessment(label.unwrap_or("").to_owned()))?;
    let questionnaire = library.get(&stored.questionnaire_id)?;
    if !questionnaire.accepts_version(&stored.questionnaire_version) {
        return Err(QuestionnaireError::VersionMismatch {
            questionnaire: stored.questionnaire_id.clone(),
            stored: stored.questionnaire_version.clone(),
            available: questionnaire.version().to_owned(),
        });
    }
    let project_profile = project.company_profile().await?;
    let companies: Vec<(crate::company::CompanyProfile, CompanyAnswers)> = stored
        .companies
        .into_iter()
        .map(|c| {
            let profile = c.profile.clone().unwrap_or_else(|| project_profile.clone());
            (
                profile,
                answers::migrate(questionnaire, &stored.questionnaire_version, c),
            )
        })
        .collect();
    Ok(workshop::evaluate_workshop(
        questionnaire,
        &stored.label,
        &companies,
    ))
}
