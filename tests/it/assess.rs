//! The one-shot assessment, the plan and the report commands on the example share.
//!
//! PDFs and their pages as PNG (`pdftoppm -r 70`) are written to
//! `target/tmp/assess-preview/` for review (and as a CI artefact).

use std::path::{Path, PathBuf};

use datenreife::i18n::Lang;
use datenreife::plan::format_eur;
use serde_json::Value;

use super::plan_report::{pdfinfo, pdftotext, squash, tool, words_outside_text_area};
use super::util::{datenreife, snapshot};

/// 2 March 2026, 09:30 UTC: the creation date written into test PDFs.
const EPOCH: &str = "1772443800";
const TODAY: &str = "2026-03-02";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn share() -> PathBuf {
    repo().join("examples/musterfirma")
}

fn preview_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("assess-preview");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every planted personal value of the example share, as the manifest lists them.
fn leak_values() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("examples/musterfirma.truth.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    let values: Vec<String> = manifest["leak_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(values.len() > 20, "{} leak values", values.len());
    values
}

/// Runs a command and returns its stdout; panics with stderr when it fails.
fn ok(cmd: &mut assert_cmd::Command) -> (Vec<u8>, String) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "command failed: {stderr}");
    (out.stdout, stderr)
}

fn assess_share(dir: &Path, lang: Lang) -> PathBuf {
    let pdf = dir.join(format!("report-{}.pdf", lang.code()));
    let (_, stderr) = ok(datenreife()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("assess")
        .arg(share())
        .arg("--out")
        .arg(&pdf)
        .args(["--lang", lang.code(), "--today", TODAY]));
    // Quiet in a pipe: no progress bar, only what was written.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(stderr.contains(&pdf.display().to_string()), "{stderr}");
    pdf
}

fn plan_json(project: &Path, extra: &[&str]) -> Vec<u8> {
    ok(datenreife()
        .arg("plan")
        .arg("--project")
        .arg(project)
        .args(["--json", "--today", TODAY])
        .args(extra))
    .0
}

fn pages_to_png(pdf: &Path, name: &str) -> usize {
    let pages = preview_dir().join(name);
    let _ = std::fs::remove_dir_all(&pages);
    std::fs::create_dir_all(&pages).unwrap();
    let status = tool("pdftoppm")
        .args(["-r", "70", "-png"])
        .arg(pdf)
        .arg(pages.join("page"))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    std::fs::read_dir(&pages).unwrap().count()
}

fn p(v: &Value, path: &str) -> f64 {
    v.pointer(path)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("no number at {path}"))
}

#[test]
#[allow(clippy::print_stderr)]
fn the_example_share_becomes_a_german_and_an_english_report() {
    let before = snapshot(&share());
    let leaks = leak_values();
    for lang in [Lang::De, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let pdf = assess_share(dir.path(), lang);
        eprintln!(
            "assess {}: {} ms (debug build)",
            lang.code(),
            started.elapsed().as_millis()
        );
        let project = pdf.with_extension("datenreife");
        assert!(project.is_file(), "the project file lies next to the PDF");
        let kept = preview_dir().join(format!("musterfirma-{}.pdf", lang.code()));
        std::fs::copy(&pdf, &kept).unwrap();
        let pages = pages_to_png(&pdf, &format!("musterfirma-{}", lang.code()));
        assert!(pages >= 12, "{pages} pages");

        let text = pdftotext(&pdf);
        let flat = squash(&text);
        let sections: &[&str] = match lang {
            Lang::De => &[
                "Zu dieser Auswertung",
                "Zusammenfassung",
                "Die wichtigsten nächsten Schritte",
                "Datenkatalog",
                "Wichtigste Befunde",
                "Ordner",
                "Formate",
                "Organisatorische Reife",
                "Externe Daten nach Produktphase",
                "Plan für den Datenzugang",
                "Zeitplan",
                "Kritischer Pfad",
                "Offene Fragen",
                "Förderung",
                "Annahmen und Quellen",
                "Glossar",
            ],
            Lang::En => &[
                "About this assessment",
                "Executive summary",
                "The most important next steps",
                "Data catalogue",
                "Most important findings",
                "Folders",
                "Formats",
                "Organisational readiness",
                "External data by product phase",
                "Data-access plan",
                "Schedule",
                "Critical path",
                "Open questions",
                "Funding",
                "Assumptions and sources",
                "Glossary",
            ],
        };
        for s in sections {
            assert!(flat.contains(s), "{}: section {s:?} missing", lang.code());
        }

        // The figures of the plan JSON of the same project, as the report prints them.
        let json: Value =
            serde_json::from_slice(&plan_json(&project, &["--lang", lang.code()])).unwrap();
        let eur = |v: f64| format_eur(lang, v).replace('\u{a0}', " ");
        for path in ["/plan/total/cost_once/p50", "/plan/total/cost_once/p90"] {
            let figure = eur(p(&json, path));
            assert!(
                flat.contains(&figure),
                "{}: {path} = {figure} missing",
                lang.code()
            );
        }
        let weeks = p(&json, "/plan/total/time_to_data_weeks/p50").round();
        let weeks = match lang {
            Lang::De => format!("{weeks} Wochen"),
            Lang::En => format!("{weeks} weeks"),
        };
        assert!(flat.contains(&weeks), "{weeks} missing");
        // The FDZ fee range from the ordinance (DaTraGebV): 2,300 / 13,400 / 43,900 €.
        let fdz = [2300.0, 13_400.0, 43_900.0].map(eur).join(" / ");
        assert!(
            flat.contains(&fdz),
            "{}: FDZ fees {fdz} missing",
            lang.code()
        );
        // A source URL may wrap anywhere; compare without spaces and hyphens.
        let bare = |s: &str| s.replace([' ', '-'], "");
        let url = "https://www.gesetze-im-internet.de/datragebv/__6.html";
        assert!(bare(&flat).contains(&bare(url)), "{url} missing");
        // Without a profile the report says what it assumed.
        let (assumed, legal, open) = match lang {
            Lang::De => (
                "lag kein Unternehmensprofil vor",
                "Rechtsgrundlage der Gesundheitsdaten dokumentieren",
                "Was verlangt FDPG / MII für den Datenzugang?",
            ),
            Lang::En => (
                "No company profile was available",
                "Document the legal basis of the health data",
                "What does FDPG / MII charge for data access?",
            ),
        };
        for expected in [assumed, legal, open, "03_Klinik_Kooperation", "ZIM"] {
            assert!(
                flat.contains(expected),
                "{}: {expected:?} missing",
                lang.code()
            );
        }

        // Findings and steps read as prose: column and file names in quotation marks,
        // no command lines, no next step cut off at an abbreviation ("e.g.").
        assert!(
            !text.contains('`'),
            "{}: a code span in the PDF",
            lang.code()
        );
        assert!(
            !flat.contains("datenreife annotate"),
            "{}: a command line in the PDF",
            lang.code()
        );
        let (quoted, basis, unexamined) = match lang {
            Lang::De => (
                "Spalte „Titel“",
                "Rechtsgrundlage klären (z. B. Vertrag, Einwilligung) und eintragen.",
                "Inhalt nicht geprüft",
            ),
            Lang::En => (
                "Column “Titel”",
                "Clarify and record the legal basis (e.g. contract, consent).",
                "content not examined",
            ),
        };
        for expected in [quoted, basis, unexamined] {
            assert!(
                flat.contains(expected),
                "{}: {expected:?} missing",
                lang.code()
            );
        }

        // No planted personal value anywhere: not in the text, not in the bytes.
        let bytes = std::fs::read(&pdf).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        for value in &leaks {
            assert!(!text.contains(value.as_str()), "{value} printed in the PDF");
            assert!(!raw.contains(value.as_str()), "{value} in the PDF bytes");
        }

        let outside = words_outside_text_area(&pdf);
        assert!(outside.is_empty(), "{}: {outside:#?}", lang.code());
        let info = pdfinfo(&pdf);
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
        assert!(raw.contains("pdfaid:part>2<") || raw.contains("pdfaid:part=\"2\""));
    }
    assert_eq!(before, snapshot(&share()), "the share was changed");
}

#[test]
fn the_same_project_and_seed_give_byte_identical_plan_json() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.datenreife");
    ok(datenreife()
        .arg("scan")
        .arg(share())
        .arg("--project")
        .arg(&project));
    let a = plan_json(&project, &[]);
    let b = plan_json(&project, &[]);
    assert!(a == b, "two runs differ");
    let seeded = plan_json(&project, &["--seed", "7"]);
    assert!(a != seeded, "the seed does not reach the simulation");
    assert!(seeded == plan_json(&project, &["--seed", "7"]));

    let json: Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(json["profile_source"], "default");
    assert_eq!(json["plan"]["simulation"]["seed"], 20_250_101);
    // Unpublished fees are questions, never zero.
    let open: Vec<String> = json["plan"]["unknown_costs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{}.{}",
                u["package_id"].as_str().unwrap(),
                u["item_id"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        open.contains(&"fdpg_mii.data_access.fee".to_owned()),
        "{open:?}"
    );
    // Readiness work from the catalogue comes first and gates the applications.
    let packages = json["plan"]["packages"].as_array().unwrap();
    assert_eq!(packages[0]["id"], "ready.legal_basis");
    let gated = packages
        .iter()
        .filter(|p| p["kind"] == "application")
        .all(|p| {
            p["depends_on"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d == "ready.legal_basis")
        });
    assert!(gated);

    // Chosen sources replace the guide's choice.
    let chosen: Value =
        serde_json::from_slice(&plan_json(&project, &["--sources", "fdz_gesundheit"])).unwrap();
    let paths: Vec<&str> = chosen["plan"]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["fdz_gesundheit"]);
    assert_eq!(chosen["sources"][0]["chosen_by"], "user");

    // The text form names the open questions with the key to answer them.
    let (text, _) = ok(datenreife()
        .arg("plan")
        .arg("--project")
        .arg(&project)
        .args(["--today", TODAY, "--lang", "de"]));
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("\"fdpg_mii.data_access.fee\""), "{text}");
    assert!(text.contains("Einmalkosten"), "{text}");
}

#[test]
fn the_report_is_deterministic_up_to_its_creation_date_and_has_a_workbook() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.datenreife");
    ok(datenreife()
        .arg("scan")
        .arg(share())
        .arg("--project")
        .arg(&project));
    let render = |name: &str, epoch: &str, xlsx: bool| -> Vec<u8> {
        let out = dir.path().join(name);
        let mut cmd = datenreife();
        cmd.env("SOURCE_DATE_EPOCH", epoch)
            .arg("report")
            .arg("--project")
            .arg(&project)
            .arg("--out")
            .arg(&out)
            .args(["--today", TODAY, "--lang", "de"]);
        if xlsx {
            cmd.arg("--xlsx").arg(dir.path().join("m.xlsx"));
        }
        ok(&mut cmd);
        std::fs::read(out).unwrap()
    };
    let a = render("a.pdf", EPOCH, true);
    let b = render("b.pdf", EPOCH, false);
    assert!(a == b, "two reports of the same project and date differ");
    let c = render("c.pdf", "1772530200", false);
    assert!(a != c, "the creation date is not in the PDF");

    let book: Xlsx<_> = calamine::open_workbook(dir.path().join("m.xlsx")).unwrap();
    let sheets = book.sheet_names();
    for expected in ["Arbeitspakete", "Kosten", "Summen", "Zeitplan", "Förderung"] {
        assert!(sheets.iter().any(|s| s == expected), "{sheets:?}");
    }
    assert!(sheets.len() > 5, "catalogue sheets missing: {sheets:?}");
}

#[test]
fn settings_brand_the_report_and_answer_its_open_questions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="80" height="40" fill="#0E6B5C"/></svg>"##,
    )
    .unwrap();
    let settings = dir.path().join("settings.toml");
    std::fs::write(
        &settings,
        r##"
[company]
name = "Muster Medizintechnik GmbH"
sector = "medtech"
size = "small"
product = "KardioLab KI"
phases = ["design"]
risk_class = "mdr_iia"
uses_ai = false
assessor = "Dr. Jana Vogt"

[branding]
consultant = "Vogt Datenberatung"
logo = "logo.svg"
accent = "#0E6B5C"

[plan]
sources = ["fdpg_mii"]
rates = { staff_day = 650 }

[plan.costs]
"fdpg_mii.data_access.fee" = { min = 2000, likely = 5000, max = 12000 }
"##,
    )
    .unwrap();
    let pdf = dir.path().join("r.pdf");
    ok(datenreife()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("assess")
        .arg(share())
        .arg("--out")
        .arg(&pdf)
        .arg("--settings")
        .arg(&settings)
        .args(["--today", TODAY, "--lang", "de"]));
    std::fs::copy(&pdf, preview_dir().join("musterfirma-settings-de.pdf")).unwrap();
    pages_to_png(&pdf, "musterfirma-settings-de");
    let flat = squash(&pdftotext(&pdf));
    for expected in [
        "Muster Medizintechnik GmbH",
        "Vogt Datenberatung",
        "KardioLab KI",
        "eigene Angabe",
        "650 € / Tag",
    ] {
        assert!(flat.contains(expected), "{expected:?} missing");
    }
    assert!(!flat.contains("lag kein Unternehmensprofil vor"));
    let info = pdfinfo(&pdf);
    assert!(info.contains("Vogt Datenberatung"), "{info}");

    let json: Value = serde_json::from_slice(&plan_json(
        &pdf.with_extension("datenreife"),
        &["--settings", settings.to_str().unwrap()],
    ))
    .unwrap();
    assert_eq!(json["profile_source"], "settings");
    assert!(json["plan"]["unknown_costs"].as_array().unwrap().is_empty());
}

#[test]
fn mistakes_are_usage_errors_and_nothing_lands_in_the_share() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.datenreife");
    ok(datenreife()
        .arg("scan")
        .arg(share())
        .arg("--project")
        .arg(&project));
    let code = |cmd: &mut assert_cmd::Command| cmd.output().unwrap().status.code();

    let mut unknown = datenreife();
    unknown
        .arg("plan")
        .arg("--project")
        .arg(&project)
        .args(["--sources", "fdz_mars"]);
    assert_eq!(code(&mut unknown), Some(2));

    let mut missing = datenreife();
    missing
        .arg("report")
        .arg("--project")
        .arg(dir.path().join("nope.datenreife"))
        .arg("--out")
        .arg(dir.path().join("x.pdf"));
    assert_eq!(code(&mut missing), Some(2));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[plan]\nsauces = [1]\n").unwrap();
    let mut settings = datenreife();
    settings
        .arg("plan")
        .arg("--project")
        .arg(&project)
        .arg("--settings")
        .arg(&bad);
    assert_eq!(code(&mut settings), Some(2));

    let mut date = datenreife();
    date.arg("plan")
        .arg("--project")
        .arg(&project)
        .args(["--today", "2026-02-30"]);
    assert_eq!(code(&mut date), Some(2));

    // A report inside the scanned folder would change the share: refused up front.
    let before = snapshot(&share());
    let inside = share().join("report.pdf");
    let mut into_share = datenreife();
    into_share
        .arg("assess")
        .arg(share())
        .arg("--out")
        .arg(&inside)
        .arg("--project")
        .arg(dir.path().join("p.datenreife"));
    let out = into_share.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("report.pdf"));
    assert!(!inside.exists());
    assert_eq!(before, snapshot(&share()));
}

/// Fills a questionnaire template for `companies`: the first company answers low,
/// the others higher, so the report has scores, gaps and a group benchmark.
fn answer_sheet(template: &str, companies: &[&str]) -> String {
    let mut out = String::from("company;respondent;role;question;answer;relevance;evidence;note\n");
    for (c, company) in companies.iter().enumerate() {
        for line in template.lines().skip(1) {
            let cols: Vec<&str> = line.split(';').collect();
            let (question, allowed) = (cols[3], cols[9]);
            if allowed.is_empty() {
                continue;
            }
            let options: Vec<&str> = allowed
                .split(" | ")
                .map(|o| {
                    o.trim_start_matches("(a|b) ")
                        .split(" = ")
                        .next()
                        .unwrap()
                        .trim()
                })
                .filter(|o| *o != "unknown" && *o != "na")
                .collect();
            let answer = options[(c + question.len()) % options.len().min(c + 2)];
            out.push_str(&format!("{company};R{c};;{question};{answer};;;\n"));
        }
    }
    out
}

#[test]
fn stored_questionnaire_answers_give_readiness_by_dimension_with_a_benchmark() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.datenreife");
    ok(datenreife()
        .arg("scan")
        .arg(share())
        .arg("--project")
        .arg(&project));
    let template = dir.path().join("sheet.csv");
    ok(datenreife()
        .args(["questionnaire", "template", "kmu-datenreife", "--out"])
        .arg(&template)
        .args(["--lang", "de"]));
    let sheet = answer_sheet(
        &std::fs::read_to_string(&template).unwrap(),
        &["Muster Medizintechnik GmbH", "Firma B", "Firma C"],
    );
    let answers = dir.path().join("answers.csv");
    std::fs::write(&answers, sheet).unwrap();
    ok(datenreife()
        .args(["questionnaire", "answer", "--project"])
        .arg(&project)
        .arg("--answers")
        .arg(&answers)
        .args(["-q", "kmu-datenreife", "--lang", "de"]));
    let settings = dir.path().join("s.toml");
    std::fs::write(
        &settings,
        "[company]\nname = \"Muster Medizintechnik GmbH\"\nphases = [\"design\"]\n",
    )
    .unwrap();
    let pdf = dir.path().join("q.pdf");
    ok(datenreife()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("report")
        .arg("--project")
        .arg(&project)
        .arg("--settings")
        .arg(&settings)
        .arg("--out")
        .arg(&pdf)
        .args(["--today", TODAY, "--lang", "de"]));
    std::fs::copy(&pdf, preview_dir().join("musterfirma-questionnaire-de.pdf")).unwrap();
    pages_to_png(&pdf, "musterfirma-questionnaire-de");
    let flat = squash(&pdftotext(&pdf));
    for expected in [
        "Reife nach Dimension",
        "Die eigenen Daten kennen",
        "Datenqualität",
        "Vergleich mit 3 Unternehmen",
        "Größte Lücken",
    ] {
        assert!(flat.contains(expected), "{expected:?} missing");
    }
    assert!(!flat.contains("Es liegen keine Antworten aus dem Fragebogen vor"));
    assert!(words_outside_text_area(&pdf).is_empty());
}

#[test]
fn a_documented_legal_basis_removes_the_readiness_work() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.datenreife");
    ok(datenreife()
        .arg("scan")
        .arg(share())
        .arg("--project")
        .arg(&project));
    let ready = |project: &Path| -> Vec<String> {
        let json: Value = serde_json::from_slice(&plan_json(project, &[])).unwrap();
        json["plan"]["packages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["kind"] == "readiness")
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ready(&project),
        ["ready.legal_basis", "ready.documentation"]
    );

    // Record the legal basis of every dataset the scorer flags for it.
    let (catalog, _) = ok(datenreife()
        .args(["catalog", "-f", "json", "--project"])
        .arg(&project));
    let catalog: Value = serde_json::from_slice(&catalog).unwrap();
    let flagged: Vec<&str> = catalog["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == "rights.legal_basis_missing")
        })
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(!flagged.is_empty());
    for id in flagged {
        ok(datenreife()
            .args(["annotate", "--project"])
            .arg(&project)
            .args(["--dataset", id, "--set", "legal_basis=contract"]));
    }
    assert_eq!(ready(&project), ["ready.documentation"]);
}
