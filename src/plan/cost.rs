//! Cost items, where each figure comes from, and the internal rates they use.

use serde::{Deserialize, Serialize};

use super::Bilingual;
use super::estimate::ThreePoint;

/// How far a figure can be trusted (the V/V2/E/U legend of the knowledge base, with
/// user input added).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// Stated in the cited primary source (fee schedule, law, operator page).
    Verified,
    /// Stated only in a secondary source (mirror, press, consultancy).
    Secondary,
    /// Derived or judged by the knowledge-base authors; reasoning in the note.
    Estimate,
    /// Entered by the user for this assessment.
    UserInput,
}

impl Mark {
    /// Stable identifier (as in JSON), also the suffix of its text key `plan.mark_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Mark::Verified => "verified",
            Mark::Secondary => "secondary",
            Mark::Estimate => "estimate",
            Mark::UserInput => "user_input",
        }
    }
}

/// Where a figure comes from: every figure the report shows carries one (DESIGN §6.6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Source: a URL, a legal reference or "user" for own input.
    pub source: String,
    /// Date the figure refers to, as the source states it (ISO 8601 date such as
    /// `2025-02-04`, or year-month); `None` when the source gives none.
    pub as_of: Option<String>,
    /// How far the figure can be trusted.
    pub mark: Mark,
    /// Reasoning behind an estimate, or other context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Provenance {
    /// A figure the user entered on `date` (ISO 8601).
    pub fn user_input(date: &str) -> Provenance {
        Provenance {
            source: "user".to_owned(),
            as_of: Some(date.to_owned()),
            mark: Mark::UserInput,
            note: None,
        }
    }
}

/// What kind of spending a cost item is; funding programmes cover some kinds only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// Fees of an authority, data holder or ethics committee.
    Fee,
    /// Bought-in services: lawyers, consultants, data-protection officers, mapping vendors.
    ExternalService,
    /// Work of the company's own staff.
    InternalEffort,
    /// Anything else (licences, hardware, travel).
    Other,
}

impl CostCategory {
    /// Stable identifier (as in JSON), also the suffix of its text key `plan.category_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            CostCategory::Fee => "fee",
            CostCategory::ExternalService => "external_service",
            CostCategory::InternalEffort => "internal_effort",
            CostCategory::Other => "other",
        }
    }
}

/// Whether a cost is paid once or every year while the product is on the market.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// Paid once for this plan.
    #[default]
    Once,
    /// Paid every year (post-market data access, re-training); shown as running
    /// costs, never added to the one-off total.
    Yearly,
}

impl Recurrence {
    /// Stable identifier (as in JSON), also the suffix of its text key `plan.recurrence_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            Recurrence::Once => "once",
            Recurrence::Yearly => "yearly",
        }
    }
}

/// Which internal rate an effort is priced at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    /// A day of the company's own staff (fully loaded cost).
    StaffDay,
    /// An hour of a lawyer.
    LawyerHour,
    /// A day of an external consultant.
    ConsultantDay,
    /// An hour of an (external) data-protection officer.
    DpoHour,
}

impl RateKind {
    /// All kinds, in the order they are listed.
    pub const ALL: [RateKind; 4] = [
        RateKind::StaffDay,
        RateKind::LawyerHour,
        RateKind::ConsultantDay,
        RateKind::DpoHour,
    ];

    /// Whether the rate is per hour (otherwise per day).
    pub fn is_hourly(self) -> bool {
        matches!(self, RateKind::LawyerHour | RateKind::DpoHour)
    }

    /// Stable identifier (as in JSON), also the suffix of its text key `plan.rate_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            RateKind::StaffDay => "staff_day",
            RateKind::LawyerHour => "lawyer_hour",
            RateKind::ConsultantDay => "consultant_day",
            RateKind::DpoHour => "dpo_hour",
        }
    }
}

/// One internal rate in euros per day or hour (see [`RateKind`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// Euros per unit of the rate kind (≥ 0).
    pub eur: f64,
    /// Where the rate comes from.
    pub provenance: Provenance,
}

/// The internal rates a plan prices effort with. A rate left unset makes every
/// effort priced with it an unknown cost that the user is asked for, never zero.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Day rate of own staff.
    pub staff_day: Option<Rate>,
    /// Hourly rate of a lawyer.
    pub lawyer_hour: Option<Rate>,
    /// Day rate of an external consultant.
    pub consultant_day: Option<Rate>,
    /// Hourly rate of a data-protection officer.
    pub dpo_hour: Option<Rate>,
}

impl Rates {
    /// The rate of `kind`, if set.
    pub fn get(&self, kind: RateKind) -> Option<&Rate> {
        match kind {
            RateKind::StaffDay => self.staff_day.as_ref(),
            RateKind::LawyerHour => self.lawyer_hour.as_ref(),
            RateKind::ConsultantDay => self.consultant_day.as_ref(),
            RateKind::DpoHour => self.dpo_hour.as_ref(),
        }
    }

    /// Sets the rate of `kind`.
    pub fn set(&mut self, kind: RateKind, rate: Rate) {
        let slot = match kind {
            RateKind::StaffDay => &mut self.staff_day,
            RateKind::LawyerHour => &mut self.lawyer_hour,
            RateKind::ConsultantDay => &mut self.consultant_day,
            RateKind::DpoHour => &mut self.dpo_hour,
        };
        *slot = Some(rate);
    }
}

/// How the amount of a cost item is determined.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CostAmount {
    /// A three-point amount in euros.
    Euros {
        /// The amount.
        eur: ThreePoint,
    },
    /// A quantity times a unit price, e.g. 3 data years × 1,000 € (fee schedules).
    PerUnit {
        /// How many units (data years, analysis days, sites …).
        quantity: ThreePoint,
        /// The unit, for people.
        unit: Bilingual,
        /// Euros per unit.
        unit_price_eur: ThreePoint,
    },
    /// Effort priced at an internal rate: days for day rates, hours for hourly rates.
    Effort {
        /// Days or hours.
        quantity: ThreePoint,
        /// The rate it is priced at.
        rate: RateKind,
    },
    /// Not known: no published figure exists. The plan lists the item and the
    /// question to ask the user; totals exclude it and say so.
    Unknown {
        /// What to ask the user, e.g. "What does the Landeskrebsregister charge?".
        question: Bilingual,
    },
}

/// One cost of a work package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostItem {
    /// Identifier, unique within its work package.
    pub id: String,
    /// What is paid for.
    pub label: Bilingual,
    /// Kind of spending.
    pub category: CostCategory,
    /// Finer kind of spending as the knowledge base names its cost categories
    /// (`legal`, `harmonisation`, `access_fee` …), prefixed `internal:` for work of
    /// the company's own staff. Funding programmes that list topics
    /// ([`super::FundingOption::eligible_topics`]) match on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Once or every year.
    #[serde(default)]
    pub recurrence: Recurrence,
    /// The amount.
    pub amount: CostAmount,
    /// Where the figure comes from.
    pub provenance: Provenance,
}
