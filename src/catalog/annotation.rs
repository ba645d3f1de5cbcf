//! Annotations: what no scan can know about a dataset, documented by people.
//!
//! Keys and their allowed values are fixed here; values are stored in their
//! canonical id (`consent`, `own` …) so scores and exports do not depend on the
//! language the user typed in. Parsing accepts the ids and the German and English
//! labels, so a workshop can fill a spreadsheet in plain words
//! ([`read_csv`]/[`write_csv`]).

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, t, tf};

/// A fact a person documents about a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnnotationKey {
    /// Who is responsible (person or department).
    Owner,
    /// Where the data comes from ([`Origin`]).
    Origin,
    /// The legal basis of processing ([`LegalBasis`]).
    LegalBasis,
    /// What a consent covers.
    ConsentScope,
    /// What the data is used for.
    Purpose,
    /// Licence or usage agreement.
    Licence,
    /// Rights of third parties (a hospital, a customer …).
    ThirdPartyRights,
    /// How long the data is kept.
    Retention,
    /// Who may use the data.
    Access,
    /// What the dataset holds, in a sentence or two (DCAT-AP `dct:description`).
    Description,
    /// How much the dataset matters for the company ([`Relevance`]).
    Relevance,
}

impl AnnotationKey {
    /// Every key, in the order forms and spreadsheets show them.
    pub const ALL: [AnnotationKey; 11] = [
        AnnotationKey::Owner,
        AnnotationKey::Origin,
        AnnotationKey::LegalBasis,
        AnnotationKey::ConsentScope,
        AnnotationKey::Purpose,
        AnnotationKey::Licence,
        AnnotationKey::ThirdPartyRights,
        AnnotationKey::Retention,
        AnnotationKey::Access,
        AnnotationKey::Description,
        AnnotationKey::Relevance,
    ];

    /// The key as written on the command line and in files.
    pub fn id(self) -> &'static str {
        match self {
            AnnotationKey::Owner => "owner",
            AnnotationKey::Origin => "origin",
            AnnotationKey::LegalBasis => "legal_basis",
            AnnotationKey::ConsentScope => "consent_scope",
            AnnotationKey::Purpose => "purpose",
            AnnotationKey::Licence => "licence",
            AnnotationKey::ThirdPartyRights => "third_party_rights",
            AnnotationKey::Retention => "retention",
            AnnotationKey::Access => "access",
            AnnotationKey::Description => "description",
            AnnotationKey::Relevance => "relevance",
        }
    }

    /// Parses a key id (`license` is accepted for `licence`).
    pub fn parse(s: &str) -> Option<AnnotationKey> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        if s == "license" {
            return Some(AnnotationKey::Licence);
        }
        AnnotationKey::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The key's label for people.
    pub fn label(self, lang: Lang) -> String {
        t(lang, &format!("dataset.key_{}", self.id()))
    }

    /// The allowed values when the key takes one of a fixed list.
    pub fn choices(self) -> Option<&'static [&'static str]> {
        match self {
            AnnotationKey::Origin => Some(&Origin::IDS),
            AnnotationKey::LegalBasis => Some(&LegalBasis::IDS),
            AnnotationKey::Relevance => Some(&Relevance::IDS),
            _ => None,
        }
    }
}

macro_rules! choice_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value id, in display order.
            pub const IDS: [&'static str; [$($id),+].len()] = [$($id),+];

            /// The value id.
            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            /// Parses a value id.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($id => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

choice_enum! {
    /// Where a dataset comes from.
    Origin {
        /// Collected or produced by the company itself.
        Own = "own",
        /// Received from customers.
        Customer = "customer",
        /// Received from a partner (a hospital, a research partner …).
        Partner = "partner",
        /// Public (open data).
        Public = "public",
        /// Bought or licensed.
        Purchased = "purchased",
    }
}

choice_enum! {
    /// The legal basis of processing personal data.
    LegalBasis {
        /// Consent, GDPR Art. 6(1)(a) and for health data explicit consent Art. 9(2)(a).
        Consent = "consent",
        /// Performance of a contract, Art. 6(1)(b).
        Contract = "contract",
        /// A legal obligation, Art. 6(1)(c).
        LegalObligation = "legal_obligation",
        /// Legitimate interests, Art. 6(1)(f).
        LegitimateInterest = "legitimate_interest",
        /// Scientific research, Art. 9(2)(j) with § 27 BDSG.
        Research = "research",
        /// Further processing by health institutions, § 6 GDNG.
        Gdng6 = "gdng_6",
        /// There is none (the data must not be used as it is).
        None = "none",
    }
}

choice_enum! {
    /// How much a dataset matters for the company's plans.
    Relevance {
        /// Central to the product or the plan.
        High = "high",
        /// Useful.
        Medium = "medium",
        /// Marginal.
        Low = "low",
        /// Not relevant (left out of the company readiness).
        None = "none",
    }
}

impl LegalBasis {
    /// Whether the basis can cover health data (an Art. 9(2) exception).
    pub fn covers_special_category(self) -> bool {
        matches!(
            self,
            LegalBasis::Consent
                | LegalBasis::Research
                | LegalBasis::Gdng6
                | LegalBasis::LegalObligation
        )
    }
}

/// The documented facts of one dataset, by key id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Annotations(pub BTreeMap<String, String>);

impl Annotations {
    /// The value of a key, when documented (never empty).
    pub fn get(&self, key: AnnotationKey) -> Option<&str> {
        self.0
            .get(key.id())
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Whether a key is documented.
    pub fn has(&self, key: AnnotationKey) -> bool {
        self.get(key).is_some()
    }

    /// The documented legal basis.
    pub fn legal_basis(&self) -> Option<LegalBasis> {
        self.get(AnnotationKey::LegalBasis)
            .and_then(LegalBasis::parse)
    }

    /// The documented origin.
    pub fn origin(&self) -> Option<Origin> {
        self.get(AnnotationKey::Origin).and_then(Origin::parse)
    }

    /// The documented relevance.
    pub fn relevance(&self) -> Option<Relevance> {
        self.get(AnnotationKey::Relevance)
            .and_then(Relevance::parse)
    }

    /// Sets or removes (`None`) a value.
    pub fn set(&mut self, key: AnnotationKey, value: Option<String>) {
        match value {
            Some(v) if !v.trim().is_empty() => {
                self.0.insert(key.id().to_owned(), v);
            }
            _ => {
                self.0.remove(key.id());
            }
        }
    }

    /// A value for people: choice values get their label.
    pub fn display(&self, key: AnnotationKey, lang: Lang) -> Option<String> {
        let value = self.get(key)?;
        Some(match key.choices() {
            Some(_) => value_label(key, value, lang),
            None => value.to_owned(),
        })
    }
}

/// The label of a choice value (`consent` → „Einwilligung (Art. 6 Abs. 1 lit. a / Art. 9
/// Abs. 2 lit. a DSGVO)“); free-text values are returned as they are.
pub fn value_label(key: AnnotationKey, value: &str, lang: Lang) -> String {
    match key.choices() {
        Some(ids) if ids.contains(&value) => t(lang, &format!("dataset.{}_{value}", key.id())),
        _ => value.to_owned(),
    }
}

/// Why a `key=value` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnnotationError {
    /// The key is not one of [`AnnotationKey::ALL`].
    #[error("unknown annotation key `{0}`")]
    UnknownKey(String),
    /// The value is not one of the key's choices.
    #[error("`{value}` is not a valid value for `{key}`")]
    BadValue {
        /// The key.
        key: String,
        /// The value given.
        value: String,
    },
    /// The argument is not of the form `key=value`.
    #[error("`{0}` is not of the form key=value")]
    NotAnAssignment(String),
    /// A value is too long to be a note (the limit keeps data out of annotations).
    #[error("the value for `{0}` is longer than 2000 characters")]
    TooLong(String),
    /// A CSV row could not be read.
    #[error("row {row}: {message}")]
    Csv {
        /// 1-based row number (the header is row 1).
        row: usize,
        /// What is wrong.
        message: String,
    },
}

impl AnnotationError {
    /// The message for people, in `lang`, with the allowed values where they help.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AnnotationError::UnknownKey(key) => tf(
                lang,
                "dataset.err_unknown_key",
                &[
                    ("key", key),
                    (
                        "keys",
                        &AnnotationKey::ALL
                            .iter()
                            .map(|k| k.id())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ],
            ),
            AnnotationError::BadValue { key, value } => {
                let allowed = AnnotationKey::parse(key)
                    .and_then(AnnotationKey::choices)
                    .map(|c| c.join(", "))
                    .unwrap_or_default();
                tf(
                    lang,
                    "dataset.err_bad_value",
                    &[("key", key), ("value", value), ("allowed", &allowed)],
                )
            }
            AnnotationError::NotAnAssignment(arg) => {
                tf(lang, "dataset.err_not_assignment", &[("arg", arg)])
            }
            AnnotationError::TooLong(key) => tf(lang, "dataset.err_too_long", &[("key", key)]),
            AnnotationError::Csv { row, message } => tf(
                lang,
                "dataset.err_csv_row",
                &[("row", &row.to_string()), ("message", message)],
            ),
        }
    }
}

/// Longest accepted value in characters.
pub const MAX_VALUE_CHARS: usize = 2000;

/// Checks a key and value; returns the key and the canonical value (`None` for an
/// empty value, which removes the annotation). Choice values may be given as ids or
/// as their German or English labels, in any case.
///
/// # Errors
/// [`AnnotationError::UnknownKey`], [`AnnotationError::BadValue`] or
/// [`AnnotationError::TooLong`].
pub fn validate(
    key: &str,
    value: &str,
) -> Result<(AnnotationKey, Option<String>), AnnotationError> {
    let k = AnnotationKey::parse(key).ok_or_else(|| AnnotationError::UnknownKey(key.to_owned()))?;
    let v = value.trim();
    if v.is_empty() {
        return Ok((k, None));
    }
    if v.chars().count() > MAX_VALUE_CHARS {
        return Err(AnnotationError::TooLong(k.id().to_owned()));
    }
    match k.choices() {
        None => Ok((k, Some(v.to_owned()))),
        Some(ids) => {
            let norm = v.to_lowercase().replace(['-', ' '], "_");
            let norm = if norm == "gdng6" || norm == "gdng_§6" || norm == "§6_gdng" {
                "gdng_6".to_owned()
            } else {
                norm
            };
            if let Some(id) = ids.iter().find(|id| **id == norm) {
                return Ok((k, Some((*id).to_owned())));
            }
            for lang in [Lang::De, Lang::En] {
                for id in ids {
                    let label = value_label(k, id, lang);
                    let short = t(lang, &format!("dataset.{}_{id}_short", k.id()));
                    if label.eq_ignore_ascii_case(v)
                        || label.to_lowercase() == v.to_lowercase()
                        || short.to_lowercase() == v.to_lowercase()
                    {
                        return Ok((k, Some((*id).to_owned())));
                    }
                }
            }
            Err(AnnotationError::BadValue {
                key: k.id().to_owned(),
                value: v.to_owned(),
            })
        }
    }
}

/// Parses `key=value` (an empty value removes the annotation).
///
/// # Errors
/// [`AnnotationError::NotAnAssignment`] or the errors of [`validate`].
pub fn parse_assignment(arg: &str) -> Result<(AnnotationKey, Option<String>), AnnotationError> {
    let (key, value) = arg
        .split_once('=')
        .ok_or_else(|| AnnotationError::NotAnAssignment(arg.to_owned()))?;
    validate(key, value)
}

/// One dataset's line of the annotation spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationSheetRow {
    /// Dataset id (the key column of the sheet).
    pub dataset_id: String,
    /// Values by key; a key missing from the sheet's header is left alone on import.
    pub values: BTreeMap<AnnotationKey, Option<String>>,
}

/// Columns of the annotation CSV before the keys: read-only context for the workshop.
pub const CSV_CONTEXT_COLUMNS: [&str; 5] = [
    "dataset_id",
    "name",
    "files",
    "personal_data",
    "special_category",
];

/// What the CSV export shows for one dataset.
pub struct SheetDataset<'a> {
    /// Dataset id.
    pub id: &'a str,
    /// Dataset name.
    pub name: &'a str,
    /// Number of files.
    pub files: usize,
    /// Personal data found.
    pub personal_data: bool,
    /// Health data found.
    pub special_category: bool,
    /// Current annotations.
    pub annotations: &'a Annotations,
}

/// Writes the annotation spreadsheet: one row per dataset with context columns and a
/// column per key (ids as headers, choice values as ids so a re-import is exact).
/// Comma-separated, UTF-8 with a byte-order mark so spreadsheet programs read umlauts.
///
/// # Errors
/// Writing fails.
pub fn write_csv<W: Write>(datasets: &[SheetDataset<'_>], mut out: W) -> Result<(), csv::Error> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = CSV_CONTEXT_COLUMNS.to_vec();
    header.extend(AnnotationKey::ALL.iter().map(|k| k.id()));
    writer.write_record(&header)?;
    for d in datasets {
        let mut row = vec![
            d.id.to_owned(),
            d.name.to_owned(),
            d.files.to_string(),
            d.personal_data.to_string(),
            d.special_category.to_string(),
        ];
        row.extend(
            AnnotationKey::ALL
                .iter()
                .map(|k| d.annotations.get(*k).unwrap_or("").to_owned()),
        );
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Reads an annotation spreadsheet written by [`write_csv`] and filled by people.
/// The delimiter (comma, semicolon or tab) is taken from the header line, so a sheet
/// saved by a German spreadsheet program works. Columns other than `dataset_id` and
/// the keys are ignored; an empty cell removes the annotation.
///
/// # Errors
/// Every problem with its row: a missing `dataset_id` column, an unknown value.
pub fn read_csv<R: Read>(mut input: R) -> Result<Vec<AnnotationSheetRow>, Vec<AnnotationError>> {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        return Err(vec![AnnotationError::Csv {
            row: 0,
            message: e.to_string(),
        }]);
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_owned(),
        // Spreadsheet programs on Windows save "CSV" as Windows-1252.
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_owned()).collect(),
        Err(e) => {
            return Err(vec![AnnotationError::Csv {
                row: 1,
                message: e.to_string(),
            }]);
        }
    };
    let Some(id_col) = header.iter().position(|h| h == "dataset_id") else {
        return Err(vec![AnnotationError::Csv {
            row: 1,
            message: "the column `dataset_id` is missing".into(),
        }]);
    };
    let keys: Vec<(usize, AnnotationKey)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| AnnotationKey::parse(h).map(|k| (i, k)))
        .collect();
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row_no = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(AnnotationError::Csv {
                    row: row_no,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let id = record.get(id_col).unwrap_or("").trim();
        if id.is_empty() {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            errors.push(AnnotationError::Csv {
                row: row_no,
                message: "the dataset id is empty".into(),
            });
            continue;
        }
        let mut values = BTreeMap::new();
        for (col, key) in &keys {
            let cell = record.get(*col).unwrap_or("");
            match validate(key.id(), cell) {
                Ok((k, v)) => {
                    values.insert(k, v);
                }
                Err(e) => errors.push(AnnotationError::Csv {
                    row: row_no,
                    message: e.to_string(),
                }),
            }
        }
        rows.push(AnnotationSheetRow {
            dataset_id: id.to_owned(),
            values,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_validated() {
        assert_eq!(
            validate("legal_basis", "Research").unwrap(),
            (AnnotationKey::LegalBasis, Some("research".into()))
        );
        assert_eq!(
            validate("legal_basis", "Einwilligung").unwrap(),
            (AnnotationKey::LegalBasis, Some("consent".into()))
        );
        assert_eq!(
            validate("origin", "Partner").unwrap().1.as_deref(),
            Some("partner")
        );
        assert_eq!(
            validate("license", "CC BY 4.0").unwrap().0,
            AnnotationKey::Licence
        );
        assert_eq!(validate("purpose", "  ").unwrap().1, None);
        assert!(matches!(
            validate("legal_basis", "because"),
            Err(AnnotationError::BadValue { .. })
        ));
        assert!(matches!(
            validate("colour", "red"),
            Err(AnnotationError::UnknownKey(_))
        ));
        assert!(matches!(
            parse_assignment("owner"),
            Err(AnnotationError::NotAnAssignment(_))
        ));
        let msg = validate("legal_basis", "because")
            .unwrap_err()
            .message(Lang::En);
        assert!(msg.contains("consent, contract"), "{msg}");
    }

    #[test]
    fn csv_round_trips_and_reads_semicolons() {
        let mut a = Annotations::default();
        a.set(AnnotationKey::Owner, Some("QM, Frau Roth".into()));
        a.set(AnnotationKey::LegalBasis, Some("contract".into()));
        let sheet = [SheetDataset {
            id: "reklamationen-1a2b3c4d",
            name: "Reklamationen 2024",
            files: 11,
            personal_data: true,
            special_category: false,
            annotations: &a,
        }];
        let mut out = Vec::new();
        write_csv(&sheet, &mut out).unwrap();
        let rows = read_csv(out.as_slice()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].dataset_id, "reklamationen-1a2b3c4d");
        assert_eq!(
            rows[0].values[&AnnotationKey::Owner].as_deref(),
            Some("QM, Frau Roth")
        );
        assert_eq!(rows[0].values[&AnnotationKey::Purpose], None);

        let german = "dataset_id;name;legal_basis;origin\nabc;X;Einwilligung;Kunde\n;;;\ndef;Y;vielleicht;own\n";
        let errors = read_csv(german.as_bytes()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with("row 4:"), "{}", errors[0]);
        let ok =
            read_csv("dataset_id;legal_basis;origin\nabc;Einwilligung;Kunde\n".as_bytes()).unwrap();
        assert_eq!(
            ok[0].values[&AnnotationKey::LegalBasis].as_deref(),
            Some("consent")
        );
        assert_eq!(
            ok[0].values[&AnnotationKey::Origin].as_deref(),
            Some("customer")
        );
    }
}
