//! Look inside files: tables and health-standard messages, as statistics only.
//!
//! A profile holds structure, statistics and verdicts, never raw values of personal
//! data. The types here are the `tables` part of the catalogue contract (DESIGN §4)
//! plus the statistics the scores are computed from.
//!
//! [`profile_file`] reads one file with the reader for its format:
//! - delimited text (CSV/TSV) in any encoding the scanner named, streamed;
//! - spreadsheets (XLSX streamed cell by cell, XLS and ODS in memory up to a limit),
//!   behind a guard against ZIP bombs;
//! - JSON and NDJSON (arrays of objects become tables, nested keys flattened), streamed
//!   record by record;
//! - FHIR (JSON and XML), HL7 v2, DICOM (header only), GDT/xDT and CDA, read by their
//!   standard's structure: resource and message types, code systems, which person
//!   fields are filled;
//! - OMOP CDM tables, recognised by name and columns.
//!
//! Memory grows with the number of columns, not rows: every column keeps fixed-size
//! summaries (see [`ProfileLimits`]). Each reader runs under `catch_unwind`, so a panic
//! inside a parser library becomes a recorded error for that file.

mod cda;
mod column;
mod csv;
mod dicom;
mod fhir;
mod gdt;
mod hl7;
mod json;
mod omop;
mod sheet;
mod sketch;
mod table;
mod text;
mod unit;
mod value;
mod xml;
mod zipguard;

use std::collections::BTreeSet;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use crate::scan::{Format, Issue};
use table::TableOutcome;

use serde::{Deserialize, Serialize};

use crate::detect::DetectionKind;

/// What profiling found in one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileProfile {
    /// Tables (a CSV file, each spreadsheet sheet, record sets of JSON, resources or
    /// messages of a health format).
    pub tables: Vec<Table>,
    /// Whether the file holds person-level identifying or quasi-identifying data
    /// (including pseudonyms with a birth year, GDPR Art. 4(5)).
    pub personal_data: bool,
    /// Whether it holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found (DESIGN §4 names: `ICD-10-GM`, `LOINC`, …).
    pub code_systems: Vec<String>,
    /// Earliest and latest record date found in the content (not the file time).
    pub temporal: Option<DateRange>,
    /// What a health-standard file holds (FHIR, HL7 v2, DICOM, GDT, CDA).
    pub health: Option<HealthSummary>,
    /// The OMOP CDM table this file is, recognised by its name and columns.
    pub omop_table: Option<String>,
    /// Things a user should know (ragged rows, a sheet that could not be read …), as
    /// stable codes with a detail; the sentence comes from the i18n texts.
    pub notes: Vec<Note>,
}

/// A note on a profile: a stable code and an optional detail.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// Stable identifier, e.g. `ragged_rows`.
    pub code: String,
    /// Variable part (a count, a sheet name).
    pub detail: Option<String>,
}

impl Note {
    /// The sentence for people (texts in `templates/i18n/note.toml`).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::coded(lang, "note", &self.code, self.detail.as_deref())
    }
}

/// A closed range of dates (ISO 8601 `YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// Earliest date.
    pub min: String,
    /// Latest date.
    pub max: String,
}

/// What a health-standard file holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthSummary {
    /// Standard and version (`FHIR R4`, `HL7 v2.5.1`, `DICOM`, `GDT 2.10`, `HL7 CDA R2`).
    pub standard: String,
    /// Counts per resource type, message type, record type or modality.
    pub contents: Vec<Count>,
    /// Person fields that are filled (`name`, `birth_date`, `address`, `identifier`,
    /// `insurance_number`, `phone`, …) — which fields, never their values.
    pub person_fields: Vec<String>,
    /// Whether the file is de-identified (DICOM: no patient name, birth date or id).
    pub de_identified: Option<bool>,
    /// Range of study, observation or record dates.
    pub dates: Option<DateRange>,
    /// Declared character set.
    pub charset: Option<String>,
}

/// A label with a count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// What is counted.
    pub label: String,
    /// How many.
    pub count: u64,
}

/// One table inside a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Table {
    /// Sheet name, resource type or the file name.
    pub name: String,
    /// Data rows (records).
    pub rows: u64,
    /// Columns (fields).
    pub columns: Vec<Column>,
    /// Zero-based row of the header row in the file or sheet: `0` for a header in the
    /// first row, more when title or empty rows sit above it (sheet rows as numbered
    /// by the spreadsheet; in delimited text records, where a blank line is no record);
    /// `None` when the table has no header row (a CSV without one, JSON records,
    /// health-standard segments).
    pub header_row: Option<u64>,
    /// Rows with more or fewer fields than the header.
    pub ragged_rows: u64,
    /// Rows that repeat an earlier row exactly (estimated for tables of more than about
    /// half a million distinct rows; a note says so).
    pub duplicate_rows: u64,
}

/// Statistics of one column. For personal columns (`personal = true`) no value is
/// kept: `min`, `max` and `top_values` stay empty and `example` is masked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Column {
    /// Header name (empty when the file names no header for the column; its position
    /// in [`Table::columns`] identifies it). Nested keys are paths (`messwerte.temp`,
    /// `items[].preis`, FHIR `code.coding.code`, HL7 `OBX-3.1`, GDT `3101 Name`).
    pub name: String,
    /// Inferred type: `integer`, `decimal`, `date`, `datetime`, `time`, `boolean`,
    /// `text` or `empty`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Share of empty values (0..1).
    pub null_ratio: f64,
    /// Estimated number of distinct values.
    pub distinct_estimate: u64,
    /// What the detectors found and in what share of the values.
    pub detections: Vec<Detection>,
    /// Whether the column holds personal data (the detector's verdict).
    pub personal: bool,
    /// Share of non-empty values that do not fit the inferred type (0..1).
    pub invalid_ratio: f64,
    /// Value formats seen with their share (`dd.mm.yyyy`, `yyyy-mm-dd`,
    /// `decimal_comma`, …); more than one is a consistency finding.
    pub formats: Vec<FormatShare>,
    /// Smallest value (numbers and dates in ISO form; never for personal columns).
    pub min: Option<String>,
    /// Largest value (as `min`).
    pub max: Option<String>,
    /// Shortest value length in characters.
    pub length_min: Option<u64>,
    /// Longest value length in characters.
    pub length_max: Option<u64>,
    /// Dates that cannot exist (31.02.) or lie in the future where the column holds
    /// past events, and numbers far outside the column's spread.
    pub implausible: u64,
    /// Unit of the column's values, from the header or a unit column (UCUM).
    pub unit: Option<String>,
    /// One masked example for personal columns (`DE89 •••• … 00`).
    pub example: Option<String>,
    /// Frequent values of non-personal columns, only values seen at least five times,
    /// at most ten, most frequent first. Counts are exact for columns of up to a few
    /// hundred distinct values and lower bounds beyond (Misra–Gries). Columns whose
    /// values look like persons' names keep none, whatever the detector says.
    pub top_values: Vec<Count>,
}

/// A value format with its share of the non-empty values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormatShare {
    /// Format label.
    pub format: String,
    /// Share (0..1).
    pub share: f64,
}

/// One detector verdict on a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// What was detected.
    pub kind: DetectionKind,
    /// Share of observed values that match (check digits included where they exist).
    pub ratio: f64,
}

/// Limits that keep profiling bounded in memory and time, whatever the input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileLimits {
    /// Rows per table whose values the detectors see (a deterministic sample spread
    /// over the file).
    pub sample_values: u64,
    /// Columns profiled per table; further columns are counted, not profiled.
    pub max_columns: usize,
    /// Bytes kept of one CSV record or JSON line; longer ones are cut (and noted).
    pub max_record_bytes: usize,
    /// Distinct rows remembered exactly for duplicate rows; beyond, an estimate.
    pub repeated_rows: usize,
    /// Counters of the frequent-value sketch per column.
    pub frequent_counters: usize,
    /// Numbers kept per column for the spread (outliers).
    pub reservoir: usize,
    /// Sheets read per workbook.
    pub max_sheets: usize,
    /// Bytes of a spreadsheet part read into memory (XLS workbooks, ODS content,
    /// XLSX shared strings); larger ones are not read (and noted).
    pub max_in_memory_bytes: u64,
    /// ZIP bomb guard.
    pub zip: ZipLimits,
}

impl Default for ProfileLimits {
    fn default() -> Self {
        ProfileLimits {
            sample_values: 20_000,
            max_columns: 2_000,
            max_record_bytes: 8 << 20,
            repeated_rows: 1 << 19,
            frequent_counters: 256,
            reservoir: 1_024,
            max_sheets: 256,
            max_in_memory_bytes: 96 << 20,
            zip: ZipLimits::default(),
        }
    }
}

/// When a ZIP container (XLSX, ODS) is refused as a ZIP bomb.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ZipLimits {
    /// Entries in the archive.
    pub max_entries: usize,
    /// Inflated size of one entry.
    pub max_entry_bytes: u64,
    /// Inflated size of all entries together.
    pub max_total_bytes: u64,
    /// Ratio of inflated to compressed size of an entry, checked for entries above
    /// [`ZipLimits::ratio_from_bytes`].
    pub max_ratio: u64,
    /// Entries smaller than this inflated size pass the ratio check.
    pub ratio_from_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 50_000,
            max_entry_bytes: 4 << 30,
            max_total_bytes: 8 << 30,
            max_ratio: 250,
            ratio_from_bytes: 32 << 20,
        }
    }
}

/// What to profile and how.
#[derive(Clone, Debug)]
pub struct ProfileRequest {
    /// The format the scanner identified.
    pub format: Format,
    /// The text encoding the scanner identified (WHATWG label, `ibm437`, `din-66003`).
    pub encoding: Option<String>,
    /// The field delimiter the scanner identified.
    pub delimiter: Option<u8>,
    /// The scan's date: dates after it are in the future, birth dates before it.
    pub today: NaiveDate,
    /// Memory and time limits.
    pub limits: ProfileLimits,
    /// Set to stop profiling early; the result is then `Err` with code `cancelled`.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl ProfileRequest {
    /// A request for a file of `format` with default limits.
    pub fn new(format: Format, today: NaiveDate) -> ProfileRequest {
        ProfileRequest {
            format,
            encoding: None,
            delimiter: None,
            today,
            limits: ProfileLimits::default(),
            cancel: None,
        }
    }
}

/// The result of profiling a file that could be read at least in part.
#[derive(Clone, Debug, PartialEq)]
pub struct Profiled {
    /// What was found.
    pub profile: FileProfile,
    /// Set when the file is damaged (cut off, malformed further in): the profile
    /// covers what could be read before the damage.
    pub damage: Option<Issue>,
}

/// Formats a scan profiles: every structured-data format
/// ([`Format::is_structured_data`]); SQLite and Parquet files get a profile with a
/// `reader_unavailable` note (no reader yet), so they are not opened again.
pub const PROFILED_FORMATS: &[Format] = &[
    Format::Csv,
    Format::Tsv,
    Format::Xlsx,
    Format::Xls,
    Format::Ods,
    Format::Json,
    Format::Ndjson,
    Format::Xml,
    Format::FhirJson,
    Format::FhirXml,
    Format::Hl7v2,
    Format::Dicom,
    Format::Gdt,
    Format::Xdt,
    Format::Cda,
    Format::Sqlite,
    Format::Parquet,
];

/// Profiles one file, read-only.
///
/// Errors are issues for the inventory: the file cannot be opened, is not what its
/// format promises, is a ZIP bomb, password-protected, or a reader failed (a panic
/// inside a parser library is caught and becomes `profile_failed`). A file damaged
/// after readable content gives `Ok` with [`Profiled::damage`] set.
pub fn profile_file(path: &Path, request: &ProfileRequest) -> Result<Profiled, Issue> {
    let run = || -> Result<Profiled, Issue> {
        if !needs_opening(request.format) {
            let mut cx = Context::new(path, request, 0);
            cx.note("reader_unavailable", Some(request.format.id()));
            return cx.finish(Ok(()));
        }
        let file = crate::scan::open_file(path).map_err(|e| crate::scan::issue_from_io(&e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut cx = Context::new(path, request, size);
        let result = read_with(file, request.format, &mut cx);
        cx.finish(result)
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        QUIET.with(|q| q.set(true));
        let r = run();
        QUIET.with(|q| q.set(false));
        r
    }));
    match outcome {
        Ok(result) => result,
        Err(_) => {
            QUIET.with(|q| q.set(false));
            Err(Issue::with("profile_failed", "panic"))
        }
    }
}

thread_local! {
    /// Set while this thread profiles, so [`quiet_panic_hook`] keeps panics of parser
    /// libraries (which become recorded errors) off the terminal.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that stays silent for panics caught while profiling (they are
/// recorded as `profile_failed` on the file) and reports every other panic as before.
/// For binaries; call once at start.
pub fn quiet_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

#[cfg(test)]
thread_local! {
    /// Makes the next reader on this thread panic (tests of the panic guard).
    static INJECT_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn read_with(file: File, format: Format, cx: &mut Context<'_>) -> Result<(), Issue> {
    #[cfg(test)]
    if INJECT_PANIC.with(|p| p.replace(false)) {
        panic!("injected panic");
    }
    match format {
        Format::Csv | Format::Tsv => csv::read(file, cx),
        Format::Xlsx | Format::Xls | Format::Ods => sheet::read(file, format, cx),
        Format::Json | Format::Ndjson => json::read(file, format, cx),
        Format::FhirJson => json::read(file, format, cx),
        Format::FhirXml => fhir::read_xml(file, cx),
        Format::Hl7v2 => hl7::read(file, cx),
        Format::Dicom => dicom::read(file, cx),
        Format::Gdt | Format::Xdt => gdt::read(file, cx),
        Format::Cda => cda::read(file, cx),
        Format::Xml => xml::read(file, cx),
        _ => {
            cx.note("reader_unavailable", Some(format.id()));
            Ok(())
        }
    }
}

/// Sqlite and Parquet need no opening for their note; the others are read.
fn needs_opening(format: Format) -> bool {
    !matches!(format, Format::Sqlite | Format::Parquet)
}

/// What the readers of one file collect, and the request they work for.
pub(crate) struct Context<'a> {
    pub(crate) request: &'a ProfileRequest,
    /// File size in bytes.
    pub(crate) size: u64,
    /// The file name without extension (table name of single-table files).
    pub(crate) stem: String,
    tables: Vec<TableOutcome>,
    health: Option<HealthSummary>,
    /// Whether the content is a health standard (health data when it is about persons).
    health_format: bool,
    /// Whether the health standard's content identifies persons (filled person fields,
    /// references to patients).
    health_personal: bool,
    code_systems: BTreeSet<String>,
    notes: Vec<Note>,
    record_dates: Option<(NaiveDate, NaiveDate)>,
    omop_table: Option<String>,
    checks: u32,
    /// Code systems come only from what the content declares (health standards name
    /// their coding systems); detector findings in their element tables add none.
    declared_codes_only: bool,
}

impl<'a> Context<'a> {
    fn new(path: &Path, request: &'a ProfileRequest, size: u64) -> Context<'a> {
        Context {
            request,
            size,
            stem: path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            tables: Vec::new(),
            health: None,
            health_format: false,
            health_personal: false,
            code_systems: BTreeSet::new(),
            notes: Vec::new(),
            record_dates: None,
            omop_table: None,
            checks: 0,
            declared_codes_only: false,
        }
    }

    pub(crate) fn limits(&self) -> &ProfileLimits {
        &self.request.limits
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.request.today
    }

    /// Column settings for a table of this file.
    pub(crate) fn settings(
        &self,
        origin: column::Origin,
        style: column::NumberStyle,
    ) -> column::ColumnSettings {
        column::ColumnSettings {
            today: self.request.today,
            origin,
            style,
            reservoir: self.request.limits.reservoir,
            frequent: self.request.limits.frequent_counters,
        }
    }

    /// `Err(cancelled)` once cancelling was asked for; cheap enough to call per row.
    #[inline]
    pub(crate) fn check(&mut self) -> Result<(), Issue> {
        self.checks = self.checks.wrapping_add(1);
        if self.checks.is_multiple_of(1024)
            && let Some(cancel) = &self.request.cancel
            && cancel.load(Ordering::Relaxed)
        {
            return Err(Issue::new("cancelled"));
        }
        Ok(())
    }

    /// Adds a note (once per code and detail).
    pub(crate) fn note(&mut self, code: &str, detail: Option<&str>) {
        let note = Note {
            code: code.to_owned(),
            detail: detail.map(str::to_owned),
        };
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Adds a finished table.
    pub(crate) fn add_table(&mut self, mut outcome: TableOutcome) {
        if outcome.columns_dropped {
            let limit = self.request.limits.max_columns.to_string();
            self.note("columns_truncated", Some(&limit));
        }
        if outcome.table.ragged_rows > 0 {
            let detail = format!("{} ({})", outcome.table.ragged_rows, outcome.table.name);
            self.note("ragged_rows", Some(&detail));
        }
        if outcome.repeats_estimated {
            self.note("duplicates_estimated", Some(&outcome.table.name.clone()));
        }
        for s in outcome.code_systems.drain(..) {
            if !self.declared_codes_only {
                self.code_systems.insert(s.to_owned());
            }
        }
        if let Some(range) = outcome.record_dates {
            self.add_dates(range.0, range.1);
        }
        self.tables.push(outcome);
    }

    /// Adds a code system (catalogue name).
    pub(crate) fn add_code_system(&mut self, system: &str) {
        self.code_systems.insert(system.to_owned());
    }

    /// Widens the record date range.
    pub(crate) fn add_dates(&mut self, lo: NaiveDate, hi: NaiveDate) {
        self.record_dates = Some(match self.record_dates {
            None => (lo, hi),
            Some((a, b)) => (a.min(lo), b.max(hi)),
        });
    }

    /// Sets what a health-standard file holds; `personal` when its content identifies
    /// persons.
    pub(crate) fn set_health(&mut self, summary: HealthSummary, personal: bool) {
        self.health_format = true;
        self.declared_codes_only = true;
        self.health_personal |= personal;
        if let Some((lo, hi)) = summary
            .dates
            .as_ref()
            .and_then(|d| Some((d.min.parse().ok()?, d.max.parse().ok()?)))
        {
            self.add_dates(lo, hi);
        }
        self.health = Some(summary);
    }

    /// Names the OMOP CDM table the file is (a health format about study persons).
    pub(crate) fn set_omop(&mut self, table: &str) {
        self.omop_table = Some(table.to_owned());
        self.code_systems.insert("OMOP".to_owned());
    }

    fn has_content(&self) -> bool {
        !self.tables.is_empty() || self.health.is_some()
    }

    fn finish(mut self, result: Result<(), Issue>) -> Result<Profiled, Issue> {
        let damage = match result {
            Ok(()) => None,
            Err(issue) if issue.code == "cancelled" => return Err(issue),
            Err(issue) if self.has_content() => Some(issue),
            Err(issue) => return Err(issue),
        };
        if self.omop_table.is_none()
            && let [only] = self.tables.as_slice()
            && let Some(name) = omop::recognise(&self.stem, &only.table)
        {
            self.set_omop(name);
        }
        let omop_person_level = self
            .omop_table
            .as_deref()
            .is_some_and(omop::is_person_level);
        let tables_personal = self.tables.iter().any(|t| t.personal);
        let health_codes = self.tables.iter().any(|t| t.health_codes);
        let personal_data = tables_personal || self.health_personal || omop_person_level;
        let special_category =
            personal_data && (health_codes || self.health_format || self.omop_table.is_some());
        let temporal = self.record_dates.map(|(lo, hi)| DateRange {
            min: lo.to_string(),
            max: hi.to_string(),
        });
        Ok(Profiled {
            profile: FileProfile {
                tables: self.tables.into_iter().map(|t| t.table).collect(),
                personal_data,
                special_category,
                code_systems: self.code_systems.into_iter().collect(),
                temporal,
                health: self.health,
                omop_table: self.omop_table,
                notes: self.notes,
            },
            damage,
        })
    }
}

/// Removes quoted parts from a library's error message before it becomes an issue
/// detail, so no content of the file (a value in quotes) can reach the inventory.
pub(crate) fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(200));
    let mut quote: Option<char> = None;
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push('…');
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None => out.push(c),
        }
        if out.len() > 200 {
            out.push('…');
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Texts};

    /// Every issue and note code a reader can produce has a sentence in both languages.
    #[test]
    fn every_issue_and_note_code_has_texts() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("csv.rs"),
            include_str!("sheet.rs"),
            include_str!("zipguard.rs"),
            include_str!("json.rs"),
            include_str!("fhir.rs"),
            include_str!("hl7.rs"),
            include_str!("dicom.rs"),
            include_str!("gdt.rs"),
            include_str!("cda.rs"),
            include_str!("xml.rs"),
        ];
        let texts = Texts::embedded();
        let mut checked = 0;
        for source in sources {
            for (marker, module) in [
                ("note(\"", "note"),
                ("Issue::new(\"", "issue"),
                ("Issue::with(\"", "issue"),
            ] {
                for part in source.split(marker).skip(1) {
                    let code = part.split('"').next().unwrap();
                    if code.is_empty() || code.contains(' ') {
                        continue;
                    }
                    let key = format!("{module}.{code}");
                    for lang in [Lang::De, Lang::En] {
                        assert_ne!(texts.get(lang, &key), key, "no text for {key}");
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 30, "{checked}");
    }

    #[test]
    fn library_messages_lose_quoted_content() {
        assert_eq!(
            scrub("invalid type: string \"Müller\", expected u32"),
            "invalid type: string …, expected u32"
        );
        assert!(scrub(&"x".repeat(500)).chars().count() < 210);
    }

    #[test]
    fn a_reader_panic_becomes_a_recorded_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "a\n1\n").unwrap();
        let request =
            ProfileRequest::new(Format::Csv, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        INJECT_PANIC.with(|p| p.set(true));
        let issue = profile_file(&path, &request).unwrap_err();
        assert_eq!(issue.code, "profile_failed");
        // The thread is usable afterwards and the file profiles normally.
        assert_eq!(
            profile_file(&path, &request).unwrap().profile.tables[0].rows,
            1
        );
        let missing = dir.path().join("weg.csv");
        assert_eq!(
            profile_file(&missing, &request).unwrap_err().code,
            "vanished"
        );
    }
}
