//! Units of a column read from its header: `Kosten_EUR`, `Gewicht (kg)`,
//! `Temperatur [°C]`, `Spannung in V`, `temperatur_c`. Answers are UCUM codes where
//! UCUM has one (`Cel`, `%`, `mmol/L`) and ISO 4217 codes for currencies.

use crate::detect::pattern;

/// Unit words and symbols (lower case) and their codes. Single letters count only at
/// the end of a lower-case snake_case header (`spannung_v`), where they are units.
const UNITS: &[(&str, &str)] = &[
    ("eur", "EUR"),
    ("€", "EUR"),
    ("euro", "EUR"),
    ("teur", "kEUR"),
    ("usd", "USD"),
    ("$", "USD"),
    ("chf", "CHF"),
    ("%", "%"),
    ("pct", "%"),
    ("prozent", "%"),
    ("percent", "%"),
    ("°c", "Cel"),
    ("degc", "Cel"),
    ("celsius", "Cel"),
    ("grad", "Cel"),
    ("°f", "[degF]"),
    ("kelvin", "K"),
    ("volt", "V"),
    ("mv", "mV"),
    ("kv", "kV"),
    ("ma", "mA"),
    ("ampere", "A"),
    ("watt", "W"),
    ("kw", "kW"),
    ("mw", "MW"),
    ("kwh", "kW.h"),
    ("wh", "W.h"),
    ("hz", "Hz"),
    ("khz", "kHz"),
    ("mhz", "MHz"),
    ("mm", "mm"),
    ("cm", "cm"),
    ("km", "km"),
    ("µm", "um"),
    ("um", "um"),
    ("mg", "mg"),
    ("kg", "kg"),
    ("ml", "mL"),
    ("sek", "s"),
    ("sec", "s"),
    ("ms", "ms"),
    ("min", "min"),
    ("minuten", "min"),
    ("std", "h"),
    ("stunden", "h"),
    ("hours", "h"),
    ("tage", "d"),
    ("days", "d"),
    ("monate", "mo"),
    ("months", "mo"),
    ("jahre", "a"),
    ("years", "a"),
    ("bar", "bar"),
    ("mbar", "mbar"),
    ("pa", "Pa"),
    ("hpa", "hPa"),
    ("kpa", "kPa"),
    ("rpm", "/min"),
    ("upm", "/min"),
    ("u/min", "/min"),
    ("ppm", "[ppm]"),
    ("bpm", "/min"),
];

/// Single-letter units, only at the end of a snake_case header.
const LETTER_UNITS: &[(&str, &str)] = &[
    ("c", "Cel"),
    ("k", "K"),
    ("v", "V"),
    ("a", "A"),
    ("w", "W"),
    ("g", "g"),
    ("l", "L"),
    ("m", "m"),
    ("s", "s"),
    ("h", "h"),
    ("t", "t"),
];

fn lookup(token: &str) -> Option<&'static str> {
    let lower = token.trim().to_lowercase();
    UNITS
        .iter()
        .find(|(k, _)| *k == lower)
        .map(|&(_, code)| code)
}

/// The unit a header names, if any.
pub(crate) fn from_header(header: &str) -> Option<String> {
    let h = header.trim();
    // `Gewicht (kg)`, `Temperatur [°C]`, `Preis (€)`, `Glukose (mg/dL)`.
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let Some(inner) = h
            .strip_suffix(close)
            .and_then(|rest| rest.rsplit_once(open))
        {
            let token = inner.1.trim();
            if let Some(code) = lookup(token) {
                return Some(code.to_owned());
            }
            if token.len() <= 12
                && pattern::ucum_unit(token).is_some_and(|u| u.distinctive || token.len() > 1)
            {
                return Some(token.to_owned());
            }
        }
    }
    // `Gewicht in kg`.
    if let Some((_, token)) = h.rsplit_once(" in ")
        && let Some(code) = lookup(token)
    {
        return Some(code.to_owned());
    }
    // `Kosten_EUR`, `Preis €`, `temperatur_c`.
    let (rest, token) = h.rsplit_once(['_', ' ', '-'])?;
    if rest.is_empty() {
        return None;
    }
    if let Some(code) = lookup(token) {
        return Some(code.to_owned());
    }
    let snake = h.contains('_') && !h.chars().any(|c| c.is_uppercase() || c == ' ');
    if snake && token.len() == 1 {
        return LETTER_UNITS
            .iter()
            .find(|(k, _)| *k == token)
            .map(|&(_, code)| code.to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_from_headers() {
        let cases = [
            ("Kosten_EUR", Some("EUR")),
            ("Anschaffungswert_EUR", Some("EUR")),
            ("temperatur_c", Some("Cel")),
            ("luftfeuchte_pct", Some("%")),
            ("spannung_v", Some("V")),
            ("stromaufnahme_a", Some("A")),
            ("Gewicht (kg)", Some("kg")),
            ("Glukose (mg/dL)", Some("mg/dL")),
            ("Temperatur [°C]", Some("Cel")),
            ("Preis (€)", Some("EUR")),
            ("Dauer in min", Some("min")),
            ("Intervall_Monate", Some("mo")),
            ("Spalte_A", None),
            ("Menge", None),
            ("Kunden-Nr", None),
            ("Q1 2024", None),
        ];
        for (header, unit) in cases {
            assert_eq!(from_header(header).as_deref(), unit, "{header}");
        }
    }
}
