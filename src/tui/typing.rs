//! The input line (opened, edited, confirmed, cancelled), and typing and
//! pasting into it and the other text inputs (the region and indicator
//! filters, find in the reader, full-text search, the compare picker, the
//! export path), each capped in length so that a huge paste costs one
//! bounded edit and the browser keeps answering keys.

use super::app::{App, Input, InputTarget, Screen};
use super::panes::Pane;

/// Most characters of a filter, find or search query (and the compare
/// picker's): longer text matches nothing a report holds, and every key
/// typed re-runs the query.
pub const MAX_INPUT_CHARS: usize = 200;

/// Most characters of the export dialog's path.
pub const MAX_PATH_CHARS: usize = 1024;

/// Append to `s` what fits of `text` within `max` characters, controls
/// (line breaks of a paste) as spaces; whether all of it fitted.
fn push_capped(s: &mut String, text: &str, max: usize) -> bool {
    let room = max.saturating_sub(s.chars().count());
    let mut chars = text.chars().map(|c| if c.is_control() { ' ' } else { c });
    s.extend(chars.by_ref().take(room));
    chars.next().is_none()
}

impl App {
    pub(super) fn start_input(&mut self) {
        let (target, text) = match self.focus {
            Pane::Regions => (InputTarget::Regions, self.regions.filter.clone()),
            Pane::Indicators => (InputTarget::Indicators, self.indicators.filter.clone()),
            Pane::Sections | Pane::Reader => (InputTarget::Reader, self.reader.find.clone()),
        };
        self.input = Some(Input { target, text });
    }

    pub(super) fn edit_input(&mut self, f: impl FnOnce(&mut String)) {
        let Some(input) = &mut self.input else { return };
        f(&mut input.text);
        let (target, text) = (input.target, input.text.clone());
        self.apply_input(target, &text);
    }

    pub(crate) fn apply_input(&mut self, target: InputTarget, text: &str) {
        match target {
            InputTarget::Regions => {
                let before = self.regions.selected_entry();
                self.regions.set_filter(text);
                if self.regions.selected_entry() != before {
                    self.sync_report();
                }
            }
            InputTarget::Indicators => {
                self.indicators.filter = text.to_string();
                self.refresh_indicators();
            }
            InputTarget::Reader => {
                let h = self.page(Pane::Reader);
                self.reader.set_find(text, h);
            }
            InputTarget::Search => {
                if let Some(Screen::Search(s)) = self.screens.last_mut() {
                    s.start(&self.corpus, text);
                }
            }
        }
    }

    pub(super) fn confirm_input(&mut self) {
        let Some(input) = self.input.take() else {
            return;
        };
        if input.target == InputTarget::Search {
            if let Some(Screen::Search(s)) = self.screens.last_mut() {
                s.run(&self.corpus, &input.text);
                let msg = s.summary();
                self.say(msg);
            }
        }
    }

    pub(super) fn cancel_input(&mut self) {
        let Some(input) = self.input.take() else {
            return;
        };
        match input.target {
            InputTarget::Search => {
                if matches!(self.screens.last(), Some(Screen::Search(s)) if s.hits.is_empty()) {
                    self.screens.pop();
                }
            }
            t => self.apply_input(t, ""),
        }
    }

    /// A character typed into the input line or the top screen's text.
    pub(crate) fn type_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.insert_text(c.encode_utf8(&mut buf));
    }

    /// Pasted text (a bracketed paste): one edit, however long, capped like
    /// typing.
    pub fn paste(&mut self, text: &str) {
        if self.screen_takes_text() || self.input.is_some() {
            self.insert_text(text);
        }
    }

    /// Insert `text` where typing goes, up to the cap; the query is run
    /// once, and not at all when nothing fitted.
    fn insert_text(&mut self, text: &str) {
        let (max, fitted) = match self.screens.last_mut() {
            Some(Screen::Pick(p)) => {
                let mut q = p.query.clone();
                let before = q.len();
                let fitted = push_capped(&mut q, text, MAX_INPUT_CHARS);
                if q.len() != before {
                    p.set_query(q);
                }
                (MAX_INPUT_CHARS, fitted)
            }
            Some(Screen::Export(d)) => {
                let mut path = d.path.clone();
                let fitted = push_capped(&mut path, text, MAX_PATH_CHARS);
                d.edit(|p| *p = path);
                (MAX_PATH_CHARS, fitted)
            }
            _ => {
                let Some(input) = &mut self.input else { return };
                let before = input.text.len();
                let fitted = push_capped(&mut input.text, text, MAX_INPUT_CHARS);
                if input.text.len() != before {
                    let (target, text) = (input.target, input.text.clone());
                    self.apply_input(target, &text);
                }
                (MAX_INPUT_CHARS, fitted)
            }
        };
        if !fitted {
            self.error(format!("input capped at {max} characters"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_what_fits_with_controls_as_spaces() {
        let mut s = "ab".to_string();
        assert!(push_capped(&mut s, "c\nd", 5));
        assert_eq!(s, "abc d");
        assert!(!push_capped(&mut s, "e", 5));
        assert_eq!(s, "abc d");
        let mut s = String::new();
        assert!(!push_capped(&mut s, &"法".repeat(10), 3));
        assert_eq!(s, "法法法");
    }
}
