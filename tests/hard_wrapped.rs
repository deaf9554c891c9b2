//! Hard-wrapped text (a PDF copy: every line broken at the same width, page
//! numbers between pages) parses to the same section tree and the same
//! indicators as the text unwrapped; text that is not wrapped is untouched.

use baogao::parse::unwrap::unwrap;
use baogao::parse_report;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

fn texts() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["assets/reports", "tests/fixtures/genre"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 85, "the bundled reports and the genre set");
    files
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect()
}

/// `text` as a PDF copy gives it: each line broken at `w` columns (or `w`
/// characters, `by_chars`), a page number line (`— N —`) after every `page`
/// lines.
fn wrap_at(text: &str, w: usize, page: usize, by_chars: bool) -> String {
    let len = |s: &str| {
        if by_chars {
            s.chars().count()
        } else {
            s.width()
        }
    };
    let mut out = String::new();
    let mut n = 0;
    let mut end_line = |out: &mut String, line: &str| {
        out.push_str(line);
        out.push('\n');
        n += 1;
        if n % page == 0 {
            out.push_str(&format!("— {} —\n", n / page));
        }
    };
    for para in text.lines() {
        let mut line = String::new();
        for c in para.chars() {
            let mut buf = [0u8; 4];
            if len(&line) + len(c.encode_utf8(&mut buf)) > w {
                end_line(&mut out, &line);
                line.clear();
            }
            line.push(c);
        }
        end_line(&mut out, &line);
    }
    out
}

/// Full lines a wrapped text has at least to be compared.
const MIN_WRAPPED_LINES: usize = 12;

/// What must not change: the tree and every indicator.
fn shape(text: String) -> (Vec<String>, Vec<String>) {
    let r = parse_report("x.txt", text);
    let sections = r
        .sections
        .iter()
        .map(|s| format!("{} {} {} {}", s.level, s.marker, s.title, s.topic))
        .collect();
    let indicators = r
        .indicators
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {} {:?}",
                &r.text[i.span.range()],
                i.value,
                i.unit,
                i.name,
                i.canonical
            )
        })
        .collect();
    (sections, indicators)
}

/// The lists are equal; else the first difference.
fn same(got: &[String], want: &[String], what: &str) {
    if let Some(i) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
        panic!(
            "{what}: item {i} of {}: got {:?}, want {:?}",
            want.len(),
            got.get(i),
            want.get(i)
        );
    }
}

#[test]
fn text_that_is_not_wrapped_is_untouched() {
    for (p, t) in texts() {
        assert!(
            matches!(unwrap(&t), Cow::Borrowed(_)),
            "{} was taken for wrapped text",
            p.display()
        );
    }
}

#[test]
fn wrapped_reports_parse_as_unwrapped() {
    let mut compared = 0;
    for (p, t) in texts() {
        let plain = shape(t.clone());
        // 30, 38 and 45 Chinese characters a line (A4 and A5 pages), by
        // columns and by characters (half-width digits and commas count one).
        for (w, by_chars) in [
            (60, false),
            (76, false),
            (90, false),
            (30, true),
            (38, true),
            (45, true),
        ] {
            let wrapped = wrap_at(&t, w, 40, by_chars);
            // An opening of a few wrapped lines is too short to tell from a
            // text of short lines: compared where a page's worth is wrapped.
            let len = |l: &str| {
                if by_chars {
                    l.chars().count()
                } else {
                    l.width()
                }
            };
            let full_lines = wrapped.lines().filter(|l| len(l) + 4 >= w).count();
            if full_lines < MIN_WRAPPED_LINES {
                continue;
            }
            let got = shape(wrapped);
            same(
                &got.0,
                &plain.0,
                &format!("{} wrapped at {w}: sections", p.display()),
            );
            same(
                &got.1,
                &plain.1,
                &format!("{} wrapped at {w}: indicators", p.display()),
            );
            compared += plain.1.len();
        }
    }
    assert!(compared > 1500, "indicators compared: {compared}");
}
