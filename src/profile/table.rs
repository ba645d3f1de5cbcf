//! One table: its columns' statistics, row counts, ragged and repeated rows, the
//! detector sample, and finding the header row.

use chrono::NaiveDate;

use super::column::{Cell, ColumnOutcome, ColumnSettings, ColumnStats, EMPTY_HASH, Policy};
use super::sketch::{RepeatedRows, mix};
use super::value::{self, Kind};
use super::{ProfileLimits as Limits, Table};
use crate::detect::ColumnContext;

/// Sibling headers a column's detector context looks at on each side (wide tables
/// would otherwise cost quadratic time).
const SIBLING_WINDOW: usize = 40;

/// Chooses the rows whose values the detectors see: every `stride`-th data row, at
/// most `budget` rows, with the stride planned from the expected row count so the
/// sample spreads over the whole file. Deterministic: the same file gives the same
/// sample.
#[derive(Clone, Debug)]
pub(crate) struct RowSampler {
    budget: u64,
    stride: u64,
    taken: u64,
}

impl RowSampler {
    pub(crate) fn new(budget: u64) -> RowSampler {
        RowSampler {
            budget: budget.max(1),
            stride: 1,
            taken: 0,
        }
    }

    /// Plans for about `rows` data rows in total (the stride only grows).
    pub(crate) fn plan(&mut self, rows: u64) {
        let remaining_budget = self.budget.saturating_sub(self.taken).max(1);
        let stride = rows.div_ceil(remaining_budget + self.taken).max(1);
        self.stride = self.stride.max(stride.next_power_of_two());
    }

    /// Whether data row `row` (zero-based) is in the sample.
    #[inline]
    pub(crate) fn take(&mut self, row: u64) -> bool {
        if self.taken < self.budget && row.is_multiple_of(self.stride) {
            self.taken += 1;
            true
        } else {
            false
        }
    }
}

/// Builds one table from rows of cells.
pub(crate) struct TableBuilder {
    name: String,
    columns: Vec<ColumnStats>,
    settings: ColumnSettings,
    header_row: Option<u64>,
    rows: u64,
    ragged: u64,
    repeated: RepeatedRows,
    sampler: RowSampler,
    max_columns: usize,
    /// Values in columns beyond the limit, dropped.
    dropped_columns: bool,
    hashes: Vec<u64>,
    seen: Vec<bool>,
}

/// What a finished table tells the file-level verdicts.
pub(crate) struct TableOutcome {
    pub(crate) table: Table,
    pub(crate) personal: bool,
    pub(crate) health_codes: bool,
    pub(crate) code_systems: Vec<&'static str>,
    pub(crate) record_dates: Option<(NaiveDate, NaiveDate)>,
    pub(crate) columns_dropped: bool,
    pub(crate) repeats_estimated: bool,
}

/// Detector contexts for `headers`, each column seeing the headers around it.
pub(crate) fn contexts(headers: &[String], today: NaiveDate) -> Vec<ColumnContext> {
    if headers.len() <= 2 * SIBLING_WINDOW {
        return ColumnContext::for_table(headers, today);
    }
    (0..headers.len())
        .map(|i| {
            let lo = i.saturating_sub(SIBLING_WINDOW);
            let hi = (i + SIBLING_WINDOW + 1).min(headers.len());
            let siblings = (lo..hi).filter(|&j| j != i).map(|j| headers[j].as_str());
            ColumnContext::new(&headers[i], siblings, today)
        })
        .collect()
}

impl TableBuilder {
    /// A table with the given column headers (empty names for columns without one),
    /// all with the default policy.
    pub(crate) fn new(
        name: impl Into<String>,
        headers: Vec<String>,
        header_row: Option<u64>,
        settings: ColumnSettings,
        limits: &Limits,
    ) -> TableBuilder {
        let policies = vec![Policy::Detect; headers.len()];
        TableBuilder::with_policies(name, headers, policies, header_row, settings, limits)
    }

    /// A table whose columns carry a policy each.
    pub(crate) fn with_policies(
        name: impl Into<String>,
        mut headers: Vec<String>,
        mut policies: Vec<Policy>,
        header_row: Option<u64>,
        settings: ColumnSettings,
        limits: &Limits,
    ) -> TableBuilder {
        let dropped_columns = headers.len() > limits.max_columns;
        headers.truncate(limits.max_columns);
        policies.resize(headers.len(), Policy::Detect);
        let columns = contexts(&headers, settings.today)
            .iter()
            .zip(policies)
            .enumerate()
            .map(|(i, (cx, policy))| ColumnStats::new(cx, policy, settings, i as u64 + 1))
            .collect();
        TableBuilder {
            name: name.into(),
            columns,
            settings,
            header_row,
            rows: 0,
            ragged: 0,
            repeated: RepeatedRows::new(limits.repeated_rows),
            sampler: RowSampler::new(limits.sample_values),
            max_columns: limits.max_columns,
            dropped_columns,
            hashes: Vec::new(),
            seen: Vec::new(),
        }
    }

    /// Adds a column that appears after some rows (a JSON key first seen late); the
    /// rows before count as missing. Returns its index, or `None` beyond the limit.
    pub(crate) fn add_column(
        &mut self,
        header: String,
        siblings: &[String],
        policy: Policy,
    ) -> Option<usize> {
        if self.columns.len() >= self.max_columns {
            self.dropped_columns = true;
            return None;
        }
        let near = siblings.len().saturating_sub(2 * SIBLING_WINDOW);
        let cx = ColumnContext::new(&header, siblings[near..].iter(), self.settings.today);
        let index = self.columns.len();
        let mut stats = ColumnStats::new(&cx, policy, self.settings, index as u64 + 1);
        stats.add_missing(self.rows);
        self.columns.push(stats);
        Some(index)
    }

    /// Data rows so far.
    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// Plans the detector sample for about `rows` data rows.
    pub(crate) fn plan_rows(&mut self, rows: u64) {
        self.sampler.plan(rows);
    }

    /// Adds one data row of `width` fields; `cell(i)` gives field `i` for `i < width`.
    /// A row with another number of fields than the table has columns is ragged
    /// (extra fields are counted, not profiled).
    #[inline]
    pub(crate) fn row<'a>(&mut self, width: usize, mut cell: impl FnMut(usize) -> Cell<'a>) {
        let sampled = self.sampler.take(self.rows);
        self.rows += 1;
        if width != self.columns.len() {
            self.ragged += 1;
        }
        let mut hash: u64 = 0x243f_6a88_85a3_08d3;
        for (i, column) in self.columns.iter_mut().enumerate() {
            let h = if i < width {
                column.add(cell(i), sampled)
            } else {
                column.add(Cell::Empty, sampled)
            };
            hash = (hash.rotate_left(7) ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        for i in self.columns.len()..width {
            if let Cell::Text(t) = cell(i) {
                let h = super::sketch::hash_bytes(t.trim().as_bytes());
                hash = (hash.rotate_left(7) ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
        }
        self.repeated.add(mix(hash));
    }

    /// Adds a row given as (column index, cell) pairs in any order (JSON records,
    /// health-standard segments); columns not named are empty. Never ragged.
    pub(crate) fn sparse_row<'a>(&mut self, cells: &[(usize, Cell<'a>)]) {
        let sampled = self.sampler.take(self.rows);
        self.rows += 1;
        self.hashes.clear();
        self.hashes.resize(self.columns.len(), EMPTY_HASH);
        let mut seen = std::mem::take(&mut self.seen);
        seen.clear();
        seen.resize(self.columns.len(), false);
        for &(i, cell) in cells {
            if let Some(column) = self.columns.get_mut(i) {
                if seen[i] {
                    // A repeated element: a further value of the same field.
                    let h = column.add(cell, sampled);
                    self.hashes[i] = mix(self.hashes[i] ^ h);
                    continue;
                }
                seen[i] = true;
                self.hashes[i] = column.add(cell, sampled);
            }
        }
        for (i, column) in self.columns.iter_mut().enumerate() {
            if !seen[i] {
                column.add(Cell::Empty, sampled);
            }
        }
        self.seen = seen;
        let mut hash: u64 = 0x243f_6a88_85a3_08d3;
        for &h in &self.hashes {
            hash = (hash.rotate_left(7) ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        self.repeated.add(mix(hash));
    }

    /// Finishes the table.
    pub(crate) fn finish(self) -> TableOutcome {
        let rows = self.rows;
        // A unit column (`Einheit`) with one value gives the unit of the number
        // column before it.
        let mut units: Vec<Option<String>> = vec![None; self.columns.len()];
        for i in 1..self.columns.len() {
            if self.columns[i].is_unit_column()
                && let Some(unit) = self.columns[i].single_value()
            {
                units[i - 1] = Some(unit);
            }
        }
        let outcomes: Vec<ColumnOutcome> =
            self.columns.into_iter().map(|c| c.finish(rows)).collect();
        let mut personal = false;
        let mut health_codes = false;
        let mut code_systems = Vec::new();
        let mut record_dates: Option<(NaiveDate, NaiveDate)> = None;
        let mut columns = Vec::with_capacity(outcomes.len());
        for (mut o, unit) in outcomes.into_iter().zip(units) {
            personal |= o.column.personal;
            health_codes |= o.health_codes;
            for s in &o.code_systems {
                if !code_systems.contains(s) {
                    code_systems.push(*s);
                }
            }
            if let Some((lo, hi)) = o.record_dates {
                record_dates = Some(match record_dates {
                    None => (lo, hi),
                    Some((a, b)) => (a.min(lo), b.max(hi)),
                });
            }
            if o.column.unit.is_none() && matches!(o.column.kind.as_str(), "integer" | "decimal") {
                o.column.unit = unit;
            }
            columns.push(o.column);
        }
        TableOutcome {
            table: Table {
                name: self.name,
                rows,
                columns,
                header_row: self.header_row,
                ragged_rows: self.ragged,
                duplicate_rows: self.repeated.count(),
            },
            personal,
            health_codes,
            code_systems,
            record_dates,
            columns_dropped: self.dropped_columns,
            repeats_estimated: !self.repeated.is_exact(),
        }
    }
}

/// What header detection needs to know of one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Empty,
    /// Text that is not a number, date or truth value.
    Text,
    /// A number, date, time or truth value.
    Typed,
}

/// The shape of a text value.
pub(crate) fn shape_of_text(v: &str, today: NaiveDate) -> Shape {
    let v = v.trim();
    if v.is_empty() {
        return Shape::Empty;
    }
    match value::read(v.as_bytes(), value::ReadContext::new(today)).kind {
        Kind::Text => Shape::Text,
        _ => Shape::Typed,
    }
}

/// Where the header is, found from the first rows of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeaderChoice {
    /// Index (in the given rows) of the header row; `None` when the table has no
    /// header and data starts at `data_start`.
    pub(crate) header: Option<usize>,
    /// Index of the first data row.
    pub(crate) data_start: usize,
}

/// Finds the header row among the first rows of a table (each row as the shapes of
/// its cells). Title rows (a single filled cell, or far fewer cells than the table)
/// and empty rows above the header are skipped. The first full row is the header when
/// its cells are all text and either a column below it is typed (numbers, dates) or
/// the table is all text; a first row with typed cells where the rows below have the
/// same types is data (a file without header).
pub(crate) fn find_header(rows: &[Vec<Shape>]) -> HeaderChoice {
    let filled = |r: &Vec<Shape>| r.iter().filter(|s| **s != Shape::Empty).count();
    // The usual width: the most common count of filled cells among rows with two or more.
    let mut widths: Vec<usize> = rows.iter().map(filled).filter(|&n| n >= 2).collect();
    widths.sort_unstable();
    let mut usual = 0;
    let mut best = 0;
    let mut i = 0;
    while i < widths.len() {
        let mut j = i;
        while j < widths.len() && widths[j] == widths[i] {
            j += 1;
        }
        if j - i >= best {
            best = j - i;
            usual = widths[i];
        }
        i = j;
    }
    let widest = rows.iter().map(filled).max().unwrap_or(0);
    if usual == 0 {
        usual = widest;
    }
    let Some(candidate) = rows.iter().position(|r| {
        let n = filled(r);
        n > 0 && (n * 2 >= usual || n == widest) && (n >= 2 || usual <= 1)
    }) else {
        return HeaderChoice {
            header: None,
            data_start: 0,
        };
    };
    let row = &rows[candidate];
    let all_text = row.iter().all(|s| *s != Shape::Typed);
    let below = &rows[candidate + 1..];
    if !all_text {
        return HeaderChoice {
            header: None,
            data_start: candidate,
        };
    }
    if below.is_empty() {
        return HeaderChoice {
            header: Some(candidate),
            data_start: candidate + 1,
        };
    }
    // A column typed below a text cell speaks for a header; an all-text table gets
    // the benefit of the doubt (most exports have one).
    HeaderChoice {
        header: Some(candidate),
        data_start: candidate + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Shape::{Empty as E, Text as T, Typed as N};

    #[test]
    fn header_below_title_rows() {
        let rows = vec![
            vec![T, E, E, E],
            vec![E, E, E, E],
            vec![T, T, T, T],
            vec![N, T, N, T],
            vec![N, T, N, T],
        ];
        assert_eq!(
            find_header(&rows),
            HeaderChoice {
                header: Some(2),
                data_start: 3
            }
        );
    }

    #[test]
    fn typed_first_row_is_data() {
        let rows = vec![vec![T, T, N, N], vec![T, T, N, N]];
        assert_eq!(
            find_header(&rows),
            HeaderChoice {
                header: None,
                data_start: 0
            }
        );
        let rows = vec![vec![T, T, T], vec![T, T, T]];
        assert_eq!(find_header(&rows).header, Some(0));
        let rows = vec![vec![T]];
        assert_eq!(find_header(&rows).header, Some(0));
        assert_eq!(find_header(&[]).header, None);
    }

    #[test]
    fn sampler_spreads_over_the_rows() {
        let mut s = RowSampler::new(100);
        s.plan(1000);
        let taken: Vec<u64> = (0..1000).filter(|&r| s.take(r)).collect();
        assert!(taken.len() <= 100 && taken.len() >= 50, "{}", taken.len());
        assert!(*taken.last().unwrap() > 800);
        let mut s = RowSampler::new(100);
        assert_eq!((0..50).filter(|&r| s.take(r)).count(), 50);
    }
}
