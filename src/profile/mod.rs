//! Look inside files: tables and health-standard messages, as statistics only.
//!
//! A profile holds structure and statistics, never raw values of personal data. The
//! types here are the `tables` part of the catalogue contract (DESIGN §4).

use serde::{Deserialize, Serialize};

use crate::detect::DetectionKind;

/// What profiling found in one file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileProfile {
    /// Tables (a CSV file, each spreadsheet sheet, record sets of JSON or messages).
    pub tables: Vec<Table>,
    /// Whether the file holds person-level identifying or quasi-identifying data.
    pub personal_data: bool,
    /// Whether it holds health data about persons (GDPR Art. 9).
    pub special_category: bool,
    /// Code systems found (DESIGN §4 names: `ICD-10-GM`, `LOINC`, …).
    pub code_systems: Vec<String>,
    /// Notes a user should know (ragged rows, a sheet that could not be read …).
    pub notes: Vec<String>,
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
}

/// Statistics of one column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// Inferred type (`integer`, `decimal`, `date`, `datetime`, `boolean`, `text`, `empty`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Share of empty values.
    pub null_ratio: f64,
    /// Estimated number of distinct values.
    pub distinct_estimate: u64,
    /// What the detectors found and in what share of the values.
    pub detections: Vec<Detection>,
}

/// One detector verdict on a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// What was detected.
    pub kind: DetectionKind,
    /// Share of non-empty values that match (check digits included where they exist).
    pub ratio: f64,
}
