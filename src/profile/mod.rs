//! Look inside files: tables and health-standard messages, as statistics only.
//!
//! A profile holds structure, statistics and verdicts, never raw values of personal
//! data. The types here are the `tables` part of the catalogue contract (DESIGN §4)
//! plus the statistics the scores are computed from.

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
    /// Zero-based row of the header, when title rows sit above it.
    pub header_row: Option<u64>,
    /// Rows with more or fewer fields than the header.
    pub ragged_rows: u64,
    /// Rows that repeat an earlier row exactly (estimated for large tables).
    pub duplicate_rows: u64,
}

/// Statistics of one column. For personal columns (`personal = true`) no value is
/// kept: `min`, `max` and `top_values` stay empty and `example` is masked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Column {
    /// Header name.
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
    /// at most ten.
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
