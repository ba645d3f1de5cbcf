//! A compact copy of a root's inventory state, so a re-scan can load what it
//! compares with in one read instead of one row per file.
//!
//! The snapshot is derived data: it is written in the scan's transaction from the
//! same state as the `file` rows, and when it is missing or unreadable the scan falls
//! back to the rows.

use crate::store::inventory::FileState;

/// Version 2: integers as LEB128 varints (ids, times and file ids as zig-zag deltas
/// from the previous entry), paths front-coded against the previous path. A
/// version-1 snapshot is not read; the scan then loads the rows and writes a new one.
const MAGIC: &[u8; 4] = b"DRS2";

const REMOVED: u8 = 1;
const READABLE: u8 = 2;
const RETRY: u8 = 4;
const HAS_HASH: u8 = 8;
const HAS_DUP: u8 = 16;
const HAS_MTIME: u8 = 32;
const HAS_FILE_ID: u8 = 64;
const HAS_ISSUE: u8 = 128;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The length of the common start of two paths, compared eight bytes at a time
/// (neighbouring paths share most of their folders).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut shared = 0;
    for (x, y) in a8.by_ref().zip(b8.by_ref()) {
        let x = u64::from_le_bytes(x.try_into().unwrap_or_default());
        let y = u64::from_le_bytes(y.try_into().unwrap_or_default());
        if x != y {
            return shared + (x ^ y).trailing_zeros() as usize / 8;
        }
        shared += 8;
    }
    shared
        + a[shared..]
            .iter()
            .zip(&b[shared..])
            .take_while(|(x, y)| x == y)
            .count()
}

/// Encodes `count` states (all of one root).
pub(crate) fn encode<'a>(count: usize, states: impl Iterator<Item = &'a FileState>) -> Vec<u8> {
    // An entry with a hash takes about 50 bytes; the vector grows for longer ones.
    let mut out = Vec::with_capacity(MAGIC.len() + count * 56);
    out.extend_from_slice(MAGIC);
    let (mut id, mut mtime, mut file_id) = (0i64, 0i64, 0i64);
    let mut path: &[u8] = &[];
    for s in states {
        let mut flags = 0;
        for (set, bit) in [
            (s.removed, REMOVED),
            (s.readable, READABLE),
            (s.retry, RETRY),
            (s.hash.is_some(), HAS_HASH),
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
        put_varint(&mut out, zigzag(s.id.wrapping_sub(id)));
        id = s.id;
        put_varint(&mut out, zigzag(s.size));
        if let Some(m) = s.mtime_ns {
            put_varint(&mut out, zigzag(m.wrapping_sub(mtime)));
            mtime = m;
        }
        if let Some(f) = s.file_id {
            put_varint(&mut out, zigzag(f.wrapping_sub(file_id)));
            file_id = f;
        }
        if let Some(h) = &s.hash {
            out.extend_from_slice(h);
        }
        if let Some(d) = s.duplicate_of {
            put_varint(&mut out, zigzag(d));
        }
        let shared = common_prefix(path, &s.rel_path_raw);
        put_varint(&mut out, shared as u64);
        put_varint(&mut out, (s.rel_path_raw.len() - shared) as u64);
        out.extend_from_slice(&s.rel_path_raw[shared..]);
        path = &s.rel_path_raw;
        if let Some(issue) = &s.issue {
            put_varint(&mut out, issue.len() as u64);
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

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn delta(&mut self, base: i64) -> Option<i64> {
        Some(base.wrapping_add(unzigzag(self.varint()?)))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }
}

/// Decodes a snapshot of the root `root_id`; `None` when it is damaged or of an
/// unknown version.
pub(crate) fn decode(bytes: &[u8], root_id: i64) -> Option<Vec<FileState>> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(MAGIC)?,
    };
    // An entry with a hash takes about 50 bytes, one without about 20: room for the
    // usual case saves the growing vector's copies.
    let mut states: Vec<FileState> = Vec::with_capacity(bytes.len() / 48);
    let (mut id, mut mtime, mut file_id) = (0i64, 0i64, 0i64);
    while !r.bytes.is_empty() {
        let flags = r.take(1)?[0];
        id = r.delta(id)?;
        let size = unzigzag(r.varint()?);
        let mtime_ns = if flags & HAS_MTIME != 0 {
            mtime = r.delta(mtime)?;
            Some(mtime)
        } else {
            None
        };
        let file_id_now = if flags & HAS_FILE_ID != 0 {
            file_id = r.delta(file_id)?;
            Some(file_id)
        } else {
            None
        };
        let hash = if flags & HAS_HASH != 0 {
            Some(r.take(32)?.try_into().ok()?)
        } else {
            None
        };
        let duplicate_of = if flags & HAS_DUP != 0 {
            Some(unzigzag(r.varint()?))
        } else {
            None
        };
        let shared = r.len()?;
        let rest = r.len()?;
        let previous = states.last().map_or(&[][..], |p| &p.rel_path_raw[..]);
        let mut rel_path_raw = Vec::with_capacity(shared.checked_add(rest)?);
        rel_path_raw.extend_from_slice(previous.get(..shared)?);
        rel_path_raw.extend_from_slice(r.take(rest)?);
        let issue = if flags & HAS_ISSUE != 0 {
            let len = r.len()?;
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
            file_id: file_id_now,
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

    #[test]
    fn common_prefixes_of_paths() {
        let cases: [(&[u8], &[u8], usize); 7] = [
            (b"", b"abc", 0),
            (b"abc", b"abc", 3),
            (b"Vertrieb/2024/a.csv", b"Vertrieb/2024/b.csv", 14),
            (b"Vertrieb/2024/a.csv", b"Vertrieb/2024/a.csv.bak", 19),
            (b"12345678", b"12345679", 7),
            (b"1234567890abcdef", b"1234567890abcdeX", 15),
            (b"x", b"y", 0),
        ];
        for (a, b, want) in cases {
            assert_eq!(common_prefix(a, b), want);
            assert_eq!(common_prefix(b, a), want);
        }
    }

    fn state(id: i64, path: &[u8]) -> FileState {
        FileState {
            id,
            root_id: 7,
            rel_path_raw: path.to_vec(),
            size: id.saturating_mul(100),
            mtime_ns: Some(-5),
            file_id: None,
            hash: Some([id as u8; 32]),
            duplicate_of: (id > 1).then_some(1),
            removed: id == 3,
            readable: id != 2,
            retry: id == 2,
            issue: (id == 2).then(|| "link_not_followed|../a".to_owned()),
        }
    }

    /// Everything a snapshot keeps of a state.
    #[allow(clippy::type_complexity)]
    fn kept(
        s: &FileState,
    ) -> (
        i64,
        &[u8],
        i64,
        Option<i64>,
        Option<i64>,
        Option<&[u8]>,
        Option<i64>,
        [bool; 3],
        Option<&str>,
    ) {
        (
            s.id,
            &s.rel_path_raw,
            s.size,
            s.mtime_ns,
            s.file_id,
            s.hash.as_ref().map(|h| &h[..]),
            s.duplicate_of,
            [s.removed, s.readable, s.retry],
            s.issue.as_deref(),
        )
    }

    #[test]
    fn round_trips_every_field() {
        let states = [state(1, b"a/b.csv"), state(2, b"K\xff.csv"), state(3, b"")];
        let bytes = encode(states.len(), states.iter());
        let back = decode(&bytes, 7).unwrap();
        assert_eq!(back.len(), 3);
        for (a, b) in states.iter().zip(&back) {
            assert_eq!(kept(a), kept(b));
        }
    }

    #[test]
    fn round_trips_extreme_and_mixed_values() {
        let mut states = [
            state(1, b"bereich00/ordner00000/datei000001.csv"),
            state(2, b"bereich00/ordner00000/datei000002.csv"),
            state(900, b"bereich00/ordner00001/x.txt"),
            state(5, b"b"),
            state(i64::MAX, b"bereich00/ordner00001/x.txt.bak"),
        ];
        states[0].mtime_ns = Some(i64::MIN);
        states[1].mtime_ns = Some(i64::MAX);
        states[2].mtime_ns = None;
        states[3].file_id = Some(i64::MAX);
        states[4].file_id = Some(-1);
        states[4].size = i64::MAX;
        states[3].duplicate_of = Some(i64::MAX);
        let back = decode(&encode(states.len(), states.iter()), 7).unwrap();
        for (a, b) in states.iter().zip(&back) {
            assert_eq!(kept(a), kept(b));
        }
        assert_eq!(back.len(), states.len());
    }

    #[test]
    fn a_typical_inventory_takes_little_room() {
        // Paths of one folder share their start, ids and inodes follow each other.
        let states: Vec<FileState> = (0..1000)
            .map(|i| FileState {
                id: i + 1,
                root_id: 7,
                rel_path_raw: format!("bereich00/ordner{:05}/datei{i:06}.csv", i / 100)
                    .into_bytes(),
                size: 300 + i % 700,
                mtime_ns: Some(1_764_000_000_000_000_000 + i * 1_000_000),
                file_id: Some(2_000_000 + i),
                hash: Some([(i % 251) as u8; 32]),
                duplicate_of: None,
                removed: false,
                readable: true,
                retry: false,
                issue: None,
            })
            .collect();
        let bytes = encode(states.len(), states.iter());
        // 32 bytes of hash plus a few for everything else (version 1 took 106).
        assert!(bytes.len() < 1000 * 50, "{} bytes", bytes.len());
        assert_eq!(decode(&bytes, 7).unwrap().len(), 1000);
    }

    #[test]
    fn damaged_snapshots_are_refused() {
        // A path that claims more shared bytes than the previous path has.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[READABLE, 2, 2, 5, 1, b'x']);
        assert!(decode(&bytes, 7).is_none());
        // A varint that never ends.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[READABLE; 1]);
        bytes.extend_from_slice(&[0xFF; 11]);
        assert!(decode(&bytes, 7).is_none());
        // The first version's layout is not read (the rows are, instead).
        assert!(decode(b"DRS1\x02", 7).is_none());
        let bytes = encode(1, [state(1, b"abc")].iter());
        assert!(decode(&bytes[..bytes.len() - 1], 7).is_none());
        assert!(decode(b"XXXX", 7).is_none());
        assert_eq!(decode(MAGIC, 7).unwrap().len(), 0);
    }
}
