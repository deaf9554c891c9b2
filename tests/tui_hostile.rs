//! Hostile use of the browser (issue 21), driven without a terminal: a key
//! map with no key to quit, pasting huge text into an input line, an export
//! onto an input report.

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
