//! The fuzzy picker for the second report of a comparison. It reuses the
//! regions list's state and matching (names and pinyin, nucleo-matcher),
//! leaving out the first report.

use crate::corpus::Corpus;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::layout::centered;
use crate::tui::panes::frame;
use crate::tui::panes::regions::RegionsState;
use crate::tui::width::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// State of the picker.
#[derive(Debug, Clone)]
pub struct PickState {
    /// Corpus index of the report being compared (not offered).
    pub first: usize,
    /// The query typed so far.
    pub query: String,
    /// The matching reports (the regions list's state and filter).
    pub list: RegionsState,
}

impl PickState {
    /// A picker of every report but `first`.
    pub fn new(first: usize, corpus: &Corpus) -> PickState {
        let mut p = PickState {
            first,
            query: String::new(),
            list: RegionsState::default(),
        };
        p.list.update(0..corpus.entries.len(), &[], corpus);
        p.list.remove(&corpus.removed());
        p.set_query(String::new());
        p
    }

    /// Filter by `query` (fuzzy on names and pinyin).
    pub fn set_query(&mut self, query: String) {
        self.list.set_filter(&query);
        let first = self.first;
        self.list.view.retain(|&i| i != first);
        let sel = self.list.cursor.selected;
        self.list.cursor.set(sel, self.list.view.len());
        self.query = query;
    }

    /// Move the selection by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        self.list.cursor.move_by(delta, self.list.view.len());
    }

    /// The corpus index of the selected report.
    pub fn selected(&self) -> Option<usize> {
        self.list.selected_entry()
    }
}

/// Draw the picker.
pub fn render(app: &App, p: &PickState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    let r = centered(
        area,
        56.min(area.width),
        area.height.saturating_sub(4).max(5),
    );
    Clear.render(r, buf);
    let name = app
        .corpus
        .entries
        .get(p.first)
        .map(|e| e.name())
        .unwrap_or_default();
    let title = format!("Compare {name} with: {}", p.query);
    let body = frame(buf, r, &[(&title, theme.text())], true, theme, ambig);
    if p.list.view.is_empty() {
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[("no other report matches", theme.dim())],
            ambig,
        );
        return;
    }
    let h = body.height as usize;
    let offset = p.list.cursor.visible_offset(h);
    for (row, &i) in p.list.view.iter().enumerate().skip(offset).take(h) {
        let Some(e) = app.corpus.entries.get(i) else {
            continue;
        };
        let year = e.report.year.map(|y| y.to_string()).unwrap_or_default();
        let prov = e
            .report
            .region
            .as_ref()
            .and_then(|g| g.province.as_deref())
            .unwrap_or("");
        let text = format!("{} {year:>4} {prov}", fit(&e.name(), 16, ambig));
        let style = if row == p.list.cursor.selected {
            theme.selected(true)
        } else {
            theme.text()
        };
        draw::row(
            buf,
            body,
            body.y + (row - offset) as u16,
            &[(&text, style)],
            style,
            ambig,
        );
    }
}
