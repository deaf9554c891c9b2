//! The audit screen in a real terminal (tmux), as a user meets it: the
//! browser on the samples, the audit key, the coverage grid with the
//! provinces of the samples and their years, a drill into one, and `q`.

mod tmux_common;

use baogao::corpus::{Corpus, Source};
use tmux_common::Tmux;

#[test]
fn audit_screen_in_tmux() {
    // The provinces and years the grid must show, from the library.
    let corpus = Corpus::load_blocking(Source::Samples);
    let provinces: Vec<String> = corpus
        .entries
        .iter()
        .filter_map(|e| e.report.region.as_ref()?.province.clone())
        .collect();
    let years: Vec<String> = corpus
        .entries
        .iter()
        .filter_map(|e| e.report.year.map(|y| y.to_string()))
        .collect();
    assert!(!provinces.is_empty() && !years.is_empty());

    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("audit", config.path(), None);
    let cmd = format!("{}; echo EXIT=$?", env!("CARGO_BIN_EXE_baogao"));
    tmux.keys(&[&cmd, "Enter"]);
    tmux.wait_for("the browser", |s| s.contains("5 reports"));

    tmux.keys(&["a"]);
    let screen = tmux.wait_for("the coverage grid", |s| {
        s.contains("Audit") && s.contains("provinces") && !s.contains("computing")
    });
    for p in &provinces {
        assert!(screen.contains(p.as_str()), "{p} in the grid:\n{screen}");
    }
    for y in &years {
        assert!(screen.contains(y.as_str()), "{y} in the grid:\n{screen}");
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("a province's divisions", |s| s.contains("missing"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the provinces again", |s| s.contains("provinces"));

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("exit", |s| s.lines().any(|l| l.starts_with("EXIT=")));
    assert!(screen.contains("EXIT=0"), "exit status 0:\n{screen}");
}
