//! Writing the catalogue: JSON for tools, CSV for scripts, XLSX and text for people.

use std::io::Write;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::annotation::AnnotationKey;
use super::{Catalog, CatalogFile, Dataset};
use crate::i18n::{Lang, t, tf};
use crate::score::{Dimension, Severity};

/// Errors while exporting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing the output failed.
    #[error("cannot write the export")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    /// The XLSX writer failed.
    #[error("cannot write the workbook")]
    Xlsx(#[from] XlsxError),
    /// JSON serialisation failed.
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
}

/// Writes the catalogue as pretty JSON (the DESIGN §4 contract).
pub fn write_json<W: Write>(catalog: &Catalog, out: W) -> Result<(), ExportError> {
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, catalog)?;
    out.write_all(b"\n")?;
    Ok(())
}

const CSV_HEADER: [&str; 17] = [
    "root",
    "path",
    "size",
    "modified",
    "format",
    "format_detail",
    "extension_mismatch",
    "encoding",
    "delimiter",
    "readable",
    "error",
    "duplicate_of",
    "tables",
    "rows",
    "personal_data",
    "special_category",
    "code_systems",
];

fn csv_row(catalog: &Catalog, f: &CatalogFile) -> [String; 17] {
    let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
    [
        catalog.roots.get(f.root).cloned().unwrap_or_default(),
        f.path.clone(),
        f.size.to_string(),
        f.modified.clone().unwrap_or_default(),
        f.format.clone(),
        f.format_detail.clone().unwrap_or_default(),
        flag(f.extension_mismatch),
        f.encoding.clone().unwrap_or_default(),
        f.delimiter.clone().unwrap_or_default(),
        flag(f.readable),
        f.error.clone().unwrap_or_default(),
        f.duplicate_of.clone().unwrap_or_default(),
        f.tables.len().to_string(),
        f.tables.iter().map(|t| t.rows).sum::<u64>().to_string(),
        flag(f.personal_data),
        flag(f.special_category),
        f.code_systems.join("|"),
    ]
}

/// Which table a CSV export holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvTable {
    /// One row per file, with its dataset and the dataset's scores.
    #[default]
    Files,
    /// One row per dataset with scores, counts of findings and annotations.
    Datasets,
    /// One row per finding.
    Findings,
}

/// Writes one CSV row per file (RFC 4180, comma, UTF-8, English column names), with
/// the dataset each file belongs to and that dataset's scores.
pub fn write_csv<W: Write>(catalog: &Catalog, out: W) -> Result<(), ExportError> {
    write_csv_table(catalog, CsvTable::Files, Lang::En, out)
}

/// Writes one of the catalogue's tables as CSV; finding texts are in `lang`.
pub fn write_csv_table<W: Write>(
    catalog: &Catalog,
    table: CsvTable,
    lang: Lang,
    out: W,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    match table {
        CsvTable::Files => {
            let mut header = CSV_HEADER.to_vec();
            header.extend([
                "dataset_id",
                "dataset",
                "quality",
                "rights",
                "interoperability",
            ]);
            writer.write_record(&header)?;
            let mut owner: Vec<Option<&Dataset>> = vec![None; catalog.files.len()];
            for d in &catalog.datasets {
                for &i in d
                    .file_indices
                    .iter()
                    .chain(&d.documentation_indices)
                    .chain(&d.duplicate_indices)
                {
                    owner[i].get_or_insert(d);
                }
            }
            for (i, f) in catalog.files.iter().enumerate() {
                let mut row = csv_row(catalog, f).to_vec();
                match owner[i] {
                    Some(d) => row.extend([
                        d.id.clone(),
                        d.name.clone(),
                        d.scores.quality.to_string(),
                        d.scores.rights.to_string(),
                        d.scores.interoperability.to_string(),
                    ]),
                    None => row.extend(std::iter::repeat_n(String::new(), 5)),
                }
                writer.write_record(&row)?;
            }
        }
        CsvTable::Datasets => {
            let mut header = vec![
                "dataset_id",
                "name",
                "kind",
                "folder",
                "files",
                "bytes",
                "tables",
                "rows",
                "personal_data",
                "special_category",
                "code_systems",
                "period_first",
                "period_last",
                "missing_periods",
                "quality",
                "rights",
                "interoperability",
                "critical",
                "warning",
                "info",
            ];
            header.extend(AnnotationKey::ALL.iter().map(|k| k.id()));
            writer.write_record(&header)?;
            for d in &catalog.datasets {
                let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count();
                let mut row = vec![
                    d.id.clone(),
                    d.name.clone(),
                    d.kind.id().to_owned(),
                    d.folder.clone(),
                    d.files.len().to_string(),
                    d.bytes.to_string(),
                    d.tables.to_string(),
                    d.rows.to_string(),
                    d.personal_data.to_string(),
                    d.special_category.to_string(),
                    d.code_systems.join("|"),
                    d.series
                        .as_ref()
                        .map(|s| s.first.clone())
                        .unwrap_or_default(),
                    d.series
                        .as_ref()
                        .map(|s| s.last.clone())
                        .unwrap_or_default(),
                    d.series
                        .as_ref()
                        .map(|s| s.missing.join("|"))
                        .unwrap_or_default(),
                    d.scores.quality.to_string(),
                    d.scores.rights.to_string(),
                    d.scores.interoperability.to_string(),
                    count(Severity::Critical).to_string(),
                    count(Severity::Warning).to_string(),
                    count(Severity::Info).to_string(),
                ];
                row.extend(
                    AnnotationKey::ALL
                        .iter()
                        .map(|k| d.annotations.get(*k).unwrap_or("").to_owned()),
                );
                writer.write_record(&row)?;
            }
        }
        CsvTable::Findings => {
            writer.write_record([
                "dataset_id",
                "dataset",
                "dimension",
                "severity",
                "code",
                "problem",
                "next_step",
                "columns",
                "files",
            ])?;
            for d in &catalog.datasets {
                for f in &d.findings {
                    writer.write_record([
                        d.id.as_str(),
                        d.name.as_str(),
                        f.dimension.id(),
                        f.severity.id(),
                        f.code.as_str(),
                        f.problem.as_str(),
                        f.next_step.as_str(),
                        &f.columns.join("|"),
                        &f.files.join("|"),
                    ])?;
                }
            }
        }
    }
    let _ = lang;
    writer.flush()?;
    Ok(())
}

/// Cell formats of the workbook.
pub struct Styles {
    /// Header row.
    pub header: Format,
    /// Whole numbers with thousands separators.
    pub integer: Format,
    /// Dates and times.
    pub datetime: Format,
    /// Wrapped text.
    pub wrap: Format,
    /// Highlighted warning text.
    pub warning: Format,
}

impl Styles {
    /// The house style.
    pub fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E79))
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x9BB7D4))
                .set_text_wrap(),
            integer: Format::new().set_num_format("#,##0"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            warning: Format::new().set_font_color(Color::RGB(0x9C0006)),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// Writes a header row, freezes it, sets widths and an autofilter over `rows` data rows.
pub fn sheet_header(
    sheet: &mut Worksheet,
    styles: &Styles,
    headers: &[(String, f64)],
    rows: u32,
) -> Result<(), XlsxError> {
    for (col, (title, width)) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, title, &styles.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;
    if !headers.is_empty() {
        sheet.autofilter(0, 0, rows.max(1), headers.len() as u16 - 1)?;
    }
    Ok(())
}

fn parse_time(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.naive_utc())
}

/// Builds the catalogue workbook: a sheet of files and a sheet of errors.
pub fn workbook(catalog: &Catalog, lang: Lang) -> Result<Workbook, ExportError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(t(lang, "catalog.workbook_title"))
            .set_author("Datenreife")
            .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?),
    );

    let files = book.add_worksheet();
    files.set_name(t(lang, "catalog.sheet_files"))?;
    let columns: Vec<(String, f64)> = [
        ("col_root", 10.0),
        ("col_path", 48.0),
        ("col_format", 12.0),
        ("col_detail", 18.0),
        ("col_size", 12.0),
        ("col_modified", 17.0),
        ("col_readable", 10.0),
        ("col_error", 40.0),
        ("col_duplicate_of", 36.0),
        ("col_mismatch", 12.0),
        ("col_encoding", 13.0),
        ("col_delimiter", 10.0),
        ("col_tables", 9.0),
        ("col_rows", 11.0),
        ("col_personal", 12.0),
        ("col_special", 14.0),
        ("col_codes", 20.0),
    ]
    .iter()
    .map(|(k, w)| (t(lang, &format!("catalog.{k}")), *w))
    .collect();
    sheet_header(files, &styles, &columns, catalog.files.len() as u32)?;
    let yes = t(lang, "catalog.yes");
    let no = t(lang, "catalog.no");
    let flag = |b: bool| if b { yes.as_str() } else { no.as_str() };
    for (i, f) in catalog.files.iter().enumerate() {
        let r = i as u32 + 1;
        files.write_number(r, 0, f.root as f64 + 1.0)?;
        files.write_string(r, 1, &f.path)?;
        files.write_string(r, 2, &f.format)?;
        files.write_string(r, 3, f.format_detail.as_deref().unwrap_or(""))?;
        files.write_number_with_format(r, 4, f.size as f64, &styles.integer)?;
        if let Some(time) = f.modified.as_deref().and_then(parse_time) {
            files.write_datetime_with_format(r, 5, time, &styles.datetime)?;
        }
        files.write_string(r, 6, flag(f.readable))?;
        if let Some(error) = &f.error {
            files.write_string_with_format(r, 7, error, &styles.warning)?;
        }
        files.write_string(r, 8, f.duplicate_of.as_deref().unwrap_or(""))?;
        files.write_string(r, 9, flag(f.extension_mismatch))?;
        files.write_string(r, 10, f.encoding.as_deref().unwrap_or(""))?;
        files.write_string(
            r,
            11,
            f.delimiter.as_deref().map(delimiter_label).unwrap_or(""),
        )?;
        files.write_number(r, 12, f.tables.len() as f64)?;
        files.write_number_with_format(
            r,
            13,
            f.tables.iter().map(|t| t.rows).sum::<u64>() as f64,
            &styles.integer,
        )?;
        files.write_string(r, 14, flag(f.personal_data))?;
        files.write_string(r, 15, flag(f.special_category))?;
        files.write_string(r, 16, f.code_systems.join(", "))?;
    }

    add_dataset_sheets(&mut book, catalog, lang, &styles)?;

    let errors = book.add_worksheet();
    errors.set_name(t(lang, "catalog.sheet_errors"))?;
    let columns = vec![
        (t(lang, "catalog.col_path"), 60.0),
        (t(lang, "catalog.col_reason"), 80.0),
    ];
    sheet_header(errors, &styles, &columns, catalog.errors.len() as u32)?;
    for (i, e) in catalog.errors.iter().enumerate() {
        errors.write_string(i as u32 + 1, 0, &e.path)?;
        errors.write_string_with_format(i as u32 + 1, 1, &e.reason, &styles.wrap)?;
    }
    Ok(book)
}

fn score_format(score: u8) -> Format {
    let (bg, fg) = if score >= 75 {
        (0xC6EFCE, 0x006100)
    } else if score >= 50 {
        (0xFFEB9C, 0x9C5700)
    } else {
        (0xFFC7CE, 0x9C0006)
    };
    Format::new()
        .set_background_color(Color::RGB(bg))
        .set_font_color(Color::RGB(fg))
        .set_align(FormatAlign::Center)
}

fn severity_format(s: Severity) -> Format {
    let color = match s {
        Severity::Critical => 0x9C0006,
        Severity::Warning => 0x9C5700,
        Severity::Info => 0x1F4E79,
    };
    Format::new()
        .set_font_color(Color::RGB(color))
        .set_align(FormatAlign::Top)
}

/// Adds the sheets on datasets: overview with scores and annotations, findings with
/// next steps, the metrics behind every score, and the company readiness.
pub fn add_dataset_sheets(
    book: &mut Workbook,
    catalog: &Catalog,
    lang: Lang,
    styles: &Styles,
) -> Result<(), ExportError> {
    let yes = t(lang, "catalog.yes");
    let no = t(lang, "catalog.no");
    let flag = |b: bool| if b { yes.as_str() } else { no.as_str() };

    // Readiness.
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "catalog.sheet_readiness"))?;
    let columns: Vec<(String, f64)> = [
        ("col_dimension", 22.0),
        ("col_score", 10.0),
        ("col_datasets", 11.0),
        ("col_critical", 10.0),
        ("col_warning", 10.0),
        ("col_info", 10.0),
        ("col_weakest", 60.0),
    ]
    .iter()
    .map(|(k, w)| (t(lang, &format!("catalog.{k}")), *w))
    .collect();
    sheet_header(sheet, styles, &columns, 3)?;
    for (i, r) in catalog.readiness.dimensions.iter().enumerate() {
        let row = i as u32 + 1;
        let Some(dim) = r.dimension else { continue };
        sheet.write_string(row, 0, dim.label(lang))?;
        if let Some(score) = r.score {
            sheet.write_number_with_format(row, 1, score, &score_format(score.round() as u8))?;
        }
        sheet.write_number(row, 2, r.datasets as f64)?;
        sheet.write_number(row, 3, r.critical as f64)?;
        sheet.write_number(row, 4, r.warning as f64)?;
        sheet.write_number(row, 5, r.info as f64)?;
        let names: Vec<String> = r
            .weakest
            .iter()
            .filter_map(|id| catalog.dataset(id).map(|d| d.name.clone()))
            .collect();
        sheet.write_string_with_format(row, 6, names.join(", "), &styles.wrap)?;
    }
    sheet.write_string(5, 0, t(lang, "catalog.readiness_note"))?;
    if let Some(as_of) = &catalog.as_of {
        sheet.write_string(6, 0, tf(lang, "catalog.as_of", &[("date", as_of.as_str())]))?;
    }

    // Datasets.
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "catalog.sheet_datasets"))?;
    let mut columns: Vec<(String, f64)> = [
        ("col_dataset", 30.0),
        ("col_id", 26.0),
        ("col_kind", 14.0),
        ("col_folder", 30.0),
        ("col_files", 8.0),
        ("col_size", 12.0),
        ("col_rows", 10.0),
        ("col_personal", 11.0),
        ("col_special", 13.0),
        ("col_codes", 16.0),
        ("col_period", 20.0),
        ("col_quality", 10.0),
        ("col_rights", 10.0),
        ("col_interoperability", 12.0),
        ("col_critical", 9.0),
        ("col_warning", 9.0),
        ("col_info", 9.0),
        ("col_basis", 40.0),
    ]
    .iter()
    .map(|(k, w)| (t(lang, &format!("catalog.{k}")), *w))
    .collect();
    columns.extend(AnnotationKey::ALL.iter().map(|k| (k.label(lang), 22.0)));
    sheet_header(sheet, styles, &columns, catalog.datasets.len() as u32)?;
    for (i, d) in catalog.datasets.iter().enumerate() {
        let r = i as u32 + 1;
        let count = |s: Severity| d.findings.iter().filter(|f| f.severity == s).count() as f64;
        sheet.write_string(r, 0, &d.name)?;
        sheet.write_string(r, 1, &d.id)?;
        sheet.write_string(r, 2, t(lang, &format!("dataset.kind_{}", d.kind.id())))?;
        sheet.write_string(r, 3, &d.folder)?;
        sheet.write_number(r, 4, d.files.len() as f64)?;
        sheet.write_number_with_format(r, 5, d.bytes as f64, &styles.integer)?;
        sheet.write_number_with_format(r, 6, d.rows as f64, &styles.integer)?;
        sheet.write_string(r, 7, flag(d.personal_data))?;
        sheet.write_string(r, 8, flag(d.special_category))?;
        sheet.write_string(r, 9, d.code_systems.join(", "))?;
        if let Some(s) = &d.series {
            sheet.write_string(r, 10, format!("{} – {}", s.first, s.last))?;
        }
        for (c, dim) in Dimension::ALL.iter().enumerate() {
            let score = d.scores.get(*dim);
            sheet.write_number_with_format(
                r,
                11 + c as u16,
                f64::from(score),
                &score_format(score),
            )?;
        }
        sheet.write_number(r, 14, count(Severity::Critical))?;
        sheet.write_number(r, 15, count(Severity::Warning))?;
        sheet.write_number(r, 16, count(Severity::Info))?;
        let notes: Vec<&str> = d.basis.values().filter_map(|b| b.note.as_deref()).collect();
        sheet.write_string_with_format(r, 17, notes.join(" "), &styles.wrap)?;
        for (k, key) in AnnotationKey::ALL.iter().enumerate() {
            if let Some(v) = d.annotations.display(*key, lang) {
                sheet.write_string_with_format(r, 18 + k as u16, v, &styles.wrap)?;
            }
        }
    }

    // Findings.
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "catalog.sheet_findings"))?;
    let columns: Vec<(String, f64)> = [
        ("col_dataset", 28.0),
        ("col_dimension", 16.0),
        ("col_severity", 11.0),
        ("col_problem", 60.0),
        ("col_next_step", 60.0),
        ("col_columns", 24.0),
        ("col_files", 40.0),
        ("col_code", 30.0),
    ]
    .iter()
    .map(|(k, w)| (t(lang, &format!("catalog.{k}")), *w))
    .collect();
    let total: usize = catalog.datasets.iter().map(|d| d.findings.len()).sum();
    sheet_header(sheet, styles, &columns, total as u32)?;
    let mut r = 1;
    for d in &catalog.datasets {
        for f in &d.findings {
            sheet.write_string_with_format(r, 0, &d.name, &styles.wrap)?;
            sheet.write_string_with_format(r, 1, f.dimension.label(lang), &styles.wrap)?;
            sheet.write_string_with_format(
                r,
                2,
                f.severity.label(lang),
                &severity_format(f.severity),
            )?;
            sheet.write_string_with_format(r, 3, &f.problem, &styles.wrap)?;
            sheet.write_string_with_format(r, 4, &f.next_step, &styles.wrap)?;
            sheet.write_string_with_format(r, 5, f.columns.join(", "), &styles.wrap)?;
            sheet.write_string_with_format(r, 6, f.files.join("\n"), &styles.wrap)?;
            sheet.write_string(r, 7, &f.code)?;
            r += 1;
        }
    }

    // Metrics behind the scores.
    let sheet = book.add_worksheet();
    sheet.set_name(t(lang, "catalog.sheet_metrics"))?;
    let columns: Vec<(String, f64)> = [
        ("col_dataset", 28.0),
        ("col_dimension", 16.0),
        ("col_metric", 34.0),
        ("col_value", 10.0),
        ("col_points", 10.0),
        ("col_weight", 9.0),
        ("col_measured", 50.0),
    ]
    .iter()
    .map(|(k, w)| (t(lang, &format!("catalog.{k}")), *w))
    .collect();
    let total: usize = catalog.datasets.iter().map(|d| d.metrics.len()).sum();
    sheet_header(sheet, styles, &columns, total as u32)?;
    let percent = Format::new().set_num_format("0.0%");
    let not_applicable = t(lang, "catalog.not_applicable");
    let mut r = 1;
    for d in &catalog.datasets {
        for m in &d.metrics {
            sheet.write_string(r, 0, &d.name)?;
            sheet.write_string(r, 1, m.dimension.label(lang))?;
            sheet.write_string(r, 2, &m.label)?;
            match (m.value, m.points) {
                (Some(v), Some(p)) => {
                    sheet.write_number_with_format(r, 3, v, &percent)?;
                    sheet.write_number_with_format(
                        r,
                        4,
                        p.round(),
                        &score_format(p.round() as u8),
                    )?;
                }
                _ => {
                    sheet.write_string(r, 3, &not_applicable)?;
                }
            }
            sheet.write_number(r, 5, m.weight)?;
            sheet.write_string_with_format(r, 6, &m.detail, &styles.wrap)?;
            r += 1;
        }
    }
    Ok(())
}

fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "!!",
        Severity::Warning => " !",
        Severity::Info => " i",
    }
}

/// Writes the datasets part of the terminal summary: readiness, then every dataset
/// with its scores and every finding with its next step.
pub fn write_datasets_text<W: Write>(
    catalog: &Catalog,
    lang: Lang,
    out: &mut W,
) -> Result<(), ExportError> {
    if catalog.datasets.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        tf(
            lang,
            "catalog.text_readiness",
            &[("date", catalog.as_of.as_deref().unwrap_or("?"))]
        )
    )?;
    for r in &catalog.readiness.dimensions {
        let (Some(dim), Some(score)) = (r.dimension, r.score) else {
            continue;
        };
        writeln!(
            out,
            "  {:<20} {:>5}   {}",
            dim.label(lang),
            lang.number(score, 0),
            tf(
                lang,
                "catalog.text_readiness_counts",
                &[
                    ("critical", &r.critical.to_string()),
                    ("warning", &r.warning.to_string()),
                    ("info", &r.info.to_string()),
                ]
            )
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        tf(
            lang,
            "catalog.text_datasets",
            &[("n", &catalog.datasets.len().to_string())]
        )
    )?;
    writeln!(out, "{}", t(lang, "catalog.text_legend"))?;
    for d in &catalog.datasets {
        writeln!(out)?;
        writeln!(out, "{}  [{}]", d.name, d.id)?;
        writeln!(
            out,
            "  {} {:>3}   {} {:>3}   {} {:>3}   · {}",
            Dimension::Quality.label(lang),
            d.scores.quality,
            Dimension::Rights.label(lang),
            d.scores.rights,
            Dimension::Interoperability.label(lang),
            d.scores.interoperability,
            tf(
                lang,
                "catalog.text_dataset_facts",
                &[
                    ("kind", &t(lang, &format!("dataset.kind_{}", d.kind.id()))),
                    ("files", &d.files.len().to_string()),
                    ("bytes", &lang.bytes(d.bytes)),
                    ("folder", if d.folder.is_empty() { "/" } else { &d.folder }),
                ]
            )
        )?;
        for note in d.basis.values().filter_map(|b| b.note.as_deref()) {
            writeln!(out, "     {note}")?;
        }
        for f in &d.findings {
            writeln!(
                out,
                "  {} [{}] {}",
                mark(f.severity),
                f.dimension.label(lang),
                f.message
            )?;
            if let Some(command) = &f.command {
                writeln!(out, "      → {command}")?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}

fn delimiter_label(d: &str) -> &str {
    match d {
        "\t" => "TAB",
        other => other,
    }
}

/// Writes the catalogue workbook to bytes.
pub fn write_xlsx(catalog: &Catalog, lang: Lang) -> Result<Vec<u8>, ExportError> {
    Ok(workbook(catalog, lang)?.save_to_buffer()?)
}

/// Writes a summary for a terminal: scan, totals per format, duplicates, errors.
pub fn write_text<W: Write>(catalog: &Catalog, lang: Lang, mut out: W) -> Result<(), ExportError> {
    let total_bytes: u64 = catalog.files.iter().map(|f| f.size).sum();
    writeln!(out, "{}", t(lang, "catalog.text_title"))?;
    for (i, root) in catalog.roots.iter().enumerate() {
        writeln!(out, "  [{}] {root}", i + 1)?;
    }
    if let Some(scan) = &catalog.scan {
        writeln!(
            out,
            "{}",
            tf(
                lang,
                "catalog.text_scan",
                &[
                    ("id", &scan.id.to_string()),
                    ("time", &scan.started_at),
                    ("status", &scan.status)
                ]
            )
        )?;
    }
    writeln!(
        out,
        "{}\n",
        tf(
            lang,
            "catalog.text_totals",
            &[
                ("files", &lang.number(catalog.files.len() as f64, 0)),
                ("bytes", &lang.bytes(total_bytes))
            ]
        )
    )?;
    writeln!(
        out,
        "  {:<12} {:>9} {:>12}",
        t(lang, "catalog.col_format"),
        t(lang, "catalog.text_count"),
        t(lang, "catalog.col_size")
    )?;
    for (format, n, bytes) in catalog.format_totals() {
        writeln!(
            out,
            "  {:<12} {:>9} {:>12}",
            format,
            lang.number(n as f64, 0),
            lang.bytes(bytes)
        )?;
    }
    let (dups, dup_bytes) = catalog.duplicate_totals();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        tf(
            lang,
            "catalog.text_duplicates",
            &[
                ("n", &lang.number(dups as f64, 0)),
                ("bytes", &lang.bytes(dup_bytes))
            ]
        )
    )?;
    let mismatches = catalog
        .files
        .iter()
        .filter(|f| f.extension_mismatch)
        .count();
    if mismatches > 0 {
        writeln!(
            out,
            "{}",
            tf(
                lang,
                "catalog.text_mismatches",
                &[("n", &mismatches.to_string())]
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        tf(
            lang,
            "catalog.text_errors",
            &[("n", &lang.number(catalog.errors.len() as f64, 0))]
        )
    )?;
    const SHOWN: usize = 20;
    write_datasets_text(catalog, lang, &mut out)?;
    for e in catalog.errors.iter().take(SHOWN) {
        writeln!(out, "  - {}: {}", e.path, e.reason)?;
    }
    if catalog.errors.len() > SHOWN {
        writeln!(
            out,
            "  {}",
            tf(
                lang,
                "catalog.text_more",
                &[("n", &(catalog.errors.len() - SHOWN).to_string())]
            )
        )?;
    }
    Ok(())
}
