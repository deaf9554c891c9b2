//! Hostile use of the browser (issue 21), driven without a terminal: a key
//! map with no key to quit, pasting huge text into an input line, an export
//! onto an input report.

// Not every shared report is used here.
#[allow(dead_code)]
mod tui_common;

use baogao::corpus::{Corpus, Source};
use baogao::tui::app::Screen;
use baogao::tui::config::Config;
use baogao::tui::effects::Effects;
use baogao::tui::run::settings_from_config;
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app_with(settings: Settings) -> App {
    let mut app = App::new(Corpus::from_reports(tui_common::five()), settings);
    app.update(Action::Resize(120, 40));
    app
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.key(KeyEvent::new(code, mods));
}

#[test]
fn a_key_map_without_a_quit_key_still_quits() {
    let config = Config::from_toml("[keys]\nquit = []\nhelp = [\"q\"]\n").unwrap();
    let (settings, warnings) = settings_from_config(&config);
    assert!(
        warnings.iter().any(|w| w.contains("no key left to quit")),
        "{warnings:?}"
    );
    let mut app = app_with(settings.clone());
    key(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(app.quit, "the default quit key is kept");

    // Ctrl-C quits whatever the map says, also while typing.
    let config = Config::from_toml("[keys]\nquit = [\"x\"]\ncompare = [\"ctrl-c\"]\n").unwrap();
    let mut app = app_with(settings_from_config(&config).0);
    key(&mut app, KeyCode::Char('/'), KeyModifiers::NONE);
    assert!(app.input.is_some());
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[test]
fn the_export_dialog_refuses_to_write_onto_a_report() {
    let d = tempfile::tempdir().unwrap();
    let report = d.path().join("xialu-2021.txt");
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/reports/xialu-2021.txt"
    ))
    .unwrap();
    std::fs::write(&report, &text).unwrap();
    // Reached through a link, as the CLI refuses it too.
    let link = d.path().join("link.csv");
    std::os::unix::fs::symlink(&report, &link).unwrap();
    let corpus = Corpus::load_blocking(Source::Paths(vec![d.path().to_path_buf()]));
    let mut app = App::new(corpus, Settings::default());
    app.update(Action::Resize(120, 40));
    for target in [report.clone(), link] {
        type_text(&mut app, "/xialu");
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        type_text(&mut app, "e");
        let Some(Screen::Export(dialog)) = app.screens.last_mut() else {
            panic!("no export dialog: {:?}", app.screens.last());
        };
        dialog.path = target.display().to_string();
        // Enter twice: the second would confirm an overwrite.
        for _ in 0..2 {
            key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
            Effects::new().run_all(&mut app, &mut Vec::new());
        }
        let Some(Screen::Export(dialog)) = app.screens.last() else {
            panic!("the dialog closed: {:?}", app.status);
        };
        let why = dialog.refused.clone().unwrap_or_default();
        assert!(why.contains("is the report"), "{why:?}");
        assert!(app
            .status
            .as_ref()
            .is_some_and(|(m, err)| *err && m.contains("refused")));
        assert_eq!(
            std::fs::read(&report).unwrap(),
            text,
            "the report is untouched"
        );
        key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    }
}

/// CPU time of this thread.
fn thread_cpu() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat.split_whitespace().next().and_then(|n| n.parse().ok());
    std::time::Duration::from_nanos(ns.unwrap_or(0))
}

/// Type `n` characters into the region filter; the CPU time it took.
fn type_into_filter(app: &mut App, n: usize) -> std::time::Duration {
    key(app, KeyCode::Char('/'), KeyModifiers::NONE);
    let t = thread_cpu();
    for k in 0..n {
        let c = ['x', 'l', '区', 'a'][k % 4];
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
    let took = thread_cpu().saturating_sub(t);
    key(app, KeyCode::Esc, KeyModifiers::NONE);
    took
}

#[test]
fn a_huge_paste_into_an_input_is_capped_and_cheap() {
    use baogao::tui::typing::MAX_INPUT_CHARS;
    let mut app = app_with(Settings::default());
    key(&mut app, KeyCode::Char('/'), KeyModifiers::NONE);
    type_text(&mut app, &"下陆".repeat(8_000));
    let text = app
        .input
        .as_ref()
        .map(|i| i.text.clone())
        .unwrap_or_default();
    assert_eq!(text.chars().count(), MAX_INPUT_CHARS);
    assert!(app
        .status
        .as_ref()
        .is_some_and(|(m, _)| m.contains("capped at 200")));
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.input.is_none(), "Esc still cancels");
    key(&mut app, KeyCode::Char('q'), KeyModifiers::NONE);
    assert!(app.quit, "q still quits");

    // A bracketed paste is one capped edit, everywhere text goes.
    let mut app = app_with(Settings::default());
    key(&mut app, KeyCode::Char('/'), KeyModifiers::NONE);
    app.paste(&"xialu\n".repeat(20_000));
    let text = app
        .input
        .as_ref()
        .map(|i| i.text.clone())
        .unwrap_or_default();
    assert_eq!(text.chars().count(), MAX_INPUT_CHARS);
    assert!(!text.contains('\n'));
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    type_text(&mut app, "e");
    app.paste(&"a".repeat(100_000));
    let Some(Screen::Export(d)) = app.screens.last() else {
        panic!("no export dialog");
    };
    assert_eq!(d.path.chars().count(), baogao::tui::typing::MAX_PATH_CHARS);
}

#[test]
fn typing_costs_the_same_per_key_however_long_the_input() {
    // Each key costs the same however much was typed: 16k keys take about
    // ten times as long as 1.6k (a filter re-run on the whole text each
    // key is quadratic).
    let mut app = app_with(Settings::default());
    let (mut t1, mut t10) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..2 {
        // Ten small runs a timing (as many keys as one large run): some
        // kernels count thread time in 4 ms ticks.
        let small: std::time::Duration = (0..10).map(|_| type_into_filter(&mut app, 1_600)).sum();
        t1 = t1.min(small / 10);
        t10 = t10.min(type_into_filter(&mut app, 16_000));
    }
    let r = t10.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    eprintln!("1.6k keys {t1:?}, 16k keys {t10:?}: ratio {r:.1}");
    assert!(r < 15.0, "1.6k keys {t1:?}, 16k keys {t10:?}");
}
