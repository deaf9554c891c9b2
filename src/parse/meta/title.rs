//! The title line: where a report names itself.

use super::issuer::ORGAN_END;
use super::*;

pub(super) fn title_like(t: &str) -> bool {
    let t = t.trim();
    let n = chars(t);
    (6..=80).contains(&n)
        && (t.contains("法治") || t.contains("依法行政") || t.contains("法制"))
        && ["报告", "情况", "工作", "总结", "要点", "述职"]
            .iter()
            .any(|w| t.contains(w))
        && !t.contains(['。', ',', ';', ':', '>', '»', '|'])
        && !t.contains("现将")
        && !t.contains("如下")
        && !is_heading(t)
}

/// The title and its line: a title-like line near the top (the body line
/// that repeats a `名称`/`标题` field first), else the field itself.
pub(super) fn find_title(doc: &Doc) -> Option<(String, Option<usize>)> {
    let field =
        doc.cleaned.fields.iter().find(|f| {
            ["名称", "标题", "文件名称"].contains(&f.key.as_str()) && title_like(&f.value)
        });
    let mut window = Vec::new();
    for &i in &doc.body {
        let n = doc.norm(i).trim();
        // The body starts at a heading or a sentence; menus and other
        // unpunctuated furniture before the title do not end the search.
        let sentence = longer_than(n, 40) && n.contains(['。', ',', ';']);
        if is_heading(n) || (sentence && !title_like(n)) || window.len() >= 30 {
            break;
        }
        window.push(i);
    }
    let pick = field
        .and_then(|f| {
            window
                .iter()
                .copied()
                .find(|&i| squash(doc.norm(i)) == squash(&f.value))
        })
        .or_else(|| {
            // A column name (`法治政府建设年度报告`) can precede the real
            // title: prefer a line that names a year or starts with 关于.
            let cands: Vec<usize> = window
                .iter()
                .copied()
                .filter(|&i| title_like(doc.norm(i)))
                .collect();
            let specific = cands.iter().copied().find(|&i| {
                let n = doc.norm(i).trim();
                YEAR.is_match(n) || CN_YEAR.is_match(n) || n.starts_with("关于")
            });
            specific.or(cands.first().copied())
        });
    if let Some(i) = pick {
        let mut title = doc.orig(i).trim().to_string();
        // A title set on two lines: the issuer, then `关于…的报告`.
        if doc.norm(i).trim_start().starts_with("关于") {
            if let Some(&j) = window.iter().rev().find(|&&j| j < i) {
                let prev = doc.norm(j).trim();
                if j + 3 > i
                    && chars(prev) <= 30
                    && ORGAN_END.is_match(prev)
                    && !prev.contains([',', '。', ':'])
                    // The people's congress a report is delivered to heads
                    // its gazette's page; it is not the report's issuer.
                    && !prev.contains("人民代表大会")
                    && !prev.contains("人大")
                {
                    title = format!("{}{}", doc.orig(j).trim(), title);
                }
            }
        }
        return Some((title, Some(i)));
    }
    let f = field?;
    let line = &doc.cleaned.lines[f.line];
    let at = line.norm.find(&f.value)?;
    let range = line.orig_range(at..at + f.value.len());
    Some((doc.text[range].trim().to_string(), None))
}
