//! The export dialog: a format (csv, xlsx, json, md; Tab or arrows cycle)
//! and an editable path with a default name from what is exported. The
//! dialog only queues an [`crate::tui::effects::Effect`]; the run loop writes.

use crate::export::{Format, Table};
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::layout::centered;
use crate::tui::panes::frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use std::path::Path;

/// State of the export dialog.
#[derive(Debug, Clone)]
pub struct ExportDialog {
    /// What is exported, for the title and messages.
    pub what: String,
    /// The table to write.
    pub table: Table,
    /// The chosen format.
    pub format: Format,
    /// The path as typed.
    pub path: String,
    /// The file exists: Enter again overwrites it.
    pub confirm: bool,
    /// Why the last Enter was refused (the path is a loaded report).
    pub refused: Option<String>,
}

/// A file name's stem: `xialu-2021` for `assets/reports/xialu-2021.txt`.
pub fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("report")
        .to_string()
}

/// Default name (without extension) for a report's indicators.
pub fn indicators_name(report_path: &str) -> String {
    format!("{}-indicators", stem(report_path))
}

/// Default name (without extension) for a comparison.
pub fn compare_name(a_path: &str, b_path: &str) -> String {
    format!("{}-vs-{}-compare", stem(a_path), stem(b_path))
}

/// Default name (without extension) for a ranking.
pub fn rank_name(key: &str) -> String {
    format!("rank-{key}")
}

impl ExportDialog {
    /// A dialog exporting `table` as CSV to `name.csv`.
    pub fn new(what: impl Into<String>, table: Table, name: &str) -> ExportDialog {
        ExportDialog {
            what: what.into(),
            table,
            format: Format::Csv,
            path: format!("{name}.{}", Format::Csv.extension()),
            confirm: false,
            refused: None,
        }
    }

    /// Switch format by `step` places; a path ending in the old format's
    /// extension gets the new one.
    pub fn cycle_format(&mut self, step: isize) {
        let all = Format::ALL;
        let i = all.iter().position(|f| *f == self.format).unwrap_or(0) as isize;
        let next = all[(i + step).rem_euclid(all.len() as isize) as usize];
        let old = format!(".{}", self.format.extension());
        if let Some(base) = self.path.strip_suffix(&old) {
            self.path = format!("{base}.{}", next.extension());
        }
        self.format = next;
        self.confirm = false;
        self.refused = None;
    }

    /// Edit the path.
    pub fn edit(&mut self, f: impl FnOnce(&mut String)) {
        f(&mut self.path);
        self.confirm = false;
        self.refused = None;
    }
}

/// Draw the dialog.
pub fn render(app: &App, d: &ExportDialog, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    let r = centered(area, 70.min(area.width), 7);
    Clear.render(r, buf);
    let title = format!("Export {} ({} rows)", d.what, d.table.rows.len());
    let body = frame(buf, r, &[(&title, theme.text())], true, theme, ambig);
    if body.height < 3 {
        return;
    }
    let mut runs: Vec<(String, ratatui::style::Style)> = vec![("format ".into(), theme.dim())];
    for f in Format::ALL {
        let style = if f == d.format {
            theme.selected(true)
        } else {
            theme.text()
        };
        runs.push((format!(" {} ", f.extension()), style));
        runs.push((" ".into(), theme.text()));
    }
    let runs_ref: Vec<(&str, _)> = runs.iter().map(|(s, st)| (s.as_str(), *st)).collect();
    draw::row(buf, body, body.y, &runs_ref, theme.text(), ambig);
    draw::row(
        buf,
        body,
        body.y + 1,
        &[("path   ", theme.dim()), (&d.path, theme.focused())],
        theme.text(),
        ambig,
    );
    let (msg, style) = if let Some(why) = &d.refused {
        (why.clone(), theme.error())
    } else if d.confirm {
        (
            "file exists: Enter overwrites, Esc cancels".to_string(),
            theme.error(),
        )
    } else {
        (
            "Tab/arrows format  type to edit  Enter write  Esc cancel".to_string(),
            theme.dim(),
        )
    };
    draw::row(buf, body, body.y + 2, &[(&msg, style)], theme.text(), ambig);
}
