//! Measured quality of the column classifier on generated columns with known truth:
//! precision and recall over personal kinds, health codes and their look-alikes, and a
//! throughput figure (ignored test, run in release).
//!
//! Valid identifiers are generated with the check-digit functions of
//! [`super::validate`], whose correctness the table tests there establish against
//! published examples. The random generator is a fixed-seed xorshift, so every run sees
//! the same columns.

use chrono::NaiveDate;

use super::column::{ColumnContext, ColumnDetector};
use super::pattern::COMMON_CLINICAL_UNITS;
use super::validate;
use super::{DetectionKind, KindSet};

/// xorshift64* — small, deterministic, good enough for test data.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const SURNAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Yılmaz",
    "Kaya",
    "Nowak",
    "Kowalski",
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Wilson",
];
const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Maria",
    "Ursula",
    "Monika",
    "Petra",
    "Sabine",
    "Julia",
    "Lena",
    "Emma",
    "Mia",
    "Hans",
    "Peter",
    "Michael",
    "Thomas",
    "Andreas",
    "Stefan",
    "Jürgen",
    "Lukas",
    "Leon",
    "Finn",
    "Ayşe",
    "Mehmet",
    "Katarzyna",
    "Sergej",
    "Olivia",
    "James",
    "Sophie",
    "Paul",
];
const COMPANY_WORDS: &[&str] = &[
    "Meditec",
    "Nordlicht",
    "Alpha",
    "Sonnen",
    "Technik",
    "Präzision",
    "Rhein",
    "Elbe",
    "Vital",
    "Optima",
    "Süd",
    "Werkzeug",
    "Kunststoff",
];
const COMPANY_FORMS: &[&str] = &[
    "GmbH",
    "AG",
    "GmbH & Co. KG",
    "KG",
    "e.K.",
    "SE",
    "OHG",
    "Ltd.",
];
const ROLES: &[&str] = &[
    "info",
    "kontakt",
    "vertrieb",
    "service",
    "bestellung",
    "einkauf",
    "buchhaltung",
    "office",
    "support",
    "rechnung",
    "sales",
    "zentrale",
];
const STREET_STEMS: &[&str] = &[
    "Haupt", "Bahnhof", "Linden", "Garten", "Schiller", "Goethe", "Kirch", "Berliner", "Mühl",
    "Dorf",
];
const STREET_ENDS: &[&str] = &["straße", "str.", "weg", "allee", "platz", "gasse", "ring"];
const WORDS: &[&str] = &[
    "erledigt",
    "offen",
    "bitte prüfen",
    "Rückruf",
    "geliefert",
    "storniert",
    "in Arbeit",
    "Termin folgt",
    "ok",
    "siehe Anlage",
    "Muster",
    "Prototyp",
    "defekt",
];

fn fold_ascii(s: &str) -> String {
    let mut out = String::new();
    super::names::fold_into(s, &mut out);
    out.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    out
}

fn iban_de(rng: &mut Rng, spaced: bool) -> String {
    let bban = rng.digits(18);
    // Check digits: 98 − (BBAN + "DE00" as numbers) mod 97; D = 13, E = 14.
    let numeric = format!("{bban}131400");
    let rem = numeric
        .bytes()
        .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 97);
    let iban = format!("DE{:02}{bban}", 98 - rem);
    if spaced {
        iban.as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        iban
    }
}

fn kvnr(rng: &mut Rng) -> String {
    let letter = b'A' + rng.below(26) as u8;
    let digits = rng.digits(8);
    let mut d = [0u8; 8];
    d.copy_from_slice(digits.as_bytes());
    let check = validate::kvnr_check_digit(letter, &d).unwrap_or(0);
    format!("{}{digits}{check}", char::from(letter))
}

fn steuer_id(rng: &mut Rng) -> String {
    loop {
        // Nine distinct digits, one of them twice: the shape every Steuer-ID has.
        let mut pool: Vec<u8> = (b'0'..=b'9').collect();
        for i in (1..pool.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            pool.swap(i, j);
        }
        let mut ten: Vec<u8> = pool[..9].to_vec();
        let dup = ten[rng.below(9) as usize];
        let pos = rng.below(10) as usize;
        ten.insert(pos, dup);
        if ten[0] == b'0' || !validate::steuer_id_digits_plausible(&ten) {
            continue;
        }
        let check = validate::iso7064_mod11_10(&ten);
        ten.push(b'0' + check);
        let id = String::from_utf8(ten).unwrap_or_default();
        if validate::is_valid_steuer_id(&id) {
            return id;
        }
    }
}

fn vat_de(rng: &mut Rng) -> String {
    let first = char::from(b'1' + rng.below(9) as u8);
    let body = format!("{first}{}", rng.digits(7));
    let check = validate::iso7064_mod11_10(body.as_bytes());
    format!("DE{body}{check}")
}

fn pzn(rng: &mut Rng) -> String {
    loop {
        let body = rng.digits(7);
        let mut d = [0u8; 7];
        d.copy_from_slice(body.as_bytes());
        if let Some(check) = validate::pzn_check_digit(&d) {
            return format!("{body}{check}");
        }
    }
}

fn loinc(rng: &mut Rng) -> String {
    let number = rng.range(1, 99_999).to_string();
    let check = (0..10u8)
        .find(|&c| {
            let mut s = number.clone().into_bytes();
            s.push(b'0' + c);
            validate::luhn_valid(&s)
        })
        .unwrap_or(0);
    format!("{number}-{check}")
}

fn snomed(rng: &mut Rng) -> String {
    let item = rng.range(100, 999_999_999).to_string();
    let mut id = format!("{item}00").into_bytes();
    let check = validate::verhoeff_check_digit(&id);
    id.push(b'0' + check);
    String::from_utf8(id).unwrap_or_default()
}

fn icd(rng: &mut Rng) -> String {
    let letter = char::from(b'A' + rng.below(26) as u8);
    let mut code = format!("{letter}{}", rng.digits(2));
    if rng.chance(0.9) {
        code.push('.');
        code.push_str(&{
            let n = rng.range(1, 2) as usize;
            rng.digits(n)
        });
    }
    if rng.chance(0.2) {
        code.push_str(rng.pick(&[" G", " V", " Z", " A", " L", " R", "G", " B"]));
    }
    code
}

fn ops(rng: &mut Rng) -> String {
    let chapter = rng.pick(&['1', '3', '5', '6', '8', '9']);
    let mut code = format!("{chapter}-{}", rng.digits(3));
    if rng.chance(0.7) {
        code.push('.');
        code.push_str(&{
            let n = rng.range(1, 2) as usize;
            rng.digits(n)
        });
    }
    code
}

fn atc(rng: &mut Rng) -> String {
    let group = char::from(rng.pick(&b"ABCDGHJLMNPRSV"[..]));
    let l3 = char::from(b'A' + rng.below(26) as u8);
    let l4 = char::from(b'A' + rng.below(26) as u8);
    format!("{group}{}{l3}{l4}{}", rng.digits(2), rng.digits(2))
}

fn phone(rng: &mut Rng) -> String {
    let area = format!("{}{}", rng.range(2, 9), {
        let n = rng.range(1, 3) as usize;
        rng.digits(n)
    });
    let number = {
        let n = rng.range(5, 8) as usize;
        rng.digits(n)
    };
    match rng.below(5) {
        0 => format!("+49 {area} {number}"),
        1 => format!("0{area} {number}"),
        2 => format!("0{area}/{number}"),
        3 => format!("(0{area}) {number}"),
        _ => format!("+49 (0){area} {number}"),
    }
}

fn birth_date(rng: &mut Rng) -> String {
    let y = rng.range(1930, 2020);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    if rng.chance(0.7) {
        format!("{d:02}.{m:02}.{y}")
    } else {
        format!("{y}-{m:02}-{d:02}")
    }
}

fn recent_date(rng: &mut Rng) -> String {
    // Dates after "today" of the evaluation are never birth dates.
    format!(
        "{:02}.{:02}.{}",
        rng.range(1, 28),
        rng.range(1, 12),
        rng.range(2026, 2030)
    )
}

fn company(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(SURNAMES),
        rng.pick(COMPANY_WORDS),
        rng.pick(COMPANY_FORMS)
    )
}

fn person_email(rng: &mut Rng) -> String {
    let first = fold_ascii(rng.pick(FIRST_NAMES));
    let last = fold_ascii(rng.pick(SURNAMES));
    let domain = rng.pick(&[
        "firma.de",
        "klinik-nord.de",
        "gmx.de",
        "web.de",
        "example.com",
    ]);
    match rng.below(3) {
        0 => format!("{first}.{last}@{domain}"),
        1 => format!("{}.{last}@{domain}", &first[..1]),
        _ => format!("{first}_{last}@{domain}"),
    }
}

fn role_email(rng: &mut Rng) -> String {
    let company = fold_ascii(rng.pick(COMPANY_WORDS)).to_lowercase();
    format!("{}@{company}-{}.de", rng.pick(ROLES), rng.range(1, 99))
}

fn street(rng: &mut Rng) -> String {
    format!(
        "{}{} {}",
        rng.pick(STREET_STEMS),
        rng.pick(STREET_ENDS),
        rng.range(1, 199)
    )
}

/// One generated column with its truth.
pub(super) struct Column {
    pub(super) header: String,
    pub(super) siblings: Vec<&'static str>,
    pub(super) values: Vec<String>,
    pub(super) expected: KindSet,
    pub(super) personal: bool,
}

type ValueGen = fn(&mut Rng) -> String;

/// A scenario: headers to choose from, siblings, a value generator, the truth.
struct Scenario {
    headers: &'static [&'static str],
    siblings: &'static [&'static str],
    generate: ValueGen,
    expected: &'static [DetectionKind],
    personal: bool,
    /// Share of dirty values (`k.A.`, `-`, typos) mixed in.
    noise: f64,
}

use DetectionKind::*;

const SCENARIOS: &[Scenario] = &[
    // Personal kinds, German and English headers, and value-only identifiers.
    Scenario {
        headers: &["IBAN", "Bankverbindung", "Konto", "Spalte 4"],
        siblings: &["Name", "Betrag"],
        generate: |r| {
            let spaced = r.chance(0.5);
            iban_de(r, spaced)
        },
        expected: &[Iban],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["KVNR", "Versichertennummer", "Feld 2"],
        siblings: &["Name", "Geburtsdatum"],
        generate: kvnr,
        expected: &[Kvnr],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["Steuer-ID", "Steuerliche Identifikationsnummer", "IdNr"],
        siblings: &["Name", "Vorname"],
        generate: steuer_id,
        expected: &[SteuerId],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["E-Mail", "Email", "Kontakt"],
        siblings: &["Vorname", "Nachname"],
        generate: person_email,
        expected: &[Email],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["Telefon", "Tel.", "Mobil", "Phone"],
        siblings: &["Name", "Vorname"],
        generate: phone,
        expected: &[Phone],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["Geburtsdatum", "Geb.-Datum", "Date of Birth", "DOB"],
        siblings: &["Name"],
        generate: birth_date,
        expected: &[BirthDate],
        personal: true,
        noise: 0.05,
    },
    Scenario {
        headers: &["Vorname", "First Name", "Rufname"],
        siblings: &["Nachname"],
        generate: |r| r.pick(FIRST_NAMES).to_string(),
        expected: &[FirstName],
        personal: true,
        noise: 0.02,
    },
    Scenario {
        headers: &["Nachname", "Familienname", "Surname"],
        siblings: &["Vorname"],
        generate: |r| r.pick(SURNAMES).to_string(),
        expected: &[LastName],
        personal: true,
        noise: 0.02,
    },
    Scenario {
        headers: &["Name", "Patient", "Patientenname", "Ansprechpartner"],
        siblings: &["Telefon", "Ort"],
        generate: |r| {
            if r.chance(0.5) {
                format!("{} {}", r.pick(FIRST_NAMES), r.pick(SURNAMES))
            } else {
                format!("{}, {}", r.pick(SURNAMES), r.pick(FIRST_NAMES))
            }
        },
        expected: &[PersonName],
        personal: true,
        noise: 0.02,
    },
    Scenario {
        headers: &["PLZ", "Postleitzahl"],
        siblings: &["Straße", "Ort"],
        generate: |r| format!("{:05}", r.range(1067, 99998)),
        expected: &[Postcode],
        personal: true,
        noise: 0.02,
    },
    Scenario {
        headers: &["Straße", "Anschrift"],
        siblings: &["PLZ", "Ort"],
        generate: street,
        expected: &[Address],
        personal: true,
        noise: 0.02,
    },
    Scenario {
        headers: &["Patienten-ID", "PatNr", "Fallnummer", "MRN"],
        siblings: &["Diagnose"],
        generate: |r| format!("P{}", r.digits(7)),
        expected: &[PatientId],
        personal: true,
        noise: 0.0,
    },
    // Health codes.
    Scenario {
        headers: &["ICD-10", "Diagnose", "Code"],
        siblings: &["Patienten-ID"],
        generate: icd,
        expected: &[Icd10gm],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["OPS", "Prozedur", "Leistung"],
        siblings: &["Fallnummer"],
        generate: ops,
        expected: &[Ops],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["LOINC", "Test", "Untersuchung"],
        siblings: &["Wert", "Einheit"],
        generate: loinc,
        expected: &[Loinc],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["SNOMED CT", "Befundcode", "Konzept"],
        siblings: &["Text"],
        generate: snomed,
        expected: &[SnomedCt],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["ATC", "Wirkstoffklasse", "Klasse"],
        siblings: &["Präparat"],
        generate: atc,
        expected: &[Atc],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["PZN", "Artikelnummer", "Nr."],
        siblings: &["Präparat", "Menge"],
        generate: pzn,
        expected: &[Pzn],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["Einheit", "Unit"],
        siblings: &["Wert"],
        generate: |r| {
            let u = r.pick(COMMON_CLINICAL_UNITS);
            if u.len() < 2 {
                "mg/dL".to_owned()
            } else {
                u.to_owned()
            }
        },
        expected: &[UcumUnit],
        personal: false,
        noise: 0.05,
    },
    Scenario {
        headers: &["USt-IdNr.", "VAT ID"],
        siblings: &["Firma"],
        generate: vat_de,
        expected: &[VatId],
        personal: false,
        noise: 0.0,
    },
    // Look-alikes and near misses: nothing to find, or not personal.
    Scenario {
        headers: &["Auftragsnummer", "Bestellnummer", "Rechnungsnummer"],
        siblings: &["Kunde", "Datum"],
        generate: |r| format!("{}{}", r.range(1, 9), r.digits(10)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Nummer", "Referenz", "ID"],
        siblings: &["Datum"],
        generate: |r| format!("{}{}", r.range(1, 9), r.digits(10)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Nummer", "Code", "Schlüssel"],
        siblings: &["Datum"],
        generate: |r| format!("{}{}", r.range(1, 9), r.digits(7)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Artikel", "Code", "Typ"],
        siblings: &["Bezeichnung", "Preis"],
        generate: |r| {
            format!(
                "{}{}",
                char::from(b'A' + r.below(26) as u8),
                r.range(10, 99)
            )
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Betrag", "Preis", "Summe"],
        siblings: &["Datum"],
        generate: |r| {
            format!(
                "{}.{:03},{:02}",
                r.range(1, 99),
                r.below(1000),
                r.below(100)
            )
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Datum", "Lieferdatum", "Geburtsdatum"],
        siblings: &["Auftrag"],
        generate: recent_date,
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Menge", "Anzahl", "Kundennummer"],
        siblings: &["Straße", "Ort"],
        generate: |r| format!("{:05}", r.range(10000, 99999)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Name", "Firma"],
        siblings: &["Lieferant", "Telefon", "Ort"],
        generate: company,
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["E-Mail", "Kontakt"],
        siblings: &["Lieferant", "Telefon"],
        generate: role_email,
        expected: &[Email],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Nummer", "Kennung", "Bemerkung"],
        siblings: &["Datum"],
        generate: |r| format!("0{}{}", r.range(1, 9), r.digits(9)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Bemerkung", "Status", "Kommentar"],
        siblings: &["Datum"],
        generate: |r| r.pick(WORDS).to_string(),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Referenz", "Vorgang", "Posten"],
        siblings: &["Datum"],
        generate: |r| format!("{}-{}", r.range(1, 99_999), r.below(10)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Note", "Klasse", "Kategorie"],
        siblings: &["Name"],
        generate: |r| r.pick(&["A", "B", "C", "D", "m", "w"]).to_string(),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    // More look-alikes from business files.
    Scenario {
        headers: &["Rechnung", "Beleg", "Referenz"],
        siblings: &["Datum", "Betrag"],
        generate: |r| format!("RE-{}-{:05}", r.range(2019, 2025), r.below(100_000)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Zeitstempel", "Erstellt am", "Geändert"],
        siblings: &["Benutzer"],
        generate: |r| {
            format!(
                "{}-{:02}-{:02}T{:02}:{:02}:00",
                r.range(2019, 2025),
                r.range(1, 12),
                r.range(1, 28),
                r.below(24),
                r.below(60)
            )
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Seriennummer", "Kennung", "Gerät"],
        siblings: &["Typ"],
        generate: |r| {
            let n = r.below(36u64.pow(8));
            format!("SN{n:X}")
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Wert", "Ergebnis", "Messwert"],
        siblings: &["Einheit", "LOINC"],
        generate: |r| format!("{}.{}", r.range(0, 300), r.below(10)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Telefon", "Zentrale"],
        siblings: &["Lieferant", "E-Mail"],
        generate: |r| {
            format!(
                "+49 {}{} {}-0",
                r.range(2, 9),
                r.range(10, 99),
                r.range(100_000, 999_999)
            )
        },
        expected: &[Phone],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["EAN", "GTIN", "Code"],
        siblings: &["Artikel"],
        generate: |r| format!("40{}", r.digits(11)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Kundennummer", "Kennung"],
        siblings: &["Name", "Ort"],
        generate: |r| format!("{}{}", char::from(b'A' + r.below(26) as u8), r.digits(9)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Matrikelnummer", "Nummer"],
        siblings: &["Kurs"],
        generate: |r| r.digits(7),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Breitengrad", "Latitude"],
        siblings: &["Längengrad"],
        generate: |r| format!("{}.{}", r.range(47, 55), r.digits(6)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    Scenario {
        headers: &["Land", "Country"],
        siblings: &["Ort"],
        generate: |r| {
            r.pick(&["DE", "AT", "CH", "PT", "GL", "US", "FR", "NL"])
                .to_owned()
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    // Hard cases, labelled with what the column really holds, not with what the rules
    // can see: they keep the figures honest.
    // National phone numbers without a distinctive form under a neutral header.
    Scenario {
        headers: &["Nummer 2", "Feld 7"],
        siblings: &["Name", "Vorname"],
        generate: |r| format!("0{}{}", r.range(2, 9), r.digits(9)),
        expected: &[Phone],
        personal: true,
        noise: 0.0,
    },
    // Private and business customers mixed under `Kunde`.
    Scenario {
        headers: &["Kunde", "Customer"],
        siblings: &["Ort", "Umsatz"],
        generate: |r| {
            if r.chance(0.5) {
                company(r)
            } else {
                format!("{} {}", r.pick(FIRST_NAMES), r.pick(SURNAMES))
            }
        },
        expected: &[PersonName],
        personal: true,
        noise: 0.0,
    },
    // Postcodes without any address context.
    Scenario {
        headers: &["Code", "Schlüssel"],
        siblings: &["Bemerkung"],
        generate: |r| format!("{:05}", r.range(1067, 99998)),
        expected: &[Postcode],
        personal: true,
        noise: 0.0,
    },
    // Birth dates under a plain `Datum` in a patient table.
    Scenario {
        headers: &["Datum", "Date"],
        siblings: &["Name", "Vorname"],
        generate: birth_date,
        expected: &[BirthDate],
        personal: true,
        noise: 0.0,
    },
    // Surnames under `Name` without a first-name column.
    Scenario {
        headers: &["Name"],
        siblings: &["Telefon"],
        generate: |r| r.pick(SURNAMES).to_string(),
        expected: &[LastName],
        personal: true,
        noise: 0.0,
    },
    // Person names typed in lower case.
    Scenario {
        headers: &["Name", "Patient"],
        siblings: &["Geburtsdatum"],
        generate: |r| {
            format!(
                "{} {}",
                fold_ascii(r.pick(FIRST_NAMES)).to_lowercase(),
                fold_ascii(r.pick(SURNAMES)).to_lowercase()
            )
        },
        expected: &[PersonName],
        personal: true,
        noise: 0.0,
    },
    // Diagnoses mostly as three-character categories under a neutral header.
    Scenario {
        headers: &["Code", "Schlüssel"],
        siblings: &["Datum"],
        generate: |r| {
            let c = icd(r);
            if r.chance(0.6) { c[..3].to_owned() } else { c }
        },
        expected: &[Icd10gm],
        personal: false,
        noise: 0.0,
    },
    // IBANs with many placeholders under a neutral header.
    Scenario {
        headers: &["Konto", "Feld 9"],
        siblings: &["Name"],
        generate: |r| {
            if r.chance(0.3) {
                "folgt".to_owned()
            } else {
                let spaced = r.chance(0.5);
                iban_de(r, spaced)
            }
        },
        expected: &[Iban],
        personal: true,
        noise: 0.0,
    },
    // Internal part codes that have the form of OPS codes.
    Scenario {
        headers: &["Teil", "Code"],
        siblings: &["Bezeichnung"],
        generate: |r| format!("{}-{}", r.pick(&['1', '3', '5', '8']), r.digits(3)),
        expected: &[],
        personal: false,
        noise: 0.0,
    },
    // A mixed supplier contact list: a third of the addresses are personal.
    Scenario {
        headers: &["E-Mail"],
        siblings: &["Lieferant", "Telefon"],
        generate: |r| {
            if r.chance(0.3) {
                person_email(r)
            } else {
                role_email(r)
            }
        },
        expected: &[Email],
        personal: true,
        noise: 0.0,
    },
    Scenario {
        headers: &["Bezeichnung", "Produkt"],
        siblings: &["Preis"],
        generate: |r| {
            format!(
                "{} {}",
                r.pick(COMPANY_WORDS),
                r.pick(&["Schraube M8", "Platte", "Sensor", "Kabel 2m", "Gehäuse"])
            )
        },
        expected: &[],
        personal: false,
        noise: 0.0,
    },
];

fn noise(rng: &mut Rng, value: String) -> String {
    match rng.below(5) {
        0 => "k.A.".to_owned(),
        1 => "-".to_owned(),
        2 => "unbekannt".to_owned(),
        // A typo: one character replaced.
        _ => {
            let mut chars: Vec<char> = value.chars().collect();
            if !chars.is_empty() {
                let i = rng.below(chars.len() as u64) as usize;
                chars[i] = if chars[i].is_ascii_digit() { 'x' } else { '7' };
            }
            chars.into_iter().collect()
        }
    }
}

/// `count` generated columns of `rows` values each, scenarios in turn with a fixed seed.
pub(super) fn generate_columns(seed: u64, count: usize, rows: usize) -> Vec<Column> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let s = &SCENARIOS[i % SCENARIOS.len()];
            let header = rng.pick(s.headers).to_owned();
            let values = (0..rows)
                .map(|_| {
                    let v = (s.generate)(&mut rng);
                    if rng.chance(s.noise) {
                        noise(&mut rng, v)
                    } else {
                        v
                    }
                })
                .collect();
            Column {
                header,
                siblings: s.siblings.to_vec(),
                values,
                expected: s.expected.iter().copied().collect(),
                personal: s.personal,
            }
        })
        .collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
}

/// Precision and recall over detected kinds, and accuracy of the personal flag.
#[derive(Debug, Default)]
struct Score {
    true_pos: u32,
    false_pos: u32,
    false_neg: u32,
    personal_right: u32,
    columns: u32,
    misses: Vec<String>,
}

fn evaluate(columns: &[Column]) -> Score {
    let mut score = Score::default();
    for c in columns {
        let context = ColumnContext::new(&c.header, c.siblings.iter().copied(), today());
        let mut detector = ColumnDetector::new(&context);
        for v in &c.values {
            detector.observe(v);
        }
        let verdict = detector.verdict();
        let found: KindSet = verdict.detections.iter().map(|d| d.kind).collect();
        for kind in DetectionKind::ALL {
            match (found.contains(kind), c.expected.contains(kind)) {
                (true, true) => score.true_pos += 1,
                (true, false) => score.false_pos += 1,
                (false, true) => score.false_neg += 1,
                (false, false) => {}
            }
        }
        score.columns += 1;
        if verdict.personal == c.personal {
            score.personal_right += 1;
        }
        if found != c.expected || verdict.personal != c.personal {
            score.misses.push(format!(
                "{:?} {:?}: expected {:?} personal={}, found {:?} personal={}",
                c.header,
                c.siblings,
                c.expected.iter().collect::<Vec<_>>(),
                c.personal,
                verdict.detections,
                verdict.personal,
            ));
        }
    }
    score
}

/// Lower bounds the evaluation must keep (a little below the measured figures, so a
/// regression fails and noise in the generators does not).
const PRECISION_BOUND: f64 = 0.97;
const RECALL_BOUND: f64 = 0.85;
const PERSONAL_BOUND: f64 = 0.90;

#[test]
#[allow(clippy::print_stdout)]
fn precision_and_recall_on_generated_columns() {
    // Every scenario four times (232 columns), 120 values each.
    let columns = generate_columns(0x5EED_2025, SCENARIOS.len() * 4, 120);
    assert!(columns.len() >= 200);
    let score = evaluate(&columns);
    let precision = f64::from(score.true_pos) / f64::from(score.true_pos + score.false_pos);
    let recall = f64::from(score.true_pos) / f64::from(score.true_pos + score.false_neg);
    let personal = f64::from(score.personal_right) / f64::from(score.columns);
    println!(
        "detector evaluation: {} columns, precision {:.3}, recall {:.3}, personal flag right {:.3} \
         (tp {}, fp {}, fn {})",
        score.columns,
        precision,
        recall,
        personal,
        score.true_pos,
        score.false_pos,
        score.false_neg
    );
    for miss in &score.misses {
        println!("  miss: {miss}");
    }
    assert!(
        precision >= PRECISION_BOUND,
        "precision {precision}: {:#?}",
        score.misses
    );
    assert!(
        recall >= RECALL_BOUND,
        "recall {recall}: {:#?}",
        score.misses
    );
    assert!(
        personal >= PERSONAL_BOUND,
        "personal {personal}: {:#?}",
        score.misses
    );
}

/// The generated columns really are what they claim: spot-check the generators.
#[test]
fn generators_make_valid_identifiers() {
    let mut rng = Rng::new(7);
    for _ in 0..200 {
        assert!(validate::is_valid_iban(&iban_de(&mut rng, true)));
        assert!(validate::is_valid_kvnr(&kvnr(&mut rng)));
        assert!(validate::is_valid_steuer_id(&steuer_id(&mut rng)));
        assert!(validate::is_valid_vat_id(&vat_de(&mut rng)));
        assert!(validate::is_valid_pzn(&pzn(&mut rng)));
        assert!(validate::is_valid_loinc(&loinc(&mut rng)));
        assert!(validate::is_valid_snomed_ct(&snomed(&mut rng)));
    }
}

/// Throughput over a mixed column set; run with
/// `cargo test --release -- --ignored detector_throughput --nocapture`.
#[test]
#[ignore]
#[allow(clippy::print_stdout)]
fn detector_throughput() {
    let columns = generate_columns(0xBEEF, SCENARIOS.len() * 2, 20_000);
    let values: usize = columns.iter().map(|c| c.values.len()).sum();
    let start = std::time::Instant::now();
    let mut found = 0usize;
    for c in &columns {
        let context = ColumnContext::new(&c.header, c.siblings.iter().copied(), today());
        let mut detector = ColumnDetector::new(&context);
        for v in &c.values {
            detector.observe(v);
        }
        found += detector.finish().len();
    }
    let elapsed = start.elapsed();
    let per_value = elapsed.as_nanos() as f64 / values as f64;
    println!(
        "detector throughput: {} columns, {values} values in {:.3} s = {:.0} values/s, {per_value:.0} ns/value ({found} detections)",
        columns.len(),
        elapsed.as_secs_f64(),
        values as f64 / elapsed.as_secs_f64(),
    );
}

/// The shared fixture folder (`shared/fixtures` beside the repository or one of its
/// parents), for the larger sweeps that run when it exists; a fresh clone has none.
#[allow(clippy::print_stderr)]
pub(super) fn shared_fixtures() -> Option<std::path::PathBuf> {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = manifest
        .ancestors()
        .map(|dir| dir.join("shared").join("fixtures"))
        .find(|dir| dir.is_dir());
    if found.is_none() {
        eprintln!(
            "no shared/fixtures above {}: sweep skipped",
            manifest.display()
        );
    }
    found
}

/// The fixtures copied into the repository (`tests/fixtures`, with origin and licence).
fn repo_fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Reads a CSV fixture into headers and columns.
fn read_csv_columns(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut columns = vec![Vec::new(); headers.len()];
    for record in reader.records().map_while(Result::ok) {
        for (i, field) in record.iter().enumerate().take(headers.len()) {
            let field = field.trim();
            if !field.is_empty() {
                columns[i].push(field.to_owned());
            }
        }
    }
    (headers, columns)
}

/// Detections per column of the FakeNameGenerator sample (100 identities, 45 columns,
/// many countries and formats, English headers).
#[test]
#[allow(clippy::print_stdout)]
fn fake_name_generator_fixture() {
    let path = repo_fixtures().join("pii/presidio-research/FakeNameGenerator.com_100.csv");
    let (headers, columns) = read_csv_columns(&path);
    assert_eq!(headers.len(), 45);
    let expected: &[(&str, DetectionKind)] = &[
        ("GivenName", FirstName),
        ("Surname", LastName),
        ("MothersMaiden", LastName),
        ("StreetAddress", Address),
        ("ZipCode", Postcode),
        ("EmailAddress", Email),
        ("TelephoneNumber", Phone),
        ("Birthday", BirthDate),
    ];
    let contexts = ColumnContext::for_table(&headers, today());
    for (i, context) in contexts.iter().enumerate() {
        let mut detector = ColumnDetector::new(context);
        for v in &columns[i] {
            detector.observe(v);
        }
        let verdict = detector.verdict();
        println!(
            "{:22} {:?} personal={}",
            headers[i], verdict.detections, verdict.personal
        );
        let found: Vec<DetectionKind> = verdict.detections.iter().map(|d| d.kind).collect();
        match expected.iter().find(|(h, _)| *h == headers[i]) {
            Some((_, kind)) => {
                assert_eq!(found, vec![*kind], "{}", headers[i]);
                assert!(verdict.personal, "{}", headers[i]);
                assert!(
                    verdict.detections[0].ratio >= 0.9,
                    "{}: {:?}",
                    headers[i],
                    verdict.detections
                );
            }
            // Card numbers, user names, GUIDs, measurements, companies …: none of the
            // catalogue's kinds.
            None => assert!(found.is_empty(), "{}: {found:?}", headers[i]),
        }
    }
}
