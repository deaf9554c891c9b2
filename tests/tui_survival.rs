//! The browser survives what users and systems throw at it, in a real
//! terminal (tmux): a folder of bad inputs beside the samples, a report of
//! emoji, combining marks, full-width text and very long lines, a resize
//! storm down to 1x1 and up to 300x100, a file deleted and another rewritten
//! while loaded, SIGINT and SIGTERM, and the terminal closing under it
//! (which must end the browser, not leave it spinning). Each time the process exits, the
//! shell comes back on the normal screen with no frame left over, and no
//! panic message was printed.
//!
//! Needs tmux: `scripts/test-deps.sh` installs it.

mod bad_common;
mod tmux_common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};
use tmux_common::Tmux;

/// A report that is hard to draw: emoji (with ZWJ sequences and flags),
/// combining marks, full-width letters, tabs, right-to-left text, lines
/// thousands of columns wide, a heading as long as a paragraph, and
/// terminal escape sequences (colour, window title, clipboard, a bell).
fn wide_report() -> String {
    let long: String =
        "法治政府😀e\u{301}\u{301}ＡＢＣ１２３👨\u{200D}👩\u{200D}👧\u{200D}👦🇨🇳\tשלום "
            .repeat(400);
    format!(
        "关于2021年法治政府建设情况的报告\n\
         一、主要工作😀👨\u{200D}👩\u{200D}👧\u{200D}👦\n\
         （一）组合字符 e\u{301}\u{302}\u{303}\u{304}\u{305} a\u{20DD} Z\u{335}\u{336}\u{337}\n\
         全角文字ＡＢＣＤＥＦ０１２３４５６７８９，全年办理法律援助案件302件🎉。\n\
         （三）\u{1b}[41m红底\u{1b}[0m\u{1b}]2;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}控制字符\u{7}\n\
         {long}\n\
         （二）{}\n\
         二、存在的问题\n{long}全年受理行政复议案件１２件。\n",
        "很长的标题".repeat(200)
    )
}

/// Start the browser on `dir` in the session's shell; return the pid of
/// the baogao process.
fn start_browser(tmux: &Tmux, dir: &Path, pidfile: &Path) -> u32 {
    let _ = fs::remove_file(pidfile);
    let cmd = format!(
        "sh -c 'echo $$ > {pid}; exec {exe} {dir}'; echo EXIT=$?",
        pid = pidfile.display(),
        exe = env!("CARGO_BIN_EXE_baogao"),
        dir = dir.display()
    );
    tmux.keys(&["clear", "Enter"]);
    tmux.keys(&[&cmd, "Enter"]);
    let start = Instant::now();
    loop {
        if let Some(pid) = fs::read_to_string(pidfile)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the browser did not start"
        );
        sleep(Duration::from_millis(50));
    }
}

fn alive(pid: u32) -> bool {
    // A zombie has exited; only a live process has a non-Z state.
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit(')').next().map(|r| r.trim_start().to_string()))
        .is_some_and(|r| !r.starts_with('Z'))
}

/// The exit status the shell printed (`EXIT=0`), if it has; the command line
/// itself holds `EXIT=$?`, which is not a status.
fn exit_status(screen: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let at = l.find("EXIT=")? + "EXIT=".len();
        let digits: String = l[at..].chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty()).then_some(digits)
    })
}

/// After a signal: the process is gone, the shell reports its exit, the
/// normal screen is back with the prompt and no frame, and nothing panicked.
fn assert_exited_cleanly(tmux: &Tmux, pid: u32, what: &str, expected: &str) {
    let screen = tmux.wait_for(&format!("exit after {what}"), |s| {
        let Some(at) = s.lines().position(|l| exit_status(l).is_some()) else {
            return false;
        };
        s.lines().skip(at).any(|l| l.contains("tuitest$"))
    });
    assert!(!alive(pid), "{what}: process {pid} still running");
    assert!(!tmux.alternate_on(), "{what}: alternate screen still on");
    let frame = ['│', '─', '┌', '┐', '└', '┘'];
    assert!(
        !screen.contains("Regions") && !screen.contains(frame),
        "{what}: a browser frame left on the screen:\n{screen}"
    );
    let status = exit_status(&screen).unwrap_or_default();
    // As a shell reports a process a signal ended: 128 + its number.
    assert_eq!(status, expected, "{what}: exit status:\n{screen}");
    eprintln!("{what}: exit status {status}");
    let history = tmux.history();
    assert!(
        !history.contains("panicked") && !history.contains("RUST_BACKTRACE"),
        "{what}: a panic message:\n{history}"
    );
}

#[test]
fn the_browser_survives_bad_inputs_resizes_and_signals() {
    let f = bad_common::fixture();
    let wide = f.root.join("wide.txt");
    fs::write(&wide, wide_report()).unwrap();
    let loaded = f.odd.len() + f.samples.len() + 1;

    let home = tempfile::tempdir().unwrap();
    let pidfile: PathBuf = home.path().join("pid");
    let tmux = Tmux::start("survival", home.path(), None);
    tmux.wait_for("the shell prompt", |s| s.contains("tuitest$"));

    // Load everything: the bad files are counted as failures, not fatal.
    let pid = start_browser(&tmux, &f.root, &pidfile);
    let failed = format!("{} failed", f.bad.len());
    let screen = tmux.wait_for("every file loaded", |s| {
        s.contains(&format!("{loaded} reports")) && s.contains(&failed)
    });
    assert!(alive(pid), "browser running:\n{screen}");

    // The load log names the bad files.
    tmux.keys(&["L"]);
    let screen = tmux.wait_for("the load log", |s| s.contains("Load log"));
    assert!(
        screen.contains("empty file"),
        "load log lists failures:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the load log closed", |s| !s.contains("Load log"));

    // Open the hard-to-draw report in the reader and scroll through it.
    tmux.keys(&["/", "wide", "Enter"]);
    tmux.wait_for("the filter", |s| s.contains(&format!("/{loaded}")));
    tmux.keys(&["Tab", "Tab", "Enter"]);
    for _ in 0..5 {
        tmux.keys(&["PageDown", "l", "End", "Home", "j"]);
    }
    sleep(Duration::from_millis(300));
    assert!(alive(pid), "browser running after the wide report");
    // The escape sequences in it changed nothing outside the browser.
    let title = tmux.run(&["display-message", "-p", "-t", "t", "#{pane_title}"]);
    let title = String::from_utf8_lossy(&title.stdout);
    assert!(
        !title.contains("pwned"),
        "the report set the title: {title}"
    );
    tmux.keys(&["Escape", "Escape", "/", "wide", "Enter"]);
    let screen = tmux.wait_for("the escaped heading", |s| s.contains("红底控制字符"));
    assert!(
        !screen.contains("[41m") && !screen.contains("]52;"),
        "{screen}"
    );

    // A resize storm, as fast as tmux takes it.
    let sizes = [(1, 1), (20, 5), (300, 100), (120, 40), (2, 50), (250, 3)];
    for round in 0..15 {
        for (i, &(w, h)) in sizes.iter().enumerate() {
            tmux.resize(w, h);
            if (round + i) % 4 == 0 {
                tmux.keys(&["j"]);
            }
        }
    }
    tmux.resize(120, 40);
    let screen = tmux.wait_for("the browser after the storm", |s| {
        s.contains("Regions") && s.contains(&format!("{loaded} reports"))
    });
    assert!(alive(pid), "browser running after the storm:\n{screen}");

    // A report vanishes and another changes on disk while loaded.
    fs::remove_file(&f.samples[0]).unwrap();
    fs::write(&f.samples[1], "改写后的内容\n").unwrap();
    fs::remove_file(&wide).unwrap();
    tmux.keys(&["Escape", "Escape", "g", "j", "Enter", "Tab", "PageDown"]);
    tmux.keys(&["?"]);
    tmux.wait_for("help after the files changed", |s| s.contains("this help"));
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("the browser after the files changed", |s| {
        s.contains("Regions") && !s.contains("this help")
    });
    assert!(alive(pid), "browser running after files changed:\n{screen}");

    // SIGTERM while running.
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert_exited_cleanly(&tmux, pid, "SIGTERM", "143");

    // SIGINT, on a fresh start, while still loading.
    let pid = start_browser(&tmux, &f.root, &pidfile);
    tmux.wait_for("the browser again", |s| s.contains("Regions"));
    Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert_exited_cleanly(&tmux, pid, "SIGINT", "130");

    // The terminal itself goes away (the window closed, the SSH link
    // dropped): the browser must end, not spin on a dead terminal.
    let pid = start_browser(&tmux, &f.root, &pidfile);
    tmux.wait_for("the browser once more", |s| s.contains("Regions"));
    let _ = tmux.run(&["kill-server"]);
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(50));
    }
    let still = alive(pid);
    if still {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }
    assert!(!still, "the browser kept running after its terminal closed");
}
