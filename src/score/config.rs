//! The scoring model's weights and thresholds (`templates/scoring.toml`).
//!
//! The embedded file is the documented default. A consultant's file is laid over it
//! key by key ([`ScoringConfig::with_overrides`]), so it only needs the values it
//! changes; unknown keys are errors, so a typo does not silently keep a default.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ScoreError, Severity};

const EMBEDDED: &str = include_str!("../../templates/scoring.toml");

/// How a metric's value (0..1) becomes points and how much it counts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Weight in the dimension's mean (0 switches the metric off).
    pub weight: f64,
    /// Value from which the metric earns full points.
    pub target: f64,
    /// Value at or below which it earns none.
    pub floor: f64,
}

impl Scale {
    /// Points 0..100 for a value: linear between `floor` and `target`.
    pub fn points(&self, value: f64) -> f64 {
        if value >= self.target {
            100.0
        } else if value <= self.floor || self.target <= self.floor {
            0.0
        } else {
            100.0 * (value - self.floor) / (self.target - self.floor)
        }
    }
}

/// A metric with a scale and column-level finding thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMetric {
    /// Weight in the dimension's mean.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// A column with a worse share than this gets a warning.
    pub column_warning: f64,
    /// A column with a worse share than this gets a critical finding.
    pub column_critical: f64,
    /// Validity only: detector share from which a column counts as a code column.
    #[serde(default)]
    pub code_column_min_ratio: f64,
}

impl ColumnMetric {
    /// The scale part.
    pub fn scale(&self) -> Scale {
        Scale {
            weight: self.weight,
            target: self.target,
            floor: self.floor,
        }
    }
}

/// A metric with only a scale.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainMetric {
    /// Weight in the dimension's mean.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
}

impl PlainMetric {
    /// The scale part.
    pub fn scale(&self) -> Scale {
        Scale {
            weight: self.weight,
            target: self.target,
            floor: self.floor,
        }
    }
}

/// Format consistency settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatConsistency {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Formats below this share are noise.
    pub min_share: f64,
}

/// Currentness settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Currentness {
    /// Weight.
    pub weight: f64,
    /// Full points up to this age in days.
    pub full_days: u32,
    /// No points from this age on.
    pub zero_days: u32,
}

/// Continuity settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Continuity {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Files a daily or weekly series needs before gaps are judged.
    pub min_files: usize,
    /// Missing periods named in a finding at most.
    pub list_max: usize,
}

/// Quality settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityConfig {
    /// Filled cells.
    pub completeness: ColumnMetric,
    /// Values that fit their type and code system.
    pub validity: ColumnMetric,
    /// One format per column.
    pub format_consistency: FormatConsistency,
    /// One unit per column.
    pub unit_consistency: PlainMetric,
    /// One schema per series.
    pub schema_consistency: PlainMetric,
    /// No repeated rows.
    pub row_uniqueness: PlainMetric,
    /// No byte-identical copies.
    pub file_uniqueness: PlainMetric,
    /// Age of the newest record.
    pub currentness: Currentness,
    /// No gaps in a periodic series.
    pub continuity: Continuity,
    /// No implausible values.
    pub plausibility: PlainMetric,
    /// Files readable and intact.
    pub readability: PlainMetric,
}

/// Starting points of the rights score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightsBase {
    /// Nothing personal found.
    pub none: f64,
    /// Personal data found.
    pub personal: f64,
    /// Health data about persons found.
    pub special_category: f64,
}

/// Caps of the rights score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightsCaps {
    /// Personal data without a legal basis.
    pub personal_without_legal_basis: f64,
    /// Health data without a legal basis.
    pub special_without_legal_basis: f64,
    /// Legal basis documented as `none`.
    pub legal_basis_none: f64,
}

/// Documentation metric of the rights score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightsDocumentation {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Weight of each required key.
    pub key_weights: BTreeMap<String, f64>,
}

/// Legal-basis metric.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasisMetric {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Value of an Art. 6 basis alone for health data.
    pub art6_only_for_health: f64,
}

/// Identifiability metric.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifiability {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Value when direct identifiers are present.
    pub direct_identifier_value: f64,
    /// Detector share from which a column counts.
    pub min_ratio: f64,
}

/// Rights settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RightsConfig {
    /// Starting points.
    pub base: RightsBase,
    /// Caps.
    pub caps: RightsCaps,
    /// Documented keys.
    pub documentation: RightsDocumentation,
    /// Legal basis.
    pub legal_basis: LegalBasisMetric,
    /// Direct identifiers.
    pub identifiability: Identifiability,
    /// Severity of a missing key.
    pub missing_severity: BTreeMap<String, Severity>,
}

/// Format openness settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatOpenness {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Formats valued below this get a finding.
    pub finding_below: f64,
}

/// Identifier metric settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    /// Weight.
    pub weight: f64,
    /// Full points from here.
    pub target: f64,
    /// No points from here down.
    pub floor: f64,
    /// Tolerance of the distinct estimate.
    pub unique_tolerance: f64,
    /// Smaller tables are not judged.
    pub min_rows: u64,
}

/// Interoperability settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteroperabilityConfig {
    /// Open formats.
    pub format_openness: FormatOpenness,
    /// Value of each format id; `other` for the rest.
    pub formats: BTreeMap<String, f64>,
    /// UTF-8.
    pub encoding: PlainMetric,
    /// ISO 8601 dates.
    pub iso_dates: PlainMetric,
    /// Standard code systems for health data.
    pub code_systems: PlainMetric,
    /// README or data dictionary.
    pub schema_documentation: PlainMetric,
    /// Identifier columns.
    pub identifiers: Identifiers,
    /// Units of measured columns.
    pub units: PlainMetric,
    /// Extensions that match the content.
    pub file_naming: PlainMetric,
    /// DCAT-AP properties that can be filled.
    pub metadata: PlainMetric,
}

impl InteroperabilityConfig {
    /// Openness value of a format id.
    pub fn format_value(&self, format: &str) -> f64 {
        self.formats
            .get(format)
            .or_else(|| self.formats.get("other"))
            .copied()
            .unwrap_or(0.3)
    }
}

/// Company readiness settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadinessConfig {
    /// Bytes per size unit of the size weight.
    pub size_unit_bytes: f64,
    /// Weight per relevance value.
    pub relevance: BTreeMap<String, f64>,
    /// Weakest datasets named per dimension.
    pub weakest: usize,
}

/// The whole scoring model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringConfig {
    /// Layout version of the file.
    pub version: u32,
    /// Quality.
    pub quality: QualityConfig,
    /// Rights.
    pub rights: RightsConfig,
    /// Interoperability.
    pub interoperability: InteroperabilityConfig,
    /// Company readiness.
    pub readiness: ReadinessConfig,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig::embedded()
    }
}

impl ScoringConfig {
    /// The documented defaults shipped in the binary. Panics only if the embedded
    /// file is malformed, which the unit tests rule out.
    pub fn embedded() -> ScoringConfig {
        ScoringConfig::from_toml(EMBEDDED).unwrap_or_else(|e| panic!("templates/scoring.toml: {e}"))
    }

    /// Parses a complete scoring file.
    ///
    /// # Errors
    /// [`ScoreError::Config`] when the text is not valid TOML, misses a key, has an
    /// unknown key or a value out of range.
    pub fn from_toml(text: &str) -> Result<ScoringConfig, ScoreError> {
        let config: ScoringConfig =
            toml::from_str(text).map_err(|e| ScoreError::Config(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// The defaults with a consultant's file laid over them: every key given there
    /// replaces the default, everything else stays.
    ///
    /// # Errors
    /// [`ScoreError::Config`] as for [`ScoringConfig::from_toml`].
    pub fn with_overrides(text: &str) -> Result<ScoringConfig, ScoreError> {
        let mut base: toml::Table =
            toml::from_str(EMBEDDED).map_err(|e| ScoreError::Config(e.to_string()))?;
        let over: toml::Table =
            toml::from_str(text).map_err(|e| ScoreError::Config(e.to_string()))?;
        merge(&mut base, over);
        let config: ScoringConfig = toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| ScoreError::Config(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ScoreError> {
        let mut scales: Vec<(&str, Scale)> = vec![
            ("quality.completeness", self.quality.completeness.scale()),
            ("quality.validity", self.quality.validity.scale()),
            (
                "quality.format_consistency",
                Scale {
                    weight: self.quality.format_consistency.weight,
                    target: self.quality.format_consistency.target,
                    floor: self.quality.format_consistency.floor,
                },
            ),
            (
                "quality.unit_consistency",
                self.quality.unit_consistency.scale(),
            ),
            (
                "quality.schema_consistency",
                self.quality.schema_consistency.scale(),
            ),
            (
                "quality.row_uniqueness",
                self.quality.row_uniqueness.scale(),
            ),
            (
                "quality.file_uniqueness",
                self.quality.file_uniqueness.scale(),
            ),
            (
                "quality.continuity",
                Scale {
                    weight: self.quality.continuity.weight,
                    target: self.quality.continuity.target,
                    floor: self.quality.continuity.floor,
                },
            ),
            ("quality.plausibility", self.quality.plausibility.scale()),
            ("quality.readability", self.quality.readability.scale()),
            (
                "interoperability.encoding",
                self.interoperability.encoding.scale(),
            ),
            (
                "interoperability.iso_dates",
                self.interoperability.iso_dates.scale(),
            ),
            (
                "interoperability.code_systems",
                self.interoperability.code_systems.scale(),
            ),
            (
                "interoperability.schema_documentation",
                self.interoperability.schema_documentation.scale(),
            ),
            (
                "interoperability.units",
                self.interoperability.units.scale(),
            ),
            (
                "interoperability.file_naming",
                self.interoperability.file_naming.scale(),
            ),
            (
                "interoperability.metadata",
                self.interoperability.metadata.scale(),
            ),
        ];
        scales.push((
            "rights.documentation",
            Scale {
                weight: self.rights.documentation.weight,
                target: self.rights.documentation.target,
                floor: self.rights.documentation.floor,
            },
        ));
        for (name, s) in scales {
            if !(s.weight >= 0.0 && s.weight.is_finite()) {
                return Err(ScoreError::Config(format!(
                    "{name}.weight must be a number of at least 0"
                )));
            }
            if !(0.0..=1.0).contains(&s.target) || !(0.0..=1.0).contains(&s.floor) {
                return Err(ScoreError::Config(format!(
                    "{name}: target and floor must lie between 0 and 1"
                )));
            }
            if s.floor >= s.target && s.target > 0.0 && s.floor > 0.0 {
                return Err(ScoreError::Config(format!(
                    "{name}: floor must be below target"
                )));
            }
        }
        let c = &self.quality.currentness;
        if c.zero_days <= c.full_days {
            return Err(ScoreError::Config(
                "quality.currentness: zero_days must be larger than full_days".into(),
            ));
        }
        for (name, v) in [
            ("rights.base.none", self.rights.base.none),
            ("rights.base.personal", self.rights.base.personal),
            (
                "rights.base.special_category",
                self.rights.base.special_category,
            ),
            (
                "rights.caps.personal_without_legal_basis",
                self.rights.caps.personal_without_legal_basis,
            ),
            (
                "rights.caps.special_without_legal_basis",
                self.rights.caps.special_without_legal_basis,
            ),
            (
                "rights.caps.legal_basis_none",
                self.rights.caps.legal_basis_none,
            ),
        ] {
            if !(0.0..=100.0).contains(&v) {
                return Err(ScoreError::Config(format!(
                    "{name} must lie between 0 and 100"
                )));
            }
        }
        for key in self.rights.documentation.key_weights.keys() {
            if crate::catalog::annotation::AnnotationKey::parse(key).is_none() {
                return Err(ScoreError::Config(format!(
                    "rights.documentation.key_weights: unknown annotation key `{key}`"
                )));
            }
        }
        if self.readiness.size_unit_bytes <= 0.0 {
            return Err(ScoreError::Config(
                "readiness.size_unit_bytes must be above 0".into(),
            ));
        }
        Ok(())
    }
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse_and_validate() {
        let c = ScoringConfig::embedded();
        assert_eq!(c.version, 1);
        assert_eq!(c.quality.completeness.weight, 3.0);
        assert_eq!(c.interoperability.format_value("csv"), 1.0);
        assert_eq!(c.interoperability.format_value("something"), 0.3);
        assert_eq!(c.rights.missing_severity["purpose"], Severity::Warning);
    }

    #[test]
    fn overrides_replace_single_values() {
        let c = ScoringConfig::with_overrides(
            "[quality.completeness]\nweight = 5.0\n[interoperability.formats]\npdf = 0.1\n",
        )
        .unwrap();
        assert_eq!(c.quality.completeness.weight, 5.0);
        assert_eq!(c.quality.completeness.target, 0.98);
        assert_eq!(c.interoperability.format_value("pdf"), 0.1);
        assert_eq!(c.interoperability.format_value("csv"), 1.0);
    }

    #[test]
    fn typos_and_bad_values_are_errors() {
        let err = ScoringConfig::with_overrides("[quality.completnes]\nweight = 1.0\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("completnes"), "{err}");
        let err = ScoringConfig::with_overrides("[quality.validity]\ntarget = 2.0\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("between 0 and 1"), "{err}");
        let err = ScoringConfig::with_overrides("[quality.currentness]\nzero_days = 10\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("zero_days"), "{err}");
    }

    #[test]
    fn points_are_linear_between_floor_and_target() {
        let s = Scale {
            weight: 1.0,
            target: 1.0,
            floor: 0.5,
        };
        assert_eq!(s.points(1.0), 100.0);
        assert_eq!(s.points(0.75), 50.0);
        assert_eq!(s.points(0.5), 0.0);
        assert_eq!(s.points(0.1), 0.0);
    }
}
