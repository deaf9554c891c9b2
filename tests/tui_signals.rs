//! The browser under a pseudo-terminal of the test's own (no tmux, no
//! controlling terminal, so no SIGHUP): every signal whose default action
//! ends a process leaves the terminal restored (alternate screen, mouse
//! capture and raw mode off) with status 128 + the signal, and a terminal
//! that goes away under it (the master side closed) ends it instead of
//! leaving it spinning on failed reads. A huge paste typed into the filter
//! leaves `Esc` and `q` answered at once.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A pseudo-terminal pair: the master (the test's side) and the slave (the
/// browser's terminal).
fn open_pty() -> (OwnedFd, OwnedFd) {
    // SAFETY: plain libc calls on descriptors this function owns.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut name = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, name.as_mut_ptr(), name.len()), 0);
        let slave = libc::open(name.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(slave >= 0, "open the slave");
        let ws = libc::winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        libc::ioctl(master, libc::TIOCSWINSZ, &ws);
        // Not inherited by the browser: its copy of the master would keep
        // the terminal from ever going away.
        for fd in [master, slave] {
            libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    }
}

/// The browser running on a pseudo-terminal, its output collected.
struct Browser {
    child: Child,
    /// The test's side for typing (a copy of the master).
    keyboard: Option<File>,
    output: Arc<Mutex<Vec<u8>>>,
    close_master: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Browser {
    /// Start the browser on the samples with a new pseudo-terminal as its
    /// terminal; returns it and the test's copy of the slave.
    fn start(home: &std::path::Path) -> (Browser, OwnedFd) {
        let (master, slave) = open_pty();
        let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().unwrap());
        let child = Command::new(env!("CARGO_BIN_EXE_baogao"))
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home)
            .stdin(io(&slave))
            .stdout(io(&slave))
            .stderr(io(&slave))
            .spawn()
            .expect("run baogao");
        let keyboard = Some(File::from(master.try_clone().unwrap()));
        let output = Arc::new(Mutex::new(Vec::new()));
        let close_master = Arc::new(AtomicBool::new(false));
        let (out, close) = (Arc::clone(&output), Arc::clone(&close_master));
        // Drain the master so the browser never blocks writing; close it
        // when asked.
        let reader = std::thread::spawn(move || {
            let mut f = File::from(master);
            let mut buf = [0u8; 65536];
            while !close.load(Ordering::Relaxed) {
                let mut p = libc::pollfd {
                    fd: f.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut p, 1, 50) } > 0 {
                    match f.read(&mut buf) {
                        Ok(n) if n > 0 => out.lock().unwrap().extend_from_slice(&buf[..n]),
                        _ => break,
                    }
                }
            }
        });
        (
            Browser {
                child,
                keyboard,
                output,
                close_master,
                reader: Some(reader),
            },
            slave,
        )
    }

    /// Wait until the first frame is drawn (the alternate screen is on and
    /// the samples listed).
    fn wait_started(&self) {
        let start = Instant::now();
        loop {
            let out = String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned();
            if out.contains("\x1b[?1049h") && out.contains("Regions") {
                sleep(Duration::from_millis(500));
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the browser did not start: {out:?}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// The output since byte `from`.
    fn output_from(&self, from: usize) -> String {
        let out = self.output.lock().unwrap();
        String::from_utf8_lossy(&out[from.min(out.len())..]).into_owned()
    }

    fn output_len(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// Wait for the exit within `limit`: the status (exit code, or the
    /// signal that killed it) and the CPU time it used.
    fn wait(&mut self, limit: Duration) -> (Option<i32>, Option<i32>, Duration) {
        let pid = self.child.id() as libc::pid_t;
        let start = Instant::now();
        let mut status = 0;
        // SAFETY: an all-zero rusage is valid; wait4 writes it.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: our own child; valid pointers.
            if unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) } == pid {
                break;
            }
            if start.elapsed() > limit {
                let cpu = proc_cpu(pid);
                let _ = self.child.kill();
                // SAFETY: as above.
                unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
                panic!("still running after {limit:?}, {cpu:?} of CPU time");
            }
            sleep(Duration::from_millis(20));
        }
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
        let signal = libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status));
        (code, signal, tv(ru.ru_utime) + tv(ru.ru_stime))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.close_master.store(true, Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

/// CPU time of a running process (utime + stime from `/proc/PID/stat`).
fn proc_cpu(pid: libc::pid_t) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_millis(ticks * 1000 / hz)
}

/// Whether the terminal is back in cooked mode (echo and line editing).
fn cooked(slave: &OwnedFd) -> bool {
    // SAFETY: an all-zero termios is valid; tcgetattr writes it.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: a valid descriptor and pointer.
    let ok = unsafe { libc::tcgetattr(slave.as_raw_fd(), &mut t) } == 0;
    ok && t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
}

#[test]
fn every_terminating_signal_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    for (name, sig) in [
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGUSR1", libc::SIGUSR1),
        ("SIGUSR2", libc::SIGUSR2),
        ("SIGALRM", libc::SIGALRM),
        ("SIGVTALRM", libc::SIGVTALRM),
        ("SIGPROF", libc::SIGPROF),
        ("SIGTERM", libc::SIGTERM),
    ] {
        let (mut b, slave) = Browser::start(home.path());
        b.wait_started();
        assert!(!cooked(&slave), "{name}: raw mode while running");
        let from = b.output_len();
        // SAFETY: signalling our own child.
        unsafe { libc::kill(b.child.id() as libc::pid_t, sig) };
        let (code, signal, _) = b.wait(Duration::from_secs(10));
        assert_eq!(
            (code, signal),
            (Some(128 + sig), None),
            "{name}: exit status"
        );
        sleep(Duration::from_millis(200));
        let after = b.output_from(from);
        assert!(
            after.contains("\x1b[?1049l"),
            "{name}: alternate screen left on: {after:?}"
        );
        assert!(
            after.contains("\x1b[?1000l"),
            "{name}: mouse capture left on: {after:?}"
        );
        assert!(cooked(&slave), "{name}: raw mode left on");
        eprintln!("{name}: exit {code:?}, terminal restored");
    }
}

#[test]
fn a_terminal_gone_without_sighup_ends_the_browser() {
    let home = tempfile::tempdir().unwrap();
    let (mut b, slave) = Browser::start(home.path());
    b.wait_started();
    // No copy of the slave left here: closing the master hangs it up.
    drop(slave);
    drop(b.keyboard.take());
    b.close_master.store(true, Ordering::Relaxed);
    if let Some(r) = b.reader.take() {
        r.join().unwrap();
    }
    let closed = Instant::now();
    let (code, signal, cpu) = b.wait(Duration::from_secs(15));
    let wall = closed.elapsed();
    eprintln!("exit {code:?}/{signal:?} {wall:?} after the hang-up, {cpu:?} CPU in all");
    // 101 is a panic: printing to the standard error that went away.
    assert_eq!(code, Some(128 + libc::SIGHUP), "signal {signal:?}");
}

#[test]
fn typing_a_huge_text_into_the_filter_leaves_esc_and_q_answered() {
    let home = tempfile::tempdir().unwrap();
    let (mut b, _slave) = Browser::start(home.path());
    b.wait_started();
    let mut kb = b.keyboard.take().unwrap();
    assert!(!cooked(&_slave));
    kb.write_all(b"/").unwrap();
    // In pieces the terminal's input buffer takes.
    for piece in "xialu下陆".repeat(16_000 / 7).as_bytes().chunks(512) {
        kb.write_all(piece).unwrap();
        sleep(Duration::from_millis(2));
    }
    let typed = Instant::now();
    // Esc, then q once crossterm has told Esc from an escape sequence.
    kb.write_all(b"\x1b").unwrap();
    sleep(Duration::from_millis(300));
    kb.write_all(b"q").unwrap();
    let (code, signal, cpu) = b.wait(Duration::from_secs(20));
    eprintln!(
        "16k characters typed: quit {:?} after, {cpu:?} CPU in all",
        typed.elapsed()
    );
    assert_eq!((code, signal), (Some(0), None));
    assert!(
        b.output_from(0).contains("input capped at 200"),
        "no message about the cap"
    );
}
