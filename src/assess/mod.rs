//! From a project to a costed plan and a report: the glue between the catalogue, the
//! knowledge base, the phase guide, the plan engine and the PDF report.
//!
//! [`assess`] takes what a project holds (the catalogue, the stored company profile)
//! plus the user's [`Settings`] and returns an [`Assessment`]:
//! 1. the company profile: from the settings, else the project, else a
//!    [`default_profile`] that the report names as an assumption;
//! 2. findings from the catalogue ([`findings::catalogue_findings`]) and the internal
//!    readiness work they call for ([`findings::readiness_needs`]);
//! 3. the phase guide for all five phases; the access paths to plan are the user's
//!    choice or the guide's recommended combination for each current phase;
//! 4. the plan input ([`expand`]): every chosen path's `[[step]]` template becomes
//!    work packages with fees (and the fee rules the user chose) and
//!    transaction costs priced at internal rates; readiness work becomes a
//!    prerequisite of applications, contracts or harmonisation; paths run in
//!    parallel; yearly steps become running costs; fitting funding programmes become
//!    possible offsets. Unknown figures stay unknown and become questions;
//! 5. the seeded Monte Carlo plan ([`crate::plan::build`]).
//!
//! [`report_data`] turns an assessment (with the catalogue and questionnaire results)
//! into the [`crate::report::ReportData`] the PDF is rendered from.
//!
//! Side effects stay outside: "today", the seed and the settings come in as
//! arguments; nothing here reads the clock, the environment or the network.

mod expand;
mod figures;
pub mod findings;
mod report_data;
pub mod settings;

use chrono::NaiveDate;
use serde::Serialize;

pub use expand::{AssumedDuration, ChoiceOrigin, ChosenPath};
pub use findings::{Area, CatalogueFinding, ReadinessNeed, ReadinessWork};
pub use report_data::{catalogue_summary, report_data};
pub use settings::{DEFAULT_SEED, Settings};

use crate::catalog::Catalog;
use crate::company::{CompanyProfile, Phase, Sector};
use crate::i18n::Lang;
use crate::plan::{self, Plan, PlanError, SimulationOptions};
use crate::questionnaire::{QuestionnaireError, QuestionnaireLibrary, WorkshopResult};
use crate::sources::guide::{self, Guide, GuideOptions, GuideRequest, OwnData};
use crate::sources::{Domain, KnowledgeBase};
use crate::store::{Project, StoreError};

/// Phases a plan covers when the company profile names none.
pub const DEFAULT_PHASES: [Phase; 2] = [Phase::Concept, Phase::Design];

/// Why an assessment could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// The settings file could not be read.
    #[error("cannot read the settings file `{path}`")]
    SettingsRead {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The settings file is not valid.
    #[error("the settings file `{path}` is not valid: {message}")]
    SettingsInvalid {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The logo named in the settings cannot be read.
    #[error("cannot read the logo `{path}`")]
    Logo {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An access path id is not in the knowledge base.
    #[error("the knowledge base has no access path `{0}`; `datenreife sources` lists them")]
    UnknownSource(String),
    /// An access path has no work-package template, so it cannot be planned.
    #[error(
        "access path `{0}` has no work-package template in the knowledge base yet, so it cannot be planned"
    )]
    NotPlannable(String),
    /// A fee rule the settings ask for does not exist.
    #[error("access path `{path}` has no fee rule `{rule}`")]
    UnknownFeeRule {
        /// The path.
        path: String,
        /// The rule.
        rule: String,
    },
    /// A fee rule cannot be applied to a company plan.
    #[error(
        "fee rule `{rule}` of `{path}` cannot be applied: only surcharges and reductions open to companies can"
    )]
    FeeRuleNotApplicable {
        /// The path.
        path: String,
        /// The rule.
        rule: String,
    },
    /// The settings answer a cost or duration the plan does not contain.
    #[error(
        "the settings answer `{0}`, but the plan has no such cost or work package; use the keys `datenreife plan` lists"
    )]
    UnknownAnswer(String),
    /// The project file failed.
    #[error("cannot read the project")]
    Store(#[from] StoreError),
    /// Stored questionnaire answers could not be scored.
    #[error("cannot score the stored questionnaire answers")]
    Questionnaire(#[from] QuestionnaireError),
    /// The plan engine refused the input.
    #[error("cannot build the plan")]
    Plan(#[from] PlanError),
}

impl AssessError {
    /// Whether the error is in what the user asked for (settings, source ids) rather
    /// than in the work; the command line exits with 2 for these.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            AssessError::SettingsRead { .. }
                | AssessError::SettingsInvalid { .. }
                | AssessError::Logo { .. }
                | AssessError::UnknownSource(_)
                | AssessError::NotPlannable(_)
                | AssessError::UnknownFeeRule { .. }
                | AssessError::FeeRuleNotApplicable { .. }
                | AssessError::UnknownAnswer(_)
        )
    }
}

/// Where the company profile of an assessment came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileSource {
    /// The settings file.
    Settings,
    /// The project file.
    Project,
    /// Nobody gave one: [`default_profile`].
    Default,
}

/// How to assess.
#[derive(Clone, Debug)]
pub struct AssessOptions {
    /// The day of the assessment (the caller reads the clock).
    pub today: NaiveDate,
    /// Language of findings, notes and questions.
    pub lang: Lang,
    /// Seed of the simulation; overrides the settings; default [`DEFAULT_SEED`].
    pub seed: Option<u64>,
    /// Access paths to plan; overrides the settings; `None` = settings or guide.
    pub sources: Option<Vec<String>>,
    /// The user's settings.
    pub settings: Settings,
}

impl AssessOptions {
    /// Options with empty settings and the default seed.
    pub fn new(today: NaiveDate, lang: Lang) -> AssessOptions {
        AssessOptions {
            today,
            lang,
            seed: None,
            sources: None,
            settings: Settings::default(),
        }
    }
}

/// The result of an assessment: everything the plan is made of, and the plan.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// The day of the assessment.
    pub today: NaiveDate,
    /// The company profile used.
    pub company: CompanyProfile,
    /// Where it came from.
    pub profile_source: ProfileSource,
    /// Phases the plan covers (the profile's, or [`DEFAULT_PHASES`]).
    pub plan_phases: Vec<Phase>,
    /// Whether the plan phases were assumed because the profile names none.
    pub phases_assumed: bool,
    /// Domain of the access paths considered.
    pub domain: Domain,
    /// What the catalogue tells the guide about own data.
    pub own_data: OwnData,
    /// Findings from the catalogue.
    pub findings: Vec<CatalogueFinding>,
    /// Internal readiness work in the plan.
    pub readiness: Vec<ReadinessNeed>,
    /// Access paths in the plan.
    pub sources: Vec<ChosenPath>,
    /// Step durations nobody published, with the planning assumption used.
    pub assumed_durations: Vec<AssumedDuration>,
    /// Fee rules applied (`path`, `rule`).
    pub fee_rules: Vec<(String, String)>,
    /// The plan; `None` when there is nothing to plan (no path fits and no readiness
    /// work is needed).
    pub plan: Option<Plan>,
    /// The phase guide for all five phases (for the report).
    #[serde(skip)]
    pub guide: Guide,
}

/// The profile assumed when nobody gave one: a small company, MedTech when the
/// catalogue holds health data (else another sector), with [`DEFAULT_PHASES`] left to
/// the plan. The report says that it is an assumption.
pub fn default_profile(catalog: &Catalog) -> CompanyProfile {
    let health = catalog.files.iter().any(findings::is_health_file)
        || catalog.files.iter().any(|f| {
            f.code_systems.iter().any(|c| {
                [
                    "ICD-10-GM",
                    "OPS",
                    "LOINC",
                    "SNOMED CT",
                    "ATC",
                    "PZN",
                    "OMOP",
                ]
                .iter()
                .any(|h| c.eq_ignore_ascii_case(h))
            })
        });
    CompanyProfile {
        sector: if health {
            Sector::Medtech
        } else {
            Sector::Other
        },
        ..CompanyProfile::default()
    }
}

/// The access paths to plan: the user's ids, or the guide's recommended combination
/// for each plan phase.
fn choose(
    kb: &KnowledgeBase,
    guide: &Guide,
    ids: Option<&[String]>,
    plan_phases: &[Phase],
) -> Result<Vec<ChosenPath>, AssessError> {
    let mut chosen: Vec<ChosenPath> = Vec::new();
    match ids {
        Some(ids) if !ids.is_empty() => {
            for id in ids {
                let path = kb
                    .path(id)
                    .ok_or_else(|| AssessError::UnknownSource(id.clone()))?;
                if path.steps.is_empty() {
                    return Err(AssessError::NotPlannable(id.clone()));
                }
                if chosen.iter().any(|c| &c.id == id) {
                    continue;
                }
                let mut phases: Vec<Phase> = plan_phases
                    .iter()
                    .copied()
                    .filter(|p| path.phase_fit.get(*p) > 0)
                    .collect();
                if phases.is_empty()
                    && let Some(best) = Phase::ALL
                        .into_iter()
                        .max_by_key(|p| (path.phase_fit.get(*p), std::cmp::Reverse(*p)))
                {
                    phases.push(best);
                }
                chosen.push(ChosenPath {
                    id: id.clone(),
                    phases,
                    chosen_by: ChoiceOrigin::User,
                });
            }
        }
        _ => {
            for phase in &guide.phases {
                if !plan_phases.contains(&phase.phase) {
                    continue;
                }
                let Some(combination) = &phase.combination else {
                    continue;
                };
                for id in &combination.paths {
                    if kb.path(id).is_none_or(|p| p.steps.is_empty()) {
                        continue;
                    }
                    match chosen.iter_mut().find(|c| &c.id == id) {
                        Some(c) => {
                            if !c.phases.contains(&phase.phase) {
                                c.phases.push(phase.phase);
                            }
                        }
                        None => chosen.push(ChosenPath {
                            id: id.clone(),
                            phases: vec![phase.phase],
                            chosen_by: ChoiceOrigin::Guide,
                        }),
                    }
                }
            }
        }
    }
    Ok(chosen)
}

/// Assesses a catalogue: profile, findings, readiness work, guide, chosen paths and
/// the seeded plan. Deterministic: the same inputs and options give the same
/// assessment, down to the bytes of its JSON.
///
/// # Errors
/// Usage errors ([`AssessError::is_usage`]) for unknown paths, rules or answers, and
/// [`AssessError::Plan`] when the plan engine refuses the input.
pub fn assess(
    kb: &KnowledgeBase,
    catalog: &Catalog,
    stored_profile: Option<CompanyProfile>,
    options: &AssessOptions,
) -> Result<Assessment, AssessError> {
    let lang = options.lang;
    let settings = &options.settings;
    let (company, profile_source) = match (&settings.company, stored_profile) {
        (Some(c), _) => (c.clone(), ProfileSource::Settings),
        (None, Some(c)) => (c, ProfileSource::Project),
        (None, None) => (default_profile(catalog), ProfileSource::Default),
    };
    let phases_assumed = company.phases.is_empty();
    let mut plan_phases = if phases_assumed {
        DEFAULT_PHASES.to_vec()
    } else {
        company.phases.clone()
    };
    plan_phases.sort();
    plan_phases.dedup();
    let domain = if company.sector.is_health() {
        Domain::Health
    } else {
        Domain::Industry
    };
    let own_data = OwnData::from_catalog(catalog);
    let findings = findings::catalogue_findings(catalog, &own_data, lang);
    let readiness = findings::readiness_needs(&findings);
    let request = GuideRequest {
        company: company.clone(),
        needs: settings.needs.clone(),
        own_data: own_data.clone(),
    };
    let guide = guide::build(
        kb,
        &request,
        &GuideOptions {
            phases: Phase::ALL.to_vec(),
            domain: Some(domain),
            today: options.today,
            lang,
        },
    );
    let ids = options
        .sources
        .as_deref()
        .or((!settings.plan.sources.is_empty()).then_some(settings.plan.sources.as_slice()));
    let sources = choose(kb, &guide, ids, &plan_phases)?;
    let recurring = settings
        .plan
        .recurring
        .unwrap_or(company.phases.contains(&Phase::PostMarket) || company.uses_ai);
    let expansion = expand::expand(&expand::Request {
        kb,
        company: &company,
        domain,
        has_partner: settings.needs.clinical_partners > 0,
        recurring,
        readiness_phase: plan_phases[0],
        settings: &settings.plan,
        chosen: &sources,
        readiness: &readiness,
        today: options.today,
        lang,
    })?;
    let simulation = SimulationOptions {
        seed: options.seed.or(settings.plan.seed).unwrap_or(DEFAULT_SEED),
        draws: settings.plan.draws.unwrap_or(10_000),
        distribution: settings.plan.distribution.unwrap_or_default(),
    };
    let plan = if expansion.input.packages.is_empty() {
        None
    } else {
        Some(plan::build(&expansion.input, &simulation)?)
    };
    Ok(Assessment {
        today: options.today,
        company,
        profile_source,
        plan_phases,
        phases_assumed,
        domain,
        own_data,
        findings,
        readiness,
        sources,
        assumed_durations: expansion.assumed_durations,
        fee_rules: expansion.applied_rules,
        plan,
        guide,
    })
}

/// What a project holds for an assessment.
#[derive(Clone, Debug)]
pub struct ProjectContents {
    /// The catalogue.
    pub catalog: Catalog,
    /// The stored company profile, if one was saved.
    pub profile: Option<CompanyProfile>,
    /// Results of the latest questionnaire assessment, if answers are stored.
    pub questionnaire: Option<WorkshopResult>,
}

/// Reads the catalogue (datasets grouped and scored as of `today`), the company
/// profile and the latest questionnaire results of a project.
///
/// # Errors
/// Store failures, and questionnaire errors when stored answers cannot be scored
/// (questionnaire missing from `library`, version that cannot be mapped).
pub async fn load_project(
    project: &Project,
    library: &QuestionnaireLibrary,
    today: NaiveDate,
    lang: Lang,
) -> Result<ProjectContents, AssessError> {
    let options = crate::catalog::CatalogOptions::new(lang, Some(today));
    let catalog = Catalog::load_with(project, &options).await?;
    let profile = match project.meta("company_profile").await? {
        Some(_) => Some(project.company_profile().await?),
        None => None,
    };
    let stored = crate::store::questionnaire::list_assessments(project).await?;
    let questionnaire = if stored.is_empty() {
        None
    } else {
        Some(crate::questionnaire::assessment_result(project, library, None).await?)
    };
    Ok(ProjectContents {
        catalog,
        profile,
        questionnaire,
    })
}

/// The PDF report of an assessment of a project's contents: the report data in `lang`
/// with `branding`, typeset with the embedded layout and dated `created`.
///
/// # Errors
/// When the report cannot be typeset.
pub fn report_pdf(
    kb: &KnowledgeBase,
    assessment: &Assessment,
    contents: &ProjectContents,
    branding: crate::report::Branding,
    lang: Lang,
    created: chrono::NaiveDateTime,
) -> Result<Vec<u8>, crate::report::ReportError> {
    let data = report_data(
        kb,
        assessment,
        &contents.catalog,
        contents.questionnaire.as_ref(),
        branding,
        lang,
    );
    crate::report::render_pdf(&data, &crate::report::RenderOptions::new(lang, created))
}

#[cfg(test)]
mod tests;
