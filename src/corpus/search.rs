//! Full-text search over every loaded report, on background threads.
//!
//! A query matches where the folded text would match the folded query
//! (NFKC one character for one, Traditional→Simplified, ASCII lower-case:
//! [`fold_char`]), but no folded copy of any text is stored: the query is
//! compiled into a regular expression of character classes, each holding
//! every character that folds to the query's character, and run over the
//! original text, whose byte ranges it returns directly.
//!
//! [`Search::start`] scans a snapshot of the entries on one thread per core,
//! in chunks, publishing hits in corpus order as chunks finish; dropping the
//! [`Search`] cancels it.

use super::Entry;
use crate::text;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard};
use std::thread;

/// At most this many hits are kept.
pub const MAX_HITS: usize = 2000;

/// Entries scanned per unit of work.
const CHUNK: usize = 64;

/// One place a query was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Corpus index of the report.
    pub entry: usize,
    /// Byte range of the match in the report's text.
    pub bytes: Range<usize>,
    /// The text searched, when the entry does not hold it (a report from
    /// the cache, read again for the search); shared by its hits.
    pub text: Option<Arc<str>>,
}

impl Hit {
    /// The text the match's bytes point into.
    pub fn text<'a>(&'a self, entry: &'a Entry) -> &'a str {
        self.text.as_deref().unwrap_or(&entry.report.text)
    }
}

/// How search folds a character: [`text::normalize_char`], then ASCII
/// lower-case.
pub fn fold_char(c: char) -> char {
    text::normalize_char(c).to_ascii_lowercase()
}

/// For each character that is not simply matched by itself, every
/// character that folds to it (empty: nothing does).
static PREIMAGES: LazyLock<HashMap<char, Vec<char>>> = LazyLock::new(|| {
    let mut by_fold: HashMap<char, Vec<char>> = HashMap::new();
    let mut moved = Vec::new();
    for c in (0..0x1_0000u32).filter_map(char::from_u32) {
        let f = fold_char(c);
        if f != c {
            by_fold.entry(f).or_default().push(c);
            moved.push(c);
        }
    }
    for (f, chars) in by_fold.iter_mut() {
        if fold_char(*f) == *f {
            chars.push(*f);
        }
    }
    for c in moved {
        by_fold.entry(c).or_default();
    }
    by_fold
});

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Query {
    re: Option<Regex>,
}

impl Query {
    /// Compile a query as typed (surrounding spaces are ignored).
    pub fn new(query: &str) -> Query {
        let mut pattern = String::new();
        let mut possible = true;
        let mut buf = [0u8; 4];
        for q in query.trim().chars().map(fold_char) {
            match PREIMAGES.get(&q) {
                None => pattern.push_str(&regex::escape(q.encode_utf8(&mut buf))),
                Some(chars) if chars.is_empty() => possible = false,
                Some(chars) => {
                    pattern.push('[');
                    for c in chars {
                        pattern.push_str(&regex::escape(c.encode_utf8(&mut buf)));
                    }
                    pattern.push(']');
                }
            }
        }
        let re = (possible && !pattern.is_empty())
            .then(|| Regex::new(&pattern).expect("a query compiles to a valid regex"));
        Query { re }
    }

    /// Whether the query can match nothing (empty, or a character nothing folds to).
    pub fn is_empty(&self) -> bool {
        self.re.is_none()
    }

    /// Byte ranges of the non-overlapping matches in `text`, in order.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.re
            .iter()
            .flat_map(move |re| re.find_iter(text).map(|m| m.range()))
    }
}

/// What the workers share with the [`Search`] handle.
#[derive(Debug, Default)]
struct Shared {
    cancel: AtomicBool,
    next_chunk: AtomicUsize,
    state: Mutex<State>,
    finished: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Hits of chunks finished out of order, by chunk.
    pending: Vec<Option<Vec<Hit>>>,
    /// Chunks published so far (a prefix).
    published: usize,
    /// Published hits not yet taken.
    hits: Vec<Hit>,
    /// Hits published in all.
    count: usize,
    /// Whether [`MAX_HITS`] was reached.
    truncated: bool,
    /// Workers still running.
    running: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A search running on background threads; dropping it cancels it.
#[derive(Debug)]
pub struct Search {
    shared: Arc<Shared>,
}

impl Search {
    /// Start searching `entries` (a snapshot of [`super::Corpus::entries`];
    /// hits carry indices into it) for `query`; returns at once.
    pub fn start(entries: Vec<Arc<Entry>>, query: &Query) -> Search {
        let chunks = entries.len().div_ceil(CHUNK);
        let workers = match &query.re {
            None => 0,
            Some(_) => thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(chunks),
        };
        let shared = Arc::new(Shared::default());
        {
            let mut st = shared.lock();
            st.pending = vec![None; chunks];
            st.running = workers;
        }
        let entries = Arc::new(entries);
        let mut started = 0;
        for _ in 0..workers {
            let (shared, entries, query) = (shared.clone(), entries.clone(), query.clone());
            let spawned = thread::Builder::new()
                .name("baogao-search".into())
                .spawn(move || work(&shared, &entries, &query));
            if spawned.is_ok() {
                started += 1;
            }
        }
        if started < workers {
            // Count only the threads that started; with none, search here.
            shared.lock().running -= workers - started;
            if started == 0 {
                shared.lock().running = 1;
                work(&shared, &entries, query);
            }
        }
        Search { shared }
    }

    /// Move the hits found since the last call, in corpus order, to `into`;
    /// returns whether the search is over.
    pub fn take(&self, into: &mut Vec<Hit>) -> bool {
        let mut st = self.shared.lock();
        into.append(&mut st.hits);
        st.running == 0
    }

    /// Whether the hits were cut at [`MAX_HITS`].
    pub fn truncated(&self) -> bool {
        self.shared.lock().truncated
    }

    /// Block until the search is over.
    pub fn wait(&self) {
        let mut st = self.shared.lock();
        while st.running > 0 {
            st = self
                .shared
                .finished
                .wait(st)
                .unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Search {
    fn drop(&mut self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }
}

/// Search synchronously (tests, benchmarks): every hit up to [`MAX_HITS`]
/// in corpus order, and whether they were cut there.
pub fn search(entries: &[Arc<Entry>], query: &Query) -> (Vec<Hit>, bool) {
    let s = Search::start(entries.to_vec(), query);
    s.wait();
    let mut hits = Vec::new();
    s.take(&mut hits);
    (hits, s.truncated())
}

/// One worker: scan chunks until none is left or the search is cancelled.
fn work(shared: &Shared, entries: &[Arc<Entry>], query: &Query) {
    let chunks = entries.len().div_ceil(CHUNK);
    loop {
        let c = shared.next_chunk.fetch_add(1, Ordering::Relaxed);
        if c >= chunks || shared.cancel.load(Ordering::Relaxed) {
            break;
        }
        let mut hits = Vec::new();
        let start = c * CHUNK;
        'scan: for (i, e) in entries.iter().enumerate().skip(start).take(CHUNK) {
            // A report from the cache is read again (one that cannot be, or
            // changed since, has nothing to find).
            let read: Option<Arc<str>> = (!e.has_text())
                .then(|| e.load_text().ok().map(Arc::from))
                .flatten();
            let text = read.as_deref().unwrap_or(&e.report.text);
            for bytes in query.find_iter(text) {
                hits.push(Hit {
                    entry: i,
                    bytes,
                    text: read.clone(),
                });
                if hits.len() >= MAX_HITS || shared.cancel.load(Ordering::Relaxed) {
                    break 'scan;
                }
            }
        }
        publish(shared, c, hits);
    }
    let mut st = shared.lock();
    st.running -= 1;
    if st.running == 0 {
        shared.finished.notify_all();
    }
}

/// Record a chunk's hits and publish every finished chunk in order.
fn publish(shared: &Shared, chunk: usize, hits: Vec<Hit>) {
    let mut guard = shared.lock();
    let st = &mut *guard;
    st.pending[chunk] = Some(hits);
    while st.published < st.pending.len() && !st.truncated {
        let Some(mut hits) = st.pending[st.published].take() else {
            break;
        };
        st.published += 1;
        let room = MAX_HITS - st.count;
        if hits.len() >= room {
            hits.truncate(room);
            st.truncated = true;
            shared.cancel.store(true, Ordering::Relaxed);
        }
        st.count += hits.len();
        st.hits.append(&mut hits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;

    fn entries(texts: &[&str]) -> Vec<Arc<Entry>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Arc::new(Entry::new(Report {
                    path: format!("{i}.txt"),
                    text: t.to_string(),
                    ..Report::default()
                }))
            })
            .collect()
    }

    /// The definition: fold text and query, find the query, map characters back.
    fn naive(entries: &[Arc<Entry>], query: &str) -> Vec<Hit> {
        let needle: String = query.trim().chars().map(fold_char).collect();
        let mut hits = Vec::new();
        if needle.is_empty() {
            return hits;
        }
        for (i, e) in entries.iter().enumerate() {
            let t = &e.report.text;
            let folded: String = t.chars().map(fold_char).collect();
            let offsets: Vec<usize> = t.char_indices().map(|(b, _)| b).chain([t.len()]).collect();
            let n = needle.chars().count();
            for (b, _) in folded.match_indices(&needle) {
                let ci = folded[..b].chars().count();
                hits.push(Hit {
                    entry: i,
                    bytes: offsets[ci]..offsets[ci + n],
                    text: None,
                });
            }
        }
        hits.truncate(MAX_HITS);
        hits
    }

    #[test]
    fn finds_folded_text_and_maps_bytes() {
        let es = entries(&["共办理案件３０２件，302件。"]);
        let (hits, truncated) = search(&es, &Query::new("302件"));
        assert!(!truncated);
        let t = &es[0].report.text;
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[0].bytes.clone()], "３０２件");
        assert_eq!(&t[hits[1].bytes.clone()], "302件");
    }

    #[test]
    fn equals_a_naive_scan() {
        let mut texts = Vec::new();
        for s in super::super::SAMPLES {
            texts.push(s.1);
        }
        texts.extend([
            "ＡＢＣ abc Abc ａｂｃ",
            "關於法治政府建設，关于法治政府建设。",
            "（一）（1）(一) 。。 ,，",
            "",
        ]);
        let many: Vec<&str> = texts.iter().cycle().take(300).copied().collect();
        let es = entries(&many);
        for q in [
            "法治",
            "法治政府建設",
            "abc",
            "ABC",
            "（一）",
            "(1)",
            "，",
            " 302 ",
            "件。",
            "2021年",
            "x y",
            "",
            "   ",
            "关于",
            "辦理",
            "\u{3000}",
        ] {
            let (hits, truncated) = search(&es, &Query::new(q));
            let want = naive(&es, q);
            assert_eq!(truncated, want.len() >= MAX_HITS, "query {q:?}");
            assert_eq!(hits, want, "query {q:?}");
        }
    }

    #[test]
    fn dropping_cancels() {
        let texts = ["法治"; 5000];
        let es = entries(&texts);
        let s = Search::start(es, &Query::new("法"));
        drop(s);
    }
}
