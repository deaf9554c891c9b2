//! Time the browser's background loader on a folder, as the browser sees it:
//! when the first report is listed, when every report is listed (the whole
//! region list), and when every report is fully parsed.
//! `cargo run --release --example load_bench -- DIR [CACHE_DIR]`
//!
//! With CACHE_DIR the loader uses the cache of parsed reports there, as the
//! browser does (the first run fills it, the next reads it).
//!
//! Prints one line: `listed-first S listed-all S parsed-all S files N cached M`.

use baogao::corpus::{Corpus, LoadEvent, Loader, Source};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator of the `baogao` binary, so that the figures are its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: load_bench DIR");
        std::process::exit(2);
    };
    let cache = std::env::args().nth(2).map(PathBuf::from);
    let start = Instant::now();
    let mut loader = Loader::start_with(Source::Paths(vec![PathBuf::from(dir)]), cache);
    let mut corpus = Corpus::default();
    let mut first: Option<Duration> = None;
    let mut listed: Option<Duration> = None;
    let mut done_at: Option<Duration> = None;
    while !loader.is_finished() {
        match loader.try_next() {
            Some(ev) => {
                // The first row of the region list: a listed report, or
                // one read from the cache.
                if first.is_none()
                    && matches!(ev, LoadEvent::Listed { .. } | LoadEvent::Parsed { .. })
                {
                    first = Some(start.elapsed());
                }
                corpus.apply(ev);
                if listed.is_none() && corpus.expected.is_some_and(|n| corpus.listed >= n) {
                    listed = Some(start.elapsed());
                }
                // What the status line shows as done (the loader may go on
                // storing the new parses in the cache).
                if done_at.is_none() && corpus.expected.is_some_and(|n| corpus.done >= n) {
                    done_at = Some(start.elapsed());
                }
            }
            None => std::thread::sleep(Duration::from_micros(200)),
        }
    }
    let all = done_at.unwrap_or_else(|| start.elapsed());
    let (done, total) = corpus.progress();
    let parsed = corpus.entries.iter().filter(|e| e.parsed).count();
    assert_eq!(
        parsed,
        corpus.entries.len(),
        "every listed report is parsed"
    );
    println!(
        "listed-first {:.3} listed-all {:.3} parsed-all {:.3} files {done}/{} cached {}",
        first.unwrap_or_default().as_secs_f64(),
        listed.unwrap_or_default().as_secs_f64(),
        all.as_secs_f64(),
        total.unwrap_or(done),
        corpus.cached,
    );
}
