//! Building a plan: validation, scheduling (critical path method) and the Monte Carlo
//! simulation.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::cost::{CostAmount, CostItem, Rate, RateKind, Recurrence};
use super::estimate::{Quantiles, Sampler, ThreePoint, round2};
use super::{
    Bilingual, CostLine, FundingOffer, PathResult, PhaseResult, Plan, PlanError, PlanInput,
    ScheduledPackage, SimulationOptions, TotalResult, UnknownCost, UnknownReason,
};
use crate::company::Phase;
use crate::i18n::{Lang, t};

/// Tolerance for "zero float" when comparing weeks.
const EPS: f64 = 1e-9;

/// Builds the plan for `input`: validates it, schedules it on expected durations and
/// simulates cost and time with `options`.
///
/// # Errors
/// [`PlanError`] when ids repeat, a dependency or path is missing, the dependencies
/// form a cycle, an estimate or amount is invalid, or `options.draws` is zero.
pub fn build(input: &PlanInput, options: &SimulationOptions) -> Result<Plan, PlanError> {
    if options.draws == 0 {
        return Err(PlanError::NoDraws);
    }
    validate(input)?;
    let graph = Graph::new(input)?;
    let n = input.packages.len();
    let distribution = options.distribution;

    // What each cost item draws from, decided once.
    let priced: Vec<Vec<Priced>> = input
        .packages
        .iter()
        .map(|p| {
            p.costs
                .iter()
                .map(|c| Priced::of(c, &input.rates))
                .collect()
        })
        .collect();

    // Deterministic schedule on expected durations.
    let expected: Vec<f64> = input
        .packages
        .iter()
        .map(|p| p.duration_weeks.mean(distribution))
        .collect();
    let mut cpm = Cpm::new(n);
    cpm.run(&graph, &expected);
    let schedule = cpm.clone();
    let critical_path = graph.critical_chain(&schedule);

    // Monte Carlo.
    let draws = options.draws as usize;
    let mut sampler = Sampler::new(options.seed, distribution);
    let mut finish = vec![Vec::with_capacity(draws); n];
    let mut once = vec![Vec::with_capacity(draws); n];
    let mut yearly = vec![Vec::with_capacity(draws); n];
    let mut critical_count = vec![0u32; n];
    let mut makespan = Vec::with_capacity(draws);
    let mut eligible = vec![Vec::with_capacity(draws); input.funding.len()];
    let mut durations = vec![0.0; n];
    for _ in 0..draws {
        let mut eligible_now = vec![0.0; input.funding.len()];
        for (i, package) in input.packages.iter().enumerate() {
            durations[i] = sampler.draw(&package.duration_weeks);
            let (mut o, mut y) = (0.0, 0.0);
            for (item, how) in package.costs.iter().zip(&priced[i]) {
                let Some(value) = how.draw(&mut sampler) else {
                    continue;
                };
                match item.recurrence {
                    Recurrence::Once => {
                        o += value;
                        for (f, option) in input.funding.iter().enumerate() {
                            let phase_fits = option.eligible_phases.is_empty()
                                || option.eligible_phases.contains(&package.phase);
                            let covered = option.eligible_categories.contains(&item.category)
                                || item
                                    .topic
                                    .as_ref()
                                    .is_some_and(|t| option.eligible_topics.contains(t));
                            if phase_fits && covered {
                                eligible_now[f] += value;
                            }
                        }
                    }
                    Recurrence::Yearly => y += value,
                }
            }
            once[i].push(o);
            yearly[i].push(y);
        }
        cpm.run(&graph, &durations);
        for i in 0..n {
            finish[i].push(cpm.ef[i]);
            if cpm.is_critical(i) {
                critical_count[i] += 1;
            }
        }
        makespan.push(cpm.makespan);
        for (f, value) in eligible_now.into_iter().enumerate() {
            eligible[f].push(value);
        }
    }

    // Aggregation helpers over subsets of packages, draw by draw.
    let sum_over = |members: &[usize], per_package: &[Vec<f64>]| -> Quantiles {
        let mut values: Vec<f64> = (0..draws)
            .map(|d| members.iter().map(|&i| per_package[i][d]).sum())
            .collect();
        Quantiles::of(&mut values)
    };
    let data_time = |members: &[usize]| -> Option<Quantiles> {
        let delivering: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| input.packages[i].delivers_data)
            .collect();
        if delivering.is_empty() {
            return None;
        }
        let mut values: Vec<f64> = (0..draws)
            .map(|d| delivering.iter().map(|&i| finish[i][d]).fold(0.0, f64::max))
            .collect();
        Some(Quantiles::of(&mut values))
    };

    let unknown_costs = unknowns(input, &priced);
    let unknown_in = |members: &[usize]| -> usize {
        unknown_costs
            .iter()
            .filter(|u| members.contains(&graph.index[u.package_id.as_str()]))
            .count()
    };

    let packages: Vec<ScheduledPackage> = input
        .packages
        .iter()
        .enumerate()
        .map(|(i, p)| ScheduledPackage {
            id: p.id.clone(),
            name: p.name.clone(),
            path: p.path.clone(),
            phase: p.phase,
            kind: p.kind,
            depends_on: p.depends_on.clone(),
            delivers_data: p.delivers_data,
            duration_weeks: p.duration_weeks,
            duration_source: p.duration_source.clone(),
            expected_weeks: round2(expected[i]),
            earliest_start: round2(schedule.es[i]),
            earliest_finish: round2(schedule.ef[i]),
            latest_start: round2(schedule.ls[i]),
            latest_finish: round2(schedule.lf[i]),
            slack_weeks: round2(schedule.ls[i] - schedule.es[i]),
            critical: schedule.is_critical(i),
            criticality: round2(f64::from(critical_count[i]) / draws as f64),
            finish_weeks: Quantiles::of(&mut finish[i].clone()),
            cost_once: Quantiles::of(&mut once[i].clone()),
            cost_yearly: Quantiles::of(&mut yearly[i].clone()),
            unknown_costs: priced[i]
                .iter()
                .filter(|how| matches!(how, Priced::Unknown(_)))
                .count(),
            costs: p
                .costs
                .iter()
                .zip(&priced[i])
                .map(|(c, how)| cost_line(c, how, &input.rates, distribution))
                .collect(),
        })
        .collect();

    let paths = input
        .paths
        .iter()
        .map(|path| {
            let members: Vec<usize> = (0..n)
                .filter(|&i| input.packages[i].path.as_deref() == Some(path.id.as_str()))
                .collect();
            let start = members
                .iter()
                .map(|&i| schedule.es[i])
                .fold(f64::INFINITY, f64::min);
            let end = members.iter().map(|&i| schedule.ef[i]).fold(0.0, f64::max);
            PathResult {
                id: path.id.clone(),
                name: path.name.clone(),
                phases: path.phases.clone(),
                start_weeks: if members.is_empty() {
                    0.0
                } else {
                    round2(start)
                },
                finish_weeks: round2(end),
                time_to_data_weeks: data_time(&members),
                cost_once: sum_over(&members, &once),
                cost_yearly: sum_over(&members, &yearly),
                unknown_costs: unknown_in(&members),
            }
        })
        .collect();

    let phases = Phase::ALL
        .into_iter()
        .filter_map(|phase| {
            let members: Vec<usize> = (0..n)
                .filter(|&i| input.packages[i].phase == phase)
                .collect();
            (!members.is_empty()).then(|| PhaseResult {
                phase,
                packages: members.len(),
                cost_once: sum_over(&members, &once),
                cost_yearly: sum_over(&members, &yearly),
                time_to_data_weeks: data_time(&members),
                unknown_costs: unknown_in(&members),
            })
        })
        .collect();

    let everyone: Vec<usize> = (0..n).collect();
    let total = TotalResult {
        cost_once: sum_over(&everyone, &once),
        cost_yearly: sum_over(&everyone, &yearly),
        time_to_data_weeks: data_time(&everyone),
        duration_weeks: Quantiles::of(&mut makespan),
        expected_duration_weeks: round2(schedule.makespan),
    };

    let funding = input
        .funding
        .iter()
        .zip(eligible)
        .map(|(option, mut base)| {
            let possible_offset = option.rate.map(|rate| {
                let mut offsets: Vec<f64> = base
                    .iter()
                    .map(|b| {
                        let offset = rate * b;
                        option.cap_eur.map_or(offset, |cap| offset.min(cap))
                    })
                    .collect();
                Quantiles::of(&mut offsets)
            });
            FundingOffer {
                id: option.id.clone(),
                name: option.name.clone(),
                rate: option.rate,
                cap_eur: option.cap_eur,
                conditions: option.conditions.clone(),
                eligible_cost: Quantiles::of(&mut base),
                possible_offset,
                provenance: option.provenance.clone(),
            }
        })
        .collect();

    Ok(Plan {
        simulation: *options,
        rates: input.rates.clone(),
        paths,
        packages,
        critical_path,
        phases,
        total,
        unknown_costs,
        funding,
    })
}

/// How one cost item is drawn.
enum Priced {
    /// A single three-point amount.
    One(ThreePoint),
    /// Quantity × unit price, each drawn on its own.
    Product(ThreePoint, ThreePoint),
    /// Effort × a known rate.
    Scaled(ThreePoint, f64),
    /// Cannot be priced.
    Unknown(UnknownReason),
}

impl Priced {
    fn of(item: &CostItem, rates: &super::Rates) -> Priced {
        match &item.amount {
            CostAmount::Euros { eur } => Priced::One(*eur),
            CostAmount::PerUnit {
                quantity,
                unit_price_eur,
                ..
            } => Priced::Product(*quantity, *unit_price_eur),
            CostAmount::Effort { quantity, rate } => match rates.get(*rate) {
                Some(r) => Priced::Scaled(*quantity, r.eur),
                None => Priced::Unknown(UnknownReason::RateUnset { rate: *rate }),
            },
            CostAmount::Unknown { .. } => Priced::Unknown(UnknownReason::FeeUnknown),
        }
    }

    fn draw(&self, sampler: &mut Sampler) -> Option<f64> {
        match self {
            Priced::One(e) => Some(sampler.draw(e)),
            Priced::Product(q, p) => {
                let q = sampler.draw(q);
                Some(q * sampler.draw(p))
            }
            Priced::Scaled(q, rate) => Some(sampler.draw(q) * rate),
            Priced::Unknown(_) => None,
        }
    }
}

fn cost_line(
    item: &CostItem,
    how: &Priced,
    rates: &super::Rates,
    distribution: super::Distribution,
) -> CostLine {
    let (eur, expected_eur) = match how {
        Priced::One(e) => (Some(*e), Some(e.mean(distribution))),
        Priced::Product(q, p) => (
            Some(q.times(p)),
            Some(q.mean(distribution) * p.mean(distribution)),
        ),
        Priced::Scaled(q, rate) => (Some(q.scaled(*rate)), Some(q.mean(distribution) * rate)),
        Priced::Unknown(_) => (None, None),
    };
    let rate: Option<Rate> = match &item.amount {
        CostAmount::Effort { rate, .. } => rates.get(*rate).cloned(),
        _ => None,
    };
    CostLine {
        id: item.id.clone(),
        label: item.label.clone(),
        category: item.category,
        recurrence: item.recurrence,
        amount: item.amount.clone(),
        eur,
        expected_eur: expected_eur.map(round2),
        provenance: item.provenance.clone(),
        rate,
    }
}

fn rate_question(rate: RateKind) -> Bilingual {
    let key = format!("plan.ask_rate_{}", rate.id());
    Bilingual::new(t(Lang::De, &key), t(Lang::En, &key))
}

fn unknowns(input: &PlanInput, priced: &[Vec<Priced>]) -> Vec<UnknownCost> {
    let mut out = Vec::new();
    for (package, items) in input.packages.iter().zip(priced) {
        for (item, how) in package.costs.iter().zip(items) {
            let Priced::Unknown(reason) = how else {
                continue;
            };
            let question = match (&item.amount, reason) {
                (CostAmount::Unknown { question }, _) => question.clone(),
                (_, UnknownReason::RateUnset { rate }) => rate_question(*rate),
                (_, UnknownReason::FeeUnknown) => item.label.clone(),
            };
            out.push(UnknownCost {
                package_id: package.id.clone(),
                item_id: item.id.clone(),
                label: item.label.clone(),
                reason: *reason,
                question,
                recurrence: item.recurrence,
                provenance: item.provenance.clone(),
            });
        }
    }
    out
}

fn check_estimate(what: impl FnOnce() -> String, e: &ThreePoint) -> Result<(), PlanError> {
    if e.is_valid() {
        Ok(())
    } else {
        Err(PlanError::InvalidEstimate {
            what: what(),
            min: e.min,
            likely: e.likely,
            max: e.max,
        })
    }
}

fn check_amount(what: impl FnOnce() -> String, value: f64) -> Result<(), PlanError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(PlanError::InvalidAmount(what()))
    }
}

fn validate(input: &PlanInput) -> Result<(), PlanError> {
    let mut path_ids = HashSet::new();
    for path in &input.paths {
        if !path_ids.insert(path.id.as_str()) {
            return Err(PlanError::DuplicatePath(path.id.clone()));
        }
    }
    for package in &input.packages {
        if let Some(path) = &package.path
            && !path_ids.contains(path.as_str())
        {
            return Err(PlanError::UnknownPath {
                package: package.id.clone(),
                path: path.clone(),
            });
        }
        check_estimate(
            || format!("duration of {}", package.id),
            &package.duration_weeks,
        )?;
        let mut item_ids = HashSet::new();
        for item in &package.costs {
            if !item_ids.insert(item.id.as_str()) {
                return Err(PlanError::DuplicateCostItem {
                    package: package.id.clone(),
                    item: item.id.clone(),
                });
            }
            let what = || format!("cost {} of {}", item.id, package.id);
            match &item.amount {
                CostAmount::Euros { eur } => check_estimate(what, eur)?,
                CostAmount::PerUnit {
                    quantity,
                    unit_price_eur,
                    ..
                } => {
                    check_estimate(what, quantity)?;
                    check_estimate(what, unit_price_eur)?;
                }
                CostAmount::Effort { quantity, .. } => check_estimate(what, quantity)?,
                CostAmount::Unknown { .. } => {}
            }
        }
    }
    for kind in RateKind::ALL {
        if let Some(rate) = input.rates.get(kind) {
            check_amount(|| format!("rate {}", kind.id()), rate.eur)?;
        }
    }
    for option in &input.funding {
        if let Some(rate) = option.rate
            && !(0.0..=1.0).contains(&rate)
        {
            return Err(PlanError::InvalidAmount(format!(
                "funding rate of {}",
                option.id
            )));
        }
        if let Some(cap) = option.cap_eur {
            check_amount(|| format!("funding cap of {}", option.id), cap)?;
        }
    }
    Ok(())
}

/// The dependency graph in index form, with a topological order.
struct Graph<'a> {
    ids: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    order: Vec<usize>,
}

impl<'a> Graph<'a> {
    fn new(input: &'a PlanInput) -> Result<Graph<'a>, PlanError> {
        let n = input.packages.len();
        let mut index = HashMap::with_capacity(n);
        for (i, p) in input.packages.iter().enumerate() {
            if index.insert(p.id.as_str(), i).is_some() {
                return Err(PlanError::DuplicatePackage(p.id.clone()));
            }
        }
        let mut preds = vec![Vec::new(); n];
        let mut succs = vec![Vec::new(); n];
        for (i, p) in input.packages.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for dep in &p.depends_on {
                let Some(&j) = index.get(dep.as_str()) else {
                    return Err(PlanError::UnknownDependency {
                        package: p.id.clone(),
                        dependency: dep.clone(),
                    });
                };
                if seen.insert(j) {
                    preds[i].push(j);
                    succs[j].push(i);
                }
            }
        }
        // Kahn's algorithm; among ready packages the one listed first goes first, so
        // the order is stable.
        let mut missing: Vec<usize> = preds.iter().map(Vec::len).collect();
        let mut ready: BTreeSet<usize> = (0..n).filter(|&i| missing[i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(i) = ready.pop_first() {
            order.push(i);
            for &s in &succs[i] {
                missing[s] -= 1;
                if missing[s] == 0 {
                    ready.insert(s);
                }
            }
        }
        if order.len() < n {
            return Err(PlanError::Cycle(find_cycle(input, &preds, &missing)));
        }
        Ok(Graph {
            ids: input.packages.iter().map(|p| p.id.as_str()).collect(),
            index,
            preds,
            succs,
            order,
        })
    }

    /// One critical chain, from the first to the last package, following zero-float
    /// predecessors that finish exactly when their successor starts.
    fn critical_chain(&self, cpm: &Cpm) -> Vec<String> {
        let n = self.preds.len();
        let Some(mut current) = (0..n)
            .filter(|&i| (cpm.ef[i] - cpm.makespan).abs() <= EPS * cpm.makespan.max(1.0))
            .min()
        else {
            return Vec::new();
        };
        let mut chain = vec![current];
        loop {
            let next = self.preds[current]
                .iter()
                .copied()
                .filter(|&p| {
                    cpm.is_critical(p)
                        && (cpm.ef[p] - cpm.es[current]).abs() <= EPS * cpm.makespan.max(1.0)
                })
                .min();
            match next {
                Some(p) => {
                    chain.push(p);
                    current = p;
                }
                None => break,
            }
        }
        chain.reverse();
        chain.into_iter().map(|i| self.ids[i].to_owned()).collect()
    }
}

/// Walks predecessors among packages Kahn could not order until one repeats.
fn find_cycle(input: &PlanInput, preds: &[Vec<usize>], missing: &[usize]) -> Vec<String> {
    let stuck = |i: usize| missing[i] > 0;
    let Some(start) = (0..preds.len()).find(|&i| stuck(i)) else {
        return Vec::new();
    };
    let mut path = vec![start];
    let mut current = start;
    while let Some(&next) = preds[current].iter().find(|&&p| stuck(p)) {
        if let Some(pos) = path.iter().position(|&i| i == next) {
            let mut cycle: Vec<usize> = path[pos..].to_vec();
            // Predecessor walk runs backwards; show it in dependency order.
            cycle.reverse();
            cycle.push(cycle[0]);
            return cycle
                .into_iter()
                .map(|i| input.packages[i].id.clone())
                .collect();
        }
        path.push(next);
        current = next;
    }
    path.into_iter()
        .map(|i| input.packages[i].id.clone())
        .collect()
}

/// Forward and backward pass of the critical path method.
#[derive(Clone)]
struct Cpm {
    es: Vec<f64>,
    ef: Vec<f64>,
    ls: Vec<f64>,
    lf: Vec<f64>,
    makespan: f64,
}

impl Cpm {
    fn new(n: usize) -> Cpm {
        Cpm {
            es: vec![0.0; n],
            ef: vec![0.0; n],
            ls: vec![0.0; n],
            lf: vec![0.0; n],
            makespan: 0.0,
        }
    }

    fn run(&mut self, graph: &Graph<'_>, durations: &[f64]) {
        for &i in &graph.order {
            let start = graph.preds[i]
                .iter()
                .map(|&p| self.ef[p])
                .fold(0.0, f64::max);
            self.es[i] = start;
            self.ef[i] = start + durations[i];
        }
        self.makespan = self.ef.iter().copied().fold(0.0, f64::max);
        for &i in graph.order.iter().rev() {
            let finish = graph.succs[i]
                .iter()
                .map(|&s| self.ls[s])
                .fold(self.makespan, f64::min);
            self.lf[i] = finish;
            self.ls[i] = finish - durations[i];
        }
    }

    fn is_critical(&self, i: usize) -> bool {
        (self.ls[i] - self.es[i]).abs() <= EPS * self.makespan.max(1.0)
    }
}

#[cfg(test)]
mod tests;
