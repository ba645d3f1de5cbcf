//! XML: element subtrees as JSON-like values, and generic XML files as tables.
//!
//! [`Capture`] turns an element and its children into a [`Value`]: attributes and
//! child elements become keys, repeated children arrays, text the key `value`, and an
//! element holding only a value becomes that value (`<family value="Muster"/>` →
//! `"Muster"`, `<ort>Köln</ort>` → `"Köln"`). FHIR XML and generic XML use it.
//!
//! A generic XML file is profiled as records: the shallowest element path that
//! repeats in the first part of the file (`Export/Rechnungen/Rechnung`) names the
//! records; each becomes a row of a table named after the element, streamed one
//! record at a time.

use std::fs::File;
use std::io::BufReader;

use super::json::Value;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use rustc_hash::FxHashMap;

use super::column::Policy;
use super::json::RecordTable;
use super::text::{Decoding, utf8_reader};
use super::{Context, scrub};
use crate::scan::Issue;

/// Bytes of the file's start looked at to find the repeating record element.
const SURVEY_BYTES: u64 = 256 * 1024;

/// The local name of an element as text.
pub(crate) fn local_name(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// The value of an attribute (by local name), unescaped.
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

/// An open element: its name, members so far and text.
type Open = (String, Vec<(String, Value)>, String);

/// Builds a [`Value`] from the events of one element subtree.
#[derive(Default)]
pub(crate) struct Capture {
    stack: Vec<Open>,
    skip_depth: Option<usize>,
    /// Element names whose subtrees are dropped (XHTML narrative).
    skip: &'static [&'static str],
}

impl Capture {
    pub(crate) fn new(skip: &'static [&'static str]) -> Capture {
        Capture {
            stack: Vec::new(),
            skip_depth: None,
            skip,
        }
    }

    /// Depth of open elements.
    pub(crate) fn depth(&self) -> usize {
        self.stack.len()
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        let name = local_name(e);
        if self.skip_depth.is_none() && self.skip.contains(&name.as_str()) {
            self.skip_depth = Some(self.stack.len());
        }
        let mut map: Vec<(String, Value)> = Vec::new();
        if self.skip_depth.is_none() {
            for a in e.attributes().flatten() {
                let key = a.key.local_name().as_ref().to_owned();
                if a.key.as_ref().starts_with("xmlns") {
                    continue;
                }
                let value = a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_default();
                map.push((key, Value::String(value)));
            }
        }
        self.stack.push((name, map, String::new()));
    }

    /// An element opens.
    pub(crate) fn start(&mut self, e: &BytesStart<'_>) {
        self.open(e);
    }

    /// An element without content.
    pub(crate) fn empty(&mut self, e: &BytesStart<'_>) -> Option<(String, Value)> {
        self.open(e);
        self.end()
    }

    /// Text inside the current element.
    pub(crate) fn text(&mut self, t: &str) {
        if self.skip_depth.is_some() {
            return;
        }
        if let Some((_, _, text)) = self.stack.last_mut()
            && text.len() < 64 * 1024
        {
            text.push_str(t);
        }
    }

    /// The current element closes; returns it when it was the outermost one.
    pub(crate) fn end(&mut self) -> Option<(String, Value)> {
        let (name, mut map, text) = self.stack.pop()?;
        let skipped = self.skip_depth.is_some_and(|d| d >= self.stack.len());
        if self.skip_depth == Some(self.stack.len()) {
            self.skip_depth = None;
        }
        let text = text.trim();
        if !text.is_empty() && !map.iter().any(|(k, _)| k == "value") {
            map.push(("value".to_owned(), Value::String(text.to_owned())));
        }
        let value = match map.as_slice() {
            [(k, Value::String(_))] if k == "value" => {
                map.pop().map(|(_, v)| v).unwrap_or_default()
            }
            _ => Value::Object(map),
        };
        match self.stack.last_mut() {
            None => Some((name, value)),
            Some(_) if skipped => None,
            Some((_, parent, _)) => {
                match parent.iter_mut().find(|(k, _)| *k == name) {
                    Some((_, Value::Array(items))) => items.push(value),
                    Some((_, existing)) => {
                        let first = std::mem::take(existing);
                        *existing = Value::Array(vec![first, value]);
                    }
                    None => parent.push((name, value)),
                }
                None
            }
        }
    }
}

fn xml_issue(e: &quick_xml::Error, position: u64) -> Issue {
    match e {
        quick_xml::Error::Io(io) => crate::scan::issue_from_io(io),
        other => Issue::with(
            "xml_malformed",
            format!("{position}: {}", scrub(&other.to_string())),
        ),
    }
}

/// A reader for an XML file in its encoding.
pub(crate) fn reader(file: File, cx: &Context<'_>) -> Reader<BufReader<Box<dyn std::io::Read>>> {
    let decoding = Decoding::for_label(cx.request.encoding.as_deref());
    let input: Box<dyn std::io::Read> = utf8_reader(file, decoding);
    let mut reader = Reader::from_reader(BufReader::with_capacity(128 * 1024, input));
    reader.config_mut().check_end_names = false;
    reader
}

/// Profiles a generic XML file as tables of its repeating records: a survey of the
/// file's start finds the record element, a second pass streams the records.
pub(crate) fn read(mut file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let counts = survey(&file, cx)?;
    let Some(record_path) = choose_record_path(&counts) else {
        cx.note("xml_no_records", None);
        return Ok(());
    };
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0))
        .map_err(|e| crate::scan::issue_from_io(&e))?;
    let mut xml = reader(file, cx);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut capture = Capture::new(&[]);
    let mut tables: Vec<(String, RecordTable)> = Vec::new();
    let limit = cx.limits().max_record_bytes as u64;
    let mut record_start = 0u64;
    let result = loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => break Err(xml_issue(&e, xml.buffer_position())),
        };
        if let Err(issue) = cx.check() {
            break Err(issue);
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let is_empty = matches!(event, Event::Empty(_));
                path.push(local_name(e));
                let inside = capture.depth() > 0;
                if inside || path == record_path {
                    if !inside {
                        record_start = xml.buffer_position();
                    }
                    let done = if is_empty {
                        capture.empty(e)
                    } else {
                        capture.start(e);
                        None
                    };
                    if let Some((name, value)) = done {
                        feed(&mut tables, name, value, cx);
                    }
                }
                if is_empty {
                    path.pop();
                }
            }
            Event::End(_) => {
                if capture.depth() > 0
                    && let Some((name, value)) = capture.end()
                {
                    feed(&mut tables, name, value, cx);
                }
                path.pop();
            }
            Event::Text(t) if capture.depth() > 0 => capture.text(&t.xml10_content()),
            Event::CData(t) if capture.depth() > 0 => capture.text(&t.xml10_content()),
            Event::Eof => break Ok(()),
            _ => {}
        }
        if capture.depth() > 0 && xml.buffer_position() - record_start > limit {
            break Err(Issue::new("record_too_large"));
        }
    };
    for (_, t) in tables {
        t.finish(cx);
    }
    result
}

/// Counts element paths in the first [`SURVEY_BYTES`] of the file.
fn survey(file: &File, cx: &mut Context<'_>) -> Result<FxHashMap<Vec<String>, u64>, Issue> {
    let decoding = Decoding::for_label(cx.request.encoding.as_deref());
    let input: Box<dyn std::io::Read + '_> = utf8_reader(file, decoding);
    let mut xml = Reader::from_reader(BufReader::with_capacity(64 * 1024, input));
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut counts: FxHashMap<Vec<String>, u64> = FxHashMap::default();
    while xml.buffer_position() < SURVEY_BYTES {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                path.push(local_name(&e));
                if path.len() <= 8 {
                    *counts.entry(path.clone()).or_default() += 1;
                }
            }
            Ok(Event::Empty(e)) => {
                path.push(local_name(&e));
                if path.len() <= 8 {
                    *counts.entry(path.clone()).or_default() += 1;
                }
                path.pop();
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_issue(&e, xml.buffer_position())),
        }
    }
    Ok(counts)
}

fn feed(tables: &mut Vec<(String, RecordTable)>, name: String, value: Value, cx: &mut Context<'_>) {
    let i = match tables.iter().position(|(n, _)| *n == name) {
        Some(i) => i,
        None => {
            tables.push((
                name.clone(),
                RecordTable::new(name, detect, true, no_skip, 64),
            ));
            tables.len() - 1
        }
    };
    let value = match value {
        Value::Object(_) => value,
        other => Value::Object(vec![("value".to_owned(), other)]),
    };
    tables[i].1.push(value, cx);
}

fn detect(_: &str) -> Policy {
    Policy::Detect
}

fn no_skip(_: &str) -> bool {
    false
}

/// The shallowest element path below the root that occurs at least twice.
fn choose_record_path(counts: &FxHashMap<Vec<String>, u64>) -> Option<Vec<String>> {
    counts
        .iter()
        .filter(|(p, n)| p.len() >= 2 && **n >= 2)
        .min_by(|a, b| {
            a.0.len()
                .cmp(&b.0.len())
                .then(b.1.cmp(a.1))
                .then(a.0.cmp(b.0))
        })
        .map(|(p, _)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    #[test]
    fn repeating_elements_become_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xml");
        std::fs::write(
            &path,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Export><Kopf><Datum>2024-12-31</Datum></Kopf>
<Rechnungen>
  <Rechnung nr="1"><Betrag waehrung="EUR">12.50</Betrag><Datum>2024-12-01</Datum></Rechnung>
  <Rechnung nr="2"><Betrag waehrung="EUR">99.00</Betrag><Datum>2024-12-02</Datum></Rechnung>
  <Rechnung nr="3"><Betrag waehrung="EUR">7.10</Betrag></Rechnung>
</Rechnungen></Export>"#,
        )
        .unwrap();
        let request = ProfileRequest::new(
            Format::Xml,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        let p = profile_file(&path, &request).unwrap().profile;
        let t = &p.tables[0];
        assert_eq!(t.name, "Rechnung");
        assert_eq!(t.rows, 3);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["nr", "Betrag.waehrung", "Betrag.value", "Datum"]);
        assert_eq!(t.columns[2].kind, "decimal");
        assert_eq!(t.columns[3].null_ratio, 1.0 / 3.0);
    }
}
