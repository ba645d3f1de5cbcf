//! One directory entry: stat it, open it read-only, identify it.
//!
//! Platform-specific calls (raw path bytes, inode, `O_NOATIME`) sit here behind `cfg`.

use std::ffi::OsStr;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;
use std::time::UNIX_EPOCH;

use super::identify::{self, Format, HEAD_LEN};
use super::issue::{self, Issue};
use crate::store::inventory::FileRecord;

/// The exact bytes of an OS string: UTF-8-ish bytes on Unix, UTF-16LE on Windows.
pub(crate) fn os_bytes(s: &OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        s.encode_wide().flat_map(u16::to_le_bytes).collect()
    }
}

/// Rebuilds a path from bytes written by [`os_bytes`].
pub(crate) fn path_from_bytes(bytes: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        OsStr::from_bytes(bytes).into()
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStringExt;
        let wide: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        std::ffi::OsString::from_wide(&wide).into()
    }
}

/// Modification time in nanoseconds since the Unix epoch (negative before it).
pub(crate) fn mtime_ns(meta: &Metadata) -> Option<i64> {
    let modified = meta.modified().ok()?;
    Some(match modified.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    })
}

/// The file's identity on its volume: the inode on Unix. Windows has no stable file
/// index without opening the file, so there size and time decide alone.
pub(crate) fn file_id(meta: &Metadata) -> Option<i64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(meta.ino() as i64)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Opens a file for reading without touching it: no access-time update where the
/// platform allows (`O_NOATIME`), and non-blocking so that a file swapped for a FIFO
/// between listing and opening cannot hang the scan.
pub(crate) fn open_read_only(path: &Path) -> io::Result<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let base = libc::O_NONBLOCK | libc::O_CLOEXEC;
        match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(base | libc::O_NOATIME)
            .open(path)
        {
            Err(e) if e.raw_os_error() == Some(libc::EPERM) => std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(base)
                .open(path),
            other => other,
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
    }
    #[cfg(not(unix))]
    {
        File::open(path)
    }
}

/// The lower-case extension of a file name, if it has a short, plain one.
pub(crate) fn extension_of(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    (ext.len() <= 10 && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ext.to_ascii_lowercase())
}

/// A record for an entry that is not a readable regular file.
pub(crate) fn problem_record(
    format: Format,
    meta: Option<&Metadata>,
    problem: Issue,
) -> FileRecord {
    let mut record = FileRecord {
        format: format.id().to_owned(),
        mtime_ns: meta.and_then(mtime_ns),
        file_id: meta.and_then(file_id),
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

/// Reads the head of a regular file and identifies it. Returns the record (without
/// ids and paths, which the caller fills in) and whether the file was opened.
pub(crate) fn examine_file(path: &Path, meta: &Metadata) -> (FileRecord, bool) {
    let size = meta.len();
    let extension = extension_of(path);
    let mut record = FileRecord {
        size: size as i64,
        mtime_ns: mtime_ns(meta),
        file_id: file_id(meta),
        extension: extension.clone(),
        readable: true,
        ..FileRecord::default()
    };
    let mut file = match open_read_only(path) {
        Ok(f) => f,
        Err(e) => {
            record.format = Format::Unknown.id().to_owned();
            set_issue(&mut record, issue::from_io(&e));
            return (record, false);
        }
    };
    // The entry may have been swapped between listing and opening.
    if let Ok(now) = file.metadata()
        && !now.is_file()
    {
        record.format = Format::Special.id().to_owned();
        set_issue(&mut record, Issue::new("not_regular"));
        return (record, true);
    }
    let mut head = Vec::with_capacity(HEAD_LEN.min(size as usize + 1));
    if let Err(e) = (&mut file).take(HEAD_LEN as u64).read_to_end(&mut head) {
        record.format = Format::Unknown.id().to_owned();
        set_issue(&mut record, issue::from_io(&e));
        return (record, true);
    }
    let id = identify::identify(&mut file, &head, size, extension.as_deref());
    if size > 0 && head.len() as u64 == size {
        record.hash = Some(blake3::hash(&head).as_bytes().to_vec());
    }
    if (head.len() as u64) < size.min(HEAD_LEN as u64) {
        set_issue(&mut record, Issue::new("shrank"));
    }
    record.format = id.format.id().to_owned();
    record.format_detail = id.detail;
    record.encoding = id.encoding.map(str::to_owned);
    record.delimiter = id.delimiter.map(|d| (d as char).to_string());
    record.extension_mismatch = identify::extension_mismatch(extension.as_deref(), id.format);
    if let Some(damage) = id.damage {
        set_issue(&mut record, damage);
    }
    if size == 0 {
        set_issue(&mut record, Issue::new("empty"));
    } else if head.len() >= 4096 && head.iter().all(|&b| b == 0) {
        set_issue(&mut record, Issue::new("zero_filled"));
    }
    (record, true)
}

/// Hashes a whole file with BLAKE3, streaming.
pub(crate) fn hash_file(path: &Path) -> io::Result<Vec<u8>> {
    let file = open_read_only(path)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(file)?;
    Ok(hasher.finalize().as_bytes().to_vec())
}
