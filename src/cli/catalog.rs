//! `datenreife catalog`: print or export the catalogue.

use std::io::Write;

use anyhow::Context;

use super::{CatalogArgs, CatalogFormat, CsvTableArg, Failure};
use crate::catalog::{Catalog, CatalogOptions, dcat, export};
use crate::i18n::{Lang, t, tf};
use crate::score::ScoringConfig;
use crate::store::Project;

/// The day of the assessment: `--today` or the local date.
pub(super) fn today(arg: Option<&str>, lang: Lang) -> Result<chrono::NaiveDate, Failure> {
    match arg {
        Some(s) => chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Failure::Usage(tf(lang, "dataset.cli_bad_date", &[("date", s)]))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The scoring model: defaults, or a consultant's file laid over them.
pub(super) fn scoring(
    path: Option<&std::path::Path>,
    lang: Lang,
) -> Result<ScoringConfig, Failure> {
    match path {
        None => Ok(ScoringConfig::embedded()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                Failure::Usage(tf(
                    lang,
                    "dataset.cli_scoring_unreadable",
                    &[
                        ("path", &p.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ))
            })?;
            ScoringConfig::with_overrides(&text).map_err(|e| {
                Failure::Usage(tf(
                    lang,
                    "dataset.cli_scoring_invalid",
                    &[
                        ("path", &p.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ))
            })
        }
    }
}

#[allow(clippy::print_stderr)]
pub(super) async fn run(args: CatalogArgs, lang: Lang) -> Result<(), Failure> {
    if args.format == CatalogFormat::Xlsx && args.out.is_none() {
        return Err(Failure::Usage(t(lang, "cli.xlsx_needs_out")));
    }
    let project = Project::open_existing(&args.project)
        .await
        .with_context(|| format!("cannot open project file `{}`", args.project.display()))?;
    let options = CatalogOptions {
        lang,
        today: Some(today(args.today.as_deref(), lang)?),
        scoring: scoring(args.scoring.as_deref(), lang)?,
    };
    let catalog = Catalog::load_with(&project, &options)
        .await
        .context("cannot read the catalogue")?;
    project.close().await;

    let mut buffer = Vec::new();
    match args.format {
        CatalogFormat::Text => export::write_text(&catalog, lang, &mut buffer)?,
        CatalogFormat::Json => export::write_json(&catalog, &mut buffer)?,
        CatalogFormat::Csv => {
            let table = match args.table {
                CsvTableArg::Files => export::CsvTable::Files,
                CsvTableArg::Datasets => export::CsvTable::Datasets,
                CsvTableArg::Findings => export::CsvTable::Findings,
            };
            export::write_csv_table(&catalog, table, lang, &mut buffer)?
        }
        CatalogFormat::Xlsx => buffer = export::write_xlsx(&catalog, lang)?,
        CatalogFormat::Dcat => {
            let doc = dcat::document(&catalog, lang);
            serde_json::to_writer_pretty(&mut buffer, &doc)?;
            buffer.push(b'\n');
            let missing: usize = catalog
                .datasets
                .iter()
                .filter(|d| !d.dcat_missing.is_empty())
                .count();
            if missing > 0 {
                eprintln!(
                    "{}",
                    tf(
                        lang,
                        "dataset.cli_dcat_missing",
                        &[
                            ("n", &missing.to_string()),
                            ("total", &catalog.datasets.len().to_string())
                        ]
                    )
                );
            }
        }
    }
    match &args.out {
        Some(path) => {
            std::fs::write(path, &buffer)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            eprintln!(
                "{}",
                tf(
                    lang,
                    "cli.written",
                    &[("path", &path.display().to_string())]
                )
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&buffer)?;
            stdout.flush()?;
        }
    }
    Ok(())
}
