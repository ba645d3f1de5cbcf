//! `datenreife questionnaire`: list, check, answer, result, template.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand};

use super::Failure;
use crate::i18n::{Lang, t, tf};
use crate::questionnaire::answers::{AnswerFormat, SheetDefaults, csv_template};
use crate::questionnaire::engine::{ExclusionReason, QuestionnaireResult};
use crate::questionnaire::{
    AnswerSheet, Questionnaire, QuestionnaireError, QuestionnaireLibrary, WorkshopResult,
    assessment_result, save_answers,
};
use crate::store::Project;

/// The `questionnaire` subcommands.
#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// List the available questionnaires (built in and from the user folder).
    List {
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Check a questionnaire folder (or a folder of questionnaire folders); every
    /// problem is printed with file, line and question id. Exit 1 on problems.
    Check {
        /// The folder.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Import answers (TOML or CSV) into a project and print the results.
    Answer {
        /// The project file (created if missing).
        #[arg(long, short = 'p', value_name = "FILE")]
        project: PathBuf,
        /// The answer file: `.toml`, or `.csv` with the columns company, respondent,
        /// role, question, answer, relevance, evidence, note.
        #[arg(long, short = 'a', value_name = "FILE")]
        answers: PathBuf,
        /// Questionnaire id (needed for CSV; overrides nothing in TOML).
        #[arg(long, short = 'q', value_name = "ID")]
        questionnaire: Option<String>,
        /// Assessment label (default: from the file, else the questionnaire title).
        #[arg(long, value_name = "LABEL")]
        assessment: Option<String>,
        /// When the answers were given (RFC 3339; default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Print the results as one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Print the results of an assessment in a project.
    Result {
        /// The project file.
        #[arg(long, short = 'p', value_name = "FILE")]
        project: PathBuf,
        /// Assessment label (default: the most recent).
        #[arg(long, value_name = "LABEL")]
        assessment: Option<String>,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// List the assessments of a project.
    Assessments {
        /// The project file.
        #[arg(long, short = 'p', value_name = "FILE")]
        project: PathBuf,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Write a CSV answer sheet for a questionnaire, to fill in a spreadsheet.
    Template {
        /// Questionnaire id.
        #[arg(value_name = "ID")]
        id: String,
        /// Write to this file instead of stdout.
        #[arg(long, short = 'o', value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

/// Arguments of `datenreife questionnaire`.
#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    /// Folder with additional or replacing questionnaires (one subfolder each).
    #[arg(long, global = true, value_name = "DIR", env = crate::questionnaire::USER_DIR_ENV)]
    pub questionnaires: Option<PathBuf>,
    /// The subcommand.
    #[command(subcommand)]
    pub command: QuestionnaireCommand,
}

fn out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    out(&s)
}

fn library(args_dir: Option<&Path>, lang: Lang) -> Result<QuestionnaireLibrary, Failure> {
    let library = QuestionnaireLibrary::load(args_dir)?;
    for (path, e) in &library.broken {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "{}",
                tf(
                    lang,
                    "questionnaire.broken_user",
                    &[
                        ("path", &path.display().to_string()),
                        ("error", &e.to_string())
                    ]
                )
            );
        }
    }
    Ok(library)
}

pub(super) async fn run(args: QuestionnaireArgs, lang: Lang) -> Result<(), Failure> {
    let dir = args.questionnaires.as_deref();
    match args.command {
        QuestionnaireCommand::List { json: as_json } => list(&library(dir, lang)?, lang, as_json),
        QuestionnaireCommand::Check { dir } => check(&dir, lang),
        QuestionnaireCommand::Template { id, out: path } => {
            let library = library(dir, lang)?;
            let q = library.get(&id)?;
            let text = csv_template(q, lang);
            match path {
                Some(p) => std::fs::write(&p, text)
                    .with_context(|| format!("cannot write `{}`", p.display()))?,
                None => out(&text)?,
            }
            Ok(())
        }
        QuestionnaireCommand::Answer {
            project,
            answers,
            questionnaire,
            assessment,
            at,
            json: as_json,
        } => {
            let library = library(dir, lang)?;
            let content = std::fs::read(&answers)
                .with_context(|| format!("cannot read `{}`", answers.display()))?;
            let content = String::from_utf8(content).map_err(|_| {
                anyhow::anyhow!(
                    "`{}` is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
                    answers.display()
                )
            })?;
            let answered_at = match at {
                Some(at) => chrono::DateTime::parse_from_rfc3339(&at)
                    .map_err(|_| {
                        Failure::Usage(tf(lang, "questionnaire.bad_time", &[("value", &at)]))
                    })?
                    .to_rfc3339(),
                None => chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            };
            let project = Project::open(&project)
                .await
                .with_context(|| format!("cannot open project file `{}`", project.display()))?;
            let profile = project.company_profile().await?;
            let file_name = answers.display().to_string();
            let defaults = SheetDefaults {
                questionnaire,
                assessment,
                company: if profile.name.trim().is_empty() {
                    t(lang, "questionnaire.own_company")
                } else {
                    profile.name.clone()
                },
                answered_at,
            };
            let sheet = match AnswerSheet::parse(
                &library,
                &file_name,
                &content,
                AnswerFormat::from_file_name(&file_name),
                &defaults,
            ) {
                Ok(s) => s,
                Err(e) => {
                    project.close().await;
                    return Err(problems_failure(e, lang));
                }
            };
            let q = library.get(&sheet.questionnaire)?;
            save_answers(&project, q, &sheet)
                .await
                .context("cannot save the answers")?;
            let result = assessment_result(&project, &library, Some(&sheet.assessment)).await?;
            project.close().await;
            print_result(&result, lang, as_json)
        }
        QuestionnaireCommand::Result {
            project,
            assessment,
            json: as_json,
        } => {
            let library = library(dir, lang)?;
            let project = Project::open_existing(&project)
                .await
                .with_context(|| format!("cannot open project file `{}`", project.display()))?;
            let result = assessment_result(&project, &library, assessment.as_deref()).await;
            project.close().await;
            print_result(&result?, lang, as_json)
        }
        QuestionnaireCommand::Assessments {
            project,
            json: as_json,
        } => {
            let project = Project::open_existing(&project)
                .await
                .with_context(|| format!("cannot open project file `{}`", project.display()))?;
            let list = crate::store::questionnaire::list_assessments(&project).await;
            project.close().await;
            let list = list?;
            if as_json {
                return json(&list);
            }
            let mut text = String::new();
            for a in &list {
                text.push_str(&tf(
                    lang,
                    "questionnaire.assessment_line",
                    &[
                        ("label", &a.label),
                        ("id", &a.questionnaire_id),
                        ("version", &a.questionnaire_version),
                        ("date", &a.created_at),
                        ("companies", &a.companies.to_string()),
                        ("respondents", &a.respondents.to_string()),
                        ("answers", &a.answers.to_string()),
                    ],
                ));
                text.push('\n');
            }
            if list.is_empty() {
                text = t(lang, "questionnaire.no_assessments") + "\n";
            }
            out(&text)
        }
    }
}

fn problems_failure(e: QuestionnaireError, lang: Lang) -> Failure {
    let problems = e.problems();
    if problems.is_empty() {
        return Failure::Work(e.into());
    }
    let mut text = String::new();
    for p in problems {
        text.push_str(&p.to_string());
        text.push('\n');
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Failure::Work(anyhow::anyhow!(tf(
        lang,
        "questionnaire.problems",
        &[("count", &problems.len().to_string())]
    )))
}

fn list(library: &QuestionnaireLibrary, lang: Lang, as_json: bool) -> Result<(), Failure> {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        id: &'a str,
        version: &'a str,
        title: &'a crate::questionnaire::Text,
        description: &'a crate::questionnaire::Text,
        sections: usize,
        questions: usize,
        minutes: [u32; 2],
        licence: &'a str,
        origin: &'a crate::questionnaire::Origin,
    }
    let entries: Vec<Entry<'_>> = library
        .questionnaires
        .iter()
        .map(|q| Entry {
            id: q.id(),
            version: q.version(),
            title: &q.meta.title,
            description: &q.meta.description,
            sections: q.sections.len(),
            questions: q.question_count(),
            minutes: [q.meta.duration.min, q.meta.duration.max],
            licence: &q.meta.licence,
            origin: &q.origin,
        })
        .collect();
    if as_json {
        return json(&entries);
    }
    let mut text = String::new();
    for e in &entries {
        text.push_str(&tf(
            lang,
            "questionnaire.list_line",
            &[
                ("id", e.id),
                ("version", e.version),
                ("title", e.title.get(lang)),
                ("sections", &e.sections.to_string()),
                ("questions", &e.questions.to_string()),
                ("min", &e.minutes[0].to_string()),
                ("max", &e.minutes[1].to_string()),
            ],
        ));
        text.push('\n');
    }
    out(&text)
}

fn check(dir: &Path, lang: Lang) -> Result<(), Failure> {
    let folders: Vec<PathBuf> = if dir.join("questionnaire.toml").is_file() {
        vec![dir.to_owned()]
    } else {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read `{}`", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("questionnaire.toml").is_file())
            .collect();
        v.sort();
        if v.is_empty() {
            return Err(Failure::Work(anyhow::anyhow!(tf(
                lang,
                "questionnaire.no_questionnaire",
                &[("path", &dir.display().to_string())]
            ))));
        }
        v
    };
    let mut text = String::new();
    let mut count = 0;
    for folder in folders {
        match Questionnaire::load_dir(&folder) {
            Ok(q) => {
                text.push_str(&tf(
                    lang,
                    "questionnaire.check_ok",
                    &[
                        ("path", &folder.display().to_string()),
                        ("id", q.id()),
                        ("version", q.version()),
                        ("sections", &q.sections.len().to_string()),
                        ("questions", &q.question_count().to_string()),
                        ("recommendations", &q.recommendations.len().to_string()),
                    ],
                ));
                text.push('\n');
            }
            Err(e) if !e.problems().is_empty() => {
                for p in e.problems() {
                    text.push_str(&format!("{}/{p}\n", folder.display()));
                    count += 1;
                }
            }
            Err(e) => return Err(Failure::Work(e.into())),
        }
    }
    out(&text)?;
    if count > 0 {
        return Err(Failure::Work(anyhow::anyhow!(tf(
            lang,
            "questionnaire.problems",
            &[("count", &count.to_string())]
        ))));
    }
    Ok(())
}

fn pct(lang: Lang, v: f64) -> String {
    format!("{} %", lang.number(v * 100.0, 0))
}

fn score_text(lang: Lang, s: Option<f64>) -> String {
    s.map_or_else(|| "–".to_owned(), |s| lang.number(s, 1))
}

fn print_result(result: &WorkshopResult, lang: Lang, as_json: bool) -> Result<(), Failure> {
    if as_json {
        return json(result);
    }
    let mut text = String::new();
    text.push_str(&format!(
        "{} ({} {}) – {}\n",
        result.questionnaire.title.get(lang),
        result.questionnaire.id,
        result.questionnaire.version,
        result.assessment
    ));
    for company in &result.companies {
        company_text(company, lang, &mut text);
    }
    if let Some(b) = &result.benchmark {
        text.push_str(&format!(
            "\n{}\n",
            tf(
                lang,
                "questionnaire.benchmark_title",
                &[
                    ("companies", &b.companies.to_string()),
                    ("min", &b.min_group_size.to_string())
                ]
            )
        ));
        for s in &b.sections {
            let line = if s.stat.withheld {
                tf(
                    lang,
                    "questionnaire.benchmark_withheld",
                    &[("companies", &s.stat.companies.to_string())],
                )
            } else {
                tf(
                    lang,
                    "questionnaire.benchmark_line",
                    &[
                        ("q1", &score_text(lang, s.stat.q1)),
                        ("median", &score_text(lang, s.stat.median)),
                        ("q3", &score_text(lang, s.stat.q3)),
                        ("companies", &s.stat.companies.to_string()),
                    ],
                )
            };
            text.push_str(&format!(
                "  {:<6} {:<40} {}\n",
                s.section,
                s.title.get(lang),
                line
            ));
        }
    }
    out(&text)
}

fn company_text(r: &QuestionnaireResult, lang: Lang, text: &mut String) {
    text.push_str(&format!(
        "\n== {} ({}) ==\n",
        r.company,
        r.respondents.join(", ")
    ));
    let level = r
        .overall
        .level
        .as_ref()
        .map_or(String::new(), |l| format!(" – {}", l.label.get(lang)));
    text.push_str(&tf(
        lang,
        "questionnaire.overall",
        &[
            ("score", &score_text(lang, r.overall.score)),
            ("level", &level),
            ("coverage", &pct(lang, r.overall.coverage)),
            ("confidence", &pct(lang, r.overall.confidence)),
        ],
    ));
    text.push('\n');
    for s in &r.sections {
        let note = match s.summary.no_score {
            Some(crate::questionnaire::engine::NoScore::TooFewAnswers) => {
                t(lang, "questionnaire.too_few")
            }
            Some(crate::questionnaire::engine::NoScore::NotApplicable) => {
                t(lang, "questionnaire.not_applicable")
            }
            None => String::new(),
        };
        text.push_str(&format!(
            "  {:<6} {:<40} {:>6}  {} {:>5}  {} {:>5}  {}\n",
            s.id,
            s.title.get(lang),
            score_text(lang, s.summary.score),
            t(lang, "questionnaire.coverage"),
            pct(lang, s.summary.coverage),
            t(lang, "questionnaire.confidence"),
            pct(lang, s.summary.confidence),
            note
        ));
    }
    let count = |reason: ExclusionReason| {
        r.exclusions
            .iter()
            .filter(|e| e.reason == reason)
            .count()
            .to_string()
    };
    text.push_str(&tf(
        lang,
        "questionnaire.exclusions",
        &[
            ("unknown", &count(ExclusionReason::Unknown)),
            ("na", &count(ExclusionReason::NotApplicable)),
            ("condition", &count(ExclusionReason::Condition)),
            ("gate", &count(ExclusionReason::Gate)),
            ("unanswered", &count(ExclusionReason::Unanswered)),
        ],
    ));
    text.push('\n');
    let unknown: Vec<&str> = r
        .exclusions
        .iter()
        .filter(|e| e.reason == ExclusionReason::Unknown)
        .map(|e| e.question.as_str())
        .collect();
    if !unknown.is_empty() {
        text.push_str(&format!(
            "  {}: {}\n",
            t(lang, "questionnaire.unknown_list"),
            unknown.join(", ")
        ));
    }
    if !r.gaps.is_empty() {
        text.push_str(&format!("{}\n", t(lang, "questionnaire.gaps")));
        for g in r.gaps.iter().take(10) {
            text.push_str(&format!(
                "  {:<8} {:>5}  {}\n",
                g.question,
                lang.number(g.priority, 2),
                g.text.get(lang)
            ));
        }
    }
    if !r.recommendations.is_empty() {
        text.push_str(&format!("{}\n", t(lang, "questionnaire.recommendations")));
        for rec in &r.recommendations {
            let effort = t(
                lang,
                &format!("questionnaire.effort_{}", serde_plain(&rec.effort)),
            );
            let horizon = t(
                lang,
                &format!("questionnaire.horizon_{}", serde_plain(&rec.horizon)),
            );
            text.push_str(&format!(
                "  [{}] {} ({}, {})\n",
                lang.number(rec.priority, 2),
                rec.title.get(lang),
                effort,
                horizon
            ));
        }
    }
    if !r.disagreements.is_empty() {
        text.push_str(&format!("{}\n", t(lang, "questionnaire.disagreements")));
        for d in &r.disagreements {
            let answers: Vec<String> = d
                .answers
                .iter()
                .map(|a| format!("{}: {}", a.respondent, a.answer))
                .collect();
            text.push_str(&format!("  {:<8} {}\n", d.question, answers.join("; ")));
        }
    }
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
