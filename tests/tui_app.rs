//! The browser's state and key handling, driven without a terminal.

mod tui_common;

use baogao::corpus::{Corpus, Source};
use baogao::tui::app::{InputTarget, Screen};
use baogao::tui::panes::sections::Row;
use baogao::tui::panes::Pane;
use baogao::tui::width::{str_width, AmbiguousWidth};
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app() -> App {
    let mut app = App::new(
        Corpus::from_reports(tui_common::five()),
        Settings::default(),
    );
    app.update(Action::Resize(120, 40));
    app
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn names(app: &App) -> Vec<String> {
    app.regions
        .view
        .iter()
        .map(|&i| app.corpus.entries[i].name())
        .collect()
}

fn selected_name(app: &App) -> String {
    app.corpus.entries[app.regions.selected_entry().unwrap()].name()
}

#[test]
fn starts_on_regions_with_the_first_report_selected() {
    let app = app();
    assert_eq!(app.focus, Pane::Regions);
    assert_eq!(
        names(&app),
        ["东丽区", "汉阳区", "盘锦市", "邵阳市", "下陆区"]
    );
    assert_eq!(app.regions.cursor.selected, 0);
    assert_eq!(app.sections.entry, app.regions.selected_entry());
    assert!(app.reader.doc.is_some());
}

#[test]
fn filter_xialu_leaves_xialu() {
    for query in ["xialu", "xl", "下陆", "下陸"] {
        let mut app = app();
        press(&mut app, "/");
        assert_eq!(
            app.input.as_ref().map(|i| i.target),
            Some(InputTarget::Regions)
        );
        press(&mut app, query);
        key(&mut app, KeyCode::Enter);
        assert!(app.input.is_none());
        assert_eq!(names(&app), ["下陆区"], "query {query}");
        assert_eq!(selected_name(&app), "下陆区");
        assert_eq!(
            app.sections.rows.len(),
            4,
            "the outline of 下陆区 follows the filter"
        );
    }
}

#[test]
fn typing_goes_to_the_filter_and_esc_clears_it() {
    let mut app = app();
    press(&mut app, "/q");
    assert!(!app.quit, "q typed into the filter");
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "hubei");
    assert_eq!(names(&app), ["汉阳区", "下陆区"]);
    key(&mut app, KeyCode::Esc);
    assert!(app.input.is_none());
    assert_eq!(app.regions.view.len(), 5);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn sort_cycles_region_year_province() {
    let mut app = app();
    press(&mut app, "s");
    assert_eq!(names(&app)[0], "邵阳市", "newest year first");
    press(&mut app, "s");
    // Provinces by pinyin: hubei, hunan, liaoning, tianjin.
    assert_eq!(
        names(&app),
        ["汉阳区", "下陆区", "邵阳市", "盘锦市", "东丽区"]
    );
    press(&mut app, "s");
    assert_eq!(names(&app)[0], "东丽区");
}

#[test]
fn focus_moves_with_tab_and_selection_with_jk() {
    let mut app = app();
    press(&mut app, "G");
    assert_eq!(selected_name(&app), "下陆区");
    press(&mut app, "k");
    assert_eq!(selected_name(&app), "邵阳市");
    press(&mut app, "g");
    assert_eq!(selected_name(&app), "东丽区");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Sections);
    app.key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(app.focus, Pane::Regions);
}

#[test]
fn sections_tree_expands_collapses_and_scopes_reader_and_indicators() {
    let mut app = app();
    press(&mut app, "G");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Sections);
    assert_eq!(app.indicators.rows.len(), 2, "whole report: all indicators");
    press(&mut app, "j");
    assert_eq!(app.sections.selected_section(), Some(0));
    let doc = app.reader.doc.as_ref().unwrap();
    let shown: String = doc.chars.iter().collect();
    assert!(
        shown.starts_with("一、总体情况") && shown.contains("查处违法案件"),
        "section with subsections"
    );
    assert!(!shown.contains("二、"));
    assert_eq!(app.indicators.rows.len(), 2);
    press(&mut app, "h");
    assert_eq!(
        app.sections.rows,
        vec![Row::Whole, Row::Section(0), Row::Section(2)]
    );
    press(&mut app, "l");
    assert_eq!(app.sections.rows.len(), 4);
    press(&mut app, "j");
    assert_eq!(app.sections.selected_section(), Some(1));
    assert_eq!(
        app.indicators.rows,
        vec![1],
        "only the section's indicators"
    );
    press(&mut app, "h");
    assert_eq!(
        app.sections.selected_section(),
        Some(0),
        "h on a leaf goes to the parent"
    );
}

#[test]
fn reader_find_folds_full_width_and_steps_matches() {
    let mut app = app();
    press(&mut app, "G");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Reader);
    press(&mut app, "/302");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.matches.len(), 1, "３０２ found by 302");
    let m = app.reader.matches[0].clone();
    let doc = app.reader.doc.as_ref().unwrap();
    assert_eq!(doc.chars[m].iter().collect::<String>(), "３０２");
    key(&mut app, KeyCode::Esc);
    assert!(app.reader.find.is_empty());
    press(&mut app, "/件");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.reader.matches.len(), 4);
    assert_eq!(app.reader.current, Some(0));
    press(&mut app, "n");
    assert_eq!(app.reader.current, Some(1));
    press(&mut app, "NN");
    assert_eq!(app.reader.current, Some(3), "N wraps around");
    key(&mut app, KeyCode::Esc);
    assert!(app.reader.matches.is_empty());
}

#[test]
fn selecting_an_indicator_scrolls_the_reader_to_its_sentence() {
    let mut reports = tui_common::five();
    // Make the text long enough to scroll.
    let filler = "依法行政工作持续推进。\n".repeat(200);
    let x = &mut reports[0];
    let insert_at = x.text.find("（一）").unwrap();
    x.text.insert_str(insert_at, &filler);
    let n = filler.len() as u32;
    let shift = |s: baogao::model::Span| baogao::model::Span {
        start: s.start + n,
        end: s.end + n,
    };
    for s in &mut x.sections[1..] {
        s.heading = shift(s.heading);
        s.body = shift(s.body);
    }
    x.sections[0].body.end += n;
    let ind = &mut x.indicators[1];
    ind.span = shift(ind.span);
    ind.sentence = shift(ind.sentence);
    let mut app = App::new(Corpus::from_reports(reports), Settings::default());
    app.update(Action::Resize(120, 40));
    press(&mut app, "G");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.focus, Pane::Indicators);
    assert_eq!(app.reader.scroll, 0);
    press(&mut app, "j");
    assert!(
        app.reader.scroll > 100,
        "scrolled to the sentence, at {}",
        app.reader.scroll
    );
    let focus = app.reader.focus.clone().unwrap();
    let doc = app.reader.doc.as_ref().unwrap();
    assert_eq!(
        doc.chars[focus].iter().collect::<String>(),
        "查处违法案件45件，"
    );
    press(&mut app, "s");
    assert_eq!(app.indicators.sort.name(), "name");
    press(&mut app, "/办理");
    assert_eq!(app.indicators.rows, vec![0]);
}

#[test]
fn full_text_search_jumps_to_report_and_section() {
    let mut app = app();
    press(&mut app, "/dong");
    key(&mut app, KeyCode::Enter);
    assert_eq!(names(&app), ["东丽区"]);
    app.key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    assert!(matches!(app.screens.last(), Some(Screen::Search(_))));
    press(&mut app, "４５件");
    key(&mut app, KeyCode::Enter);
    let Some(Screen::Search(s)) = app.screens.last() else {
        panic!("search screen closed")
    };
    assert_eq!(s.hits.len(), 1);
    key(&mut app, KeyCode::Enter);
    assert!(app.screens.is_empty());
    assert_eq!(
        selected_name(&app),
        "下陆区",
        "the filter hiding the hit was cleared"
    );
    assert_eq!(app.sections.selected_section(), Some(1));
    assert_eq!(app.focus, Pane::Reader);
    assert_eq!(app.reader.matches.len(), 1);
}

#[test]
fn help_log_and_mouse_toggle() {
    let mut app = app();
    press(&mut app, "?");
    assert!(matches!(app.screens.last(), Some(Screen::Help { .. })));
    press(&mut app, "j");
    assert!(matches!(
        app.screens.last(),
        Some(Screen::Help { scroll: 1 })
    ));
    key(&mut app, KeyCode::Esc);
    assert!(app.screens.is_empty());
    press(&mut app, "L");
    assert!(matches!(app.screens.last(), Some(Screen::LoadLog { .. })));
    press(&mut app, "L");
    assert!(app.screens.is_empty());
    assert!(app.mouse);
    press(&mut app, "m");
    assert!(!app.mouse);
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = app();
    // Regions pane: border row 0, rows from y = 1.
    app.update(Action::Click(3, 3));
    assert_eq!(selected_name(&app), "盘锦市");
    app.update(Action::Wheel(3, 3, true));
    assert_eq!(selected_name(&app), "下陆区");
    // A click on the reader focuses it.
    app.update(Action::Click(80, 5));
    assert_eq!(app.focus, Pane::Reader);
}

#[test]
fn traditional_report_shown_in_simplified() {
    let mut app = app();
    press(&mut app, "j");
    assert_eq!(selected_name(&app), "汉阳区");
    let text = |app: &App| {
        app.reader
            .doc
            .as_ref()
            .unwrap()
            .chars
            .iter()
            .collect::<String>()
    };
    assert!(text(&app).starts_with("關於"));
    press(&mut app, "t");
    assert!(text(&app).starts_with("关于2021年法治政府建设情况的报告"));
    press(&mut app, "t");
    assert!(text(&app).starts_with("關於"));
}

#[test]
fn reader_wraps_by_display_width_for_both_settings() {
    for ambig in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        let settings = Settings {
            ambig,
            ..Settings::default()
        };
        let mut app = App::new(Corpus::from_reports([tui_common::ambiguous()]), settings);
        app.update(Action::Resize(80, 24));
        let doc = app.reader.doc.as_ref().unwrap();
        let width = app.body(Pane::Reader).width as usize;
        assert_eq!(doc.width, width);
        assert!(doc.lines.len() > 5);
        for l in &doc.lines {
            let s: String = doc.chars[l.clone()].iter().collect();
            assert!(str_width(&s, ambig) <= width, "{ambig:?}: {s}");
        }
    }
}

#[test]
fn loads_folders_and_logs_failures() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "甲区2021年法治政府建设情况\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.txt"), "乙区2021年法治政府建设情况\n").unwrap();
    std::fs::write(
        dir.path().join("bad.txt"),
        b"%PDF-1.4\n\x00\x01\x02 not text",
    )
    .unwrap();
    let missing = dir.path().join("missing.txt");
    let corpus = Corpus::load_blocking(Source::Paths(vec![
        dir.path().to_path_buf(),
        missing.clone(),
    ]));
    assert_eq!(corpus.entries.len(), 2);
    assert_eq!(corpus.failures.len(), 2, "{:?}", corpus.failures);
    assert!(corpus
        .failures
        .iter()
        .any(|f| f.path == missing && !f.reason.is_empty()));
    assert!(corpus
        .failures
        .iter()
        .any(|f| f.path.ends_with("bad.txt") && f.reason.contains("binary")));
    let (done, expected) = corpus.progress();
    assert_eq!(Some(done), expected, "every file found is done");
    let app = App::new(corpus, Settings::default());
    assert_eq!(app.regions.view.len(), 2);
}

/// A report listed and fully parsed in one batch, its keys changed by the
/// full parse (a region found only in the body), is one row, not two.
#[test]
fn a_report_listed_and_upgraded_at_once_is_one_row() {
    use baogao::corpus::{Entry, LoadEvent};
    let head = baogao::parse::parse_head("a.txt", "法治政府建设情况报告\n");
    let full = baogao::parse_report(
        "a.txt",
        "法治政府建设情况报告\n2023年，沙坪坝区坚持依法行政。\n一、工作\n办理案件3件。\n".into(),
    );
    let listed = Entry::listed(head);
    let parsed = Entry::new(full);
    assert_ne!(
        listed.report.region, parsed.report.region,
        "the full parse changes the keys"
    );
    let mut app = App::new(Corpus::default(), Settings::default());
    app.absorb([
        LoadEvent::Found(1),
        LoadEvent::Listed {
            file: 0,
            entry: Box::new(listed),
        },
        LoadEvent::Parsed {
            file: 0,
            entry: Box::new(parsed),
        },
    ]);
    assert_eq!(app.corpus.entries.len(), 1);
    assert_eq!(app.regions.view.len(), 1, "one row");
}

#[test]
fn absorbs_reports_as_they_arrive() {
    let mut app = App::new(Corpus::default(), Settings::default());
    assert!(app.regions.selected_entry().is_none());
    let mut loader = baogao::corpus::Loader::start(Source::Samples);
    let mut events = Vec::new();
    while !loader.is_finished() {
        match loader.try_next() {
            Some(ev) => events.push(ev),
            None => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
    let mut rest = events.split_off(2);
    app.absorb(events);
    assert!(
        app.regions.selected_entry().is_some(),
        "usable before loading ends"
    );
    app.absorb(rest.drain(..));
    assert_eq!(app.regions.view.len(), baogao::corpus::SAMPLES.len());
    assert_eq!(app.corpus.progress(), (5, Some(5)));
    // Whatever order they arrived in, the browser shows the first row.
    assert_eq!(app.regions.cursor.selected, 0);
    assert_eq!(
        app.regions.selected_entry(),
        app.regions.view.first().copied()
    );
}
