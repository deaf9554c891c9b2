//! Time the browser's background loader on a folder, as the browser sees it:
//! when the first report is listed, when every report is listed (the whole
//! region list), and when every report is fully parsed.
//! `cargo run --release --example load_bench -- DIR`
//!
//! Prints one line: `listed-first S listed-all S parsed-all S files N`.

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
    let start = Instant::now();
    let mut loader = Loader::start(Source::Paths(vec![PathBuf::from(dir)]));
    let mut corpus = Corpus::default();
    let mut first: Option<Duration> = None;
    let mut listed: Option<Duration> = None;
    while !loader.is_finished() {
        match loader.try_next() {
            Some(ev) => {
                if first.is_none() && matches!(ev, LoadEvent::Listed { .. }) {
                    first = Some(start.elapsed());
                }
                corpus.apply(ev);
                if listed.is_none() && corpus.expected.is_some_and(|n| corpus.listed >= n) {
                    listed = Some(start.elapsed());
                }
            }
            None => std::thread::sleep(Duration::from_micros(200)),
        }
    }
    let all = start.elapsed();
    let (done, total) = corpus.progress();
    let parsed = corpus.entries.iter().filter(|e| e.parsed).count();
    assert_eq!(
        parsed,
        corpus.entries.len(),
        "every listed report is parsed"
    );
    println!(
        "listed-first {:.3} listed-all {:.3} parsed-all {:.3} files {done}/{}",
        first.unwrap_or_default().as_secs_f64(),
        listed.unwrap_or_default().as_secs_f64(),
        all.as_secs_f64(),
        total.unwrap_or(done),
    );
}
