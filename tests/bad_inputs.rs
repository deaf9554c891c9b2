//! Bad inputs never lose the rest of the work: a folder of broken, hostile
//! and odd files beside the five sample reports.
//!
//! `baogao parse --json` on it exits 1, names every unreadable file on its own
//! stderr line with the reason, parses the odd-but-text files without
//! inventing a region or a year, and prints for each sample exactly the line
//! it prints for that sample alone. Nothing panics. The inputs are generated
//! here into a temporary folder; none are committed.

mod bad_common;

use bad_common::{fixture, long_line, PROSE};
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn baogao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run baogao")
}

/// Sections in a report@1 section tree, at every depth.
fn count_sections(tree: &serde_json::Value) -> usize {
    tree.as_array()
        .map(|a| a.iter().map(|s| 1 + count_sections(&s["children"])).sum())
        .unwrap_or(0)
}

fn assert_no_panic(what: &str, stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{what}: a panic on stderr:\n{stderr}"
    );
}

#[test]
fn a_folder_of_bad_inputs_and_the_samples() {
    let f = fixture();
    let start = Instant::now();
    let out = baogao(&["parse".as_ref(), "--json".as_ref(), f.root.as_os_str()]);
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic("parse --json", &stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit 1 when some inputs fail:\n{stderr}"
    );

    // Exactly one line per bad file, naming it with the reason.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        f.bad.len(),
        "one stderr line per bad file ({:?}):\n{stderr}",
        f.bad
    );
    for (path, reason) in &f.bad {
        let prefix = format!("baogao: {}: ", path.display());
        let hits: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&prefix)).collect();
        assert_eq!(hits.len(), 1, "one line for {}:\n{stderr}", path.display());
        assert!(
            hits[0].contains(reason),
            "{} refused for '{reason}':\n{stderr}",
            path.display()
        );
    }

    // One JSON line per readable file, each the same as parsing it alone.
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let reports: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(
        reports.len(),
        f.odd.len() + f.samples.len(),
        "one line per readable file"
    );
    let by_path = |p: &Path| {
        stdout
            .lines()
            .zip(&reports)
            .find(|(_, r)| r["path"] == p.display().to_string())
            .map(|(l, _)| l)
            .unwrap_or_else(|| panic!("no line for {}", p.display()))
    };
    for s in &f.samples {
        let alone = baogao(&["parse".as_ref(), "--json".as_ref(), s.as_os_str()]);
        assert_eq!(alone.status.code(), Some(0));
        let alone = String::from_utf8(alone.stdout).unwrap();
        assert_eq!(by_path(s), alone.trim_end(), "{} differs", s.display());
    }

    // Non-reports parse with warnings instead of an invented region or year.
    for name in ["news.txt", "recipe.md"] {
        let r: serde_json::Value = serde_json::from_str(by_path(&f.root.join(name))).unwrap();
        assert!(
            r["region"].is_null(),
            "{name}: region invented: {}",
            r["region"]
        );
        let warnings = r["warnings"].as_array().unwrap();
        assert!(!warnings.is_empty(), "{name}: no warnings");
        let warned_year = warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("year"));
        assert!(
            r["year"].is_null() || warned_year,
            "{name}: year {} without a warning: {warnings:?}",
            r["year"]
        );
    }
    // The hostile files give sane reports.
    let headings: serde_json::Value =
        serde_json::from_str(by_path(&f.root.join("headings-10000.txt"))).unwrap();
    let top = headings["sections"].as_array().unwrap();
    assert_eq!(top.len(), 110, "110 top-level headings");
    assert_eq!(count_sections(&headings["sections"]), bad_common::HEADINGS);
    let huge: serde_json::Value =
        serde_json::from_str(by_path(&f.root.join("huge-numbers.txt"))).unwrap();
    for i in huge["indicators"].as_array().unwrap() {
        assert!(i["value"].is_number(), "a finite value: {i}");
    }
    eprintln!(
        "parse --json on {} inputs ({} bad; privileged: {}): {took:.2?}",
        f.bad.len() + f.odd.len() + f.samples.len(),
        f.bad.len(),
        f.privileged
    );
}

/// 50 MB of report prose on one line through the real binary: it must finish
/// within a time limit with a summary and nothing on stderr. The limit is
/// generous (the crate is unoptimised in tests, ~8 s of CPU here, and the
/// machine is shared); it catches superlinear paths, which take hours. A line
/// dense with numbers is in the folder test (1 MB) and in tests/linear_time.rs.
#[test]
fn a_50_mb_single_line_finishes_in_time() {
    const LIMIT: Duration = Duration::from_secs(120);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("one-line.txt");
    fs::write(&file, long_line(PROSE, 50 << 20)).unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(["parse".as_ref(), file.as_os_str()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("parse of a 50 MB line took over {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = start.elapsed();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic("50 MB line", &stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let counts = stdout
        .lines()
        .find(|l| l.contains("indicators"))
        .unwrap_or("");
    let indicators: usize = counts
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no indicator count in:\n{stdout}"));
    // Two figures in every repetition of the prose.
    let want = 2 * (50 << 20) / PROSE.len();
    assert!(
        indicators >= want,
        "{indicators} indicators, want {want}:\n{stdout}"
    );
    eprintln!("parse of a 50 MB single line: {took:.2?}");
}
