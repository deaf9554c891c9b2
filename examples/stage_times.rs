//! Time each parser stage on the sample corpus, then the whole parser
//! (`parse_report`) and the loader's listing pass, on one thread:
//! `cargo run --release --example stage_times [ROUNDS [DIR]]` (DIR: a folder
//! of UTF-8 `.txt` reports, such as one written by `gen_corpus`; the
//! bundled samples by default).

use baogao::parse::{clean, indicators, meta, outline, taxonomy::Taxonomy};
use std::time::Instant;

/// The allocator of the `baogao` binary, so that the figures are its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let dir = std::env::args()
        .nth(2)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports").into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    // The same order on every run, for repeatable instruction counts.
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let tax = Taxonomy::global();
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let mut t = [0f64; 5];
    // One untimed round builds the lazily made matchers.
    for text in &docs {
        std::hint::black_box(baogao::parse::parse_report("warm-up.txt", text.clone()));
    }
    for _ in 0..rounds {
        for text in &docs {
            let s = Instant::now();
            let text = &*std::hint::black_box(baogao::parse::unwrap::unwrap(text));
            t[0] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let c = clean::clean(text);
            t[1] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let m = meta::extract(text, &c);
            t[2] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let secs = outline::outline(text, &c, m.title_line, tax);
            t[3] += s.elapsed().as_secs_f64();
            let s = Instant::now();
            std::hint::black_box(indicators::extract(&c, &secs, tax));
            t[4] += s.elapsed().as_secs_f64();
        }
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    for (name, secs) in ["unwrap", "clean", "meta", "outline", "indicators"]
        .iter()
        .zip(t)
    {
        println!(
            "{name:12} {:8.1} MB/s  ({:.1}% of the time)",
            mb / secs,
            100.0 * secs / t.iter().sum::<f64>()
        );
    }
    println!("{:12} {:8.1} MB/s", "all", mb / t.iter().sum::<f64>());
    // The whole of `parse_report`, as a caller pays for it: the stages, the
    // report built and everything dropped, with a copy of each text.
    // (`STAGE_TIMES_NO_REPORT=1` leaves it out, for scripts/instructions.sh,
    // which counts the stages' instructions.)
    if std::env::var_os("STAGE_TIMES_NO_REPORT").is_none() {
        let s = Instant::now();
        for _ in 0..rounds {
            for text in &docs {
                std::hint::black_box(baogao::parse::parse_report("report.txt", text.clone()));
            }
        }
        println!(
            "{:12} {:8.1} MB/s  (parse_report, a copy of each text included)",
            "report",
            mb / s.elapsed().as_secs_f64()
        );
    }
    // The listing pass of the browser's loader, per byte of the whole text.
    let s = Instant::now();
    for _ in 0..rounds {
        for text in &docs {
            std::hint::black_box(baogao::parse::parse_head("head.txt", text));
        }
    }
    let head = s.elapsed().as_secs_f64();
    println!(
        "{:12} {:8.1} MB/s  ({:.1}% of a full parse)",
        "head (list)",
        mb / head,
        100.0 * head / t.iter().sum::<f64>()
    );
}
