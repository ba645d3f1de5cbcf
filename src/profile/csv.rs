//! Delimited text (CSV, TSV), streamed with `csv-core` in constant memory.
//!
//! The scanner named the encoding and the delimiter. Records are read into one
//! reusable buffer of at most [`ProfileLimits::max_record_bytes`]; a longer record
//! (a 100 MiB line, an unclosed quote swallowing the rest of the file) is cut there and
//! noted, so memory stays bounded by the limit, never by the file. Quoting follows RFC
//! 4180 (`""` escapes a quote); CR, LF and CRLF all end records. The header row is
//! found among the first rows (title rows above it are skipped); rows with another
//! number of fields than the header are ragged: counted, not fatal.
//!
//! [`ProfileLimits::max_record_bytes`]: super::ProfileLimits::max_record_bytes

use std::borrow::Cow;
use std::cell::Cell as StdCell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::column::{Cell, NumberStyle, Origin};
use super::table::{Shape, TableBuilder, find_header, shape_of_text};
use super::text::{Decoding, utf8_reader};
use super::{Context, scrub};
use crate::scan::Issue;

/// Rows looked at to find the header.
const HEADER_WINDOW: usize = 30;
/// Bytes of the first rows kept while looking for the header.
const HEADER_WINDOW_BYTES: usize = 1 << 20;
/// Fields kept per record (more are counted as ragged, not profiled).
const MAX_FIELDS: usize = 1 << 16;

/// Counts the raw bytes read from the file (for planning the detector sample).
struct Counting<R> {
    inner: R,
    read: Rc<StdCell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// One record: field contents back to back and where each field ends.
struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// Fields in the record (may exceed `ends` when cut).
    fields: usize,
    cut: bool,
}

impl Record {
    fn field(&self, i: usize) -> &[u8] {
        let cap = self.bytes.len();
        let start = if i == 0 { 0 } else { self.ends[i - 1].min(cap) };
        let end = self.ends[i].min(cap);
        &self.bytes[start.min(end)..end]
    }

    fn is_blank(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_whitespace)
    }
}

/// Reads records with a bounded buffer.
struct Records<'r> {
    core: Reader,
    input: BufReader<Box<dyn Read + 'r>>,
    out: Vec<u8>,
    ends: Vec<usize>,
    max_bytes: usize,
    scratch: Vec<u8>,
    scratch_ends: Vec<usize>,
    done: bool,
}

thread_local! {
    /// Parsers built on this thread, by delimiter: building one compiles a state
    /// machine, which costs more than profiling a small file.
    static PARSERS: std::cell::RefCell<Vec<(u8, Reader)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn parser(delimiter: u8) -> Reader {
    let cached = PARSERS.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|(d, _)| *d == delimiter)?;
        Some(p.swap_remove(i).1)
    });
    cached.unwrap_or_else(|| ReaderBuilder::new().delimiter(delimiter).build())
}

fn give_back(delimiter: u8, mut reader: Reader) {
    reader.reset();
    PARSERS.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() < 8 {
            p.push((delimiter, reader));
        }
    });
}

impl<'r> Records<'r> {
    fn new(input: Box<dyn Read + 'r>, delimiter: u8, max_bytes: usize, size: u64) -> Records<'r> {
        // Small files get small buffers (zeroing them is measurable over many files).
        let buffer = (size as usize + 1).clamp(4 * 1024, 256 * 1024);
        Records {
            core: parser(delimiter),
            input: BufReader::with_capacity(buffer, input),
            out: vec![0; buffer.min(64 * 1024)],
            ends: vec![0; 64],
            max_bytes: max_bytes.max(1024),
            scratch: Vec::new(),
            scratch_ends: vec![0; 1024],
            done: false,
        }
    }

    /// Reads the next record into the buffers: `(bytes, fields kept, fields in the
    /// record, whether it was cut)`, or `None` at the end.
    fn advance(&mut self) -> std::io::Result<Option<(usize, usize, usize, bool)>> {
        if self.done {
            return Ok(None);
        }
        let (mut outlen, mut endlen) = (0usize, 0usize);
        let mut cut = false;
        let mut lost_fields = 0usize;
        loop {
            let input = self.input.fill_buf()?;
            let writing = outlen < self.out.len();
            let ends_room = endlen < self.ends.len();
            let (res, nin, nout, nend) = {
                let out: &mut [u8] = if writing {
                    &mut self.out[outlen..]
                } else {
                    if self.scratch.is_empty() {
                        self.scratch = vec![0; 64 * 1024];
                    }
                    &mut self.scratch
                };
                let ends: &mut [usize] = if ends_room {
                    &mut self.ends[endlen..]
                } else {
                    &mut self.scratch_ends
                };
                self.core.read_record(input, out, ends)
            };
            self.input.consume(nin);
            if writing {
                outlen += nout;
            }
            if ends_room {
                endlen += nend;
            } else {
                lost_fields += nend;
            }
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if self.out.len() < self.max_bytes {
                        let grown = (self.out.len() * 2).min(self.max_bytes);
                        self.out.resize(grown, 0);
                    } else {
                        cut = true;
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() < MAX_FIELDS {
                        let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                        self.ends.resize(grown, 0);
                    }
                }
                ReadRecordResult::Record => {
                    return Ok(Some((outlen, endlen, endlen + lost_fields, cut)));
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }

    /// The next record as an owned copy, or `None` at the end.
    fn next(&mut self) -> std::io::Result<Option<Record>> {
        Ok(self.advance()?.map(|(outlen, endlen, fields, cut)| Record {
            bytes: self.out[..outlen].to_vec(),
            ends: self.ends[..endlen].to_vec(),
            fields,
            cut,
        }))
    }

    /// Hands every further record to `each` without copying: `(bytes, ends, fields in
    /// the record, cut)`.
    fn for_each(
        &mut self,
        mut each: impl FnMut(&[u8], &[usize], usize, bool) -> Result<(), Issue>,
    ) -> Result<(), Issue> {
        while let Some((outlen, endlen, fields, cut)) =
            self.advance().map_err(|e| read_issue(&e))?
        {
            each(&self.out[..outlen], &self.ends[..endlen], fields, cut)?;
        }
        Ok(())
    }
}

fn read_issue(e: &std::io::Error) -> Issue {
    if e.kind() == std::io::ErrorKind::InvalidData {
        Issue::with("read_failed", scrub(&e.to_string()))
    } else {
        crate::scan::issue_from_io(e)
    }
}

/// A field as text: trimmed; invalid UTF-8 is replaced (and counted).
fn field_text<'b>(bytes: &'b [u8], invalid: &mut u64) -> Cow<'b, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            *invalid += 1;
            String::from_utf8_lossy(bytes)
        }
    }
}

/// Profiles a delimited text file.
pub(crate) fn read(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let request = cx.request;
    let delimiter = request.delimiter.unwrap_or(match request.format {
        crate::scan::Format::Tsv => b'\t',
        _ => b',',
    });
    let decoding = Decoding::for_label(request.encoding.as_deref());
    let german = delimiter == b';'
        || matches!(decoding, Decoding::Whatwg(e) if e == encoding_rs::WINDOWS_1252);
    let style = if german {
        NumberStyle::German
    } else {
        NumberStyle::English
    };
    let consumed = Rc::new(StdCell::new(0u64));
    let counting = Counting {
        inner: file,
        read: Rc::clone(&consumed),
    };
    let mut records = Records::new(
        utf8_reader(counting, decoding),
        delimiter,
        cx.limits().max_record_bytes,
        cx.size,
    );

    // The first rows, to find the header.
    let mut head: Vec<Record> = Vec::new();
    let mut head_bytes = 0;
    while head.len() < HEADER_WINDOW && head_bytes < HEADER_WINDOW_BYTES {
        match records.next().map_err(|e| read_issue(&e))? {
            Some(r) if r.is_blank() => continue,
            Some(r) => {
                head_bytes += r.bytes.len();
                head.push(r);
            }
            None => break,
        }
    }
    let today = cx.today();
    let mut invalid_utf8 = 0u64;
    let shapes: Vec<Vec<Shape>> = head
        .iter()
        .map(|r| {
            (0..r.ends.len())
                .map(|i| shape_of_text(&field_text(r.field(i), &mut invalid_utf8), today))
                .collect()
        })
        .collect();
    let choice = find_header(&shapes);
    let (headers, header_row): (Vec<String>, Option<u64>) = match choice.header {
        Some(h) => {
            let r = &head[h];
            (
                (0..r.ends.len())
                    .map(|i| field_text(r.field(i), &mut invalid_utf8).trim().to_owned())
                    .collect(),
                Some(h as u64),
            )
        }
        None => {
            let width = usual_width(&head[choice.data_start.min(head.len())..]);
            (vec![String::new(); width], None)
        }
    };
    let mut table = TableBuilder::new(
        cx.stem.clone(),
        headers,
        header_row,
        cx.settings(Origin::Text, style),
        cx.limits(),
    );
    let mut cut_records = 0u64;
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    for r in head.iter().skip(choice.data_start) {
        cut_records += u64::from(r.cut);
        fields.clear();
        fields.extend((0..r.ends.len()).map(|i| field_text(r.field(i), &mut invalid_utf8)));
        let width = r.fields;
        table.row(width, |i| {
            fields
                .get(i)
                .map_or(Cell::Empty, |f| Cell::Text(f.as_ref()))
        });
    }
    drop(fields);
    drop(head);

    // The rest, streamed.
    let size = cx.size;
    let mut next_plan = 1024u64;
    let mut owned: Vec<String> = Vec::new();
    let result = records.for_each(|bytes, ends, width, cut| {
        cx.check()?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        cut_records += u64::from(cut);
        let cap = bytes.len();
        let field = |i: usize| {
            let start = if i == 0 { 0 } else { ends[i - 1].min(cap) };
            let end = ends[i].min(cap);
            &bytes[start.min(end)..end]
        };
        // Text of every field; invalid UTF-8 (rare) is replaced.
        if std::str::from_utf8(bytes).is_ok() {
            table.row(width, |i| {
                if i < ends.len() {
                    Cell::Text(std::str::from_utf8(field(i)).unwrap_or(""))
                } else {
                    Cell::Empty
                }
            });
        } else {
            owned.clear();
            for i in 0..ends.len() {
                owned.push(field_text(field(i), &mut invalid_utf8).into_owned());
            }
            table.row(width, |i| {
                owned.get(i).map_or(Cell::Empty, |s| Cell::Text(s))
            });
        }
        let rows = table.rows();
        if rows >= next_plan {
            next_plan *= 2;
            let read = consumed.get().max(1);
            let estimate = (rows as f64 * size as f64 / read as f64) as u64;
            table.plan_rows(estimate.max(rows));
        }
        Ok(())
    });
    give_back(delimiter, records.core);
    let outcome = table.finish();
    cx.add_table(outcome);
    if cut_records > 0 {
        let detail = format!("{cut_records}");
        cx.note("long_records_cut", Some(&detail));
    }
    if invalid_utf8 > 0 && decoding.is_utf8() {
        let detail = invalid_utf8.to_string();
        cx.note("invalid_utf8", Some(&detail));
    }
    result
}

/// The most common number of fields among rows (columns of a file without header).
fn usual_width(rows: &[Record]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        match counts.iter_mut().find(|(w, _)| *w == r.ends.len()) {
            Some(c) => c.1 += 1,
            None => counts.push((r.ends.len(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(w, n)| (n, w))
        .map_or(0, |(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    fn profile(bytes: &[u8], delimiter: u8, encoding: &str) -> super::super::FileProfile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("daten.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut request = ProfileRequest::new(
            Format::Csv,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        request.delimiter = Some(delimiter);
        request.encoding = Some(encoding.to_owned());
        profile_file(&path, &request).unwrap().profile
    }

    #[test]
    fn german_semicolon_csv_in_windows_1252() {
        let p = profile(
            b"Name;Stra\xdfe;Betrag;Datum\r\nM\xfcller;Hauptstra\xdfe 1;1.234,56;31.12.2024\r\n\
              Meier;Weg 2;7,00;01.02.2024\r\n\r\nMeier;Weg 2;7,00;01.02.2024\r\n",
            b';',
            "windows-1252",
        );
        let t = &p.tables[0];
        assert_eq!(t.name, "daten");
        assert_eq!(t.rows, 3);
        assert_eq!(t.header_row, Some(0));
        assert_eq!(t.duplicate_rows, 1);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Name", "Straße", "Betrag", "Datum"]);
        assert_eq!(t.columns[2].kind, "decimal");
        assert_eq!(t.columns[2].max.as_deref(), Some("1234.56"));
        assert_eq!(t.columns[3].kind, "date");
        assert_eq!(p.temporal.as_ref().unwrap().max, "2024-12-31");
    }

    #[test]
    fn quotes_ragged_rows_and_title_lines() {
        let p = profile(
            b"Export vom 12.01.2025\n\na,b,c\n1,\"x,y\",3\n2,\"mehr\nzeilig\",4,5\n3\n",
            b',',
            "utf-8",
        );
        let t = &p.tables[0];
        assert_eq!(t.header_row, Some(1), "blank lines are not rows");
        assert_eq!(t.rows, 3);
        assert_eq!(t.ragged_rows, 2);
        assert_eq!(t.columns[1].distinct_estimate, 2);
        assert!(p.notes.iter().any(|n| n.code == "ragged_rows"));
    }

    #[test]
    fn long_records_are_cut_not_kept() {
        let mut bytes = b"id,text\n1,kurz\n2,".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 3 << 20));
        bytes.extend_from_slice(b"\n3,ende\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lang.csv");
        std::fs::write(&path, &bytes).unwrap();
        let mut request = ProfileRequest::new(
            Format::Csv,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        request.delimiter = Some(b',');
        request.limits.max_record_bytes = 1 << 20;
        let p = profile_file(&path, &request).unwrap().profile;
        assert_eq!(p.tables[0].rows, 3);
        assert_eq!(p.tables[0].columns[1].length_max, Some((1 << 20) - 1));
        assert!(p.notes.iter().any(|n| n.code == "long_records_cut"));
    }

    #[test]
    fn file_without_header() {
        let p = profile(
            b"de,berlin,3500000,52.5\nde,bonn,330000,50.7\n",
            b',',
            "utf-8",
        );
        let t = &p.tables[0];
        assert_eq!(t.header_row, None);
        assert_eq!(t.rows, 2);
        assert_eq!(t.columns.len(), 4);
        assert_eq!(t.columns[2].kind, "integer");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_noted() {
        let p = profile(b"a;b\nx\xff;1\ny;2\n", b';', "utf-8");
        assert_eq!(p.tables[0].rows, 2);
        assert!(p.notes.iter().any(|n| n.code == "invalid_utf8"));
    }
}
