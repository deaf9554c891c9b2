//! What the panes show follows the selection: the selected report's
//! outline, the selected section's text in the reader and its indicators,
//! the reader scrolled to an indicator's sentence or a search hit, and
//! every list's selection kept on screen.

use super::app::App;
use super::panes::reader::{Doc, ReaderState};
use super::panes::Pane;

impl App {
    /// Keep every list's selection on screen.
    pub(super) fn follow_all(&mut self) {
        let h = self.page(Pane::Regions);
        self.regions.cursor.follow(h);
        let h = self.page(Pane::Sections);
        self.sections.cursor.follow(h);
        let h = self.page(Pane::Indicators);
        self.indicators.cursor.follow(h);
    }

    /// The selected report changed: show its outline, text and indicators.
    pub(super) fn sync_report(&mut self) {
        let e = self.regions.selected_entry();
        if let Some(i) = e {
            self.hydrate(i);
        }
        let r = e
            .and_then(|i| self.corpus.entries.get(i))
            .map(|x| &x.report);
        self.sections.set_entry(e, r);
        self.sync_section();
    }

    /// The selected section changed: show its text and indicators.
    pub(super) fn sync_section(&mut self) {
        self.sync_reader();
        self.refresh_indicators();
    }

    pub(super) fn refresh_indicators(&mut self) {
        let e = self.sections.entry.and_then(|i| self.corpus.entries.get(i));
        let scope = e
            .map(|e| self.sections.selected_range(&e.report))
            .unwrap_or(0..0);
        self.indicators.refresh(e.map(|e| &e.report), scope);
    }

    pub(super) fn sync_reader(&mut self) {
        let Some((i, e)) = self
            .sections
            .entry
            .and_then(|i| Some((i, self.corpus.entries.get(i)?)))
        else {
            self.reader = ReaderState {
                find: std::mem::take(&mut self.reader.find),
                ..ReaderState::default()
            };
            return;
        };
        let range = self.sections.selected_range(&e.report);
        let width = self.body(Pane::Reader).width as usize;
        let scroll = self.reader.scroll;
        let same = self
            .reader
            .doc
            .as_ref()
            .is_some_and(|d| d.entry == i && d.range == range);
        self.reader.open(Doc::new(
            i,
            &e.report,
            range,
            self.simplified,
            width,
            self.ambig,
        ));
        if same {
            self.reader.scroll = scroll;
        }
    }

    /// Scroll the reader to the selected indicator's sentence.
    pub(super) fn show_indicator(&mut self) {
        let Some(e) = self.sections.entry.and_then(|i| self.corpus.entries.get(i)) else {
            return;
        };
        let Some(ind) = self
            .indicators
            .selected()
            .and_then(|k| e.report.indicators.get(k))
        else {
            return;
        };
        let sentence = ind.sentence.range();
        let h = self.page(Pane::Reader);
        let Some(doc) = &self.reader.doc else { return };
        let start = doc
            .char_at_byte(sentence.start)
            .or_else(|| doc.char_at_byte(ind.span.start as usize));
        let end = doc
            .char_at_byte(sentence.end.saturating_sub(1))
            .map(|c| c + 1);
        if let Some(s) = start {
            self.reader.focus = Some(s..end.unwrap_or(s + 1).max(s + 1));
            self.reader.show_char(s, h);
        }
    }

    /// Show report `entry` at byte `at`: select it (clearing a filter that
    /// hides it), its innermost section there, scroll the reader to it and
    /// find `query`.
    pub fn jump_to(&mut self, entry: usize, at: usize, query: &str) {
        if !self.regions.select_entry(entry) {
            self.regions.set_filter("");
            self.regions.select_entry(entry);
        }
        self.sync_report();
        if let Some(e) = self.corpus.entries.get(entry) {
            self.sections.select_at(&e.report, at);
        }
        self.sync_section();
        let h = self.page(Pane::Reader);
        self.reader.set_find(query, h);
        if let Some(c) = self.reader.doc.as_ref().and_then(|d| d.char_at_byte(at)) {
            if let Some(k) = self.reader.matches.iter().position(|m| m.contains(&c)) {
                self.reader.current = Some(k);
            }
            self.reader.show_char(c, h);
        }
        self.focus = Pane::Reader;
        self.follow_all();
    }
}
