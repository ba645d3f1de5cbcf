//! `datenreife scan`: scan folders into a project file.

use anyhow::Context;

use super::{Failure, ScanArgs};
use crate::i18n::{Lang, tf};
use crate::scan::{self, ScanControl, ScanError, ScanOptions, ScanStatus};
use crate::store::Project;

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub(super) async fn run(args: ScanArgs, lang: Lang) -> Result<(), Failure> {
    let options = ScanOptions {
        roots: args.dirs,
        excludes: args.excludes,
        jobs: args.jobs,
        follow_symlinks: args.follow_symlinks,
        inventory_only: args.inventory_only,
        today: Some(
            args.today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        ),
    };
    // Refuse bad roots before the project file is created.
    scan::resolve_roots(&options, &args.project).map_err(|e| usage_or_work(e, lang))?;
    let project = Project::open_unshared(&args.project)
        .await
        .with_context(|| format!("cannot open project file `{}`", args.project.display()))?;
    let control = ScanControl::default();
    let cancel = control.cancel_flag();
    // Ctrl-C stops the walk; what was seen is kept. A second Ctrl-C while saving is
    // ignored so the project file stays consistent.
    let _ = ctrlc::set_handler(move || cancel.store(true, std::sync::atomic::Ordering::SeqCst));

    let result = super::progress::follow_scan(
        control.progress(),
        lang,
        scan::run(&project, &options, &control),
    )
    .await;
    project.close().await;
    let summary = result.map_err(|e| usage_or_work(e, lang))?;

    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
        return Ok(());
    }
    let secs = lang.number(summary.duration.as_secs_f64(), 1);
    let files = lang.number(summary.files_seen as f64, 0);
    let bytes = lang.bytes(summary.bytes_seen.max(0) as u64);
    let id = summary.scan_id.to_string();
    let key = match summary.status {
        ScanStatus::Completed => "scan.summary_done",
        ScanStatus::Cancelled => "scan.summary_cancelled",
    };
    eprintln!(
        "{}",
        tf(
            lang,
            key,
            &[
                ("id", &id),
                ("secs", &secs),
                ("files", &files),
                ("bytes", &bytes)
            ]
        )
    );
    eprintln!(
        "{}",
        tf(
            lang,
            "scan.summary_changes",
            &[
                ("new", &summary.files_new.to_string()),
                ("changed", &summary.files_changed.to_string()),
                ("unchanged", &summary.files_unchanged.to_string()),
                ("removed", &summary.files_removed.to_string()),
            ]
        )
    );
    eprintln!(
        "{}",
        tf(
            lang,
            "scan.summary_duplicates",
            &[
                ("n", &summary.duplicates.to_string()),
                ("errors", &summary.errors.to_string())
            ]
        )
    );
    eprintln!(
        "{}",
        tf(
            lang,
            "scan.summary_next",
            &[("project", &args.project.display().to_string())]
        )
    );
    Ok(())
}

/// Problems with the arguments are usage errors (exit 2); everything else failed work.
fn usage_or_work(e: ScanError, lang: Lang) -> Failure {
    match e {
        ScanError::RootMissing(_)
        | ScanError::RootNotFolder(_)
        | ScanError::NoRoots
        | ScanError::InvalidExclude { .. }
        | ScanError::ProjectInsideRoot { .. } => {
            // The same sentences as the app's, in the user's language.
            Failure::Usage(crate::app::AppError::from(e).message(lang))
        }
        e => Failure::Work(anyhow::Error::from(e).context("the scan failed")),
    }
}
