//! Spreadsheets: XLSX, XLSB, XLS and ODS with calamine, every sheet a table.
//!
//! XLSX and XLSB sheets are streamed cell by cell (memory does not grow with rows); XLS
//! workbooks and ODS content are read whole by calamine, so they are refused above
//! [`ProfileLimits::max_in_memory_bytes`](super::ProfileLimits). XLSX, XLSB and ODS pass the
//! [ZIP guard](super::zipguard) first. The header row is found among the first rows
//! of each sheet, so title rows and merged title cells above it are skipped; dates
//! are read as dates (calamine's `dates` feature).

use std::fs::File;
use std::io::{BufReader, Seek, SeekFrom};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use chrono::{Datelike, NaiveDateTime};

use super::column::{Cell, NumberStyle, Origin};
use super::table::{Shape, TableBuilder, find_header, shape_of_text};
use super::{Context, scrub, zipguard};
use crate::scan::{Format, Issue};

/// Rows looked at to find the header.
const HEADER_WINDOW: usize = 30;

/// A cell value as the sheet readers deliver it (owned or borrowed from the
/// workbook's shared strings).
#[derive(Clone, Debug)]
enum Value<'a> {
    Empty,
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    Moment(NaiveDateTime),
    Time(chrono::NaiveTime),
    Bool(bool),
    Error,
}

impl Value<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    fn cell(&self) -> Cell<'_> {
        match self {
            Value::Empty => Cell::Empty,
            Value::Text(t) => Cell::Text(t),
            Value::Number(n) => Cell::Number(*n),
            Value::Moment(m) if m.time() == chrono::NaiveTime::MIN => Cell::Date(m.date()),
            Value::Moment(m) => Cell::DateTime(*m),
            Value::Time(t) => Cell::Time(*t),
            Value::Bool(b) => Cell::Bool(*b),
            Value::Error => Cell::Error,
        }
    }

    fn shape(&self, cx: &Context<'_>) -> Shape {
        match self {
            Value::Empty => Shape::Empty,
            Value::Text(t) => shape_of_text(t, cx.today()),
            Value::Error => Shape::Text,
            _ => Shape::Typed,
        }
    }

    /// The header name of a cell.
    fn header(&self) -> String {
        match self {
            Value::Text(t) => t.trim().to_owned(),
            Value::Number(n) => super::column::number_text(*n, n.fract() == 0.0),
            Value::Moment(m) => m.date().to_string(),
            Value::Time(t) => t.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Empty | Value::Error => String::new(),
        }
    }
}

/// Excel serial dates without a day (`0.34`) are times of day.
fn moment(dt: Option<NaiveDateTime>, duration: bool) -> Value<'static> {
    match dt {
        Some(m) if duration || (m.year() < 1900 || m.date().to_string() == "1899-12-31") => {
            Value::Time(m.time())
        }
        Some(m) => Value::Moment(m),
        None => Value::Error,
    }
}

fn from_ref<'a>(v: DataRef<'a>) -> Value<'a> {
    match v {
        DataRef::Empty => Value::Empty,
        DataRef::Int(i) => Value::Number(i as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::String(s) => Value::Text(s.into()),
        DataRef::SharedString(s) => Value::Text(s.into()),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(d) => moment(d.as_datetime(), d.is_duration()),
        DataRef::DateTimeIso(s) => iso(&s),
        DataRef::DurationIso(s) => Value::Text(s.into()),
        DataRef::Error(_) => Value::Error,
    }
}

fn from_data(v: &Data) -> Value<'_> {
    match v {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.as_str().into()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => moment(d.as_datetime(), d.is_duration()),
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => Value::Text(s.as_str().into()),
        Data::Error(_) => Value::Error,
    }
}

/// ODS writes dates as ISO text (`2016-03-01`, `2016-03-01T08:00:00`).
fn iso(s: &str) -> Value<'static> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Value::Moment(d.and_time(chrono::NaiveTime::MIN));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(m) = NaiveDateTime::parse_from_str(s, f) {
            return Value::Moment(m);
        }
    }
    Value::Text(s.to_owned().into())
}

/// Streams every sheet of an XLSX or XLSB workbook cell by cell into its table. (A
/// macro, since the two readers' cell iterators share a shape but no trait.)
macro_rules! stream_sheets {
    ($book:ident, $cx:ident) => {{
        for name in sheet_names($book.sheet_names(), $cx) {
            $cx.check()?;
            match $book.worksheet_cells_reader(&name) {
                Ok(mut cells) => {
                    let (rows, _) = cells.dimensions().end;
                    stream_sheet(name, rows, || cells.next_cell(), $cx)?;
                }
                Err(e) => sheet_unreadable(name, &e, $cx)?,
            }
        }
        Ok(())
    }};
}

/// Feeds one sheet's cells, in row order as the reader yields them, into a table. A
/// reader error ends the sheet with a note; a ZIP bomb ends the workbook.
fn stream_sheet<'a, E: std::fmt::Display>(
    name: String,
    last_row: u32,
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    cx: &mut Context<'_>,
) -> Result<(), Issue> {
    let mut sheet = SheetRows::new(name.clone(), u64::from(last_row) + 1);
    let mut result = Ok(());
    loop {
        match next_cell() {
            Ok(Some(cell)) => {
                let (r, c) = cell.get_position();
                if let Err(e) = sheet.cell(r, c, from_ref(cell.get_value().clone()), cx) {
                    result = Err(e);
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                let message = e.to_string();
                if zipguard::is_bomb_error(&message) {
                    result = Err(Issue::with("zip_bomb", name));
                } else {
                    let detail = format!("{name}: {}", scrub(&message));
                    cx.note("sheet_damaged", Some(&detail));
                }
                break;
            }
        }
    }
    sheet.finish(cx);
    result
}

/// A sheet the reader cannot open is a note; a ZIP bomb ends the workbook.
fn sheet_unreadable(
    name: String,
    e: &dyn std::fmt::Display,
    cx: &mut Context<'_>,
) -> Result<(), Issue> {
    let message = e.to_string();
    if zipguard::is_bomb_error(&message) {
        return Err(Issue::with("zip_bomb", name));
    }
    let detail = format!("{name}: {}", scrub(&message));
    cx.note("sheet_unreadable", Some(&detail));
    Ok(())
}

/// Profiles a workbook.
pub(crate) fn read(file: File, format: Format, cx: &mut Context<'_>) -> Result<(), Issue> {
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    match format {
        Format::Xlsx => {
            let container = zipguard::check(&mut reader, format, cx.limits())?;
            rewind(&mut reader)?;
            if container.binary_workbook {
                let mut book: Xlsb<_> = Xlsb::new(reader).map_err(|e| unreadable(&e))?;
                stream_sheets!(book, cx)
            } else {
                let mut book: Xlsx<_> = Xlsx::new(reader).map_err(|e| unreadable(&e))?;
                stream_sheets!(book, cx)
            }
        }
        Format::Ods => {
            zipguard::check(&mut reader, format, cx.limits())?;
            rewind(&mut reader)?;
            let book: Ods<_> = Ods::new(reader).map_err(|e| unreadable(&e))?;
            ranges(book, cx)
        }
        _ => {
            // calamine holds an XLS workbook's cells in memory at about three times the
            // file's size.
            if cx.size > cx.limits().max_in_memory_bytes / 3 {
                return Err(Issue::with(
                    "spreadsheet_too_large",
                    format!("{} MiB", cx.size >> 20),
                ));
            }
            let book: Xls<_> = Xls::new(reader).map_err(|e| unreadable(&e))?;
            ranges(book, cx)
        }
    }
}

fn rewind(reader: &mut BufReader<File>) -> Result<(), Issue> {
    reader
        .seek(SeekFrom::Start(0))
        .map(|_| ())
        .map_err(|e| crate::scan::issue_from_io(&e))
}

fn unreadable(e: &dyn std::fmt::Display) -> Issue {
    let message = e.to_string();
    if zipguard::is_bomb_error(&message) {
        return Issue::with("zip_bomb", "entry larger than declared");
    }
    Issue::with("spreadsheet_unreadable", scrub(&message))
}

fn sheet_names(names: Vec<String>, cx: &mut Context<'_>) -> Vec<String> {
    let limit = cx.limits().max_sheets;
    if names.len() > limit {
        let detail = format!("{limit}/{}", names.len());
        cx.note("sheets_truncated", Some(&detail));
    }
    names.into_iter().take(limit).collect()
}

/// XLS and ODS: whole sheets from calamine.
fn ranges<R: Reader<BufReader<File>>>(mut book: R, cx: &mut Context<'_>) -> Result<(), Issue>
where
    R::Error: std::fmt::Display,
{
    let names = sheet_names(book.sheet_names(), cx);
    for name in names {
        cx.check()?;
        match book.worksheet_range(&name) {
            Ok(range) => {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let mut sheet = SheetRows::new(name.clone(), range.height() as u64);
                for (i, row) in range.rows().enumerate() {
                    for (j, v) in row.iter().enumerate() {
                        let value = from_data(v);
                        if !value.is_empty() {
                            sheet.cell(r0 + i as u32, c0 + j as u32, value, cx)?;
                        }
                    }
                }
                sheet.finish(cx);
            }
            Err(e) => sheet_unreadable(name, &e, cx)?,
        }
    }
    Ok(())
}

/// Assembles rows from cells in row order and feeds a table.
struct SheetRows<'a> {
    name: String,
    expected_rows: u64,
    current: Option<u32>,
    row: Vec<Value<'a>>,
    head: Vec<(u32, Vec<Value<'a>>)>,
    table: Option<TableBuilder>,
    width: usize,
    beyond_limit: bool,
}

impl<'a> SheetRows<'a> {
    fn new(name: String, expected_rows: u64) -> Self {
        SheetRows {
            name,
            expected_rows,
            current: None,
            row: Vec::new(),
            head: Vec::new(),
            table: None,
            width: 0,
            beyond_limit: false,
        }
    }

    fn cell(
        &mut self,
        r: u32,
        c: u32,
        value: Value<'a>,
        cx: &mut Context<'_>,
    ) -> Result<(), Issue> {
        if value.is_empty() {
            return Ok(());
        }
        if self.current != Some(r) {
            self.flush(cx)?;
            self.current = Some(r);
        }
        let c = c as usize;
        // Far beyond the profiled columns: counted once, not stored.
        if c > cx.limits().max_columns {
            self.beyond_limit = true;
            if self.row.len() <= cx.limits().max_columns {
                self.row.resize(cx.limits().max_columns + 1, Value::Empty);
            }
            self.row[cx.limits().max_columns] = Value::Error;
            return Ok(());
        }
        if self.row.len() <= c {
            self.row.resize(c + 1, Value::Empty);
        }
        self.row[c] = value;
        Ok(())
    }

    /// Ends the current row.
    fn flush(&mut self, cx: &mut Context<'_>) -> Result<(), Issue> {
        let Some(r) = self.current.take() else {
            return Ok(());
        };
        let row = std::mem::take(&mut self.row);
        if row.iter().all(Value::is_empty) {
            return Ok(());
        }
        cx.check()?;
        match &mut self.table {
            None => {
                self.head.push((r, row));
                if self.head.len() >= HEADER_WINDOW {
                    self.start(cx);
                }
            }
            Some(_) => self.data_row(&row),
        }
        Ok(())
    }

    /// Decides the header from the first rows and creates the table.
    fn start(&mut self, cx: &mut Context<'_>) {
        let shapes: Vec<Vec<Shape>> = self
            .head
            .iter()
            .map(|(_, row)| row.iter().map(|v| v.shape(cx)).collect())
            .collect();
        let choice = find_header(&shapes);
        let last_filled =
            |row: &Vec<Value<'_>>| row.iter().rposition(|v| !v.is_empty()).map_or(0, |i| i + 1);
        let data_width = self.head[choice.data_start.min(self.head.len())..]
            .iter()
            .map(|(_, row)| last_filled(row))
            .max()
            .unwrap_or(0);
        let (headers, header_row) = match choice.header {
            Some(h) => {
                let (r, row) = &self.head[h];
                let mut headers: Vec<String> = row.iter().map(Value::header).collect();
                let width = last_filled(row).max(data_width);
                headers.resize(width, String::new());
                (headers, Some(u64::from(*r)))
            }
            None => (vec![String::new(); data_width], None),
        };
        self.width = headers.len();
        let mut table = TableBuilder::new(
            self.name.clone(),
            headers,
            header_row,
            cx.settings(Origin::Spreadsheet, NumberStyle::German),
            cx.limits(),
        );
        let header_index = choice.header.map(|h| self.head[h].0);
        table.plan_rows(
            self.expected_rows
                .saturating_sub(u64::from(header_index.unwrap_or(0)) + 1),
        );
        self.table = Some(table);
        let head = std::mem::take(&mut self.head);
        for (_, row) in head.into_iter().skip(choice.data_start) {
            self.data_row(&row);
        }
    }

    fn data_row(&mut self, row: &[Value<'_>]) {
        let Some(table) = &mut self.table else {
            return;
        };
        // Trailing empty cells are normal in sheets; filled cells beyond the header
        // make the row ragged.
        let filled = row.iter().rposition(|v| !v.is_empty()).map_or(0, |i| i + 1);
        let width = if filled > self.width {
            filled
        } else {
            self.width
        };
        table.row(width, |i| row.get(i).map_or(Cell::Empty, Value::cell));
    }

    fn finish(mut self, cx: &mut Context<'_>) {
        let _ = self.flush(cx);
        if self.table.is_none() {
            self.start(cx);
        }
        if self.beyond_limit {
            let limit = cx.limits().max_columns.to_string();
            cx.note("columns_truncated", Some(&limit));
        }
        if let Some(table) = self.table.take() {
            cx.add_table(table.finish());
        }
    }
}
