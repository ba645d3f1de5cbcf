//! Person names: the shape of a name, the shipped list of common first names, and the
//! markers of company names.
//!
//! A name column is never decided by values alone (any capitalised word has the shape
//! of a surname); values only confirm an ambiguous header such as `Name`, and tell a
//! list of people from a list of companies.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The curated first-name list shipped with the binary (see the note at its top).
const FIRST_NAMES_TXT: &str = include_str!("first_names.txt");

/// Folded first names (see [`fold_into`]); parts of hyphenated names are added too.
static FIRST_NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    let mut folded = String::new();
    for line in FIRST_NAMES_TXT.lines() {
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        for part in std::iter::once(name).chain(name.split('-')) {
            fold_into(part, &mut folded);
            if folded.len() >= 2 {
                set.insert(folded.clone());
            }
        }
    }
    set
});

/// Number of distinct folded entries in the first-name list.
pub fn first_name_count() -> usize {
    FIRST_NAMES.len()
}

/// Writes `s` lower-cased into `out` with German umlauts and ß expanded (`ä` → `ae`,
/// `ß` → `ss`) and other Latin accents dropped (`é` → `e`, `ł` → `l`), so spellings
/// with and without umlauts compare equal. `out` is cleared first.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            'ß' | 'ẞ' => out.push_str("ss"),
            _ => match fold_accent(c) {
                Some(base) => out.push(base),
                None => out.extend(c.to_lowercase()),
            },
        }
    }
}

/// The unaccented lower-case letter of a Latin letter with a diacritic.
fn fold_accent(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
        'ù' | 'ú' | 'û' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ů' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        _ => return None,
    })
}

/// Whether `token` is a common first name (case, umlauts and accents folded).
pub fn is_common_first_name(token: &str) -> bool {
    let mut folded = String::with_capacity(token.len() + 4);
    fold_into(token, &mut folded);
    FIRST_NAMES.contains(&folded)
}

/// Whether a lower-case token is a first name or starts with one of at least four
/// letters followed by at least three more characters (`thomasweber`, `anna1985`), as
/// in e-mail local parts. Short names only count as the whole token, so `benutzer` is
/// not `ben…`.
pub fn starts_with_first_name(token: &str) -> bool {
    let mut folded = String::with_capacity(token.len() + 4);
    fold_into(token, &mut folded);
    if FIRST_NAMES.contains(&folded) {
        return true;
    }
    let len = folded.len();
    (4..=len.saturating_sub(3).min(12))
        .filter(|&k| folded.is_char_boundary(k))
        .any(|k| FIRST_NAMES.contains(&folded[..k]))
}

/// Words that mark a company, institution or other organisation in a name value.
const ORGANISATION_MARKERS: &[&str] = &[
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "gbr",
    "ug",
    "mbh",
    "kgaa",
    "se",
    "ek",
    "e.k",
    "ev",
    "e.v",
    "ltd",
    "limited",
    "inc",
    "llc",
    "corp",
    "corporation",
    "co",
    "plc",
    "sa",
    "s.a",
    "bv",
    "b.v",
    "nv",
    "srl",
    "sarl",
    "spa",
    "s.p.a",
    "ab",
    "oy",
    "as",
    "a/s",
    "aps",
    "partg",
    "partgmbb",
    "stiftung",
    "verein",
    "gruppe",
    "group",
    "holding",
    "werke",
    "werk",
    "klinikum",
    "klinik",
    "kliniken",
    "praxis",
    "apotheke",
    "krankenhaus",
    "universitaet",
    "universität",
    "university",
    "institut",
    "institute",
    "handel",
    "handels",
    "service",
    "services",
    "systems",
    "solutions",
    "technik",
    "technologies",
    "technology",
    "consulting",
    "logistik",
    "vertrieb",
    "international",
    "industries",
    "&",
    "+",
    "labor",
    "medical",
    "pharma",
    "medizintechnik",
    "bank",
    "sparkasse",
    "versicherung",
    "ggmbh",
    "mvz",
    "gesellschaft",
    "verband",
    "amt",
    "behörde",
    "behoerde",
];

/// Whether the value contains a word that marks an organisation (`GmbH`, `AG`, `e.V.`,
/// `Ltd`, `Klinikum`, `&` …).
pub fn has_organisation_marker(value: &str) -> bool {
    value.split([' ', ',', '(', ')']).any(|word| {
        let w = word.trim_end_matches('.');
        if w.is_empty() || w.len() > 16 {
            return false;
        }
        let mut buf = [0u8; 64];
        let mut n = 0;
        for c in w.chars().flat_map(char::to_lowercase) {
            let len = c.len_utf8();
            if n + len > buf.len() {
                return false;
            }
            c.encode_utf8(&mut buf[n..n + len]);
            n += len;
        }
        let lower = std::str::from_utf8(&buf[..n]).unwrap_or("");
        ORGANISATION_MARKERS.contains(&lower) || lower.ends_with("gmbh")
    })
}

/// Lower-case words that may stand inside a name (`von`, `van der`, `de la`) and titles.
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "di", "da", "del", "della", "la", "le", "zu", "zum", "zur",
    "vom", "ten", "ter", "y", "bin", "ibn", "al", "el", "dr", "dr.", "prof", "prof.", "med.",
    "dipl.", "ing.", "mag.",
];

/// What a name-shaped value looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameShape {
    /// Number of words (`Müller` 1, `Anna Müller` 2, `Müller, Anna` 2).
    pub words: usize,
    /// Whether one of the words is a common first name.
    pub first_name: bool,
    /// Whether a word marks an organisation (`GmbH`, `Klinikum` …).
    pub organisation: bool,
}

/// Whether `value` has the shape of a person name (or part of one): one to six words of
/// letters with hyphens, apostrophes and abbreviation dots, each capitalised or a name
/// particle/title — or the whole value in lower case, as some exports write names —, no
/// digits and no `@`. Company names pass the shape too; their markers are reported in
/// [`NameShape::organisation`].
pub fn name_shape(value: &str) -> Option<NameShape> {
    let len = value.chars().count();
    if !(2..=80).contains(&len) {
        return None;
    }
    let all_lower = !value.chars().any(char::is_uppercase);
    let mut words = 0;
    let mut first_name = false;
    let mut letters = 0;
    for raw in value.split([' ', ',']) {
        if raw.is_empty() {
            continue;
        }
        words += 1;
        if words > 6 {
            return None;
        }
        let mut chars = raw.chars();
        let first = chars.next()?;
        if !raw
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
        {
            return None;
        }
        letters += raw.chars().filter(|c| c.is_alphabetic()).count();
        if !first.is_uppercase() && !all_lower && !NAME_PARTICLES.contains(&raw) && raw != "&" {
            return None;
        }
        if !first_name {
            first_name = raw
                .split('-')
                .any(|part| part.chars().count() >= 2 && is_common_first_name(part));
        }
    }
    if words == 0 || letters < 2 {
        return None;
    }
    Some(NameShape {
        words,
        first_name,
        organisation: has_organisation_marker(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_loaded_and_folded() {
        assert!(first_name_count() > 900, "{}", first_name_count());
        for name in [
            "Jürgen",
            "Juergen",
            "JÜRGEN",
            "anna",
            "Anna-Lena",
            "Lena",
            "Ayşe",
            "Ayse",
            "Małgorzata",
            "René",
            "Rene",
            "Mohammed",
            "Olivia",
        ] {
            assert!(is_common_first_name(name), "{name}");
        }
        for word in [
            "Müller",
            "Schmidt",
            "GmbH",
            "Schraube",
            "Mark",
            "Will",
            "Rose",
            "Hamburg",
            "Bestellung",
            "",
        ] {
            assert!(!is_common_first_name(word), "{word}");
        }
        let mut out = String::new();
        fold_into("Größe Ölpreis Ça", &mut out);
        assert_eq!(out, "groesse oelpreis ca");
    }

    #[test]
    fn first_name_prefixes_in_local_parts() {
        assert!(starts_with_first_name("thomasweber"));
        assert!(starts_with_first_name("anna"));
        assert!(starts_with_first_name("ben"));
        assert!(!starts_with_first_name("benutzer"));
        assert!(!starts_with_first_name("hamburg"));
        assert!(!starts_with_first_name("mmustermann"));
        assert!(
            !starts_with_first_name("annas"),
            "remainder of two letters is too short"
        );
    }

    #[test]
    fn organisation_markers() {
        for v in [
            "Müller GmbH",
            "Schmidt & Söhne",
            "Meier AG",
            "Praxis Dr. Sonne",
            "ACME Ltd.",
            "Beispiel e.V.",
            "Huber-GmbH",
            "Klinikum Nord",
        ] {
            assert!(has_organisation_marker(v), "{v}");
        }
        for v in ["Anna Müller", "Müller, Hans", "Dr. Agnes Gras", "Sebastian"] {
            assert!(!has_organisation_marker(v), "{v}");
        }
    }

    #[test]
    fn name_shape_table() {
        let shape = |w, f, o| {
            Some(NameShape {
                words: w,
                first_name: f,
                organisation: o,
            })
        };
        assert_eq!(name_shape("Anna Müller"), shape(2, true, false));
        assert_eq!(name_shape("Müller, Hans"), shape(2, true, false));
        assert_eq!(name_shape("Müller"), shape(1, false, false));
        assert_eq!(name_shape("Anna-Lena von der Heide"), shape(4, true, false));
        assert_eq!(name_shape("Dr. Jürgen O'Brien"), shape(3, true, false));
        assert_eq!(name_shape("MÜLLER"), shape(1, false, false));
        assert_eq!(name_shape("Schmidt & Söhne GmbH"), shape(4, false, true));
        assert_eq!(name_shape("anna müller"), shape(2, true, false));
        for v in [
            "anna Müller",
            "Anna M. 12",
            "max@example.de",
            "A",
            "E11.9",
            "Schraube M8",
            "1.234,56",
            "Eins Zwei Drei Vier Fünf Sechs Sieben",
        ] {
            assert_eq!(name_shape(v), None, "{v}");
        }
    }
}
