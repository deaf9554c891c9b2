//! Report metadata: title, region, issuer, year covered, publication date.
//!
//! Everything is read from the folded lines of [`Cleaned`] (NFKC and
//! Simplified), so Traditional texts and full-width punctuation need no
//! special cases; only the title is returned as printed. Evidence is weighed
//! in the order of `REPORT_JSON.md`: metadata fields and the title first,
//! then the body's self-references and the frequency of names, with page
//! furniture (site owner, ICP and site codes) only as province/city hints.

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
use issuer::find_issuer;
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
        r"^[\s\-*•·?？]*(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]{1,3}\s*[、.]|\(?[一二三四五六七八九十]{1,3}\)|\([一二三四五六七八九十]{1,3}|\d{1,2}\s*[.、](?:\D|$)|\(\d{1,2}\)|[①-⑳])",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\D)((?:19|20)\d{2})\s*年"));
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
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, cleaned: &'a Cleaned) -> Self {
        let body: Vec<usize> = cleaned.body().collect();
        let reportish = body.iter().any(|&i| {
            let n = &cleaned.lines[i].norm;
            n.contains("法治") || n.contains("依法行政") || n.contains("法制")
        });
        Doc {
            text,
            cleaned,
            body,
            reportish,
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

    /// A field value, its first cell only (up to a run of spaces or `|`).
    fn field(&self, keys: &[&str]) -> Option<String> {
        let v = self.cleaned.field(keys)?;
        let first = v.split(['|', '\t']).next().unwrap_or("").trim();
        let first = first.split("  ").next().unwrap_or("").trim();
        (!first.is_empty()).then(|| first.to_string())
    }

    /// Body lines from the end, skipping blank and furniture lines.
    fn tail(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        self.body.iter().rev().take(n).copied()
    }
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
