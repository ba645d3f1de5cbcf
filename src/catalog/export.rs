//! Writing the catalogue: JSON for tools, CSV for scripts, XLSX and text for people.

use std::io::Write;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{Catalog, CatalogFile};
use crate::i18n::{Lang, t, tf};

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

/// Writes one CSV row per file (RFC 4180, comma, UTF-8, English column names).
pub fn write_csv<W: Write>(catalog: &Catalog, out: W) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for f in &catalog.files {
        writer.write_record(csv_row(catalog, f))?;
    }
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
