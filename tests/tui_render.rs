//! Rendering through ratatui's TestBackend: snapshots at three sizes, on the
//! bundled sample corpus and on a fixture full of ambiguous-width and
//! full-width characters, with both width settings. Every frame is checked
//! for cells hidden behind a wide character that hold anything but a blank
//! (the CJK overlap bug).

mod tui_common;

use baogao::corpus::{Corpus, Source};
use baogao::tui::render::{draw_all, render};
use baogao::tui::width::{hidden_cell_violations, AmbiguousWidth};
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (30, 8)];

fn frame(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let bad = hidden_cell_violations(t.backend().buffer(), app.ambig);
    assert!(
        bad.is_empty(),
        "cells hidden behind wide characters hold text at {w}x{h}: {bad:?}"
    );
    t
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn sample_corpus() {
    let mut app = App::new(Corpus::load_blocking(Source::Samples), Settings::default());
    for (w, h) in SIZES {
        let t = frame(&mut app, w, h);
        insta::assert_snapshot!(format!("samples_{w}x{h}"), t.backend());
    }
}

#[test]
fn ambiguous_fixture_both_widths() {
    for ambig in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let settings = Settings {
            ambig,
            ..Settings::default()
        };
        let mut app = App::new(Corpus::from_reports([tui_common::ambiguous()]), settings);
        press(&mut app, "/“");
        for (w, h) in SIZES {
            let t = frame(&mut app, w, h);
            let n: u8 = ambig.into();
            insta::assert_snapshot!(format!("ambiguous_w{n}_{w}x{h}"), t.backend());
        }
    }
}

#[test]
fn wide_setting_reserves_two_columns_for_ambiguous_characters() {
    let settings = Settings {
        ambig: AmbiguousWidth::Wide,
        ..Settings::default()
    };
    let mut app = App::new(Corpus::from_reports([tui_common::ambiguous()]), settings);
    app.update(Action::Resize(80, 24));
    // The frame's own buffer: skip cells never reach the backend.
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    draw_all(&app, area, &mut buf);
    let mut found = 0;
    for y in 0..24 {
        for x in 0..79 {
            if buf[(x, y)].symbol() == "“" {
                assert!(
                    buf[(x + 1, y)].skip,
                    "cell after “ at {x},{y} is a skip cell"
                );
                found += 1;
            }
        }
    }
    assert!(found > 3);
}

#[test]
fn overlays_and_every_pane_focused_stay_clean() {
    for ambig in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let settings = Settings {
            ambig,
            ..Settings::default()
        };
        let mut app = App::new(Corpus::from_reports(tui_common::five()), settings);
        for (w, h) in [(120, 40), (60, 14), (40, 10)] {
            for _ in 0..4 {
                app.update(Action::FocusNext);
                frame(&mut app, w, h);
            }
            press(&mut app, "?");
            frame(&mut app, w, h);
            app.update(Action::Clear);
            app.key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
            press(&mut app, "件");
            app.update(Action::Open);
            frame(&mut app, w, h);
            app.update(Action::Clear);
            press(&mut app, "L");
            frame(&mut app, w, h);
            app.update(Action::Clear);
        }
    }
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = App::new(
        Corpus::from_reports(tui_common::five()),
        Settings::default(),
    );
    press(&mut app, "?");
    let t = frame(&mut app, 120, 40);
    let screen = format!("{}", t.backend());
    for a in Action::ALL {
        assert!(screen.contains(a.describe()), "help lists {a:?}");
    }
    assert!(screen.contains("j, Down"));
    assert!(screen.contains("c compare"));
}
