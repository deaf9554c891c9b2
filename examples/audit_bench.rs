//! Time the corpus audits on a folder of reports (README, "Measured"):
//! `cargo run --example audit_bench -- DIR`. Parses every report in
//! parallel first (timed apart), then times `find_dupes`, `reuse`,
//! `coverage` and `check` on the parsed reports: wall time and the CPU
//! time of the process (user + system, from `/proc/self/stat` on Linux),
//! which a machine busy with other work changes less than the wall time.

use baogao::audit::{self, Parts, Scope};
use baogao::parse::gazetteer::Gazetteer;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// CPU seconds used by this process so far (0 where `/proc` is missing).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

/// Time one step: prints wall and CPU seconds with `what` and the step's note.
fn step<T>(what: &str, f: impl FnOnce() -> T, note: impl Fn(&T) -> String) -> T {
    let (t, c) = (Instant::now(), cpu());
    let out = f();
    println!(
        "{what:<9} {:>6.2} s wall {:>6.2} s CPU  {}",
        t.elapsed().as_secs_f64(),
        cpu() - c,
        note(&out)
    );
    out
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: audit_bench DIR");
        std::process::exit(2);
    };
    let (files, _) = baogao::ingest::collect_files(&[PathBuf::from(dir)]);
    let t = Instant::now();
    let reports: Vec<_> = files
        .par_iter()
        .filter_map(|p| {
            let text = baogao::ingest::read_report_file(p).ok()?;
            Some(baogao::parse_report(&p.display().to_string(), text))
        })
        .collect();
    let mb = reports.iter().map(|r| r.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} reports, {mb:.0} MB: read and parsed in {:.2} s",
        reports.len(),
        t.elapsed().as_secs_f64()
    );
    let dupes = step(
        "dupes",
        || audit::find_dupes(&reports),
        |d| {
            let copies: usize = d.groups.iter().map(|g| g.copies.len()).sum();
            format!("{} groups, {copies} copies", d.groups.len())
        },
    );
    let reuse = step(
        "reuse",
        || audit::reuse(&reports, &dupes, audit::reuse::MIN_CHARS),
        |r| {
            format!(
                "{} boilerplate sentences, limit {}",
                r.boilerplate.len(),
                r.limit
            )
        },
    );
    step(
        "coverage",
        || {
            audit::coverage(&reports, &dupes, &Scope::default(), Gazetteer::global())
                .map_or(0, |c| c.rows.len())
        },
        |n| format!("{n} divisions"),
    );
    step(
        "check",
        || audit::check(&reports, Parts::default_parts()).len(),
        |n| format!("{n} reports"),
    );
    println!("reuse rows: {}", reuse.rows.len());
}
