//! Parsing time grows linearly with the input: ten times the text takes at
//! most twelve times as long.
//!
//! Measured in this process through the library, on a shared machine: the
//! thread's CPU time (not wall-clock time, which other processes inflate),
//! and each size parsed a few times with the fastest run counting. The shapes are a realistic report (the five
//! samples, repeated) and the adversarial ones: one huge line, thousands of
//! headings, a line dense with numbers and quotation marks.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Largest allowed ratio of the time for ten times a realistic input.
const MAX_RATIO: f64 = 12.0;

/// Largest allowed ratio for the hostile shapes, whose small size fits in the
/// processor's caches and large size does not (and whose ranges are mapped
/// back by binary search, n log n): measured here at 10 to 12.5. A quadratic
/// path gives about 100.
const MAX_RATIO_HOSTILE: f64 = 15.0;

fn samples() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// CPU time of this thread (Linux: `/proc/thread-self/schedstat`, in
/// nanoseconds), which other processes on the machine do not inflate.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// How long one parse of `text` takes, from `reps` parses in a row: thread
/// CPU time where the system tells it, else wall-clock time. Some kernels
/// count thread CPU time in scheduler ticks (4 ms): a small input is parsed
/// several times over, so that its time is many ticks long.
fn once(text: &str, reps: u32) -> Duration {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    for _ in 0..reps {
        black_box(baogao::parse_report("timing.txt", text.to_string()));
    }
    let total = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    };
    total / reps
}

/// The fastest of `runs` timings of `text`, each over `reps` parses.
fn fastest(text: &str, runs: usize, reps: u32) -> Duration {
    (0..runs).map(|_| once(text, reps)).min().unwrap()
}

/// `unit` repeated to about `bytes`, then ten times that.
fn sizes(unit: &str, bytes: usize) -> (String, String) {
    let n = bytes.div_ceil(unit.len()).max(1);
    (unit.repeat(n), unit.repeat(10 * n))
}

/// The ratio of the fastest 10x parse to the fastest 1x parse, interleaved
/// so that a burst of load from elsewhere hits both sizes.
fn ratio(small: &str, large: &str) -> (f64, Duration, Duration) {
    let (mut t1, mut t10) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        // Ten small parses a timing: as much text as one large parse.
        t1 = t1.min(fastest(small, 2, 10));
        t10 = t10.min(fastest(large, 1, 1));
    }
    (t10.as_secs_f64() / t1.as_secs_f64(), t1, t10)
}

/// Parse 1x and 10x of a shape; fail when 10x takes over twelve times as
/// long. A ratio over the bound is measured once more before failing: noise
/// and cache effects come and go, a superlinear path (a ratio near 100 for a
/// quadratic one) stays.
fn assert_linear(what: &str, unit: &str, bytes: usize, max_ratio: f64) {
    let (small, large) = sizes(unit, bytes);
    black_box(baogao::parse_report("warm-up", small.clone()));
    let mut tries = Vec::new();
    for _ in 0..2 {
        let (r, t1, t10) = ratio(&small, &large);
        eprintln!(
            "{what}: {} KB {t1:.2?}, {} KB {t10:.2?}, ratio {r:.1}",
            small.len() / 1000,
            large.len() / 1000
        );
        tries.push(format!("{t1:.2?} → {t10:.2?}"));
        if r <= max_ratio {
            return;
        }
    }
    panic!(
        "{what}: 10x the input took over {max_ratio}x as long, twice ({}): a superlinear path",
        tries.join(", ")
    );
}

#[test]
fn a_realistic_report_parses_in_linear_time() {
    assert_linear("sample reports", &samples(), 200_000, MAX_RATIO);
}

#[test]
fn hostile_shapes_parse_in_linear_time() {
    // One line, no line break: report sentences with their figures.
    assert_linear(
        "one long line",
        "全年办理法律援助案件302件，调解成功率98.6%，宣传1.2万人次；坚持以习近平法治思想为指导，\
         深入推进法治政府建设，严格规范公正文明执法，持续优化法治化营商环境。",
        60_000,
        MAX_RATIO_HOSTILE,
    );
    // Numbers between quotation marks and book titles on one line.
    assert_linear(
        "quotes and numbers on one line",
        "“法治”宣传3场，《条例》12件，「规范」5次，",
        20_000,
        MAX_RATIO_HOSTILE,
    );
    // Headings only, on four levels.
    assert_linear(
        "headings",
        "一、加强领导\n（一）完善机制\n1.落实责任\n（1）具体做法\n",
        20_000,
        MAX_RATIO_HOSTILE,
    );
    // A hard-wrapped paragraph: every line the same width, cut mid-word and
    // starting like a heading, all re-joined into one (the growing line must
    // not be re-read at each join).
    assert_linear(
        "hard-wrapped paragraph",
        "一、全年办理法律援助案件302件。调解成功率98.6%，宣传1.2万人次坚持\n",
        30_000,
        MAX_RATIO_HOSTILE,
    );
    // Ordinal chains: 第1、2、3…期.
    assert_linear(
        "ordinal lists",
        "第1、2、3、4、5、6、7、8、9期。",
        30_000,
        MAX_RATIO_HOSTILE,
    );
}
