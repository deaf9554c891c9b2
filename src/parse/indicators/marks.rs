//! The punctuation of a line that indicators are judged and named by:
//! clause and sentence delimiters and quoted spans, found in one pass, and
//! the bounded searches for a clause's or sentence's start and end.

use super::{is_clause_delim, is_sentence_delim};
use std::ops::Range;

/// The punctuation of a line that candidates are judged and named by,
/// found in one pass over the line when its first candidate needs it.
pub(super) struct Marks {
    /// Byte ranges inside quotation marks (short ones: names and slogans)
    /// and inside book-title marks 《》, merged and sorted so that
    /// [`in_spans`] can search them in logarithmic time (a long line holds
    /// many).
    pub(super) quotes: Vec<Range<usize>>,
    /// Byte ranges of the clause delimiters, in order.
    clauses: Vec<Range<usize>>,
    /// Byte ranges of the sentence delimiters, in order.
    sentences: Vec<Range<usize>>,
}

/// Quotation marks: open, close, and the most characters a quoted name has.
pub(super) const QUOTES: [(char, char, usize); 5] = [
    ('“', '”', 16),
    ('《', '》', 200),
    ('「', '」', 16),
    ('‘', '’', 16),
    ('"', '"', 16),
];

impl Marks {
    /// The marks of `norm` from the offsets of its punctuation
    /// ([`Line::marks`]), in order.
    pub(super) fn of(norm: &str, at: &[u32]) -> Marks {
        // Room for every mark: no growth on a long line.
        let mut spans = Vec::with_capacity(at.len());
        let mut clauses = Vec::with_capacity(at.len());
        let mut sentences = Vec::with_capacity(at.len());
        // Per kind of quotation mark: where the open one's content starts.
        let mut open: [Option<usize>; 5] = [None; 5];
        let b = norm.as_bytes();
        for &i in at {
            let i = i as usize;
            if i >= b.len() {
                continue;
            }
            let (u, len) = crate::text::decode_at(b, i);
            let end = i + len;
            let c = char::from_u32(u).unwrap_or('\u{FFFD}');
            if is_clause_delim(c) {
                clauses.push(i..end);
                if is_sentence_delim(c) {
                    sentences.push(i..end);
                }
                continue;
            }
            for (k, &(o, cl, max)) in QUOTES.iter().enumerate() {
                match open[k] {
                    Some(from) if c == cl => {
                        if !crate::text::longer_than(&norm[from..i], max) {
                            spans.push(from..i);
                        }
                        open[k] = None;
                    }
                    None if c == o => open[k] = Some(end),
                    _ => {}
                }
            }
        }
        spans.retain(|r| !r.is_empty());
        spans.sort_by_key(|r| r.start);
        let mut quotes: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            match quotes.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => quotes.push(r),
            }
        }
        Marks {
            quotes,
            clauses,
            sentences,
        }
    }

    /// Where the clause holding `at` starts: after the last clause
    /// delimiter before it, at most [`MAX_REACH`] bytes back.
    pub(super) fn clause_start(&self, norm: &str, at: usize) -> usize {
        after_last(&self.clauses, reach_back(norm, at), at)
    }

    /// The sentence holding `at`, leading blanks left out, each side at most
    /// [`MAX_REACH`] bytes from `at`.
    pub(super) fn sentence_range(&self, norm: &str, at: usize) -> Range<usize> {
        let start = after_last(&self.sentences, reach_back(norm, at), at);
        let to = reach_forward(norm, at);
        let i = self.sentences.partition_point(|d| d.start < at);
        let end = self
            .sentences
            .get(i)
            .filter(|d| d.end <= to)
            .map_or(to, |d| d.end);
        let lead = norm[start..end].len() - norm[start..end].trim_start().len();
        start + lead..end
    }
}

/// The end of the last delimiter lying in `from..at`, else `from`.
fn after_last(delims: &[Range<usize>], from: usize, at: usize) -> usize {
    let i = delims.partition_point(|d| d.start < at);
    i.checked_sub(1)
        .map(|i| &delims[i])
        .filter(|d| d.start >= from && d.end <= at)
        .map_or(from, |d| d.end)
}

/// Whether `pos` lies in one of the sorted, disjoint `spans`.
pub(super) fn in_spans(spans: &[Range<usize>], pos: usize) -> bool {
    let i = spans.partition_point(|r| r.start <= pos);
    i > 0 && spans[i - 1].contains(&pos)
}

/// Longest stretch searched for a clause or sentence boundary, in bytes, so
/// that a huge line without punctuation stays linear.
const MAX_REACH: usize = 600;

/// A char boundary at most [`MAX_REACH`] bytes before `at`.
fn reach_back(norm: &str, at: usize) -> usize {
    let mut from = at.saturating_sub(MAX_REACH);
    while !norm.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// A char boundary at most [`MAX_REACH`] bytes after `at`.
fn reach_forward(norm: &str, at: usize) -> usize {
    let mut to = (at + MAX_REACH).min(norm.len());
    while !norm.is_char_boundary(to) {
        to -= 1;
    }
    to
}
