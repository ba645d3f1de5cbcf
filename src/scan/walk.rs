//! The parallel walk: worker threads take folders from a shared stack, list them,
//! compare each entry with the last scan and identify what is new or changed.
//!
//! Folders are opened relative to their parent's handle, so a worker resolves one
//! path component per folder and file. Results go to the writer one batch per
//! folder.

use std::path::{Path, PathBuf};
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

    /// Gives the states back once the walk is over.
    pub(crate) fn into_states(self) -> Vec<FileState> {
        self.states
    }
}

/// What a worker reports about one entry.
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
        root: usize,
        rel: &[u8],
        format: Format,
        meta: Option<&fs::Meta>,
        problem: Issue,
    ) -> Observed {
        self.progress.errors.fetch_add(1, Ordering::Relaxed);
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
        let mut batch = Vec::new();
        let opened = match &job.parent {
            Some((parent, name)) => parent.open_child(name),
            None => OpenDir::open(&self.roots[job.root].path),
        };
        let dir = match opened {
            Ok(dir) => Arc::new(dir),
            Err(e) => {
                self.progress.files.fetch_add(1, Ordering::Relaxed);
                self.folder_failed(&job, &e, &mut batch);
                return batch;
            }
        };
        self.progress.set_folder(&self.absolute(job.root, &job.rel));
        let mut children = Vec::new();
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
            if let Some(observed) = self.entry(&dir, &job, name, kind, &rel, &mut children) {
                batch.push(observed);
            }
        });
        if let Err(e) = listed {
            self.folder_failed(&job, &e, &mut batch);
        }
        self.push(children);
        batch
    }

    /// Records a folder that could not be opened or listed: nothing below it counts as
    /// removed, and (below the root) the folder becomes an error row.
    fn folder_failed(&self, job: &Job, e: &std::io::Error, batch: &mut Vec<Observed>) {
        batch.push(Observed::FolderError {
            root_id: self.roots[job.root].id,
            rel: job.rel.clone(),
        });
        if !job.rel.is_empty() {
            batch.push(self.problem(job.root, &job.rel, Format::Folder, None, issue::from_io(e)));
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
        dir: &Arc<OpenDir>,
        job: &Job,
        name: &[u8],
        kind: Kind,
        rel: &[u8],
        children: &mut Vec<Job>,
    ) -> Option<Observed> {
        let root = job.root;
        if kind == Kind::Dir && !self.follow_links {
            children.push(self.child_job(dir, job, name, rel, None));
            return None;
        }
        let follow = self.follow_links && matches!(kind, Kind::Link | Kind::Dir | Kind::Unknown);
        let meta = match dir.stat(name, follow) {
            Ok(meta) => meta,
            Err(e) => {
                self.progress.files.fetch_add(1, Ordering::Relaxed);
                let problem = issue::from_io(&e);
                if kind == Kind::Link && problem.code == "vanished" {
                    return Some(self.problem(
                        root,
                        rel,
                        Format::Link,
                        None,
                        Issue::new("link_target_missing"),
                    ));
                }
                return Some(self.problem(root, rel, Format::Unknown, None, problem));
            }
        };
        match meta.kind {
            Kind::Dir => {
                if !self.follow_links {
                    children.push(self.child_job(dir, job, name, rel, None));
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
                    self.progress.files.fetch_add(1, Ordering::Relaxed);
                    let target = dir
                        .read_link(name)
                        .map(|t| fs::display(&t))
                        .unwrap_or_default();
                    return Some(self.problem(
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
                children.push(self.child_job(dir, job, name, rel, Some(mine)));
                None
            }
            Kind::Link => {
                self.progress.files.fetch_add(1, Ordering::Relaxed);
                let target = dir
                    .read_link(name)
                    .map(|t| fs::display(&t))
                    .unwrap_or_default();
                Some(self.problem(
                    root,
                    rel,
                    Format::Link,
                    None,
                    Issue::with("link_not_followed", target),
                ))
            }
            Kind::Fifo | Kind::Socket | Kind::Device | Kind::Unknown => {
                self.progress.files.fetch_add(1, Ordering::Relaxed);
                let what = match meta.kind {
                    Kind::Fifo => "FIFO",
                    Kind::Socket => "socket",
                    Kind::Device => "device",
                    _ => "?",
                };
                Some(self.problem(
                    root,
                    rel,
                    Format::Special,
                    Some(&meta),
                    Issue::with("special", what),
                ))
            }
            Kind::File => Some(self.file(dir, root, name, rel, &meta)),
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
        dir: &OpenDir,
        root: usize,
        name: &[u8],
        rel: &[u8],
        meta: &fs::Meta,
    ) -> Observed {
        self.progress.files.fetch_add(1, Ordering::Relaxed);
        self.progress.bytes.fetch_add(meta.size, Ordering::Relaxed);
        let previous = self.previous.find(root, rel);
        if let Some(i) = previous {
            let prev = &self.previous.states[i];
            if !prev.removed
                && !prev.retry
                && prev.size == meta.size as i64
                && prev.mtime_ns == meta.mtime_ns
                && prev.file_id == meta.file_id
            {
                if !prev.readable {
                    self.progress.errors.fetch_add(1, Ordering::Relaxed);
                }
                return Observed::Unchanged(i);
            }
        }
        let extension = entry::extension_of(Path::new(&fs::display(name)));
        let record = match dir.open_file(name) {
            Ok(file) => {
                self.progress.opened.fetch_add(1, Ordering::Relaxed);
                entry::examine(file, meta, extension)
            }
            Err(e) => {
                let mut record =
                    entry::problem_record(Format::Unknown, Some(meta), issue::from_io(&e));
                record.size = meta.size as i64;
                record.extension = extension;
                record
            }
        };
        if record.error_code.is_some() {
            self.progress.errors.fetch_add(1, Ordering::Relaxed);
        }
        Observed::Entry {
            record: self.record(root, rel, record),
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
        assert_eq!(previous.into_states().len(), 4);
    }
}
