//! The costed data-access plan: work packages, schedule and totals with uncertainty.
//!
//! The knowledge base turns each chosen access path into [`WorkPackage`]s (registration,
//! application, ethics vote, contract, data delivery, harmonisation, analysis …) with
//! three-point durations and [`CostItem`]s; the catalogue adds internal readiness work.
//! [`build`] then
//! - checks the input (unique ids, known dependencies and paths, no cycles, valid
//!   estimates),
//! - schedules the packages with their finish-to-start dependencies on expected
//!   durations (earliest/latest start and finish, slack, the critical path),
//! - runs a seeded Monte Carlo simulation (PERT or triangular draws) for cost and
//!   time-to-data per phase, per path and overall, and how often each package is
//!   critical,
//! - lists every cost it could not price (unknown fee, unset internal rate) instead of
//!   counting it as zero,
//! - shows funding as a possible offset with its conditions, never subtracted.
//!
//! The same input and seed give the same [`Plan`], down to the bytes of its JSON.
//!
//! ```
//! use datenreife::company::Phase;
//! use datenreife::plan::*;
//!
//! let source = Provenance { source: "https://example.org/fees".into(), as_of: Some("2025-02-04".into()),
//!                           mark: Mark::Verified, note: None };
//! let input = PlanInput {
//!     paths: vec![AccessPath { id: "fdz".into(), name: Bilingual::same("FDZ Gesundheit"), phases: vec![Phase::Concept] }],
//!     packages: vec![WorkPackage {
//!         id: "fdz.application".into(), name: Bilingual::new("Antrag", "Application"),
//!         path: Some("fdz".into()), phase: Phase::Concept, kind: PackageKind::Application,
//!         duration_weeks: ThreePoint::new(4.0, 13.0, 17.0), duration_source: None,
//!         depends_on: vec![], delivers_data: true,
//!         costs: vec![CostItem { id: "fee".into(), label: Bilingual::same("Grundgebühr"),
//!             category: CostCategory::Fee, topic: None, recurrence: Recurrence::Once,
//!             amount: CostAmount::Euros { eur: ThreePoint::exact(300.0) }, provenance: source }],
//!     }],
//!     rates: Rates::default(),
//!     funding: vec![],
//! };
//! let plan = build(&input, &SimulationOptions::new(42)).unwrap();
//! assert_eq!(plan.total.cost_once.p50, 300.0);
//! ```

mod cost;
mod engine;
mod estimate;
mod package;
pub mod xlsx;

use serde::{Deserialize, Serialize};

pub use cost::{
    CostAmount, CostCategory, CostItem, Mark, Provenance, Rate, RateKind, Rates, Recurrence,
};
pub use engine::build;
pub use estimate::{Distribution, Quantiles, ThreePoint};
pub use package::{AccessPath, FundingOption, PackageKind, WorkPackage};

use crate::company::Phase;
use crate::i18n::Lang;

/// A text in German and English (knowledge-base names, labels, questions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bilingual {
    /// German.
    pub de: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// A text with both languages.
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            de: de.into(),
            en: en.into(),
        }
    }

    /// A name that is the same in both languages (proper names such as "ZIM").
    pub fn same(text: impl Into<String>) -> Bilingual {
        let text = text.into();
        Bilingual {
            de: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// Formats euros for people in whole euros: `12.300 €` (German), `€12,300` (English).
pub fn format_eur(lang: Lang, eur: f64) -> String {
    let amount = lang.number(eur.round(), 0);
    match lang {
        Lang::De => format!("{amount}\u{a0}€"),
        Lang::En => format!("€{amount}"),
    }
}

/// Formats a quantity with at most one decimal and no trailing `,0` (`2`, `2,5`).
pub fn format_quantity(lang: Lang, value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        lang.number(value.round(), 0)
    } else {
        lang.number(value, 1)
    }
}

impl ThreePoint {
    /// `min / likely / max` with `each` formatting the points, or the single value when
    /// the estimate is exact.
    pub fn format(&self, each: impl Fn(f64) -> String) -> String {
        if self.is_exact() {
            each(self.likely)
        } else {
            format!(
                "{} / {} / {}",
                each(self.min),
                each(self.likely),
                each(self.max)
            )
        }
    }
}

/// Everything a plan is built from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanInput {
    /// Access paths the packages belong to.
    #[serde(default)]
    pub paths: Vec<AccessPath>,
    /// The work packages, in the order they should be listed.
    pub packages: Vec<WorkPackage>,
    /// Internal rates for effort items.
    #[serde(default)]
    pub rates: Rates,
    /// Funding programmes that fit the company.
    #[serde(default)]
    pub funding: Vec<FundingOption>,
}

impl PlanInput {
    /// Adds `package` (typically internal readiness work from a catalogue finding, such
    /// as "document the legal basis") and makes every package for which `before`
    /// returns true wait for it. Returns how many packages now depend on it.
    ///
    /// Example: a missing legal basis must be fixed before any application or
    /// contract: `input.add_prerequisite(legal_basis, |p| matches!(p.kind,
    /// PackageKind::Application | PackageKind::Contract))`.
    pub fn add_prerequisite(
        &mut self,
        package: WorkPackage,
        before: impl Fn(&WorkPackage) -> bool,
    ) -> usize {
        let mut linked = 0;
        for other in &mut self.packages {
            if before(other) && !other.depends_on.contains(&package.id) {
                other.depends_on.push(package.id.clone());
                linked += 1;
            }
        }
        self.packages.push(package);
        linked
    }
}

/// How the Monte Carlo simulation runs. The seed comes from the caller so a plan can
/// be reproduced exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationOptions {
    /// Seed of the ChaCha20 random stream.
    pub seed: u64,
    /// Number of draws (at least 1).
    pub draws: u32,
    /// Distribution of every three-point estimate.
    pub distribution: Distribution,
}

impl SimulationOptions {
    /// The default simulation: 10,000 PERT draws with `seed`.
    pub fn new(seed: u64) -> SimulationOptions {
        SimulationOptions {
            seed,
            draws: 10_000,
            distribution: Distribution::Pert,
        }
    }
}

/// A built plan: schedule, totals with uncertainty, open questions and funding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The simulation settings the totals come from.
    pub simulation: SimulationOptions,
    /// Internal rates used (the assumptions section prints them).
    pub rates: Rates,
    /// One entry per access path, in input order.
    pub paths: Vec<PathResult>,
    /// Scheduled packages, in input order.
    pub packages: Vec<ScheduledPackage>,
    /// The critical path on expected durations, first package first. When several
    /// chains are critical, this is the one ending in the first-listed package;
    /// [`ScheduledPackage::critical`] marks every package with zero float.
    pub critical_path: Vec<String>,
    /// Totals per product phase that has packages, in life-cycle order.
    pub phases: Vec<PhaseResult>,
    /// Totals of the whole plan.
    pub total: TotalResult,
    /// Costs that could not be priced; the totals exclude them.
    pub unknown_costs: Vec<UnknownCost>,
    /// Funding that could offset part of the costs, if granted.
    pub funding: Vec<FundingOffer>,
}

impl Plan {
    /// Whether every cost could be priced, so the totals are complete.
    pub fn is_complete(&self) -> bool {
        self.unknown_costs.is_empty()
    }

    /// The scheduled package with `id`.
    pub fn package(&self, id: &str) -> Option<&ScheduledPackage> {
        self.packages.iter().find(|p| p.id == id)
    }
}

/// A work package with its schedule and simulated ranges.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledPackage {
    /// Identifier.
    pub id: String,
    /// What is done.
    pub name: Bilingual,
    /// Access path, `None` for internal work.
    pub path: Option<String>,
    /// Product phase.
    pub phase: Phase,
    /// Kind of step.
    pub kind: PackageKind,
    /// Predecessors.
    pub depends_on: Vec<String>,
    /// Whether data are available when it is finished.
    pub delivers_data: bool,
    /// Duration estimate in weeks.
    pub duration_weeks: ThreePoint,
    /// Where the duration comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_source: Option<Provenance>,
    /// Expected duration in weeks (mean of the chosen distribution).
    pub expected_weeks: f64,
    /// Earliest start, in weeks from the plan start (expected durations).
    pub earliest_start: f64,
    /// Earliest finish, in weeks from the plan start.
    pub earliest_finish: f64,
    /// Latest start that does not delay the plan.
    pub latest_start: f64,
    /// Latest finish that does not delay the plan.
    pub latest_finish: f64,
    /// Total float in weeks (latest minus earliest start).
    pub slack_weeks: f64,
    /// Whether the package is on a critical path (zero float).
    pub critical: bool,
    /// Share of simulation draws in which the package was critical (0–1).
    pub criticality: f64,
    /// Simulated finish in weeks from the plan start.
    pub finish_weeks: Quantiles,
    /// Simulated one-off cost in euros (priced items only).
    pub cost_once: Quantiles,
    /// Simulated yearly running cost in euros (priced items only).
    pub cost_yearly: Quantiles,
    /// Number of its costs that could not be priced (listed in [`Plan::unknown_costs`]).
    pub unknown_costs: usize,
    /// The package's cost items with their ranges and sources.
    pub costs: Vec<CostLine>,
}

/// A cost item as priced in the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// Item identifier.
    pub id: String,
    /// What is paid for.
    pub label: Bilingual,
    /// Kind of spending.
    pub category: CostCategory,
    /// Once or yearly.
    pub recurrence: Recurrence,
    /// How the amount was given.
    pub amount: CostAmount,
    /// The range in euros; `None` when the cost is unknown.
    pub eur: Option<ThreePoint>,
    /// Expected euros under the chosen distribution; `None` when unknown.
    pub expected_eur: Option<f64>,
    /// Source of the figure.
    pub provenance: Provenance,
    /// The internal rate used for an effort item, with its own source.
    pub rate: Option<Rate>,
}

/// Why a cost could not be priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnknownReason {
    /// No published figure: the fee has to be asked for.
    FeeUnknown,
    /// An effort item whose internal rate is not set.
    RateUnset {
        /// The missing rate.
        rate: RateKind,
    },
}

/// A cost the plan could not price, with the question for the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnknownCost {
    /// Work package.
    pub package_id: String,
    /// Cost item.
    pub item_id: String,
    /// What is paid for.
    pub label: Bilingual,
    /// Why it is unknown.
    pub reason: UnknownReason,
    /// What to ask the user.
    pub question: Bilingual,
    /// Once or yearly.
    pub recurrence: Recurrence,
    /// Source information (what is known about the fee).
    pub provenance: Provenance,
}

/// Totals of one access path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathResult {
    /// Path identifier.
    pub id: String,
    /// Display name.
    pub name: Bilingual,
    /// Phases the path serves.
    pub phases: Vec<Phase>,
    /// Earliest start of its first package (expected durations, weeks).
    pub start_weeks: f64,
    /// Earliest finish of its last package (expected durations, weeks).
    pub finish_weeks: f64,
    /// Simulated weeks until its data are available; `None` if no package delivers data.
    pub time_to_data_weeks: Option<Quantiles>,
    /// Simulated one-off cost.
    pub cost_once: Quantiles,
    /// Simulated yearly running cost.
    pub cost_yearly: Quantiles,
    /// Number of its costs that could not be priced.
    pub unknown_costs: usize,
}

/// Totals of one product phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseResult {
    /// The phase.
    pub phase: Phase,
    /// Number of work packages in the phase.
    pub packages: usize,
    /// Simulated one-off cost of its packages.
    pub cost_once: Quantiles,
    /// Simulated yearly running cost of its packages.
    pub cost_yearly: Quantiles,
    /// Simulated weeks until all data of the phase are available; `None` if no package
    /// of the phase delivers data.
    pub time_to_data_weeks: Option<Quantiles>,
    /// Number of its costs that could not be priced.
    pub unknown_costs: usize,
}

/// Totals of the whole plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TotalResult {
    /// Simulated one-off cost (priced items only).
    pub cost_once: Quantiles,
    /// Simulated yearly running cost (priced items only).
    pub cost_yearly: Quantiles,
    /// Simulated weeks until all planned data are available.
    pub time_to_data_weeks: Option<Quantiles>,
    /// Simulated weeks until the last package finishes.
    pub duration_weeks: Quantiles,
    /// Finish of the last package on expected durations (length of the critical path).
    pub expected_duration_weeks: f64,
}

/// What a funding programme could cover, if the application succeeds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundingOffer {
    /// Programme identifier.
    pub id: String,
    /// Programme name.
    pub name: Bilingual,
    /// Share of eligible costs covered.
    pub rate: Option<f64>,
    /// Upper limit of the offset.
    pub cap_eur: Option<f64>,
    /// Conditions to meet.
    pub conditions: Vec<Bilingual>,
    /// Simulated one-off costs of the plan the programme could cover.
    pub eligible_cost: Quantiles,
    /// Simulated possible offset (rate × eligible, capped); `None` when the support is
    /// not a share of costs.
    pub possible_offset: Option<Quantiles>,
    /// Source of the programme facts.
    pub provenance: Provenance,
}

/// Why a plan could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// Two work packages share an identifier.
    #[error("work package {0} is listed more than once")]
    DuplicatePackage(String),
    /// Two access paths share an identifier.
    #[error("access path {0} is listed more than once")]
    DuplicatePath(String),
    /// Two cost items of one package share an identifier.
    #[error("cost item {item} is listed more than once in work package {package}")]
    DuplicateCostItem {
        /// Work package.
        package: String,
        /// Cost item.
        item: String,
    },
    /// A dependency names a package that is not in the plan.
    #[error("work package {package} depends on {dependency}, which is not in the plan")]
    UnknownDependency {
        /// The dependent package.
        package: String,
        /// The missing predecessor.
        dependency: String,
    },
    /// A package names an access path that is not in the plan.
    #[error("work package {package} belongs to access path {path}, which is not in the plan")]
    UnknownPath {
        /// The package.
        package: String,
        /// The missing path.
        path: String,
    },
    /// The dependencies contain a cycle, so no order exists.
    #[error("the dependencies go round in a circle: {}", .0.join(" → "))]
    Cycle(Vec<String>),
    /// A three-point estimate is not `0 ≤ min ≤ likely ≤ max`.
    #[error("{what}: the estimate {min} / {likely} / {max} must satisfy 0 ≤ min ≤ likely ≤ max")]
    InvalidEstimate {
        /// Which estimate.
        what: String,
        /// Given minimum.
        min: f64,
        /// Given most likely value.
        likely: f64,
        /// Given maximum.
        max: f64,
    },
    /// A rate or funding figure is negative, not finite or out of range.
    #[error("{0} is not a valid amount")]
    InvalidAmount(String),
    /// The simulation was asked for zero draws.
    #[error("the simulation needs at least one draw")]
    NoDraws,
}
