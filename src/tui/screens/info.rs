//! The report's metadata (`i`): what the parser found about the selected
//! report and where it found it — the region with its evidence (title,
//! metadata field, site name, self-reference, body…) and, for a name the
//! text does not decide, every division it may be.

use crate::model::Report;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::layout::large_overlay;
use crate::tui::panes::frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// The rows shown for a report: (label, value).
pub fn rows(r: &Report) -> Vec<(&'static str, String)> {
    let or_unknown = |v: Option<&str>| v.unwrap_or("—").to_string();
    let mut rows = vec![
        ("file", r.path.clone()),
        ("title", or_unknown(r.title.as_deref())),
    ];
    match &r.region {
        Some(g) => {
            rows.push(("region", g.name.clone()));
            rows.push(("province", or_unknown(g.province.as_deref())));
            rows.push(("city", or_unknown(g.city.as_deref())));
            rows.push(("level", g.level.as_str().to_string()));
            rows.push(("code", or_unknown(g.code.as_deref())));
            if !g.evidence.is_empty() {
                rows.push(("found in", g.evidence.join(", ")));
            }
            for c in &g.candidates {
                let city = c.city.as_deref().unwrap_or("");
                let code = c.code.as_deref().unwrap_or("");
                rows.push(("may be", format!("{}{city}{} {code}", c.province, c.name)));
            }
        }
        None => rows.push(("region", "— (the text names none)".into())),
    }
    rows.push(("issuer", or_unknown(r.issuer.as_deref())));
    rows.push(("year", r.year.map_or("—".into(), |y| y.to_string())));
    rows.push(("published", or_unknown(r.published.as_deref())));
    rows.push((
        "contents",
        format!(
            "{} sections, {} indicators",
            r.sections.len(),
            r.indicators.len()
        ),
    ));
    for w in &r.warnings {
        rows.push(("warning", w.clone()));
    }
    rows
}

/// Draw the selected report's metadata, scrolled by `scroll` rows.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let r = large_overlay(area);
    Clear.render(r, buf);
    let theme = &app.theme;
    let report = app
        .regions
        .selected_entry()
        .and_then(|e| app.corpus.entries.get(e))
        .map(|e| &e.report);
    let body = frame(
        buf,
        r,
        &[("About this report", theme.text())],
        true,
        theme,
        app.ambig,
    );
    let Some(report) = report else {
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[("no report selected", theme.dim())],
            app.ambig,
        );
        return;
    };
    for (i, (label, value)) in rows(report)
        .iter()
        .skip(scroll)
        .take(body.height as usize)
        .enumerate()
    {
        let label = format!("{label:<10}");
        draw::put(
            buf,
            body.x,
            body.y + i as u16,
            body.width,
            &[(&label, theme.dim()), (value, theme.text())],
            app.ambig,
        );
    }
}
