//! Code-system names for the identifiers that health-standard files use: FHIR
//! `coding.system` URIs, CDA/HL7 v3 OIDs, HL7 v2 coding-system names (table 0396) and
//! free-text names such as CDA's `codeSystemName`.
//!
//! The answers are the catalogue's closed vocabulary (DESIGN §4): `ICD-10-GM`, `OPS`,
//! `LOINC`, `SNOMED CT`, `ATC`, `PZN`, `UCUM`, `OMOP`. Systems outside it (RxNorm, CPT,
//! ICD-9, ICD-10-PCS, local codes) give `None`.
//!
//! **ICD-10 variants.** The WHO ICD-10 and its national modifications (ICD-10-CM in the
//! USA, ICD-10-GM in Germany) share the three- and most four-character codes, and the
//! catalogue has one diagnosis code system. So WHO ICD-10 and ICD-10-CM identifiers map
//! to `ICD-10-GM`, the family name the catalogue uses: what matters for the rights and
//! interoperability scores is that a file holds coded diagnoses. ICD-10-PCS (US
//! procedures) is not OPS and is not mapped.
//!
//! **SNOMED and ATC in HL7 v2.** Table 0396 names SNOMED CT `SCT`; the older `SNM`/
//! `SNM3` (SNOMED II/International) are mapped to `SNOMED CT` too, because senders use
//! them for SNOMED CT codes in practice. WHO ATC is `WC` in table 0396, where `ATC`
//! officially stands for the American Type Culture Collection; German senders use `ATC`
//! for the drug classification, and culture-collection references are rare in clinical
//! messages, so `ATC` maps to `ATC` as well.
//!
//! [`identifier_kind`] says which personal kind a FHIR or HL7 v2 identifier is, from its
//! system URI or type code.
//!
//! **German OIDs.** BfArM issues one OID per ICD-10-GM and OPS version under
//! `1.2.276.0.76.5`; only versions checked against a published source are listed. For
//! others, readers should fall back to the accompanying name
//! ([`code_system_for_name`]), which CDA documents carry in `codeSystemName`.

use super::DetectionKind;

/// FHIR canonical URIs (lower case, `http`, no trailing slash) and their systems.
const URIS: &[(&str, &str)] = &[
    ("http://fhir.de/codesystem/bfarm/icd-10-gm", "ICD-10-GM"),
    ("http://fhir.de/codesystem/dimdi/icd-10-gm", "ICD-10-GM"),
    ("http://hl7.org/fhir/sid/icd-10-gm", "ICD-10-GM"),
    ("http://hl7.org/fhir/sid/icd-10-de", "ICD-10-GM"),
    ("http://hl7.org/fhir/sid/icd-10", "ICD-10-GM"),
    ("http://hl7.org/fhir/sid/icd-10-cm", "ICD-10-GM"),
    ("http://fhir.de/codesystem/bfarm/ops", "OPS"),
    ("http://fhir.de/codesystem/dimdi/ops", "OPS"),
    ("http://loinc.org", "LOINC"),
    ("http://snomed.info/sct", "SNOMED CT"),
    ("http://www.whocc.no/atc", "ATC"),
    ("http://fhir.de/codesystem/bfarm/atc", "ATC"),
    ("http://fhir.de/codesystem/dimdi/atc", "ATC"),
    ("http://unitsofmeasure.org", "UCUM"),
    ("http://fhir.de/codesystem/ifa/pzn", "PZN"),
];

/// OIDs (CDA `codeSystem`, FHIR `urn:oid:`) and their systems.
const OIDS: &[(&str, &str)] = &[
    ("2.16.840.1.113883.6.1", "LOINC"),
    ("2.16.840.1.113883.6.96", "SNOMED CT"),
    // WHO ICD-10 and ICD-10-CM: the ICD-10 family (module docs).
    ("2.16.840.1.113883.6.3", "ICD-10-GM"),
    ("2.16.840.1.113883.6.90", "ICD-10-GM"),
    ("2.16.840.1.113883.6.8", "UCUM"),
    ("2.16.840.1.113883.6.73", "ATC"),
    // IFA Pharmazentralnummer.
    ("1.2.276.0.76.4.6", "PZN"),
    // BfArM (formerly DIMDI) ICD-10-GM versions 2006, 2009, 2012, 2014.
    ("1.2.276.0.76.5.311", "ICD-10-GM"),
    ("1.2.276.0.76.5.356", "ICD-10-GM"),
    ("1.2.276.0.76.5.409", "ICD-10-GM"),
    ("1.2.276.0.76.5.417", "ICD-10-GM"),
];

/// The code system of a FHIR `coding.system` URI or an OID (bare, as in CDA's
/// `codeSystem` attribute, or as `urn:oid:`). Scheme and host are compared without case,
/// `https` equals `http`, a trailing slash and a `|version` suffix are ignored, and
/// SNOMED CT edition URIs (`http://snomed.info/sct/900000000000207008/version/…`)
/// count as SNOMED CT.
pub fn code_system_for_uri(uri: &str) -> Option<&'static str> {
    let uri = uri.trim();
    let uri = uri.split('|').next().unwrap_or(uri);
    let lower = uri.to_ascii_lowercase();
    if let Some(oid) = lower.strip_prefix("urn:oid:") {
        return code_system_for_oid(oid);
    }
    if lower.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return code_system_for_oid(&lower);
    }
    let lower = match lower.strip_prefix("https://") {
        Some(rest) => format!("http://{rest}"),
        None => lower,
    };
    let lower = lower.trim_end_matches('/');
    if let Some(&(_, system)) = URIS.iter().find(|(u, _)| *u == lower) {
        return Some(system);
    }
    if lower.starts_with("http://snomed.info/sct/") || lower.starts_with("http://snomed.info/id/") {
        return Some("SNOMED CT");
    }
    None
}

/// The code system of an OID, if it is one of the listed ones.
pub fn code_system_for_oid(oid: &str) -> Option<&'static str> {
    let oid = oid.trim();
    OIDS.iter().find(|(o, _)| *o == oid).map(|&(_, s)| s)
}

/// The code system of an HL7 v2 coding-system name (table 0396, e.g. in CWE.3 of OBX-3
/// or DG1-3): `LN`, `SCT`, `SNM`, `I10`, `I10C`, `I10G2006`, `ICD10GM2012`, `O301`,
/// `OPS2012`, `WC`, `ATC`, `UCUM`, plus the local names German senders use (`I10GM`,
/// `OPS`, `PZN`) and anything [`code_system_for_name`] knows.
pub fn code_system_for_hl7(name: &str) -> Option<&'static str> {
    let upper = name.trim().to_ascii_uppercase();
    let system = match upper.as_str() {
        "LN" => "LOINC",
        "SCT" | "SCT2" | "SNM" | "SNM3" | "SNT" => "SNOMED CT",
        "I10" | "I10C" | "I10GM" => "ICD-10-GM",
        "WC" | "ATC" => "ATC",
        "UCUM" => "UCUM",
        "I10P" | "I9" | "I9C" | "I9CDX" | "I9CP" => return None,
        u if u.starts_with("I10G") => "ICD-10-GM",
        u if u.starts_with("O301") => "OPS",
        _ => return code_system_for_name(name),
    };
    Some(system)
}

/// The code system of a free-text name (CDA `codeSystemName`, a column header, a
/// configuration value): `LOINC`, `SNOMED CT`, `SNOMED-CT`, `ICD-10-GM 2014`, `ICD10`,
/// `OPS 2014`, `OPS-301`, `ATC`, `WHO-ATC`, `UCUM`, `PZN`, `OMOP`. Case, spaces,
/// hyphens, dots and underscores are ignored; a version may follow the name.
pub fn code_system_for_name(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '/'))
        .flat_map(char::to_uppercase)
        .collect();
    let versioned = |prefix: &str| {
        key.strip_prefix(prefix)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
    };
    if versioned("ICD10GM") || versioned("ICD10") || versioned("ICD10WHO") || versioned("ICD10CM") {
        Some("ICD-10-GM")
    } else if versioned("OPS") || versioned("OPS301") {
        Some("OPS")
    } else if key == "LOINC" {
        Some("LOINC")
    } else if versioned("SNOMEDCT") || key == "SNOMED" {
        Some("SNOMED CT")
    } else if versioned("ATC") || versioned("WHOATC") || versioned("ATCGM") || key == "ATCDDD" {
        Some("ATC")
    } else if key == "UCUM" {
        Some("UCUM")
    } else if key == "PZN" || key == "PHARMAZENTRALNUMMER" {
        Some("PZN")
    } else if key == "OMOP" || key == "OMOPCDM" {
        Some("OMOP")
    } else {
        None
    }
}

/// The kind of a person identifier in FHIR (`Identifier.system`, `Identifier.type`) or
/// HL7 v2 (CX.5 identifier type): a KVNR (`http://fhir.de/sid/gkv/kvid-10`, type
/// `KVZ10`/`GKV`/`PKV`), a patient or case number (types `MR`, `PI`, `PT`, `AN`, `VN`,
/// `PN`), a pseudonym (a system naming one), a tax id (type `TAX`). Institution codes
/// (IKNR, BSNR) identify no person and give `None`. Readers use this where the value
/// itself proves nothing: example KVNRs in test data often fail the check digit.
pub fn identifier_kind(system: Option<&str>, type_code: Option<&str>) -> Option<DetectionKind> {
    if let Some(system) = system {
        let s = system.trim().to_ascii_lowercase();
        if s.ends_with("/sid/gkv/kvid-10") || s.ends_with("/sid/pkv/kvid-10") {
            return Some(DetectionKind::Kvnr);
        }
        if s.contains("pseudonym") {
            return Some(DetectionKind::PatientId);
        }
    }
    match type_code.map(|c| c.trim().to_ascii_uppercase()).as_deref() {
        Some("KVZ10" | "GKV" | "PKV") => Some(DetectionKind::Kvnr),
        Some("MR" | "PI" | "PT" | "AN" | "VN" | "PN" | "PSEUDED") => Some(DetectionKind::PatientId),
        Some("TAX") => Some(DetectionKind::SteuerId),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fhir_uris() {
        let cases = [
            (
                "http://fhir.de/CodeSystem/bfarm/icd-10-gm",
                Some("ICD-10-GM"),
            ),
            (
                "http://fhir.de/CodeSystem/dimdi/icd-10-gm",
                Some("ICD-10-GM"),
            ),
            ("http://hl7.org/fhir/sid/icd-10", Some("ICD-10-GM")),
            ("http://hl7.org/fhir/sid/icd-10-cm", Some("ICD-10-GM")),
            ("http://fhir.de/CodeSystem/bfarm/ops", Some("OPS")),
            ("http://fhir.de/CodeSystem/dimdi/ops", Some("OPS")),
            ("http://loinc.org", Some("LOINC")),
            ("https://loinc.org/", Some("LOINC")),
            ("http://loinc.org|2.77", Some("LOINC")),
            ("http://snomed.info/sct", Some("SNOMED CT")),
            (
                "http://snomed.info/sct/900000000000207008/version/20240101",
                Some("SNOMED CT"),
            ),
            ("http://www.whocc.no/atc", Some("ATC")),
            ("http://fhir.de/CodeSystem/bfarm/atc", Some("ATC")),
            ("http://fhir.de/CodeSystem/dimdi/atc", Some("ATC")),
            ("http://unitsofmeasure.org", Some("UCUM")),
            ("http://fhir.de/CodeSystem/ifa/pzn", Some("PZN")),
            ("urn:oid:2.16.840.1.113883.6.1", Some("LOINC")),
            ("2.16.840.1.113883.6.96", Some("SNOMED CT")),
            ("2.16.840.1.113883.6.3", Some("ICD-10-GM")),
            ("2.16.840.1.113883.6.90", Some("ICD-10-GM")),
            ("2.16.840.1.113883.6.8", Some("UCUM")),
            ("2.16.840.1.113883.6.73", Some("ATC")),
            ("urn:oid:1.2.276.0.76.4.6", Some("PZN")),
            ("1.2.276.0.76.5.409", Some("ICD-10-GM")),
            // Not in the vocabulary.
            ("http://www.nlm.nih.gov/research/umls/rxnorm", None),
            ("http://terminology.hl7.org/CodeSystem/v2-0203", None),
            ("http://fhir.de/CodeSystem/bfarm/alpha-id", None),
            ("2.16.840.1.113883.6.88", None),
            ("2.16.840.1.113883.6.4", None),
            ("http://loinc.org.evil.example", None),
            ("", None),
        ];
        for (uri, expected) in cases {
            assert_eq!(code_system_for_uri(uri), expected, "{uri}");
        }
    }

    #[test]
    fn hl7_table_0396() {
        let cases = [
            ("LN", Some("LOINC")),
            ("ln", Some("LOINC")),
            ("SCT", Some("SNOMED CT")),
            ("SNM", Some("SNOMED CT")),
            ("SNM3", Some("SNOMED CT")),
            ("I10", Some("ICD-10-GM")),
            ("I10C", Some("ICD-10-GM")),
            ("I10G2006", Some("ICD-10-GM")),
            ("ICD10GM2012", Some("ICD-10-GM")),
            ("I10GM", Some("ICD-10-GM")),
            ("O301", Some("OPS")),
            ("O3012006", Some("OPS")),
            ("OPS2012", Some("OPS")),
            ("OPS", Some("OPS")),
            ("WC", Some("ATC")),
            ("ATC", Some("ATC")),
            ("UCUM", Some("UCUM")),
            ("PZN", Some("PZN")),
            ("I10P", None),
            ("I9C", None),
            ("ISO+", None),
            ("L", None),
            ("99ZZZ", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(code_system_for_hl7(name), expected, "{name}");
        }
    }

    #[test]
    fn free_text_names() {
        let cases = [
            ("LOINC", Some("LOINC")),
            ("SNOMED CT", Some("SNOMED CT")),
            ("SNOMED-CT", Some("SNOMED CT")),
            ("ICD-10-GM 2014", Some("ICD-10-GM")),
            ("icd10gm", Some("ICD-10-GM")),
            ("ICD-10", Some("ICD-10-GM")),
            ("OPS 2014", Some("OPS")),
            ("OPS-301", Some("OPS")),
            ("WHO-ATC", Some("ATC")),
            ("ucum", Some("UCUM")),
            ("OMOP", Some("OMOP")),
            ("Pharmazentralnummer", Some("PZN")),
            ("ICD-9", None),
            ("OPSX", None),
            ("RxNorm", None),
        ];
        for (name, expected) in cases {
            assert_eq!(code_system_for_name(name), expected, "{name}");
        }
    }

    /// Every answer is a name of the catalogue's vocabulary (DESIGN §4).
    #[test]
    fn answers_are_design_names() {
        const DESIGN: [&str; 8] = [
            "ICD-10-GM",
            "OPS",
            "LOINC",
            "SNOMED CT",
            "ATC",
            "PZN",
            "UCUM",
            "OMOP",
        ];
        for (_, s) in URIS.iter().chain(OIDS) {
            assert!(DESIGN.contains(s), "{s}");
        }
        for kind in DetectionKind::ALL {
            if let Some(s) = kind.code_system() {
                assert!(DESIGN.contains(&s));
            }
        }
    }

    #[test]
    fn identifiers() {
        use DetectionKind::*;
        assert_eq!(
            identifier_kind(Some("http://fhir.de/sid/gkv/kvid-10"), None),
            Some(Kvnr)
        );
        assert_eq!(identifier_kind(None, Some("KVZ10")), Some(Kvnr));
        assert_eq!(
            identifier_kind(
                Some("https://www.charite.de/fhir/sid/patienten"),
                Some("MR")
            ),
            Some(PatientId)
        );
        assert_eq!(
            identifier_kind(
                Some("https://www.medizininformatik-initiative.de/fhir/sid/pseudonym"),
                None
            ),
            Some(PatientId)
        );
        assert_eq!(
            identifier_kind(Some("http://fhir.de/sid/arge-ik/iknr"), None),
            None
        );
        assert_eq!(identifier_kind(None, Some("XX")), None);
        assert_eq!(identifier_kind(None, None), None);
    }

    fn collect_systems(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            // A Coding or a Quantity: `system` beside `code` (identifiers and contact
            // points have `value` instead).
            serde_json::Value::Object(map) => {
                if map.contains_key("code")
                    && let Some(system) = map.get("system").and_then(|s| s.as_str())
                {
                    out.push(system.to_owned());
                }
                map.values().for_each(|v| collect_systems(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect_systems(v, out)),
            _ => {}
        }
    }

    fn files_under(dir: &std::path::Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files_under(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }

    /// Every coding and quantity system of the FHIR fixtures (German MII profiles, SMART and
    /// converter samples) maps to the right name, or to none for systems outside the
    /// vocabulary.
    #[test]
    fn fhir_fixture_systems() {
        let Some(shared) = crate::detect::evaluation::shared_fixtures() else {
            return;
        };
        let root = shared.join("fhir");
        let mut files = Vec::new();
        files_under(&root, "json", &mut files);
        assert!(files.len() >= 20, "{} FHIR JSON fixtures", files.len());
        let mut systems = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            if let Ok(json) =
                serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
            {
                collect_systems(&json, &mut systems);
            }
        }
        let mut found: Vec<&str> = systems
            .iter()
            .filter_map(|s| code_system_for_uri(s))
            .collect();
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, ["ICD-10-GM", "LOINC", "OPS", "SNOMED CT", "UCUM"]);
        for s in &systems {
            let expected = match s.as_str() {
                "http://fhir.de/CodeSystem/bfarm/icd-10-gm" | "http://hl7.org/fhir/sid/icd-10" => {
                    Some("ICD-10-GM")
                }
                "http://fhir.de/CodeSystem/bfarm/ops" => Some("OPS"),
                "http://loinc.org" => Some("LOINC"),
                "http://snomed.info/sct" => Some("SNOMED CT"),
                "http://unitsofmeasure.org" => Some("UCUM"),
                _ => None,
            };
            assert_eq!(code_system_for_uri(s), expected, "{s}");
        }
    }

    /// Coding systems of OBX-3 and DG1-3 in the HL7 v2 fixtures, and CDA codeSystem OIDs.
    #[test]
    fn hl7_and_cda_fixture_systems() {
        let Some(root) = crate::detect::evaluation::shared_fixtures() else {
            return;
        };
        let mut files = Vec::new();
        files_under(&root.join("hl7v2"), "hl7", &mut files);
        assert!(!files.is_empty());
        let mut names = Vec::new();
        for file in &files {
            let text =
                String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).into_owned();
            for segment in text.split(['\r', '\n']) {
                let fields: Vec<&str> = segment.split('|').collect();
                if matches!(fields.first(), Some(&"OBX") | Some(&"DG1"))
                    && let Some(field) = fields.get(3)
                    && let Some(system) = field.split('^').nth(2)
                    && !system.is_empty()
                {
                    names.push(system.to_owned());
                }
            }
        }
        for (name, expected) in [
            ("LN", Some("LOINC")),
            ("SCT", Some("SNOMED CT")),
            ("I10", Some("ICD-10-GM")),
            ("I9", None),
        ] {
            assert!(
                names.iter().any(|n| n == name),
                "{name} not in the fixtures"
            );
            assert_eq!(code_system_for_hl7(name), expected);
        }
        let mut cda = Vec::new();
        files_under(&root.join("cda"), "ccda", &mut cda);
        assert!(!cda.is_empty());
        let mut oids = Vec::new();
        for file in &cda {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            for part in text.split("codeSystem=\"").skip(1) {
                oids.push(part.split('"').next().unwrap_or_default().to_owned());
            }
        }
        let mapped: Vec<&str> = oids.iter().filter_map(|o| code_system_for_uri(o)).collect();
        assert!(mapped.contains(&"LOINC") && mapped.contains(&"SNOMED CT"));
        // RxNorm and the HL7 v3 vocabularies stay outside.
        assert_eq!(code_system_for_uri("2.16.840.1.113883.6.88"), None);
        assert_eq!(code_system_for_uri("2.16.840.1.113883.5.83"), None);
    }
}
