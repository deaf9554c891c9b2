//! Full-text search across every loaded report (`Ctrl-F`): a results list
//! that jumps to the report and section. Matching is on the folded text
//! precomputed at load (NFKC, Simplified, ASCII lower-case).

use super::app::App;
use super::draw;
use super::layout::centered;
use super::panes::{frame, Cursor};
use super::width::fit;
use crate::corpus::Corpus;
use crate::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use std::ops::Range;

/// At most this many hits are kept.
pub const MAX_HITS: usize = 2000;

/// One place a query was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Corpus index of the report.
    pub entry: usize,
    /// Byte range of the match in the report's text.
    pub bytes: Range<usize>,
}

/// State of the search screen.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The query searched.
    pub query: String,
    /// Hits in corpus order.
    pub hits: Vec<Hit>,
    /// Whether hits were cut at [`MAX_HITS`].
    pub truncated: bool,
    /// Selection and scroll.
    pub cursor: Cursor,
}

impl SearchState {
    /// Search every loaded report for `query`.
    pub fn run(&mut self, corpus: &Corpus, query: &str) {
        self.query = query.to_string();
        self.hits.clear();
        self.truncated = false;
        self.cursor = Cursor::default();
        let needle = text::normalize(query.trim()).to_ascii_lowercase();
        if needle.is_empty() {
            return;
        }
        for (i, e) in corpus.entries.iter().enumerate() {
            let starts: Vec<usize> = e.folded.match_indices(&needle).map(|(b, _)| b).collect();
            if starts.is_empty() {
                continue;
            }
            // Folded and original text are aligned by character, not byte.
            let n = needle.chars().count();
            let mut fold_chars = e.folded.char_indices().enumerate();
            let offsets: Vec<usize> = e.report.text.char_indices().map(|(b, _)| b).collect();
            for s in starts {
                let Some((ci, _)) = fold_chars.by_ref().find(|(_, (b, _))| *b == s) else {
                    break;
                };
                let start = offsets.get(ci).copied().unwrap_or(e.report.text.len());
                let end = offsets.get(ci + n).copied().unwrap_or(e.report.text.len());
                self.hits.push(Hit {
                    entry: i,
                    bytes: start..end,
                });
                if self.hits.len() >= MAX_HITS {
                    self.truncated = true;
                    return;
                }
            }
        }
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
    let r = centered(
        area,
        area.width.saturating_sub(4).max(20),
        area.height.saturating_sub(4).max(5),
    );
    Clear.render(r, buf);
    let title = format!(
        "Search all reports: {}  {}",
        s.query,
        if s.query.is_empty() {
            ""
        } else {
            "Enter opens"
        }
    );
    let body = frame(buf, r, &[(&title, theme.text())], true, theme, ambig);
    if s.hits.is_empty() {
        let msg = if s.query.is_empty() {
            "type a query, Enter searches"
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
        let t = &e.report.text;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Report;

    #[test]
    fn finds_folded_text_and_maps_bytes() {
        let r = Report {
            path: "a.txt".into(),
            text: "共办理案件３０２件，302件。".into(),
            ..Report::default()
        };
        let corpus = Corpus::from_reports([r]);
        let mut s = SearchState::default();
        s.run(&corpus, "302件");
        assert_eq!(s.hits.len(), 2);
        let t = &corpus.entries[0].report.text;
        assert_eq!(&t[s.hits[0].bytes.clone()], "３０２件");
        assert_eq!(&t[s.hits[1].bytes.clone()], "302件");
    }
}
