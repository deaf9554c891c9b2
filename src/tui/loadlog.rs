//! The load log (`L`): every file that failed to load, with the reason.

use super::app::App;
use super::draw;
use super::layout::large_overlay;
use super::panes::frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// Draw the load log scrolled by `scroll` rows.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let r = large_overlay(area);
    Clear.render(r, buf);
    let (done, total) = app.corpus.progress();
    let total = total.map(|t| t.to_string()).unwrap_or_else(|| "?".into());
    let title = format!(
        "Load log: {} loaded, {} failed, {done}/{total} done",
        app.corpus.live(),
        app.corpus.failures.len()
    );
    let body = frame(
        buf,
        r,
        &[(&title, app.theme.text())],
        true,
        &app.theme,
        app.ambig,
    );
    if app.corpus.failures.is_empty() {
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[("no failures", app.theme.dim())],
            app.ambig,
        );
        return;
    }
    for (i, f) in app
        .corpus
        .failures
        .iter()
        .skip(scroll)
        .take(body.height as usize)
        .enumerate()
    {
        let path = f.path.display().to_string();
        draw::put(
            buf,
            body.x,
            body.y + i as u16,
            body.width,
            &[
                (&path, app.theme.error()),
                (": ", app.theme.text()),
                (&f.reason, app.theme.text()),
            ],
            app.ambig,
        );
    }
}
