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

/// Characters that must never reach the terminal from report text: C0 and
/// C1 controls (ESC starts colour and clipboard sequences, BEL rings, BS
/// and CR move the cursor) and the bidirectional overrides that reorder
/// what follows them.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

const CONTROL_TEXT: &str = "\u{1b}[31m海淀区\u{1b}[0m人民政府2023年法治政府建设工作报告\u{7}\n\
        一、\u{1b}]52;c;aGVsbG8=\u{7}依法行政\u{8}\u{8}情况\r\n\
        全年办理法律援助案件\u{1b}[1m302件\u{1b}[0m,调解成功率\u{202E}98.6%\u{9b}2J。\n\
        二、存在的问题\u{200B}和\u{1}下一步打算\n\
        普法宣传\u{85}活动120场。\n";

/// Even text that bypassed ingest (which removes escape sequences) puts no
/// control character into any cell of any pane.
#[test]
fn control_characters_in_reports_never_reach_the_terminal() {
    let report = baogao::parse_report("ctrl.txt", CONTROL_TEXT.to_string());
    let mut app = App::new(Corpus::from_reports([report]), Settings::default());
    let check = |t: &Terminal<TestBackend>, what: &str| {
        let buf = t.backend().buffer();
        for (i, cell) in buf.content.iter().enumerate() {
            assert!(
                !cell.symbol().chars().any(is_unsafe),
                "{what}: cell {i} holds {:?}",
                cell.symbol()
            );
        }
    };
    for (w, h) in [(120, 40), (80, 24)] {
        for pane in 0..4 {
            let t = frame(&mut app, w, h);
            check(&t, &format!("{w}x{h}, pane {pane}"));
            app.update(Action::FocusNext);
        }
        press(&mut app, "t");
        check(&frame(&mut app, w, h), "Simplified view");
        press(&mut app, "t");
    }
}

/// A file with escape sequences reads as its plain text.
#[test]
fn escape_sequences_are_gone_after_ingest() {
    let path = std::path::Path::new("ctrl.txt");
    // Escapes are a small share of a real file (a larger one is binary).
    let file = format!(
        "{CONTROL_TEXT}{}",
        "全面推进依法行政,持续优化营商环境。\n".repeat(12)
    );
    let text = baogao::ingest::decode_report(path, file.as_bytes()).unwrap();
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{9b}']), "{text:?}");
    let report = baogao::parse_report("ctrl.txt", text);
    assert_eq!(
        report.region.as_ref().map(|r| r.name.as_str()),
        Some("海淀区")
    );
    let mut app = App::new(Corpus::from_reports([report]), Settings::default());
    let t = frame(&mut app, 120, 40);
    insta::assert_snapshot!("escape_sequences_after_ingest_120x40", t.backend());
}
