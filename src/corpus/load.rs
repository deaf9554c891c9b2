//! The background loader: folders walked, files read from the cache when
//! they are in it unchanged, the others listed from their head and tail
//! and then parsed fully on every core, each stage's results sent as
//! [`LoadEvent`]s; new parses stored in the cache by a writer thread.

use super::cache::{self, Cache, FileKey, TextCheck};
use super::{Entry, SAMPLES};
use crate::ingest::{self, IngestError};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::thread;

/// What the background loader reports, per file in this order: `Listed`
/// then `Parsed` (or `ParseFailed`), or `Failed` alone.
#[derive(Debug)]
pub enum LoadEvent {
    /// The number of files found (sent once, before any report).
    Found(usize),
    /// A file's provisional entry from its head and tail; `file` numbers the
    /// files found, from 0.
    Listed {
        /// The file's number.
        file: usize,
        /// The listed entry ([`Entry::parsed`] is false).
        entry: Box<Entry>,
    },
    /// A listed file fully parsed: replaces its listed entry.
    Parsed {
        /// The file's number, as listed.
        file: usize,
        /// The full entry.
        entry: Box<Entry>,
    },
    /// A file that could not be read or listed (it gets no entry).
    Failed(IngestError),
    /// A file found in a folder that is one of baogao's own exports, not a
    /// report ([`ingest::walk::is_own_export`]): it gets no entry.
    Skipped {
        /// The file's number.
        file: usize,
    },
    /// A listed file whose full parse failed: its listed entry stays.
    ParseFailed {
        /// The file's number, as listed.
        file: usize,
        /// Why.
        error: IngestError,
    },
    /// A folder that could not be walked (not counted as a file).
    FolderFailed(IngestError),
    /// A watched file changed and parsed again: replaces its entry.
    Reloaded {
        /// The file's number.
        file: usize,
        /// The new entry.
        entry: Box<Entry>,
    },
    /// A watched file (or its folder) was removed: its entry goes.
    Removed {
        /// The file's number.
        file: usize,
    },
    /// A watched file or folder that could not be read (not counted).
    WatchFailed(IngestError),
    /// What a batch of watched changes did, for the status line.
    Watch(String),
    /// Something the user should know about the load (the cache was
    /// damaged and is rebuilt).
    Note(String),
}

/// A running background load.
#[derive(Debug)]
pub struct Loader {
    rx: Receiver<LoadEvent>,
    /// The watched folders' events, once the first load is over.
    pub(super) watch: Option<Receiver<LoadEvent>>,
    finished: bool,
}

/// Where reports come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The bundled sample corpus ([`SAMPLES`]).
    Samples,
    /// Files and folders on disk (folders are walked recursively).
    Paths(Vec<PathBuf>),
}

impl Loader {
    /// Start loading on a background thread, without the cache; returns at once.
    pub fn start(source: Source) -> Loader {
        Loader::start_with(source, None)
    }

    /// Start loading on a background thread; returns at once. With
    /// `cache` (a folder), files parsed before and unchanged since come
    /// from the cache there ([`cache`]), and the others are stored in it.
    pub fn start_with(source: Source, cache: Option<PathBuf>) -> Loader {
        Loader::spawn(source, cache, None)
    }

    /// Start loading; the file list goes to `loaded` once the load is over
    /// (the watcher waits for it).
    pub(super) fn spawn(
        source: Source,
        cache: Option<PathBuf>,
        loaded: Option<Sender<Vec<PathBuf>>>,
    ) -> Loader {
        Loader::spawn_holding(source, cache, loaded, HELD_TEXT_MAX)
    }

    /// [`Loader::spawn`], keeping at most `held_max` bytes of text between
    /// listing and parsing.
    fn spawn_holding(
        source: Source,
        cache: Option<PathBuf>,
        loaded: Option<Sender<Vec<PathBuf>>>,
        held_max: usize,
    ) -> Loader {
        let (tx, rx) = channel();
        let spawned = thread::Builder::new().name("baogao-loader".into()).spawn({
            let tx = tx.clone();
            move || load(source, cache, tx, loaded, held_max)
        });
        if let Err(e) = spawned {
            let _ = tx.send(LoadEvent::Failed(IngestError {
                path: PathBuf::new(),
                reason: format!("cannot start the loader thread: {e}"),
            }));
        }
        Loader {
            rx,
            watch: None,
            finished: false,
        }
    }

    /// The next event if one is ready: the first load's, then the watched
    /// folders'; `None` when none is ready.
    pub fn try_next(&mut self) -> Option<LoadEvent> {
        match self.rx.try_recv() {
            Ok(ev) => return Some(ev),
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => self.finished = true,
        }
        self.watch.as_ref().and_then(|w| w.try_recv().ok())
    }

    /// Whether the first load has stopped and every event of it has been
    /// taken (watched changes may still come).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Block until loading is over and return every remaining event (test hook).
    pub fn wait(self) -> Vec<LoadEvent> {
        self.rx.iter().collect()
    }
}

/// The sending side: stops the work once the receiver is gone (the
/// browser quit).
#[derive(Clone)]
struct Out {
    tx: Sender<LoadEvent>,
    gone: Arc<AtomicBool>,
}

impl Out {
    fn send(&self, ev: LoadEvent) {
        if self.tx.send(ev).is_err() {
            self.gone.store(true, Ordering::Relaxed);
        }
    }

    fn gone(&self) -> bool {
        self.gone.load(Ordering::Relaxed)
    }
}

/// The first load; the file list goes to `loaded` (the watcher) once every
/// event of it is sent.
fn load(
    source: Source,
    cache_dir: Option<PathBuf>,
    tx: Sender<LoadEvent>,
    loaded: Option<Sender<Vec<PathBuf>>>,
    held_max: usize,
) {
    let out = Out {
        tx,
        gone: Arc::new(AtomicBool::new(false)),
    };
    // The walk only: the files found in folders are told from baogao's
    // own exports as they are read (stage 1), not before the first report
    // is listed.
    let (found, errors) = match &source {
        Source::Samples => (
            SAMPLES
                .iter()
                .map(|(name, _)| (PathBuf::from(format!("samples/{name}")), false))
                .collect(),
            Vec::new(),
        ),
        Source::Paths(paths) => ingest::walk::walk_files(paths),
    };
    let (files, check): (Vec<PathBuf>, Vec<bool>) = found.into_iter().unzip();
    out.send(LoadEvent::Found(files.len()));
    for e in errors {
        out.send(LoadEvent::FolderFailed(e));
    }
    let mut cache = match (&source, cache_dir) {
        (Source::Paths(_), Some(dir)) => open_cache(&dir, &out),
        _ => None,
    };
    // Stage 0: the files the cache has, unchanged, come from it.
    let (keys, from_cache) = match &mut cache {
        Some(c) => from_cache(c, &files, &out),
        None => (vec![None; files.len()], vec![false; files.len()]),
    };
    // Stage 1: read and list every other file; keep the texts for stage 2
    // up to a budget (beyond it a file is read again when its turn comes:
    // the first open holds the structure, not a second copy of the corpus).
    let held = std::sync::atomic::AtomicUsize::new(0);
    let read = |i: usize| match &source {
        Source::Samples => Ok(SAMPLES[i].1.to_string()),
        Source::Paths(_) => ingest::read_report_file(&files[i]),
    };
    let texts: Vec<Held> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            if out.gone() || from_cache[i] {
                return Held::Skip;
            }
            // A file found in a folder is told from baogao's own exports
            // by the bytes read for it: one read a file.
            let first = if check[i] {
                ingest::read_found_file(&files[i])
            } else {
                read(i).map(Some)
            };
            let text = match first {
                Ok(Some(t)) => t,
                Ok(None) => {
                    out.send(LoadEvent::Skipped { file: i });
                    return Held::Skip;
                }
                Err(e) => {
                    out.send(LoadEvent::Failed(e));
                    return Held::Skip;
                }
            };
            let name = path.to_string_lossy();
            let listed = || {
                let mut r = crate::parse::parse_head(&name, &text);
                r.set_source(path);
                Entry::listed(r)
            };
            match guarded(listed) {
                Ok(entry) => {
                    out.send(LoadEvent::Listed {
                        file: i,
                        entry: Box::new(entry),
                    });
                    if held.fetch_add(text.len(), Ordering::Relaxed) + text.len() <= held_max {
                        Held::Text(text)
                    } else {
                        Held::Reread
                    }
                }
                Err(msg) => {
                    out.send(LoadEvent::Failed(IngestError {
                        path: path.clone(),
                        reason: format!("parser failed: {msg}"),
                    }));
                    Held::Skip
                }
            }
        })
        .collect();
    // Stage 2: parse every listed file fully; a copy of each goes to the
    // cache's writer, which stores them a batch at a time as they come.
    let writer = cache.map(|c| CacheWriter::start(c, out.clone()));
    let to_cache = writer.as_ref().map(|w| w.tx.clone());
    texts.into_par_iter().enumerate().for_each(|(i, held)| {
        if out.gone() {
            return;
        }
        let text = match held {
            Held::Skip => return,
            Held::Text(text) => text,
            Held::Reread => match read(i) {
                Ok(text) => text,
                Err(error) => {
                    out.send(LoadEvent::ParseFailed { file: i, error });
                    return;
                }
            },
        };
        let name = files[i].to_string_lossy();
        let parse = || {
            let mut r = crate::parse_report(&name, text);
            r.set_source(&files[i]);
            Entry::new(r)
        };
        let ev = match guarded(parse) {
            Ok(mut entry) => {
                let check = TextCheck::of(&entry.report.text);
                if let (Some(tx), Some(key)) = (&to_cache, &keys[i]) {
                    if let Some(data) = cache::encode(&entry.report, &check) {
                        let _ = tx.send((key.clone(), data));
                    }
                }
                // The text is read again from its file when it is needed,
                // as a cached report's is: memory for the structure only,
                // on the first open and without the cache too (the bundled
                // samples, in the binary, keep theirs).
                if matches!(source, Source::Paths(_)) {
                    entry.drop_text(files[i].clone(), check);
                }
                LoadEvent::Parsed {
                    file: i,
                    entry: Box::new(entry),
                }
            }
            Err(msg) => LoadEvent::ParseFailed {
                file: i,
                error: IngestError {
                    path: files[i].clone(),
                    reason: format!("parser failed: {msg}"),
                },
            },
        };
        out.send(ev);
    });
    drop(to_cache);
    if let Some(w) = writer {
        w.finish();
    }
    if let Some(loaded) = loaded {
        let _ = loaded.send(files);
    }
}

/// Bytes of text stage 1 keeps for stage 2; the rest is read again.
const HELD_TEXT_MAX: usize = 16 << 20;

/// What stage 1 leaves for stage 2 to parse.
enum Held {
    /// Nothing: the file came from the cache, or could not be read or listed.
    Skip,
    /// The text as read.
    Text(String),
    /// The file, to be read again (past [`HELD_TEXT_MAX`]).
    Reread,
}

/// A parsed report on its way to the cache, encoded.
type CacheRow = (FileKey, Vec<u8>);

/// Rows the cache's writer stores per transaction.
const WRITE_BATCH: usize = 256;

/// The cache's writer: a thread that stores the reports parsed now as they
/// come (a few batches in flight at most, so that no copy of the whole
/// corpus waits in memory), then drops old rows.
struct CacheWriter {
    tx: std::sync::mpsc::SyncSender<CacheRow>,
    done: thread::JoinHandle<()>,
}

impl CacheWriter {
    fn start(mut cache: Cache, out: Out) -> CacheWriter {
        // Room for a few batches: the parsers wait for the writer only
        // when it falls behind by that much.
        let (tx, rx) = std::sync::mpsc::sync_channel::<CacheRow>(8 * WRITE_BATCH);
        let done = thread::spawn(move || {
            let mut failed = None;
            let mut batch = Vec::with_capacity(WRITE_BATCH);
            let mut flush = |batch: &mut Vec<CacheRow>, cache: &mut Cache| {
                let rows = batch.iter().map(|(k, data)| (k, data.as_slice()));
                if let Err(e) = cache.put_many(rows) {
                    failed.get_or_insert(e);
                }
                batch.clear();
            };
            for row in rx {
                batch.push(row);
                if batch.len() == WRITE_BATCH {
                    flush(&mut batch, &mut cache);
                }
            }
            flush(&mut batch, &mut cache);
            if let Err(e) = cache.prune() {
                failed.get_or_insert(e);
            }
            if let Some(e) = failed {
                out.send(LoadEvent::Note(format!("cache not updated: {e}")));
            }
        });
        CacheWriter { tx, done }
    }

    /// Wait until every row is stored.
    fn finish(self) {
        drop(self.tx);
        let _ = self.done.join();
    }
}

/// Open the cache in `dir`; a damaged one is rebuilt with a note, one that
/// cannot be opened at all is left out with a note.
fn open_cache(dir: &std::path::Path, out: &Out) -> Option<Cache> {
    match Cache::open(dir) {
        Ok((c, note)) => {
            if let Some(n) = note {
                out.send(LoadEvent::Note(n));
            }
            Some(c)
        }
        Err(e) => {
            out.send(LoadEvent::Note(format!("cache not used: {e}")));
            None
        }
    }
}

/// Files the cache looks up at a time (each batch's reports are sent as it
/// is decoded, so the region list fills while the rest is read).
const CACHE_BATCH: usize = 512;

/// The first batch the cache looks up: the region list's first screen.
const FIRST_CACHE_BATCH: usize = 64;

/// Send every file the cache has, unchanged, as parsed; returns each
/// file's key (for storing the others) and whether it came from the cache.
/// Rows are read a batch at a time and decoded on every core.
fn from_cache(c: &mut Cache, files: &[PathBuf], out: &Out) -> (Vec<Option<FileKey>>, Vec<bool>) {
    let mut keys: Vec<Option<FileKey>> = Vec::with_capacity(files.len());
    let mut hit = vec![false; files.len()];
    let mut used = Vec::new();
    // Small batches first, so that the first rows show at once; then
    // batches of CACHE_BATCH.
    let mut size = FIRST_CACHE_BATCH;
    let mut start = 0;
    while start < files.len() {
        if out.gone() {
            keys.resize(files.len(), None);
            break;
        }
        let chunk = &files[start..(start + size).min(files.len())];
        size = (size * 2).min(CACHE_BATCH);
        // Each batch's files looked at as it comes, so the first reports
        // show before the last file of a large folder is looked at.
        keys.extend(chunk.par_iter().map(|p| FileKey::of(p)).collect::<Vec<_>>());
        let batch: Vec<(usize, &FileKey)> = keys[start..]
            .iter()
            .enumerate()
            .filter_map(|(j, k)| Some((start + j, k.as_ref()?)))
            .collect();
        let rows = c.fetch(&batch.iter().map(|(_, k)| *k).collect::<Vec<_>>());
        let found: Vec<usize> = batch
            .par_iter()
            .zip(rows)
            .filter_map(|(&(i, _), row)| {
                let (mut report, check) = cache::decode(&row?)?;
                report.path = files[i].display().to_string();
                out.send(LoadEvent::Parsed {
                    file: i,
                    entry: Box::new(Entry::cached(report, files[i].clone(), check)),
                });
                Some(i)
            })
            .collect();
        for i in found {
            hit[i] = true;
            used.extend(keys[i].as_ref().map(|k| k.path.clone()));
        }
        start += chunk.len();
    }
    if let Err(e) = c.touch(&used) {
        out.send(LoadEvent::Note(format!("cache not updated: {e}")));
    }
    (keys, hit)
}

/// Run the parser; a panic becomes its message.
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;

    /// Every report's parse, by path, as the JSON contract gives it.
    fn parses(loader: Loader) -> Vec<(String, String)> {
        let mut c = Corpus::default();
        for ev in loader.wait() {
            c.apply(ev);
        }
        assert_eq!(c.progress(), (SAMPLES.len(), Some(SAMPLES.len())));
        let mut out: Vec<(String, String)> = c
            .entries
            .iter()
            .map(|e| {
                assert!(e.parsed, "{} parsed", e.report.path);
                let mut r = e.report.clone();
                r.text = e.load_text().unwrap();
                (r.path.clone(), r.to_json().to_string())
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn texts_past_the_budget_are_read_again_and_parse_the_same() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in SAMPLES {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let paths = || Source::Paths(vec![dir.path().to_path_buf()]);
        let kept = parses(Loader::spawn_holding(paths(), None, None, usize::MAX));
        // No text kept: every file is read again for its parse, with the
        // cache (texts let go once stored) and without.
        let cache = tempfile::tempdir().unwrap();
        let cache = Some(cache.path().to_path_buf());
        for c in [None, cache] {
            let reread = parses(Loader::spawn_holding(paths(), c, None, 0));
            assert_eq!(reread, kept);
        }
    }
}
