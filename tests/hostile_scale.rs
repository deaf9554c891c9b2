//! Huge inputs (issue 21): ten times the input costs about ten times the
//! time and memory, never its square. Times are CPU time and compared as
//! ratios (the machine is shared); memory is the peak resident size of the
//! real binary.

mod scale_common;

use baogao::model::{Indicator, Report};
use scale_common::{assert_ratio, measure};
use std::hint::black_box;
use std::time::Duration;

/// A report of `n` unkeyed indicators of one unit whose names are all
/// alike (one phrase and two varying characters, each shared by eight
/// names): every pair is a candidate for pairing by name.
fn dense_report(n: usize) -> Report {
    let ch = |c: usize| char::from_u32(c as u32).unwrap_or('一');
    let indicators = (0..n)
        .map(|k| Indicator {
            name: format!(
                "召开警示教育大会{}{}",
                ch(0x4e00 + k / 8),
                ch(0x8000 + k % 8 * 1000 + k / 64)
            )
            .into(),
            value: k as f64,
            unit: baogao::model::Sym::new("场").unwrap(),
            approx: None,
            canonical: None,
            section: None,
            line: k as u32 + 1,
            span: Default::default(),
            sentence: Default::default(),
        })
        .collect();
    Report {
        indicators,
        ..Report::default()
    }
}

/// `n` indicators all named alike.
fn same_names(n: usize) -> Report {
    let mut r = dense_report(n);
    for i in &mut r.indicators {
        i.name = "调解协议履行率".into();
    }
    r
}

#[test]
fn comparing_huge_reports_is_linear() {
    let (a1, a10) = (dense_report(1_000), dense_report(10_000));
    let rows = baogao::compare::compare_indicators(&a1, &a1);
    assert_eq!(rows.len(), 1_000, "each indicator paired with itself");
    assert!(rows
        .iter()
        .all(|r| r.a.as_ref().map(|p| p.index) == r.b.as_ref().map(|p| p.index)));
    let same = same_names(10_000);
    let rows = baogao::compare::compare_indicators(&same, &same);
    assert_eq!(rows.len(), 10_000, "equal names paired in order");
    assert_ratio(
        "compare 1k vs 10k indicators",
        15.0,
        || {
            black_box(baogao::compare::compare_indicators(&a1, &a1));
        },
        || {
            black_box(baogao::compare::compare_indicators(&a10, &a10));
        },
    );
}

#[test]
fn comparing_a_dense_file_with_itself_stays_small() {
    let d = tempfile::tempdir().unwrap();
    let text: String =
        std::iter::once("某县2023年法治政府建设年度报告\n一、主要工作\n".to_string())
            .chain((0..20_000).map(|k| {
                format!(
                    "召开警示教育大会{}{}{}场。\n",
                    char::from_u32(0x4e00 + (k % 97)).unwrap_or('一'),
                    char::from_u32(0x4e00 + (k / 97 % 89)).unwrap_or('一'),
                    k % 900 + 1
                )
            }))
            .collect();
    let f = d.path().join("dense.txt");
    std::fs::write(&f, &text).unwrap();
    let u = measure(
        &["compare".as_ref(), f.as_os_str(), f.as_os_str()],
        Duration::from_secs(300),
    );
    assert_eq!(u.code, Some(0), "{}", u.stderr);
    eprintln!(
        "compare of {} KB with itself: {:?}, {} MiB",
        text.len() / 1000,
        u.cpu,
        u.peak_kib / 1024
    );
    // About 60 MiB; pairing every name with every other took gigabytes.
    assert!(
        u.peak_kib < 400 * 1024,
        "peak {} MiB for a {} KB file",
        u.peak_kib / 1024,
        text.len() / 1000
    );
}

/// A page of `n` nested `<div>`, each with a line of text.
fn nested_page(n: usize) -> Vec<u8> {
    let mut s = String::from("<!DOCTYPE html><html><body>");
    for k in 0..n {
        s.push_str(&format!("<div>第{k}段"));
    }
    s.push_str(&"</div>".repeat(n));
    s.push_str("</body></html>");
    s.into_bytes()
}

#[test]
fn deeply_nested_html_is_read_in_linear_time_with_all_its_text() {
    let path = std::path::Path::new("deep.html");
    let (p1, p10) = (nested_page(4_000), nested_page(40_000));
    let text = baogao::ingest::decode_report(path, &p10).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 40_000, "one line per div");
    assert_eq!((lines[0], lines[39_999]), ("第0段", "第39999段"));
    assert_ratio(
        "4k vs 40k nested divs",
        15.0,
        || {
            black_box(baogao::ingest::decode_report(path, &p1).ok());
        },
        || {
            black_box(baogao::ingest::decode_report(path, &p10).ok());
        },
    );
}

/// A text of `bytes` bytes in short lines (5 to 20 characters), most with
/// a figure, after a title and a heading.
fn short_lines(bytes: usize) -> String {
    const HAN: &[char] = &[
        '办', '理', '法', '律', '援', '助', '案', '件', '调', '解', '培', '训',
    ];
    const UNITS: &[char] = &['件', '人', '场', '个', '次'];
    let mut s = String::from("某县2023年法治政府建设年度报告\n一、主要工作\n");
    // A fixed linear congruential sequence: the same text every run.
    let mut x: u64 = 1;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize % n
    };
    while s.len() < bytes {
        let k = 5 + next(16);
        for _ in 0..k - 2 {
            s.push(HAN[next(HAN.len())]);
        }
        if next(10) < 7 {
            s.push_str(&(1 + next(999)).to_string());
            s.push(UNITS[next(UNITS.len())]);
        }
        s.push_str("。\n");
    }
    s
}

/// A text of `bytes` bytes alternating a heading and a line with one
/// figure (`一、x` / `产值1件。`): a heading and an indicator every two
/// short lines, the most the report itself holds for such a text.
fn heading_lines(bytes: usize) -> String {
    let pair = "一、x\n产值1件。\n";
    let mut s = String::from("某县2023年法治政府建设年度报告\n");
    s.push_str(&pair.repeat(bytes / pair.len()));
    s
}

/// Peak resident memory of `baogao ARGS FILE` on `text`, in bytes.
fn peak_of(args: &[&str], text: &str) -> u64 {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("short.txt");
    std::fs::write(&f, text).unwrap();
    let mut argv: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    argv.push(f.as_os_str());
    let u = measure(&argv, Duration::from_secs(600));
    assert_eq!(u.code, Some(0), "{}", u.stderr);
    assert!(!u.stdout.is_empty());
    eprintln!(
        "{args:?} on {} MB: {:?} CPU, {} MiB ({:.1}x the input)",
        text.len() / 1_000_000,
        u.cpu,
        u.peak_kib / 1024,
        (u.peak_kib * 1024) as f64 / text.len() as f64
    );
    u.peak_kib * 1024
}

#[test]
fn short_lines_cost_a_few_times_their_bytes() {
    // 20 MB of short lines took 35 times the input in `parse --json` (the
    // whole report as one JSON value: over a kilobyte an indicator) and
    // 125 times with a heading every other line; a line of the cleaner
    // cost 150 bytes and five allocations.
    let (small, large) = (short_lines(2_000_000), short_lines(20_000_000));
    for args in [&["parse", "--json"][..], &["indicators"][..]] {
        let (p1, p10) = (peak_of(args, &small), peak_of(args, &large));
        assert!(
            p10 < 15 * large.len() as u64,
            "{args:?}: {} MiB for {} MB of short lines",
            p10 >> 20,
            large.len() / 1_000_000
        );
        assert!(
            p10 < 12 * p1,
            "{args:?}: {p1} -> {p10} bytes for 10x the input"
        );
    }
    // A heading and an indicator every 22 bytes: the report's own
    // sections and indicators are about 17 times the input here.
    let headings = heading_lines(10_000_000);
    let p = peak_of(&["parse", "--json"], &headings);
    assert!(
        p < 40 * headings.len() as u64,
        "{} MiB for {} MB of headings and figures",
        p >> 20,
        headings.len() / 1_000_000
    );
}

/// A folder of `sets` copies of the five samples (80 KB and 360
/// indicators a set).
fn sample_folder(sets: usize) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/reports");
    for e in std::fs::read_dir(samples).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read(&p).unwrap();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        for k in 0..sets {
            std::fs::write(d.path().join(format!("{stem}-{k}.txt")), &text).unwrap();
        }
    }
    d
}

#[test]
fn an_excel_export_of_many_reports_stays_flat() {
    // rust_xlsxwriter 0.79 read the whole sheet back from its temporary
    // file to zip it, and the zip was built in memory: 122 MB for 1,000
    // generated reports, 902 MB for 10,000.
    let peak = |sets: usize| {
        let d = sample_folder(sets);
        let x = d.path().join("out.xlsx");
        let u = measure(
            &[
                "indicators".as_ref(),
                "-o".as_ref(),
                x.as_os_str(),
                d.path().as_os_str(),
            ],
            Duration::from_secs(600),
        );
        assert_eq!(u.code, Some(0), "{}", u.stderr);
        let size = std::fs::metadata(&x).unwrap().len();
        eprintln!(
            "xlsx of {sets} sets: {} MiB peak, {} KB file",
            u.peak_kib / 1024,
            size / 1000
        );
        u.peak_kib
    };
    let (p1, p10) = (peak(40), peak(400));
    assert!(p10 < 2 * p1, "{p1} KiB -> {p10} KiB for 10x the reports");
}
