//! One file: read its head, identify it, turn problems into records.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::fs::{self, Meta};
use super::identify::{self, Format, HEAD_LEN};
use super::issue::{self, Issue};
use crate::store::inventory::FileRecord;

/// The lower-case extension of a file name, if it has a short, plain one.
pub(crate) fn extension_of(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    (ext.len() <= 10 && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_lowercase())
}

/// A record for an entry that is not a readable regular file.
pub(crate) fn problem_record(format: Format, meta: Option<&Meta>, problem: Issue) -> FileRecord {
    let mut record = FileRecord {
        format: format.id().to_owned(),
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

/// Reads the head of an opened regular file and identifies it. Paths and ids are
/// filled in by the caller.
pub(crate) fn examine(mut file: File, meta: &Meta, extension: Option<String>) -> FileRecord {
    let size = meta.size;
    let mut record = FileRecord {
        size: size as i64,
        mtime_ns: meta.mtime_ns,
        file_id: meta.file_id,
        extension,
        readable: true,
        format: Format::Unknown.id().to_owned(),
        ..FileRecord::default()
    };
    // The entry may have been swapped for something else since it was listed.
    if let Ok(now) = file.metadata()
        && !now.is_file()
    {
        record.format = Format::Special.id().to_owned();
        set_issue(&mut record, Issue::new("not_regular"));
        return record;
    }
    // Read at most the head, and no further than the size the walk saw: a small file
    // then costs one read instead of a second one that only finds the end. (A file
    // listed as empty is still read, in case its size is not what it holds.)
    let want = if size == 0 {
        HEAD_LEN
    } else {
        HEAD_LEN.min(usize::try_from(size).unwrap_or(HEAD_LEN))
    };
    let mut head = vec![0u8; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                set_issue(&mut record, issue::from_io(&e));
                return record;
            }
        }
    }
    head.truncate(filled);
    let id = identify::identify(&mut file, &head, size, record.extension.as_deref());
    if size > 0 && head.len() as u64 == size {
        record.hash = Some(blake3::hash(&head).as_bytes().to_vec());
    }
    record.format = id.format.id().to_owned();
    record.format_detail = id.detail;
    record.encoding = id.encoding.map(str::to_owned);
    record.delimiter = id.delimiter.map(|d| (d as char).to_string());
    record.extension_mismatch =
        identify::extension_mismatch(record.extension.as_deref(), id.format);
    if (head.len() as u64) < size.min(HEAD_LEN as u64) {
        set_issue(&mut record, Issue::new("shrank"));
    } else if let Some(damage) = id.damage {
        set_issue(&mut record, damage);
    } else if size == 0 {
        set_issue(&mut record, Issue::new("empty"));
    } else if head.len() >= 4096 && head.iter().all(|&b| b == 0) {
        set_issue(&mut record, Issue::new("zero_filled"));
    }
    record
}

/// Hashes a whole file with BLAKE3, streaming.
pub(crate) fn hash_file(path: &Path) -> io::Result<Vec<u8>> {
    let file = fs::open_path(path)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file)?;
    Ok(hasher.finalize().as_bytes().to_vec())
}
