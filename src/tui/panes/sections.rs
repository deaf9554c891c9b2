//! Sections pane: the outline of the selected report as a tree with its
//! markers (一、 （一） 1.), which can be expanded and collapsed. The first
//! row is always the whole report.

use super::{frame, Cursor, Pane};
use crate::model::Report;
use crate::tui::app::App;
use crate::tui::draw;
use std::collections::HashSet;
use std::ops::Range;

/// One visible row of the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The whole report.
    Whole,
    /// A section (index into `Report::sections`).
    Section(usize),
}

/// State of the sections pane.
#[derive(Debug, Clone, Default)]
pub struct SectionsState {
    /// Corpus index of the report shown.
    pub entry: Option<usize>,
    /// Collapsed sections.
    pub collapsed: HashSet<usize>,
    /// Visible rows in order.
    pub rows: Vec<Row>,
    /// Selection and scroll.
    pub cursor: Cursor,
}

/// Whether a section has children.
fn has_children(r: &Report, i: usize) -> bool {
    r.sections
        .get(i + 1)
        .is_some_and(|s| s.parent_index() == Some(i))
}

/// The byte range of section `i` with all its subsections.
pub fn subtree_range(r: &Report, i: usize) -> Range<usize> {
    let Some(s) = r.sections.get(i) else {
        return 0..0;
    };
    let mut end = s.body.end as usize;
    for t in &r.sections[i + 1..] {
        if t.depth <= s.depth {
            break;
        }
        end = end.max(t.body.end as usize);
    }
    (s.body.start as usize).min(end)..end
}

impl SectionsState {
    /// Show the outline of another report (everything expanded, whole report selected).
    pub fn set_entry(&mut self, entry: Option<usize>, report: Option<&Report>) {
        self.entry = entry;
        self.collapsed.clear();
        self.cursor = Cursor::default();
        self.rebuild(report);
    }

    /// Recompute the visible rows after collapsing or expanding.
    pub fn rebuild(&mut self, report: Option<&Report>) {
        self.rows = vec![Row::Whole];
        if let Some(r) = report {
            let mut hidden_below: Option<usize> = None;
            for (i, s) in r.sections.iter().enumerate() {
                if let Some(d) = hidden_below {
                    if s.depth > d {
                        continue;
                    }
                    hidden_below = None;
                }
                self.rows.push(Row::Section(i));
                if self.collapsed.contains(&i) {
                    hidden_below = Some(s.depth);
                }
            }
        }
        let sel = self.cursor.selected;
        self.cursor.set(sel, self.rows.len());
    }

    /// The selected section (`None`: the whole report).
    pub fn selected_section(&self) -> Option<usize> {
        match self.rows.get(self.cursor.selected) {
            Some(Row::Section(i)) => Some(*i),
            _ => None,
        }
    }

    /// The byte range of the report the selection covers.
    pub fn selected_range(&self, r: &Report) -> Range<usize> {
        match self.selected_section() {
            Some(i) => subtree_range(r, i),
            None => 0..r.text.len(),
        }
    }

    /// Collapse the selected section, or go to its parent when it is
    /// collapsed or has no children. Returns whether the selection moved.
    pub fn collapse(&mut self, r: &Report) -> bool {
        let Some(i) = self.selected_section() else {
            return false;
        };
        if has_children(r, i) && !self.collapsed.contains(&i) {
            self.collapsed.insert(i);
            self.rebuild(Some(r));
            return false;
        }
        let target = r.sections[i]
            .parent_index()
            .map(Row::Section)
            .unwrap_or(Row::Whole);
        self.select_row(target)
    }

    /// Expand the selected section.
    pub fn expand(&mut self, r: &Report) {
        if let Some(i) = self.selected_section() {
            if self.collapsed.remove(&i) {
                self.rebuild(Some(r));
            }
        }
    }

    /// Whether the selected section has subsections.
    pub fn has_children(&self, r: &Report) -> bool {
        self.selected_section().is_some_and(|i| has_children(r, i))
    }

    /// Expand or collapse the selected section.
    pub fn toggle(&mut self, r: &Report) {
        if let Some(i) = self.selected_section() {
            if !self.collapsed.remove(&i) {
                self.collapsed.insert(i);
            }
            self.rebuild(Some(r));
        }
    }

    /// Select the innermost section holding byte `at`, expanding its ancestors.
    pub fn select_at(&mut self, r: &Report, at: usize) {
        let inner = r.sections.iter().rposition(|s| s.body.contains(at));
        let mut p = inner.and_then(|i| r.sections[i].parent_index());
        while let Some(i) = p {
            self.collapsed.remove(&i);
            p = r.sections[i].parent_index();
        }
        self.rebuild(Some(r));
        self.select_row(inner.map(Row::Section).unwrap_or(Row::Whole));
    }

    fn select_row(&mut self, row: Row) -> bool {
        match self.rows.iter().position(|x| *x == row) {
            Some(pos) => {
                self.cursor.set(pos, self.rows.len());
                true
            }
            None => false,
        }
    }
}

/// Draw the sections pane.
pub fn render(app: &App, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
    let st = &app.sections;
    let theme = &app.theme;
    let focused = app.focus == Pane::Sections;
    let report = st
        .entry
        .and_then(|i| app.corpus.entries.get(i))
        .map(|e| &e.report);
    let n = report.map(|r| r.sections.len()).unwrap_or(0);
    let title = format!("Sections {n}");
    let body = frame(
        buf,
        area,
        &[(&title, theme.text())],
        focused,
        theme,
        app.ambig,
    );
    let h = body.height as usize;
    let offset = st.cursor.visible_offset(h);
    for (row, item) in st.rows.iter().skip(offset).take(h).enumerate() {
        let label = match (item, report) {
            (Row::Whole, _) => "全文 (whole report)".to_string(),
            (Row::Section(i), Some(r)) => {
                let s = &r.sections[*i];
                let mark = match (has_children(r, *i), st.collapsed.contains(i)) {
                    (false, _) => ' ',
                    (true, true) => '+',
                    (true, false) => '-',
                };
                let title = if app.simplified {
                    crate::text::to_simplified(&s.title)
                } else {
                    s.title.to_string()
                };
                format!("{}{mark}{}{}", "  ".repeat(s.depth), s.marker, title)
            }
            (Row::Section(_), None) => continue,
        };
        let style = if offset + row == st.cursor.selected {
            theme.selected(focused)
        } else {
            theme.text()
        };
        draw::row(
            buf,
            body,
            body.y + row as u16,
            &[(&label, style)],
            style,
            app.ambig,
        );
    }
}
