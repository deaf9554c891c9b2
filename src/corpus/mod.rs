//! Loading many reports: the bundled sample corpus, and files and folders
//! read and parsed in parallel on background threads.
//!
//! Loading ([`load`]) is two-stage. [`Loader::start`] walks the folders, then lists
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
//! [`search`] finds text in every loaded report, on background threads;
//! [`watch`] takes in the reports added, changed and removed while the
//! browser runs ([`Loader::start_watching`]).

pub mod cache;
mod load;
pub mod search;
pub mod watch;

use load::guarded;
pub use load::{LoadEvent, Loader, Source};

use crate::ingest::{self, IngestError};
use crate::model::{file_stem, Report};
use crate::text;
use cache::TextCheck;
use pinyin::ToPinyin;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
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
    /// For a report read from the cache, or stored in it: its file and the
    /// check its text must pass when it is read again
    /// ([`Entry::load_text`]); its text is held only while
    /// [`Corpus::hydrate`] keeps it.
    pub text_source: Option<(PathBuf, TextCheck)>,
    /// Whether the report was read from the cache (not parsed now).
    pub from_cache: bool,
}

impl Entry {
    /// Wrap a fully parsed report, computing its keys.
    pub fn new(report: Report) -> Entry {
        Entry {
            keys: Keys::new(&report),
            report,
            parsed: true,
            text_source: None,
            from_cache: false,
        }
    }

    /// Wrap a report read from the cache (without its text, which is read
    /// from `path` when needed and must pass `check`).
    pub fn cached(report: Report, path: PathBuf, check: TextCheck) -> Entry {
        Entry {
            text_source: Some((path, check)),
            from_cache: true,
            ..Entry::new(report)
        }
    }

    /// Let go of the text of a report just stored in the cache: like a
    /// cached one, it is read again from `path` when needed.
    pub fn drop_text(&mut self, path: PathBuf, check: TextCheck) {
        self.report.text = String::new();
        self.text_source = Some((path, check));
    }

    /// Whether the report's text is in memory (a cached report's is read
    /// on demand).
    pub fn has_text(&self) -> bool {
        self.text_source.is_none() || !self.report.text.is_empty()
    }

    /// The text of a cached report, read again from its file: decoded and
    /// prepared as the parser did, and checked against the length and hash
    /// recorded when it was parsed. A file changed since fails the check.
    pub fn load_text(&self) -> Result<String, IngestError> {
        let Some((path, check)) = &self.text_source else {
            return Ok(self.report.text.clone());
        };
        let text = crate::parse::prepared_text(ingest::read_report_file(path)?);
        if TextCheck::of(&text) != *check {
            return Err(IngestError::new(
                path,
                "changed since it was parsed: reload the folder",
            ));
        }
        Ok(text)
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

/// Cached entries that hold their text at a time (the report shown, the
/// two compared, the last few visited).
pub const HYDRATED_MAX: usize = 8;

/// What applying one event changed in [`Corpus::entries`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing (a count or a failure).
    None,
    /// A new entry at this index.
    Added(usize),
    /// A watched entry was removed (it stays in [`Corpus::entries`], so
    /// that indices stay valid, but is no longer shown).
    Removed(usize),
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
    /// Files read from the cache instead of parsed.
    pub cached: usize,
    /// What the loader said for the user (a damaged cache rebuilt).
    pub notes: Vec<String>,
    /// The entry index of each file number (`usize::MAX`: none yet).
    slots: Vec<usize>,
    /// Entries whose files were removed while watched.
    removed: HashSet<usize>,
    /// Cached entries whose text is held now, oldest first ([`Corpus::hydrate`]).
    hydrated: Vec<usize>,
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
            ..Corpus::default()
        }
    }

    /// The entry index of a file number.
    fn slot(&self, file: usize) -> Option<usize> {
        self.slots.get(file).copied().filter(|&i| i != usize::MAX)
    }

    /// Replace the entry of `file` (or add it); says what changed.
    fn replace(&mut self, file: usize, entry: Entry) -> Change {
        match self.slot(file) {
            Some(i) => {
                let old = &self.entries[i];
                let keys_changed = old.keys != entry.keys || old.report.year != entry.report.year;
                self.entries[i] = Arc::new(entry);
                // A new entry holds its own text: it is not a cached one
                // whose text is let go.
                self.hydrated.retain(|&j| j != i);
                Change::Upgraded {
                    entry: i,
                    keys_changed,
                }
            }
            None => {
                self.listed += 1;
                self.entries.push(Arc::new(entry));
                Change::Added(self.entries.len() - 1)
            }
        }
    }

    /// Make sure entry `i` holds its text (a cached report's is read again
    /// from its file); at most [`HYDRATED_MAX`] cached entries hold theirs
    /// at a time, the one held longest lets it go. A file that cannot be
    /// read, or changed since, is an error for the user; the entry stays.
    pub fn hydrate(&mut self, i: usize) -> Result<(), IngestError> {
        let Some(e) = self.entries.get(i) else {
            return Ok(());
        };
        if e.has_text() {
            return Ok(());
        }
        let text = e.load_text()?;
        let mut full = Entry::clone(e);
        full.report.text = text;
        self.entries[i] = Arc::new(full);
        self.hydrated.retain(|&j| j != i);
        self.hydrated.push(i);
        if self.hydrated.len() > HYDRATED_MAX {
            let j = self.hydrated.remove(0);
            let mut bare = Entry::clone(&self.entries[j]);
            bare.report.text = String::new();
            self.entries[j] = Arc::new(bare);
        }
        Ok(())
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
                self.cached += usize::from(entry.from_cache);
                return self.replace(file, *entry);
            }
            LoadEvent::Reloaded { file, entry } => return self.replace(file, *entry),
            LoadEvent::Removed { file } => {
                if let Some(i) = self.slot(file) {
                    // Indices stay valid; an empty report in its place is
                    // found by no search, ranking or comparison.
                    let path = self.entries[i].report.path.clone();
                    self.entries[i] = Arc::new(Entry::new(Report {
                        path,
                        ..Report::default()
                    }));
                    self.removed.insert(i);
                    self.hydrated.retain(|&j| j != i);
                    return Change::Removed(i);
                }
            }
            LoadEvent::WatchFailed(e) => self.failures.push(e),
            LoadEvent::Watch(_) => {}
            LoadEvent::Failed(e) => {
                self.listed += 1;
                self.done += 1;
                self.failures.push(e);
            }
            LoadEvent::Skipped { .. } => {
                self.listed += 1;
                self.done += 1;
            }
            LoadEvent::ParseFailed { error, .. } => {
                self.done += 1;
                self.failures.push(error);
            }
            LoadEvent::FolderFailed(e) => self.failures.push(e),
            LoadEvent::Note(n) => self.notes.push(n),
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
