//! Drawing: a pure function of [`App`] onto a frame.

use super::app::{App, InputTarget, Screen};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::panes::{self, Pane};
use super::width::str_width;
use super::{draw, help, loadlog, screens, search};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;

/// Draw the whole browser.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let cursor = draw_all(app, area, frame.buffer_mut());
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

/// Draw into a buffer; returns where the text cursor goes, if anywhere.
pub fn draw_all(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let Some(areas) = layout::areas(area, app.focus) else {
        too_small(app, area, buf);
        return None;
    };
    for pane in Pane::ALL {
        let r = areas.pane(pane);
        if r.area() == 0 {
            continue;
        }
        match pane {
            Pane::Regions => panes::regions::render(app, r, buf),
            Pane::Sections => panes::sections::render(app, r, buf),
            Pane::Reader => panes::reader::render(app, r, buf),
            Pane::Indicators => panes::indicators::render(app, r, buf),
        }
    }
    for screen in &app.screens {
        match screen {
            Screen::Help { scroll } => help::render(app, *scroll, areas.pane_union(), buf),
            Screen::LoadLog { scroll } => loadlog::render(app, *scroll, areas.pane_union(), buf),
            Screen::ReportInfo { scroll } => {
                screens::info::render(app, *scroll, areas.pane_union(), buf)
            }
            Screen::Search(s) => search::render(app, s, areas.pane_union(), buf),
            Screen::Pick(p) => screens::picker::render(app, p, areas.pane_union(), buf),
            Screen::Compare(c) => screens::compare_view::render(app, c, areas.pane_union(), buf),
            Screen::Rank(r) => screens::rank::render(app, r, areas.pane_union(), buf),
            Screen::Export(d) => screens::export::render(app, d, areas.pane_union(), buf),
            Screen::Audit(a) => screens::audit_view::render(app, a, areas.pane_union(), buf),
        }
    }
    let hints = help::hint_line(app, areas.hints.width as usize);
    draw::row(
        buf,
        areas.hints,
        areas.hints.y,
        &[(&hints, app.theme.dim())],
        app.theme.text(),
        app.ambig,
    );
    status(app, areas.status, buf)
}

fn status(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let mut right = app
        .corpus
        .stage()
        .unwrap_or_else(|| match app.corpus.cached {
            0 => format!("{} reports", app.corpus.entries.len()),
            n => format!("{} reports ({n} from cache)", app.corpus.entries.len()),
        });
    if !app.corpus.failures.is_empty() {
        right.push_str(&format!("  {} failed (L)", app.corpus.failures.len()));
    }
    let rw = str_width(&right, app.ambig) as u16;
    if let Some(input) = &app.input {
        let prompt = match input.target {
            InputTarget::Regions => "filter regions: ",
            InputTarget::Indicators => "filter indicators: ",
            InputTarget::Reader => "find: ",
            InputTarget::Search => "search all: ",
        };
        let used = draw::put(
            buf,
            area.x,
            area.y,
            area.width,
            &[
                (prompt, app.theme.focused()),
                (&input.text, app.theme.text()),
            ],
            app.ambig,
        );
        return Some(Position::new(
            (area.x + used).min(area.right().saturating_sub(1)),
            area.y,
        ));
    }
    let left_w = area.width.saturating_sub(rw + 1);
    if let Some((msg, is_error)) = &app.status {
        let style = if *is_error {
            app.theme.error()
        } else {
            app.theme.text()
        };
        draw::put(buf, area.x, area.y, left_w, &[(msg, style)], app.ambig);
    }
    if rw < area.width {
        draw::put(
            buf,
            area.right() - rw,
            area.y,
            rw,
            &[(&right, app.theme.dim())],
            app.ambig,
        );
    }
    None
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let lines = [
        "Terminal too small".to_string(),
        format!(
            "{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        ),
        "Enlarge it or press q".to_string(),
    ];
    for (i, line) in lines.iter().take(area.height as usize).enumerate() {
        draw::put(
            buf,
            area.x,
            area.y + i as u16,
            area.width,
            &[(line, app.theme.text())],
            app.ambig,
        );
    }
}
