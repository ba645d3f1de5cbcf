//! Work packages, the access paths they belong to, and funding programmes.

use serde::{Deserialize, Serialize};

use super::Bilingual;
use super::cost::{CostCategory, CostItem, Provenance};
use super::estimate::ThreePoint;
use crate::company::Phase;

/// What a work package does; the report groups and explains packages by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    /// Registering the institution or users with a data holder's portal.
    Registration,
    /// Preparing and submitting a data-use application.
    Application,
    /// Obtaining an ethics-committee vote.
    EthicsVote,
    /// Data-protection impact assessment (DSFA/DPIA).
    Dpia,
    /// Negotiating and signing contracts (data-use, processing, cooperation).
    Contract,
    /// The data holder prepares and delivers data or opens the analysis environment.
    DataDelivery,
    /// Harmonising data to a common model (OMOP, FHIR, LOINC …).
    Harmonisation,
    /// Technical integration (interfaces to KIS/LIS, pipelines).
    Integration,
    /// Training, e.g. for a secure processing environment.
    Training,
    /// Analysis or model-training window.
    Analysis,
    /// Internal readiness work found in the catalogue (document a legal basis, map codes).
    Readiness,
    /// Access that repeats every year (post-market surveillance, re-training).
    RecurringAccess,
    /// Anything else.
    Other,
}

impl PackageKind {
    /// Stable identifier (as in JSON), also the suffix of its text key `plan.kind_<id>`.
    pub fn id(self) -> &'static str {
        match self {
            PackageKind::Registration => "registration",
            PackageKind::Application => "application",
            PackageKind::EthicsVote => "ethics_vote",
            PackageKind::Dpia => "dpia",
            PackageKind::Contract => "contract",
            PackageKind::DataDelivery => "data_delivery",
            PackageKind::Harmonisation => "harmonisation",
            PackageKind::Integration => "integration",
            PackageKind::Training => "training",
            PackageKind::Analysis => "analysis",
            PackageKind::Readiness => "readiness",
            PackageKind::RecurringAccess => "recurring_access",
            PackageKind::Other => "other",
        }
    }
}

/// An external data-access path the plan uses (FDZ Gesundheit, a DIZ, a registry …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessPath {
    /// Knowledge-base identifier, e.g. `fdz_gesundheit`.
    pub id: String,
    /// Display name.
    pub name: Bilingual,
    /// Product phases the path serves in this plan.
    #[serde(default)]
    pub phases: Vec<Phase>,
}

/// One step of the plan with its duration, costs and predecessors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkPackage {
    /// Identifier, unique within the plan (e.g. `fdz.application`).
    pub id: String,
    /// What is done.
    pub name: Bilingual,
    /// The access path it belongs to; `None` for internal readiness work.
    #[serde(default)]
    pub path: Option<String>,
    /// The product phase whose data need it serves.
    pub phase: Phase,
    /// What kind of step it is.
    pub kind: PackageKind,
    /// Calendar duration in weeks (including waiting for third parties).
    pub duration_weeks: ThreePoint,
    /// Where the duration comes from; `None` when the caller gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_source: Option<Provenance>,
    /// Work packages that must finish before this one starts (finish-to-start).
    #[serde(default)]
    pub depends_on: Vec<String>,
    /// Whether data are available to the company when this package is finished; its
    /// finish counts towards time-to-data.
    #[serde(default)]
    pub delivers_data: bool,
    /// Costs of the package.
    #[serde(default)]
    pub costs: Vec<CostItem>,
}

/// A funding programme that may offset part of the plan's costs.
///
/// The plan never subtracts funding: it shows what the programme could cover if the
/// application succeeds, together with the programme's conditions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FundingOption {
    /// Knowledge-base identifier, e.g. `zim`.
    pub id: String,
    /// Programme name.
    pub name: Bilingual,
    /// Share of eligible costs covered (0–1); `None` when the support is not a share
    /// of costs (free advice, discounted services).
    pub rate: Option<f64>,
    /// Upper limit of the offset in euros, if any.
    #[serde(default)]
    pub cap_eur: Option<f64>,
    /// Cost categories the programme covers.
    #[serde(default)]
    pub eligible_categories: Vec<CostCategory>,
    /// Cost topics the programme covers ([`CostItem::topic`]); an item is eligible
    /// when its category or its topic is listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eligible_topics: Vec<String>,
    /// Phases whose packages are eligible; empty means every phase.
    #[serde(default)]
    pub eligible_phases: Vec<Phase>,
    /// Conditions a company must meet (size, TRL, de-minimis, deadlines …).
    #[serde(default)]
    pub conditions: Vec<Bilingual>,
    /// Where the programme facts come from.
    pub provenance: Provenance,
}
