//! Report metadata: title, region, issuer, year covered, publication date.
//!
//! Everything is read from the folded lines of [`Cleaned`] (NFKC and
//! Simplified), so Traditional texts and full-width punctuation need no
//! special cases; only the title is returned as printed. Evidence is weighed
//! in the order of `REPORT_JSON.md`: metadata fields and the title first,
//! then the body's self-references and the frequency of names, with page
//! furniture (site name, breadcrumb, owner, ICP and site codes) weakly.
//!
//! Modules: `title` the title line; `dates` publication date (fields,
//! the congress delivery line, the signature) and year of work; `sources`
//! the strings that name the reporting body (fields, title, signature, the
//! opening's subject); `region` the resolver, with evidence and, for a
//! name the text leaves undecided, candidates; `issuer` the issuer,
//! normalised. Wide searches are bounded to the head (`HEAD` lines), the
//! opening's first sentence and the tail; the body is read once, through the
//! cleaner's name ends.

mod dates;
mod issuer;
mod region;
mod sources;
#[cfg(test)]
mod tests;
mod title;

use super::clean::{Cleaned, LineKind};
use super::gazetteer::{province_of_abbr, Division, Gazetteer, Hints};
use crate::model::{Level, Region};
use crate::text::longer_than;
use dates::{find_published, find_year};
use issuer::{find_issuer, is_department_report};
use regex::Regex;
use region::find_region;
use rustc_hash::FxHashMap;
use sources::Sources;
use std::sync::LazyLock;
use title::find_title;

/// What the metadata stage found.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title line as printed.
    pub title: Option<String>,
    /// Index into [`Cleaned::lines`] of the title line (not a heading).
    pub title_line: Option<usize>,
    /// The region covered.
    pub region: Option<Region>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// Whether the report is a department's account of its own work.
    pub department: bool,
    /// Year of work covered.
    pub year: Option<i32>,
    /// ISO publication date.
    pub published: Option<String>,
    /// What could not be determined.
    pub warnings: Vec<String>,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid built-in regex")
}

/// A heading marker at the start of a line (see `ANNOTATION.md`).
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\s\-*•·?？]*(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]{1,3}\s*[、.]|\(?[一二三四五六七八九十]{1,3}\)|\([一二三四五六七八九十]{1,3}|[0-9]{1,2}\s*[.、](?:[^0-9]|$)|\([0-9]{1,2}\)|[①-⑳])",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年"));
static CN_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"([〇○零O0一二三四五六七八九]{4})\s*年"));
static PLANS: LazyLock<Regex> = LazyLock::new(|| re(r"打算|计划|安排|思路|展望|下一步|目标任务"));
/// The words a text refers to itself by (我市, 全区, 本县): one of these…
const SELF_WHO: [char; 3] = ['我', '全', '本'];
/// … then a level.
const SELF_LEVEL: [char; 7] = ['省', '市', '区', '县', '州', '旗', '盟'];
/// Every self-reference in a line as (who, level), in order, read from the
/// ends of the line's characters that names end with
/// ([`super::clean::Line::name_ends`]): every level is one of them.
fn self_levels<'a>(s: &'a str, ends: &'a [u32]) -> impl Iterator<Item = (char, char)> + 'a {
    ends.iter().filter_map(move |&end| {
        let mut back = s.get(..end as usize)?.chars().rev();
        let level = back.next().filter(|c| SELF_LEVEL.contains(c))?;
        let who = back.next().filter(|c| SELF_WHO.contains(c))?;
        Some((who, level))
    })
}

/// Extract the metadata of a cleaned text.
// Never inlined: a stage boundary that profiles (scripts/instructions.sh)
// count by, at no cost for a function called once per report.
#[inline(never)]
pub fn extract(text: &str, cleaned: &Cleaned) -> Meta {
    let doc = Doc::new(text, cleaned);
    let mut meta = Meta::default();
    if let Some((title, line)) = find_title(&doc) {
        meta.title = Some(title);
        meta.title_line = line;
    }
    let title_norm = meta.title.as_deref().map(crate::text::normalize);
    meta.published = find_published(&doc);
    let sources = Sources::new(&doc, title_norm.as_deref(), meta.title_line);
    let found = find_region(&doc, &sources, &mut meta.warnings);
    meta.issuer = find_issuer(&doc, &sources, found.as_ref());
    meta.department = meta
        .issuer
        .as_deref()
        .is_some_and(|i| is_department_report(&doc, title_norm.as_deref(), i));
    meta.region = found.map(|f| f.region);
    meta.year = find_year(
        &doc,
        title_norm.as_deref(),
        meta.title_line,
        meta.published.as_deref(),
        &mut meta.warnings,
    );
    if meta.region.is_none() {
        meta.warnings.push("no region found".to_string());
    }
    if meta.issuer.is_none() {
        meta.warnings.push("no issuer found".to_string());
    }
    if meta.year.is_none() {
        meta.warnings.push("no year found".to_string());
    }
    meta
}

/// The lines of a text as the metadata stage reads them.
struct Doc<'a> {
    text: &'a str,
    cleaned: &'a Cleaned,
    /// Indices of body lines.
    body: Vec<usize>,
    /// Whether the text looks like a rule-of-law report at all.
    reportish: bool,
    /// Fields the cleaner left inside furniture or body lines of the head
    /// (`【法治建设】 来源:市司法局 发布时间:…`, `| 发文日期 | 2023年02月24日 |`).
    head_fields: Vec<(&'static str, String)>,
}

/// Lines of the head searched for fields and the page's chrome.
const HEAD: usize = 40;

/// Keys of the fields read from head lines, longer keys first where one
/// ends another.
const HEAD_KEYS: &[&str] = &[
    "发布机构",
    "发文机关",
    "发布单位",
    "发文单位",
    "文章来源",
    "信息来源",
    "来源",
    "发布日期",
    "发布时间",
    "发文日期",
    "成文日期",
    "更新时间",
];

/// The fields of one head line: `key:value` runs (the value up to a space,
/// `|` or `【`) and table rows whose cell is a key and the next its value.
fn inline_fields(n: &str, out: &mut Vec<(&'static str, String)>) {
    // Most lines hold neither byte: settled by one vectorised search.
    if memchr::memchr2(b':', b'|', n.as_bytes()).is_none() || longer_than(n, 200) {
        return;
    }
    let cells: Vec<&str> = n.split('|').map(str::trim).collect();
    for w in cells.windows(2) {
        if let Some(k) = HEAD_KEYS.iter().find(|k| **k == w[0]) {
            if !w[1].is_empty() {
                out.push((k, w[1].to_string()));
            }
        }
    }
    let mut from = 0;
    while let Some(at) = n[from..].find(':').map(|a| a + from) {
        from = at + 1;
        let before = n[..at].trim_end();
        let Some(k) = HEAD_KEYS.iter().find(|k| before.ends_with(**k)) else {
            continue;
        };
        // `文章来源` holds `来源`: the longer key was listed first.
        let value = n[at + 1..].trim_start();
        let end = value
            .find(['|', '【', '\t', '\u{3000}'])
            .unwrap_or(value.len());
        let mut value = value[..end].trim();
        // A date keeps its time; anything else ends at a space.
        if !value.starts_with(|c: char| c.is_ascii_digit()) {
            value = value.split(' ').next().unwrap_or("");
        }
        if !value.is_empty() {
            out.push((k, value.to_string()));
        }
    }
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, cleaned: &'a Cleaned) -> Self {
        let body: Vec<usize> = cleaned.body().collect();
        let reportish = body.iter().any(|&i| {
            let n = &cleaned.lines[i].norm;
            n.contains("法治") || n.contains("依法行政") || n.contains("法制")
        });
        let mut head_fields = Vec::new();
        for l in cleaned.lines.iter().take(HEAD) {
            if l.kind != LineKind::Blank {
                inline_fields(&l.norm, &mut head_fields);
            }
        }
        Doc {
            text,
            cleaned,
            body,
            reportish,
            head_fields,
        }
    }

    fn norm(&self, i: usize) -> &'a str {
        &self.cleaned.lines[i].norm
    }

    fn orig(&self, i: usize) -> &'a str {
        self.text
            .get(self.cleaned.lines[i].range.clone())
            .unwrap_or("")
    }

    /// The values of these fields that `ok` accepts, first the cleaner's,
    /// then those of the head lines, each its first cell only (up to a
    /// space, `|` or `【`): the first that `ok` accepts.
    fn field(&self, keys: &[&str], ok: impl Fn(&str) -> bool) -> Option<String> {
        let cleaned = keys.iter().flat_map(|k| {
            self.cleaned
                .fields
                .iter()
                .filter(move |f| f.key == *k)
                .map(|f| f.value.as_str())
        });
        let head = keys.iter().flat_map(|k| {
            self.head_fields
                .iter()
                .filter(move |(hk, _)| hk == k)
                .map(|(_, v)| v.as_str())
        });
        cleaned.chain(head).find_map(|v| {
            let v = strip_tags(v);
            let first = v.split(['|', '\t', ' ', '【']).next().unwrap_or("").trim();
            (!first.is_empty() && ok(first)).then(|| first.to_string())
        })
    }

    /// Non-blank lines of the head, any kind, in order.
    fn head_lines(&self) -> impl Iterator<Item = usize> + '_ {
        let lines = &self.cleaned.lines;
        (0..lines.len().min(HEAD)).filter(|&i| lines[i].kind != LineKind::Blank)
    }

    /// Body lines from the end, skipping blank and furniture lines.
    fn tail(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        self.body.iter().rev().take(n).copied()
    }
}

/// `s` without the column tags it starts with (`【部门动态】市司法局` →
/// `市司法局`); a tag that is not closed is left.
fn strip_tags(mut s: &str) -> &str {
    loop {
        s = s.trim_start();
        let (rest, close) = if let Some(r) = s.strip_prefix('【') {
            (r, '】')
        } else if let Some(r) = s.strip_prefix('[') {
            (r, ']')
        } else {
            return s;
        };
        match rest.find(close) {
            Some(at) => s = &rest[at + close.len_utf8()..],
            None => return s,
        }
    }
}

/// The first `n` characters of `s` (all of it when shorter).
fn head_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The first sentence of `s`, at most its first `n` characters: where a
/// text's opening names its subject. Bounded before the search for `。`.
fn first_sentence(s: &str, n: usize) -> &str {
    let head = head_chars(s, n);
    head.split('。').next().unwrap_or(head)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Remove spaces and punctuation, for comparing titles.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_heading(norm: &str) -> bool {
    MARKER.is_match(norm)
}
