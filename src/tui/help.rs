//! The `?` help screen and the one-line hint bar, both generated from the
//! keymap so they cannot drift from the bindings.

use super::action::Action;
use super::app::App;
use super::draw;
use super::keymap::Keymap;
use super::layout::centered;
use super::panes::frame;
use super::width::{fit, str_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// The help screen's rows: (keys, what they do).
pub fn help_rows(keymap: &Keymap) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Action::ALL
        .iter()
        .map(|a| {
            let keys = keymap.keys_label(*a);
            (
                if keys.is_empty() {
                    "(unbound)".into()
                } else {
                    keys
                },
                a.describe().to_string(),
            )
        })
        .collect();
    rows.push((
        "wheel, click".into(),
        "scroll, select (while mouse capture is on)".into(),
    ));
    rows
}

/// The hint bar: the first key of each hint action, as long as it fits.
pub fn hint_line(app: &App, width: usize) -> String {
    if app.input.is_some() {
        let ok = app
            .keymap
            .keys(Action::Open)
            .first()
            .map(|k| k.label())
            .unwrap_or_default();
        let esc = app
            .keymap
            .keys(Action::Clear)
            .first()
            .map(|k| k.label())
            .unwrap_or_default();
        return format!("type to filter  {ok} keep  {esc} clear");
    }
    let list = match super::screens::hints(app) {
        Some(Ok(list)) => list,
        Some(Err(text)) => return text.to_string(),
        None => Action::HINTS,
    };
    let mut out = String::new();
    for a in list {
        let Some(k) = app.keymap.keys(*a).first() else {
            continue;
        };
        let item = format!("{} {}", k.label(), a.short());
        let sep = if out.is_empty() { "" } else { "  " };
        if str_width(&out, app.ambig) + sep.len() + str_width(&item, app.ambig) > width {
            break;
        }
        out.push_str(sep);
        out.push_str(&item);
    }
    out
}

/// Draw the help screen scrolled by `scroll` rows.
pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let rows = help_rows(&app.keymap);
    let key_w = rows
        .iter()
        .map(|(k, _)| str_width(k, app.ambig))
        .max()
        .unwrap_or(0)
        .min(20)
        + 2;
    let r = centered(area, 64, rows.len() as u16 + 2);
    Clear.render(r, buf);
    let close = app
        .keymap
        .keys(Action::Help)
        .first()
        .map(|k| k.label())
        .unwrap_or_default();
    let title = format!("Keys  ({close} or Esc closes)");
    let body = frame(
        buf,
        r,
        &[(&title, app.theme.text())],
        true,
        &app.theme,
        app.ambig,
    );
    for (i, (keys, what)) in rows
        .iter()
        .skip(scroll)
        .take(body.height as usize)
        .enumerate()
    {
        let k = fit(keys, key_w, app.ambig);
        draw::put(
            buf,
            body.x,
            body.y + i as u16,
            body.width,
            &[(&k, app.theme.focused()), (what, app.theme.text())],
            app.ambig,
        );
    }
}
