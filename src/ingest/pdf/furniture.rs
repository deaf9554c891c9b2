//! Page furniture: the lines at the top and bottom of pages that are not
//! the document's text.

use super::layout::Line;
use std::collections::HashMap;

/// How many lines at the top and at the bottom of a page are looked at.
const EDGE_LINES: usize = 3;
/// Points by which a repeated line's height may vary from page to page.
const SAME_HEIGHT: f64 = 3.0;
/// Least share of the pages a line repeats on to be furniture (a
/// header on odd pages only repeats on half of them).
const MIN_SHARE: f64 = 0.4;

/// A line as compared across pages: digits as `#` (page numbers
/// differ), spaces dropped.
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A page number alone: `3`, `— 3 —`, `- 3 -`, `第3页`, `第3页 共12页`,
/// `3/12`, `Page 3 of 12`.
pub fn is_page_number(text: &str) -> bool {
    let s = shape(text);
    let s = s.trim_matches(|c: char| "-—–_－·•|()（）[]".contains(c));
    matches!(
        s,
        "#" | "第#页" | "第#页共#页" | "第#页,共#页" | "第#页，共#页" | "#/#" | "共#页第#页"
    ) || s.eq_ignore_ascii_case("page#")
        || s.eq_ignore_ascii_case("page#of#")
}

/// The pages' lines without their furniture: lines among the first or
/// last [`EDGE_LINES`] of a page that repeat (digits aside) at about
/// the same height on at least [`MIN_SHARE`] of the pages (and on two
/// at least), and page numbers alone at a page's top or bottom.
pub fn remove(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
    let is_edge = |li: usize, n: usize| li < EDGE_LINES || li + EDGE_LINES >= n;
    // Every edge line's place, by its shape.
    let mut places: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
    for (pi, page) in pages.iter().enumerate() {
        for (li, l) in page.iter().enumerate() {
            if is_edge(li, page.len()) {
                places.entry(shape(&l.text)).or_default().push((pi, l.y));
            }
        }
    }
    let needed = ((pages.len() as f64 * MIN_SHARE).ceil() as usize).max(2);
    let repeats = |l: &Line| {
        let Some(at) = places.get(&shape(&l.text)) else {
            return false;
        };
        let mut on: Vec<usize> = at
            .iter()
            .filter(|(_, y)| (y - l.y).abs() <= SAME_HEIGHT)
            .map(|&(p, _)| p)
            .collect();
        on.dedup();
        on.len() >= needed
    };
    pages
        .iter()
        .map(|page| {
            let n = page.len();
            page.iter()
                .enumerate()
                .filter(|&(li, l)| {
                    let outer = li == 0 || li + 1 == n;
                    !(is_edge(li, n) && (repeats(l) || (outer && is_page_number(&l.text))))
                })
                .map(|(_, l)| l.clone())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, text: &str) -> Line {
        Line {
            y,
            left: 0.0,
            right: 10.0 * text.chars().count() as f64,
            first_word: 10.0,
            size: 10.0,
            text: text.to_string(),
        }
    }

    fn page(lines: &[(f64, &str)]) -> Vec<Line> {
        lines.iter().map(|&(y, t)| line(y, t)).collect()
    }

    fn texts(pages: Vec<Vec<Line>>) -> Vec<Vec<String>> {
        pages
            .into_iter()
            .map(|p| p.into_iter().map(|l| l.text).collect())
            .collect()
    }

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "— 3 —",
            "- 12 -",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
            "Page 3 of 9",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["302件", "一、总体情况", "2021年", "第三页"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn repeated_headers_and_footers_go_the_body_stays() {
        let title = "某区2021年法治政府建设情况报告";
        let body = |n: usize| {
            let cn = ["一", "二", "三", "四"][n - 1];
            [format!("{cn}、正文"), format!("全年办理{cn}类案件302件。")]
        };
        let pages: Vec<Vec<Line>> = (1..=4)
            .map(|n| {
                let mut p = vec![line(40.0, title)];
                if n == 1 {
                    p.push(line(80.0, title));
                }
                let [a, b] = body(n);
                p.extend([line(100.0, &a), line(120.0, &b)]);
                p.push(line(800.0, &format!("第{n}页 共4页")));
                p
            })
            .collect();
        let kept = texts(remove(pages));
        let [a, b] = body(1);
        assert_eq!(kept[0], [title.to_string(), a, b]);
        for (i, k) in kept.iter().enumerate().skip(1) {
            assert_eq!(k, &body(i + 1));
        }
    }

    #[test]
    fn a_single_page_loses_only_its_page_number() {
        let pages = vec![page(&[
            (40.0, "标题"),
            (100.0, "正文302件"),
            (800.0, "- 1 -"),
        ])];
        assert_eq!(texts(remove(pages)), [vec!["标题", "正文302件"]]);
    }
}
