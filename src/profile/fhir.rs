//! HL7 FHIR resources (JSON, NDJSON and XML; Bundles and single resources).
//!
//! Each resource is read once, on its own (a Bundle's entries are streamed), for:
//! - its type, counted (`Observation: 36`), and a table per type whose columns are the
//!   element paths (`code.coding.code`, `valueQuantity.value`);
//! - the code systems of every `system` URI (`coding.system`, `valueQuantity.system`),
//!   named by [`code_system_for_uri`];
//! - the person data it carries: which fields of a Patient are filled (`name`,
//!   `birth_date`, `birth_year`, `address`, `insurance_number`, `pseudonym` …) and
//!   whether clinical resources point to a patient (`patient_reference`) — which
//!   fields, never their values;
//! - its record dates (`effectiveDateTime`, `onsetDateTime`, `performedPeriod.start` …).
//!
//! Columns of person resources hold personal data by definition and keep no value;
//! free text and display names of references keep none either (they often hold names).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;

use chrono::NaiveDate;
use quick_xml::events::Event;

use super::column::Policy;
use super::json::{RecordTable, Sink, Value};
use super::xml::{Capture, local_name, reader};
use super::{Context, Count, DateRange, HealthSummary};
use crate::detect::code_system::identifier_kind;
use crate::detect::{DetectionKind, code_system_for_uri};
use crate::scan::Issue;

/// Resource types that describe a person.
const PERSON_RESOURCES: &[&str] = &["Patient", "Person", "RelatedPerson", "Practitioner"];

/// Elements naming the patient a clinical resource is about.
const SUBJECT_ELEMENTS: &[&str] = &["subject", "patient", "beneficiary", "individual"];

/// Elements holding a record date (directly or as a period's start and end); a
/// Bundle's `timestamp` counts too.
const DATE_ELEMENTS: &[&str] = &[
    "effectiveDateTime",
    "effectiveInstant",
    "effectivePeriod",
    "issued",
    "onsetDateTime",
    "onsetPeriod",
    "abatementDateTime",
    "recordedDate",
    "performedDateTime",
    "performedPeriod",
    "authoredOn",
    "occurrenceDateTime",
    "occurrencePeriod",
    "period",
    "date",
    "created",
    "dateAsserted",
    "whenHandedOver",
    "collectedDateTime",
    "started",
];

/// Person fields that identify someone (gender alone does not).
const IDENTIFYING: &[&str] = &[
    "name",
    "birth_date",
    "birth_year",
    "birth_month",
    "address",
    "phone",
    "email",
    "identifier",
    "insurance_number",
    "pseudonym",
    "tax_id",
    "photo",
    "contact_person",
    "patient_reference",
    "practitioner_name",
];

/// Resource types tracked separately (more are counted as `other`).
const MAX_TYPES: usize = 200;

/// Collects what FHIR resources hold.
pub(crate) struct FhirReader {
    tables: Vec<(String, RecordTable)>,
    counts: BTreeMap<String, u64>,
    person_fields: BTreeSet<&'static str>,
    systems: BTreeSet<&'static str>,
    dates: Option<(NaiveDate, NaiveDate)>,
    /// Top-level members of a single resource (a document that is not a Bundle).
    members: Vec<(String, Value)>,
    /// Whether an `entry` array was seen (a Bundle).
    bundle: bool,
}

impl FhirReader {
    pub(crate) fn new() -> FhirReader {
        FhirReader {
            tables: Vec::new(),
            counts: BTreeMap::new(),
            person_fields: BTreeSet::new(),
            systems: BTreeSet::new(),
            dates: None,
            members: Vec::new(),
            bundle: false,
        }
    }

    /// Reads one resource (a nested Bundle is read entry by entry).
    pub(crate) fn resource(&mut self, mut value: Value, cx: &mut Context<'_>) {
        let Some(kind) = value
            .get("resourceType")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return;
        };
        if kind == "Bundle" {
            if let Some(Value::Array(entries)) = value.get("entry").cloned().map(|e| match e {
                Value::Array(_) => e,
                other => Value::Array(vec![other]),
            }) {
                for entry in entries {
                    if let Some(resource) = entry.get("resource").cloned() {
                        self.resource(resource, cx);
                    }
                }
            }
            return;
        }
        let counted = if self.counts.len() < MAX_TYPES || self.counts.contains_key(&kind) {
            kind.clone()
        } else {
            "other".to_owned()
        };
        *self.counts.entry(counted.clone()).or_default() += 1;
        self.walk(&value, cx.today());
        let person = PERSON_RESOURCES.contains(&kind.as_str());
        if person {
            self.person_fields_of(&kind, &value);
        } else if SUBJECT_ELEMENTS
            .iter()
            .any(|e| value.get(e).and_then(|s| s.get("reference")).is_some())
        {
            self.person_fields.insert("patient_reference");
        }
        // The table of this type (narrative and extensions left out).
        if let Value::Object(members) = &mut value {
            members.retain(|(k, _)| !matches!(k.as_str(), "text" | "contained" | "resourceType"));
        }
        let i = match self.tables.iter().position(|(k, _)| *k == counted) {
            Some(i) => i,
            None => {
                let policy = if person {
                    person_policy
                } else {
                    clinical_policy
                };
                self.tables.push((
                    counted.clone(),
                    RecordTable::new(counted, policy, false, skip, 16),
                ));
                self.tables.len() - 1
            }
        };
        self.tables[i].1.push(value, cx);
    }

    /// Code systems and record dates anywhere in a resource.
    fn walk(&mut self, value: &Value, today: NaiveDate) {
        match value {
            Value::Object(members) => {
                if let Some(system) = value.get("system").and_then(Value::as_str)
                    && let Some(name) = code_system_for_uri(system)
                {
                    self.systems.insert(name);
                }
                for (k, v) in members {
                    if DATE_ELEMENTS.contains(&k.as_str()) {
                        match v {
                            Value::String(s) => self.date(s, today),
                            Value::Object(_) => {
                                for part in ["start", "end"] {
                                    if let Some(s) = v.get(part).and_then(Value::as_str) {
                                        self.date(s, today);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    if !matches!(k.as_str(), "text" | "extension" | "modifierExtension") {
                        self.walk(v, today);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.walk(item, today);
                }
            }
            _ => {}
        }
    }

    fn date(&mut self, s: &str, today: NaiveDate) {
        let Some(day) = s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            return;
        };
        if day > today {
            return;
        }
        self.dates = Some(match self.dates {
            None => (day, day),
            Some((a, b)) => (a.min(day), b.max(day)),
        });
    }

    fn person_fields_of(&mut self, kind: &str, r: &Value) {
        let has = |key: &str| r.get(key).is_some_and(|v| !v.items().is_empty());
        if kind == "Practitioner" {
            if has("name") {
                self.person_fields.insert("practitioner_name");
            }
            return;
        }
        if has("name") {
            self.person_fields.insert("name");
        }
        if let Some(birth) = r.get("birthDate").and_then(Value::as_str) {
            self.person_fields.insert(match birth.len() {
                4 => "birth_year",
                7 => "birth_month",
                _ => "birth_date",
            });
        }
        if has("address") {
            self.person_fields.insert("address");
        }
        for t in r.get("telecom").map(Value::items).unwrap_or_default() {
            self.person_fields
                .insert(match t.get("system").and_then(Value::as_str) {
                    Some("email") => "email",
                    _ => "phone",
                });
        }
        for id in r.get("identifier").map(Value::items).unwrap_or_default() {
            let system = id.get("system").and_then(Value::as_str);
            let type_code = id
                .get("type")
                .and_then(|t| t.get("coding"))
                .and_then(|c| c.items().first())
                .and_then(|c| c.get("code"))
                .and_then(Value::as_str);
            let pseudonym = type_code == Some("PSEUDED")
                || system.is_some_and(|s| s.to_ascii_lowercase().contains("pseudonym"));
            self.person_fields
                .insert(match identifier_kind(system, type_code) {
                    _ if pseudonym => "pseudonym",
                    Some(DetectionKind::Kvnr) => "insurance_number",
                    Some(DetectionKind::SteuerId) => "tax_id",
                    _ => "identifier",
                });
        }
        if has("gender") {
            self.person_fields.insert("gender");
        }
        if has("deceasedDateTime") || has("deceasedBoolean") {
            self.person_fields.insert("death");
        }
        if has("photo") {
            self.person_fields.insert("photo");
        }
        if has("contact") {
            self.person_fields.insert("contact_person");
        }
    }

    /// Hands the summary and tables to the file's context.
    pub(crate) fn finish_into(mut self, cx: &mut Context<'_>, standard: &str) {
        if !self.bundle && !self.members.is_empty() {
            let members = std::mem::take(&mut self.members);
            self.resource(Value::Object(members), cx);
        }
        for system in &self.systems {
            cx.add_code_system(system);
        }
        let personal = self.person_fields.iter().any(|f| IDENTIFYING.contains(f));
        let mut contents: Vec<Count> = self
            .counts
            .iter()
            .map(|(label, &count)| Count {
                label: label.clone(),
                count,
            })
            .collect();
        contents.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        let summary = HealthSummary {
            standard: standard.to_owned(),
            contents,
            person_fields: self.person_fields.iter().map(|f| (*f).to_owned()).collect(),
            de_identified: None,
            dates: self.dates.map(|(lo, hi)| DateRange {
                min: lo.to_string(),
                max: hi.to_string(),
            }),
            charset: None,
        };
        cx.set_health(summary, personal);
        for (_, table) in self.tables {
            table.finish(cx);
        }
    }
}

impl Sink for FhirReader {
    fn element(&mut self, key: &str, value: Value, cx: &mut Context<'_>) -> Result<(), Issue> {
        match key {
            "entry" => {
                self.bundle = true;
                if let Some(resource) = value.get("resource") {
                    self.resource(resource.clone(), cx);
                }
            }
            "" => self.resource(value, cx),
            other => match self.members.iter_mut().find(|(k, _)| k == other) {
                Some((_, Value::Array(items))) => items.push(value),
                _ => self
                    .members
                    .push((other.to_owned(), Value::Array(vec![value]))),
            },
        }
        Ok(())
    }

    fn member(&mut self, key: &str, value: Value, cx: &mut Context<'_>) -> Result<(), Issue> {
        // When a Bundle was assembled: the newest point in time its content covers.
        if key == "timestamp"
            && let Some(s) = value.as_str()
        {
            self.date(s, cx.today());
        }
        self.members.push((key.to_owned(), value));
        Ok(())
    }

    fn finish(self: Box<Self>, cx: &mut Context<'_>) {
        self.finish_into(cx, "FHIR");
    }
}

fn skip(key: &str) -> bool {
    matches!(
        key,
        "div" | "extension" | "modifierExtension" | "contained" | "text" | "photo"
    )
}

/// Columns of Patient, Person, RelatedPerson and Practitioner: personal by definition,
/// except codes and technical elements.
fn person_policy(path: &str) -> Policy {
    let last = path.rsplit('.').next().unwrap_or(path);
    if path.starts_with("meta")
        || matches!(
            last,
            "system" | "use" | "code" | "version" | "gender" | "active" | "status"
        )
    {
        return Policy::Detect;
    }
    let kind = if path.starts_with("name.given") {
        DetectionKind::FirstName
    } else if path.starts_with("name.family") {
        DetectionKind::LastName
    } else if path.starts_with("name") {
        DetectionKind::PersonName
    } else if path == "birthDate" {
        DetectionKind::BirthDate
    } else if path == "address.postalCode" {
        DetectionKind::Postcode
    } else if path.starts_with("address") {
        DetectionKind::Address
    } else if path.starts_with("telecom") {
        DetectionKind::Phone
    } else if path == "id" || path.starts_with("identifier") {
        DetectionKind::PatientId
    } else {
        return Policy::Quiet;
    };
    Policy::Personal(kind)
}

/// Columns of clinical (and all other) resources: references to the patient are
/// pseudonymous ids; codes, units, statuses, measurements and dates keep their values;
/// everything else keeps none, because identifiers and names of persons can sit in
/// many elements (`Coverage.subscriberId`, `performer.display`, narrative text).
fn clinical_policy(path: &str) -> Policy {
    let first = path.split('.').next().unwrap_or(path);
    let last = path.rsplit('.').next().unwrap_or(path);
    if last == "reference" {
        return if SUBJECT_ELEMENTS.contains(&first) {
            Policy::Personal(DetectionKind::PatientId)
        } else {
            Policy::Quiet
        };
    }
    if path.starts_with("identifier") {
        return Policy::Quiet;
    }
    let measured = path.contains("Quantity")
        || path.contains("Range")
        || path.contains("referenceRange")
        || path.starts_with("component");
    let safe = matches!(
        last,
        "code"
            | "system"
            | "version"
            | "unit"
            | "status"
            | "intent"
            | "priority"
            | "use"
            | "start"
            | "end"
            | "issued"
            | "authoredOn"
            | "recordedDate"
            | "valueInteger"
            | "valueDecimal"
            | "valueBoolean"
            | "comparator"
            | "gender"
            | "type"
    ) || last.ends_with("DateTime")
        || last.ends_with("Date")
        || last == "date"
        || (last == "value" && measured)
        || path.ends_with("coding.display");
    if safe { Policy::Detect } else { Policy::Quiet }
}

/// Profiles a FHIR XML document: a Bundle's entries or one resource.
pub(crate) fn read_xml(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let mut xml = reader(file, cx);
    let mut fhir = FhirReader::new();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut capture = Capture::new(&["div"]);
    let mut capturing = false;
    let mut charset = None;
    let limit = cx.limits().max_record_bytes as u64 * 8;
    let mut start = 0u64;
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
                // A resource: the root (unless it is a Bundle) or the child of
                // Bundle/entry/resource.
                let at_resource = !capturing
                    && (path.is_empty() && name != "Bundle"
                        || path.len() >= 3
                            && path[path.len() - 1] == "resource"
                            && path[path.len() - 2] == "entry");
                if at_resource {
                    capturing = true;
                    start = xml.buffer_position();
                }
                if capturing {
                    let done = if empty {
                        capture.empty(e)
                    } else {
                        capture.start(e);
                        None
                    };
                    if let Some((kind, value)) = done {
                        capturing = false;
                        fhir.resource(with_type(kind, value), cx);
                    }
                }
                if name == "entry" && path.len() == 1 {
                    fhir.bundle = true;
                }
                if name == "timestamp"
                    && path.len() == 1
                    && let Some(v) = super::xml::attribute(e, "value")
                {
                    fhir.date(&v, cx.today());
                }
                if !empty {
                    path.push(name);
                }
            }
            Event::End(_) => {
                path.pop();
                if capturing && let Some((kind, value)) = capture.end() {
                    capturing = false;
                    fhir.resource(with_type(kind, value), cx);
                }
            }
            Event::Text(t) if capturing => capture.text(&t.xml10_content()),
            Event::Eof => break Ok(()),
            _ => {}
        }
        if capturing && xml.buffer_position() - start > limit {
            break Err(Issue::new("record_too_large"));
        }
    };
    fhir.finish_into(cx, "FHIR");
    if let Some(health) = cx.health.as_mut() {
        health.charset = charset;
    }
    result
}

/// A resource captured from XML, with its type as `resourceType`; XML names nested
/// resources by element (`entry.resource.Patient`), so those are unwrapped too.
fn with_type(kind: String, value: Value) -> Value {
    let mut value = match value {
        Value::Object(_) => value,
        _ => Value::Object(Vec::new()),
    };
    if kind == "Bundle"
        && let Some(Value::Object(_) | Value::Array(_)) = value.get("entry")
    {
        let entries: Vec<Value> = value
            .get("entry")
            .map(Value::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| {
                let resource = entry.get("resource")?;
                let Value::Object(members) = resource else {
                    return None;
                };
                let (kind, inner) = members.first()?;
                Some(Value::Object(vec![(
                    "resource".to_owned(),
                    with_type(kind.clone(), inner.clone()),
                )]))
            })
            .collect();
        value.insert("entry", Value::Array(entries));
    }
    value.insert("resourceType", Value::String(kind));
    // FHIR XML writes the resource type first; keep it first for the table.
    if let Value::Object(members) = &mut value
        && let Some(i) = members.iter().position(|(k, _)| k == "resourceType")
    {
        let rt = members.remove(i);
        members.insert(0, rt);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::super::{FileProfile, ProfileRequest, profile_file};
    use crate::scan::Format;

    fn profile(name: &str, text: &str, format: Format) -> FileProfile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let request = ProfileRequest::new(
            format,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        profile_file(&path, &request).unwrap().profile
    }

    const BUNDLE: &str = r#"{"resourceType":"Bundle","type":"collection","entry":[
      {"resource":{"resourceType":"Patient","id":"p1","name":[{"family":"Muster","given":["Max"]}],
        "birthDate":"1980-02-03","identifier":[{"system":"http://fhir.de/sid/gkv/kvid-10","value":"A123456780"}]}},
      {"resource":{"resourceType":"Observation","status":"final","subject":{"reference":"Patient/p1"},
        "code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
        "valueQuantity":{"value":5.4,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},
        "effectiveDateTime":"2024-10-02T08:00:00+02:00"}},
      {"resource":{"resourceType":"Condition","subject":{"reference":"Patient/p1"},
        "code":{"coding":[{"system":"http://fhir.de/CodeSystem/bfarm/icd-10-gm","code":"E11.9"}]},
        "onsetDateTime":"2023-05-01"}}]}"#;

    #[test]
    fn bundle_resources_codes_persons_and_dates() {
        let p = profile("b.json", BUNDLE, Format::FhirJson);
        let h = p.health.as_ref().unwrap();
        let contents: Vec<(&str, u64)> = h
            .contents
            .iter()
            .map(|c| (c.label.as_str(), c.count))
            .collect();
        assert_eq!(
            contents,
            [("Condition", 1), ("Observation", 1), ("Patient", 1)]
        );
        assert_eq!(p.code_systems, ["ICD-10-GM", "LOINC", "UCUM"]);
        for f in [
            "name",
            "birth_date",
            "insurance_number",
            "patient_reference",
        ] {
            assert!(
                h.person_fields.iter().any(|x| x == f),
                "{f}: {:?}",
                h.person_fields
            );
        }
        assert!(p.personal_data && p.special_category);
        assert_eq!(p.temporal.as_ref().unwrap().min, "2023-05-01");
        assert_eq!(p.temporal.as_ref().unwrap().max, "2024-10-02");
        // Patient columns keep no values; the birth date is masked.
        let patient = p.tables.iter().find(|t| t.name == "Patient").unwrap();
        let birth = patient
            .columns
            .iter()
            .find(|c| c.name == "birthDate")
            .unwrap();
        assert!(birth.personal && birth.min.is_none());
        assert_ne!(birth.example.as_deref(), Some("1980-02-03"));
        let json = serde_json::to_string(&p).unwrap();
        for value in ["Muster", "1980-02-03", "A123456780", "Patient/p1"] {
            assert!(!json.contains(value), "{value} leaked");
        }
    }

    #[test]
    fn xml_bundles_and_single_resources() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
<entry><resource><Patient><id value="p1"/><birthDate value="1981"/>
<identifier><type><coding><code value="PSEUDED"/></coding></type><value value="PSN-1"/></identifier></Patient></resource></entry>
<entry><resource><Procedure><subject><reference value="Patient/p1"/></subject>
<code><coding><system value="http://fhir.de/CodeSystem/bfarm/ops"/><code value="5-470.11"/></coding></code>
<performedDateTime value="2024-09-03"/><text><div xmlns="http://www.w3.org/1999/xhtml">Max Muster</div></text></Procedure></resource></entry>
</Bundle>"#;
        let p = profile("b.xml", xml, Format::FhirXml);
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.contents.len(), 2);
        assert!(h.person_fields.iter().any(|f| f == "birth_year"));
        assert!(h.person_fields.iter().any(|f| f == "pseudonym"));
        assert_eq!(p.code_systems, ["OPS"]);
        assert_eq!(h.charset.as_deref(), Some("UTF-8"));
        assert!(p.personal_data && p.special_category);
        assert!(!serde_json::to_string(&p).unwrap().contains("Max Muster"));
        let single = profile(
            "p.json",
            r#"{"resourceType":"Condition","code":{"coding":[{"system":"http://snomed.info/sct","code":"44054006"}]}}"#,
            Format::FhirJson,
        );
        assert_eq!(single.code_systems, ["SNOMED CT"]);
        assert_eq!(single.health.unwrap().contents[0].label, "Condition");
    }
}
