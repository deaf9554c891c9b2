//! One frame's render on a 10,000-report corpus (target: under 5 ms), and
//! one filter keystroke on it.

use baogao::corpus::{Corpus, Source};
use baogao::tui::render::render;
use baogao::tui::{Action, App, Settings};
use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// 10,000 reports made by cloning the samples under new paths and years.
fn big_corpus() -> Corpus {
    let samples = Corpus::load_blocking(Source::Samples);
    let mut entries = Vec::with_capacity(10_000);
    for i in 0..10_000 {
        let mut e = (*samples.entries[i % samples.entries.len()]).clone();
        e.report.path = format!("bench/{i:05}-{}", e.report.path);
        e.report.year = Some(2015 + (i % 10) as i32);
        e.keys.region = format!("{}{}", e.keys.region, e.report.path);
        entries.push(e);
    }
    Corpus::from_entries(entries)
}

fn bench(c: &mut Criterion) {
    let mut app = App::new(big_corpus(), Settings::default());
    app.update(Action::Resize(120, 40));
    assert_eq!(app.regions.view.len(), 10_000);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("render 120x40, 10k reports", |b| {
        b.iter(|| {
            terminal.draw(|f| render(&app, f)).unwrap();
        })
    });
    app.update(Action::Bottom);
    c.bench_function("render 120x40, 10k reports, last selected", |b| {
        b.iter(|| {
            terminal.draw(|f| render(&app, f)).unwrap();
        })
    });
    c.bench_function("filter keystroke `x`, 10k reports", |b| {
        b.iter(|| {
            app.update(Action::Find);
            app.update(Action::Type('x'));
            app.update(Action::Clear);
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
