//! The report as the template sees it: every text in the report's language, every
//! number already formatted for that language, chart geometry as plain numbers.
//!
//! Keeping formatting here leaves the typst layout free of locale rules and lets the
//! tests check what the PDF will say.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Priority, ReportData, ReportError, Severity};
use crate::company::{Phase, RiskClass, Sector};
use crate::i18n::{Lang, fill};
use crate::plan::{
    CostAmount, Distribution, Mark, Plan, Provenance, Quantiles, RateKind, ThreePoint, format_eur,
    format_quantity,
};

/// Weeks per month, as in the knowledge base (`meta.weeks_per_month`).
const WEEKS_PER_MONTH: f64 = 4.33;
/// The summary shows this many actions.
const TOP_ACTIONS: usize = 5;
/// Findings shown per dataset.
const FINDINGS_PER_DATASET: usize = 3;
/// Gaps shown per questionnaire section.
const GAPS_PER_SECTION: usize = 3;
/// Default accent colour (the workbook header blue).
const DEFAULT_ACCENT: &str = "#1F4E79";

#[derive(Deserialize)]
struct Entry {
    de: String,
    en: String,
}

/// The report texts (the same file the i18n module embeds, read whole here so the
/// template gets every key).
fn texts() -> &'static BTreeMap<String, Entry> {
    static TEXTS: OnceLock<BTreeMap<String, Entry>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        toml::from_str(include_str!("../../templates/i18n/report.toml"))
            .unwrap_or_else(|e| panic!("templates/i18n/report.toml: {e}"))
    })
}

#[derive(Deserialize)]
struct GlossaryFile {
    entry: Vec<GlossaryRaw>,
}

#[derive(Deserialize)]
struct GlossaryRaw {
    term: Entry,
    text: Entry,
}

fn builtin_glossary() -> &'static GlossaryFile {
    static GLOSSARY: OnceLock<GlossaryFile> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        toml::from_str(include_str!("../../templates/report/glossary.toml"))
            .unwrap_or_else(|e| panic!("templates/report/glossary.toml: {e}"))
    })
}

fn pick(entry: &Entry, lang: Lang) -> &str {
    match lang {
        Lang::De => &entry.de,
        Lang::En => &entry.en,
    }
}

/// Text lookup for one language.
struct Tx {
    lang: Lang,
}

impl Tx {
    fn t(&self, key: &str) -> String {
        texts().get(key).map_or_else(
            || format!("report.{key}"),
            |e| pick(e, self.lang).to_owned(),
        )
    }

    fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.t(key), args)
    }

    fn plan(&self, key: &str) -> String {
        crate::i18n::t(self.lang, &format!("plan.{key}"))
    }

    fn eur(&self, v: f64) -> String {
        format_eur(self.lang, v)
    }

    fn num(&self, v: f64) -> String {
        format_quantity(self.lang, v)
    }

    fn int(&self, v: u64) -> String {
        self.lang.number(v as f64, 0)
    }

    /// A finding or step for the PDF: the code spans of the shared message texts
    /// (column and file names in backticks) become quotation marks of the language.
    fn prose(&self, text: &str) -> String {
        let (open, close) = match self.lang {
            Lang::De => ('„', '“'),
            Lang::En => ('“', '”'),
        };
        if !text.matches('`').count().is_multiple_of(2) {
            return text.to_owned();
        }
        let mut inside = false;
        text.chars()
            .map(|c| {
                if c == '`' {
                    inside = !inside;
                    if inside { open } else { close }
                } else {
                    c
                }
            })
            .collect()
    }

    fn weeks_months(&self, w: f64) -> String {
        let months = (w / WEEKS_PER_MONTH * 2.0).round() / 2.0;
        self.f(
            "weeks_months",
            &[
                ("weeks", &self.num(w.round())),
                ("months", &self.num(months)),
            ],
        )
    }

    fn p50_p90(&self, p50: String, p90: String) -> String {
        self.f("fig_p50_p90", &[("p50", &p50), ("p90", &p90)])
    }

    fn cost_range(&self, q: &Quantiles) -> String {
        if q.p10 == q.p90 {
            self.eur(q.p50)
        } else {
            format!("{} – {}", self.eur(q.p10), self.eur(q.p90))
        }
    }

    fn phase(&self, phase: Phase) -> String {
        self.plan(&format!("phase_{}", phase.id()))
    }

    fn mark(&self, mark: Mark) -> String {
        self.plan(&format!("mark_{}", mark.id()))
    }

    fn yes_no(&self, b: bool) -> String {
        self.t(if b { "yes" } else { "no" })
    }

    fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        self.f(
            "date",
            &[
                ("day", &date.day().to_string()),
                ("month", &self.t(&format!("month_{}", date.month()))),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

/// Everything the template receives as `sys.inputs.data`.
#[derive(Serialize)]
pub(crate) struct View {
    lang: &'static str,
    texts: BTreeMap<String, String>,
    meta: Meta,
    brand: Brand,
    cover: Cover,
    summary: Summary,
    catalogue: CatalogueView,
    questionnaire: Option<QuestionnaireView>,
    external: Vec<PhaseView>,
    plan: Option<PlanView>,
    funding: Vec<FundingView>,
    sources: SourcesView,
    glossary: Vec<Pair>,
}

#[derive(Serialize)]
struct Meta {
    title: String,
    author: String,
    keywords: Vec<String>,
}

#[derive(Serialize)]
struct Brand {
    accent: String,
    consultant: Option<String>,
    has_logo: bool,
}

#[derive(Serialize)]
struct Pair {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct Cover {
    company: String,
    facts: Vec<Pair>,
}

#[derive(Serialize)]
struct Summary {
    notices: Vec<String>,
    dimensions: Vec<DimensionView>,
    has_benchmark: bool,
    actions: Vec<ActionView>,
    figures: Vec<KeyFigure>,
    figures_note: Option<String>,
}

#[derive(Serialize)]
struct KeyFigure {
    label: String,
    p50: String,
    p90: String,
}

#[derive(Serialize)]
struct DimensionView {
    name: String,
    score: Option<f64>,
    label: String,
    benchmark: Option<f64>,
}

#[derive(Serialize)]
struct ActionView {
    title: String,
    detail: String,
    priority: String,
    level: &'static str,
}

#[derive(Serialize)]
struct CatalogueView {
    intro: String,
    overview: Vec<Pair>,
    overview_note: String,
    formats: Vec<FormatRow>,
    areas: Vec<AreaRow>,
    datasets: Vec<DatasetView>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FormatRow {
    format: String,
    files: String,
    size: String,
}

#[derive(Serialize)]
struct AreaRow {
    name: String,
    files: String,
    size: String,
    formats: String,
    flags: Vec<FlagView>,
}

#[derive(Serialize)]
struct FlagView {
    label: String,
    level: &'static str,
}

#[derive(Serialize)]
struct DatasetView {
    name: String,
    files: String,
    rows: String,
    quality: u8,
    rights: u8,
    interoperability: u8,
    sensitivity: String,
    sensitivity_level: &'static str,
    codes: Option<String>,
}

#[derive(Serialize)]
struct FindingView {
    dataset: String,
    severity: String,
    level: &'static str,
    message: String,
}

#[derive(Serialize)]
struct QuestionnaireView {
    intro: String,
    group: Option<String>,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct SectionView {
    title: String,
    score: Option<f64>,
    score_label: String,
    benchmark: Option<[f64; 3]>,
    benchmark_label: Option<String>,
    answered: String,
    gaps: Vec<GapView>,
}

#[derive(Serialize)]
struct GapView {
    id: String,
    question: String,
    recommendation: Option<String>,
}

#[derive(Serialize)]
struct PhaseView {
    phase: String,
    purpose: Option<String>,
    notices: Vec<String>,
    items: Vec<RecommendationView>,
}

#[derive(Serialize)]
struct RecommendationView {
    name: String,
    fit: u8,
    fit_label: String,
    reasons: Vec<String>,
    blockers: Vec<String>,
    lead_time: Option<String>,
    fees: Option<String>,
    access_modes: Vec<String>,
    in_plan: bool,
}

#[derive(Serialize)]
struct PlanView {
    intro: String,
    span_weeks: f64,
    ticks: Vec<Tick>,
    gantt: Vec<GanttRow>,
    critical_path: String,
    phases: Vec<TotalsRow>,
    paths: Vec<TotalsRow>,
    total: TotalsRow,
    packages: Vec<PackageRow>,
    running: Vec<RunningRow>,
    running_total: Option<TotalsRow>,
    unknowns: Vec<UnknownRow>,
}

#[derive(Serialize)]
struct Tick {
    at: f64,
    label: String,
}

#[derive(Serialize)]
struct GanttRow {
    name: String,
    path: String,
    start: f64,
    finish: f64,
    p90: f64,
    critical: bool,
    delivers: bool,
}

#[derive(Serialize)]
struct TotalsRow {
    label: String,
    cost_p50: String,
    cost_range: String,
    yearly: String,
    time_to_data: String,
    unknown: String,
}

#[derive(Serialize)]
struct PackageRow {
    name: String,
    path: String,
    phase: String,
    duration: String,
    weeks: String,
    cost_p50: String,
    cost_range: String,
    unknown: String,
    critical: bool,
}

#[derive(Serialize)]
struct RunningRow {
    item: String,
    package: String,
    expected: String,
    range: String,
}

#[derive(Serialize)]
struct UnknownRow {
    package: String,
    item: String,
    question: String,
}

#[derive(Serialize)]
struct FundingView {
    name: String,
    terms: String,
    offset: String,
    conditions: Vec<String>,
    source: String,
    mark: String,
}

#[derive(Serialize)]
struct SourcesView {
    assumptions: Vec<Pair>,
    figures: Vec<SourceRow>,
}

#[derive(Serialize)]
struct SourceRow {
    figure: String,
    value: String,
    basis: String,
    source: String,
    link: bool,
    as_of: String,
    mark: String,
    note: Option<String>,
}

fn level_of_priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "high",
        Priority::Medium => "medium",
        Priority::Low => "low",
    }
}

fn level_of_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn sector_id(s: Sector) -> &'static str {
    match s {
        Sector::Medtech => "medtech",
        Sector::Manufacturing => "manufacturing",
        Sector::Services => "services",
        Sector::Software => "software",
        Sector::Other => "other",
    }
}

fn risk_id(r: RiskClass) -> &'static str {
    match r {
        RiskClass::MdrI => "mdr_i",
        RiskClass::MdrIia => "mdr_iia",
        RiskClass::MdrIib => "mdr_iib",
        RiskClass::MdrIii => "mdr_iii",
        RiskClass::IvdrA => "ivdr_a",
        RiskClass::IvdrB => "ivdr_b",
        RiskClass::IvdrC => "ivdr_c",
        RiskClass::IvdrD => "ivdr_d",
    }
}

/// Checks and normalises `#RRGGBB`.
fn accent(colour: Option<&str>) -> Result<String, ReportError> {
    let Some(c) = colour else {
        return Ok(DEFAULT_ACCENT.to_owned());
    };
    let hex = c.strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_ascii_uppercase()))
    } else {
        Err(ReportError::InvalidColour(c.to_owned()))
    }
}

/// Builds the template's view of `data` in `lang`.
pub(crate) fn build(data: &ReportData, lang: Lang) -> Result<View, ReportError> {
    let tx = Tx { lang };
    let texts = texts()
        .iter()
        .map(|(k, e)| (k.clone(), pick(e, lang).to_owned()))
        .collect();
    let company = &data.company;

    let mut facts = Vec::new();
    let mut fact = |key: &str, value: String| {
        if !value.trim().is_empty() {
            facts.push(Pair {
                label: tx.t(key),
                value,
            });
        }
    };
    fact("cover_product", company.product.clone());
    fact(
        "cover_sector",
        tx.t(&format!("sector_{}", sector_id(company.sector))),
    );
    let phases: Vec<String> = company.phases.iter().map(|p| tx.phase(*p)).collect();
    fact("cover_phases", phases.join(", "));
    if let Some(r) = company.risk_class {
        fact("cover_risk_class", tx.t(&format!("risk_{}", risk_id(r))));
    }
    if data.profile_assumed {
        fact("cover_profile", tx.t("cover_profile_assumed"));
    } else if company.sector.is_health() {
        fact("cover_ai", tx.yes_no(company.uses_ai));
    }
    fact("cover_assessor", company.assessor.clone());
    if let Some(d) = data.assessed_on {
        fact("cover_date", tx.date(d));
    }
    if let Some(c) = &data.branding.consultant {
        fact("cover_prepared_by", c.clone());
    }

    let plan = data.plan.as_ref();
    Ok(View {
        lang: lang.code(),
        texts,
        meta: Meta {
            title: if company.name.is_empty() {
                tx.t("title")
            } else {
                format!("{} – {}", tx.t("title"), company.name)
            },
            author: data
                .branding
                .consultant
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| company.assessor.clone()),
            keywords: tx
                .t("doc_keywords")
                .split(", ")
                .map(str::to_owned)
                .collect(),
        },
        brand: Brand {
            accent: accent(data.branding.accent.as_deref())?,
            consultant: data.branding.consultant.clone(),
            has_logo: data.branding.logo.is_some(),
        },
        cover: Cover {
            company: company.name.clone(),
            facts,
        },
        summary: summary(&tx, data, plan),
        catalogue: catalogue(&tx, data),
        questionnaire: data.questionnaire.as_ref().map(|q| QuestionnaireView {
            intro: tx.f(
                "q_intro",
                &[
                    ("title", &q.title),
                    ("respondents", &q.respondents.to_string()),
                ],
            ),
            group: q
                .group_size
                .map(|n| tx.f("q_group", &[("n", &n.to_string())])),
            sections: q
                .sections
                .iter()
                .map(|s| SectionView {
                    title: s.title.clone(),
                    score: s.score,
                    score_label: s
                        .score
                        .map_or_else(|| tx.t("not_scored"), |v| format!("{v:.0}")),
                    benchmark: s.benchmark.map(|b| [b.p25, b.median, b.p75]),
                    benchmark_label: s.benchmark.map(|b| format!("{:.0}", b.median)),
                    answered: {
                        let mut parts = vec![tx.f(
                            "q_answered_of",
                            &[
                                ("answered", &s.answered.to_string()),
                                ("questions", &s.questions.to_string()),
                            ],
                        )];
                        if s.dont_know > 0 {
                            parts.push(tx.f("q_dont_know", &[("n", &s.dont_know.to_string())]));
                        }
                        if s.not_applicable > 0 {
                            parts.push(tx.f("q_na", &[("n", &s.not_applicable.to_string())]));
                        }
                        parts.join(", ")
                    },
                    gaps: s
                        .gaps
                        .iter()
                        .take(GAPS_PER_SECTION)
                        .map(|g| GapView {
                            id: g.question_id.clone(),
                            question: g.question.clone(),
                            recommendation: g.recommendation.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }),
        external: data
            .external_data
            .iter()
            .filter(|p| !p.recommendations.is_empty() || !p.notices.is_empty())
            .map(|p| PhaseView {
                phase: tx.phase(p.phase),
                purpose: p.purpose.clone(),
                notices: p.notices.clone(),
                items: p
                    .recommendations
                    .iter()
                    .map(|r| RecommendationView {
                        name: r.name.clone(),
                        fit: r.fit.min(3),
                        fit_label: tx.t(&format!("fit_{}", r.fit.min(3))),
                        reasons: r.reasons.clone(),
                        blockers: r.blockers.clone(),
                        lead_time: r.lead_time.as_ref().map(|l| lead_weeks(&tx, &l.weeks)),
                        fees: match (&r.fees, &r.fees_note) {
                            (Some(f), None) => Some(fee_range(&tx, &f.eur)),
                            (Some(f), Some(note)) => {
                                Some(format!("{} – {note}", fee_range(&tx, &f.eur)))
                            }
                            (None, Some(note)) => Some(note.clone()),
                            (None, None) => None,
                        },
                        access_modes: r.access_modes.clone(),
                        in_plan: r.in_plan,
                    })
                    .collect(),
            })
            .collect(),
        plan: plan.map(|p| plan_view(&tx, p)),
        funding: plan.map(|p| funding(&tx, p)).unwrap_or_default(),
        sources: sources(&tx, data),
        glossary: glossary(lang, data),
    })
}

fn summary(tx: &Tx, data: &ReportData, plan: Option<&Plan>) -> Summary {
    let dimensions: Vec<DimensionView> = data
        .readiness
        .iter()
        .map(|d| DimensionView {
            name: d.name.clone(),
            score: d.score.map(|s| s.clamp(0.0, 100.0)),
            label: d
                .score
                .map_or_else(|| tx.t("not_scored"), |s| format!("{s:.0}")),
            benchmark: d.benchmark.map(|b| b.clamp(0.0, 100.0)),
        })
        .collect();
    let has_benchmark = dimensions.iter().any(|d| d.benchmark.is_some());
    let mut actions: Vec<&super::Action> = data.actions.iter().collect();
    // Stable: equal priorities keep the producer's order.
    actions.sort_by_key(|a| a.priority);
    let actions = actions
        .into_iter()
        .take(TOP_ACTIONS)
        .map(|a| ActionView {
            title: tx.prose(&a.title),
            detail: tx.prose(&a.detail),
            priority: tx.t(&format!("priority_{}", level_of_priority(a.priority))),
            level: level_of_priority(a.priority),
        })
        .collect();
    let (figures, figures_note) = match plan {
        Some(p) => {
            let mut figures = vec![KeyFigure {
                label: tx.t("fig_cost_once"),
                p50: tx.eur(p.total.cost_once.p50),
                p90: tx.eur(p.total.cost_once.p90),
            }];
            if p.total.cost_yearly.p90 > 0.0 {
                figures.push(KeyFigure {
                    label: tx.t("fig_cost_yearly"),
                    p50: tx.eur(p.total.cost_yearly.p50),
                    p90: tx.eur(p.total.cost_yearly.p90),
                });
            }
            if let Some(q) = &p.total.time_to_data_weeks {
                figures.push(KeyFigure {
                    label: tx.t("fig_time_to_data"),
                    p50: tx.weeks_months(q.p50),
                    p90: tx.weeks_months(q.p90),
                });
            }
            figures.push(KeyFigure {
                label: tx.t("fig_duration"),
                p50: tx.weeks_months(p.total.duration_weeks.p50),
                p90: tx.weeks_months(p.total.duration_weeks.p90),
            });
            let note = if p.is_complete() {
                tx.t("fig_complete")
            } else {
                tx.f(
                    if p.unknown_costs.len() == 1 {
                        "fig_unknown_one"
                    } else {
                        "fig_unknown"
                    },
                    &[("count", &p.unknown_costs.len().to_string())],
                )
            };
            (figures, Some(note))
        }
        None => (Vec::new(), None),
    };
    Summary {
        notices: data.notices.clone(),
        dimensions,
        has_benchmark,
        actions,
        figures,
        figures_note,
    }
}

fn format_label(tx: &Tx, format: &str) -> String {
    let key = format!("format_{}", format.replace('-', "_"));
    if texts().contains_key(&key) {
        tx.t(&key)
    } else {
        format.to_owned()
    }
}

fn catalogue(tx: &Tx, data: &ReportData) -> CatalogueView {
    let c = &data.catalogue;
    let overview = vec![
        Pair {
            label: tx.t("cat_files"),
            value: tx.int(c.files),
        },
        Pair {
            label: tx.t("cat_box_unreadable"),
            value: tx.int(c.unreadable_files),
        },
        Pair {
            label: tx.t("cat_box_duplicates"),
            value: tx.int(c.duplicate_files),
        },
        Pair {
            label: tx.t("cat_box_personal"),
            value: tx.int(c.personal_files),
        },
        Pair {
            label: tx.t("cat_box_health"),
            value: tx.int(c.special_category_files.max(c.health_files)),
        },
    ];
    let mut findings = Vec::new();
    let mut area_findings: Vec<&super::AreaFinding> = c.findings.iter().collect();
    area_findings.sort_by_key(|f| f.finding.severity);
    for f in area_findings {
        findings.push(FindingView {
            dataset: if f.scope.is_empty() {
                tx.t("cat_scope_all")
            } else {
                f.scope.clone()
            },
            severity: tx.t(&format!(
                "severity_{}",
                level_of_severity(f.finding.severity)
            )),
            level: level_of_severity(f.finding.severity),
            message: tx.prose(&f.finding.message),
        });
    }
    for d in &c.datasets {
        let mut own: Vec<&super::Finding> = d.findings.iter().collect();
        own.sort_by_key(|f| f.severity);
        for f in own.into_iter().take(FINDINGS_PER_DATASET) {
            findings.push(FindingView {
                dataset: d.name.clone(),
                severity: tx.t(&format!("severity_{}", level_of_severity(f.severity))),
                level: level_of_severity(f.severity),
                message: tx.prose(&f.message),
            });
        }
    }
    findings.sort_by_key(|f| match f.level {
        "critical" => 0,
        "warning" => 1,
        _ => 2,
    });
    let flag = |label: &str, level: &'static str| FlagView {
        label: tx.t(label),
        level,
    };
    CatalogueView {
        overview_note: tx.t("cat_overview_note"),
        intro: {
            let mut intro = tx.f(
                "cat_intro_files",
                &[
                    ("files", &tx.int(c.files)),
                    ("bytes", &tx.lang.bytes(c.bytes)),
                ],
            );
            intro.push(' ');
            intro.push_str(&tx.t(if c.datasets.is_empty() {
                "cat_intro_areas"
            } else {
                "cat_intro_datasets"
            }));
            intro
        },
        overview,
        formats: c
            .formats
            .iter()
            .map(|f| FormatRow {
                format: format_label(tx, &f.format),
                files: tx.int(f.files),
                size: tx.lang.bytes(f.bytes),
            })
            .collect(),
        areas: c
            .areas
            .iter()
            .map(|a| {
                let mut flags = Vec::new();
                if a.health_files > 0 {
                    flags.push(flag("cat_flag_health", "critical"));
                } else if a.personal_files > 0 {
                    flags.push(flag("cat_flag_personal", "warning"));
                }
                if (a.health_files > 0 || a.personal_files > 0) && !a.documented {
                    flags.push(flag("cat_flag_undocumented", "warning"));
                }
                if a.documented {
                    flags.push(flag("cat_flag_documented", "none"));
                }
                if a.unreadable_files > 0 {
                    flags.push(FlagView {
                        label: tx.f("cat_flag_unreadable", &[("n", &tx.int(a.unreadable_files))]),
                        level: "info",
                    });
                }
                AreaRow {
                    name: a.name.clone(),
                    files: tx.int(a.files),
                    size: tx.lang.bytes(a.bytes),
                    formats: a
                        .formats
                        .iter()
                        .map(|f| format_label(tx, f))
                        .collect::<Vec<_>>()
                        .join(", "),
                    flags,
                }
            })
            .collect(),
        datasets: c
            .datasets
            .iter()
            .map(|d| DatasetView {
                name: d.name.clone(),
                files: tx.int(d.files),
                rows: d.rows.map_or_else(|| tx.t("none"), |n| tx.int(n)),
                quality: d.quality.min(100),
                rights: d.rights.min(100),
                interoperability: d.interoperability.min(100),
                // Nothing read from the files (documents, archives): no verdict.
                sensitivity: tx.t(
                    match (d.special_category, d.personal_data, d.rows.is_some()) {
                        (true, _, _) => "cat_sensitivity_health",
                        (false, true, _) => "cat_sensitivity_personal",
                        (false, false, true) => "cat_sensitivity_none",
                        (false, false, false) => "cat_sensitivity_unexamined",
                    },
                ),
                sensitivity_level: match (d.special_category, d.personal_data, d.rows.is_some()) {
                    (true, _, _) => "critical",
                    (false, true, _) => "warning",
                    (false, false, true) => "none",
                    (false, false, false) => "unexamined",
                },
                codes: (!d.code_systems.is_empty()).then(|| d.code_systems.join(", ")),
            })
            .collect(),
        findings,
    }
}

fn path_label(tx: &Tx, plan: &Plan, path: Option<&str>) -> String {
    match path {
        Some(id) => plan
            .paths
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_owned(), |p| p.name.get(tx.lang).to_owned()),
        None => tx.t("internal"),
    }
}

fn totals_row(
    tx: &Tx,
    label: String,
    once: &Quantiles,
    yearly: &Quantiles,
    ttd: Option<&Quantiles>,
    unknown: usize,
) -> TotalsRow {
    TotalsRow {
        label,
        cost_p50: tx.eur(once.p50),
        cost_range: tx.cost_range(once),
        yearly: if yearly.p90 > 0.0 {
            tx.eur(yearly.p50)
        } else {
            tx.t("none")
        },
        time_to_data: ttd.map_or_else(
            || tx.t("none"),
            |q| format!("{} / {}", tx.num(q.p50.round()), tx.num(q.p90.round())),
        ),
        unknown: if unknown > 0 {
            tx.f("plus_unknown", &[("n", &unknown.to_string())])
        } else {
            String::new()
        },
    }
}

fn plan_view(tx: &Tx, plan: &Plan) -> PlanView {
    let span = plan
        .packages
        .iter()
        .map(|p| p.finish_weeks.p90.max(p.earliest_finish))
        .fold(plan.total.expected_duration_weeks, f64::max)
        .max(1.0);
    let months = (span / WEEKS_PER_MONTH).ceil() as u32;
    let step = match months {
        0..=12 => 1,
        13..=24 => 2,
        25..=48 => 3,
        _ => 6,
    };
    let ticks = (0..=months)
        .step_by(step as usize)
        .map(|m| Tick {
            at: f64::from(m) * WEEKS_PER_MONTH,
            label: tx.f("month_short", &[("n", &m.to_string())]),
        })
        .collect();
    let span = f64::from(months) * WEEKS_PER_MONTH;

    let mut order: Vec<&crate::plan::ScheduledPackage> = plan.packages.iter().collect();
    // Gantt and table in start order; ties keep the input order.
    order.sort_by(|a, b| a.earliest_start.total_cmp(&b.earliest_start));

    let gantt = order
        .iter()
        .map(|p| GanttRow {
            name: p.name.get(tx.lang).to_owned(),
            path: path_label(tx, plan, p.path.as_deref()),
            start: p.earliest_start,
            finish: p.earliest_finish,
            p90: p.finish_weeks.p90.max(p.earliest_finish),
            critical: p.critical,
            delivers: p.delivers_data,
        })
        .collect();

    let names: Vec<String> = plan
        .critical_path
        .iter()
        .filter_map(|id| plan.package(id))
        .map(|p| p.name.get(tx.lang).to_owned())
        .collect();

    let packages = order
        .iter()
        .map(|p| {
            let unknown = p.unknown_costs;
            PackageRow {
                name: p.name.get(tx.lang).to_owned(),
                path: path_label(tx, plan, p.path.as_deref()),
                phase: tx.phase(p.phase),
                duration: p.duration_weeks.format(|v| tx.num(v)),
                weeks: format!(
                    "{}–{}",
                    tx.num(p.earliest_start.round()),
                    tx.num(p.earliest_finish.round())
                ),
                cost_p50: tx.eur(p.cost_once.p50),
                cost_range: tx.cost_range(&p.cost_once),
                unknown: if unknown > 0 {
                    tx.f("plus_unknown", &[("n", &unknown.to_string())])
                } else {
                    String::new()
                },
                critical: p.critical,
            }
        })
        .collect();

    let mut running = Vec::new();
    for p in &plan.packages {
        for line in p
            .costs
            .iter()
            .filter(|l| l.recurrence == crate::plan::Recurrence::Yearly)
        {
            let (expected, range) = match (line.eur, line.expected_eur) {
                (Some(eur), Some(expected)) => (tx.eur(expected), eur.format(|v| tx.eur(v))),
                _ => (tx.t("unknown_amount"), String::new()),
            };
            running.push(RunningRow {
                item: line.label.get(tx.lang).to_owned(),
                package: p.name.get(tx.lang).to_owned(),
                expected,
                range,
            });
        }
    }

    PlanView {
        intro: tx.f(
            "plan_intro",
            &[("draws", &tx.int(u64::from(plan.simulation.draws)))],
        ),
        span_weeks: span,
        ticks,
        gantt,
        critical_path: tx.f("plan_critical_path_text", &[("chain", &names.join(" → "))]),
        phases: plan
            .phases
            .iter()
            .map(|r| {
                totals_row(
                    tx,
                    tx.phase(r.phase),
                    &r.cost_once,
                    &r.cost_yearly,
                    r.time_to_data_weeks.as_ref(),
                    r.unknown_costs,
                )
            })
            .collect(),
        paths: plan
            .paths
            .iter()
            .map(|r| {
                totals_row(
                    tx,
                    r.name.get(tx.lang).to_owned(),
                    &r.cost_once,
                    &r.cost_yearly,
                    r.time_to_data_weeks.as_ref(),
                    r.unknown_costs,
                )
            })
            .collect(),
        total: totals_row(
            tx,
            tx.t("total"),
            &plan.total.cost_once,
            &plan.total.cost_yearly,
            plan.total.time_to_data_weeks.as_ref(),
            plan.unknown_costs.len(),
        ),
        packages,
        running_total: (!running.is_empty()).then(|| TotalsRow {
            label: tx.t("total"),
            cost_p50: tx.eur(plan.total.cost_yearly.p50),
            cost_range: tx.cost_range(&plan.total.cost_yearly),
            yearly: String::new(),
            time_to_data: String::new(),
            unknown: String::new(),
        }),
        running,
        unknowns: plan
            .unknown_costs
            .iter()
            .map(|u| UnknownRow {
                package: plan
                    .package(&u.package_id)
                    .map_or_else(|| u.package_id.clone(), |p| p.name.get(tx.lang).to_owned()),
                item: u.label.get(tx.lang).to_owned(),
                question: u.question.get(tx.lang).to_owned(),
            })
            .collect(),
    }
}

fn funding(tx: &Tx, plan: &Plan) -> Vec<FundingView> {
    plan.funding
        .iter()
        .map(|f| {
            let terms = match f.rate {
                Some(rate) => {
                    let mut s = tx.f(
                        "funding_rate",
                        &[("rate", &format!("{} %", tx.num(rate * 100.0)))],
                    );
                    if let Some(cap) = f.cap_eur {
                        s.push_str(", ");
                        s.push_str(&tx.f("funding_cap", &[("cap", &tx.eur(cap))]));
                    }
                    s
                }
                None => tx.t("funding_not_share"),
            };
            let offset = match &f.possible_offset {
                Some(q) => tx.p50_p90(tx.eur(q.p50), tx.eur(q.p90)),
                None => tx.t("none"),
            };
            FundingView {
                name: f.name.get(tx.lang).to_owned(),
                terms,
                offset,
                conditions: f
                    .conditions
                    .iter()
                    .map(|c| c.get(tx.lang).to_owned())
                    .collect(),
                source: f.provenance.source.clone(),
                mark: tx.mark(f.provenance.mark),
            }
        })
        .collect()
}

fn source_row(tx: &Tx, figure: String, value: String, p: &Provenance) -> SourceRow {
    let is_user = p.mark == Mark::UserInput;
    SourceRow {
        figure,
        value,
        basis: String::new(),
        source: if is_user && p.source == "user" {
            tx.t("src_user")
        } else {
            p.source.clone()
        },
        link: p.source.starts_with("http://") || p.source.starts_with("https://"),
        as_of: p.as_of.clone().unwrap_or_else(|| tx.t("none")),
        mark: tx.mark(p.mark),
        note: p.note.clone(),
    }
}

fn sources(tx: &Tx, data: &ReportData) -> SourcesView {
    let mut assumptions = Vec::new();
    let mut figures = Vec::new();
    if let Some(plan) = &data.plan {
        let s = &plan.simulation;
        let distribution = match s.distribution {
            Distribution::Pert => tx.t("src_distribution_pert"),
            Distribution::Triangular => tx.t("src_distribution_triangular"),
        };
        assumptions.push(Pair {
            label: tx.t("src_simulation"),
            value: tx.f(
                "src_simulation_text",
                &[
                    ("draws", &tx.int(u64::from(s.draws))),
                    ("distribution", &distribution),
                    ("seed", &s.seed.to_string()),
                ],
            ),
        });
        assumptions.push(Pair {
            label: tx.t("src_months"),
            value: tx.t("src_months_text"),
        });
        assumptions.push(Pair {
            label: tx.t("src_funding_rule"),
            value: tx.t("src_funding_rule_text"),
        });
        for kind in RateKind::ALL {
            let label = tx.plan(&format!("rate_{}", kind.id()));
            let unit = tx.plan(if kind.is_hourly() {
                "unit_hour"
            } else {
                "unit_day"
            });
            match plan.rates.get(kind) {
                Some(rate) => figures.push(source_row(
                    tx,
                    label,
                    format!("{} / {unit}", tx.eur(rate.eur)),
                    &rate.provenance,
                )),
                None => assumptions.push(Pair {
                    label,
                    value: tx.t("src_rate_unset"),
                }),
            }
        }
        for p in &plan.packages {
            for line in &p.costs {
                let value = match (&line.amount, line.eur) {
                    (CostAmount::Unknown { .. }, _) | (_, None) => tx.t("unknown_amount"),
                    (_, Some(eur)) => eur.format(|v| tx.eur(v)),
                };
                let mut row = source_row(
                    tx,
                    format!("{}: {}", p.name.get(tx.lang), line.label.get(tx.lang)),
                    value,
                    &line.provenance,
                );
                row.basis = crate::plan::xlsx::basis_text(tx.lang, line);
                figures.push(row);
            }
        }
        for f in &plan.funding {
            figures.push(source_row(
                tx,
                tx.f("src_funding", &[("name", f.name.get(tx.lang))]),
                f.rate
                    .map(|r| format!("{} %", tx.num(r * 100.0)))
                    .unwrap_or_else(|| tx.t("none")),
                &f.provenance,
            ));
        }
    }
    if let Some(plan) = &data.plan {
        let mut order: Vec<&crate::plan::ScheduledPackage> = plan.packages.iter().collect();
        order.sort_by(|a, b| a.earliest_start.total_cmp(&b.earliest_start));
        for p in order {
            if let Some(source) = &p.duration_source {
                figures.push(source_row(
                    tx,
                    tx.f("src_duration", &[("name", p.name.get(tx.lang))]),
                    lead_weeks(tx, &p.duration_weeks),
                    source,
                ));
            }
        }
    }
    assumptions.extend(data.assumptions.iter().map(|a| Pair {
        label: a.label.clone(),
        value: a.value.clone(),
    }));
    let mut seen: Vec<&str> = Vec::new();
    for phase in &data.external_data {
        for r in &phase.recommendations {
            if seen.contains(&r.path_id.as_str()) {
                continue;
            }
            seen.push(&r.path_id);
            if let Some(f) = &r.fees {
                figures.push(source_row(
                    tx,
                    tx.f("src_fees", &[("name", &r.name)]),
                    fee_range(tx, &f.eur),
                    &f.provenance,
                ));
            }
            if let Some(l) = &r.lead_time {
                figures.push(source_row(
                    tx,
                    tx.f("src_lead_time", &[("name", &r.name)]),
                    lead_weeks(tx, &l.weeks),
                    &l.provenance,
                ));
            }
        }
    }
    SourcesView {
        assumptions,
        figures,
    }
}

fn fee_range(tx: &Tx, eur: &ThreePoint) -> String {
    if eur.is_exact() {
        tx.eur(eur.likely)
    } else {
        tx.f("fees_range", &[("range", &eur.format(|v| tx.eur(v)))])
    }
}

fn lead_weeks(tx: &Tx, weeks: &ThreePoint) -> String {
    tx.f("weeks", &[("n", &weeks.format(|v| tx.num(v)))])
}

fn glossary(lang: Lang, data: &ReportData) -> Vec<Pair> {
    let mut entries: Vec<Pair> = builtin_glossary()
        .entry
        .iter()
        .map(|e| Pair {
            label: pick(&e.term, lang).to_owned(),
            value: pick(&e.text, lang).to_owned(),
        })
        .chain(data.glossary.iter().map(|g| Pair {
            label: g.term.clone(),
            value: g.definition.clone(),
        }))
        .collect();
    entries.sort_by_key(|p| p.label.to_lowercase());
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_text_has_both_languages_and_the_glossary_too() {
        for (key, e) in texts() {
            assert!(!e.de.trim().is_empty() && !e.en.trim().is_empty(), "{key}");
        }
        for e in &builtin_glossary().entry {
            for s in [&e.term.de, &e.term.en, &e.text.de, &e.text.en] {
                assert!(!s.trim().is_empty());
            }
        }
    }

    #[test]
    fn accent_colours_are_checked() {
        assert_eq!(accent(None).unwrap(), DEFAULT_ACCENT);
        assert_eq!(accent(Some("#a1b2c3")).unwrap(), "#A1B2C3");
        for bad in ["red", "#12345", "#12345g", "123456", "#1234567"] {
            assert!(
                matches!(accent(Some(bad)), Err(ReportError::InvalidColour(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn dates_and_durations_read_naturally() {
        let de = Tx { lang: Lang::De };
        let en = Tx { lang: Lang::En };
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
        assert_eq!(de.date(d), "12. März 2026");
        assert_eq!(en.date(d), "12 March 2026");
        assert_eq!(de.weeks_months(26.0), "26 Wochen (≈ 6 Monate)");
        assert_eq!(en.weeks_months(17.3), "17 weeks (≈ 4 months)");
        assert_eq!(de.eur(31_200.4), "31.200\u{a0}€");
        assert_eq!(en.eur(31_200.4), "€31,200");
    }

    #[test]
    fn code_spans_become_quotation_marks() {
        let de = Tx { lang: Lang::De };
        let en = Tx { lang: Lang::En };
        assert_eq!(
            de.prose("Spalte `code` ist leer (`a.csv` (3))."),
            "Spalte „code“ ist leer („a.csv“ (3))."
        );
        assert_eq!(
            en.prose("Column `code` is empty."),
            "Column “code” is empty."
        );
        // An unpaired backtick is left alone rather than quoting half a sentence.
        assert_eq!(de.prose("a ` b"), "a ` b");
    }
}
