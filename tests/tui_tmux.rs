//! The real binary in a real terminal (tmux): the bundled corpus lists its
//! regions, the filter narrows to 下陆区, help shows, a tiny window says so,
//! and `q` exits 0 with the terminal restored.

use baogao::corpus::{Corpus, Source};
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

    /// Wait until the screen satisfies `cond`; fail with the screen if it never does.
    /// Wait until the condition holds on a settled screen (the same capture
    /// twice, 150 ms apart), so a frame caught half-drawn is never judged.
    fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if cond(&screen) {
                sleep(Duration::from_millis(150));
                if self.capture() == screen {
                    return screen;
                }
                continue;
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

#[test]
fn browser_in_tmux() {
    let have_tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        have_tmux,
        "tmux is not installed: run scripts/test-deps.sh (installs tmux) and test again"
    );

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
    let tmux = Tmux {
        socket: format!("baogao-test-{}", std::process::id()),
    };
    let shell = format!(
        "env -i PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 HOME={home} XDG_CONFIG_HOME={home} PS1='tuitest$ ' sh",
        home = config.path().display()
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
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
