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
            ),
            value: k as f64,
            unit: "场".into(),
            approx: None,
            canonical: None,
            section: None,
            line: k + 1,
            span: 0..0,
            sentence: 0..0,
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
