//! DICOM: the header only, never pixel data.
//!
//! A small parser walks the data elements (explicit or implicit VR, little or big
//! endian, deflated data sets) from the start of the file up to the first element
//! after the patient module (group 0x0012) or the pixel data, whichever comes first;
//! values are read only for the dozen tags it needs, everything else is skipped by
//! length, undefined-length sequences item by item. Bounded reads throughout: a
//! damaged length field cannot make it allocate or loop.
//!
//! It reports the modality, the study (and series, acquisition, content) date range,
//! the declared character set, which patient fields are filled and whether the object
//! is de-identified (no name, birth date or id, or *Patient Identity Removed* = YES).

use std::fs::File;
use std::io::{self, BufReader, Read};

use chrono::NaiveDate;

use super::{Context, Count, DateRange, HealthSummary};
use crate::scan::Issue;

/// Bytes of header read at most (a header this long is damaged or unusual).
const MAX_HEADER: u64 = 64 << 20;
/// Bytes of one value read (longer values of wanted tags are cut).
const MAX_VALUE: u32 = 4096;
/// Nesting of sequences followed.
const MAX_DEPTH: u32 = 16;

/// How the data set is encoded.
#[derive(Clone, Copy, Debug)]
struct Syntax {
    explicit: bool,
    little: bool,
}

const EXPLICIT_LE: Syntax = Syntax {
    explicit: true,
    little: true,
};

/// Tags whose values are read.
mod tag {
    pub(super) const TRANSFER_SYNTAX: u32 = 0x0002_0010;
    pub(super) const CHARSET: u32 = 0x0008_0005;
    pub(super) const SOP_CLASS: u32 = 0x0008_0016;
    pub(super) const STUDY_DATE: u32 = 0x0008_0020;
    pub(super) const SERIES_DATE: u32 = 0x0008_0021;
    pub(super) const ACQUISITION_DATE: u32 = 0x0008_0022;
    pub(super) const CONTENT_DATE: u32 = 0x0008_0023;
    pub(super) const MODALITY: u32 = 0x0008_0060;
    pub(super) const PATIENT_NAME: u32 = 0x0010_0010;
    pub(super) const PATIENT_ID: u32 = 0x0010_0020;
    pub(super) const BIRTH_DATE: u32 = 0x0010_0030;
    pub(super) const SEX: u32 = 0x0010_0040;
    pub(super) const OTHER_IDS: u32 = 0x0010_1000;
    pub(super) const OTHER_NAMES: u32 = 0x0010_1001;
    pub(super) const ADDRESS: u32 = 0x0010_1040;
    pub(super) const PHONE: u32 = 0x0010_2154;
    pub(super) const IDENTITY_REMOVED: u32 = 0x0012_0062;
    pub(super) const PIXEL_DATA: u32 = 0x7FE0_0010;
    pub(super) const ITEM: u32 = 0xFFFE_E000;
    pub(super) const ITEM_END: u32 = 0xFFFE_E00D;
    pub(super) const SEQUENCE_END: u32 = 0xFFFE_E0DD;
}

/// What the header says.
#[derive(Default, Debug)]
struct Header {
    charset: Option<String>,
    sop_class: Option<String>,
    modality: Option<String>,
    dates: Vec<String>,
    name: bool,
    id: bool,
    birth_date: bool,
    sex: bool,
    other_ids: bool,
    address: bool,
    phone: bool,
    identity_removed: bool,
    transfer_syntax: Option<String>,
}

/// A reader that counts bytes, stops at the header limit and can look ahead.
struct Source<R> {
    inner: R,
    read: u64,
    ahead: Vec<u8>,
}

impl<R: Read> Source<R> {
    fn new(inner: R) -> Source<R> {
        Source {
            inner,
            read: 0,
            ahead: Vec::new(),
        }
    }

    fn exact(&mut self, buf: &mut [u8]) -> io::Result<()> {
        if self.read + buf.len() as u64 > MAX_HEADER {
            return Err(io::Error::other("header too long"));
        }
        let from_ahead = self.ahead.len().min(buf.len());
        buf[..from_ahead].copy_from_slice(&self.ahead[..from_ahead]);
        self.ahead.drain(..from_ahead);
        self.inner.read_exact(&mut buf[from_ahead..])?;
        self.read += buf.len() as u64;
        Ok(())
    }

    /// Up to `n` bytes ahead, without consuming them (fewer at the end of the file).
    fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.ahead.len() < n {
            let mut b = [0u8; 1];
            if self.inner.read(&mut b)? == 0 {
                break;
            }
            self.ahead.push(b[0]);
        }
        Ok(&self.ahead[..self.ahead.len().min(n)])
    }

    /// The group number of the next element, without consuming it (`None` at the end).
    fn peek_group(&mut self, little: bool) -> io::Result<Option<u16>> {
        let &[b0, b1] = self.peek(2)? else {
            return Ok(None);
        };
        let b = [b0, b1];
        Ok(Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }))
    }

    fn skip(&mut self, n: u64) -> io::Result<()> {
        if self.read + n > MAX_HEADER {
            return Err(io::Error::other("header too long"));
        }
        let from_ahead = (self.ahead.len() as u64).min(n);
        self.ahead.drain(..from_ahead as usize);
        self.read += from_ahead;
        let n = n - from_ahead;
        let copied = io::copy(&mut (&mut self.inner).take(n), &mut io::sink())?;
        self.read += copied;
        if copied < n {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(())
    }

    fn u16(&mut self, little: bool) -> io::Result<u16> {
        let mut b = [0u8; 2];
        self.exact(&mut b)?;
        Ok(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }

    fn u32(&mut self, little: bool) -> io::Result<u32> {
        let mut b = [0u8; 4];
        self.exact(&mut b)?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }
}

/// VRs with a 4-byte length in explicit encoding.
fn long_vr(vr: &[u8; 2]) -> bool {
    matches!(
        vr,
        b"OB"
            | b"OD"
            | b"OF"
            | b"OL"
            | b"OV"
            | b"OW"
            | b"SQ"
            | b"SV"
            | b"UC"
            | b"UN"
            | b"UR"
            | b"UT"
            | b"UV"
    )
}

/// Whether an element header (tag, then VR or length) carries an explicit VR: two
/// upper-case letters after the 4-byte tag.
fn has_vr(header: &[u8]) -> bool {
    header.len() >= 6 && header[4].is_ascii_uppercase() && header[5].is_ascii_uppercase()
}

/// One element's header.
struct Element {
    tag: u32,
    length: u32,
    sequence: bool,
}

fn element<R: Read>(src: &mut Source<R>, syntax: Syntax) -> io::Result<Element> {
    let group = src.u16(syntax.little)?;
    let number = src.u16(syntax.little)?;
    let tag = (u32::from(group) << 16) | u32::from(number);
    // Item and delimiter tags have no VR, even in explicit syntax.
    if group == 0xFFFE {
        let length = src.u32(syntax.little)?;
        return Ok(Element {
            tag,
            length,
            sequence: false,
        });
    }
    if syntax.explicit {
        let mut vr = [0u8; 2];
        src.exact(&mut vr)?;
        if !(vr[0].is_ascii_uppercase() && vr[1].is_ascii_uppercase()) {
            return Err(io::Error::other("bad VR"));
        }
        let length = if long_vr(&vr) {
            src.skip(2)?;
            src.u32(syntax.little)?
        } else {
            u32::from(src.u16(syntax.little)?)
        };
        Ok(Element {
            tag,
            length,
            sequence: &vr == b"SQ",
        })
    } else {
        let length = src.u32(syntax.little)?;
        Ok(Element {
            tag,
            length,
            sequence: false,
        })
    }
}

const UNDEFINED: u32 = 0xFFFF_FFFF;

/// Skips an undefined-length value: a sequence of items (or encapsulated fragments)
/// up to its delimiter.
fn skip_undefined<R: Read>(src: &mut Source<R>, syntax: Syntax, depth: u32) -> io::Result<()> {
    if depth > MAX_DEPTH {
        return Err(io::Error::other("nesting too deep"));
    }
    loop {
        let e = element(src, syntax)?;
        match e.tag {
            tag::SEQUENCE_END => return Ok(()),
            tag::ITEM if e.length == UNDEFINED => skip_item(src, syntax, depth + 1)?,
            tag::ITEM => src.skip(u64::from(e.length))?,
            _ => return Err(io::Error::other("unexpected element in sequence")),
        }
    }
}

/// Skips the elements of an undefined-length item up to its delimiter.
fn skip_item<R: Read>(src: &mut Source<R>, syntax: Syntax, depth: u32) -> io::Result<()> {
    if depth > MAX_DEPTH {
        return Err(io::Error::other("nesting too deep"));
    }
    loop {
        let e = element(src, syntax)?;
        if e.tag == tag::ITEM_END {
            return Ok(());
        }
        if e.length == UNDEFINED {
            skip_undefined(src, syntax, depth + 1)?;
        } else {
            src.skip(u64::from(e.length))?;
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .to_owned()
}

/// Reads elements into `header` until past the patient module or the pixel data.
fn walk<R: Read>(
    src: &mut Source<R>,
    syntax: Syntax,
    header: &mut Header,
    meta: bool,
) -> io::Result<bool> {
    loop {
        if meta && src.peek_group(syntax.little)? != Some(0x0002) {
            return Ok(true);
        }
        let e = match element(src, syntax) {
            Ok(e) => e,
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(err) => return Err(err),
        };
        let group = e.tag >> 16;
        if e.tag == tag::PIXEL_DATA || (!meta && group > 0x0012) {
            return Ok(true);
        }
        if e.length == UNDEFINED {
            skip_undefined(src, syntax, 0)?;
            continue;
        }
        let wanted = matches!(
            e.tag,
            tag::TRANSFER_SYNTAX
                | tag::CHARSET
                | tag::SOP_CLASS
                | tag::STUDY_DATE
                | tag::SERIES_DATE
                | tag::ACQUISITION_DATE
                | tag::CONTENT_DATE
                | tag::MODALITY
                | tag::PATIENT_NAME
                | tag::PATIENT_ID
                | tag::BIRTH_DATE
                | tag::SEX
                | tag::OTHER_IDS
                | tag::OTHER_NAMES
                | tag::ADDRESS
                | tag::PHONE
                | tag::IDENTITY_REMOVED
        ) && !e.sequence;
        if !wanted {
            src.skip(u64::from(e.length))?;
            continue;
        }
        let keep = e.length.min(MAX_VALUE) as usize;
        let mut value = vec![0u8; keep];
        src.exact(&mut value)?;
        src.skip(u64::from(e.length) - keep as u64)?;
        let v = text(&value);
        let filled = !v.is_empty();
        match e.tag {
            tag::TRANSFER_SYNTAX => header.transfer_syntax = Some(v),
            tag::CHARSET => header.charset = filled.then_some(v),
            tag::SOP_CLASS => header.sop_class = filled.then_some(v),
            tag::MODALITY => header.modality = filled.then_some(v),
            tag::STUDY_DATE | tag::SERIES_DATE | tag::ACQUISITION_DATE | tag::CONTENT_DATE
                if filled =>
            {
                header.dates.push(v);
            }
            tag::PATIENT_NAME | tag::OTHER_NAMES => header.name |= filled,
            tag::PATIENT_ID => header.id |= filled,
            tag::OTHER_IDS => header.other_ids |= filled,
            tag::BIRTH_DATE => header.birth_date |= filled,
            tag::SEX => header.sex |= filled,
            tag::ADDRESS => header.address |= filled,
            tag::PHONE => header.phone |= filled,
            tag::IDENTITY_REMOVED => header.identity_removed = v.eq_ignore_ascii_case("YES"),
            _ => {}
        }
    }
}

/// Profiles a DICOM file from its header.
pub(crate) fn read(file: File, cx: &mut Context<'_>) -> Result<(), Issue> {
    let mut src = Source::new(BufReader::with_capacity(64 * 1024, file));
    let mut header = Header::default();
    let mut start = [0u8; 132];
    let io_issue = |e: &io::Error| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            Issue::new("dicom_truncated")
        } else if e.kind() == io::ErrorKind::Other {
            Issue::with("dicom_unreadable", super::scrub(&e.to_string()))
        } else {
            crate::scan::issue_from_io(e)
        }
    };
    // With a preamble, the file meta group (explicit VR little endian) follows "DICM".
    let head_len = read_up_to(&mut src, &mut start).map_err(|e| io_issue(&e))?;
    let complete = if head_len == 132 && &start[128..132] == b"DICM" {
        walk(&mut src, EXPLICIT_LE, &mut header, true)
            .map_err(|e| io_issue(&e))
            .and_then(|_| data_set(&mut src, &mut header, io_issue))
    } else {
        // No preamble: the data set starts at byte 0, explicit or implicit VR; a first
        // group 0x0008 written `00 08` is big-endian.
        let syntax = Syntax {
            explicit: has_vr(&start[..head_len]),
            little: !(head_len >= 2 && start[0] == 0 && start[1] != 0),
        };
        let mut again = Source::new(io::Cursor::new(start[..head_len].to_vec()).chain(src.inner));
        walk(&mut again, syntax, &mut header, false).map_err(|e| io_issue(&e))
    };
    let damage = match complete {
        Ok(true) => None,
        Ok(false) => Some(Issue::new("dicom_truncated")),
        Err(issue) => Some(issue),
    };
    summarise(header, cx);
    match damage {
        // A header cut off after the patient module still told everything needed.
        Some(issue) if issue.code == "dicom_truncated" => {
            cx.note("dicom_truncated", None);
            Ok(())
        }
        Some(issue) => Err(issue),
        None => Ok(()),
    }
}

fn read_up_to<R: Read>(src: &mut Source<R>, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    debug_assert!(src.ahead.is_empty());
    while n < buf.len() {
        let got = src.inner.read(&mut buf[n..])?;
        if got == 0 {
            break;
        }
        n += got;
    }
    src.read += n as u64;
    Ok(n)
}

/// Reads the data set after the meta group in its transfer syntax. Writers that
/// declare an explicit-VR syntax but write implicit VR exist: when the first element
/// carries no VR, the data set is read as implicit VR, as DCMTK and pydicom do.
fn data_set<R: Read>(
    src: &mut Source<R>,
    header: &mut Header,
    io_issue: impl Fn(&io::Error) -> Issue,
) -> Result<bool, Issue> {
    let ts = header.transfer_syntax.clone().unwrap_or_default();
    let ts = ts.trim_end_matches('\0');
    if ts == "1.2.840.10008.1.2.1.99" {
        // Deflated explicit VR little endian.
        let ahead = std::mem::take(&mut src.ahead);
        let mut inflated = Source::new(flate2::read::DeflateDecoder::new(
            io::Cursor::new(ahead).chain(&mut src.inner),
        ));
        return walk(&mut inflated, EXPLICIT_LE, header, false).map_err(|e| io_issue(&e));
    }
    let first = src.peek(6).map_err(|e| io_issue(&e))?;
    let written_explicit = first.len() < 6 || first[..2] == [0xFE, 0xFF] || has_vr(first);
    let syntax = match ts {
        "1.2.840.10008.1.2" => Syntax {
            explicit: false,
            little: true,
        },
        "1.2.840.10008.1.2.2" => Syntax {
            explicit: written_explicit,
            little: false,
        },
        _ => Syntax {
            explicit: written_explicit,
            little: true,
        },
    };
    walk(src, syntax, header, false).map_err(|e| io_issue(&e))
}

fn summarise(header: Header, cx: &mut Context<'_>) {
    let today = cx.today();
    let mut dates: Vec<NaiveDate> = header
        .dates
        .iter()
        .filter_map(|d| NaiveDate::parse_from_str(d.get(..8)?, "%Y%m%d").ok())
        .filter(|d| *d <= today)
        .collect();
    dates.sort();
    let mut person_fields = Vec::new();
    for (filled, name) in [
        (header.address, "address"),
        (header.birth_date, "birth_date"),
        (header.sex, "gender"),
        (header.id || header.other_ids, "identifier"),
        (header.name, "name"),
        (header.phone, "phone"),
    ] {
        if filled {
            person_fields.push(name.to_owned());
        }
    }
    let identifying = header.name
        || header.id
        || header.birth_date
        || header.other_ids
        || header.address
        || header.phone;
    let summary = HealthSummary {
        standard: "DICOM".to_owned(),
        contents: vec![Count {
            label: header.modality.clone().unwrap_or_else(|| "?".to_owned()),
            count: 1,
        }],
        person_fields,
        de_identified: Some(header.identity_removed || !identifying),
        dates: dates.first().zip(dates.last()).map(|(lo, hi)| DateRange {
            min: lo.to_string(),
            max: hi.to_string(),
        }),
        charset: header.charset,
    };
    cx.set_health(summary, identifying);
}

#[cfg(test)]
mod tests {
    use super::super::{ProfileRequest, profile_file};
    use crate::scan::Format;

    fn el(tag: (u16, u16), vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&tag.0.to_le_bytes());
        v.extend_from_slice(&tag.1.to_le_bytes());
        v.extend_from_slice(vr);
        let mut value = value.to_vec();
        if value.len() % 2 == 1 {
            value.push(b' ');
        }
        if matches!(vr, b"SQ" | b"OB" | b"UN") {
            v.extend_from_slice(&[0, 0]);
            v.extend_from_slice(&(value.len() as u32).to_le_bytes());
        } else {
            v.extend_from_slice(&(value.len() as u16).to_le_bytes());
        }
        v.extend_from_slice(&value);
        v
    }

    fn dicom(name: &[u8], removed: bool) -> Vec<u8> {
        let mut f = vec![0u8; 128];
        f.extend_from_slice(b"DICM");
        f.extend(el((2, 0x10), b"UI", b"1.2.840.10008.1.2.1\0"));
        f.extend(el((8, 5), b"CS", b"ISO_IR 100"));
        f.extend(el((8, 0x20), b"DA", b"20241202"));
        // An undefined-length sequence with one undefined-length item.
        f.extend_from_slice(&[
            0x08, 0x00, 0x40, 0x11, b'S', b'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        f.extend_from_slice(&[0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        f.extend(el((8, 0x1150), b"UI", b"1.2.3"));
        f.extend_from_slice(&[0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0]);
        f.extend_from_slice(&[0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
        f.extend(el((8, 0x60), b"CS", b"ECG"));
        f.extend(el((0x10, 0x10), b"PN", name));
        f.extend(el(
            (0x10, 0x20),
            b"LO",
            if name.is_empty() { b"" } else { b"KAW-1" },
        ));
        f.extend(el(
            (0x10, 0x30),
            b"DA",
            if name.is_empty() { b"" } else { b"19830516" },
        ));
        if removed {
            f.extend(el((0x12, 0x62), b"CS", b"YES"));
        }
        f.extend(el((0x7FE0, 0x10), b"OB", &[1, 2, 3, 4]));
        f
    }

    fn profile(bytes: &[u8]) -> super::super::Profiled {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bild.dcm");
        std::fs::write(&path, bytes).unwrap();
        let request = ProfileRequest::new(
            Format::Dicom,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        profile_file(&path, &request).unwrap()
    }

    #[test]
    fn identified_and_de_identified_headers() {
        let p = profile(&dicom("Bauer^Björn".as_bytes(), false)).profile;
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.contents[0].label, "ECG");
        assert_eq!(h.charset.as_deref(), Some("ISO_IR 100"));
        assert_eq!(h.de_identified, Some(false));
        assert_eq!(h.person_fields, ["birth_date", "identifier", "name"]);
        assert_eq!(h.dates.as_ref().unwrap().min, "2024-12-02");
        assert!(p.personal_data && p.special_category);
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("Bauer") && !json.contains("19830516"));

        let p = profile(&dicom(b"", true)).profile;
        assert_eq!(p.health.as_ref().unwrap().de_identified, Some(true));
        assert!(!p.personal_data && !p.special_category);
    }

    /// An element in implicit VR little endian: tag, 32-bit length, value.
    fn implicit(tag: (u16, u16), value: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&tag.0.to_le_bytes());
        v.extend_from_slice(&tag.1.to_le_bytes());
        v.extend_from_slice(&(value.len() as u32).to_le_bytes());
        v.extend_from_slice(value);
        v
    }

    /// An element in explicit VR big endian with a 16-bit length.
    fn big_endian(tag: (u16, u16), vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&tag.0.to_be_bytes());
        v.extend_from_slice(&tag.1.to_be_bytes());
        v.extend_from_slice(vr);
        v.extend_from_slice(&(value.len() as u16).to_be_bytes());
        v.extend_from_slice(value);
        v
    }

    #[test]
    fn implicit_data_set_behind_an_explicit_transfer_syntax_is_read() {
        // JPEG baseline declares explicit VR; some writers still write implicit VR.
        let mut f = vec![0u8; 128];
        f.extend_from_slice(b"DICM");
        f.extend(el((2, 0x10), b"UI", b"1.2.840.10008.1.2.4.50\0"));
        f.extend(implicit((8, 0x20), b"20200217"));
        f.extend(implicit((8, 0x60), b"OT"));
        f.extend(implicit((0x10, 0x10), b"Bauer^Anna"));
        f.extend(implicit((0x10, 0x30), b"19800101"));
        let p = profile(&f).profile;
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.contents[0].label, "OT");
        assert_eq!(h.person_fields, ["birth_date", "name"]);
        assert_eq!(h.dates.as_ref().unwrap().min, "2020-02-17");
    }

    #[test]
    fn big_endian_data_set_without_preamble_is_read() {
        let mut f = big_endian((8, 5), b"CS", b"ISO_IR 100");
        f.extend(big_endian((8, 0x60), b"CS", b"MR"));
        f.extend(big_endian((0x10, 0x10), b"PN", b"Meier^Jan "));
        let p = profile(&f).profile;
        let h = p.health.as_ref().unwrap();
        assert_eq!(h.contents[0].label, "MR");
        assert_eq!(h.charset.as_deref(), Some("ISO_IR 100"));
        assert_eq!(h.person_fields, ["name"]);
    }

    #[test]
    fn truncated_and_garbage_headers_do_not_panic() {
        let full = dicom(b"Muster^Max", false);
        for cut in [10, 130, 140, 200, full.len() - 3] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("x.dcm");
            std::fs::write(&path, &full[..cut]).unwrap();
            let request = ProfileRequest::new(
                Format::Dicom,
                chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
            );
            let _ = profile_file(&path, &request);
        }
        let mut garbage = full.clone();
        for b in garbage.iter_mut().skip(140).step_by(7) {
            *b = 0xFF;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.dcm");
        std::fs::write(&path, &garbage).unwrap();
        let request = ProfileRequest::new(
            Format::Dicom,
            chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
        );
        let _ = profile_file(&path, &request);
    }
}
