//! The compare screen's state: two reports in columns of the same width,
//! their sections aligned by topic (a topic only one report has gets a
//! filler block on the other side, so both columns always have the same
//! number of lines), and the indicator comparison table below.
//!
//! Both columns are laid out once per width ([`CompareState::layout`]); a
//! line index means the same place in both, so locked scrolling is one
//! offset applied to both.

use crate::compare::{align_sections, compare_indicators, IndicatorRow};
use crate::model::Report;
use crate::parse::taxonomy::Taxonomy;
use crate::text;
use crate::tui::panes::Cursor;
use crate::tui::width::{wrap, AmbiguousWidth};
use ratatui::layout::Rect;
use std::ops::Range;

/// Which part of the compare screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFocus {
    /// The column of report A.
    A,
    /// The column of report B.
    B,
    /// The indicator table.
    Table,
}

/// What a display line of a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A section's heading.
    Heading,
    /// Section text.
    Text,
    /// A blank line keeping the shorter side level with the longer.
    Pad,
    /// A topic this report does not have.
    Filler,
    /// The blank line between topic blocks.
    Gap,
}

/// One display line of a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VLine {
    /// The text drawn.
    pub text: String,
    /// What it is.
    pub kind: LineKind,
    /// Byte range of the report text it shows (empty for pads and fillers).
    pub bytes: Range<usize>,
}

/// One topic row of the alignment: the byte ranges each report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Topic key (`front` for the text before the first heading).
    pub topic: String,
    /// Chinese label of the topic.
    pub label: String,
    /// Section indices of report A (none for the front matter).
    pub a: Vec<usize>,
    /// Section indices of report B.
    pub b: Vec<usize>,
    /// Byte ranges of A's text in this block.
    pub a_text: Vec<Range<usize>>,
    /// Byte ranges of B's text in this block.
    pub b_text: Vec<Range<usize>>,
}

impl Block {
    /// Whether only one report has this topic.
    pub fn one_sided(&self) -> bool {
        self.a_text.is_empty() != self.b_text.is_empty()
    }
}

/// Rectangles of the compare screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Column of report A (outer, with border).
    pub a: Rect,
    /// Column of report B.
    pub b: Rect,
    /// The indicator table (outer).
    pub table: Rect,
    /// Columns side by side (else stacked).
    pub side_by_side: bool,
}

/// Below this many columns the two reports are stacked.
pub const SIDE_BY_SIDE_MIN: u16 = 100;

/// Lay out the compare screen in `area`.
pub fn geometry(area: Rect) -> Geometry {
    let table_h = (area.height * 2 / 5).max(6).min(area.height);
    let cols_h = area.height - table_h;
    let table = Rect::new(area.x, area.y + cols_h, area.width, table_h);
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN;
    let (a, b) = if side_by_side {
        let w = area.width / 2;
        (
            Rect::new(area.x, area.y, w, cols_h),
            Rect::new(area.x + w, area.y, w, cols_h),
        )
    } else {
        let h = cols_h / 2;
        (
            Rect::new(area.x, area.y, area.width, h),
            Rect::new(area.x, area.y + h, area.width, h),
        )
    };
    Geometry {
        a,
        b,
        table,
        side_by_side,
    }
}

/// The state of the compare screen.
#[derive(Debug, Clone)]
pub struct CompareState {
    /// Corpus index of report A.
    pub a: usize,
    /// Corpus index of report B.
    pub b: usize,
    /// Topic blocks in display order.
    pub blocks: Vec<Block>,
    /// Display lines of each column (same length).
    pub lines: [Vec<VLine>; 2],
    /// First line of each block.
    pub block_start: Vec<usize>,
    /// Text width the lines were wrapped for.
    pub width: usize,
    /// Lines visible in a column.
    pub height: usize,
    /// First visible line of each column.
    pub scroll: [usize; 2],
    /// Scroll both columns together.
    pub locked: bool,
    /// The selected topic block.
    pub topic: usize,
    /// Which part has the keys.
    pub focus: CompareFocus,
    /// The indicator comparison, in pairing order.
    pub rows: Vec<IndicatorRow>,
    /// Indices into `rows` in display order.
    pub order: Vec<usize>,
    /// Sorted by the size of the difference (else pairing order).
    pub by_diff: bool,
    /// Selection in the table (over `order`).
    pub cursor: Cursor,
    /// Byte range of the highlighted sentence in each report.
    pub sentence: [Option<Range<usize>>; 2],
    /// Byte ranges of the sentences the two reports share, in each
    /// (marked in both columns; see [`crate::audit::reuse`]).
    pub shared: [Vec<Range<usize>>; 2],
}

/// Whether an indicator row is a difference: one side only, or unequal values.
pub fn differs(r: &IndicatorRow) -> bool {
    match (&r.a, &r.b) {
        (Some(x), Some(y)) => x.value != y.value,
        _ => true,
    }
}

fn blocks(a: &Report, b: &Report) -> Vec<Block> {
    let tax = Taxonomy::global();
    let front = |r: &Report| -> Vec<Range<usize>> {
        let end = r
            .sections
            .first()
            .map_or(r.text.len(), |s| s.heading.start as usize);
        let end = end.min(r.text.len());
        if r.text.get(..end).is_some_and(|t| !t.trim().is_empty()) {
            std::iter::once(0..end).collect()
        } else {
            Vec::new()
        }
    };
    let mut out = Vec::new();
    let (fa, fb) = (front(a), front(b));
    if !fa.is_empty() || !fb.is_empty() {
        out.push(Block {
            topic: "front".into(),
            label: "开头".into(),
            a: Vec::new(),
            b: Vec::new(),
            a_text: fa,
            b_text: fb,
        });
    }
    let body = |r: &Report, v: &[usize]| -> Vec<Range<usize>> {
        v.iter().map(|&i| r.sections[i].body.range()).collect()
    };
    for t in align_sections(a, b) {
        out.push(Block {
            label: tax.topic_label(&t.topic).to_string(),
            a_text: body(a, &t.a),
            b_text: body(b, &t.b),
            topic: t.topic,
            a: t.a,
            b: t.b,
        });
    }
    out
}

/// Wrap the text of `ranges` of a report into display lines.
fn side_lines(
    r: &Report,
    ranges: &[Range<usize>],
    headings: bool,
    simplified: bool,
    width: usize,
    ambig: AmbiguousWidth,
) -> Vec<VLine> {
    let mut out = Vec::new();
    for range in ranges {
        let Some(slice) = r.text.get(range.clone()) else {
            continue;
        };
        let mut first = headings;
        let mut at = range.start;
        for line in slice.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                continue;
            }
            let kind = if std::mem::take(&mut first) {
                LineKind::Heading
            } else {
                LineKind::Text
            };
            let bytes: Vec<usize> = content.char_indices().map(|(b, _)| start + b).collect();
            let shown = if simplified {
                text::to_simplified_aligned(content)
            } else {
                content.to_string()
            };
            let chars: Vec<char> = shown
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let end = start + content.len();
            for w in wrap(&chars, width, ambig) {
                let b0 = bytes.get(w.start).copied().unwrap_or(end);
                let b1 = bytes.get(w.end).copied().unwrap_or(end);
                out.push(VLine {
                    text: chars[w].iter().collect(),
                    kind,
                    bytes: b0..b1,
                });
            }
        }
    }
    out
}

fn filler(label: &str, n: usize, width: usize) -> Vec<VLine> {
    let hatch: String = "/ ".repeat(width / 2);
    (0..n.max(1))
        .map(|i| VLine {
            text: if i == 0 {
                format!("「{label}」 not in this report")
            } else {
                hatch.clone()
            },
            kind: LineKind::Filler,
            bytes: 0..0,
        })
        .collect()
}

impl CompareState {
    /// Compare corpus entries `a` and `b` (their reports `ra`, `rb`).
    pub fn new(a: usize, b: usize, ra: &Report, rb: &Report) -> CompareState {
        let rows = compare_indicators(ra, rb);
        let order = (0..rows.len()).collect();
        CompareState {
            a,
            b,
            blocks: blocks(ra, rb),
            lines: [Vec::new(), Vec::new()],
            block_start: Vec::new(),
            width: 0,
            height: 1,
            scroll: [0, 0],
            locked: true,
            topic: 0,
            focus: CompareFocus::A,
            rows,
            order,
            by_diff: false,
            cursor: Cursor::default(),
            sentence: [None, None],
            shared: crate::audit::reuse::shared_ranges(ra, rb, crate::audit::reuse::MIN_CHARS),
        }
    }

    /// Wrap both columns for a text `width` and a column `height`, keeping
    /// the selected topic in view.
    pub fn layout(
        &mut self,
        reports: [&Report; 2],
        width: usize,
        height: usize,
        simplified: bool,
        ambig: AmbiguousWidth,
    ) {
        self.width = width;
        self.height = height.max(1);
        self.lines = [Vec::new(), Vec::new()];
        self.block_start.clear();
        for blk in &self.blocks {
            self.block_start.push(self.lines[0].len());
            let headings = blk.topic != "front";
            let texts = [&blk.a_text, &blk.b_text];
            let sides = [0, 1]
                .map(|s| side_lines(reports[s], texts[s], headings, simplified, width, ambig));
            let n = sides[0].len().max(sides[1].len()).max(1);
            for (s, mut v) in sides.into_iter().enumerate() {
                if v.is_empty() {
                    v = filler(&blk.label, n, width);
                }
                v.resize_with(n, || VLine {
                    text: String::new(),
                    kind: LineKind::Pad,
                    bytes: 0..0,
                });
                v.push(VLine {
                    text: String::new(),
                    kind: LineKind::Gap,
                    bytes: 0..0,
                });
                self.lines[s].extend(v);
            }
        }
        self.goto_topic(self.topic.min(self.blocks.len().saturating_sub(1)));
    }

    /// Lines in each column.
    pub fn line_count(&self) -> usize {
        self.lines[0].len()
    }

    fn max_scroll(&self) -> usize {
        self.line_count().saturating_sub(self.height)
    }

    /// The block holding display line `line`.
    pub fn block_at(&self, line: usize) -> usize {
        self.block_start
            .partition_point(|&s| s <= line)
            .saturating_sub(1)
    }

    /// The column scrolling follows (A when the table has the keys).
    fn side(&self) -> usize {
        (self.focus == CompareFocus::B) as usize
    }

    /// Scroll by `delta` lines: both columns when locked, else the focused one.
    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll();
        let sides: &[usize] = if self.locked {
            &[0, 1]
        } else if self.side() == 0 {
            &[0]
        } else {
            &[1]
        };
        for &s in sides {
            self.scroll[s] =
                ((self.scroll[s] as isize).saturating_add(delta).max(0) as usize).min(max);
        }
        self.topic = self.block_at(self.scroll[self.side()]);
    }

    /// Select topic block `k` and bring both columns to it.
    pub fn goto_topic(&mut self, k: usize) {
        self.topic = k;
        let line = self
            .block_start
            .get(k)
            .copied()
            .unwrap_or(0)
            .min(self.max_scroll());
        self.scroll = [line, line];
    }

    /// Move the topic selection by `delta` blocks.
    pub fn move_topic(&mut self, delta: isize) {
        let n = self.blocks.len();
        if n == 0 {
            return;
        }
        let k = (self.topic as isize + delta).clamp(0, n as isize - 1) as usize;
        self.goto_topic(k);
    }

    /// Move the table selection by `delta` rows.
    pub fn move_row(&mut self, delta: isize) {
        self.cursor.move_by(delta, self.order.len());
    }

    /// The selected indicator row.
    pub fn selected_row(&self) -> Option<&IndicatorRow> {
        self.order.get(self.cursor.selected).map(|&i| &self.rows[i])
    }

    /// Go to the next (`forward`) or previous difference from the current
    /// place: an indicator row whose values differ when the table has the
    /// keys, else a topic only one report has. Returns whether one was found.
    pub fn step_diff(&mut self, forward: bool) -> bool {
        if self.focus == CompareFocus::Table {
            let here = self.cursor.selected;
            let found = if forward {
                (here + 1..self.order.len()).find(|&p| differs(&self.rows[self.order[p]]))
            } else {
                (0..here)
                    .rev()
                    .find(|&p| differs(&self.rows[self.order[p]]))
            };
            if let Some(p) = found {
                self.cursor.set(p, self.order.len());
            }
            return found.is_some();
        }
        let here = self.topic;
        let found = if forward {
            (here + 1..self.blocks.len()).find(|&k| self.blocks[k].one_sided())
        } else {
            (0..here).rev().find(|&k| self.blocks[k].one_sided())
        };
        if let Some(k) = found {
            self.goto_topic(k);
        }
        found.is_some()
    }

    /// Sort the table by the size of the difference, or back to pairing order.
    pub fn toggle_sort(&mut self) {
        let keep = self.order.get(self.cursor.selected).copied();
        self.by_diff = !self.by_diff;
        self.order = (0..self.rows.len()).collect();
        if self.by_diff {
            let size = |i: &usize| self.rows[*i].diff().map(f64::abs);
            self.order.sort_by(|x, y| match (size(x), size(y)) {
                (Some(p), Some(q)) => q.total_cmp(&p),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
        }
        if let Some(p) = keep.and_then(|k| self.order.iter().position(|&i| i == k)) {
            self.cursor.set(p, self.order.len());
        }
    }

    /// Scroll each column to the sentence its figure of the selected row
    /// comes from, and highlight it. Returns whether any side has one.
    pub fn show_row(&mut self, reports: [&Report; 2]) -> bool {
        let Some(row) = self.selected_row() else {
            return false;
        };
        let picks = [
            row.a.as_ref().map(|p| p.index),
            row.b.as_ref().map(|p| p.index),
        ];
        let max = self.max_scroll();
        let mut any = false;
        for s in 0..2 {
            let sentence = picks[s]
                .and_then(|i| reports[s].indicators.get(i))
                .map(|ind| ind.sentence.range());
            self.sentence[s] = sentence.clone();
            let Some(sen) = sentence else { continue };
            let line = self.lines[s]
                .iter()
                .position(|l| {
                    l.bytes.start <= sen.start && sen.start < l.bytes.end.max(l.bytes.start + 1)
                })
                .or_else(|| {
                    self.lines[s]
                        .iter()
                        .position(|l| l.bytes.end > sen.start && l.kind == LineKind::Text)
                });
            if let Some(line) = line {
                self.scroll[s] = line.saturating_sub(self.height / 3).min(max);
                any = true;
            }
        }
        self.topic = self.block_at(self.scroll[self.side()]);
        any
    }
}
