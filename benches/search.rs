//! Full-text search latency over 10,000 in-memory reports (~130 MB of
//! text): a query found everywhere (stops at the hit limit), one found in
//! some reports, and ones found nowhere (a full scan).

use baogao::corpus::search::{search, Query};
use baogao::corpus::{Corpus, Entry, Source};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::Arc;

/// 10,000 reports made by cloning the samples under new paths.
fn big_corpus() -> Vec<Arc<Entry>> {
    let samples = Corpus::load_blocking(Source::Samples);
    (0..10_000)
        .map(|i| {
            let mut e = (*samples.entries[i % samples.entries.len()]).clone();
            e.report.path = format!("bench/{i:05}-{}", e.report.path);
            Arc::new(e)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let entries = big_corpus();
    let mb: usize = entries.iter().map(|e| e.report.text.len()).sum::<usize>() / 1_000_000;
    let mut g = c.benchmark_group(format!("search 10k reports ({mb} MB)"));
    g.sample_size(20);
    for q in ["法治", "行政复议", "調解成功率", "不存在的词语", "zzqx"] {
        let query = Query::new(q);
        g.bench_function(q, |b| b.iter(|| black_box(search(&entries, &query))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
