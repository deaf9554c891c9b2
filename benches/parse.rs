//! Parse throughput on the bundled sample corpus (MB/s on one core).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// The allocator of the `baogao` binary, so that the figures are its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn parse(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    // Build the folding tables outside the measurement.
    black_box(baogao::parse_report("warm-up", docs[0].1.clone()));
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("sample corpus", |b| {
        b.iter(|| {
            for (path, text) in &docs {
                black_box(baogao::parse_report(path, text.clone()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
