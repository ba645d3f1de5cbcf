//! `datenreife catalog`: print or export the catalogue.

use std::io::Write;

use anyhow::Context;

use super::{CatalogArgs, CatalogFormat, Failure};
use crate::catalog::{Catalog, export};
use crate::i18n::{Lang, t, tf};
use crate::store::Project;

#[allow(clippy::print_stderr)]
pub(super) async fn run(args: CatalogArgs, lang: Lang) -> Result<(), Failure> {
    if args.format == CatalogFormat::Xlsx && args.out.is_none() {
        return Err(Failure::Usage(t(lang, "cli.xlsx_needs_out")));
    }
    let project = Project::open_existing(&args.project)
        .await
        .with_context(|| format!("cannot open project file `{}`", args.project.display()))?;
    let catalog = Catalog::load(&project, lang)
        .await
        .context("cannot read the catalogue")?;
    project.close().await;

    let mut buffer = Vec::new();
    match args.format {
        CatalogFormat::Text => export::write_text(&catalog, lang, &mut buffer)?,
        CatalogFormat::Json => export::write_json(&catalog, &mut buffer)?,
        CatalogFormat::Csv => export::write_csv(&catalog, &mut buffer)?,
        CatalogFormat::Xlsx => buffer = export::write_xlsx(&catalog, lang)?,
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
