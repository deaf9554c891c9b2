//! Time the corpus audits on a folder of reports (README, "Measured"):
//! `cargo run --example audit_bench -- DIR`. Parses every report in
//! parallel first (timed apart), then times `find_dupes`, `reuse`,
//! `coverage` and `check` on the parsed reports.

use baogao::audit::{self, Parts, Scope};
use baogao::parse::gazetteer::Gazetteer;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    let t = Instant::now();
    let dupes = audit::find_dupes(&reports);
    let copies: usize = dupes.groups.iter().map(|g| g.copies.len()).sum();
    println!(
        "dupes:    {:.2} s ({} groups, {copies} copies)",
        t.elapsed().as_secs_f64(),
        dupes.groups.len()
    );
    let t = Instant::now();
    let reuse = audit::reuse(&reports, &dupes, audit::reuse::MIN_CHARS);
    println!(
        "reuse:    {:.2} s ({} boilerplate sentences, limit {})",
        t.elapsed().as_secs_f64(),
        reuse.boilerplate.len(),
        reuse.limit
    );
    let t = Instant::now();
    let cov = audit::coverage(&reports, &dupes, &Scope::default(), Gazetteer::global()).unwrap();
    println!(
        "coverage: {:.2} s ({} divisions)",
        t.elapsed().as_secs_f64(),
        cov.rows.len()
    );
    let t = Instant::now();
    let rows = audit::check(&reports, Parts::default_parts());
    println!(
        "check:    {:.2} s ({} reports)",
        t.elapsed().as_secs_f64(),
        rows.len()
    );
}
