//! From knowledge to plan input: chosen access paths become work packages from their
//! `[[step]]` templates, with fees (and fee rules) and transaction costs priced at
//! internal rates; readiness work from the catalogue joins as prerequisites; funding
//! programmes that fit the company become possible offsets.
//!
//! Nothing unknown becomes zero: a fee or cost nobody published is a
//! [`CostAmount::Unknown`] with the question to ask, and a step duration nobody
//! published gets a planning assumption by step kind that is marked as an estimate,
//! named in the report's assumptions and can be answered in the settings.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::AssessError;
use super::figures::{
    append_note, bilingual, estimate_provenance, known_points, provenance, three_point,
};
use super::findings::{ReadinessNeed, ReadinessWork};
use super::settings::PlanSettings;
use crate::company::{CompanyProfile, Phase};
use crate::i18n::{Lang, t, tf};
use crate::plan::{
    self, AccessPath as PlanPath, Bilingual, CostAmount, CostCategory, CostItem, FundingOption,
    PackageKind, PlanInput, Provenance, Rate, RateKind, Rates, Recurrence, ThreePoint, WorkPackage,
};
use crate::sources::{
    self, AccessPath, CostCategory as KnowledgeCategory, Domain, Fee, FeeBasis, FeeRuleKind,
    KnowledgeBase, ProgrammeStatus, Step, StepKind,
};

/// An access path the plan uses, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChosenPath {
    /// Knowledge-base id.
    pub id: String,
    /// Phases it serves in this plan, in life-cycle order.
    pub phases: Vec<Phase>,
    /// Who chose it.
    pub chosen_by: ChoiceOrigin,
}

/// Who chose an access path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceOrigin {
    /// The phase guide's recommended combination for a current phase.
    Guide,
    /// The user (command line or settings).
    User,
}

/// A step duration that no source states, and the planning assumption used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssumedDuration {
    /// Work package (also the settings key to answer it).
    pub package_id: String,
    /// What the step is.
    pub name: Bilingual,
    /// The weeks assumed (known points kept).
    pub weeks: ThreePoint,
}

/// A plan input with what had to be assumed to build it.
#[derive(Clone, Debug)]
pub(crate) struct Expansion {
    pub input: PlanInput,
    pub assumed_durations: Vec<AssumedDuration>,
    pub applied_rules: Vec<(String, String)>,
}

/// What expansion needs to know.
pub(crate) struct Request<'a> {
    pub kb: &'a KnowledgeBase,
    pub company: &'a CompanyProfile,
    pub domain: Domain,
    pub has_partner: bool,
    pub recurring: bool,
    pub readiness_phase: Phase,
    pub settings: &'a PlanSettings,
    pub chosen: &'a [ChosenPath],
    pub readiness: &'a [ReadinessNeed],
    pub today: NaiveDate,
    pub lang: Lang,
}

/// Planning assumption for a step duration nobody published, by step kind (weeks).
fn fallback_weeks(kind: StepKind) -> ThreePoint {
    let (a, b, c) = match kind {
        StepKind::Preparation | StepKind::Registration | StepKind::Application => (1.0, 2.0, 4.0),
        StepKind::Feasibility | StepKind::Training => (0.0, 1.0, 2.0),
        StepKind::EthicsVote => (6.0, 8.0, 16.0),
        StepKind::Dpia => (2.0, 4.0, 8.0),
        StepKind::Review => (4.0, 12.0, 26.0),
        StepKind::Contract => (4.0, 8.0, 16.0),
        StepKind::Harmonisation => (2.0, 4.0, 12.0),
        StepKind::Integration => (2.0, 6.0, 12.0),
        StepKind::DataAccess => (2.0, 6.0, 16.0),
        StepKind::Analysis => (4.0, 8.0, 16.0),
        StepKind::Collection => (26.0, 52.0, 104.0),
    };
    ThreePoint::new(a, b, c)
}

fn package_kind(kind: StepKind, yearly: bool) -> PackageKind {
    if yearly {
        return PackageKind::RecurringAccess;
    }
    match kind {
        StepKind::Registration => PackageKind::Registration,
        StepKind::Application => PackageKind::Application,
        StepKind::EthicsVote => PackageKind::EthicsVote,
        StepKind::Dpia => PackageKind::Dpia,
        StepKind::Contract => PackageKind::Contract,
        StepKind::DataAccess => PackageKind::DataDelivery,
        StepKind::Harmonisation => PackageKind::Harmonisation,
        StepKind::Integration => PackageKind::Integration,
        StepKind::Training => PackageKind::Training,
        StepKind::Analysis => PackageKind::Analysis,
        StepKind::Preparation | StepKind::Feasibility | StepKind::Review | StepKind::Collection => {
            PackageKind::Other
        }
    }
}

/// The plan's rate kind of a knowledge-base rate id.
fn rate_kind(id: &str) -> Option<RateKind> {
    match id {
        "own_staff_day" => Some(RateKind::StaffDay),
        "lawyer_hour" => Some(RateKind::LawyerHour),
        "external_consultant_day" => Some(RateKind::ConsultantDay),
        "dpo_hour" => Some(RateKind::DpoHour),
        _ => None,
    }
}

fn knowledge_rate_id(kind: RateKind) -> &'static str {
    match kind {
        RateKind::StaffDay => "own_staff_day",
        RateKind::LawyerHour => "lawyer_hour",
        RateKind::ConsultantDay => "external_consultant_day",
        RateKind::DpoHour => "dpo_hour",
    }
}

fn category_id(c: KnowledgeCategory) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The internal rates: the user's where given, else the knowledge base's most likely
/// value as a marked estimate; a rate neither knows stays unset (its efforts become
/// open questions).
pub(crate) fn rates(
    kb: &KnowledgeBase,
    settings: &PlanSettings,
    today: NaiveDate,
    lang: Lang,
) -> Rates {
    let mut rates = Rates::default();
    for kind in RateKind::ALL {
        if let Some(eur) = settings.rates.get(kind) {
            rates.set(
                kind,
                Rate {
                    eur,
                    provenance: Provenance::user_input(&today.format("%Y-%m-%d").to_string()),
                },
            );
            continue;
        }
        let Some(rate) = kb.rate(knowledge_rate_id(kind)) else {
            continue;
        };
        let Some(eur) = rate.value.likely.value else {
            continue;
        };
        let mut p = provenance(kb, &[&rate.value.likely], &[], lang);
        if let (Some(min), Some(max)) = (rate.value.min.value, rate.value.max.value) {
            append_note(
                &mut p,
                &tf(
                    lang,
                    "assess.rate_range",
                    &[
                        ("min", &plan::format_eur(lang, min)),
                        ("max", &plan::format_eur(lang, max)),
                    ],
                ),
            );
        }
        rates.set(kind, Rate { eur, provenance: p });
    }
    rates
}

struct Builder<'a> {
    req: &'a Request<'a>,
    today: String,
    used_answers: HashSet<String>,
    assumed: Vec<AssumedDuration>,
}

impl Builder<'_> {
    fn lang(&self) -> Lang {
        self.req.lang
    }

    fn user(&self) -> Provenance {
        Provenance::user_input(&self.today)
    }

    /// The user's answer for `package.item`, if any.
    fn answer(&mut self, package: &str, item: &str) -> Option<ThreePoint> {
        let key = format!("{package}.{item}");
        let amount = self.req.settings.costs.get(&key)?;
        self.used_answers.insert(key);
        Some(amount.three_point())
    }

    fn duration(
        &mut self,
        package_id: &str,
        step: &Step,
        path: &AccessPath,
    ) -> (ThreePoint, Provenance) {
        if let Some(amount) = self.req.settings.durations.get(package_id) {
            self.used_answers.insert(format!("duration:{package_id}"));
            return (amount.three_point(), self.user());
        }
        let lang = self.lang();
        let mut p = estimate_provenance(self.req.kb, &step.duration, &path.src, lang);
        if let Some(tp) = three_point(&step.duration) {
            return (tp, p);
        }
        let fallback = fallback_weeks(step.kind);
        let [a, b, c] = step.duration.values();
        let min = a.unwrap_or(fallback.min);
        let likely = b.unwrap_or(fallback.likely).max(min);
        let max = c.unwrap_or(fallback.max).max(likely);
        let min = min.min(likely);
        let weeks = ThreePoint::new(min, likely, max);
        p.mark = plan::Mark::Estimate;
        p.note = Some(tf(
            lang,
            "assess.duration_assumed_note",
            &[("known", &known_points(lang, &step.duration))],
        ));
        self.assumed.push(AssumedDuration {
            package_id: package_id.to_owned(),
            name: bilingual(&step.name),
            weeks,
        });
        (weeks, p)
    }

    /// A transaction-cost item of the knowledge base as a plan cost, `times` over.
    fn cost_item(
        &mut self,
        package_id: &str,
        id: &str,
        times: f64,
        recurrence: Recurrence,
    ) -> Option<CostItem> {
        let kb = self.req.kb;
        let lang = self.lang();
        let chosen = self
            .req
            .settings
            .alternatives
            .get(id)
            .map_or(id, String::as_str);
        let item = kb.cost_item(chosen)?;
        let own_staff = item.rate.as_deref() == Some("own_staff_day");
        let topic = category_id(item.category);
        let category = if item.effort.is_some() {
            if own_staff {
                CostCategory::InternalEffort
            } else {
                CostCategory::ExternalService
            }
        } else {
            match item.category {
                KnowledgeCategory::Ethics
                | KnowledgeCategory::AuthorityFee
                | KnowledgeCategory::AccessFee => CostCategory::Fee,
                KnowledgeCategory::Collection | KnowledgeCategory::Development => {
                    CostCategory::Other
                }
                _ => CostCategory::ExternalService,
            }
        };
        let label = bilingual(&item.name);
        let figure = item.amount.as_ref().or(item.effort.as_ref());
        let mut provenance = match figure {
            Some(e) => estimate_provenance(kb, e, &item.src, lang),
            None => provenance(kb, &[], &item.src, lang),
        };
        if let Some(note) = &item.note
            && figure.is_some_and(|e| !e.is_known())
        {
            append_note(&mut provenance, note.get(lang));
        }
        if times != 1.0 {
            append_note(
                &mut provenance,
                &tf(
                    lang,
                    "assess.times_note",
                    &[
                        ("n", &plan::format_quantity(lang, times)),
                        ("per", item.per.get(lang)),
                    ],
                ),
            );
        }
        let unknown = || CostAmount::Unknown {
            question: Bilingual::new(
                tf(
                    Lang::De,
                    "assess.cost_question",
                    &[
                        ("item", &item.name.de),
                        ("per", &item.per.de),
                        (
                            "known",
                            &figure
                                .map(|e| known_points(Lang::De, e))
                                .unwrap_or_default(),
                        ),
                    ],
                ),
                tf(
                    Lang::En,
                    "assess.cost_question",
                    &[
                        ("item", &item.name.en),
                        ("per", &item.per.en),
                        (
                            "known",
                            &figure
                                .map(|e| known_points(Lang::En, e))
                                .unwrap_or_default(),
                        ),
                    ],
                ),
            ),
        };
        let amount = if let Some(e) = &item.amount {
            match three_point(e) {
                Some(tp) => CostAmount::Euros {
                    eur: tp.scaled(times),
                },
                None => unknown(),
            }
        } else if let (Some(effort), Some(rate_id)) = (&item.effort, item.rate.as_deref()) {
            match (three_point(effort), rate_kind(rate_id)) {
                (Some(q), Some(rate)) => CostAmount::Effort {
                    quantity: q.scaled(times),
                    rate,
                },
                (Some(q), None) => match kb.rate(rate_id).and_then(|r| three_point(&r.value)) {
                    Some(price) => CostAmount::PerUnit {
                        quantity: q.scaled(times),
                        unit: Bilingual::new(
                            t(
                                Lang::De,
                                &format!("assess.effort_unit_{}", effort.unit.id()),
                            ),
                            t(
                                Lang::En,
                                &format!("assess.effort_unit_{}", effort.unit.id()),
                            ),
                        ),
                        unit_price_eur: price,
                    },
                    None => unknown(),
                },
                (None, _) => unknown(),
            }
        } else {
            unknown()
        };
        let mut cost = CostItem {
            id: item.id.clone(),
            label,
            category,
            topic: Some(if own_staff {
                format!("internal:{topic}")
            } else {
                topic
            }),
            recurrence,
            amount,
            provenance,
        };
        if let Some(eur) = self.answer(package_id, &cost.id) {
            cost.amount = CostAmount::Euros { eur };
            cost.provenance = self.user();
        }
        Some(cost)
    }

    /// One fee of a path's schedule as a plan cost, with the chosen rules applied.
    fn fee_item(
        &mut self,
        package_id: &str,
        path: &AccessPath,
        fee: &Fee,
        recurrence: Recurrence,
    ) -> CostItem {
        let kb = self.req.kb;
        let lang = self.lang();
        let chosen: &[String] = self
            .req
            .settings
            .fee_rules
            .get(&path.id)
            .map_or(&[], Vec::as_slice);
        let mut factor = 1.0;
        let mut applied = Vec::new();
        let mut possible = Vec::new();
        for rule in &path.fee_rules {
            if !rule.applies_to.contains(&fee.id)
                || !matches!(rule.kind, FeeRuleKind::Surcharge | FeeRuleKind::Reduction)
                || !rule.companies
            {
                continue;
            }
            let f = rule.factor.value().unwrap_or(1.0);
            let label = format!(
                "{} (× {})",
                rule.name.get(lang),
                plan::format_quantity(lang, f)
            );
            if chosen.contains(&rule.id) {
                factor *= f;
                applied.push(label);
            } else {
                possible.push(label);
            }
        }
        let mut provenance = estimate_provenance(kb, &fee.price, &path.src, lang);
        provenance.note = None;
        if let Some(b) = fee.quantity.points().iter().find_map(|p| p.basis.as_ref()) {
            append_note(
                &mut provenance,
                &tf(lang, "assess.fee_quantity_note", &[("basis", b.get(lang))]),
            );
        }
        if let Some(b) = fee.price.points().iter().find_map(|p| p.basis.as_ref()) {
            append_note(&mut provenance, b.get(lang));
        }
        if !applied.is_empty() {
            append_note(
                &mut provenance,
                &tf(
                    lang,
                    "assess.fee_rules_applied",
                    &[("rules", &applied.join("; "))],
                ),
            );
        }
        if !possible.is_empty() {
            append_note(
                &mut provenance,
                &tf(
                    lang,
                    "assess.fee_rules_possible",
                    &[("rules", &possible.join("; "))],
                ),
            );
        }
        let basis = fee_unit(fee.per);
        let amount = match (three_point(&fee.quantity), three_point(&fee.price)) {
            (Some(quantity), Some(price)) => CostAmount::PerUnit {
                quantity,
                unit: basis,
                unit_price_eur: price.scaled(factor),
            },
            _ => CostAmount::Unknown {
                question: Bilingual::new(
                    tf(
                        Lang::De,
                        "assess.fee_question",
                        &[
                            ("fee", &fee.name.de),
                            ("path", &path.short.de),
                            ("price", &known_points(Lang::De, &fee.price)),
                            ("quantity", &known_points(Lang::De, &fee.quantity)),
                        ],
                    ),
                    tf(
                        Lang::En,
                        "assess.fee_question",
                        &[
                            ("fee", &fee.name.en),
                            ("path", &path.short.en),
                            ("price", &known_points(Lang::En, &fee.price)),
                            ("quantity", &known_points(Lang::En, &fee.quantity)),
                        ],
                    ),
                ),
            },
        };
        let mut cost = CostItem {
            id: format!("fee.{}", fee.id),
            label: bilingual(&fee.name),
            category: CostCategory::Fee,
            topic: Some("access_fee".into()),
            recurrence,
            amount,
            provenance,
        };
        if let Some(eur) = self.answer(package_id, &cost.id) {
            cost.amount = CostAmount::Euros { eur };
            cost.provenance = self.user();
        }
        cost
    }

    /// The fees of a path without a published schedule: one open question.
    fn unpublished_fee(&mut self, package_id: &str, path: &AccessPath) -> CostItem {
        let lang = self.lang();
        let note = path.fees_note.as_ref();
        let mut provenance = provenance(self.req.kb, &[], &path.src, lang);
        provenance.mark = plan::Mark::Estimate;
        provenance.note = note.map(|n| n.get(lang).to_owned());
        let question = |l: Lang| {
            tf(
                l,
                "assess.fee_unpublished_question",
                &[
                    ("path", path.short.get(l)),
                    ("note", note.map_or("", |n| n.get(l))),
                ],
            )
            .trim()
            .to_owned()
        };
        let mut cost = CostItem {
            id: "fee".into(),
            label: Bilingual::new(
                tf(
                    Lang::De,
                    "assess.fee_unpublished_label",
                    &[("path", &path.short.de)],
                ),
                tf(
                    Lang::En,
                    "assess.fee_unpublished_label",
                    &[("path", &path.short.en)],
                ),
            ),
            category: CostCategory::Fee,
            topic: Some("access_fee".into()),
            recurrence: Recurrence::Once,
            amount: CostAmount::Unknown {
                question: Bilingual::new(question(Lang::De), question(Lang::En)),
            },
            provenance,
        };
        if let Some(eur) = self.answer(package_id, "fee") {
            cost.amount = CostAmount::Euros { eur };
            cost.provenance = self.user();
        }
        cost
    }

    fn path_packages(&mut self, path: &AccessPath, phase: Phase) -> Vec<WorkPackage> {
        let has_partner = self.req.has_partner;
        let included: Vec<&Step> = path
            .steps
            .iter()
            .filter(|s| self.req.recurring || s.recurs == sources::Recurrence::Once)
            .collect();
        let skipped: HashSet<&str> = included
            .iter()
            .filter(|s| has_partner && s.skip_if_partner)
            .map(|s| s.id.as_str())
            .collect();
        let by_id: HashMap<&str, &Step> = path.steps.iter().map(|s| (s.id.as_str(), s)).collect();
        // Predecessors of a step with skipped steps replaced by their own predecessors.
        fn preds<'s>(
            step: &'s Step,
            by_id: &HashMap<&str, &'s Step>,
            skipped: &HashSet<&str>,
            out: &mut Vec<String>,
            depth: usize,
        ) {
            for a in &step.after {
                if skipped.contains(a.as_str()) {
                    if let Some(s) = by_id.get(a.as_str())
                        && depth < 64
                    {
                        preds(s, by_id, skipped, out, depth + 1);
                    }
                } else if !out.contains(a) {
                    out.push(a.clone());
                }
            }
        }
        let kept: Vec<&Step> = included
            .iter()
            .copied()
            .filter(|s| !skipped.contains(s.id.as_str()))
            .collect();
        // Fees no kept one-off step lists are due when data arrive.
        let listed: HashSet<&str> = kept
            .iter()
            .filter(|s| s.recurs == sources::Recurrence::Once)
            .flat_map(|s| s.fees.iter().map(String::as_str))
            .collect();
        let delivery = kept
            .iter()
            .rposition(|s| s.kind == StepKind::DataAccess && s.recurs == sources::Recurrence::Once)
            .or_else(|| {
                kept.iter()
                    .rposition(|s| s.recurs == sources::Recurrence::Once)
            });
        let mut packages = Vec::new();
        for (i, step) in kept.iter().enumerate() {
            let yearly = step.recurs == sources::Recurrence::Yearly;
            let recurrence = if yearly {
                Recurrence::Yearly
            } else {
                Recurrence::Once
            };
            let id = format!("{}.{}", path.id, step.id);
            let (weeks, duration_source) = self.duration(&id, step, path);
            let mut after = Vec::new();
            preds(step, &by_id, &skipped, &mut after, 0);
            let mut costs = Vec::new();
            for c in &step.costs {
                if costs.iter().any(|x: &CostItem| &x.id == c) {
                    continue;
                }
                if let Some(item) = self.cost_item(&id, c, 1.0, recurrence) {
                    costs.push(item);
                }
            }
            let mut fee_ids: Vec<&str> = step.fees.iter().map(String::as_str).collect();
            if Some(i) == delivery {
                for fee in &path.fees {
                    if !listed.contains(fee.id.as_str()) && !fee_ids.contains(&fee.id.as_str()) {
                        fee_ids.push(&fee.id);
                    }
                }
                if path.fees.is_empty() {
                    costs.push(self.unpublished_fee(&id, path));
                }
            }
            for fee_id in fee_ids {
                if let Some(fee) = path.fees.iter().find(|f| f.id == fee_id) {
                    costs.push(self.fee_item(&id, path, fee, recurrence));
                }
            }
            packages.push(WorkPackage {
                id,
                name: bilingual(&step.name),
                path: Some(path.id.clone()),
                phase: if yearly { Phase::PostMarket } else { phase },
                kind: package_kind(step.kind, yearly),
                duration_weeks: weeks,
                duration_source: Some(duration_source),
                depends_on: after.iter().map(|a| format!("{}.{a}", path.id)).collect(),
                delivers_data: step.kind == StepKind::DataAccess && !yearly,
                costs,
            });
        }
        packages
    }

    fn readiness_package(&mut self, need: &ReadinessNeed) -> WorkPackage {
        let lang = self.lang();
        let kb = self.req.kb;
        let (weeks, items): (ThreePoint, Vec<(&str, f64)>) = match need.work {
            ReadinessWork::LegalBasis => (
                ThreePoint::new(1.0, 2.0, 4.0),
                vec![
                    ("legal_basis_documentation", need.quantity as f64),
                    ("dpo_review", 1.0),
                ],
            ),
            ReadinessWork::Documentation => (
                ThreePoint::new(1.0, 1.0, 3.0),
                vec![("data_documentation", need.quantity as f64)],
            ),
            ReadinessWork::LoincMapping => (
                ThreePoint::new(1.0, 2.0, 4.0),
                vec![("loinc_mapping", need.quantity as f64)],
            ),
        };
        let id = format!("ready.{}", need.work.id());
        let mut costs = Vec::new();
        for (item, times) in items {
            if let Some(c) = self.cost_item(&id, item, times, Recurrence::Once) {
                costs.push(c);
            }
        }
        let name = |l: Lang| {
            let base = t(l, &format!("assess.ready_{}", need.work.id()));
            if need.scope.is_empty() {
                base
            } else {
                format!("{base} ({})", super::findings::scope_label(l, &need.scope))
            }
        };
        let (weeks, duration_source) = match self.req.settings.durations.get(&id) {
            Some(a) => {
                self.used_answers.insert(format!("duration:{id}"));
                (a.three_point(), self.user())
            }
            None => {
                let mut p = match kb.reference("datenreife_assumption") {
                    Some(_) => provenance(kb, &[], &["datenreife_assumption".to_owned()], lang),
                    None => Provenance {
                        source: t(lang, "assess.source_assumption"),
                        as_of: None,
                        mark: plan::Mark::Estimate,
                        note: None,
                    },
                };
                p.mark = plan::Mark::Estimate;
                p.note = Some(t(lang, "assess.ready_duration_note"));
                (weeks, p)
            }
        };
        WorkPackage {
            id,
            name: Bilingual::new(name(Lang::De), name(Lang::En)),
            path: None,
            phase: self.req.readiness_phase,
            kind: PackageKind::Readiness,
            duration_weeks: weeks,
            duration_source: Some(duration_source),
            depends_on: Vec::new(),
            delivers_data: false,
            costs,
        }
    }
}

fn fee_unit(basis: FeeBasis) -> Bilingual {
    let key = match basis {
        FeeBasis::Application => "application",
        FeeBasis::DataYear => "data_year",
        FeeBasis::UsageDay => "usage_day",
        FeeBasis::Training => "training",
        FeeBasis::Module => "module",
        FeeBasis::Unit => "unit",
        FeeBasis::Site => "site",
        FeeBasis::Year => "year",
    };
    let k = format!("assess.fee_unit_{key}");
    Bilingual::new(t(Lang::De, &k), t(Lang::En, &k))
}

/// Checks the fee rules the user asked for.
fn check_fee_rules(
    kb: &KnowledgeBase,
    settings: &PlanSettings,
) -> Result<Vec<(String, String)>, AssessError> {
    let mut applied = Vec::new();
    for (path_id, rules) in &settings.fee_rules {
        let path = kb
            .path(path_id)
            .ok_or_else(|| AssessError::UnknownSource(path_id.clone()))?;
        for rule_id in rules {
            let rule = path
                .fee_rules
                .iter()
                .find(|r| &r.id == rule_id)
                .ok_or_else(|| AssessError::UnknownFeeRule {
                    path: path_id.clone(),
                    rule: rule_id.clone(),
                })?;
            if !matches!(rule.kind, FeeRuleKind::Surcharge | FeeRuleKind::Reduction)
                || !rule.companies
            {
                return Err(AssessError::FeeRuleNotApplicable {
                    path: path_id.clone(),
                    rule: rule_id.clone(),
                });
            }
            applied.push((path_id.clone(), rule_id.clone()));
        }
    }
    Ok(applied)
}

/// Funding programmes that fit the company and the plan's costs.
fn funding(
    kb: &KnowledgeBase,
    company: &CompanyProfile,
    domain: Domain,
    packages: &[WorkPackage],
    lang: Lang,
) -> Vec<FundingOption> {
    let topics: HashSet<&str> = packages
        .iter()
        .flat_map(|p| p.costs.iter())
        .filter(|c| c.recurrence == Recurrence::Once)
        .filter_map(|c| c.topic.as_deref())
        .collect();
    let mut out = Vec::new();
    for programme in &kb.programmes {
        if programme.status != ProgrammeStatus::Active
            || !programme.domain.matches(domain)
            || !(programme.sizes.is_empty() || programme.sizes.contains(&company.size))
        {
            continue;
        }
        let covers: Vec<String> = programme.covers.iter().map(|c| category_id(*c)).collect();
        let funds_staff = programme.covers.contains(&KnowledgeCategory::Development);
        let mut eligible_topics: Vec<String> = covers.clone();
        if funds_staff {
            for c in &covers {
                if c != "consulting" {
                    eligible_topics.push(format!("internal:{c}"));
                }
            }
        }
        if !eligible_topics.iter().any(|t| topics.contains(t.as_str())) {
            continue;
        }
        // The base rate for the company's size; other rates become conditions.
        let mut rate = None;
        let mut rate_mark = None;
        let mut conditions: Vec<Bilingual> = Vec::new();
        for r in &programme.rates {
            if !r.sizes.contains(&company.size) {
                continue;
            }
            let Some(percent) = r.percent.value() else {
                continue;
            };
            match &r.condition {
                None if rate.is_none() => {
                    rate = Some(percent / 100.0);
                    rate_mark = Some(&r.percent.point);
                }
                cond => {
                    let text = |l: Lang| {
                        tf(
                            l,
                            "assess.funding_other_rate",
                            &[
                                ("rate", &plan::format_quantity(l, percent)),
                                ("condition", cond.as_ref().map_or("", |c| c.get(l))),
                            ],
                        )
                    };
                    conditions.push(Bilingual::new(text(Lang::De), text(Lang::En)));
                }
            }
        }
        conditions.extend(programme.conditions.iter().map(bilingual));
        if let Some(cap) = programme.day_rate_cap.as_ref().and_then(|f| f.value()) {
            let text = |l: Lang| {
                tf(
                    l,
                    "assess.funding_day_rate_cap",
                    &[("cap", &plan::format_eur(l, cap))],
                )
            };
            conditions.push(Bilingual::new(text(Lang::De), text(Lang::En)));
        }
        // A cap whose basis explains it (e.g. "eligible costs of a project") is not a
        // cap of the grant; it becomes a condition. A bare cap limits the offset.
        let mut cap_eur = None;
        if let Some(cap) = &programme.cap
            && let Some(value) = cap.value()
        {
            match cap.point.basis.as_ref() {
                Some(basis) => {
                    let text = |l: Lang| {
                        tf(
                            l,
                            "assess.funding_cap_condition",
                            &[
                                ("cap", &plan::format_eur(l, value)),
                                ("basis", basis.get(l)),
                            ],
                        )
                    };
                    conditions.push(Bilingual::new(text(Lang::De), text(Lang::En)));
                }
                None => cap_eur = Some(value),
            }
        }
        if let Some(weeks) = programme.decision_time.as_ref().and_then(|f| f.value()) {
            let text = |l: Lang| {
                tf(
                    l,
                    "assess.funding_decision",
                    &[("weeks", &plan::format_quantity(l, weeks))],
                )
            };
            conditions.push(Bilingual::new(text(Lang::De), text(Lang::En)));
        }
        let figure_points: Vec<&sources::Point> = rate_mark
            .into_iter()
            .chain(programme.cap.as_ref().map(|c| &c.point))
            .collect();
        let mut p = provenance(kb, &figure_points, &programme.src, lang);
        if figure_points.is_empty() {
            p.mark = plan::Mark::Estimate;
            append_note(&mut p, &t(lang, "assess.funding_no_rate"));
        }
        out.push(FundingOption {
            id: programme.id.clone(),
            name: bilingual(&programme.name),
            rate,
            cap_eur,
            eligible_categories: Vec::new(),
            eligible_topics,
            eligible_phases: Vec::new(),
            conditions,
            provenance: p,
        });
    }
    out
}

/// Builds the plan input for the chosen paths and readiness needs.
///
/// # Errors
/// [`AssessError::UnknownSource`] / [`AssessError::NotPlannable`] for a path that is
/// missing or has no work-package template, fee-rule errors, and
/// [`AssessError::UnknownAnswer`] when the settings answer a cost or duration the
/// plan does not have (a typo would otherwise be ignored silently).
pub(crate) fn expand(req: &Request<'_>) -> Result<Expansion, AssessError> {
    let applied_rules = check_fee_rules(req.kb, req.settings)?;
    let mut builder = Builder {
        req,
        today: req.today.format("%Y-%m-%d").to_string(),
        used_answers: HashSet::new(),
        assumed: Vec::new(),
    };
    let mut paths = Vec::new();
    let mut packages = Vec::new();
    for chosen in req.chosen {
        let path = req
            .kb
            .path(&chosen.id)
            .ok_or_else(|| AssessError::UnknownSource(chosen.id.clone()))?;
        if path.steps.is_empty() {
            return Err(AssessError::NotPlannable(chosen.id.clone()));
        }
        let first = chosen.phases.first().copied().unwrap_or(Phase::Concept);
        let mut phases = chosen.phases.clone();
        let pkgs = builder.path_packages(path, first);
        if pkgs.iter().any(|p| p.phase == Phase::PostMarket) && !phases.contains(&Phase::PostMarket)
        {
            phases.push(Phase::PostMarket);
        }
        paths.push(PlanPath {
            id: path.id.clone(),
            name: bilingual(&path.short),
            phases,
        });
        packages.extend(pkgs);
    }
    let mut input = PlanInput {
        paths,
        packages,
        rates: rates(req.kb, req.settings, req.today, req.lang),
        funding: Vec::new(),
    };
    let mut ready = Vec::new();
    for need in req.readiness {
        ready.push((need.work, builder.readiness_package(need)));
    }
    let count = ready.len();
    for (work, package) in ready {
        let before: fn(&WorkPackage) -> bool = match work {
            ReadinessWork::LegalBasis => |p| {
                matches!(
                    p.kind,
                    PackageKind::Application | PackageKind::Contract | PackageKind::EthicsVote
                )
            },
            ReadinessWork::Documentation | ReadinessWork::LoincMapping => {
                |p| p.kind == PackageKind::Harmonisation
            }
        };
        input.add_prerequisite(package, before);
    }
    input.packages.rotate_right(count);
    input.funding = funding(req.kb, req.company, req.domain, &input.packages, req.lang);

    let mut expected: BTreeMap<String, ()> = BTreeMap::new();
    for key in req.settings.costs.keys() {
        expected.insert(key.clone(), ());
    }
    for key in req.settings.durations.keys() {
        expected.insert(format!("duration:{key}"), ());
    }
    if let Some(key) = expected.keys().find(|k| !builder.used_answers.contains(*k)) {
        return Err(AssessError::UnknownAnswer(
            key.trim_start_matches("duration:").to_owned(),
        ));
    }
    Ok(Expansion {
        input,
        assumed_durations: builder.assumed,
        applied_rules,
    })
}
