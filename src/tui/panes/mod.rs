//! The four panes of the browser. Each file holds one pane's state, its
//! state changes (called from `App::update`) and its `render`.

pub mod indicators;
pub mod reader;
pub mod regions;
pub mod sections;

use super::config::Theme;
use super::draw;
use super::layout::inner;
use super::width::AmbiguousWidth;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders, Widget};

/// A pane of the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// One row per report.
    Regions,
    /// The outline of the selected report.
    Sections,
    /// The selected section's text.
    Reader,
    /// The selected report's (or section's) indicators.
    Indicators,
}

impl Pane {
    /// Every pane in focus order.
    pub const ALL: [Pane; 4] = [
        Pane::Regions,
        Pane::Sections,
        Pane::Reader,
        Pane::Indicators,
    ];

    /// Position in [`Pane::ALL`].
    pub fn index(self) -> usize {
        match self {
            Pane::Regions => 0,
            Pane::Sections => 1,
            Pane::Reader => 2,
            Pane::Indicators => 3,
        }
    }

    /// The pane `step` places along in focus order (wrapping).
    pub fn cycle(self, step: isize) -> Pane {
        let i = (self.index() as isize + step).rem_euclid(4) as usize;
        Pane::ALL[i]
    }
}

/// Selection and scroll offset of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Selected row.
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
}

impl Cursor {
    /// Move the selection by `delta` rows within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        let target = (self.selected as isize).saturating_add(delta);
        self.set(target.max(0) as usize, len);
    }

    /// Select row `i` (clamped to `len` rows).
    pub fn set(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
    }

    /// Adjust the offset so the selection is visible in `height` rows.
    pub fn follow(&mut self, height: usize) {
        self.offset = self.visible_offset(height);
    }

    /// The offset to draw with: the stored one, moved just enough to show
    /// the selection (a pure function, for rendering).
    pub fn visible_offset(&self, height: usize) -> usize {
        let h = height.max(1);
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + h {
            self.selected + 1 - h
        } else {
            self.offset
        }
    }
}

/// Draw a pane's border and title; returns the inside.
pub fn frame(
    buf: &mut Buffer,
    area: Rect,
    title: &[(&str, Style)],
    focused: bool,
    theme: &Theme,
    ambig: AmbiguousWidth,
) -> Rect {
    let border_style = if focused {
        theme.focused()
    } else {
        theme.dim()
    };
    // Box-drawing characters are ambiguous-width: ASCII borders when they are wide.
    let set = match ambig {
        AmbiguousWidth::Narrow => border::PLAIN,
        AmbiguousWidth::Wide => border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
    };
    Block::new()
        .borders(Borders::ALL)
        .border_set(set)
        .border_style(border_style)
        .render(area, buf);
    if area.width > 4 {
        let mut runs: Vec<(&str, Style)> = vec![(" ", border_style)];
        runs.extend(title.iter().map(|(t, s)| (*t, border_style.patch(*s))));
        runs.push((" ", border_style));
        draw::put(buf, area.x + 1, area.y, area.width - 2, &runs, ambig);
    }
    inner(area)
}
