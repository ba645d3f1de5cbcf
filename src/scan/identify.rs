//! Identify a file by its content.
//!
//! Only the head of a file (see [`HEAD_LEN`]) is read, plus, for containers whose
//! directory sits elsewhere (ZIP's central directory at the end, the OLE2 directory
//! sector), one more small read at a known offset. The file name's extension is only a
//! hint: it decides between formats the bytes cannot tell apart (a one-column CSV and
//! a text file) and is otherwise compared with the result, so a lying name becomes a
//! finding.

use std::io::{self, Read, Seek, SeekFrom};

use serde::{Deserialize, Serialize};

use super::issue::Issue;

/// How many bytes of a file's head identification reads.
pub const HEAD_LEN: usize = 8 * 1024;

/// What a file is, decided by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Comma-, semicolon- or pipe-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// Office Open XML workbook (also the binary variant `.xlsb`, detail `xlsb`).
    Xlsx,
    /// Excel workbook in the binary BIFF format: Excel 97–2003 in an OLE2 container,
    /// or the bare record stream of Excel 2.x–4.0 (detail `BIFF2` … `BIFF4`).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// JSON document.
    Json,
    /// Newline-delimited JSON (one object per line).
    Ndjson,
    /// Generic XML.
    Xml,
    /// HL7 FHIR resource or Bundle in JSON.
    FhirJson,
    /// HL7 FHIR resource or Bundle in XML.
    FhirXml,
    /// HL7 version 2 messages.
    Hl7v2,
    /// DICOM object (images and structured reports).
    Dicom,
    /// GDT, the device data interface of German practice software.
    Gdt,
    /// Another xDT format (LDT lab data, BDT/ADT practice data).
    Xdt,
    /// HL7 CDA document.
    Cda,
    /// PDF document.
    Pdf,
    /// Word document (Office Open XML).
    Docx,
    /// Word 97–2003 or another OLE2 office document.
    Doc,
    /// PowerPoint presentation (Office Open XML).
    Pptx,
    /// OpenDocument text or presentation.
    Odt,
    /// Plain text without a recognised structure.
    Text,
    /// Raster image (PNG, JPEG, TIFF, GIF, BMP, WebP).
    Image,
    /// Archive or compressed file (ZIP, 7z, tar, gzip, bzip2, xz, RAR).
    Archive,
    /// SQLite database.
    Sqlite,
    /// Apache Parquet columnar file.
    Parquet,
    /// A folder that could not be read (only recorded with an error).
    Folder,
    /// A symbolic link that was not followed or could not be resolved.
    Link,
    /// A FIFO, socket or device node; never opened.
    Special,
    /// Anything else.
    Unknown,
}

impl Format {
    /// The identifier used in the catalogue JSON (`fhir-json`, `hl7v2`, …).
    pub fn id(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Xml => "xml",
            Format::FhirJson => "fhir-json",
            Format::FhirXml => "fhir-xml",
            Format::Hl7v2 => "hl7v2",
            Format::Dicom => "dicom",
            Format::Gdt => "gdt",
            Format::Xdt => "xdt",
            Format::Cda => "cda",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pptx => "pptx",
            Format::Odt => "odt",
            Format::Text => "text",
            Format::Image => "image",
            Format::Archive => "archive",
            Format::Sqlite => "sqlite",
            Format::Parquet => "parquet",
            Format::Folder => "folder",
            Format::Link => "link",
            Format::Special => "special",
            Format::Unknown => "unknown",
        }
    }

    /// Parses an identifier written by [`Format::id`].
    pub fn from_id(id: &str) -> Option<Format> {
        ALL_FORMATS.iter().copied().find(|f| f.id() == id)
    }

    /// Whether the content is text (decoded with an encoding).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Format::Csv
                | Format::Tsv
                | Format::Json
                | Format::Ndjson
                | Format::Xml
                | Format::FhirJson
                | Format::FhirXml
                | Format::Hl7v2
                | Format::Gdt
                | Format::Xdt
                | Format::Cda
                | Format::Text
        )
    }

    /// Whether the file holds records a profiler can look into (tables or
    /// health-standard messages).
    pub fn is_structured_data(self) -> bool {
        matches!(
            self,
            Format::Csv
                | Format::Tsv
                | Format::Xlsx
                | Format::Xls
                | Format::Ods
                | Format::Json
                | Format::Ndjson
                | Format::Xml
                | Format::FhirJson
                | Format::FhirXml
                | Format::Hl7v2
                | Format::Dicom
                | Format::Gdt
                | Format::Xdt
                | Format::Cda
                | Format::Sqlite
                | Format::Parquet
        )
    }
}

const ALL_FORMATS: [Format; 29] = [
    Format::Csv,
    Format::Tsv,
    Format::Xlsx,
    Format::Xls,
    Format::Ods,
    Format::Json,
    Format::Ndjson,
    Format::Xml,
    Format::FhirJson,
    Format::FhirXml,
    Format::Hl7v2,
    Format::Dicom,
    Format::Gdt,
    Format::Xdt,
    Format::Cda,
    Format::Pdf,
    Format::Docx,
    Format::Doc,
    Format::Pptx,
    Format::Odt,
    Format::Text,
    Format::Image,
    Format::Archive,
    Format::Sqlite,
    Format::Parquet,
    Format::Folder,
    Format::Link,
    Format::Special,
    Format::Unknown,
];

/// The result of identifying one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identification {
    /// The format.
    pub format: Format,
    /// A finer label: image or archive kind, standard version (`png`, `gzip`,
    /// `GDT 2.10`, `HL7 v2.5 ADT^A01`).
    pub detail: Option<String>,
    /// Text encoding (lower-case WHATWG name, e.g. `utf-8`, `windows-1252`) for text
    /// formats.
    pub encoding: Option<&'static str>,
    /// Field delimiter for CSV/TSV.
    pub delimiter: Option<u8>,
    /// Why the file is damaged, when the structure check failed.
    pub damage: Option<Issue>,
}

impl Identification {
    fn new(format: Format) -> Self {
        Identification {
            format,
            detail: None,
            encoding: None,
            delimiter: None,
            damage: None,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn damaged(mut self, why: Issue) -> Self {
        self.damage = Some(why);
        self
    }
}

/// Identifies a file from its head and, for containers, small reads at known offsets.
///
/// `head` holds the first bytes of the file (at most [`HEAD_LEN`]), `size` the whole
/// file's size, `extension` the lower-case extension without the dot.
pub fn identify<R: Read + Seek>(
    file: &mut R,
    head: &[u8],
    size: u64,
    extension: Option<&str>,
) -> Identification {
    if size == 0 || head.is_empty() {
        return Identification::new(Format::Unknown).detail("empty");
    }
    if let Some(id) = identify_binary(file, head, size, extension) {
        return id;
    }
    identify_text(head, size as usize == head.len(), extension)
}

fn identify_binary<R: Read + Seek>(
    file: &mut R,
    head: &[u8],
    size: u64,
    extension: Option<&str>,
) -> Option<Identification> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some(identify_zip(file, head, size));
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(identify_ole(file, head, size, extension));
    }
    if head.len() >= 132 && &head[128..132] == b"DICM" {
        return Some(Identification::new(Format::Dicom).detail("DICOM Part 10"));
    }
    if let Some(pos) = find(&head[..head.len().min(1024)], b"%PDF-") {
        let version = head[pos + 5..]
            .iter()
            .take(3)
            .map(|&b| b as char)
            .collect::<String>();
        let mut id = Identification::new(Format::Pdf).detail(format!("PDF {version}"));
        if let Some(why) = check_pdf_tail(file, size) {
            id = id.damaged(why);
        }
        return Some(id);
    }
    if starts(b"SQLite format 3\0") {
        return Some(Identification::new(Format::Sqlite));
    }
    if starts(b"PAR1") {
        return Some(Identification::new(Format::Parquet));
    }
    let image = [
        (&b"\x89PNG\r\n\x1a\n"[..], "png"),
        (&b"\xFF\xD8\xFF"[..], "jpeg"),
        (&b"II*\0"[..], "tiff"),
        (&b"MM\0*"[..], "tiff"),
        (&b"GIF87a"[..], "gif"),
        (&b"GIF89a"[..], "gif"),
    ];
    for (magic, kind) in image {
        if starts(magic) {
            let mut id = Identification::new(Format::Image).detail(kind);
            if kind == "png"
                && head.len() == size as usize
                && !head.ends_with(b"IEND\xAE\x42\x60\x82")
            {
                id = id.damaged(Issue::new("png_truncated"));
            }
            return Some(id);
        }
    }
    if starts(b"RIFF") && head.len() >= 12 && &head[8..12] == b"WEBP" {
        return Some(Identification::new(Format::Image).detail("webp"));
    }
    if starts(b"BM") && head.len() >= 14 && u32_le(&head[2..6]) as u64 == size {
        return Some(Identification::new(Format::Image).detail("bmp"));
    }
    if starts(&[0x1F, 0x8B]) {
        let mut id = Identification::new(Format::Archive).detail("gzip");
        if head.len() < 18 || head[2] != 8 {
            id = id.damaged(Issue::new("gzip_bad"));
        }
        return Some(id);
    }
    if starts(b"7z\xBC\xAF\x27\x1C") {
        let mut id = Identification::new(Format::Archive).detail("7z");
        if head.len() < 32 {
            id = id.damaged(Issue::with("sevenz_truncated", "32"));
        } else {
            let next_offset = u64::from_le_bytes(head[12..20].try_into().unwrap_or_default());
            let next_size = u64::from_le_bytes(head[20..28].try_into().unwrap_or_default());
            let end = 32u64.saturating_add(next_offset).saturating_add(next_size);
            if end > size {
                id = id.damaged(Issue::with("sevenz_truncated", end.to_string()));
            }
        }
        return Some(id);
    }
    if starts(b"BZh") && head.len() > 4 && head[3].is_ascii_digit() {
        return Some(Identification::new(Format::Archive).detail("bzip2"));
    }
    if starts(&[0xFD, b'7', b'z', b'X', b'Z', 0x00]) {
        return Some(Identification::new(Format::Archive).detail("xz"));
    }
    if starts(b"Rar!\x1A\x07") {
        return Some(Identification::new(Format::Archive).detail("rar"));
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        let mut id = Identification::new(Format::Archive).detail("tar");
        if !tar_header_checksum_ok(&head[..512.min(head.len())]) {
            id = id.damaged(Issue::new("tar_checksum"));
        } else if !size.is_multiple_of(512) {
            id = id.damaged(Issue::new("tar_truncated"));
        }
        return Some(id);
    }
    if looks_like_dicom_without_preamble(head) {
        return Some(Identification::new(Format::Dicom).detail("DICOM without file meta"));
    }
    if let Some(version) = old_biff_version(head) {
        // Calamine reads BIFF5 and BIFF8 in their OLE2 container; the bare record
        // streams of Excel 2.x–4.0 it cannot open.
        return Some(
            Identification::new(Format::Xls)
                .detail(version)
                .damaged(Issue::with("xls_too_old", version)),
        );
    }
    if is_binary(head) {
        return Some(Identification::new(Format::Unknown).detail("binary"));
    }
    None
}

/// A DICOM data set written without the 128-byte preamble starts with a group 0x0008
/// element, usually (0008,0005) or (0008,0008)/(0008,0016): in little-endian order
/// with explicit or implicit VR, or in big-endian order with explicit VR (the retired
/// transfer syntax 1.2.840.10008.1.2.2).
fn looks_like_dicom_without_preamble(head: &[u8]) -> bool {
    if head.len() < 16 {
        return false;
    }
    let explicit = head[4].is_ascii_uppercase() && head[5].is_ascii_uppercase();
    match (head[0], head[1]) {
        (0x08, 0x00) => {
            let element = u16::from_le_bytes([head[2], head[3]]);
            // implicit VR: a 32-bit length follows the tag
            element <= 0x0100 && (explicit || u32_le(&head[4..8]) < 1024)
        }
        (0x00, 0x08) => u16::from_be_bytes([head[2], head[3]]) <= 0x0100 && explicit,
        _ => false,
    }
}

/// The BIFF version of an Excel 2.x–4.0 worksheet or workbook: these files are a bare
/// record stream that starts with a BOF record (id 0x0009, 0x0209 or 0x0409, 4 or 6
/// bytes long) naming the sheet type. Later versions sit inside an OLE2 container.
fn old_biff_version(head: &[u8]) -> Option<&'static str> {
    if head.len() < 8 || head[0] != 0x09 {
        return None;
    }
    let version = match (head[1], u16_le(&head[2..4])) {
        (0x00, 4) => "BIFF2",
        (0x02, 6) => "BIFF3",
        (0x04, 6) => "BIFF4",
        _ => return None,
    };
    // worksheet, chart, macro sheet, BIFF4 workbook
    matches!(u16_le(&head[6..8]), 0x0010 | 0x0020 | 0x0040 | 0x0100).then_some(version)
}

fn tar_header_checksum_ok(header: &[u8]) -> bool {
    if header.len() < 512 {
        return false;
    }
    let stored = std::str::from_utf8(&header[148..156])
        .ok()
        .map(|s| s.trim_matches(|c: char| c == '\0' || c == ' '))
        .and_then(|s| u32::from_str_radix(s, 8).ok());
    let sum: u32 = header[..512]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                b' ' as u32
            } else {
                b as u32
            }
        })
        .sum();
    stored == Some(sum)
}

/// A PDF ends with `%%EOF`; an encrypted one names its `/Encrypt` dictionary in the
/// trailer or cross-reference stream near the end.
fn check_pdf_tail<R: Read + Seek>(file: &mut R, size: u64) -> Option<Issue> {
    let tail = read_tail(file, size, 4096).ok()?;
    if find(&tail, b"%%EOF").is_none() {
        return Some(Issue::new("pdf_truncated"));
    }
    find(&tail, b"/Encrypt").map(|_| Issue::new("password_protected"))
}

fn read_tail<R: Read + Seek>(file: &mut R, size: u64, len: u64) -> io::Result<Vec<u8>> {
    let start = size.saturating_sub(len);
    file.seek(SeekFrom::Start(start))?;
    let mut buf = Vec::with_capacity((size - start) as usize);
    file.take(len).read_to_end(&mut buf)?;
    Ok(buf)
}

/// ZIP-based formats: decide by entry names. Local headers at the start usually name
/// `[Content_Types].xml`, `mimetype` or the first part; the central directory at the
/// end lists every entry and shows whether the archive is complete.
fn identify_zip<R: Read + Seek>(file: &mut R, head: &[u8], size: u64) -> Identification {
    let mut names = zip_local_names(head);
    let central = read_tail(file, size, 65_557)
        .ok()
        .and_then(|tail| zip_central_names(&tail, size));
    let damage = match &central {
        Some(Ok(central_names)) => {
            names.extend(central_names.iter().cloned());
            None
        }
        Some(Err(why)) => Some(why.clone()),
        None => Some(Issue::new("zip_truncated")),
    };
    let mimetype = zip_mimetype(head);
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let ends = |suffix: &str| names.iter().any(|n| n.ends_with(suffix));
    let mut id = if let Some(mime) = mimetype.as_deref() {
        match mime {
            "application/vnd.oasis.opendocument.spreadsheet" => Identification::new(Format::Ods),
            m if m.starts_with("application/vnd.oasis.opendocument.text")
                || m.starts_with("application/vnd.oasis.opendocument.presentation") =>
            {
                Identification::new(Format::Odt)
            }
            m => Identification::new(Format::Archive).detail(format!("zip ({m})")),
        }
    } else if ends("workbook.bin") {
        // Excel binary workbook: the OOXML package with binary parts.
        Identification::new(Format::Xlsx).detail("xlsb")
    } else if has("xl/") || (has("[Content_Types].xml") && ends("workbook.xml")) {
        // Usually `xl/workbook.xml`; the package's relationships may place it elsewhere.
        Identification::new(Format::Xlsx)
    } else if has("word/") {
        Identification::new(Format::Docx)
    } else if has("ppt/") {
        Identification::new(Format::Pptx)
    } else {
        Identification::new(Format::Archive).detail("zip")
    };
    if let Some(why) = damage {
        id = id.damaged(why);
    }
    id
}

fn zip_mimetype(head: &[u8]) -> Option<String> {
    // OpenDocument: the first entry is an uncompressed file named `mimetype`.
    if head.len() < 30 || !head.starts_with(b"PK\x03\x04") {
        return None;
    }
    let name_len = u16_le(&head[26..28]) as usize;
    let extra_len = u16_le(&head[28..30]) as usize;
    let method = u16_le(&head[8..10]);
    let data_len = u32_le(&head[18..22]) as usize;
    if head.get(30..30 + name_len)? != b"mimetype" || method != 0 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    let bytes = head.get(start..start + data_len.min(200))?;
    std::str::from_utf8(bytes).ok().map(|s| s.trim().to_owned())
}

fn zip_local_names(head: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut pos = 0;
    while let Some(off) = find(&head[pos..], b"PK\x03\x04") {
        let at = pos + off;
        let Some(hdr) = head.get(at..at + 30) else {
            break;
        };
        let name_len = u16_le(&hdr[26..28]) as usize;
        if let Some(name) = head.get(at + 30..at + 30 + name_len) {
            names.push(String::from_utf8_lossy(name).into_owned());
        }
        pos = at + 4;
    }
    names
}

/// Reads the end-of-central-directory record from the tail and the entry names from
/// the central directory when it lies within the tail. `None` when no EOCD record
/// exists (truncated), `Some(Err)` when it exists but points outside the file.
fn zip_central_names(tail: &[u8], size: u64) -> Option<Result<Vec<String>, Issue>> {
    let tail_start = size - tail.len() as u64;
    let eocd = rfind(tail, b"PK\x05\x06")?;
    let rec = tail.get(eocd..eocd + 22)?;
    let entries = u16_le(&rec[10..12]) as usize;
    let cd_size = u32_le(&rec[12..16]) as u64;
    let cd_offset = u32_le(&rec[16..20]) as u64;
    if cd_offset == 0xFFFF_FFFF || cd_size == 0xFFFF_FFFF {
        return Some(Ok(Vec::new())); // ZIP64: trust the local headers
    }
    let eocd_abs = tail_start + eocd as u64;
    if cd_offset + cd_size > eocd_abs {
        return Some(Err(Issue::with(
            "zip_bad_directory",
            (cd_offset + cd_size).to_string(),
        )));
    }
    let mut names = Vec::with_capacity(entries.min(4096));
    if cd_offset >= tail_start {
        let mut pos = (cd_offset - tail_start) as usize;
        for _ in 0..entries.min(4096) {
            let Some(hdr) = tail.get(pos..pos + 46) else {
                break;
            };
            if &hdr[..4] != b"PK\x01\x02" {
                return Some(Err(Issue::new("zip_bad_entry")));
            }
            let name_len = u16_le(&hdr[28..30]) as usize;
            let extra = u16_le(&hdr[30..32]) as usize;
            let comment = u16_le(&hdr[32..34]) as usize;
            if let Some(name) = tail.get(pos + 46..pos + 46 + name_len) {
                names.push(String::from_utf8_lossy(name).into_owned());
            }
            pos += 46 + name_len + extra + comment;
        }
    }
    Some(Ok(names))
}

/// OLE2 compound files: Excel 97–2003 has a `Workbook` (or `Book`) stream, Word a
/// `WordDocument` stream; an encrypted OOXML file carries an `EncryptedPackage`.
fn identify_ole<R: Read + Seek>(
    file: &mut R,
    head: &[u8],
    size: u64,
    extension: Option<&str>,
) -> Identification {
    let names = ole_directory_names(file, head, size).unwrap_or_default();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("Workbook") || has("Book") {
        Identification::new(Format::Xls)
    } else if has("WordDocument") {
        Identification::new(Format::Doc).detail("word")
    } else if has("PowerPoint Document") {
        Identification::new(Format::Doc).detail("powerpoint")
    } else if has("EncryptedPackage") {
        let format = match extension {
            Some("docx") => Format::Docx,
            Some("pptx") => Format::Pptx,
            _ => Format::Xlsx,
        };
        Identification::new(format)
            .detail("encrypted")
            .damaged(Issue::new("password_protected"))
    } else if names.is_empty() {
        Identification::new(Format::Doc)
            .detail("ole2")
            .damaged(Issue::new("ole_corrupt"))
    } else {
        Identification::new(Format::Doc).detail("ole2")
    }
}

fn ole_directory_names<R: Read + Seek>(
    file: &mut R,
    head: &[u8],
    size: u64,
) -> Option<Vec<String>> {
    if head.len() < 512 {
        return None;
    }
    let sector_shift = u16_le(&head[30..32]);
    if !(7..=16).contains(&sector_shift) {
        return None;
    }
    let sector_size = 1u64 << sector_shift;
    let first_dir = u32_le(&head[48..52]) as u64;
    let offset = (first_dir + 1) * sector_size;
    if offset + sector_size > size {
        return None;
    }
    let mut sector = vec![0u8; sector_size as usize];
    file.seek(SeekFrom::Start(offset)).ok()?;
    file.read_exact(&mut sector).ok()?;
    let mut names = Vec::new();
    for entry in sector.chunks_exact(128) {
        let len = (u16_le(&entry[64..66]) as usize).min(64);
        if len < 2 {
            continue;
        }
        let utf16: Vec<u16> = entry[..len - 2]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        names.push(String::from_utf16_lossy(&utf16));
    }
    Some(names)
}

/// Binary content: NUL bytes or many control characters in the first KiB (UTF-16
/// text is recognised by its byte-order mark before this is asked).
fn is_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || utf16_without_bom(head).is_some()
    {
        return false;
    }
    let sample = &head[..head.len().min(1024)];
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    control_bytes(sample) * 20 > sample.len()
}

/// How many bytes are control characters that text does not hold (all below 0x20
/// except tab, line feed, vertical tab, form feed, carriage return and escape).
/// Branch-free and counted in blocks of 255, so the compiler vectorises the loop.
fn control_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| {
                let control = (b < 0x09) | ((b.wrapping_sub(0x0E) < 0x12) & (b != 0x1B));
                n + u8::from(control)
            });
            usize::from(n)
        })
        .sum()
}

/// Decides the encoding of a text head: byte-order mark, then valid UTF-8, then a
/// statistical guess with German as the expected language.
pub fn detect_encoding(head: &[u8], complete: bool) -> &'static encoding_rs::Encoding {
    decide_encoding(head, complete).0
}

/// [`detect_encoding`], with the head as text when it is plain UTF-8 as it stands.
fn decide_encoding(head: &[u8], complete: bool) -> (&'static encoding_rs::Encoding, Option<&str>) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(head) {
        return (enc, None);
    }
    if let Some(enc) = utf16_without_bom(head) {
        return (enc, None);
    }
    match std::str::from_utf8(head) {
        Ok(text) => return (encoding_rs::UTF_8, Some(text)),
        Err(e) if !complete && e.error_len().is_none() && e.valid_up_to() + 4 > head.len() => {
            return (encoding_rs::UTF_8, None);
        }
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, complete);
    (
        detector.guess(Some(b"de"), chardetng::Utf8Detection::Allow),
        None,
    )
}

/// UTF-16 without a byte-order mark: Latin text has a zero in every other byte.
fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &head[..head.len().min(1024) & !1];
    // Most heads hold no zero byte at all: one fast search settles them.
    if sample.len() < 4 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let pairs = sample.len() / 2;
    let (zero_even, zero_odd) = sample.chunks_exact(2).fold((0, 0), |(even, odd), pair| {
        (
            even + usize::from(pair[0] == 0),
            odd + usize::from(pair[1] == 0),
        )
    });
    if zero_even * 10 >= pairs * 8 && zero_odd * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else if zero_odd * 10 >= pairs * 8 && zero_even * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else {
        None
    }
}

/// The lower-case name of an encoding, as the catalogue shows it.
pub fn encoding_label(encoding: &'static encoding_rs::Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "ISO-8859-15" => "iso-8859-15",
        "ISO-8859-2" => "iso-8859-2",
        "KOI8-R" => "koi8-r",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "EUC-KR" => "euc-kr",
        "GBK" => "gbk",
        "Big5" => "big5",
        "gb18030" => "gb18030",
        other => other,
    }
}

fn identify_text(head: &[u8], complete: bool, extension: Option<&str>) -> Identification {
    let (encoding, plain) = decide_encoding(head, complete);
    // Plain UTF-8 (most text) needs no decoding.
    let text = match plain {
        Some(text) => std::borrow::Cow::Borrowed(text),
        None => encoding.decode(head).0,
    };
    let text = text.trim_start_matches('\u{FEFF}');
    let with_encoding = |mut id: Identification| {
        id.encoding = Some(encoding_label(encoding));
        id
    };
    let trimmed = text.trim_start();

    if trimmed.starts_with("MSH|") || trimmed.starts_with("FHS|") || trimmed.starts_with("BHS|") {
        return with_encoding(identify_hl7(trimmed));
    }
    if let Some(id) = identify_xdt(text) {
        // The declared character set wins over the guess.
        return if id.encoding.is_some() {
            id
        } else {
            with_encoding(id)
        };
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && (matches!(extension, Some("json" | "ndjson" | "jsonl")) || !breaks_json_early(trimmed))
    {
        return with_encoding(identify_json(trimmed, complete));
    }
    // A lone JSON value (`42`, `"text"`, `true`) in a file named .json.
    if complete
        && matches!(extension, Some("json"))
        && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok()
    {
        return with_encoding(Identification::new(Format::Json));
    }
    if trimmed.starts_with('<') {
        return with_encoding(identify_xml(trimmed));
    }
    if let Some((delimiter, format)) = sniff_delimiter(text, extension) {
        let mut id = with_encoding(Identification::new(format));
        id.delimiter = Some(delimiter);
        return id;
    }
    with_encoding(Identification::new(Format::Text))
}

fn identify_hl7(text: &str) -> Identification {
    let msh = text
        .lines()
        .flat_map(|l| l.split('\r'))
        .find(|l| l.starts_with("MSH|"));
    let Some(msh) = msh else {
        return Identification::new(Format::Hl7v2).detail("HL7 v2 batch");
    };
    let fields: Vec<&str> = msh.split('|').collect();
    // MSH-1 is the separator itself, so MSH-n sits at index n-1.
    let message_type = fields.get(8).copied().unwrap_or("");
    let version = fields
        .get(11)
        .copied()
        .unwrap_or("")
        .split('^')
        .next()
        .unwrap_or("")
        .to_owned();
    let mut detail = "HL7 v".to_owned();
    detail.push_str(if version.is_empty() { "2" } else { &version });
    let message_type = message_type
        .split('^')
        .take(2)
        .collect::<Vec<_>>()
        .join("^");
    if !message_type.is_empty() {
        detail.push(' ');
        detail.push_str(&message_type);
    }
    Identification::new(Format::Hl7v2).detail(detail)
}

/// xDT lines are `LLLFFFFcontent`: a three-digit line length, a four-digit field id and
/// the content. The first line of a GDT record is field 8000 (record type); GDT files
/// carry field 9218 (GDT version), LDT files 9212 and BDT/ADT files 9210.
fn identify_xdt(text: &str) -> Option<Identification> {
    let start = text.trim_start().as_bytes();
    if start.len() < 7 || !start[..3].iter().all(u8::is_ascii_digit) || &start[3..7] != b"8000" {
        return None;
    }
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .peekable();
    let first = lines.peek()?.to_owned();
    let field = |line: &str| -> Option<(String, String)> {
        let line = line.trim_end_matches('\r');
        if line.len() < 7 || !line.as_bytes()[..7].iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some((line[3..7].to_owned(), line[7..].to_owned()))
    };
    let (first_id, record_type) = field(first)?;
    if first_id != "8000" {
        return None;
    }
    let mut version = None;
    let mut kind = None;
    let mut charset = None;
    let mut valid_lines = 0;
    let mut total = 0;
    for line in lines {
        total += 1;
        if let Some((id, content)) = field(line) {
            valid_lines += 1;
            match id.as_str() {
                "9218" => {
                    kind = Some("GDT");
                    version = Some(content);
                }
                "9212" => {
                    kind.get_or_insert("LDT");
                    version = version.or(Some(content));
                }
                "9210" | "0001" => {
                    kind.get_or_insert("BDT");
                    version = version.or(Some(content));
                }
                // Declared character set: 1 = 7-bit DIN 66003, 2 = IBM code page 437,
                // 3 = ISO 8859-1 (decoded as its superset windows-1252, as WHATWG does).
                "9206" => {
                    charset = match content.trim() {
                        "1" => Some("din-66003"),
                        "2" => Some("ibm437"),
                        "3" => Some("windows-1252"),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
    }
    if total > 0 && valid_lines * 10 < total * 9 {
        return None;
    }
    let record_type = record_type.trim().to_owned();
    let kind = kind.unwrap_or(if record_type.starts_with('6') {
        "GDT"
    } else {
        "xDT"
    });
    let format = if kind == "GDT" {
        Format::Gdt
    } else {
        Format::Xdt
    };
    let mut detail = kind.to_owned();
    if let Some(v) = version {
        detail.push(' ');
        detail.push_str(v.trim());
    }
    let mut id = Identification::new(format).detail(detail);
    id.encoding = charset;
    Some(id)
}

fn identify_json(text: &str, complete: bool) -> Identification {
    let resource_type = json_string_field(text, "resourceType");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // NDJSON: several lines, each a complete object on its own.
    let whole_lines = if complete {
        lines.len()
    } else {
        lines.len().saturating_sub(1)
    };
    let ndjson = whole_lines >= 2
        && lines[..whole_lines].iter().all(|l| {
            l.starts_with('{')
                && l.ends_with('}')
                && serde_json::from_str::<serde_json::Value>(l).is_ok()
        });
    if let Some(rt) = resource_type {
        let mut id = Identification::new(Format::FhirJson).detail(rt);
        if ndjson {
            id.detail = id.detail.map(|d| format!("{d} (NDJSON)"));
        }
        return id;
    }
    if ndjson {
        return Identification::new(Format::Ndjson);
    }
    let mut id = Identification::new(Format::Json);
    if complete && serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
        id = id.damaged(Issue::new("json_malformed"));
    }
    id
}

/// Whether text that opens with `[` or `{` stops being JSON within its first few
/// characters, like log lines (`[2020-12-10 06:56:41] INFO …`, `[INFO] …`) or
/// templates (`{{name}}`). Only the first line is parsed; a line that merely ends
/// before the value does is fine.
fn breaks_json_early(text: &str) -> bool {
    let line = text.lines().next().unwrap_or_default();
    let line = &line[..line.floor_char_boundary(256)];
    match serde_json::from_str::<serde::de::IgnoredAny>(line) {
        Err(e) => e.classify() == serde_json::error::Category::Syntax && e.column() <= 40,
        Ok(_) => false,
    }
}

fn json_string_field(text: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let at = text.find(&key)?;
    let rest = text[at + key.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let value = &rest[..end];
    (!value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| value.to_owned())
}

fn identify_xml(text: &str) -> Identification {
    // Skip the declaration, comments and processing instructions to the root element.
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(end) => rest = &rest[end + 2..],
                None => break,
            }
        } else if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => rest = &rest[end + 3..],
                None => break,
            }
        } else if rest.starts_with("<!") {
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                None => break,
            }
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return Identification::new(Format::Text);
    };
    let end = tag.find('>').unwrap_or(tag.len());
    let start_tag = &tag[..end];
    let name = start_tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    let local = name.rsplit(':').next().unwrap_or(name);
    if start_tag.contains("http://hl7.org/fhir") {
        return Identification::new(Format::FhirXml).detail(local.to_owned());
    }
    if local == "ClinicalDocument"
        && (start_tag.contains("urn:hl7-org:v3") || text.contains("urn:hl7-org:v3"))
    {
        return Identification::new(Format::Cda);
    }
    if name.is_empty()
        || !name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        return Identification::new(Format::Text);
    }
    Identification::new(Format::Xml).detail(local.to_owned())
}

/// Candidate field delimiters, in order of preference on ties.
const DELIMITERS: [u8; 5] = [b';', b',', b'\t', b'|', b':'];

/// How the catalogue writes each of [`DELIMITERS`].
const DELIMITER_LABELS: [&str; 5] = [";", ",", "\t", "|", ":"];

/// The delimiter as the catalogue stores it; `None` for a byte that is not one of
/// the delimiters the scanner recognises.
pub fn delimiter_label(delimiter: u8) -> Option<&'static str> {
    let slot = DELIMITER_SLOT[usize::from(delimiter)];
    (slot > 0).then(|| DELIMITER_LABELS[usize::from(slot - 1)])
}

/// For each byte, its position in [`DELIMITERS`] plus one (0: not a delimiter).
const DELIMITER_SLOT: [u8; 256] = {
    let mut slots = [0u8; 256];
    let mut i = 0;
    while i < DELIMITERS.len() {
        slots[DELIMITERS[i] as usize] = i as u8 + 1;
        i += 1;
    }
    slots
};

/// Finds the field delimiter: for each candidate, count its occurrences outside quotes
/// on the first non-empty lines (up to 20, quoted line breaks kept inside their
/// record); the best candidate has the most lines agreeing with the first line's
/// count, then the highest count. Leading lines without any candidate (title lines)
/// are skipped. A file counts as delimited when at least two lines and four in five of
/// the lines agree on a count of one or more; with a table extension (`.csv`, `.tsv`,
/// `.tab`, `.psv`) two agreeing lines are enough. A colon only counts with a table
/// extension, since times and labels use it too.
pub fn sniff_delimiter(text: &str, extension: Option<&str>) -> Option<(u8, Format)> {
    // `.txt` and `.dat` hold tables as often as prose, so they get no leniency.
    let is_table_ext = matches!(extension, Some("csv" | "tsv" | "tab" | "psv"));
    let mut counts = delimiter_counts(text.as_bytes());
    // The last line of a partial head may be cut off.
    if counts.len() > 2 {
        counts.pop();
    }
    // Title lines above a table (`Export vom 15.01.2025`) hold no delimiter: the first
    // line that holds one is the reference.
    let skip = counts
        .iter()
        .position(|c| c.iter().any(|&n| n > 0))
        .unwrap_or(0);
    if skip > 0 && counts.len() - skip >= 2 {
        counts.drain(..skip);
    }
    let lines = counts.len();
    let mut best: Option<(usize, usize, u32)> = None;
    for (d, &delim) in DELIMITERS.iter().enumerate() {
        if delim == b':' && !is_table_ext {
            continue;
        }
        let Some(first) = counts.first().map(|c| c[d]) else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|c| c[d] == first).count();
        let better = match best {
            None => true,
            Some((_, a, f)) => agreeing > a || (agreeing == a && first > f),
        };
        if better {
            best = Some((d, agreeing, first));
        }
    }
    match best {
        Some((d, agreeing, _)) if agreeing >= 2 && (agreeing * 10 >= lines * 8 || is_table_ext) => {
            let delim = DELIMITERS[d];
            let format = if delim == b'\t' {
                Format::Tsv
            } else {
                Format::Csv
            };
            Some((delim, format))
        }
        // A single line or a one-column file named .csv is still a table.
        _ if matches!(extension, Some("csv")) => {
            Some((best.map_or(b',', |b| DELIMITERS[b.0]), Format::Csv))
        }
        _ if matches!(extension, Some("tsv" | "tab")) => Some((b'\t', Format::Tsv)),
        _ => None,
    }
}

/// How many lines [`sniff_delimiter`] compares.
const SNIFF_LINES: usize = 21;

/// The delimiter counts (in the order of [`DELIMITERS`]) of the first lines with
/// content, at most [`SNIFF_LINES`]. Quoted delimiters do not count, and a line break
/// inside quotes does not end a line. When the text holds fewer lines, the last one
/// is counted too, even if it is cut off.
fn delimiter_counts(text: &[u8]) -> Vec<[u32; 5]> {
    let mut counts: Vec<[u32; 5]> = Vec::with_capacity(SNIFF_LINES);
    let mut current = [0u32; 5];
    let mut quoted = false;
    let mut has_content = false;
    let mut rest = text;
    loop {
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(end) => (&rest[..end], Some(&rest[end + 1..])),
            None => (rest, None),
        };
        if !quoted && memchr::memchr(b'"', line).is_none() {
            // Most lines: no quotes, so every delimiter counts.
            has_content |= line.iter().any(|&b| b != b' ' && b != b'\r');
            add_delimiters(&mut current, line);
        } else {
            for &b in line {
                match b {
                    b'"' => {
                        quoted = !quoted;
                        has_content = true;
                    }
                    b'\r' | b' ' => {}
                    _ => {
                        has_content = true;
                        let slot = DELIMITER_SLOT[usize::from(b)];
                        if !quoted && slot > 0 {
                            current[usize::from(slot - 1)] += 1;
                        }
                    }
                }
            }
        }
        let Some(next) = next else {
            if has_content {
                counts.push(current);
            }
            return counts;
        };
        rest = next;
        if quoted {
            // A line break inside a quoted field.
            has_content = true;
            continue;
        }
        if has_content {
            counts.push(current);
            if counts.len() == SNIFF_LINES {
                return counts;
            }
        }
        current = [0; 5];
        has_content = false;
    }
}

/// Adds the delimiters of an unquoted piece of a line to `counts`. Branch-free and
/// counted in blocks of 255, so the compiler vectorises the loop.
fn add_delimiters(counts: &mut [u32; 5], bytes: &[u8]) {
    for block in bytes.chunks(255) {
        let mut n = [0u8; 5];
        for &b in block {
            for (n, &delimiter) in n.iter_mut().zip(&DELIMITERS) {
                *n += u8::from(b == delimiter);
            }
        }
        for (count, n) in counts.iter_mut().zip(n) {
            *count += u32::from(n);
        }
    }
}

/// Formats that a file extension promises; `None` when the extension says nothing.
fn expected_formats(extension: &str) -> Option<&'static [Format]> {
    use Format::*;
    Some(match extension {
        "csv" => &[Csv, Tsv, Text],
        "tsv" | "tab" => &[Tsv, Csv, Text],
        "txt" | "log" | "md" | "dat" => &[Text, Csv, Tsv, Json, Ndjson, Xml, Hl7v2, Gdt, Xdt],
        "xlsx" | "xlsm" | "xlsb" => &[Xlsx],
        "xls" => &[Xls],
        "ods" => &[Ods],
        "json" => &[Json, FhirJson, Ndjson],
        "ndjson" | "jsonl" => &[Ndjson, FhirJson, Json],
        "xml" => &[Xml, FhirXml, Cda],
        "hl7" => &[Hl7v2],
        "dcm" | "dicom" => &[Dicom],
        "gdt" => &[Gdt, Xdt],
        "ldt" | "bdt" | "adt" => &[Xdt, Gdt],
        "cda" | "ccda" => &[Cda, Xml],
        "pdf" => &[Pdf],
        "docx" => &[Docx],
        "doc" => &[Doc],
        "pptx" => &[Pptx],
        "odt" | "odp" => &[Odt],
        "png" | "jpg" | "jpeg" | "tif" | "tiff" | "gif" | "bmp" | "webp" => &[Image],
        "zip" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" | "rar" => &[Archive],
        "sqlite" | "sqlite3" | "db" => &[Sqlite],
        "parquet" => &[Parquet],
        _ => return None,
    })
}

/// Whether a file's extension contradicts its identified content, e.g. a ZIP named
/// `.pdf` or CSV text named `.xlsx`. Empty and damaged files never count as mismatches.
pub fn extension_mismatch(extension: Option<&str>, format: Format) -> bool {
    let Some(ext) = extension else { return false };
    if matches!(
        format,
        Format::Unknown | Format::Folder | Format::Link | Format::Special
    ) {
        return false;
    }
    match expected_formats(ext) {
        Some(expected) => !expected.contains(&format),
        None => false,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
}

fn u16_le(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn id_of(bytes: &[u8], ext: Option<&str>) -> Identification {
        let head = &bytes[..bytes.len().min(HEAD_LEN)];
        identify(&mut Cursor::new(bytes), head, bytes.len() as u64, ext)
    }

    #[test]
    fn text_formats_by_content() {
        let cases: &[(&[u8], Option<&str>, Format)] = &[
            (b"Name;Vorname;Ort\nM\xfcller;Hans;K\xf6ln\nMeier;Eva;Bonn\n", Some("csv"), Format::Csv),
            (b"a\tb\tc\n1\t2\t3\n4\t5\t6\n", None, Format::Tsv),
            (b"a,b\n1,2\n3,4\n", Some("txt"), Format::Csv),
            (b"{\"resourceType\": \"Bundle\", \"type\": \"collection\"}", Some("json"), Format::FhirJson),
            (b"{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", None, Format::Ndjson),
            (b"[{\"a\":1},{\"a\":2}]", Some("json"), Format::Json),
            (b"<?xml version=\"1.0\"?>\n<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"1\"/></Patient>", None, Format::FhirXml),
            (b"<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"></ClinicalDocument>", None, Format::Cda),
            (b"<?xml version=\"1.0\"?><!-- c --><Rechnungen><r/></Rechnungen>", None, Format::Xml),
            (b"MSH|^~\\&|LAB|KH|||20240101||ORU^R01^ORU_R01|1|P|2.5\rPID|1||123\r", None, Format::Hl7v2),
            (b"01380006311\r\n014810000204\r\n0158315SONO00\r\n014921802.10\r\n", Some("gdt"), Format::Gdt),
            (b"Sehr geehrte Damen und Herren,\nanbei der Bericht.\n", Some("txt"), Format::Text),
        ];
        for (bytes, ext, expected) in cases {
            let id = id_of(bytes, *ext);
            assert_eq!(id.format, *expected, "{:?}", String::from_utf8_lossy(bytes));
            assert!(id.damage.is_none(), "{id:?}");
        }
    }

    #[test]
    fn title_lines_above_a_table_do_not_hide_the_delimiter() {
        let text = "Export vom 15.01.2025\n\nName;Betrag;Datum\nM\u{fc}ller, Anna;1.234,56;01.02.2024\nMeier, Eva;7,00;02.02.2024\n";
        assert_eq!(
            sniff_delimiter(text, Some("csv")),
            Some((b';', Format::Csv))
        );
    }

    #[test]
    fn delimiters_are_counted_per_line_outside_quotes() {
        let cases: &[(&str, &[[u32; 5]])] = &[
            // ; , \t | :
            ("a;b;c\n1;2;3\n", &[[2, 0, 0, 0, 0], [2, 0, 0, 0, 0]]),
            // Quoted delimiters do not count; a quoted line break does not end the line.
            (
                "\"M\u{fc}ller; Hans\",x\n\"zwei\nZeilen\",y\n",
                &[[0, 1, 0, 0, 0], [0, 1, 0, 0, 0]],
            ),
            // Blank lines, spaces and CR hold no content; a tab does.
            ("a|b\r\n \r\n\n\t\n", &[[0, 0, 0, 1, 0], [0, 0, 1, 0, 0]]),
            // The last line counts even without a line break.
            ("Zeit: 10:15\nende", &[[0, 0, 0, 0, 2], [0; 5]]),
            ("", &[]),
            // A quote that never closes keeps the rest of the text in one line.
            ("a,\"b\nc,d\ne,f\n", &[[0, 1, 0, 0, 0]]),
        ];
        for (text, want) in cases {
            assert_eq!(delimiter_counts(text.as_bytes()), *want, "{text:?}");
        }
        // At most SNIFF_LINES lines, and long lines are counted in full.
        let long = format!("{}\n", ";".repeat(1000)).repeat(30);
        let counts = delimiter_counts(long.as_bytes());
        assert_eq!(counts.len(), SNIFF_LINES);
        assert!(counts.iter().all(|c| *c == [1000, 0, 0, 0, 0]));
    }

    #[test]
    fn control_characters_that_text_does_not_hold() {
        // Tab, LF, VT, FF, CR and ESC are text; the rest below 0x20 is not.
        let text: Vec<u8> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, b' ', b'a', 0x7F, 0xFF].into();
        assert_eq!(control_bytes(&text), 0);
        let control: Vec<u8> = (0x01..0x09).chain(0x0E..0x1B).chain(0x1C..0x20).collect();
        assert_eq!(control_bytes(&control), control.len());
        // Blocks of more than 255 bytes are added up without overflow.
        assert_eq!(control_bytes(&[0x01; 1024]), 1024);
        assert!(is_binary(&[b'a', 0x01].repeat(300)));
        assert!(!is_binary(
            &[b'a'; 30]
                .iter()
                .chain(&[0x01])
                .copied()
                .collect::<Vec<_>>()
        ));
    }

    #[test]
    fn delimiter_labels_are_the_characters() {
        let labels: Vec<_> = DELIMITERS.iter().map(|&d| delimiter_label(d)).collect();
        assert_eq!(
            labels,
            [Some(";"), Some(","), Some("\t"), Some("|"), Some(":")]
        );
        assert_eq!(delimiter_label(b'a'), None);
    }

    #[test]
    fn csv_details_and_encoding() {
        let id = id_of(
            b"Name;Betrag\nM\xfcller;1.234,56\nSch\xe4fer;7,00\n",
            Some("csv"),
        );
        assert_eq!(id.delimiter, Some(b';'));
        assert_eq!(id.encoding, Some("windows-1252"));
        let id = id_of("\u{FEFF}a,b\n1,\"x,y\"\n2,z\n".as_bytes(), None);
        assert_eq!(
            (id.format, id.delimiter, id.encoding),
            (Format::Csv, Some(b','), Some("utf-8"))
        );
    }

    #[test]
    fn hl7_and_gdt_details() {
        let id = id_of(
            b"MSH|^~\\&|A|B|C|D|20240101||ADT^A01^ADT_A01|1|P|2.5.1\r",
            None,
        );
        assert_eq!(id.detail.as_deref(), Some("HL7 v2.5.1 ADT^A01"));
        let id = id_of(b"01380006311\r\n014921802.10\r\n", None);
        assert_eq!(id.detail.as_deref(), Some("GDT 02.10"));
    }

    #[test]
    fn binary_magic() {
        let mut dicom = vec![0u8; 200];
        dicom[128..132].copy_from_slice(b"DICM");
        assert_eq!(id_of(&dicom, Some("dcm")).format, Format::Dicom);
        assert_eq!(id_of(b"%PDF-1.7\n...\n%%EOF\n", None).format, Format::Pdf);
        assert!(id_of(b"%PDF-1.7\n1 0 obj", None).damage.is_some());
        assert_eq!(id_of(b"SQLite format 3\0rest", None).format, Format::Sqlite);
        assert_eq!(
            id_of(b"\x89PNG\r\n\x1a\nrest", None).detail.as_deref(),
            Some("png")
        );
        assert_eq!(
            id_of(
                &[
                    0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9
                ],
                None
            )
            .detail
            .as_deref(),
            Some("gzip")
        );
        assert_eq!(
            id_of(&[0u8, 1, 2, 3, 0, 0, 9], None).format,
            Format::Unknown
        );
    }

    #[test]
    fn dicom_without_preamble_in_either_byte_order() {
        let mut le = b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100".to_vec();
        le.resize(64, b' ');
        let mut be = b"\x00\x08\x00\x05CS\x00\x0aISO_IR 100".to_vec();
        be.resize(64, b' ');
        let mut implicit = b"\x08\x00\x08\x00\x18\x00\x00\x00ORIGINAL".to_vec();
        implicit.resize(64, b' ');
        for bytes in [&le, &be, &implicit] {
            let id = id_of(bytes, Some("dcm"));
            assert_eq!(id.format, Format::Dicom, "{bytes:?}");
            assert_eq!(id.detail.as_deref(), Some("DICOM without file meta"));
        }
        // Near misses: big-endian needs a VR; a high element number is no header start.
        let mut no_vr = b"\x00\x08\x00\x05\x00\x00\x00\x0a".to_vec();
        no_vr.resize(64, 0);
        let mut high = b"\x08\x00\x00\x20CS\x0a\x00".to_vec();
        high.resize(64, 0);
        for bytes in [&no_vr, &high] {
            assert_ne!(id_of(bytes, Some("dcm")).format, Format::Dicom, "{bytes:?}");
        }
    }

    #[test]
    fn excel_before_97_is_an_xls_that_cannot_be_read() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (
                b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00\x80\x00",
                Some("BIFF4"),
            ),
            (
                b"\x09\x04\x06\x00\x00\x00\x00\x01\x00\x00\x80\x00",
                Some("BIFF4"),
            ),
            (
                b"\x09\x02\x06\x00\x00\x00\x10\x00\x00\x00\x80\x00",
                Some("BIFF3"),
            ),
            (
                b"\x09\x00\x04\x00\x02\x00\x10\x00\x00\x00\x80\x00",
                Some("BIFF2"),
            ),
            // near misses: wrong record length, unknown sheet type, not a BOF id
            (b"\x09\x04\x07\x00\x00\x00\x10\x00\x00\x00\x80\x00", None),
            (b"\x09\x04\x06\x00\x00\x00\x99\x09\x00\x00\x80\x00", None),
            (b"\x09\x08\x06\x00\x00\x00\x10\x00\x00\x00\x80\x00", None),
        ];
        for (bytes, version) in cases {
            let id = id_of(bytes, Some("xls"));
            match version {
                Some(v) => {
                    assert_eq!(id.format, Format::Xls, "{bytes:?}");
                    assert_eq!(id.detail.as_deref(), Some(*v));
                    assert_eq!(id.damage, Some(Issue::with("xls_too_old", *v)));
                }
                None => assert_ne!(id.format, Format::Xls, "{bytes:?}"),
            }
        }
    }

    fn zip_of(names: &[&str]) -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        for name in names {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"<x/>").unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn office_packages_by_their_parts() {
        let cases: &[(&[&str], Format, Option<&str>)] = &[
            (
                &["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"],
                Format::Xlsx,
                None,
            ),
            (
                &["[Content_Types].xml", "_rels/.rels", "xl/workbook.bin"],
                Format::Xlsx,
                Some("xlsb"),
            ),
            // a package whose relationships put the workbook at the top level
            (
                &[
                    "sheet1.xml",
                    "workbook.xml",
                    "_rels/.rels",
                    "[Content_Types].xml",
                ],
                Format::Xlsx,
                None,
            ),
            (
                &["[Content_Types].xml", "word/document.xml"],
                Format::Docx,
                None,
            ),
            // near miss: a plain archive that happens to hold a workbook.xml
            (
                &["backup/workbook.xml", "notes.txt"],
                Format::Archive,
                Some("zip"),
            ),
        ];
        for (names, format, detail) in cases {
            let id = id_of(&zip_of(names), None);
            assert_eq!(
                (id.format, id.detail.as_deref()),
                (*format, *detail),
                "{names:?}"
            );
            assert!(id.damage.is_none(), "{names:?}: {id:?}");
        }
    }

    #[test]
    fn log_lines_in_brackets_are_not_broken_json() {
        let log = b"[2020-12-10 06:56:41,061] INFO [m:108] Calling 'x' with params:\n\n\
            [2020-12-10 06:56:41,092] DEBUG [connect.client:69] Full request text:\n";
        let id = id_of(log, Some("0"));
        // (one comma per line: the delimiter sniffer may call it a table)
        assert!(id.format != Format::Json && id.damage.is_none(), "{id:?}");
        assert_eq!(
            id_of(b"[INFO] started\n[WARN] slow\n", None).format,
            Format::Text
        );
        assert_eq!(
            id_of(b"{{ anrede }} {{ name }},\n", None).format,
            Format::Text
        );
        // Near misses stay JSON: broken late, a value over several lines, or named .json.
        let late = id_of(
            b"[{\"a\": 1}, {\"b\": 2}, {\"c\": 3}, {\"d\": 4}, {\"e\": oops}]",
            None,
        );
        assert_eq!(late.format, Format::Json);
        assert_eq!(late.damage, Some(Issue::new("json_malformed")));
        assert_eq!(id_of(b"[\n  1,\n  2\n]\n", None).format, Format::Json);
        let named = id_of(b"[2020-12-10]", Some("json"));
        assert_eq!(named.format, Format::Json);
        assert_eq!(named.damage, Some(Issue::new("json_malformed")));
    }

    #[test]
    fn prose_in_a_txt_file_is_text_and_a_table_stays_a_table() {
        let prose = "Attribution 4.0 International\n\n\
            Creative Commons Corporation (\"Creative Commons\") is not a law firm and\n\
            does not provide legal services or legal advice. Distribution of\n\
            Creative Commons public licenses does not create a lawyer-client or\n\
            other relationship. Creative Commons makes its licenses and related\n\
            information available on an \"as-is\" basis. Creative Commons gives no\n\
            warranties regarding its licenses, any material licensed under their\n\
            terms and conditions, or any related information. Creative Commons\n\
            disclaims all liability for damages resulting from their use to the\n\
            fullest extent possible.\n";
        assert_eq!(id_of(prose.as_bytes(), Some("txt")).format, Format::Text);
        let table = "STATIONS_ID;MESS_DATUM;QN_3;  FX;eor\n\
            420;20231112;   10;  11.2;eor\n\
            420;20231113;   10;   9.8;eor\n\
            420;20231114;   10;-999;eor\n";
        let id = id_of(table.as_bytes(), Some("txt"));
        assert_eq!((id.format, id.delimiter), (Format::Csv, Some(b';')));
        // A `.csv` keeps its leniency: two agreeing lines among ragged ones suffice.
        let ragged = "a;b;c\n1;2;3\nx\ny\nz\n";
        assert_eq!(id_of(ragged.as_bytes(), Some("csv")).delimiter, Some(b';'));
        assert_eq!(id_of(ragged.as_bytes(), Some("txt")).format, Format::Text);
    }

    #[test]
    fn truncated_zip_is_damaged_and_whole_zip_is_not() {
        // A minimal valid empty ZIP: just an end-of-central-directory record.
        let mut empty = b"PK\x05\x06".to_vec();
        empty.extend_from_slice(&[0u8; 18]);
        let id = id_of(&empty, Some("zip"));
        assert_eq!(id.format, Format::Archive);
        assert!(id.damage.is_none(), "{id:?}");
        let truncated = b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest-of-a-cut-off-archive".to_vec();
        let id = id_of(&truncated, Some("zip"));
        assert_eq!(id.format, Format::Archive);
        assert_eq!(id.damage.unwrap().code, "zip_truncated");
    }

    #[test]
    fn extension_mismatch_is_a_contradiction_not_a_difference() {
        assert!(extension_mismatch(Some("pdf"), Format::Archive));
        assert!(extension_mismatch(Some("xlsx"), Format::Csv));
        assert!(!extension_mismatch(Some("csv"), Format::Text));
        assert!(!extension_mismatch(Some("json"), Format::FhirJson));
        assert!(!extension_mismatch(Some("bak"), Format::Csv));
        assert!(!extension_mismatch(None, Format::Pdf));
        assert!(!extension_mismatch(Some("pdf"), Format::Unknown));
    }

    #[test]
    fn format_ids_round_trip() {
        for f in ALL_FORMATS {
            assert_eq!(Format::from_id(f.id()), Some(f));
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.id())
            );
        }
    }
}
