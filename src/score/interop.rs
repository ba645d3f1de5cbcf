//! Interoperability: open formats, UTF-8, ISO dates, code systems, documentation,
//! identifiers, units, honest file names and describable metadata.

use std::collections::BTreeMap;

use super::quality::{aggregate, is_date_format, is_iso_date_format, significant_formats};
use super::{
    Collector, Dimension, ScoreContext, ScoreInput, Severity, file_name, name_list, percent,
};
use crate::catalog::dataset::fold;
use crate::i18n::{t, tf};

const D: Dimension = Dimension::Interoperability;

/// Formats that are health exchange standards.
pub(crate) fn is_health_format(format: &str) -> bool {
    matches!(
        format,
        "fhir-json" | "fhir-xml" | "hl7v2" | "dicom" | "gdt" | "cda"
    )
}

/// Whether a dataset holds health data (special category or a health format).
pub(crate) fn is_health(input: &ScoreInput<'_>) -> bool {
    input
        .files
        .iter()
        .any(|f| f.special_category || is_health_format(&f.format) || f.omop_table.is_some())
}

pub(super) fn score(input: &ScoreInput<'_>, ctx: &ScoreContext<'_>, out: &mut Collector<'_>) {
    let cfg = &ctx.config.interoperability;
    let lang = ctx.lang;

    // Format openness.
    let fo = &cfg.format_openness;
    let mut by_format: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut sum = 0.0;
    for f in &input.files {
        let v = cfg.format_value(&f.format);
        sum += v;
        if v < fo.finding_below {
            by_format
                .entry(f.format.as_str())
                .or_default()
                .push(f.path.clone());
        }
    }
    for (format, paths) in &by_format {
        let names: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
        let step_key = format!("score.closed_format_what_{format}");
        let step = t(lang, &step_key);
        let step = if step == step_key {
            t(lang, "score.closed_format_what")
        } else {
            step
        };
        let label = format_label(lang, format);
        out.finding(
            D,
            "closed_format",
            "closed_format",
            if cfg.format_value(format) <= 0.0 {
                Severity::Warning
            } else {
                Severity::Info
            },
            &[
                ("n", &paths.len().to_string()),
                ("format", &label),
                ("files", &name_list(lang, &names, 3)),
                ("what", &step),
            ],
            Vec::new(),
            paths.clone(),
        );
    }
    let n = input.files.len();
    out.metric(
        D,
        "format_openness",
        super::config::Scale {
            weight: fo.weight,
            target: fo.target,
            floor: fo.floor,
        },
        (n > 0).then(|| sum / n as f64),
        tf(
            lang,
            "score.detail_formats",
            &[("formats", &{
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for f in &input.files {
                    *counts.entry(format_label(lang, &f.format)).or_default() += 1;
                }
                counts
                    .iter()
                    .map(|(f, n)| format!("{n} × {f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })],
        ),
    );

    // Encoding.
    let text: Vec<_> = input
        .files
        .iter()
        .filter(|f| f.encoding.is_some())
        .collect();
    let not_utf8: Vec<_> = text
        .iter()
        .filter(|f| {
            !matches!(
                f.encoding
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("utf-8" | "utf8" | "us-ascii" | "ascii")
            )
        })
        .collect();
    if !not_utf8.is_empty() {
        let mut encodings: Vec<String> =
            not_utf8.iter().filter_map(|f| f.encoding.clone()).collect();
        encodings.sort();
        encodings.dedup();
        let names: Vec<String> = not_utf8.iter().map(|f| file_name(&f.path)).collect();
        out.finding(
            D,
            "not_utf8",
            "not_utf8",
            Severity::Warning,
            &[
                ("n", &not_utf8.len().to_string()),
                ("total", &text.len().to_string()),
                ("encodings", &encodings.join(", ")),
                ("files", &name_list(lang, &names, 3)),
            ],
            Vec::new(),
            not_utf8.iter().map(|f| f.path.clone()).collect(),
        );
    }
    out.metric(
        D,
        "encoding",
        cfg.encoding.scale(),
        (!text.is_empty()).then(|| 1.0 - not_utf8.len() as f64 / text.len() as f64),
        if text.is_empty() {
            String::new()
        } else {
            tf(
                lang,
                "score.detail_utf8",
                &[
                    ("n", &(text.len() - not_utf8.len()).to_string()),
                    ("total", &text.len().to_string()),
                ],
            )
        },
    );

    // ISO 8601 dates.
    let cols = aggregate(input);
    let min_share = ctx.config.quality.format_consistency.min_share;
    let mut date_cols = 0;
    let mut iso_cols = 0;
    for c in &cols {
        let formats = significant_formats(c, min_share);
        let dates: Vec<&(String, f64)> =
            formats.iter().filter(|(f, _)| is_date_format(f)).collect();
        if dates.is_empty() {
            continue;
        }
        date_cols += 1;
        if is_iso_date_format(&dates[0].0) {
            iso_cols += 1;
        } else {
            out.finding(
                D,
                "non_iso_dates",
                "non_iso_dates",
                Severity::Info,
                &[
                    ("column", &c.name),
                    ("format", &dates[0].0),
                    ("share", &percent(lang, dates[0].1)),
                ],
                vec![c.name.clone()],
                c.files.iter().cloned().collect(),
            );
        }
    }
    out.metric(
        D,
        "iso_dates",
        cfg.iso_dates.scale(),
        (date_cols > 0).then(|| iso_cols as f64 / date_cols as f64),
        if date_cols > 0 {
            tf(
                lang,
                "score.detail_iso",
                &[
                    ("n", &iso_cols.to_string()),
                    ("total", &date_cols.to_string()),
                ],
            )
        } else {
            String::new()
        },
    );

    // Standard code systems or exchange formats for health data.
    let health = is_health(input);
    let mut systems: Vec<String> = input
        .files
        .iter()
        .flat_map(|f| f.code_systems.iter().cloned())
        .collect();
    systems.sort();
    systems.dedup();
    let exchange = input
        .files
        .iter()
        .any(|f| is_health_format(&f.format) && f.format != "gdt" || f.omop_table.is_some());
    let coded = !systems.iter().all(|s| s == "UCUM") || exchange;
    if health && !coded {
        out.finding(
            D,
            "no_code_system",
            "no_code_system",
            Severity::Warning,
            &[],
            Vec::new(),
            Vec::new(),
        );
    }
    out.metric(
        D,
        "code_systems",
        cfg.code_systems.scale(),
        health.then_some(if coded { 1.0 } else { 0.0 }),
        if !health {
            String::new()
        } else if systems.is_empty() {
            t(lang, "score.detail_exchange_format")
        } else {
            systems.join(", ")
        },
    );

    // Documentation next to the data.
    let needs_docs = !input.documents_only;
    let documented = !input.documentation.is_empty();
    if needs_docs && !documented {
        out.finding(
            D,
            "no_documentation",
            if health {
                "no_documentation_health"
            } else {
                "no_documentation"
            },
            if health {
                Severity::Warning
            } else {
                Severity::Info
            },
            &[(
                "folder",
                if input.folder.is_empty() {
                    "/"
                } else {
                    input.folder
                },
            )],
            Vec::new(),
            Vec::new(),
        );
    }
    out.metric(
        D,
        "schema_documentation",
        cfg.schema_documentation.scale(),
        needs_docs.then_some(if documented { 1.0 } else { 0.0 }),
        if documented {
            input
                .documentation
                .iter()
                .map(|p| file_name(p))
                .collect::<Vec<_>>()
                .join(", ")
        } else if needs_docs {
            t(lang, "score.detail_no_docs")
        } else {
            String::new()
        },
    );

    // Identifier columns.
    let idc = &cfg.identifiers;
    let mut judged = 0;
    let mut with_id = 0;
    let mut without: Vec<(String, String)> = Vec::new();
    for f in &input.files {
        for tb in &f.tables {
            if tb.rows < idc.min_rows || tb.columns.is_empty() {
                continue;
            }
            judged += 1;
            let has = tb.columns.iter().any(|c| {
                c.null_ratio == 0.0
                    && c.kind != "empty"
                    && (c.distinct_estimate as f64) >= tb.rows as f64 * (1.0 - idc.unique_tolerance)
                    && tb.duplicate_rows == 0
                    || (c.null_ratio == 0.0
                        && (c.distinct_estimate as f64)
                            >= (tb.rows - tb.duplicate_rows) as f64 * (1.0 - idc.unique_tolerance)
                        && looks_like_id(&c.name))
            });
            if has {
                with_id += 1;
            } else {
                without.push((f.path.clone(), tb.name.clone()));
            }
        }
    }
    if !without.is_empty() {
        let names: Vec<String> = without
            .iter()
            .map(|(p, t)| {
                let fname = file_name(p);
                if t.is_empty()
                    || fold(t) == fold(fname.rsplit_once('.').map_or(fname.as_str(), |x| x.0))
                    || *t == fname
                {
                    fname
                } else {
                    format!("{fname} / {t}")
                }
            })
            .collect();
        out.finding(
            D,
            "no_identifier",
            "no_identifier",
            Severity::Info,
            &[
                ("n", &without.len().to_string()),
                ("tables", &name_list(lang, &names, 3)),
            ],
            Vec::new(),
            without
                .iter()
                .map(|(p, _)| p.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        );
    }
    out.metric(
        D,
        "identifiers",
        super::config::Scale {
            weight: idc.weight,
            target: idc.target,
            floor: idc.floor,
        },
        (judged > 0).then(|| with_id as f64 / judged as f64),
        if judged > 0 {
            tf(
                lang,
                "score.detail_identifiers",
                &[("n", &with_id.to_string()), ("total", &judged.to_string())],
            )
        } else {
            String::new()
        },
    );

    // Units of decimal columns.
    let decimals: Vec<_> = cols
        .iter()
        .filter(|c| c.kinds.contains("decimal") && c.kinds.len() == 1)
        .collect();
    let missing: Vec<String> = decimals
        .iter()
        .filter(|c| c.units.is_empty() && !c.unit_column_beside)
        .map(|c| c.name.clone())
        .collect();
    if !missing.is_empty() {
        out.finding(
            D,
            "missing_units",
            "missing_units",
            Severity::Info,
            &[("columns", &name_list(lang, &missing, 5))],
            missing.clone(),
            Vec::new(),
        );
    }
    out.metric(
        D,
        "units",
        cfg.units.scale(),
        (!decimals.is_empty()).then(|| 1.0 - missing.len() as f64 / decimals.len() as f64),
        if decimals.is_empty() {
            String::new()
        } else {
            tf(
                lang,
                "score.detail_units",
                &[
                    ("n", &(decimals.len() - missing.len()).to_string()),
                    ("total", &decimals.len().to_string()),
                ],
            )
        },
    );

    // File names that match the content.
    let mismatched: Vec<_> = input
        .files
        .iter()
        .filter(|f| f.extension_mismatch)
        .collect();
    for f in &mismatched {
        out.finding(
            D,
            "extension_mismatch",
            "extension_mismatch",
            Severity::Warning,
            &[
                ("file", &file_name(&f.path)),
                ("format", &format_label(lang, &f.format)),
            ],
            Vec::new(),
            vec![f.path.clone()],
        );
    }
    out.metric(
        D,
        "file_naming",
        cfg.file_naming.scale(),
        (n > 0).then(|| 1.0 - mismatched.len() as f64 / n as f64),
        tf(
            lang,
            "score.detail_naming",
            &[
                ("n", &(n - mismatched.len()).to_string()),
                ("total", &n.to_string()),
            ],
        ),
    );

    // Metadata for a DCAT-AP description.
    let checks = crate::catalog::dcat::checklist(input, health);
    let relevant: Vec<_> = checks.iter().filter(|c| c.counts).collect();
    let filled = relevant.iter().filter(|c| c.filled).count();
    {
        let mandatory: Vec<String> = checks
            .iter()
            .filter(|c| c.mandatory && !c.filled)
            .map(|c| c.label(lang))
            .collect();
        let other: Vec<String> = relevant
            .iter()
            .filter(|c| !c.mandatory && !c.filled)
            .map(|c| c.label(lang))
            .collect();
        if !mandatory.is_empty() {
            out.finding(
                D,
                "metadata_mandatory_missing",
                if health {
                    "metadata_mandatory_missing_health"
                } else {
                    "metadata_mandatory_missing"
                },
                Severity::Info,
                &[("properties", &mandatory.join(", "))],
                Vec::new(),
                Vec::new(),
            );
        }
        if !other.is_empty() {
            out.finding(
                D,
                "metadata_recommended_missing",
                "metadata_recommended_missing",
                Severity::Info,
                &[("properties", &other.join(", "))],
                Vec::new(),
                Vec::new(),
            );
        }
    }
    out.metric(
        D,
        "metadata",
        cfg.metadata.scale(),
        (!relevant.is_empty()).then(|| filled as f64 / relevant.len() as f64),
        tf(
            lang,
            "score.detail_metadata",
            &[
                ("n", &filled.to_string()),
                ("total", &relevant.len().to_string()),
            ],
        ),
    );
}

fn looks_like_id(name: &str) -> bool {
    let n = fold(name);
    n == "id"
        || n.ends_with("_id")
        || n.ends_with("-id")
        || n.ends_with(" id")
        || n.ends_with("nr")
        || n.ends_with("-nr")
        || n.ends_with("nummer")
        || n.ends_with("number")
        || n.ends_with("_no")
        || n.ends_with("schluessel")
        || n.ends_with("key")
}

/// A format id for people (`CSV`, `FHIR JSON`, `Excel 97 (XLS)`).
pub(crate) fn format_label(lang: crate::i18n::Lang, format: &str) -> String {
    match format {
        "csv" => "CSV".into(),
        "tsv" => "TSV".into(),
        "xlsx" => "Excel (XLSX)".into(),
        "xls" => "Excel 97 (XLS)".into(),
        "ods" => "OpenDocument (ODS)".into(),
        "json" => "JSON".into(),
        "ndjson" => "NDJSON".into(),
        "xml" => "XML".into(),
        "fhir-json" => "FHIR JSON".into(),
        "fhir-xml" => "FHIR XML".into(),
        "hl7v2" => "HL7 v2".into(),
        "dicom" => "DICOM".into(),
        "gdt" => "GDT".into(),
        "cda" => "HL7 CDA".into(),
        "pdf" => "PDF".into(),
        "text" | "archive" | "image" | "unknown" => t(lang, &format!("score.format_{format}")),
        other => other.to_owned(),
    }
}
