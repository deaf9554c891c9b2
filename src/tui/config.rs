//! The user's settings: `~/.config/baogao/config.toml` (via
//! `dirs::config_dir()`), all optional:
//!
//! ```toml
//! ambiguous_width = 2      # columns of “ ” … · ① in your terminal: 1 or 2
//! mouse = false            # start without mouse capture
//! [colors]                 # ratatui colour names or #rrggbb
//! accent = "cyan"          # focused pane, titles
//! highlight = "yellow"     # indicator figures in the reader
//! matched = "magenta"      # find and filter matches
//! error = "red"
//! [keys]                   # action = [keys], see assets/keymap.toml
//! quit = ["q", "ctrl-q"]
//! ```
//!
//! `NO_COLOR` (set and not empty) turns colours off; emphasis then uses
//! bold, underline and reverse video only.

use super::width::AmbiguousWidth;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

/// Settings read from the config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Columns of East Asian ambiguous characters: 1 or 2.
    pub ambiguous_width: AmbiguousWidth,
    /// Mouse capture at start (default on).
    pub mouse: Option<bool>,
    /// Colour names by role.
    pub colors: Colors,
    /// Key overrides: action name → key names.
    pub keys: HashMap<String, Vec<String>>,
}

/// Colour names by role (unset: the default theme).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    /// Focused pane border and titles.
    pub accent: Option<String>,
    /// Indicator figures in the reader.
    pub highlight: Option<String>,
    /// Find and filter matches.
    pub matched: Option<String>,
    /// Errors in the status line.
    pub error: Option<String>,
}

impl Config {
    /// Where the config file lives.
    pub fn path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("baogao").join("config.toml"))
    }

    /// Parse config text.
    pub fn from_toml(s: &str) -> Result<Config, String> {
        toml::from_str(s).map_err(|e| e.message().to_string())
    }

    /// Read the user's config file; a missing file gives the defaults, a bad
    /// one the defaults and a message for the status line.
    pub fn load() -> (Config, Option<String>) {
        let Some(path) = Config::path() else {
            return (Config::default(), None);
        };
        match std::fs::read_to_string(&path) {
            Ok(s) => match Config::from_toml(&s) {
                Ok(c) => (c, None),
                Err(e) => (Config::default(), Some(format!("{}: {e}", path.display()))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(e) => (Config::default(), Some(format!("{}: {e}", path.display()))),
        }
    }
}

/// Styles of the browser, from the config's colours and `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    accent: Option<Color>,
    highlight: Option<Color>,
    matched: Option<Color>,
    error: Option<Color>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            accent: Some(Color::Cyan),
            highlight: Some(Color::Yellow),
            matched: Some(Color::Magenta),
            error: Some(Color::Red),
        }
    }
}

impl Theme {
    /// A theme with no colours at all (`NO_COLOR`).
    pub fn monochrome() -> Theme {
        Theme {
            accent: None,
            highlight: None,
            matched: None,
            error: None,
        }
    }

    /// The theme for config colours; warnings name colours that did not parse.
    pub fn from_colors(c: &Colors, no_color: bool) -> (Theme, Vec<String>) {
        if no_color {
            return (Theme::monochrome(), Vec::new());
        }
        let mut t = Theme::default();
        let mut warnings = Vec::new();
        for (slot, value, name) in [
            (&mut t.accent, &c.accent, "accent"),
            (&mut t.highlight, &c.highlight, "highlight"),
            (&mut t.matched, &c.matched, "matched"),
            (&mut t.error, &c.error, "error"),
        ] {
            if let Some(v) = value {
                match Color::from_str(v) {
                    Ok(col) => *slot = Some(col),
                    Err(_) => warnings.push(format!("colors.{name}: unknown colour `{v}`")),
                }
            }
        }
        (t, warnings)
    }

    fn fg(c: Option<Color>, fallback: Modifier) -> Style {
        match c {
            Some(c) => Style::new().fg(c),
            None => Style::new().add_modifier(fallback),
        }
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Border and title of the focused pane.
    pub fn focused(&self) -> Style {
        Theme::fg(self.accent, Modifier::BOLD).add_modifier(Modifier::BOLD)
    }

    /// Secondary text (column headers, hints).
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// The selected row.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// Indicator figures in the reader.
    pub fn indicator(&self) -> Style {
        Theme::fg(self.highlight, Modifier::UNDERLINED).add_modifier(Modifier::BOLD)
    }

    /// The sentence of the selected indicator.
    pub fn sentence(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }

    /// Sentences two compared reports share.
    pub fn shared(&self) -> Style {
        Theme::fg(self.highlight, Modifier::ITALIC).add_modifier(Modifier::ITALIC)
    }

    /// Find matches.
    pub fn matched(&self) -> Style {
        match self.matched {
            Some(c) => Style::new().fg(Color::Black).bg(c),
            None => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Error messages.
    pub fn error(&self) -> Style {
        Theme::fg(self.error, Modifier::BOLD).add_modifier(Modifier::BOLD)
    }
}

/// Whether `NO_COLOR` asks for no colours.
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_settings() {
        let c = Config::from_toml("ambiguous_width = 2\nmouse = false\n[colors]\naccent = \"green\"\n[keys]\nquit = [\"x\"]\n")
            .unwrap();
        assert_eq!(c.ambiguous_width, AmbiguousWidth::Wide);
        assert_eq!(c.mouse, Some(false));
        assert_eq!(c.keys["quit"], vec!["x".to_string()]);
        let (t, w) = Theme::from_colors(&c.colors, false);
        assert!(w.is_empty());
        assert_eq!(t.focused().fg, Some(Color::Green));
    }

    #[test]
    fn rejects_bad_settings() {
        assert!(Config::from_toml("ambiguous_width = 3")
            .unwrap_err()
            .contains("1 or 2"));
        assert!(Config::from_toml("colour = 1").is_err());
        let bad = Colors {
            accent: Some("blurple".into()),
            ..Colors::default()
        };
        assert_eq!(Theme::from_colors(&bad, false).1.len(), 1);
        assert_eq!(Theme::from_colors(&bad, true).0, Theme::monochrome());
    }
}
