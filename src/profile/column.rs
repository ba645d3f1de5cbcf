//! Statistics of one column, gathered value by value in bounded memory.
//!
//! A [`ColumnStats`] sees every value of its column once. It keeps counters per type
//! and format, the range of numbers and dates, value lengths, a distinct-count
//! sketch, a frequent-value sketch and a reservoir of numbers for the spread; the
//! personal-data detector and the reservoir see only the values of sampled rows (a
//! bounded, deterministic sample spread over the file). [`ColumnStats::finish`] turns
//! that into the catalogue's [`Column`], dropping every value when the column holds
//! personal data.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::sketch::{Distinct, Frequent, Reservoir, hash_bytes, mix};
use super::value::{self, FormatKey, KINDS, Kind, ReadContext, Reading, Suffix};
use super::{Column, Count, Detection, FormatShare};
use crate::detect::header::normalize;
use crate::detect::{ColumnContext, ColumnDetector, DetectionKind, mask, names};

/// One cell as a reader delivers it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    /// No value.
    Empty,
    /// Text, to be typed by its content (CSV fields, spreadsheet strings, JSON strings).
    Text(&'a str),
    /// A native number (spreadsheet or JSON).
    Number(f64),
    /// A native date.
    Date(NaiveDate),
    /// A native date and time.
    DateTime(NaiveDateTime),
    /// A native time of day.
    Time(NaiveTime),
    /// A native truth value.
    Bool(bool),
    /// A spreadsheet error value (`#DIV/0!`).
    Error,
}

/// Where native values come from (for their format label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Delimited text: every value is text.
    Text,
    /// A spreadsheet with typed cells.
    Spreadsheet,
    /// JSON with typed values.
    Json,
}

/// What may be kept of a column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Policy {
    /// The detector decides: values are kept (frequent values, ranges) unless it finds
    /// personal data.
    Detect,
    /// The column is known to hold personal data of this kind (a health standard's
    /// patient field): no value is kept, the example is masked as this kind.
    Personal(DetectionKind),
    /// Free text of a health standard: the detector runs, but no value is kept even when
    /// it finds nothing.
    Quiet,
}

/// Which way ambiguous numbers (`1.234`, `1,234`) are read when a column gives no
/// evidence of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberStyle {
    /// `1.234,56`: dot groups thousands, comma separates decimals.
    German,
    /// `1,234.56`.
    English,
}

/// Settings shared by the columns of a table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColumnSettings {
    pub(crate) today: NaiveDate,
    pub(crate) origin: Origin,
    pub(crate) style: NumberStyle,
    /// Numbers kept for the spread (outlier detection).
    pub(crate) reservoir: usize,
    /// Counters of the frequent-value sketch.
    pub(crate) frequent: usize,
}

/// Values a frequent value needs to be shown.
pub(crate) const TOP_MIN_COUNT: u64 = 5;
/// Frequent values shown per column.
pub(crate) const TOP_LIMIT: usize = 10;
/// Distinct format labels counted per column (more are rare and lumped together).
const MAX_FORMATS: usize = 32;

/// Words in a header that make a date column one of plans or deadlines, where dates
/// after today are expected (normalised, see [`normalize`]).
const FUTURE_TERMS: &[&str] = &[
    "naechste",
    "next",
    "faellig",
    "due",
    "geplant",
    "planned",
    "plan",
    "ablauf",
    "expir",
    "gueltigbis",
    "validuntil",
    "validto",
    "termin",
    "frist",
    "deadline",
    "wiedervorlage",
    "prognose",
    "forecast",
    "soll",
    "bis",
];

/// Words in a header that say a column of eight-digit numbers holds `yyyymmdd` dates.
const DATE_TERMS: &[&str] = &[
    "datum", "date", "dat", "geb", "dob", "tag", "day", "zeit", "time", "stichtag",
];

/// Statistics of one column.
#[derive(Debug)]
pub(crate) struct ColumnStats {
    header: String,
    policy: Policy,
    settings: ColumnSettings,
    read_cx: ReadContext,
    today_day: i32,
    empty: u64,
    present: u64,
    kinds: [u64; KINDS],
    formats: Vec<(FormatKey, u64)>,
    /// Numbers read one way only: min and max.
    numbers: Option<(f64, f64)>,
    /// Ambiguous numbers: (English min, English max, German min, German max).
    ambiguous: Option<(f64, f64, f64, f64)>,
    ambiguous_point: u64,
    ambiguous_comma: u64,
    /// Date-times as seconds since 0001-01-01, dates at midnight.
    moments: Option<(i64, i64)>,
    /// The latest moment at or before today (for the file's record dates).
    latest_past: Option<i64>,
    times: Option<(u64, u64)>,
    compact: u64,
    compact_days: Option<(i32, i32)>,
    /// Integers written with a leading zero (`04103`): codes, not quantities.
    leading_zero: u64,
    impossible_dates: u64,
    future_dates: u64,
    percent: u64,
    euro: u64,
    length: Option<(u64, u64)>,
    distinct: Distinct,
    frequent: Frequent,
    reservoir: Reservoir<(f64, f64)>,
    detector: ColumnDetector,
    example: Option<String>,
    /// Sampled values shaped like a person's name (a common first name, no company
    /// marker), whatever the detector concludes: such values are never kept.
    name_like: u64,
    observed: u64,
}

/// What a finished column tells the file-level verdicts.
#[derive(Clone, Debug)]
pub(crate) struct ColumnOutcome {
    pub(crate) column: Column,
    /// Whether a health code was found.
    pub(crate) health_codes: bool,
    /// Code systems of the detections.
    pub(crate) code_systems: Vec<&'static str>,
    /// The date range of the column's past record dates (none for birth dates,
    /// personal columns and plan dates).
    pub(crate) record_dates: Option<(NaiveDate, NaiveDate)>,
}

impl ColumnStats {
    /// Statistics for the column described by `context`.
    pub(crate) fn new(
        context: &ColumnContext,
        policy: Policy,
        settings: ColumnSettings,
        seed: u64,
    ) -> ColumnStats {
        ColumnStats {
            header: context.header().to_owned(),
            policy,
            settings,
            read_cx: ReadContext::new(settings.today),
            today_day: chrono::Datelike::num_days_from_ce(&settings.today),
            empty: 0,
            present: 0,
            kinds: [0; KINDS],
            formats: Vec::new(),
            numbers: None,
            ambiguous: None,
            ambiguous_point: 0,
            ambiguous_comma: 0,
            moments: None,
            latest_past: None,
            times: None,
            compact: 0,
            compact_days: None,
            leading_zero: 0,
            impossible_dates: 0,
            future_dates: 0,
            percent: 0,
            euro: 0,
            length: None,
            distinct: Distinct::default(),
            frequent: Frequent::new(settings.frequent),
            reservoir: Reservoir::new(settings.reservoir, seed),
            detector: ColumnDetector::new(context),
            example: None,
            name_like: 0,
            observed: 0,
        }
    }

    /// Counts `n` missing values (rows before a JSON key first appeared).
    pub(crate) fn add_missing(&mut self, n: u64) {
        self.empty += n;
    }

    /// Adds one cell; `sampled` rows also go to the detector. Returns the value's hash
    /// (for duplicate rows).
    #[inline]
    pub(crate) fn add(&mut self, cell: Cell<'_>, sampled: bool) -> u64 {
        match cell {
            Cell::Empty => {
                self.empty += 1;
                EMPTY_HASH
            }
            Cell::Text(s) => {
                let v = s.trim();
                if v.is_empty() {
                    self.empty += 1;
                    return EMPTY_HASH;
                }
                self.add_text(v, sampled)
            }
            Cell::Number(n) => self.add_number(n, sampled),
            Cell::Date(d) => {
                let day = chrono::Datelike::num_days_from_ce(&d);
                let format = self.native(value::F_SHEET_DATE, value::F_DATE + 3);
                self.add_moment(Kind::Date, format, day, 0);
                self.add_native(mix(day as u64 ^ 0xD47E), sampled, || d.to_string(), 10)
            }
            Cell::DateTime(t) => {
                let day = chrono::Datelike::num_days_from_ce(&t.date());
                let second = t.time().num_seconds_from_midnight();
                let (kind, format) = if second == 0 {
                    (
                        Kind::Date,
                        self.native(value::F_SHEET_DATE, value::F_DATE + 3),
                    )
                } else {
                    (
                        Kind::DateTime,
                        self.native(value::F_SHEET_DATETIME, value::F_DATETIME | 3 << 4 | 1),
                    )
                };
                self.add_moment(kind, format, day, second);
                let text = move || {
                    if second == 0 {
                        t.date().to_string()
                    } else {
                        t.format("%Y-%m-%dT%H:%M:%S").to_string()
                    }
                };
                let hash = mix((i64::from(day) * 86_400 + i64::from(second)) as u64 ^ 0xD47E);
                self.add_native(hash, sampled, text, if second == 0 { 10 } else { 19 })
            }
            Cell::Time(t) => {
                let second = t.num_seconds_from_midnight();
                self.present += 1;
                self.kinds[Kind::Time as usize] += 1;
                self.count_format(self.native(value::F_SHEET_TIME, value::F_TIME + 1));
                self.times = Some(extend(self.times, second));
                self.add_native(
                    mix(u64::from(second) ^ 0x71AE),
                    sampled,
                    || t.to_string(),
                    8,
                )
            }
            Cell::Bool(b) => {
                self.present += 1;
                self.kinds[Kind::Boolean as usize] += 1;
                self.count_format(self.native(value::F_SHEET_BOOLEAN, value::F_JSON_BOOLEAN));
                let text = if b { "true" } else { "false" };
                self.add_native(
                    mix(u64::from(b) ^ 0xB001),
                    sampled,
                    || text.to_owned(),
                    text.len() as u64,
                )
            }
            Cell::Error => {
                self.present += 1;
                self.kinds[Kind::Text as usize] += 1;
                mix(0xE770)
            }
        }
    }

    fn native(&self, sheet: FormatKey, json: FormatKey) -> FormatKey {
        match self.settings.origin {
            Origin::Json => json,
            _ => sheet,
        }
    }

    /// Shared part of native values: distinct count, frequent values, detector.
    fn add_native(
        &mut self,
        hash: u64,
        sampled: bool,
        text: impl Fn() -> String,
        length: u64,
    ) -> u64 {
        self.length = Some(extend(self.length, length));
        self.distinct.add(hash);
        self.frequent.add_with(hash, || text().into());
        if sampled {
            self.observe(&text());
        }
        hash
    }

    fn add_number(&mut self, n: f64, sampled: bool) -> u64 {
        if !n.is_finite() {
            self.present += 1;
            self.kinds[Kind::Text as usize] += 1;
            return mix(0x17F);
        }
        let integral = n.fract() == 0.0 && n.abs() < 9.0e15;
        self.present += 1;
        self.kinds[if integral {
            Kind::Integer
        } else {
            Kind::Decimal
        } as usize] += 1;
        self.count_format(self.native(value::F_SHEET_NUMBER, value::F_JSON_NUMBER));
        self.numbers = Some(extend_f(self.numbers, n));
        if sampled {
            self.reservoir.add((n, n));
        }
        let n = if n == 0.0 { 0.0 } else { n };
        let text = move || {
            if integral {
                format!("{}", n as i64)
            } else {
                format!("{n}")
            }
        };
        let length = if integral {
            (n.abs() as u64)
                .checked_ilog10()
                .map_or(1, |l| u64::from(l) + 1)
                + u64::from(n < 0.0)
        } else {
            0
        };
        let hash = mix(n.to_bits() ^ 0x4E55);
        if length > 0 {
            self.length = Some(extend(self.length, length));
        }
        self.distinct.add(hash);
        self.frequent.add_with(hash, || text().into());
        if sampled {
            self.observe(&text());
        }
        hash
    }

    fn add_moment(&mut self, kind: Kind, format: FormatKey, day: i32, second: u32) {
        self.present += 1;
        self.kinds[kind as usize] += 1;
        self.count_format(format);
        let moment = i64::from(day) * 86_400 + i64::from(second);
        self.moments = Some(extend_i(self.moments, moment));
        if day > self.today_day {
            self.future_dates += 1;
        } else {
            self.latest_past = Some(self.latest_past.map_or(moment, |m| m.max(moment)));
        }
    }

    #[inline]
    fn count_format(&mut self, format: FormatKey) {
        if let Some(entry) = self.formats.iter_mut().find(|(k, _)| *k == format) {
            entry.1 += 1;
        } else if self.formats.len() < MAX_FORMATS {
            self.formats.push((format, 1));
        }
    }

    fn observe(&mut self, v: &str) {
        self.detector.observe(v);
        self.observed += 1;
        if v.len() <= 80
            && v.as_bytes()[0].is_ascii_alphabetic()
            && names::name_shape(v).is_some_and(|s| s.first_name && !s.organisation)
        {
            self.name_like += 1;
        }
        if self.example.is_none() && !v.is_empty() {
            self.example = Some(v.to_owned());
        }
    }

    #[inline]
    fn add_text(&mut self, v: &str, sampled: bool) -> u64 {
        let b = v.as_bytes();
        self.present += 1;
        let chars = b.iter().filter(|&&c| (c as i8) >= -0x40).count() as u64;
        self.length = Some(extend(self.length, chars));
        let r: Reading = value::read(b, self.read_cx);
        self.kinds[r.kind as usize] += 1;
        match r.kind {
            Kind::Integer | Kind::Decimal => {
                match r.format {
                    value::F_AMBIGUOUS_POINT => self.ambiguous_point += 1,
                    value::F_AMBIGUOUS_COMMA => self.ambiguous_comma += 1,
                    _ => {}
                }
                if r.format == value::F_AMBIGUOUS_POINT || r.format == value::F_AMBIGUOUS_COMMA {
                    self.ambiguous = Some(match self.ambiguous {
                        None => (r.number, r.number, r.alternative, r.alternative),
                        Some((a, b, c, d)) => (
                            a.min(r.number),
                            b.max(r.number),
                            c.min(r.alternative),
                            d.max(r.alternative),
                        ),
                    });
                } else {
                    self.count_format(r.format);
                    self.numbers = Some(extend_f(self.numbers, r.number));
                }
                match r.suffix {
                    Suffix::Percent => self.percent += 1,
                    Suffix::Euro => self.euro += 1,
                    Suffix::None => {}
                }
                if r.format == value::F_INTEGER && b.len() > 1 && b[0] == b'0' {
                    self.leading_zero += 1;
                }
                if let Some(day) = r.compact_day {
                    self.compact += 1;
                    self.compact_days = Some(match self.compact_days {
                        None => (day, day),
                        Some((a, b)) => (a.min(day), b.max(day)),
                    });
                }
                if sampled {
                    self.reservoir.add((r.number, r.alternative));
                }
            }
            Kind::Date | Kind::DateTime => {
                self.kinds[r.kind as usize] -= 1;
                self.present -= 1;
                self.add_moment(r.kind, r.format, r.day, r.second);
            }
            Kind::Time => {
                self.count_format(r.format);
                self.times = Some(extend(self.times, r.second));
            }
            Kind::Boolean => self.count_format(r.format),
            Kind::Text => {
                if r.impossible_date {
                    self.impossible_dates += 1;
                }
            }
        }
        let hash = hash_bytes(b);
        self.distinct.add(hash);
        self.frequent.add(hash, v);
        if sampled {
            self.observe(v);
        }
        hash
    }

    /// Whether the column's header names a unit column (`Einheit`, `unit`).
    pub(crate) fn is_unit_column(&self) -> bool {
        matches!(
            normalize(&self.header).as_str(),
            "einheit" | "unit" | "units" | "masseinheit" | "uom" | "unitofmeasure"
        )
    }

    /// The single value of a unit column, when there is one.
    pub(crate) fn single_value(&self) -> Option<String> {
        if self.distinct.estimate() != 1 {
            return None;
        }
        self.frequent
            .top(1, 1)
            .into_iter()
            .next()
            .filter(|(_, n)| *n == self.present)
            .map(|(v, _)| v)
    }

    /// Finishes the column: type, formats, ranges, detections; no value of a personal
    /// column survives.
    pub(crate) fn finish(self, rows: u64) -> ColumnOutcome {
        let verdict = self.detector.verdict();
        let mut detections: Vec<Detection> = verdict.detections.clone();
        let mut personal = verdict.personal;
        let keep_values = match self.policy {
            Policy::Detect => true,
            Policy::Personal(kind) => {
                personal = true;
                if !detections.iter().any(|d| d.kind == kind) {
                    detections.insert(
                        0,
                        Detection {
                            kind,
                            ratio: if self.present > 0 { 1.0 } else { 0.0 },
                        },
                    );
                }
                false
            }
            Policy::Quiet => false,
        } && !personal
            // Defence in depth: values shaped like persons' names are never kept, even
            // where the header gives the detector nothing to go on (`Gemeldet von`).
            && self.name_like * 10 < self.observed * 3;

        let h = normalize(&self.header);
        let future_column = FUTURE_TERMS.iter().any(|t| h.contains(t));

        // Resolve ambiguous numbers by the column's own evidence, else the file's style.
        let count = |key: FormatKey| {
            self.formats
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0, |(_, n)| *n)
        };
        let (comma, point) = (count(value::F_DECIMAL_COMMA), count(value::F_DECIMAL_POINT));
        let german = match comma.cmp(&point) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => self.settings.style == NumberStyle::German,
        };
        let mut kinds = self.kinds;
        let mut formats = self.formats.clone();
        let add_format = |formats: &mut Vec<(FormatKey, u64)>, key: FormatKey, n: u64| {
            if n == 0 {
                return;
            }
            match formats.iter_mut().find(|(k, _)| *k == key) {
                Some(e) => e.1 += n,
                None => formats.push((key, n)),
            }
        };
        let mut numbers = self.numbers;
        if self.ambiguous_point + self.ambiguous_comma > 0 {
            // Both were counted as decimals; move the integers.
            let (integers, point_key, comma_key) = if german {
                (
                    self.ambiguous_point,
                    value::F_INTEGER,
                    value::F_DECIMAL_COMMA,
                )
            } else {
                (
                    self.ambiguous_comma,
                    value::F_DECIMAL_POINT,
                    value::F_INTEGER,
                )
            };
            kinds[Kind::Decimal as usize] -= integers;
            kinds[Kind::Integer as usize] += integers;
            add_format(&mut formats, point_key, self.ambiguous_point);
            add_format(&mut formats, comma_key, self.ambiguous_comma);
            if let Some((e_min, e_max, g_min, g_max)) = self.ambiguous {
                let (lo, hi) = if german {
                    (g_min, g_max)
                } else {
                    (e_min, e_max)
                };
                numbers = Some(match numbers {
                    None => (lo, hi),
                    Some((a, b)) => (a.min(lo), b.max(hi)),
                });
            }
        }

        // Eight-digit integers that are all valid dates, under a date header.
        let mut compact_dates = false;
        if self.compact > 0
            && self.compact == kinds[Kind::Integer as usize]
            && kinds[Kind::Decimal as usize] == 0
            && self.compact * 2 >= self.present
            && DATE_TERMS.iter().any(|t| h.contains(t))
        {
            compact_dates = true;
            kinds[Kind::Integer as usize] = 0;
            kinds[Kind::Date as usize] += self.compact;
            formats.retain(|(k, _)| *k != value::F_INTEGER);
            formats.push((COMPACT_DATE, self.compact));
        }

        // Digit codes with leading zeros (postcodes, article numbers) are text, not
        // quantities: their range would be meaningless.
        if self.leading_zero > 0 && kinds[Kind::Decimal as usize] == 0 && !compact_dates {
            kinds[Kind::Text as usize] += kinds[Kind::Integer as usize];
            kinds[Kind::Integer as usize] = 0;
            if let Some(entry) = formats.iter_mut().find(|(k, _)| *k == value::F_INTEGER) {
                entry.0 = LEADING_ZERO_DIGITS;
            }
        }
        // The type: the family with the most values, if it holds at least half of them.
        let numeric = kinds[Kind::Integer as usize] + kinds[Kind::Decimal as usize];
        let temporal = kinds[Kind::Date as usize] + kinds[Kind::DateTime as usize];
        let families = [
            ("numeric", numeric),
            ("temporal", temporal),
            ("time", kinds[Kind::Time as usize]),
            ("boolean", kinds[Kind::Boolean as usize]),
        ];
        let (family, family_count) = families
            .iter()
            .copied()
            .max_by_key(|(_, n)| *n)
            .unwrap_or(("text", 0));
        let (kind, valid) = if self.present == 0 {
            ("empty", 0)
        } else if family_count * 2 >= self.present && family_count > 0 {
            let kind = match family {
                "numeric" if kinds[Kind::Decimal as usize] > 0 => "decimal",
                "numeric" => "integer",
                "temporal" if kinds[Kind::DateTime as usize] > kinds[Kind::Date as usize] => {
                    "datetime"
                }
                "temporal" => "date",
                "time" => "time",
                _ => "boolean",
            };
            (kind, family_count)
        } else {
            ("text", self.present)
        };
        let invalid = self.present - valid.min(self.present);
        let is_number = matches!(kind, "integer" | "decimal");
        let is_date = matches!(kind, "date" | "datetime");
        // Whole numbers in a decimal column fit its style (`147` beside `0,5`): they
        // count as the column's decimal format, not as a second format.
        if kind == "decimal" {
            let styles: Vec<FormatKey> = formats
                .iter()
                .filter(|(k, n)| {
                    *n > 0 && matches!(*k, value::F_DECIMAL_COMMA | value::F_DECIMAL_POINT)
                })
                .map(|(k, _)| *k)
                .collect();
            if let [style] = styles.as_slice()
                && let Some(i) = formats.iter().position(|(k, _)| *k == value::F_INTEGER)
            {
                let (_, n) = formats.remove(i);
                if let Some(entry) = formats.iter_mut().find(|(k, _)| k == style) {
                    entry.1 += n;
                }
            }
        }

        // Implausible values: impossible dates, future event dates, far outliers.
        let mut implausible = self.impossible_dates;
        if is_date && !future_column {
            implausible += self.future_dates;
        }
        if is_number && !is_identifier_header(&h) && self.distinct.estimate() > 20 {
            implausible += self.outliers(german);
        }

        let mut formats: Vec<FormatShare> = formats
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| FormatShare {
                format: match k {
                    COMPACT_DATE => "yyyymmdd".to_owned(),
                    LEADING_ZERO_DIGITS => "digits_leading_zero".to_owned(),
                    k => value::label(k),
                },
                share: n as f64 / self.present.max(1) as f64,
            })
            .collect();
        formats.sort_by(|a, b| {
            b.share
                .total_cmp(&a.share)
                .then_with(|| a.format.cmp(&b.format))
        });

        let (mut min, mut max) = (None, None);
        if keep_values {
            if is_number && let Some((lo, hi)) = numbers {
                min = Some(number_text(lo, kind == "integer"));
                max = Some(number_text(hi, kind == "integer"));
            } else if is_date && compact_dates {
                if let Some((lo, hi)) = self.compact_days {
                    min = value::date_of(lo).map(|d| d.to_string());
                    max = value::date_of(hi).map(|d| d.to_string());
                }
            } else if is_date && let Some((lo, hi)) = self.moments {
                min = Some(moment_text(lo, kind == "datetime"));
                max = Some(moment_text(hi, kind == "datetime"));
            } else if kind == "time"
                && let Some((lo, hi)) = self.times
            {
                min = Some(time_text(lo as u32));
                max = Some(time_text(hi as u32));
            }
        }

        let unit = if is_number {
            super::unit::from_header(&self.header).or_else(|| {
                if self.percent * 2 > numeric {
                    Some("%".to_owned())
                } else if self.euro * 2 > numeric {
                    Some("EUR".to_owned())
                } else {
                    None
                }
            })
        } else {
            None
        };

        let example = if personal {
            let kind = match self.policy {
                Policy::Personal(kind) => Some(kind),
                _ => detections
                    .iter()
                    .find(|d| d.kind.is_personal())
                    .map(|d| d.kind),
            };
            match (kind, &self.example) {
                (Some(kind), Some(raw)) => Some(mask(kind, raw)),
                _ => None,
            }
        } else {
            None
        };
        let top_values = if keep_values {
            self.frequent
                .top(TOP_MIN_COUNT, TOP_LIMIT)
                .into_iter()
                .map(|(label, count)| Count { label, count })
                .collect()
        } else {
            Vec::new()
        };

        let record_dates = if is_date && !personal && !future_column {
            if compact_dates {
                self.compact_days
                    .and_then(|(lo, hi)| {
                        Some((value::date_of(lo)?, value::date_of(hi.min(self.today_day))?))
                    })
                    .filter(|(lo, hi)| lo <= hi)
            } else {
                match (self.moments, self.latest_past) {
                    (Some((lo, _)), Some(hi)) => moment_date(lo).zip(moment_date(hi)),
                    _ => None,
                }
                .filter(|(lo, hi)| lo <= hi)
            }
        } else {
            None
        };
        let code_systems = verdict.code_systems();
        let length = self.length;
        ColumnOutcome {
            column: Column {
                name: self.header,
                kind: kind.to_owned(),
                null_ratio: if rows == 0 {
                    0.0
                } else {
                    (rows.saturating_sub(self.present)) as f64 / rows as f64
                },
                distinct_estimate: self.distinct.estimate(),
                detections,
                personal,
                invalid_ratio: if self.present == 0 {
                    0.0
                } else {
                    invalid as f64 / self.present as f64
                },
                formats,
                min,
                max,
                length_min: length.map(|l| l.0),
                length_max: length.map(|l| l.1),
                implausible,
                unit,
                example,
                top_values,
            },
            health_codes: verdict.health_codes,
            code_systems,
            record_dates,
        }
    }

    /// Numbers far outside the column's spread, estimated from the reservoir: values
    /// beyond six interquartile ranges from the quartiles (a sensor's `-999` error
    /// code, a misplaced decimal point), scaled to all numbers of the column.
    fn outliers(&self, german: bool) -> u64 {
        let (sample, seen) = self.reservoir.sample();
        if sample.len() < 20 {
            return 0;
        }
        let mut values: Vec<f64> = sample
            .iter()
            .map(|&(english, g)| if german { g } else { english })
            .collect();
        values.sort_by(f64::total_cmp);
        let q = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
        let (q1, q3) = (q(0.25), q(0.75));
        let iqr = q3 - q1;
        if iqr <= 0.0 {
            return 0;
        }
        let (lo, hi) = (q1 - 6.0 * iqr, q3 + 6.0 * iqr);
        let outside = values.iter().filter(|&&v| v < lo || v > hi).count() as u64;
        if seen as usize == values.len() {
            outside
        } else {
            (outside as f64 * seen as f64 / values.len() as f64).round() as u64
        }
    }
}

/// Format key of `yyyymmdd` dates recognised after the fact.
const COMPACT_DATE: FormatKey = 0xFFFE;
/// Format key of digit codes with leading zeros.
const LEADING_ZERO_DIGITS: FormatKey = 0xFFFD;

/// Whether a (normalised) header names identifiers or codes, whose numbers have no
/// spread to fall outside of.
fn is_identifier_header(h: &str) -> bool {
    [
        "id",
        "nr",
        "nummer",
        "number",
        "no",
        "code",
        "key",
        "schluessel",
        "kennung",
        "kennzeichen",
    ]
    .iter()
    .any(|t| h.ends_with(t))
        || ["concept", "nummer", "ident"].iter().any(|t| h.contains(t))
}

/// Hash of an empty cell in a row hash.
pub(crate) const EMPTY_HASH: u64 = 0x5bd1_e995_0000_0001;

fn extend(range: Option<(u64, u64)>, v: impl Into<u64>) -> (u64, u64) {
    let v = v.into();
    match range {
        None => (v, v),
        Some((a, b)) => (a.min(v), b.max(v)),
    }
}

fn extend_f(range: Option<(f64, f64)>, v: f64) -> (f64, f64) {
    match range {
        None => (v, v),
        Some((a, b)) => (a.min(v), b.max(v)),
    }
}

fn extend_i(range: Option<(i64, i64)>, v: i64) -> (i64, i64) {
    match range {
        None => (v, v),
        Some((a, b)) => (a.min(v), b.max(v)),
    }
}

/// A number for the catalogue: integers without a fraction, others in their shortest
/// exact form.
pub(crate) fn number_text(v: f64, integer: bool) -> String {
    if integer && v.abs() < 9.0e15 {
        return format!("{}", v.round() as i64);
    }
    let v = if v == 0.0 { 0.0 } else { v };
    let magnitude = v.abs();
    if !(1e-6..1e15).contains(&magnitude) {
        return format!("{v}");
    }
    // Twelve significant digits hide the binary noise of summed decimals
    // (`1.3980000000000001` → `1.398`).
    let int_digits = (magnitude.log10().floor() as i32 + 1).max(1);
    let decimals = (12 - int_digits).max(0) as usize;
    let text = format!("{v:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn moment_date(moment: i64) -> Option<NaiveDate> {
    value::date_of(i32::try_from(moment.div_euclid(86_400)).ok()?)
}

fn moment_text(moment: i64, with_time: bool) -> String {
    let Some(date) = moment_date(moment) else {
        return String::new();
    };
    if with_time {
        let s = moment.rem_euclid(86_400);
        format!("{date}T{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        date.to_string()
    }
}

fn time_text(s: u32) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> ColumnSettings {
        ColumnSettings {
            today: NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
            origin: Origin::Text,
            style: NumberStyle::German,
            reservoir: 1024,
            frequent: 64,
        }
    }

    fn column(header: &str, siblings: &[&str], values: &[&str]) -> ColumnOutcome {
        let s = settings();
        let cx = ColumnContext::new(header, siblings.iter().copied(), s.today);
        let mut c = ColumnStats::new(&cx, Policy::Detect, s, 1);
        for v in values {
            c.add(Cell::Text(v), true);
        }
        c.finish(values.len() as u64)
    }

    #[test]
    fn german_decimals_and_their_range() {
        let out = column(
            "Kosten_EUR",
            &[],
            &["1.234,56", "7,00", "12,50", "", "1.000"],
        );
        let c = out.column;
        assert_eq!(c.kind, "decimal");
        assert_eq!(c.min.as_deref(), Some("7"));
        assert_eq!(c.max.as_deref(), Some("1234.56"));
        assert_eq!(c.null_ratio, 0.2);
        assert_eq!(c.unit.as_deref(), Some("EUR"));
        // `1.000` is a whole number in German style: no second format.
        assert_eq!(c.formats.len(), 1);
        assert_eq!(c.formats[0].format, "decimal_comma");
        assert_eq!(c.invalid_ratio, 0.0);
    }

    #[test]
    fn mixed_date_formats_and_impossible_or_future_dates() {
        let out = column(
            "Abschlussdatum",
            &[],
            &[
                "31.12.2024",
                "2024-12-30",
                "30.12.24",
                "31.02.2024",
                "01.01.2030",
                "offen",
            ],
        );
        let c = out.column;
        assert_eq!(c.kind, "date");
        let labels: Vec<&str> = c.formats.iter().map(|f| f.format.as_str()).collect();
        assert_eq!(labels, ["dd.mm.yyyy", "dd.mm.yy", "yyyy-mm-dd"]);
        assert_eq!(c.implausible, 2, "31.02. and a date after today");
        assert!((c.invalid_ratio - 2.0 / 6.0).abs() < 1e-9);
        assert_eq!(c.min.as_deref(), Some("2024-12-30"));
        assert_eq!(c.max.as_deref(), Some("2030-01-01"));
        let (lo, hi) = out.record_dates.unwrap();
        assert_eq!(
            (lo.to_string(), hi.to_string()),
            ("2024-12-30".into(), "2024-12-31".into())
        );
    }

    #[test]
    fn plan_dates_may_lie_ahead() {
        let out = column("Nächste Kalibrierung", &[], &["01.01.2030", "01.06.2026"]);
        assert_eq!(out.column.implausible, 0);
        assert!(out.record_dates.is_none());
    }

    #[test]
    fn personal_columns_keep_no_values() {
        let names = [
            "Müller, Anna",
            "Schmidt, Peter",
            "Meier, Eva",
            "Müller, Anna",
            "Müller, Anna",
            "Müller, Anna",
            "Müller, Anna",
        ];
        let out = column("Ansprechpartner", &["Produkt"], &names);
        let c = out.column;
        assert!(c.personal, "{:?}", c.detections);
        assert!(c.top_values.is_empty());
        assert!(c.min.is_none() && c.max.is_none());
        let example = c.example.unwrap();
        assert!(!names.contains(&example.as_str()), "{example}");
        // A header the detector does not know: not called personal, but no name is kept.
        let out = column("Gemeldet von", &["Produkt"], &names);
        assert!(out.column.top_values.is_empty());
        let out = column(
            "Status",
            &[],
            &["offen", "offen", "offen", "offen", "offen", "zu"],
        );
        assert_eq!(
            out.column.top_values,
            vec![Count {
                label: "offen".into(),
                count: 5
            }]
        );
        assert!(out.column.example.is_none());
    }

    #[test]
    fn sensor_error_codes_are_implausible() {
        let mut values: Vec<String> = (0..100)
            .map(|i| format!("{:.2}", 20.0 + f64::from(i) * 0.03))
            .collect();
        values.extend(["-999.00".to_owned(), "-999.00".to_owned()]);
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let c = column("temperatur_c", &[], &refs).column;
        assert_eq!(c.kind, "decimal");
        assert_eq!(c.implausible, 2);
        assert_eq!(c.unit.as_deref(), Some("Cel"));
    }

    #[test]
    fn compact_dates_under_a_date_header() {
        let c = column("MESS_DATUM", &[], &["20231112", "20231113", "20231114"]).column;
        assert_eq!(c.kind, "date");
        assert_eq!(c.formats[0].format, "yyyymmdd");
        assert_eq!(c.max.as_deref(), Some("2023-11-14"));
        let c = column("Auftragsnummer", &[], &["20231112", "20231113"]).column;
        assert_eq!(c.kind, "integer");
    }

    #[test]
    fn ambiguous_numbers_follow_the_column() {
        // English evidence in the column: 1.234 is one point two three four.
        let c = column("Wert", &[], &["1.234", "2.5", "3.75"]).column;
        assert_eq!(c.kind, "decimal");
        assert_eq!(c.max.as_deref(), Some("3.75"));
        // No evidence, German file: thousands.
        let c = column("Menge", &[], &["1.234", "2.000", "15"]).column;
        assert_eq!(c.kind, "integer");
        assert_eq!(c.max.as_deref(), Some("2000"));
    }

    #[test]
    fn native_cells() {
        let s = ColumnSettings {
            origin: Origin::Spreadsheet,
            ..settings()
        };
        let cx = ColumnContext::new("Anschaffung", std::iter::empty::<&str>(), s.today);
        let mut c = ColumnStats::new(&cx, Policy::Detect, s, 1);
        c.add(
            Cell::Date(NaiveDate::from_ymd_opt(2012, 3, 1).unwrap()),
            true,
        );
        c.add(
            Cell::DateTime(
                NaiveDate::from_ymd_opt(2012, 5, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            ),
            true,
        );
        c.add(Cell::Empty, true);
        let c = c.finish(3).column;
        assert_eq!(c.kind, "date");
        assert_eq!(c.formats[0].format, "spreadsheet_date");
        assert_eq!(c.max.as_deref(), Some("2012-05-01"));
    }
}
