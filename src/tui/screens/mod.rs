//! Screens for comparing, ranking, exporting and copying: `c` (pick a
//! second report, then the compare screen), `r` (ranking by a canonical
//! key), `e` (export dialog), `y` (copy). Their state changes live here as
//! an `impl App` block, so `app.rs` only dispatches; file writing and the
//! clipboard are [`super::effects::Effect`]s, never done in `update`.

pub mod audit;
pub mod audit_view;
pub mod compare;
pub mod compare_view;
pub mod export;
pub mod info;
pub mod picker;
pub mod rank;

use self::compare::{geometry, CompareFocus, CompareState};
use self::compare_view::row_cells;
use self::export::{compare_name, indicators_name, rank_name, ExportDialog};
use self::picker::PickState;
use self::rank::RankState;
use super::action::Action;
use super::app::{App, Screen};
use super::effects::Effect;
use super::layout;
use super::panes::Pane;
use crate::compare::{compare_table, rank_table};
use crate::export::indicators::{indicator_columns, indicator_rows};
use crate::export::{Format, Table};
use crate::model::{format_value, Report};
use std::path::{Path, PathBuf};

/// Tab-separated text of rows (tabs and newlines inside cells become spaces).
pub fn tsv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| c.replace(['\t', '\n', '\r'], " "))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The hint bar of the top screen, when it has its own: `Some(actions)`
/// to list, or a fixed text.
pub fn hints(app: &App) -> Option<Result<&'static [Action], &'static str>> {
    match app.screens.last()? {
        Screen::Compare(_) => Some(Ok(Action::COMPARE_HINTS)),
        Screen::Rank(_) => Some(Ok(Action::RANK_HINTS)),
        Screen::Audit(_) => Some(Ok(Action::AUDIT_HINTS)),
        Screen::Pick(_) => Some(Err(
            "type to filter  Up/Down select  Enter compare  Esc cancel",
        )),
        Screen::Export(_) => Some(Err(
            "Tab/arrows format  type the path  Enter write  Esc cancel",
        )),
        _ => None,
    }
}

impl App {
    /// Whether the top screen takes typed characters (the picker, the
    /// export path): keys then type instead of acting.
    pub fn screen_takes_text(&self) -> bool {
        matches!(
            self.screens.last(),
            Some(Screen::Pick(_) | Screen::Export(_))
        )
    }

    /// Whether the top screen is one of this module's.
    pub(crate) fn on_tool_screen(&self) -> bool {
        matches!(
            self.screens.last(),
            Some(
                Screen::Pick(_)
                    | Screen::Export(_)
                    | Screen::Compare(_)
                    | Screen::Rank(_)
                    | Screen::Audit(_)
            )
        )
    }

    pub(crate) fn report_at(&self, entry: usize) -> Option<&Report> {
        self.corpus.entries.get(entry).map(|e| &e.report)
    }

    /// `c`, `r`, `e`, `y`, `a` in the browser.
    pub(crate) fn start_tool(&mut self, action: Action) {
        match action {
            Action::Compare => self.start_compare(),
            Action::Rank => self.start_rank_from_indicators(),
            Action::Export => self.export_indicators(),
            Action::Copy => self.copy_from_browser(),
            Action::Audit => self.start_audit(),
            _ => {}
        }
    }

    fn start_compare(&mut self) {
        let Some(e) = self.regions.selected_entry() else {
            return self.error("no report selected to compare");
        };
        if self.corpus.live() < 2 {
            return self.error("comparing needs a second report");
        }
        self.screens
            .push(Screen::Pick(PickState::new(e, &self.corpus)));
    }

    fn start_rank_from_indicators(&mut self) {
        let entry = self.sections.entry;
        let key = entry
            .and_then(|e| self.report_at(e))
            .zip(self.indicators.selected())
            .and_then(|(r, i)| r.indicators.get(i))
            .and_then(|i| i.canonical);
        match key {
            Some(key) if self.focus == Pane::Indicators => self.push_rank(&key, entry),
            Some(_) | None => {
                self.error("r ranks by the key of the selected indicator (Indicators pane)")
            }
        }
    }

    fn push_rank(&mut self, key: &str, entry: Option<usize>) {
        let st = RankState::new(&self.corpus, key, entry);
        self.say(format!("{} reports state {key}", st.bars.len()));
        self.screens.push(Screen::Rank(st));
    }

    fn export_indicators(&mut self) {
        let Some(r) = self.sections.entry.and_then(|e| self.report_at(e)) else {
            return self.error("no report to export");
        };
        let all = indicator_rows(r);
        let mut table = Table::new(&format!("{} indicators", r.label()), indicator_columns());
        table.rows = self
            .indicators
            .rows
            .iter()
            .filter_map(|&i| all.get(i).cloned())
            .collect();
        let what = format!("indicators of {}", r.label());
        let name = indicators_name(&r.path);
        self.screens
            .push(Screen::Export(ExportDialog::new(what, table, &name)));
    }

    fn copy_from_browser(&mut self) {
        let report = self.sections.entry.and_then(|e| self.report_at(e));
        let fx = match (self.focus, report) {
            (Pane::Indicators, Some(r)) => {
                let Some(ind) = self.indicators.selected().and_then(|i| r.indicators.get(i)) else {
                    return self.error("no indicator selected");
                };
                let row = vec![
                    ind.name.to_string(),
                    format_value(ind.value),
                    ind.unit.to_string(),
                    ind.canonical.as_deref().unwrap_or_default().to_string(),
                    r.sentence(ind).to_string(),
                ];
                Effect::Copy {
                    text: tsv(&[row]),
                    what: format!("1 row ({})", ind.name),
                }
            }
            _ => {
                let Some(doc) = &self.reader.doc else {
                    return self.error("nothing to copy");
                };
                Effect::Copy {
                    text: doc.chars.iter().collect(),
                    what: "the section's text".into(),
                }
            }
        };
        self.effects.push(fx);
    }

    /// The rectangle screens are drawn in.
    fn screen_area(&self) -> ratatui::layout::Rect {
        layout::areas(self.size, self.focus)
            .map(|a| a.pane_union())
            .unwrap_or_default()
    }

    /// Re-wrap the compare screens for the current size.
    pub(crate) fn layout_tools(&mut self) {
        let g = geometry(self.screen_area());
        let (w, h) = (g.a.width.saturating_sub(2), g.a.height.saturating_sub(2));
        let (corpus, simplified, ambig) = (&self.corpus, self.simplified, self.ambig);
        for s in &mut self.screens {
            if let Screen::Compare(c) = s {
                let (Some(ra), Some(rb)) = (corpus.entries.get(c.a), corpus.entries.get(c.b))
                else {
                    continue;
                };
                c.layout(
                    [&ra.report, &rb.report],
                    w as usize,
                    h as usize,
                    simplified,
                    ambig,
                );
            }
        }
    }

    /// An action for the top screen (picker, compare, rank, export).
    pub(crate) fn update_tool(&mut self, action: Action) {
        let Some(top) = self.screens.pop() else {
            return;
        };
        let base = self.screens.len();
        let keep = match top {
            Screen::Pick(p) => self.update_pick(p, action),
            Screen::Compare(c) => self
                .update_compare(*c, action)
                .map(|c| Screen::Compare(Box::new(c))),
            Screen::Rank(r) => self.update_rank(r, action),
            Screen::Export(d) => self.update_export(d, action),
            Screen::Audit(a) => self
                .update_audit(*a, action)
                .map(|a| Screen::Audit(Box::new(a))),
            other => Some(other),
        };
        // A screen the action opened stays above the one it came from.
        if let Some(s) = keep {
            self.screens.insert(base, s);
        }
    }

    fn update_pick(&mut self, mut p: PickState, action: Action) -> Option<Screen> {
        match action {
            Action::Backspace => {
                let mut q = p.query.clone();
                q.pop();
                p.set_query(q);
            }
            Action::Up => p.move_by(-1),
            Action::Down => p.move_by(1),
            Action::PageUp => p.move_by(-10),
            Action::PageDown => p.move_by(10),
            Action::Clear => return None,
            Action::Open => {
                let Some(b) = p.selected() else {
                    self.error("no report matches");
                    return Some(Screen::Pick(p));
                };
                self.hydrate(p.first);
                self.hydrate(b);
                let (Some(ra), Some(rb)) = (self.report_at(p.first), self.report_at(b)) else {
                    return None;
                };
                let c = CompareState::new(p.first, b, ra, rb);
                self.say(format!("comparing {} with {}", ra.label(), rb.label()));
                self.screens.push(Screen::Compare(Box::new(c)));
                self.layout_tools();
                return None;
            }
            _ => {}
        }
        Some(Screen::Pick(p))
    }

    fn update_compare(&mut self, mut c: CompareState, action: Action) -> Option<CompareState> {
        let table = c.focus == CompareFocus::Table;
        let page = c.height as isize;
        let rows_page = (self.size.height / 4).max(1) as isize;
        match action {
            Action::Clear => return None,
            Action::FocusNext | Action::FocusPrev => {
                let order = [CompareFocus::A, CompareFocus::B, CompareFocus::Table];
                let i = order.iter().position(|f| *f == c.focus).unwrap_or(0) as isize;
                let step = if action == Action::FocusNext { 1 } else { -1 };
                c.focus = order[(i + step).rem_euclid(3) as usize];
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let (unit, rows) = match action {
                    Action::Up => (-1, -1),
                    Action::Down => (1, 1),
                    Action::PageUp => (-page, -rows_page),
                    _ => (page, rows_page),
                };
                if table {
                    c.move_row(rows);
                } else {
                    c.scroll_by(unit);
                }
            }
            Action::Top if table => c.cursor.set(0, c.order.len()),
            Action::Bottom if table => c.cursor.set(c.order.len(), c.order.len()),
            Action::Top => c.goto_topic(0),
            Action::Bottom => c.goto_topic(c.blocks.len().saturating_sub(1)),
            Action::Collapse => c.move_topic(-1),
            Action::Expand => c.move_topic(1),
            Action::NextDiff | Action::PrevDiff if !c.step_diff(action == Action::NextDiff) => {
                self.say("no more differences this way");
            }
            Action::ToggleLock => {
                c.locked = !c.locked;
                if c.locked {
                    let s = c.scroll[(c.focus == CompareFocus::B) as usize];
                    c.scroll = [s, s];
                }
                self.say(if c.locked {
                    "scrolling locked"
                } else {
                    "scrolling unlocked"
                });
            }
            Action::Sort => {
                c.toggle_sort();
                self.say(if c.by_diff {
                    "indicators sorted by the size of the difference"
                } else {
                    "indicators in key order"
                });
            }
            Action::Open if table => {
                if let (Some(ra), Some(rb)) = (self.report_at(c.a), self.report_at(c.b)) {
                    if !c.show_row([ra, rb]) {
                        self.say("no source sentence for this row");
                    }
                }
            }
            Action::Rank => match c.selected_row().and_then(|r| r.canonical.clone()) {
                Some(key) => self.push_rank(&key, Some(c.a)),
                None => self.error("r ranks by a canonical key: select a key row"),
            },
            Action::Export => {
                if let (Some(ra), Some(rb)) = (self.report_at(c.a), self.report_at(c.b)) {
                    let what = format!("comparison {} vs {}", ra.label(), rb.label());
                    let d = ExportDialog::new(
                        what,
                        compare_table(ra, rb),
                        &compare_name(&ra.path, &rb.path),
                    );
                    self.screens.push(Screen::Export(d));
                }
            }
            Action::Copy => self.copy_from_compare(&c),
            _ => {}
        }
        Some(c)
    }

    fn copy_from_compare(&mut self, c: &CompareState) {
        let fx = if c.focus == CompareFocus::Table {
            let Some(r) = c.selected_row() else {
                return self.error("no row selected");
            };
            let cells = row_cells(r);
            Effect::Copy {
                text: tsv(&[cells[1..].to_vec()]),
                what: format!("1 row ({})", r.label),
            }
        } else {
            let side = (c.focus == CompareFocus::B) as usize;
            let Some(r) = self.report_at([c.a, c.b][side]) else {
                return;
            };
            let Some(blk) = c.blocks.get(c.topic) else {
                return;
            };
            let ranges = if side == 0 { &blk.a_text } else { &blk.b_text };
            let text: String = ranges
                .iter()
                .filter_map(|x| r.text.get(x.clone()))
                .collect();
            if text.is_empty() {
                return self.error("this report has no text for this topic");
            }
            Effect::Copy {
                text,
                what: format!("「{}」 of {}", blk.label, r.label()),
            }
        };
        self.effects.push(fx);
    }

    fn update_rank(&mut self, mut r: RankState, action: Action) -> Option<Screen> {
        let n = r.bars.len();
        let page = (self.size.height / 2).max(1) as isize;
        match action {
            Action::Clear | Action::Rank => return None,
            Action::Up => r.cursor.move_by(-1, n),
            Action::Down => r.cursor.move_by(1, n),
            Action::PageUp => r.cursor.move_by(-page, n),
            Action::PageDown => r.cursor.move_by(page, n),
            Action::Top => r.cursor.set(0, n),
            Action::Bottom => r.cursor.set(n, n),
            Action::Export => {
                let reports: Vec<&Report> = (0..self.corpus.entries.len())
                    .filter(|i| !r.copies.contains(i))
                    .map(|i| &self.corpus.entries[i].report)
                    .collect();
                let table = rank_table(&reports, &r.key);
                let d =
                    ExportDialog::new(format!("ranking by {}", r.key), table, &rank_name(&r.key));
                self.screens.push(Screen::Export(d));
            }
            Action::Copy => {
                if let Some((b, e)) = r
                    .selected()
                    .and_then(|b| Some((b, self.corpus.entries.get(b.entry)?)))
                {
                    let row = vec![
                        (r.cursor.selected + 1).to_string(),
                        e.name(),
                        e.report.year.map(|y| y.to_string()).unwrap_or_default(),
                        format_value(b.value),
                        r.unit.clone(),
                    ];
                    self.effects.push(Effect::Copy {
                        text: tsv(&[row]),
                        what: format!("1 row ({})", e.name()),
                    });
                }
            }
            _ => {}
        }
        Some(Screen::Rank(r))
    }

    fn update_export(&mut self, mut d: ExportDialog, action: Action) -> Option<Screen> {
        match action {
            Action::Backspace => d.edit(|p| {
                p.pop();
            }),
            Action::FocusNext | Action::Expand | Action::Down => d.cycle_format(1),
            Action::FocusPrev | Action::Collapse | Action::Up => d.cycle_format(-1),
            Action::Clear => {
                self.say("export cancelled");
                return None;
            }
            Action::Open => {
                let path = d.path.trim();
                if path.is_empty() {
                    self.error("type a file name");
                } else {
                    let format = Format::from_path(Path::new(path)).unwrap_or(d.format);
                    self.effects.push(Effect::Export {
                        table: d.table.clone(),
                        format,
                        path: PathBuf::from(path),
                        overwrite: d.confirm,
                    });
                }
            }
            _ => {}
        }
        Some(Screen::Export(d))
    }

    /// The export target is one of the loaded reports: refuse, in the
    /// dialog and the status line (the CLI refuses it too).
    pub fn export_refused(&mut self, path: &Path, input: &Path) {
        let msg = format!(
            "refused: {} is the report {}; choose another name",
            path.display(),
            input.display()
        );
        if let Some(Screen::Export(d)) = self.screens.last_mut() {
            d.confirm = false;
            d.refused = Some(msg.clone());
        }
        self.error(msg);
    }

    /// The export target exists: ask before overwriting.
    pub fn export_exists(&mut self, path: &Path) {
        if let Some(Screen::Export(d)) = self.screens.last_mut() {
            d.confirm = true;
        }
        self.error(format!(
            "{} exists: Enter overwrites, Esc cancels",
            path.display()
        ));
    }

    /// The export was written: close the dialog and say where.
    pub fn export_done(&mut self, path: &Path, rows: usize, format: Format) {
        if matches!(self.screens.last(), Some(Screen::Export(_))) {
            self.screens.pop();
        }
        self.say(format!(
            "wrote {rows} rows to {} ({format})",
            path.display()
        ));
    }
}
