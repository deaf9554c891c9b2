//! Full-text search across every loaded report (`Ctrl-F`): a results list
//! that jumps to the report and section. Each keystroke starts a search on
//! background threads ([`crate::corpus::search`]), cancelling the previous
//! one; hits appear as they are found (see [`SearchState::poll`]).

use super::app::App;
use super::draw;
use super::layout::large_overlay;
use super::panes::{frame, Cursor};
use super::width::fit;
use crate::corpus::search::{Query, Search};
use crate::corpus::Corpus;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use std::sync::Arc;

pub use crate::corpus::search::{Hit, MAX_HITS};

/// State of the search screen.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The query searched.
    pub query: String,
    /// Hits in corpus order (growing while the search runs).
    pub hits: Vec<Hit>,
    /// Whether hits were cut at [`MAX_HITS`].
    pub truncated: bool,
    /// Selection and scroll.
    pub cursor: Cursor,
    /// The search still running, if any.
    job: Option<Arc<Search>>,
    /// Entries and files done when the search started: a later search over
    /// a grown corpus is a new one.
    generation: (usize, usize),
}

impl SearchState {
    /// Start searching every loaded report for `query` in the background
    /// (cancelling a running search); returns at once.
    pub fn start(&mut self, corpus: &Corpus, query: &str) {
        self.query = query.to_string();
        self.hits.clear();
        self.truncated = false;
        self.cursor = Cursor::default();
        self.generation = (corpus.entries.len(), corpus.done);
        let q = Query::new(query);
        self.job = (!q.is_empty()).then(|| Arc::new(Search::start(corpus.entries.clone(), &q)));
    }

    /// Search every loaded report for `query` and wait for every hit (the
    /// search already started is kept when it is for the same query and
    /// corpus).
    pub fn run(&mut self, corpus: &Corpus, query: &str) {
        let generation = (corpus.entries.len(), corpus.done);
        if self.query != query || self.generation != generation || self.query.is_empty() {
            self.start(corpus, query);
        }
        if let Some(job) = &self.job {
            job.wait();
        }
        self.poll();
    }

    /// Take the hits found since the last poll; returns whether anything
    /// changed (new hits, or the search ended).
    pub fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        let before = self.hits.len();
        let over = job.take(&mut self.hits);
        if over {
            self.truncated = job.truncated();
            self.job = None;
        }
        over || self.hits.len() != before
    }

    /// Whether a search is still running.
    pub fn searching(&self) -> bool {
        self.job.is_some()
    }

    /// A line for the status bar.
    pub fn summary(&self) -> String {
        let more = if self.truncated { "+" } else { "" };
        format!("{}{more} hits for \"{}\"", self.hits.len(), self.query)
    }
}

/// Draw the search screen.
pub fn render(app: &App, s: &SearchState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    let r = large_overlay(area);
    Clear.render(r, buf);
    let title = format!(
        "Search all reports: {}  {}",
        s.query,
        if s.query.is_empty() {
            ""
        } else if s.searching() {
            "searching…"
        } else {
            "Enter opens"
        }
    );
    let body = frame(buf, r, &[(&title, theme.text())], true, theme, ambig);
    if s.hits.is_empty() {
        let msg = if s.query.is_empty() {
            "type a query, Enter searches"
        } else if s.searching() {
            "searching…"
        } else {
            "no hits"
        };
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[(msg, theme.dim())],
            ambig,
        );
        return;
    }
    let h = body.height as usize;
    let offset = s.cursor.visible_offset(h);
    let label_w = 14.min(body.width as usize / 3);
    for (row, hit) in s.hits.iter().enumerate().skip(offset).take(h) {
        let Some(e) = app.corpus.entries.get(hit.entry) else {
            continue;
        };
        let t = hit.text(e);
        if t.get(hit.bytes.clone()).is_none() {
            continue;
        }
        let before = snippet_start(t, hit.bytes.start, 12);
        let after = snippet_end(t, hit.bytes.end, 40);
        let clean = |x: &str| x.replace(['\n', '\r', '\t'], " ");
        let label = fit(&e.name(), label_w, ambig);
        let pre = clean(&t[before..hit.bytes.start]);
        let mid = clean(&t[hit.bytes.clone()]);
        let post = clean(&t[hit.bytes.end..after]);
        let sel = row == s.cursor.selected;
        let base = if sel {
            theme.selected(true)
        } else {
            theme.text()
        };
        let y = body.y + (row - offset) as u16;
        draw::row(
            buf,
            body,
            y,
            &[
                (&label, base),
                (" ", base),
                (&pre, base),
                (&mid, base.patch(theme.matched())),
                (&post, base),
            ],
            base,
            ambig,
        );
    }
}

fn snippet_start(t: &str, at: usize, chars: usize) -> usize {
    t[..at]
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map(|(b, _)| b)
        .unwrap_or(at)
}

fn snippet_end(t: &str, at: usize, chars: usize) -> usize {
    t[at..]
        .char_indices()
        .nth(chars)
        .map(|(b, _)| at + b)
        .unwrap_or(t.len())
}
