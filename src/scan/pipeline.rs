//! The scan pipeline: load the last state → walk and identify → write → hash equal
//! sizes → link duplicates → store the new state.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use tokio::sync::mpsc;

use super::entry;
use super::fs::{os_bytes, path_from_bytes};
use super::issue;
use super::snapshot;
use super::walk::{Observed, Previous, Root, Walk};
use super::{
    Format, Issue, ScanControl, ScanError, ScanOptions, ScanPhase, ScanProgress, ScanStatus,
    ScanSummary,
};
use crate::profile;
use crate::store::Project;
use crate::store::inventory::{self, ContentHash, FileState, ScanCounts};
use crate::store::profiling;

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

/// Whether `path` lies below the folder `prefix` (both relative, raw bytes).
fn path_under(path: &[u8], prefix: &[u8]) -> bool {
    prefix.is_empty()
        || (path.len() > prefix.len()
            && path.starts_with(prefix)
            && matches!(path[prefix.len()], b'/' | b'\\'))
}

/// Loads the state of the roots: from their snapshots, or from the rows when a
/// snapshot is missing.
async fn load_previous(
    conn: &mut sqlx::SqliteConnection,
    roots: &[Root],
) -> Result<(Vec<FileState>, bool), ScanError> {
    let mut states = Vec::new();
    let mut from_rows = Vec::new();
    for root in roots {
        match inventory::load_snapshot(conn, root.id)
            .await?
            .and_then(|b| snapshot::decode(&b, root.id))
        {
            // One root (the usual case) keeps its vector; more are joined.
            Some(s) if states.is_empty() => states = s,
            Some(mut s) => states.append(&mut s),
            None => from_rows.push(root.id),
        }
    }
    let complete = from_rows.is_empty();
    if !from_rows.is_empty() {
        states.append(&mut inventory::load_states(conn, &from_rows).await?);
    }
    Ok((states, complete))
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
    let progress: &ScanProgress = control.progress();
    progress.set_phase(ScanPhase::Preparing, 0);

    let root_paths = resolve_roots(options, project.path())?;
    let excludes = build_excludes(&options.excludes)?;
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let options_json = serde_json::to_string(options).unwrap_or_default();

    let mut bulk = project.bulk_write().await?;
    let mut tx = sqlx::Connection::begin(bulk.connection()).await?;
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
    let profiled_before = inventory::profiles_complete(&mut tx, &root_ids).await?;
    let (states, snapshots_complete) = load_previous(&mut tx, &roots).await?;
    let previous = Previous::new(states, &roots);
    let mut next_id = inventory::next_file_id(&mut tx).await?;

    // Walk in worker threads; write here as batches arrive.
    progress.set_phase(ScanPhase::Walking, 0);
    // A bounded queue: when the writer falls behind, the walkers wait instead of piling
    // up records. 64 folders' worth keeps them busy while the writer waits for a
    // statement of 1,500 rows (with 16, the walkers of a 200,000-file first scan
    // waited 100-180 ms in all and the walk took 8% longer; peak memory is the same).
    let (sender, mut receiver) = mpsc::channel::<Vec<Observed>>(64);
    let roots = Arc::new(roots);
    let previous = Arc::new(previous);
    let walker = {
        let (roots, previous, control) =
            (Arc::clone(&roots), Arc::clone(&previous), control.clone());
        let (threads, follow) = (options.threads(), options.follow_symlinks);
        tokio::task::spawn_blocking(move || {
            let walk = Walk::new(
                &roots,
                &previous,
                &excludes,
                follow,
                control.progress(),
                &control,
            );
            walk.run(threads, &sender);
        })
    };

    let mut counts = ScanCounts::default();
    let mut seen = vec![false; previous.states.len()];
    let mut inserter = inventory::FileInserter::new(scan_id);
    let mut new_states: Vec<FileState> = Vec::new();
    let mut changed: Vec<(usize, FileState)> = Vec::new();
    let mut events: Vec<(i64, &str)> = Vec::new();
    let mut folder_errors: Vec<(i64, Vec<u8>)> = Vec::new();

    while let Some(batch) = receiver.recv().await {
        for observed in batch {
            match observed {
                Observed::Unchanged(i) => {
                    seen[i] = true;
                    let prev = &previous.states[i];
                    counts.files_seen += 1;
                    counts.files_unchanged += 1;
                    counts.bytes_seen += prev.size;
                    counts.errors += i64::from(!prev.readable);
                }
                Observed::Entry {
                    mut record,
                    previous: earlier,
                } => {
                    counts.files_seen += 1;
                    counts.bytes_seen += record.size;
                    counts.errors += i64::from(record.error_code.is_some());
                    match earlier {
                        Some(i) => {
                            seen[i] = true;
                            let prev = &previous.states[i];
                            record.id = prev.id;
                            if prev.removed {
                                counts.files_new += 1;
                                events.push((prev.id, "reappeared"));
                            } else {
                                counts.files_changed += 1;
                                events.push((prev.id, "changed"));
                            }
                            inventory::update_file(&mut tx, &record, scan_id).await?;
                            changed.push((i, state_of(&record, prev.duplicate_of)));
                        }
                        None => {
                            record.id = next_id;
                            next_id += 1;
                            counts.files_new += 1;
                            new_states.push(new_state(&mut record));
                            inserter.push(&mut tx, *record).await?;
                        }
                    }
                }
                Observed::FolderError { root_id, rel } => folder_errors.push((root_id, rel)),
            }
        }
    }
    inserter.finish(&mut tx).await?;
    walker
        .await
        .map_err(|e| ScanError::Internal(e.to_string()))?;

    // Look inside what needs it: new, changed and not yet profiled files seen in this
    // walk. A cancelled walk or an inventory-only scan profiles nothing (the next full
    // scan picks the files up without identifying them again).
    // After scans that profiled everything they saw, only the files this walk opened
    // can lack a profile: with none, the search for them (through the whole file
    // table) is skipped.
    let nothing_new = profiled_before && new_states.is_empty() && changed.is_empty();
    let profiled = if control.is_cancelled() || options.inventory_only || nothing_new {
        ProfileRun::default()
    } else {
        // Files the walk opened (new and changed ones) count once in `files_opened`.
        let mut walked: HashSet<i64> = new_states.iter().map(|s| s.id).collect();
        walked.extend(changed.iter().map(|(_, s)| s.id));
        let mut seen_ids = walked.clone();
        seen_ids.extend(
            previous
                .states
                .iter()
                .zip(&seen)
                .filter(|(_, seen)| **seen)
                .map(|(s, _)| s.id),
        );
        let today = options
            .today
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        profile_pending(
            &mut tx,
            &roots,
            &seen_ids,
            &walked,
            options.threads(),
            today,
            control,
        )
        .await?
    };
    counts.errors += profiled.failures.len() as i64;
    let status = if control.is_cancelled() {
        ScanStatus::Cancelled
    } else {
        ScanStatus::Completed
    };

    // Build the state after this scan: earlier states with their changes, plus new files.
    let roots =
        Arc::try_unwrap(roots).map_err(|_| ScanError::Internal("walker still running".into()))?;
    let previous = Arc::try_unwrap(previous)
        .map_err(|_| ScanError::Internal("walker still running".into()))?;
    let mut states = previous.into_states();
    let mut affected_sizes: HashSet<i64> = HashSet::default();
    for (i, new) in changed {
        affected_sizes.insert(states[i].size);
        affected_sizes.insert(new.size);
        states[i] = new;
    }
    // Files gone since the last scan; a cancelled scan removes nothing, and nothing
    // below a folder that could not be read counts as gone.
    if status == ScanStatus::Completed {
        let mut removed = Vec::new();
        for (s, seen) in states.iter_mut().zip(&seen) {
            if *seen || s.removed {
                continue;
            }
            if folder_errors
                .iter()
                .any(|(root, prefix)| *root == s.root_id && path_under(&s.rel_path_raw, prefix))
            {
                continue;
            }
            s.removed = true;
            s.duplicate_of = None;
            affected_sizes.insert(s.size);
            removed.push(s.id);
        }
        counts.files_removed = removed.len() as i64;
        inventory::mark_removed(&mut tx, &removed, scan_id).await?;
        events.extend(removed.iter().map(|id| (*id, "removed")));
    }
    // Without complete snapshots every size counts (below), so the sizes of the new
    // files (all files, in a first scan) need not be collected.
    let all_sizes = !snapshots_complete;
    if !all_sizes {
        affected_sizes.extend(new_states.iter().map(|s| s.size));
    }
    if states.is_empty() {
        states = new_states;
    } else {
        states.append(&mut new_states);
    }
    if !profiled.failures.is_empty() {
        let index: HashMap<i64, usize> =
            states.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        for (id, issue) in &profiled.failures {
            if let Some(&i) = index.get(id) {
                let s = &mut states[i];
                s.readable = false;
                s.retry = issue.is_transient();
                s.issue = Some(match &issue.detail {
                    Some(detail) => format!("{}|{detail}", issue.code),
                    None => issue.code.clone(),
                });
                affected_sizes.insert(s.size);
            }
        }
    }

    // Duplicates: only sizes touched by this scan can change (all of them when the
    // earlier state came from rows without a snapshot).
    let (hashed, files_hashed) = if status == ScanStatus::Completed {
        hash_size_groups(
            &mut states,
            &affected_sizes,
            all_sizes,
            &roots,
            progress,
            options.threads(),
        )
    } else {
        (Vec::new(), 0)
    };
    progress.set_phase(ScanPhase::Saving, 0);
    inventory::set_hashes(&mut tx, &hashed).await?;
    let links = duplicate_links(&mut states, &affected_sizes, all_sizes);
    inventory::set_duplicates(&mut tx, &links).await?;
    inventory::insert_events(&mut tx, scan_id, &events).await?;
    counts.files_opened =
        progress.opened.load(Ordering::Relaxed) as i64 + files_hashed + profiled.opened;
    let duplicates = states
        .iter()
        .filter(|s| !s.removed && s.duplicate_of.is_some())
        .count() as i64;

    let anything_changed = counts.files_new + counts.files_changed + counts.files_removed > 0
        || !hashed.is_empty()
        || !links.is_empty()
        || !snapshots_complete;
    if anything_changed {
        for root in &roots {
            let of_root = states.iter().filter(|s| s.root_id == root.id);
            let bytes = snapshot::encode(of_root.clone().count(), of_root);
            inventory::save_snapshot(&mut tx, root.id, bytes).await?;
        }
    }
    let profiles_complete =
        !control.is_cancelled() && !options.inventory_only && folder_errors.is_empty();
    inventory::set_profiles_complete(&mut tx, &root_ids, profiles_complete).await?;
    let finished_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    inventory::finish_scan(&mut tx, scan_id, &finished_at, status.id(), &counts).await?;
    tx.commit().await?;
    // The scan is saved; a connection that does not close cleanly changes nothing.
    let _ = bulk.finish().await;
    progress.set_phase(ScanPhase::Done, 0);

    Ok(ScanSummary {
        scan_id,
        status,
        roots: roots
            .iter()
            .map(|r| r.path.to_string_lossy().into_owned())
            .collect(),
        counts,
        duplicates,
        files_hashed,
        duration: started.elapsed(),
    })
}

/// What the profiling stage did.
#[derive(Default)]
struct ProfileRun {
    /// Files that turned out unreadable or damaged, with why.
    failures: Vec<(i64, Issue)>,
    /// Files opened for profiling that the walk had not opened.
    opened: i64,
}

/// Profiles, in parallel, the readable files of the roots that have no profile yet and
/// were seen in this walk, writing each result as it arrives.
async fn profile_pending(
    tx: &mut sqlx::SqliteConnection,
    roots: &[Root],
    seen: &HashSet<i64>,
    walked: &HashSet<i64>,
    threads: usize,
    today: chrono::NaiveDate,
    control: &ScanControl,
) -> Result<ProfileRun, ScanError> {
    let formats: Vec<&str> = profile::PROFILED_FORMATS.iter().map(|f| f.id()).collect();
    let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let mut jobs = profiling::pending(tx, &root_ids, &formats).await?;
    jobs.retain(|j| seen.contains(&j.id));
    let progress = control.progress();
    progress.set_phase(ScanPhase::Profiling, jobs.len() as u64);
    let mut run = ProfileRun::default();
    if jobs.is_empty() {
        return Ok(run);
    }
    let root_paths: HashMap<i64, PathBuf> = roots.iter().map(|r| (r.id, r.path.clone())).collect();
    let (sender, mut receiver) = mpsc::channel::<(i64, Result<profile::Profiled, Issue>)>(64);
    let worker = {
        let control = control.clone();
        tokio::task::spawn_blocking(move || {
            let cancel = control.cancel_flag();
            let work = |sender: mpsc::Sender<_>| {
                jobs.par_iter().for_each_with(sender, |sender, job| {
                    if control.is_cancelled() {
                        return;
                    }
                    let Some(format) = Format::from_id(&job.format) else {
                        return;
                    };
                    let Some(root) = root_paths.get(&job.root_id) else {
                        return;
                    };
                    let path = root.join(path_from_bytes(&job.rel_path_raw));
                    let mut request = profile::ProfileRequest::new(format, today);
                    request.encoding = job.encoding.clone();
                    request.delimiter = job.delimiter.as_deref().and_then(|d| d.bytes().next());
                    request.cancel = Some(Arc::clone(&cancel));
                    let result = profile::profile_file(&path, &request);
                    control.progress().step_done.fetch_add(1, Ordering::Relaxed);
                    let _ = sender.blocking_send((job.id, result));
                });
            };
            match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                Ok(pool) => pool.install(|| work(sender)),
                Err(_) => work(sender),
            }
        })
    };
    // Profiles are written in batches; each is small (statistics only).
    let mut batch: Vec<(i64, profile::FileProfile)> = Vec::new();
    while let Some((id, result)) = receiver.recv().await {
        run.opened += i64::from(!walked.contains(&id));
        let failure = match result {
            Ok(profiled) => {
                batch.push((id, profiled.profile));
                if batch.len() >= 256 {
                    profiling::set_profiles(tx, &batch).await?;
                    batch.clear();
                }
                profiled.damage
            }
            Err(issue) if issue.code == "cancelled" => None,
            Err(issue) => Some(issue),
        };
        if let Some(issue) = failure {
            profiling::set_unreadable(
                tx,
                id,
                &issue.code,
                issue.detail.as_deref(),
                issue.is_transient(),
            )
            .await?;
            run.failures.push((id, issue));
        }
    }
    profiling::set_profiles(tx, &batch).await?;
    worker
        .await
        .map_err(|e| ScanError::Internal(e.to_string()))?;
    Ok(run)
}

fn state_of(record: &inventory::FileRecord, duplicate_of: Option<i64>) -> FileState {
    state_with_path(record, record.rel_path_raw.clone(), duplicate_of)
}

fn state_with_path(
    record: &inventory::FileRecord,
    rel_path_raw: Vec<u8>,
    duplicate_of: Option<i64>,
) -> FileState {
    FileState {
        id: record.id,
        root_id: record.root_id,
        rel_path_raw,
        size: record.size,
        mtime_ns: record.mtime_ns,
        file_id: record.file_id,
        hash: record.hash,
        duplicate_of,
        removed: false,
        readable: record.readable,
        retry: record.retry,
        issue: issue_key(record),
    }
}

/// The state of a file new to the project. The exact path bytes move into the state;
/// the record keeps them only when its display path lost something (see
/// [`inventory::FileInserter`]).
fn new_state(record: &mut inventory::FileRecord) -> FileState {
    let raw = if std::str::from_utf8(&record.rel_path_raw) == Ok(record.rel_path.as_str()) {
        std::mem::take(&mut record.rel_path_raw)
    } else {
        record.rel_path_raw.clone()
    };
    state_with_path(record, raw, None)
}

/// The problem of a record as one comparable string.
pub(crate) fn issue_key(record: &inventory::FileRecord) -> Option<String> {
    let code = record.error_code.as_deref()?;
    Some(match &record.error_detail {
        Some(detail) => format!("{code}|{detail}"),
        None => code.to_owned(),
    })
}

/// Whether a state takes part in duplicate detection for the given sizes: present, not
/// empty, and its bytes could be read (a readable file, or one whose problem lies in
/// its content).
fn candidate(s: &FileState, sizes: &HashSet<i64>, all: bool) -> bool {
    !s.removed
        && s.size > 0
        && (s.readable || s.issue.as_deref().is_some_and(issue::is_content_problem))
        && (all || sizes.contains(&s.size))
}

/// Hashes, in parallel, files that share their size with another file and have no
/// hash yet. Returns the new hashes and how many files were opened for it.
fn hash_size_groups(
    states: &mut [FileState],
    sizes: &HashSet<i64>,
    all: bool,
    roots: &[Root],
    progress: &ScanProgress,
    threads: usize,
) -> (Vec<(i64, ContentHash)>, i64) {
    let mut by_size: HashMap<i64, usize> = HashMap::default();
    for s in states.iter().filter(|s| candidate(s, sizes, all)) {
        *by_size.entry(s.size).or_default() += 1;
    }
    let root_paths: HashMap<i64, &Path> = roots.iter().map(|r| (r.id, r.path.as_path())).collect();
    let jobs: Vec<(usize, PathBuf)> = states
        .iter()
        .enumerate()
        .filter(|(_, s)| candidate(s, sizes, all) && s.hash.is_none() && by_size[&s.size] > 1)
        .filter_map(|(i, s)| {
            root_paths
                .get(&s.root_id)
                .map(|root| (i, root.join(path_from_bytes(&s.rel_path_raw))))
        })
        .collect();
    progress.set_phase(ScanPhase::Hashing, jobs.len() as u64);
    if jobs.is_empty() {
        return (Vec::new(), 0);
    }
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
            states[i].hash = Some(hash);
            hashed.push((states[i].id, hash));
        }
    }
    (hashed, opened)
}

/// Whether a file name says it is a copy (`Bericht - Kopie.docx`, `Liste (2).xlsx`,
/// `copy of …`, `…_alt`, `…_backup`). Copies made by a file manager keep the
/// original's modification time, so the name decides between equally old files.
fn looks_like_copy(rel_path: &[u8]) -> bool {
    let name = rel_path
        .rsplit(|&b| b == b'/' || b == b'\\')
        .next()
        .unwrap_or(rel_path);
    let name = String::from_utf8_lossy(name).to_lowercase();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    [
        "kopie",
        "copy",
        "backup",
        "sicherung",
        "_alt",
        " alt",
        "_old",
        "duplikat",
    ]
    .iter()
    .any(|m| stem.contains(m))
        || stem.ends_with(')')
            && stem
                .rsplit_once('(')
                .is_some_and(|(_, n)| n[..n.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

/// Decides the duplicate links of the candidates: within a group of equal size and
/// hash the oldest file (by modification time; between equally old files the one
/// whose name does not say "copy", then the shorter path) is the original. Updates
/// `states` and returns the links that changed.
fn duplicate_links(
    states: &mut [FileState],
    sizes: &HashSet<i64>,
    all: bool,
) -> Vec<(i64, Option<i64>)> {
    // The first file with each (size, hash); a group is only built on a second one, so
    // a large inventory of distinct files costs one map entry per file and nothing more.
    let mut first: HashMap<(i64, &[u8]), usize> =
        HashMap::with_capacity_and_hasher(states.len(), Default::default());
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, s) in states.iter().enumerate() {
        if candidate(s, sizes, all)
            && let Some(hash) = s.hash.as_ref()
        {
            match first.entry((s.size, hash)) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    let at = *e.get();
                    groups.entry(at).or_insert_with(|| vec![at]).push(i);
                }
            }
        }
    }
    drop(first);
    let mut wanted: HashMap<usize, i64> = HashMap::default();
    for group in groups.values_mut() {
        group.sort_by_cached_key(|&i| {
            let s = &states[i];
            let name_says_copy = looks_like_copy(&s.rel_path_raw);
            (
                s.mtime_ns.unwrap_or(i64::MAX),
                name_says_copy,
                s.rel_path_raw.len(),
                s.root_id,
                s.rel_path_raw.clone(),
            )
        });
        let original = states[group[0]].id;
        for &i in &group[1..] {
            wanted.insert(i, original);
        }
    }
    let mut links = Vec::new();
    for (i, s) in states.iter_mut().enumerate() {
        if !candidate(s, sizes, all) {
            continue;
        }
        let want = wanted.get(&i).copied();
        if want != s.duplicate_of {
            s.duplicate_of = want;
            links.push((s.id, want));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A state whose hash starts with `hash` (zeros after it).
    fn state(id: i64, size: i64, mtime: i64, hash: &[u8], link: Option<i64>) -> FileState {
        let mut full = [0; 32];
        full[..hash.len()].copy_from_slice(hash);
        FileState {
            id,
            root_id: 1,
            rel_path_raw: format!("f{id}").into_bytes(),
            size,
            mtime_ns: Some(mtime),
            file_id: None,
            hash: Some(full),
            duplicate_of: link,
            removed: false,
            readable: true,
            retry: false,
            issue: None,
        }
    }

    #[test]
    fn the_oldest_copy_is_the_original() {
        let mut s = vec![
            state(1, 10, 300, b"a", None),
            state(2, 10, 100, b"a", None),
            state(3, 10, 200, b"b", None),
        ];
        let links = duplicate_links(&mut s, &HashSet::default(), true);
        assert_eq!(links, vec![(1, Some(2))]);
        assert_eq!(s[0].duplicate_of, Some(2));
    }

    #[test]
    fn only_changed_links_in_affected_sizes_are_written() {
        let mut s = vec![
            state(1, 10, 300, b"a", Some(2)),
            state(2, 10, 100, b"a", None),
            state(4, 5, 1, b"z", Some(9)),
        ];
        // size 5 is not affected by this scan: its (stale-looking) link stays untouched
        let links = duplicate_links(&mut s, &HashSet::from_iter([10]), false);
        assert!(links.is_empty());
        let links = duplicate_links(&mut s, &HashSet::from_iter([5, 10]), false);
        assert_eq!(links, vec![(4, None)]);
    }

    #[test]
    fn copies_are_recognised_by_name() {
        for copy in [
            "a/Bericht - Kopie.docx",
            "Liste (2).xlsx",
            "Copy of plan.pdf",
            "daten_alt.csv",
            "x_backup.zip",
        ] {
            assert!(looks_like_copy(copy.as_bytes()), "{copy}");
        }
        for original in [
            "a/Bericht.docx",
            "Liste.xlsx",
            "Altdaten.csv",
            "Kopierer/inventar.csv",
            "Werte (mg).csv",
        ] {
            assert!(!looks_like_copy(original.as_bytes()), "{original}");
        }
    }

    #[test]
    fn equally_old_copies_defer_to_the_plain_name() {
        let mut s = vec![state(1, 10, 100, b"a", None), state(2, 10, 100, b"a", None)];
        s[0].rel_path_raw = b"R/Reklamationen_2024-05 - Kopie.csv".to_vec();
        s[1].rel_path_raw = b"R/Reklamationen_2024-05.csv".to_vec();
        let links = duplicate_links(&mut s, &HashSet::default(), true);
        assert_eq!(links, vec![(1, Some(2))]);
    }

    #[test]
    fn folder_prefixes_match_whole_components() {
        assert!(path_under(b"Archiv/a.csv", b"Archiv"));
        assert!(!path_under(b"Archiv2/a.csv", b"Archiv"));
        assert!(!path_under(b"Archiv", b"Archiv"));
        assert!(path_under(b"x", b""));
    }
}
