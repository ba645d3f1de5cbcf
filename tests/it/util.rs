//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `datenreife` binary, with a fixed language.
pub fn datenreife() -> Command {
    let mut cmd = Command::cargo_bin("datenreife").expect("binary built");
    cmd.env("DATENREIFE_LANG", "en");
    cmd
}

/// Writes a file, creating parent folders.
pub fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

/// Sets a file's modification time (seconds since the epoch).
pub fn set_mtime(path: &Path, secs: i64) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_times(std::fs::FileTimes::new().set_modified(time))
        .unwrap();
}

/// Everything observable about a tree without following links: for each entry its
/// kind, size, modification time, permissions and a hash of the content of regular
/// files.
pub fn snapshot(root: &Path) -> BTreeMap<Vec<u8>, String> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let meta = std::fs::symlink_metadata(&dir).unwrap();
        out.insert(
            dir.as_os_str().as_bytes().to_vec(),
            format!(
                "dir {:o} {}",
                meta.mode(),
                meta.mtime_nsec() + meta.mtime() * 1_000_000_000
            ),
        );
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let ft = meta.file_type();
            let mtime = meta.mtime() * 1_000_000_000 + meta.mtime_nsec();
            if ft.is_dir() {
                stack.push(path);
                continue;
            }
            let content = if ft.is_file() {
                std::fs::read(&path)
                    .map(|b| blake3::hash(&b).to_hex().to_string())
                    .unwrap_or_else(|_| "unreadable".into())
            } else if ft.is_symlink() {
                std::fs::read_link(&path).unwrap().display().to_string()
            } else {
                "special".into()
            };
            out.insert(
                path.as_os_str().as_bytes().to_vec(),
                format!("{:o} {} {} {}", meta.mode(), meta.len(), mtime, content),
            );
        }
    }
    out
}

/// Runs `datenreife scan` and returns the parsed `--json` summary.
pub fn scan_json(project: &Path, roots: &[&Path], extra: &[&str]) -> serde_json::Value {
    let mut cmd = datenreife();
    cmd.arg("scan")
        .args(roots)
        .arg("--project")
        .arg(project)
        .arg("--json")
        .args(extra);
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("scan --json prints JSON")
}

/// Runs `datenreife catalog --format json`.
pub fn catalog_json(project: &Path) -> serde_json::Value {
    let out = datenreife()
        .args(["catalog", "--format", "json", "--project"])
        .arg(project)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("catalog prints JSON")
}

/// The catalogue entry for a relative path.
pub fn file<'a>(catalog: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    catalog["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in catalogue"))
}

/// A minimal valid XLSX-like ZIP (stored entries only) with the given entries.
pub fn zip_stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let mut local = Vec::new();
        local.extend_from_slice(b"PK\x03\x04");
        local.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(data.len() as u32).to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name.as_bytes());
        local.extend_from_slice(data);
        out.extend_from_slice(&local);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(data.len() as u32).to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Where the shared fixtures live, when this checkout sits beside them.
pub fn shared_fixtures() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    path.is_dir().then_some(path)
}
