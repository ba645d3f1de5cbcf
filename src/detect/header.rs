//! Header evidence: what a column's name says about its content, in German and English.
//!
//! Headers are compared after [`normalize`]: lower case, umlauts and ß folded, and
//! everything that is not a letter removed (`Geb.-Datum` → `gebdatum`, `E-Mail 2` →
//! `email`, `Patienten-ID` → `patientenid`). Each kind has a dictionary of terms that
//! match the whole header, its start, its end or anywhere in it; short terms only match
//! whole headers so that `tel` does not fire on `Hotel` nor `atc` on `Batch`.
//!
//! Some headers are ambiguous and need values to decide: `Name` on a supplier list holds
//! company names, `Patient` may hold names or numbers, `Kunde` may be a company. Some
//! headers speak against a kind: `Auftragsnummer` is an order number even when its
//! eleven digits pass the Steuer-ID check.

use super::names::fold_into;
use super::{DetectionKind, KindSet};

/// Lower-cases `header`, folds umlauts, ß and accents, and drops every character that is
/// not a letter (separators, digits, punctuation).
pub fn normalize(header: &str) -> String {
    let mut folded = String::with_capacity(header.len() + 4);
    fold_into(header, &mut folded);
    folded.retain(char::is_alphabetic);
    folded
}

/// Where a dictionary term must stand in the normalised header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// The whole header.
    Exact,
    /// The start (`telefonprivat`).
    Start,
    /// The end (`kundenemail`).
    End,
    /// Anywhere (`patientengeburtsdatum`).
    Within,
}

use At::{End, Exact, Start, Within};

fn term_matches(header: &str, term: &str, at: At) -> bool {
    match at {
        Exact => header == term,
        Start => header.starts_with(term),
        End => header.ends_with(term),
        Within => header.contains(term),
    }
}

/// Dictionary per kind: (normalised term, position). German first, then English.
const DICTIONARY: &[(DetectionKind, &[(&str, At)])] = &[
    (
        DetectionKind::PersonName,
        &[
            ("patientenname", Within),
            ("namedespatienten", Within),
            ("versichertenname", Within),
            ("ansprechpartner", Within),
            ("ansprechperson", Within),
            ("kontaktperson", Within),
            ("vollername", Within),
            ("vollstaendigername", Within),
            ("vornameundname", Exact),
            ("vornamename", Exact),
            ("namevorname", Exact),
            ("nachnamevorname", Exact),
            ("vornamenachname", Exact),
            ("mitarbeitername", Within),
            ("personenname", Within),
            ("patientname", Within),
            ("fullname", Within),
            ("personname", Within),
            ("contactperson", Within),
            ("contactname", Exact),
            ("employeename", Within),
            ("nameofpatient", Within),
        ],
    ),
    (
        DetectionKind::FirstName,
        &[
            ("vorname", Within),
            ("vornamen", Within),
            ("rufname", Within),
            ("firstname", Within),
            ("givenname", Within),
            ("forename", Within),
            ("fname", Exact),
        ],
    ),
    (
        DetectionKind::LastName,
        &[
            ("nachname", Within),
            ("familienname", Within),
            ("zuname", Within),
            ("geburtsname", Within),
            ("maiden", Within),
            ("maedchenname", Within),
            ("lastname", Within),
            ("surname", Within),
            ("familyname", Within),
            ("lname", Exact),
        ],
    ),
    (
        DetectionKind::BirthDate,
        &[
            ("geburtsdatum", Within),
            ("gebdatum", Within),
            ("gebdat", Within),
            ("geburtstag", Within),
            ("geboren", Within),
            ("geburtsjahr", Within),
            ("gebjahr", Within),
            ("geb", Exact),
            ("gebam", Exact),
            ("dateofbirth", Within),
            ("birthdate", Within),
            ("birthday", Within),
            ("yearofbirth", Within),
            ("birthyear", Within),
            ("dob", Exact),
            ("birth", Exact),
        ],
    ),
    (
        DetectionKind::Email,
        &[
            ("email", Within),
            ("emailadresse", Within),
            ("mailadresse", Within),
            ("mail", Exact),
            ("mailaddress", Within),
            ("mailto", Exact),
            ("privatmail", Within),
        ],
    ),
    (
        DetectionKind::Phone,
        &[
            ("telefon", Within),
            ("rufnummer", Within),
            ("handy", Within),
            ("mobilnummer", Within),
            ("mobiltelefon", Within),
            ("mobilfunk", Within),
            ("telefax", Within),
            ("faxnummer", Within),
            ("tel", Exact),
            ("telnr", Within),
            ("telno", Exact),
            ("telprivat", Exact),
            ("teldienstlich", Exact),
            ("telgeschaeftlich", Exact),
            ("telmobil", Exact),
            ("fon", Exact),
            ("fax", Exact),
            ("mobil", Exact),
            ("phone", Within),
            ("mobile", Exact),
            ("mobilenumber", Within),
            ("cell", Exact),
            ("cellphone", Within),
            ("telephone", Within),
        ],
    ),
    (
        DetectionKind::Address,
        &[
            ("strasse", Within),
            ("str", Exact),
            ("strnr", Exact),
            ("hausnummer", Within),
            ("anschrift", Within),
            ("adresse", Within),
            ("wohnanschrift", Within),
            ("plzort", Exact),
            ("plzundort", Exact),
            ("postanschrift", Within),
            ("address", Within),
            ("street", Within),
            ("addressline", Within),
        ],
    ),
    (
        DetectionKind::Postcode,
        &[
            ("plz", Exact),
            ("postleitzahl", Within),
            ("plzwohnort", Exact),
            ("zip", Exact),
            ("zipcode", Within),
            ("postcode", Within),
            ("postalcode", Within),
        ],
    ),
    (
        DetectionKind::Iban,
        &[
            ("iban", Within),
            ("bankverbindung", Within),
            ("kontoverbindung", Within),
            ("bankaccount", Within),
        ],
    ),
    (
        DetectionKind::Kvnr,
        &[
            ("kvnr", Within),
            ("kvid", Within),
            ("krankenversichertennummer", Within),
            ("krankenversicherungsnummer", Within),
            ("versichertennummer", Within),
            ("versichertennr", Within),
            ("versichertenid", Within),
            ("versnr", Exact),
            ("egknummer", Within),
            ("healthinsurancenumber", Within),
            ("insurancenumber", Within),
            ("insuranceid", Within),
        ],
    ),
    (
        DetectionKind::SteuerId,
        &[
            ("steuerid", Within),
            ("steueridentifikationsnummer", Within),
            ("steuerlicheidentifikationsnummer", Within),
            ("steueridnr", Within),
            ("idnr", Exact),
            ("taxid", Within),
            ("taxidentificationnumber", Within),
            ("tin", Exact),
        ],
    ),
    (
        DetectionKind::VatId,
        &[
            ("ustid", Within),
            ("ustidnr", Within),
            ("umsatzsteuerid", Within),
            ("umsatzsteueridentifikationsnummer", Within),
            ("vat", Exact),
            ("vatid", Within),
            ("vatnumber", Within),
            ("vatno", Within),
            ("vatreg", Within),
            ("uidnummer", Within),
        ],
    ),
    (
        DetectionKind::PatientId,
        &[
            ("patientenid", Within),
            ("patientennummer", Within),
            ("patientennr", Within),
            ("patid", Within),
            ("patnr", Within),
            ("patientnr", Within),
            ("patientid", Within),
            ("patientnumber", Within),
            ("fallnummer", Within),
            ("fallnr", Within),
            ("fallid", Within),
            ("aufnahmenummer", Within),
            ("aufnahmenr", Within),
            ("behandlungsfall", Within),
            ("pseudonym", Within),
            ("probandenid", Within),
            ("probandennummer", Within),
            ("probandennr", Within),
            ("studienteilnehmer", Within),
            ("pid", Exact),
            ("mrn", Exact),
            ("medicalrecordnumber", Within),
            ("medicalrecordno", Within),
            ("caseid", Exact),
            ("casenumber", Exact),
            ("caseno", Exact),
            ("encounterid", Within),
            ("subjectid", Within),
            ("participantid", Within),
        ],
    ),
    (
        DetectionKind::Icd10gm,
        &[
            ("icd", Within),
            ("diagnose", Within),
            ("diagnosen", Within),
            ("diagnosis", Within),
            ("diagnoses", Within),
            ("hauptdiagnose", Within),
            ("nebendiagnose", Within),
            ("dx", Exact),
            ("dxcode", Exact),
        ],
    ),
    (
        DetectionKind::Ops,
        &[
            ("ops", Exact),
            ("opscode", Within),
            ("opskode", Within),
            ("opsschluessel", Within),
            ("opsnummer", Within),
            ("prozedur", Within),
            ("procedurecode", Within),
            ("procedure", Exact),
            ("procedures", Exact),
            ("eingriff", Exact),
            ("eingriffscode", Within),
        ],
    ),
    (DetectionKind::Loinc, &[("loinc", Within)]),
    (
        DetectionKind::SnomedCt,
        &[
            ("snomed", Within),
            ("sct", Exact),
            ("sctid", Within),
            ("conceptid", Within),
        ],
    ),
    (
        DetectionKind::Atc,
        &[
            ("atc", Exact),
            ("atc", Start),
            ("atc", End),
            ("wirkstoffklasse", Within),
            ("wirkstoffgruppe", Within),
        ],
    ),
    (
        DetectionKind::Pzn,
        &[("pzn", Within), ("pharmazentralnummer", Within)],
    ),
    (
        DetectionKind::UcumUnit,
        &[
            ("einheit", Within),
            ("masseinheit", Within),
            ("ucum", Within),
            ("unit", Exact),
            ("units", Exact),
            ("unit", End),
            ("unitofmeasure", Within),
            ("uom", Exact),
        ],
    ),
];

/// Headers that name a person or a person's name without saying which part, or that
/// name a party that may be a person or an organisation: values must decide.
const AMBIGUOUS_NAME_HEADERS: &[(&str, At)] = &[
    ("name", Exact),
    ("namen", Exact),
    ("name", End),
    ("patient", Exact),
    ("patienten", Exact),
    ("kunde", Exact),
    ("kunden", Exact),
    ("kontakt", Exact),
    ("person", Exact),
    ("mitarbeiter", Exact),
    ("mitarbeiterin", Exact),
    ("versicherter", Exact),
    ("versicherte", Exact),
    ("teilnehmer", Exact),
    ("empfaenger", Exact),
    ("absender", Exact),
    ("inhaber", Exact),
    ("arzt", Exact),
    ("aerztin", Exact),
    ("behandler", Exact),
    ("bewohner", Exact),
    ("customer", Exact),
    ("contact", Exact),
    ("employee", Exact),
    ("recipient", Exact),
    ("sender", Exact),
    ("owner", Exact),
    ("physician", Exact),
    ("doctor", Exact),
    // Who did something: a person or a department, the values decide.
    ("gemeldetvon", Exact),
    ("erfasstvon", Exact),
    ("erstelltvon", Exact),
    ("bearbeitetvon", Exact),
    ("geprueftvon", Exact),
    ("bearbeiter", Exact),
    ("bearbeiterin", Exact),
    ("sachbearbeiter", Exact),
    ("sachbearbeiterin", Exact),
    ("melder", Exact),
    ("meldende", Exact),
    ("meldender", Exact),
    ("antragsteller", Exact),
    ("verantwortlich", Exact),
    ("verantwortlicher", Exact),
    ("reportedby", Exact),
    ("reporter", Exact),
    ("createdby", Exact),
    ("assignee", Exact),
    ("requester", Exact),
];

/// Prefixes of `…name` headers that name a thing, not a person (`Firmenname`,
/// `Produktname`, `Dateiname`, `Benutzername`).
const THING_NAME_PREFIXES: &[&str] = &[
    "firma",
    "firmen",
    "unternehmens",
    "lieferanten",
    "lieferant",
    "hersteller",
    "produkt",
    "artikel",
    "datei",
    "benutzer",
    "user",
    "strassen",
    "orts",
    "ort",
    "stadt",
    "host",
    "file",
    "product",
    "company",
    "vendor",
    "supplier",
    "item",
    "display",
    "bank",
    "kassen",
    "krankenkassen",
    "praxis",
    "klinik",
    "station",
    "abteilung",
    "projekt",
    "kategorie",
    "gruppen",
    "gruppe",
    "marken",
    "marke",
    "modell",
    "geraete",
    "geraet",
    "feld",
    "spalten",
    "tabellen",
    "blatt",
    "sheet",
    "table",
    "column",
    "field",
    "server",
    "domain",
    "account",
    "konto",
    "login",
    "screen",
    "city",
    "street",
    "country",
    "land",
    "laender",
    "organisation",
    "organization",
    "org",
    "team",
    "dienst",
    "service",
    "kurz",
    "lang",
    "short",
    "long",
    "nick",
    "bezeichnungs",
    "pfad",
    "path",
    "object",
    "objekt",
    "typ",
    "type",
    "klassen",
    "class",
    "material",
    "teile",
    "teil",
    "werk",
    "schul",
    "hotel",
    "event",
    "kurs",
    "course",
    "drug",
    "wirkstoff",
    "medikamenten",
    "arzneimittel",
    "praeparat",
    "handels",
    "test",
    "analyt",
    "parameter",
    "code",
    "einheiten",
    "unit",
    "kosten",
    "konten",
    "lager",
    "standort",
    "location",
    "site",
    "anbieter",
    "krankenhaus",
    "hospital",
    "versicherungs",
    "insurance",
];

/// Headers that speak against a personal identifier or a health code: business
/// documents, articles and serials. They suppress the kinds that [`NEGATED_KINDS`] lists
/// unless the same header also names the kind (`Artikel-ATC`).
const BUSINESS_HEADER_TERMS: &[(&str, At)] = &[
    ("auftrag", Within),
    ("bestell", Within),
    ("order", Within),
    ("rechnung", Within),
    ("invoice", Within),
    ("artikel", Within),
    ("article", Within),
    ("produkt", Within),
    ("product", Within),
    ("material", Within),
    ("serien", Within),
    ("serial", Within),
    ("charge", Within),
    ("batch", Within),
    ("lieferschein", Within),
    ("sku", Exact),
    ("ean", Within),
    ("gtin", Within),
    ("teilenummer", Within),
    ("partnumber", Within),
    ("partno", Within),
    ("sachnummer", Within),
    ("beleg", Within),
    ("vorgang", Within),
    ("ticket", Within),
    ("lot", Exact),
    ("los", Exact),
    ("losnummer", Within),
    ("inventar", Within),
    ("lager", Within),
    ("preis", Within),
    ("price", Within),
    ("betrag", Within),
    ("amount", Within),
    ("menge", Within),
    ("quantity", Within),
    ("version", Within),
    ("typ", Exact),
    ("modell", Within),
    ("model", Exact),
];

/// Kinds a business header suppresses: those whose values alone could be a coincidence
/// (eleven digits passing the Steuer-ID check one time in ten, `A12` read as a
/// diagnosis, `8-930` as a procedure) and the header-led personal kinds. Check-digit
/// kinds used as article numbers (PZN) or that cannot appear by chance are not listed.
const NEGATED_KINDS: &[DetectionKind] = &[
    DetectionKind::SteuerId,
    DetectionKind::Kvnr,
    DetectionKind::Icd10gm,
    DetectionKind::Ops,
    DetectionKind::Atc,
    DetectionKind::Phone,
    DetectionKind::Postcode,
    DetectionKind::BirthDate,
    DetectionKind::PersonName,
    DetectionKind::FirstName,
    DetectionKind::LastName,
    DetectionKind::PatientId,
    DetectionKind::UcumUnit,
];

/// Headers of sibling columns that make a table an address table (for postcodes).
const ADDRESS_CONTEXT: &[(&str, At)] = &[
    ("strasse", Within),
    ("str", Exact),
    ("hausnummer", Within),
    ("hausnr", Within),
    ("anschrift", Within),
    ("adresse", Within),
    ("ort", Exact),
    ("wohnort", Within),
    ("stadt", Exact),
    ("gemeinde", Exact),
    ("ortsteil", Exact),
    ("plz", Exact),
    ("postleitzahl", Within),
    ("city", Exact),
    ("town", Exact),
    ("street", Within),
    ("address", Within),
    ("zip", Exact),
    ("zipcode", Within),
    ("postcode", Within),
    ("postalcode", Within),
];

/// Headers of sibling columns that make a table a list of organisations (suppliers,
/// manufacturers, companies).
const ORGANISATION_CONTEXT: &[(&str, At)] = &[
    ("firma", Exact),
    ("firmenname", Within),
    ("firmierung", Within),
    ("unternehmen", Exact),
    ("unternehmensname", Within),
    ("lieferant", Within),
    ("hersteller", Within),
    ("kreditor", Within),
    ("handelsregister", Within),
    ("rechtsform", Within),
    ("ustid", Within),
    ("umsatzsteuerid", Within),
    ("company", Within),
    ("supplier", Within),
    ("vendor", Within),
    ("manufacturer", Within),
    ("organisation", Exact),
    ("organization", Exact),
    ("vatid", Within),
];

fn any_term(header: &str, terms: &[(&str, At)]) -> bool {
    terms.iter().any(|&(t, at)| term_matches(header, t, at))
}

/// What one header says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeaderEvidence {
    /// Kinds the header names.
    pub kinds: KindSet,
    /// Whether the header names a person or party without saying more (`Name`,
    /// `Patient`, `Kunde`): values decide between names, ids and companies.
    pub ambiguous_name: bool,
    /// Kinds the header speaks against (business documents, articles, serials).
    pub negated: KindSet,
}

/// Reads the evidence of one header.
pub fn header_evidence(header: &str) -> HeaderEvidence {
    let h = normalize(header);
    if h.is_empty() {
        return HeaderEvidence::default();
    }
    let mut kinds = KindSet::EMPTY;
    for (kind, terms) in DICTIONARY {
        if any_term(&h, terms) {
            kinds.insert(*kind);
        }
    }
    // An e-mail address header is not a street address header (`E-Mail-Adresse`), nor
    // are IP and web addresses.
    if kinds.contains(DetectionKind::Email)
        || ["ip", "web", "url", "mac", "server", "internet", "homepage"]
            .iter()
            .any(|p| h.starts_with(p))
    {
        kinds.remove(DetectionKind::Address);
    }
    // `Vorname` inside `Vorname Name`/`Vorname Nachname` headers describes a full name.
    if kinds.contains(DetectionKind::PersonName) {
        kinds.remove(DetectionKind::FirstName);
        kinds.remove(DetectionKind::LastName);
    }
    let thing_name = h.ends_with("name")
        && h.len() > 4
        && THING_NAME_PREFIXES
            .iter()
            .any(|p| h.strip_suffix("name").is_some_and(|pre| pre.ends_with(p)));
    let ambiguous_name = kinds.is_empty() && !thing_name && any_term(&h, AMBIGUOUS_NAME_HEADERS);
    let mut negated = KindSet::EMPTY;
    if any_term(&h, BUSINESS_HEADER_TERMS) || thing_name {
        for kind in NEGATED_KINDS {
            if !kinds.contains(*kind) {
                negated.insert(*kind);
            }
        }
    }
    HeaderEvidence {
        kinds,
        ambiguous_name,
        negated,
    }
}

/// What the other headers of the table say about this column's context.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SiblingEvidence {
    /// A sibling names a street, town or postcode: five digits here may be postcodes.
    pub address: bool,
    /// A sibling names a company, supplier or manufacturer.
    pub organisation: bool,
    /// A sibling names a person or a part of a person's name, a birth date or a
    /// personal identifier (`Ansprechpartner`, `Vorname`, `Geburtsdatum`, `KVNR`).
    pub person: bool,
    /// A sibling is a first-name column (so a plain `Name` column holds surnames).
    pub first_name: bool,
}

/// Reads the context of a column from its sibling headers.
pub fn sibling_evidence<S: AsRef<str>>(siblings: &[S]) -> SiblingEvidence {
    let mut evidence = SiblingEvidence::default();
    for s in siblings {
        let h = normalize(s.as_ref());
        if h.is_empty() {
            continue;
        }
        evidence.address |= any_term(&h, ADDRESS_CONTEXT);
        evidence.organisation |= any_term(&h, ORGANISATION_CONTEXT);
        let e = header_evidence(s.as_ref());
        evidence.first_name |= e.kinds.contains(DetectionKind::FirstName);
        evidence.person |= [
            DetectionKind::PersonName,
            DetectionKind::FirstName,
            DetectionKind::LastName,
            DetectionKind::BirthDate,
            DetectionKind::Kvnr,
            DetectionKind::SteuerId,
            DetectionKind::PatientId,
        ]
        .iter()
        .any(|k| e.kinds.contains(*k));
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;
    use DetectionKind::*;

    #[test]
    fn normalisation() {
        assert_eq!(normalize("Geb.-Datum"), "gebdatum");
        assert_eq!(normalize("E-Mail 2"), "email");
        assert_eq!(normalize("Patienten-ID"), "patientenid");
        assert_eq!(normalize("Straße/Hausnr."), "strassehausnr");
        assert_eq!(normalize("birthDate"), "birthdate");
        assert_eq!(normalize("  PLZ "), "plz");
        assert_eq!(normalize("ICD-10-GM"), "icdgm");
        assert_eq!(normalize("Größe (cm)"), "groessecm");
        assert_eq!(normalize("123"), "");
    }

    fn kinds(header: &str) -> Vec<DetectionKind> {
        header_evidence(header).kinds.iter().collect()
    }

    #[test]
    fn german_and_english_headers() {
        let cases: &[(&str, &[DetectionKind])] = &[
            ("Vorname", &[FirstName]),
            ("First Name", &[FirstName]),
            ("given_name", &[FirstName]),
            ("Nachname", &[LastName]),
            ("Familienname", &[LastName]),
            ("surname", &[LastName]),
            ("Patientenname", &[PersonName]),
            ("Ansprechpartner", &[PersonName]),
            ("Vorname Name", &[PersonName]),
            ("Full Name", &[PersonName]),
            ("Geburtsdatum", &[BirthDate]),
            ("Geb.-Datum", &[BirthDate]),
            ("GebDat", &[BirthDate]),
            ("Date of Birth", &[BirthDate]),
            ("DOB", &[BirthDate]),
            ("birthDate", &[BirthDate]),
            ("Geburtsjahr", &[BirthDate]),
            ("E-Mail", &[Email]),
            ("E-Mail-Adresse", &[Email]),
            ("Kunden-E-Mail", &[Email]),
            ("email_address", &[Email]),
            ("Telefon", &[Phone]),
            ("Tel.", &[Phone]),
            ("Tel.-Nr.", &[Phone]),
            ("Handynummer", &[Phone]),
            ("Mobil", &[Phone]),
            ("Phone Number", &[Phone]),
            ("Fax", &[Phone]),
            ("Straße", &[Address]),
            ("Anschrift", &[Address]),
            ("Street Address", &[Address]),
            ("PLZ", &[Postcode]),
            ("Postleitzahl", &[Postcode]),
            ("ZIP", &[Postcode]),
            ("IBAN", &[Iban]),
            ("Bankverbindung (IBAN)", &[Iban]),
            ("KVNR", &[Kvnr]),
            ("Krankenversichertennummer", &[Kvnr]),
            ("Versicherten-Nr.", &[Kvnr]),
            ("Steuer-ID", &[SteuerId]),
            ("Steuerliche Identifikationsnummer", &[SteuerId]),
            ("Tax ID", &[SteuerId]),
            ("USt-IdNr.", &[VatId]),
            ("VAT number", &[VatId]),
            ("Patienten-ID", &[PatientId]),
            ("PatNr", &[PatientId]),
            ("Pat.-Nr.", &[PatientId]),
            ("Fallnummer", &[PatientId]),
            ("MRN", &[PatientId]),
            ("Patient ID", &[PatientId]),
            ("Pseudonym", &[PatientId]),
            ("ICD-10", &[Icd10gm]),
            ("ICD-10-GM Kode", &[Icd10gm]),
            ("Hauptdiagnose", &[Icd10gm]),
            ("Diagnosis Code", &[Icd10gm]),
            ("OPS", &[Ops]),
            ("OPS-Kode", &[Ops]),
            ("Prozedur", &[Ops]),
            ("LOINC", &[Loinc]),
            ("LOINC-Code", &[Loinc]),
            ("SNOMED CT", &[SnomedCt]),
            ("SCTID", &[SnomedCt]),
            ("ATC", &[Atc]),
            ("ATC-Code", &[Atc]),
            ("WHO-ATC", &[Atc]),
            ("PZN", &[Pzn]),
            ("Pharmazentralnummer", &[Pzn]),
            ("Einheit", &[UcumUnit]),
            ("Maßeinheit", &[UcumUnit]),
            ("Unit", &[UcumUnit]),
            ("result_unit", &[UcumUnit]),
            // Look-alikes that must not fire.
            ("Hotel", &[]),
            ("Batch", &[]),
            ("Match", &[]),
            ("Stelle", &[]),
            ("Betrag", &[]),
            ("Auftragsnummer", &[]),
            ("Spalte 7", &[]),
            ("IP-Adresse", &[]),
            ("Webadresse", &[]),
            ("Tops", &[]),
        ];
        for (header, expected) in cases {
            assert_eq!(kinds(header), expected.to_vec(), "{header}");
        }
    }

    #[test]
    fn ambiguous_and_negative_headers() {
        assert!(header_evidence("Name").ambiguous_name);
        assert!(header_evidence("Patient").ambiguous_name);
        assert!(header_evidence("Kunde").ambiguous_name);
        assert!(header_evidence("Arztname").ambiguous_name);
        assert!(!header_evidence("Firmenname").ambiguous_name);
        assert!(!header_evidence("Produktname").ambiguous_name);
        assert!(!header_evidence("Dateiname").ambiguous_name);
        assert!(!header_evidence("Vorname").ambiguous_name);
        let order = header_evidence("Auftragsnummer");
        assert!(order.negated.contains(SteuerId));
        assert!(order.negated.contains(Phone));
        assert!(!order.negated.contains(Pzn));
        let article = header_evidence("Artikel");
        assert!(article.negated.contains(Icd10gm));
        assert!(article.negated.contains(Atc));
        // A header that names the kind is not negated by a business word.
        let atc = header_evidence("Artikel-ATC");
        assert!(atc.kinds.contains(Atc));
        assert!(!atc.negated.contains(Atc));
        assert!(header_evidence("Produktname").negated.contains(PersonName));
    }

    #[test]
    fn sibling_context() {
        let address = sibling_evidence(&["Name", "Straße", "Ort"]);
        assert!(address.address);
        assert!(!address.organisation);
        let supplier = sibling_evidence(&["Lieferant", "Telefon", "E-Mail"]);
        assert!(supplier.organisation);
        assert!(!supplier.person);
        let contact = sibling_evidence(&["Firma", "Ansprechpartner"]);
        assert!(contact.organisation && contact.person);
        assert!(sibling_evidence(&["Vorname", "Geburtsdatum"]).first_name);
        let none = sibling_evidence(&["Menge", "Preis"]);
        assert_eq!(none, SiblingEvidence::default());
    }
}
