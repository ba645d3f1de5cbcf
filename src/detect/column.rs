//! The column classifier: header evidence + value evidence + check digits → verdicts.
//!
//! The profiler builds a [`ColumnContext`] per column (its header, what the sibling
//! headers say, and "today"), feeds a [`ColumnDetector`] with the column's non-empty
//! values (a bounded, deterministic sample) and asks for the [`ColumnVerdict`].
//!
//! # Verdict rules
//! A kind is reported with the share of observed values that match it (check digit
//! included where one exists) when
//! 1. the header names the kind and at least [`MIN_RATIO_WITH_HEADER`] of the values
//!    match, or
//! 2. the kind has a specific value form (check digit, or a form nothing else takes),
//!    at least [`MIN_VALUES_VALUE_ONLY`] values were seen, at least
//!    [`MIN_RATIO_VALUE_ONLY`] of them match ([`MIN_RATIO_VALUE_ONLY_CHECKED`] for
//!    identifiers with a check digit), and — for ICD-10-GM, OPS, ATC, UCUM and phone
//!    numbers, whose short forms are generic — at least [`MIN_DISTINCTIVE_SHARE`] of the
//!    matches have the distinctive form (`E11.90` rather than `A12`, `5-470.11` rather
//!    than `5-123`, `A10BA02` rather than `A10`, `mmol/L` rather than `m`, `+49 89 …`
//!    rather than bare digits).
//!
//! Weak kinds — names, birth dates, street addresses, postcodes, patient ids — are never
//! reported without header evidence; a postcode may also take its evidence from an
//! address table (a sibling `Straße`, `Ort` …) when its own header says nothing
//! (`Spalte 5`, `Wert`) and [`MIN_RATIO_VALUE_ONLY`] of the values are postcodes.
//! Under a header that names phone numbers or addresses, the looser forms of other
//! countries count as matches too ([`pattern::is_phone_like`],
//! [`pattern::is_address_like`], [`pattern::is_postcode_like`]).
//! A header that names a business document or article (`Auftragsnummer`, `Artikel`)
//! suppresses the kinds whose values could match by coincidence (see
//! [`crate::detect::header`]).
//!
//! A header like `Name`, `Patient` or `Kunde` is ambiguous: its values decide. Names
//! need [`MIN_FIRST_NAME_SHARE`] of values that are a person's name with a common first
//! name and no company marker (`GmbH`, `AG`, `&` …; more in a list of organisations),
//! so a customer list mixing private and business customers holds personal data and a
//! supplier list does not; a `Name` column beside a `Vorname` column holds surnames.
//!
//! # Personal data
//! [`ColumnVerdict::personal`] is true when a personal kind is found, with two
//! exceptions: an e-mail column counts only when at least [`MIN_PERSON_EMAIL_SHARE`] of
//! its addresses look like a person's (`max.mustermann@` rather than `info@`), and the
//! phone numbers, street addresses and postcodes of a list of organisations (sibling
//! headers name a company or supplier, none names a person) are the organisations'
//! contact data.

use chrono::NaiveDate;

use super::header::{
    HeaderEvidence, SiblingEvidence, header_evidence, normalize, sibling_evidence,
};
use super::names::name_shape;
use super::pattern::{self, EmailHolder};
use super::validate;
use super::{DetectionKind, KindSet};
use crate::profile::Detection;

/// Share of values that must match a kind the header names.
pub const MIN_RATIO_WITH_HEADER: f64 = 0.5;

/// Share of values that must match a kind when the header does not name it.
pub const MIN_RATIO_VALUE_ONLY: f64 = 0.8;

/// The same share for identifiers with a check digit (IBAN, KVNR, Steuer-ID, PZN,
/// LOINC, SNOMED CT): random values pass their checks at most one time in ten, so half
/// the values passing is far beyond chance, and placeholders (`folgt`, `-`) are common.
pub const MIN_RATIO_VALUE_ONLY_CHECKED: f64 = 0.5;

/// Share of matches that must have the distinctive form for a value-only verdict on
/// ICD-10-GM, OPS, ATC, UCUM and phone numbers.
pub const MIN_DISTINCTIVE_SHARE: f64 = 0.3;

/// Values a column needs before a value-only verdict is made.
pub const MIN_VALUES_VALUE_ONLY: u64 = 5;

/// Share of values with a common first name that makes an ambiguous header (`Name`,
/// `Kunde`) a name column.
pub const MIN_FIRST_NAME_SHARE: f64 = 0.3;

/// The same share in a list of organisations, where `Name` usually means a company.
pub const MIN_FIRST_NAME_SHARE_ORGANISATIONS: f64 = 0.5;

/// Share of e-mail addresses that must look like a person's for the column to count as
/// personal data. Low on purpose: a few personal addresses among role addresses are
/// still personal data, and a false "not personal" would let values into statistics.
pub const MIN_PERSON_EMAIL_SHARE: f64 = 0.1;

/// Kinds that may be reported from values alone (specific forms or check digits).
const VALUE_ONLY_KINDS: [DetectionKind; 13] = [
    DetectionKind::Email,
    DetectionKind::Phone,
    DetectionKind::Iban,
    DetectionKind::Kvnr,
    DetectionKind::SteuerId,
    DetectionKind::VatId,
    DetectionKind::Icd10gm,
    DetectionKind::Ops,
    DetectionKind::Loinc,
    DetectionKind::SnomedCt,
    DetectionKind::Atc,
    DetectionKind::Pzn,
    DetectionKind::UcumUnit,
];

/// Kinds with a check digit, which take [`MIN_RATIO_VALUE_ONLY_CHECKED`].
const CHECKED_KINDS: [DetectionKind; 6] = [
    DetectionKind::Iban,
    DetectionKind::Kvnr,
    DetectionKind::SteuerId,
    DetectionKind::Pzn,
    DetectionKind::Loinc,
    DetectionKind::SnomedCt,
];

/// Value-only kinds whose short forms are generic, so a value-only verdict also needs
/// [`MIN_DISTINCTIVE_SHARE`].
const NEEDS_DISTINCTIVE: [DetectionKind; 5] = [
    DetectionKind::Icd10gm,
    DetectionKind::Ops,
    DetectionKind::Atc,
    DetectionKind::UcumUnit,
    DetectionKind::Phone,
];

/// Headers that say nothing about a column (normalised): in an address table such a
/// column of five-digit numbers holds postcodes. A descriptive header (`Anzahl`,
/// `Kundennummer`) does not get this benefit of the doubt.
const GENERIC_HEADERS: &[&str] = &[
    "",
    "spalte",
    "feld",
    "column",
    "col",
    "field",
    "unbenannt",
    "unnamed",
    "wert",
    "value",
    "daten",
    "data",
    "angabe",
    "angaben",
    "eintrag",
    "entry",
    "var",
    "variable",
    "x",
];

/// Ambiguous headers whose identifier-shaped values are patient ids.
const PATIENT_HEADERS: &[&str] = &[
    "patient",
    "patienten",
    "versicherter",
    "versicherte",
    "teilnehmer",
    "proband",
    "probandin",
    "bewohner",
];

/// Everything the classifier needs to know about a column besides its values.
#[derive(Clone, Debug)]
pub struct ColumnContext {
    header: String,
    header_evidence: HeaderEvidence,
    siblings: SiblingEvidence,
    today: NaiveDate,
}

impl ColumnContext {
    /// Context of the column `header` in a table whose other columns are `siblings`.
    /// `today` bounds birth dates (a birth date is never in the future); pass the scan's
    /// date, never read a clock here.
    pub fn new<S: AsRef<str>>(
        header: &str,
        siblings: impl IntoIterator<Item = S>,
        today: NaiveDate,
    ) -> Self {
        let siblings: Vec<S> = siblings.into_iter().collect();
        ColumnContext {
            header: header.to_owned(),
            header_evidence: header_evidence(header),
            siblings: sibling_evidence(&siblings),
            today,
        }
    }

    /// Contexts for all columns of a table, in header order (each column's siblings are
    /// the other headers).
    pub fn for_table<S: AsRef<str>>(headers: &[S], today: NaiveDate) -> Vec<ColumnContext> {
        (0..headers.len())
            .map(|i| {
                let siblings = headers
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, h)| h.as_ref());
                ColumnContext::new(headers[i].as_ref(), siblings, today)
            })
            .collect()
    }

    /// The column's header as given.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// What the header says.
    pub fn header_evidence(&self) -> HeaderEvidence {
        self.header_evidence
    }

    /// What the sibling headers say.
    pub fn sibling_evidence(&self) -> SiblingEvidence {
        self.siblings
    }

    /// The reference date for birth dates.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Whether the table lists organisations and no persons (a supplier list).
    pub fn is_organisation_list(&self) -> bool {
        self.siblings.organisation && !self.siblings.person
    }
}

/// What a value matched: kinds, which of them in their distinctive form, and whose
/// mailbox an e-mail address looks like.
#[derive(Clone, Copy, Debug, Default)]
struct ValueMatch {
    kinds: KindSet,
    distinctive: KindSet,
    email: Option<EmailHolder>,
}

/// Checks one value against every kind that values alone can show, with a prefilter on
/// the value's shape so that each validator only sees values it could accept.
fn classify(v: &str) -> ValueMatch {
    let mut m = ValueMatch::default();
    let b = v.as_bytes();
    let len = b.len();
    if len == 0 || len > 64 {
        return m;
    }
    if b.contains(&b'@') {
        if let Some(holder) = pattern::email_holder(v) {
            m.kinds.insert(DetectionKind::Email);
            m.email = Some(holder);
        }
        return m;
    }
    let first = b[0];
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let all_digits = digits == len;
    if all_digits {
        if len == 11 && validate::is_valid_steuer_id(v) {
            m.kinds.insert(DetectionKind::SteuerId);
        }
        if (7..=8).contains(&len) && validate::is_valid_pzn(v) {
            m.kinds.insert(DetectionKind::Pzn);
        }
        if (6..=18).contains(&len) && validate::is_valid_snomed_ct(v) {
            m.kinds.insert(DetectionKind::SnomedCt);
        }
        if first == b'0' && (7..=15).contains(&len) && pattern::is_phone(v) {
            m.kinds.insert(DetectionKind::Phone);
        }
        return m;
    }
    if first.is_ascii_uppercase() || first.is_ascii_lowercase() {
        if len >= 15 && b.get(1).is_some_and(u8::is_ascii_alphabetic) && validate::is_valid_iban(v)
        {
            m.kinds.insert(DetectionKind::Iban);
            return m;
        }
        if len == 10 && digits == 9 && validate::is_valid_kvnr(v) {
            m.kinds.insert(DetectionKind::Kvnr);
            return m;
        }
        if len >= 4 && digits >= 2 && validate::is_valid_vat_id(v) {
            m.kinds.insert(DetectionKind::VatId);
            return m;
        }
        if len >= 7 && (first == b'P' || first == b'p') && validate::is_valid_pzn(v) {
            m.kinds.insert(DetectionKind::Pzn);
            return m;
        }
        if len >= 3
            && digits >= 2
            && b[1].is_ascii_digit()
            && let Some(code) = pattern::icd10gm(v)
        {
            m.kinds.insert(DetectionKind::Icd10gm);
            if code.specific {
                m.distinctive.insert(DetectionKind::Icd10gm);
            }
        }
        if matches!(len, 1 | 3 | 4 | 5 | 7)
            && let Some(level) = pattern::atc_level(v)
        {
            m.kinds.insert(DetectionKind::Atc);
            if level >= 3 {
                m.distinctive.insert(DetectionKind::Atc);
            }
        }
    } else if first.is_ascii_digit() {
        if len >= 5 && b[1] == b'-' && pattern::is_ops(v) {
            m.kinds.insert(DetectionKind::Ops);
            // `5-470.11`, `8-98f`, `5-820.00:R`: forms internal part codes rarely take.
            if len > 5 || b[4].is_ascii_alphabetic() {
                m.distinctive.insert(DetectionKind::Ops);
            }
            return m;
        }
        if (3..=9).contains(&len) && digits + 1 == len && validate::is_valid_loinc(v) {
            m.kinds.insert(DetectionKind::Loinc);
            return m;
        }
        if digits == 11 && validate::is_valid_steuer_id(v) {
            m.kinds.insert(DetectionKind::SteuerId);
            return m;
        }
    }
    if (first == b'+' || first == b'(' || first == b'0')
        && digits >= 7
        && let Some(phone) = pattern::phone_number(v)
    {
        m.kinds.insert(DetectionKind::Phone);
        if phone.distinctive {
            m.distinctive.insert(DetectionKind::Phone);
        }
        return m;
    }
    // Units last, and only for values nothing else claimed (`C10` is a code, not C¹⁰).
    if m.kinds.is_empty()
        && (len <= 24 && !b.contains(&b' ') || len <= 12)
        && let Some(unit) = pattern::ucum_unit(v)
    {
        m.kinds.insert(DetectionKind::UcumUnit);
        if unit.distinctive {
            m.distinctive.insert(DetectionKind::UcumUnit);
        }
    }
    m
}

/// The kinds a single value matches on its own: identifiers with a valid check digit
/// (IBAN, KVNR, Steuer-ID, PZN, LOINC, SNOMED CT), VAT ids, e-mail addresses, phone
/// numbers and the forms of ICD-10-GM, OPS, ATC and UCUM codes. For FHIR and HL7
/// readers that know which field a value came from. Names, birth dates, addresses,
/// postcodes and patient ids need a header and are never in the set (see
/// [`pattern::is_plausible_birth_date`], [`pattern::is_german_postcode`],
/// [`pattern::looks_like_street_address`], [`super::names::name_shape`]).
pub fn value_kinds(value: &str) -> KindSet {
    classify(value.trim()).kinds
}

/// Whether a value looks like an identifier (patient number, case number, pseudonym):
/// no spaces, letters, digits and `-_/.:#`, and a digit or at least eight characters.
fn is_identifier_shaped(v: &str) -> bool {
    let b = v.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"-_/.:#".contains(c))
        && (b.iter().any(u8::is_ascii_digit) || b.len() >= 8)
}

/// The classifier of one column; feed it values with [`observe`](Self::observe), then
/// ask for the [`verdict`](Self::verdict). Memory is constant (counters only).
#[derive(Clone, Debug)]
pub struct ColumnDetector {
    header: HeaderEvidence,
    header_normalized: String,
    siblings: SiblingEvidence,
    organisation_list: bool,
    today: NaiveDate,
    year_header: bool,
    want_names: bool,
    want_birth_date: bool,
    want_postcode: bool,
    want_address: bool,
    want_loose_phone: bool,
    want_patient_id: bool,
    observed: u64,
    matches: [u64; 20],
    distinctive: [u64; 20],
    email_person: u64,
    email_unclear: u64,
    names: u64,
    names_multi_word: u64,
    names_first_name: u64,
    names_organisation: u64,
}

impl ColumnDetector {
    /// A detector for the column described by `context`.
    pub fn new(context: &ColumnContext) -> Self {
        let header = context.header_evidence;
        let h = normalize(&context.header);
        let names_named = [
            DetectionKind::PersonName,
            DetectionKind::FirstName,
            DetectionKind::LastName,
        ]
        .iter()
        .any(|k| header.kinds.contains(*k));
        let postcode_by_context = context.siblings.address && GENERIC_HEADERS.contains(&h.as_str());
        ColumnDetector {
            header,
            siblings: context.siblings,
            organisation_list: context.is_organisation_list(),
            today: context.today,
            year_header: ["jahr", "year"].iter().any(|y| h.contains(y)),
            want_names: names_named || header.ambiguous_name,
            want_birth_date: header.kinds.contains(DetectionKind::BirthDate),
            want_postcode: header.kinds.contains(DetectionKind::Postcode) || postcode_by_context,
            want_address: header.kinds.contains(DetectionKind::Address),
            want_loose_phone: header.kinds.contains(DetectionKind::Phone),
            want_patient_id: header.kinds.contains(DetectionKind::PatientId)
                || (header.ambiguous_name && PATIENT_HEADERS.contains(&h.as_str())),
            header_normalized: h,
            observed: 0,
            matches: [0; 20],
            distinctive: [0; 20],
            email_person: 0,
            email_unclear: 0,
            names: 0,
            names_multi_word: 0,
            names_first_name: 0,
            names_organisation: 0,
        }
    }

    /// Records one value (the profiler passes non-empty, trimmed values; others are
    /// trimmed here and empty ones skipped).
    pub fn observe(&mut self, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        self.observed += 1;
        let m = classify(v);
        for kind in m.kinds.iter() {
            self.matches[kind.index()] += 1;
        }
        for kind in m.distinctive.iter() {
            self.distinctive[kind.index()] += 1;
        }
        match m.email {
            Some(EmailHolder::Person) => self.email_person += 1,
            Some(EmailHolder::Unclear) => self.email_unclear += 1,
            _ => {}
        }
        if self.want_birth_date
            && (pattern::is_plausible_birth_date(v, self.today)
                || (self.year_header && pattern::is_plausible_birth_year(v, self.today)))
        {
            self.matches[DetectionKind::BirthDate.index()] += 1;
        }
        let postcode = if self.header.kinds.contains(DetectionKind::Postcode) {
            pattern::is_postcode_like(v)
        } else {
            pattern::is_german_postcode(v)
        };
        if self.want_postcode && postcode {
            self.matches[DetectionKind::Postcode.index()] += 1;
        }
        if self.want_loose_phone
            && !m.kinds.contains(DetectionKind::Phone)
            && pattern::is_phone_like(v)
        {
            self.matches[DetectionKind::Phone.index()] += 1;
        }
        if self.want_address && pattern::is_address_like(v) {
            self.matches[DetectionKind::Address.index()] += 1;
        }
        if self.want_patient_id && is_identifier_shaped(v) {
            self.matches[DetectionKind::PatientId.index()] += 1;
        }
        if self.want_names
            && let Some(shape) = name_shape(v)
        {
            self.names += 1;
            self.names_multi_word += u64::from(shape.words >= 2);
            self.names_first_name += u64::from(shape.first_name && !shape.organisation);
            self.names_organisation += u64::from(shape.organisation);
        }
    }

    /// Number of values observed.
    pub fn observed(&self) -> u64 {
        self.observed
    }

    /// Share of observed values that match `kind` (0 before any value). Name kinds
    /// count name-shaped values without company markers.
    pub fn ratio(&self, kind: DetectionKind) -> f64 {
        if self.observed == 0 {
            return 0.0;
        }
        let count = match kind {
            DetectionKind::PersonName | DetectionKind::FirstName | DetectionKind::LastName => {
                self.names - self.names_organisation
            }
            k => self.matches[k.index()],
        };
        count as f64 / self.observed as f64
    }

    fn share(part: u64, whole: u64) -> f64 {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    }

    /// Share of e-mail addresses that look like a person's: clearly personal ones, plus
    /// the unclear ones (`mmustermann@`) unless the table lists organisations.
    pub fn person_email_share(&self) -> Option<f64> {
        let emails = self.matches[DetectionKind::Email.index()];
        if emails == 0 {
            return None;
        }
        let unclear = if self.organisation_list {
            0
        } else {
            self.email_unclear
        };
        Some(Self::share(self.email_person + unclear, emails))
    }

    /// The name kind the column holds, if any.
    fn name_verdict(&self) -> Option<DetectionKind> {
        if !self.want_names || self.observed == 0 {
            return None;
        }
        // Name-shaped values without company markers.
        let name_ratio = self.ratio(DetectionKind::PersonName);
        for kind in [
            DetectionKind::PersonName,
            DetectionKind::FirstName,
            DetectionKind::LastName,
        ] {
            if self.header.kinds.contains(kind) {
                return (name_ratio >= MIN_RATIO_WITH_HEADER).then_some(kind);
            }
        }
        // Ambiguous header: the values decide.
        let people = Self::share(self.names_first_name, self.observed);
        let needed = if self.organisation_list {
            MIN_FIRST_NAME_SHARE_ORGANISATIONS
        } else {
            MIN_FIRST_NAME_SHARE
        };
        let multi_word = Self::share(self.names_multi_word, self.names);
        if people >= needed {
            Some(if multi_word >= 0.5 {
                DetectionKind::PersonName
            } else {
                DetectionKind::FirstName
            })
        } else if self.siblings.first_name
            && multi_word < 0.5
            && name_ratio >= MIN_RATIO_WITH_HEADER
        {
            Some(DetectionKind::LastName)
        } else {
            None
        }
    }

    /// The detections: every kind that passes the verdict rules (module docs), by
    /// descending ratio, ties in kind order. Ratios are shares of observed values.
    pub fn finish(&self) -> Vec<Detection> {
        let mut found: Vec<Detection> = Vec::new();
        if self.observed > 0 {
            let n = self.observed as f64;
            for kind in DetectionKind::ALL {
                if self.header.negated.contains(kind) {
                    continue;
                }
                let matched = self.matches[kind.index()];
                let ratio = matched as f64 / n;
                let named = self.header.kinds.contains(kind);
                let reported = match kind {
                    DetectionKind::PersonName
                    | DetectionKind::FirstName
                    | DetectionKind::LastName => false,
                    DetectionKind::Postcode => {
                        let threshold = if named {
                            MIN_RATIO_WITH_HEADER
                        } else {
                            MIN_RATIO_VALUE_ONLY
                        };
                        self.want_postcode && ratio >= threshold
                    }
                    DetectionKind::PatientId => {
                        self.want_patient_id
                            && ratio >= MIN_RATIO_WITH_HEADER
                            // An ambiguous `Patient` column of names is a name column.
                            && (named || self.ratio(DetectionKind::PersonName) < ratio)
                    }
                    _ if named => ratio >= MIN_RATIO_WITH_HEADER,
                    _ if VALUE_ONLY_KINDS.contains(&kind) => {
                        let threshold = if CHECKED_KINDS.contains(&kind) {
                            MIN_RATIO_VALUE_ONLY_CHECKED
                        } else {
                            MIN_RATIO_VALUE_ONLY
                        };
                        self.observed >= MIN_VALUES_VALUE_ONLY
                            && ratio >= threshold
                            && (!NEEDS_DISTINCTIVE.contains(&kind)
                                || Self::share(self.distinctive[kind.index()], matched)
                                    >= MIN_DISTINCTIVE_SHARE)
                    }
                    _ => false,
                };
                if reported {
                    found.push(Detection { kind, ratio });
                }
            }
            if let Some(kind) = self.name_verdict()
                && !self.header.negated.contains(kind)
                && !found.iter().any(|d| d.kind == DetectionKind::PatientId)
            {
                found.push(Detection {
                    kind,
                    ratio: self.ratio(kind),
                });
            }
        }
        found.sort_by(|a, b| b.ratio.total_cmp(&a.ratio).then(a.kind.cmp(&b.kind)));
        found
    }

    /// The detections plus what they mean for the column (see [`ColumnVerdict`]).
    pub fn verdict(&self) -> ColumnVerdict {
        let detections = self.finish();
        let person_email_share = self.person_email_share();
        let personal_email = person_email_share.is_some_and(|s| s >= MIN_PERSON_EMAIL_SHARE);
        let personal = detections.iter().any(|d| match d.kind {
            DetectionKind::Email => personal_email,
            DetectionKind::Phone | DetectionKind::Address | DetectionKind::Postcode => {
                !self.organisation_list
            }
            kind => kind.is_personal(),
        });
        let health_codes = detections.iter().any(|d| d.kind.is_health_code());
        ColumnVerdict {
            detections,
            personal,
            health_codes,
            person_email_share,
        }
    }

    /// The normalised header this detector was built for (for diagnostics).
    pub fn normalized_header(&self) -> &str {
        &self.header_normalized
    }
}

impl ColumnVerdict {
    /// Code-system names (DESIGN §4) of the health codes and units found, in kind order.
    pub fn code_systems(&self) -> Vec<&'static str> {
        let mut kinds: Vec<DetectionKind> = self.detections.iter().map(|d| d.kind).collect();
        kinds.sort_unstable();
        kinds
            .into_iter()
            .filter_map(DetectionKind::code_system)
            .collect()
    }
}

/// The classifier's answer for one column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnVerdict {
    /// Kinds found with the share of observed values that match (the catalogue's
    /// `detections`), by descending ratio.
    pub detections: Vec<Detection>,
    /// Whether the column holds personal data: a personal kind was found, except
    /// role e-mail addresses and the contact data of a list of organisations (module
    /// docs). No value of such a column may be stored or exported; masked examples only.
    pub personal: bool,
    /// Whether a health code (ICD-10-GM, OPS, LOINC, SNOMED CT, ATC, PZN) was found.
    /// Together with person-level records this makes the file special-category data.
    pub health_codes: bool,
    /// Share of the column's e-mail addresses that look like a person's, when it holds
    /// e-mail addresses.
    pub person_email_share: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use DetectionKind::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    fn run(header: &str, siblings: &[&str], values: &[&str]) -> ColumnVerdict {
        let context = ColumnContext::new(header, siblings.iter().copied(), today());
        let mut detector = ColumnDetector::new(&context);
        for v in values {
            detector.observe(v);
        }
        detector.verdict()
    }

    fn kinds(v: &ColumnVerdict) -> Vec<DetectionKind> {
        v.detections.iter().map(|d| d.kind).collect()
    }

    #[test]
    fn who_did_something_headers_let_the_values_decide() {
        let people = [
            "Heinrich, Lukas",
            "Keller, Martina",
            "Ebert, Maria",
            "Busse, Kerstin",
            "Meier, Dieter",
        ];
        let v = run("Gemeldet von", &["Produkt", "Fehlerbeschreibung"], &people);
        assert_eq!(kinds(&v), vec![PersonName]);
        assert!(v.personal);
        let teams = [
            "Qualitätssicherung",
            "Service",
            "Vertrieb Nord",
            "Service",
            "Labor",
        ];
        let v = run("Gemeldet von", &["Produkt"], &teams);
        assert!(v.detections.is_empty() && !v.personal);
    }

    #[test]
    fn value_kinds_per_value() {
        let k = |v| value_kinds(v).iter().collect::<Vec<_>>();
        assert_eq!(k("DE89 3704 0044 0532 0130 00"), vec![Iban]);
        assert_eq!(k("A123456780"), vec![Kvnr]);
        assert_eq!(k("86095742719"), vec![SteuerId]);
        assert_eq!(k("DE136695976"), vec![VatId]);
        assert_eq!(k("max.mustermann@example.de"), vec![Email]);
        assert_eq!(k("+49 89 1234567"), vec![Phone]);
        assert_eq!(k("E11.90"), vec![Icd10gm]);
        assert_eq!(k("5-470.11"), vec![Ops]);
        assert_eq!(k("2345-7"), vec![Loinc]);
        assert_eq!(k("22298006"), vec![SnomedCt]);
        assert_eq!(k("A10BA02"), vec![Atc]);
        assert_eq!(k("27580899"), vec![Pzn]);
        assert_eq!(k("mmol/L"), vec![UcumUnit]);
        assert_eq!(k("C10"), vec![Icd10gm, Atc]);
        assert_eq!(k(" E11.90 "), vec![Icd10gm]);
        for v in [
            "Müller",
            "31.12.1980",
            "80331",
            "Hauptstraße 1",
            "1.234,56",
            "",
            "Lorem ipsum dolor sit amet",
        ] {
            assert!(value_kinds(v).is_empty(), "{v}");
        }
    }

    /// Column-level table: header + siblings + values → expected kinds and personal flag.
    #[test]
    fn column_table() {
        let ibans = [
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "AT61 1904 3002 3457 3201",
            "CH93 0076 2011 6238 5295 7",
            "NL91 ABNA 0417 1643 00",
        ];
        let steuer_ids = [
            "86095742719",
            "47036892816",
            "65929970489",
            "57549285017",
            "25768131411",
        ];
        // Eleven-digit order numbers; one in ten passes the check digit by chance
        // ("86095742719" is in here on purpose).
        let orders = [
            "20240000017",
            "20240000025",
            "20240000033",
            "86095742719",
            "20240000041",
            "20240000058",
        ];
        let icd = ["E11.90", "I10.90", "J18.9 G", "S72.01 R", "M17.1"];
        let icd_like_products = ["A12", "B20", "C33", "D40", "E50", "A13"];
        let role_mails = [
            "info@lieferant-a.de",
            "vertrieb@lieferant-b.de",
            "kontakt@lieferant-c.de",
            "service@lieferant-d.de",
            "bestellung@lieferant-e.de",
        ];
        let person_mails = [
            "max.mustermann@firma.de",
            "erika.musterfrau@firma.de",
            "a.schmidt@firma.de",
            "hans@gmx.de",
            "lena_weber@web.de",
        ];
        let first = ["Anna", "Hans", "Jürgen", "Maria", "Thomas", "Sabine"];
        let full = [
            "Anna Müller",
            "Hans Schmidt",
            "Müller, Jürgen",
            "Maria Weber",
            "Thomas Becker",
        ];
        let surnames = ["Müller", "Schmidt", "Weber", "Becker", "Hoffmann"];
        let companies = [
            "Müller GmbH",
            "Schmidt & Söhne",
            "Weber AG",
            "Becker Medizintechnik GmbH",
            "Hoffmann KG",
        ];
        let postcodes = ["80331", "10115", "20095", "50667", "01067"];
        let birth = [
            "31.12.1980",
            "01.02.1955",
            "15.07.2001",
            "1967-03-04",
            "29.02.1996",
        ];
        type Case<'a> = (
            &'a str,
            &'a [&'a str],
            Vec<&'a str>,
            Vec<DetectionKind>,
            bool,
        );
        let cases: Vec<Case> = vec![
            ("IBAN", &["Name"], ibans.to_vec(), vec![Iban], true),
            ("Spalte 3", &[], ibans.to_vec(), vec![Iban], true),
            (
                "Steuer-ID",
                &["Name"],
                steuer_ids.to_vec(),
                vec![SteuerId],
                true,
            ),
            (
                "Auftragsnummer",
                &["Kunde", "Datum"],
                orders.to_vec(),
                vec![],
                false,
            ),
            ("Nummer", &[], orders.to_vec(), vec![], false),
            ("ICD-10", &["Patient"], icd.to_vec(), vec![Icd10gm], false),
            ("Code", &[], icd.to_vec(), vec![Icd10gm], false),
            (
                "Artikel",
                &["Bezeichnung", "Preis"],
                icd_like_products.to_vec(),
                vec![],
                false,
            ),
            ("Code", &[], icd_like_products.to_vec(), vec![], false),
            (
                "E-Mail",
                &["Lieferant", "Telefon"],
                role_mails.to_vec(),
                vec![Email],
                false,
            ),
            (
                "E-Mail",
                &["Vorname", "Nachname"],
                person_mails.to_vec(),
                vec![Email],
                true,
            ),
            ("Kontakt", &[], person_mails.to_vec(), vec![Email], true),
            (
                "Vorname",
                &["Nachname"],
                first.to_vec(),
                vec![FirstName],
                true,
            ),
            ("Name", &[], full.to_vec(), vec![PersonName], true),
            (
                "Name",
                &["Vorname", "Geburtsdatum"],
                surnames.to_vec(),
                vec![LastName],
                true,
            ),
            (
                "Name",
                &["Lieferant", "Telefon"],
                companies.to_vec(),
                vec![],
                false,
            ),
            (
                "Name",
                &["Telefon", "Ort"],
                surnames.to_vec(),
                vec![],
                false,
            ),
            ("Bezeichnung", &[], full.to_vec(), vec![], false),
            ("Nachname", &[], surnames.to_vec(), vec![LastName], true),
            ("PLZ", &["Ort"], postcodes.to_vec(), vec![Postcode], true),
            (
                "Wert",
                &["Straße", "Ort"],
                postcodes.to_vec(),
                vec![Postcode],
                true,
            ),
            (
                "Kundennummer",
                &["Straße", "Ort"],
                postcodes.to_vec(),
                vec![],
                false,
            ),
            ("Menge", &[], postcodes.to_vec(), vec![], false),
            (
                "PLZ",
                &["Lieferant", "Ort"],
                postcodes.to_vec(),
                vec![Postcode],
                false,
            ),
            ("Geburtsdatum", &[], birth.to_vec(), vec![BirthDate], true),
            ("Datum", &[], birth.to_vec(), vec![], false),
            (
                "Geburtsdatum",
                &[],
                vec![
                    "01.01.2030",
                    "02.02.2031",
                    "03.03.2032",
                    "04.04.2033",
                    "05.05.2034",
                ],
                vec![],
                false,
            ),
            (
                "Geburtsjahr",
                &["Pseudonym"],
                vec!["1980", "1955", "2001", "1967", "1990"],
                vec![BirthDate],
                true,
            ),
            (
                "Patienten-ID",
                &[],
                vec!["P000123", "P000124", "P000125", "P000126"],
                vec![PatientId],
                true,
            ),
            (
                "Patient",
                &[],
                vec!["4711", "4712", "4713", "4714"],
                vec![PatientId],
                true,
            ),
            ("Patient", &[], full.to_vec(), vec![PersonName], true),
            (
                "ID",
                &[],
                vec!["4711", "4712", "4713", "4714", "4715"],
                vec![],
                false,
            ),
            (
                "Telefon",
                &[],
                vec![
                    "089 1234567",
                    "0171/1234567",
                    "030 12345-678",
                    "08912345678",
                    "0221 998877",
                ],
                vec![Phone],
                true,
            ),
            (
                "Nummer",
                &[],
                vec![
                    "08912345678",
                    "01711234567",
                    "03012345678",
                    "02219988770",
                    "06221540000",
                ],
                vec![],
                false,
            ),
            (
                "Kontakt",
                &[],
                vec![
                    "+49 89 1234567",
                    "+49 171 1234567",
                    "+41 44 668 18 00",
                    "+49 30 1234567",
                    "+43 1 5123456",
                ],
                vec![Phone],
                true,
            ),
            (
                "Telefon",
                &["Lieferant", "E-Mail"],
                vec![
                    "089 1234567",
                    "0171/1234567",
                    "030 12345-678",
                    "0221 998877",
                    "06221 54 00",
                ],
                vec![Phone],
                false,
            ),
            (
                "Betrag",
                &[],
                vec!["1.234,56", "0,50", "12,00", "-3,20", "99,99"],
                vec![],
                false,
            ),
            (
                "Datum",
                &[],
                vec![
                    "01-12-2024",
                    "02-12-2024",
                    "03-12-2024",
                    "04-12-2024",
                    "05-12-2024",
                ],
                vec![],
                false,
            ),
            (
                "Einheit",
                &[],
                vec!["mg/dL", "mmol/L", "%", "g/L", "U/L"],
                vec![UcumUnit],
                false,
            ),
            ("Note", &[], vec!["A", "B", "C", "A", "B"], vec![], false),
            (
                "Geschlecht",
                &[],
                vec!["m", "w", "d", "m", "w"],
                vec![],
                false,
            ),
            (
                "Wirkstoff",
                &[],
                vec!["A10BA02", "C09AA05", "N02BE01", "C07AB07", "B01AC06"],
                vec![Atc],
                false,
            ),
            (
                "LOINC",
                &[],
                vec!["2345-7", "718-7", "4548-4", "2160-0", "8480-6"],
                vec![Loinc],
                false,
            ),
            (
                "Befund",
                &[],
                vec!["2345-7", "718-7", "4548-4", "2160-0", "8480-6"],
                vec![Loinc],
                false,
            ),
            (
                "Konzept",
                &[],
                vec!["22298006", "73211009", "38341003", "404684003", "138875005"],
                vec![SnomedCt],
                false,
            ),
            (
                "OPS",
                &[],
                vec!["5-470.11", "8-930", "1-632.0", "5-820.00:R", "9-984.7"],
                vec![Ops],
                false,
            ),
            (
                "PZN",
                &[],
                vec![
                    "27580899",
                    "PZN-27580899",
                    "2758089",
                    "27580899",
                    "27580899",
                ],
                vec![Pzn],
                false,
            ),
            (
                "Artikelnummer",
                &[],
                vec!["27580899", "27580899", "27580899", "27580899", "27580899"],
                vec![Pzn],
                false,
            ),
            (
                "KVNR",
                &[],
                vec!["A123456780", "Z234567896", "M000000007"],
                vec![Kvnr],
                true,
            ),
            (
                "USt-IdNr.",
                &["Lieferant"],
                vec![
                    "DE136695976",
                    "DE811569869",
                    "ATU12345678",
                    "FR40303265045",
                    "NL123456789B01",
                ],
                vec![VatId],
                false,
            ),
            (
                "Straße",
                &["PLZ", "Ort"],
                vec![
                    "Hauptstraße 12",
                    "Am Mühlweg 3",
                    "Lindenallee 7 b",
                    "Musterstr. 5",
                    "Karl-Marx-Allee 90",
                ],
                vec![Address],
                true,
            ),
            (
                "Bemerkung",
                &[],
                vec![
                    "bitte zurückrufen",
                    "erledigt",
                    "offen",
                    "Termin verschoben",
                    "k.A.",
                ],
                vec![],
                false,
            ),
        ];
        for (header, siblings, values, expected, personal) in cases {
            let verdict = run(header, siblings, &values);
            assert_eq!(
                kinds(&verdict),
                expected,
                "{header} {siblings:?} {values:?}"
            );
            assert_eq!(
                verdict.personal, personal,
                "personal: {header} {siblings:?} {values:?}"
            );
        }
    }

    #[test]
    fn email_personal_share() {
        let verdict = run(
            "E-Mail",
            &["Lieferant"],
            &[
                "info@a.de",
                "vertrieb@b.de",
                "kontakt@c.de",
                "max.mustermann@d.de",
            ],
        );
        assert_eq!(verdict.person_email_share, Some(0.25));
        assert!(
            verdict.personal,
            "a quarter of personal addresses is personal data"
        );
        let roles = run(
            "E-Mail",
            &["Lieferant"],
            &["info@a.de", "vertrieb@b.de", "hamburg@c.de", "kontakt@d.de"],
        );
        assert_eq!(
            roles.person_email_share,
            Some(0.0),
            "unclear local parts in a supplier list"
        );
        assert!(!roles.personal);
        let staff = run(
            "E-Mail",
            &["Abteilung"],
            &[
                "mmustermann@firma.de",
                "eweber@firma.de",
                "info@firma.de",
                "kschmidt@firma.de",
            ],
        );
        assert_eq!(staff.person_email_share, Some(0.75));
        assert!(staff.personal);
        assert_eq!(run("Menge", &[], &["1", "2"]).person_email_share, None);
    }

    #[test]
    fn verdict_code_systems_and_health() {
        let icd = run("ICD-10", &[], &["E11.90", "I10.90", "J18.9 G"]);
        assert_eq!(icd.code_systems(), vec!["ICD-10-GM"]);
        assert!(icd.health_codes);
        assert!(!icd.personal);
        let units = run("Einheit", &[], &["mg/dL", "mmol/L"]);
        assert_eq!(units.code_systems(), vec!["UCUM"]);
        assert!(!units.health_codes, "units are not health codes");
        assert!(
            run("IBAN", &[], &["DE89 3704 0044 0532 0130 00"])
                .code_systems()
                .is_empty()
        );
    }

    #[test]
    fn ratios_count_check_digits_and_thresholds() {
        // Four valid IBANs and one with a wrong check digit: ratio 0.8.
        let values = [
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "AT61 1904 3002 3457 3201",
            "CH93 0076 2011 6238 5295 7",
            "DE88 3704 0044 0532 0130 00",
        ];
        let verdict = run("Konto", &[], &values);
        assert_eq!(
            verdict.detections,
            vec![Detection {
                kind: Iban,
                ratio: 0.8
            }]
        );
        // Check-digit kinds need half the values without a header, a header lowers
        // nothing further; other value-only kinds need 80 %.
        let half = [
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "AT61 1904 3002 3457 3201",
            "folgt",
            "-",
            "k.A.",
        ];
        assert_eq!(kinds(&run("Konto", &[], &half)), vec![Iban]);
        let third = [
            "DE89 3704 0044 0532 0130 00",
            "GB82 WEST 1234 5698 7654 32",
            "folgt",
            "-",
            "k.A.",
            "fehlt",
        ];
        assert!(run("Konto", &[], &third).detections.is_empty());
        let mails = ["a.b@c.de", "d.e@f.de", "g.h@i.de", "j.k@l.de", "-", "fehlt"];
        assert!(
            run("Spalte 2", &[], &mails).detections.is_empty(),
            "4 of 6 < 0.8"
        );
        assert_eq!(kinds(&run("E-Mail", &[], &mails)), vec![Email]);
        // Too few values for a value-only verdict.
        assert!(run("Konto", &[], &values[..3]).detections.is_empty());
        // Nothing observed, nothing found.
        assert!(run("IBAN", &[], &[]).detections.is_empty());
        assert!(run("IBAN", &[], &["", "  "]).detections.is_empty());
    }

    #[test]
    fn contexts_for_a_table() {
        let contexts = ColumnContext::for_table(&["Firma", "Straße", "PLZ", "E-Mail"], today());
        assert_eq!(contexts.len(), 4);
        assert_eq!(contexts[2].header(), "PLZ");
        assert!(contexts[2].sibling_evidence().address);
        assert!(contexts[2].is_organisation_list());
        assert!(
            !contexts[0].sibling_evidence().organisation,
            "a column is not its own sibling"
        );
        assert_eq!(contexts[0].today(), today());
        assert!(contexts[3].header_evidence().kinds.contains(Email));
    }
}
