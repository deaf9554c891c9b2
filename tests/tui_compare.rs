//! Compare, rank, export and copy driven without a terminal, on the bundled
//! sample corpus: `App::update` queues effects, the tests run them.

use baogao::corpus::{Corpus, Source};
use baogao::tui::app::Screen;
use baogao::tui::effects::{Effect, Effects};
use baogao::tui::panes::Pane;
use baogao::tui::screens::compare::{differs, CompareFocus, CompareState};
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app() -> App {
    let mut app = App::new(Corpus::load_blocking(Source::Samples), Settings::default());
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

/// Select 下陆区, `c`, pick 东丽区.
fn compare_xialu_dongli() -> App {
    let mut app = app();
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "c");
    assert!(matches!(app.screens.last(), Some(Screen::Pick(_))));
    press(&mut app, "dongli");
    let Some(Screen::Pick(p)) = app.screens.last() else {
        panic!("picker closed while typing")
    };
    let picked: Vec<String> = p
        .list
        .view
        .iter()
        .map(|&i| app.corpus.entries[i].name())
        .collect();
    assert_eq!(picked, ["东丽区"], "fuzzy pinyin pick");
    key(&mut app, KeyCode::Enter);
    app
}

fn cmp(app: &App) -> &CompareState {
    match app.screens.last() {
        Some(Screen::Compare(c)) => c,
        other => panic!("not on the compare screen: {other:?}"),
    }
}

fn effects(app: &mut App) -> Vec<u8> {
    let mut fx = Effects::new();
    fx.no_system_clipboard = true;
    let mut term = Vec::new();
    fx.run_all(app, &mut term);
    term
}

#[test]
fn compare_aligns_topics_and_pairs_indicators() {
    let app = compare_xialu_dongli();
    let c = cmp(&app);
    assert_eq!(app.corpus.entries[c.a].name(), "下陆区");
    assert_eq!(app.corpus.entries[c.b].name(), "东丽区");
    let aid = c
        .rows
        .iter()
        .find(|r| r.canonical.as_deref() == Some("legal_aid.cases"))
        .expect("legal_aid.cases row");
    assert_eq!(aid.a.as_ref().map(|p| p.value), Some(302.0));
    assert_eq!(aid.b.as_ref().map(|p| p.value), Some(650.0));
    assert_eq!(aid.mark(), ("-", "+"));
    let problems: Vec<_> = c.blocks.iter().filter(|b| b.topic == "problems").collect();
    assert_eq!(problems.len(), 1, "one row for problems");
    assert!(!problems[0].a.is_empty() && !problems[0].b.is_empty());
    // Both columns have the same lines, so a block starts on the same row.
    assert_eq!(c.lines[0].len(), c.lines[1].len());
    assert!(c.width > 0 && c.width == (120 / 2 - 2) as usize);
}

#[test]
fn moving_in_one_column_moves_the_other() {
    let mut app = compare_xialu_dongli();
    assert_eq!(cmp(&app).focus, CompareFocus::A);
    press(&mut app, "jjj");
    assert_eq!(cmp(&app).scroll, [3, 3], "locked: both scroll");
    press(&mut app, "l");
    let c = cmp(&app);
    let start = c.block_start[c.topic].min(c.line_count() - c.height);
    assert_eq!(c.topic, 1);
    assert_eq!(c.scroll, [start, start], "next topic: both at its block");
    press(&mut app, "u");
    assert!(!cmp(&app).locked);
    key(&mut app, KeyCode::Tab);
    assert_eq!(cmp(&app).focus, CompareFocus::B);
    press(&mut app, "jj");
    assert_eq!(cmp(&app).scroll, [start, start + 2], "unlocked: only B");
    press(&mut app, "u");
    assert_eq!(cmp(&app).scroll, [start + 2, start + 2], "locking aligns A");
    press(&mut app, "h");
    assert_eq!(cmp(&app).topic, 0);
    key(&mut app, KeyCode::Esc);
    assert!(app.screens.is_empty(), "Esc leaves");
}

#[test]
fn brackets_jump_to_differences() {
    let mut app = compare_xialu_dongli();
    let c = cmp(&app);
    let one_sided = c.blocks.iter().filter(|b| b.one_sided()).count();
    assert!(one_sided > 0, "the samples differ in topics");
    press(&mut app, "]");
    let c = cmp(&app);
    assert!(c.topic > 0 && c.blocks[c.topic].one_sided());
    let first = c.topic;
    press(&mut app, "[");
    assert_eq!(cmp(&app).topic, first, "no difference before the first");
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .0
        .contains("no more differences"));
    if one_sided > 1 {
        press(&mut app, "]");
        assert!(cmp(&app).topic > first);
        press(&mut app, "[");
        assert_eq!(cmp(&app).topic, first);
    }
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(cmp(&app).focus, CompareFocus::Table);
    press(&mut app, "]");
    let c = cmp(&app);
    assert!(c.cursor.selected > 0);
    assert!(differs(c.selected_row().unwrap()));
    // Sorting by the size of the difference puts the largest first.
    press(&mut app, "s");
    let c = cmp(&app);
    let sizes: Vec<f64> = c
        .order
        .iter()
        .filter_map(|&i| c.rows[i].diff())
        .map(f64::abs)
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
}

fn select_row(app: &mut App, key_name: &str) {
    key(app, KeyCode::Tab);
    key(app, KeyCode::Tab);
    let pos = cmp(app)
        .order
        .iter()
        .position(|&i| cmp(app).rows[i].canonical.as_deref() == Some(key_name))
        .unwrap();
    for _ in 0..pos {
        press(app, "j");
    }
}

#[test]
fn enter_shows_both_sentences_and_the_detail_says_which_figure() {
    let mut app = compare_xialu_dongli();
    select_row(&mut app, "legal_aid.cases");
    key(&mut app, KeyCode::Enter);
    let c = cmp(&app);
    for s in 0..2 {
        let sen = c.sentence[s].clone().expect("sentence highlighted");
        let shown: Vec<&str> = c.lines[s]
            .iter()
            .skip(c.scroll[s])
            .take(c.height)
            .filter(|l| l.bytes.start < sen.end && sen.start < l.bytes.end)
            .map(|l| l.text.as_str())
            .collect();
        assert!(!shown.is_empty(), "side {s}: the sentence is in view");
    }
    let joined: String = c.lines[1].iter().map(|l| l.text.as_str()).collect();
    assert!(joined.contains("650件"));
}

#[test]
fn rank_from_the_compare_table_and_from_the_indicators_pane() {
    let mut app = compare_xialu_dongli();
    select_row(&mut app, "legal_aid.cases");
    press(&mut app, "r");
    let Some(Screen::Rank(r)) = app.screens.last() else {
        panic!("no ranking")
    };
    assert_eq!(r.key, "legal_aid.cases");
    let ranked: Vec<(String, f64)> = r
        .bars
        .iter()
        .map(|b| (app.corpus.entries[b.entry].name(), b.value))
        .collect();
    assert!(ranked.len() >= 2, "{ranked:?}");
    assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1), "largest first");
    assert!(ranked.contains(&("东丽区".to_string(), 650.0)));
    assert!(ranked.contains(&("下陆区".to_string(), 302.0)));
    let sel = r.selected().unwrap();
    assert_eq!(
        app.corpus.entries[sel.entry].name(),
        "下陆区",
        "report A marked"
    );
    assert!(r.trend(&app.corpus).is_empty(), "one year per region");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screens.last(), Some(Screen::Compare(_))));

    // From the browser's Indicators pane.
    let mut app = self::app();
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    app.focus = Pane::Indicators;
    press(&mut app, "r");
    assert!(app.screens.is_empty(), "first indicator has no key");
    press(&mut app, "/法律援助");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "r");
    let Some(Screen::Rank(r)) = app.screens.last() else {
        panic!("no ranking from the indicators pane: {:?}", app.status)
    };
    assert_eq!(r.key, "legal_aid.cases");
}

#[test]
fn trend_shows_a_region_over_years() {
    let mut corpus = Corpus::load_blocking(Source::Samples);
    let mut older = corpus
        .entries
        .iter()
        .find(|e| e.name() == "下陆区")
        .unwrap()
        .report
        .clone();
    older.year = Some(2020);
    older.path = "xialu-2020.txt".into();
    for i in &mut older.indicators {
        i.value /= 2.0;
    }
    let mut reports: Vec<baogao::Report> =
        corpus.entries.iter().map(|e| e.report.clone()).collect();
    reports.push(older);
    corpus = Corpus::from_reports(reports);
    let entry = corpus
        .entries
        .iter()
        .position(|e| e.report.path.ends_with("xialu-2021.txt"))
        .unwrap();
    let r = baogao::tui::screens::rank::RankState::new(&corpus, "legal_aid.cases", Some(entry));
    let trend: Vec<(i32, f64)> = r.trend(&corpus).iter().map(|t| (t.0, t.1)).collect();
    assert_eq!(trend, [(2020, 151.0), (2021, 302.0)]);
}

fn export_path(app: &App) -> String {
    match app.screens.last() {
        Some(Screen::Export(d)) => d.path.clone(),
        other => panic!("no export dialog: {other:?}"),
    }
}

#[test]
fn export_dialog_default_names() {
    let mut app = app();
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "e");
    assert_eq!(export_path(&app), "xialu-2021-indicators.csv");
    key(&mut app, KeyCode::Tab);
    assert_eq!(export_path(&app), "xialu-2021-indicators.xlsx");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    assert_eq!(export_path(&app), "xialu-2021-indicators.md");
    press(&mut app, "q");
    assert!(!app.quit, "q types into the path");
    assert_eq!(export_path(&app), "xialu-2021-indicators.mdq");
    key(&mut app, KeyCode::Esc);
    assert!(app.screens.is_empty());

    let mut app = compare_xialu_dongli();
    press(&mut app, "e");
    assert_eq!(export_path(&app), "xialu-2021-vs-dongli-2021-compare.csv");
    key(&mut app, KeyCode::Esc);
    select_row(&mut app, "legal_aid.cases");
    press(&mut app, "r");
    press(&mut app, "e");
    assert_eq!(export_path(&app), "rank-legal_aid.cases.csv");
}

fn set_path(app: &mut App, path: &str) {
    for _ in 0..export_path(app).chars().count() {
        key(app, KeyCode::Backspace);
    }
    press(app, path);
    assert_eq!(export_path(app), path);
}

#[test]
fn export_writes_the_rows_shown_and_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let path_s = path.to_str().unwrap().to_string();
    let mut app = app();
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    app.focus = Pane::Indicators;
    press(&mut app, "s/件");
    key(&mut app, KeyCode::Enter);
    let shown: Vec<String> = {
        let r = &app.corpus.entries[app.sections.entry.unwrap()].report;
        app.indicators
            .rows
            .iter()
            .map(|&i| r.indicators[i].name.to_string())
            .collect()
    };
    assert!(shown.len() > 2);
    press(&mut app, "e");
    set_path(&mut app, &path_s);
    key(&mut app, KeyCode::Enter);
    assert!(!path.exists(), "update does no I/O");
    assert!(matches!(app.effects.as_slice(), [Effect::Export { .. }]));
    effects(&mut app);
    assert!(app.screens.is_empty(), "dialog closed");
    let (msg, err) = app.status.clone().unwrap();
    assert!(!err && msg.contains("out.csv"), "{msg}");
    let mut rd = csv::Reader::from_path(&path).unwrap();
    let header = rd.headers().unwrap().clone();
    let name_col = header.iter().position(|h| h == "name").unwrap();
    let names: Vec<String> = rd
        .records()
        .map(|r| r.unwrap()[name_col].to_string())
        .collect();
    assert_eq!(names, shown, "the rows as filtered and sorted");

    // Again: the file exists, so the dialog asks first.
    std::fs::write(&path, "keep").unwrap();
    press(&mut app, "e");
    set_path(&mut app, &path_s);
    key(&mut app, KeyCode::Enter);
    effects(&mut app);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep");
    let Some(Screen::Export(d)) = app.screens.last() else {
        panic!("dialog closed without asking")
    };
    assert!(d.confirm);
    assert!(app.status.as_ref().unwrap().0.contains("exists"));
    key(&mut app, KeyCode::Enter);
    effects(&mut app);
    assert!(app.screens.is_empty());
    assert!(std::fs::read_to_string(&path).unwrap().contains("法律援助"));
}

#[test]
fn export_error_is_reported_and_the_dialog_stays() {
    let mut app = compare_xialu_dongli();
    press(&mut app, "e");
    set_path(&mut app, "/nonexistent-dir-baogao/x.csv");
    key(&mut app, KeyCode::Enter);
    effects(&mut app);
    let (msg, err) = app.status.clone().unwrap();
    assert!(err && msg.contains("export failed"), "{msg}");
    assert!(matches!(app.screens.last(), Some(Screen::Export(_))));
    // Standard output is the browser's own screen: never written.
    for target in ["-", "/dev/stdout", "/dev/stderr"] {
        set_path(&mut app, target);
        key(&mut app, KeyCode::Enter);
        let term = effects(&mut app);
        assert!(term.is_empty());
        let (msg, err) = app.status.clone().unwrap();
        assert!(err && msg.contains("browser's screen"), "{target}: {msg}");
        assert!(matches!(app.screens.last(), Some(Screen::Export(_))));
    }
}

#[test]
fn copy_falls_back_to_osc52() {
    let mut app = compare_xialu_dongli();
    select_row(&mut app, "legal_aid.cases");
    press(&mut app, "y");
    let Some(Effect::Copy { text, .. }) = app.effects.first() else {
        panic!("no copy effect")
    };
    assert_eq!(text.trim_end().split('\t').nth(1), Some("302 -"));
    let term = effects(&mut app);
    let out = String::from_utf8(term).unwrap();
    assert!(out.starts_with("\x1b]52;c;") && out.ends_with('\x07'));
    assert!(app.status.as_ref().unwrap().0.contains("OSC 52"));
    // In a column: the selected topic's text.
    key(&mut app, KeyCode::Tab);
    press(&mut app, "y");
    let Some(Effect::Copy { text, what }) = app.effects.first() else {
        panic!("no copy effect")
    };
    assert!(!text.is_empty() && what.contains("下陆区"), "{what}");
}

/// Sentences two reports share are marked in both columns and counted in
/// the column titles (issue 18); a report built from another's sentences
/// shows them, the rest of its text is plain.
#[test]
fn shared_sentences_are_marked_in_both_columns() {
    let samples = Corpus::load_blocking(Source::Samples);
    let xialu = samples
        .entries
        .iter()
        .find(|e| e.report.path.contains("xialu"))
        .unwrap();
    // A report that takes two of 下陆区's sentences among its own.
    let text = &xialu.report.text;
    let taken: Vec<&str> = baogao::audit::fold::sentences(text, 20)
        .into_iter()
        .skip(3)
        .take(2)
        .map(|s| &text[s.range])
        .collect();
    let copy = format!(
        "某县2021年法治政府建设工作报告\n一、主要工作\n本县全面推进依法行政工作，各项任务顺利完成。{}{}\n二、存在的问题\n基层法治力量仍显薄弱，需要继续加强培训。\n",
        taken[0], taken[1]
    );
    let other = baogao::parse_report("copy.txt", copy.clone());
    let mut reports: Vec<_> = samples.entries.iter().map(|e| e.report.clone()).collect();
    reports.push(other);
    let mut app = App::new(Corpus::from_reports(reports), Settings::default());
    app.update(Action::Resize(120, 40));
    press(&mut app, "/xialu");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "c");
    press(&mut app, "copy");
    key(&mut app, KeyCode::Enter);
    let c = cmp(&app);
    assert_eq!(c.shared[0].len(), 2, "two of 下陆区's sentences");
    assert_eq!(c.shared[1].len(), 2, "stand in the copy");
    let b = &app.corpus.entries[c.b].report.text;
    for (r, want) in c.shared[1].iter().zip(&taken) {
        assert_eq!(&b[r.clone()], *want);
    }
    // Drawn: the titles count them, the copy's column marks their cells.
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| baogao::tui::render::render(&app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.matches("2 shared").count() == 2, "{screen}");
    let italic = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(ratatui::style::Modifier::ITALIC))
        .count();
    assert!(italic > 20, "shared text marked ({italic} cells)");
}
