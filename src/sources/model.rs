//! The typed knowledge base: access paths, phases, access modes, transaction costs,
//! internal rates, funding programmes and regulatory anchors.
//!
//! Field names are the TOML keys (see `knowledge/README.md`). Every number is a
//! [`Figure`] or [`Estimate3`] with its references; texts people read are [`Text`]
//! in German and English.

use serde::{Deserialize, Serialize};

use super::figure::{Date, Estimate3, Figure, Mark, SourceDate, Text};
use crate::company::{CompanySize, Phase, RiskClass};

/// Where an item was read from, for problem reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Origin {
    /// File name as shown to people (relative to its folder, or `<built-in>/…`).
    pub file: String,
    /// Key path of the item inside the file (`cost_item`, 3).
    pub prefix: Vec<Seg>,
}

/// One step of a key path inside a TOML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A cited source: a law, a web page, a published document, or an internal note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Stable id that figures cite in `src`.
    pub id: String,
    /// What the source is (title of the page, law and paragraph, document).
    pub title: String,
    /// Kind of source; decides which fields are required.
    pub kind: ReferenceKind,
    /// Address of the source (required for laws and web pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publisher or author (required for documents without an address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The source's own date: "Stand", publication date or the version in force.
    pub date: SourceDate,
    /// Anything a reader should know about the source (e.g. a mirror of a law text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// Kinds of [`Reference`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A law, ordinance or regulation text (primary or a law-portal mirror).
    Law,
    /// A web page of an operator, authority, publisher or press.
    Web,
    /// A published document (paper, white paper, transcript).
    Document,
    /// An explicit assumption of the knowledge-base authors where nothing is
    /// published; figures citing it are estimates meant to be replaced by the user.
    Assumption,
}

/// Which companies an access path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Health data; relevant to MedTech and digital-health companies.
    Health,
    /// Industrial and business data.
    Industry,
    /// Open or cross-sector data useful to any company.
    General,
}

impl Domain {
    /// Whether a path of this domain is shown for the given focus.
    pub fn matches(self, focus: Domain) -> bool {
        self == focus || self == Domain::General || focus == Domain::General
    }
}

/// Whether and since when an access path works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathStatus {
    /// In regular operation.
    Operational,
    /// A pilot: access possible for some users, terms may change.
    Pilot,
    /// Decided but not yet available (see `available_from`).
    Planned,
    /// A research or network project without a regular data offer.
    Project,
    /// Discontinued.
    Ended,
    /// Listed so the gap is visible, but not researched yet.
    NotResearched,
}

impl PathStatus {
    /// Identifier as in the data files.
    pub fn id(self) -> &'static str {
        match self {
            PathStatus::Operational => "operational",
            PathStatus::Pilot => "pilot",
            PathStatus::Planned => "planned",
            PathStatus::Project => "project",
            PathStatus::Ended => "ended",
            PathStatus::NotResearched => "not_researched",
        }
    }
}

/// Kinds of data, shared by access paths, phase needs and the company's own data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// Statutory health insurance claims (Abrechnungsdaten).
    Claims,
    /// Coded diagnoses (ICD-10-GM).
    Diagnoses,
    /// Coded procedures and therapies (OPS).
    Procedures,
    /// Prescriptions and medication.
    Medication,
    /// Laboratory results.
    Lab,
    /// Vital signs and physiological measurements.
    VitalSigns,
    /// Medical images (DICOM).
    Imaging,
    /// Free text: letters, findings, notes.
    FreeText,
    /// Biosamples and data about them.
    Biosamples,
    /// Genomic data.
    Genomics,
    /// Study examinations and questionnaires of a cohort.
    CohortExams,
    /// Tumour documentation (diagnosis, therapy, course).
    TumourDocumentation,
    /// Implant and device identifiers with procedure data.
    ImplantData,
    /// Long-term outcomes and follow-up.
    Outcomes,
    /// Data from a clinical investigation or performance study of the own device.
    ClinicalInvestigation,
    /// Usage, interaction and log data of the own device in the field.
    DeviceUsage,
    /// Complaints, incidents and vigilance reports.
    Vigilance,
    /// Aggregated official statistics.
    PopulationStatistics,
    /// Official microdata (person- or company-level survey records).
    OfficialMicrodata,
    /// Open datasets of public bodies (geodata, environment, infrastructure …).
    OpenData,
    /// Machine and production data.
    MachineData,
    /// Data generated by connected products and related services.
    ProductData,
    /// Supply-chain and logistics data.
    SupplyChain,
    /// Metadata about datasets (catalogues), no data itself.
    Metadata,
}

impl DataKind {
    /// Identifier as in the data files.
    pub fn id(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Name for people.
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        crate::i18n::t(lang, &format!("sources.kind_{}", self.id()))
    }
}

/// A 0–3 judgement of the knowledge-base authors with its basis (clinical depth,
/// population coverage).
pub type Level = Figure;

/// Fit of a path to each product phase (0 = not useful … 3 = primary source).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseFit {
    /// Concept.
    pub concept: u8,
    /// Design and prototyping.
    pub design: u8,
    /// Verification and validation.
    pub validation: u8,
    /// Approval and certification.
    pub approval: u8,
    /// Post-market.
    pub post_market: u8,
    /// Mark of the judgement (normally `estimate`).
    pub mark: Mark,
    /// References the judgement rests on.
    #[serde(default)]
    pub src: Vec<String>,
    /// Reasoning.
    pub basis: Option<Text>,
}

impl PhaseFit {
    /// The fit for one phase.
    pub fn get(&self, phase: Phase) -> u8 {
        match phase {
            Phase::Concept => self.concept,
            Phase::Design => self.design,
            Phase::Validation => self.validation,
            Phase::Approval => self.approval,
            Phase::PostMarket => self.post_market,
        }
    }
}

/// Whether companies may use a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyAccess {
    /// Companies may apply themselves.
    Yes,
    /// Only together with an eligible partner (a hospital, a university), or
    /// companies receive anonymised results only.
    ViaPartner,
    /// Companies are excluded.
    No,
    /// No source says; ask the operator.
    Unknown,
}

/// A qualitative statement with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim<T> {
    /// The statement.
    pub value: T,
    /// How sure it is.
    pub mark: Mark,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
    /// Explanation for people.
    pub note: Option<Text>,
}

/// Whether analyses can be repeated and refined while working with the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Iterative {
    /// Repeated access for as long as the agreement runs.
    Yes,
    /// Iterative only inside a limited analysis window.
    WithinWindow,
    /// One delivery per approved application.
    No,
    /// Not documented.
    Unknown,
}

/// Whether a path supports access over the product life cycle (re-training, PMCF).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Continuous or routinely repeatable access.
    Yes,
    /// Repeatable, but each time with a new (possibly simplified) application.
    Partial,
    /// Designed for one-off projects.
    No,
    /// Not documented.
    Unknown,
}

/// How well the population behind a path represents patients in Germany.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Representativeness {
    /// (Nearly) the whole population or a complete national registry.
    Population,
    /// Several sites or a large registry for one indication.
    MultiSite,
    /// A volunteer cohort: broad, but not a patient population.
    Cohort,
    /// A single site or practice: site-specific bias likely.
    SingleSite,
    /// Depends on which data providers joined; not documented.
    Unclear,
    /// Not person-level data.
    NotApplicable,
}

/// Limits of an analysis window in a secure environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisLimits {
    /// Length of a window in calendar days.
    pub window_days: Figure,
    /// Days with a login allowed in a window.
    pub usage_days: Figure,
    /// Explanation.
    pub note: Option<Text>,
}

/// A legal basis with its references.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// Law and paragraph, e.g. "§§ 303a–303f SGB V".
    pub text: Text,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
}

/// What a fee is charged for; tells the cost model what to multiply by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeBasis {
    /// Once per application.
    Application,
    /// Per data year (Jahrgang) analysed.
    DataYear,
    /// Per day with a login in a secure environment.
    UsageDay,
    /// Per training.
    Training,
    /// Per additional training module.
    Module,
    /// Per unit of a price list (e.g. statistic × survey year).
    Unit,
    /// Per site or data provider.
    Site,
    /// Per year of use.
    Year,
}

/// One line of an operator's fee schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// Id, unique within the path.
    pub id: String,
    /// Name for people (with the paragraph of the ordinance).
    pub name: Text,
    /// What the price is charged for.
    pub per: FeeBasis,
    /// Price per unit in EUR.
    pub price: Estimate3,
    /// Default quantities for the min/likely/max scenario (unit `count`); the plan
    /// lets the user change them.
    pub quantity: Estimate3,
}

/// Kinds of fee rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeRuleKind {
    /// The operator may raise the fees (e.g. doubling for exceptional effort).
    Surcharge,
    /// The operator may lower the fees.
    Reduction,
    /// What is due when an application is withdrawn before processing starts.
    WithdrawalBeforeStart,
    /// What is due when an application is withdrawn after processing started; rules
    /// of this kind add up.
    WithdrawalAfterStart,
}

/// A rule that changes fees: the named fees times `factor`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeRule {
    /// Id, unique within the path.
    pub id: String,
    /// Kind of rule.
    pub kind: FeeRuleKind,
    /// Name for people.
    pub name: Text,
    /// When it applies.
    pub condition: Text,
    /// Multiplier (unit `factor`).
    pub factor: Figure,
    /// Fee ids it applies to.
    pub applies_to: Vec<String>,
    /// Whether a commercial company can get it.
    pub companies: bool,
}

/// Kinds of work-package steps; the plan schedules them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Internal preparation (scripts on test data, project description).
    Preparation,
    /// Registration of the institution or the user.
    Registration,
    /// Feasibility query (case counts).
    Feasibility,
    /// Writing and submitting an application.
    Application,
    /// Ethics committee vote.
    EthicsVote,
    /// Data protection impact assessment (DSFA/DPIA).
    Dpia,
    /// Review and decision by the data holder.
    Review,
    /// Contract negotiation and signature.
    Contract,
    /// Training (e.g. for a secure environment).
    Training,
    /// Harmonisation of data to a common model (OMOP, FHIR, LOINC).
    Harmonisation,
    /// Technical integration (interfaces to KIS/LIS/PVS, connectors).
    Integration,
    /// Data become available (delivery or opening of the analysis room).
    DataAccess,
    /// Analysis work on the data.
    Analysis,
    /// Own data collection (e.g. a clinical investigation).
    Collection,
}

impl StepKind {
    /// Whether the step is a separate procedure with a data holder or authority
    /// (counted as fragmentation).
    pub fn is_procedure(self) -> bool {
        matches!(
            self,
            StepKind::Application | StepKind::Contract | StepKind::EthicsVote
        )
    }
}

/// How often a step repeats over the product life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// Once.
    Once,
    /// Every year (post-market surveillance, re-training).
    Yearly,
}

/// One work-package step of an access path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Id, unique within the path.
    pub id: String,
    /// What kind of work it is.
    pub kind: StepKind,
    /// Name for people.
    pub name: Text,
    /// Duration in weeks.
    pub duration: Estimate3,
    /// Steps that must finish first.
    #[serde(default)]
    pub after: Vec<String>,
    /// Transaction-cost items (ids in `transaction-costs.toml`) this step incurs.
    #[serde(default)]
    pub costs: Vec<String>,
    /// Fees (ids of this path) due at this step.
    #[serde(default)]
    pub fees: Vec<String>,
    /// Whether the step recurs over the life cycle.
    #[serde(default = "once")]
    pub recurs: Recurrence,
    /// Whether the step falls away when the company already has a cooperation
    /// partner (e.g. finding a hospital).
    #[serde(default)]
    pub skip_if_partner: bool,
    /// Explanation for people.
    pub note: Option<Text>,
}

fn once() -> Recurrence {
    Recurrence::Once
}

/// One external data access path (Zugangsweg) with everything the phase guide and
/// the cost plan need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessPath {
    /// Stable id (e.g. `fdz_gesundheit`).
    pub id: String,
    /// Which companies the path is for.
    pub domain: Domain,
    /// Category (e.g. `public_claims_data`, `registry`, `open_data`).
    pub category: String,
    /// Full name.
    pub name: Text,
    /// Short name for tables and explanations.
    pub short: Text,
    /// Indications or product groups the path is limited to (e.g. `oncology`,
    /// `implants`); empty = any.
    #[serde(default)]
    pub indications: Vec<String>,
    /// Who runs it.
    pub operator: Text,
    /// What it offers, in two or three sentences.
    pub summary: Text,
    /// Whether it works today.
    pub status: PathStatus,
    /// Since when (for operational and pilot paths, where a date is published).
    #[serde(default)]
    pub status_since: Option<Date>,
    /// From when it will be available (for planned paths).
    #[serde(default)]
    pub available_from: Option<Date>,
    /// Explanation of the status.
    pub status_note: Option<Text>,
    /// References for the status and dates.
    #[serde(default)]
    pub status_src: Vec<String>,
    /// Kinds of data available.
    pub data_kinds: Vec<DataKind>,
    /// Access modes offered (ids in `access-modes.toml`).
    pub access_modes: Vec<String>,
    /// Whether analyses must run in a secure processing environment of the holder.
    pub secure_environment: bool,
    /// Population behind the data.
    pub representativeness: Claim<Representativeness>,
    /// Clinical depth on the 0–3 scale (0 aggregate statistics … 3 deep phenotyping).
    pub clinical_depth: Level,
    /// Population coverage on the 0–3 scale (0 single site … 3 national population).
    pub population_coverage: Level,
    /// Fit to each product phase.
    pub phase_fit: PhaseFit,
    /// Whether companies may use it.
    pub eligibility: Claim<CompanyAccess>,
    /// Whether access is iterative.
    pub iterative: Claim<Iterative>,
    /// Whether access can be repeated over the life cycle (re-training, PMCF).
    pub lifecycle: Claim<Lifecycle>,
    /// Limits of the analysis window, where there are any.
    #[serde(default)]
    pub analysis_limits: Option<AnalysisLimits>,
    /// Time from the first step to data access, in weeks.
    pub lead_time: Estimate3,
    /// How far the newest data lag behind the present, in months (claims and
    /// registries), where known.
    #[serde(default)]
    pub data_lag: Option<Figure>,
    /// Legal bases.
    #[serde(default)]
    pub legal_basis: Vec<LegalBasis>,
    /// Why the path helps, for people.
    #[serde(default)]
    pub helps: Vec<Text>,
    /// What stands in the way, for people.
    #[serde(default)]
    pub hurts: Vec<Text>,
    /// General references of the path.
    #[serde(default)]
    pub src: Vec<String>,
    /// Fee schedule; empty when the operator publishes none (see `fees_note`).
    #[serde(default, rename = "fee")]
    pub fees: Vec<Fee>,
    /// What is known about fees when there is no schedule.
    pub fees_note: Option<Text>,
    /// Rules that change fees.
    #[serde(default, rename = "fee_rule")]
    pub fee_rules: Vec<FeeRule>,
    /// Work-package template for the plan.
    #[serde(default, rename = "step")]
    pub steps: Vec<Step>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// What a product phase needs from data, after the seed documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseInfo {
    /// `concept`, `design`, `validation`, `approval` or `post_market`.
    pub id: Phase,
    /// Name for people.
    pub name: Text,
    /// What the phase uses external data for.
    pub purpose: Text,
    /// Data needs of the phase for health products.
    pub needs: Vec<PhaseNeed>,
    /// Data needs of the phase for companies outside health care.
    #[serde(default)]
    pub industry_needs: Vec<PhaseNeed>,
    /// Regulatory anchors (ids) relevant to the phase.
    #[serde(default)]
    pub anchors: Vec<String>,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// One data need of a phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseNeed {
    /// Data kinds that answer it.
    pub kinds: Vec<DataKind>,
    /// What the data are for.
    pub why: Text,
}

/// A way of working with data that cannot simply be handed over (seed 001).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessMode {
    /// Stable id (e.g. `federated_learning`).
    pub id: String,
    /// Name for people.
    pub name: Text,
    /// How it works.
    pub summary: Text,
    /// Whether the company can work iteratively with it.
    pub iterative: bool,
    /// Whether it works for image data (aggregates do not).
    pub imaging: bool,
    /// Whether person-level data leave the data holder.
    pub data_leave_holder: bool,
    /// Trade-offs for people.
    #[serde(default)]
    pub tradeoffs: Vec<Text>,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// Categories of costs; funding programmes say which they cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// Preparing applications.
    Application,
    /// Lawyers and contracts.
    Legal,
    /// Data protection (DPIA, data-protection officer).
    DataProtection,
    /// Ethics committee fees.
    Ethics,
    /// Fees of authorities (other than data-holder fees).
    AuthorityFee,
    /// Fees of data holders.
    AccessFee,
    /// Harmonisation and mapping (OMOP, FHIR, LOINC).
    Harmonisation,
    /// Technical integration (interfaces, connectors).
    Integration,
    /// Training.
    Training,
    /// Analysis work.
    Analysis,
    /// External consulting.
    Consulting,
    /// Own data collection (clinical investigation).
    Collection,
    /// Testing and validation services (test beds, validation studies).
    Validation,
    /// Research and development staff in general.
    Development,
}

/// A transaction-cost item with a three-point estimate: either an amount in EUR or
/// an effort times an internal rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostItem {
    /// Stable id (cited by work-package steps).
    pub id: String,
    /// Category.
    pub category: CostCategory,
    /// Name for people.
    pub name: Text,
    /// What the estimate covers.
    pub per: Text,
    /// Amount in EUR (when the item is a price).
    #[serde(default)]
    pub amount: Option<Estimate3>,
    /// Effort in person-days or hours (when the item is work).
    #[serde(default)]
    pub effort: Option<Estimate3>,
    /// Rate id (in `rates.toml`) the effort is paid at.
    #[serde(default)]
    pub rate: Option<String>,
    /// Id of the default item this one can replace (e.g. one committee's fee schedule
    /// instead of the generic ethics estimate).
    #[serde(default)]
    pub alternative_of: Option<String>,
    /// Explanation for people.
    pub note: Option<Text>,
    /// References for the note.
    #[serde(default)]
    pub src: Vec<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// An internal-rate parameter (day rate of own staff, lawyer's hourly rate …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Stable id (cited by cost items).
    pub id: String,
    /// Name for people.
    pub name: Text,
    /// The rate (unit `eur_per_day` or `eur_per_hour`).
    pub value: Estimate3,
    /// Explanation for people.
    pub note: Option<Text>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// Whether a funding programme can be applied for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeStatus {
    /// Open for applications (as of the source date).
    Active,
    /// Discontinued.
    Ended,
    /// Not known whether it still runs.
    Unknown,
}

/// A funding rate for some company sizes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingRate {
    /// Company sizes it applies to.
    pub sizes: Vec<CompanySize>,
    /// The rate in percent.
    pub percent: Figure,
    /// Condition (e.g. "young company or structurally weak region").
    pub condition: Option<Text>,
}

/// A funding programme that can offset data-access costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: Text,
    /// Who funds or runs it.
    pub operator: Text,
    /// What it pays for.
    pub summary: Text,
    /// Whether it runs.
    pub status: ProgrammeStatus,
    /// Domain it applies to.
    pub domain: Domain,
    /// Company sizes that are eligible (empty = not restricted by size).
    #[serde(default)]
    pub sizes: Vec<CompanySize>,
    /// Cost categories it can cover.
    pub covers: Vec<CostCategory>,
    /// Funding rates.
    #[serde(default)]
    pub rates: Vec<FundingRate>,
    /// Cap of eligible costs or of the grant, in EUR.
    #[serde(default)]
    pub cap: Option<Figure>,
    /// Cap of a consultant's day rate that is funded.
    #[serde(default)]
    pub day_rate_cap: Option<Figure>,
    /// Time to a funding decision, in weeks.
    #[serde(default)]
    pub decision_time: Option<Figure>,
    /// Conditions people must know.
    #[serde(default)]
    pub conditions: Vec<Text>,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}

/// A dated event of a regulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorDate {
    /// The date.
    pub date: Date,
    /// What happens then.
    pub event: Text,
    /// How sure (e.g. `secondary` for a proposal reported by the press).
    pub mark: Mark,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
}

/// When an anchor applies to a company.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnchorScope {
    /// Only for these risk classes (empty = any).
    pub risk_classes: Vec<RiskClass>,
    /// Only for products with AI.
    pub uses_ai: bool,
    /// Also for implantable devices regardless of class.
    pub implantable: bool,
}

/// A regulatory anchor: why a phase needs which data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Stable id.
    pub id: String,
    /// Title (law and article).
    pub title: Text,
    /// What it requires.
    pub summary: Text,
    /// Phases it concerns.
    pub phases: Vec<Phase>,
    /// Domain (health or general).
    pub domain: Domain,
    /// When it applies.
    #[serde(default)]
    pub scope: AnchorScope,
    /// Dated events.
    #[serde(default)]
    pub dates: Vec<AnchorDate>,
    /// How sure the summary is.
    pub mark: Mark,
    /// References.
    #[serde(default)]
    pub src: Vec<String>,
    #[serde(skip)]
    pub(crate) origin: Origin,
}
