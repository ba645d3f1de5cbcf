//! The scan pipeline: walk → compare with the last scan → identify → hash → write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{DirEntry, WalkBuilder, WalkState};
use rayon::prelude::*;
use tokio::sync::mpsc;

use super::entry::{self, os_bytes, path_from_bytes};
use super::issue::{self, Issue};
use super::{
    Format, ScanControl, ScanError, ScanOptions, ScanPhase, ScanProgress, ScanStatus, ScanSummary,
};
use crate::store::Project;
use crate::store::inventory::{self, FileRecord, FileState, ScanCounts};

/// A root being scanned.
struct Root {
    id: i64,
    path: PathBuf,
}

/// What the project knew before this scan, indexed by root and exact path.
struct Previous {
    states: Vec<FileState>,
    index: HashMap<i64, HashMap<Vec<u8>, usize>>,
}

impl Previous {
    fn new(states: Vec<FileState>) -> Self {
        let mut index: HashMap<i64, HashMap<Vec<u8>, usize>> = HashMap::new();
        for (i, s) in states.iter().enumerate() {
            index
                .entry(s.root_id)
                .or_default()
                .insert(s.rel_path_raw.clone(), i);
        }
        Previous { states, index }
    }

    fn find(&self, root_id: i64, rel: &[u8]) -> Option<usize> {
        self.index.get(&root_id)?.get(rel).copied()
    }
}

/// What a walker thread reports about one entry.
enum Observed {
    /// Size, time and identity match the last scan: reused without opening.
    Unchanged(usize),
    /// A new, changed or problematic entry.
    Entry {
        record: Box<FileRecord>,
        previous: Option<usize>,
    },
    /// A folder that could not be read (its files are not marked removed).
    FolderError { root_id: i64, rel_raw: Vec<u8> },
}

/// Everything the walker threads share.
struct WalkShared {
    roots: Vec<Root>,
    previous: Previous,
    progress: Arc<ScanProgress>,
    control: ScanControl,
}

/// One walker thread: the shared state and its own handle on the result channel.
struct Visitor {
    shared: Arc<WalkShared>,
    sender: mpsc::Sender<Observed>,
}

impl std::ops::Deref for Visitor {
    type Target = WalkShared;
    fn deref(&self) -> &WalkShared {
        &self.shared
    }
}

impl WalkShared {
    /// The root a path belongs to and the path relative to it.
    fn locate<'p>(&self, path: &'p Path) -> Option<(&Root, &'p Path)> {
        self.roots
            .iter()
            .filter_map(|r| path.strip_prefix(&r.path).ok().map(|rel| (r, rel)))
            .max_by_key(|(r, _)| r.path.as_os_str().len())
    }
}

impl Visitor {
    fn send(&self, observed: Observed) -> WalkState {
        if self.sender.blocking_send(observed).is_err() || self.control.is_cancelled() {
            WalkState::Quit
        } else {
            WalkState::Continue
        }
    }

    fn visit(&self, result: Result<DirEntry, ignore::Error>) -> WalkState {
        if self.control.is_cancelled() {
            return WalkState::Quit;
        }
        match result {
            Ok(entry) => self.visit_entry(&entry),
            Err(error) => self.visit_error(&error),
        }
    }

    fn visit_entry(&self, entry: &DirEntry) -> WalkState {
        let path = entry.path();
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        if file_type.is_dir() {
            self.progress.set_folder(path);
            return WalkState::Continue;
        }
        let Some((root, rel)) = self.locate(path) else {
            return WalkState::Continue;
        };
        if rel.as_os_str().is_empty() {
            return WalkState::Continue;
        }
        let rel_raw = os_bytes(rel.as_os_str());
        let previous = self.previous.find(root.id, &rel_raw);
        let finish = |mut record: FileRecord| {
            record.root_id = root.id;
            record.rel_path = rel.to_string_lossy().into_owned();
            record.rel_path_raw = rel_raw.clone();
            record
        };
        self.progress.files.fetch_add(1, Ordering::Relaxed);

        if file_type.is_symlink() {
            let target = std::fs::read_link(path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default();
            let record =
                entry::problem_record(Format::Link, None, Issue::with("link_not_followed", target));
            return self.send_problem(finish(record), previous);
        }
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(e) => {
                let problem = match e.io_error() {
                    Some(io) => issue::from_io(io),
                    None => Issue::with("stat_failed", e.to_string()),
                };
                let record = entry::problem_record(Format::Unknown, None, problem);
                return self.send_problem(finish(record), previous);
            }
        };
        if !meta.is_file() {
            let kind = special_kind(&meta);
            let record =
                entry::problem_record(Format::Special, Some(&meta), Issue::with("special", kind));
            return self.send_problem(finish(record), previous);
        }
        self.progress.bytes.fetch_add(meta.len(), Ordering::Relaxed);
        if let Some(i) = previous {
            let prev = &self.previous.states[i];
            if !prev.removed
                && !prev.retry
                && prev.size == meta.len() as i64
                && prev.mtime_ns == entry::mtime_ns(&meta)
                && prev.file_id == entry::file_id(&meta)
            {
                if !prev.readable {
                    self.progress.errors.fetch_add(1, Ordering::Relaxed);
                }
                return self.send(Observed::Unchanged(i));
            }
        }
        let (record, opened) = entry::examine_file(path, &meta);
        if opened {
            self.progress.opened.fetch_add(1, Ordering::Relaxed);
        }
        if record.error_code.is_some() {
            self.progress.errors.fetch_add(1, Ordering::Relaxed);
        }
        self.send(Observed::Entry {
            record: Box::new(finish(record)),
            previous,
        })
    }

    /// Problem entries (links, special files) are only rewritten when something about
    /// them changed.
    fn send_problem(&self, record: FileRecord, previous: Option<usize>) -> WalkState {
        self.progress.errors.fetch_add(1, Ordering::Relaxed);
        if let Some(i) = previous {
            let prev = &self.previous.states[i];
            if !prev.removed
                && !prev.readable
                && !prev.retry
                && prev.size == record.size
                && !record.retry
            {
                return self.send(Observed::Unchanged(i));
            }
        }
        self.send(Observed::Entry {
            record: Box::new(record),
            previous,
        })
    }

    fn visit_error(&self, error: &ignore::Error) -> WalkState {
        let (path, problem, format, is_folder) = describe_walk_error(error);
        let Some(path) = path else {
            return WalkState::Continue;
        };
        let Some((root, rel)) = self.locate(&path) else {
            return WalkState::Continue;
        };
        let rel_raw = os_bytes(rel.as_os_str());
        self.progress.files.fetch_add(1, Ordering::Relaxed);
        self.progress.errors.fetch_add(1, Ordering::Relaxed);
        if is_folder
            && self.send(Observed::FolderError {
                root_id: root.id,
                rel_raw: rel_raw.clone(),
            }) == WalkState::Quit
        {
            return WalkState::Quit;
        }
        if rel.as_os_str().is_empty() {
            return WalkState::Continue;
        }
        let mut record = entry::problem_record(format, None, problem);
        record.root_id = root.id;
        record.rel_path = rel.to_string_lossy().into_owned();
        record.rel_path_raw = rel_raw;
        let previous = self.previous.find(root.id, &record.rel_path_raw);
        self.send(Observed::Entry {
            record: Box::new(record),
            previous,
        })
    }
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "FIFO"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "not a regular file"
}

/// Path, issue, format and whether a folder failed, for an error of the walker.
fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, Issue, Format, bool) {
    match error {
        ignore::Error::WithPath { path, err } => {
            let (_, problem, format, _) = describe_walk_error(err);
            let meta = std::fs::symlink_metadata(path).ok();
            let is_dir = meta.as_ref().is_some_and(|m| m.is_dir());
            let is_link = meta.as_ref().is_some_and(|m| m.file_type().is_symlink());
            let (problem, format) = if is_link && problem.code == "vanished" {
                (Issue::new("link_target_missing"), Format::Link)
            } else if is_dir {
                (problem, Format::Folder)
            } else {
                (problem, format)
            };
            (Some(path.clone()), problem, format, is_dir)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { ancestor, child } => (
            Some(child.clone()),
            Issue::with("link_loop", ancestor.to_string_lossy()),
            Format::Link,
            false,
        ),
        ignore::Error::Io(io) => (None, issue::from_io(io), Format::Unknown, false),
        ignore::Error::Partial(errors) => match errors.first() {
            Some(first) => describe_walk_error(first),
            None => (
                None,
                Issue::with("read_failed", "unknown"),
                Format::Unknown,
                false,
            ),
        },
        other => (
            None,
            Issue::with("read_failed", other.to_string()),
            Format::Unknown,
            false,
        ),
    }
}

fn build_excludes(patterns: &[String]) -> Result<GlobSet, ScanError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|source| ScanError::InvalidExclude {
            pattern: pattern.clone(),
            source,
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|source| ScanError::InvalidExclude {
        pattern: patterns.join(" "),
        source,
    })
}

/// Resolves and checks the roots: they must exist and be folders, nested roots are
/// folded into their parent, and the project file must not lie inside any of them.
/// Call it before creating a project file, so a refused scan leaves no file behind.
pub fn resolve_roots(
    options: &ScanOptions,
    project_path: &Path,
) -> Result<Vec<PathBuf>, ScanError> {
    if options.roots.is_empty() {
        return Err(ScanError::NoRoots);
    }
    let mut roots = Vec::new();
    for root in &options.roots {
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ScanError::RootMissing(root.clone()),
            _ => ScanError::RootUnreadable {
                path: root.clone(),
                source: e,
            },
        })?;
        if !meta.is_dir() {
            return Err(ScanError::RootNotFolder(root.clone()));
        }
        let canonical =
            std::fs::canonicalize(root).map_err(|source| ScanError::RootUnreadable {
                path: root.clone(),
                source,
            })?;
        std::fs::read_dir(&canonical).map_err(|source| ScanError::RootUnreadable {
            path: root.clone(),
            source,
        })?;
        roots.push(canonical);
    }
    roots.sort();
    roots.dedup();
    let all = roots.clone();
    roots.retain(|r| !all.iter().any(|other| other != r && r.starts_with(other)));

    let project_dir = project_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(dir) = std::fs::canonicalize(project_dir) {
        let project = dir.join(project_path.file_name().unwrap_or_default());
        if let Some(root) = roots.iter().find(|r| project.starts_with(r)) {
            return Err(ScanError::ProjectInsideRoot {
                project,
                root: root.clone(),
            });
        }
    }
    Ok(roots)
}

/// A file that takes part in duplicate detection.
struct Candidate {
    id: i64,
    root_id: i64,
    rel_raw: Vec<u8>,
    size: i64,
    mtime_ns: Option<i64>,
    hash: Option<Vec<u8>>,
    current_link: Option<i64>,
}

/// Runs a scan of `options.roots` into `project`.
///
/// The scan writes in one transaction: if it fails, the project is unchanged; if it is
/// cancelled, what was seen is committed and the scan is marked `cancelled`.
pub async fn run(
    project: &Project,
    options: &ScanOptions,
    control: &ScanControl,
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let progress = Arc::clone(&control.progress);
    progress.set_phase(ScanPhase::Preparing, 0);

    let root_paths = resolve_roots(options, project.path())?;
    let excludes = build_excludes(&options.excludes)?;
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let options_json = serde_json::to_string(options).unwrap_or_default();

    let mut tx = project.pool().begin().await?;
    let scan_id = inventory::begin_scan(&mut tx, &started_at, &options_json).await?;
    let mut roots = Vec::new();
    for path in &root_paths {
        let id = inventory::upsert_root(
            &mut tx,
            &path.to_string_lossy(),
            &os_bytes(path.as_os_str()),
            scan_id,
        )
        .await?;
        roots.push(Root {
            id,
            path: path.clone(),
        });
    }
    let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let previous = Previous::new(inventory::load_states(&mut tx, &root_ids).await?);
    let mut next_id = inventory::next_file_id(&mut tx).await?;

    // Walk in blocking threads; write here as results arrive.
    progress.set_phase(ScanPhase::Walking, 0);
    let (sender, mut receiver) = mpsc::channel::<Observed>(8192);
    let shared = Arc::new(WalkShared {
        roots,
        previous,
        progress: Arc::clone(&progress),
        control: control.clone(),
    });
    let walker = {
        let shared = Arc::clone(&shared);
        let threads = options.threads();
        let follow = options.follow_symlinks;
        // The sender moves into the walk and is dropped when it ends, which ends the
        // receiving loop below.
        tokio::task::spawn_blocking(move || walk(&shared, sender, threads, follow, excludes))
    };

    let mut counts = ScanCounts::default();
    let mut seen = vec![false; shared.previous.states.len()];
    let mut new_batch: Vec<FileRecord> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut events: Vec<(i64, &str)> = Vec::new();
    let mut folder_errors: Vec<(i64, Vec<u8>)> = Vec::new();

    while let Some(observed) = receiver.recv().await {
        match observed {
            Observed::Unchanged(i) => {
                seen[i] = true;
                counts.files_seen += 1;
                counts.files_unchanged += 1;
                let prev = &shared.previous.states[i];
                counts.bytes_seen += prev.size;
                if !prev.readable {
                    counts.errors += 1;
                }
                if prev.readable {
                    candidates.push(Candidate {
                        id: prev.id,
                        root_id: prev.root_id,
                        rel_raw: prev.rel_path_raw.clone(),
                        size: prev.size,
                        mtime_ns: prev.mtime_ns,
                        hash: prev.hash.clone(),
                        current_link: prev.duplicate_of,
                    });
                }
            }
            Observed::Entry {
                mut record,
                previous,
            } => {
                counts.files_seen += 1;
                counts.bytes_seen += record.size;
                if record.error_code.is_some() {
                    counts.errors += 1;
                }
                let current_link = match previous {
                    Some(i) => {
                        seen[i] = true;
                        let prev = &shared.previous.states[i];
                        record.id = prev.id;
                        if prev.removed {
                            counts.files_new += 1;
                            events.push((prev.id, "reappeared"));
                        } else {
                            counts.files_changed += 1;
                            events.push((prev.id, "changed"));
                        }
                        inventory::update_file(&mut tx, &record, scan_id).await?;
                        prev.duplicate_of
                    }
                    None => {
                        record.id = next_id;
                        next_id += 1;
                        counts.files_new += 1;
                        None
                    }
                };
                if record.readable {
                    candidates.push(Candidate {
                        id: record.id,
                        root_id: record.root_id,
                        rel_raw: record.rel_path_raw.clone(),
                        size: record.size,
                        mtime_ns: record.mtime_ns,
                        hash: record.hash.clone(),
                        current_link,
                    });
                }
                if previous.is_none() {
                    new_batch.push(*record);
                    if new_batch.len() >= 1500 {
                        inventory::insert_files(&mut tx, &new_batch, scan_id).await?;
                        new_batch.clear();
                    }
                }
            }
            Observed::FolderError { root_id, rel_raw } => folder_errors.push((root_id, rel_raw)),
        }
    }
    inventory::insert_files(&mut tx, &new_batch, scan_id).await?;
    drop(new_batch);
    walker
        .await
        .map_err(|e| ScanError::Internal(e.to_string()))??;

    let status = if control.is_cancelled() {
        ScanStatus::Cancelled
    } else {
        ScanStatus::Completed
    };

    // Files gone since the last scan; a cancelled scan removes nothing, and nothing
    // below a folder that could not be read counts as gone.
    if status == ScanStatus::Completed {
        let removed: Vec<i64> = shared
            .previous
            .states
            .iter()
            .zip(&seen)
            .filter(|(s, seen)| !**seen && !s.removed)
            .filter(|(s, _)| {
                !folder_errors.iter().any(|(root, prefix)| {
                    *root == s.root_id && (prefix.is_empty() || path_under(&s.rel_path_raw, prefix))
                })
            })
            .map(|(s, _)| s.id)
            .collect();
        counts.files_removed = removed.len() as i64;
        inventory::mark_removed(&mut tx, &removed, scan_id).await?;
        events.extend(removed.iter().map(|id| (*id, "removed")));
    }

    // Duplicates: hash what is still unhashed among files of equal size.
    let (hashed, files_hashed) = if status == ScanStatus::Completed {
        hash_size_groups(&mut candidates, &shared.roots, &progress, options.threads())
    } else {
        (Vec::new(), 0)
    };
    counts.files_opened = progress.opened.load(Ordering::Relaxed) as i64 + files_hashed;
    progress.set_phase(ScanPhase::Saving, 0);
    inventory::set_hashes(&mut tx, &hashed).await?;
    let (links, duplicates) = duplicate_links(&candidates);
    inventory::set_duplicates(&mut tx, &links).await?;
    inventory::insert_events(&mut tx, scan_id, &events).await?;

    let finished_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    inventory::finish_scan(&mut tx, scan_id, &finished_at, status.id(), &counts).await?;
    tx.commit().await?;
    progress.set_phase(ScanPhase::Done, 0);

    Ok(ScanSummary {
        scan_id,
        status,
        roots: shared
            .roots
            .iter()
            .map(|r| r.path.to_string_lossy().into_owned())
            .collect(),
        counts,
        duplicates,
        files_hashed,
        duration: started.elapsed(),
    })
}

/// Whether `path` lies below the folder `prefix` (both relative, raw bytes).
fn path_under(path: &[u8], prefix: &[u8]) -> bool {
    path.len() > prefix.len()
        && path.starts_with(prefix)
        && matches!(path[prefix.len()], b'/' | b'\\')
}

fn walk(
    shared: &Arc<WalkShared>,
    sender: mpsc::Sender<Observed>,
    threads: usize,
    follow: bool,
    excludes: GlobSet,
) -> Result<(), ScanError> {
    let mut builder = WalkBuilder::new(&shared.roots[0].path);
    for root in &shared.roots[1..] {
        builder.add(&root.path);
    }
    let filter_shared = Arc::clone(shared);
    builder
        .standard_filters(false)
        .hidden(false)
        .follow_links(follow)
        .threads(threads)
        .filter_entry(move |entry| {
            if excludes.is_empty() {
                return true;
            }
            let Some((_, rel)) = filter_shared.locate(entry.path()) else {
                return true;
            };
            !(excludes.is_match(rel) || excludes.is_match(entry.file_name()))
        });
    builder.build_parallel().run(|| {
        let visitor = Visitor {
            shared: Arc::clone(shared),
            sender: sender.clone(),
        };
        Box::new(move |result| visitor.visit(result))
    });
    Ok(())
}

/// Hashes, in parallel, files that share their size with another file and have no
/// hash yet. Returns the new hashes and how many files were opened for it.
fn hash_size_groups(
    candidates: &mut [Candidate],
    roots: &[Root],
    progress: &ScanProgress,
    threads: usize,
) -> (Vec<(i64, Vec<u8>)>, i64) {
    let mut by_size: HashMap<i64, usize> = HashMap::new();
    for c in candidates.iter().filter(|c| c.size > 0) {
        *by_size.entry(c.size).or_default() += 1;
    }
    let todo: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.size > 0 && c.hash.is_none() && by_size[&c.size] > 1)
        .map(|(i, _)| i)
        .collect();
    progress.set_phase(ScanPhase::Hashing, todo.len() as u64);
    if todo.is_empty() {
        return (Vec::new(), 0);
    }
    let root_paths: HashMap<i64, &Path> = roots.iter().map(|r| (r.id, r.path.as_path())).collect();
    let jobs: Vec<(usize, PathBuf)> = todo
        .iter()
        .map(|&i| {
            (
                i,
                root_paths[&candidates[i].root_id].join(path_from_bytes(&candidates[i].rel_raw)),
            )
        })
        .collect();
    let hash_all = || {
        jobs.par_iter()
            .map(|(i, path)| {
                let hash = entry::hash_file(path).ok();
                progress.step_done.fetch_add(1, Ordering::Relaxed);
                (*i, hash)
            })
            .collect::<Vec<_>>()
    };
    let results = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(hash_all),
        Err(_) => hash_all(),
    };
    let opened = results.len() as i64;
    let mut hashed = Vec::new();
    for (i, hash) in results {
        if let Some(hash) = hash {
            candidates[i].hash = Some(hash.clone());
            hashed.push((candidates[i].id, hash));
        }
    }
    (hashed, opened)
}

/// Decides each candidate's duplicate link: within a group of equal size and hash the
/// oldest file (by modification time, then path) is the original. Returns the links
/// that differ from what is stored, and how many files are duplicates.
fn duplicate_links(candidates: &[Candidate]) -> (Vec<(i64, Option<i64>)>, i64) {
    let mut groups: HashMap<(i64, &[u8]), Vec<&Candidate>> = HashMap::new();
    for c in candidates {
        if let (true, Some(hash)) = (c.size > 0, c.hash.as_deref()) {
            groups.entry((c.size, hash)).or_default().push(c);
        }
    }
    let mut wanted: HashMap<i64, i64> = HashMap::new();
    for group in groups.values_mut().filter(|g| g.len() > 1) {
        group.sort_by(|a, b| {
            (a.mtime_ns.unwrap_or(i64::MAX), a.root_id, &a.rel_raw).cmp(&(
                b.mtime_ns.unwrap_or(i64::MAX),
                b.root_id,
                &b.rel_raw,
            ))
        });
        let original = group[0].id;
        for c in &group[1..] {
            wanted.insert(c.id, original);
        }
    }
    let links = candidates
        .iter()
        .filter_map(|c| {
            let want = wanted.get(&c.id).copied();
            (want != c.current_link).then_some((c.id, want))
        })
        .collect();
    (links, wanted.len() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: i64, size: i64, mtime: i64, hash: &[u8], link: Option<i64>) -> Candidate {
        Candidate {
            id,
            root_id: 1,
            rel_raw: format!("f{id}").into_bytes(),
            size,
            mtime_ns: Some(mtime),
            hash: Some(hash.to_vec()),
            current_link: link,
        }
    }

    #[test]
    fn the_oldest_copy_is_the_original() {
        let c = vec![
            cand(1, 10, 300, b"a", None),
            cand(2, 10, 100, b"a", None),
            cand(3, 10, 200, b"b", None),
        ];
        let (links, n) = duplicate_links(&c);
        assert_eq!(n, 1);
        assert_eq!(links, vec![(1, Some(2))]);
    }

    #[test]
    fn only_changed_links_are_written() {
        let c = vec![
            cand(1, 10, 300, b"a", Some(2)),
            cand(2, 10, 100, b"a", None),
            cand(4, 5, 1, b"z", Some(9)),
        ];
        let (links, n) = duplicate_links(&c);
        assert_eq!(n, 1);
        assert_eq!(links, vec![(4, None)]);
    }

    #[test]
    fn folder_prefixes_match_whole_components() {
        assert!(path_under(b"Archiv/a.csv", b"Archiv"));
        assert!(!path_under(b"Archiv2/a.csv", b"Archiv"));
        assert!(!path_under(b"Archiv", b"Archiv"));
    }
}
