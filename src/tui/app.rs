//! The browser's state and its one entry point for change,
//! [`App::update`]: no I/O, no drawing, so tests drive it directly.

use super::action::Action;
use super::config::Theme;
use super::effects::Effect;
use super::keymap::Keymap;
use super::layout::{self, inner};
use super::panes::indicators::IndicatorsState;
use super::panes::reader::ReaderState;
use super::panes::regions::RegionsState;
use super::panes::sections::SectionsState;
use super::panes::Pane;
use super::screens::audit::AuditState;
use super::screens::compare::CompareState;
use super::screens::export::ExportDialog;
use super::screens::picker::PickState;
use super::screens::rank::RankState;
use super::search::SearchState;
use super::width::AmbiguousWidth;
use crate::corpus::{Change, Corpus, LoadEvent};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// A screen drawn over the browser; the top of [`App::screens`] gets the keys.
/// New screens (compare, rank, export) are added as variants here.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The key help, scrolled by this many lines.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// Files that failed to load, scrolled by this many lines.
    LoadLog {
        /// First line shown.
        scroll: usize,
    },
    /// What was found about the selected report, scrolled by this many lines.
    ReportInfo {
        /// First line shown.
        scroll: usize,
    },
    /// Full-text search across all loaded reports.
    Search(SearchState),
    /// Picking the second report of a comparison.
    Pick(PickState),
    /// Two reports compared.
    Compare(Box<CompareState>),
    /// Every report ranked by one key.
    Rank(RankState),
    /// The export dialog.
    Export(ExportDialog),
    /// The corpus audits (computed in the background).
    Audit(Box<AuditState>),
}

/// What the input line is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputTarget {
    /// The regions filter.
    Regions,
    /// Find in the reader.
    Reader,
    /// The indicators filter.
    Indicators,
    /// The full-text search query.
    Search,
}

/// The active input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where the text goes.
    pub target: InputTarget,
    /// The text typed so far.
    pub text: String,
}

/// Settings the browser starts with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Key bindings.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// Columns of ambiguous-width characters.
    pub ambig: AmbiguousWidth,
    /// Mouse capture on.
    pub mouse: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keymap: Keymap::default(),
            theme: Theme::default(),
            ambig: AmbiguousWidth::Narrow,
            mouse: true,
        }
    }
}

/// The whole state of the browser.
#[derive(Debug, Clone)]
pub struct App {
    /// Reports loaded so far and files that failed.
    pub corpus: Corpus,
    /// Key bindings.
    pub keymap: Keymap,
    /// Colours.
    pub theme: Theme,
    /// Columns of ambiguous-width characters.
    pub ambig: AmbiguousWidth,
    /// Mouse capture wanted (the event loop follows it).
    pub mouse: bool,
    /// Show Traditional text in Simplified characters.
    pub simplified: bool,
    /// The focused pane.
    pub focus: Pane,
    /// Regions pane.
    pub regions: RegionsState,
    /// Sections pane.
    pub sections: SectionsState,
    /// Reader pane.
    pub reader: ReaderState,
    /// Indicators pane.
    pub indicators: IndicatorsState,
    /// Screens over the browser, top last.
    pub screens: Vec<Screen>,
    /// The input line, while typing.
    pub input: Option<Input>,
    /// Last message for the status line, and whether it is an error.
    pub status: Option<(String, bool)>,
    /// Terminal size.
    pub size: Rect,
    /// Set when the user quits.
    pub quit: bool,
    /// I/O asked for by `update`, for the run loop ([`super::effects`]).
    pub effects: Vec<Effect>,
}

impl App {
    /// A browser over a corpus (which may still be empty and filled later with [`App::absorb`]).
    pub fn new(corpus: Corpus, settings: Settings) -> App {
        let mut app = App {
            corpus: Corpus::default(),
            keymap: settings.keymap,
            theme: settings.theme,
            ambig: settings.ambig,
            mouse: settings.mouse,
            simplified: false,
            focus: Pane::Regions,
            regions: RegionsState::default(),
            sections: SectionsState::default(),
            reader: ReaderState::default(),
            indicators: IndicatorsState::default(),
            screens: Vec::new(),
            input: None,
            status: None,
            size: Rect::new(0, 0, 120, 40),
            quit: false,
            effects: Vec::new(),
        };
        let n = corpus.entries.len();
        app.corpus = corpus;
        app.regions.update(0..n, &[], &app.corpus);
        app.sync_report();
        app
    }

    /// Apply loader events (a batch at a time: new and changed rows are
    /// merged into the regions list once); a report shown is refreshed when
    /// its full parse arrives, and the selection stays on the same report.
    pub fn absorb(&mut self, events: impl IntoIterator<Item = LoadEvent>) {
        let before = self.corpus.entries.len();
        let notes = self.corpus.notes.len();
        let (mut upgraded, mut changed, mut removed) = (Vec::new(), Vec::new(), Vec::new());
        for ev in events {
            if let LoadEvent::Watch(msg) = ev {
                self.say(msg);
                continue;
            }
            match self.corpus.apply(ev) {
                Change::Upgraded {
                    entry,
                    keys_changed,
                } => {
                    upgraded.push(entry);
                    if keys_changed {
                        changed.push(entry);
                    }
                }
                Change::Removed(entry) => removed.push(entry),
                Change::Added(_) | Change::None => {}
            }
        }
        let after = self.corpus.entries.len();
        if let Some(n) = self.corpus.notes.get(notes..).and_then(<[String]>::last) {
            let n = n.clone();
            self.error(n);
        }
        // An entry listed and upgraded in one batch is new, not changed: it
        // must not reach the view twice.
        changed.retain(|e| !(before..after).contains(e));
        let had = self.regions.selected_entry();
        if !removed.is_empty() {
            self.regions.remove(&removed);
        }
        if after > before || !changed.is_empty() {
            self.regions.update(before..after, &changed, &self.corpus);
            if had.is_none() {
                self.regions.cursor = Default::default();
            }
        }
        let shown = self.sections.entry;
        if self.regions.selected_entry() != had || shown.is_some_and(|e| upgraded.contains(&e)) {
            self.sync_report();
        }
    }

    /// Make sure entry `i` holds its text (a report from the cache is read
    /// again from its file); a file that cannot be read or changed since
    /// is an error in the status line.
    pub(crate) fn hydrate(&mut self, i: usize) {
        if let Err(e) = self.corpus.hydrate(i) {
            self.error(e.to_string());
        }
    }

    /// Take what background work (a full-text search) has ready; returns
    /// whether anything changed. Work still running: see [`App::busy`].
    pub fn tick(&mut self) -> bool {
        match self.screens.last_mut() {
            Some(Screen::Search(s)) => s.poll(),
            Some(Screen::Audit(a)) => {
                let done = a.poll();
                if done {
                    self.say("audit ready");
                }
                done
            }
            Some(Screen::Rank(r)) => r.poll(),
            _ => false,
        }
    }

    /// Whether background work is running that [`App::tick`] takes from.
    pub fn busy(&self) -> bool {
        match self.screens.last() {
            Some(Screen::Search(s)) => s.searching(),
            Some(Screen::Audit(a)) => a.computing(),
            Some(Screen::Rank(r)) => r.checking(),
            _ => false,
        }
    }

    /// Set a status line message.
    pub fn say(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), false));
    }

    /// Set a status line error.
    pub fn error(&mut self, msg: impl Into<String>) {
        self.status = Some((msg.into(), true));
    }

    /// The action a key means in the current mode: typing goes to the input
    /// line while one is open, everything else through the keymap.
    pub fn action_for_key(&self, ev: KeyEvent) -> Option<Action> {
        if (self.input.is_some() || self.screen_takes_text())
            && !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            match ev.code {
                KeyCode::Char(c) => return Some(Action::Type(c)),
                KeyCode::Backspace => return Some(Action::Backspace),
                _ => {}
            }
        }
        self.keymap.action(ev)
    }

    /// Handle a key: map it and update.
    pub fn key(&mut self, ev: KeyEvent) {
        if let Some(a) = self.action_for_key(ev) {
            self.update(a);
        }
    }

    /// The inside of a pane's area, for the current size (as if focused, so
    /// compact layouts give the size the pane will have when shown).
    pub fn body(&self, pane: Pane) -> Rect {
        layout::areas(self.size, pane)
            .map(|a| inner(a.pane(pane)))
            .unwrap_or_default()
    }

    pub(super) fn page(&self, pane: Pane) -> usize {
        let h = self.body(pane).height as usize;
        if pane == Pane::Indicators {
            h.saturating_sub(1).max(1)
        } else {
            h.max(1)
        }
    }

    /// Carry out one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = Rect::new(0, 0, w, h);
                let width = self.body(Pane::Reader).width as usize;
                self.reader.rewrap(width, self.ambig);
                self.follow_all();
                self.layout_tools();
            }
            Action::Type(c) => self.type_char(c),
            Action::Backspace if self.screen_takes_text() => self.update_tool(action),
            Action::Backspace => self.edit_input(|t| {
                t.pop();
            }),
            Action::Open if self.input.is_some() => self.confirm_input(),
            Action::Clear if self.input.is_some() => self.cancel_input(),
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                self.say(if self.mouse {
                    "mouse capture on"
                } else {
                    "mouse capture off (terminal selection works)"
                });
            }
            _ if !self.screens.is_empty() => self.update_screen(action),
            Action::Help => self.screens.push(Screen::Help { scroll: 0 }),
            Action::LoadLog => self.screens.push(Screen::LoadLog { scroll: 0 }),
            Action::ReportInfo => self.screens.push(Screen::ReportInfo { scroll: 0 }),
            Action::FullTextSearch => {
                self.screens.push(Screen::Search(SearchState::default()));
                self.input = Some(Input {
                    target: InputTarget::Search,
                    text: String::new(),
                });
            }
            Action::FocusNext | Action::FocusPrev => {
                self.focus = self
                    .focus
                    .cycle(if action == Action::FocusNext { 1 } else { -1 });
            }
            Action::ToggleSimplified => {
                self.simplified = !self.simplified;
                self.sync_reader();
                self.say(if self.simplified {
                    "showing Simplified"
                } else {
                    "showing the original script"
                });
            }
            Action::NextMatch | Action::PrevMatch => {
                let h = self.page(Pane::Reader);
                if !self.reader.step_match(action == Action::NextMatch, h) {
                    self.say("no find matches (/ to find)");
                }
            }
            Action::Find => self.start_input(),
            Action::Clear => self.clear_pane(),
            Action::Sort => self.sort(),
            Action::Compare | Action::Rank | Action::Export | Action::Copy | Action::Audit => {
                self.start_tool(action)
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Wheel(x, y, down) => self.wheel(x, y, down),
            _ => self.navigate(self.focus, action),
        }
        self.follow_all();
    }

    fn update_screen(&mut self, action: Action) {
        let action = match action {
            Action::Wheel(_, _, down) => [Action::Up, Action::Down][down as usize],
            a => a,
        };
        if self.on_tool_screen() {
            return self.update_tool(action);
        }
        let len = self.screen_len();
        let page = self.size.height.saturating_sub(6).max(1) as isize;
        let Some(top) = self.screens.last_mut() else {
            return;
        };
        let step = |scroll: &mut usize, delta: isize| {
            *scroll = ((*scroll as isize + delta).max(0) as usize).min(len.saturating_sub(1));
        };
        match (top, action) {
            (Screen::Help { .. }, Action::Help | Action::Clear)
            | (Screen::LoadLog { .. }, Action::LoadLog | Action::Clear)
            | (Screen::ReportInfo { .. }, Action::ReportInfo | Action::Clear)
            | (Screen::Search(_), Action::Clear) => {
                self.screens.pop();
            }
            (Screen::Search(s), Action::Open) => {
                if let Some(hit) = s.hits.get(s.cursor.selected).cloned() {
                    let query = s.query.clone();
                    self.screens.pop();
                    self.jump_to(hit.entry, hit.bytes.start, &query);
                }
            }
            (Screen::Search(s), Action::Find | Action::FullTextSearch) => {
                let text = s.query.clone();
                self.input = Some(Input {
                    target: InputTarget::Search,
                    text,
                });
            }
            (Screen::Search(s), a) => {
                let n = s.hits.len();
                match a {
                    Action::Up => s.cursor.move_by(-1, n),
                    Action::Down => s.cursor.move_by(1, n),
                    Action::PageUp => s.cursor.move_by(-page, n),
                    Action::PageDown => s.cursor.move_by(page, n),
                    Action::Top => s.cursor.set(0, n),
                    Action::Bottom => s.cursor.set(n, n),
                    _ => {}
                }
                s.cursor.follow(page as usize);
            }
            (
                Screen::Pick(_)
                | Screen::Compare(_)
                | Screen::Rank(_)
                | Screen::Export(_)
                | Screen::Audit(_),
                _,
            ) => {}
            (
                Screen::Help { scroll }
                | Screen::LoadLog { scroll }
                | Screen::ReportInfo { scroll },
                a,
            ) => match a {
                Action::Up => step(scroll, -1),
                Action::Down => step(scroll, 1),
                Action::PageUp => step(scroll, -page),
                Action::PageDown => step(scroll, page),
                Action::Top => *scroll = 0,
                Action::Bottom => step(scroll, len as isize),
                _ => {}
            },
        }
    }

    fn screen_len(&self) -> usize {
        match self.screens.last() {
            Some(Screen::Help { .. }) => super::help::help_rows(&self.keymap).len(),
            Some(Screen::LoadLog { .. }) => self.corpus.failures.len(),
            Some(Screen::ReportInfo { .. }) => self
                .regions
                .selected_entry()
                .and_then(|e| self.corpus.entries.get(e))
                .map_or(0, |e| super::screens::info::rows(&e.report).len()),
            Some(Screen::Search(s)) => s.hits.len(),
            Some(_) | None => 0,
        }
    }

    fn navigate(&mut self, pane: Pane, action: Action) {
        let page = self.page(pane) as isize;
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => 0,
        };
        if delta != 0 {
            return self.move_rows(pane, delta);
        }
        match (pane, action) {
            (Pane::Regions, Action::Open | Action::Expand) => self.focus = Pane::Sections,
            (Pane::Sections, Action::Collapse | Action::Expand | Action::Open) => {
                let Some(e) = self.sections.entry else { return };
                let Some(r) = self.corpus.entries.get(e).map(|x| &x.report) else {
                    return;
                };
                let before = self.sections.cursor.selected;
                match action {
                    Action::Collapse => {
                        self.sections.collapse(r);
                    }
                    Action::Expand => self.sections.expand(r),
                    _ if self.sections.has_children(r) => self.sections.toggle(r),
                    _ => self.focus = Pane::Reader,
                }
                if self.sections.cursor.selected != before {
                    self.sync_section();
                }
            }
            (Pane::Indicators, Action::Open) => {
                self.show_indicator();
                self.focus = Pane::Reader;
            }
            _ => {}
        }
    }

    /// Move a pane's selection (scroll the reader) by `delta` rows.
    fn move_rows(&mut self, pane: Pane, delta: isize) {
        match pane {
            Pane::Regions => {
                let before = self.regions.selected_entry();
                self.regions.cursor.move_by(delta, self.regions.view.len());
                if self.regions.selected_entry() != before {
                    self.sync_report();
                }
            }
            Pane::Sections => {
                let before = self.sections.cursor.selected;
                self.sections
                    .cursor
                    .move_by(delta, self.sections.rows.len());
                if self.sections.cursor.selected != before {
                    self.sync_section();
                }
            }
            Pane::Reader => {
                let h = self.page(Pane::Reader);
                self.reader.scroll_by(delta, h);
            }
            Pane::Indicators => {
                self.indicators
                    .cursor
                    .move_by(delta, self.indicators.rows.len());
                self.show_indicator();
            }
        }
    }

    fn sort(&mut self) {
        match self.focus {
            Pane::Regions => {
                self.regions.cycle_sort(&self.corpus);
                let name = self.regions.sort.name();
                self.say(format!("regions sorted by {name}"));
            }
            Pane::Indicators => {
                self.indicators.sort = self.indicators.sort.next();
                self.refresh_indicators();
                let name = self.indicators.sort.name();
                self.say(format!("indicators sorted by {name}"));
            }
            _ => self.say("nothing to sort here (Regions and Indicators sort)"),
        }
    }

    fn clear_pane(&mut self) {
        let target = match self.focus {
            Pane::Regions => InputTarget::Regions,
            Pane::Indicators => InputTarget::Indicators,
            Pane::Sections | Pane::Reader => InputTarget::Reader,
        };
        self.apply_input(target, "");
        self.status = None;
    }

    fn click(&mut self, x: u16, y: u16) {
        if !self.screens.is_empty() {
            return;
        }
        let Some(areas) = layout::areas(self.size, self.focus) else {
            return;
        };
        let Some(pane) = areas.pane_at(x, y) else {
            return;
        };
        self.focus = pane;
        let body = inner(areas.pane(pane));
        if y < body.y || y >= body.bottom() {
            return;
        }
        let row = (y - body.y) as usize;
        let h = body.height as usize;
        let (cursor, row, h) = match pane {
            Pane::Regions => (self.regions.cursor, row, h),
            Pane::Sections => (self.sections.cursor, row, h),
            Pane::Indicators if row > 0 => (self.indicators.cursor, row - 1, h - 1),
            _ => return,
        };
        let target = cursor.visible_offset(h) + row;
        self.move_rows(pane, target as isize - cursor.selected as isize);
    }

    fn wheel(&mut self, x: u16, y: u16, down: bool) {
        let pane = layout::areas(self.size, self.focus)
            .and_then(|a| a.pane_at(x, y))
            .unwrap_or(self.focus);
        self.move_rows(pane, if down { 3 } else { -3 });
    }
}
