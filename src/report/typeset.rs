//! Typesetting with typst as a library: the only place that touches typst, so
//! changes elsewhere do not recompile against it.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};
use std::sync::OnceLock;

use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Smart};
use typst::text::Font;
use typst_as_lib::{TypstAsLibError, TypstEngine};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::view::View;
use super::{Logo, ReportError};

/// The shipped fonts (Liberation Sans 2.1.5, SIL OFL 1.1; licence in `templates/fonts`).
const FONTS: [&[u8]; 3] = [
    include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../templates/fonts/LiberationSans-Italic.ttf"),
];

/// The shipped faces, parsed once, to check which characters they can show.
fn faces() -> &'static [Font] {
    static FACES: OnceLock<Vec<Font>> = OnceLock::new();
    FACES.get_or_init(|| {
        FONTS
            .iter()
            .filter_map(|data| Font::new(Bytes::new(*data), 0))
            .collect()
    })
}

/// Replaces characters no shipped face can show (emoji, CJK …) by `?`.
///
/// PDF/A forbids text without a glyph, so one such character in a company name
/// would otherwise stop the whole report. Only the characters change, never the
/// JSON structure (which is ASCII).
fn printable(json: String) -> String {
    let faces = faces();
    if json.is_ascii() {
        return json;
    }
    json.chars()
        .map(|c| {
            let shown = c.is_ascii()
                || c.is_whitespace()
                || faces.iter().all(|f| f.info().coverage.contains(c as u32));
            if shown { c } else { '?' }
        })
        .collect()
}

/// Main file of the layout.
const MAIN: &str = "/report.typ";

/// The embedded layout files, by their path inside the template folder.
const EMBEDDED: [(&str, &str); 2] = [
    (MAIN, include_str!("../../templates/report.typ")),
    (
        "/report/charts.typ",
        include_str!("../../templates/report/charts.typ"),
    ),
];

/// A report layout: the embedded one or a consultant's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    /// The layout shipped in the binary.
    Embedded,
    /// A folder holding `report.typ` and the files it includes (resolved inside the
    /// folder only).
    Dir(PathBuf),
}

impl Template {
    /// The shipped layout.
    pub fn embedded() -> Template {
        Template::Embedded
    }

    /// A layout folder; it must contain `report.typ`.
    ///
    /// # Errors
    /// [`ReportError::TemplateIo`] when `dir/report.typ` cannot be read.
    pub fn from_dir(dir: &Path) -> Result<Template, ReportError> {
        let main = dir.join("report.typ");
        std::fs::metadata(&main).map_err(|source| ReportError::TemplateIo {
            path: main.clone(),
            source,
        })?;
        Ok(Template::Dir(dir.to_owned()))
    }

    /// Source texts of the embedded layout, for writing out as a starting point.
    pub fn embedded_files() -> impl Iterator<Item = (&'static str, &'static str)> {
        EMBEDDED
            .iter()
            .map(|(path, text)| (path.trim_start_matches('/'), *text))
    }
}

fn engine(template: &Template) -> TypstEngine {
    let builder = TypstEngine::builder().fonts(FONTS);
    match template {
        Template::Embedded => builder.with_static_source_file_resolver(EMBEDDED).build(),
        Template::Dir(dir) => builder.with_file_system_resolver(dir.clone()).build(),
    }
}

fn describe(error: TypstAsLibError) -> String {
    match error {
        TypstAsLibError::TypstSource(diagnostics) => diagnostics
            .iter()
            .map(|d| {
                let file = d
                    .span
                    .id()
                    .map(|id| format!("{}: ", id.vpath().get_without_slash()))
                    .unwrap_or_default();
                let hints: String = d
                    .hints
                    .iter()
                    .map(|h| format!(" (hint: {})", h.v))
                    .collect();
                format!("{file}{}{hints}", d.message)
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// Typesets `view` and writes PDF/A-2b with `created` as the creation date.
pub(crate) fn pdf(
    template: &Template,
    view: &View,
    logo: Option<&Logo>,
    created: NaiveDateTime,
) -> Result<Vec<u8>, ReportError> {
    let mut inputs = Dict::new();
    inputs.insert(
        "data".into(),
        printable(serde_json::to_string(view)?).into_value(),
    );
    if let Some(logo) = logo {
        inputs.insert("logo".into(), Bytes::new(logo.bytes.clone()).into_value());
    }
    let engine = engine(template);
    let document: PagedDocument = engine
        .compile_with_input(MAIN, inputs)
        .output
        .map_err(|e| ReportError::Template(describe(e)))?;

    let timestamp = Datetime::from_ymd_hms(
        created.year(),
        created.month() as u8,
        created.day() as u8,
        created.hour() as u8,
        created.minute() as u8,
        created.second() as u8,
    )
    .map(Timestamp::new_utc);
    let standards = PdfStandards::new(&[PdfStandard::A_2b])
        .map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        creator: Smart::Custom(Some("Datenreife".into())),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| {
        ReportError::Pdf(
            diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_without_a_glyph_become_question_marks() {
        let json = r#"{"name":"Müller & Söhne – 1.000 € ≈ ß → Ünïcødé 🚀 漢字"}"#.to_owned();
        assert_eq!(
            printable(json),
            r#"{"name":"Müller & Söhne – 1.000 € ≈ ß → Ünïcødé ? ??"}"#
        );
    }
}
