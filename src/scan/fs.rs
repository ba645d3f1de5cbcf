//! The file-system calls of a scan, behind one small interface per platform.
//!
//! On Unix a folder is opened once and its entries are examined relative to that
//! handle (`fstatat`, `openat`), which saves the kernel a path lookup per file and
//! keeps working below `PATH_MAX`. Files are opened read-only, non-blocking (a file
//! swapped for a FIFO cannot hang the scan) and, where allowed, with `O_NOATIME`.
//! Elsewhere the same interface is built on `std::fs`.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// What kind of entry a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A folder.
    Dir,
    /// A regular file.
    File,
    /// A symbolic link.
    Link,
    /// A FIFO.
    Fifo,
    /// A socket.
    Socket,
    /// A block or character device.
    Device,
    /// Not known from the listing alone (some file systems do not tell).
    Unknown,
}

/// The metadata a scan keeps of an entry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meta {
    pub(crate) kind: Kind,
    pub(crate) size: u64,
    pub(crate) mtime_ns: Option<i64>,
    pub(crate) file_id: Option<i64>,
    /// Device and inode, to detect folder loops when following links.
    pub(crate) dev_ino: (u64, u64),
}

/// Appends a path component to raw relative-path bytes (see [`os_bytes`]).
pub(crate) fn push_component(buf: &mut Vec<u8>, name: &[u8]) {
    if !buf.is_empty() {
        #[cfg(unix)]
        buf.push(b'/');
        #[cfg(not(unix))]
        buf.extend_from_slice(&[b'\\', 0]);
    }
    buf.extend_from_slice(name);
}

/// The exact bytes of an OS string: the bytes themselves on Unix, UTF-16LE elsewhere.
pub(crate) fn os_bytes(s: &OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        use std::os::windows::ffi::OsStrExt;
        s.encode_wide().flat_map(u16::to_le_bytes).collect()
    }
}

/// Rebuilds a path from bytes written by [`os_bytes`].
pub(crate) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        OsStr::from_bytes(bytes).into()
    }
    #[cfg(not(unix))]
    {
        use std::os::windows::ffi::OsStringExt;
        let wide: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        std::ffi::OsString::from_wide(&wide).into()
    }
}

/// Raw path bytes for display: lossily decoded.
pub(crate) fn display(bytes: &[u8]) -> String {
    #[cfg(unix)]
    {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
    #[cfg(not(unix))]
    {
        let wide: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&wide)
    }
}

#[cfg(unix)]
mod imp {
    use std::os::fd::OwnedFd;

    use rustix::fs::{AtFlags, FileType, Mode, OFlags};

    use super::*;

    /// An open folder.
    pub(crate) struct OpenDir {
        fd: OwnedFd,
    }

    fn kind_of(t: FileType) -> Kind {
        match t {
            FileType::Directory => Kind::Dir,
            FileType::RegularFile => Kind::File,
            FileType::Symlink => Kind::Link,
            FileType::Fifo => Kind::Fifo,
            FileType::Socket => Kind::Socket,
            FileType::BlockDevice | FileType::CharacterDevice => Kind::Device,
            FileType::Unknown => Kind::Unknown,
        }
    }

    fn open_flags(
        base: OFlags,
        path: impl rustix::path::Arg + Copy,
        at: Option<&OwnedFd>,
    ) -> io::Result<OwnedFd> {
        let open = |flags: OFlags| match at {
            Some(dir) => rustix::fs::openat(dir, path, flags, Mode::empty()),
            None => rustix::fs::open(path, flags, Mode::empty()),
        };
        #[cfg(any(target_os = "linux", target_os = "android"))]
        match open(base | OFlags::NOATIME) {
            Err(rustix::io::Errno::PERM) => {}
            other => return other.map_err(io::Error::from),
        }
        open(base).map_err(io::Error::from)
    }

    // The field types differ between platforms, so some casts are no-ops here.
    #[allow(clippy::unnecessary_cast)]
    fn meta_of(st: &rustix::fs::Stat) -> Meta {
        let mtime = (st.st_mtime as i64)
            .saturating_mul(1_000_000_000)
            .saturating_add(st.st_mtime_nsec as i64);
        Meta {
            kind: kind_of(FileType::from_raw_mode(st.st_mode as _)),
            size: st.st_size.max(0) as u64,
            mtime_ns: Some(mtime),
            file_id: Some(st.st_ino as i64),
            dev_ino: (st.st_dev as u64, st.st_ino as u64),
        }
    }

    impl OpenDir {
        /// Opens a folder for listing.
        pub(crate) fn open(path: &Path) -> io::Result<OpenDir> {
            let fd = open_flags(
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                path,
                None,
            )?;
            Ok(OpenDir { fd })
        }

        /// Opens a subfolder relative to this one.
        pub(crate) fn open_child(&self, name: &[u8]) -> io::Result<OpenDir> {
            let fd = open_flags(
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                name,
                Some(&self.fd),
            )?;
            Ok(OpenDir { fd })
        }

        /// Calls `each` with the name and listed kind of every entry except `.` and `..`.
        pub(crate) fn for_each_entry(&self, mut each: impl FnMut(&[u8], Kind)) -> io::Result<()> {
            let mut dir = rustix::fs::Dir::read_from(&self.fd)?;
            while let Some(entry) = dir.read() {
                let entry = entry?;
                let name = entry.file_name().to_bytes();
                if name == b"." || name == b".." {
                    continue;
                }
                each(name, kind_of(entry.file_type()));
            }
            Ok(())
        }

        /// Metadata of an entry; `follow` resolves symbolic links.
        pub(crate) fn stat(&self, name: &[u8], follow: bool) -> io::Result<Meta> {
            let flags = if follow {
                AtFlags::empty()
            } else {
                AtFlags::SYMLINK_NOFOLLOW
            };
            Ok(meta_of(&rustix::fs::statat(&self.fd, name, flags)?))
        }

        /// Opens an entry of this folder read-only and returns it with the metadata
        /// of what was opened (one `fstat` on the handle, no second path lookup). A
        /// link is followed only when `follow` says so. The entry may not be a regular
        /// file when it was swapped since it was listed: the caller reads only when
        /// `Meta::kind` is [`Kind::File`]. Non-blocking, so a FIFO cannot hang the scan.
        pub(crate) fn open_file(&self, name: &[u8], follow: bool) -> io::Result<(File, Meta)> {
            let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
            if !follow {
                flags |= OFlags::NOFOLLOW;
            }
            let fd = open_flags(flags, name, Some(&self.fd))?;
            let meta = meta_of(&rustix::fs::fstat(&fd)?);
            Ok((File::from(fd), meta))
        }

        /// The target of a symbolic link in this folder.
        pub(crate) fn read_link(&self, name: &[u8]) -> io::Result<Vec<u8>> {
            Ok(rustix::fs::readlinkat(&self.fd, name, Vec::new())?.into_bytes())
        }
    }

    /// Opens any file read-only by path (for hashing).
    pub(crate) fn open_path(path: &Path) -> io::Result<File> {
        Ok(File::from(open_flags(
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
            path,
            None,
        )?))
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    /// An open folder (its path; Windows has no cheap relative calls in `std`).
    pub(crate) struct OpenDir {
        path: PathBuf,
    }

    fn kind_of(t: std::fs::FileType) -> Kind {
        if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else if t.is_symlink() {
            Kind::Link
        } else {
            Kind::Unknown
        }
    }

    impl OpenDir {
        pub(crate) fn open(path: &Path) -> io::Result<OpenDir> {
            std::fs::read_dir(path)?;
            Ok(OpenDir {
                path: path.to_owned(),
            })
        }

        pub(crate) fn open_child(&self, name: &[u8]) -> io::Result<OpenDir> {
            OpenDir::open(&self.path.join(path_from_bytes(name)))
        }

        pub(crate) fn for_each_entry(&self, mut each: impl FnMut(&[u8], Kind)) -> io::Result<()> {
            for entry in std::fs::read_dir(&self.path)? {
                let entry = entry?;
                let kind = entry.file_type().map(kind_of).unwrap_or(Kind::Unknown);
                each(&os_bytes(&entry.file_name()), kind);
            }
            Ok(())
        }

        pub(crate) fn stat(&self, name: &[u8], follow: bool) -> io::Result<Meta> {
            let path = self.path.join(path_from_bytes(name));
            let meta = if follow {
                std::fs::metadata(&path)?
            } else {
                std::fs::symlink_metadata(&path)?
            };
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos() as i64);
            Ok(Meta {
                kind: kind_of(meta.file_type()),
                size: meta.len(),
                mtime_ns,
                file_id: None,
                dev_ino: (0, 0),
            })
        }

        pub(crate) fn open_file(&self, name: &[u8], follow: bool) -> io::Result<(File, Meta)> {
            let meta = self.stat(name, follow)?;
            let file = File::open(self.path.join(path_from_bytes(name)))?;
            Ok((file, meta))
        }

        pub(crate) fn read_link(&self, name: &[u8]) -> io::Result<Vec<u8>> {
            Ok(os_bytes(
                std::fs::read_link(self.path.join(path_from_bytes(name)))?.as_os_str(),
            ))
        }
    }

    pub(crate) fn open_path(path: &Path) -> io::Result<File> {
        File::open(path)
    }
}

pub(crate) use imp::{OpenDir, open_path};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_stats_and_opens_relative_to_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "hallo").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let open = OpenDir::open(dir.path()).unwrap();
        let mut names = Vec::new();
        open.for_each_entry(|name, kind| names.push((name.to_vec(), kind)))
            .unwrap();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(names.len(), 2);
        assert_eq!(names[0].0, b"a.txt");
        let meta = open.stat(b"a.txt", false).unwrap();
        assert_eq!((meta.kind, meta.size), (Kind::File, 5));
        assert!(meta.mtime_ns.unwrap() > 1_600_000_000_000_000_000);
        let mut text = String::new();
        let (mut file, opened) = open.open_file(b"a.txt", false).unwrap();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        assert_eq!(text, "hallo");
        assert_eq!(
            (opened.kind, opened.size, opened.file_id),
            (Kind::File, 5, meta.file_id)
        );
        assert!(open.open_child(b"sub").is_ok());
        assert!(open.stat(b"missing", false).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn opening_never_follows_a_link_nor_blocks_on_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ziel.csv"), "a;b\n").unwrap();
        std::os::unix::fs::symlink("ziel.csv", dir.path().join("link.csv")).unwrap();
        let fifo = dir.path().join("rohr");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let open = OpenDir::open(dir.path()).unwrap();
        // A link is refused unless it is to be followed: the walk reports links itself.
        assert!(open.open_file(b"link.csv", false).is_err());
        let (_, meta) = open.open_file(b"link.csv", true).unwrap();
        assert_eq!((meta.kind, meta.size), (Kind::File, 4));
        if made.is_ok_and(|s| s.success()) {
            // Opened without a writer and without blocking; the caller sees the kind
            // of what it opened and does not read it.
            let (_, meta) = open.open_file(b"rohr", false).unwrap();
            assert_eq!(meta.kind, Kind::Fifo);
        }
        let (_, meta) = open.open_file(b"ziel.csv", false).unwrap();
        assert_eq!((meta.kind, meta.size), (Kind::File, 4));
    }

    #[test]
    fn components_join_with_a_separator() {
        let mut buf = Vec::new();
        push_component(&mut buf, b"a");
        push_component(&mut buf, b"b.csv");
        assert_eq!(display(&buf), "a/b.csv");
        assert_eq!(path_from_bytes(&buf), Path::new("a/b.csv"));
    }
}
