//! Writing text into ratatui's buffer with our width function (see
//! [`super::width`]): every pane draws its rows through [`put`], so wrapping,
//! truncation and cell layout agree everywhere.

use super::width::{char_width, needs_pad, AmbiguousWidth};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Write styled runs on row `y` from column `x`, using at most `max` columns
/// (clipped to the buffer). A character that does not fit whole is not drawn.
/// Returns the number of columns used.
pub fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    runs: &[(&str, Style)],
    ambig: AmbiguousWidth,
) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() {
        return 0;
    }
    let limit = x.saturating_add(max).min(area.right());
    let mut cx = x;
    for (text, style) in runs {
        for c in text.chars() {
            let w = char_width(c, ambig) as u16;
            if w == 0 {
                continue;
            }
            if cx + w > limit {
                return cx - x;
            }
            let cell = &mut buf[(cx, y)];
            cell.reset();
            cell.set_char(c).set_style(*style);
            if w == 2 {
                let pad = needs_pad(c, ambig);
                let next = &mut buf[(cx + 1, y)];
                next.reset();
                next.set_style(*style);
                // ratatui thinks this character is one cell wide: keep it
                // from writing the column the terminal has covered.
                next.set_skip(pad);
            }
            cx += w;
        }
    }
    cx - x
}

/// Fill a rectangle with blanks of one style.
pub fn fill(buf: &mut Buffer, area: Rect, style: Style) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buf[(x, y)];
            cell.reset();
            cell.set_style(style);
        }
    }
}

/// Write one row of runs and fill the rest of the row's width with `rest`.
pub fn row(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    runs: &[(&str, Style)],
    rest: Style,
    ambig: AmbiguousWidth,
) {
    let used = put(buf, area.x, y, area.width, runs, ambig);
    fill(buf, Rect::new(area.x + used, y, area.width - used, 1), rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::width::hidden_cell_violations;
    use AmbiguousWidth::*;

    #[test]
    fn wide_ambiguous_gets_a_skip_cell() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        let used = put(&mut buf, 0, 0, 6, &[("“法”", Style::default())], Wide);
        assert_eq!(used, 6);
        assert_eq!(buf[(0, 0)].symbol(), "“");
        assert!(buf[(1, 0)].skip);
        assert_eq!(buf[(2, 0)].symbol(), "法");
        assert!(!buf[(3, 0)].skip);
        assert_eq!(buf[(4, 0)].symbol(), "”");
        assert!(hidden_cell_violations(&buf, Wide).is_empty());
    }

    #[test]
    fn never_splits_a_wide_character() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        let used = put(&mut buf, 0, 0, 5, &[("下陆区", Style::default())], Narrow);
        assert_eq!(used, 4);
        assert_eq!(buf[(4, 0)].symbol(), " ");
        assert!(hidden_cell_violations(&buf, Narrow).is_empty());
    }
}
