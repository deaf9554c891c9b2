//! The parser: text in, [`Report`] out. No terminal code, no I/O.
//!
//! Stages: [`clean`] (lines, folding, noise and metadata), [`meta`] (title,
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
pub mod taxonomy;

use crate::model::Report;

/// Parse one report's text. `path` is only recorded, never read.
pub fn parse_report(path: &str, text: String) -> Report {
    let cleaned = clean::clean(&text);
    let tax = taxonomy::Taxonomy::global();
    let meta = meta::extract(&text, &cleaned);
    let sections = outline::outline(&text, &cleaned, meta.title_line, tax);
    let indicators = indicators::extract(&text, &cleaned, &sections, tax);
    let mut warnings = meta.warnings;
    if sections.is_empty() {
        warnings.push("no headings found".to_string());
    }
    Report {
        path: path.to_string(),
        title: meta.title,
        region: meta.region,
        issuer: meta.issuer,
        year: meta.year,
        published: meta.published,
        script: cleaned.script,
        sections,
        indicators,
        warnings,
        text,
    }
}
