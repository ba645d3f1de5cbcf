//! One file: read its head, identify it, turn problems into records.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::fs::{self, Meta};
use super::identify::{self, Format, HEAD_LEN};
use super::issue::{self, Issue};
use crate::store::inventory::{ContentHash, FileRecord};

/// The lower-case extension of a file name (raw bytes), if it has a short, plain one.
/// A leading dot alone (`.profile`) is no extension, as in [`Path::extension`].
pub(crate) fn extension_of(name: &[u8]) -> Option<String> {
    let dot = name.iter().rposition(|&b| b == b'.').filter(|&i| i > 0)?;
    let ext = &name[dot + 1..];
    if ext.is_empty() || ext.len() > 10 || !ext.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    std::str::from_utf8(ext).ok().map(str::to_ascii_lowercase)
}

/// A record for an entry that is not a readable regular file.
pub(crate) fn problem_record(format: Format, meta: Option<&Meta>, problem: Issue) -> FileRecord {
    let mut record = FileRecord {
        format: format.id(),
        mtime_ns: meta.and_then(|m| m.mtime_ns),
        file_id: meta.and_then(|m| m.file_id),
        ..FileRecord::default()
    };
    set_issue(&mut record, problem);
    record
}

/// Marks a record unreadable because of `problem`.
pub(crate) fn set_issue(record: &mut FileRecord, problem: Issue) {
    record.readable = false;
    record.retry = problem.is_transient();
    record.error_code = Some(problem.code);
    record.error_detail = problem.detail;
}

/// Reads the head of an opened regular file and identifies it; `meta` is the metadata
/// of the open handle, which the caller has checked is a regular file. Paths and ids
/// are filled in by the caller.
pub(crate) fn examine(mut file: File, meta: &Meta, extension: Option<String>) -> FileRecord {
    thread_local! {
        /// The head buffer of this worker: reused, so a file costs no allocation and
        /// no zeroing of 8 KiB.
        static HEAD: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; HEAD_LEN]);
    }
    let size = meta.size;
    let mut record = FileRecord {
        size: size as i64,
        mtime_ns: meta.mtime_ns,
        file_id: meta.file_id,
        extension,
        readable: true,
        format: Format::Unknown.id(),
        ..FileRecord::default()
    };
    // Read at most the head, and no further than the size the walk saw: a small file
    // then costs one read instead of a second one that only finds the end. (A file
    // listed as empty is still read, in case its size is not what it holds.)
    let want = if size == 0 {
        HEAD_LEN
    } else {
        HEAD_LEN.min(usize::try_from(size).unwrap_or(HEAD_LEN))
    };
    HEAD.with_borrow_mut(|buffer| {
        let mut filled = 0;
        while filled < want {
            match file.read(&mut buffer[filled..want]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    set_issue(&mut record, issue::from_io(&e));
                    return;
                }
            }
        }
        identify_head(&mut record, &mut file, &buffer[..filled], size);
    });
    record
}

/// Fills in what the head says: format, encoding, hash of a small file, damage.
fn identify_head(record: &mut FileRecord, file: &mut File, head: &[u8], size: u64) {
    let id = identify::identify(file, head, size, record.extension.as_deref());
    if size > 0 && head.len() as u64 == size {
        record.hash = Some(*blake3::hash(head).as_bytes());
    }
    record.format = id.format.id();
    record.format_detail = id.detail;
    record.encoding = id.encoding;
    record.delimiter = id.delimiter.and_then(identify::delimiter_label);
    record.extension_mismatch =
        identify::extension_mismatch(record.extension.as_deref(), id.format);
    if (head.len() as u64) < size.min(HEAD_LEN as u64) {
        set_issue(record, Issue::new("shrank"));
    } else if let Some(damage) = id.damage {
        set_issue(record, damage);
    } else if size == 0 {
        set_issue(record, Issue::new("empty"));
    } else if head.len() >= 4096 && head.iter().all(|&b| b == 0) {
        set_issue(record, Issue::new("zero_filled"));
    }
}

/// Hashes a whole file with BLAKE3, streaming.
pub(crate) fn hash_file(path: &Path) -> io::Result<ContentHash> {
    let file = fs::open_path(path)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file)?;
    Ok(*hasher.finalize().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_short_plain_and_lower_case() {
        let cases: [(&[u8], Option<&str>); 9] = [
            (b"Messwerte.CSV", Some("csv")),
            (b"archiv.tar.gz", Some("gz")),
            (b".profile", None),
            (b"..versteckt", Some("versteckt")),
            (b"ohne_endung", None),
            (b"punkt.", None),
            (b"lang.abcdefghijk", None),
            (b"sonder.c-v", None),
            (b"kaputt\xff.txt", Some("txt")),
        ];
        for (name, want) in cases {
            assert_eq!(extension_of(name).as_deref(), want, "{}", fs::display(name));
        }
    }
}
