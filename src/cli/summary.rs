//! The human summary `baogao parse` prints without `--json`.

use baogao::ingest;
use baogao::model::Report;
use std::io::{self, Write};

/// A short human summary of a report.
pub(super) fn write_summary(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let unknown = "?";
    writeln!(out, "{}", ingest::escape_controls(&r.path))?;
    writeln!(
        out,
        "  title:     {}",
        r.title.as_deref().unwrap_or(unknown)
    )?;
    let region = match &r.region {
        Some(g) => match &g.province {
            Some(p) if *p != g.name => format!("{} ({p}, {})", g.name, g.level.as_str()),
            _ => format!("{} ({})", g.name, g.level.as_str()),
        },
        None => unknown.to_string(),
    };
    writeln!(out, "  region:    {region}")?;
    if let Some(g) = &r.region {
        if !g.evidence.is_empty() {
            writeln!(out, "  found in:  {}", g.evidence.join(", "))?;
        }
        if !g.candidates.is_empty() {
            let may_be: Vec<String> = g
                .candidates
                .iter()
                .map(|c| {
                    format!(
                        "{}{}{}",
                        c.province,
                        c.city.as_deref().unwrap_or(""),
                        c.name
                    )
                })
                .collect();
            writeln!(out, "  may be:    {}", may_be.join(", "))?;
        }
    }
    let year = r
        .year
        .map_or_else(|| unknown.to_string(), |y| y.to_string());
    writeln!(out, "  year:      {year}")?;
    writeln!(
        out,
        "  issuer:    {}",
        r.issuer.as_deref().unwrap_or(unknown)
    )?;
    writeln!(
        out,
        "  published: {}",
        r.published.as_deref().unwrap_or(unknown)
    )?;
    writeln!(
        out,
        "  {} sections, {} indicators",
        r.sections.len(),
        r.indicators.len()
    )?;
    if !r.warnings.is_empty() {
        writeln!(out, "  warnings:  {}", r.warnings.join("; "))?;
    }
    Ok(())
}
