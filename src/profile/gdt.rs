//! GDT and other xDT files (LDT, BDT): record types, fields present, declared
//! character set.
//!
//! A line is `LLLFFFFcontent`: three digits of line length (CR LF included), a
//! four-digit field id and the content; a record starts with field 8000 (record type).
//! The character set (field 9206: 1 = DIN 66003, 2 = IBM code page 437, 3 = ISO
//! 8859-1) was already read by the scanner and decides the decoding. Each record type
//! becomes a table whose columns are the fields (`3101 Name`); patient fields (3000 –
//! 3116) are personal by definition and keep no value. Line lengths and the record
//! length in field 8100 are checked.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use chrono::NaiveDate;

use super::column::Policy;
use super::json::{RecordTable, Value};
use super::text::{Decoding, utf8_reader};
use super::{Context, Count, DateRange, HealthSummary};
use crate::detect::DetectionKind;
use crate::scan::Issue;

/// Names of common fields (GDT 2.1/3.0, LDT, BDT), for column headers.
const FIELD_NAMES: &[(&str, &str)] = &[
    ("3000", "Patientennummer"),
    ("3100", "Namenszusatz"),
    ("3101", "Name"),
    ("3102", "Vorname"),
    ("3103", "Geburtsdatum"),
    ("3104", "Titel"),
    ("3105", "Versichertennummer"),
    ("3106", "Wohnort"),
    ("3107", "Straße"),
    ("3108", "Versichertenart"),
    ("3110", "Geschlecht"),
    ("3112", "PLZ"),
    ("3113", "Wohnort"),
    ("3114", "Wohnsitzländercode"),
    ("3622", "Größe"),
    ("3623", "Gewicht"),
    ("6200", "Tag der Speicherung"),
    ("6201", "Uhrzeit der Speicherung"),
    ("6220", "Befund"),
    ("6221", "Fremdbefund"),
    ("6227", "Kommentar"),
    ("6228", "Ergebnistabellentext"),
    ("6302", "Dateiarchivierungskennung"),
    ("6303", "Dateiformat"),
    ("6304", "Dateiinhalt"),
    ("6305", "Verweis auf Datei"),
    ("8000", "Satzart"),
    ("8100", "Satzlänge"),
    ("8301", "Eingangsdatum"),
    ("8302", "Berichtsdatum"),
    ("8315", "GDT-ID des Empfängers"),
    ("8316", "GDT-ID des Senders"),
    ("8402", "Gerätespezifisches Kennfeld"),
    ("8410", "Test-Ident"),
    ("8411", "Testbezeichnung"),
    ("8418", "Teststatus"),
    ("8420", "Ergebnis-Wert"),
    ("8421", "Einheit"),
    ("8432", "Abnahme-Datum"),
    ("8439", "Abnahme-Zeit"),
    ("8460", "Normalwert-Text"),
    ("8461", "Normalwert untere Grenze"),
    ("8462", "Normalwert obere Grenze"),
    ("8470", "Testbezogene Hinweise"),
    ("8480", "Ergebnis-Text"),
    ("9206", "Zeichensatz"),
    ("9210", "Version BDT"),
    ("9212", "Version LDT"),
    ("9218", "Version GDT"),
];

/// Fields with record dates (`ddmmyyyy`).
const DATE_FIELDS: &[&str] = &["6200", "8301", "8302", "8432"];

/// Fields with times of day (`hhmmss` or `hhmm`).
const TIME_FIELDS: &[&str] = &["6201", "8439"];

/// The value of a field as the table sees it: the standard's compact dates
/// (`ddmmyyyy`) and times (`hhmmss`) in ISO form, so they are typed as such.
fn table_value(id: &str, value: &str) -> String {
    let v = value.trim();
    if (DATE_FIELDS.contains(&id) || id == "3103")
        && let Ok(day) = NaiveDate::parse_from_str(v, "%d%m%Y")
    {
        return day.to_string();
    }
    if TIME_FIELDS.contains(&id) && v.len() >= 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        let s = if v.len() >= 6 { &v[4..6] } else { "00" };
        return format!("{}:{}:{s}", &v[..2], &v[2..4]);
    }
    value.to_owned()
}

fn field_name(id: &str) -> String {
    match FIELD_NAMES.iter().find(|(f, _)| *f == id) {
        Some((_, name)) => format!("{id} {name}"),
        None => id.to_owned(),
    }
}

fn policy(header: &str) -> Policy {
    let id = header.get(..4).unwrap_or(header);
    use DetectionKind::*;
    match id {
        "3000" => Policy::Personal(PatientId),
        "3100" | "3101" => Policy::Personal(LastName),
        "3102" => Policy::Personal(FirstName),
        "3103" => Policy::Personal(BirthDate),
        "3105" => Policy::Personal(Kvnr),
        "3106" | "3107" | "3113" => Policy::Personal(Address),
        "3112" => Policy::Personal(Postcode),
        "3108" | "3110" | "3622" | "3623" => Policy::Detect,
        i if i.starts_with('3') => Policy::Quiet,
        "6220" | "6221" | "6227" | "6228" | "6304" | "6305" | "8470" | "8480" | "8460" => {
            Policy::Quiet
        }
        _ => Policy::Detect,
    }
}

fn no_skip(_: &str) -> bool {
    false
}

/// The person field a GDT field is.
fn person_field(id: &str, value: &str) -> Option<&'static str> {
    Some(match id {
        "3000" => "identifier",
        "3101" | "3102" | "3100" => "name",
        "3103" if value.len() == 4 => "birth_year",
        "3103" => "birth_date",
        "3105" => "insurance_number",
        "3106" | "3107" | "3112" | "3113" => "address",
        "3110" => "gender",
        _ => return None,
    })
}

/// Profiles a GDT/xDT file.
pub(crate) fn read(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let decoding = Decoding::for_label(cx.request.encoding.as_deref());
    let mut input = BufReader::with_capacity(64 * 1024, utf8_reader(file, decoding));
    let today = cx.today();
    let mut record_types: BTreeMap<String, u64> = BTreeMap::new();
    let mut person_fields: BTreeSet<&'static str> = BTreeSet::new();
    let mut tables: Vec<(String, RecordTable)> = Vec::new();
    let mut record: Vec<(String, Value)> = Vec::new();
    let mut record_type: Option<String> = None;
    let mut version: Option<(String, String)> = None;
    let mut charset: Option<String> = None;
    let mut dates: Option<(NaiveDate, NaiveDate)> = None;
    let mut bad_lines = 0u64;
    let mut length_mismatches = 0u64;
    let mut declared_length: Option<u64> = None;
    let mut record_length = 0u64;
    let mut line = Vec::new();
    let max = cx.limits().max_record_bytes;
    let flush = |record: &mut Vec<(String, Value)>,
                 record_type: &Option<String>,
                 declared: Option<u64>,
                 actual: u64,
                 tables: &mut Vec<(String, RecordTable)>,
                 mismatches: &mut u64,
                 cx: &mut Context<'_>| {
        let Some(kind) = record_type else {
            record.clear();
            return;
        };
        if declared.is_some_and(|d| d != actual) {
            *mismatches += 1;
        }
        let i = match tables.iter().position(|(k, _)| k == kind) {
            Some(i) => i,
            None => {
                tables.push((
                    kind.clone(),
                    RecordTable::new(kind.clone(), policy, false, no_skip, 4),
                ));
                tables.len() - 1
            }
        };
        tables[i].1.push(Value::Object(std::mem::take(record)), cx);
    };
    let result = loop {
        line.clear();
        let n = match input.by_ref().take(max as u64).read_until(b'\n', &mut line) {
            Ok(n) => n,
            Err(e) => break Err(crate::scan::issue_from_io(&e)),
        };
        if n == 0 {
            break Ok(());
        }
        if let Err(issue) = cx.check() {
            break Err(issue);
        }
        let text = String::from_utf8_lossy(&line);
        let raw_len = text.chars().count() as u64;
        let content = text.trim_end_matches(['\r', '\n']);
        if content.trim().is_empty() {
            continue;
        }
        let bytes = content.as_bytes();
        if bytes.len() < 7 || !bytes[..7].iter().all(u8::is_ascii_digit) {
            bad_lines += 1;
            continue;
        }
        let declared_line: u64 = content[..3].parse().unwrap_or(0);
        // The length counts CR LF; files with LF only are one shorter.
        if declared_line != raw_len && declared_line != raw_len + 1 {
            bad_lines += 1;
        }
        let id = content[3..7].to_owned();
        let value = content[7..].trim_end().to_owned();
        if id == "8000" {
            flush(
                &mut record,
                &record_type,
                declared_length,
                record_length,
                &mut tables,
                &mut length_mismatches,
                cx,
            );
            record_type = Some(value.clone());
            *record_types.entry(value.clone()).or_default() += 1;
            declared_length = None;
            record_length = 0;
        }
        record_length += declared_line;
        match id.as_str() {
            "8100" => declared_length = value.trim().parse().ok(),
            "9218" => version = Some(("GDT".into(), value.clone())),
            "9212" if version.is_none() => version = Some(("LDT".into(), value.clone())),
            "9210" if version.is_none() => version = Some(("BDT".into(), value.clone())),
            "9206" => {
                charset = Some(
                    match value.trim() {
                        "1" => "DIN 66003",
                        "2" => "IBM CP437",
                        "3" => "ISO 8859-1",
                        other => other,
                    }
                    .to_owned(),
                )
            }
            _ => {}
        }
        if !value.is_empty()
            && let Some(field) = person_field(&id, &value)
        {
            person_fields.insert(field);
        }
        if DATE_FIELDS.contains(&id.as_str())
            && let Ok(day) = NaiveDate::parse_from_str(value.trim(), "%d%m%Y")
            && day <= today
        {
            dates = Some(match dates {
                None => (day, day),
                Some((a, b)) => (a.min(day), b.max(day)),
            });
        }
        let key = field_name(&id);
        let value = Value::String(table_value(&id, &value));
        match record.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Value::Array(items))) => items.push(value),
            Some((_, existing)) => {
                let first = std::mem::take(existing);
                *existing = Value::Array(vec![first, value]);
            }
            None => record.push((key, value)),
        }
    };
    flush(
        &mut record,
        &record_type,
        declared_length,
        record_length,
        &mut tables,
        &mut length_mismatches,
        cx,
    );
    if bad_lines > 0 {
        cx.note("xdt_bad_lines", Some(&bad_lines.to_string()));
    }
    if length_mismatches > 0 {
        cx.note("xdt_record_length", Some(&length_mismatches.to_string()));
    }
    let standard = match version {
        Some((kind, v)) => format!("{kind} {}", v.trim()),
        None => "xDT".to_owned(),
    };
    let personal = person_fields.iter().any(|f| *f != "gender");
    let mut contents: Vec<Count> = record_types
        .into_iter()
        .map(|(label, count)| Count { label, count })
        .collect();
    contents.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    cx.set_health(
        HealthSummary {
            standard,
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
    for (_, table) in tables {
        table.finish(cx);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    fn line(field: &str, content: &str) -> String {
        let len = 3 + 4 + content.chars().count() + 2;
        format!("{len:03}{field}{content}\r\n")
    }

    #[test]
    fn gdt_record_in_code_page_437() {
        let mut text = String::new();
        for (f, c) in [
            ("8000", "6310"),
            ("9206", "2"),
            ("9218", "02.10"),
            ("3000", "KAW-765306"),
            ("3101", "Bauer"),
            ("3102", "Björn"),
            ("3103", "16051983"),
            ("3107", "Schulstraße 80"),
            ("6200", "09012025"),
            ("8410", "HERZFR"),
            ("8420", "110"),
            ("8410", "QT"),
            ("8420", "394"),
        ] {
            text.push_str(&line(f, c));
        }
        let bytes: Vec<u8> = text
            .chars()
            .map(|c| match c {
                'ö' => 0x94,
                'ß' => 0xE1,
                c => c as u8,
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ekg.gdt");
        std::fs::write(&path, &bytes).unwrap();
        let mut request = ProfileRequest::new(
            Format::Gdt,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        request.encoding = Some("ibm437".into());
        let p = profile_file(&path, &request).unwrap().profile;
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.standard, "GDT 02.10");
        assert_eq!(h.charset.as_deref(), Some("IBM CP437"));
        assert_eq!(h.contents[0].label, "6310");
        for f in ["identifier", "name", "birth_date", "address"] {
            assert!(h.person_fields.iter().any(|x| x == f), "{f}");
        }
        assert!(p.personal_data && p.special_category);
        assert_eq!(p.temporal.as_ref().unwrap().max, "2025-01-09");
        let t = &p.tables[0];
        let tests = t
            .columns
            .iter()
            .find(|c| c.name == "8410 Test-Ident")
            .unwrap();
        assert_eq!(tests.distinct_estimate, 2);
        let name = t.columns.iter().find(|c| c.name == "3101 Name").unwrap();
        assert!(name.personal);
        assert!(
            p.notes.iter().all(|n| n.code != "xdt_bad_lines"),
            "{:?}",
            p.notes
        );
        let json = serde_json::to_string(&p).unwrap();
        for leak in ["Bauer", "Björn", "16051983", "KAW-765306", "Schulstraße"] {
            assert!(!json.contains(leak), "{leak}");
        }
    }
}
