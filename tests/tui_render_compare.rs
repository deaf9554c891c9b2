//! Snapshots of the compare screen (side by side at 120×40, stacked at
//! 80×24), the ranking and the export dialog on the sample corpus, each
//! checked for cells hidden behind wide characters, with both
//! ambiguous-width settings.

use baogao::corpus::{Corpus, Source};
use baogao::tui::render::render;
use baogao::tui::width::{hidden_cell_violations, AmbiguousWidth};
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn frame(app: &mut App, w: u16, h: u16) -> String {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let bad = hidden_cell_violations(t.backend().buffer(), app.ambig);
    assert!(
        bad.is_empty(),
        "cells hidden behind wide characters hold text at {w}x{h}: {bad:?}"
    );
    format!("{}", t.backend())
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn comparing(ambig: AmbiguousWidth) -> App {
    let settings = Settings {
        ambig,
        ..Settings::default()
    };
    let mut app = App::new(Corpus::load_blocking(Source::Samples), settings);
    app.update(Action::Resize(120, 40));
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "c");
    press(&mut app, "dongli");
    key(&mut app, KeyCode::Enter);
    app
}

/// Tab to the table and select the legal_aid.cases row.
fn to_legal_aid(app: &mut App) {
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    for _ in 0..40 {
        let Some(baogao::tui::app::Screen::Compare(c)) = app.screens.last() else {
            panic!("not comparing")
        };
        if c.selected_row().and_then(|r| r.canonical.as_deref()) == Some("legal_aid.cases") {
            return;
        }
        press(app, "j");
    }
    panic!("no legal_aid.cases row");
}

#[test]
fn compare_side_by_side_and_stacked() {
    let mut app = comparing(AmbiguousWidth::Narrow);
    to_legal_aid(&mut app);
    key(&mut app, KeyCode::Enter);
    let wide = frame(&mut app, 120, 40);
    assert!(wide.contains("A 下陆区 2021") && wide.contains("B 东丽区 2021"));
    assert!(wide.contains("法律援助案件"));
    insta::assert_snapshot!("compare_120x40", wide);
    let narrow = frame(&mut app, 80, 24);
    insta::assert_snapshot!("compare_80x24", narrow);
}

#[test]
fn compare_problems_block_and_picker() {
    let mut app = comparing(AmbiguousWidth::Narrow);
    for _ in 0..20 {
        let Some(baogao::tui::app::Screen::Compare(c)) = app.screens.last() else {
            panic!("not comparing")
        };
        if c.blocks[c.topic].topic == "problems" {
            break;
        }
        press(&mut app, "l");
    }
    let screen = frame(&mut app, 120, 40);
    assert!(screen.contains("[存在问题]"), "{screen}");
    insta::assert_snapshot!("compare_problems_120x40", screen);
    key(&mut app, KeyCode::Esc);
    press(&mut app, "c");
    press(&mut app, "sy");
    insta::assert_snapshot!("picker_120x40", frame(&mut app, 120, 40));
}

#[test]
fn rank_and_export_dialog() {
    let mut app = comparing(AmbiguousWidth::Narrow);
    to_legal_aid(&mut app);
    press(&mut app, "r");
    let screen = frame(&mut app, 120, 40);
    assert!(screen.contains("Rank by 法律援助案件"));
    assert!(screen.contains('█'));
    insta::assert_snapshot!("rank_120x40", screen);
    press(&mut app, "e");
    insta::assert_snapshot!("rank_export_120x40", frame(&mut app, 120, 40));
}

#[test]
fn wide_ambiguous_setting_stays_clean() {
    let mut app = comparing(AmbiguousWidth::Wide);
    for (w, h) in [(120, 40), (80, 24), (100, 30), (60, 14), (40, 10)] {
        frame(&mut app, w, h);
        press(&mut app, "]");
        frame(&mut app, w, h);
    }
    to_legal_aid(&mut app);
    key(&mut app, KeyCode::Enter);
    frame(&mut app, 120, 40);
    press(&mut app, "r");
    let screen = frame(&mut app, 120, 40);
    assert!(screen.contains('#') && !screen.contains('█'), "ASCII bars");
    frame(&mut app, 40, 10);
}
