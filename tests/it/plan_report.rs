//! The costed plan and the PDF report on a realistic sample assessment.
//!
//! PDFs and their pages as PNG (`pdftoppm -r 60`) are written to
//! `target/tmp/report-preview/` for review (and as a CI artefact).

mod sample;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use datenreife::i18n::Lang;
use datenreife::plan::{self, SimulationOptions, format_eur};
use datenreife::report::{RenderOptions, ReportError, render_pdf};

fn created() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn preview_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-preview");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn tool(name: &str) -> Command {
    let probe = Command::new(name).arg("-v").output();
    assert!(
        probe.is_ok(),
        "{name} is missing: install poppler-utils (apt-get install -y poppler-utils)"
    );
    Command::new(name)
}

pub(crate) fn pdftotext(pdf: &Path) -> String {
    let out = tool("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn pdfinfo(pdf: &Path) -> String {
    let out = tool("pdfinfo").arg(pdf).output().unwrap();
    assert!(out.status.success(), "pdfinfo failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Words of the PDF that stick out of the A4 text area (2.2 cm side margins), with
/// 3 pt of tolerance for typst's optical overhang of hyphens and punctuation.
pub(crate) fn words_outside_text_area(pdf: &Path) -> Vec<String> {
    let out = tool("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    let margin = 2.2 / 2.54 * 72.0;
    let (width, height) = (595.2756, 841.8898);
    let mut page = 0;
    let mut outside = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        if line.contains("<word ") {
            let (x0, x1) = (attr(line, "xMin"), attr(line, "xMax"));
            let (y0, y1) = (attr(line, "yMin"), attr(line, "yMax"));
            if x0 < margin - 3.0 || x1 > width - margin + 3.0 || y0 < 0.0 || y1 > height {
                outside.push(format!("page {page}: {}", line.trim()));
            }
        }
    }
    outside
}

/// Renders the sample in `lang`, writes PDF and PNG pages, returns (path, bytes, ms).
fn render(lang: Lang) -> (PathBuf, Vec<u8>, u128) {
    let data = sample::report_data(lang);
    let start = Instant::now();
    let pdf = render_pdf(&data, &RenderOptions::new(lang, created())).unwrap();
    let ms = start.elapsed().as_millis();
    let dir = preview_dir();
    let path = dir.join(format!("report-{}.pdf", lang.code()));
    std::fs::write(&path, &pdf).unwrap();
    let pages = dir.join(lang.code());
    let _ = std::fs::remove_dir_all(&pages);
    std::fs::create_dir_all(&pages).unwrap();
    let status = tool("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(&path)
        .arg(pages.join("page"))
        .status()
        .unwrap();
    assert!(status.success(), "pdftoppm failed");
    (path, pdf, ms)
}

/// Collapses runs of whitespace and joins words hyphenated at a line end, so phrases
/// wrapped across lines still match. Keeps both forms of a line-end hyphen
/// ("Datenschutz-beauftragter" and "Datenschutzbeauftragter") by returning the text
/// twice, separated by a blank line.
pub(crate) fn squash(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut joined = String::new();
    let mut kept = String::new();
    for (i, w) in words.iter().enumerate() {
        let next_lower = words
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_some_and(char::is_lowercase);
        if let Some(stem) = w.strip_suffix('\u{ad}') {
            // A soft hyphen: typst broke the word here.
            joined.push_str(stem);
            kept.push_str(stem);
        } else if w.len() > 1 && w.ends_with('-') && next_lower {
            joined.push_str(&w[..w.len() - 1]);
            kept.push_str(w);
        } else {
            joined.push_str(w);
            joined.push(' ');
            kept.push_str(w);
            kept.push(' ');
        }
    }
    format!("{joined}\n\n{kept}")
}

#[test]
#[allow(clippy::print_stderr)]
fn german_and_english_reports_show_every_section_and_no_raw_values() {
    for lang in [Lang::De, Lang::En] {
        let (path, pdf, ms) = render(lang);
        eprintln!(
            "report {}: {} bytes, rendered in {ms} ms",
            lang.code(),
            pdf.len()
        );
        let text = pdftotext(&path);
        let flat = squash(&text);

        let sections: &[&str] = match lang {
            Lang::De => &[
                "Zusammenfassung",
                "Datenkatalog",
                "Organisatorische Reife",
                "Externe Daten nach Produktphase",
                "Plan für den Datenzugang",
                "Förderung",
                "Annahmen und Quellen",
                "Glossar",
                "Zeitplan",
                "Kritischer Pfad",
                "Offene Fragen",
                "Laufende Kosten",
            ],
            Lang::En => &[
                "Executive summary",
                "Data catalogue",
                "Organisational readiness",
                "External data by product phase",
                "Data-access plan",
                "Funding",
                "Assumptions and sources",
                "Glossary",
                "Schedule",
                "Critical path",
                "Open questions",
                "Running costs",
            ],
        };
        for s in sections {
            assert!(flat.contains(s), "{}: section {s:?} missing", lang.code());
        }

        // Figures of the plan as the report must print them.
        let plan = sample::report_data(lang).plan.unwrap();
        for figure in [
            format_eur(lang, plan.total.cost_once.p50),
            format_eur(lang, plan.total.cost_once.p90),
            format_eur(lang, plan.total.cost_yearly.p50),
        ] {
            let figure = figure.replace('\u{a0}', " ");
            assert!(
                flat.contains(&figure),
                "{}: figure {figure} missing",
                lang.code()
            );
        }
        for expected in [
            "Kardiolytix GmbH",
            "FDZ Gesundheit",
            "1.000 €",
            "ZIM",
            "TEF-Health",
            "DG.03",
        ] {
            let expected = if lang == Lang::En && expected == "1.000 €" {
                "€1,000"
            } else {
                expected
            };
            assert!(
                flat.contains(expected),
                "{}: {expected} missing",
                lang.code()
            );
        }
        // A source URL may wrap anywhere (and pdftotext drops a hyphen at a line
        // end); compare without spaces and hyphens.
        let bare = |s: &str| s.replace([' ', '-'], "");
        let url = "https://www.mhh.de/en/ethics-committee-1/fees";
        assert!(
            bare(&flat).contains(&bare(url)),
            "{}: {url} missing",
            lang.code()
        );
        let question = match lang {
            Lang::De => "Welches Entgelt verlangen die Standorte",
            Lang::En => "What do the sites charge",
        };
        assert!(flat.contains(question), "unknown fee question missing");
        let rate_question = match lang {
            Lang::De => "Datenschutzbeauftragter",
            Lang::En => "data-protection officer",
        };
        assert!(flat.contains(rate_question));
        // Umlauts, ß and € survive (fonts embedded with a ToUnicode map).
        if lang == Lang::De {
            assert!(flat.contains("Größte Lücken") && flat.contains("Einmalkosten"));
        }

        // No raw value of the lab sample anywhere: not in the text, not in the bytes,
        // not in the data the report was built from.
        let data_json = serde_json::to_string(&sample::report_data(lang)).unwrap();
        let bytes = String::from_utf8_lossy(&pdf);
        for planted in sample::PLANTED {
            assert!(!text.contains(planted), "{planted} printed in the PDF");
            assert!(!bytes.contains(planted), "{planted} in the PDF bytes");
            assert!(!data_json.contains(planted), "{planted} in ReportData");
        }

        // Nothing runs into the margins.
        let outside = words_outside_text_area(&path);
        assert!(outside.is_empty(), "{}: {outside:#?}", lang.code());

        // Metadata, A4, PDF/A-2b, embedded fonts.
        let info = pdfinfo(&path);
        assert!(
            info.contains("Title:") && info.contains("Kardiolytix GmbH"),
            "{info}"
        );
        assert!(
            info.contains("Author:          Vogt Datenberatung"),
            "{info}"
        );
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
        assert!(bytes.contains("pdfaid:part>2<") || bytes.contains("pdfaid:part=\"2\""));
        assert!(
            bytes.contains("pdfaid:conformance>B<") || bytes.contains("pdfaid:conformance=\"B\"")
        );
        let fonts = tool("pdffonts").arg(&path).output().unwrap();
        let fonts = String::from_utf8(fonts.stdout).unwrap();
        assert!(fonts.contains("LiberationSans"), "{fonts}");
        for line in fonts.lines().skip(2) {
            assert!(line.contains(" yes "), "font not embedded: {line}");
        }
    }
}

#[test]
fn same_data_and_date_give_the_same_bytes() {
    let data = sample::report_data(Lang::De);
    let options = RenderOptions::new(Lang::De, created());
    let a = render_pdf(&data, &options).unwrap();
    let b = render_pdf(&sample::report_data(Lang::De), &options).unwrap();
    assert!(a == b, "two renders differ");
    let later = RenderOptions::new(Lang::De, created() + chrono::Duration::days(1));
    let c = render_pdf(&data, &later).unwrap();
    assert!(a != c, "the creation date is not in the PDF");
}

#[test]
fn strings_are_text_never_markup() {
    let mut data = sample::report_data(Lang::En);
    data.company.name = "Müller & Söhne *GmbH* #set $x^2$ [a] <b> @c".into();
    data.actions[0].title = "= Not a heading #pagebreak()".into();
    let pdf = render_pdf(&data, &RenderOptions::new(Lang::En, created())).unwrap();
    let path = preview_dir().join("markup.pdf");
    std::fs::write(&path, pdf).unwrap();
    let flat = squash(&pdftotext(&path));
    assert!(
        flat.contains("Müller & Söhne *GmbH* #set $x^2$ [a] <b> @c"),
        "{flat}"
    );
    assert!(flat.contains("= Not a heading #pagebreak()"));
}

#[test]
fn a_report_without_plan_or_questionnaire_still_renders() {
    let mut data = sample::report_data(Lang::De);
    data.plan = None;
    data.questionnaire = None;
    data.external_data.clear();
    data.readiness.clear();
    data.actions.clear();
    data.catalogue.datasets.clear();
    let pdf = render_pdf(&data, &RenderOptions::new(Lang::De, created())).unwrap();
    let path = preview_dir().join("empty-de.pdf");
    std::fs::write(&path, pdf).unwrap();
    let flat = squash(&pdftotext(&path));
    assert!(flat.contains("Es wurde noch kein Plan erstellt"));
    assert!(flat.contains("Es liegen keine Antworten aus dem Fragebogen vor"));
}

#[test]
fn a_consultant_template_folder_replaces_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.typ"),
        "#let data = json(bytes(sys.inputs.data))\n#set document(title: data.meta.title)\n#set text(font: \"Liberation Sans\")\nEigenes Layout für #data.cover.company\n",
    )
    .unwrap();
    let data = sample::report_data(Lang::De);
    let options = RenderOptions::new(Lang::De, created()).with_template_dir(dir.path());
    let pdf = render_pdf(&data, &options).unwrap();
    let path = preview_dir().join("custom.pdf");
    std::fs::write(&path, pdf).unwrap();
    assert!(squash(&pdftotext(&path)).contains("Eigenes Layout für Kardiolytix GmbH"));

    std::fs::write(
        dir.path().join("report.typ"),
        "#let x = \n#undefined-thing\n",
    )
    .unwrap();
    let err = render_pdf(&data, &options).unwrap_err();
    assert!(matches!(err, ReportError::Template(_)), "{err}");
    assert!(err.to_string().contains("report.typ"), "{err}");

    let missing =
        RenderOptions::new(Lang::De, created()).with_template_dir(dir.path().join("nope"));
    assert!(matches!(
        render_pdf(&data, &missing),
        Err(ReportError::TemplateIo { .. })
    ));
}

#[test]
fn a_bad_accent_colour_is_refused() {
    let mut data = sample::report_data(Lang::De);
    data.branding.accent = Some("green".into());
    assert!(matches!(
        render_pdf(&data, &RenderOptions::new(Lang::De, created())),
        Err(ReportError::InvalidColour(_))
    ));
}

#[test]
fn the_sample_plan_is_reproducible_and_lists_its_open_questions() {
    let input = sample::plan_input();
    let a = plan::build(&input, &SimulationOptions::new(7)).unwrap();
    let b = plan::build(&input, &SimulationOptions::new(7)).unwrap();
    assert_eq!(
        serde_json::to_vec_pretty(&a).unwrap(),
        serde_json::to_vec_pretty(&b).unwrap()
    );
    let open: Vec<&str> = a.unknown_costs.iter().map(|u| u.item_id.as_str()).collect();
    assert_eq!(open, ["dpo", "fee"]);
    // DIZ data arrive after legal basis (≥ 2 w) → ethics (≥ 6) → application (≥ 4) →
    // contract (≥ 4) → delivery (≥ 6): at least 22 weeks, the TMF's "five months".
    let diz = a.paths.iter().find(|p| p.id == "fdpg_mii").unwrap();
    assert!(diz.time_to_data_weeks.unwrap().p10 >= 22.0);
    assert!(a.critical_path.contains(&"fdpg.delivery".to_owned()));
    // Funding stays a possibility: the totals are gross.
    let zim = a.funding.iter().find(|f| f.id == "zim").unwrap();
    assert!(zim.possible_offset.unwrap().p50 > 0.0);
    assert!(a.total.cost_once.p50 > zim.possible_offset.unwrap().p50);
}

#[test]
fn the_plan_workbook_has_packages_costs_totals_schedule_and_funding() {
    use calamine::{Data, Reader, Xlsx};
    let plan = plan::build(&sample::plan_input(), &SimulationOptions::new(7)).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    plan::xlsx::add_sheets(&mut book, &plan, Lang::De).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut xlsx: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        xlsx.sheet_names(),
        ["Arbeitspakete", "Kosten", "Summen", "Zeitplan", "Förderung"]
    );
    let packages = xlsx.worksheet_range("Arbeitspakete").unwrap();
    assert_eq!(packages.height(), plan.packages.len() + 1);
    assert_eq!(
        packages.get((1, 0)),
        Some(&Data::String("ready.legal_basis".into()))
    );

    let costs = xlsx.worksheet_range("Kosten").unwrap();
    let rows: Vec<Vec<String>> = costs
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let unknown = rows
        .iter()
        .find(|r| r[1] == "Entgelt der Standorte")
        .expect("unknown fee row");
    assert_eq!(unknown[5], "unbekannt – bitte erfragen");
    assert!(unknown[12].contains("Welches Entgelt"));
    let days = rows
        .iter()
        .find(|r| r[1] == "Nutzungstage Analyseraum" && r[3] == "einmalig")
        .expect("SPE days row");
    assert_eq!(days[4], "5 / 10 / 20 × 1.000\u{a0}€ je Nutzungstag");
    assert_eq!((days[5].as_str(), days[7].as_str()), ("5000", "20000"));
    assert_eq!(days[11], "belegt");

    let totals = xlsx.worksheet_range("Summen").unwrap();
    assert_eq!(totals.get((1, 0)), Some(&Data::String("Gesamt".into())));
    assert_eq!(
        totals.get((1, 2)),
        Some(&Data::Float(plan.total.cost_once.p50))
    );
    let schedule = xlsx.worksheet_range("Zeitplan").unwrap();
    assert!(schedule.width() > 20);
}
