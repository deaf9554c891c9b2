//! Time the browser's background loader on a folder, as the browser sees it:
//! when the first report arrives, and when every report is parsed.
//! `cargo run --release --example load_bench -- DIR`

use baogao::corpus::{Corpus, LoadEvent, Loader, Source};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: load_bench DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let mut loader = Loader::start(Source::Paths(vec![PathBuf::from(dir)]));
    let mut corpus = Corpus::default();
    let mut first: Option<Duration> = None;
    while !loader.is_finished() {
        match loader.try_next() {
            Some(ev) => {
                if first.is_none() && matches!(ev, LoadEvent::Loaded(_)) {
                    first = Some(start.elapsed());
                }
                corpus.apply(ev);
            }
            None => std::thread::sleep(Duration::from_micros(200)),
        }
    }
    let all = start.elapsed();
    let (done, total) = corpus.progress();
    eprintln!(
        "first report after {:.3} s; {done}/{} files loaded after {:.3} s",
        first.unwrap_or_default().as_secs_f64(),
        total.unwrap_or(done),
        all.as_secs_f64()
    );
}
