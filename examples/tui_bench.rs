//! The browser's latency on a folder, without a terminal: every keystroke
//! (App::update and a full render into a 120x40 TestBackend) while the
//! folder loads and after, the batch of loader events taken per frame, and
//! full-text search over everything loaded.
//! `cargo run --release --example tui_bench -- DIR`

use baogao::corpus::search::{search, Query};
use baogao::corpus::{Loader, Source};
use baogao::tui::render::render;
use baogao::tui::{Action, App, Settings};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator of the `baogao` binary, so that the figures are its own.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median, 99th percentile and maximum in ms.
fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let at = |q: f64| ms(v[((v.len() - 1) as f64 * q) as usize]);
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
        at(0.5),
        at(0.99),
        at(1.0),
        v.len()
    )
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: tui_bench DIR");
        std::process::exit(2);
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut app = App::new(Default::default(), Settings::default());
    app.update(Action::Resize(120, 40));
    let mut loader = Loader::start(Source::Paths(vec![PathBuf::from(dir)]));
    app.update(Action::Find);
    // While loading: take what the loader has (as the event loop does), then
    // one keystroke in the regions filter, alternately typed and erased.
    let (mut frames, mut keys) = (Vec::new(), Vec::new());
    let mut typed = false;
    while !loader.is_finished() {
        let t = Instant::now();
        let mut batch = Vec::new();
        while t.elapsed() < Duration::from_millis(8) {
            match loader.try_next() {
                Some(ev) => batch.push(ev),
                None => break,
            }
        }
        app.absorb(batch);
        terminal.draw(|f| render(&app, f)).expect("draw");
        frames.push(t.elapsed());
        let t = Instant::now();
        app.update(if typed {
            Action::Backspace
        } else {
            Action::Type('x')
        });
        typed = !typed;
        terminal.draw(|f| render(&app, f)).expect("draw");
        keys.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(2));
    }
    let n = app.corpus.entries.len();
    println!("loaded {n} reports");
    println!(
        "frame while loading (take events + render): {}",
        stats(frames)
    );
    println!("keystroke while loading (update + render): {}", stats(keys));
    // After loading: the first filter keystroke on the whole list, a
    // narrowing one, and erasing both.
    let (mut keys, mut updates) = (Vec::new(), Vec::new());
    for _ in 0..50 {
        if typed {
            app.update(Action::Backspace);
            typed = false;
        }
        for a in [
            Action::Type('x'),
            Action::Type('l'),
            Action::Backspace,
            Action::Backspace,
        ] {
            let t = Instant::now();
            app.update(a);
            updates.push(t.elapsed());
            terminal.draw(|f| render(&app, f)).expect("draw");
            keys.push(t.elapsed());
        }
    }
    println!("keystroke after loading (update + render): {}", stats(keys));
    println!("  of which App::update: {}", stats(updates));
    for q in ["法治", "行政复议", "調解成功率", "不存在的词语"] {
        let query = Query::new(q);
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..5 {
            let t = Instant::now();
            hits = search(&app.corpus.entries, &query).0.len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "search {q}: {:.1} ms median of 5 ({hits} hits)",
            ms(times[2])
        );
    }
}
