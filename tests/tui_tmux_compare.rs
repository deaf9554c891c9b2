//! The real binary in tmux at 120×40: `c` on 下陆区 and a fuzzy pick of
//! 东丽区 show two columns aligned by topic and the indicator comparison;
//! `r` ranks by a key as a bar chart; `e` then Enter writes the default
//! file into the working directory; `q` exits 0.

mod tmux_common;

use std::path::Path;
use tmux_common::Tmux;

use std::thread::sleep;
use std::time::{Duration, Instant};

fn wait_for_file(path: &Path) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if path.exists() {
            return true;
        }
        sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn compare_rank_export_in_tmux() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("cmp", home.path(), Some(work.path()));
    let cmd = format!("{}; echo EXIT=$?", env!("CARGO_BIN_EXE_baogao"));
    tmux.keys(&[&cmd, "Enter"]);
    tmux.wait_for("5 reports", |s| s.contains("5 reports"));

    tmux.keys(&["/", "xialu", "Enter"]);
    tmux.wait_for("the filter", |s| s.contains("Regions 1/5"));
    tmux.keys(&["c"]);
    tmux.wait_for("the picker", |s| s.contains("Compare 下陆区 with"));
    tmux.keys(&["dongli"]);
    tmux.wait_for("the pick", |s| {
        s.contains("with: dongli") && s.contains("东丽区")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the compare screen", |s| {
        s.contains("A 下陆区 2021")
            && s.contains("B 东丽区 2021")
            && s.contains("B-A")
            && s.contains("y copy")
    });
    let titles = screen
        .lines()
        .find(|l| l.contains("A 下陆区 2021"))
        .unwrap();
    assert!(
        titles.contains("B 东丽区 2021"),
        "two columns side by side:\n{screen}"
    );
    assert!(screen.contains("Indicators") && screen.contains("B-A"));
    assert!(screen.contains("法律援助案件"), "{screen}");

    // To the problems topic: both columns show it on the same row.
    let mut screen = screen;
    for _ in 0..30 {
        if screen.lines().any(|l| l.matches("[存在问题]").count() == 2) {
            break;
        }
        tmux.keys(&["l"]);
        sleep(Duration::from_millis(150));
        screen = tmux.capture();
    }
    assert!(
        screen.lines().any(|l| l.matches("[存在问题]").count() == 2),
        "both columns at 存在问题:\n{screen}"
    );

    // The table: first key row, rank it.
    tmux.keys(&["Tab", "Tab", "r"]);
    let screen = tmux.wait_for("the ranking", |s| {
        s.contains("Rank by") && s.contains("j move")
    });
    assert!(screen.contains('█'), "bars:\n{screen}");
    assert!(screen.lines().any(|l| l.contains("> ")), "selection marked");
    tmux.keys(&["Escape"]);
    tmux.wait_for("back to compare", |s| !s.contains("Rank by"));

    tmux.keys(&["e"]);
    tmux.wait_for("the export dialog", |s| {
        s.contains("xialu-2021-vs-dongli-2021-compare.csv")
    });
    tmux.keys(&["Enter"]);
    tmux.wait_for("the status", |s| s.contains("wrote"));
    let file = work.path().join("xialu-2021-vs-dongli-2021-compare.csv");
    assert!(wait_for_file(&file), "{} written", file.display());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("legal_aid.cases") && text.contains("650"));

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("exit", |s| s.lines().any(|l| l.starts_with("EXIT=")));
    assert!(screen.contains("EXIT=0"), "exit status 0:\n{screen}");
}
