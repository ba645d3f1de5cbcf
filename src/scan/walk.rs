//! The parallel walk: worker threads take folders from a shared stack, list them,
//! compare each entry with the last scan and identify what is new or changed.
//!
//! Folders are opened relative to their parent's handle, so a worker resolves one
//! path component per folder and file. Results go to the writer one batch per
//! folder.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};

use globset::GlobSet;
use tokio::sync::mpsc;

use super::entry;
use super::fs::{self, Kind, OpenDir};
use super::issue::{self, Issue};
use super::{Format, ScanControl, ScanProgress};
use crate::store::inventory::{FileRecord, FileState};

/// A root being scanned.
pub(crate) struct Root {
    pub(crate) id: i64,
    pub(crate) path: PathBuf,
}

/// What the project knew before this scan: every file of the scanned roots, with an
/// index by root and exact relative path. The index stores hashes and chains of
/// positions, not copies of the paths.
pub(crate) struct Previous {
    pub(crate) states: Vec<FileState>,
    /// Root position of each state (index into the scan's roots).
    root_of: Vec<u32>,
    /// First state with a given key hash.
    heads: rustc_hash::FxHashMap<u64, u32>,
    /// Next state with the same key hash (`u32::MAX` ends the chain).
    next: Vec<u32>,
}

fn key_hash(root: usize, rel: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    root.hash(&mut h);
    rel.hash(&mut h);
    h.finish()
}

impl Previous {
    /// Indexes states; `roots` gives the order of root ids.
    pub(crate) fn new(states: Vec<FileState>, roots: &[Root]) -> Previous {
        let mut heads =
            rustc_hash::FxHashMap::with_capacity_and_hasher(states.len(), Default::default());
        let mut next = vec![u32::MAX; states.len()];
        let mut root_of = vec![u32::MAX; states.len()];
        for (i, s) in states.iter().enumerate() {
            let Some(r) = roots.iter().position(|r| r.id == s.root_id) else {
                continue;
            };
            root_of[i] = r as u32;
            if let Some(first) = heads.insert(key_hash(r, &s.rel_path_raw), i as u32) {
                next[i] = first;
            }
        }
        Previous {
            states,
            root_of,
            heads,
            next,
        }
    }

    pub(crate) fn find(&self, root: usize, rel: &[u8]) -> Option<usize> {
        if self.heads.is_empty() {
            return None;
        }
        let mut i = *self.heads.get(&key_hash(root, rel))?;
        while i != u32::MAX {
            let at = i as usize;
            if self.root_of[at] == root as u32 && self.states[at].rel_path_raw == rel {
                return Some(at);
            }
            i = self.next[at];
        }
        None
    }

    /// [`Previous::find`], trying the state after `hint` first. The files of a folder
    /// follow each other in the states in the order the last scan listed them, and a
    /// folder lists in the same order again, so this is mostly a hit on the
    /// neighbouring state instead of a hash look-up with its cache misses.
    pub(crate) fn find_after(&self, hint: Option<usize>, root: usize, rel: &[u8]) -> Option<usize> {
        if let Some(next) = hint.map(|h| h + 1)
            && let Some(state) = self.states.get(next)
            && self.root_of[next] == root as u32
            && state.rel_path_raw == rel
        {
            return Some(next);
        }
        self.find(root, rel)
    }

    /// Gives the states back once the walk is over.
    pub(crate) fn into_states(self) -> Vec<FileState> {
        self.states
    }
}

/// What a worker reports about one entry. Observations travel in batches (vectors);
/// the record is boxed, so an unchanged file (all of a re-scan) takes 16 bytes in a
/// batch instead of the size of a record, and a record is moved as a pointer.
pub(crate) enum Observed {
    /// Size, time and identity match the last scan: reused without opening.
    Unchanged(usize),
    /// A new, changed or problematic entry, with the index of its earlier state.
    Entry {
        record: Box<FileRecord>,
        previous: Option<usize>,
    },
    /// A folder that could not be listed; nothing below it counts as removed.
    FolderError { root_id: i64, rel: Vec<u8> },
}

/// A folder being listed: its job, what was counted in it so far and the subfolders
/// found in it.
struct Listing<'a> {
    job: &'a Job,
    tally: Tally,
    children: Vec<Job>,
    /// The earlier state of the entry examined last (see [`Previous::find_after`]).
    last_found: Option<usize>,
}

/// What a worker counted in one folder, added to the shared progress once per folder
/// rather than per file (the counters are shared by all workers).
#[derive(Default)]
struct Tally {
    files: u64,
    bytes: u64,
    errors: u64,
    opened: u64,
}

impl Tally {
    fn add_to(&self, progress: &ScanProgress) {
        for (counter, n) in [
            (&progress.files, self.files),
            (&progress.bytes, self.bytes),
            (&progress.errors, self.errors),
            (&progress.opened, self.opened),
        ] {
            if n > 0 {
                counter.fetch_add(n, Ordering::Relaxed);
            }
        }
    }
}

/// Folder identities from a root down to a folder, to refuse loops when following
/// links.
struct Ancestors {
    id: (u64, u64),
    parent: Option<Arc<Ancestors>>,
}

impl Ancestors {
    fn contains(&self, id: (u64, u64)) -> Option<()> {
        let mut node = Some(self);
        while let Some(n) = node {
            if n.id == id {
                return Some(());
            }
            node = n.parent.as_deref();
        }
        None
    }
}

/// A folder waiting to be listed.
struct Job {
    root: usize,
    /// Its parent's handle and its own name, or `None` for a root.
    parent: Option<(Arc<OpenDir>, Vec<u8>)>,
    rel: Vec<u8>,
    ancestors: Option<Arc<Ancestors>>,
}

struct Queue {
    jobs: Vec<Job>,
    active: usize,
}

/// Everything the workers share.
pub(crate) struct Walk<'a> {
    pub(crate) roots: &'a [Root],
    pub(crate) previous: &'a Previous,
    pub(crate) excludes: &'a GlobSet,
    pub(crate) follow_links: bool,
    pub(crate) progress: &'a ScanProgress,
    pub(crate) control: &'a ScanControl,
    queue: Mutex<Queue>,
    wake: Condvar,
}

impl<'a> Walk<'a> {
    /// Prepares a walk of all roots.
    pub(crate) fn new(
        roots: &'a [Root],
        previous: &'a Previous,
        excludes: &'a GlobSet,
        follow_links: bool,
        progress: &'a ScanProgress,
        control: &'a ScanControl,
    ) -> Walk<'a> {
        let jobs = (0..roots.len())
            .rev()
            .map(|root| Job {
                root,
                parent: None,
                rel: Vec::new(),
                ancestors: None,
            })
            .collect();
        Walk {
            roots,
            previous,
            excludes,
            follow_links,
            progress,
            control,
            queue: Mutex::new(Queue { jobs, active: 0 }),
            wake: Condvar::new(),
        }
    }

    /// Runs the walk on `threads` workers; results go to `sender`, one batch per folder.
    pub(crate) fn run(&self, threads: usize, sender: &mpsc::Sender<Vec<Observed>>) {
        std::thread::scope(|scope| {
            for _ in 0..threads.max(1) {
                scope.spawn(|| self.work(sender));
            }
        });
    }

    fn work(&self, sender: &mpsc::Sender<Vec<Observed>>) {
        while let Some(job) = self.next_job() {
            let batch = self.list(job);
            let failed = !batch.is_empty() && sender.blocking_send(batch).is_err();
            let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
            queue.active -= 1;
            if failed || self.control.is_cancelled() {
                queue.jobs.clear();
            }
            if queue.jobs.is_empty() && queue.active == 0 {
                self.wake.notify_all();
            }
        }
    }

    fn next_job(&self) -> Option<Job> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if self.control.is_cancelled() {
                queue.jobs.clear();
            }
            if let Some(job) = queue.jobs.pop() {
                queue.active += 1;
                return Some(job);
            }
            if queue.active == 0 {
                self.wake.notify_all();
                return None;
            }
            queue = self.wake.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn push(&self, jobs: Vec<Job>) {
        if jobs.is_empty() {
            return;
        }
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        queue.jobs.extend(jobs.into_iter().rev());
        self.wake.notify_all();
    }

    fn absolute(&self, root: usize, rel: &[u8]) -> PathBuf {
        if rel.is_empty() {
            self.roots[root].path.clone()
        } else {
            self.roots[root].path.join(fs::path_from_bytes(rel))
        }
    }

    fn record(&self, root: usize, rel: &[u8], mut record: FileRecord) -> Box<FileRecord> {
        record.root_id = self.roots[root].id;
        record.rel_path = fs::display(rel);
        record.rel_path_raw = rel.to_vec();
        Box::new(record)
    }

    fn problem(
        &self,
        tally: &mut Tally,
        root: usize,
        rel: &[u8],
        format: Format,
        meta: Option<&fs::Meta>,
        problem: Issue,
    ) -> Observed {
        tally.errors += 1;
        let previous = self.previous.find(root, rel);
        let record = entry::problem_record(format, meta, problem);
        // Links and special files are only rewritten when something about them changed.
        if let Some(i) = previous {
            let prev = &self.previous.states[i];
            if !prev.removed && !prev.retry && prev.issue == super::pipeline::issue_key(&record) {
                return Observed::Unchanged(i);
            }
        }
        Observed::Entry {
            record: self.record(root, rel, record),
            previous,
        }
    }

    /// Lists one folder and examines its entries.
    fn list(&self, job: Job) -> Vec<Observed> {
        // Room for a typical folder, so the batch of large records rarely moves.
        let mut batch = Vec::with_capacity(64);
        let mut listing = Listing {
            job: &job,
            tally: Tally::default(),
            children: Vec::new(),
            last_found: None,
        };
        self.list_into(&mut listing, &mut batch);
        listing.tally.add_to(self.progress);
        let children = std::mem::take(&mut listing.children);
        self.push(children);
        batch
    }

    fn list_into(&self, l: &mut Listing<'_>, batch: &mut Vec<Observed>) {
        let job = l.job;
        let opened = match &job.parent {
            Some((parent, name)) => parent.open_child(name),
            None => OpenDir::open(&self.roots[job.root].path),
        };
        let dir = match opened {
            Ok(dir) => Arc::new(dir),
            Err(e) => {
                l.tally.files += 1;
                self.folder_failed(&mut l.tally, job, &e, batch);
                return;
            }
        };
        self.progress.set_folder(&self.absolute(job.root, &job.rel));
        let mut rel = job.rel.clone();
        let base = rel.len();
        let listed = dir.for_each_entry(|name, kind| {
            if self.control.is_cancelled() {
                return;
            }
            rel.truncate(base);
            fs::push_component(&mut rel, name);
            if self.is_excluded(&rel, name) {
                return;
            }
            // A very large folder still shows progress while it is walked.
            if l.tally.files >= 1024 {
                std::mem::take(&mut l.tally).add_to(self.progress);
            }
            if let Some(observed) = self.entry(l, &dir, name, kind, &rel) {
                batch.push(observed);
            }
        });
        if let Err(e) = listed {
            self.folder_failed(&mut l.tally, job, &e, batch);
        }
    }

    /// Records a folder that could not be opened or listed: nothing below it counts as
    /// removed, and (below the root) the folder becomes an error row.
    fn folder_failed(
        &self,
        tally: &mut Tally,
        job: &Job,
        e: &std::io::Error,
        batch: &mut Vec<Observed>,
    ) {
        batch.push(Observed::FolderError {
            root_id: self.roots[job.root].id,
            rel: job.rel.clone(),
        });
        if !job.rel.is_empty() {
            batch.push(self.problem(
                tally,
                job.root,
                &job.rel,
                Format::Folder,
                None,
                issue::from_io(e),
            ));
        }
    }

    fn is_excluded(&self, rel: &[u8], name: &[u8]) -> bool {
        if self.excludes.is_empty() {
            return false;
        }
        let rel = fs::path_from_bytes(rel);
        let name = fs::path_from_bytes(name);
        self.excludes.is_match(&rel) || self.excludes.is_match(&name)
    }

    fn child_job(
        &self,
        dir: &Arc<OpenDir>,
        job: &Job,
        name: &[u8],
        rel: &[u8],
        ancestors: Option<Arc<Ancestors>>,
    ) -> Job {
        Job {
            root: job.root,
            parent: Some((Arc::clone(dir), name.to_vec())),
            rel: rel.to_vec(),
            ancestors,
        }
    }

    /// Examines one entry; folders become jobs, everything else an observation.
    fn entry(
        &self,
        l: &mut Listing<'_>,
        dir: &Arc<OpenDir>,
        name: &[u8],
        kind: Kind,
        rel: &[u8],
    ) -> Option<Observed> {
        let job = l.job;
        let root = job.root;
        if kind == Kind::Dir && !self.follow_links {
            l.children.push(self.child_job(dir, job, name, rel, None));
            return None;
        }
        let previous = self.previous.find_after(l.last_found, root, rel);
        l.last_found = previous.or(l.last_found);
        // A regular file new to the project is opened straight away: the handle's
        // metadata is all the scan needs, so it costs no separate path lookup. Anything
        // else (a link, a swapped entry, an error) takes the careful way below.
        if kind == Kind::File && previous.is_none() {
            match dir.open_file(name, false) {
                Ok((file, meta)) if meta.kind == Kind::File => {
                    return Some(self.examine(l, file, name, rel, &meta, None));
                }
                Ok(_) | Err(_) => {}
            }
        }
        let follow = self.follow_links && matches!(kind, Kind::Link | Kind::Dir | Kind::Unknown);
        let meta = match dir.stat(name, follow) {
            Ok(meta) => meta,
            Err(e) => {
                l.tally.files += 1;
                let problem = issue::from_io(&e);
                if kind == Kind::Link && problem.code == "vanished" {
                    return Some(self.problem(
                        &mut l.tally,
                        root,
                        rel,
                        Format::Link,
                        None,
                        Issue::new("link_target_missing"),
                    ));
                }
                return Some(self.problem(&mut l.tally, root, rel, Format::Unknown, None, problem));
            }
        };
        match meta.kind {
            Kind::Dir => {
                if !self.follow_links {
                    l.children.push(self.child_job(dir, job, name, rel, None));
                    return None;
                }
                let ancestors = match &job.ancestors {
                    Some(a) => Arc::clone(a),
                    None => Arc::new(Ancestors {
                        id: self.root_identity(root),
                        parent: None,
                    }),
                };
                if ancestors.contains(meta.dev_ino).is_some() {
                    l.tally.files += 1;
                    let target = dir
                        .read_link(name)
                        .map(|t| fs::display(&t))
                        .unwrap_or_default();
                    return Some(self.problem(
                        &mut l.tally,
                        root,
                        rel,
                        Format::Link,
                        None,
                        Issue::with("link_loop", target),
                    ));
                }
                let mine = Arc::new(Ancestors {
                    id: meta.dev_ino,
                    parent: Some(ancestors),
                });
                l.children
                    .push(self.child_job(dir, job, name, rel, Some(mine)));
                None
            }
            Kind::Link => {
                l.tally.files += 1;
                let target = dir
                    .read_link(name)
                    .map(|t| fs::display(&t))
                    .unwrap_or_default();
                Some(self.problem(
                    &mut l.tally,
                    root,
                    rel,
                    Format::Link,
                    None,
                    Issue::with("link_not_followed", target),
                ))
            }
            Kind::Fifo | Kind::Socket | Kind::Device | Kind::Unknown => {
                l.tally.files += 1;
                let what = match meta.kind {
                    Kind::Fifo => "FIFO",
                    Kind::Socket => "socket",
                    Kind::Device => "device",
                    _ => "?",
                };
                Some(self.problem(
                    &mut l.tally,
                    root,
                    rel,
                    Format::Special,
                    Some(&meta),
                    Issue::with("special", what),
                ))
            }
            Kind::File => Some(self.file(l, dir, name, rel, &meta, previous)),
        }
    }

    fn root_identity(&self, root: usize) -> (u64, u64) {
        OpenDir::open(&self.roots[root].path)
            .and_then(|d| d.stat(b".", true))
            .map(|m| m.dev_ino)
            .unwrap_or((0, 0))
    }

    fn file(
        &self,
        l: &mut Listing<'_>,
        dir: &OpenDir,
        name: &[u8],
        rel: &[u8],
        meta: &fs::Meta,
        previous: Option<usize>,
    ) -> Observed {
        let root = l.job.root;
        if let Some(i) = previous {
            let prev = &self.previous.states[i];
            if !prev.removed
                && !prev.retry
                && prev.size == meta.size as i64
                && prev.mtime_ns == meta.mtime_ns
                && prev.file_id == meta.file_id
            {
                l.tally.files += 1;
                l.tally.bytes += meta.size;
                if !prev.readable {
                    l.tally.errors += 1;
                }
                return Observed::Unchanged(i);
            }
        }
        match dir.open_file(name, self.follow_links) {
            // What was opened is what counts: the entry may have been swapped for
            // something else since it was listed.
            Ok((file, now)) if now.kind == Kind::File => {
                self.examine(l, file, name, rel, &now, previous)
            }
            Ok((_, now)) => {
                l.tally.files += 1;
                self.problem(
                    &mut l.tally,
                    root,
                    rel,
                    Format::Special,
                    Some(&now),
                    Issue::new("not_regular"),
                )
            }
            Err(e) => {
                l.tally.files += 1;
                l.tally.bytes += meta.size;
                l.tally.errors += 1;
                let mut record =
                    entry::problem_record(Format::Unknown, Some(meta), issue::from_io(&e));
                record.size = meta.size as i64;
                record.extension = entry::extension_of(name);
                Observed::Entry {
                    record: self.record(root, rel, record),
                    previous,
                }
            }
        }
    }

    /// Identifies an opened regular file; `meta` is the handle's own metadata.
    fn examine(
        &self,
        l: &mut Listing<'_>,
        file: std::fs::File,
        name: &[u8],
        rel: &[u8],
        meta: &fs::Meta,
        previous: Option<usize>,
    ) -> Observed {
        l.tally.files += 1;
        l.tally.bytes += meta.size;
        l.tally.opened += 1;
        let record = entry::examine(file, meta, entry::extension_of(name));
        if record.error_code.is_some() {
            l.tally.errors += 1;
        }
        Observed::Entry {
            record: self.record(l.job.root, rel, record),
            previous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(id: i64, root_id: i64, path: &str) -> FileState {
        FileState {
            id,
            root_id,
            rel_path_raw: path.as_bytes().to_vec(),
            size: 1,
            mtime_ns: None,
            file_id: None,
            hash: None,
            duplicate_of: None,
            removed: false,
            readable: true,
            retry: false,
            issue: None,
        }
    }

    #[test]
    fn finds_states_by_root_and_exact_path() {
        let roots = [
            Root {
                id: 10,
                path: "/a".into(),
            },
            Root {
                id: 20,
                path: "/b".into(),
            },
        ];
        let previous = Previous::new(
            vec![
                state(1, 10, "x.csv"),
                state(2, 20, "x.csv"),
                state(3, 10, "sub/x.csv"),
                state(4, 99, "x.csv"),
            ],
            &roots,
        );
        assert_eq!(previous.find(0, b"x.csv"), Some(0));
        assert_eq!(previous.find(1, b"x.csv"), Some(1));
        assert_eq!(previous.find(0, b"sub/x.csv"), Some(2));
        assert_eq!(previous.find(1, b"sub/x.csv"), None);
        assert_eq!(previous.find(0, b"X.csv"), None);
        // The neighbour of the hint when it matches, else the look-up.
        assert_eq!(previous.find_after(Some(1), 0, b"sub/x.csv"), Some(2));
        assert_eq!(previous.find_after(Some(0), 0, b"sub/x.csv"), Some(2));
        assert_eq!(previous.find_after(Some(0), 1, b"x.csv"), Some(1));
        assert_eq!(previous.find_after(Some(3), 0, b"x.csv"), Some(0));
        assert_eq!(previous.find_after(Some(2), 1, b"sub/x.csv"), None);
        assert_eq!(previous.into_states().len(), 4);
    }
}
