//! The real binary in a real terminal (tmux): the bundled corpus lists its
//! regions, the filter narrows to 下陆区, help shows, a tiny window says so,
//! and `q` exits 0 with the terminal restored.

mod tmux_common;

use baogao::corpus::{Corpus, Source};
use tmux_common::Tmux;

#[test]
fn browser_in_tmux() {
    // What the rows should say, from the library itself.
    let corpus = Corpus::load_blocking(Source::Samples);
    let names: Vec<String> = corpus.entries.iter().map(|e| e.name()).collect();
    assert_eq!(names.len(), 5);
    let xialu = corpus
        .entries
        .iter()
        .find(|e| e.report.path.contains("xialu"))
        .unwrap();
    let xialu_name = xialu.name();

    let config = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("test", config.path(), None);
    let cmd = format!("{}; echo EXIT=$?", env!("CARGO_BIN_EXE_baogao"));
    tmux.keys(&[&cmd, "Enter"]);

    let screen = tmux.wait_for("5 regions", |s| {
        s.contains("Regions 5") && s.contains("5 reports")
    });
    for n in &names {
        assert!(screen.contains(n.as_str()), "{n} listed:\n{screen}");
    }

    tmux.keys(&["/", "xialu", "Enter"]);
    let screen = tmux.wait_for("the filter", |s| s.contains("Regions 1/5"));
    let listed: Vec<&String> = names
        .iter()
        .filter(|n| screen.contains(n.as_str()))
        .collect();
    assert_eq!(listed, vec![&xialu_name], "only one region left:\n{screen}");
    assert_eq!(
        xialu_name, "下陆区",
        "the parser names the region of xialu-2021.txt"
    );
    assert!(
        screen.contains("下陆区"),
        "下陆区 after the filter:\n{screen}"
    );

    // What was found about the report, and where.
    tmux.keys(&["i"]);
    let screen = tmux.wait_for("report info", |s| s.contains("About this report"));
    assert!(
        screen.contains("found in") && screen.contains("title") && screen.contains("湖北省"),
        "region evidence shown:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("report info closed", |s| !s.contains("About this report"));

    tmux.keys(&["?"]);
    let screen = tmux.wait_for("help", |s| s.contains("Keys") && s.contains("this help"));
    assert!(screen.contains("search all reports"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("help closed", |s| !s.contains("this help"));

    assert!(tmux
        .run(&["resize-window", "-t", "t", "-x", "30", "-y", "8"])
        .status
        .success());
    tmux.wait_for("the too-small message", |s| {
        s.contains("Terminal too small")
    });
    assert!(tmux
        .run(&["resize-window", "-t", "t", "-x", "120", "-y", "40"])
        .status
        .success());
    tmux.wait_for("the browser back", |s| {
        s.contains("Regions 1/5") && !s.contains("too small")
    });

    tmux.keys(&["q"]);
    // The typed command line holds "EXIT=" too: wait for the printed line.
    let screen = tmux.wait_for("exit", |s| s.lines().any(|l| l.starts_with("EXIT=")));
    assert!(screen.contains("EXIT=0"), "exit status 0:\n{screen}");
    assert!(
        !screen.contains("Regions"),
        "alternate screen left:\n{screen}"
    );
    let alt = tmux.run(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
    assert_eq!(
        String::from_utf8_lossy(&alt.stdout).trim(),
        "0",
        "alternate screen off"
    );
    assert!(
        screen.lines().any(|l| l.starts_with("tuitest$")),
        "shell prompt back:\n{screen}"
    );
}
