//! Detectors for personal data and health codes in table columns.
//!
//! A column verdict combines header evidence (the column's name), value evidence (the
//! share of values that match a pattern) and check digits where the identifier has
//! one. The kinds and code-system names are part of the catalogue contract
//! (DESIGN §4).

use serde::{Deserialize, Serialize};

/// What a detector can find in a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectionKind {
    /// Full person name.
    PersonName,
    /// First (given) name.
    FirstName,
    /// Last (family) name.
    LastName,
    /// Date of birth.
    BirthDate,
    /// E-mail address.
    Email,
    /// Telephone number.
    Phone,
    /// Street address.
    Address,
    /// Postal code (with address context).
    Postcode,
    /// International bank account number.
    Iban,
    /// Krankenversichertennummer (German health insurance number).
    Kvnr,
    /// Steuerliche Identifikationsnummer (German tax id).
    SteuerId,
    /// VAT identification number.
    VatId,
    /// Patient or case identifier.
    PatientId,
    /// ICD-10-GM diagnosis code.
    Icd10gm,
    /// OPS procedure code.
    Ops,
    /// LOINC observation code.
    Loinc,
    /// SNOMED CT concept id.
    SnomedCt,
    /// ATC drug classification code.
    Atc,
    /// Pharmazentralnummer.
    Pzn,
    /// UCUM unit.
    UcumUnit,
}

impl DetectionKind {
    /// Whether finding this kind means the column holds personal data.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            DetectionKind::PersonName
                | DetectionKind::FirstName
                | DetectionKind::LastName
                | DetectionKind::BirthDate
                | DetectionKind::Email
                | DetectionKind::Phone
                | DetectionKind::Address
                | DetectionKind::Postcode
                | DetectionKind::Iban
                | DetectionKind::Kvnr
                | DetectionKind::SteuerId
                | DetectionKind::PatientId
        )
    }

    /// Whether the kind directly identifies a person on its own.
    pub fn is_direct_identifier(self) -> bool {
        matches!(
            self,
            DetectionKind::PersonName
                | DetectionKind::Email
                | DetectionKind::Phone
                | DetectionKind::Address
                | DetectionKind::Iban
                | DetectionKind::Kvnr
                | DetectionKind::SteuerId
        )
    }

    /// The code system a health-code kind belongs to (DESIGN §4 names).
    pub fn code_system(self) -> Option<&'static str> {
        Some(match self {
            DetectionKind::Icd10gm => "ICD-10-GM",
            DetectionKind::Ops => "OPS",
            DetectionKind::Loinc => "LOINC",
            DetectionKind::SnomedCt => "SNOMED CT",
            DetectionKind::Atc => "ATC",
            DetectionKind::Pzn => "PZN",
            DetectionKind::UcumUnit => "UCUM",
            _ => return None,
        })
    }

    /// Whether the kind is a health code (diagnoses, procedures, lab, drugs).
    pub fn is_health_code(self) -> bool {
        self.code_system().is_some() && self != DetectionKind::UcumUnit
    }
}
