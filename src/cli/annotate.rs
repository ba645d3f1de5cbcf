//! `datenreife annotate`: document facts about a dataset, or exchange them as CSV.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::Failure;
use super::catalog::{scoring, today};
use crate::catalog::annotation::{self, SheetDataset};
use crate::catalog::{self, Catalog, CatalogOptions, DatasetError};
use crate::i18n::{Lang, t, tf};
use crate::store::Project;

/// Arguments of `datenreife annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The project file.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: PathBuf,
    /// The dataset (its id, as `datenreife catalog` shows it).
    #[arg(long, short = 'd', value_name = "ID")]
    pub dataset: Option<String>,
    /// A fact to record, e.g. `legal_basis=research`; an empty value removes it.
    /// Keys: owner, origin, legal_basis, consent_scope, purpose, licence,
    /// third_party_rights, retention, access, description, relevance.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Write every dataset's annotations to a CSV sheet for a workshop.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dataset", "set", "import"])]
    pub export: Option<PathBuf>,
    /// Read a filled-in CSV sheet back (all rows or none).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["dataset", "set"])]
    pub import: Option<PathBuf>,
    /// Score as of this day (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Scoring settings laid over the defaults.
    #[arg(long, env = "DATENREIFE_SCORING", value_name = "FILE")]
    pub scoring: Option<PathBuf>,
    /// Print the re-scored dataset as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub(super) async fn run(args: AnnotateArgs, lang: Lang) -> Result<(), Failure> {
    // Check the arguments before touching the project.
    let changes = args
        .set
        .iter()
        .map(|a| annotation::parse_assignment(a))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::Usage(e.message(lang)))?;
    if args.export.is_none()
        && args.import.is_none()
        && (args.dataset.is_none() || changes.is_empty())
    {
        return Err(Failure::Usage(t(lang, "dataset.cli_annotate_needs")));
    }
    let options = CatalogOptions {
        lang,
        today: Some(today(args.today.as_deref(), lang)?),
        scoring: scoring(args.scoring.as_deref(), lang)?,
    };
    let project = Project::open_existing(&args.project)
        .await
        .with_context(|| format!("cannot open project file `{}`", args.project.display()))?;

    if let Some(path) = &args.export {
        let catalog = Catalog::load_with(&project, &options)
            .await
            .context("cannot read the catalogue")?;
        project.close().await;
        let sheet: Vec<SheetDataset<'_>> = catalog
            .datasets
            .iter()
            .map(|d| SheetDataset {
                id: &d.id,
                name: &d.name,
                files: d.files.len(),
                personal_data: d.personal_data,
                special_category: d.special_category,
                annotations: &d.annotations,
            })
            .collect();
        let mut buffer = Vec::new();
        annotation::write_csv(&sheet, &mut buffer).context("cannot write the sheet")?;
        std::fs::write(path, buffer)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        eprintln!(
            "{}",
            tf(
                lang,
                "dataset.cli_exported",
                &[
                    ("n", &sheet.len().to_string()),
                    ("path", &path.display().to_string())
                ]
            )
        );
        return Ok(());
    }

    if let Some(path) = &args.import {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        let rows = match annotation::read_csv(file) {
            Ok(rows) => rows,
            Err(errors) => {
                let mut msg = tf(
                    lang,
                    "dataset.cli_import_errors",
                    &[("path", &path.display().to_string())],
                );
                for e in errors {
                    msg.push_str("\n  ");
                    msg.push_str(&e.message(lang));
                }
                return Err(Failure::Usage(msg));
            }
        };
        let result = catalog::import_annotations(&project, &options, &rows, &now()).await;
        project.close().await;
        let changed = result.map_err(|e| dataset_failure(e, lang))?;
        eprintln!(
            "{}",
            tf(
                lang,
                "dataset.cli_imported",
                &[
                    ("n", &changed.to_string()),
                    ("rows", &rows.len().to_string())
                ]
            )
        );
        return Ok(());
    }

    let id = args.dataset.as_deref().unwrap_or_default();
    let before = Catalog::load_with(&project, &options)
        .await
        .context("cannot read the catalogue")?
        .dataset(id)
        .map(|d| d.scores);
    let result = catalog::annotate(&project, &options, id, &changes, &now()).await;
    project.close().await;
    let dataset = result.map_err(|e| dataset_failure(e, lang))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&dataset)?);
        return Ok(());
    }
    let b = before.unwrap_or_default();
    eprintln!(
        "{}",
        tf(
            lang,
            "dataset.cli_annotated",
            &[
                ("name", &dataset.name),
                ("id", &dataset.id),
                ("quality", &dataset.scores.quality.to_string()),
                ("rights", &dataset.scores.rights.to_string()),
                (
                    "interoperability",
                    &dataset.scores.interoperability.to_string()
                ),
                ("before_quality", &b.quality.to_string()),
                ("before_rights", &b.rights.to_string()),
                ("before_interoperability", &b.interoperability.to_string()),
            ]
        )
    );
    for f in &dataset.findings {
        eprintln!("  [{}] {}", f.severity.label(lang), f.message);
    }
    Ok(())
}

fn dataset_failure(e: DatasetError, lang: Lang) -> Failure {
    match e {
        DatasetError::NotFound(id) => {
            Failure::Usage(tf(lang, "dataset.cli_unknown_dataset", &[("id", &id)]))
        }
        DatasetError::Annotation(a) => Failure::Usage(a.message(lang)),
        other => Failure::Work(other.into()),
    }
}
