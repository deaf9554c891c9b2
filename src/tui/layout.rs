//! Where the panes go for a terminal size. Shared by rendering and by
//! `App::update` (page sizes, mouse clicks), so both agree.

use super::panes::Pane;
use ratatui::layout::Rect;

/// Below this many columns the browser shows a message instead of panes.
pub const MIN_WIDTH: u16 = 40;
/// Below this many rows the browser shows a message instead of panes.
pub const MIN_HEIGHT: u16 = 10;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Outer rectangle of each pane, indexed by [`Pane::index`]; empty when
    /// the pane is hidden (compact layout).
    pub panes: [Rect; 4],
    /// The status line.
    pub status: Rect,
    /// The key hint bar.
    pub hints: Rect,
}

impl Areas {
    /// The outer rectangle of a pane.
    pub fn pane(&self, p: Pane) -> Rect {
        self.panes[p.index()]
    }

    /// The rectangle all panes share (where screens are drawn).
    pub fn pane_union(&self) -> Rect {
        self.panes
            .iter()
            .filter(|r| r.area() > 0)
            .fold(Rect::default(), |acc, r| {
                if acc.area() == 0 {
                    *r
                } else {
                    acc.union(*r)
                }
            })
    }

    /// The pane under a screen position.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| {
            let r = self.pane(*p);
            x >= r.x && x < r.right() && y >= r.y && y < r.bottom()
        })
    }
}

/// Lay out a terminal of `size`; `None` when it is too small to use.
/// Wide terminals show all four panes (lists on the left, reader and
/// indicators on the right); smaller ones show the focused pane alone.
pub fn areas(size: Rect, focus: Pane) -> Option<Areas> {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return None;
    }
    let main = Rect::new(size.x, size.y, size.width, size.height - 2);
    let status = Rect::new(size.x, size.bottom() - 2, size.width, 1);
    let hints = Rect::new(size.x, size.bottom() - 1, size.width, 1);
    let mut panes = [Rect::default(); 4];
    if size.width >= 72 && size.height >= 18 {
        let left_w = (size.width * 3 / 10).clamp(28, 48);
        let left = Rect::new(main.x, main.y, left_w, main.height);
        let right = Rect::new(main.x + left_w, main.y, main.width - left_w, main.height);
        let top_h = left.height / 2;
        panes[Pane::Regions.index()] = Rect::new(left.x, left.y, left.width, top_h);
        panes[Pane::Sections.index()] =
            Rect::new(left.x, left.y + top_h, left.width, left.height - top_h);
        let read_h = right.height * 3 / 5;
        panes[Pane::Reader.index()] = Rect::new(right.x, right.y, right.width, read_h);
        panes[Pane::Indicators.index()] = Rect::new(
            right.x,
            right.y + read_h,
            right.width,
            right.height - read_h,
        );
    } else {
        panes[focus.index()] = main;
    }
    Some(Areas {
        panes,
        status,
        hints,
    })
}

/// The inside of a pane's border.
pub fn inner(r: Rect) -> Rect {
    if r.width < 2 || r.height < 2 {
        return Rect::new(r.x, r.y, 0, 0);
    }
    Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
}

/// The area of a full-size overlay (load log, search, report info): the
/// panes' area less two columns and two rows each side.
pub fn large_overlay(area: Rect) -> Rect {
    centered(
        area,
        area.width.saturating_sub(4).max(20),
        area.height.saturating_sub(4).max(5),
    )
}

/// A rectangle of `w`×`h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_by_size() {
        assert!(areas(Rect::new(0, 0, 30, 8), Pane::Regions).is_none());
        let full = areas(Rect::new(0, 0, 120, 40), Pane::Regions).unwrap();
        assert!(Pane::ALL.iter().all(|p| full.pane(*p).area() > 0));
        let small = areas(Rect::new(0, 0, 50, 12), Pane::Reader).unwrap();
        assert_eq!(small.pane(Pane::Reader), Rect::new(0, 0, 50, 10));
        assert_eq!(small.pane(Pane::Regions).area(), 0);
        assert_eq!(full.pane_at(1, 1), Some(Pane::Regions));
    }
}
