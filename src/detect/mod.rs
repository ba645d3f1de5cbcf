//! Detectors for personal data and health codes in table columns.
//!
//! A column verdict combines header evidence (the column's name), value evidence (the
//! share of values that match a pattern) and check digits where the identifier has
//! one. The kinds and code-system names are part of the catalogue contract
//! (DESIGN §4).
//!
//! The profiler drives a [`ColumnDetector`] per column:
//!
//! ```
//! use datenreife::detect::{ColumnContext, ColumnDetector, DetectionKind};
//! let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
//! let context = ColumnContext::new("IBAN", ["Name", "Betrag"], today);
//! let mut detector = ColumnDetector::new(&context);
//! for value in ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32"] {
//!     detector.observe(value);
//! }
//! let verdict = detector.verdict();
//! assert_eq!(verdict.detections[0].kind, DetectionKind::Iban);
//! assert!(verdict.personal);
//! ```
//!
//! The parts, each usable on its own:
//! - [`validate`]: identifiers with check digits (IBAN, KVNR, Steuer-ID, VAT id, PZN,
//!   LOINC, SNOMED CT);
//! - [`pattern`]: codes and contact data recognised by their form (ICD-10-GM, OPS, ATC,
//!   UCUM, e-mail, phone, postcode, dates, street addresses);
//! - [`names`]: person-name shapes, the shipped list of common first names, company
//!   name markers;
//! - [`header`]: German and English header dictionaries;
//! - [`column`](mod@column): the column classifier and its verdict rules;
//! - [`mask`](mask::mask): masked examples of personal values;
//! - [`code_system`]: code-system names for FHIR URIs, OIDs and HL7 v2 table 0396.

pub mod code_system;
pub mod column;
pub mod header;
pub mod mask;
pub mod names;
pub mod pattern;
pub mod validate;

#[cfg(test)]
mod evaluation;

pub use code_system::{code_system_for_hl7, code_system_for_name, code_system_for_uri};
pub use column::{ColumnContext, ColumnDetector, ColumnVerdict, value_kinds};
pub use mask::mask;

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
    /// Every kind, in declaration order (the order of [`DetectionKind::index`]).
    pub const ALL: [DetectionKind; 20] = [
        DetectionKind::PersonName,
        DetectionKind::FirstName,
        DetectionKind::LastName,
        DetectionKind::BirthDate,
        DetectionKind::Email,
        DetectionKind::Phone,
        DetectionKind::Address,
        DetectionKind::Postcode,
        DetectionKind::Iban,
        DetectionKind::Kvnr,
        DetectionKind::SteuerId,
        DetectionKind::VatId,
        DetectionKind::PatientId,
        DetectionKind::Icd10gm,
        DetectionKind::Ops,
        DetectionKind::Loinc,
        DetectionKind::SnomedCt,
        DetectionKind::Atc,
        DetectionKind::Pzn,
        DetectionKind::UcumUnit,
    ];

    /// Position of the kind in [`DetectionKind::ALL`] (0..20), stable for bit sets.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in the catalogue JSON (`person_name`, `icd10gm` …).
    pub fn id(self) -> &'static str {
        match self {
            DetectionKind::PersonName => "person_name",
            DetectionKind::FirstName => "first_name",
            DetectionKind::LastName => "last_name",
            DetectionKind::BirthDate => "birth_date",
            DetectionKind::Email => "email",
            DetectionKind::Phone => "phone",
            DetectionKind::Address => "address",
            DetectionKind::Postcode => "postcode",
            DetectionKind::Iban => "iban",
            DetectionKind::Kvnr => "kvnr",
            DetectionKind::SteuerId => "steuer_id",
            DetectionKind::VatId => "vat_id",
            DetectionKind::PatientId => "patient_id",
            DetectionKind::Icd10gm => "icd10gm",
            DetectionKind::Ops => "ops",
            DetectionKind::Loinc => "loinc",
            DetectionKind::SnomedCt => "snomed_ct",
            DetectionKind::Atc => "atc",
            DetectionKind::Pzn => "pzn",
            DetectionKind::UcumUnit => "ucum_unit",
        }
    }

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

/// A set of detection kinds (a 20-bit set; cheap to copy and compare).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KindSet(u32);

impl KindSet {
    /// The empty set.
    pub const EMPTY: KindSet = KindSet(0);

    /// Adds a kind.
    pub fn insert(&mut self, kind: DetectionKind) {
        self.0 |= 1 << kind.index();
    }

    /// Removes a kind.
    pub fn remove(&mut self, kind: DetectionKind) {
        self.0 &= !(1 << kind.index());
    }

    /// Whether the set holds `kind`.
    pub fn contains(self, kind: DetectionKind) -> bool {
        self.0 & (1 << kind.index()) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of kinds in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The kinds in declaration order.
    pub fn iter(self) -> impl Iterator<Item = DetectionKind> {
        DetectionKind::ALL
            .into_iter()
            .filter(move |k| self.contains(*k))
    }

    /// Kinds in both sets.
    pub fn intersection(self, other: KindSet) -> KindSet {
        KindSet(self.0 & other.0)
    }

    /// Kinds in either set.
    pub fn union(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }
}

impl FromIterator<DetectionKind> for KindSet {
    fn from_iter<I: IntoIterator<Item = DetectionKind>>(iter: I) -> Self {
        let mut set = KindSet::EMPTY;
        for kind in iter {
            set.insert(kind);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_serde_names_and_index_matches_all() {
        for (i, kind) in DetectionKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i);
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
    }

    #[test]
    fn kind_set_basics() {
        let mut set: KindSet = [DetectionKind::Iban, DetectionKind::Email]
            .into_iter()
            .collect();
        assert!(set.contains(DetectionKind::Iban));
        assert!(!set.contains(DetectionKind::Kvnr));
        assert_eq!(set.len(), 2);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            vec![DetectionKind::Email, DetectionKind::Iban]
        );
        set.remove(DetectionKind::Email);
        assert_eq!(set.len(), 1);
        assert!(KindSet::EMPTY.is_empty());
    }
}
