//! HL7 CDA documents: code systems, clinical statements, the patient in
//! `recordTarget`, record dates.
//!
//! The document is streamed once. Every `codeSystem` OID (or, for OIDs not in the
//! list, the accompanying `codeSystemName`) names a code system; the clinical
//! statements in entries are counted by kind (`observation`, `substanceAdministration`
//! …); inside `recordTarget/patientRole` the filled person fields are noted (`name`,
//! `birth_date`, `address`, `identifier`, `insurance_number`, `phone`, `email`) —
//! never their values; `effectiveTime` values outside the patient give the record
//! dates.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};

use super::xml::{attribute, local_name, reader};
use super::{Context, Count, DateRange, HealthSummary};
use crate::detect::code_system::{code_system_for_name, code_system_for_oid};
use crate::scan::Issue;

/// Clinical statement elements counted in entries.
const STATEMENTS: &[&str] = &[
    "observation",
    "procedure",
    "substanceAdministration",
    "supply",
    "encounter",
    "act",
    "organizer",
    "observationMedia",
    "regionOfInterest",
];

/// The OID of the German statutory health insurance number (KVNR).
const KVNR_OIDS: &[&str] = &["1.2.276.0.76.4.8", "1.2.276.0.76.4.1"];

fn date_of(value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?;
    (day <= today).then_some(day)
}

/// Profiles a CDA document.
pub(crate) fn read(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let mut xml = reader(file, cx);
    let today = cx.today();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut systems: BTreeSet<&'static str> = BTreeSet::new();
    let mut statements: BTreeMap<String, u64> = BTreeMap::new();
    let mut person_fields: BTreeSet<&'static str> = BTreeSet::new();
    let mut dates: Option<(NaiveDate, NaiveDate)> = None;
    let mut charset = None;
    let mut sections = 0u64;
    let result = loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                break Err(Issue::with(
                    "xml_malformed",
                    format!(
                        "{}: {}",
                        xml.buffer_position(),
                        super::scrub(&e.to_string())
                    ),
                ));
            }
        };
        if let Err(issue) = cx.check() {
            break Err(issue);
        }
        match &event {
            Event::Decl(d) => {
                charset = d.encoding().and_then(Result::ok).map(|e| e.into_owned());
            }
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local_name(e);
                let in_patient = path.iter().any(|p| p == "patientRole");
                if let Some(oid) = attribute(e, "codeSystem")
                    && let Some(s) = code_system_for_oid(&oid).or_else(|| {
                        attribute(e, "codeSystemName").and_then(|n| code_system_for_name(&n))
                    })
                {
                    systems.insert(s);
                }
                if path.last().is_some_and(|p| p == "entry") && STATEMENTS.contains(&name.as_str())
                {
                    *statements.entry(name.clone()).or_default() += 1;
                }
                if name == "section" {
                    sections += 1;
                }
                if in_patient {
                    patient_field(&name, e, &path, &mut person_fields);
                } else if matches!(name.as_str(), "effectiveTime" | "low" | "high" | "time")
                    && let Some(v) = attribute(e, "value")
                    && let Some(day) = date_of(&v, today)
                {
                    dates = Some(match dates {
                        None => (day, day),
                        Some((a, b)) => (a.min(day), b.max(day)),
                    });
                }
                if !empty {
                    path.push(name);
                }
            }
            Event::Text(t) if path.iter().any(|p| p == "patientRole") => {
                let text = t.xml10_content();
                if !text.trim().is_empty()
                    && let Some(field) = match path.last().map(String::as_str) {
                        Some("given" | "family" | "prefix" | "suffix") => Some("name"),
                        Some(
                            "streetAddressLine" | "streetName" | "houseNumber" | "city"
                            | "postalCode",
                        ) => Some("address"),
                        _ => None,
                    }
                {
                    person_fields.insert(field);
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break Ok(()),
            _ => {}
        }
    };
    for s in &systems {
        cx.add_code_system(s);
    }
    let mut contents: Vec<Count> = statements
        .into_iter()
        .map(|(label, count)| Count { label, count })
        .collect();
    if sections > 0 {
        contents.push(Count {
            label: "section".to_owned(),
            count: sections,
        });
    }
    contents.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let personal = person_fields.iter().any(|f| *f != "gender");
    cx.set_health(
        HealthSummary {
            standard: "HL7 CDA R2".to_owned(),
            contents,
            person_fields: person_fields.iter().map(|f| (*f).to_owned()).collect(),
            de_identified: None,
            dates: dates.map(|(lo, hi)| DateRange {
                min: lo.to_string(),
                max: hi.to_string(),
            }),
            charset,
        },
        personal,
    );
    result
}

/// Notes which field of the patient an element inside `patientRole` fills.
fn patient_field(
    name: &str,
    e: &BytesStart<'_>,
    path: &[String],
    fields: &mut BTreeSet<&'static str>,
) {
    let parent = path.last().map(String::as_str);
    match name {
        "id" if parent == Some("patientRole") => {
            let root = attribute(e, "root").unwrap_or_default();
            let filled = attribute(e, "extension").is_some_and(|x| !x.trim().is_empty());
            if filled {
                fields.insert(if KVNR_OIDS.contains(&root.as_str()) {
                    "insurance_number"
                } else {
                    "identifier"
                });
            }
        }
        "telecom" => {
            if let Some(v) = attribute(e, "value") {
                fields.insert(if v.starts_with("mailto:") {
                    "email"
                } else {
                    "phone"
                });
            }
        }
        "birthTime" => {
            if let Some(v) = attribute(e, "value") {
                fields.insert(if v.trim().len() >= 8 {
                    "birth_date"
                } else {
                    "birth_year"
                });
            }
        }
        "administrativeGenderCode" if attribute(e, "code").is_some() => {
            fields.insert("gender");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    #[test]
    fn cda_codes_patient_and_dates() {
        let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
 <code code="34133-9" codeSystem="2.16.840.1.113883.6.1"/>
 <effectiveTime value="20240105120000+0100"/>
 <recordTarget><patientRole>
  <id root="1.2.276.0.76.4.8" extension="A123456780"/>
  <addr><streetAddressLine>Hauptstraße 1</streetAddressLine><city>Köln</city></addr>
  <telecom value="tel:+49-221-1234567"/>
  <patient><name><given>Max</given><family>Muster</family></name>
   <administrativeGenderCode code="M" codeSystem="2.16.840.1.113883.5.1"/>
   <birthTime value="19800203"/></patient>
 </patientRole></recordTarget>
 <component><structuredBody><component><section>
  <entry><observation><code code="E11.9" codeSystem="1.2.276.0.76.5.999" codeSystemName="ICD-10-GM 2024"/>
   <effectiveTime><low value="20231101"/></effectiveTime></observation></entry>
  <entry><substanceAdministration><consumable><manufacturedProduct><manufacturedMaterial>
   <code code="A10BA02" codeSystem="2.16.840.1.113883.6.73"/></manufacturedMaterial></manufacturedProduct></consumable>
  </substanceAdministration></entry>
 </section></component></structuredBody></component>
</ClinicalDocument>"#;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("arztbrief.xml");
        std::fs::write(&path, doc).unwrap();
        let request = ProfileRequest::new(
            Format::Cda,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        let p = profile_file(&path, &request).unwrap().profile;
        assert_eq!(p.code_systems, ["ATC", "ICD-10-GM", "LOINC"]);
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.standard, "HL7 CDA R2");
        for f in [
            "name",
            "birth_date",
            "address",
            "insurance_number",
            "phone",
            "gender",
        ] {
            assert!(
                h.person_fields.iter().any(|x| x == f),
                "{f}: {:?}",
                h.person_fields
            );
        }
        assert!(p.personal_data && p.special_category);
        assert_eq!(p.temporal.as_ref().unwrap().min, "2023-11-01");
        assert_eq!(p.temporal.as_ref().unwrap().max, "2024-01-05");
        assert!(h.contents.iter().any(|c| c.label == "observation"));
    }
}
