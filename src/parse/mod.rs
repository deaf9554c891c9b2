//! The parser: text in, [`Report`] out. No terminal code, no I/O.
//!
//! Stages: [`unwrap`] (hard-wrapped lines re-joined), [`clean`] (lines,
//! folding, noise and metadata), [`meta`] (title,
//! region, issuer, dates), [`outline`] (the heading tree with topics),
//! [`numbers`] (Chinese and Arabic numerals), [`indicators`] (quantitative
//! facts with names and canonical keys), all driven by the [`taxonomy`] and
//! the [`gazetteer`] loaded from `assets/`.

pub mod clean;
pub mod gazetteer;
pub mod indicators;
pub mod meta;
pub mod numbers;
pub mod outline;
pub mod runon;
pub mod symbols;
pub mod taxonomy;
pub mod unwrap;

use crate::model::Report;

/// Parse one report's text. `path` is only recorded, never read.
pub fn parse_report(path: &str, text: String) -> Report {
    let text = prepared_text(text);
    let cleaned = clean::clean(&text);
    let tax = taxonomy::Taxonomy::global();
    let mut meta = meta::extract(&text, &cleaned);
    let sections = outline::outline(&text, &cleaned, meta.title_line, tax);
    let indicators = indicators::extract(&cleaned, &sections, tax);
    let mut warnings = std::mem::take(&mut meta.warnings);
    if sections.is_empty() {
        warnings.push("no headings found".to_string());
    }
    let mut report = Report {
        sections,
        indicators,
        warnings,
        text,
        ..from_meta(path, meta, cleaned.script)
    };
    compact(&mut report);
    report
}

/// Let go of the room the parser's growing strings and lists left spare: a
/// browser holds a hundred thousand reports' structure at once.
fn compact(r: &mut Report) {
    r.sections.shrink_to_fit();
    for s in &mut r.sections {
        s.id.shrink_to_fit();
        s.marker.shrink_to_fit();
        s.title.shrink_to_fit();
    }
    r.indicators.shrink_to_fit();
    for i in &mut r.indicators {
        i.name.shrink_to_fit();
    }
}

/// The text a report keeps and its ranges point into: hard-wrapped text (a
/// PDF copy) re-joined, any other text as it is. The first stage of
/// [`parse_report`], also run to restore the text of a report read from
/// the browser's cache.
pub fn prepared_text(text: String) -> String {
    match unwrap::unwrap(&text) {
        std::borrow::Cow::Owned(t) => t,
        std::borrow::Cow::Borrowed(_) => text,
    }
}

/// A report holding only what the metadata stage found.
fn from_meta(path: &str, meta: meta::Meta, script: crate::model::Script) -> Report {
    Report {
        path: path.to_string(),
        title: meta.title,
        region: meta.region,
        issuer: meta.issuer,
        department: meta.department,
        year: meta.year,
        published: meta.published,
        script,
        warnings: meta.warnings,
        ..Report::default()
    }
}

/// Lines of a report's head read by [`parse_head`].
const HEAD_LINES: usize = 60;
/// Bytes of a report's head read by [`parse_head`] (lines are paragraphs).
const HEAD_BYTES: usize = 2048;
/// Lines of a report's tail read by [`parse_head`].
const TAIL_LINES: usize = 20;
/// Bytes of a report's tail read by [`parse_head`].
const TAIL_BYTES: usize = 1024;

/// The cheap first pass of loading: title, region, issuer, year and
/// publication date from the report's head (first lines, up to
/// `HEAD_LINES`/`HEAD_BYTES`) and tail (the signature and date) only, by
/// [`clean`] and [`meta`]. The result has no sections or indicators and an
/// empty [`Report::text`] (the caller keeps the text for [`parse_report`],
/// whose metadata may differ: it weighs the whole body).
pub fn parse_head(path: &str, text: &str) -> Report {
    let excerpt = head_and_tail(text);
    let cleaned = clean::clean(&excerpt);
    let meta = meta::extract(&excerpt, &cleaned);
    from_meta(path, meta, cleaned.script)
}

/// The head and tail lines of a text joined by a line break (the whole text
/// when it is short); a head line longer than the budget is cut.
fn head_and_tail(text: &str) -> std::borrow::Cow<'_, str> {
    let mut head_end = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n >= HEAD_LINES || head_end + line.len() > HEAD_BYTES {
            if n == 0 {
                head_end = (0..=HEAD_BYTES)
                    .rev()
                    .find(|&b| text.is_char_boundary(b))
                    .unwrap_or(0);
            }
            break;
        }
        head_end += line.len();
    }
    if head_end == 0 || head_end >= text.len() {
        return text.into();
    }
    let mut tail_start = text.len();
    for (n, line) in text[head_end..].rsplit_terminator('\n').enumerate() {
        if n >= TAIL_LINES || text.len() - tail_start + line.len() + 1 > TAIL_BYTES {
            break;
        }
        tail_start -= line.len() + 1;
    }
    let tail_start = tail_start.max(head_end);
    let mut s = String::with_capacity(head_end + 1 + text.len() - tail_start);
    s.push_str(&text[..head_end]);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(&text[tail_start..]);
    s.into()
}
