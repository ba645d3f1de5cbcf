//! Checks of every path that comes from the UI: typed, pasted or chosen in a dialog,
//! a path is only used after the core has looked at it.

use std::path::{Path, PathBuf};

use super::error::{AppError, Result};

/// A non-empty absolute path (surrounding blanks removed).
pub(crate) fn absolute(raw: &str) -> Result<PathBuf> {
    let trimmed = raw.trim();
    let path = PathBuf::from(trimmed);
    if trimmed.is_empty() || !path.is_absolute() {
        return Err(AppError::InvalidPath(trimmed.to_owned()));
    }
    Ok(path)
}

/// An existing folder.
pub(crate) fn existing_folder(raw: &str) -> Result<PathBuf> {
    let path = absolute(raw)?;
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Ok(path),
        Ok(_) => Err(AppError::NotAFolder(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(AppError::FolderNotFound(path)),
        Err(source) => Err(AppError::FolderUnreadable { path, source }),
    }
}

/// An existing file (not a folder).
pub(crate) fn existing_file(raw: &str) -> Result<PathBuf> {
    let path = absolute(raw)?;
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(path),
        Ok(_) => Err(AppError::NotAFile(path)),
        Err(_) => Err(AppError::FileNotFound(path)),
    }
}

/// A file to be written: its folder exists, the path is not a folder, and it gets
/// `extension` when the name has none.
pub(crate) fn file_to_write(raw: &str, extension: &str) -> Result<PathBuf> {
    let mut path = absolute(raw)?;
    if path.file_name().is_none() {
        return Err(AppError::InvalidPath(raw.trim().to_owned()));
    }
    if path.is_dir() {
        return Err(AppError::NotAFile(path));
    }
    if path.extension().is_none() {
        path.set_extension(extension);
        if path.is_dir() {
            return Err(AppError::NotAFile(path));
        }
    }
    let parent = path
        .parent()
        .ok_or_else(|| AppError::InvalidPath(raw.trim().to_owned()))?;
    match std::fs::metadata(parent) {
        Ok(m) if m.is_dir() => Ok(path),
        Ok(_) => Err(AppError::NotAFolder(parent.to_owned())),
        Err(_) => Err(AppError::FolderNotFound(parent.to_owned())),
    }
}

/// Refuses a file to be written inside one of the scanned `roots`: a scan promises
/// never to change anything there, and the app keeps that promise for its own files.
pub(crate) fn outside_roots(path: &Path, roots: &[String]) -> Result<()> {
    let resolved = resolve(path);
    for root in roots {
        let root_path = PathBuf::from(root);
        let root_resolved = std::fs::canonicalize(&root_path).unwrap_or(root_path.clone());
        if resolved.starts_with(&root_resolved) {
            return Err(AppError::InsideScannedFolder {
                path: path.to_owned(),
                root: root_path,
            });
        }
    }
    Ok(())
}

/// The path with its folder resolved (links, `..`), for comparisons.
fn resolve(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::error::ErrorCode;

    #[test]
    fn paths_are_checked_before_use() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let f = file.to_str().unwrap();

        assert_eq!(absolute("").unwrap_err().code(), ErrorCode::InvalidPath);
        assert_eq!(
            absolute("rel/x").unwrap_err().code(),
            ErrorCode::InvalidPath
        );
        assert_eq!(existing_folder(&format!(" {d} ")).unwrap(), dir.path());
        assert_eq!(
            existing_folder(f).unwrap_err().code(),
            ErrorCode::NotAFolder
        );
        let missing = format!("{d}/nope");
        assert_eq!(
            existing_folder(&missing).unwrap_err().code(),
            ErrorCode::FolderNotFound
        );
        assert_eq!(existing_file(f).unwrap(), file);
        assert_eq!(existing_file(d).unwrap_err().code(), ErrorCode::NotAFile);
        assert_eq!(
            existing_file(&missing).unwrap_err().code(),
            ErrorCode::FileNotFound
        );

        let out = file_to_write(&format!("{d}/katalog"), "xlsx").unwrap();
        assert_eq!(out, dir.path().join("katalog.xlsx"));
        assert_eq!(
            file_to_write(&format!("{d}/nope/katalog.xlsx"), "xlsx")
                .unwrap_err()
                .code(),
            ErrorCode::FolderNotFound
        );
        std::fs::create_dir(dir.path().join("sub.json")).unwrap();
        assert_eq!(
            file_to_write(&format!("{d}/sub.json"), "json")
                .unwrap_err()
                .code(),
            ErrorCode::NotAFile
        );
    }

    #[test]
    fn nothing_is_written_into_a_scanned_folder() {
        let dir = tempfile::tempdir().unwrap();
        let share = dir.path().join("share");
        std::fs::create_dir_all(share.join("sub")).unwrap();
        let roots = vec![share.to_string_lossy().into_owned()];
        let inside = share.join("sub").join("..").join("out.xlsx");
        assert_eq!(
            outside_roots(&inside, &roots).unwrap_err().code(),
            ErrorCode::InsideScannedFolder
        );
        assert!(outside_roots(&dir.path().join("out.xlsx"), &roots).is_ok());
        // A sibling whose name starts like the root is outside.
        assert!(outside_roots(&dir.path().join("share2.xlsx"), &roots).is_ok());
    }
}
