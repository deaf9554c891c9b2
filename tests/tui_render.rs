//! Rendering through ratatui's TestBackend: snapshots at three sizes, on the
//! bundled sample corpus and on a fixture full of ambiguous-width and
//! full-width characters, with both width settings. Every frame is checked
//! for cells hidden behind a wide character that hold anything but a blank
//! (the CJK overlap bug).

mod tui_common;

use baogao::corpus::{Corpus, Source};
use baogao::model::{Indicator, Level, Region, Report, Section};
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
                !cell.symbol().chars().any(hostile),
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

/// Controls and invisible characters a report may carry: escape sequences
/// (SGR colour, OSC 52 clipboard, C1 CSI), BEL, backspace, carriage return,
/// DEL, NUL, tab, C1 controls, bidi overrides and isolates, zero-width and
/// line-separator characters.
const HOSTILE: &str = "\u{1b}[31mRED\u{1b}[0m\u{1b}]52;c;SGVsbG8=\u{7}\u{8}\r\u{7f}\u{0}\t\
\u{85}\u{9b}32m\u{9d}0;title\u{9c}\u{202e}evil\u{202c}\u{2066}\u{2069}\u{200b}\u{200c}\u{200d}\u{200e}\
\u{feff}\u{2028}\u{2029}\u{61c}\u{2060}";

/// Whether a character must never reach the terminal: it moves the cursor,
/// starts an escape sequence, changes text direction, or takes no column.
fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// A report with hostile characters in every field the browser shows.
fn hostile_report(path: &str, name: &str) -> Report {
    let h = HOSTILE;
    let text = format!(
        "{name}{h}2021年法治政府建设报告\n一、{h}总体情况\n全年{h}办理法律援助案件302件{h}。\n\
         （一）{h}行政执法\n查处违法案件45件。\n二、存在问题{h}\n执法{h}不规范。\n"
    );
    let at = |needle: &str| tui_common::at(&text, needle);
    let end = text.len();
    let section = |id: &str, level: u8, marker: &str, title: &str, parent| {
        tui_common::section(&text, id, level, marker, title, parent, end)
    };
    let sections = vec![
        section("1", 1, "一、", &format!("{h}总体情况"), None),
        section("1.1", 2, "（一）", &format!("{h}行政执法"), Some(0)),
        Section {
            topic: baogao::model::Sym::new("problems").unwrap(),
            ..section("2", 1, "二、", &format!("存在问题{h}"), None)
        },
    ];
    let sentence = at(&format!("全年{h}办理法律援助案件302件{h}。"));
    let span = at("302件");
    let indicators = vec![Indicator {
        name: format!("办理{h}法律援助案件").into(),
        value: 302.0,
        // A unit is one of the parser's own (numbered) units: it cannot
        // carry hostile text.
        unit: baogao::model::Sym::new("件").unwrap(),
        approx: None,
        canonical: baogao::model::Sym::new("legal_aid.cases"),
        section: Some(0),
        line: 3,
        span: span.into(),
        sentence: sentence.into(),
    }];
    Report {
        path: format!("{path}{h}.txt"),
        title: Some(format!("{name}{h}2021年法治政府建设报告")),
        region: Some(Region {
            name: format!("{name}{h}"),
            province: Some(format!("湖北{h}省")),
            city: None,
            level: Level::County,
            code: None,
            evidence: Vec::new(),
            candidates: Vec::new(),
        }),
        issuer: Some(format!("{name}{h}司法局")),
        year: Some(2021),
        sections,
        indicators,
        warnings: vec![format!("警告{h}")],
        text,
        ..Report::default()
    }
}

/// Every hostile character found in a frame, with its cell.
fn hostile_cells(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut bad = Vec::new();
    for y in buf.area.top()..buf.area.bottom() {
        for x in buf.area.left()..buf.area.right() {
            let sym = buf[(x, y)].symbol();
            if sym.chars().any(hostile) {
                bad.push((x, y, sym.escape_unicode().to_string()));
            }
        }
    }
    bad
}

#[test]
fn controls_in_report_text_never_reach_the_terminal() {
    for ambig in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let settings = Settings {
            ambig,
            ..Settings::default()
        };
        let reports = [
            hostile_report("heishan", "黑山区"),
            hostile_report("baishui", "白水县"),
        ];
        let mut app = App::new(Corpus::from_reports(reports), settings);
        app.error(format!("状态{HOSTILE}行"));
        let mut screens = Vec::new();
        // Check at two sizes; keep the text; return the large one.
        let mut check = |app: &mut App, what: &str| -> String {
            let mut large = String::new();
            for (w, h) in [(60, 14), (120, 40)] {
                let t = frame(app, w, h);
                let bad = hostile_cells(t.backend().buffer());
                assert!(
                    bad.is_empty(),
                    "{what} at {w}x{h}: {bad:?}\n{}",
                    t.backend()
                );
                large = format!("{}", t.backend());
                screens.push(large.clone());
            }
            large
        };
        // The regions list, the section tree, the reader and the indicators
        // table, each focused and scrolled; the status line.
        check(&mut app, "regions");
        for pane in ["sections", "reader", "indicators", "regions"] {
            app.update(Action::FocusNext);
            app.update(Action::Down);
            app.update(Action::Open);
            check(&mut app, pane);
        }
        press(&mut app, "L");
        check(&mut app, "load log");
        app.update(Action::Clear);
        press(&mut app, "i");
        check(&mut app, "report info");
        app.update(Action::Clear);
        // The compare screen, its table and the ranking.
        press(&mut app, "c");
        check(&mut app, "picker");
        app.update(Action::Open);
        check(&mut app, "compare");
        app.update(Action::FocusNext);
        app.update(Action::FocusNext);
        let table = check(&mut app, "compare table");
        press(&mut app, "r");
        check(&mut app, "rank");
        if ambig == AmbiguousWidth::Narrow {
            // The text around the controls is still there.
            let all = screens.concat();
            for shown in [
                "[31mRED",
                "黑山区",
                "白水县",
                "总体情况",
                "存在问题",
                "法律援助案件",
                "状态",
            ] {
                assert!(all.contains(shown), "{shown} shown");
            }
            insta::assert_snapshot!("hostile_compare_120x40", table);
        }
    }
}

/// Reports whose ranked unit is the parser's longest (units are the
/// parser's own): on a narrow screen the ranking never panics and leaves
/// no bar where there is no room for one.
#[test]
fn ranking_with_a_long_unit_fits_any_width() {
    let longest = baogao::parse::indicators::UNITS
        .iter()
        .max_by_key(|u| u.chars().count())
        .unwrap();
    let long_unit = baogao::model::Sym::new(longest).unwrap();
    let reports = ["甲县", "乙县", "丙县"].map(|name| {
        let mut r = hostile_report(name, name);
        for ind in &mut r.indicators {
            ind.unit = long_unit;
        }
        r.text = r.text.replace(HOSTILE, "");
        r
    });
    let mut app = App::new(Corpus::from_reports(reports), Settings::default());
    // Into the compare screen's table, then the ranking of its key.
    press(&mut app, "c");
    app.update(Action::Open);
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    press(&mut app, "r");
    let mut saw_rank = false;
    for w in [8u16, 12, 20, 30, 40, 50, 60, 80, 120, 200] {
        for h in [5u16, 8, 24] {
            let t = frame(&mut app, w, h);
            let screen = format!("{}", t.backend());
            saw_rank |= screen.contains("Rank by");
            if w >= 80 && h >= 24 {
                assert!(screen.contains("Rank by"), "{w}x{h}:\n{screen}");
                assert!(
                    screen.contains("302"),
                    "the value shown at {w}x{h}:\n{screen}"
                );
            }
        }
    }
    assert!(saw_rank);
}

/// `i` shows what was found about the selected report and where: the region
/// with its evidence, and for an undecided name every division it may be.
#[test]
fn report_info_shows_the_region_evidence_and_candidates() {
    let text = "2023年，鼓楼区坚持依法行政，扎实推进法治政府建设。\n一、主要工作\n受理行政复议申请56件。\n";
    let undecided = baogao::parse_report("gulou.txt", text.to_string());
    let titled = baogao::parse_report(
        "xialu.txt",
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/reports/xialu-2021.txt"
        ))
        .unwrap(),
    );
    let mut app = App::new(
        Corpus::from_reports([undecided, titled]),
        Settings::default(),
    );
    for (w, h) in [(120, 40), (80, 24)] {
        press(&mut app, "/鼓楼");
        app.update(Action::Open);
        press(&mut app, "i");
        let screen = format!("{}", frame(&mut app, w, h).backend());
        for want in [
            "About this report",
            "鼓楼区",
            "found in",
            "body",
            "may be",
            "江苏省南京市鼓楼区",
            "福建省福州市鼓楼区",
        ] {
            assert!(screen.contains(want), "{want} at {w}x{h}:\n{screen}");
        }
        press(&mut app, "i");
        assert!(app.screens.is_empty(), "i closes it again");
        app.update(Action::Clear);
    }
    // A report whose region comes from its title says so.
    press(&mut app, "/下陆");
    app.update(Action::Open);
    press(&mut app, "i");
    let screen = format!("{}", frame(&mut app, 120, 40).backend());
    assert!(
        screen.contains("found in") && screen.contains("title"),
        "{screen}"
    );
    assert!(!screen.contains("may be"), "{screen}");
}
