//! Assessment settings: what a consultant or founder tells the assessment that no scan
//! can know, in one TOML file (`--settings FILE` on the command line).
//!
//! ```toml
//! [company]                       # the company profile (see `CompanyProfile`)
//! name = "Muster Medizintechnik GmbH"
//! sector = "medtech"
//! size = "small"
//! phases = ["design", "validation"]
//! risk_class = "mdr_iia"
//! uses_ai = true
//!
//! [needs]                         # what external data must deliver (see `guide::Needs`)
//! clinical_partners = 1
//!
//! [branding]                      # the consultant's cover and colour
//! consultant = "Vogt Datenberatung"
//! logo = "logo.svg"               # relative to this file
//! accent = "#0E6B5C"
//!
//! [plan]
//! sources = ["fdpg_mii", "fdz_gesundheit"]   # default: the phase guide's combination
//! seed = 42                                   # default: 20250101
//! recurring = true                            # yearly steps; default: post-market or AI
//! rates = { staff_day = 650, lawyer_hour = 280 }          # EUR per day / hour
//! fee_rules = { fdz_gesundheit = ["double"] }              # surcharges or reductions
//! alternatives = { ethics_vote_data_study = "ethics_mhh_bo15_mono" }
//!
//! [plan.costs]                    # answers to open cost questions, EUR
//! "fdpg_mii.data_access.fee" = { min = 2000, likely = 5000, max = 12000 }
//! "nako.data_access.fee" = 3000
//!
//! [plan.durations]                # answers to unknown durations, weeks
//! "zfkd_rki.review" = { min = 4, likely = 8, max = 12 }
//! ```
//!
//! Every figure given here is marked as the user's input in the plan and the report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::AssessError;
use crate::company::CompanyProfile;
use crate::plan::{Distribution, RateKind, ThreePoint};
use crate::sources::guide::Needs;

/// The seed of the Monte Carlo simulation when neither the settings nor the caller
/// give one, so two runs of the same assessment print the same figures.
pub const DEFAULT_SEED: u64 = 20_250_101;

/// Everything the settings file can hold; every part is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The company profile; replaces the one stored in the project.
    pub company: Option<CompanyProfile>,
    /// What external data must deliver (time and money budget, partners …).
    pub needs: Needs,
    /// The consultant's branding of the report.
    pub branding: BrandingSettings,
    /// Choices and answers for the costed plan.
    pub plan: PlanSettings,
}

/// Branding as written in the settings file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrandingSettings {
    /// Name of the consultant or competence centre on the cover.
    pub consultant: Option<String>,
    /// Logo file (PNG, JPEG or SVG); a relative path is relative to the settings file.
    pub logo: Option<PathBuf>,
    /// Accent colour `#RRGGBB`.
    pub accent: Option<String>,
}

/// A value in the settings: one number or a three-point estimate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    /// One value, for min, likely and max alike.
    Exact(f64),
    /// Best case, most likely, worst case.
    Range {
        /// Best case.
        min: f64,
        /// Most likely.
        likely: f64,
        /// Worst case.
        max: f64,
    },
}

impl Amount {
    /// The value as a three-point estimate.
    pub fn three_point(self) -> ThreePoint {
        match self {
            Amount::Exact(v) => ThreePoint::exact(v),
            Amount::Range { min, likely, max } => ThreePoint::new(min, likely, max),
        }
    }
}

/// Internal rates the user sets (EUR per day or hour); unset ones come from the
/// knowledge base as marked estimates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateSettings {
    /// Day rate of own staff (full cost).
    pub staff_day: Option<f64>,
    /// Hourly rate of a lawyer.
    pub lawyer_hour: Option<f64>,
    /// Day rate of an external consultant.
    pub consultant_day: Option<f64>,
    /// Hourly rate of a data-protection officer.
    pub dpo_hour: Option<f64>,
}

impl RateSettings {
    /// The rate of `kind`, if set.
    pub fn get(&self, kind: RateKind) -> Option<f64> {
        match kind {
            RateKind::StaffDay => self.staff_day,
            RateKind::LawyerHour => self.lawyer_hour,
            RateKind::ConsultantDay => self.consultant_day,
            RateKind::DpoHour => self.dpo_hour,
        }
    }
}

/// Choices and answers for the costed plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanSettings {
    /// Access paths to plan (knowledge-base ids); empty = the phase guide's
    /// recommended combination for each current phase.
    pub sources: Vec<String>,
    /// Seed of the simulation.
    pub seed: Option<u64>,
    /// Number of simulation draws (default 10,000).
    pub draws: Option<u32>,
    /// Distribution of the three-point estimates (default PERT).
    pub distribution: Option<Distribution>,
    /// Whether yearly steps (post-market access, re-training) join the plan as running
    /// costs; default: when the company is in the post-market phase or uses AI.
    pub recurring: Option<bool>,
    /// Internal rates.
    pub rates: RateSettings,
    /// Fee rules to apply per path (`double`, `half` …), e.g. when the data holder
    /// announced a surcharge.
    pub fee_rules: BTreeMap<String, Vec<String>>,
    /// Cost items to use instead of a default one (`ethics_vote_data_study` →
    /// `ethics_mhh_bo15_mono`), e.g. the fee schedule of the actual committee.
    pub alternatives: BTreeMap<String, String>,
    /// Answers to open cost questions, keyed `package.item` as the plan lists them.
    pub costs: BTreeMap<String, Amount>,
    /// Answers to unknown durations in weeks, keyed by work-package id.
    pub durations: BTreeMap<String, Amount>,
}

impl Settings {
    /// Reads a settings file. A relative logo path is made relative to the file's
    /// folder.
    ///
    /// # Errors
    /// [`AssessError::SettingsRead`] when the file cannot be read,
    /// [`AssessError::SettingsInvalid`] when it is not valid settings TOML.
    pub fn load(path: &Path) -> Result<Settings, AssessError> {
        let text = std::fs::read_to_string(path).map_err(|source| AssessError::SettingsRead {
            path: path.to_owned(),
            source,
        })?;
        let mut settings =
            Settings::parse(&text).map_err(|message| AssessError::SettingsInvalid {
                path: path.to_owned(),
                message,
            })?;
        if let Some(logo) = &settings.branding.logo
            && logo.is_relative()
        {
            let base = path.parent().unwrap_or(Path::new(""));
            settings.branding.logo = Some(base.join(logo));
        }
        Ok(settings)
    }

    /// Parses settings TOML and checks the figures in it; the error is a message for
    /// people.
    pub fn parse(text: &str) -> Result<Settings, String> {
        let settings: Settings = toml::from_str(text).map_err(|e| e.to_string())?;
        settings.check()?;
        Ok(settings)
    }

    /// The report branding: consultant, accent colour and the logo file's bytes.
    ///
    /// # Errors
    /// [`AssessError::Logo`] when the logo file cannot be read.
    pub fn branding(&self) -> Result<crate::report::Branding, AssessError> {
        let logo = match &self.branding.logo {
            Some(path) => Some(crate::report::Logo {
                bytes: std::fs::read(path).map_err(|source| AssessError::Logo {
                    path: path.clone(),
                    source,
                })?,
            }),
            None => None,
        };
        Ok(crate::report::Branding {
            consultant: self.branding.consultant.clone(),
            logo,
            accent: self.branding.accent.clone(),
        })
    }

    fn check(&self) -> Result<(), String> {
        let valid = |t: ThreePoint| t.is_valid() && t.min.is_finite() && t.max.is_finite();
        for (key, amount) in self.plan.costs.iter().chain(&self.plan.durations) {
            let t = amount.three_point();
            if !valid(t) {
                return Err(format!(
                    "`{key}`: {} / {} / {} must satisfy 0 ≤ min ≤ likely ≤ max",
                    t.min, t.likely, t.max
                ));
            }
        }
        for kind in RateKind::ALL {
            if let Some(v) = self.plan.rates.get(kind)
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(format!("rate `{}` must be a number ≥ 0", kind.id()));
            }
        }
        if self.plan.draws == Some(0) {
            return Err("`draws` must be at least 1".to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let text = r##"
            [company]
            name = "Muster Medizintechnik GmbH"
            sector = "medtech"
            phases = ["design", "validation"]
            risk_class = "mdr_iia"
            uses_ai = true
            [needs]
            clinical_partners = 1
            [branding]
            consultant = "Vogt Datenberatung"
            accent = "#0E6B5C"
            [plan]
            sources = ["fdpg_mii"]
            seed = 42
            rates = { staff_day = 650 }
            fee_rules = { fdz_gesundheit = ["double"] }
            [plan.costs]
            "fdpg_mii.data_access.fee" = { min = 2000, likely = 5000, max = 12000 }
            "nako.data_access.fee" = 3000
        "##;
        let s = Settings::parse(text).unwrap();
        let company = s.company.unwrap();
        assert_eq!(company.name, "Muster Medizintechnik GmbH");
        assert!(company.uses_ai);
        assert_eq!(s.needs.clinical_partners, 1);
        assert_eq!(s.plan.seed, Some(42));
        assert_eq!(s.plan.rates.get(RateKind::StaffDay), Some(650.0));
        assert_eq!(
            s.plan.costs["fdpg_mii.data_access.fee"].three_point(),
            ThreePoint::new(2000.0, 5000.0, 12000.0)
        );
        assert_eq!(
            s.plan.costs["nako.data_access.fee"].three_point(),
            ThreePoint::exact(3000.0)
        );
    }

    #[test]
    fn bad_figures_and_unknown_keys_are_refused() {
        let e = Settings::parse("[plan.costs]\n\"a.b\" = { min = 5, likely = 3, max = 9 }")
            .unwrap_err();
        assert!(e.contains("`a.b`"), "{e}");
        assert!(Settings::parse("[plan]\nrates = { staff_day = -1 }").is_err());
        assert!(Settings::parse("[plan]\nsauces = [\"x\"]").is_err());
        assert!(Settings::parse("[plan]\ndraws = 0").is_err());
    }
}
