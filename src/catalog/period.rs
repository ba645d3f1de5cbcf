//! Periods in file names: `Reklamationen_2024-07.csv` is July 2024.
//!
//! A series of files named by period (months, quarters, ISO weeks, days, years) is
//! checked for gaps: the expected periods between the first and the last file that
//! have no file. Days and weeks need a regular rhythm before gaps are judged, so
//! exports made "now and then" (`ORU_R01_20241209`, `…_20241216`, `…_20250108`) are
//! not reported as gappy.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The rhythm of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodicity {
    /// One file per day (working days when the series has no weekend files).
    Daily,
    /// One file per ISO week.
    Weekly,
    /// One file per month.
    Monthly,
    /// One file per quarter.
    Quarterly,
    /// One file per year.
    Yearly,
}

impl Periodicity {
    /// Stable id (`monthly` …).
    pub fn id(self) -> &'static str {
        match self {
            Periodicity::Daily => "daily",
            Periodicity::Weekly => "weekly",
            Periodicity::Monthly => "monthly",
            Periodicity::Quarterly => "quarterly",
            Periodicity::Yearly => "yearly",
        }
    }

    /// Nominal length in days (for currentness).
    pub fn days(self) -> i64 {
        match self {
            Periodicity::Daily => 1,
            Periodicity::Weekly => 7,
            Periodicity::Monthly => 31,
            Periodicity::Quarterly => 92,
            Periodicity::Yearly => 366,
        }
    }
}

/// A period named in a file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// Granularity of the name.
    pub kind: Periodicity,
    /// First day of the period.
    pub start: NaiveDate,
}

impl Period {
    /// Label as people and ISO 8601 write it: `2024-07`, `2024-Q3`, `2024-W05`,
    /// `2024-01-13`, `2024`.
    pub fn label(&self) -> String {
        let d = self.start;
        match self.kind {
            Periodicity::Daily => d.format("%Y-%m-%d").to_string(),
            Periodicity::Weekly => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Periodicity::Monthly => d.format("%Y-%m").to_string(),
            Periodicity::Quarterly => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            Periodicity::Yearly => d.year().to_string(),
        }
    }

    /// The following period.
    pub fn next(&self, weekdays_only: bool) -> Period {
        let d = self.start;
        let start = match self.kind {
            Periodicity::Daily => {
                let mut n = d + Duration::days(1);
                while weekdays_only && matches!(n.weekday(), Weekday::Sat | Weekday::Sun) {
                    n += Duration::days(1);
                }
                n
            }
            Periodicity::Weekly => d + Duration::days(7),
            Periodicity::Monthly => add_months(d, 1),
            Periodicity::Quarterly => add_months(d, 3),
            Periodicity::Yearly => add_months(d, 12),
        };
        Period {
            kind: self.kind,
            start,
        }
    }
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Digits(&'a str),
    Alpha(&'a str),
    Sep(char),
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let class = |c: char| {
            if c.is_ascii_digit() {
                0
            } else if c.is_alphabetic() {
                1
            } else {
                2
            }
        };
        let k = class(c);
        if k == 2 {
            out.push(Tok::Sep(c));
            i += 1;
            start = chars.get(i).map_or(s.len(), |x| x.0);
            continue;
        }
        let mut j = i;
        while j < chars.len() && class(chars[j].1) == k {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |x| x.0);
        let _ = start;
        let text = &s[pos..end];
        out.push(if k == 0 {
            Tok::Digits(text)
        } else {
            Tok::Alpha(text)
        });
        i = j;
        start = end;
    }
    out
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4)
        .then(|| s.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2199).contains(y))
}

fn num(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
    len.contains(&s.len()).then(|| s.parse().ok()).flatten()
}

/// The period a file stem names, if any (the leftmost date-like part wins).
pub fn period_in_name(stem: &str) -> Option<Period> {
    let t = tokens(stem);
    let digits = |i: usize| match t.get(i) {
        Some(Tok::Digits(d)) => Some(*d),
        _ => None,
    };
    let sep = |i: usize| matches!(t.get(i), Some(Tok::Sep('-' | '_' | '.' | ' ')));
    let alpha = |i: usize| match t.get(i) {
        Some(Tok::Alpha(a)) => Some(a.to_ascii_lowercase()),
        _ => None,
    };
    let day = |y: i32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y, m, d).map(|start| Period {
            kind: Periodicity::Daily,
            start,
        })
    };
    let month = |y: i32, m: u32| {
        NaiveDate::from_ymd_opt(y, m, 1).map(|start| Period {
            kind: Periodicity::Monthly,
            start,
        })
    };
    for i in 0..t.len() {
        if let Some(d) = digits(i) {
            // Compact forms: 20241209, 20241209083000 (date and time), 202407.
            if (d.len() == 8 || d.len() == 12 || d.len() == 14)
                && let (Some(y), Some(m), Some(dd)) =
                    (year(&d[..4]), num(&d[4..6], 2..=2), num(&d[6..8], 2..=2))
                && let Some(p) = day(y, m, dd)
            {
                return Some(p);
            }
            if d.len() == 6
                && let (Some(y), Some(m)) = (year(&d[..4]), num(&d[4..6], 2..=2))
                && let Some(p) = month(y, m)
            {
                return Some(p);
            }
            if let Some(y) = year(d) {
                // 2024-07-13, 2024-07, 2024-Q3, 2024-W05, 2024
                if sep(i + 1) {
                    if let Some(m) = digits(i + 2).and_then(|m| num(m, 1..=2)) {
                        if sep(i + 3)
                            && let Some(dd) = digits(i + 4).and_then(|x| num(x, 1..=2))
                            && let Some(p) = day(y, m, dd)
                        {
                            return Some(p);
                        }
                        if let Some(p) = month(y, m) {
                            return Some(p);
                        }
                    }
                    if let Some(a) = alpha(i + 2)
                        && let Some(p) = quarter_or_week(y, &a, digits(i + 3))
                    {
                        return Some(p);
                    }
                }
                if let Some(a) = alpha(i + 1)
                    && let Some(p) = quarter_or_week(y, &a, digits(i + 2))
                {
                    return Some(p);
                }
                // A year alone, unless it is followed by a counter (2024-017).
                let counter_follows = sep(i + 1) && digits(i + 2).is_some();
                if !counter_follows {
                    return NaiveDate::from_ymd_opt(y, 1, 1).map(|start| Period {
                        kind: Periodicity::Yearly,
                        start,
                    });
                }
            }
            // 13.01.2025 (day first)
            if let Some(dd) = num(d, 1..=2)
                && matches!(t.get(i + 1), Some(Tok::Sep('.')))
                && let (Some(m), true, Some(y)) = (
                    digits(i + 2).and_then(|m| num(m, 1..=2)),
                    matches!(t.get(i + 3), Some(Tok::Sep('.'))),
                    digits(i + 4).and_then(year),
                )
                && let Some(p) = day(y, m, dd)
            {
                return Some(p);
            }
        }
        // Q3_2024, KW05_2024
        if let Some(a) = alpha(i) {
            let (prefix_ok, n) = split_alpha_number(&a, digits(i + 1));
            if prefix_ok
                && let Some(y) = (sep(i + 2).then(|| digits(i + 3)).flatten()).and_then(year)
                && let Some(p) = quarter_or_week(y, &a, n)
            {
                return Some(p);
            }
        }
    }
    None
}

fn split_alpha_number<'a>(a: &str, next: Option<&'a str>) -> (bool, Option<&'a str>) {
    (matches!(a, "q" | "kw" | "w"), next)
}

fn quarter_or_week(y: i32, a: &str, n: Option<&str>) -> Option<Period> {
    let n: u32 = n?.parse().ok()?;
    match a {
        "q" if (1..=4).contains(&n) => {
            NaiveDate::from_ymd_opt(y, (n - 1) * 3 + 1, 1).map(|start| Period {
                kind: Periodicity::Quarterly,
                start,
            })
        }
        "w" | "kw" if (1..=53).contains(&n) => {
            NaiveDate::from_isoywd_opt(y, n, Weekday::Mon).map(|start| Period {
                kind: Periodicity::Weekly,
                start,
            })
        }
        _ => None,
    }
}

/// How complete a periodic series is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesCoverage {
    /// The rhythm.
    pub periodicity: Periodicity,
    /// Whether a daily series skips weekends.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub weekdays_only: bool,
    /// First period with a file.
    pub first: String,
    /// Last period with a file.
    pub last: String,
    /// Periods with at least one file.
    pub present: usize,
    /// Periods expected from first to last.
    pub expected: usize,
    /// Expected periods without a file, in order.
    pub missing: Vec<String>,
}

/// Judges a series from the periods in its file names; `None` when fewer than two
/// files name a period, the names mix granularities without a clear majority, or
/// day and week names have no regular rhythm (fewer than `min_files` files, or less
/// than 60 % of the steps are one period).
pub fn coverage(periods: &[Period], min_files: usize) -> Option<SeriesCoverage> {
    let mut counts = std::collections::BTreeMap::<Periodicity, usize>::new();
    for p in periods {
        *counts.entry(p.kind).or_default() += 1;
    }
    let (&kind, &n) = counts
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))?;
    if n < 2 || n * 10 < periods.len() * 8 {
        return None;
    }
    let mut starts: Vec<NaiveDate> = periods
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.start)
        .collect();
    starts.sort();
    starts.dedup();
    if starts.len() < 2 {
        return None;
    }
    let weekdays_only = kind == Periodicity::Daily
        && starts
            .iter()
            .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
    if matches!(kind, Periodicity::Daily | Periodicity::Weekly) {
        if starts.len() < min_files {
            return None;
        }
        let step = |a: NaiveDate| Period { kind, start: a }.next(weekdays_only).start;
        let regular = starts.windows(2).filter(|w| step(w[0]) == w[1]).count();
        if regular * 10 < (starts.len() - 1) * 6 {
            return None;
        }
    }
    let first = Period {
        kind,
        start: starts[0],
    };
    let last = *starts.last()?;
    let mut expected = 0;
    let mut missing = Vec::new();
    let mut p = first;
    let present: std::collections::BTreeSet<NaiveDate> = starts.iter().copied().collect();
    // Bounded: a series spanning more than 20 years of days is not judged.
    while p.start <= last && expected < 7400 {
        expected += 1;
        if !present.contains(&p.start) {
            missing.push(p.label());
        }
        p = p.next(weekdays_only);
    }
    Some(SeriesCoverage {
        periodicity: kind,
        weekdays_only,
        first: first.label(),
        last: Period { kind, start: last }.label(),
        present: starts.len(),
        expected,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(stem: &str) -> Option<String> {
        period_in_name(stem).map(|p| p.label())
    }

    #[test]
    fn periods_are_read_from_names() {
        assert_eq!(label("Reklamationen_2024-07").as_deref(), Some("2024-07"));
        assert_eq!(
            label("Pruefstand_Sensoren_2025-01-13").as_deref(),
            Some("2025-01-13")
        );
        assert_eq!(label("ORU_R01_20241209").as_deref(), Some("2024-12-09"));
        assert_eq!(
            label("EKG_Export_20250109_0815").as_deref(),
            Some("2025-01-09")
        );
        assert_eq!(
            label("Laborwerte_Export_2024-Q4").as_deref(),
            Some("2024-Q4")
        );
        assert_eq!(label("Umsatz Q3_2024").as_deref(), Some("2024-Q3"));
        assert_eq!(label("Bericht_KW05_2024").as_deref(), Some("2024-W05"));
        assert_eq!(label("Export 13.01.2025").as_deref(), Some("2025-01-13"));
        assert_eq!(label("Altdaten_2019").as_deref(), Some("2019"));
        assert_eq!(label("export_202403").as_deref(), Some("2024-03"));
        assert_eq!(label("Angebot_2024-017_Birkenhoehe"), None);
        assert_eq!(label("Kunden_Kontakte"), None);
        assert_eq!(label("person"), None);
    }

    fn p(stem: &str) -> Period {
        period_in_name(stem).unwrap()
    }

    #[test]
    fn monthly_gaps_are_found() {
        let months: Vec<Period> = (1..=12)
            .filter(|m| *m != 7)
            .map(|m| p(&format!("R_2024-{m:02}")))
            .collect();
        let c = coverage(&months, 3).unwrap();
        assert_eq!(c.periodicity, Periodicity::Monthly);
        assert_eq!((c.present, c.expected), (11, 12));
        assert_eq!(c.missing, ["2024-07"]);
        assert_eq!((c.first.as_str(), c.last.as_str()), ("2024-01", "2024-12"));
    }

    #[test]
    fn daily_series_need_a_rhythm() {
        let days: Vec<Period> = ["S_2025-01-13", "S_2025-01-14", "S_2025-01-15"]
            .iter()
            .map(|s| p(s))
            .collect();
        let c = coverage(&days, 3).unwrap();
        assert_eq!(c.periodicity, Periodicity::Daily);
        assert!(c.missing.is_empty());
        let irregular: Vec<Period> = ["O_20241209", "O_20241216", "O_20250108", "O_20250113"]
            .iter()
            .map(|s| p(s))
            .collect();
        assert_eq!(coverage(&irregular, 3), None);
        // Working days only: Friday to Monday is no gap, a missing Tuesday is.
        let work: Vec<Period> = [
            "S_2025-01-09",
            "S_2025-01-10",
            "S_2025-01-13",
            "S_2025-01-15",
            "S_2025-01-16",
        ]
        .iter()
        .map(|s| p(s))
        .collect();
        let c = coverage(&work, 3).unwrap();
        assert!(c.weekdays_only);
        assert_eq!(c.missing, ["2025-01-14"]);
        assert_eq!(coverage(&days[..2], 3), None);
    }
}
