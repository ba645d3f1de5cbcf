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
