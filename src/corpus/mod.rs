//! Loading many reports: the bundled sample corpus, and files and folders
//! parsed in parallel on a background thread.
//!
//! Loading is two-stage: [`Loader::start`] walks the folders and parses the
//! files with rayon on background threads, sending [`LoadEvent`]s over a
//! channel; the consumer (the terminal browser, a test) applies them to a
//! [`Corpus`] whenever it likes with [`Loader::try_next`], so it never waits
//! on disk or parsing. [`Loader::wait`] is the test hook that blocks.

use crate::ingest::{self, IngestError};
use crate::model::{file_stem, Report};
use crate::text;
use pinyin::ToPinyin;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
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
#[derive(Debug, Clone, Default)]
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

/// A loaded report with its precomputed search keys.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The parsed report.
    pub report: Report,
    /// [`text::normalize`] of the report's text, ASCII lower-cased, one
    /// character for one character of the text, for full-text search.
    pub folded: String,
    /// Filter and sort keys.
    pub keys: Keys,
}

impl Entry {
    /// Wrap a parsed report, computing its folded text and keys.
    pub fn new(report: Report) -> Entry {
        let folded = text::normalize(&report.text).to_ascii_lowercase();
        let name = text::normalize(&display_name(&report));
        let (full, initials) = pinyin_keys(&name);
        let province = report
            .region
            .as_ref()
            .and_then(|r| r.province.clone())
            .map(|p| text::normalize(&p))
            .unwrap_or_default();
        let province_pinyin = pinyin_keys(&province).0;
        let mut fields = vec![name, full.clone(), initials];
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
        let keys = Keys {
            fields,
            region: format!("{full}\u{0}{}", report.path),
            province: province_pinyin,
        };
        Entry {
            report,
            folded,
            keys,
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

/// What the background loader reports.
#[derive(Debug)]
pub enum LoadEvent {
    /// The number of files found (sent once, before any report).
    Found(usize),
    /// One report parsed.
    Loaded(Box<Entry>),
    /// One file that could not be read or parsed.
    Failed(IngestError),
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

fn load(source: Source, tx: Sender<LoadEvent>) {
    match source {
        Source::Samples => {
            let _ = tx.send(LoadEvent::Found(SAMPLES.len()));
            SAMPLES.par_iter().for_each_with(tx, |tx, (name, body)| {
                let path = PathBuf::from(format!("samples/{name}"));
                let _ = tx.send(parse_one(path, Ok(body.to_string())));
            });
        }
        Source::Paths(paths) => {
            let (files, errors) = ingest::collect_files(&paths);
            let _ = tx.send(LoadEvent::Found(files.len()));
            for e in errors {
                let _ = tx.send(LoadEvent::FolderFailed(e));
            }
            files.par_iter().for_each_with(tx, |tx, f| {
                let _ = tx.send(parse_one(f.clone(), ingest::read_report_file(f)));
            });
        }
    }
}

/// Parse one read file into an event; a parser panic becomes a failure.
fn parse_one(path: PathBuf, read: Result<String, IngestError>) -> LoadEvent {
    let text = match read {
        Ok(t) => t,
        Err(e) => return LoadEvent::Failed(e),
    };
    let name = path.display().to_string();
    match catch_unwind(AssertUnwindSafe(|| {
        Entry::new(crate::parse_report(&name, text))
    })) {
        Ok(entry) => LoadEvent::Loaded(Box::new(entry)),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            LoadEvent::Failed(IngestError {
                path,
                reason: format!("parser failed: {msg}"),
            })
        }
    }
}

/// The reports loaded so far and the files that failed.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    /// Loaded reports, in arrival order (indices stay valid while loading).
    pub entries: Vec<Entry>,
    /// Files that could not be loaded, with the reason.
    pub failures: Vec<IngestError>,
    /// Number of files found, once the loader knows it.
    pub expected: Option<usize>,
    /// Files done so far, loaded or failed.
    pub done: usize,
}

impl Corpus {
    /// A corpus of already parsed reports (tests, benchmarks).
    pub fn from_reports(reports: impl IntoIterator<Item = Report>) -> Corpus {
        let entries: Vec<Entry> = reports.into_iter().map(Entry::new).collect();
        Corpus {
            expected: Some(entries.len()),
            done: entries.len(),
            entries,
            failures: Vec::new(),
        }
    }

    /// Apply one loader event.
    pub fn apply(&mut self, ev: LoadEvent) {
        match ev {
            LoadEvent::Found(n) => self.expected = Some(n),
            LoadEvent::Loaded(e) => {
                self.done += 1;
                self.entries.push(*e);
            }
            LoadEvent::Failed(e) => {
                self.done += 1;
                self.failures.push(e);
            }
            LoadEvent::FolderFailed(e) => self.failures.push(e),
        }
    }

    /// Files done (loaded or failed) and files expected (`None` while walking folders).
    pub fn progress(&self) -> (usize, Option<usize>) {
        (self.done, self.expected)
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
