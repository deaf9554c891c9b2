//! The real binary in tmux at 120×40: `c` on 下陆区 and a fuzzy pick of
//! 东丽区 show two columns aligned by topic and the indicator comparison;
//! `r` ranks by a key as a bar chart; `e` then Enter writes the default
//! file into the working directory; `q` exits 0.

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("running tmux")
    }

    fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.run(&args).status.success());
    }

    fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if cond(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

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
    let have_tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        have_tmux,
        "tmux is not installed: run scripts/test-deps.sh (installs tmux) and test again"
    );
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let tmux = Tmux {
        socket: format!("baogao-cmp-{}", std::process::id()),
    };
    let shell = format!(
        "env -i PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 HOME={home} XDG_CONFIG_HOME={home} PS1='tuitest$ ' sh",
        home = home.path().display()
    );
    let dir = work.path().to_str().unwrap();
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "-c",
        dir,
        "-s",
        "t",
        &shell,
    ]);
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux.wait_for("the shell prompt", |s| s.contains("tuitest$"));
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
