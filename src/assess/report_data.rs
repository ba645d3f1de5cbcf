//! Assembling the report from an assessment: company, readiness, actions, catalogue
//! summary, questionnaire results, external data by phase, the plan, assumptions.
//!
//! Only counts, names, scores, verdicts and knowledge-base texts go in; the report
//! types have no field for values from a data set, so no raw personal value can
//! reach the PDF from here.

use super::figures::estimate_provenance;
use super::findings::{ReadinessWork, areas};
use super::{Assessment, CatalogueFinding, ProfileSource};
use crate::catalog::Catalog;
use crate::company::{CompanySize, Phase, Sector};
use crate::i18n::{Lang, t, tf};
use crate::plan::{self, ThreePoint};
use crate::questionnaire::engine::QuestionStatus;
use crate::questionnaire::{QuestionnaireResult, WorkshopResult};
use crate::report::{
    Action, AreaFinding, AreaSummary, Assumption, Benchmark, Branding, CatalogueSummary,
    DatasetSummary, DimensionScore, FeeRange, Finding, FormatCount, Gap, LeadTime,
    PhaseRecommendations, Priority, QuestionnaireSummary, Recommendation, ReportData,
    SectionResult, Severity,
};
use crate::sources::guide::{self, Guide};
use crate::sources::{KnowledgeBase, Span3};

/// Recommendations shown per phase (plus any path in the plan).
const PER_PHASE: usize = 3;
/// A recommendation below this guide score is shown only when it is in the plan.
const MIN_SCORE: u8 = 25;
/// Reasons and obstacles shown per recommendation.
const REASONS: usize = 3;
const OBSTACLES: usize = 4;
/// Questionnaire recommendations turned into actions.
const QUESTIONNAIRE_ACTIONS: usize = 3;

fn span_three_point(s: &Span3) -> Option<ThreePoint> {
    Some(ThreePoint::new(s.min?, s.likely?, s.max?))
}

/// The catalogue in figures for the report: file-level facts, areas and findings,
/// and the datasets with their scores once the catalogue has them (DESIGN §4:
/// `datasets[].scores` and `findings`). Dataset scores plug in here.
pub fn catalogue_summary(
    catalog: &Catalog,
    findings: &[CatalogueFinding],
    lang: Lang,
) -> CatalogueSummary {
    let (duplicates, duplicate_bytes) = catalog.duplicate_totals();
    let formats = catalog
        .format_totals()
        .into_iter()
        .map(|(format, files, bytes)| FormatCount {
            format,
            files: files as u64,
            bytes,
        })
        .collect();
    let areas = areas(catalog, lang)
        .into_iter()
        .map(|a| AreaSummary {
            name: a.name,
            files: a.files,
            bytes: a.bytes,
            formats: a.formats.into_iter().map(|(f, _)| f).collect(),
            personal_files: a.personal_files,
            health_files: a.health_files,
            unreadable_files: a.unreadable_files,
            documented: a.documented,
        })
        .collect();
    // Dataset findings are shown with their datasets; only file-level findings are
    // listed for the share as a whole.
    let mut ordered: Vec<&CatalogueFinding> = findings.iter().filter(|f| f.file_level).collect();
    ordered.sort_by_key(|f| f.severity);
    CatalogueSummary {
        files: catalog.files.len() as u64,
        bytes: catalog.files.iter().map(|f| f.size).sum(),
        unreadable_files: catalog.files.iter().filter(|f| !f.readable).count() as u64,
        personal_files: catalog.files.iter().filter(|f| f.personal_data).count() as u64,
        special_category_files: catalog.files.iter().filter(|f| f.special_category).count() as u64,
        health_files: catalog
            .files
            .iter()
            .filter(|f| super::findings::is_health_file(f))
            .count() as u64,
        duplicate_files: duplicates as u64,
        duplicate_bytes,
        formats,
        areas,
        findings: ordered
            .into_iter()
            .map(|f| AreaFinding {
                scope: f.scope.join(", "),
                finding: Finding {
                    code: f.code.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                },
            })
            .chain(grouped_dataset_findings(catalog, lang))
            .collect(),
        // Dataset findings are listed grouped (below), not three per dataset.
        datasets: catalog
            .datasets
            .iter()
            .map(|d| DatasetSummary {
                findings: Vec::new(),
                // Health formats count as health data, as the scorer presumes them.
                special_category: d.special_category
                    || d.file_indices
                        .iter()
                        .filter_map(|i| catalog.files.get(*i))
                        .any(super::findings::is_health_file),
                ..d.report_summary()
            })
            .collect(),
    }
}

/// Dataset findings a reader should see first.
const DATASET_WARNINGS: usize = 10;

/// A next step for people: command lines in code spans (`datenreife …`) are left out,
/// and a sentence that was only a command goes with them. Other code spans (column and
/// file names) stay; the report sets them in quotes.
pub(crate) fn readable_step(step: &str) -> String {
    let mut out = Vec::new();
    for sentence in sentences(step) {
        if !sentence.contains("`datenreife ") {
            out.push(sentence.to_owned());
            continue;
        }
        let mut kept = String::new();
        for (i, part) in sentence.split('`').enumerate() {
            let code = i % 2 == 1;
            if !code {
                kept.push_str(part);
            } else if !part.starts_with("datenreife ") {
                kept.push('`');
                kept.push_str(part);
                kept.push('`');
            }
        }
        let kept = kept
            .replace(": ;", ";")
            .replace(" ;", ";")
            .replace(": .", ".")
            .replace(" .", ".")
            .replace("  ", " ");
        if kept.split_whitespace().count() > 3 {
            out.push(kept);
        }
    }
    out.concat().trim().to_owned()
}

/// The sentences of a text, each with its closing ". ". An abbreviation ("z. B.",
/// "e.g.", "i.e.") or a lower-case continuation does not end a sentence.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        let end = i + 2;
        let word = text[start..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let abbreviation = word.chars().count() < 2 || word.contains('.');
        let next_upper = text[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '`');
        if !abbreviation && next_upper {
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The datasets' findings for the report: every critical one and the first warnings,
/// the same problem in several datasets as one row naming them.
fn grouped_dataset_findings(catalog: &Catalog, lang: Lang) -> Vec<AreaFinding> {
    let mut rows: Vec<(Severity, String, String, Vec<String>)> = Vec::new();
    for d in &catalog.datasets {
        for f in &d.findings {
            let severity = match f.severity {
                crate::score::Severity::Critical => Severity::Critical,
                crate::score::Severity::Warning => Severity::Warning,
                crate::score::Severity::Info => continue,
            };
            match rows
                .iter_mut()
                .find(|(_, code, problem, _)| *code == f.code && *problem == f.problem)
            {
                Some((_, _, _, names)) => names.push(d.name.clone()),
                None => rows.push((
                    severity,
                    f.code.clone(),
                    f.problem.clone(),
                    vec![d.name.clone()],
                )),
            }
        }
    }
    // Most severe first, then the problems that concern most datasets.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.3.len().cmp(&a.3.len())));
    let mut warnings = 0;
    let mut out = Vec::new();
    for (severity, code, problem, names) in rows {
        if severity == Severity::Warning {
            warnings += 1;
            if warnings > DATASET_WARNINGS {
                continue;
            }
        }
        let step = catalog
            .datasets
            .iter()
            .flat_map(|d| d.findings.iter())
            .find(|f| f.code == code && f.problem == problem)
            .map(|f| readable_step(&f.next_step))
            .unwrap_or_default();
        out.push(AreaFinding {
            scope: super::findings::scope_label(lang, &names),
            finding: Finding {
                code,
                severity,
                message: if step.is_empty() {
                    problem
                } else {
                    format!("{problem} — {step}")
                },
            },
        });
    }
    out
}

/// Readiness of the data by dimension (quality, rights, interoperability) over the
/// scored datasets; empty before datasets are scored.
fn catalogue_readiness(catalog: &Catalog, lang: Lang) -> Vec<DimensionScore> {
    catalog
        .readiness
        .dimensions
        .iter()
        .filter_map(|d| {
            let dimension = d.dimension?;
            d.score?;
            Some(DimensionScore {
                name: tf(
                    lang,
                    "assess.catalogue_dimension",
                    &[(
                        "dimension",
                        &t(lang, &format!("score.dimension_{}", dimension.id())),
                    )],
                ),
                score: d.score,
                benchmark: None,
            })
        })
        .collect()
}

/// The company's own result in a (workshop) assessment: the one with the profile's
/// name, else the first.
fn own_result<'a>(result: &'a WorkshopResult, company: &str) -> Option<&'a QuestionnaireResult> {
    result
        .companies
        .iter()
        .find(|c| !company.is_empty() && c.company == company)
        .or_else(|| result.companies.first())
}

fn questionnaire_summary(
    result: &WorkshopResult,
    own: &QuestionnaireResult,
    lang: Lang,
) -> QuestionnaireSummary {
    let bench = result.benchmark.as_ref();
    QuestionnaireSummary {
        title: format!(
            "{} {}",
            result.questionnaire.title.get(lang),
            tf(
                lang,
                "assess.q_version",
                &[("version", &result.questionnaire.version)]
            )
        ),
        respondents: own.respondents.len() as u32,
        group_size: bench.map(|b| b.companies as u32),
        sections: own
            .sections
            .iter()
            .map(|s| {
                let count = |status: QuestionStatus| {
                    s.questions.iter().filter(|q| q.status == status).count() as u32
                };
                let benchmark = bench
                    .and_then(|b| b.sections.iter().find(|x| x.section == s.id))
                    .filter(|x| !x.stat.withheld)
                    .and_then(|x| {
                        Some(Benchmark {
                            p25: x.stat.q1?,
                            median: x.stat.median?,
                            p75: x.stat.q3?,
                        })
                    });
                SectionResult {
                    title: s.title.get(lang).to_owned(),
                    score: s.summary.score,
                    benchmark,
                    questions: s
                        .questions
                        .iter()
                        .filter(|q| q.status != QuestionStatus::NotAsked)
                        .count() as u32,
                    answered: count(QuestionStatus::Scored) + count(QuestionStatus::Unscored),
                    dont_know: count(QuestionStatus::Unknown),
                    not_applicable: count(QuestionStatus::NotApplicable),
                    gaps: own
                        .gaps
                        .iter()
                        .filter(|g| g.section == s.id)
                        .map(|g| Gap {
                            question_id: g.question.clone(),
                            question: g.text.get(lang).to_owned(),
                            priority: g.priority,
                            recommendation: g.recommendations.first().and_then(|id| {
                                own.recommendations
                                    .iter()
                                    .find(|r| &r.id == id)
                                    .map(|r| r.title.get(lang).to_owned())
                            }),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn phase_label(lang: Lang, p: Phase) -> String {
    t(lang, &format!("plan.phase_{}", p.id()))
}

fn sector_label(lang: Lang, s: Sector) -> String {
    let id = match s {
        Sector::Medtech => "medtech",
        Sector::Manufacturing => "manufacturing",
        Sector::Services => "services",
        Sector::Software => "software",
        Sector::Other => "other",
    };
    t(lang, &format!("report.sector_{id}"))
}

fn size_label(lang: Lang, s: CompanySize) -> String {
    let id = match s {
        CompanySize::Micro => "micro",
        CompanySize::Small => "small",
        CompanySize::Medium => "medium",
        CompanySize::Large => "large",
    };
    t(lang, &format!("assess.size_{id}"))
}

fn phases_label(lang: Lang, phases: &[Phase]) -> String {
    phases
        .iter()
        .map(|p| phase_label(lang, *p))
        .collect::<Vec<_>>()
        .join(", ")
}

fn weeks(lang: Lang, w: f64) -> String {
    plan::format_quantity(lang, w.round())
}

/// The external data by phase: the guide's best recommendations per phase and every
/// path of the plan, with reasons, obstacles, lead time and fees.
fn external_data(
    kb: &KnowledgeBase,
    guide: &Guide,
    a: &Assessment,
    lang: Lang,
) -> Vec<PhaseRecommendations> {
    let in_plan = |id: &str, phase: Phase| {
        a.plan.is_some()
            && a.sources
                .iter()
                .any(|c| c.id == id && c.phases.contains(&phase))
    };
    guide
        .phases
        .iter()
        .map(|pg| {
            let mut items = Vec::new();
            for rec in &pg.recommendations {
                let planned = in_plan(&rec.path, pg.phase);
                let top = items.len() < PER_PHASE && !rec.is_blocked() && rec.score >= MIN_SCORE;
                if !(planned || top) {
                    continue;
                }
                items.push(recommendation(kb, rec, pg.phase, planned, lang));
            }
            PhaseRecommendations {
                phase: pg.phase,
                purpose: Some(pg.purpose.clone()).filter(|p| !p.is_empty()),
                notices: pg.notices.iter().map(|n| n.text.clone()).collect(),
                recommendations: items,
            }
        })
        .collect()
}

fn recommendation(
    kb: &KnowledgeBase,
    rec: &guide::Recommendation,
    phase: Phase,
    in_plan: bool,
    lang: Lang,
) -> Recommendation {
    let path = kb.path(&rec.path);
    let mut reasons: Vec<&guide::Reason> = rec.reasons.iter().filter(|r| r.points > 0).collect();
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
    let blockers: Vec<String> = rec
        .blockers
        .iter()
        .filter(|b| {
            !matches!(
                b.code.as_str(),
                "lead_time" | "lead_time_unknown" | "fees_unknown"
            )
        })
        .take(OBSTACLES)
        .map(|b| b.text.clone())
        .collect();
    let lead_time = span_three_point(&rec.time_to_data_weeks).and_then(|weeks| {
        let path = path?;
        let mut provenance = estimate_provenance(kb, &path.lead_time, &path.src, lang);
        if let Some(mark) = rec
            .time_to_data_weeks
            .mark
            .and_then(super::figures::plan_mark)
        {
            provenance.mark = mark;
        }
        provenance.note = Some(t(lang, "assess.lead_time_note"));
        Some(LeadTime { weeks, provenance })
    });
    let fees = span_three_point(&rec.fees_eur).and_then(|eur| {
        let path = path?;
        let first = path.fees.first()?;
        let mut provenance = estimate_provenance(kb, &first.price, &path.src, lang);
        let all_verified = path
            .fees
            .iter()
            .all(|f| f.price.mark() == crate::sources::Mark::Verified);
        // The range is as sure as its weakest price or quantity.
        if let Some(mark) = path
            .fees
            .iter()
            .flat_map(|f| [f.price.mark(), f.quantity.mark()])
            .reduce(crate::sources::Mark::weaker)
            .and_then(super::figures::plan_mark)
        {
            provenance.mark = mark;
        }
        provenance.note = Some(if all_verified {
            t(lang, "assess.fee_range_note_verified")
        } else {
            t(lang, "assess.fee_range_note")
        });
        Some(FeeRange { eur, provenance })
    });
    let fees_note = match (&fees, path) {
        (None, _) => path
            .and_then(|p| p.fees_note.as_ref())
            .map(|n| n.get(lang).to_owned())
            .or_else(|| Some(t(lang, "assess.fees_unknown"))),
        // A schedule of one line that costs nothing says why in its name.
        (Some(f), Some(p)) if f.eur.max == 0.0 && p.fees.len() == 1 => {
            Some(p.fees[0].name.get(lang).to_owned())
        }
        _ => None,
    };
    Recommendation {
        path_id: rec.path.clone(),
        name: rec.name.clone(),
        fit: path.map_or(0, |p| p.phase_fit.get(phase)),
        reasons: reasons
            .into_iter()
            .take(REASONS)
            .map(|r| r.text.clone())
            .collect(),
        blockers,
        lead_time,
        fees,
        fees_note,
        access_modes: rec
            .access_modes
            .iter()
            .take(2)
            .map(|m| format!("{}: {}", m.name, m.why))
            .collect(),
        in_plan,
    }
}

fn priority_of(severity: Severity) -> Priority {
    match severity {
        Severity::Critical => Priority::High,
        Severity::Warning => Priority::Medium,
        Severity::Info => Priority::Low,
    }
}

/// The next steps, most important first within each priority.
fn actions(a: &Assessment, questionnaire: Option<&QuestionnaireResult>, lang: Lang) -> Vec<Action> {
    let mut out = Vec::new();
    let plan = a.plan.as_ref();
    let package_cost = |id: &str| -> Option<String> {
        let p = plan?.package(id)?;
        (p.cost_once.p90 > 0.0).then(|| {
            super::findings::tn(
                lang,
                "assess.action_package_cost",
                p.duration_weeks.likely.round() as u64,
                &[
                    ("p50", &plan::format_eur(lang, p.cost_once.p50)),
                    (
                        "weeks",
                        &plan::format_quantity(lang, p.duration_weeks.likely),
                    ),
                ],
            )
        })
    };
    // Readiness work first: it gates applications and harmonisation.
    for need in &a.readiness {
        let priority = match need.work {
            ReadinessWork::LegalBasis => Priority::High,
            _ => Priority::Medium,
        };
        let id = format!("ready.{}", need.work.id());
        let mut detail = tf(
            lang,
            &format!("assess.action_{}", need.work.id()),
            &[("areas", &super::findings::scope_label(lang, &need.scope))],
        );
        if let Some(cost) = package_cost(&id) {
            detail.push(' ');
            detail.push_str(&cost);
        }
        out.push(Action {
            title: t(lang, &format!("assess.ready_{}", need.work.id())),
            detail,
            priority,
        });
    }
    if let Some(plan) = plan
        && let Some(first) = plan
            .critical_path
            .iter()
            .filter_map(|id| plan.package(id))
            .find(|p| p.path.is_some())
    {
        let path = plan
            .paths
            .iter()
            .find(|x| Some(&x.id) == first.path.as_ref())
            .map(|x| x.name.get(lang).to_owned())
            .unwrap_or_default();
        let detail = match &plan.total.time_to_data_weeks {
            Some(q) => tf(
                lang,
                "assess.action_start_detail",
                &[
                    ("path", &path),
                    ("p50", &weeks(lang, q.p50)),
                    ("p90", &weeks(lang, q.p90)),
                ],
            ),
            None => tf(
                lang,
                "assess.action_start_detail_no_data",
                &[("path", &path)],
            ),
        };
        out.push(Action {
            title: tf(
                lang,
                "assess.action_start",
                &[("package", first.name.get(lang))],
            ),
            detail,
            priority: Priority::High,
        });
    }
    if let Some(plan) = plan
        && !plan.unknown_costs.is_empty()
    {
        let mut labels: Vec<String> = Vec::new();
        for u in &plan.unknown_costs {
            let l = u.label.get(lang).to_owned();
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        let shown: Vec<String> = labels.iter().take(3).cloned().collect();
        let more = labels.len().saturating_sub(shown.len());
        let mut list = shown.join("; ");
        if more > 0 {
            list.push_str(&tf(lang, "assess.and_more", &[("n", &more.to_string())]));
        }
        out.push(Action {
            title: super::findings::tn(
                lang,
                "assess.action_unknowns",
                plan.unknown_costs.len() as u64,
                &[("n", &plan.unknown_costs.len().to_string())],
            ),
            detail: tf(lang, "assess.action_unknowns_detail", &[("items", &list)]),
            priority: Priority::Medium,
        });
    }
    if a.profile_source == ProfileSource::Default || a.phases_assumed {
        out.push(Action {
            title: t(lang, "assess.action_profile"),
            detail: t(lang, "assess.action_profile_detail"),
            priority: Priority::Medium,
        });
    }
    match questionnaire {
        None => out.push(Action {
            title: t(lang, "assess.action_questionnaire"),
            detail: t(lang, "assess.action_questionnaire_detail"),
            priority: Priority::Medium,
        }),
        Some(q) => {
            for r in q.recommendations.iter().take(QUESTIONNAIRE_ACTIONS) {
                out.push(Action {
                    title: r.title.get(lang).to_owned(),
                    detail: r.body.get(lang).to_owned(),
                    priority: if r.priority >= 0.6 {
                        Priority::High
                    } else if r.priority >= 0.3 {
                        Priority::Medium
                    } else {
                        Priority::Low
                    },
                });
            }
        }
    }
    if let Some(plan) = plan
        && let Some(best) = plan
            .funding
            .iter()
            .filter_map(|f| f.possible_offset.map(|o| (f, o)))
            .filter(|(_, o)| o.p50 > 0.0)
            .max_by(|x, y| x.1.p50.total_cmp(&y.1.p50))
    {
        out.push(Action {
            title: tf(
                lang,
                "assess.action_funding",
                &[("name", best.0.name.get(lang))],
            ),
            detail: tf(
                lang,
                "assess.action_funding_detail",
                &[("p50", &plan::format_eur(lang, best.1.p50))],
            ),
            priority: Priority::Low,
        });
    }
    // Other findings: file-level ones as they are; dataset findings only when
    // critical (the catalogue section lists the rest), one step per problem.
    let covered: Vec<&str> = a
        .readiness
        .iter()
        .flat_map(|n| n.findings.iter().map(String::as_str))
        .collect();
    let mut seen: Vec<(&str, Vec<String>)> = Vec::new();
    for f in &a.findings {
        let mapped = covered.contains(&f.code.as_str()) && (f.health || f.file_level);
        if mapped || (!f.file_level && f.severity != Severity::Critical) {
            continue;
        }
        match seen.iter_mut().find(|(code, _)| *code == f.code) {
            Some((_, scope)) => {
                for s in &f.scope {
                    if !scope.contains(s) {
                        scope.push(s.clone());
                    }
                }
            }
            None => seen.push((f.code.as_str(), f.scope.clone())),
        }
    }
    for (code, scope) in seen {
        let Some(f) = a.findings.iter().find(|f| f.code == code) else {
            continue;
        };
        // People read the report: command lines for the tool stay in the workbook.
        let mut detail = f
            .next_step
            .as_deref()
            .map(readable_step)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| f.message.clone());
        if !f.file_level && !scope.is_empty() {
            detail = format!("{detail} ({})", super::findings::scope_label(lang, &scope));
        }
        // A step that stands for several datasets gets a general title.
        let key = format!("assess.action_title_{}", code.replace('.', "_"));
        let general = crate::i18n::Texts::embedded().get(lang, &key) != key;
        out.push(Action {
            title: if general {
                t(lang, &key)
            } else {
                f.title.clone()
            },
            detail,
            priority: priority_of(f.severity),
        });
    }
    out
}

fn notices_and_assumptions(
    a: &Assessment,
    has_questionnaire: bool,
    catalogue_scored: bool,
    lang: Lang,
) -> (Vec<String>, Vec<Assumption>) {
    let mut notices = Vec::new();
    let mut assumptions = Vec::new();
    let profile_text = tf(
        lang,
        "assess.profile_assumed",
        &[
            ("sector", &sector_label(lang, a.company.sector)),
            ("size", &size_label(lang, a.company.size)),
            ("phases", &phases_label(lang, &a.plan_phases)),
        ],
    );
    match a.profile_source {
        ProfileSource::Default => {
            notices.push(tf(
                lang,
                "assess.notice_default_profile",
                &[("profile", &profile_text)],
            ));
            assumptions.push(Assumption {
                label: t(lang, "assess.assumption_profile"),
                value: profile_text.clone(),
            });
        }
        _ if a.phases_assumed => {
            notices.push(tf(
                lang,
                "assess.notice_phases_assumed",
                &[("phases", &phases_label(lang, &a.plan_phases))],
            ));
            assumptions.push(Assumption {
                label: t(lang, "assess.assumption_phases"),
                value: phases_label(lang, &a.plan_phases),
            });
        }
        _ => {}
    }
    if !has_questionnaire {
        notices.push(t(
            lang,
            if catalogue_scored {
                "assess.notice_no_questionnaire_catalogue"
            } else {
                "assess.notice_no_questionnaire"
            },
        ));
    }
    if a.plan.is_none() {
        notices.push(t(lang, "assess.notice_no_plan"));
    }
    if !a.sources.is_empty() {
        let by_guide = a
            .sources
            .iter()
            .all(|s| s.chosen_by == super::ChoiceOrigin::Guide);
        assumptions.push(Assumption {
            label: t(lang, "assess.assumption_sources"),
            value: tf(
                lang,
                if by_guide {
                    "assess.assumption_sources_guide"
                } else {
                    "assess.assumption_sources_user"
                },
                &[("phases", &phases_label(lang, &a.plan_phases))],
            ),
        });
    }
    for (path, rule) in &a.fee_rules {
        assumptions.push(Assumption {
            label: t(lang, "assess.assumption_fee_rule"),
            value: format!("{path}: {rule}"),
        });
    }
    for d in &a.assumed_durations {
        assumptions.push(Assumption {
            label: tf(
                lang,
                "assess.assumption_duration",
                &[("step", d.name.get(lang))],
            ),
            value: tf(
                lang,
                "assess.assumption_duration_value",
                &[
                    ("weeks", &d.weeks.format(|v| plan::format_quantity(lang, v))),
                    ("key", &d.package_id),
                ],
            ),
        });
    }
    if a.plan.as_ref().is_some_and(|p| {
        p.packages
            .iter()
            .any(|x| x.kind == crate::plan::PackageKind::RecurringAccess)
    }) {
        assumptions.push(Assumption {
            label: t(lang, "assess.assumption_recurring"),
            value: t(lang, "assess.assumption_recurring_value"),
        });
    }
    (notices, assumptions)
}

/// Builds the report data of an assessment. `guide` texts, findings and notes are in
/// `lang`; the plan keeps both languages.
pub fn report_data(
    kb: &KnowledgeBase,
    a: &Assessment,
    catalog: &Catalog,
    questionnaire: Option<&WorkshopResult>,
    branding: Branding,
    lang: Lang,
) -> ReportData {
    let own = questionnaire.and_then(|q| own_result(q, &a.company.name));
    let mut readiness = catalogue_readiness(catalog, lang);
    let from_catalogue = !readiness.is_empty();
    if let (Some(q), Some(own)) = (questionnaire, own) {
        readiness.extend(own.sections.iter().map(|s| {
            DimensionScore {
                name: s.title.get(lang).to_owned(),
                score: s.summary.score,
                benchmark: q
                    .benchmark
                    .as_ref()
                    .and_then(|b| b.sections.iter().find(|x| x.section == s.id))
                    .and_then(|x| x.stat.median),
            }
        }));
    }
    let (notices, assumptions) = notices_and_assumptions(a, own.is_some(), from_catalogue, lang);
    let mut company = a.company.clone();
    if a.profile_source == ProfileSource::Default || a.phases_assumed {
        company.phases = a.plan_phases.clone();
    }
    ReportData {
        company,
        assessed_on: Some(a.today),
        branding,
        readiness,
        actions: actions(a, own, lang),
        catalogue: catalogue_summary(catalog, &a.findings, lang),
        questionnaire: match (questionnaire, own) {
            (Some(q), Some(own)) => Some(questionnaire_summary(q, own, lang)),
            _ => None,
        },
        external_data: external_data(kb, &a.guide, a, lang),
        plan: a.plan.clone(),
        glossary: Vec::new(),
        notices,
        assumptions,
        profile_assumed: a.profile_source == ProfileSource::Default,
    }
}

#[cfg(test)]
mod tests {
    use super::readable_step;

    #[test]
    fn command_lines_leave_the_next_steps_readable() {
        assert_eq!(
            readable_step(
                "Herkunft klären und die Lizenz eintragen, der die Nutzung erlaubt. Mit `datenreife annotate --dataset x --set licence=…` eintragen."
            ),
            "Herkunft klären und die Lizenz eintragen, der die Nutzung erlaubt."
        );
        assert_eq!(
            readable_step(
                "Die Grundlage klären und eintragen: `datenreife annotate --dataset y --set legal_basis=…`; bis dahin nicht nutzen."
            ),
            "Die Grundlage klären und eintragen; bis dahin nicht nutzen."
        );
        assert_eq!(readable_step("Datei löschen."), "Datei löschen.");
        let names = "Einheit im Spaltennamen (z. B. `temperatur_c`) angeben.";
        assert_eq!(readable_step(names), names);
    }

    #[test]
    fn abbreviations_do_not_cut_a_next_step_short() {
        assert_eq!(
            readable_step(
                "Clarify and record the legal basis (e.g. contract, consent): `datenreife annotate --dataset x --set legal_basis=…`."
            ),
            "Clarify and record the legal basis (e.g. contract, consent)."
        );
        assert_eq!(
            readable_step(
                "Rechtsgrundlage klären (z. B. Vertrag, Einwilligung) und eintragen: `datenreife annotate --dataset x --set legal_basis=…`."
            ),
            "Rechtsgrundlage klären (z. B. Vertrag, Einwilligung) und eintragen."
        );
        assert_eq!(
            readable_step(
                "Frist eintragen, z. B. „10 Jahre nach Vertragsende“. Mit `datenreife annotate --dataset x --set retention=…` eintragen."
            ),
            "Frist eintragen, z. B. „10 Jahre nach Vertragsende“."
        );
    }
}
