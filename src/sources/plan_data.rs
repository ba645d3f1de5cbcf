//! Derived figures the cost plan and the phase guide share: fee totals from a fee
//! schedule, time to data from a work-package template, and transaction costs.
//! Unknown inputs stay unknown in the results: a total with an unknown part is
//! unknown, and the parts that made it so are listed.

use std::collections::HashMap;

use serde::Serialize;

use super::KnowledgeBase;
use super::figure::{Estimate3, Mark};
use super::model::{AccessPath, CostItem, FeeRuleKind, StepKind};

/// A derived three-point value; a point is `None` when an input to it is unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Span3 {
    /// Best case.
    pub min: Option<f64>,
    /// Most likely.
    pub likely: Option<f64>,
    /// Worst case.
    pub max: Option<f64>,
    /// The weakest mark among the inputs.
    pub mark: Option<Mark>,
}

impl Span3 {
    /// A span from an estimate's values.
    pub fn of(e: &Estimate3) -> Span3 {
        let [min, likely, max] = e.values();
        Span3 {
            min,
            likely,
            max,
            mark: Some(e.mark()),
        }
    }

    /// Zero in all points, verified (the neutral element of sums).
    pub fn zero() -> Span3 {
        Span3 {
            min: Some(0.0),
            likely: Some(0.0),
            max: Some(0.0),
            mark: None,
        }
    }

    /// Point-wise maximum (for parallel work); unknown stays unknown.
    pub fn max_with(self, other: Span3) -> Span3 {
        let mx = |a: Option<f64>, b: Option<f64>| Some(a?.max(b?));
        Span3 {
            min: mx(self.min, other.min),
            likely: mx(self.likely, other.likely),
            max: mx(self.max, other.max),
            mark: weaker(self.mark, other.mark),
        }
    }

    /// Whether all points are known.
    pub fn is_known(&self) -> bool {
        self.min.is_some() && self.likely.is_some() && self.max.is_some()
    }
}

impl std::ops::Add for Span3 {
    type Output = Span3;
    /// Point-wise sum; unknown stays unknown.
    fn add(self, other: Span3) -> Span3 {
        let add = |a: Option<f64>, b: Option<f64>| Some(a? + b?);
        Span3 {
            min: add(self.min, other.min),
            likely: add(self.likely, other.likely),
            max: add(self.max, other.max),
            mark: weaker(self.mark, other.mark),
        }
    }
}

impl std::ops::Mul for Span3 {
    type Output = Span3;
    /// Point-wise product; unknown stays unknown.
    fn mul(self, other: Span3) -> Span3 {
        let mul = |a: Option<f64>, b: Option<f64>| Some(a? * b?);
        Span3 {
            min: mul(self.min, other.min),
            likely: mul(self.likely, other.likely),
            max: mul(self.max, other.max),
            mark: weaker(self.mark, other.mark),
        }
    }
}

fn weaker(a: Option<Mark>, b: Option<Mark>) -> Option<Mark> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.weaker(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// One fee of a path with its default quantity and amount.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeeLine {
    /// Fee id within the path.
    pub fee: String,
    /// Price × quantity per scenario, after rules.
    pub amount: Span3,
}

/// The fees of a path for its default min/likely/max scenarios.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeeRange {
    /// Total in the best case.
    pub min: Option<f64>,
    /// Total in the likely case.
    pub likely: Option<f64>,
    /// Total in the worst case.
    pub max: Option<f64>,
    /// Whether the operator publishes a fee schedule at all.
    pub schedule_published: bool,
    /// The lines.
    pub lines: Vec<FeeLine>,
    /// Fee ids whose price or quantity is unknown.
    pub unknown: Vec<String>,
}

impl AccessPath {
    /// Fee totals for the default scenarios, without optional rules.
    pub fn fee_range(&self) -> FeeRange {
        self.fee_range_with(&[])
    }

    /// Fee totals with the given surcharge or reduction rules applied (e.g.
    /// `["double"]` for the ordinance's doubling). Unknown rule ids are ignored.
    pub fn fee_range_with(&self, rules: &[&str]) -> FeeRange {
        let mut factors: HashMap<&str, Span3> = HashMap::new();
        for rule in &self.fee_rules {
            if !rules.contains(&rule.id.as_str())
                || !matches!(rule.kind, FeeRuleKind::Surcharge | FeeRuleKind::Reduction)
            {
                continue;
            }
            let f = rule.factor.value();
            let span = Span3 {
                min: f,
                likely: f,
                max: f,
                mark: Some(rule.factor.point.mark),
            };
            for fee in &rule.applies_to {
                let entry = factors.entry(fee.as_str()).or_insert(Span3 {
                    min: Some(1.0),
                    likely: Some(1.0),
                    max: Some(1.0),
                    mark: None,
                });
                *entry = *entry * span;
            }
        }
        let mut total = Span3::zero();
        let mut lines = Vec::new();
        let mut unknown = Vec::new();
        for fee in &self.fees {
            let mut amount = Span3::of(&fee.price) * Span3::of(&fee.quantity);
            if let Some(f) = factors.get(fee.id.as_str()) {
                amount = amount * *f;
            }
            if !amount.is_known() {
                unknown.push(fee.id.clone());
            }
            total = total + amount;
            lines.push(FeeLine {
                fee: fee.id.clone(),
                amount,
            });
        }
        let published = !self.fees.is_empty();
        FeeRange {
            min: total.min.filter(|_| published),
            likely: total.likely.filter(|_| published),
            max: total.max.filter(|_| published),
            schedule_published: published,
            lines,
            unknown,
        }
    }

    /// Time from the first step to data access along the work-package template's
    /// critical path (the longest chain of dependent steps ending in a
    /// `data_access` step).
    pub fn time_to_data(&self) -> TimeToData {
        self.time_to_data_with(false)
    }

    /// [`AccessPath::time_to_data`], leaving out steps that fall away when the
    /// company already has a cooperation partner (`has_partner`).
    pub fn time_to_data_with(&self, has_partner: bool) -> TimeToData {
        let index: HashMap<&str, usize> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        // finish[i][p]: earliest finish of step i in scenario p; `None` = unknown.
        let mut finish: Vec<Option<[Option<f64>; 3]>> = vec![None; self.steps.len()];
        // Lower bound with unknown durations counted as 0, and the predecessor on the
        // likely critical path.
        let mut lower: Vec<f64> = vec![0.0; self.steps.len()];
        let mut via: Vec<Option<usize>> = vec![None; self.steps.len()];
        // Steps are resolved in dependency order; the checker rules out cycles, and a
        // bounded loop keeps a broken overlay from hanging.
        for _ in 0..=self.steps.len() {
            let mut progressed = false;
            for (i, step) in self.steps.iter().enumerate() {
                if finish[i].is_some() {
                    continue;
                }
                let preds: Vec<usize> = step
                    .after
                    .iter()
                    .filter_map(|a| index.get(a.as_str()).copied())
                    .collect();
                if preds.iter().any(|p| finish[*p].is_none()) {
                    continue;
                }
                let dur = if has_partner && step.skip_if_partner {
                    [Some(0.0); 3]
                } else {
                    step.duration.values()
                };
                let mut f: [Option<f64>; 3] = [Some(0.0); 3];
                let mut lb = 0.0_f64;
                for p in &preds {
                    let pf = finish[*p].unwrap_or([None; 3]);
                    for k in 0..3 {
                        f[k] = match (f[k], pf[k]) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        };
                    }
                    if via[i].is_none() || lower[*p] > lb {
                        via[i] = Some(*p);
                        lb = lower[*p];
                    }
                }
                for k in 0..3 {
                    f[k] = match (f[k], dur[k]) {
                        (Some(a), Some(d)) => Some(a + d),
                        _ => None,
                    };
                }
                lower[i] = lb + dur[1].or(dur[0]).unwrap_or(0.0);
                finish[i] = Some(f);
                progressed = true;
            }
            if !progressed {
                break;
            }
        }
        let mut result = Span3::zero();
        let mut mark: Option<Mark> = None;
        let mut end: Option<usize> = None;
        let mut at_least = 0.0_f64;
        let mut any = false;
        for (i, step) in self.steps.iter().enumerate() {
            if step.kind != StepKind::DataAccess {
                continue;
            }
            any = true;
            let f = finish[i].unwrap_or([None; 3]);
            result = result.max_with(Span3 {
                min: f[0],
                likely: f[1],
                max: f[2],
                mark: None,
            });
            if end.is_none() || lower[i] > at_least {
                end = Some(i);
            }
            at_least = at_least.max(lower[i]);
        }
        let mut critical = Vec::new();
        let mut cursor = end;
        while let Some(i) = cursor {
            critical.push(self.steps[i].id.clone());
            cursor = via[i];
            if critical.len() > self.steps.len() {
                break;
            }
        }
        critical.reverse();
        let mut unknown_steps = Vec::new();
        for id in &critical {
            if let Some(step) = self.steps.iter().find(|s| &s.id == id) {
                mark = weaker(mark, Some(step.duration.mark()));
                if !step.duration.is_known() {
                    unknown_steps.push(id.clone());
                }
            }
        }
        if !any {
            result = Span3::default();
        }
        result.mark = mark;
        TimeToData {
            weeks: result,
            at_least_weeks: at_least,
            critical_path: critical,
            unknown_steps,
        }
    }

    /// Steps that recur every year (post-market access, re-training).
    pub fn recurring_steps(&self) -> impl Iterator<Item = &super::Step> {
        self.steps
            .iter()
            .filter(|s| s.recurs == super::Recurrence::Yearly)
    }

    /// Number of separate procedures (applications, contracts, ethics votes) in the
    /// template: the fragmentation this path adds.
    pub fn procedures(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.kind.is_procedure() && s.recurs == super::Recurrence::Once)
            .count()
    }
}

/// Time to data of a path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeToData {
    /// Weeks until data access (min/likely/max); unknown where a step on the way is.
    pub weeks: Span3,
    /// Weeks at least, counting unknown durations as zero (likely durations).
    pub at_least_weeks: f64,
    /// Step ids on the likely critical path, in order.
    pub critical_path: Vec<String>,
    /// Steps on it whose duration is unknown (ask the data holder).
    pub unknown_steps: Vec<String>,
}

impl KnowledgeBase {
    /// The cost of a transaction-cost item for one occurrence: its amount, or its
    /// effort times its rate.
    pub fn cost_range(&self, item: &CostItem) -> Span3 {
        if let Some(amount) = &item.amount {
            return Span3::of(amount);
        }
        let (Some(effort), Some(rate)) = (
            &item.effort,
            item.rate.as_deref().and_then(|r| self.rate(r)),
        ) else {
            return Span3::default();
        };
        Span3::of(effort) * Span3::of(&rate.value)
    }
}

#[cfg(test)]
mod tests {
    use crate::sources::{FeeBasis, FeeRuleKind, KnowledgeBase};

    fn price(kb: &KnowledgeBase, path: &str, fee: &str) -> [Option<f64>; 3] {
        kb.path(path)
            .unwrap()
            .fees
            .iter()
            .find(|f| f.id == fee)
            .unwrap_or_else(|| panic!("{path}: no fee {fee}"))
            .price
            .values()
    }

    #[test]
    fn fdz_fees_follow_the_ordinance() {
        let kb = KnowledgeBase::embedded();
        // DaTraGebV as recorded in the domain facts: § 5 300 EUR, § 6 1,000 EUR per
        // data year and per usage day, § 7 100–3,000 EUR, § 10 600 + 300 EUR.
        assert_eq!(price(kb, "fdz_gesundheit", "base"), [Some(300.0); 3]);
        assert_eq!(price(kb, "fdz_gesundheit", "data_year"), [Some(1000.0); 3]);
        assert_eq!(price(kb, "fdz_gesundheit", "usage_day"), [Some(1000.0); 3]);
        let consulting = price(kb, "fdz_gesundheit", "consulting");
        assert_eq!((consulting[0], consulting[2]), (Some(100.0), Some(3000.0)));
        assert_eq!(
            price(kb, "fdz_gesundheit", "training_base"),
            [Some(600.0); 3]
        );
        assert_eq!(
            price(kb, "fdz_gesundheit", "training_module"),
            [Some(300.0); 3]
        );
        let fdz = kb.path("fdz_gesundheit").unwrap();
        let usage = fdz.fees.iter().find(|f| f.id == "usage_day").unwrap();
        assert_eq!(usage.per, FeeBasis::UsageDay);
        let limits = fdz.analysis_limits.as_ref().unwrap();
        assert_eq!(limits.window_days.value(), Some(30.0));
        assert_eq!(limits.usage_days.value(), Some(10.0));
        let factor = |id: &str| {
            let rule = fdz.fee_rules.iter().find(|r| r.id == id).unwrap();
            (rule.kind, rule.factor.value(), rule.companies)
        };
        assert_eq!(factor("double"), (FeeRuleKind::Surcharge, Some(2.0), true));
        assert_eq!(factor("half"), (FeeRuleKind::Reduction, Some(0.5), true));
        // The reduction to one tenth is for listed public bodies, never for companies.
        assert_eq!(factor("tenth"), (FeeRuleKind::Reduction, Some(0.1), false));
    }

    #[test]
    fn fdz_scenarios_match_the_worked_example() {
        let fdz = KnowledgeBase::embedded().path("fdz_gesundheit").unwrap();
        let fees = fdz.fee_range();
        // min: 300 + 1 × 1,000 + 1 × 1,000 = 2,300
        // likely: 300 + 3 × 1,000 + 10 × 1,000 + 100 = 13,400
        // max: 300 + 10 × 1,000 + 30 × 1,000 + 3,000 + 600 = 43,900
        assert_eq!(
            (fees.min, fees.likely, fees.max),
            (Some(2300.0), Some(13_400.0), Some(43_900.0))
        );
        assert!(fees.unknown.is_empty());
        // Doubling applies to §§ 5 and 6 only: (300 + 10,000 + 30,000) × 2 + 3,000 + 600.
        let doubled = fdz.fee_range_with(&["double"]);
        assert_eq!(doubled.max, Some(84_200.0));
        assert_eq!(doubled.min, Some(4600.0));
        // Halving leaves the usage days alone: 150 + 500 + 1,000 = 1,650 at best.
        assert_eq!(fdz.fee_range_with(&["half"]).min, Some(1650.0));
    }

    #[test]
    fn implant_registry_fees_follow_its_ordinance() {
        let ird = KnowledgeBase::embedded()
            .path("implantateregister_ird")
            .unwrap();
        let fees = ird.fee_range();
        // 300 + 1 × 300 = 600; 300 + 2 × 300 + 50 = 950; 300 + 600 + 3,000 = 3,900.
        assert_eq!(
            (fees.min, fees.likely, fees.max),
            (Some(600.0), Some(950.0), Some(3900.0))
        );
        // With doubling of base and data-year fees: 600 + 1,200 + 3,000 = 4,800.
        assert_eq!(ird.fee_range_with(&["double"]).max, Some(4800.0));
    }

    #[test]
    fn time_to_data_follows_the_critical_path() {
        let fdz = KnowledgeBase::embedded().path("fdz_gesundheit").unwrap();
        let ttd = fdz.time_to_data();
        // likely: preparation 4 (longer than registration 2) + application 1
        // + review 13 (longer than training 1) + opening 1 = 19 weeks.
        assert_eq!(ttd.weeks.likely, Some(19.0));
        // min: max(1, 2) + 1 + 4 + 0 = 7; max: max(4, 8) + 2 + 17 + 2 = 29.
        assert_eq!((ttd.weeks.min, ttd.weeks.max), (Some(7.0), Some(29.0)));
        assert_eq!(
            ttd.critical_path,
            ["preparation", "application", "review", "data_access"]
        );
        assert!(ttd.unknown_steps.is_empty());
    }

    #[test]
    fn unknown_durations_stay_unknown_with_a_lower_bound() {
        let zfkd = KnowledgeBase::embedded().path("zfkd_rki").unwrap();
        let ttd = zfkd.time_to_data();
        assert_eq!(ttd.weeks.likely, None);
        // Only the application (likely 2 weeks) is known.
        assert_eq!(ttd.at_least_weeks, 2.0);
        assert_eq!(ttd.unknown_steps, ["review", "data_access"]);
        assert!(!zfkd.fee_range().schedule_published);
    }

    #[test]
    fn a_partner_saves_the_partner_search() {
        let coop = KnowledgeBase::embedded()
            .path("gdng_para6_care_institutions")
            .unwrap();
        let without = coop.time_to_data_with(false).weeks.likely.unwrap();
        let with = coop.time_to_data_with(true).weeks.likely.unwrap();
        // The 12-week search falls away.
        assert_eq!(without - with, 12.0);
    }

    #[test]
    fn cost_items_are_priced_at_their_rate() {
        let kb = KnowledgeBase::embedded();
        let item = kb.cost_item("legal_contract").unwrap();
        let cost = kb.cost_range(item);
        // 8 / 16 / 40 hours at 200 / 300 / 400 EUR.
        assert_eq!(
            (cost.min, cost.likely, cost.max),
            (Some(1600.0), Some(4800.0), Some(16_000.0))
        );
        let unknown = kb.cost_item("clinical_investigation_conduct").unwrap();
        assert!(!kb.cost_range(unknown).is_known());
        let ethics = kb.cost_item("ethics_vote_data_study").unwrap();
        assert_eq!(kb.cost_range(ethics).likely, Some(1200.0));
    }
}
