//! Masked examples: the one form of a personal value the catalogue may show.
//!
//! A masked value keeps the structure that helps a user recognise what a column holds
//! (a German IBAN, a mobile number, a birth year in the 1900s) and hides what identifies
//! the person. For a personal kind the result never equals the input.

use super::DetectionKind;
use super::pattern;

/// The masking character.
pub const BULLET: char = '•';

/// Masks `value` as an example of `kind`:
///
/// | kind | example | masked |
/// |---|---|---|
/// | IBAN | `DE89 3704 0044 0532 0130 00` | `DE89 •••• •••• •••• •••• 00` |
/// | names | `Müller` | `M••••r` |
/// | e-mail | `max.mustermann@example.de` | `m•••@•••.de` |
/// | phone | `+49 89 1234567` | `+49 ••• •••• 67` |
/// | dates | `31.12.1980` | `••.••.19••` |
/// | KVNR, Steuer-ID, patient id | `A123456780` | `A••••••••0` |
/// | postcode | `80331` | `8••••` |
/// | street address | `Hauptstraße 12` | `H•••••••••e ••` |
/// | VAT id | `DE136695976` | `DE••••••••6` |
///
/// Health codes and units identify nobody and come back unchanged. For every personal
/// kind ([`DetectionKind::is_personal`]) the result differs from the input, also for
/// empty or odd values (then `•••`).
pub fn mask(kind: DetectionKind, value: &str) -> String {
    let value = value.trim();
    let masked = match kind {
        DetectionKind::Iban => mask_iban(value),
        DetectionKind::PersonName | DetectionKind::FirstName | DetectionKind::LastName => {
            mask_words(value)
        }
        DetectionKind::Email => mask_email(value),
        DetectionKind::Phone => mask_phone(value),
        DetectionKind::BirthDate => mask_date(value),
        DetectionKind::Kvnr | DetectionKind::SteuerId | DetectionKind::PatientId => {
            keep_ends(value)
        }
        DetectionKind::Postcode => mask_postcode(value),
        DetectionKind::Address => mask_address(value),
        DetectionKind::VatId => mask_vat_id(value),
        DetectionKind::Icd10gm
        | DetectionKind::Ops
        | DetectionKind::Loinc
        | DetectionKind::SnomedCt
        | DetectionKind::Atc
        | DetectionKind::Pzn
        | DetectionKind::UcumUnit => return value.to_owned(),
    };
    if masked == value || masked.is_empty() {
        // Even a value that is already bullets changes.
        if value == "•••" {
            "••••"
        } else {
            "•••"
        }
        .to_owned()
    } else {
        masked
    }
}

fn bullets(n: usize) -> String {
    std::iter::repeat_n(BULLET, n).collect()
}

/// `DE89` + the rest in groups of four, all but the last two characters bulleted.
fn mask_iban(value: &str) -> String {
    let compact: Vec<char> = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() < 8 {
        return bullets(compact.len().max(3));
    }
    let rest = &compact[4..];
    let keep_from = rest.len() - 2;
    let mut out: String = compact[..4].iter().collect();
    for (i, c) in rest.iter().enumerate() {
        if i % 4 == 0 {
            out.push(' ');
        }
        out.push(if i >= keep_from { *c } else { BULLET });
    }
    out
}

/// One word: first and last letter kept for words of four or more letters, only the
/// first for shorter ones, nothing for single letters.
fn mask_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => BULLET.to_string(),
        2 | 3 => {
            let mut s = chars[0].to_string();
            s.push_str(&bullets(chars.len() - 1));
            s
        }
        n => {
            let mut s = chars[0].to_string();
            s.push_str(&bullets(n - 2));
            s.push(chars[n - 1]);
            s
        }
    }
}

/// Each word masked on its own; spaces, commas and hyphens kept.
fn mask_words(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    let mut word = String::new();
    for c in value.chars() {
        if matches!(c, ' ' | ',' | '-') {
            out.push_str(&mask_word(&word));
            word.clear();
            out.push(c);
        } else {
            word.push(c);
        }
    }
    out.push_str(&mask_word(&word));
    out
}

/// First character of the local part, then fixed bullets and the top-level domain, so
/// neither length nor domain shows: `m•••@•••.de`.
fn mask_email(value: &str) -> String {
    match pattern::email_parts(value) {
        Some((local, domain)) => {
            let first = local.chars().next().unwrap_or(BULLET);
            let tld = domain.rsplit('.').next().unwrap_or("");
            format!("{first}•••@•••.{tld}")
        }
        None => bullets(3),
    }
}

/// Length of the country calling code at the start of `digits` (E.164 zones).
fn country_code_len(digits: &[u8]) -> usize {
    const TWO_DIGIT: &[&[u8]] = &[
        b"20", b"27", b"30", b"31", b"32", b"33", b"34", b"36", b"39", b"40", b"41", b"43", b"44",
        b"45", b"46", b"47", b"48", b"49", b"51", b"52", b"53", b"54", b"55", b"56", b"57", b"58",
        b"60", b"61", b"62", b"63", b"64", b"65", b"66", b"81", b"82", b"84", b"86", b"90", b"91",
        b"92", b"93", b"94", b"95", b"98",
    ];
    match digits.first() {
        Some(b'1' | b'7') => 1,
        _ if TWO_DIGIT.iter().any(|p| digits.starts_with(p)) => 2,
        _ => 3,
    }
}

/// Country code (or the trunk `0`) and the last two digits kept, the rest as fixed
/// bullet groups: `+49 ••• •••• 67`, `0••• •••• 67`.
fn mask_phone(value: &str) -> String {
    let digits: Vec<u8> = value.bytes().filter(u8::is_ascii_digit).collect();
    if digits.len() < 6 {
        return bullets(3);
    }
    let last: String = digits[digits.len() - 2..]
        .iter()
        .map(|&d| d as char)
        .collect();
    let international = value.starts_with('+') || digits.starts_with(b"00");
    if international {
        let number = if value.starts_with('+') {
            &digits[..]
        } else {
            &digits[2..]
        };
        let cc_len = country_code_len(number).min(number.len());
        let cc: String = number[..cc_len].iter().map(|&d| d as char).collect();
        format!("+{cc} ••• •••• {last}")
    } else {
        format!("0••• •••• {last}")
    }
}

/// Every digit bulleted except the century of a four-digit year: `••.••.19••`,
/// `19••-••-••`.
fn mask_date(value: &str) -> String {
    let b = value.as_bytes();
    let year_at = (0..b.len().saturating_sub(3)).find(|&i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit())
    });
    value
        .char_indices()
        .map(|(i, c)| {
            let century = year_at.is_some_and(|y| i == y || i == y + 1);
            if !c.is_ascii_digit() || century {
                c
            } else {
                BULLET
            }
        })
        .collect()
}

/// First and last character kept (at most), bullets between; short values fully
/// bulleted.
fn keep_ends(value: &str) -> String {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    let n = chars.len();
    if n < 4 {
        return bullets(n.max(3));
    }
    let mut s = chars[0].to_string();
    s.push_str(&bullets(n - 2));
    s.push(chars[n - 1]);
    s
}

/// The first digit (the postal zone) kept: `8••••`.
fn mask_postcode(value: &str) -> String {
    let digits: Vec<char> = value.chars().filter(char::is_ascii_digit).collect();
    match digits.first() {
        Some(first) if digits.len() >= 4 => {
            let mut s = first.to_string();
            s.push_str(&bullets(digits.len() - 1));
            s
        }
        _ => bullets(5),
    }
}

/// Words masked like names, digits bulleted: `H•••••••••e ••`.
fn mask_address(value: &str) -> String {
    mask_words(value)
        .chars()
        .map(|c| if c.is_ascii_digit() { BULLET } else { c })
        .collect()
}

/// Country prefix and the last character kept: `DE••••••••6`.
fn mask_vat_id(value: &str) -> String {
    let chars: Vec<char> = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if chars.len() < 5 {
        return bullets(3);
    }
    let mut s: String = chars[..2].iter().collect();
    s.push_str(&bullets(chars.len() - 3));
    s.push(chars[chars.len() - 1]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use DetectionKind::*;

    #[test]
    fn examples_keep_structure() {
        let cases = [
            (
                Iban,
                "DE89 3704 0044 0532 0130 00",
                "DE89 •••• •••• •••• •••• 00",
            ),
            (
                Iban,
                "DE89370400440532013000",
                "DE89 •••• •••• •••• •••• 00",
            ),
            (Iban, "AT61 1904 3002 3457 3201", "AT61 •••• •••• •••• ••01"),
            (LastName, "Müller", "M••••r"),
            (FirstName, "Jo", "J•"),
            (PersonName, "Anna-Lena von Müller", "A••a-L••a v•• M••••r"),
            (PersonName, "Müller, Hans", "M••••r, H••s"),
            (Email, "max.mustermann@example.de", "m•••@•••.de"),
            (Email, "Max <max@beispiel.com>", "m•••@•••.com"),
            (Phone, "+49 89 1234567", "+49 ••• •••• 67"),
            (Phone, "0049 171 1234512", "+49 ••• •••• 12"),
            (Phone, "+1 212 555 0100", "+1 ••• •••• 00"),
            (Phone, "(089) 123 45 67", "0••• •••• 67"),
            (BirthDate, "31.12.1980", "••.••.19••"),
            (BirthDate, "1980-12-31", "19••-••-••"),
            (BirthDate, "19801231", "19••••••"),
            (BirthDate, "31.12.80", "••.••.••"),
            (BirthDate, "1980", "19••"),
            (Kvnr, "A123456780", "A••••••••0"),
            (SteuerId, "86095742719", "8•••••••••9"),
            (SteuerId, "86 095 742 719", "8•••••••••9"),
            (PatientId, "P000123", "P•••••3"),
            (PatientId, "12", "•••"),
            (Postcode, "80331", "8••••"),
            (Address, "Hauptstraße 12", "H•••••••••e ••"),
            (VatId, "DE136695976", "DE••••••••6"),
        ];
        for (kind, value, expected) in cases {
            assert_eq!(mask(kind, value), expected, "{kind:?} {value}");
        }
    }

    #[test]
    fn codes_stay_readable() {
        for (kind, value) in [
            (Icd10gm, "E11.90"),
            (Ops, "5-470.11"),
            (Loinc, "2345-7"),
            (SnomedCt, "22298006"),
            (Atc, "A10BA02"),
            (Pzn, "27580899"),
            (UcumUnit, "mg/dL"),
        ] {
            assert_eq!(mask(kind, value), value);
        }
    }

    /// No personal value survives masking unchanged, whatever it is.
    #[test]
    fn personal_values_never_survive() {
        let values = [
            "",
            " ",
            "•",
            "•••",
            "A",
            "AB",
            "Müller",
            "M",
            "-",
            "---",
            "12",
            "0",
            "80331",
            "x@y.de",
            "DE89 3704 0044 0532 0130 00",
            "+49 89 1234567",
            "31.12.1980",
            "abc",
            "A123456780",
            "86095742719",
            "Hauptstraße 12",
            "Ömer",
            "李",
            "1980",
            "P1",
        ];
        for kind in DetectionKind::ALL.into_iter().filter(|k| k.is_personal()) {
            for v in values {
                let masked = mask(kind, v);
                assert_ne!(masked, v.trim(), "{kind:?} {v:?}");
                assert_ne!(masked, v, "{kind:?} {v:?}");
                assert!(!masked.is_empty(), "{kind:?} {v:?}");
            }
        }
    }

    /// Masking hides the identifying part: no run of three original digits or letters
    /// survives in the masked form of an identifier.
    #[test]
    fn identifying_parts_are_hidden() {
        let iban = mask(Iban, "DE89 3704 0044 0532 0130 00");
        assert!(!iban.contains("3704") && !iban.contains("0532"));
        let email = mask(Email, "max.mustermann@example.de");
        assert!(!email.contains("mustermann") && !email.contains("example"));
        let phone = mask(Phone, "+49 89 1234567");
        assert!(!phone.contains("1234") && !phone.contains("89 "));
        let date = mask(BirthDate, "31.12.1980");
        assert!(!date.contains("31") && !date.contains("80"));
    }
}
