//! The ranking screen: every loaded report ranked by one canonical key as
//! horizontal bars with values, the selected report marked; when the
//! selected report's region has reports of several years, a second section
//! shows them as a trend (bars by year). A duplicate copy of a report
//! ([`crate::audit::dupes`]) is not ranked twice: the copies are found on a
//! background thread and their bars removed when [`RankState::poll`] takes
//! them.

use crate::compare::rank;
use crate::corpus::Corpus;
use crate::model::format_value;
use crate::parse::taxonomy::Taxonomy;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::panes::{frame, Cursor};
use crate::tui::width::{fit, str_width, AmbiguousWidth};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};

/// One bar of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Corpus index of the report.
    pub entry: usize,
    /// The figure taken.
    pub value: f64,
    /// Why this figure, when the report states the key several times.
    pub note: Option<String>,
}

/// State of the ranking screen.
#[derive(Debug, Clone)]
pub struct RankState {
    /// The canonical key.
    pub key: String,
    /// Its Chinese label.
    pub label: String,
    /// The unit ranked in.
    pub unit: String,
    /// Reports stating the key, largest first.
    pub bars: Vec<Bar>,
    /// Selection (over `bars`).
    pub cursor: Cursor,
    /// Entries found to be copies of another ranked report (not ranked).
    pub copies: Vec<usize>,
    /// The search for copies, while it runs.
    job: Option<Arc<Mutex<Receiver<Vec<usize>>>>>,
}

/// Region identity of a report for trends: name and province.
fn region_of(corpus: &Corpus, entry: usize) -> Option<(String, Option<String>)> {
    let g = corpus.entries.get(entry)?.report.region.as_ref()?;
    Some((g.name.clone(), g.province.clone()))
}

impl RankState {
    /// Rank the corpus by `key`, selecting `entry` when it states the key.
    pub fn new(corpus: &Corpus, key: &str, entry: Option<usize>) -> RankState {
        let reports: Vec<&crate::model::Report> =
            corpus.entries.iter().map(|e| &e.report).collect();
        let rows = rank(&reports, key);
        let unit = rows.first().map(|r| r.unit.clone()).unwrap_or_default();
        let bars: Vec<Bar> = rows
            .into_iter()
            .map(|r| Bar {
                entry: r.report,
                value: r.value,
                note: r.note,
            })
            .collect();
        let mut cursor = Cursor::default();
        if let Some(p) = entry.and_then(|e| bars.iter().position(|b| b.entry == e)) {
            cursor.set(p, bars.len());
        }
        let ranked: Vec<(usize, Arc<crate::corpus::Entry>)> = bars
            .iter()
            .filter_map(|b| Some((b.entry, Arc::clone(corpus.entries.get(b.entry)?))))
            .collect();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // Reports from the cache have their texts read for the check.
            let ranked: Vec<(usize, Arc<crate::corpus::Entry>)> = ranked
                .iter()
                .map(|(i, e)| (*i, super::audit::with_text(e)))
                .collect();
            let reports: Vec<&crate::model::Report> =
                ranked.iter().map(|(_, e)| &e.report).collect();
            let dupes = crate::audit::find_dupes(&reports);
            let copies = (0..ranked.len())
                .filter(|&i| dupes.is_copy(i))
                .map(|i| ranked[i].0)
                .collect();
            let _ = tx.send(copies);
        });
        RankState {
            key: key.to_string(),
            label: Taxonomy::global().indicator_label(key).to_string(),
            unit,
            bars,
            cursor,
            copies: Vec::new(),
            job: Some(Arc::new(Mutex::new(rx))),
        }
    }

    /// Take the copies found, when the search has ended, and drop their
    /// bars; returns whether anything changed.
    pub fn poll(&mut self) -> bool {
        self.take(false)
    }

    /// Wait for the search for copies (tests).
    pub fn wait(&mut self) {
        self.take(true);
    }

    /// Whether copies are still being looked for.
    pub fn checking(&self) -> bool {
        self.job.is_some()
    }

    fn take(&mut self, block: bool) -> bool {
        let Some(job) = &self.job else { return false };
        let got = match job.lock() {
            Ok(rx) if block => rx.recv().ok(),
            Ok(rx) => rx.try_recv().ok(),
            Err(_) => Some(Vec::new()),
        };
        let Some(copies) = got else { return false };
        self.job = None;
        let selected = self.selected().map(|b| b.entry);
        self.bars.retain(|b| !copies.contains(&b.entry));
        self.copies = copies;
        let at = selected.and_then(|e| self.bars.iter().position(|b| b.entry == e));
        self.cursor.set(at.unwrap_or(0), self.bars.len());
        true
    }

    /// The selected bar.
    pub fn selected(&self) -> Option<&Bar> {
        self.bars.get(self.cursor.selected)
    }

    /// The selected report's region over the years, oldest first, when it
    /// has more than one ranked report: (year, value, entry).
    pub fn trend(&self, corpus: &Corpus) -> Vec<(i32, f64, usize)> {
        let Some(region) = self.selected().and_then(|b| region_of(corpus, b.entry)) else {
            return Vec::new();
        };
        let mut t: Vec<(i32, f64, usize)> = self
            .bars
            .iter()
            .filter(|b| region_of(corpus, b.entry).as_ref() == Some(&region))
            .filter_map(|b| Some((corpus.entries[b.entry].report.year?, b.value, b.entry)))
            .collect();
        t.sort_by_key(|x| x.0);
        if t.len() > 1 {
            t
        } else {
            Vec::new()
        }
    }
}

/// The bar character: a full block where ambiguous characters are narrow,
/// `#` where the terminal draws them two columns wide.
fn bar(cols: usize, ambig: AmbiguousWidth) -> String {
    let c = match ambig {
        AmbiguousWidth::Narrow => "█",
        AmbiguousWidth::Wide => "#",
    };
    c.repeat(cols)
}

/// Columns of a bar for `value` of `max` in `width`: at least one for any
/// positive value while there is room; none when there is none (a long unit
/// can take all of a narrow screen).
fn bar_cols(value: f64, max: f64, width: usize) -> usize {
    if max <= 0.0 || value <= 0.0 || width == 0 {
        return 0;
    }
    ((value / max * width as f64).round() as usize).clamp(1, width)
}

/// Draw the ranking screen over `area`.
pub fn render(app: &App, st: &RankState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    Clear.render(area, buf);
    // Nothing is said while copies are looked for: a ranking without
    // copies looks the same before and after.
    let dupes = if st.copies.is_empty() {
        String::new()
    } else {
        format!("  ({} duplicate copies not ranked)", st.copies.len())
    };
    let title = format!(
        "Rank by {} ({}, {})  {} of {} reports{dupes}",
        st.label,
        st.key,
        st.unit,
        st.bars.len(),
        app.corpus.entries.len()
    );
    let body = frame(buf, area, &[(&title, theme.text())], true, theme, ambig);
    if st.bars.is_empty() {
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[("no loaded report states this key", theme.dim())],
            ambig,
        );
        return;
    }
    let trend = st.trend(&app.corpus);
    let trend_h = if trend.is_empty() { 0 } else { trend.len() + 2 };
    let list_h = (body.height as usize).saturating_sub(trend_h).max(1);
    let max = st.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let val_w = st
        .bars
        .iter()
        .map(|b| format_value(b.value).len())
        .max()
        .unwrap_or(1)
        + 1
        + str_width(&st.unit, ambig);
    let name_w = 14;
    let bar_w = (body.width as usize).saturating_sub(2 + 4 + name_w + 5 + 1 + val_w + 1);
    let offset = st.cursor.visible_offset(list_h);
    for (n, b) in st.bars.iter().enumerate().skip(offset).take(list_h) {
        let Some(e) = app.corpus.entries.get(b.entry) else {
            continue;
        };
        let sel = n == st.cursor.selected;
        let mark = if sel { "> " } else { "  " };
        let year = e.report.year.map(|y| y.to_string()).unwrap_or_default();
        let head = format!(
            "{mark}{:>3} {}{year:>4} ",
            n + 1,
            fit(&e.name(), name_w, ambig)
        );
        let cols = bar_cols(b.value, max, bar_w);
        let bars = bar(cols, ambig);
        let value = format!(" {}{}", format_value(b.value), st.unit);
        let style = if sel {
            theme.selected(true)
        } else {
            theme.text()
        };
        draw::row(
            buf,
            body,
            body.y + (n - offset) as u16,
            &[(&head, style), (&bars, theme.indicator()), (&value, style)],
            theme.text(),
            ambig,
        );
    }
    if trend.is_empty() {
        return;
    }
    let y0 = body.y + list_h as u16 + 1;
    let name = st
        .selected()
        .and_then(|b| app.corpus.entries.get(b.entry))
        .map(|e| e.name())
        .unwrap_or_default();
    let head = format!("{name} by year");
    draw::row(
        buf,
        body,
        y0,
        &[(&head, theme.focused())],
        theme.text(),
        ambig,
    );
    let tmax = trend.iter().map(|t| t.1).fold(0.0, f64::max);
    for (i, (year, value, _)) in trend.iter().enumerate() {
        let head = format!("  {year:>4} ");
        let cols = bar_cols(*value, tmax, bar_w + name_w);
        let text = format!(" {}{}", format_value(*value), st.unit);
        draw::row(
            buf,
            body,
            y0 + 1 + i as u16,
            &[
                (&head, theme.text()),
                (&bar(cols, ambig), theme.indicator()),
                (&text, theme.text()),
            ],
            theme.text(),
            ambig,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::bar_cols;

    #[test]
    fn bars_fit_any_width() {
        assert_eq!(bar_cols(650.0, 650.0, 20), 20);
        assert_eq!(bar_cols(1.0, 650.0, 20), 1);
        assert_eq!(bar_cols(0.0, 650.0, 20), 0);
        assert_eq!(bar_cols(650.0, 650.0, 0), 0);
    }
}
