//! Quality metrics: completeness, validity, consistency, uniqueness, currentness,
//! continuity, plausibility and readability.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{
    Collector, Dimension, ScoreContext, ScoreInput, Severity, count_word, file_name, name_list,
    percent,
};
use crate::catalog::dataset::fold;
use crate::i18n::tf;

const D: Dimension = Dimension::Quality;

/// One column name across all tables of a dataset.
#[derive(Clone, Debug, Default)]
pub(super) struct ColumnAgg {
    /// Name as first seen.
    pub name: String,
    /// Types seen.
    pub kinds: BTreeSet<String>,
    /// Rows of the tables that have the column.
    pub rows: f64,
    /// Empty values.
    pub nulls: f64,
    /// Non-empty values.
    pub values: f64,
    /// Values that do not fit the type.
    pub invalid: f64,
    /// Implausible values.
    pub implausible: f64,
    /// Values per format.
    pub formats: BTreeMap<String, f64>,
    /// Units seen.
    pub units: BTreeSet<String>,
    /// Highest share per detection kind (code columns).
    pub detections: BTreeMap<crate::detect::DetectionKind, f64>,
    /// Files that have it.
    pub files: BTreeSet<String>,
    /// Whether a unit column sits in the same table.
    pub unit_column_beside: bool,
}

/// Aggregates the columns of all member files by (folded) name, in first-seen order.
pub(super) fn aggregate(input: &ScoreInput<'_>) -> Vec<ColumnAgg> {
    let mut order: Vec<String> = Vec::new();
    let mut by: BTreeMap<String, ColumnAgg> = BTreeMap::new();
    for f in &input.files {
        for t in &f.tables {
            let unit_column = t.columns.iter().any(|c| {
                c.detections
                    .iter()
                    .any(|d| d.kind == crate::detect::DetectionKind::UcumUnit && d.ratio >= 0.5)
            });
            for c in &t.columns {
                let key = fold(c.name.trim());
                let agg = by.entry(key.clone()).or_insert_with(|| {
                    order.push(key.clone());
                    ColumnAgg {
                        name: c.name.trim().to_owned(),
                        ..ColumnAgg::default()
                    }
                });
                let rows = t.rows as f64;
                let nulls = rows * c.null_ratio.clamp(0.0, 1.0);
                let values = rows - nulls;
                agg.kinds.insert(c.kind.clone());
                agg.rows += rows;
                agg.nulls += nulls;
                agg.values += values;
                agg.invalid += values * c.invalid_ratio.clamp(0.0, 1.0);
                agg.implausible += c.implausible as f64;
                for fs in &c.formats {
                    *agg.formats.entry(fs.format.clone()).or_default() +=
                        values * fs.share.clamp(0.0, 1.0);
                }
                if let Some(u) = &c.unit {
                    agg.units.insert(u.clone());
                }
                for d in &c.detections {
                    let e = agg.detections.entry(d.kind).or_default();
                    *e = e.max(d.ratio);
                }
                agg.files.insert(f.path.clone());
                agg.unit_column_beside |= unit_column;
            }
        }
    }
    order.into_iter().filter_map(|k| by.remove(&k)).collect()
}

/// Normalised format label: lower case, German letters for date parts mapped
/// (`TT.MM.JJJJ` → `dd.mm.yyyy`).
pub(super) fn norm_format(label: &str) -> String {
    label
        .to_lowercase()
        .replace('j', "y")
        .replace('t', "d")
        .replace("iso8601", "iso")
        .replace("iso_8601", "iso")
}

/// Whether a format label describes dates or date-times.
pub(super) fn is_date_format(label: &str) -> bool {
    let n = norm_format(label);
    n.contains("iso") || (n.contains("yy") && (n.contains("mm") || n.contains("dd")))
}

/// Whether a date format is ISO 8601.
pub(super) fn is_iso_date_format(label: &str) -> bool {
    let n = norm_format(label);
    n.starts_with("yyyy-mm-dd") || n.starts_with("iso") || n == "yyyy-mm"
}

/// Formats of a column above the noise share, most common first.
pub(super) fn significant_formats(c: &ColumnAgg, min_share: f64) -> Vec<(String, f64)> {
    let total: f64 = c.formats.values().sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut list: Vec<(String, f64)> = c
        .formats
        .iter()
        .map(|(f, n)| (f.clone(), n / total))
        .filter(|(_, s)| *s >= min_share)
        .collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

fn files_of(c: &ColumnAgg) -> Vec<String> {
    c.files.iter().cloned().collect()
}

pub(super) fn score(input: &ScoreInput<'_>, ctx: &ScoreContext<'_>, out: &mut Collector<'_>) {
    let cfg = &ctx.config.quality;
    let lang = ctx.lang;
    let cols = aggregate(input);
    let profiled = input.files.iter().any(|f| !f.tables.is_empty());
    let tabular_unprofiled: Vec<String> = input
        .files
        .iter()
        .filter(|f| {
            f.readable
                && f.tables.is_empty()
                && matches!(
                    f.format.as_str(),
                    "csv" | "tsv" | "xlsx" | "xls" | "ods" | "ndjson" | "parquet"
                )
        })
        .map(|f| f.path.clone())
        .collect();
    if !tabular_unprofiled.is_empty() {
        out.finding(
            D,
            "not_profiled",
            "not_profiled",
            Severity::Info,
            &[
                ("n", &tabular_unprofiled.len().to_string()),
                ("files", &name_list(lang, &tabular_unprofiled, 3)),
            ],
            Vec::new(),
            tabular_unprofiled,
        );
    }

    // Completeness.
    let rows: f64 = cols.iter().map(|c| c.rows).sum();
    let nulls: f64 = cols.iter().map(|c| c.nulls).sum();
    let completeness = (rows > 0.0).then(|| 1.0 - nulls / rows);
    out.metric(
        D,
        "completeness",
        cfg.completeness.scale(),
        completeness,
        completeness.map_or_else(String::new, |v| {
            tf(lang, "score.detail_filled", &[("share", &percent(lang, v))])
        }),
    );
    for c in &cols {
        if c.rows <= 0.0 {
            continue;
        }
        let share = c.nulls / c.rows;
        if share >= 0.999 {
            out.finding(
                D,
                "empty_column",
                "empty_column",
                Severity::Info,
                &[("column", &c.name)],
                vec![c.name.clone()],
                files_of(c),
            );
        } else if share > cfg.completeness.column_warning {
            let severity = if share > cfg.completeness.column_critical {
                Severity::Critical
            } else {
                Severity::Warning
            };
            out.finding(
                D,
                "missing_values",
                "missing_values",
                severity,
                &[
                    ("column", &c.name),
                    ("share", &percent(lang, share)),
                    ("count", &lang.number(c.nulls.round(), 0)),
                    ("rows", &lang.number(c.rows, 0)),
                ],
                vec![c.name.clone()],
                files_of(c),
            );
        }
    }

    // Validity: type conformance and code validity.
    let mut values = 0.0;
    let mut invalid = 0.0;
    for c in &cols {
        if c.values <= 0.0 {
            continue;
        }
        let type_share = c.invalid / c.values;
        let code = c
            .detections
            .iter()
            .filter(|(k, r)| {
                (k.code_system().is_some() || has_check_digit(**k))
                    && **r >= cfg.validity.code_column_min_ratio
                    && **k != crate::detect::DetectionKind::UcumUnit
            })
            .max_by(|a, b| a.1.total_cmp(b.1));
        let code_share = code.map_or(0.0, |(_, r)| 1.0 - r);
        let worst = type_share.max(code_share);
        values += c.values;
        invalid += c.values * worst;
        if worst > cfg.validity.column_warning {
            let severity = if worst > cfg.validity.column_critical {
                Severity::Critical
            } else {
                Severity::Warning
            };
            match code.filter(|_| code_share >= type_share) {
                Some((kind, _)) => out.finding(
                    D,
                    "invalid_codes",
                    "invalid_codes",
                    severity,
                    &[
                        ("column", &c.name),
                        ("share", &percent(lang, code_share)),
                        (
                            "system",
                            kind.code_system().unwrap_or_else(|| kind_label(*kind)),
                        ),
                    ],
                    vec![c.name.clone()],
                    files_of(c),
                ),
                None => out.finding(
                    D,
                    "invalid_values",
                    "invalid_values",
                    severity,
                    &[
                        ("column", &c.name),
                        ("share", &percent(lang, type_share)),
                        (
                            "type",
                            &tf(
                                lang,
                                &format!(
                                    "score.type_{}",
                                    c.kinds.iter().next().map_or("text", String::as_str)
                                ),
                                &[],
                            ),
                        ),
                    ],
                    vec![c.name.clone()],
                    files_of(c),
                ),
            }
        }
    }
    let validity = (values > 0.0).then(|| 1.0 - invalid / values);
    out.metric(
        D,
        "validity",
        cfg.validity.scale(),
        validity,
        validity.map_or_else(String::new, |v| {
            tf(lang, "score.detail_valid", &[("share", &percent(lang, v))])
        }),
    );

    // Format consistency.
    let fc = &cfg.format_consistency;
    let mut shares = Vec::new();
    for c in &cols {
        let formats = significant_formats(c, fc.min_share);
        if formats.is_empty() {
            continue;
        }
        shares.push(formats[0].1);
        if formats.len() > 1 {
            let dates = formats.iter().all(|(f, _)| is_date_format(f));
            let list: Vec<String> = formats
                .iter()
                .map(|(f, s)| format!("{f} {}", percent(lang, *s)))
                .collect();
            let key = if dates {
                "mixed_date_formats"
            } else {
                "mixed_formats"
            };
            out.finding(
                D,
                key,
                key,
                Severity::Warning,
                &[
                    ("column", &c.name),
                    ("n", &count_word(lang, formats.len())),
                    ("formats", &list.join(", ")),
                ],
                vec![c.name.clone()],
                files_of(c),
            );
        }
    }
    let consistency =
        (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64);
    out.metric(
        D,
        "format_consistency",
        super::config::Scale {
            weight: fc.weight,
            target: fc.target,
            floor: fc.floor,
        },
        consistency,
        if shares.is_empty() {
            String::new()
        } else {
            tf(
                lang,
                "score.detail_one_format",
                &[
                    (
                        "n",
                        &shares.iter().filter(|s| **s >= 0.999).count().to_string(),
                    ),
                    ("total", &shares.len().to_string()),
                ],
            )
        },
    );

    // Unit consistency.
    let with_units: Vec<&ColumnAgg> = cols.iter().filter(|c| !c.units.is_empty()).collect();
    let one_unit = with_units.iter().filter(|c| c.units.len() == 1).count();
    for c in with_units.iter().filter(|c| c.units.len() > 1) {
        out.finding(
            D,
            "mixed_units",
            "mixed_units",
            Severity::Warning,
            &[
                ("column", &c.name),
                (
                    "units",
                    &c.units.iter().cloned().collect::<Vec<_>>().join(", "),
                ),
            ],
            vec![c.name.clone()],
            files_of(c),
        );
    }
    out.metric(
        D,
        "unit_consistency",
        cfg.unit_consistency.scale(),
        (!with_units.is_empty()).then(|| one_unit as f64 / with_units.len() as f64),
        if with_units.is_empty() {
            String::new()
        } else {
            tf(
                lang,
                "score.detail_one_unit",
                &[
                    ("n", &one_unit.to_string()),
                    ("total", &with_units.len().to_string()),
                ],
            )
        },
    );

    // Schema consistency across the files of a series.
    let tabular: Vec<_> = input.files.iter().filter(|f| f.tables.len() == 1).collect();
    let schema_value = if tabular.len() >= 2 && input.files.len() >= 2 {
        let schemas: Vec<Vec<String>> = tabular
            .iter()
            .map(|f| {
                f.tables[0]
                    .columns
                    .iter()
                    .map(|c| fold(c.name.trim()))
                    .collect()
            })
            .collect();
        let mut counts: BTreeMap<&Vec<String>, usize> = BTreeMap::new();
        for s in &schemas {
            *counts.entry(s).or_default() += 1;
        }
        let (common, n) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, n)| ((*s).clone(), *n))
            .unwrap_or_default();
        let mut details = Vec::new();
        let mut odd_files = Vec::new();
        for (f, s) in tabular.iter().zip(&schemas) {
            if *s == common {
                continue;
            }
            let missing: Vec<String> = common.iter().filter(|c| !s.contains(c)).cloned().collect();
            let new: Vec<String> = s.iter().filter(|c| !common.contains(c)).cloned().collect();
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(tf(
                    lang,
                    "score.schema_missing",
                    &[("columns", &name_list(lang, &missing, 3))],
                ));
            }
            if !new.is_empty() {
                parts.push(tf(
                    lang,
                    "score.schema_new",
                    &[("columns", &name_list(lang, &new, 3))],
                ));
            }
            if parts.is_empty() {
                parts.push(tf(lang, "score.schema_order", &[]));
            }
            details.push(format!("`{}` ({})", file_name(&f.path), parts.join("; ")));
            odd_files.push(f.path.clone());
        }
        if !odd_files.is_empty() {
            out.finding(
                D,
                "schema_drift",
                "schema_drift",
                Severity::Warning,
                &[
                    ("n", &odd_files.len().to_string()),
                    ("total", &tabular.len().to_string()),
                    (
                        "details",
                        &details.into_iter().take(3).collect::<Vec<_>>().join("; "),
                    ),
                ],
                Vec::new(),
                odd_files,
            );
        }
        Some(n as f64 / tabular.len() as f64)
    } else {
        None
    };
    out.metric(
        D,
        "schema_consistency",
        cfg.schema_consistency.scale(),
        schema_value,
        schema_value.map_or_else(String::new, |v| {
            tf(
                lang,
                "score.detail_same_schema",
                &[("share", &percent(lang, v))],
            )
        }),
    );

    // Row uniqueness.
    let table_rows: u64 = input
        .files
        .iter()
        .flat_map(|f| &f.tables)
        .map(|t| t.rows)
        .sum();
    let dup_rows: u64 = input
        .files
        .iter()
        .flat_map(|f| &f.tables)
        .map(|t| t.duplicate_rows)
        .sum();
    let with_dups: Vec<(String, u64)> = input
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.tables.iter().map(|t| t.duplicate_rows).sum::<u64>(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    if dup_rows > 0 {
        let list: Vec<String> = with_dups
            .iter()
            .map(|(p, n)| format!("`{}` ({n})", file_name(p)))
            .collect();
        out.finding(
            D,
            "duplicate_rows",
            "duplicate_rows",
            Severity::Warning,
            &[
                ("count", &lang.number(dup_rows as f64, 0)),
                (
                    "files",
                    &list.into_iter().take(5).collect::<Vec<_>>().join(", "),
                ),
            ],
            Vec::new(),
            with_dups.into_iter().map(|(p, _)| p).collect(),
        );
    }
    let row_uniqueness = (table_rows > 0).then(|| 1.0 - dup_rows as f64 / table_rows as f64);
    out.metric(
        D,
        "row_uniqueness",
        cfg.row_uniqueness.scale(),
        row_uniqueness,
        if table_rows > 0 {
            tf(
                lang,
                "score.detail_duplicate_rows",
                &[
                    ("n", &lang.number(dup_rows as f64, 0)),
                    ("rows", &lang.number(table_rows as f64, 0)),
                ],
            )
        } else {
            String::new()
        },
    );

    // File uniqueness.
    let total_files = input.files.len() + input.duplicates.len();
    if !input.duplicates.is_empty() {
        let pairs: Vec<String> = input
            .duplicates
            .iter()
            .map(|(f, original)| format!("`{}` = `{}`", file_name(&f.path), file_name(original)))
            .collect();
        out.finding(
            D,
            "duplicate_files",
            "duplicate_files",
            Severity::Info,
            &[
                ("n", &input.duplicates.len().to_string()),
                (
                    "pairs",
                    &pairs.into_iter().take(5).collect::<Vec<_>>().join(", "),
                ),
            ],
            Vec::new(),
            input
                .duplicates
                .iter()
                .map(|(f, _)| f.path.clone())
                .collect(),
        );
    }
    out.metric(
        D,
        "file_uniqueness",
        cfg.file_uniqueness.scale(),
        (total_files > 0).then(|| input.files.len() as f64 / total_files as f64),
        tf(
            lang,
            "score.detail_copies",
            &[("n", &input.duplicates.len().to_string())],
        ),
    );

    // Currentness: newest record inside the data.
    let newest: Option<NaiveDate> = input
        .files
        .iter()
        .filter_map(|f| {
            let a = f.temporal.as_ref().map(|r| r.max.as_str());
            let b = f
                .health
                .as_ref()
                .and_then(|h| h.dates.as_ref())
                .map(|r| r.max.as_str());
            [a, b].into_iter().flatten().filter_map(parse_day).max()
        })
        .max();
    let cc = &cfg.currentness;
    match newest {
        Some(date) => {
            let age = (ctx.today - date).num_days().max(0);
            let period_days = input.series.map_or(0, |s| s.periodicity.days() * 2);
            let full = (cc.full_days as i64).max(period_days);
            let zero = (cc.zero_days as i64).max(full + 1);
            let points = if age <= full {
                100.0
            } else if age >= zero {
                0.0
            } else {
                100.0 * (zero - age) as f64 / (zero - full) as f64
            };
            if age > full {
                out.finding(
                    D,
                    "outdated",
                    "outdated",
                    if age >= zero {
                        Severity::Warning
                    } else {
                        Severity::Info
                    },
                    &[
                        ("date", &date.format("%Y-%m-%d").to_string()),
                        ("days", &lang.number(age as f64, 0)),
                        ("today", &ctx.today.format("%Y-%m-%d").to_string()),
                    ],
                    Vec::new(),
                    Vec::new(),
                );
            }
            out.metric_points(
                D,
                "currentness",
                cc.weight,
                Some(points / 100.0),
                Some(points),
                tf(
                    lang,
                    "score.detail_age",
                    &[
                        ("date", &date.format("%Y-%m-%d").to_string()),
                        ("days", &lang.number(age as f64, 0)),
                    ],
                ),
            );
        }
        None => out.metric_points(D, "currentness", cc.weight, None, None, String::new()),
    }

    // Continuity of a periodic series.
    let ct = &cfg.continuity;
    match input.series {
        Some(s) => {
            let value = s.present as f64 / s.expected.max(1) as f64;
            let period_label = tf(lang, &format!("score.period_{}", s.periodicity.id()), &[]);
            if !s.missing.is_empty() {
                let mut missing: Vec<String> =
                    s.missing.iter().take(ct.list_max).cloned().collect();
                if s.missing.len() > ct.list_max {
                    missing.push(tf(
                        lang,
                        "score.and_more",
                        &[("n", &(s.missing.len() - ct.list_max).to_string())],
                    ));
                }
                let missing_label = tf(
                    lang,
                    &format!("score.period_{}_missing", s.periodicity.id()),
                    &[],
                );
                out.finding(
                    D,
                    "missing_periods",
                    "missing_periods",
                    Severity::Warning,
                    &[
                        ("period", &missing_label),
                        ("n", &s.missing.len().to_string()),
                        ("expected", &s.expected.to_string()),
                        ("missing", &missing.join(", ")),
                        ("first", &s.first),
                        ("last", &s.last),
                    ],
                    Vec::new(),
                    Vec::new(),
                );
            }
            out.metric(
                D,
                "continuity",
                super::config::Scale {
                    weight: ct.weight,
                    target: ct.target,
                    floor: ct.floor,
                },
                Some(value),
                tf(
                    lang,
                    "score.detail_periods",
                    &[
                        ("n", &s.present.to_string()),
                        ("expected", &s.expected.to_string()),
                        ("period", &period_label),
                    ],
                ),
            );
        }
        None => out.metric(
            D,
            "continuity",
            super::config::Scale {
                weight: ct.weight,
                target: ct.target,
                floor: ct.floor,
            },
            None,
            String::new(),
        ),
    }

    // Plausibility: implausible values and record dates after the assessment day.
    let values_total: f64 = cols.iter().map(|c| c.values).sum();
    let implausible: f64 = cols.iter().map(|c| c.implausible).sum();
    for c in cols.iter().filter(|c| c.implausible > 0.0) {
        out.finding(
            D,
            "implausible_values",
            "implausible_values",
            Severity::Warning,
            &[
                ("column", &c.name),
                ("count", &lang.number(c.implausible, 0)),
            ],
            vec![c.name.clone()],
            files_of(c),
        );
    }
    let future: Vec<(String, NaiveDate)> = input
        .files
        .iter()
        .filter_map(|f| {
            f.temporal
                .as_ref()
                .and_then(|r| parse_day(&r.max))
                .filter(|d| *d > ctx.today)
                .map(|d| (f.path.clone(), d))
        })
        .collect();
    if let Some(latest) = future.iter().map(|(_, d)| *d).max() {
        out.finding(
            D,
            "future_dates",
            "future_dates",
            Severity::Warning,
            &[
                ("date", &latest.format("%Y-%m-%d").to_string()),
                ("today", &ctx.today.format("%Y-%m-%d").to_string()),
            ],
            Vec::new(),
            future.iter().map(|(p, _)| p.clone()).collect(),
        );
    }
    let plausibility = if values_total > 0.0 {
        let penalty = if future.is_empty() { 0.0 } else { 0.01 };
        Some((1.0 - implausible / values_total - penalty).max(0.0))
    } else if !future.is_empty() {
        Some(0.0)
    } else {
        None
    };
    out.metric(
        D,
        "plausibility",
        cfg.plausibility.scale(),
        plausibility,
        if values_total > 0.0 {
            tf(
                lang,
                "score.detail_implausible",
                &[("n", &lang.number(implausible, 0))],
            )
        } else {
            String::new()
        },
    );

    // Readability.
    let unreadable: Vec<&&crate::catalog::CatalogFile> =
        input.files.iter().filter(|f| !f.readable).collect();
    for f in &unreadable {
        out.finding(
            D,
            "unreadable_file",
            "unreadable_file",
            if unreadable.len() == input.files.len() {
                Severity::Critical
            } else {
                Severity::Warning
            },
            &[
                ("file", &file_name(&f.path)),
                (
                    "reason",
                    f.error
                        .as_deref()
                        .or(f.error_code.as_deref())
                        .unwrap_or("?"),
                ),
            ],
            Vec::new(),
            vec![f.path.clone()],
        );
    }
    out.metric(
        D,
        "readability",
        cfg.readability.scale(),
        (!input.files.is_empty()).then(|| 1.0 - unreadable.len() as f64 / input.files.len() as f64),
        tf(
            lang,
            "score.detail_readable",
            &[
                ("n", &(input.files.len() - unreadable.len()).to_string()),
                ("total", &input.files.len().to_string()),
            ],
        ),
    );
    let _ = profiled;
}

fn has_check_digit(k: crate::detect::DetectionKind) -> bool {
    use crate::detect::DetectionKind as K;
    matches!(k, K::Iban | K::Kvnr | K::SteuerId | K::VatId | K::Pzn)
}

fn kind_label(k: crate::detect::DetectionKind) -> &'static str {
    use crate::detect::DetectionKind as K;
    match k {
        K::Iban => "IBAN",
        K::Kvnr => "KVNR",
        K::SteuerId => "Steuer-ID",
        K::VatId => "USt-IdNr.",
        _ => k.id(),
    }
}

/// Parses the date part of an ISO 8601 date or date-time.
pub(super) fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}
