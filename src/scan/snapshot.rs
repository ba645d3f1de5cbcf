//! A compact copy of a root's inventory state, so a re-scan can load what it
//! compares with in one read instead of one row per file.
//!
//! The snapshot is derived data: it is written in the scan's transaction from the
//! same state as the `file` rows, and when it is missing or unreadable the scan falls
//! back to the rows.

use crate::store::inventory::FileState;

const MAGIC: &[u8; 4] = b"DRS1";

const REMOVED: u8 = 1;
const READABLE: u8 = 2;
const RETRY: u8 = 4;
const HAS_HASH: u8 = 8;
const HAS_DUP: u8 = 16;
const HAS_MTIME: u8 = 32;
const HAS_FILE_ID: u8 = 64;
const HAS_ISSUE: u8 = 128;

/// Encodes states (all of one root).
pub(crate) fn encode<'a>(states: impl Iterator<Item = &'a FileState>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 16);
    out.extend_from_slice(MAGIC);
    for s in states {
        let mut flags = 0;
        for (set, bit) in [
            (s.removed, REMOVED),
            (s.readable, READABLE),
            (s.retry, RETRY),
            (s.hash.as_ref().is_some_and(|h| h.len() == 32), HAS_HASH),
            (s.duplicate_of.is_some(), HAS_DUP),
            (s.mtime_ns.is_some(), HAS_MTIME),
            (s.file_id.is_some(), HAS_FILE_ID),
            (s.issue.is_some(), HAS_ISSUE),
        ] {
            if set {
                flags |= bit;
            }
        }
        out.push(flags);
        out.extend_from_slice(&s.id.to_le_bytes());
        out.extend_from_slice(&s.size.to_le_bytes());
        if let Some(m) = s.mtime_ns {
            out.extend_from_slice(&m.to_le_bytes());
        }
        if let Some(f) = s.file_id {
            out.extend_from_slice(&f.to_le_bytes());
        }
        if let Some(h) = s.hash.as_ref().filter(|h| h.len() == 32) {
            out.extend_from_slice(h);
        }
        if let Some(d) = s.duplicate_of {
            out.extend_from_slice(&d.to_le_bytes());
        }
        out.extend_from_slice(&(s.rel_path_raw.len() as u32).to_le_bytes());
        out.extend_from_slice(&s.rel_path_raw);
        if let Some(issue) = &s.issue {
            out.extend_from_slice(&(issue.len() as u32).to_le_bytes());
            out.extend_from_slice(issue.as_bytes());
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn i64(&mut self) -> Option<i64> {
        self.take(8)
            .map(|b| i64::from_le_bytes(b.try_into().unwrap_or_default()))
    }
}

/// Decodes a snapshot of the root `root_id`; `None` when it is damaged or of an
/// unknown version.
pub(crate) fn decode(bytes: &[u8], root_id: i64) -> Option<Vec<FileState>> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(MAGIC)?,
    };
    let mut states = Vec::new();
    while !r.bytes.is_empty() {
        let flags = r.take(1)?[0];
        let id = r.i64()?;
        let size = r.i64()?;
        let mtime_ns = if flags & HAS_MTIME != 0 {
            Some(r.i64()?)
        } else {
            None
        };
        let file_id = if flags & HAS_FILE_ID != 0 {
            Some(r.i64()?)
        } else {
            None
        };
        let hash = if flags & HAS_HASH != 0 {
            Some(r.take(32)?.to_vec())
        } else {
            None
        };
        let duplicate_of = if flags & HAS_DUP != 0 {
            Some(r.i64()?)
        } else {
            None
        };
        let len = u32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize;
        let rel_path_raw = r.take(len)?.to_vec();
        let issue = if flags & HAS_ISSUE != 0 {
            let len = u32::from_le_bytes(r.take(4)?.try_into().ok()?) as usize;
            Some(String::from_utf8(r.take(len)?.to_vec()).ok()?)
        } else {
            None
        };
        states.push(FileState {
            id,
            root_id,
            rel_path_raw,
            size,
            mtime_ns,
            file_id,
            hash,
            duplicate_of,
            removed: flags & REMOVED != 0,
            readable: flags & READABLE != 0,
            retry: flags & RETRY != 0,
            issue,
        });
    }
    Some(states)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(id: i64, path: &[u8]) -> FileState {
        FileState {
            id,
            root_id: 7,
            rel_path_raw: path.to_vec(),
            size: id * 100,
            mtime_ns: Some(-5),
            file_id: None,
            hash: Some(vec![id as u8; 32]),
            duplicate_of: (id > 1).then_some(1),
            removed: id == 3,
            readable: id != 2,
            retry: id == 2,
            issue: (id == 2).then(|| "link_not_followed|../a".to_owned()),
        }
    }

    #[test]
    fn round_trips_every_field() {
        let states = [state(1, b"a/b.csv"), state(2, b"K\xff.csv"), state(3, b"")];
        let bytes = encode(states.iter());
        let back = decode(&bytes, 7).unwrap();
        assert_eq!(back.len(), 3);
        for (a, b) in states.iter().zip(&back) {
            assert_eq!(
                (
                    a.id,
                    &a.rel_path_raw,
                    a.size,
                    a.mtime_ns,
                    a.file_id,
                    &a.hash,
                    a.duplicate_of,
                    a.removed,
                    a.readable,
                    a.retry,
                    &a.issue
                ),
                (
                    b.id,
                    &b.rel_path_raw,
                    b.size,
                    b.mtime_ns,
                    b.file_id,
                    &b.hash,
                    b.duplicate_of,
                    b.removed,
                    b.readable,
                    b.retry,
                    &b.issue
                )
            );
        }
    }

    #[test]
    fn damaged_snapshots_are_refused() {
        let bytes = encode([state(1, b"abc")].iter());
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none());
        assert!(decode(b"XXXX", 7).is_none());
        assert_eq!(decode(MAGIC, 7).unwrap().len(), 0);
    }
}
