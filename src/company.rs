//! The company profile: who is being assessed.
//!
//! The profile steers the whole assessment: the sector decides which questionnaires
//! and external data sources are relevant, the product phase and the MDR/IVDR risk
//! class decide what evidence a MedTech company needs.

use serde::{Deserialize, Serialize};

/// The industry a company belongs to, as far as it matters for data readiness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Medical devices, in-vitro diagnostics and digital health applications.
    #[default]
    Medtech,
    /// Manufacturing and production.
    Manufacturing,
    /// Services, trade and everything else.
    Services,
    /// Software and IT companies outside health care.
    Software,
    /// Any other sector.
    Other,
}

impl Sector {
    /// Whether the sector deals with health data and health-specific access paths.
    pub fn is_health(self) -> bool {
        matches!(self, Sector::Medtech)
    }
}

/// Company size classes after the EU SME definition (recommendation 2003/361/EC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    /// Fewer than 10 employees.
    Micro,
    /// Fewer than 50 employees.
    #[default]
    Small,
    /// Fewer than 250 employees.
    Medium,
    /// 250 employees or more.
    Large,
}

/// A phase of the MedTech product life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Idea, market and feasibility.
    Concept,
    /// Design and prototyping, including model training.
    Design,
    /// Verification and validation.
    Validation,
    /// Approval and certification (conformity assessment).
    Approval,
    /// Post-market surveillance, PMCF and re-training.
    PostMarket,
}

impl Phase {
    /// All phases in life-cycle order.
    pub const ALL: [Phase; 5] = [
        Phase::Concept,
        Phase::Design,
        Phase::Validation,
        Phase::Approval,
        Phase::PostMarket,
    ];

    /// The identifier used on the command line and in data files.
    pub fn id(self) -> &'static str {
        match self {
            Phase::Concept => "concept",
            Phase::Design => "design",
            Phase::Validation => "validation",
            Phase::Approval => "approval",
            Phase::PostMarket => "post_market",
        }
    }

    /// Parses a command-line or data-file identifier.
    pub fn from_id(id: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// Risk class of a medical device (MDR) or in-vitro diagnostic (IVDR).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    /// MDR class I.
    MdrI,
    /// MDR class IIa.
    MdrIia,
    /// MDR class IIb.
    MdrIib,
    /// MDR class III.
    MdrIii,
    /// IVDR class A.
    IvdrA,
    /// IVDR class B.
    IvdrB,
    /// IVDR class C.
    IvdrC,
    /// IVDR class D.
    IvdrD,
}

impl RiskClass {
    /// Whether the class normally requires a clinical investigation or performance
    /// study of its own, so retrospective data alone is not enough (MDR Art. 61(4),
    /// IVDR class D).
    pub fn needs_own_clinical_investigation(self) -> bool {
        matches!(self, RiskClass::MdrIii | RiskClass::IvdrD)
    }
}

/// What the assessment knows about the company.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyProfile {
    /// Company name as it appears on the report.
    pub name: String,
    /// Industry.
    pub sector: Sector,
    /// Size class.
    pub size: CompanySize,
    /// The product or product line the assessment is about.
    pub product: String,
    /// Current product phases (a company may work on several products).
    pub phases: Vec<Phase>,
    /// MDR/IVDR risk class, for MedTech companies.
    pub risk_class: Option<RiskClass>,
    /// Whether the product uses AI/machine learning (AI Act exposure).
    pub uses_ai: bool,
    /// Who carries out the assessment (consultant, facilitator or the company itself).
    pub assessor: String,
}
