//! Loading many reports: the bundled sample corpus, and files and folders
//! read and parsed in parallel on background threads.
//!
//! Loading is two-stage. [`Loader::start`] walks the folders, then lists
//! every file — reads it and takes title, region, year and issuer from its
//! head and tail only ([`crate::parse::parse_head`]) — and only then parses
//! every file fully, both stages with rayon on every core. It sends
//! [`LoadEvent`]s over a channel: [`LoadEvent::Listed`] for a file's
//! provisional entry, [`LoadEvent::Parsed`] for its full parse, which
//! replaces the listed entry in place. The consumer (the terminal browser, a
//! test) applies them to a [`Corpus`] whenever it likes with
//! [`Loader::try_next`], so it never waits on disk or parsing.
//! [`Loader::wait`] is the test hook that blocks.
//!
//! [`search`] finds text in every loaded report, on background threads.

pub mod search;

use crate::ingest::{self, IngestError};
use crate::model::{file_stem, Report};
use crate::text;
use pinyin::ToPinyin;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::thread;
/// The bundled sample corpus: `(file name, text)` of every `assets/reports/*.txt`,
/// embedded in the binary so it works from any directory.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "dongli-2021.txt",
        include_str!("../../assets/reports/dongli-2021.txt"),
    ),
    (
        "hanyang-2021.txt",
        include_str!("../../assets/reports/hanyang-2021.txt"),
    ),
    (
        "panjin-2021.txt",
        include_str!("../../assets/reports/panjin-2021.txt"),
    ),
    (
        "shaoyang-2024.txt",
        include_str!("../../assets/reports/shaoyang-2024.txt"),
    ),
    (
        "xialu-2021.txt",
        include_str!("../../assets/reports/xialu-2021.txt"),
    ),
];

/// Keys precomputed once per report for filtering and sorting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keys {
    /// Strings a filter is matched against, one at a time: the region name,
    /// its full pinyin (`xialuqu`), its pinyin initials (`xlq`), province,
    /// issuer, year and file stem, all NFKC-folded and Simplified.
    pub fields: Vec<String>,
    /// Sort key for the region: full pinyin of the name, then the path.
    pub region: String,
    /// Sort key for the province: full pinyin of the province.
    pub province: String,
}

impl Keys {
    /// The keys of a report (parsed fully or only listed).
    pub fn new(report: &Report) -> Keys {
        let name = text::normalize(&display_name(report));
        let (full, initials) = pinyin_keys(&name);
        let province = report
            .region
            .as_ref()
            .and_then(|r| r.province.clone())
            .map(|p| text::normalize(&p))
            .unwrap_or_default();
        let province_pinyin = pinyin_keys(&province).0;
        let region = format!("{full}\u{0}{}", report.path);
        let mut fields = vec![name, full, initials];
        if !province.is_empty() {
            fields.push(province);
            fields.push(province_pinyin.clone());
        }
        if let Some(issuer) = &report.issuer {
            fields.push(text::normalize(issuer));
        }
        if let Some(year) = report.year {
            fields.push(year.to_string());
        }
        fields.push(file_stem(&report.path).to_lowercase());
        Keys {
            fields,
            region,
            province: province_pinyin,
        }
    }
}

/// A loaded report with its precomputed keys.
///
/// The report's text is stored once: full-text search matches the text
/// itself through the folding classes of [`search::Query`], so no folded
/// copy is kept.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The report: fully parsed, or only listed (metadata from its head and
    /// tail, no text, sections or indicators yet).
    pub report: Report,
    /// Filter and sort keys.
    pub keys: Keys,
    /// Whether `report` is the full parse (not just the listing).
    pub parsed: bool,
}

impl Entry {
    /// Wrap a fully parsed report, computing its keys.
    pub fn new(report: Report) -> Entry {
        Entry {
            keys: Keys::new(&report),
            report,
            parsed: true,
        }
    }

    /// Wrap a listed report ([`crate::parse::parse_head`]), computing its keys.
    pub fn listed(report: Report) -> Entry {
        Entry {
            parsed: false,
            ..Entry::new(report)
        }
    }

    /// The name shown for the report: its region, or its file stem.
    pub fn name(&self) -> String {
        display_name(&self.report)
    }
}

fn display_name(r: &Report) -> String {
    r.region
        .as_ref()
        .map(|g| g.name.clone())
        .unwrap_or_else(|| file_stem(&r.path).to_string())
}

/// Full pinyin (`xialuqu`) and initials (`xlq`) of a name; characters without
/// pinyin are kept as they are (lower-cased).
pub fn pinyin_keys(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
        }
    }
    (full, initials)
}

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
    /// A listed file whose full parse failed: its listed entry stays.
    ParseFailed {
        /// The file's number, as listed.
        file: usize,
        /// Why.
        error: IngestError,
    },
    /// A folder that could not be walked (not counted as a file).
    FolderFailed(IngestError),
}

/// A running background load.
#[derive(Debug)]
pub struct Loader {
    rx: Receiver<LoadEvent>,
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
    /// Start loading on a background thread; returns at once.
    pub fn start(source: Source) -> Loader {
        let (tx, rx) = channel();
        let spawned = thread::Builder::new().name("baogao-loader".into()).spawn({
            let tx = tx.clone();
            move || load(source, tx)
        });
        if let Err(e) = spawned {
            let _ = tx.send(LoadEvent::Failed(IngestError {
                path: PathBuf::new(),
                reason: format!("cannot start the loader thread: {e}"),
            }));
        }
        Loader {
            rx,
            finished: false,
        }
    }

    /// The next event if one is ready; `None` when none is ready or loading is over.
    pub fn try_next(&mut self) -> Option<LoadEvent> {
        match self.rx.try_recv() {
            Ok(ev) => Some(ev),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.finished = true;
                None
            }
        }
    }

    /// Whether the loader has stopped and every event has been taken.
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

fn load(source: Source, tx: Sender<LoadEvent>) {
    let out = Out {
        tx,
        gone: Arc::new(AtomicBool::new(false)),
    };
    let (files, errors) = match &source {
        Source::Samples => (
            SAMPLES
                .iter()
                .map(|(name, _)| PathBuf::from(format!("samples/{name}")))
                .collect(),
            Vec::new(),
        ),
        Source::Paths(paths) => ingest::collect_files(paths),
    };
    out.send(LoadEvent::Found(files.len()));
    for e in errors {
        out.send(LoadEvent::FolderFailed(e));
    }
    // Stage 1: read and list every file; keep the texts for stage 2.
    let texts: Vec<Option<String>> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            if out.gone() {
                return None;
            }
            let read = match &source {
                Source::Samples => Ok(SAMPLES[i].1.to_string()),
                Source::Paths(_) => ingest::read_report_file(path),
            };
            let text = match read {
                Ok(t) => t,
                Err(e) => {
                    out.send(LoadEvent::Failed(e));
                    return None;
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
                    Some(text)
                }
                Err(msg) => {
                    out.send(LoadEvent::Failed(IngestError {
                        path: path.clone(),
                        reason: format!("parser failed: {msg}"),
                    }));
                    None
                }
            }
        })
        .collect();
    // Stage 2: parse every listed file fully.
    texts.into_par_iter().enumerate().for_each(|(i, text)| {
        let Some(text) = text else { return };
        if out.gone() {
            return;
        }
        let name = files[i].to_string_lossy();
        let parse = || {
            let mut r = crate::parse_report(&name, text);
            r.set_source(&files[i]);
            Entry::new(r)
        };
        out.send(match guarded(parse) {
            Ok(entry) => LoadEvent::Parsed {
                file: i,
                entry: Box::new(entry),
            },
            Err(msg) => LoadEvent::ParseFailed {
                file: i,
                error: IngestError {
                    path: files[i].clone(),
                    reason: format!("parser failed: {msg}"),
                },
            },
        });
    });
}

/// Run the parser; a panic becomes its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into())
    })
}

/// What applying one event changed in [`Corpus::entries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing (a count or a failure).
    None,
    /// A new entry at this index.
    Added(usize),
    /// An entry was replaced by its full parse.
    Upgraded {
        /// Its index.
        entry: usize,
        /// Whether its filter or sort keys changed with it.
        keys_changed: bool,
    },
}

/// The reports loaded so far and the files that failed.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    /// Loaded reports, in arrival order (indices stay valid while loading;
    /// a listed entry is replaced in place by its full parse). Shared, so a
    /// background search can read them while loading goes on.
    pub entries: Vec<Arc<Entry>>,
    /// Files that could not be loaded, with the reason.
    pub failures: Vec<IngestError>,
    /// Number of files found, once the loader knows it.
    pub expected: Option<usize>,
    /// Files listed so far (or failed before they could be).
    pub listed: usize,
    /// Files done so far: fully parsed or failed.
    pub done: usize,
    /// The entry index of each file number (`usize::MAX`: none yet).
    slots: Vec<usize>,
}

impl Corpus {
    /// A corpus of already parsed reports (tests, benchmarks).
    pub fn from_reports(reports: impl IntoIterator<Item = Report>) -> Corpus {
        Corpus::from_entries(reports.into_iter().map(Entry::new))
    }

    /// A corpus of entries (tests, benchmarks).
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Corpus {
        let entries: Vec<Arc<Entry>> = entries.into_iter().map(Arc::new).collect();
        let n = entries.len();
        Corpus {
            expected: Some(n),
            listed: n,
            done: n,
            slots: (0..n).collect(),
            entries,
            failures: Vec::new(),
        }
    }

    /// Apply one loader event; says which entry it added or replaced.
    pub fn apply(&mut self, ev: LoadEvent) -> Change {
        match ev {
            LoadEvent::Found(n) => self.expected = Some(n),
            LoadEvent::Listed { file, entry } => {
                self.listed += 1;
                if self.slots.len() <= file {
                    self.slots.resize(file + 1, usize::MAX);
                }
                self.slots[file] = self.entries.len();
                self.entries.push(Arc::new(*entry));
                return Change::Added(self.entries.len() - 1);
            }
            LoadEvent::Parsed { file, entry } => {
                self.done += 1;
                return match self.slots.get(file).copied().filter(|&i| i != usize::MAX) {
                    Some(i) => {
                        let old = &self.entries[i];
                        let keys_changed =
                            old.keys != entry.keys || old.report.year != entry.report.year;
                        self.entries[i] = Arc::new(*entry);
                        Change::Upgraded {
                            entry: i,
                            keys_changed,
                        }
                    }
                    None => {
                        self.listed += 1;
                        self.entries.push(Arc::new(*entry));
                        Change::Added(self.entries.len() - 1)
                    }
                };
            }
            LoadEvent::Failed(e) => {
                self.listed += 1;
                self.done += 1;
                self.failures.push(e);
            }
            LoadEvent::ParseFailed { error, .. } => {
                self.done += 1;
                self.failures.push(error);
            }
            LoadEvent::FolderFailed(e) => self.failures.push(e),
        }
        Change::None
    }

    /// Files done (fully parsed or failed) and files expected (`None` while
    /// walking folders).
    pub fn progress(&self) -> (usize, Option<usize>) {
        (self.done, self.expected)
    }

    /// The loading stage for the status line (`listing 3000/10000`,
    /// `parsing 4200/10000`); `None` once every file is done.
    pub fn stage(&self) -> Option<String> {
        match self.expected {
            None => Some(format!("listing {}/?", self.listed)),
            Some(n) if self.listed < n => Some(format!("listing {}/{n}", self.listed)),
            Some(n) if self.done < n => Some(format!("parsing {}/{n}", self.done)),
            Some(_) => None,
        }
    }

    /// Load synchronously (tests and tools): start a [`Loader`] and wait for it.
    pub fn load_blocking(source: Source) -> Corpus {
        let mut c = Corpus::default();
        for ev in Loader::start(source).wait() {
            c.apply(ev);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_list_every_bundled_report() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = SAMPLES.iter().map(|(n, _)| *n).collect();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn pinyin_full_and_initials() {
        assert_eq!(
            pinyin_keys("下陆区"),
            ("xialuqu".to_string(), "xlq".to_string())
        );
        assert_eq!(pinyin_keys("A区"), ("aqu".to_string(), "aq".to_string()));
    }

    #[test]
    fn loads_samples_in_background() {
        let c = Corpus::load_blocking(Source::Samples);
        assert_eq!(c.entries.len(), SAMPLES.len());
        assert!(c.failures.is_empty());
        assert_eq!(c.progress(), (SAMPLES.len(), Some(SAMPLES.len())));
    }
}
