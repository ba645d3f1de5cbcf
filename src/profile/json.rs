//! JSON and NDJSON: arrays of objects become tables, nested keys become columns named
//! by their path (`messwerte.temperatur_c`, `items[].preis`).
//!
//! Documents are streamed: a top-level array, or an array under a top-level key, is
//! read one element at a time, so memory is bounded by the largest record (itself
//! limited by [`ProfileLimits::max_record_bytes`](super::ProfileLimits)), not by the
//! file. NDJSON is read line by line; a line that is not JSON is counted, not fatal.
//! FHIR documents and FHIR NDJSON take the same path and hand each resource to the
//! [FHIR reader](super::fhir).

use std::cell::Cell as StdCell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::column::{Cell, NumberStyle, Origin, Policy};
use super::fhir::FhirReader;
use super::table::TableBuilder;
use super::text::{Decoding, utf8_reader};
use super::{Context, scrub};
use crate::scan::{Format, Issue};

/// A JSON value that keeps object keys in their order in the file (columns appear in
/// the order a user wrote them).
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The elements of an array, or the value itself as a one-element list (FHIR XML
    /// cannot tell a single element from a list of one).
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            Value::Null => &[],
            other => std::slice::from_ref(other),
        }
    }

    /// Inserts or replaces the member `key` of an object.
    pub(crate) fn insert(&mut self, key: &str, value: Value) {
        if let Value::Object(members) = self {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => members.push((key.to_owned(), value)),
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            // A repeated key keeps its last value, as JSON parsers do.
            match members.iter_mut().find(|(key, _)| *key == k) {
                Some(entry) => entry.1 = v,
                None => members.push((k, v)),
            }
        }
        Ok(Value::Object(members))
    }
}

/// Records kept before a table's columns are fixed (later keys are added as they come).
const HEAD_RECORDS: usize = 64;

/// Where records go: a generic table builder or the FHIR reader.
pub(crate) trait Sink {
    /// One element of a streamed array (`key` is the top-level key holding the array,
    /// empty for a top-level array or an NDJSON line).
    fn element(&mut self, key: &str, value: Value, cx: &mut Context<'_>) -> Result<(), Issue>;
    /// A top-level member that is not an array (or a lone top-level value).
    fn member(&mut self, key: &str, value: Value, cx: &mut Context<'_>) -> Result<(), Issue>;
    /// Hands what was collected to the file's context.
    fn finish(self: Box<Self>, cx: &mut Context<'_>);
}

/// Counts bytes and refuses a single record larger than the limit.
struct Guarded<R> {
    inner: R,
    read: Rc<StdCell<u64>>,
    mark: Rc<StdCell<u64>>,
    limit: u64,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = self.read.get() + n as u64;
        self.read.set(read);
        if read.saturating_sub(self.mark.get()) > self.limit {
            return Err(io::Error::other(RECORD_TOO_LARGE));
        }
        Ok(n)
    }
}

const RECORD_TOO_LARGE: &str = "record too large";

/// Byte positions shared between the guard and the streaming visitor.
#[derive(Clone)]
struct Marks {
    read: Rc<StdCell<u64>>,
    mark: Rc<StdCell<u64>>,
}

impl Marks {
    /// A new record starts here (the guard measures from this point).
    fn start(&self) {
        self.mark.set(self.read.get());
    }
}

/// Profiles a JSON, NDJSON or FHIR JSON file.
pub(crate) fn read(file: File, format: Format, cx: &mut Context<'_>) -> Result<(), Issue> {
    let decoding = Decoding::for_label(cx.request.encoding.as_deref());
    let marks = Marks {
        read: Rc::new(StdCell::new(0)),
        mark: Rc::new(StdCell::new(0)),
    };
    let limit = cx.limits().max_record_bytes.max(1 << 20) as u64 * 8;
    let guarded = Guarded {
        inner: utf8_reader(file, decoding),
        read: Rc::clone(&marks.read),
        mark: Rc::clone(&marks.mark),
        limit,
    };
    let mut input = BufReader::with_capacity(128 * 1024, guarded);
    let ndjson = format == Format::Ndjson || looks_like_ndjson(&mut input);
    let fhir = format == Format::FhirJson;
    let mut sink: Box<dyn Sink> = if fhir {
        Box::new(FhirReader::new())
    } else {
        Box::new(Tables::new(marks.clone()))
    };
    let result = if ndjson {
        read_lines(&mut input, &marks, sink.as_mut(), cx)
    } else {
        read_document(&mut input, &marks, sink.as_mut(), cx)
    };
    sink.finish(cx);
    result
}

/// Whether the input is newline-delimited: a first line that is a whole JSON value
/// with more content after it.
fn looks_like_ndjson<R: Read>(input: &mut BufReader<R>) -> bool {
    let Ok(buf) = input.fill_buf() else {
        return false;
    };
    let text = buf;
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let Some(end) = text[start..].iter().position(|&b| b == b'\n') else {
        return false;
    };
    let line = &text[start..start + end];
    let rest = &text[start + end..];
    line.first() == Some(&b'{')
        && serde_json::from_slice::<de::IgnoredAny>(line).is_ok()
        && rest.iter().any(|b| !b.is_ascii_whitespace())
}

fn json_issue(e: &serde_json::Error) -> Issue {
    let message = e.to_string();
    if message.contains(RECORD_TOO_LARGE) {
        return Issue::new("json_record_too_large");
    }
    if message.contains("recursion limit") {
        return Issue::new("json_too_deep");
    }
    if e.is_io() {
        return Issue::with("read_failed", scrub(&message));
    }
    Issue::with("json_syntax", format!("{}:{}", e.line(), e.column()))
}

/// Reads one JSON document, streaming its top-level array (or arrays under top-level
/// keys).
fn read_document<R: Read>(
    input: &mut BufReader<R>,
    marks: &Marks,
    sink: &mut dyn Sink,
    cx: &mut Context<'_>,
) -> Result<(), Issue> {
    let mut de = serde_json::Deserializer::from_reader(input);
    let mut failure: Option<Issue> = None;
    let top = Top {
        sink,
        cx,
        marks,
        failure: &mut failure,
    };
    let parsed = top.deserialize(&mut de);
    if let Some(issue) = failure {
        return Err(issue);
    }
    parsed.map_err(|e| json_issue(&e))?;
    de.end().map_err(|e| json_issue(&e))
}

/// Reads NDJSON: one value per line; lines that are not JSON are counted.
fn read_lines<R: Read>(
    input: &mut BufReader<R>,
    marks: &Marks,
    sink: &mut dyn Sink,
    cx: &mut Context<'_>,
) -> Result<(), Issue> {
    let max = cx.limits().max_record_bytes;
    let mut line = Vec::new();
    let mut bad = 0u64;
    let mut long = 0u64;
    loop {
        marks.start();
        line.clear();
        let (ended, cut) = read_line_capped(input, &mut line, max).map_err(|e| {
            if e.to_string().contains(RECORD_TOO_LARGE) {
                Issue::new("json_record_too_large")
            } else {
                crate::scan::issue_from_io(&e)
            }
        })?;
        if cut {
            long += 1;
        } else if line.iter().any(|b| !b.is_ascii_whitespace()) {
            match serde_json::from_slice::<Value>(&line) {
                Ok(value) => sink.element("", value, cx)?,
                Err(_) => bad += 1,
            }
        }
        cx.check()?;
        if ended {
            break;
        }
    }
    if bad > 0 {
        cx.note("json_lines_skipped", Some(&bad.to_string()));
    }
    if long > 0 {
        cx.note("long_records_cut", Some(&long.to_string()));
    }
    Ok(())
}

/// Reads a line into `line`, keeping at most `max` bytes (the rest of a longer line is
/// skipped). Returns whether the input ended and whether the line was cut.
fn read_line_capped<R: BufRead>(
    input: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<(bool, bool)> {
    let mut cut = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((true, cut));
        }
        let (chunk, found) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i)),
            None => (buf, None),
        };
        let room = max.saturating_sub(line.len());
        if chunk.len() > room {
            cut = true;
        }
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = found.map_or(buf.len(), |i| i + 1);
        input.consume(used);
        if found.is_some() {
            return Ok((false, cut));
        }
    }
}

/// The top-level value.
struct Top<'s, 'c, 'r> {
    sink: &'s mut dyn Sink,
    cx: &'s mut Context<'c>,
    marks: &'r Marks,
    failure: &'s mut Option<Issue>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        stream_elements("", seq, self.sink, self.cx, self.marks, self.failure)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.marks.start();
            map.next_value_seed(Member {
                key: &key,
                sink: &mut *self.sink,
                cx: &mut *self.cx,
                marks: self.marks,
                failure: &mut *self.failure,
            })?;
            if self.failure.is_some() {
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(Value::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(Value::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(Value::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(Value::String(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(Value::Null)
    }
}

impl Top<'_, '_, '_> {
    fn scalar<E: de::Error>(self, v: Value) -> Result<(), E> {
        if let Err(issue) = self.sink.member("", v, self.cx) {
            *self.failure = Some(issue);
            return Err(E::custom("stopped"));
        }
        Ok(())
    }
}

fn stream_elements<'de, A: SeqAccess<'de>>(
    key: &str,
    mut seq: A,
    sink: &mut dyn Sink,
    cx: &mut Context<'_>,
    marks: &Marks,
    failure: &mut Option<Issue>,
) -> Result<(), A::Error> {
    loop {
        marks.start();
        let Some(value) = seq.next_element::<Value>()? else {
            return Ok(());
        };
        let result = cx.check().and_then(|()| sink.element(key, value, cx));
        if let Err(issue) = result {
            *failure = Some(issue);
            return Err(de::Error::custom("stopped"));
        }
    }
}

/// A top-level member: arrays are streamed, other values handed over whole.
struct Member<'k, 's, 'c, 'r> {
    key: &'k str,
    sink: &'s mut dyn Sink,
    cx: &'s mut Context<'c>,
    marks: &'r Marks,
    failure: &'s mut Option<Issue>,
}

impl<'de> DeserializeSeed<'de> for Member<'_, '_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Member<'_, '_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        stream_elements(self.key, seq, self.sink, self.cx, self.marks, self.failure)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.hand_over(value)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.hand_over(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.hand_over(Value::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.hand_over(Value::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.hand_over(Value::Number(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.hand_over(Value::String(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.hand_over(Value::Null)
    }
}

use serde::Deserialize as _;

impl Member<'_, '_, '_, '_> {
    fn hand_over<E: de::Error>(self, v: Value) -> Result<(), E> {
        if let Err(issue) = self.sink.member(self.key, v, self.cx) {
            *self.failure = Some(issue);
            return Err(E::custom("stopped"));
        }
        Ok(())
    }
}

/// A leaf of a flattened record.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Leaf<'v> {
    Text(&'v str),
    Number(f64),
    Bool(bool),
}

impl<'v> Leaf<'v> {
    pub(crate) fn cell(self) -> Cell<'v> {
        match self {
            Leaf::Text(t) => Cell::Text(t),
            Leaf::Number(n) => Cell::Number(n),
            Leaf::Bool(b) => Cell::Bool(b),
        }
    }
}

/// Flattens a record into `(path, leaf)` pairs: object keys joined with `.`, array
/// elements marked `[]` (when `mark_arrays`), `null` left out. `skip` drops subtrees by
/// key (FHIR narrative).
pub(crate) fn flatten<'v>(
    value: &'v Value,
    path: &mut String,
    mark_arrays: bool,
    skip: &dyn Fn(&str) -> bool,
    out: &mut Vec<(String, Leaf<'v>)>,
) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((path.clone(), Leaf::Bool(*b))),
        Value::Number(n) => out.push((path.clone(), Leaf::Number(*n))),
        Value::String(s) => out.push((path.clone(), Leaf::Text(s))),
        Value::Array(items) => {
            let len = path.len();
            if mark_arrays {
                path.push_str("[]");
            }
            for item in items {
                flatten(item, path, mark_arrays, skip, out);
            }
            path.truncate(len);
        }
        Value::Object(map) => {
            for (k, v) in map {
                if skip(k) {
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                flatten(v, path, mark_arrays, skip, out);
                path.truncate(len);
            }
        }
    }
}

/// A table fed with records whose columns appear as their keys do.
pub(crate) struct RecordTable {
    name: String,
    head: Vec<Value>,
    builder: Option<TableBuilder>,
    index: FxHashMap<String, usize>,
    headers: Vec<String>,
    policy: fn(&str) -> Policy,
    mark_arrays: bool,
    skip: fn(&str) -> bool,
    origin_style: NumberStyle,
    head_limit: usize,
}

impl RecordTable {
    pub(crate) fn new(
        name: impl Into<String>,
        policy: fn(&str) -> Policy,
        mark_arrays: bool,
        skip: fn(&str) -> bool,
        head_limit: usize,
    ) -> RecordTable {
        RecordTable {
            name: name.into(),
            head: Vec::new(),
            builder: None,
            index: FxHashMap::default(),
            headers: Vec::new(),
            policy,
            mark_arrays,
            skip,
            origin_style: NumberStyle::English,
            head_limit,
        }
    }

    /// Adds one record.
    pub(crate) fn push(&mut self, value: Value, cx: &mut Context<'_>) {
        if self.builder.is_none() {
            self.head.push(value);
            if self.head.len() >= self.head_limit {
                self.start(cx);
            }
            return;
        }
        self.add(&value);
    }

    /// Rows so far.
    pub(crate) fn rows(&self) -> u64 {
        self.builder
            .as_ref()
            .map_or(self.head.len() as u64, TableBuilder::rows)
    }

    /// Plans the detector sample.
    pub(crate) fn plan_rows(&mut self, rows: u64) {
        if let Some(b) = &mut self.builder {
            b.plan_rows(rows);
        }
    }

    fn start(&mut self, cx: &mut Context<'_>) {
        // Columns in order of first appearance over the first records.
        let mut leaves = Vec::new();
        let skip = self.skip;
        for record in &self.head {
            leaves.clear();
            flatten(
                record,
                &mut String::new(),
                self.mark_arrays,
                &skip,
                &mut leaves,
            );
            for (path, _) in &leaves {
                if !self.index.contains_key(path) {
                    self.index.insert(path.clone(), self.headers.len());
                    self.headers.push(path.clone());
                }
            }
        }
        let policies: Vec<Policy> = self.headers.iter().map(|h| (self.policy)(h)).collect();
        let builder = TableBuilder::with_policies(
            self.name.clone(),
            self.headers.clone(),
            policies,
            None,
            cx.settings(Origin::Json, self.origin_style),
            cx.limits(),
        );
        self.builder = Some(builder);
        for record in std::mem::take(&mut self.head) {
            self.add(&record);
        }
    }

    fn add(&mut self, record: &Value) {
        let Some(builder) = &mut self.builder else {
            return;
        };
        let mut leaves = Vec::new();
        let skip = self.skip;
        flatten(
            record,
            &mut String::new(),
            self.mark_arrays,
            &skip,
            &mut leaves,
        );
        let mut cells: Vec<(usize, Cell<'_>)> = Vec::with_capacity(leaves.len());
        for (path, leaf) in &leaves {
            let i = match self.index.get(path) {
                Some(&i) => i,
                None => {
                    let policy = (self.policy)(path);
                    match builder.add_column(path.clone(), &self.headers, policy) {
                        Some(i) => {
                            self.index.insert(path.clone(), i);
                            self.headers.push(path.clone());
                            i
                        }
                        None => continue,
                    }
                }
            };
            cells.push((i, leaf.cell()));
        }
        if !record.is_object() && cells.is_empty() && !record.is_null() {
            return;
        }
        builder.sparse_row(&cells);
    }

    /// Finishes the table (also when fewer records than the head came).
    pub(crate) fn finish(mut self, cx: &mut Context<'_>) {
        if self.builder.is_none() {
            self.start(cx);
        }
        if let Some(builder) = self.builder {
            cx.add_table(builder.finish());
        }
    }
}

fn no_skip(_: &str) -> bool {
    false
}

fn detect_all(_: &str) -> Policy {
    Policy::Detect
}

/// Generic JSON: one table per streamed array, or one single-record table of the
/// top-level object's other members.
struct Tables {
    tables: Vec<(String, RecordTable)>,
    members: Vec<(String, Value)>,
    marks: Marks,
    next_plan: u64,
}

impl Tables {
    fn new(marks: Marks) -> Tables {
        Tables {
            tables: Vec::new(),
            members: Vec::new(),
            marks,
            next_plan: 1024,
        }
    }

    fn finish_tables(mut self, cx: &mut Context<'_>) {
        if self.tables.is_empty() && !self.members.is_empty() {
            let mut table = RecordTable::new(cx.stem.clone(), detect_all, true, no_skip, 1);
            table.push(Value::Object(std::mem::take(&mut self.members)), cx);
            self.tables.push((String::new(), table));
        }
        for (_, table) in self.tables {
            table.finish(cx);
        }
    }
}

impl Sink for Tables {
    fn element(&mut self, key: &str, value: Value, cx: &mut Context<'_>) -> Result<(), Issue> {
        let i = match self.tables.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                let name = if key.is_empty() {
                    cx.stem.clone()
                } else {
                    key.to_owned()
                };
                let table = RecordTable::new(name, detect_all, true, no_skip, HEAD_RECORDS);
                self.tables.push((key.to_owned(), table));
                self.tables.len() - 1
            }
        };
        let value = match value {
            Value::Object(_) => value,
            Value::Null => Value::Object(Vec::new()),
            other => Value::Object(vec![("value".to_owned(), other)]),
        };
        let table = &mut self.tables[i].1;
        table.push(value, cx);
        let rows = table.rows();
        if rows >= self.next_plan {
            self.next_plan *= 2;
            let read = self.marks.read.get().max(1);
            table.plan_rows((rows as f64 * cx.size as f64 / read as f64) as u64);
        }
        Ok(())
    }

    fn member(&mut self, key: &str, value: Value, _cx: &mut Context<'_>) -> Result<(), Issue> {
        let key = if key.is_empty() { "value" } else { key };
        self.members.push((key.to_owned(), value));
        Ok(())
    }

    fn finish(self: Box<Self>, cx: &mut Context<'_>) {
        self.finish_tables(cx);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FileProfile, ProfileRequest, profile_file};
    use crate::scan::Format;

    fn profile(name: &str, text: &str, format: Format) -> Result<FileProfile, crate::scan::Issue> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let request = ProfileRequest::new(
            format,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        profile_file(&path, &request).map(|p| p.profile)
    }

    #[test]
    fn arrays_of_objects_with_nested_keys() {
        let p = profile(
            "ereignisse.json",
            r#"[{"ts":"2025-01-02T08:00:00Z","m":{"t":21.5,"z":3},"tags":["a","b"]},
                {"ts":"2025-01-03T08:00:00Z","m":{"t":22.5},"neu":true}]"#,
            Format::Json,
        )
        .unwrap();
        let t = &p.tables[0];
        assert_eq!(t.name, "ereignisse");
        assert_eq!(t.rows, 2);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ts", "m.t", "m.z", "tags[]", "neu"]);
        assert_eq!(t.columns[2].null_ratio, 0.5);
        assert_eq!(t.columns[4].null_ratio, 0.5);
        assert_eq!(t.columns[1].kind, "decimal");
        assert_eq!(t.columns[0].kind, "datetime");
        assert_eq!(p.temporal.unwrap().max, "2025-01-03");
    }

    #[test]
    fn ndjson_lines_and_broken_lines() {
        let p = profile(
            "log.ndjson",
            "{\"a\":1}\n{\"a\":2}\nkaputt\n{\"a\":3}\n",
            Format::Ndjson,
        )
        .unwrap();
        assert_eq!(p.tables[0].rows, 3);
        assert!(p.notes.iter().any(|n| n.code == "json_lines_skipped"));
    }

    #[test]
    fn wrapped_arrays_and_lone_objects() {
        let p = profile(
            "api.json",
            r#"{"count":2,"results":[{"id":1},{"id":2}]}"#,
            Format::Json,
        )
        .unwrap();
        assert_eq!(p.tables.len(), 1);
        assert_eq!(p.tables[0].name, "results");
        let p = profile(
            "konfig.json",
            r#"{"pruefstand":"PS-01","grenzen":{"max":40}}"#,
            Format::Json,
        )
        .unwrap();
        assert_eq!(p.tables[0].rows, 1);
        assert_eq!(p.tables[0].columns[1].name, "grenzen.max");
    }

    #[test]
    fn malformed_and_deep_json_are_issues() {
        let err = profile("x.json", "{\"a\": tru", Format::Json).unwrap_err();
        assert_eq!(err.code, "json_syntax");
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        let err = profile("d.json", &deep, Format::Json).unwrap_err();
        assert_eq!(err.code, "json_too_deep");
        // Damage after readable records: a partial profile.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("teil.json");
        std::fs::write(&path, "[{\"a\":1},{\"a\":2},{\"a\":").unwrap();
        let request = ProfileRequest::new(
            Format::Json,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        let partial = profile_file(&path, &request).unwrap();
        assert_eq!(partial.profile.tables[0].rows, 2);
        assert_eq!(partial.damage.unwrap().code, "json_syntax");
    }
}
