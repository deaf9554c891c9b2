//! Hostile use of the browser (issue 21), driven without a terminal: a key
//! map with no key to quit, pasting huge text into an input line, an export
//! onto an input report.

mod tui_common;

use baogao::corpus::Corpus;
use baogao::tui::config::Config;
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
