//! A tmux server of a test's own, for running the real binary in a real
//! terminal: a plain shell at 120×40 with an empty home, keys sent, the
//! screen read back once it has settled.
//!
//! Needs tmux: `scripts/test-deps.sh` installs it; without it the tests fail
//! with that message (they are never skipped).

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long a test waits for a screen before failing with it.
const PATIENCE: Duration = Duration::from_secs(30);

/// A tmux server with one session, `t`, killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Start a server (`name` and the process id name its socket) with a
    /// 120×40 session running `sh` with only PATH, TERM, LANG and a HOME
    /// (and XDG_CONFIG_HOME) of `home`, in folder `dir` if given; waits
    /// for its prompt, `tuitest$`.
    pub fn start(name: &str, home: &Path, dir: Option<&Path>) -> Tmux {
        let have_tmux = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            have_tmux,
            "tmux is not installed: run scripts/test-deps.sh (installs tmux) and test again"
        );
        let tmux = Tmux {
            socket: format!("baogao-{name}-{}", std::process::id()),
        };
        let shell = format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 HOME={home} XDG_CONFIG_HOME={home} PS1='tuitest$ ' sh",
            home = home.display()
        );
        let mut args = vec!["new-session", "-d", "-x", "120", "-y", "40"];
        let dir = dir.map(|d| d.to_str().expect("a UTF-8 folder").to_string());
        if let Some(dir) = &dir {
            args.extend(["-c", dir]);
        }
        args.extend(["-s", "t", &shell]);
        let out = tmux.run(&args);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux.wait_for("the shell prompt", |s| s.contains("tuitest$"));
        tmux
    }

    /// Run a tmux command on this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("running tmux")
    }

    /// The visible screen.
    pub fn capture(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// The screen and everything scrolled off it.
    pub fn history(&self) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["capture-pane", "-p", "-S", "-", "-t", "t"])
                .stdout,
        )
        .into_owned()
    }

    /// Send keys (tmux key names or literal text).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        assert!(self.run(&args).status.success());
    }

    /// Resize the window to `w`×`h`.
    pub fn resize(&self, w: u16, h: u16) {
        let out = self.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
        assert!(
            out.status.success(),
            "tmux resize-window {w}x{h}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Wait until `cond` holds on a settled screen (the same capture twice,
    /// 150 ms apart), so a frame caught half-drawn is never judged; fail
    /// with the screen if it never does.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&str) -> bool) -> String {
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
            if start.elapsed() > PATIENCE {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Whether the program in the pane has the alternate screen on.
    pub fn alternate_on(&self) -> bool {
        let out = self.run(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}
