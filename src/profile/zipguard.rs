//! The guard in front of ZIP containers (XLSX, ODS): a file is opened by a spreadsheet
//! reader only after its directory was checked.
//!
//! 1. The directory: too many entries, or an entry whose declared inflated size or
//!    inflated-to-compressed ratio is absurd ([`ZipLimits`]), refuses the file as a
//!    ZIP bomb before anything is inflated.
//! 2. Parts the spreadsheet reader keeps in memory (shared strings, ODS content) must
//!    declare less than [`ProfileLimits::max_in_memory_bytes`].
//! 3. Actual inflation never exceeds the declared size: the `zip` crate (9.x) stops
//!    every entry reader with an error once it yields more than its directory entry
//!    declared, and [`is_bomb_error`] turns that error into a `zip_bomb` issue. So a
//!    lying directory costs at most the checked declared sizes, in memory and time,
//!    without a second inflating pass.
//!
//! An encrypted OpenDocument file (its manifest names `encryption-data`) is reported as
//! password-protected.
//!
//! [`ProfileLimits::max_in_memory_bytes`]: super::ProfileLimits::max_in_memory_bytes

use std::io::{self, Read, Seek};

use zip::ZipArchive;

use super::{ProfileLimits, ZipLimits, scrub};
use crate::scan::{Format, Issue};

/// Parts read whole into memory by the spreadsheet reader (XLSX and XLSB name them
/// alike, with `.xml` or `.bin`).
fn held_in_memory(name: &str, format: Format) -> bool {
    match format {
        Format::Ods => name == "content.xml",
        _ => {
            let stem = name
                .strip_suffix(".xml")
                .or_else(|| name.strip_suffix(".bin"))
                .unwrap_or_default();
            stem.ends_with("sharedStrings")
                || stem.ends_with("styles")
                || stem.ends_with("workbook")
        }
    }
}

/// What the checked container holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Container {
    /// An Excel binary workbook (`.xlsb`): the package's workbook part is
    /// `workbook.bin`, to be read with the XLSB reader.
    pub(crate) binary_workbook: bool,
}

/// Checks a ZIP container; `Ok` means the spreadsheet reader may open it.
pub(crate) fn check<R: Read + Seek>(
    reader: &mut R,
    format: Format,
    limits: &ProfileLimits,
) -> Result<Container, Issue> {
    let zip_limits: &ZipLimits = &limits.zip;
    let mut archive = ZipArchive::new(&mut *reader).map_err(|e| zip_issue(&e))?;
    if archive.len() > zip_limits.max_entries {
        return Err(Issue::with(
            "zip_bomb",
            format!("{} entries", archive.len()),
        ));
    }
    // 1. What the directory declares.
    let mut total: u64 = 0;
    let mut binary_workbook = false;
    for i in 0..archive.len() {
        let entry = archive.by_index_data(i).map_err(|e| zip_issue(&e))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        if entry.encrypted() {
            return Err(Issue::new("password_protected"));
        }
        total = total.saturating_add(size);
        if size > zip_limits.max_entry_bytes
            || total > zip_limits.max_total_bytes
            || (size >= zip_limits.ratio_from_bytes && size / compressed > zip_limits.max_ratio)
        {
            return Err(bomb(&name, size, compressed));
        }
        if held_in_memory(&name, format) && size > limits.max_in_memory_bytes {
            return Err(Issue::with("spreadsheet_too_large", name));
        }
        binary_workbook |= format == Format::Xlsx && name.ends_with("workbook.bin");
    }
    if format == Format::Ods
        && let Some(i) = archive.index_for_name("META-INF/manifest.xml")
        && archive.by_index_data(i).is_ok_and(|e| e.size() <= 1 << 20)
    {
        let mut text = String::new();
        archive
            .by_index(i)
            .map_err(|e| zip_issue(&e))?
            .read_to_string(&mut text)
            .map_err(|e| read_issue("META-INF/manifest.xml", &e))?;
        if text.contains("encryption-data") {
            return Err(Issue::new("password_protected"));
        }
    }
    Ok(Container { binary_workbook })
}

/// Whether a reader's error says a ZIP entry inflated beyond its declared size.
pub(crate) fn is_bomb_error(message: &str) -> bool {
    message.contains("larger than its declared uncompressed size")
}

fn bomb(name: &str, size: u64, compressed: u64) -> Issue {
    Issue::with(
        "zip_bomb",
        format!("{name}: {} MiB, 1:{}", size >> 20, size / compressed.max(1)),
    )
}

fn zip_issue(e: &zip::result::ZipError) -> Issue {
    Issue::with("spreadsheet_unreadable", scrub(&e.to_string()))
}

fn read_issue(name: &str, e: &io::Error) -> Issue {
    let message = e.to_string();
    if is_bomb_error(&message) {
        return Issue::with("zip_bomb", name);
    }
    Issue::with(
        "spreadsheet_unreadable",
        format!("{name}: {}", scrub(&message)),
    )
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in entries {
                w.start_file(*name, options).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn ordinary_containers_pass_and_bombs_are_refused() {
        let limits = ProfileLimits::default();
        let ok = zip_with(&[("xl/workbook.xml", b"<workbook/>")]);
        assert!(check(&mut Cursor::new(ok), Format::Xlsx, &limits).is_ok());

        let zeros = vec![0u8; 64 << 20];
        let bomb = zip_with(&[("xl/worksheets/sheet1.xml", &zeros)]);
        let err = check(&mut Cursor::new(bomb), Format::Xlsx, &limits).unwrap_err();
        assert_eq!(err.code, "zip_bomb");
        assert!(err.detail.unwrap().contains("sheet1.xml"));
    }

    #[test]
    fn a_lying_directory_is_caught_while_inflating() {
        let zeros = vec![b'a'; 1 << 20];
        let mut bytes = zip_with(&[("xl/worksheets/sheet1.xml", &zeros)]);
        // Patch the declared size in both headers down to 1 KiB.
        let real = (1u32 << 20).to_le_bytes();
        let fake = 1024u32.to_le_bytes();
        let mut patched = 0;
        for i in 0..bytes.len() - 4 {
            if bytes[i..i + 4] == real {
                bytes[i..i + 4].copy_from_slice(&fake);
                patched += 1;
            }
        }
        assert!(patched >= 2);
        // The directory looks harmless …
        check(
            &mut Cursor::new(&bytes),
            Format::Xlsx,
            &ProfileLimits::default(),
        )
        .unwrap();
        // … and reading stops at the declared size with the error `is_bomb_error` knows.
        let mut archive = ZipArchive::new(Cursor::new(&bytes)).unwrap();
        let mut entry = archive.by_index(0).unwrap();
        let err = io::copy(&mut entry, &mut io::sink()).unwrap_err();
        assert!(is_bomb_error(&err.to_string()), "{err}");
    }

    #[test]
    fn encrypted_open_document_is_password_protected() {
        let manifest = br#"<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
        let ods = zip_with(&[("META-INF/manifest.xml", manifest), ("content.xml", b"x")]);
        let err = check(
            &mut Cursor::new(ods),
            Format::Ods,
            &ProfileLimits::default(),
        )
        .unwrap_err();
        assert_eq!(err.code, "password_protected");
    }
}
