//! Shared by the tests of huge inputs: CPU time and peak memory of the real
//! binary (through `wait4`, for that one child), and time ratios.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::process::{Command, Stdio};
use std::time::Duration;

/// What one run of the binary used.
pub struct Usage {
    /// Exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: String,
    /// User and system CPU time.
    pub cpu: Duration,
    /// Peak resident memory, in KiB.
    pub peak_kib: u64,
}

/// Run baogao with `args`, standard output to a file (read back), and
/// measure it with `wait4`. Killed after `limit` of wall-clock time.
// The child is reaped by `wait4`, which the lint does not see.
#[allow(clippy::zombie_processes)]
pub fn measure<S: AsRef<OsStr>>(args: &[S], limit: Duration) -> Usage {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .expect("run baogao");
    let pid = child.id() as libc::pid_t;
    let start = std::time::Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 writes it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child; status and ru are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed");
        if start.elapsed() > limit {
            // SAFETY: killing our own child by its id.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            // SAFETY: as above.
            unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
            panic!("baogao still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: std::fs::read(out.path()).unwrap(),
        stderr: String::from_utf8_lossy(&std::fs::read(err.path()).unwrap()).into_owned(),
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        peak_kib: ru.ru_maxrss as u64,
    }
}

/// CPU time of this thread (Linux: `/proc/thread-self/schedstat`).
pub fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(
        stat.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    )
}

/// The fastest of `runs` timings of `f` in this thread's CPU time.
pub fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = thread_cpu();
            f();
            thread_cpu().saturating_sub(t)
        })
        .min()
        .unwrap_or_default()
}

/// Fail unless `large` (ten times the input of `small`) takes at most
/// `max` times as long: measured twice before failing, interleaved, so that
/// a burst of load from elsewhere hits both sizes.
pub fn assert_ratio(what: &str, max: f64, mut small: impl FnMut(), mut large: impl FnMut()) {
    let mut tries = Vec::new();
    for _ in 0..2 {
        let (mut t1, mut t10) = (Duration::MAX, Duration::MAX);
        for _ in 0..2 {
            t1 = t1.min(fastest(2, &mut small));
            t10 = t10.min(fastest(1, &mut large));
        }
        let r = t10.as_secs_f64() / t1.as_secs_f64().max(1e-6);
        eprintln!("{what}: {t1:.2?} → {t10:.2?}, ratio {r:.1}");
        if r <= max {
            return;
        }
        tries.push(format!("{t1:.2?} → {t10:.2?}"));
    }
    panic!(
        "{what}: 10x the input took over {max}x as long, twice ({}): a superlinear path",
        tries.join(", ")
    );
}
