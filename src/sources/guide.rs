//! The phase guide: which external access paths fit a company, per product phase,
//! why, and what stands in the way.
//!
//! The guide is a transparent points system, not a model: every point a path gets or
//! loses is a [`Reason`] with its text, every obstacle a [`Blocker`] with a severity.
//! The same request always gives the same result. The MDR/IVDR class changes the
//! result where the regulation does (class III and implantable devices need a
//! clinical investigation for approval). For the recommended combination of paths per
//! phase, the seed's four hurdles are made explicit as [`Hurdles`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{
    AccessPath, CompanyAccess, DataKind, Domain, Iterative, Lifecycle, PathStatus,
    Representativeness,
};
use super::plan_data::Span3;
use super::{KnowledgeBase, Recurrence};
use crate::company::{CompanyProfile, Phase, RiskClass};
use crate::i18n::{Lang, t, tf};

/// Weeks per month for converting time budgets.
const WEEKS_PER_MONTH: f64 = 4.345;
/// A recommendation below this score is not put into a combination.
const COMBINATION_MIN_SCORE: u8 = 35;
/// At most this many paths form a combination.
const COMBINATION_MAX_PATHS: usize = 3;

/// What the company needs from external data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Needs {
    /// Data kinds needed; empty = the phase's typical needs.
    pub data_kinds: Vec<DataKind>,
    /// Minimum clinical depth (0 aggregate … 3 deep phenotyping).
    pub clinical_depth: Option<u8>,
    /// Whether the data must represent the target population (implied for AI in
    /// design and validation, AI Act Art. 10).
    pub representativeness: bool,
    /// Whether images are needed.
    pub imaging: bool,
    /// Whether free text (letters, findings) is needed.
    pub free_text: bool,
    /// Whether the work needs iterative access (train, look, adjust, repeat).
    pub iterative: bool,
    /// Time until data must be available, in months.
    pub time_budget_months: Option<f64>,
    /// Money available for data access (fees and transaction costs), in EUR.
    pub money_budget_eur: Option<f64>,
    /// Number of hospitals, practices or DIZ the company already cooperates with.
    pub clinical_partners: u32,
    /// Whether the product is an implantable device.
    pub implantable: bool,
    /// Indications or product groups of the product (e.g. `oncology`); paths limited
    /// to other indications rank low.
    pub indications: Vec<String>,
    /// Whether an AI model in the field must be monitored for drift (post-market).
    pub drift_monitoring: bool,
}

/// What the company's own data catalogue already holds (the lead fills it from the
/// catalogue).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OwnData {
    /// Kinds of data found in the catalogue.
    pub data_kinds: Vec<DataKind>,
    /// Code systems found (`ICD-10-GM`, `LOINC`, `SNOMED CT` …).
    pub code_systems: Vec<String>,
    /// Whether the catalogue holds lab values without LOINC codes.
    pub lab_without_loinc: bool,
    /// Whether own data are available as FHIR resources.
    pub fhir: bool,
    /// Whether own data are mapped to the OMOP CDM.
    pub omop: bool,
}

impl OwnData {
    /// Summarises a data catalogue: which kinds of health data and code systems the
    /// company holds (from detected code systems and file formats), and whether lab
    /// values come without LOINC codes (units present, LOINC absent in a file).
    pub fn from_catalog(catalog: &crate::catalog::Catalog) -> OwnData {
        let mut own = OwnData::default();
        for file in &catalog.files {
            let has = |name: &str| {
                file.code_systems
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(name))
            };
            let mut kinds = Vec::new();
            if has("ICD-10-GM") {
                kinds.push(DataKind::Diagnoses);
            }
            if has("OPS") {
                kinds.push(DataKind::Procedures);
            }
            if has("ATC") || has("PZN") {
                kinds.push(DataKind::Medication);
            }
            if has("LOINC") {
                kinds.push(DataKind::Lab);
            } else if has("UCUM") && file.special_category {
                kinds.push(DataKind::Lab);
                own.lab_without_loinc = true;
            }
            match file.format.as_str() {
                "dicom" => kinds.push(DataKind::Imaging),
                "fhir-json" | "fhir-xml" => own.fhir = true,
                _ => {}
            }
            if has("OMOP") {
                own.omop = true;
            }
            own.data_kinds.extend(kinds);
            own.code_systems.extend(file.code_systems.iter().cloned());
        }
        own.data_kinds.sort();
        own.data_kinds.dedup();
        own.code_systems.sort();
        own.code_systems.dedup();
        own
    }

    fn has_code(&self, name: &str) -> bool {
        self.code_systems
            .iter()
            .any(|c| c.eq_ignore_ascii_case(name))
    }
}

/// Everything the guide needs to know; also the format of `--profile FILE`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuideRequest {
    /// The company profile.
    pub company: CompanyProfile,
    /// Needs.
    pub needs: Needs,
    /// Summary of the own catalogue.
    pub own_data: OwnData,
}

/// How serious a blocker or notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Makes the path unusable for this company or time frame.
    Critical,
    /// A real obstacle to plan for.
    Warning,
    /// Worth knowing.
    Info,
}

/// One contribution to a score, with its explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// Stable code (e.g. `phase_fit`, `iterative_no`).
    pub code: String,
    /// Points added or taken away.
    pub points: i32,
    /// Explanation for people.
    pub text: String,
}

/// An obstacle on a path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocker {
    /// Stable code (e.g. `lead_time`, `secure_environment`, `single_site_bias`).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// Explanation for people.
    pub text: String,
}

/// A notice for a phase or the whole company (regulation, own data).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice {
    /// Stable code (e.g. `clinical_investigation_required`).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// Explanation for people.
    pub text: String,
    /// Regulatory anchor or cost item it refers to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<String>,
}

/// An access mode suggested for a path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModeSuggestion {
    /// Mode id.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Why it fits.
    pub why: String,
}

/// One ranked access path for a phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// Rank within the phase, starting at 1.
    pub rank: usize,
    /// Path id.
    pub path: String,
    /// Name for people.
    pub name: String,
    /// Score 0–100; the reasons add up to it (before clamping).
    pub score: u8,
    /// Status of the path.
    pub status: PathStatus,
    /// Needed data kinds the path provides.
    pub covers: Vec<DataKind>,
    /// Why the path scores as it does.
    pub reasons: Vec<Reason>,
    /// What stands in the way, most serious first.
    pub blockers: Vec<Blocker>,
    /// Access modes that make it possible.
    pub access_modes: Vec<ModeSuggestion>,
    /// Weeks until data (critical path of the work-package template).
    pub time_to_data_weeks: Span3,
    /// Fees for the default scenarios (unknown when not published).
    pub fees_eur: Span3,
}

impl Recommendation {
    /// Whether a critical blocker rules the path out for this company.
    pub fn is_blocked(&self) -> bool {
        self.blockers
            .iter()
            .any(|b| b.severity == Severity::Critical)
    }
}

/// Fragmentation: how many separate procedures a combination needs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fragmentation {
    /// Applications, contracts and ethics votes.
    pub procedures: usize,
    /// Separate data holders or authorities.
    pub holders: usize,
    /// Explanation.
    pub text: String,
}

/// Long procedures: the critical path until data arrive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LongProcedures {
    /// Weeks until the last path delivers (paths run in parallel).
    pub weeks: Span3,
    /// Weeks at least, counting unknown steps as zero.
    pub at_least_weeks: f64,
    /// The path that determines the time.
    pub critical_path: Option<String>,
    /// Whether the likely time exceeds the time budget (`None` without budget or
    /// when unknown).
    pub exceeds_budget: Option<bool>,
    /// Explanation.
    pub text: String,
}

/// Cost predictability: the spread between best and worst case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CostPredictability {
    /// Fees and one-off transaction costs in EUR (min/likely/max).
    pub eur: Span3,
    /// Worst case divided by best case.
    pub spread: Option<f64>,
    /// Items whose cost nobody published (ask for them).
    pub unknown_items: Vec<String>,
    /// Explanation.
    pub text: String,
}

/// Lifecycle: whether access can be repeated for re-training and PMCF.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LifecycleHurdle {
    /// What the combination as a whole supports: the weakest path decides.
    pub support: Lifecycle,
    /// Support per path.
    pub per_path: Vec<(String, Lifecycle)>,
    /// Work-package steps that recur every year.
    pub recurring_steps: usize,
    /// Explanation.
    pub text: String,
}

/// The seed's four hurdles for a combination of paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hurdles {
    /// Fragmented landscape.
    pub fragmentation: Fragmentation,
    /// Long procedures.
    pub long_procedures: LongProcedures,
    /// Unpredictable costs.
    pub cost_predictability: CostPredictability,
    /// Missing lifecycle governance.
    pub lifecycle: LifecycleHurdle,
}

/// The recommended combination of paths for a phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Combination {
    /// Path ids, best first.
    pub paths: Vec<String>,
    /// Needed kinds the combination provides.
    pub covers: Vec<DataKind>,
    /// Needed kinds nobody in the combination provides.
    pub missing: Vec<DataKind>,
    /// The four hurdles.
    pub hurdles: Hurdles,
}

/// The guide for one phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseGuide {
    /// The phase.
    pub phase: Phase,
    /// Its name.
    pub name: String,
    /// What the phase needs external data for.
    pub purpose: String,
    /// Data kinds the guide looked for.
    pub needed: Vec<DataKind>,
    /// Needed kinds the own catalogue already covers.
    pub covered_by_own_data: Vec<DataKind>,
    /// Notices for the phase.
    pub notices: Vec<Notice>,
    /// Ranked paths.
    pub recommendations: Vec<Recommendation>,
    /// The recommended combination and its hurdles (none when nothing fits).
    pub combination: Option<Combination>,
}

/// The whole guide.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guide {
    /// Domain of the paths considered.
    pub domain: Domain,
    /// The day the guide was made for (planned paths and deadlines are compared
    /// with it).
    pub today: NaiveDate,
    /// Phases, in life-cycle order.
    pub phases: Vec<PhaseGuide>,
}

/// Options of a guide run.
#[derive(Clone, Debug)]
pub struct GuideOptions {
    /// Only these phases (empty = the company's phases, or all five).
    pub phases: Vec<Phase>,
    /// Domain of paths (default from the company's sector).
    pub domain: Option<Domain>,
    /// The day to plan from.
    pub today: NaiveDate,
    /// Language of the texts.
    pub lang: Lang,
}

/// Builds the guide. Deterministic: the same knowledge base, request and options
/// always give the same guide.
pub fn build(kb: &KnowledgeBase, request: &GuideRequest, options: &GuideOptions) -> Guide {
    let domain = options
        .domain
        .unwrap_or(if request.company.sector.is_health() {
            Domain::Health
        } else {
            Domain::Industry
        });
    let phases: Vec<Phase> = if !options.phases.is_empty() {
        options.phases.clone()
    } else if !request.company.phases.is_empty() {
        request.company.phases.clone()
    } else {
        Phase::ALL.to_vec()
    };
    let mut phases: Vec<Phase> = phases;
    phases.sort();
    phases.dedup();
    let ctx = Ctx {
        kb,
        req: request,
        domain,
        today: options.today,
        lang: options.lang,
    };
    Guide {
        domain,
        today: options.today,
        phases: phases.into_iter().map(|p| ctx.phase(p)).collect(),
    }
}

struct Ctx<'a> {
    kb: &'a KnowledgeBase,
    req: &'a GuideRequest,
    domain: Domain,
    today: NaiveDate,
    lang: Lang,
}

fn fmt_weeks(lang: Lang, w: f64) -> String {
    lang.number(w, if w.fract().abs() < 1e-9 { 0 } else { 1 })
}

/// "1 Woche", "19 Wochen", "4,3 Wochen".
fn weeks_label(lang: Lang, w: f64) -> String {
    if (w - 1.0).abs() < 1e-9 {
        t(lang, "sources.unit_week_one")
    } else {
        super::Unit::Weeks.format(lang, w)
    }
}

fn fmt_eur(lang: Lang, v: f64) -> String {
    lang.number(v.round(), 0)
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        t(self.lang, &format!("sources.{key}"))
    }

    fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        tf(self.lang, &format!("sources.{key}"), args)
    }

    fn kinds(&self, kinds: &[DataKind]) -> String {
        kinds
            .iter()
            .map(|k| k.label(self.lang))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn health(&self) -> bool {
        self.domain == Domain::Health
    }

    fn class(&self) -> Option<RiskClass> {
        self.req.company.risk_class
    }

    /// Class III, IVDR class D, or implantable: a clinical investigation or
    /// performance study of its own is normally required.
    fn needs_investigation(&self) -> bool {
        self.class()
            .is_some_and(RiskClass::needs_own_clinical_investigation)
            || self.req.needs.implantable
    }

    fn needs_representativeness(&self, phase: Phase) -> bool {
        self.req.needs.representativeness
            || (self.health()
                && self.req.company.uses_ai
                && matches!(phase, Phase::Design | Phase::Validation))
    }

    fn budget_weeks(&self) -> Option<f64> {
        self.req
            .needs
            .time_budget_months
            .map(|m| m * WEEKS_PER_MONTH)
    }

    /// "6 Monate (26 Wochen)".
    fn budget_label(&self) -> String {
        let Some(months) = self.req.needs.time_budget_months else {
            return String::new();
        };
        self.tf(
            "budget_months",
            &[
                ("months", &fmt_weeks(self.lang, months)),
                (
                    "weeks",
                    &fmt_weeks(self.lang, (months * WEEKS_PER_MONTH).round()),
                ),
            ],
        )
    }

    fn needed_kinds(&self, phase: Phase) -> Vec<DataKind> {
        let needs = &self.req.needs;
        let mut kinds: Vec<DataKind> = if !needs.data_kinds.is_empty() {
            needs.data_kinds.clone()
        } else if let Some(info) = self.kb.phase(phase) {
            let list = if self.health() {
                &info.needs
            } else {
                &info.industry_needs
            };
            list.iter().flat_map(|n| n.kinds.iter().copied()).collect()
        } else {
            Vec::new()
        };
        if needs.imaging {
            kinds.push(DataKind::Imaging);
        }
        if needs.free_text {
            kinds.push(DataKind::FreeText);
        }
        if self.health() && phase == Phase::Approval {
            if self.needs_investigation() {
                kinds.push(DataKind::ClinicalInvestigation);
            } else if self.class().is_some() && self.class() != Some(RiskClass::MdrIib) {
                // Lower classes may base the clinical evaluation on retrospective
                // clinical data of adequate quantity and quality instead.
                kinds.retain(|k| *k != DataKind::ClinicalInvestigation);
                kinds.extend([DataKind::Diagnoses, DataKind::Lab]);
            }
        }
        if self.health() && phase == Phase::PostMarket && needs.drift_monitoring {
            kinds.push(DataKind::DeviceUsage);
        }
        kinds.sort();
        kinds.dedup();
        kinds
    }

    fn phase(&self, phase: Phase) -> PhaseGuide {
        let info = self.kb.phase(phase);
        let name = info
            .map(|i| i.name.get(self.lang).to_owned())
            .unwrap_or_else(|| phase.id().to_owned());
        let purpose = if self.health() {
            info.map(|i| i.purpose.get(self.lang).to_owned())
                .unwrap_or_default()
        } else {
            self.t(&format!("industry_purpose_{}", phase.id()))
        };
        let needed = self.needed_kinds(phase);
        let own = &self.req.own_data;
        // Own data count as covering a need except where the need is exactly the
        // external evidence that own data cannot give (representative or
        // independent data, clinical investigation).
        let covered_by_own_data: Vec<DataKind> = needed
            .iter()
            .copied()
            .filter(|k| own.data_kinds.contains(k))
            .filter(|k| *k != DataKind::ClinicalInvestigation)
            .collect();
        let independent = phase == Phase::Validation || self.needs_representativeness(phase);
        let remaining: Vec<DataKind> = if independent {
            needed.clone()
        } else {
            needed
                .iter()
                .copied()
                .filter(|k| !covered_by_own_data.contains(k))
                .collect()
        };
        let notices = self.notices(phase, &needed, &covered_by_own_data, independent);
        let mut recs: Vec<Recommendation> = self
            .kb
            .paths_for(self.domain)
            .filter(|p| p.phase_fit.get(phase) > 0)
            .filter(|p| p.status != PathStatus::Ended)
            .filter(|p| p.eligibility.value != CompanyAccess::No)
            .map(|p| self.recommend(p, phase, &remaining, &needed))
            .collect();
        recs.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.path.cmp(&b.path)));
        for (i, r) in recs.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        let combination = self.combination(phase, &recs, &remaining);
        PhaseGuide {
            phase,
            name,
            purpose,
            needed,
            covered_by_own_data,
            notices,
            recommendations: recs,
            combination,
        }
    }

    fn notices(
        &self,
        phase: Phase,
        needed: &[DataKind],
        own: &[DataKind],
        independent: bool,
    ) -> Vec<Notice> {
        let mut out = Vec::new();
        let mut push = |code: &str, severity: Severity, text: String, refers: Option<&str>| {
            out.push(Notice {
                code: code.to_owned(),
                severity,
                text,
                refers_to: refers.map(str::to_owned),
            })
        };
        if !own.is_empty() {
            let text = if independent {
                self.tf(
                    "notice_own_data_not_independent",
                    &[("kinds", &self.kinds(own))],
                )
            } else {
                self.tf("notice_own_data_covers", &[("kinds", &self.kinds(own))])
            };
            push("own_data_covers", Severity::Info, text, None);
        }
        if self.health() {
            let class = self.class();
            let ivdr = class.is_some_and(|c| {
                matches!(
                    c,
                    RiskClass::IvdrA | RiskClass::IvdrB | RiskClass::IvdrC | RiskClass::IvdrD
                )
            });
            match phase {
                Phase::Approval | Phase::Validation if self.needs_investigation() => {
                    let key = if ivdr {
                        "notice_performance_study_required"
                    } else if phase == Phase::Approval {
                        "notice_ci_required"
                    } else {
                        "notice_ci_plan_now"
                    };
                    let severity = if phase == Phase::Approval {
                        Severity::Critical
                    } else {
                        Severity::Warning
                    };
                    let anchor = if ivdr { "ivdr_art56" } else { "mdr_art61_4" };
                    push(
                        "clinical_investigation_required",
                        severity,
                        self.t(key),
                        Some(anchor),
                    );
                }
                Phase::Approval if class == Some(RiskClass::MdrIib) => push(
                    "clinical_investigation_possible",
                    Severity::Warning,
                    self.t("notice_iib"),
                    Some("mdr_art61_annex_xiv"),
                ),
                Phase::Approval if class.is_some() && !ivdr => push(
                    "clinical_evaluation",
                    Severity::Info,
                    self.t("notice_clinical_evaluation"),
                    Some("mdr_art61_annex_xiv"),
                ),
                _ => {}
            }
            if ivdr && matches!(phase, Phase::Validation | Phase::Approval) {
                push(
                    "ivdr_performance_evaluation",
                    Severity::Info,
                    self.t("notice_ivdr_art56"),
                    Some("ivdr_art56"),
                );
            }
            if self.req.company.uses_ai && matches!(phase, Phase::Design | Phase::Validation) {
                push(
                    "ai_act_art10",
                    Severity::Warning,
                    self.t("notice_ai_act"),
                    Some("ai_act_art10"),
                );
            }
            if phase == Phase::PostMarket {
                push(
                    "pms_obligation",
                    Severity::Info,
                    self.t("notice_pms"),
                    Some("mdr_annex_iii_pms"),
                );
                if self.req.needs.drift_monitoring {
                    push(
                        "drift_monitoring",
                        Severity::Warning,
                        self.t("notice_drift"),
                        Some("mdr_art61_annex_xiv"),
                    );
                }
            }
            let lab_needed = needed.contains(&DataKind::Lab);
            let own_lab = self.req.own_data.data_kinds.contains(&DataKind::Lab);
            if own_lab
                && (self.req.own_data.lab_without_loinc || !self.req.own_data.has_code("LOINC"))
                && (lab_needed || matches!(phase, Phase::Design | Phase::Validation))
            {
                push(
                    "map_lab_to_loinc",
                    Severity::Warning,
                    self.t("notice_loinc"),
                    Some("loinc_mapping"),
                );
            }
        }
        out
    }

    #[allow(clippy::too_many_lines)]
    fn recommend(
        &self,
        p: &AccessPath,
        phase: Phase,
        remaining: &[DataKind],
        all_needed: &[DataKind],
    ) -> Recommendation {
        // The company's own data paths are measured against everything the phase
        // needs; external paths only against what own data do not cover.
        let needed = if p.category == "own_data" {
            all_needed
        } else {
            remaining
        };
        let lang = self.lang;
        let needs = &self.req.needs;
        let mut reasons: Vec<Reason> = Vec::new();
        let mut blockers: Vec<Blocker> = Vec::new();
        let mut reason = |code: &str, points: i32, text: String| {
            reasons.push(Reason {
                code: code.to_owned(),
                points,
                text,
            })
        };
        let mut block = |code: &str, severity: Severity, text: String| {
            blockers.push(Blocker {
                code: code.to_owned(),
                severity,
                text,
            })
        };
        let short_name = p.short.get(lang).to_owned();
        let short = short_name.as_str();

        // 1. Phase fit.
        let fit = p.phase_fit.get(phase);
        let fit_points = match fit {
            3 => 40,
            2 => 28,
            _ => 12,
        };
        reason(
            "phase_fit",
            fit_points,
            self.tf(&format!("reason_fit_{fit}"), &[("path", short)]),
        );

        // 2. Coverage of the needed kinds.
        let covers: Vec<DataKind> = needed
            .iter()
            .copied()
            .filter(|k| p.data_kinds.contains(k))
            .collect();
        if !needed.is_empty() {
            if covers.is_empty() {
                reason(
                    "coverage_none",
                    -25,
                    self.tf("reason_coverage_none", &[("kinds", &self.kinds(needed))]),
                );
            } else {
                let points = (25.0 * covers.len() as f64 / needed.len() as f64).round() as i32;
                reason(
                    "coverage",
                    points,
                    self.tf(
                        "reason_coverage",
                        &[
                            ("kinds", &self.kinds(&covers)),
                            ("n", &covers.len().to_string()),
                            ("of", &needed.len().to_string()),
                        ],
                    ),
                );
            }
        }

        // Indication-specific paths (cancer registries, implant registry).
        if !p.indications.is_empty() {
            let mut wanted: Vec<String> = needs.indications.clone();
            if needs.implantable {
                wanted.push("implants".to_owned());
            }
            let matches = p
                .indications
                .iter()
                .any(|i| wanted.iter().any(|w| w.eq_ignore_ascii_case(i)));
            let list = p
                .indications
                .iter()
                .map(|i| self.t(&format!("indication_{i}")))
                .collect::<Vec<_>>()
                .join(", ");
            if matches {
                reason(
                    "indication_match",
                    10,
                    self.tf("reason_indication_match", &[("indications", &list)]),
                );
            } else {
                reason(
                    "indication_other",
                    -20,
                    self.tf("reason_indication_other", &[("indications", &list)]),
                );
                block(
                    "indication",
                    Severity::Info,
                    self.tf("blocker_indication", &[("indications", &list)]),
                );
            }
        }

        // 3. Clinical depth.
        if let Some(want) = needs.clinical_depth {
            match p.clinical_depth.value() {
                Some(have) if have >= f64::from(want) => reason(
                    "depth_ok",
                    10,
                    self.tf("reason_depth_ok", &[("level", &fmt_weeks(lang, have))]),
                ),
                Some(have) => {
                    let gap = f64::from(want) - have;
                    reason(
                        "depth_low",
                        -(8.0 * gap) as i32,
                        self.tf(
                            "reason_depth_low",
                            &[
                                ("level", &fmt_weeks(lang, have)),
                                ("want", &want.to_string()),
                            ],
                        ),
                    );
                }
                None => reason("depth_unknown", -5, self.t("reason_depth_unknown")),
            }
        }

        // 4. Representativeness.
        if self.needs_representativeness(phase) {
            let ai = self.req.company.uses_ai;
            match p.representativeness.value {
                Representativeness::Population => {
                    reason("representative", 10, self.t("reason_repr_population"))
                }
                Representativeness::MultiSite => {
                    reason("representative", 6, self.t("reason_repr_multi_site"))
                }
                Representativeness::Cohort => {
                    reason("representative", 2, self.t("reason_repr_cohort"));
                    block(
                        "cohort_not_patients",
                        Severity::Info,
                        self.t("blocker_cohort"),
                    );
                }
                Representativeness::SingleSite => {
                    reason("single_site", -10, self.t("reason_repr_single_site"));
                    let key = if ai {
                        "blocker_single_site_ai"
                    } else {
                        "blocker_single_site"
                    };
                    block("single_site_bias", Severity::Warning, self.t(key));
                }
                Representativeness::Unclear => {
                    reason(
                        "representativeness_unclear",
                        -5,
                        self.t("reason_repr_unclear"),
                    );
                    block(
                        "unclear_representativeness",
                        Severity::Warning,
                        self.t("blocker_unclear_repr"),
                    );
                }
                Representativeness::NotApplicable => {}
            }
        }

        // 5. Iterative access.
        let limits = p
            .analysis_limits
            .as_ref()
            .and_then(|l| Some((l.window_days.value()?, l.usage_days.value()?)));
        let day_price = p
            .fees
            .iter()
            .find(|f| f.per == super::FeeBasis::UsageDay)
            .and_then(|f| f.price.likely.value);
        if let Some((window, usage)) = limits {
            let text = match day_price {
                Some(price) => self.tf(
                    "blocker_analysis_days_priced",
                    &[
                        ("usage", &fmt_weeks(lang, usage)),
                        ("window", &fmt_weeks(lang, window)),
                        ("price", &fmt_eur(lang, price)),
                    ],
                ),
                None => self.tf(
                    "blocker_analysis_days",
                    &[
                        ("usage", &fmt_weeks(lang, usage)),
                        ("window", &fmt_weeks(lang, window)),
                    ],
                ),
            };
            let severity = if needs.iterative {
                Severity::Warning
            } else {
                Severity::Info
            };
            block("analysis_day_limit", severity, text);
        }
        if needs.iterative {
            match p.iterative.value {
                Iterative::Yes => reason("iterative", 10, self.t("reason_iterative_yes")),
                Iterative::WithinWindow => {
                    reason("iterative_window", 2, self.t("reason_iterative_window"))
                }
                Iterative::No => {
                    reason("iterative_no", -15, self.t("reason_iterative_no"));
                    block(
                        "no_iterative_access",
                        Severity::Warning,
                        self.t("blocker_no_iterative"),
                    );
                }
                Iterative::Unknown => {
                    reason("iterative_unknown", -3, self.t("reason_iterative_unknown"))
                }
            }
        }

        // 6. Imaging and free text.
        for (wanted, kind, code) in [
            (needs.imaging, DataKind::Imaging, "imaging"),
            (needs.free_text, DataKind::FreeText, "free_text"),
        ] {
            if !wanted {
                continue;
            }
            if p.data_kinds.contains(&kind) {
                reason(
                    &format!("{code}_yes"),
                    8,
                    self.tf("reason_kind_yes", &[("kind", &kind.label(lang))]),
                );
            } else {
                reason(
                    &format!("{code}_no"),
                    -10,
                    self.tf("reason_kind_no", &[("kind", &kind.label(lang))]),
                );
            }
        }

        // 7. Secure processing environment.
        if p.secure_environment {
            let severity = if needs.iterative || needs.imaging {
                Severity::Warning
            } else {
                Severity::Info
            };
            reason("secure_environment", -3, self.t("reason_spe"));
            block("secure_environment", severity, self.t("blocker_spe"));
        }

        // 8. Eligibility and partners.
        match p.eligibility.value {
            CompanyAccess::Yes => reason("eligible", 5, self.t("reason_eligible")),
            CompanyAccess::Unknown if p.status == PathStatus::NotResearched => {}
            CompanyAccess::Unknown => {
                reason(
                    "eligibility_unknown",
                    -8,
                    self.t("reason_eligibility_unknown"),
                );
                block(
                    "company_eligibility",
                    Severity::Warning,
                    self.tf("blocker_eligibility_unknown", &[("path", short)]),
                );
            }
            CompanyAccess::ViaPartner if needs.clinical_partners == 0 => {
                reason("no_partner", -8, self.t("reason_no_partner"));
                block(
                    "needs_partner",
                    Severity::Warning,
                    self.t("blocker_needs_partner"),
                );
            }
            CompanyAccess::ViaPartner => reason(
                "partner",
                8,
                self.tf(
                    "reason_partner",
                    &[("n", &needs.clinical_partners.to_string())],
                ),
            ),
            CompanyAccess::No => {}
        }

        // 9. Status and availability.
        match p.status {
            PathStatus::Pilot => {
                reason("pilot", -5, self.t("reason_pilot"));
                block("status_pilot", Severity::Warning, self.t("blocker_pilot"));
            }
            PathStatus::Project => {
                reason("project", -15, self.t("reason_project"));
                block(
                    "status_project",
                    Severity::Warning,
                    self.t("blocker_project"),
                );
            }
            PathStatus::NotResearched => {
                reason("not_researched", -20, self.t("reason_not_researched"));
                block(
                    "not_researched",
                    Severity::Info,
                    self.t("blocker_not_researched"),
                );
            }
            _ => {}
        }
        let budget = self.budget_weeks();
        if let Some(from) = p.available_from
            && from.0 > self.today
        {
            let deadline = budget.map(|w| self.today + chrono::Days::new((w * 7.0) as u64));
            let date = from.label(lang);
            let too_late = deadline.is_none_or(|d| from.0 > d);
            if too_late {
                reason(
                    "not_yet_available",
                    -40,
                    self.tf("reason_not_yet", &[("date", &date)]),
                );
                block(
                    "status_planned",
                    Severity::Critical,
                    self.tf("blocker_planned", &[("date", &date)]),
                );
            } else {
                block(
                    "status_planned",
                    Severity::Warning,
                    self.tf("blocker_planned_within", &[("date", &date)]),
                );
            }
        }

        // 10. Time budget.
        let budget_label = self.budget_label();
        let ttd = p.time_to_data_with(needs.clinical_partners > 0);
        let weeks = ttd.weeks;
        match (weeks.likely, budget) {
            (_, Some(b)) if weeks.min.is_some_and(|m| m > b) => {
                let min = weeks.min.unwrap_or_default();
                reason(
                    "lead_time_exceeds",
                    -25,
                    self.tf(
                        "reason_time_min_over",
                        &[
                            ("weeks", &weeks_label(lang, min)),
                            ("budget", &budget_label),
                        ],
                    ),
                );
                block(
                    "lead_time",
                    Severity::Critical,
                    self.tf(
                        "blocker_time_min_over",
                        &[
                            ("weeks", &weeks_label(lang, min)),
                            ("budget", &budget_label),
                        ],
                    ),
                );
            }
            (Some(likely), Some(b)) if likely > b => {
                reason(
                    "lead_time_tight",
                    -10,
                    self.tf(
                        "reason_time_likely_over",
                        &[
                            ("weeks", &weeks_label(lang, likely)),
                            ("budget", &budget_label),
                        ],
                    ),
                );
                block(
                    "lead_time",
                    Severity::Warning,
                    self.tf(
                        "blocker_time_likely_over",
                        &[
                            ("weeks", &weeks_label(lang, likely)),
                            ("budget", &budget_label),
                        ],
                    ),
                );
            }
            (Some(likely), Some(b)) => {
                reason(
                    "lead_time_fits",
                    5,
                    self.tf(
                        "reason_time_fits",
                        &[
                            ("weeks", &weeks_label(lang, likely)),
                            ("budget", &budget_label),
                        ],
                    ),
                );
                if let Some(max) = weeks.max.filter(|m| *m > b) {
                    block(
                        "lead_time",
                        Severity::Info,
                        self.tf(
                            "blocker_time_max_over",
                            &[
                                ("weeks", &weeks_label(lang, max)),
                                ("budget", &budget_label),
                            ],
                        ),
                    );
                }
            }
            (Some(likely), None) => block(
                "lead_time",
                Severity::Info,
                self.tf(
                    "blocker_time_info",
                    &[("weeks", &weeks_label(lang, likely))],
                ),
            ),
            (None, _) => {
                reason("lead_time_unknown", -3, self.t("reason_time_unknown"));
                let text = if ttd.at_least_weeks > 0.0 {
                    self.tf(
                        "blocker_time_unknown_at_least",
                        &[("weeks", &weeks_label(lang, ttd.at_least_weeks))],
                    )
                } else {
                    self.t("blocker_time_unknown")
                };
                block("lead_time_unknown", Severity::Info, text);
            }
        }
        if needs.drift_monitoring
            && phase == Phase::PostMarket
            && let Some(lag) = p.data_lag.as_ref().and_then(|l| l.value())
        {
            reason(
                "data_lag",
                -10,
                self.tf("reason_data_lag", &[("months", &fmt_weeks(lang, lag))]),
            );
            block(
                "data_lag",
                Severity::Warning,
                self.tf("blocker_data_lag", &[("months", &fmt_weeks(lang, lag))]),
            );
        }

        // 11. Money budget.
        let fees = p.fee_range();
        let fee_span = Span3 {
            min: fees.min,
            likely: fees.likely,
            max: fees.max,
            mark: None,
        };
        match (fees.schedule_published, self.req.needs.money_budget_eur) {
            (false, _) => block(
                "fees_unknown",
                Severity::Info,
                self.t("blocker_fees_unknown"),
            ),
            (true, Some(money)) => {
                let show = |v: f64| fmt_eur(lang, v);
                if let Some(min) = fees.min.filter(|m| *m > money) {
                    reason(
                        "fees_over_budget",
                        -25,
                        self.tf(
                            "reason_fees_min_over",
                            &[("eur", &show(min)), ("budget", &show(money))],
                        ),
                    );
                    block(
                        "money_budget",
                        Severity::Critical,
                        self.tf(
                            "blocker_fees_min_over",
                            &[("eur", &show(min)), ("budget", &show(money))],
                        ),
                    );
                } else if let Some(likely) = fees.likely.filter(|m| *m > money) {
                    reason(
                        "fees_tight",
                        -10,
                        self.tf(
                            "reason_fees_likely_over",
                            &[("eur", &show(likely)), ("budget", &show(money))],
                        ),
                    );
                    block(
                        "money_budget",
                        Severity::Warning,
                        self.tf(
                            "blocker_fees_likely_over",
                            &[("eur", &show(likely)), ("budget", &show(money))],
                        ),
                    );
                } else if let Some(max) = fees.max.filter(|m| *m > money) {
                    block(
                        "money_budget",
                        Severity::Info,
                        self.tf(
                            "blocker_fees_max_over",
                            &[("eur", &show(max)), ("budget", &show(money))],
                        ),
                    );
                } else if let Some(max) = fees.max {
                    reason(
                        "fees_fit",
                        3,
                        self.tf(
                            "reason_fees_fit",
                            &[("eur", &show(max)), ("budget", &show(money))],
                        ),
                    );
                }
            }
            (true, None) => {}
        }

        // 12. Life cycle (post-market) and own data.
        if phase == Phase::PostMarket {
            match p.lifecycle.value {
                Lifecycle::Yes => reason("lifecycle", 10, self.t("reason_lifecycle_yes")),
                Lifecycle::Partial => {
                    reason("lifecycle_partial", 3, self.t("reason_lifecycle_partial"))
                }
                Lifecycle::No => {
                    reason("lifecycle_no", -10, self.t("reason_lifecycle_no"));
                    block(
                        "no_repeated_access",
                        Severity::Warning,
                        self.t("blocker_lifecycle_no"),
                    );
                }
                Lifecycle::Unknown => {}
            }
        }
        if p.category == "own_data" {
            let held: Vec<DataKind> = p
                .data_kinds
                .iter()
                .copied()
                .filter(|k| self.req.own_data.data_kinds.contains(k))
                .collect();
            if held.is_empty() {
                block(
                    "set_up_collection",
                    Severity::Info,
                    self.t("blocker_own_data_missing"),
                );
            } else {
                reason(
                    "own_data_present",
                    10,
                    self.tf("reason_own_data_present", &[("kinds", &self.kinds(&held))]),
                );
            }
        }

        // 13. Regulation: clinical investigation for class III / implantables.
        if self.health() && matches!(phase, Phase::Approval | Phase::Validation) {
            let is_ci = p.data_kinds.contains(&DataKind::ClinicalInvestigation);
            let class = self.class();
            if self.needs_investigation() {
                if is_ci {
                    let points = if phase == Phase::Approval { 30 } else { 10 };
                    reason("mdr_art61_4", points, self.t("reason_ci_required"));
                } else if phase == Phase::Approval {
                    reason("supportive_only", -15, self.t("reason_supportive_only"));
                    block(
                        "retrospective_not_enough",
                        Severity::Warning,
                        self.t("blocker_retrospective_not_enough"),
                    );
                }
            } else if !is_ci
                && phase == Phase::Approval
                && class.is_some_and(|c| c != RiskClass::MdrIib)
                && p.clinical_depth.value().is_some_and(|d| d >= 2.0)
            {
                reason(
                    "retrospective_evaluation",
                    15,
                    self.t("reason_retrospective_ok"),
                );
            } else if is_ci && phase == Phase::Approval {
                match class {
                    Some(RiskClass::MdrIib) => reason("ci_possible", 10, self.t("reason_ci_iib")),
                    Some(_) => reason("ci_not_required", -25, self.t("reason_ci_not_required")),
                    None => {}
                }
            }
        }

        // 14. Own lab data without LOINC.
        if self.health()
            && p.data_kinds.contains(&DataKind::Lab)
            && self.req.own_data.data_kinds.contains(&DataKind::Lab)
            && (self.req.own_data.lab_without_loinc || !self.req.own_data.has_code("LOINC"))
        {
            block(
                "harmonisation_loinc",
                Severity::Info,
                self.t("blocker_loinc"),
            );
        }
        if p.id == "fdpg_mii" && !self.req.own_data.fhir && !self.req.own_data.data_kinds.is_empty()
        {
            block("harmonisation_fhir", Severity::Info, self.t("blocker_fhir"));
        }

        let total: i32 = reasons.iter().map(|r| r.points).sum();
        let score = total.clamp(0, 100) as u8;
        blockers.sort_by_key(|b| b.severity);
        Recommendation {
            rank: 0,
            path: p.id.clone(),
            name: p.name.get(lang).to_owned(),
            score,
            status: p.status,
            covers,
            reasons,
            blockers,
            access_modes: self.modes(p, phase),
            time_to_data_weeks: weeks,
            fees_eur: fee_span,
        }
    }

    fn modes(&self, p: &AccessPath, phase: Phase) -> Vec<ModeSuggestion> {
        let needs = &self.req.needs;
        let mut out: Vec<(i32, ModeSuggestion)> = Vec::new();
        for id in &p.access_modes {
            let Some(mode) = self.kb.mode(id) else {
                continue;
            };
            // Modes that fit the needs come first; the explanation is the mode's own.
            let mut rank = 0;
            if needs.iterative && mode.iterative {
                rank += 2;
            }
            if needs.imaging {
                rank += if mode.imaging { 2 } else { -10 };
            }
            if self.needs_representativeness(phase)
                && matches!(id.as_str(), "federated_learning" | "swarm_learning")
            {
                rank += 5;
            }
            if !mode.data_leave_holder {
                rank += 1;
            }
            let why = if needs.imaging && !mode.imaging {
                self.t("mode_why_no_images")
            } else {
                self.t(&format!("mode_why_{id}"))
            };
            out.push((
                rank,
                ModeSuggestion {
                    id: id.clone(),
                    name: mode.name.get(self.lang).to_owned(),
                    why,
                },
            ));
        }
        out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        out.into_iter().map(|(_, m)| m).collect()
    }

    fn combination(
        &self,
        phase: Phase,
        recs: &[Recommendation],
        needed: &[DataKind],
    ) -> Option<Combination> {
        let usable: Vec<&Recommendation> = recs
            .iter()
            .filter(|r| !r.is_blocked() && r.score >= COMBINATION_MIN_SCORE)
            .filter(|r| !r.blockers.iter().any(|b| b.code == "indication"))
            .filter(|r| {
                self.kb.path(&r.path).is_some_and(|p| {
                    !matches!(p.status, PathStatus::NotResearched | PathStatus::Project)
                })
            })
            .collect();
        let first = usable.first()?;
        let mut chosen: Vec<&Recommendation> = vec![first];
        let mut covered: Vec<DataKind> = first.covers.clone();
        let wants_repr = self.needs_representativeness(phase);
        for r in usable.iter().skip(1) {
            if chosen.len() >= COMBINATION_MAX_PATHS {
                break;
            }
            let adds_kind = r.covers.iter().any(|k| !covered.contains(k));
            let single_site_only = chosen
                .iter()
                .all(|c| c.blockers.iter().any(|b| b.code == "single_site_bias"));
            let adds_breadth = wants_repr
                && single_site_only
                && !r.blockers.iter().any(|b| b.code == "single_site_bias");
            if adds_kind || adds_breadth {
                covered.extend(r.covers.iter().copied());
                chosen.push(r);
            }
        }
        covered.sort();
        covered.dedup();
        let missing: Vec<DataKind> = needed
            .iter()
            .copied()
            .filter(|k| !covered.contains(k))
            .collect();
        let paths: Vec<&AccessPath> = chosen
            .iter()
            .filter_map(|r| self.kb.path(&r.path))
            .collect();
        Some(Combination {
            paths: paths.iter().map(|p| p.id.clone()).collect(),
            covers: covered,
            missing,
            hurdles: self.hurdles(&paths),
        })
    }

    fn hurdles(&self, paths: &[&AccessPath]) -> Hurdles {
        let lang = self.lang;
        let partner = self.req.needs.clinical_partners > 0;
        // Fragmentation.
        let procedures: usize = paths.iter().map(|p| p.procedures()).sum();
        let holders = paths
            .iter()
            .filter(|p| !p.category.starts_with("own_"))
            .count();
        let fragmentation = Fragmentation {
            procedures,
            holders,
            text: self.tf(
                "hurdle_fragmentation",
                &[
                    ("procedures", &procedures.to_string()),
                    ("holders", &holders.to_string()),
                ],
            ),
        };
        // Long procedures: paths run in parallel, the slowest decides.
        let mut weeks: Option<Span3> = None;
        let mut at_least = 0.0_f64;
        let mut critical: Option<(String, f64)> = None;
        for p in paths {
            let ttd = p.time_to_data_with(partner);
            weeks = Some(match weeks {
                None => ttd.weeks,
                Some(w) => w.max_with(ttd.weeks),
            });
            at_least = at_least.max(ttd.at_least_weeks);
            let key = ttd.weeks.likely.unwrap_or(ttd.at_least_weeks);
            if critical.as_ref().is_none_or(|(_, k)| key > *k) {
                critical = Some((p.id.clone(), key));
            }
        }
        let weeks = weeks.unwrap_or_default();
        let budget = self.budget_weeks();
        let exceeds_budget = match (weeks.likely, budget) {
            (Some(l), Some(b)) => Some(l > b),
            _ => None,
        };
        let critical_path = critical.map(|(id, _)| id);
        let crit_name = critical_path
            .as_deref()
            .and_then(|id| self.kb.path(id))
            .map(|p| p.short.get(lang).to_owned())
            .unwrap_or_default();
        let long_text = match (weeks.min, weeks.likely, weeks.max) {
            (Some(a), Some(b), Some(c)) => self.tf(
                "hurdle_time",
                &[
                    ("min", &fmt_weeks(lang, a)),
                    ("likely", &fmt_weeks(lang, b)),
                    ("max", &fmt_weeks(lang, c)),
                    ("path", &crit_name),
                ],
            ),
            _ => self.tf(
                "hurdle_time_unknown",
                &[
                    ("weeks", &weeks_label(lang, at_least)),
                    ("path", &crit_name),
                ],
            ),
        };
        let long_procedures = LongProcedures {
            weeks,
            at_least_weeks: at_least,
            critical_path,
            exceeds_budget,
            text: long_text,
        };
        // Cost predictability: fees plus one-off transaction costs of the steps.
        let mut eur = Span3::zero();
        let mut unknown_items: Vec<String> = Vec::new();
        for p in paths {
            let fees = p.fee_range();
            if fees.schedule_published {
                for line in fees.lines.iter().filter(|l| l.amount.is_known()) {
                    eur = eur + line.amount;
                }
                for id in &fees.unknown {
                    unknown_items.push(format!("{}:{}", p.id, id));
                }
            } else {
                unknown_items.push(format!("{}:fees", p.id));
            }
            for step in &p.steps {
                if step.recurs == Recurrence::Yearly || (partner && step.skip_if_partner) {
                    continue;
                }
                for c in &step.costs {
                    let Some(item) = self.kb.cost_item(c) else {
                        continue;
                    };
                    let cost = self.kb.cost_range(item);
                    if cost.is_known() {
                        eur = eur + cost;
                    } else {
                        unknown_items.push(c.clone());
                    }
                }
            }
        }
        unknown_items.sort();
        unknown_items.dedup();
        // Only known items are summed; unknown ones are listed, so the range is what
        // can be planned today plus the items still to be asked for.
        let spread = match (eur.min, eur.max) {
            (Some(a), Some(b)) if a > 0.0 => Some(b / a),
            _ => None,
        };
        let unknown = unknown_items.len().to_string();
        let cost_text = match (eur.min, eur.max, spread) {
            (Some(a), Some(b), Some(s)) => self.tf(
                if unknown_items.is_empty() {
                    "hurdle_cost"
                } else {
                    "hurdle_cost_partial"
                },
                &[
                    ("min", &fmt_eur(lang, a)),
                    ("max", &fmt_eur(lang, b)),
                    ("spread", &lang.number(s, 1)),
                    ("unknown", &unknown),
                ],
            ),
            _ => self.tf("hurdle_cost_unknown", &[("unknown", &unknown)]),
        };
        let cost_predictability = CostPredictability {
            eur,
            spread,
            unknown_items,
            text: cost_text,
        };
        // Life cycle: the weakest path decides what the combination can promise.
        let per_path: Vec<(String, Lifecycle)> = paths
            .iter()
            .map(|p| (p.id.clone(), p.lifecycle.value))
            .collect();
        let support = per_path
            .iter()
            .map(|(_, l)| *l)
            .max()
            .unwrap_or(Lifecycle::Unknown);
        let lasting: Vec<String> = paths
            .iter()
            .filter(|p| p.lifecycle.value == Lifecycle::Yes)
            .map(|p| p.short.get(lang).to_owned())
            .collect();
        let recurring_steps = paths.iter().map(|p| p.recurring_steps().count()).sum();
        let suffix = if self.health() { "" } else { "_industry" };
        let key = match support {
            Lifecycle::Yes => "hurdle_lifecycle_yes",
            Lifecycle::Partial => "hurdle_lifecycle_partial",
            Lifecycle::No => "hurdle_lifecycle_no",
            Lifecycle::Unknown => "hurdle_lifecycle_unknown",
        };
        let mut text = self.t(&format!("{key}{suffix}"));
        if support != Lifecycle::Yes && !lasting.is_empty() {
            text.push(' ');
            text.push_str(&self.tf(
                "hurdle_lifecycle_lasting",
                &[("paths", &lasting.join(", "))],
            ));
        }
        let lifecycle = LifecycleHurdle {
            support,
            per_path,
            recurring_steps,
            text,
        };
        Hurdles {
            fragmentation,
            long_procedures,
            cost_predictability,
            lifecycle,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CatalogFile};

    fn file(format: &str, codes: &[&str], special: bool) -> CatalogFile {
        CatalogFile {
            format: format.to_owned(),
            code_systems: codes.iter().map(|c| (*c).to_owned()).collect(),
            special_category: special,
            ..CatalogFile::default()
        }
    }

    #[test]
    fn own_data_is_read_from_the_catalogue() {
        let catalog = Catalog {
            files: vec![
                file("csv", &["ICD-10-GM", "UCUM"], true),
                file("dicom", &[], true),
                file("fhir-json", &["LOINC"], true),
                file("csv", &["ATC"], false),
            ],
            ..Catalog::default()
        };
        let own = OwnData::from_catalog(&catalog);
        assert_eq!(
            own.data_kinds,
            [
                DataKind::Diagnoses,
                DataKind::Medication,
                DataKind::Lab,
                DataKind::Imaging
            ]
        );
        assert!(own.lab_without_loinc);
        assert!(own.fhir);
        assert!(!own.omop);
        assert_eq!(own.code_systems, ["ATC", "ICD-10-GM", "LOINC", "UCUM"]);
    }

    #[test]
    fn needs_follow_the_phase_and_the_class() {
        let kb = KnowledgeBase::embedded();
        let ctx = |request: &GuideRequest, domain: Domain, phase: Phase| {
            Ctx {
                kb,
                req: request,
                domain,
                today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
                lang: Lang::En,
            }
            .needed_kinds(phase)
        };
        let mut request = GuideRequest::default();
        request.company.risk_class = Some(RiskClass::MdrIii);
        let kinds = ctx(&request, Domain::Health, Phase::Approval);
        assert!(kinds.contains(&DataKind::ClinicalInvestigation));
        request.company.risk_class = Some(RiskClass::MdrI);
        let kinds = ctx(&request, Domain::Health, Phase::Approval);
        assert!(!kinds.contains(&DataKind::ClinicalInvestigation));
        assert!(kinds.contains(&DataKind::Lab));
        // Industry phases have their own needs.
        let kinds = ctx(&request, Domain::Industry, Phase::Design);
        assert!(kinds.contains(&DataKind::MachineData));
    }
}
