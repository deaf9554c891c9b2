//! Reader pane: the selected section's text wrapped by display width, with
//! indicator figures highlighted, scrolling, and find (`/`, `n`, `N`).
//!
//! The text is prepared once per selection ([`Doc`]): characters (converted
//! to Simplified one-for-one when asked), their byte offsets in the report,
//! and the wrapped lines; drawing only styles the visible lines.

use super::{frame, Pane};
use crate::model::Report;
use crate::text;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::width::{wrap, AmbiguousWidth};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::ops::Range;

/// The text being read, prepared for display.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Corpus index of the report.
    pub entry: usize,
    /// Byte range of the report shown.
    pub range: Range<usize>,
    /// Displayed characters (Simplified if asked, one per original character).
    pub chars: Vec<char>,
    /// Byte offset in `Report::text` of each character.
    pub bytes: Vec<usize>,
    /// Byte offset in `Report::text` where the text ends.
    pub byte_end: usize,
    /// Character ranges of the indicator figures.
    pub marks: Vec<Range<usize>>,
    /// Wrapped lines as character ranges.
    pub lines: Vec<Range<usize>>,
    /// The width the lines were wrapped for.
    pub width: usize,
    /// Folded (NFKC, Simplified, lower-case) characters for find, aligned with `chars`.
    folded: Vec<char>,
}

impl Doc {
    /// Prepare the bytes `range` of a report for a pane `width` columns wide.
    pub fn new(
        entry: usize,
        r: &Report,
        range: Range<usize>,
        simplified: bool,
        width: usize,
        ambig: AmbiguousWidth,
    ) -> Doc {
        let slice = r.text.get(range.clone()).unwrap_or("");
        let start = if r.text.get(range.clone()).is_some() {
            range.start
        } else {
            0
        };
        let byte_end = start + slice.len();
        let mut bytes: Vec<usize> = slice.char_indices().map(|(b, _)| start + b).collect();
        let mut chars: Vec<char> = if simplified {
            text::to_simplified_aligned(slice).chars().collect()
        } else {
            slice.chars().collect()
        };
        let mut folded: Vec<char> = text::normalize(slice)
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        // A heading that ran on into its first paragraph is shown on a line
        // of its own, the paragraph below it (a line break shown, not in the
        // report: it stands at the paragraph's first byte).
        for at in run_on_breaks(r, start..byte_end).rev() {
            let i = bytes.partition_point(|&b| b < at);
            bytes.insert(i, at);
            chars.insert(i, '\n');
            folded.insert(i, '\n');
        }
        let mut marks: Vec<Range<usize>> = r
            .indicators
            .iter()
            .filter_map(|ind| {
                Some(
                    char_index(&bytes, byte_end, ind.span.start as usize)?
                        ..char_end(&bytes, ind.span.end as usize),
                )
            })
            .filter(|m| m.start < m.end)
            .collect();
        marks.sort_by_key(|m| m.start);
        let lines = wrap(&chars, width, ambig);
        Doc {
            entry,
            range,
            chars,
            bytes,
            byte_end,
            marks,
            lines,
            width,
            folded,
        }
    }

    /// The character at byte `b` of the report, if it is in this text.
    pub fn char_at_byte(&self, b: usize) -> Option<usize> {
        char_index(&self.bytes, self.byte_end, b)
    }

    /// The wrapped line holding character `c`.
    pub fn line_of(&self, c: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= c)
            .saturating_sub(1)
    }
}

/// Where the headings in `range` whose title was cut from the paragraph
/// their line runs on into end (their paragraph starts), in order.
fn run_on_breaks(r: &Report, range: Range<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    r.sections
        .iter()
        .map(|s| s.heading.end as usize)
        .filter(move |&end| {
            range.start < end
                && end < range.end
                && r.text
                    .get(end..)
                    .is_some_and(|t| !t.starts_with(['\n', '\r']))
        })
}

/// Index of the character holding byte `b` (`bytes` start at or before it, `end` after).
fn char_index(bytes: &[usize], end: usize, b: usize) -> Option<usize> {
    if bytes.first().is_none_or(|&first| b < first) || b >= end {
        return None;
    }
    Some(bytes.partition_point(|&x| x <= b) - 1)
}

/// One past the last character ending at or before byte `b`.
fn char_end(bytes: &[usize], b: usize) -> usize {
    bytes.partition_point(|&x| x < b)
}

/// State of the reader pane.
#[derive(Debug, Clone, Default)]
pub struct ReaderState {
    /// The text shown.
    pub doc: Option<Doc>,
    /// First visible line.
    pub scroll: usize,
    /// Find text.
    pub find: String,
    /// Character ranges of the find matches.
    pub matches: Vec<Range<usize>>,
    /// The current match.
    pub current: Option<usize>,
    /// Character range of the selected indicator's sentence.
    pub focus: Option<Range<usize>>,
}

impl ReaderState {
    /// Show a new text from the top; find is kept and re-run.
    pub fn open(&mut self, doc: Doc) {
        self.doc = Some(doc);
        self.scroll = 0;
        self.focus = None;
        let q = std::mem::take(&mut self.find);
        self.set_find(&q, 0);
    }

    /// Re-wrap for a new width, keeping the top line's text in view.
    pub fn rewrap(&mut self, width: usize, ambig: AmbiguousWidth) {
        let Some(doc) = &mut self.doc else { return };
        if doc.width == width {
            return;
        }
        let top = doc.lines.get(self.scroll).map(|l| l.start).unwrap_or(0);
        doc.lines = wrap(&doc.chars, width, ambig);
        doc.width = width;
        self.scroll = doc.line_of(top);
    }

    /// Number of wrapped lines.
    pub fn line_count(&self) -> usize {
        self.doc.as_ref().map(|d| d.lines.len()).unwrap_or(0)
    }

    /// Scroll by `delta` lines in a pane `height` lines tall.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let max = self.line_count().saturating_sub(height.max(1));
        self.scroll = ((self.scroll as isize).saturating_add(delta).max(0) as usize).min(max);
    }

    /// Scroll so character `c` shows a third of the way down.
    pub fn show_char(&mut self, c: usize, height: usize) {
        let Some(doc) = &self.doc else { return };
        let line = doc.line_of(c);
        self.scroll = 0;
        self.scroll_by(line as isize - (height / 3) as isize, height);
    }

    /// Set the find text; matches are found in folded text (NFKC,
    /// Simplified, ASCII lower-case), so `３０２` finds `302`. Jumps to the
    /// first match at or after the top line (scrolling a pane `height` tall).
    pub fn set_find(&mut self, query: &str, height: usize) {
        self.find = query.to_string();
        self.matches.clear();
        self.current = None;
        let needle: Vec<char> = text::normalize(query)
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let Some(doc) = &self.doc else { return };
        if needle.is_empty() || needle.len() > doc.folded.len() {
            return;
        }
        let mut i = 0;
        while i + needle.len() <= doc.folded.len() {
            if doc.folded[i..i + needle.len()] == needle[..] {
                self.matches.push(i..i + needle.len());
                i += needle.len();
            } else {
                i += 1;
            }
        }
        let top = doc.lines.get(self.scroll).map(|l| l.start).unwrap_or(0);
        if !self.matches.is_empty() {
            let k = self
                .matches
                .iter()
                .position(|m| m.start >= top)
                .unwrap_or(0);
            self.current = Some(k);
            if height > 0 {
                let c = self.matches[k].start;
                if !self.is_visible(c, height) {
                    self.show_char(c, height);
                }
            }
        }
    }

    /// Go to the next (`forward`) or previous match, wrapping around.
    pub fn step_match(&mut self, forward: bool, height: usize) -> bool {
        let n = self.matches.len();
        if n == 0 {
            return false;
        }
        let k = match self.current {
            Some(k) if forward => (k + 1) % n,
            Some(k) => (k + n - 1) % n,
            None => 0,
        };
        self.current = Some(k);
        self.show_char(self.matches[k].start, height);
        true
    }

    fn is_visible(&self, c: usize, height: usize) -> bool {
        self.doc.as_ref().is_some_and(|d| {
            let l = d.line_of(c);
            l >= self.scroll && l < self.scroll + height
        })
    }
}

/// What a character is, for styling (later kinds win).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Sentence,
    Figure,
    Match,
    Current,
}

/// Draw the reader pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let st = &app.reader;
    let theme = &app.theme;
    let focused = app.focus == Pane::Reader;
    let doc = st.doc.as_ref();
    let label = doc
        .and_then(|d| app.corpus.entries.get(d.entry))
        .map(|e| e.report.label())
        .unwrap_or_default();
    let section = app
        .sections
        .selected_section()
        .zip(doc.and_then(|d| app.corpus.entries.get(d.entry)))
        .and_then(|(i, e)| e.report.sections.get(i))
        .map(|s| format!("  {}{}", s.marker, s.title))
        .unwrap_or_default();
    let pos = format!(
        "  {}/{}",
        (st.scroll + 1).min(st.line_count()),
        st.line_count()
    );
    let find = match (st.find.is_empty(), st.current) {
        (true, _) => String::new(),
        (false, Some(k)) => format!("  /{} {}/{}", st.find, k + 1, st.matches.len()),
        (false, None) => format!("  /{} 0", st.find),
    };
    let simp = if app.simplified { "  简" } else { "" };
    let title = format!("Reader {label}{section}");
    let right = format!("{find}{pos}{simp}");
    let body = frame(
        buf,
        area,
        &[(&title, theme.text())],
        focused,
        theme,
        app.ambig,
    );
    let rw = crate::tui::width::str_width(&right, app.ambig) as u16;
    if area.width > rw + 12 {
        draw::put(
            buf,
            area.right() - rw - 2,
            area.y,
            rw,
            &[(&right, theme.dim())],
            app.ambig,
        );
    }
    let Some(doc) = doc else {
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[("(no report)", theme.dim())],
            app.ambig,
        );
        return;
    };
    let styles = [
        theme.text(),
        theme.sentence(),
        theme.indicator(),
        theme.matched(),
        theme.matched(),
    ];
    let current = st.current.and_then(|k| st.matches.get(k));
    let mut text = String::new();
    for (row, line) in doc
        .lines
        .iter()
        .skip(st.scroll)
        .take(body.height as usize)
        .enumerate()
    {
        let kind_of = |c: usize| -> Kind {
            let inside = |r: &Range<usize>| r.contains(&c);
            if current.is_some_and(inside) {
                Kind::Current
            } else if st
                .matches
                .get(st.matches.partition_point(|m| m.end <= c))
                .is_some_and(inside)
            {
                Kind::Match
            } else if doc.marks.iter().take_while(|m| m.start <= c).any(inside) {
                Kind::Figure
            } else if st.focus.as_ref().is_some_and(inside) {
                Kind::Sentence
            } else {
                Kind::Plain
            }
        };
        // Group the line into runs of one kind.
        let mut runs: Vec<(Range<usize>, Kind)> = Vec::new();
        for c in line.clone() {
            let k = kind_of(c);
            match runs.last_mut() {
                Some((r, last)) if *last == k => r.end = c + 1,
                _ => runs.push((c..c + 1, k)),
            }
        }
        text.clear();
        let mut spans: Vec<(Range<usize>, Style)> = Vec::new();
        for (r, k) in runs {
            let from = text.len();
            text.extend(
                doc.chars[r]
                    .iter()
                    .map(|&c| if c == '\t' { ' ' } else { c }),
            );
            let mut style = styles[k as usize];
            if k == Kind::Current {
                style = style.add_modifier(
                    ratatui::style::Modifier::BOLD | ratatui::style::Modifier::UNDERLINED,
                );
            }
            spans.push((from..text.len(), style));
        }
        let runs: Vec<(&str, Style)> = spans.iter().map(|(r, s)| (&text[r.clone()], *s)).collect();
        draw::put(
            buf,
            body.x,
            body.y + row as u16,
            body.width,
            &runs,
            app.ambig,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_bytes_to_chars() {
        let bytes = vec![10, 13, 16, 17];
        assert_eq!(char_index(&bytes, 18, 13), Some(1));
        assert_eq!(char_index(&bytes, 18, 14), Some(1));
        assert_eq!(char_index(&bytes, 18, 9), None);
        assert_eq!(char_index(&bytes, 18, 18), None);
        assert_eq!(char_end(&bytes, 16), 2);
    }

    #[test]
    fn a_run_on_heading_stands_on_its_own_line() {
        let text =
            "报告\n一、主要工作\n1.健全工作机制县委常委会召开专题会议2次,研究部署重点任务。\n";
        let r = crate::parse::parse_report("a.txt", text.to_string());
        let s = r
            .sections
            .iter()
            .find(|s| s.title == "健全工作机制")
            .unwrap();
        let doc = Doc::new(0, &r, s.body.range(), false, 80, AmbiguousWidth::Narrow);
        let lines: Vec<String> = doc
            .lines
            .iter()
            .map(|l| doc.chars[l.clone()].iter().collect())
            .collect();
        assert_eq!(lines[0], "1.健全工作机制");
        assert!(lines[1].starts_with("县委常委会"), "{lines:?}");
        // the figure is still marked where it stands
        let m = &doc.marks[0];
        assert_eq!(doc.chars[m.clone()].iter().collect::<String>(), "2次");
    }
}
