//! Questionnaires: the shipped ones, scripted answer sets with exact results,
//! broken files, a user-folder questionnaire and the CLI.

use std::path::Path;

use assert_cmd::Command;
use datenreife::company::{CompanyProfile, RiskClass};
use datenreife::questionnaire::answers::{AnswerFormat, SheetDefaults};
use datenreife::questionnaire::engine::{
    DisagreementKind, ExclusionReason, GroupPosition, NoScore, QuestionnaireResult,
};
use datenreife::questionnaire::workshop::evaluate_workshop;
use datenreife::questionnaire::{
    Answer, AnswerSheet, AnswerValue, CompanyAnswers, QuestionKind, Questionnaire,
    QuestionnaireLibrary, RespondentAnswers, evaluate,
};

fn library() -> QuestionnaireLibrary {
    let lib = QuestionnaireLibrary::embedded();
    assert!(lib.broken.is_empty(), "{:?}", lib.broken);
    lib
}

/// The best (`best = true`) or worst answer to every question, text questions left out.
fn scripted(q: &Questionnaire, best: bool, evidence: bool) -> Vec<Answer> {
    let mut out = Vec::new();
    for question in q.questions() {
        let options = q.options(question);
        let target = if best { 1.0 } else { 0.0 };
        let value = match question.kind {
            QuestionKind::Text => continue,
            QuestionKind::Number => {
                let bands = &question.number.as_ref().unwrap().bands;
                let band = if best { bands.last() } else { bands.first() };
                AnswerValue::Number(band.unwrap().from)
            }
            QuestionKind::Multi => AnswerValue::Choices(
                options
                    .iter()
                    .filter(|o| {
                        o.score
                            .is_some_and(|s| if best { s > 0.0 } else { s == 0.0 })
                    })
                    .map(|o| o.id.get_ref().clone())
                    .collect(),
            ),
            _ => AnswerValue::Choice(
                options
                    .iter()
                    .find(|o| o.score == Some(target))
                    .map(|o| o.id.get_ref().clone())
                    .unwrap(),
            ),
        };
        out.push(Answer {
            question: question.id.get_ref().clone(),
            value,
            relevance: None,
            evidence: evidence.then(|| "Nachweis".to_owned()),
            note: None,
        });
    }
    out
}

fn company(name: &str, respondents: Vec<(&str, Vec<Answer>)>) -> CompanyAnswers {
    CompanyAnswers {
        name: name.into(),
        profile: None,
        respondents: respondents
            .into_iter()
            .map(|(n, answers)| RespondentAnswers {
                name: n.into(),
                role: None,
                answers,
            })
            .collect(),
    }
}

/// Replaces (or adds) answers by question id.
fn set(answers: &mut Vec<Answer>, changes: &[(&str, AnswerValue, Option<&str>)]) {
    for (id, value, relevance) in changes {
        answers.retain(|a| a.question != *id);
        answers.push(Answer {
            question: (*id).into(),
            value: value.clone(),
            relevance: relevance.map(str::to_owned),
            evidence: None,
            note: None,
        });
    }
}

fn choice(s: &str) -> AnswerValue {
    AnswerValue::Choice(s.into())
}

fn score(r: &QuestionnaireResult, section: &str) -> Option<f64> {
    r.section(section).unwrap().summary.score
}

fn rec_ids(r: &QuestionnaireResult) -> Vec<&str> {
    r.recommendations.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn shipped_questionnaires_pass_check_and_are_big_enough() {
    let lib = library();
    let ids: Vec<&str> = lib.questionnaires.iter().map(|q| q.id()).collect();
    assert_eq!(ids, ["kmu-datenreife", "medtech-datenzugang"]);
    for q in &lib.questionnaires {
        let scored = q
            .questions()
            .filter(|x| x.kind != QuestionKind::Text)
            .count();
        assert!(scored >= 35, "{}: {scored} questions", q.id());
        assert!(q.meta.duration.min >= 30 && q.meta.duration.max <= 45);
        let minutes: u32 = q.sections.iter().map(|s| s.header.time_box_minutes).sum();
        assert!((30..=45).contains(&minutes), "{}: {minutes} min", q.id());
        // Folder check through the CLI as well.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("questionnaires")
            .join(q.id());
        Command::cargo_bin("datenreife")
            .unwrap()
            .args(["--lang", "en", "questionnaire", "check"])
            .arg(&dir)
            .assert()
            .success()
            .stdout(predicates::str::contains(format!("OK {}", dir.display())));
    }
}

fn kmu_mixed() -> Vec<Answer> {
    let lib = library();
    let q = lib.get("kmu-datenreife").unwrap();
    let mut answers: Vec<Answer> = scripted(q, true, false)
        .into_iter()
        .filter(|a| !a.question.starts_with("INV.") && !a.question.starts_with("DQ."))
        .collect();
    set(
        &mut answers,
        &[
            ("INV.01", choice("partly"), None),
            ("INV.02", choice("most"), None),
            ("INV.03", AnswerValue::Unknown, None),
            ("INV.04", choice("some"), None),
            ("INV.05", AnswerValue::NotApplicable, None),
            ("INV.06", choice("agree"), None),
            (
                "INV.07",
                AnswerValue::Text("Kundendaten im CRM".into()),
                None,
            ),
            ("DQ.01", AnswerValue::Unknown, None),
            ("DQ.02", AnswerValue::Unknown, None),
            ("DQ.03", choice("defined"), None),
            ("DQ.04", choice("adhoc"), Some("low")),
            ("DQ.05", choice("adhoc"), None),
            (
                "DQ.06",
                AnswerValue::Choices(vec!["entry_checks".into(), "glossary".into()]),
                None,
            ),
        ],
    );
    answers
}

#[test]
fn kmu_all_best_all_worst_and_mixed() {
    let lib = library();
    let q = lib.get("kmu-datenreife").unwrap();
    let profile = CompanyProfile::default();

    // All best, with evidence: full marks, full confidence, nothing to do.
    let best = evaluate(
        q,
        &profile,
        &company("A", vec![("GF", scripted(q, true, true))]),
    );
    assert_eq!(best.overall.score, Some(100.0));
    assert_eq!(best.overall.level.as_ref().unwrap().id, "L4");
    assert_eq!((best.overall.coverage, best.overall.confidence), (1.0, 1.0));
    assert!(best.sections.iter().all(|s| s.summary.score == Some(100.0)));
    assert!(best.exclusions.is_empty() && best.gaps.is_empty());
    assert!(best.recommendations.is_empty(), "{:?}", rec_ids(&best));

    // All worst, no evidence: closed gates count as 0 (INV) or not applicable (RE).
    let worst = evaluate(
        q,
        &profile,
        &company("B", vec![("GF", scripted(q, false, false))]),
    );
    assert_eq!(worst.overall.score, Some(0.0));
    assert_eq!(worst.overall.level.as_ref().unwrap().id, "L1");
    assert_eq!(
        (worst.overall.coverage, worst.overall.confidence),
        (1.0, 0.6)
    );
    assert!(worst.question("INV.02").unwrap().gated);
    assert_eq!(worst.question("INV.02").unwrap().score, Some(0.0));
    let excluded: Vec<(&str, ExclusionReason)> = worst
        .exclusions
        .iter()
        .map(|e| (e.question.as_str(), e.reason))
        .collect();
    assert_eq!(
        excluded,
        [
            ("RE.02", ExclusionReason::Gate),
            ("RE.03", ExclusionReason::Gate),
            ("RE.04", ExclusionReason::Gate)
        ]
    );
    let mut ids = rec_ids(&worst);
    ids.sort();
    assert_eq!(
        ids,
        [
            "REC-DQ-01",
            "REC-DQ-02",
            "REC-INV-01",
            "REC-INV-02",
            "REC-INV-03",
            "REC-IT-01",
            "REC-IT-02",
            "REC-KO-01",
            "REC-KO-02",
            "REC-RE-02",
            "REC-RE-03",
            "REC-ST-01",
            "REC-SU-01",
            "REC-SU-02",
            "REC-TE-01",
            "REC-TE-02"
        ]
    );
    assert!(worst.recommendations.iter().all(|r| r.priority == 1.0));

    // Mixed with don't know and n/a.
    let mixed = evaluate(q, &profile, &company("C", vec![("GF", kmu_mixed())]));
    let inv = mixed.section("INV").unwrap();
    assert_eq!(inv.summary.score, Some(57.5));
    assert_eq!(inv.summary.level.as_ref().unwrap().id, "L3");
    assert_eq!((inv.summary.coverage, inv.summary.confidence), (0.85, 0.51));
    let dq = mixed.section("DQ").unwrap();
    assert_eq!(dq.summary.score, None, "coverage 4/7 is below 0.7");
    assert_eq!(dq.summary.no_score, Some(NoScore::TooFewAnswers));
    assert_eq!((dq.summary.coverage, dq.summary.confidence), (0.57, 0.34));
    for s in ["RE", "IT", "ST", "KO", "SU", "TE"] {
        assert_eq!(score(&mixed, s), Some(100.0), "{s}");
    }
    assert_eq!(mixed.overall.score, Some(92.5));
    assert_eq!(
        (mixed.overall.coverage, mixed.overall.confidence),
        (0.91, 0.55)
    );
    let excluded: Vec<(&str, ExclusionReason)> = mixed
        .exclusions
        .iter()
        .map(|e| (e.question.as_str(), e.reason))
        .collect();
    assert_eq!(
        excluded,
        [
            ("INV.03", ExclusionReason::Unknown),
            ("INV.05", ExclusionReason::NotApplicable),
            ("DQ.01", ExclusionReason::Unknown),
            ("DQ.02", ExclusionReason::Unknown),
        ]
    );
    let gaps: Vec<(&str, f64)> = mixed
        .gaps
        .iter()
        .map(|g| (g.question.as_str(), g.priority))
        .collect();
    assert_eq!(
        gaps,
        [
            ("INV.04", 0.67),
            ("DQ.05", 0.67),
            ("INV.01", 0.5),
            ("DQ.06", 0.5),
            ("INV.02", 0.33),
            ("DQ.03", 0.33),
            ("DQ.04", 0.221),
        ]
    );
    assert_eq!(mixed.gaps[0].recommendations, ["REC-INV-02"]);
    assert_eq!(rec_ids(&mixed), ["REC-INV-02", "REC-DQ-02", "REC-GEN-01"]);
    assert_eq!(mixed.recommendations[2].priority, 0.5);
    assert_eq!(mixed.free_text.len(), 1);
    assert_eq!(mixed.free_text[0].question, "INV.07");
}

#[test]
fn two_disagreeing_respondents_are_flagged() {
    let lib = library();
    let q = lib.get("kmu-datenreife").unwrap();
    let a = scripted(q, true, false);
    let mut b = a.clone();
    set(
        &mut b,
        &[
            ("INV.04", choice("none"), None),
            ("DQ.03", choice("defined"), None),
            ("IT.03", AnswerValue::Unknown, None),
            ("SU.05", choice("rather_disagree"), None),
        ],
    );
    let r = evaluate(
        q,
        &CompanyProfile::default(),
        &company("D", vec![("Geschäftsführung", a), ("IT-Leitung", b)]),
    );
    assert_eq!(score(&r, "INV"), Some(90.0));
    assert_eq!(r.section("INV").unwrap().agreement, 0.83);
    assert_eq!(score(&r, "DQ"), Some(97.6));
    assert_eq!(score(&r, "IT"), Some(100.0));
    assert_eq!(score(&r, "SU"), Some(93.8));
    assert_eq!(r.overall.score, Some(97.2));
    let flagged: Vec<(&str, DisagreementKind, Option<f64>)> = r
        .disagreements
        .iter()
        .map(|d| (d.question.as_str(), d.kind, d.spread))
        .collect();
    assert_eq!(
        flagged,
        [
            ("INV.04", DisagreementKind::Spread, Some(1.0)),
            ("IT.03", DisagreementKind::PartlyUnknown, None),
            ("SU.05", DisagreementKind::Spread, Some(0.75)),
        ]
    );
    assert_eq!(r.disagreements[1].answers[1].answer, "unknown");
    assert_eq!(r.question("DQ.03").unwrap().spread, Some(0.33));
    let by: Vec<(&str, Option<f64>)> = r.respondent_scores[1]
        .sections
        .iter()
        .map(|(s, v)| (s.as_str(), *v))
        .collect();
    assert_eq!(
        by,
        [
            ("INV", Some(80.0)),
            ("DQ", Some(95.3)),
            ("RE", Some(100.0)),
            ("IT", Some(100.0)),
            ("ST", Some(100.0)),
            ("KO", Some(100.0)),
            ("SU", Some(87.5)),
            ("TE", Some(100.0)),
        ]
    );
    assert_eq!(r.respondent_scores[0].overall, Some(100.0));
    assert_eq!(rec_ids(&r), ["REC-GEN-01", "REC-INV-02"]);
}

#[test]
fn workshop_benchmark_uses_quartiles_and_withholds_small_groups() {
    let lib = library();
    let q = lib.get("kmu-datenreife").unwrap();
    let p = CompanyProfile::default();
    let companies = vec![
        (
            p.clone(),
            company("Alpha GmbH", vec![("GF", scripted(q, true, false))]),
        ),
        (
            p.clone(),
            company("Beta KG", vec![("GF", scripted(q, false, false))]),
        ),
        (p.clone(), company("Gamma AG", vec![("GF", kmu_mixed())])),
    ];
    let w = evaluate_workshop(q, "Workshop Leipzig", &companies);
    let b = w.benchmark.as_ref().unwrap();
    assert_eq!((b.companies, b.min_group_size), (3, 3));
    let inv = b.sections.iter().find(|s| s.section == "INV").unwrap();
    assert_eq!(
        (inv.stat.q1, inv.stat.median, inv.stat.q3),
        (Some(28.8), Some(57.5), Some(78.8))
    );
    let dq = b.sections.iter().find(|s| s.section == "DQ").unwrap();
    assert!(dq.stat.withheld, "only two companies have a DQ score");
    assert_eq!((dq.stat.companies, dq.stat.median), (2, None));
    let re = b.sections.iter().find(|s| s.section == "RE").unwrap();
    assert_eq!(
        (re.stat.q1, re.stat.median, re.stat.q3),
        (Some(50.0), Some(100.0), Some(100.0))
    );
    assert_eq!(
        (b.overall.q1, b.overall.median, b.overall.q3),
        (Some(46.3), Some(92.5), Some(96.3))
    );
    let gamma = &w.companies[2];
    assert!(
        gamma
            .group_position
            .contains(&("INV".to_owned(), GroupPosition::Middle))
    );
    assert!(
        w.companies[1]
            .group_position
            .contains(&("INV".to_owned(), GroupPosition::BelowQ1))
    );
    // The benchmark never names a company or carries answers.
    let json = serde_json::to_string(b).unwrap();
    for name in ["Alpha", "Beta", "Gamma", "INV.0"] {
        assert!(!json.contains(name), "{name} leaks into {json}");
    }
}

#[test]
fn medtech_conditions_on_the_profile_and_gates() {
    let lib = library();
    let q = lib.get("medtech-datenzugang").unwrap();
    let ai_iib = CompanyProfile {
        uses_ai: true,
        risk_class: Some(RiskClass::MdrIib),
        ..Default::default()
    };
    let best = evaluate(
        q,
        &ai_iib,
        &company("KI GmbH", vec![("CTO", scripted(q, true, true))]),
    );
    assert_eq!(best.overall.score, Some(100.0));
    assert!(best.exclusions.is_empty(), "{:?}", best.exclusions);
    assert!(best.recommendations.is_empty(), "{:?}", rec_ids(&best));

    let plain = CompanyProfile {
        uses_ai: false,
        risk_class: Some(RiskClass::MdrIia),
        ..Default::default()
    };
    let worst = evaluate(
        q,
        &plain,
        &company("Geräte GmbH", vec![("CTO", scripted(q, false, false))]),
    );
    assert_eq!(worst.overall.score, Some(0.0));
    let excluded: Vec<(&str, ExclusionReason)> = worst
        .exclusions
        .iter()
        .map(|e| (e.question.as_str(), e.reason))
        .collect();
    assert_eq!(
        excluded,
        [
            ("PR.03", ExclusionReason::Condition),
            ("EV.02", ExclusionReason::Condition),
            ("PP.02", ExclusionReason::Gate),
            ("PP.03", ExclusionReason::Gate),
            ("PP.04", ExclusionReason::Condition),
            ("LC.02", ExclusionReason::Condition),
            ("LC.03", ExclusionReason::Condition),
        ]
    );
    let ids = rec_ids(&worst);
    for expected in [
        "REC-PA-01",
        "REC-BU-01",
        "REC-RG-02",
        "REC-IO-01",
        "REC-LC-01",
    ] {
        assert!(ids.contains(&expected), "{expected} missing in {ids:?}");
    }
    for absent in [
        "REC-PR-02",
        "REC-EV-01",
        "REC-PP-01",
        "REC-PP-02",
        "REC-GEN-01",
    ] {
        assert!(!ids.contains(&absent), "{absent} must not apply: {ids:?}");
    }
}

/// A small valid questionnaire folder for broken-file and user-folder tests.
fn write_fixture(dir: &Path, id: &str) {
    std::fs::create_dir_all(dir.join("sections")).unwrap();
    std::fs::write(
        dir.join("questionnaire.toml"),
        format!(
            r#"format = "datenreife-questionnaire/1"
id = "{id}"
version = "2.0"
title = {{ de = "Prüfkatalog", en = "Test questionnaire" }}
description = {{ de = "Nur für Tests", en = "For tests only" }}
languages = ["de", "en"]
licence = "CC0-1.0"
authors = ["Test"]
duration = {{ min = 5, max = 10 }}

[[level]]
id = "L1"
from = 0
label = {{ de = "Niedrig", en = "Low" }}

[[level]]
id = "L2"
from = 50
label = {{ de = "Hoch", en = "High" }}

[answer_sets.yn]
options = [
  {{ id = "yes", score = 1.0, label = {{ de = "Ja", en = "Yes" }} }},
  {{ id = "no", score = 0.0, label = {{ de = "Nein", en = "No" }} }},
  {{ id = "unknown", unknown = true, label = {{ de = "Weiß nicht", en = "Don't know" }} }},
]

[[previous_version]]
version = "1.0"
renamed = {{ "AA.9" = "AA.02" }}
removed = ["AA.8"]
"#
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("sections/10-a.toml"),
        r#"[section]
id = "AA"
order = 10
title = { de = "Abschnitt", en = "Section" }
time_box_minutes = 7

[[question]]
id = "AA.01"
kind = "single"
answer_set = "yn"
text = { de = "Erste Frage?", en = "First question?" }

[[question]]
id = "AA.02"
kind = "single"
answer_set = "yn"
text = { de = "Zweite Frage?", en = "Second question?" }
show_if = { q = "AA.01", any_of = ["yes"] }
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("recommendations.toml"),
        r#"[[recommendation]]
id = "R1"
when = { q = "AA.01", any_of = ["no"] }
title = { de = "Machen", en = "Do it" }
body = { de = "Einfach machen.", en = "Just do it." }
effort = "small"
horizon = "short"
"#,
    )
    .unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn broken_files_give_one_clear_error_each() {
    // (case, file, text to replace, replacement, line, question, message)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        usize,
        Option<&'a str>,
        &'a str,
    );
    let cases: &[Case<'_>] = &[
        (
            "unknown answer set",
            "sections/10-a.toml",
            "answer_set = \"yn\"\ntext = { de = \"Zweite",
            "answer_set = \"yesno\"\ntext = { de = \"Zweite",
            16,
            Some("AA.02"),
            "unknown answer set `yesno`",
        ),
        (
            "duplicate id",
            "sections/10-a.toml",
            "id = \"AA.02\"",
            "id = \"AA.01\"",
            14,
            Some("AA.01"),
            "duplicate question id (first defined at sections/10-a.toml:8)",
        ),
        (
            "condition on a missing question",
            "sections/10-a.toml",
            "q = \"AA.01\"",
            "q = \"AA.07\"",
            18,
            Some("AA.02"),
            "the condition refers to question `AA.07`, which does not exist",
        ),
        (
            "bad TOML",
            "sections/10-a.toml",
            "kind = \"single\"\nanswer_set = \"yn\"\ntext = { de = \"Erste",
            "kind = \"single\nanswer_set = \"yn\"\ntext = { de = \"Erste",
            9,
            None,
            "",
        ),
    ];
    for (name, file, from, to, line, question, message) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("q");
        write_fixture(&dir, "pruef");
        Questionnaire::load_dir(&dir).expect("fixture is valid");
        edit(&dir.join(file), from, to);
        let err = Questionnaire::load_dir(&dir).unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{name}: {problems:#?}");
        let p = &problems[0];
        assert_eq!(p.file, *file, "{name}");
        assert_eq!(p.line, Some(*line), "{name}: {p}");
        assert_eq!(p.question.as_deref(), *question, "{name}");
        assert!(p.message.contains(message), "{name}: {p}");
        // The CLI prints the same, with the folder, and exits 1.
        let out = Command::cargo_bin("datenreife")
            .unwrap()
            .args(["--lang", "en", "questionnaire", "check"])
            .arg(&dir)
            .assert()
            .code(1);
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(
            stdout.contains(&format!("{}/{file}:{line}", dir.display())),
            "{name}: {stdout}"
        );
    }
}

#[test]
fn a_user_folder_adds_a_questionnaire_without_rebuilding() {
    let tmp = tempfile::tempdir().unwrap();
    write_fixture(&tmp.path().join("pruef-katalog"), "pruef-katalog");
    // A broken one next to it does not stop the others.
    std::fs::create_dir_all(tmp.path().join("kaputt")).unwrap();
    std::fs::write(tmp.path().join("kaputt/questionnaire.toml"), "format = ").unwrap();
    let lib = QuestionnaireLibrary::load(Some(tmp.path())).unwrap();
    let ids: Vec<&str> = lib.questionnaires.iter().map(|q| q.id()).collect();
    assert_eq!(
        ids,
        ["kmu-datenreife", "medtech-datenzugang", "pruef-katalog"]
    );
    assert_eq!(lib.broken.len(), 1);

    Command::cargo_bin("datenreife")
        .unwrap()
        .env("DATENREIFE_QUESTIONNAIRES", tmp.path())
        .args(["--lang", "en", "questionnaire", "list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("pruef-katalog 2.0"));

    // Answer it through the CLI, as CSV, into a project.
    let csv = tmp.path().join("antworten.csv");
    std::fs::write(
        &csv,
        "company;respondent;role;question;answer;relevance;evidence;note\n\
         ;Anna;GF;AA.01;no;;;\n\
         ;Ben;IT;AA.01;yes;;Protokoll;\n\
         ;Ben;IT;AA.02;yes;;;\n",
    )
    .unwrap();
    let project = tmp.path().join("p.datenreife");
    let out = Command::cargo_bin("datenreife")
        .unwrap()
        .env("DATENREIFE_QUESTIONNAIRES", tmp.path())
        .args([
            "questionnaire",
            "answer",
            "--questionnaire",
            "pruef-katalog",
            "--assessment",
            "T0",
        ])
        .args(["--at", "2026-05-04T10:00:00Z", "--json", "--project"])
        .arg(&project)
        .arg("--answers")
        .arg(&csv)
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["assessment"], "T0");
    let c = &doc["companies"][0];
    assert_eq!(c["respondents"], serde_json::json!(["Anna", "Ben"]));
    // AA.01 mean 0.5 (weight 1); AA.02 asked only of Ben: 1.0 → 75.
    assert_eq!(c["overall"]["score"], 75.0);
    assert_eq!(c["sections"][0]["questions"][0]["spread"], 1.0);
    assert_eq!(c["recommendations"][0]["id"], "R1");
    assert_eq!(c["disagreements"][0]["question"], "AA.01");
    assert!(doc["benchmark"].is_null());

    // Results can be printed again later, and a bad answer file is refused with its line.
    Command::cargo_bin("datenreife")
        .unwrap()
        .env("DATENREIFE_QUESTIONNAIRES", tmp.path())
        .args(["--lang", "en", "questionnaire", "result", "--project"])
        .arg(&project)
        .assert()
        .success()
        .stdout(predicates::str::contains("Overall: 75.0"));
    std::fs::write(&csv, "respondent;question;answer\nAnna;AA.01;vielleicht\n").unwrap();
    Command::cargo_bin("datenreife")
        .unwrap()
        .env("DATENREIFE_QUESTIONNAIRES", tmp.path())
        .args([
            "questionnaire",
            "answer",
            "-q",
            "pruef-katalog",
            "--project",
        ])
        .arg(&project)
        .arg("--answers")
        .arg(&csv)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "antworten.csv:2: question AA.01: `vielleicht` is not an option",
        ));
}

#[test]
fn versions_map_old_ids() {
    let tmp = tempfile::tempdir().unwrap();
    write_fixture(tmp.path(), "pruef");
    let q = Questionnaire::load_dir(tmp.path()).unwrap();
    assert_eq!(q.map_id("1.0", "AA.9").as_deref(), Some("AA.02"));
    assert_eq!(q.map_id("1.0", "AA.8"), None);
    assert_eq!(q.map_id("2.0", "AA.01").as_deref(), Some("AA.01"));
    assert!(q.accepts_version("1.0") && q.accepts_version("2.0") && !q.accepts_version("3.0"));
    let old = company(
        "X",
        vec![(
            "A",
            vec![
                Answer {
                    question: "AA.9".into(),
                    value: choice("yes"),
                    relevance: None,
                    evidence: None,
                    note: None,
                },
                Answer {
                    question: "AA.8".into(),
                    value: choice("no"),
                    relevance: None,
                    evidence: None,
                    note: None,
                },
            ],
        )],
    );
    let migrated = datenreife::questionnaire::answers::migrate(&q, "1.0", old);
    let ids: Vec<&str> = migrated.respondents[0]
        .answers
        .iter()
        .map(|a| a.question.as_str())
        .collect();
    assert_eq!(ids, ["AA.02"]);
}

#[tokio::test]
async fn answers_round_trip_through_the_project_file() {
    let lib = library();
    let tmp = tempfile::tempdir().unwrap();
    let project = datenreife::store::Project::open(tmp.path().join("w.datenreife"))
        .await
        .unwrap();
    let toml = r#"
questionnaire = "kmu-datenreife"
assessment = "Workshop Mai"
answered_at = "2026-05-04T09:00:00Z"

[[company]]
name = "Muster GmbH"
profile = { sector = "manufacturing", size = "small" }

[[company.respondent]]
name = "Anna"
role = "Geschäftsführung"
[company.respondent.answers]
"INV.01" = { answer = "yes", evidence = "Datenlandkarte.xlsx", note = "seit 2025" }
"DQ.06" = ["entry_checks", "glossary"]
"DQ.04" = { answer = "adhoc", relevance = "high" }
"SU.06" = "Bedarfsplanung"
"#;
    let defaults = SheetDefaults {
        company: "Eigene".into(),
        answered_at: "2026-01-01T00:00:00Z".into(),
        ..Default::default()
    };
    let sheet = AnswerSheet::parse(&lib, "w.toml", toml, AnswerFormat::Toml, &defaults).unwrap();
    let q = lib.get("kmu-datenreife").unwrap();
    datenreife::questionnaire::save_answers(&project, q, &sheet)
        .await
        .unwrap();
    // Importing again replaces, never duplicates.
    datenreife::questionnaire::save_answers(&project, q, &sheet)
        .await
        .unwrap();
    let stored = datenreife::store::questionnaire::load_assessment(&project, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.label, "Workshop Mai");
    assert_eq!(stored.questionnaire_version, "1.0.0");
    let c = &stored.companies[0];
    assert_eq!(
        c.profile.as_ref().unwrap().sector,
        datenreife::company::Sector::Manufacturing
    );
    let answers = &c.respondents[0].answers;
    assert_eq!(answers.len(), 4);
    let inv = answers.iter().find(|a| a.question == "INV.01").unwrap();
    assert_eq!(inv.evidence.as_deref(), Some("Datenlandkarte.xlsx"));
    assert_eq!(inv.note.as_deref(), Some("seit 2025"));
    let list = datenreife::store::questionnaire::list_assessments(&project)
        .await
        .unwrap();
    assert_eq!(
        (list[0].companies, list[0].respondents, list[0].answers),
        (1, 1, 4)
    );
    let result = datenreife::questionnaire::assessment_result(&project, &lib, Some("Workshop Mai"))
        .await
        .unwrap();
    let r = &result.companies[0];
    assert_eq!(r.question("DQ.04").unwrap().relevance, 1.0);
    assert_eq!(r.free_text[0].text, "Bedarfsplanung");
    assert_eq!(r.overall.score, None, "four answers are far too few");

    // The label belongs to this questionnaire; another one must pick its own label.
    let mut other = sheet.clone();
    other.questionnaire = "medtech-datenzugang".into();
    other.companies[0].respondents[0].answers.clear();
    let medtech = lib.get("medtech-datenzugang").unwrap();
    let err = datenreife::questionnaire::save_answers(&project, medtech, &other)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "assessment `Workshop Mai` already holds answers to kmu-datenreife version 1.0.0; choose another label"
    );

    // Answer-file problems name file, line and question.
    let bad = "questionnaire = \"kmu-datenreife\"\n[[respondent]]\nname = \"A\"\n[respondent.answers]\n\"INV.01\" = \"vielleicht\"\n\"XX.01\" = \"yes\"\n";
    let err = AnswerSheet::parse(&lib, "bad.toml", bad, AnswerFormat::Toml, &defaults).unwrap_err();
    let shown: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        shown,
        [
            "bad.toml:5: question INV.01: `vielleicht` is not an option; use one of yes, partly, no, unknown",
            "bad.toml:6: question XX.01: the questionnaire `kmu-datenreife` has no such question",
        ]
    );
    project.close().await;
}
