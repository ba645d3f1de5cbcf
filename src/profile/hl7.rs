//! HL7 version 2 messages: message types, segments, filled patient fields, codes.
//!
//! Segments end at CR, LF or CRLF (a byte-order mark at the start is dropped); the
//! separators come from each MSH. Every segment type becomes a table whose columns
//! are its fields (`PID-5`) or, for composite fields, their components (`OBX-3.1`,
//! `OBX-3.3`); repetitions are further values of the same column. Patient segments
//! (PID, NK1, IN1 names, dates of birth, addresses, insurance numbers) hold personal
//! data by definition and keep no value. Coded fields (OBX-3, OBX-6, OBR-4, DG1-3,
//! PR1-3, RXA-5 …) name their coding system in component 3 (table 0396).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader};

use chrono::NaiveDate;

use super::column::Policy;
use super::json::{RecordTable, Value};
use super::text::{Decoding, utf8_reader};
use super::{Context, Count, DateRange, HealthSummary};
use crate::detect::{DetectionKind, code_system_for_hl7};
use crate::scan::Issue;

/// Fields whose components 3 and 6 name coding systems (segment, field).
const CODED_FIELDS: &[(&str, usize)] = &[
    ("OBX", 3),
    ("OBX", 6),
    ("OBR", 4),
    ("DG1", 3),
    ("PR1", 3),
    ("RXA", 5),
    ("RXE", 2),
    ("RXO", 1),
    ("RXR", 1),
    ("AL1", 3),
    ("PRB", 3),
    ("SPM", 4),
    ("IAM", 3),
];

/// Fields holding record dates (segment, field).
const DATE_FIELDS: &[(&str, usize)] = &[
    ("OBR", 7),
    ("OBR", 22),
    ("OBX", 14),
    ("OBX", 19),
    ("PV1", 44),
    ("EVN", 2),
    ("ORC", 9),
    ("DG1", 5),
    ("PR1", 5),
    ("RXA", 3),
    ("SPM", 17),
];

/// Timestamp fields shown in ISO form in the tables (besides [`DATE_FIELDS`]).
const TIMESTAMP_FIELDS: &[(&str, usize)] = &[("MSH", 7), ("PID", 7), ("PID", 29), ("IN1", 18)];

/// An HL7 timestamp (`YYYYMMDD[HHMM[SS]]`, time zone ignored) in ISO form.
fn iso_timestamp(value: &str) -> Option<String> {
    let digits: &str = value.split(['+', '-', '.']).next()?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()?;
    Some(match digits.len() {
        8 => day.to_string(),
        12 => format!("{day}T{}:{}:00", &digits[8..10], &digits[10..12]),
        n if n >= 14 => format!(
            "{day}T{}:{}:{}",
            &digits[8..10],
            &digits[10..12],
            &digits[12..14]
        ),
        _ => return None,
    })
}

/// Segment types tracked as tables (more are counted only).
const MAX_SEGMENT_TYPES: usize = 64;

/// Fields whose values may be kept (codes, measurements, units, statuses, times of
/// events, facilities): everything else of a message may name or identify a person —
/// HL7 composite types for persons and identifiers (XPN, XCN, CX, XAD, XTN) sit in
/// many segments — and keeps no value.
const VALUE_FIELDS: &[(&str, &[usize])] = &[
    ("MSH", &[3, 4, 5, 6, 7, 9, 10, 11, 12, 15, 16, 17, 18]),
    ("EVN", &[1, 2, 6]),
    ("PID", &[1, 8, 10, 15, 16, 17, 22, 24, 28]),
    ("PV1", &[1, 2, 3, 4, 10, 14, 18, 36, 39, 41, 44, 45]),
    ("IN1", &[1, 2, 3, 4, 12, 13, 15, 17]),
    ("ORC", &[1, 5, 9]),
    ("OBR", &[1, 4, 7, 22, 24, 25]),
    ("OBX", &[1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 19]),
    ("DG1", &[1, 2, 3, 5, 6]),
    ("PR1", &[1, 2, 3, 5]),
    ("AL1", &[1, 2, 3, 4, 5]),
    ("RXA", &[1, 2, 3, 4, 5, 6, 7]),
    ("RXE", &[1, 2, 3, 4, 5]),
    ("RXO", &[1, 2, 3, 4]),
    ("RXR", &[1, 2]),
    ("SPM", &[1, 4, 17]),
    ("TQ1", &[7, 8]),
];

/// The policy of a field: patient fields are personal by definition, a list of
/// fields keeps values, the rest keeps none.
fn policy(path: &str) -> Policy {
    let (segment, rest) = path.split_once('-').unwrap_or((path, ""));
    let (field, component) = match rest.split_once('.') {
        Some((f, c)) => (
            f.parse::<usize>().unwrap_or(0),
            c.parse::<usize>().unwrap_or(0),
        ),
        None => (rest.parse::<usize>().unwrap_or(0), 0),
    };
    use DetectionKind::*;
    let personal = |kind| Policy::Personal(kind);
    match (segment, field) {
        ("PID", 2 | 3 | 4 | 18 | 19 | 20) => personal(PatientId),
        ("PID", 5 | 6 | 9) => personal(PersonName),
        ("PID", 7) => personal(BirthDate),
        ("PID", 11) if component == 5 => personal(Postcode),
        ("PID", 11) => personal(Address),
        ("PID", 13 | 14) => personal(Phone),
        ("PV1", 19 | 50) => personal(PatientId),
        ("IN1", 16) => personal(PersonName),
        ("IN1", 18) => personal(BirthDate),
        ("IN1", 19) => personal(Address),
        ("IN1", 36 | 49) => personal(Kvnr),
        (segment, field)
            if VALUE_FIELDS
                .iter()
                .any(|(s, fields)| *s == segment && fields.contains(&field)) =>
        {
            Policy::Detect
        }
        _ => Policy::Quiet,
    }
}

fn no_skip(_: &str) -> bool {
    false
}

/// What a file of HL7 v2 messages holds.
struct Messages {
    tables: Vec<(String, RecordTable)>,
    message_types: BTreeMap<String, u64>,
    segments_other: u64,
    person_fields: BTreeSet<&'static str>,
    systems: BTreeSet<&'static str>,
    dates: Option<(NaiveDate, NaiveDate)>,
    version: Option<String>,
    charset: Option<String>,
    field: char,
    component: char,
    repetition: char,
}

impl Messages {
    fn new() -> Messages {
        Messages {
            tables: Vec::new(),
            message_types: BTreeMap::new(),
            segments_other: 0,
            person_fields: BTreeSet::new(),
            systems: BTreeSet::new(),
            dates: None,
            version: None,
            charset: None,
            field: '|',
            component: '^',
            repetition: '~',
        }
    }

    fn date(&mut self, value: &str, today: NaiveDate) {
        let Some(day) = value
            .get(..8)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        else {
            return;
        };
        if day <= today {
            self.dates = Some(match self.dates {
                None => (day, day),
                Some((a, b)) => (a.min(day), b.max(day)),
            });
        }
    }

    fn segment(&mut self, line: &str, cx: &mut Context<'_>) {
        let line = line.trim_start_matches('\u{FEFF}');
        if line.len() < 3 {
            return;
        }
        let id: String = line.chars().take(3).collect();
        if !id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return;
        }
        let mut fields: Vec<&str>;
        if id == "MSH" || id == "FHS" || id == "BHS" {
            let mut chars = line[3..].chars();
            self.field = chars.next().unwrap_or('|');
            let encoding: Vec<char> = chars.take(4).collect();
            self.component = encoding.first().copied().unwrap_or('^');
            self.repetition = encoding.get(1).copied().unwrap_or('~');
            // MSH-1 is the separator itself: shift so that fields[n] is MSH-n.
            fields = vec![&line[..3], ""];
            fields.extend(line[3 + self.field.len_utf8()..].split(self.field));
            if id == "MSH" {
                let message_type: String = fields
                    .get(9)
                    .map(|f| {
                        f.split(self.component)
                            .take(2)
                            .collect::<Vec<_>>()
                            .join("^")
                    })
                    .unwrap_or_default();
                let label = if message_type.is_empty() {
                    "?".to_owned()
                } else {
                    message_type
                };
                *self.message_types.entry(label).or_default() += 1;
                if self.version.is_none() {
                    self.version = fields
                        .get(12)
                        .and_then(|v| v.split(self.component).next())
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned);
                }
                if self.charset.is_none() {
                    self.charset = fields
                        .get(18)
                        .filter(|v| !v.is_empty())
                        .map(|v| (*v).to_owned());
                }
            }
        } else {
            fields = line.split(self.field).collect();
        }
        let today = cx.today();
        // Person fields, code systems and dates.
        for (n, value) in fields.iter().enumerate().skip(1) {
            if value.is_empty() {
                continue;
            }
            self.person_field(&id, n, value);
            if CODED_FIELDS.contains(&(id.as_str(), n)) {
                for repetition in value.split(self.repetition) {
                    let parts: Vec<&str> = repetition.split(self.component).collect();
                    for i in [2, 5] {
                        if let Some(system) = parts.get(i).filter(|s| !s.is_empty())
                            && let Some(name) = code_system_for_hl7(system)
                        {
                            self.systems.insert(name);
                        }
                    }
                }
            }
            if DATE_FIELDS.contains(&(id.as_str(), n)) || (id == "MSH" && n == 7) {
                self.date(value, today);
            }
        }
        // The segment as a record of its fields and components.
        let mut record: Vec<(String, Value)> = Vec::new();
        for (n, value) in fields.iter().enumerate().skip(1) {
            if value.is_empty() || (id == "MSH" && n <= 2) {
                continue;
            }
            let timestamp = DATE_FIELDS.contains(&(id.as_str(), n))
                || TIMESTAMP_FIELDS.contains(&(id.as_str(), n));
            for repetition in value.split(self.repetition) {
                let parts: Vec<&str> = repetition.split(self.component).collect();
                if parts.len() == 1 {
                    let iso = timestamp.then(|| iso_timestamp(repetition)).flatten();
                    push(
                        &mut record,
                        format!("{id}-{n}"),
                        iso.as_deref().unwrap_or(repetition),
                    );
                } else {
                    for (c, part) in parts.iter().enumerate() {
                        if !part.is_empty() {
                            push(&mut record, format!("{id}-{n}.{}", c + 1), part);
                        }
                    }
                }
            }
        }
        let index = match self.tables.iter().position(|(k, _)| *k == id) {
            Some(i) => i,
            None if self.tables.len() < MAX_SEGMENT_TYPES => {
                self.tables.push((
                    id.clone(),
                    RecordTable::new(id.clone(), policy, false, no_skip, 8),
                ));
                self.tables.len() - 1
            }
            None => {
                self.segments_other += 1;
                return;
            }
        };
        self.tables[index].1.push(Value::Object(record), cx);
    }

    fn person_field(&mut self, segment: &str, field: usize, value: &str) {
        let name = match (segment, field) {
            ("PID", 5 | 9) | ("IN1", 16) | ("NK1", 2) => "name",
            ("PID", 7) | ("IN1", 18) => {
                if value.len() >= 8 {
                    "birth_date"
                } else {
                    "birth_year"
                }
            }
            ("PID", 11) | ("IN1", 19) | ("NK1", 4) => "address",
            ("PID", 13 | 14) | ("NK1", 5) => "phone",
            ("PID", 2 | 3 | 4 | 18 | 20) | ("PV1", 19) => {
                // CX.5 names the identifier type (`MR`, `PI`, `KVZ10` …).
                let type_code = value
                    .split(self.repetition)
                    .next()
                    .and_then(|r| r.split(self.component).nth(4));
                match crate::detect::code_system::identifier_kind(None, type_code) {
                    Some(DetectionKind::Kvnr) => "insurance_number",
                    _ => "identifier",
                }
            }
            ("PID", 19) => "identifier",
            ("IN1", 36 | 49) => "insurance_number",
            ("PID", 8) => "gender",
            ("PID", 29 | 30) => "death",
            _ => return,
        };
        self.person_fields.insert(name);
    }

    fn finish(self, cx: &mut Context<'_>) {
        for s in &self.systems {
            cx.add_code_system(s);
        }
        let personal = self
            .person_fields
            .iter()
            .any(|f| *f != "gender" && *f != "death");
        let mut contents: Vec<Count> = self
            .message_types
            .iter()
            .map(|(label, &count)| Count {
                label: label.clone(),
                count,
            })
            .collect();
        contents.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        if self.segments_other > 0 {
            cx.note(
                "segments_not_tabled",
                Some(&self.segments_other.to_string()),
            );
        }
        let standard = match &self.version {
            Some(v) => format!("HL7 v{v}"),
            None => "HL7 v2".to_owned(),
        };
        cx.set_health(
            HealthSummary {
                standard,
                contents,
                person_fields: self.person_fields.iter().map(|f| (*f).to_owned()).collect(),
                de_identified: None,
                dates: self.dates.map(|(lo, hi)| DateRange {
                    min: lo.to_string(),
                    max: hi.to_string(),
                }),
                charset: self.charset,
            },
            personal,
        );
        for (_, table) in self.tables {
            table.finish(cx);
        }
    }
}

fn push(record: &mut Vec<(String, Value)>, key: String, value: &str) {
    let value = Value::String(value.to_owned());
    match record.iter_mut().find(|(k, _)| *k == key) {
        Some((_, Value::Array(items))) => items.push(value),
        Some((_, existing)) => {
            let first = std::mem::take(existing);
            *existing = Value::Array(vec![first, value]);
        }
        None => record.push((key, value)),
    }
}

/// Profiles a file of HL7 v2 messages.
pub(crate) fn read(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let decoding = Decoding::for_label(cx.request.encoding.as_deref());
    let mut input = BufReader::with_capacity(64 * 1024, utf8_reader(file, decoding));
    let max = cx.limits().max_record_bytes;
    let mut messages = Messages::new();
    let mut segment: Vec<u8> = Vec::new();
    let mut cut = 0u64;
    let result = loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(crate::scan::issue_from_io(&e)),
        };
        if buf.is_empty() {
            if !segment.is_empty() {
                messages.segment(&String::from_utf8_lossy(&segment), cx);
            }
            break Ok(());
        }
        let end = buf.iter().position(|&b| b == b'\r' || b == b'\n');
        let chunk = &buf[..end.unwrap_or(buf.len())];
        let room = max.saturating_sub(segment.len());
        if chunk.len() > room {
            cut += 1;
        }
        segment.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = end.map_or(buf.len(), |i| i + 1);
        input.consume(used);
        if end.is_some() {
            if !segment.is_empty() {
                messages.segment(&String::from_utf8_lossy(&segment), cx);
                segment.clear();
            }
            if let Err(issue) = cx.check() {
                break Err(issue);
            }
        }
    };
    if cut > 0 {
        cx.note("long_records_cut", Some(&cut.to_string()));
    }
    messages.finish(cx);
    result
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    #[test]
    fn oru_messages_codes_and_patient_fields() {
        let text = "\u{FEFF}MSH|^~\\&|LIS|KH|APP|MT|20241216064200||ORU^R01^ORU_R01|1|P|2.5.1|||AL|NE|DEU|UNICODE UTF-8\r\
PID|1||KAW-1^^^KAW^MR||Zimmermann^Gisela||19520524|F|||Schulstr. 8^^Chemnitz^^09111^DE\r\
IN1|1|GKV|101652437|AOK||||||||||||Zimmermann^Gisela|SEL|19520524||||||||||||||||||Q758497675\r\
OBR|1|A|L|24323-8^Panel^LN|||20241216064200\r\
OBX|1|NM|4548-4^HbA1c^LN||7.1|%^%^UCUM|4-6|H|||F\r\
OBX|2|NM|2093-3^Cholesterol^LN||163|mg/dL^mg/dL^UCUM|0-200|N|||F\n\
MSH|^~\\&|LIS|KH|APP|MT|20241217064200||ORU^R01|2|P|2.5.1\r\n\
PID|1||KAW-2^^^KAW^MR||Bauer^Björn||19830516|M\r\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oru.hl7");
        std::fs::write(&path, text).unwrap();
        let request = ProfileRequest::new(
            Format::Hl7v2,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        let p = profile_file(&path, &request).unwrap().profile;
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.standard, "HL7 v2.5.1");
        assert_eq!(h.contents[0].label, "ORU^R01");
        assert_eq!(h.contents[0].count, 2);
        assert_eq!(h.charset.as_deref(), Some("UNICODE UTF-8"));
        for f in [
            "name",
            "birth_date",
            "address",
            "identifier",
            "insurance_number",
        ] {
            assert!(h.person_fields.iter().any(|x| x == f), "{f}");
        }
        assert_eq!(p.code_systems, ["LOINC", "UCUM"]);
        assert!(p.personal_data && p.special_category);
        assert_eq!(p.temporal.as_ref().unwrap().max, "2024-12-17");
        let pid = p.tables.iter().find(|t| t.name == "PID").unwrap();
        assert_eq!(pid.rows, 2);
        let obx = p.tables.iter().find(|t| t.name == "OBX").unwrap();
        assert_eq!(obx.rows, 2);
        assert!(obx.columns.iter().any(|c| c.name == "OBX-3.1"));
        let json = serde_json::to_string(&p).unwrap();
        for leak in ["Zimmermann", "19520524", "Q758497675", "KAW-1", "Schulstr"] {
            assert!(!json.contains(leak), "{leak}");
        }
    }
}
