//! Codes and contact data recognised by their form: ICD-10-GM, OPS, ATC, UCUM units,
//! e-mail addresses, phone numbers, German postcodes, dates and street addresses.
//!
//! These forms have no check digit, so several of them are weak on their own (a
//! five-digit number is a postcode only in an address table). The column classifier
//! ([`crate::detect::column`]) decides with header evidence; the functions here only say
//! whether a single value has the form. All of them are pure and allocation-free.

use chrono::{Datelike, NaiveDate};

use super::names;

fn is_digit(b: Option<&u8>) -> bool {
    b.is_some_and(u8::is_ascii_digit)
}

// ---------------------------------------------------------------------------------------
// ICD-10-GM

/// How specific an ICD-10 code value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IcdCode {
    /// Whether the value has a subcategory after a dot (`E11.90`) or a `+ * !` mark:
    /// forms product codes do not take. Bare three-character categories (`A12`) and
    /// undotted codes (`E1190`) are not specific.
    pub specific: bool,
}

/// Parses an ICD-10-GM code as written in German data: a letter, two digits, an
/// optional subcategory (`.9`, `.90`, `.-` for a whole category, or the undotted
/// `E1190`), an optional mark for the cross/asterisk system (`+`, `†`, `*`) or a
/// secondary code (`!`), and optional German suffixes for diagnostic certainty (`G`
/// confirmed, `V` suspected, `Z` state after, `A` excluded) and side (`L`, `R`, `B`),
/// with or without a space (`J18.9 G`, `S72.01R`, `M17.1 B G`).
pub fn icd10gm(value: &str) -> Option<IcdCode> {
    let b = value.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_digit() || !b[2].is_ascii_digit()
    {
        return None;
    }
    let mut i = 3;
    let mut specific = false;
    if b.get(i) == Some(&b'.') {
        i += 1;
        if b.get(i) == Some(&b'-') {
            i += 1;
        } else {
            let start = i;
            while i < b.len() && i - start < 2 && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            if b.get(i) == Some(&b'-') {
                i += 1;
            }
            specific = true;
        }
    } else {
        let start = i;
        while i < b.len() && i - start < 2 && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    // Marks of the cross/asterisk system and secondary codes.
    let rest = &value[i..];
    let rest = if let Some(r) = rest.strip_prefix(['+', '*', '!']) {
        specific = true;
        r
    } else if let Some(r) = rest.strip_prefix('\u{2020}') {
        specific = true;
        r
    } else {
        rest
    };
    // Suffix letters for certainty and side, at most one of each group.
    let mut certainty = false;
    let mut side = false;
    let mut chars = rest.bytes().peekable();
    while let Some(c) = chars.next() {
        match c {
            b' ' if chars.peek().is_some_and(|n| *n != b' ') => {}
            b'G' | b'V' | b'Z' | b'A' if !certainty => certainty = true,
            b'L' | b'R' | b'B' if !side => side = true,
            _ => return None,
        }
    }
    Some(IcdCode { specific })
}

/// Whether `value` has the form of an ICD-10-GM code (see [`icd10gm`]).
pub fn is_icd10gm(value: &str) -> bool {
    icd10gm(value).is_some()
}

// ---------------------------------------------------------------------------------------
// OPS

/// Whether `value` has the form of an OPS code (Operationen- und Prozedurenschlüssel):
/// chapter digit (1, 3, 5, 6, 8 or 9), hyphen, three characters (digits, with a letter
/// allowed last: `8-98f`), an optional `.` with one or two digits or letters
/// (`5-470.11`, `5-829.k1`), and an optional side (`:L`, `:R`, `:B` or ` R`).
pub fn is_ops(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 5
        || !matches!(b[0], b'1' | b'3' | b'5' | b'6' | b'8' | b'9')
        || b[1] != b'-'
        || !b[2].is_ascii_digit()
        || !b[3].is_ascii_digit()
        || !b[4].is_ascii_alphanumeric()
    {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && i - start < 2 && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    matches!(&b[i..], [] | [b':' | b' ', b'L' | b'R' | b'B'])
}

// ---------------------------------------------------------------------------------------
// ATC

/// The ATC level (1–5) of `value`, if it has the form of an ATC code: anatomical main
/// group letter (A B C D G H J L M N P R S V), then two digits (level 2), a letter
/// (3), a letter (4) and two digits (5): `A10BA02` is metformin.
pub fn atc_level(value: &str) -> Option<u8> {
    let b = value.as_bytes();
    if b.is_empty() || !b"ABCDGHJLMNPRSV".contains(&b[0]) {
        return None;
    }
    let level = match b.len() {
        1 => 1,
        3 => 2,
        4 => 3,
        5 => 4,
        7 => 5,
        _ => return None,
    };
    let ok = (b.len() < 3 || (b[1].is_ascii_digit() && b[2].is_ascii_digit()))
        && (b.len() < 4 || b[3].is_ascii_uppercase())
        && (b.len() < 5 || b[4].is_ascii_uppercase())
        && (b.len() < 7 || (b[5].is_ascii_digit() && b[6].is_ascii_digit()));
    ok.then_some(level)
}

/// Whether `value` has the form of an ATC code of any level.
pub fn is_atc(value: &str) -> bool {
    atc_level(value).is_some()
}

// ---------------------------------------------------------------------------------------
// UCUM

/// Units that clinical data uses most, in UCUM case-sensitive form: masses, volumes,
/// substance and mass concentrations, enzyme activities, cell counts, pressures, rates,
/// times and dimensionless units.
pub const COMMON_CLINICAL_UNITS: &[&str] = &[
    "kg",
    "g",
    "mg",
    "ug",
    "ng",
    "pg",
    "L",
    "dL",
    "mL",
    "uL",
    "fL",
    "mmol/L",
    "umol/L",
    "nmol/L",
    "pmol/L",
    "mol/L",
    "mmol/mol",
    "mmol/kg",
    "g/L",
    "g/dL",
    "mg/dL",
    "mg/L",
    "ug/L",
    "ug/dL",
    "ng/mL",
    "ng/L",
    "pg/mL",
    "ug/mL",
    "mg/kg",
    "ug/kg",
    "mg/d",
    "g/d",
    "U/L",
    "U/mL",
    "mU/L",
    "kU/L",
    "[IU]/L",
    "[IU]/mL",
    "m[IU]/L",
    "u[IU]/mL",
    "[iU]/L",
    "m[iU]/L",
    "%",
    "/uL",
    "/nL",
    "/L",
    "10*3/uL",
    "10*6/uL",
    "10*9/L",
    "10*12/L",
    "/[HPF]",
    "/[LPF]",
    "mm[Hg]",
    "cm[H2O]",
    "kPa",
    "mbar",
    "Cel",
    "[degF]",
    "kg/m2",
    "m2",
    "cm",
    "mm",
    "m",
    "km",
    "s",
    "ms",
    "min",
    "h",
    "d",
    "wk",
    "mo",
    "a",
    "/min",
    "/h",
    "/s",
    "{beats}/min",
    "{breaths}/min",
    "mL/min",
    "mL/h",
    "L/min",
    "mL/min/{1.73_m2}",
    "mL/min/1.73.m2",
    "mm/h",
    "mosm/kg",
    "mosm/L",
    "meq/L",
    "mg/(24.h)",
    "g/(24.h)",
    "mL/(24.h)",
    "kcal",
    "kJ",
    "kcal/d",
    "[pH]",
    "{ratio}",
    "{score}",
    "{index}",
    "{cells}",
    "{copies}/mL",
    "[arb'U]",
    "[arb'U]/mL",
    "fmol/L",
    "umol/mol",
    "g/mol",
    "dB",
    "Hz",
    "mV",
    "uV",
    "mA",
    "W",
    "J",
    "Gy",
    "mGy",
    "mSv",
    "MBq",
    "[lb_av]",
    "[in_i]",
    "[ft_i]",
    "[drp]",
    "[ppm]",
    "1",
    "10*3",
    "10*6",
    "10*9",
];

/// Common spellings of clinical units that are not UCUM's own form but that every lab
/// export uses (German `IE`, `µ` instead of `u`, `mmHg`, lower-case `l`, `Gpt/l`); folded
/// to lower case before the comparison.
const UNIT_SPELLINGS: &[&str] = &[
    "mg/dl",
    "g/dl",
    "ml",
    "dl",
    "µl",
    "ul",
    "l",
    "fl",
    "µg",
    "mcg",
    "µmol/l",
    "umol/l",
    "mmol/l",
    "nmol/l",
    "pmol/l",
    "mol/l",
    "g/l",
    "mg/l",
    "µg/l",
    "ng/ml",
    "pg/ml",
    "µg/ml",
    "u/l",
    "iu/l",
    "ie/l",
    "ie/ml",
    "mu/l",
    "miu/l",
    "mie/l",
    "ku/l",
    "ie",
    "i.e.",
    "iu",
    "/µl",
    "/ul",
    "/nl",
    "/pl",
    "gpt/l",
    "tpt/l",
    "mpt/l",
    "mmhg",
    "cmh2o",
    "mm hg",
    "°c",
    "°f",
    "grad c",
    "bpm",
    "/min",
    "1/min",
    "mm/h",
    "mm/std",
    "ml/min",
    "ml/min/1,73m²",
    "ml/min/1.73m²",
    "ml/min/1,73 m²",
    "ml/min/1.73m2",
    "ml/min/1,73m2",
    "kg/m²",
    "kg/m2",
    "m²",
    "mosm/kg",
    "meq/l",
    "mval/l",
    "mg/kg",
    "µg/kg",
    "mmol/mol",
    "g/mol",
    "%",
    "‰",
    "std",
    "h",
    "min",
    "sek",
    "tage",
    "mon",
    "jahre",
    "µmol/mol",
    "µv",
    "nmol/mmol",
];

/// Atoms that take metric prefixes (`mg`, `kPa`, `m[IU]`).
const METRIC_ATOMS: &[&str] = &[
    "m", "g", "s", "L", "l", "mol", "K", "Pa", "Hz", "N", "J", "W", "V", "A", "Ohm", "eq", "U",
    "kat", "bar", "osm", "cal", "[IU]", "[iU]", "m[Hg]", "m[H2O]", "B", "t", "Gy", "Sv", "Bq", "C",
    "F", "S", "T", "Wb", "H", "lm", "lx", "sr", "Cel", "[CFU]", "[PFU]",
];

/// Atoms that take no prefix.
const PLAIN_ATOMS: &[&str] = &[
    "min", "h", "d", "wk", "mo", "a", "%", "[ppm]", "[ppb]", "[ppth]", "[pH]", "[degF]", "[lb_av]",
    "[oz_av]", "[in_i]", "[ft_i]", "[drp]", "[HPF]", "[LPF]", "[arb'U]", "10*", "10^", "'", "''",
    "deg", "[pi]", "[Ch]", "g%", "[mi_i]", "[gal_us]",
];

/// Metric prefixes (`u` is micro; `µ`/`μ` are accepted as the usual misspelling).
const PREFIXES: &[&str] = &[
    "da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d", "c", "m", "u", "n", "p", "f", "a", "z",
    "y", "µ", "μ",
];

/// How a value matched as a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitMatch {
    /// Whether the unit is distinctive on its own: a compound (`/`, `.`, brackets,
    /// annotations, powers) or one of [`COMMON_CLINICAL_UNITS`] / the usual spellings
    /// with at least two characters. Single letters (`m`, `A`, `d`), `%` and `1` are not:
    /// a column of grades `A`/`B`/`C` parses as amperes, bels and coulombs.
    pub distinctive: bool,
}

/// Parses `value` as a unit of measure: UCUM's case-sensitive syntax over a list of
/// common atoms and prefixes, plus the clinical list and its usual spellings. Plain
/// numbers are not units.
pub fn ucum_unit(value: &str) -> Option<UnitMatch> {
    if value.is_empty() || value.len() > 40 || value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let distinctive_form = value.len() >= 2 && value != "%";
    if COMMON_CLINICAL_UNITS.contains(&value) {
        return Some(UnitMatch {
            distinctive: distinctive_form,
        });
    }
    // A unit names something: numbers with operators (`1.5`, `2/3`) are not units.
    if !value
        .chars()
        .any(|c| c.is_alphabetic() || matches!(c, '%' | '‰' | '[' | '{' | '\'' | '°'))
    {
        return None;
    }
    let mut folded = [0u8; 40];
    let lower = lower_into(value, &mut folded);
    if let Some(lower) = lower
        && UNIT_SPELLINGS.contains(&lower)
    {
        return Some(UnitMatch {
            distinctive: distinctive_form && value.chars().count() >= 2,
        });
    }
    let mut parser = UcumParser {
        s: value.as_bytes(),
        i: 0,
    };
    if parser.term() && parser.i == parser.s.len() {
        let compound = value.len() >= 2
            && value.bytes().any(|b| {
                matches!(b, b'/' | b'.' | b'[' | b'{' | b'*' | b'^') || b.is_ascii_digit()
            });
        return Some(UnitMatch {
            distinctive: compound,
        });
    }
    None
}

/// Whether `value` is a unit of measure (see [`ucum_unit`]).
pub fn is_ucum_unit(value: &str) -> bool {
    ucum_unit(value).is_some()
}

/// Lower-cases `value` into `buf` (UTF-8 kept), or `None` when it does not fit.
fn lower_into<'b>(value: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let mut n = 0;
    for c in value.chars() {
        for l in c.to_lowercase() {
            let len = l.len_utf8();
            if n + len > buf.len() {
                return None;
            }
            l.encode_utf8(&mut buf[n..n + len]);
            n += len;
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// A recursive-descent parser of UCUM's grammar (term, component, annotation, exponent).
struct UcumParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl UcumParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// term := '/'? component (('.' | '/') component)*
    fn term(&mut self) -> bool {
        if self.peek() == Some(b'/') {
            self.i += 1;
        }
        if !self.component() {
            return false;
        }
        while matches!(self.peek(), Some(b'.' | b'/')) {
            self.i += 1;
            if !self.component() {
                return false;
            }
        }
        true
    }

    /// component := '(' term ')' | annotation | factor | simple-unit exponent? annotation?
    fn component(&mut self) -> bool {
        match self.peek() {
            Some(b'(') => {
                self.i += 1;
                if !self.term() || self.peek() != Some(b')') {
                    return false;
                }
                self.i += 1;
                true
            }
            Some(b'{') => self.annotation(),
            Some(b)
                if b.is_ascii_digit()
                    && !self.s[self.i..].starts_with(b"10*")
                    && !self.s[self.i..].starts_with(b"10^") =>
            {
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.i += 1;
                }
                true
            }
            Some(_) => {
                if !self.simple_unit() {
                    return false;
                }
                if matches!(self.peek(), Some(b'+' | b'-')) && is_digit(self.s.get(self.i + 1)) {
                    self.i += 1;
                }
                // Exponents are small numbers (`m2`, `s-1`); three digits or a leading
                // zero make an identifier (`K-10798`, `PS-01`), not a power.
                let start = self.i;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.i += 1;
                }
                let exponent = &self.s[start..self.i];
                if exponent.len() > 2 || exponent.len() == 2 && exponent[0] == b'0' {
                    return false;
                }
                if self.peek() == Some(b'{') {
                    return self.annotation();
                }
                true
            }
            None => false,
        }
    }

    fn annotation(&mut self) -> bool {
        let Some(len) = self.s[self.i..].iter().position(|&b| b == b'}') else {
            return false;
        };
        let inner = &self.s[self.i + 1..self.i + len];
        if inner.contains(&b'{') {
            return false;
        }
        self.i += len + 1;
        true
    }

    /// The longest atom (with or without prefix) that ends where an operator,
    /// exponent, annotation or the end follows.
    fn simple_unit(&mut self) -> bool {
        let rest = &self.s[self.i..];
        // Atoms may contain digits (`10*`, `m[H2O]`), so the whole rest is searched.
        match longest_unit_prefix(rest) {
            Some(len) => {
                self.i += len;
                true
            }
            None => false,
        }
    }
}

/// Length of the longest `prefix? atom` at the start of `s` that ends on a boundary.
fn longest_unit_prefix(s: &[u8]) -> Option<usize> {
    let boundary = |n: usize| {
        s.get(n).is_none_or(|&b| {
            matches!(b, b'.' | b'/' | b'(' | b')' | b'{' | b'+' | b'-') || b.is_ascii_digit()
        })
    };
    let mut best = None;
    let mut consider = |n: usize| {
        if boundary(n) && best.is_none_or(|b| n > b) {
            best = Some(n);
        }
    };
    for atom in METRIC_ATOMS.iter().chain(PLAIN_ATOMS) {
        if s.starts_with(atom.as_bytes()) {
            consider(atom.len());
        }
    }
    for prefix in PREFIXES {
        let Some(rest) = s.strip_prefix(prefix.as_bytes()) else {
            continue;
        };
        for atom in METRIC_ATOMS {
            if rest.starts_with(atom.as_bytes()) {
                consider(prefix.len() + atom.len());
            }
        }
    }
    best
}

// ---------------------------------------------------------------------------------------
// E-mail

/// Whether `value` is an e-mail address: `local@domain.tld`, also as `mailto:…` or
/// `Name <local@domain.tld>`. The local part uses the characters of RFC 5322's
/// dot-atom; the domain has at least two labels and an alphabetic top-level label of two
/// or more letters (or an IDN `xn--` label).
pub fn is_email(value: &str) -> bool {
    email_parts(value).is_some()
}

/// The local part and domain of an e-mail address (see [`is_email`]).
pub fn email_parts(value: &str) -> Option<(&str, &str)> {
    let v = value.strip_prefix("mailto:").unwrap_or(value);
    let v = match (v.rfind('<'), v.ends_with('>')) {
        (Some(open), true) => &v[open + 1..v.len() - 1],
        _ => v,
    };
    let at = v.find('@')?;
    let (local, domain) = (&v[..at], &v[at + 1..]);
    if local.is_empty()
        || local.len() > 64
        || domain.len() < 4
        || domain.len() > 253
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return None;
    }
    let local_ok = local
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    if !local_ok {
        return None;
    }
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return None;
        }
        labels += 1;
        last = label;
    }
    let tld_ok =
        (last.len() >= 2 && last.chars().all(char::is_alphabetic)) || last.starts_with("xn--");
    (labels >= 2 && tld_ok).then_some((local, domain))
}

/// Local parts that address a role or a department, not a person (German and
/// English), compared after lower-casing and without trailing digits.
const ROLE_LOCAL_PARTS: &[&str] = &[
    "info",
    "infos",
    "information",
    "kontakt",
    "contact",
    "contacts",
    "mail",
    "email",
    "post",
    "postmaster",
    "poststelle",
    "office",
    "buero",
    "büro",
    "sekretariat",
    "zentrale",
    "empfang",
    "rezeption",
    "reception",
    "vertrieb",
    "verkauf",
    "sales",
    "sale",
    "einkauf",
    "purchasing",
    "procurement",
    "beschaffung",
    "bestellung",
    "bestellungen",
    "order",
    "orders",
    "auftrag",
    "auftraege",
    "service",
    "kundenservice",
    "customerservice",
    "kundendienst",
    "support",
    "help",
    "helpdesk",
    "hilfe",
    "hotline",
    "technik",
    "tech",
    "it",
    "edv",
    "admin",
    "administrator",
    "webmaster",
    "hostmaster",
    "root",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "newsletter",
    "news",
    "presse",
    "press",
    "media",
    "marketing",
    "pr",
    "hr",
    "personal",
    "jobs",
    "job",
    "karriere",
    "career",
    "careers",
    "bewerbung",
    "bewerbungen",
    "recruiting",
    "buchhaltung",
    "accounting",
    "finanzen",
    "finance",
    "rechnung",
    "rechnungen",
    "invoice",
    "invoices",
    "billing",
    "rechnungswesen",
    "mahnwesen",
    "zahlungen",
    "payments",
    "steuer",
    "lohn",
    "logistik",
    "logistics",
    "versand",
    "shipping",
    "lager",
    "warehouse",
    "disposition",
    "dispo",
    "produktion",
    "qualitaet",
    "qualität",
    "quality",
    "qm",
    "qs",
    "datenschutz",
    "privacy",
    "dsb",
    "dpo",
    "compliance",
    "legal",
    "recht",
    "team",
    "hello",
    "hallo",
    "welcome",
    "mitglieder",
    "service-center",
    "servicecenter",
    "anfrage",
    "anfragen",
    "inquiry",
    "enquiries",
    "termin",
    "termine",
    "praxis",
    "klinik",
    "apotheke",
    "labor",
    "lab",
    "verwaltung",
    "geschaeftsfuehrung",
    "management",
    "vorstand",
    "board",
    "ausbildung",
    "training",
    "events",
    "event",
    "shop",
    "store",
    "webshop",
    "reklamation",
    "reklamationen",
    "retoure",
    "retouren",
    "returns",
    "export",
    "import",
    "zoll",
    "projekt",
    "projekte",
    "projects",
    "entwicklung",
    "development",
    "forschung",
    "research",
    "mail-in",
    "fax",
    "notfall",
    "emergency",
    "security",
    "abuse",
    "spam",
    "test",
    "demo",
    "example",
    "beispiel",
    "kasse",
    "vermietung",
    "immobilien",
    "bau",
];

/// Domains of mailbox providers that hand out addresses to private persons.
const PRIVATE_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "web.de",
    "gmx.de",
    "gmx.net",
    "gmx.at",
    "gmx.ch",
    "t-online.de",
    "freenet.de",
    "yahoo.com",
    "yahoo.de",
    "outlook.com",
    "outlook.de",
    "hotmail.com",
    "hotmail.de",
    "live.com",
    "live.de",
    "icloud.com",
    "me.com",
    "mac.com",
    "posteo.de",
    "mailbox.org",
    "arcor.de",
    "online.de",
    "aol.com",
    "aol.de",
    "mail.de",
    "protonmail.com",
    "proton.me",
    "vodafone.de",
    "kabelmail.de",
    "bluewin.ch",
    "gmx.com",
];

/// Whose mailbox an e-mail address looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailHolder {
    /// A person: `max.mustermann@`, `m.mueller@`, `anna1985@`, or any address at a
    /// private mailbox provider.
    Person,
    /// A role or department: `info@`, `vertrieb@`, `kontakt-sued@`, `noreply@`.
    Role,
    /// Cannot be told apart (`mmustermann@firma.de`, `hamburg@firma.de`).
    Unclear,
}

/// Classifies the holder of an e-mail address by its local part and domain; `None` when
/// `value` is not an e-mail address.
pub fn email_holder(value: &str) -> Option<EmailHolder> {
    let (local, domain) = email_parts(value)?;
    let mut buf = [0u8; 64];
    let local = lower_into(local, &mut buf)?;
    let local = local.split('+').next().unwrap_or(local);
    let base = local.trim_end_matches(|c: char| c.is_ascii_digit());
    let first_token = base.split(['.', '-', '_']).next().unwrap_or(base);
    if ROLE_LOCAL_PARTS.contains(&base) || ROLE_LOCAL_PARTS.contains(&first_token) {
        return Some(EmailHolder::Role);
    }
    let mut dbuf = [0u8; 64];
    if let Some(d) = lower_into(domain, &mut dbuf)
        && PRIVATE_MAIL_DOMAINS.contains(&d)
    {
        return Some(EmailHolder::Person);
    }
    let tokens: Vec<&str> = base
        .split(['.', '-', '_'])
        .filter(|t| !t.is_empty())
        .collect();
    let alpha = |t: &&str| t.chars().all(char::is_alphabetic);
    // first.last, f.last, first_last
    if tokens.len() >= 2
        && tokens.iter().all(alpha)
        && tokens.iter().filter(|t| t.chars().count() >= 2).count() >= 1
        && tokens.iter().map(|t| t.chars().count()).sum::<usize>() >= 4
    {
        return Some(EmailHolder::Person);
    }
    // anna@…, annamueller@…, anna1985@…
    if let Some(t) = tokens.first()
        && names::starts_with_first_name(t)
    {
        return Some(EmailHolder::Person);
    }
    Some(EmailHolder::Unclear)
}

// ---------------------------------------------------------------------------------------
// Phone

/// How a value matched as a phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    /// Whether the number is written in a form that order numbers and amounts do not
    /// take: international (`+49 …`, `0049 …`) or national with an area code set off
    /// (`(089) …`, `089 …`, `0171/…`) and at least nine digits.
    pub distinctive: bool,
}

/// Parses German national (`089 1234567`, `(089) 123 45 67`, `0171/1234567`,
/// `030 12345-678`) and international (`+49 89 1234567`, `+49 (0)89 …`, `0049 …`,
/// `+41 44 668 18 00`) phone numbers. Allowed separators are spaces, `/`, `-` and
/// parentheses; dots and commas are not, so amounts (`1.234,56`) never match, and values
/// that read as dates (`01-12-2024`) are rejected.
pub fn phone_number(value: &str) -> Option<PhoneNumber> {
    let b = value.as_bytes();
    if b.len() < 6 || b.len() > 30 {
        return None;
    }
    if !(b[0].is_ascii_digit() || b[0] == b'+' || b[0] == b'(') {
        return None;
    }
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut separators = 0;
    // Whether the last character was a separator, and whether a `/` or `-` came since
    // the last digit (spaces may surround them; two of them in a row may not).
    let mut last_sep = false;
    let mut hard_sep = false;
    let mut open = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                if n == digits.len() {
                    return None;
                }
                digits[n] = c;
                n += 1;
                last_sep = false;
                hard_sep = false;
            }
            b'+' if i == 0 => {}
            b' ' => {
                separators += 1;
                last_sep = true;
            }
            b'/' | b'-' => {
                if hard_sep {
                    return None;
                }
                separators += 1;
                last_sep = true;
                hard_sep = true;
            }
            b'(' if !open => {
                open = true;
                separators += 1;
            }
            b')' if open => {
                open = false;
                separators += 1;
                last_sep = true;
            }
            _ => return None,
        }
    }
    if open || last_sep {
        return None;
    }
    let digits = &digits[..n];
    let plus = b[0] == b'+';
    let first_digit_at = b.iter().position(u8::is_ascii_digit)?;
    let paren_area = b[first_digit_at.saturating_sub(1)] == b'(' && digits[0] == b'0';
    let international = plus || digits.starts_with(b"00");
    if international {
        let cc = if plus { digits } else { &digits[2..] };
        // Country code starts with 1–9; E.164 allows at most 15 digits.
        if cc.first().is_none_or(|&d| d == b'0') || !(8..=15).contains(&cc.len()) {
            return None;
        }
        return Some(PhoneNumber {
            distinctive: plus || separators > 0,
        });
    }
    // National: trunk prefix 0, then an area code starting with 1–9.
    if digits.first() != Some(&b'0') || digits.get(1).is_none_or(|&d| d == b'0') {
        return None;
    }
    if !(7..=13).contains(&n) || looks_like_date(value) {
        return None;
    }
    // An area code set off by a separator: the first group holds 3–6 digits.
    let first_group = b[first_digit_at..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let set_off = paren_area || (separators > 0 && (3..=6).contains(&first_group));
    Some(PhoneNumber {
        distinctive: set_off && n >= 9,
    })
}

/// Whether `value` could be a phone number in any national format (`84 23 30`,
/// `21 259 903 5696`, `891234567`): 6–15 digits with only phone separators (spaces,
/// `/`, `-`, parentheses, a leading `+`), and not a date. Only for columns whose header
/// names phone numbers: on its own this form is any number.
pub fn is_phone_like(value: &str) -> bool {
    if phone_number(value).is_some() {
        return true;
    }
    let b = value.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    (6..=15).contains(&digits)
        && b.iter().enumerate().all(|(i, &c)| {
            c.is_ascii_digit()
                || matches!(c, b' ' | b'/' | b'-' | b'(' | b')')
                || (c == b'+' && i == 0)
        })
        && !looks_like_date(value)
}

/// Whether `value` has the form of a phone number (see [`phone_number`]).
pub fn is_phone(value: &str) -> bool {
    phone_number(value).is_some()
}

// ---------------------------------------------------------------------------------------
// Postcode

/// Whether `value` is a German postcode: five digits from 01001 to 99998 (no postal
/// region 00), optionally written `D-80331` or `D 80331`.
pub fn is_german_postcode(value: &str) -> bool {
    let v = value
        .strip_prefix("D-")
        .or_else(|| value.strip_prefix("D "))
        .unwrap_or(value);
    let b = v.as_bytes();
    b.len() == 5 && b.iter().all(u8::is_ascii_digit) && &b[..2] != b"00"
}

/// Whether `value` could be a postal code of any country (`3910`, `5000-047`,
/// `SW1A 1AA`, `1010`, `75008`): 3–10 letters and digits with at most one space or
/// hyphen, at least one digit. Only for columns whose header names postcodes.
pub fn is_postcode_like(value: &str) -> bool {
    if is_german_postcode(value) {
        return true;
    }
    let b = value.as_bytes();
    let separators = b.iter().filter(|&&c| c == b' ' || c == b'-').count();
    (3..=10).contains(&b.len())
        && separators <= 1
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b' ' || *c == b'-')
        && b.iter().any(u8::is_ascii_digit)
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
}

// ---------------------------------------------------------------------------------------
// Dates

/// Reads a calendar date in the forms German and international files use:
/// `31.12.1980`, `1.2.1980`, `31.12.80`, `1980-12-31` (also with a time part
/// `1980-12-31T08:00:00`, `1980-12-31 00:00`), `31/12/1980`, `31-12-1980`, the compact
/// `19801231` of HL7 and GDT, and the US `3/29/1982` where the day-first reading is
/// impossible. Two-digit years are placed in the century that keeps the
/// date at or before `today`.
pub fn parse_date(value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let b = value.as_bytes();
    if b.len() < 6 {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        if s.is_empty() || s.len() > 4 || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0, |acc, &d| acc * 10 + u32::from(d - b'0')))
    };
    // Compact yyyymmdd (optionally followed by a time: 19801231083000).
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && (b.len() == 8 || b.len() == 12 || b.len() == 14)
        && b.iter().all(u8::is_ascii_digit)
    {
        let y = num(&b[..4])?;
        let m = num(&b[4..6])?;
        let d = num(&b[6..8])?;
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    // ISO: yyyy-mm-dd[Thh:mm…| hh:mm…]
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
            return None;
        }
        let y = num(&b[..4])?;
        let m = num(&b[5..7])?;
        let d = num(&b[8..10])?;
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    // Day first: d.m.yyyy, dd.mm.yy, dd/mm/yyyy, dd-mm-yyyy (a time part may follow a space).
    let date_part = value.split(' ').next().unwrap_or(value).as_bytes();
    let sep = *date_part.iter().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, b'.' | b'/' | b'-') {
        return None;
    }
    let mut parts = date_part.split(|&c| c == sep);
    let d = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let y_raw = parts.next()?;
    if parts.next().is_some() || !(1..=2).contains(&date_part.iter().position(|&c| c == sep)?) {
        return None;
    }
    let y = match y_raw.len() {
        4 => num(y_raw)? as i32,
        2 => {
            let yy = num(y_raw)? as i32;
            let century = today.year() / 100 * 100;
            if century + yy <= today.year() {
                century + yy
            } else {
                century - 100 + yy
            }
        }
        _ => return None,
    };
    // Slashes are also the US month-first form (3/29/1982) when day-first cannot be.
    NaiveDate::from_ymd_opt(y, m, d).or_else(|| {
        (sep == b'/' && m > 12)
            .then(|| NaiveDate::from_ymd_opt(y, d, m))
            .flatten()
    })
}

/// Oldest age accepted for a birth date, in years.
pub const MAX_AGE_YEARS: i32 = 120;

/// Whether `value` is a date that can be a living or recently deceased person's birth
/// date: not after `today` and at most [`MAX_AGE_YEARS`] before it.
pub fn is_plausible_birth_date(value: &str, today: NaiveDate) -> bool {
    parse_date(value, today).is_some_and(|d| d <= today && d.year() >= today.year() - MAX_AGE_YEARS)
}

/// Whether `value` is a four-digit birth year in the plausible range (for `Geburtsjahr`
/// columns, which GDPR Art. 4(5) makes personal together with a pseudonym).
pub fn is_plausible_birth_year(value: &str, today: NaiveDate) -> bool {
    let b = value.as_bytes();
    if b.len() != 4 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let y: i32 = value.parse().unwrap_or(0);
    (today.year() - MAX_AGE_YEARS..=today.year()).contains(&y)
}

/// Whether `value` has the shape of a day-first or ISO date with a valid month and day
/// (used to keep dates out of phone numbers; no "today" needed).
pub fn looks_like_date(value: &str) -> bool {
    // Any fixed reference works for the shape; two-digit years resolve either way.
    let reference = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let b = value.as_bytes();
    let compact = b.iter().all(u8::is_ascii_digit);
    !compact && parse_date(value, reference).is_some()
}

// ---------------------------------------------------------------------------------------
// Street addresses

/// Endings of German street names (`Hauptstraße`, `Am Mühlweg`, `Lindenallee`) and
/// English street types, folded to lower case without umlauts.
const STREET_ENDINGS_DE: &[&str] = &[
    "strasse",
    "straße",
    "str.",
    "str",
    "weg",
    "allee",
    "platz",
    "gasse",
    "ring",
    "damm",
    "chaussee",
    "ufer",
    "steig",
    "pfad",
    "markt",
    "berg",
    "hof",
    "graben",
    "wall",
    "kamp",
    "twiete",
    "stieg",
    "feld",
    "garten",
    "park",
    "promenade",
    "boulevard",
    "tor",
    "bruecke",
    "brücke",
    "zeile",
    "anger",
    "winkel",
    "hang",
    "hain",
    "aue",
    "siedlung",
    "grund",
    "höhe",
    "hoehe",
    "kai",
    "deich",
    "stiege",
    "ort",
    "tal",
    "blick",
];
const STREET_TYPES_EN: &[&str] = &[
    "street",
    "st",
    "st.",
    "road",
    "rd",
    "rd.",
    "avenue",
    "ave",
    "ave.",
    "lane",
    "ln",
    "drive",
    "dr",
    "dr.",
    "way",
    "court",
    "ct",
    "place",
    "pl",
    "boulevard",
    "blvd",
    "square",
    "sq",
    "terrace",
    "close",
    "crescent",
    "row",
    "parkway",
    "highway",
    "hwy",
];
const STREET_PREPOSITIONS: &[&str] = &[
    "am", "an", "im", "in", "zum", "zur", "auf", "unter", "hinter", "vor", "bei", "beim", "alte",
    "alter", "altes", "neue", "neuer", "neues", "obere", "untere",
];

fn is_house_number(token: &str) -> bool {
    let b = token.trim_end_matches(',').as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=4).contains(&digits) {
        return false;
    }
    match &b[digits..] {
        [] => true,
        [l] if l.is_ascii_alphabetic() => true,
        [b'-' | b'/', rest @ ..] => {
            !rest.is_empty() && rest.len() <= 5 && rest.iter().all(|c| c.is_ascii_alphanumeric())
        }
        _ => false,
    }
}

fn street_part(part: &str) -> bool {
    let tokens: Vec<&str> = part.split_whitespace().collect();
    if tokens.len() < 2 {
        return false;
    }
    let mut buf = [0u8; 64];
    // German: name words, then a house number (and maybe a letter: "12 a").
    let mut end = tokens.len();
    if end >= 3
        && tokens[end - 1].len() == 1
        && tokens[end - 1].bytes().all(|c| c.is_ascii_alphabetic())
        && is_house_number(tokens[end - 2])
    {
        end -= 1;
    }
    if is_house_number(tokens[end - 1]) {
        let words = &tokens[..end - 1];
        if !words.is_empty() && words.iter().all(|w| w.chars().any(char::is_alphabetic)) {
            let last = words[words.len() - 1];
            let first = words[0];
            let last_l = lower_into(last, &mut buf).unwrap_or("");
            if STREET_ENDINGS_DE.iter().any(|e| last_l.ends_with(e)) && last_l.chars().count() > 2
                || STREET_TYPES_EN.contains(&last_l)
            {
                return true;
            }
            let mut fbuf = [0u8; 64];
            let first_l = lower_into(first, &mut fbuf).unwrap_or("");
            if words.len() >= 2 && STREET_PREPOSITIONS.contains(&first_l) {
                return true;
            }
        }
    }
    // English: house number first ("221B Baker Street").
    if is_house_number(tokens[0]) && tokens.len() >= 3 {
        let last_l = lower_into(tokens[tokens.len() - 1], &mut buf).unwrap_or("");
        return STREET_TYPES_EN.contains(&last_l);
    }
    false
}

/// Whether `value` looks like a street address (`Hauptstraße 12`, `Am Mühlweg 3a`,
/// `Musterstr. 5, 80331 München`, `221B Baker Street`) or a postcode with a town
/// (`80331 München`).
pub fn looks_like_street_address(value: &str) -> bool {
    if value.len() > 120 || !value.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    value.split([',', ';', '\n']).map(str::trim).any(|part| {
        street_part(part)
            || part.split_once(' ').is_some_and(|(code, town)| {
                is_german_postcode(code)
                    && town.chars().next().is_some_and(char::is_uppercase)
                    && town
                        .chars()
                        .all(|c| c.is_alphabetic() || " -./()".contains(c))
            })
    })
}

/// Whether `value` could be a street address in any country's format (`Avenida
/// Noruega 42`, `P.O. Box 255`, `12 rue de la Paix`): a word of at least three letters
/// and a separate number of one to five digits (with an optional letter). Only for
/// columns whose header names addresses.
pub fn is_address_like(value: &str) -> bool {
    if looks_like_street_address(value) {
        return true;
    }
    if value.len() > 120 {
        return false;
    }
    let tokens = || value.split([' ', ',']).filter(|t| !t.is_empty());
    let word = tokens().any(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    let number = tokens().any(|t| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        (1..=5).contains(&digits)
            && t.len() - digits <= 1
            && t[digits..].bytes().all(|c| c.is_ascii_alphabetic())
    });
    word && number && tokens().count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
    }

    #[test]
    fn icd10gm_table() {
        let specific = [
            "E11.90",
            "I10.90",
            "J18.9",
            "S72.01 R",
            "J18.9 G",
            "J18.9G",
            "E14.72+",
            "H36.0*",
            "U07.1!",
            "M17.1 B G",
            "Z01.7 V",
            "C50.4 L",
            "E11.9-",
            "G30.1\u{2020}",
        ];
        for v in specific {
            assert_eq!(icd10gm(v), Some(IcdCode { specific: true }), "{v}");
        }
        for v in ["A12", "B20", "J40", "E11.-", "E1190", "E119"] {
            assert_eq!(icd10gm(v), Some(IcdCode { specific: false }), "{v}");
        }
        for v in [
            "e11.90",
            "E1",
            "E11.",
            "E11.901",
            "11.90",
            "E11.9X",
            "E11.9 GG",
            "E11.9 X",
            "A12-345",
            "AB12",
            "E11.90 Diabetes",
            "A123456",
        ] {
            assert_eq!(icd10gm(v), None, "{v}");
        }
    }

    #[test]
    fn ops_table() {
        for v in [
            "5-470.11",
            "8-930",
            "1-632.0",
            "5-820.00:R",
            "8-98f.10",
            "5-829.k1",
            "9-984.7",
            "3-200",
            "6-002.p7",
            "5-893.1a R",
        ] {
            assert!(is_ops(v), "{v}");
        }
        for v in [
            "5-47",
            "2-470.11",
            "4-930",
            "5470.11",
            "5-470.111",
            "5-470.",
            "5-4a0",
            "05-470",
            "5-470.11:X",
            "12-345",
            "5-12-2024",
        ] {
            assert!(!is_ops(v), "{v}");
        }
    }

    #[test]
    fn atc_table() {
        assert_eq!(atc_level("A"), Some(1));
        assert_eq!(atc_level("A10"), Some(2));
        assert_eq!(atc_level("A10B"), Some(3));
        assert_eq!(atc_level("A10BA"), Some(4));
        assert_eq!(atc_level("A10BA02"), Some(5));
        assert_eq!(atc_level("N02BE01"), Some(5));
        assert_eq!(atc_level("C09AA05"), Some(5));
        for v in [
            "E", "F10", "A1", "A10BA2", "A10BA021", "a10ba02", "A10B1", "A1BBA02", "Z99", "",
        ] {
            assert_eq!(atc_level(v), None, "{v}");
        }
    }

    #[test]
    fn ucum_table() {
        let distinctive = [
            "mg/dL",
            "mmol/L",
            "10*9/L",
            "mm[Hg]",
            "kg/m2",
            "mL/min/{1.73_m2}",
            "{beats}/min",
            "[IU]/L",
            "m[IU]/L",
            "ug/L",
            "cm[H2O]",
            "mg/(24.h)",
            "kPa",
            "mg",
            "mL",
            "µg/l",
            "mg/dl",
            "IE/l",
            "Gpt/l",
            "mmHg",
            "/µl",
            "°C",
            "g/dL",
            "U/L",
            "nmol/L",
            "kcal",
            "umol/mol",
            "mosm/kg",
            "10*3/uL",
            "dB",
            "ms",
            "km/h",
            "mm2",
            "s-1",
            "kg.m/s2",
        ];
        for v in distinctive {
            assert_eq!(ucum_unit(v), Some(UnitMatch { distinctive: true }), "{v}");
        }
        for v in ["m", "g", "A", "d", "%", "L", "h"] {
            assert_eq!(ucum_unit(v), Some(UnitMatch { distinctive: false }), "{v}");
        }
        for v in [
            "100",
            "1.5",
            "Stück",
            "Packung",
            "mg/",
            "/",
            "cd",
            "da",
            "kgg",
            "mg//dL",
            "{x",
            "Euro",
            "max",
            "w",
            "Hallo Welt",
            "ABC",
            "E11.9",
            "",
            // Identifiers that parse as a unit with a power: kelvin to the -10798th.
            "K-10798",
            "PS-01",
            "L-1001",
        ] {
            assert_eq!(ucum_unit(v), None, "{v}");
        }
    }

    #[test]
    fn email_table() {
        for v in [
            "max.mustermann@example.de",
            "m.mueller@firma-gmbh.de",
            "info@müller.de",
            "mailto:anna@example.org",
            "Max Mustermann <max.mustermann@example.com>",
            "a+tag@sub.example.co.uk",
            "x@xn--mller-kva.de",
        ] {
            assert!(is_email(v), "{v}");
        }
        for v in [
            "max.mustermann@",
            "@example.de",
            "max mustermann@example.de",
            "max..m@example.de",
            "max@example",
            "max@example.d",
            "max@-example.de",
            "max@example.123",
            "max.mustermann(at)example.de",
            "www.example.de",
            "",
        ] {
            assert!(!is_email(v), "{v}");
        }
    }

    #[test]
    fn email_holder_table() {
        use EmailHolder::*;
        let cases = [
            ("max.mustermann@firma.de", Person),
            ("m.mueller@firma.de", Person),
            ("anna_schmidt@klinik.de", Person),
            ("anna1985@firma.de", Person),
            ("thomasweber@firma.de", Person),
            ("xyz123@gmx.de", Person),
            ("info@firma.de", Role),
            ("Info@Firma.de", Role),
            ("vertrieb@lieferant.de", Role),
            ("kontakt@praxis-sonne.de", Role),
            ("info2@firma.de", Role),
            ("vertrieb-sued@firma.de", Role),
            ("no-reply@shop.de", Role),
            ("rechnungen@firma.de", Role),
            ("mmustermann@firma.de", Unclear),
            ("hamburg@firma.de", Unclear),
        ];
        for (v, expected) in cases {
            assert_eq!(email_holder(v), Some(expected), "{v}");
        }
        assert_eq!(email_holder("keine"), None);
    }

    #[test]
    fn phone_table() {
        let distinctive = [
            "+49 89 1234567",
            "+49 (0)89 1234567",
            "+4989123456",
            "0049 89 1234567",
            "089 1234567",
            "(089) 123 45 67",
            "0171/1234567",
            "0171-123 45 67",
            "030 12345-678",
            "+41 44 668 18 00",
            "+1 212 555 0100",
            "06221 / 54 00",
        ];
        for v in distinctive {
            assert_eq!(
                phone_number(v),
                Some(PhoneNumber { distinctive: true }),
                "{v}"
            );
        }
        // Phone-shaped digits without a distinctive form: a verdict needs a header.
        for v in ["08912345678", "0171 1234", "0012345678"] {
            assert_eq!(
                phone_number(v),
                Some(PhoneNumber { distinctive: false }),
                "{v}"
            );
        }
        // Dates, amounts, order numbers and other look-alikes.
        for v in [
            "31.12.2024",
            "01-12-2024",
            "2024-12-31",
            "01/12/2024",
            "1.234,56",
            "1234.56",
            "-12,50",
            "4711",
            "20240001",
            "12345678901",
            "A-12345",
            "0000123456",
            "+0 123 456789",
            "089 12 -- 34",
            "089",
            "0815-4711",
            "+49 89 12345678901234567",
            "Tel. 089 1234567",
        ] {
            if v == "0815-4711" {
                // Eight digits with a dash: phone-shaped, never distinctive.
                assert_eq!(phone_number(v), Some(PhoneNumber { distinctive: false }));
                continue;
            }
            assert_eq!(phone_number(v), None, "{v}");
        }
    }

    #[test]
    fn loose_forms_under_a_header() {
        for v in [
            "84 23 30",
            "21 259 903 5696",
            "891234567",
            "+299 84 23 30",
            "(555) 123-4567",
            "089 1234567",
        ] {
            assert!(is_phone_like(v), "{v}");
        }
        for v in [
            "1.234,56",
            "12345",
            "31/12/2024",
            "01-12-2024",
            "Tel 1234567",
            "1234567890123456",
        ] {
            assert!(!is_phone_like(v), "{v}");
        }
        for v in [
            "Avenida Noruega 42",
            "P.O. Box 255",
            "12 rue de la Paix",
            "Hauptstraße 12",
            "Via Roma 7b",
        ] {
            assert!(is_address_like(v), "{v}");
        }
        for v in ["Berlin", "12", "Version 123456", "A1 B2", "Müller GmbH"] {
            assert!(!is_address_like(v), "{v}");
        }
    }

    #[test]
    fn postcode_table() {
        for v in ["80331", "01067", "99998", "D-80331", "D 10115"] {
            assert!(is_german_postcode(v), "{v}");
        }
        for v in [
            "00123",
            "8033",
            "803310",
            "8O331",
            "80331 München",
            "A-1010",
            "",
        ] {
            assert!(!is_german_postcode(v), "{v}");
        }
        for v in [
            "80331", "3910", "5000-047", "SW1A 1AA", "1010", "75008", "D-80331",
        ] {
            assert!(is_postcode_like(v), "{v}");
        }
        for v in [
            "München",
            "12",
            "80331 München Nord",
            "1.234",
            "-123",
            "ABCDEF",
        ] {
            assert!(!is_postcode_like(v), "{v}");
        }
    }

    #[test]
    fn date_table() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date("31.12.1980", today()), d(1980, 12, 31));
        assert_eq!(parse_date("1.2.1980", today()), d(1980, 2, 1));
        assert_eq!(parse_date("31.12.80", today()), d(1980, 12, 31));
        assert_eq!(parse_date("01.01.24", today()), d(2024, 1, 1));
        assert_eq!(parse_date("1980-12-31", today()), d(1980, 12, 31));
        assert_eq!(parse_date("1980-12-31T08:00:00Z", today()), d(1980, 12, 31));
        assert_eq!(parse_date("1980-12-31 00:00:00", today()), d(1980, 12, 31));
        assert_eq!(parse_date("31/12/1980", today()), d(1980, 12, 31));
        assert_eq!(parse_date("31-12-1980", today()), d(1980, 12, 31));
        assert_eq!(parse_date("19801231", today()), d(1980, 12, 31));
        assert_eq!(parse_date("31.12.1980 14:30", today()), d(1980, 12, 31));
        for v in [
            "31.02.1980",
            "1980-13-01",
            "32.12.1980",
            "12345678",
            "1980",
            "31.12.",
            "1.234,56",
            "1980-12-31X",
            "123.12.1980",
        ] {
            assert_eq!(parse_date(v, today()), None, "{v}");
        }
        assert!(is_plausible_birth_date("31.12.1980", today()));
        assert!(is_plausible_birth_date("30.06.2025", today()));
        assert!(
            !is_plausible_birth_date("01.07.2025", today()),
            "after today"
        );
        assert!(
            !is_plausible_birth_date("01.01.1900", today()),
            "older than 120 years"
        );
        assert!(is_plausible_birth_year("1980", today()));
        assert!(!is_plausible_birth_year("2031", today()));
        assert!(!is_plausible_birth_year("880", today()));
        assert_eq!(
            parse_date("3/29/1982", today()),
            d(1982, 3, 29),
            "US month-first"
        );
        assert_eq!(
            parse_date("3/2/1982", today()),
            d(1982, 2, 3),
            "day-first wins"
        );
        assert_eq!(parse_date("13/29/1982", today()), None);
        assert!(looks_like_date("01-12-2024"));
        assert!(!looks_like_date("20241201"));
    }

    #[test]
    fn street_address_table() {
        for v in [
            "Hauptstraße 12",
            "Hauptstr. 12a",
            "Musterstr. 5, 80331 München",
            "Am Mühlweg 3",
            "An der Alster 1-3",
            "Lindenallee 7 b",
            "80331 München",
            "221B Baker Street",
            "10 Downing St",
            "Karl-Marx-Allee 90",
        ] {
            assert!(looks_like_street_address(v), "{v}");
        }
        for v in [
            "Hauptstraße",
            "12",
            "Müller GmbH",
            "Artikel 12",
            "Schraube M8 12",
            "80331",
            "Bestellung 4711",
            "Version 2.1",
        ] {
            assert!(!looks_like_street_address(v), "{v}");
        }
    }
}
