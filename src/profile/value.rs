//! Reading one text value: its type (integer, decimal, date …), the format it is
//! written in (`dd.mm.yyyy`, `decimal_comma` …) and its numeric or calendar value.
//!
//! The reader is a single pass over the bytes without allocation; it runs on every
//! value of every column, so it bails out early for text. German forms are first-class:
//! `1.234,56` is a decimal, `31.12.2024` a date, `31.12.24` a date with a two-digit year.
//! Values that could be read two ways (`1.234`: one thousand two hundred thirty-four in
//! German, one point two three four in English) are marked ambiguous and resolved per
//! column (see [`super::column`]).

use chrono::{Datelike, NaiveDate};

/// The type family of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Integer = 0,
    Decimal = 1,
    Date = 2,
    DateTime = 3,
    Time = 4,
    Boolean = 5,
    Text = 6,
}

/// Number of [`Kind`]s.
pub(crate) const KINDS: usize = 7;

/// A compact key of a value format; [`label`] turns it into its catalogue label.
pub(crate) type FormatKey = u16;

pub(crate) const F_INTEGER: FormatKey = 1;
pub(crate) const F_DECIMAL_POINT: FormatKey = 2;
pub(crate) const F_DECIMAL_COMMA: FormatKey = 3;
pub(crate) const F_SCIENTIFIC: FormatKey = 4;
/// `1.234`: German thousands or an English decimal, resolved per column.
pub(crate) const F_AMBIGUOUS_POINT: FormatKey = 5;
/// `1,234`: English thousands or a German decimal, resolved per column.
pub(crate) const F_AMBIGUOUS_COMMA: FormatKey = 6;
pub(crate) const F_SHEET_NUMBER: FormatKey = 7;
pub(crate) const F_JSON_NUMBER: FormatKey = 8;
pub(crate) const F_TRUE_FALSE: FormatKey = 16;
pub(crate) const F_JA_NEIN: FormatKey = 17;
pub(crate) const F_YES_NO: FormatKey = 18;
pub(crate) const F_WAHR_FALSCH: FormatKey = 19;
pub(crate) const F_SHEET_BOOLEAN: FormatKey = 20;
pub(crate) const F_JSON_BOOLEAN: FormatKey = 21;
/// Dates: `F_DATE + layout`.
pub(crate) const F_DATE: FormatKey = 32;
/// Times of day: `F_TIME + precision`.
pub(crate) const F_TIME: FormatKey = 48;
pub(crate) const F_SHEET_DATE: FormatKey = 60;
pub(crate) const F_SHEET_DATETIME: FormatKey = 61;
pub(crate) const F_SHEET_TIME: FormatKey = 62;
/// Date-times: `F_DATETIME | layout << 4 | space << 3 | zone << 2 | precision`.
pub(crate) const F_DATETIME: FormatKey = 0x100;

/// Date layouts, in the order of [`DATE_LAYOUTS`].
const L_DMY_DOT: u16 = 0;
const L_DMY_DOT_LOOSE: u16 = 1;
const L_DMY_DOT_SHORT: u16 = 2;
const L_ISO: u16 = 3;
const L_DMY_SLASH: u16 = 4;
const L_MDY_SLASH: u16 = 5;
const L_DMY_DASH: u16 = 6;
const L_YMD_SLASH: u16 = 7;
const L_YMD_DOT: u16 = 8;

const DATE_LAYOUTS: [&str; 9] = [
    "dd.mm.yyyy",
    "d.m.yyyy",
    "dd.mm.yy",
    "yyyy-mm-dd",
    "dd/mm/yyyy",
    "mm/dd/yyyy",
    "dd-mm-yyyy",
    "yyyy/mm/dd",
    "yyyy.mm.dd",
];

const TIME_LAYOUTS: [&str; 3] = ["hh:mm", "hh:mm:ss", "hh:mm:ss.f"];

/// The catalogue label of a format key.
pub(crate) fn label(key: FormatKey) -> String {
    match key {
        F_INTEGER => "integer".into(),
        F_DECIMAL_POINT => "decimal_point".into(),
        F_DECIMAL_COMMA => "decimal_comma".into(),
        F_SCIENTIFIC => "scientific".into(),
        F_AMBIGUOUS_POINT => "ambiguous_point".into(),
        F_AMBIGUOUS_COMMA => "ambiguous_comma".into(),
        F_SHEET_NUMBER => "spreadsheet_number".into(),
        F_JSON_NUMBER => "json_number".into(),
        F_TRUE_FALSE => "true/false".into(),
        F_JA_NEIN => "ja/nein".into(),
        F_YES_NO => "yes/no".into(),
        F_WAHR_FALSCH => "wahr/falsch".into(),
        F_SHEET_BOOLEAN => "spreadsheet_boolean".into(),
        F_JSON_BOOLEAN => "json_boolean".into(),
        F_SHEET_DATE => "spreadsheet_date".into(),
        F_SHEET_DATETIME => "spreadsheet_datetime".into(),
        F_SHEET_TIME => "spreadsheet_time".into(),
        k if (F_DATE..F_DATE + DATE_LAYOUTS.len() as u16).contains(&k) => {
            DATE_LAYOUTS[(k - F_DATE) as usize].into()
        }
        k if (F_TIME..F_TIME + 3).contains(&k) => TIME_LAYOUTS[(k - F_TIME) as usize].into(),
        k if k & F_DATETIME != 0 => {
            let layout = ((k >> 4) & 0xF) as usize;
            let space = k & 0b1000 != 0;
            let zone = k & 0b100 != 0;
            let precision = (k & 0b11) as usize;
            let mut s = String::with_capacity(24);
            s.push_str(DATE_LAYOUTS.get(layout).copied().unwrap_or("date"));
            s.push(if space { ' ' } else { 'T' });
            s.push_str(TIME_LAYOUTS.get(precision).copied().unwrap_or("hh:mm"));
            if zone {
                s.push_str("±zone");
            }
            s
        }
        _ => "other".into(),
    }
}

/// A unit written after a number (`12,5 %`, `1.234,56 €`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Suffix {
    #[default]
    None,
    Percent,
    Euro,
}

/// What [`read`] found in a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Reading {
    pub(crate) kind: Kind,
    /// Format key (0 for text).
    pub(crate) format: FormatKey,
    /// Numeric value (numbers; for ambiguous forms the point reading: `1.234` → 1.234).
    pub(crate) number: f64,
    /// The comma reading of an ambiguous number (`1.234` → 1234, `1,234` → 1.234).
    pub(crate) alternative: f64,
    /// Days since 0001-01-01 (dates and date-times).
    pub(crate) day: i32,
    /// Seconds within the day (date-times, times).
    pub(crate) second: u32,
    /// The value has a date's shape but names a day that does not exist (`31.02.2024`).
    pub(crate) impossible_date: bool,
    /// An eight-digit integer that is also a valid `yyyymmdd` date (1900–2100).
    pub(crate) compact_day: Option<i32>,
    /// Unit written after a number.
    pub(crate) suffix: Suffix,
}

impl Reading {
    fn text() -> Reading {
        Reading {
            kind: Kind::Text,
            format: 0,
            number: 0.0,
            alternative: 0.0,
            day: 0,
            second: 0,
            impossible_date: false,
            compact_day: None,
            suffix: Suffix::None,
        }
    }

    fn number(format: FormatKey, number: f64, alternative: f64, kind: Kind) -> Reading {
        Reading {
            kind,
            format,
            number,
            alternative,
            ..Reading::text()
        }
    }
}

/// Context for reading values: the two-digit-year window.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadContext {
    /// The current year (two-digit years are placed at or before it).
    pub(crate) year: i32,
}

impl ReadContext {
    pub(crate) fn new(today: NaiveDate) -> ReadContext {
        ReadContext { year: today.year() }
    }
}

/// Reads a trimmed, non-empty value.
pub(crate) fn read(v: &[u8], cx: ReadContext) -> Reading {
    let Some(&first) = v.first() else {
        return Reading::text();
    };
    if first.is_ascii_digit() {
        if let Some(r) = read_temporal(v, cx) {
            return r;
        }
        return read_number_with_suffix(v).unwrap_or_else(Reading::text);
    }
    match first {
        b'-' | b'+' | b'.' | b',' => read_number_with_suffix(v).unwrap_or_else(Reading::text),
        b't' | b'T' | b'f' | b'F' | b'j' | b'J' | b'n' | b'N' | b'y' | b'Y' | b'w' | b'W'
            if v.len() <= 6 =>
        {
            read_boolean(v).unwrap_or_else(Reading::text)
        }
        _ => Reading::text(),
    }
}

fn read_boolean(v: &[u8]) -> Option<Reading> {
    let mut lower = [0u8; 6];
    for (i, b) in v.iter().enumerate() {
        lower[i] = b.to_ascii_lowercase();
    }
    let word = &lower[..v.len()];
    let format = match word {
        b"true" | b"false" => F_TRUE_FALSE,
        b"ja" | b"nein" => F_JA_NEIN,
        b"yes" | b"no" => F_YES_NO,
        b"wahr" | b"falsch" => F_WAHR_FALSCH,
        _ => return None,
    };
    Some(Reading {
        kind: Kind::Boolean,
        format,
        ..Reading::text()
    })
}

/// Strips a trailing percent or euro sign (`12,5 %`, `1.234,56 €`, `99 EUR`).
fn read_number_with_suffix(v: &[u8]) -> Option<Reading> {
    let (body, suffix) = if let Some(rest) = v.strip_suffix(b"%") {
        (rest, Suffix::Percent)
    } else if let Some(rest) = v.strip_suffix("€".as_bytes()) {
        (rest, Suffix::Euro)
    } else if let Some(rest) = v.strip_suffix(b" EUR") {
        (rest, Suffix::Euro)
    } else {
        (v, Suffix::None)
    };
    let body = if suffix == Suffix::None {
        body
    } else {
        trim_end_spaces(body)
    };
    let mut r = read_number(body)?;
    r.suffix = suffix;
    Some(r)
}

fn trim_end_spaces(v: &[u8]) -> &[u8] {
    let mut end = v.len();
    while end > 0 && (v[end - 1] == b' ' || v[end - 1] == 0xA0) {
        end -= 1;
    }
    // A non-breaking space in UTF-8 is C2 A0.
    if end > 0 && v[end - 1] == 0xC2 {
        end -= 1;
    }
    &v[..end]
}

/// Accumulates digits into a float (exact for up to 15 digits).
#[inline]
fn digits_value(d: &[u8]) -> f64 {
    if d.len() <= 18 {
        let mut n: u64 = 0;
        for &b in d {
            n = n * 10 + u64::from(b - b'0');
        }
        n as f64
    } else {
        d.iter()
            .fold(0.0, |acc, &b| acc * 10.0 + f64::from(b - b'0'))
    }
}

const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

#[inline]
fn fraction_value(d: &[u8]) -> f64 {
    if d.is_empty() {
        return 0.0;
    }
    let scale = POW10
        .get(d.len())
        .copied()
        .unwrap_or(10f64.powi(d.len() as i32));
    digits_value(d) / scale
}

/// Reads a number: optional sign, digits with `.`/`,` as decimal or thousands
/// separators, or scientific notation. `None` for anything else.
fn read_number(v: &[u8]) -> Option<Reading> {
    let (negative, body) = match v.first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    if body.is_empty() || body.len() > 40 {
        return None;
    }
    // Separator positions and the exponent.
    let mut dots = 0usize;
    let mut commas = 0usize;
    let mut first_sep = usize::MAX;
    let mut last_sep = usize::MAX;
    let mut exponent = usize::MAX;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' | b',' => {
                if exponent != usize::MAX {
                    return None;
                }
                if b == b'.' {
                    dots += 1;
                } else {
                    commas += 1;
                }
                if first_sep == usize::MAX {
                    first_sep = i;
                }
                last_sep = i;
            }
            b'e' | b'E' if exponent == usize::MAX && i > 0 => exponent = i,
            b'-' | b'+' if exponent != usize::MAX && i == exponent + 1 => {}
            _ => return None,
        }
    }
    let sign = if negative { -1.0 } else { 1.0 };
    if exponent != usize::MAX {
        let text = std::str::from_utf8(v).ok()?;
        if commas > 0 || dots > 1 || exponent + 1 >= body.len() {
            return None;
        }
        let n: f64 = text.parse().ok()?;
        return n
            .is_finite()
            .then(|| Reading::number(F_SCIENTIFIC, n, n, Kind::Decimal));
    }
    if dots + commas == 0 {
        let n = sign * digits_value(body);
        return Some(Reading::number(F_INTEGER, n, n, Kind::Integer));
    }
    let int_part = &body[..first_sep];
    let frac_part = &body[last_sep + 1..];
    if frac_part.is_empty() {
        return None; // `5.` or `1.234.`
    }
    if dots + commas == 1 {
        let point = body[first_sep] == b'.';
        let plain = |int: &[u8], frac: &[u8]| sign * (digits_value(int) + fraction_value(frac));
        let as_decimal = plain(int_part, frac_part);
        // `1.234` / `1,234`: a group of three after one to three digits that do not
        // start with zero can be a thousands separator.
        let groupable =
            frac_part.len() == 3 && (1..=3).contains(&int_part.len()) && int_part[0] != b'0';
        if groupable {
            let as_thousands =
                sign * digits_value(int_part) * 1000.0 + sign * digits_value(frac_part);
            return Some(if point {
                Reading::number(F_AMBIGUOUS_POINT, as_decimal, as_thousands, Kind::Decimal)
            } else {
                Reading::number(F_AMBIGUOUS_COMMA, as_thousands, as_decimal, Kind::Decimal)
            });
        }
        let format = if point {
            F_DECIMAL_POINT
        } else {
            F_DECIMAL_COMMA
        };
        return Some(Reading::number(
            format,
            as_decimal,
            as_decimal,
            Kind::Decimal,
        ));
    }
    // Several separators: thousands groups with an optional decimal part.
    let thousands = if dots > 0 && commas == 0 {
        b'.'
    } else if commas > 0 && dots == 0 {
        b','
    } else if body[last_sep] == b',' && commas == 1 {
        b'.'
    } else if body[last_sep] == b'.' && dots == 1 {
        b','
    } else {
        return None;
    };
    if int_part.is_empty() || int_part.len() > 3 || int_part[0] == b'0' && int_part.len() > 1 {
        return None;
    }
    let decimal_at = if body[last_sep] == thousands {
        None
    } else {
        Some(last_sep)
    };
    let grouped_end = decimal_at.unwrap_or(body.len());
    // Every group after the first has exactly three digits.
    let mut integer: f64 = digits_value(int_part);
    let mut pos = first_sep;
    while pos < grouped_end {
        if body[pos] != thousands {
            return None;
        }
        let group = body.get(pos + 1..pos + 4)?;
        if !group.iter().all(u8::is_ascii_digit) || pos + 4 > grouped_end {
            return None;
        }
        integer = integer * 1000.0 + digits_value(group);
        pos += 4;
    }
    match decimal_at {
        None => {
            let n = sign * integer;
            Some(Reading::number(F_INTEGER, n, n, Kind::Integer))
        }
        Some(at) => {
            let n = sign * (integer + fraction_value(&body[at + 1..]));
            let format = if thousands == b'.' {
                F_DECIMAL_COMMA
            } else {
                F_DECIMAL_POINT
            };
            Some(Reading::number(format, n, n, Kind::Decimal))
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 0001-01-01 of a valid date, `None` when the day does not exist.
pub(crate) fn day_number(year: i32, month: u32, day: u32) -> Option<i32> {
    if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.num_days_from_ce())
}

/// The date of a day number.
pub(crate) fn date_of(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

#[inline]
fn small(d: &[u8]) -> u32 {
    d.iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
}

/// Splits `v` at the first byte that is not a digit.
#[inline]
fn digit_run(v: &[u8]) -> (&[u8], &[u8]) {
    let n = v
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(v.len());
    v.split_at(n)
}

/// Dates, date-times, times and compact `yyyymmdd` integers.
fn read_temporal(v: &[u8], cx: ReadContext) -> Option<Reading> {
    let (p1, rest) = digit_run(v);
    let Some(&sep) = rest.first() else {
        // All digits: an integer, maybe also a compact date.
        if v.len() == 8 {
            let y = small(&v[..4]) as i32;
            if (1900..=2100).contains(&y)
                && let Some(day) = day_number(y, small(&v[4..6]), small(&v[6..8]))
            {
                let n = digits_value(v);
                let mut r = Reading::number(F_INTEGER, n, n, Kind::Integer);
                r.compact_day = Some(day);
                return Some(r);
            }
        }
        return None;
    };
    if sep == b':' {
        return read_time(v).map(|(second, precision, len)| {
            if len != v.len() {
                return Reading::text();
            }
            Reading {
                kind: Kind::Time,
                format: F_TIME + precision,
                second,
                ..Reading::text()
            }
        });
    }
    if !matches!(sep, b'.' | b'/' | b'-') || p1.is_empty() || p1.len() > 4 {
        return None;
    }
    let (p2, rest2) = digit_run(&rest[1..]);
    if p2.is_empty() || p2.len() > 2 || rest2.first() != Some(&sep) {
        return None;
    }
    let (p3, tail) = digit_run(&rest2[1..]);
    let (year, month, day, layout) = match (p1.len(), p3.len(), sep) {
        (4, 1..=2, b'-') => (small(p1) as i32, small(p2), small(p3), L_ISO),
        (4, 1..=2, b'/') => (small(p1) as i32, small(p2), small(p3), L_YMD_SLASH),
        (4, 1..=2, b'.') => (small(p1) as i32, small(p2), small(p3), L_YMD_DOT),
        (1..=2, 4, b'.') => {
            let layout = if p1.len() == 2 && p2.len() == 2 {
                L_DMY_DOT
            } else {
                L_DMY_DOT_LOOSE
            };
            (small(p3) as i32, small(p2), small(p1), layout)
        }
        (1..=2, 2, b'.') => {
            let yy = small(p3) as i32;
            let century = cx.year / 100 * 100;
            let year = if century + yy <= cx.year {
                century + yy
            } else {
                century - 100 + yy
            };
            (year, small(p2), small(p1), L_DMY_DOT_SHORT)
        }
        (1..=2, 4, b'/') => {
            let (d, m, y) = (small(p1), small(p2), small(p3) as i32);
            if m > 12 && d <= 12 {
                (y, d, m, L_MDY_SLASH)
            } else {
                (y, m, d, L_DMY_SLASH)
            }
        }
        (1..=2, 4, b'-') => (small(p3) as i32, small(p2), small(p1), L_DMY_DASH),
        _ => return None,
    };
    // What follows the date: nothing, or a time after `T` or a space.
    let (second, time_key) = if tail.is_empty() {
        (0, None)
    } else {
        let t = match tail[0] {
            b'T' | b' ' => &tail[1..],
            _ => return None,
        };
        let (second, precision, used) = read_time(t)?;
        let zone_part = &t[used..];
        let zone = if zone_part.is_empty() {
            false
        } else if is_zone(zone_part) {
            true
        } else {
            return None;
        };
        let space = tail[0] == b' ';
        let key = F_DATETIME
            | (layout << 4)
            | (u16::from(space) << 3)
            | (u16::from(zone) << 2)
            | precision;
        (second, Some(key))
    };
    match day_number(year, month, day) {
        Some(d) => Some(Reading {
            kind: if time_key.is_some() {
                Kind::DateTime
            } else {
                Kind::Date
            },
            format: time_key.unwrap_or(F_DATE + layout),
            day: d,
            second,
            ..Reading::text()
        }),
        None => Some(Reading {
            impossible_date: true,
            ..Reading::text()
        }),
    }
}

/// `Z`, `+01:00`, `-0500`, `+01`.
fn is_zone(z: &[u8]) -> bool {
    match z {
        b"Z" | b"z" => true,
        [b'+' | b'-', rest @ ..] => {
            let digits = rest.iter().filter(|b| b.is_ascii_digit()).count();
            matches!(rest.len(), 2 | 4 | 5)
                && (digits == rest.len() || (rest.len() == 5 && rest[2] == b':' && digits == 4))
        }
        _ => false,
    }
}

/// Reads `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` at the start of `t`; returns the
/// seconds within the day, the precision (0, 1, 2) and the bytes used.
fn read_time(t: &[u8]) -> Option<(u32, u16, usize)> {
    let (h, rest) = digit_run(t);
    if h.is_empty() || h.len() > 2 || rest.first() != Some(&b':') {
        return None;
    }
    let (m, rest) = digit_run(&rest[1..]);
    if m.len() != 2 {
        return None;
    }
    let (hh, mm) = (small(h), small(m));
    if hh > 24 || mm > 59 {
        return None;
    }
    let mut used = h.len() + 1 + 2;
    let mut precision = 0;
    let mut ss = 0;
    if rest.first() == Some(&b':') {
        let (s, rest) = digit_run(&rest[1..]);
        if s.len() != 2 || small(s) > 60 {
            return None;
        }
        ss = small(s);
        used += 3;
        precision = 1;
        if rest.first() == Some(&b'.') || rest.first() == Some(&b',') {
            let (f, _) = digit_run(&rest[1..]);
            if f.is_empty() {
                return None;
            }
            used += 1 + f.len();
            precision = 2;
        }
    }
    Some((hh * 3600 + mm * 60 + ss.min(59), precision, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> ReadContext {
        ReadContext { year: 2025 }
    }

    fn r(v: &str) -> Reading {
        read(v.as_bytes(), cx())
    }

    #[test]
    fn german_and_english_numbers() {
        let cases: &[(&str, FormatKey, f64)] = &[
            ("42", F_INTEGER, 42.0),
            ("-7", F_INTEGER, -7.0),
            ("1.234,56", F_DECIMAL_COMMA, 1234.56),
            ("7,00", F_DECIMAL_COMMA, 7.0),
            ("-999.00", F_DECIMAL_POINT, -999.0),
            ("1.234.567", F_INTEGER, 1_234_567.0),
            ("1,234,567.5", F_DECIMAL_POINT, 1_234_567.5),
            ("0.123", F_DECIMAL_POINT, 0.123),
            ("12.5", F_DECIMAL_POINT, 12.5),
            ("1.5e-3", F_SCIENTIFIC, 0.0015),
            ("1.234", F_AMBIGUOUS_POINT, 1.234),
            ("1,234", F_AMBIGUOUS_COMMA, 1234.0),
        ];
        for (v, format, n) in cases {
            let got = r(v);
            assert_eq!(got.format, *format, "{v}");
            assert!((got.number - n).abs() < 1e-9, "{v}: {}", got.number);
        }
        assert_eq!(r("1.234").alternative, 1234.0);
        assert_eq!(r("1,234").alternative, 1.234);
        let euro = r("1.234,56 €");
        assert_eq!((euro.format, euro.suffix), (F_DECIMAL_COMMA, Suffix::Euro));
        assert_eq!(r("12,5 %").suffix, Suffix::Percent);
        for text in [
            "1.2.3",
            "5.",
            "12a",
            "A-123",
            "1.23.456",
            "0151/6486847",
            "--1",
            "1,2,3",
        ] {
            assert_eq!(r(text).kind, Kind::Text, "{text}");
        }
    }

    #[test]
    fn dates_times_and_impossible_days() {
        let date = |v: &str| {
            let x = r(v);
            assert_eq!(x.kind, Kind::Date, "{v}");
            (label(x.format), date_of(x.day).unwrap().to_string())
        };
        assert_eq!(
            date("31.12.2024"),
            ("dd.mm.yyyy".into(), "2024-12-31".into())
        );
        assert_eq!(date("1.2.2024"), ("d.m.yyyy".into(), "2024-02-01".into()));
        assert_eq!(date("31.12.24"), ("dd.mm.yy".into(), "2024-12-31".into()));
        assert_eq!(date("01.01.30"), ("dd.mm.yy".into(), "1930-01-01".into()));
        assert_eq!(
            date("2024-12-31"),
            ("yyyy-mm-dd".into(), "2024-12-31".into())
        );
        assert_eq!(
            date("3/29/1982"),
            ("mm/dd/yyyy".into(), "1982-03-29".into())
        );
        assert_eq!(
            date("29/03/1982"),
            ("dd/mm/yyyy".into(), "1982-03-29".into())
        );
        let dt = r("2024-10-01T11:22");
        assert_eq!(dt.kind, Kind::DateTime);
        assert_eq!(label(dt.format), "yyyy-mm-ddThh:mm");
        assert_eq!(dt.second, 11 * 3600 + 22 * 60);
        let dt = r("2024-10-01T11:22:33.5+01:00");
        assert_eq!(label(dt.format), "yyyy-mm-ddThh:mm:ss.f±zone");
        assert_eq!(label(r("31.12.2024 08:00").format), "dd.mm.yyyy hh:mm");
        assert_eq!(r("08:15").kind, Kind::Time);
        assert_eq!(label(r("08:15:00").format), "hh:mm:ss");
        for impossible in ["31.02.2024", "2024-13-01", "00.00.0000"] {
            let x = r(impossible);
            assert_eq!(x.kind, Kind::Text, "{impossible}");
            assert!(x.impossible_date, "{impossible}");
        }
        let compact = r("19830516");
        assert_eq!(compact.kind, Kind::Integer);
        assert!(compact.compact_day.is_some());
        assert!(r("12345678").compact_day.is_none());
        assert_eq!(r("2024-10-01Tx").kind, Kind::Text);
    }

    #[test]
    fn booleans_and_text() {
        assert_eq!(r("ja").format, F_JA_NEIN);
        assert_eq!(r("FALSE").format, F_TRUE_FALSE);
        assert_eq!(r("Nein").kind, Kind::Boolean);
        assert_eq!(r("Nord").kind, Kind::Text);
        assert_eq!(r("Müller").kind, Kind::Text);
        assert_eq!(r("+49 30 1234567").kind, Kind::Text);
    }
}
