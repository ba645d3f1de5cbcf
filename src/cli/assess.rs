//! `datenreife plan`, `datenreife report` and the one-shot `datenreife assess`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime};
use indicatif::{ProgressBar, ProgressStyle};

use super::{AssessArgs, Failure, PlanArgs, PlanChoiceArgs, ReportArgs};
use crate::assess::{
    self, AssessError, AssessOptions, Assessment, ProfileSource, ProjectContents, Settings,
};
use crate::i18n::{Lang, t, tf};
use crate::plan::{Plan, format_eur, format_quantity};
use crate::questionnaire::QuestionnaireLibrary;
use crate::scan::{self, ScanControl, ScanOptions};
use crate::sources::KnowledgeBase;
use crate::store::Project;

/// A spinner with a step name on a terminal; nothing in a pipe.
struct Steps {
    bar: Option<ProgressBar>,
}

impl Steps {
    fn new() -> Steps {
        let bar = super::interactive().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner:.cyan} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Steps { bar }
    }

    fn step(&self, lang: Lang, key: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} …", t(lang, key)));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn usage_or_work(e: AssessError) -> Failure {
    if e.is_usage() {
        Failure::Usage(format!("{:#}", anyhow::Error::from(e)))
    } else {
        Failure::Work(anyhow::Error::from(e))
    }
}

fn today(arg: Option<&str>, lang: Lang) -> Result<NaiveDate, Failure> {
    match arg {
        Some(s) => crate::sources::parse_day(s)
            .ok_or_else(|| Failure::Usage(tf(lang, "assess.cli_bad_date", &[("date", s)]))),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// The PDF creation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else
/// now.
fn created() -> NaiveDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now)
        .naive_utc()
}

struct Prepared {
    kb: KnowledgeBase,
    options: AssessOptions,
}

fn prepare(choice: &PlanChoiceArgs, lang: Lang) -> Result<Prepared, Failure> {
    let kb = super::sources::knowledge(choice.knowledge.as_deref(), lang)?;
    let settings = match &choice.settings {
        Some(path) => Settings::load(path).map_err(usage_or_work)?,
        None => Settings::default(),
    };
    let mut options = AssessOptions::new(today(choice.today.as_deref(), lang)?, lang);
    options.settings = settings;
    options.seed = choice.seed;
    if !choice.sources.is_empty() {
        options.sources = Some(choice.sources.clone());
    }
    Ok(Prepared { kb, options })
}

async fn open_existing(path: &Path, lang: Lang) -> Result<Project, Failure> {
    if !path.exists() {
        return Err(Failure::Usage(tf(
            lang,
            "assess.cli_no_project_file",
            &[("path", &path.display().to_string())],
        )));
    }
    Project::open_existing(path)
        .await
        .with_context(|| format!("cannot open project file `{}`", path.display()))
        .map_err(Failure::Work)
}

async fn load(project: &Project, today: NaiveDate, lang: Lang) -> Result<ProjectContents, Failure> {
    let library = QuestionnaireLibrary::from_env().context("cannot load the questionnaires")?;
    assess::load_project(project, &library, today, lang)
        .await
        .map_err(usage_or_work)
}

fn write_out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// `datenreife plan --project FILE [--sources ID,...] [--json]`.
pub(super) async fn plan(args: PlanArgs, lang: Lang) -> Result<(), Failure> {
    let prepared = prepare(&args.choice, lang)?;
    let project = open_existing(&args.project, lang).await?;
    let (_, assessment) = load_and_assess(&prepared, project, lang).await?;
    if args.json {
        let mut json = serde_json::to_string_pretty(&assessment)?;
        json.push('\n');
        return write_out(&json);
    }
    write_out(&plan_text(&assessment, &args.project, lang))
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn profile_text(a: &Assessment, lang: Lang) -> String {
    let phases: Vec<String> = a
        .plan_phases
        .iter()
        .map(|p| t(lang, &format!("plan.phase_{}", p.id())))
        .collect();
    let sector = serde_json::to_value(a.company.sector)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let size = serde_json::to_value(a.company.size)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    tf(
        lang,
        "assess.profile_assumed",
        &[
            ("sector", &t(lang, &format!("report.sector_{sector}"))),
            ("size", &t(lang, &format!("assess.size_{size}"))),
            ("phases", &phases.join(", ")),
        ],
    )
}

/// The plan for a terminal.
fn plan_text(a: &Assessment, project: &Path, lang: Lang) -> String {
    let mut out = String::new();
    let company = if a.company.name.is_empty() {
        t(lang, "assess.cli_plan_company_default")
    } else {
        a.company.name.clone()
    };
    let _ = writeln!(
        out,
        "{}",
        tf(lang, "assess.cli_plan_title", &[("company", &company)])
    );
    if a.profile_source == ProfileSource::Default {
        let _ = writeln!(
            out,
            "{}",
            tf(
                lang,
                "assess.cli_plan_profile_default",
                &[("profile", &profile_text(a, lang))]
            )
        );
    }
    let Some(plan) = &a.plan else {
        let phases: Vec<String> = a
            .plan_phases
            .iter()
            .map(|p| t(lang, &format!("plan.phase_{}", p.id())))
            .collect();
        let _ = writeln!(
            out,
            "\n{}",
            tf(
                lang,
                "assess.cli_plan_none",
                &[("phases", &phases.join(", "))]
            )
        );
        return out;
    };
    let _ = writeln!(out);
    let _ = writeln!(out, "{}:", t(lang, "assess.cli_plan_sources"));
    for p in &plan.paths {
        let phases: Vec<String> = p
            .phases
            .iter()
            .map(|ph| t(lang, &format!("plan.phase_{}", ph.id())))
            .collect();
        let _ = writeln!(
            out,
            "  {} ({}) – {}",
            p.name.get(lang),
            p.id,
            phases.join(", ")
        );
    }
    if !a.readiness.is_empty() {
        let _ = writeln!(out, "{}:", t(lang, "assess.cli_plan_readiness"));
        for need in &a.readiness {
            let _ = writeln!(
                out,
                "  {} ({})",
                t(lang, &format!("assess.ready_{}", need.work.id())),
                need.scope.join(", ")
            );
        }
    }
    let _ = writeln!(out, "\n{}", t(lang, "assess.cli_plan_packages"));
    let mut order: Vec<&crate::plan::ScheduledPackage> = plan.packages.iter().collect();
    order.sort_by(|x, y| x.earliest_start.total_cmp(&y.earliest_start));
    for p in order {
        let path = p.path.as_deref().map_or_else(
            || t(lang, "assess.cli_internal"),
            |id| {
                plan.paths
                    .iter()
                    .find(|x| x.id == id)
                    .map_or_else(|| id.to_owned(), |x| x.name.get(lang).to_owned())
            },
        );
        let mut unknown = if p.unknown_costs > 0 {
            format!(" (+{} ?)", p.unknown_costs)
        } else {
            String::new()
        };
        if p.cost_yearly.p50 > 0.0 {
            unknown.push_str(&format!(
                " ({})",
                tf(
                    lang,
                    "assess.cli_yearly",
                    &[("eur", &format_eur(lang, p.cost_yearly.p50))]
                )
            ));
        }
        let _ = writeln!(
            out,
            "{} {:>4}–{:<4} {} {} {:>10}{}",
            if p.critical { "*" } else { " " },
            format_quantity(lang, p.earliest_start.round()),
            format_quantity(lang, p.earliest_finish.round()),
            pad(&cut(p.name.get(lang), 58), 58),
            pad(&cut(&path, 18), 18),
            format_eur(lang, p.cost_once.p50),
            unknown
        );
    }
    totals(&mut out, plan, lang);
    if !plan.unknown_costs.is_empty() {
        let _ = writeln!(out, "\n{}:", t(lang, "assess.cli_plan_unknowns"));
        for u in &plan.unknown_costs {
            let _ = writeln!(
                out,
                "  \"{}.{}\"\n      {}",
                u.package_id,
                u.item_id,
                u.question.get(lang)
            );
        }
    }
    if !a.assumed_durations.is_empty() {
        let _ = writeln!(out, "\n{}:", t(lang, "assess.cli_plan_durations"));
        for d in &a.assumed_durations {
            let _ = writeln!(
                out,
                "  \"{}\"  {}: {}",
                d.package_id,
                d.name.get(lang),
                tf(
                    lang,
                    "report.weeks",
                    &[("n", &d.weeks.format(|v| format_quantity(lang, v)))]
                )
            );
        }
    }
    if !plan.funding.is_empty() {
        let _ = writeln!(out, "\n{}:", t(lang, "assess.cli_plan_funding"));
        for f in &plan.funding {
            let offset = match &f.possible_offset {
                Some(q) => tf(
                    lang,
                    "assess.cli_plan_funding_offset",
                    &[("p50", &format_eur(lang, q.p50))],
                ),
                None => t(lang, "assess.cli_plan_funding_support"),
            };
            let _ = writeln!(out, "  {}: {offset}", f.name.get(lang));
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        tf(
            lang,
            "assess.cli_plan_seed",
            &[
                ("draws", &lang.number(f64::from(plan.simulation.draws), 0)),
                ("seed", &plan.simulation.seed.to_string()),
            ]
        )
    );
    let _ = writeln!(
        out,
        "{}",
        tf(
            lang,
            "assess.cli_plan_next",
            &[("project", &project.display().to_string())]
        )
    );
    out
}

fn totals(out: &mut String, plan: &Plan, lang: Lang) {
    let _ = writeln!(out, "\n{}", t(lang, "assess.cli_plan_totals"));
    let eur3 = |q: &crate::plan::Quantiles| {
        format!(
            "{} / {} / {}",
            format_eur(lang, q.p10),
            format_eur(lang, q.p50),
            format_eur(lang, q.p90)
        )
    };
    let weeks3 = |q: &crate::plan::Quantiles| {
        tf(
            lang,
            "assess.cli_plan_weeks",
            &[
                ("p10", &format_quantity(lang, q.p10.round())),
                ("p50", &format_quantity(lang, q.p50.round())),
                ("p90", &format_quantity(lang, q.p90.round())),
            ],
        )
    };
    let mut lines = vec![(t(lang, "assess.cli_plan_once"), eur3(&plan.total.cost_once))];
    if plan.total.cost_yearly.p90 > 0.0 {
        lines.push((
            t(lang, "assess.cli_plan_yearly"),
            eur3(&plan.total.cost_yearly),
        ));
    }
    if let Some(q) = &plan.total.time_to_data_weeks {
        lines.push((t(lang, "assess.cli_plan_time_to_data"), weeks3(q)));
    }
    lines.push((
        t(lang, "assess.cli_plan_duration"),
        weeks3(&plan.total.duration_weeks),
    ));
    for (label, value) in lines {
        let _ = writeln!(out, "  {} {value}", pad(&format!("{label}:"), 36));
    }
}

/// Reads the project (and closes it) and assesses what it holds.
async fn load_and_assess(
    prepared: &Prepared,
    project: Project,
    lang: Lang,
) -> Result<(ProjectContents, Assessment), Failure> {
    let contents = load(&project, prepared.options.today, lang).await;
    project.close().await;
    let contents = contents?;
    let assessment = assess::assess(
        &prepared.kb,
        &contents.catalog,
        contents.profile.clone(),
        &prepared.options,
    )
    .map_err(usage_or_work)?;
    Ok((contents, assessment))
}

/// Reads the project (and closes it), assesses it and writes the report and workbook.
async fn plan_and_write(
    prepared: &Prepared,
    project: Project,
    out: &Path,
    xlsx: Option<&Path>,
    lang: Lang,
) -> Result<(), Failure> {
    let steps = Steps::new();
    steps.step(lang, "assess.cli_step_plan");
    let (contents, assessment) = load_and_assess(prepared, project, lang).await?;
    let result = render_and_write(prepared, &assessment, &contents, out, xlsx, lang, &steps);
    steps.finish();
    result
}

fn render_and_write(
    prepared: &Prepared,
    assessment: &Assessment,
    contents: &ProjectContents,
    out: &Path,
    xlsx: Option<&Path>,
    lang: Lang,
    steps: &Steps,
) -> Result<(), Failure> {
    let branding = prepared
        .options
        .settings
        .branding()
        .map_err(usage_or_work)?;
    steps.step(lang, "assess.cli_step_render");
    let pdf = assess::report_pdf(
        &prepared.kb,
        assessment,
        contents,
        branding,
        lang,
        created(),
    )
    .context("cannot render the report")?;
    std::fs::write(out, &pdf).with_context(|| format!("cannot write `{}`", out.display()))?;
    if let Some(path) = xlsx {
        let mut book = crate::catalog::export::workbook(&contents.catalog, lang)
            .context("cannot build the workbook")?;
        if let Some(plan) = &assessment.plan {
            crate::plan::xlsx::add_sheets(&mut book, plan, lang)
                .context("cannot build the plan sheets")?;
        }
        let bytes = book.save_to_buffer().context("cannot build the workbook")?;
        std::fs::write(path, bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    steps.finish();
    report_written(out, xlsx, lang);
    if let Some(plan) = &assessment.plan {
        key_figures(plan, lang);
    }
    Ok(())
}

/// One line with the plan's key figures on stderr.
#[allow(clippy::print_stderr)]
fn key_figures(plan: &Plan, lang: Lang) {
    let ttd = plan.total.time_to_data_weeks.as_ref().map_or_else(
        || t(lang, "report.none"),
        |q| format_quantity(lang, q.p50.round()),
    );
    eprintln!(
        "{}",
        tf(
            lang,
            "assess.cli_key_figures",
            &[
                ("p50", &format_eur(lang, plan.total.cost_once.p50)),
                ("p90", &format_eur(lang, plan.total.cost_once.p90)),
                ("weeks", &ttd),
                ("open", &plan.unknown_costs.len().to_string()),
            ]
        )
    );
}

#[allow(clippy::print_stderr)]
fn report_written(out: &Path, xlsx: Option<&Path>, lang: Lang) {
    for path in std::iter::once(out).chain(xlsx) {
        eprintln!(
            "{}",
            tf(
                lang,
                "cli.written",
                &[("path", &path.display().to_string())]
            )
        );
    }
}

/// `datenreife report --project FILE --out FILE.pdf [--xlsx FILE]`.
pub(super) async fn report(args: ReportArgs, lang: Lang) -> Result<(), Failure> {
    let prepared = prepare(&args.choice, lang)?;
    let project = open_existing(&args.project, lang).await?;
    plan_and_write(&prepared, project, &args.out, args.xlsx.as_deref(), lang).await
}

/// Canonical form of a path that may not exist yet (its folder must).
fn canonical_target(path: &Path) -> Option<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).ok()?;
    Some(dir.join(path.file_name()?))
}

/// `datenreife assess DIR... --out report.pdf [--project FILE]`.
pub(super) async fn run(args: AssessArgs, lang: Lang) -> Result<(), Failure> {
    let prepared = prepare(&args.choice, lang)?;
    let project_path = args
        .project
        .clone()
        .unwrap_or_else(|| args.out.with_extension("datenreife"));
    let options = ScanOptions {
        roots: args.dirs.clone(),
        excludes: args.excludes.clone(),
        jobs: args.jobs,
        follow_symlinks: false,
        today: Some(prepared.options.today),
        inventory_only: false,
    };
    let roots = scan::resolve_roots(&options, &project_path)
        .map_err(|e| Failure::Usage(crate::app::AppError::from(e).message(lang)))?;
    // Nothing may be written into a scanned folder: not the report, not the workbook.
    for target in std::iter::once(&args.out).chain(args.xlsx.as_ref()) {
        let Some(canonical) = canonical_target(target) else {
            continue;
        };
        if let Some(root) = roots.iter().find(|r| canonical.starts_with(r)) {
            return Err(Failure::Usage(tf(
                lang,
                "assess.cli_out_inside_root",
                &[
                    ("out", &target.display().to_string()),
                    ("root", &root.display().to_string()),
                ],
            )));
        }
    }
    let project = Project::open_unshared(&project_path)
        .await
        .with_context(|| format!("cannot open project file `{}`", project_path.display()))?;
    let control = ScanControl::default();
    let cancel = control.cancel_flag();
    let _ = ctrlc::set_handler(move || cancel.store(true, std::sync::atomic::Ordering::SeqCst));
    let scanned = super::progress::follow_scan(
        control.progress(),
        lang,
        scan::run(&project, &options, &control),
    )
    .await;
    match scanned {
        Err(e) => {
            project.close().await;
            return Err(Failure::Work(
                anyhow::Error::from(e).context("the scan failed"),
            ));
        }
        Ok(summary) if summary.status == scan::ScanStatus::Cancelled => {
            project.close().await;
            return Err(Failure::Work(anyhow::anyhow!(t(
                lang,
                "assess.cli_scan_cancelled"
            ))));
        }
        Ok(_) => {}
    }
    plan_and_write(&prepared, project, &args.out, args.xlsx.as_deref(), lang).await?;
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "{}",
            tf(
                lang,
                "assess.cli_project_used",
                &[("path", &project_path.display().to_string())]
            )
        );
    }
    Ok(())
}
