//! A folder that grows: the browser, opened on a folder in tmux, lists a
//! report copied in within 2 s, takes in a changed one and drops a removed
//! one; with `--no-watch` it does not.

mod tmux_common;

use std::path::Path;
use std::time::{Duration, Instant};
use tmux_common::Tmux;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/reports/{name}.txt")))
        .unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// How soon a change must be listed.
const SOON: Duration = Duration::from_secs(2);

/// Wait for `cond` and check it came within [`SOON`] of `since`.
fn soon(tmux: &Tmux, what: &str, since: Instant, cond: impl Fn(&str) -> bool) -> String {
    let screen = tmux.wait_for(what, cond);
    // The settled screen is read 150 ms after it first matched.
    let took = since.elapsed().saturating_sub(Duration::from_millis(150));
    assert!(took <= SOON, "{what} took {took:?}:\n{screen}");
    screen
}

#[test]
fn reports_added_changed_and_removed_while_browsing() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dongli-2021.txt"), sample("dongli-2021")).unwrap();
    let tmux = Tmux::start("watch", home.path(), None);
    let cmd = format!(
        "{} {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_baogao"),
        dir.path().display()
    );
    tmux.keys(&[&cmd, "Enter"]);
    tmux.wait_for("one region", |s| {
        s.contains("Regions 1") && s.contains("东丽区")
    });

    // A PDF copied in (a temporary name first, as a download is).
    let start = Instant::now();
    let part = dir.path().join("xialu-2021.pdf.part");
    std::fs::copy(fixture("xialu-2021.pdf"), &part).unwrap();
    std::fs::rename(&part, dir.path().join("xialu-2021.pdf")).unwrap();
    let screen = soon(&tmux, "the PDF listed", start, |s| {
        s.contains("Regions 2") && s.contains("下陆区")
    });
    assert!(screen.contains("folder changed: 1 new"), "{screen}");

    // A report written in place, then rewritten with another report.
    let start = Instant::now();
    std::fs::write(dir.path().join("new.txt"), sample("hanyang-2021")).unwrap();
    soon(&tmux, "a new text", start, |s| {
        s.contains("Regions 3") && s.contains("汉阳区")
    });
    let start = Instant::now();
    std::fs::write(dir.path().join("new.txt"), sample("panjin-2021")).unwrap();
    let screen = soon(&tmux, "the changed text", start, |s| {
        s.contains("Regions 3") && s.contains("盘锦市") && !s.contains("汉阳区")
    });
    assert!(screen.contains("1 changed"), "{screen}");

    // A report removed; a scan copied in is named, not listed.
    let start = Instant::now();
    std::fs::remove_file(dir.path().join("dongli-2021.txt")).unwrap();
    std::fs::copy(fixture("scan.pdf"), dir.path().join("scan.pdf")).unwrap();
    let screen = soon(&tmux, "the removed report gone", start, |s| {
        s.contains("Regions 2") && !s.contains("东丽区") && s.contains("no text layer")
    });
    assert!(screen.contains("2 reports"), "{screen}");

    // Keys still work, and q ends it.
    tmux.keys(&["/", "xialu", "Enter"]);
    tmux.wait_for("the filter", |s| s.contains("Regions 1/2"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter cleared", |s| s.contains("Regions 2 "));
    tmux.keys(&["q"]);
    tmux.wait_for("the exit status", |s| s.contains("EXIT=0"));
}

#[test]
fn no_watch_keeps_the_first_load() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dongli-2021.txt"), sample("dongli-2021")).unwrap();
    let tmux = Tmux::start("nowatch", home.path(), None);
    let cmd = format!(
        "{} --no-watch {}; echo EXIT=$?",
        env!("CARGO_BIN_EXE_baogao"),
        dir.path().display()
    );
    tmux.keys(&[&cmd, "Enter"]);
    tmux.wait_for("one region", |s| {
        s.contains("Regions 1") && s.contains("东丽区")
    });
    std::fs::write(dir.path().join("xialu-2021.txt"), sample("xialu-2021")).unwrap();
    std::thread::sleep(SOON + Duration::from_secs(1));
    let screen = tmux.capture();
    assert!(
        screen.contains("Regions 1") && !screen.contains("下陆区"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("the exit status", |s| s.contains("EXIT=0"));
}
