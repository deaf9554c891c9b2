//! Folders that grow: the browser watches the files and folders it was
//! opened on (`notify`: inotify on Linux) and takes in new, changed and
//! removed reports while it runs.
//!
//! The file system's events are collected on a thread of their own until
//! none came for [`QUIET_FOR`] (a file being copied sends many), at most
//! [`MAX_WAIT`]; then every path named is looked at as it is now: report
//! files are read and parsed there, in parallel (new files get the next
//! file numbers, a changed one replaces its entry), a folder is walked for the reports it
//! holds, a path that is gone removes the reports at or under it. The
//! results are [`LoadEvent`]s on the loader's second channel, with a status
//! message per batch ([`LoadEvent::Watch`]): the browser's thread only
//! takes them in, as it takes the first load's.
//!
//! Watching starts when the first load has sent its last event, so a file
//! is never changed by the watcher before the loader has listed it; what
//! changed meanwhile was recorded from the start and is taken in then.

use super::{guarded, Corpus, Entry, LoadEvent, Loader, Source};
use crate::ingest::{self, walk, IngestError};
use notify::{EventKind, RecursiveMode, Watcher};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// A batch of events is taken once none came for this long ...
pub const QUIET_FOR: Duration = Duration::from_millis(200);
/// ... or once its first event is this old.
pub const MAX_WAIT: Duration = Duration::from_secs(1);

impl Loader {
    /// Start loading, then watch the files and folders of `source` for
    /// reports added, changed and removed ([`watch`]); the samples are not
    /// watched. Also returns why watching could not start, if it could not
    /// (the reports still load).
    pub fn start_watching(source: Source, cache: Option<PathBuf>) -> (Loader, Option<String>) {
        let Source::Paths(paths) = &source else {
            return (Loader::start_with(source, cache), None);
        };
        let (loaded_tx, loaded_rx) = channel();
        let (tx, rx) = channel();
        // Watching starts before the walk, so that nothing changed while
        // the first load runs is missed.
        match spawn(paths.clone(), loaded_rx, tx) {
            Ok(()) => {
                let mut loader = Loader::spawn(source, cache, Some(loaded_tx));
                loader.watch = Some(rx);
                (loader, None)
            }
            Err(e) => (Loader::start_with(source, cache), Some(e)),
        }
    }
}

impl Corpus {
    /// Whether entry `i` is shown: loaded and its file not removed since.
    pub fn is_live(&self, i: usize) -> bool {
        i < self.entries.len() && !self.removed.contains(&i)
    }

    /// The entries whose files were removed while watched.
    pub fn removed(&self) -> Vec<usize> {
        self.removed.iter().copied().collect()
    }

    /// The number of entries shown ([`Corpus::is_live`]).
    pub fn live(&self) -> usize {
        self.entries.len() - self.removed.len()
    }
}

/// Start watching `paths` (recursively); the reports go to `out` once the
/// first load sends its file list on `loaded`. Fails when the paths cannot
/// be watched (too many folders for the inotify limit, say).
pub(super) fn spawn(
    paths: Vec<PathBuf>,
    loaded: Receiver<Vec<PathBuf>>,
    out: Sender<LoadEvent>,
) -> Result<(), String> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        // The browser gone: nothing to do (the thread ends at its next send).
        let _ = tx.send(ev);
    })
    .map_err(|e| format!("cannot watch folders: {e}"))?;
    for p in &paths {
        watcher
            .watch(p, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", ingest::display_path(p)))?;
    }
    std::thread::Builder::new()
        .name("baogao-watch".into())
        .spawn(move || {
            // The watcher lives as long as the thread.
            let _watcher = watcher;
            let Ok(files) = loaded.recv() else { return };
            let mut state = State::new(files);
            while let Some(batch) = next_batch(&rx) {
                if !state.take(batch, &out) {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start the watch thread: {e}"))?;
    Ok(())
}

/// The paths of the next batch of events (blocking for its first); `None`
/// when the watcher is gone.
fn next_batch(rx: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let first = rx.recv().ok()?;
    let start = Instant::now();
    let mut ev = Some(first);
    loop {
        if let Some(Ok(e)) = ev.take() {
            if matters(&e.kind) {
                paths.extend(e.paths);
            }
        }
        let left = MAX_WAIT.saturating_sub(start.elapsed());
        match rx.recv_timeout(QUIET_FOR.min(left)) {
            Ok(e) => ev = Some(e),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
        if left.is_zero() {
            break;
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// Whether an event can change what a path holds (reading a file cannot).
fn matters(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// A path as the watcher knows it: its folder made canonical (events and
/// the walk may name one file through different paths), which also works
/// for a file that is gone.
fn key(path: &Path) -> PathBuf {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_path_buf();
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::canonicalize(parent)
        .map(|p| p.join(name))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The files the browser holds, by [`key`]: their file numbers.
struct State {
    known: HashMap<PathBuf, usize>,
    /// The next file number (and the number of files counted so far).
    next: usize,
}

impl State {
    fn new(files: Vec<PathBuf>) -> State {
        let next = files.len();
        let known = files.iter().enumerate().map(|(i, p)| (key(p), i)).collect();
        State { known, next }
    }

    /// Take in one batch of changed paths; false when the browser is gone.
    /// The files named are read and parsed in parallel.
    fn take(&mut self, paths: Vec<PathBuf>, out: &Sender<LoadEvent>) -> bool {
        let mut events = Vec::new();
        let (mut removed, mut failed) = (0, Vec::new());
        let mut to_load = Vec::new();
        let mut seen = HashSet::new();
        for path in paths {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    let (files, errors) = ingest::collect_files(std::slice::from_ref(&path));
                    failed.extend(errors.iter().map(ToString::to_string));
                    events.extend(errors.into_iter().map(LoadEvent::WatchFailed));
                    for f in files {
                        if !self.known.contains_key(&key(&f)) && seen.insert(key(&f)) {
                            to_load.push(f);
                        }
                    }
                }
                Ok(_) => {
                    let report = walk::has_report_extension(&path) && !walk::is_own_export(&path);
                    if report && seen.insert(key(&path)) {
                        to_load.push(path);
                    }
                }
                Err(_) => {
                    let gone = key(&path);
                    let under: Vec<PathBuf> = self
                        .known
                        .keys()
                        .filter(|k| k.starts_with(&gone))
                        .cloned()
                        .collect();
                    for k in under {
                        if let Some(file) = self.known.remove(&k) {
                            events.push(LoadEvent::Removed { file });
                            removed += 1;
                        }
                    }
                }
            }
        }
        let parsed: Vec<_> = to_load.par_iter().map(|p| parse_file(p)).collect();
        let (mut added, mut changed) = (0, 0);
        for (path, result) in to_load.iter().zip(parsed) {
            let k = key(path);
            match (result, self.known.get(&k).copied()) {
                (Ok((_, entry)), Some(file)) => {
                    events.push(LoadEvent::Reloaded {
                        file,
                        entry: Box::new(entry),
                    });
                    changed += 1;
                }
                // A new file gets the next number, and the events the
                // first load sends for a file.
                (Ok((listed, entry)), None) => {
                    let file = self.next;
                    self.next += 1;
                    self.known.insert(k, file);
                    events.push(LoadEvent::Found(self.next));
                    events.push(LoadEvent::Listed {
                        file,
                        entry: Box::new(listed),
                    });
                    events.push(LoadEvent::Parsed {
                        file,
                        entry: Box::new(entry),
                    });
                    added += 1;
                }
                // A file that fails keeps no number (a new one) or its
                // entry (a known one): it is tried again when it changes
                // (a copy not yet complete).
                (Err(e), _) => {
                    failed.push(e.to_string());
                    events.push(LoadEvent::WatchFailed(e));
                }
            }
        }
        if events.is_empty() {
            return true;
        }
        let mut said = Vec::new();
        for (n, what) in [(added, "new"), (changed, "changed"), (removed, "removed")] {
            if n > 0 {
                said.push(format!("{n} {what}"));
            }
        }
        if let Some(first) = failed.first() {
            said.push(format!("{} failed: {first}", failed.len()));
        }
        events.push(LoadEvent::Watch(format!(
            "folder changed: {}",
            said.join(", ")
        )));
        events.into_iter().all(|ev| out.send(ev).is_ok())
    }
}

/// Read and parse one file: its listed entry (from its head and tail, as
/// the first load lists files) and its full entry.
fn parse_file(path: &Path) -> Result<(Entry, Entry), IngestError> {
    let name = path.display().to_string();
    let text = ingest::read_report_file(path)?;
    guarded(|| {
        let listed = Entry::listed(crate::parse::parse_head(&name, &text));
        (listed, Entry::new(crate::parse_report(&name, text)))
    })
    .map_err(|msg| IngestError::new(path, format!("parser failed: {msg}")))
}
