//! The `datenreife` command line: the headless twin of the desktop app.
//!
//! Argument definitions live here; each command's work is in its own submodule and
//! calls the library. Exit codes: 0 ok, 1 the work failed, 2 usage error. Data goes
//! to stdout, progress and messages to stderr; progress bars appear only on a
//! terminal.

mod annotate;
mod assess;
mod catalog;
mod progress;
mod questionnaire;
mod scan;
mod sources;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

/// Datenreife: what data do we have, can we use it, and what external data do we need?
#[derive(Debug, Parser)]
#[command(name = "datenreife", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Language of messages and exports.
    #[arg(
        long,
        global = true,
        value_enum,
        env = "DATENREIFE_LANG",
        default_value = "de"
    )]
    pub lang: LangArg,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Languages on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    /// Deutsch
    De,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan folders read-only into a project file.
    Scan(ScanArgs),
    /// Print or export the data catalogue of a project.
    Catalog(CatalogArgs),
    /// Document what no scan can know about a dataset (owner, legal basis …).
    Annotate(annotate::AnnotateArgs),
    /// Readiness questionnaires: list, check, answer, results.
    Questionnaire(questionnaire::QuestionnaireArgs),
    /// External data by product phase: access paths ranked for a profile.
    Sources(SourcesArgs),
    /// Work with the knowledge base of access paths, fees and funding.
    Knowledge(KnowledgeArgs),
    /// The costed data-access plan of a project.
    Plan(PlanArgs),
    /// Write the PDF report (and a workbook) of a project.
    Report(ReportArgs),
    /// One shot: scan folders, plan with defaults and write the PDF report.
    Assess(AssessArgs),
}

/// What the plan is made of: settings, chosen paths, seed, date, knowledge.
#[derive(Debug, Args)]
pub struct PlanChoiceArgs {
    /// Access paths to plan (comma-separated ids; default: the phase guide's
    /// recommendation for each current phase).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub sources: Vec<String>,
    /// Settings file: company profile, needs, branding, rates, answers (TOML).
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Seed of the Monte Carlo simulation (default: the settings', else 20250101).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Assess as of this day (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Folder with knowledge files laid over the built-in knowledge base.
    #[arg(long, env = "DATENREIFE_KNOWLEDGE", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
}

/// Arguments of `datenreife plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The project file.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: PathBuf,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// Choices of the plan.
    #[command(flatten)]
    pub choice: PlanChoiceArgs,
}

/// Arguments of `datenreife report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The project file.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: PathBuf,
    /// The PDF to write.
    #[arg(long, short = 'o', value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Also write a workbook with the catalogue and the plan.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Choices of the plan.
    #[command(flatten)]
    pub choice: PlanChoiceArgs,
}

/// Arguments of `datenreife assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Folders to scan (local folders or mounted shares).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The PDF to write (outside the scanned folders).
    #[arg(long, short = 'o', value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Project file to keep the scan in (default: next to the PDF, `.datenreife`).
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// Also write a workbook with the catalogue and the plan.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Skip paths matching this glob; repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Worker threads of the scan (default: all cores).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Choices of the plan.
    #[command(flatten)]
    pub choice: PlanChoiceArgs,
}

/// Domains of `datenreife sources --domain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DomainArg {
    /// Health data (MedTech, digital health).
    Health,
    /// Industrial and business data.
    Industry,
}

impl From<DomainArg> for crate::sources::Domain {
    fn from(d: DomainArg) -> Self {
        match d {
            DomainArg::Health => crate::sources::Domain::Health,
            DomainArg::Industry => crate::sources::Domain::Industry,
        }
    }
}

/// Product phases on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PhaseArg {
    /// Concept.
    Concept,
    /// Design and prototyping.
    Design,
    /// Verification and validation.
    Validation,
    /// Approval and certification.
    Approval,
    /// Post-market.
    #[value(name = "post_market")]
    PostMarket,
}

impl From<PhaseArg> for crate::company::Phase {
    fn from(p: PhaseArg) -> Self {
        use crate::company::Phase;
        match p {
            PhaseArg::Concept => Phase::Concept,
            PhaseArg::Design => Phase::Design,
            PhaseArg::Validation => Phase::Validation,
            PhaseArg::Approval => Phase::Approval,
            PhaseArg::PostMarket => Phase::PostMarket,
        }
    }
}

/// Arguments of `datenreife sources`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SourcesArgs {
    /// Show one access path in full.
    #[command(subcommand)]
    pub command: Option<SourcesCommand>,
    /// Which paths to consider (default: from the profile's sector, else health).
    #[arg(long, value_enum)]
    pub domain: Option<DomainArg>,
    /// Only these phases (repeatable or comma-separated; default: the profile's phases, else all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub phase: Vec<PhaseArg>,
    /// Company profile, needs and own-data summary (TOML or JSON).
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// Folder with knowledge files laid over the built-in knowledge base.
    #[arg(long, env = "DATENREIFE_KNOWLEDGE", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
    /// Plan as of this day (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

/// Subcommands of `datenreife sources`.
#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Show everything known about one access path, with sources.
    Show(SourcesShowArgs),
}

/// Arguments of `datenreife sources show`.
#[derive(Debug, Args)]
pub struct SourcesShowArgs {
    /// Path id, e.g. `fdz_gesundheit` or `fdpg_mii`.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// Folder with knowledge files laid over the built-in knowledge base.
    #[arg(long, env = "DATENREIFE_KNOWLEDGE", value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
}

/// Arguments of `datenreife knowledge`.
#[derive(Debug, Args)]
pub struct KnowledgeArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: KnowledgeCommand,
}

/// Subcommands of `datenreife knowledge`.
#[derive(Debug, Subcommand)]
pub enum KnowledgeCommand {
    /// Check knowledge files: units, ranges, sources, marks, dates, references.
    Check(KnowledgeCheckArgs),
}

/// Arguments of `datenreife knowledge check`.
#[derive(Debug, Args)]
pub struct KnowledgeCheckArgs {
    /// Folder to check, laid over the built-in knowledge base (default: the built-in one).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Check DIR as a complete knowledge base on its own.
    #[arg(long)]
    pub standalone: bool,
    /// Print the report as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `datenreife scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders to scan (local folders or mounted shares).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The project file (created if it does not exist).
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: PathBuf,
    /// Skip paths matching this glob (relative to the folder, or a file name); repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Follow symbolic links (loops are detected).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Take the inventory only (formats, sizes, dates, duplicates) without looking
    /// inside tables and health files; a later scan without this flag does that.
    #[arg(long)]
    pub inventory_only: bool,
    /// Print the summary as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
    /// The scan's date (YYYY-MM-DD) for judging dates in the content (future dates,
    /// ages); default: today. Set it to reproduce an earlier assessment.
    #[arg(long, value_name = "DATE", env = "DATENREIFE_TODAY")]
    pub today: Option<chrono::NaiveDate>,
}

/// Output formats of `datenreife catalog`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// A summary for the terminal.
    Text,
    /// The catalogue JSON (DESIGN §4).
    Json,
    /// One row per file.
    Csv,
    /// A workbook for people (needs --out).
    Xlsx,
    /// DCAT-AP 3.0 / HealthDCAT-AP JSON-LD draft of every dataset.
    Dcat,
}

/// Tables of `datenreife catalog --format csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CsvTableArg {
    /// One row per file, with its dataset's scores.
    Files,
    /// One row per dataset with scores and annotations.
    Datasets,
    /// One row per finding with its next step.
    Findings,
}

/// Arguments of `datenreife catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// The project file.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub project: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "text")]
    pub format: CatalogFormat,
    /// Write to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Which table a CSV export holds.
    #[arg(long, value_enum, default_value = "files")]
    pub table: CsvTableArg,
    /// Score as of this day (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Scoring settings laid over the defaults (TOML, see templates/scoring.toml).
    #[arg(long, env = "DATENREIFE_SCORING", value_name = "FILE")]
    pub scoring: Option<PathBuf>,
}

/// A failure of the command: usage errors exit with 2, failed work with 1.
#[derive(Debug)]
pub enum Failure {
    /// The arguments do not make sense together.
    Usage(String),
    /// The work failed.
    Work(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Work(e.into())
    }
}

/// Whether stderr is an interactive terminal (progress bars only then).
pub(crate) fn interactive() -> bool {
    std::io::stderr().is_terminal()
}

/// Runs the command line with the process arguments and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let lang = Lang::from(cli.lang);
    crate::profile::quiet_panic_hook();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            report(lang, &Failure::Work(e.into()));
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Scan(args) => scan::run(args, lang).await,
            Command::Catalog(args) => catalog::run(args, lang).await,
            Command::Annotate(args) => annotate::run(args, lang).await,
            Command::Questionnaire(args) => questionnaire::run(args, lang).await,
            Command::Sources(args) => sources::run(args, lang),
            Command::Knowledge(KnowledgeArgs {
                command: KnowledgeCommand::Check(args),
            }) => sources::check(args, lang),
            Command::Plan(args) => assess::plan(args, lang).await,
            Command::Report(args) => assess::report(args, lang).await,
            Command::Assess(args) => assess::run(args, lang).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            report(lang, &failure);
            ExitCode::from(match failure {
                Failure::Usage(_) => 2,
                Failure::Work(_) => 1,
            })
        }
    }
}

#[allow(clippy::print_stderr)]
fn report(lang: Lang, failure: &Failure) {
    let prefix = crate::i18n::t(lang, "cli.error_prefix");
    match failure {
        Failure::Usage(msg) => eprintln!("{prefix}: {msg}"),
        Failure::Work(e) => {
            // A closed pipe (`datenreife catalog | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return;
            }
            eprintln!("{prefix}: {e:#}");
        }
    }
}
