//! The cache of parsed reports as a user meets it (issue 19), the real
//! binary in tmux: a folder opened twice comes from the cache the second
//! time (the status line says so) and its text still shows in the reader;
//! a damaged cache file is reported once and rebuilt.

mod tmux_common;

use std::path::Path;
use tmux_common::Tmux;

fn open_and_quit(tmux: &Tmux, dir: &Path, want: &str) -> String {
    let cmd = format!(
        "{} {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_baogao"),
        dir.display()
    );
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&cmd, "Enter"]);
    let screen = tmux.wait_for(want, |s| s.contains(want));
    tmux.keys(&["q"]);
    tmux.wait_for("the exit status", |s| s.contains("EXIT=0"));
    screen
}

#[test]
fn a_reopened_folder_comes_from_the_cache() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/reports");
    for e in std::fs::read_dir(samples).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let tmux = Tmux::start("cache", home.path(), None);

    let first = open_and_quit(&tmux, dir.path(), "5 reports");
    assert!(!first.contains("from cache"), "{first}");
    let cache = home.path().join(".cache/baogao/reports.sqlite");
    assert!(cache.exists(), "the cache is in the user's cache folder");

    let again = open_and_quit(&tmux, dir.path(), "5 reports (5 from cache)");
    // The first report's text is read again and shown: the reader pane
    // holds what it held the first time.
    let reader = |s: &str| {
        s.lines()
            .filter(|l| l.contains('│'))
            .map(|l| l.rsplit('│').nth(1).unwrap_or("").trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
    };
    assert!(reader(&first).len() > 5, "the panes have text:\n{first}");
    assert_eq!(reader(&again), reader(&first), "same screen:\n{again}");

    std::fs::write(&cache, b"this is not a database").unwrap();
    let damaged = open_and_quit(&tmux, dir.path(), "5 reports");
    assert!(damaged.contains("damaged"), "the user is told:\n{damaged}");
    open_and_quit(&tmux, dir.path(), "5 reports (5 from cache)");
}
