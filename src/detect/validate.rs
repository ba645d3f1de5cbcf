//! Identifiers with check digits: IBAN, KVNR, Steuer-ID, VAT id, PZN, LOINC, SNOMED CT.
//!
//! Every validator is pure, allocation-free and takes the trimmed cell value as it
//! appears in a file. Separators that people commonly type (spaces in an IBAN, a `PZN-`
//! prefix) are accepted; anything else is rejected rather than guessed. A `true` means
//! "well-formed and the check digit matches", not "issued to someone".

/// Upper-case ASCII letters and digits of `value`, skipping spaces, written to `buf`.
///
/// Returns the filled prefix of `buf`, or `None` when another character occurs or the
/// value does not fit.
fn compact<'b>(value: &str, buf: &'b mut [u8], allow: &[u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    for &b in value.as_bytes() {
        if b == b' ' || allow.contains(&b) {
            continue;
        }
        if !b.is_ascii_alphanumeric() || n == buf.len() {
            return None;
        }
        buf[n] = b.to_ascii_uppercase();
        n += 1;
    }
    Some(&buf[..n])
}

fn all_digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

fn digit(b: u8) -> u32 {
    u32::from(b - b'0')
}

// ---------------------------------------------------------------------------------------
// IBAN (ISO 13616, mod 97-10)

/// IBAN lengths per country (SWIFT IBAN registry): all EU/EEA states, Switzerland, the
/// United Kingdom, the other European registry members and a few frequent others.
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MT", 31),
    (b"NL", 18),
    (b"NO", 15),
    (b"PL", 28),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"SA", 24),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"XK", 20),
];

/// The registered IBAN length of a country, if the country is in the table.
pub fn iban_length(country: &str) -> Option<usize> {
    let c = country.as_bytes();
    IBAN_LENGTHS
        .iter()
        .find(|(code, _)| code.as_slice() == c)
        .map(|&(_, len)| len)
}

/// Remainder mod 97 of the IBAN's numeric form (BBAN first, then country and check
/// digits, letters as 10..35), computed digit by digit without big integers.
fn iban_mod97(iban: &[u8]) -> u32 {
    let mut rem = 0u32;
    for &b in iban[4..].iter().chain(&iban[..4]) {
        if b.is_ascii_digit() {
            rem = (rem * 10 + digit(b)) % 97;
        } else {
            rem = (rem * 100 + u32::from(b - b'A') + 10) % 97;
        }
    }
    rem
}

/// Whether `value` is an IBAN of a known country with the registered length and a
/// matching mod-97 check (ISO 13616). Spaces between groups are allowed, lower case is
/// accepted.
pub fn is_valid_iban(value: &str) -> bool {
    let mut buf = [0u8; 34];
    let Some(iban) = compact(value, &mut buf, &[]) else {
        return false;
    };
    if iban.len() < 15
        || !iban[..2].iter().all(u8::is_ascii_uppercase)
        || !iban[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let country = [iban[0], iban[1]];
    let Some(len) = IBAN_LENGTHS
        .iter()
        .find(|(code, _)| **code == country)
        .map(|&(_, len)| len)
    else {
        return false;
    };
    iban.len() == len && iban_mod97(iban) == 1
}

// ---------------------------------------------------------------------------------------
// KVNR (Krankenversichertennummer, unchangeable part)

/// Check digit of the KVNR's first nine characters (letter + eight digits): the letter
/// becomes its two-digit alphabet position (A = 01 … Z = 26), the ten digits are weighted
/// 1, 2, 1, 2 … from the left, each product is replaced by its digit sum, and the check
/// digit is the sum mod 10 (GKV rule, a modified Luhn).
pub fn kvnr_check_digit(letter: u8, digits: &[u8; 8]) -> Option<u8> {
    if !letter.is_ascii_uppercase() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let pos = u32::from(letter - b'A') + 1;
    let mut all = [0u32; 10];
    all[0] = pos / 10;
    all[1] = pos % 10;
    for (slot, &d) in all[2..].iter_mut().zip(digits) {
        *slot = digit(d);
    }
    let sum: u32 = all
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = if i % 2 == 0 { d } else { d * 2 };
            p / 10 + p % 10
        })
        .sum();
    Some((sum % 10) as u8)
}

/// Whether `value` is the ten-character KVNR (upper-case letter, eight digits, check
/// digit) with a matching check digit.
pub fn is_valid_kvnr(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() != 10 || !all_digits(&b[1..]) {
        return false;
    }
    let mut digits = [0u8; 8];
    digits.copy_from_slice(&b[1..9]);
    kvnr_check_digit(b[0], &digits) == Some(b[9] - b'0')
}

// ---------------------------------------------------------------------------------------
// ISO 7064 MOD 11,10 (Steuer-ID, German VAT id)

/// ISO/IEC 7064 MOD 11,10 check digit over ASCII digits.
pub fn iso7064_mod11_10(digits: &[u8]) -> u8 {
    let mut product = 10u32;
    for &d in digits {
        let mut sum = (digit(d) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = 11 - product;
    if check == 10 { 0 } else { check as u8 }
}

/// The Steuer-ID digit rule for the first ten digits: exactly one digit occurs twice or
/// three times, every other digit at most once, and a digit occurring three times never
/// stands three times in a row (rule in force since 2016; the older "exactly twice" IDs
/// satisfy it too).
pub fn steuer_id_digits_plausible(first_ten: &[u8]) -> bool {
    if first_ten.len() != 10 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &d in first_ten {
        counts[usize::from(d - b'0')] += 1;
    }
    let repeated: Vec<usize> = (0..10).filter(|&d| counts[d] > 1).collect();
    let [d] = repeated.as_slice() else {
        return false;
    };
    match counts[*d] {
        2 => true,
        3 => !first_ten
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2] && usize::from(w[0] - b'0') == *d),
        _ => false,
    }
}

/// Whether `value` is a Steuer-ID (steuerliche Identifikationsnummer): eleven digits
/// (spaces allowed), first digit not 0, the digit rule of [`steuer_id_digits_plausible`]
/// and a matching ISO 7064 MOD 11,10 check digit.
pub fn is_valid_steuer_id(value: &str) -> bool {
    let mut buf = [0u8; 11];
    let Some(id) = compact(value, &mut buf, &[]) else {
        return false;
    };
    id.len() == 11
        && all_digits(id)
        && id[0] != b'0'
        && steuer_id_digits_plausible(&id[..10])
        && iso7064_mod11_10(&id[..10]) == id[10] - b'0'
}

// ---------------------------------------------------------------------------------------
// VAT identification numbers

/// Whether `value` is an EU VAT identification number (or a Swiss UID / UK VAT number):
/// `DE` + nine digits with the ISO 7064 MOD 11,10 check digit; the other member states
/// by their published format only (no check digit). Spaces, dots and hyphens between
/// groups are ignored.
pub fn is_valid_vat_id(value: &str) -> bool {
    let mut buf = [0u8; 20];
    let Some(id) = compact(value, &mut buf, b".-") else {
        return false;
    };
    if id.len() < 4 || !id[..2].iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let (prefix, rest) = id.split_at(2);
    let n = rest.len();
    let digits = all_digits(rest);
    match prefix {
        b"DE" => {
            n == 9 && digits && rest[0] != b'0' && iso7064_mod11_10(&rest[..8]) == rest[8] - b'0'
        }
        b"AT" => n == 9 && rest[0] == b'U' && all_digits(&rest[1..]),
        b"BE" => n == 10 && digits && (rest[0] == b'0' || rest[0] == b'1'),
        b"BG" => (n == 9 || n == 10) && digits,
        b"CY" => n == 9 && all_digits(&rest[..8]) && rest[8].is_ascii_uppercase(),
        b"CZ" => (8..=10).contains(&n) && digits,
        b"DK" | b"FI" | b"HU" | b"LU" | b"MT" | b"SI" => n == 8 && digits,
        b"EE" | b"EL" | b"PT" => n == 9 && digits,
        // Letter or digit, seven digits, letter or digit; not digits at both ends.
        b"ES" => {
            n == 9
                && all_digits(&rest[1..8])
                && !(rest[0].is_ascii_digit() && rest[8].is_ascii_digit())
        }
        b"FR" => n == 11 && all_digits(&rest[2..]),
        b"HR" | b"IT" | b"LV" => n == 11 && digits,
        b"IE" => {
            (n == 8 || n == 9)
                && rest[0].is_ascii_digit()
                && all_digits(&rest[2..7])
                && rest[7].is_ascii_uppercase()
                && (n == 8 || rest[8].is_ascii_uppercase())
        }
        b"LT" => (n == 9 || n == 12) && digits,
        b"NL" => n == 12 && all_digits(&rest[..9]) && rest[9] == b'B' && all_digits(&rest[10..]),
        b"PL" | b"SK" => n == 10 && digits,
        b"RO" => (2..=10).contains(&n) && digits && rest[0] != b'0',
        b"SE" => n == 12 && digits && rest.ends_with(b"01"),
        b"XI" | b"GB" => (n == 9 || n == 12) && digits,
        b"CH" => {
            // Swiss UID: CHE + nine digits, optionally followed by MWST / TVA / IVA.
            let Some(tail) = rest.strip_prefix(b"E") else {
                return false;
            };
            let (num, suffix) = tail.split_at(tail.len().min(9));
            num.len() == 9 && all_digits(num) && matches!(suffix, b"" | b"MWST" | b"TVA" | b"IVA")
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// PZN (Pharmazentralnummer)

/// Check digit of a PZN-8 from its first seven digits (weights 1..7, sum mod 11); `None`
/// when the remainder is 10, which makes the number invalid (such PZNs are never issued).
pub fn pzn_check_digit(first_seven: &[u8; 7]) -> Option<u8> {
    let sum: u32 = first_seven
        .iter()
        .zip(1u32..)
        .map(|(&d, w)| digit(d) * w)
        .sum();
    let check = sum % 11;
    (check < 10).then_some(check as u8)
}

/// Whether `value` is a PZN: eight digits (PZN-8) or the legacy seven digits (PZN-7,
/// which is PZN-8 with a leading 0 and the same check digit), optionally written with a
/// `PZN`, `PZN-` or `PZN:` prefix, with a matching mod-11 check digit.
pub fn is_valid_pzn(value: &str) -> bool {
    let v = value.trim_start();
    let v = v
        .strip_prefix("PZN")
        .or_else(|| v.strip_prefix("pzn"))
        .map(|r| r.trim_start_matches(['-', ':', ' ']))
        .unwrap_or(v);
    let b = v.as_bytes();
    let mut pzn = [b'0'; 8];
    match b.len() {
        8 => pzn.copy_from_slice(b),
        7 => pzn[1..].copy_from_slice(b),
        _ => return false,
    }
    if !all_digits(&pzn) {
        return false;
    }
    let mut first = [0u8; 7];
    first.copy_from_slice(&pzn[..7]);
    pzn_check_digit(&first) == Some(pzn[7] - b'0')
}

// ---------------------------------------------------------------------------------------
// LOINC

/// Whether the digits pass the Luhn (mod 10) check, the last digit being the check digit.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = digit(b);
            if i % 2 == 1 {
                let p = d * 2;
                p / 10 + p % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether `value` is a LOINC code `N…N-C`: one to seven digits, a hyphen and the mod-10
/// check digit over the number (LOINC's algorithm is the Luhn scheme).
pub fn is_valid_loinc(value: &str) -> bool {
    let b = value.as_bytes();
    let n = b.len();
    if !(3..=9).contains(&n) || b[n - 2] != b'-' || !b[n - 1].is_ascii_digit() {
        return false;
    }
    let number = &b[..n - 2];
    if !all_digits(number) {
        return false;
    }
    let mut buf = [0u8; 8];
    buf[..number.len()].copy_from_slice(number);
    buf[number.len()] = b[n - 1];
    luhn_valid(&buf[..=number.len()])
}

// ---------------------------------------------------------------------------------------
// SNOMED CT (Verhoeff + partition identifier)

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// Whether the ASCII digits (check digit last) pass the Verhoeff check.
pub fn verhoeff_valid(digits: &[u8]) -> bool {
    let mut c = 0u8;
    for (i, &b) in digits.iter().rev().enumerate() {
        c = VERHOEFF_D[usize::from(c)][usize::from(VERHOEFF_P[i % 8][usize::from(b - b'0')])];
    }
    c == 0
}

/// The Verhoeff check digit to append to the ASCII digits.
pub fn verhoeff_check_digit(digits: &[u8]) -> u8 {
    let mut c = 0u8;
    for (i, &b) in digits.iter().rev().enumerate() {
        c = VERHOEFF_D[usize::from(c)][usize::from(VERHOEFF_P[(i + 1) % 8][usize::from(b - b'0')])];
    }
    VERHOEFF_INV[usize::from(c)]
}

/// Whether `value` is a SNOMED CT identifier: 6–18 digits without a leading zero, a
/// valid partition identifier in the two digits before the check digit (short format
/// `00` concept, `01` description, `02` relationship; long format `10`, `11`, `12`,
/// which also needs the seven-digit namespace) and a Verhoeff check digit over the whole
/// id.
pub fn is_valid_snomed_ct(value: &str) -> bool {
    let b = value.as_bytes();
    let n = b.len();
    if !(6..=18).contains(&n) || !all_digits(b) || b[0] == b'0' {
        return false;
    }
    let partition = &b[n - 3..n - 1];
    let valid_partition = match partition {
        b"00" | b"01" | b"02" => true,
        // Long format: item id (at least one digit) + namespace (7) + partition + check.
        b"10" | b"11" | b"12" => n >= 11,
        _ => false,
    };
    valid_partition && verhoeff_valid(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IBAN examples as published in the IBAN registry and bank documentation (the German
    /// one is the usual `DE89 3704 0044 0532 0130 00`), with changed check digits,
    /// transpositions and look-alikes.
    #[test]
    fn iban_table() {
        let valid = [
            "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            "de89370400440532013000",
            "GB82 WEST 1234 5698 7654 32",
            "AT61 1904 3002 3457 3201",
            "CH93 0076 2011 6238 5295 7",
            "NL91 ABNA 0417 1643 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "BE68 5390 0754 7034",
            "ES91 2100 0418 4502 0005 1332",
            "IT60 X054 2811 1010 0000 0123 456",
            "PL61 1090 1014 0000 0712 1981 2874",
            "NO93 8601 1117 947",
            "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
        ];
        for v in valid {
            assert!(is_valid_iban(v), "{v} should be valid");
        }
        let invalid = [
            // check digits changed
            "DE88 3704 0044 0532 0130 00",
            // one digit of the account changed
            "DE89 3704 0044 0532 0130 01",
            // transposed digits
            "DE89 3704 0044 0532 0103 00",
            // wrong length for DE
            "DE89 3704 0044 0532 0130 0",
            // unknown country
            "XX89 3704 0044 0532 0130 00",
            // look-alikes: account number, BIC, invoice reference
            "0532013000",
            "COBADEFFXXX",
            "RE-2024-000123",
            "DE89-3704-0044-0532-0130-00",
            "",
        ];
        for v in invalid {
            assert!(!is_valid_iban(v), "{v} should be invalid");
        }
        assert_eq!(iban_length("DE"), Some(22));
        assert_eq!(iban_length("ZZ"), None);
    }

    /// KVNR: valid values computed by hand with the GKV rule. `A123456780`: A → 0,1;
    /// digits 0 1 1 2 3 4 5 6 7 8 weighted 1 2 1 2 … → 0 2 1 4 3 8 5 12→3 7 16→7, sum 40,
    /// check 0. `Z234567896`: Z → 2,6; 2 6 2 3 4 5 6 7 8 9 → 2 12→3 2 6 4 10→1 6 14→5 8
    /// 18→9, sum 46, check 6. `M000000007`: M → 1,3 → 1 + 6 = 7. The fixture values `Z234567890` / `A999999999` of the MII
    /// examples are invented and fail the check.
    #[test]
    fn kvnr_table() {
        for v in ["A123456780", "Z234567896", "M000000007"] {
            assert!(is_valid_kvnr(v), "{v}");
        }
        assert_eq!(kvnr_check_digit(b'M', b"00000000"), Some(7));
        for v in [
            "A123456781",
            "Z234567890",
            "A999999999",
            "a123456780",
            "A12345678",
            "A1234567800",
            "1123456780",
            "AB23456780",
            "Ä123456780",
        ] {
            assert!(!is_valid_kvnr(v), "{v}");
        }
    }

    /// Steuer-ID: the valid values were made here: ten digits in which exactly one digit
    /// repeats, then the check digit by the MOD 11,10 steps (product = 10; for each digit
    /// sum = (digit + product) mod 10, 0 counts as 10, product = 2·sum mod 11; check =
    /// 11 − product, 10 becomes 0). `65929970489` has its 9 three times, never three in a
    /// row. `12345678903` passes the check digit but repeats no digit.
    #[test]
    fn steuer_id_table() {
        for v in [
            "86095742719",
            "47036892816",
            "65929970489",
            "57549285017",
            "25768131411",
        ] {
            assert!(is_valid_steuer_id(v), "{v}");
        }
        assert!(is_valid_steuer_id("86 095 742 719"));
        for v in [
            // check digit changed
            "86095742718",
            // leading zero
            "06095742719",
            // all ten digits distinct (no repetition) with its own valid check digit
            "12345678903",
            // a digit three times in a row
            "11123456780",
            // two digits repeated
            "11223456789",
            // too short / too long / letters
            "8609574271",
            "860957427190",
            "8609574271X",
        ] {
            assert!(!is_valid_steuer_id(v), "{v}");
        }
        // "12345678903" really has a matching check digit, so only the digit rule
        // rejects it.
        assert_eq!(iso7064_mod11_10(b"1234567890"), 3);
        assert!(!steuer_id_digits_plausible(b"1234567890"));
        assert!(steuer_id_digits_plausible(b"1123456789"));
        assert!(steuer_id_digits_plausible(b"1121345678"));
        assert!(!steuer_id_digits_plausible(b"1112345678"));
    }

    /// VAT ids: the German values carry a check digit computed here with MOD 11,10 over
    /// the first eight digits (steps as for the Steuer-ID); the other countries' values
    /// are made to their published formats.
    #[test]
    fn vat_id_table() {
        for v in [
            "DE136695976",
            "DE 136 695 976",
            "DE811569869",
            "ATU12345678",
            "BE0123456789",
            "FR40303265045",
            "NL123456789B01",
            "IT12345678901",
            "ESX1234567Y",
            "CHE-123.456.789 MWST",
            "PL1234567890",
            "SE123456789701",
        ] {
            assert!(is_valid_vat_id(v), "{v}");
        }
        for v in [
            "DE136695977",
            "DE036695976",
            "DE13669597",
            "ATU1234567",
            "NL123456789X01",
            "XX123456789",
            "136695976",
            "USt-Id fehlt",
            "SE123456789702",
        ] {
            assert!(!is_valid_vat_id(v), "{v}");
        }
    }

    /// PZN: `27580899` is the worked example of public PZN descriptions (weighted sum
    /// 2·1 + 7·2 + 5·3 + 8·4 + 0·5 + 8·6 + 9·7 = 174, and 174 mod 11 = 9). As PZN-7,
    /// `2758089` needs 2·2 + 7·3 + 5·4 + 8·5 + 0·6 + 8·7 = 141, also 9 mod 11: the same
    /// check digit, since PZN-7 is PZN-8 with a leading zero.
    #[test]
    fn pzn_table() {
        for v in [
            "27580899",
            "PZN-27580899",
            "PZN 27580899",
            "pzn:27580899",
            "2758089",
            "PZN-2758089",
        ] {
            assert!(is_valid_pzn(v), "{v}");
        }
        assert_eq!(pzn_check_digit(b"2758089"), Some(9));
        // 3·1 + 1·7 = 10: remainder 10, never issued, whatever the eighth digit.
        assert_eq!(pzn_check_digit(b"3000001"), None);
        for v in [
            "27580898",
            "30000010",
            "3000001",
            "2758089X",
            "275808990",
            "PZN-",
            "",
        ] {
            assert!(!is_valid_pzn(v), "{v}");
        }
    }

    /// LOINC: codes from the LOINC table (glucose 2345-7, hemoglobin 718-7, HbA1c
    /// 4548-4, creatinine 2160-0, systolic BP 8480-6, body weight 29463-7, body height
    /// 8302-2) and LOINC's documented worked example 12345-5.
    #[test]
    fn loinc_table() {
        for v in [
            "2345-7", "718-7", "4548-4", "2160-0", "8480-6", "29463-7", "8302-2", "12345-5",
        ] {
            assert!(is_valid_loinc(v), "{v}");
        }
        for v in [
            "2345-8", "718-0", "12345-6", "2345", "2345-", "-7", "23-45-7", "2024-12", "A345-7",
        ] {
            assert!(!is_valid_loinc(v), "{v}");
        }
    }

    /// SNOMED CT: concept ids of the international release (myocardial infarction
    /// 22298006, diabetes mellitus 73211009, hypertensive disorder 38341003, clinical
    /// finding 404684003, root 138875005, the international core module
    /// 900000000000207008) and a long-format id made here: item 1, namespace 1000000,
    /// partition 10 → `1100000010` + Verhoeff check digit.
    #[test]
    fn snomed_table() {
        let long = {
            let mut s = b"1100000010".to_vec();
            s.push(b'0' + verhoeff_check_digit(&s));
            String::from_utf8(s).unwrap()
        };
        for v in [
            "22298006",
            "73211009",
            "38341003",
            "404684003",
            "138875005",
            "900000000000207008",
            long.as_str(),
        ] {
            assert!(is_valid_snomed_ct(v), "{v}");
        }
        // Wikipedia's Verhoeff example: 236 → check digit 3.
        assert_eq!(verhoeff_check_digit(b"236"), 3);
        assert!(verhoeff_valid(b"2363"));
        for v in [
            // check digit changed
            "22298007",
            // partition 03 (not a valid partition)
            "22298036",
            // long format too short for a namespace
            "12345104",
            // leading zero, too short, too long, letters
            "022298006",
            "12004",
            "1234567890123456789",
            "2229800X",
        ] {
            assert!(!is_valid_snomed_ct(v), "{v}");
        }
    }
}
