//! The one keymap: key → [`Action`]. Defaults come from the embedded
//! `assets/keymap.toml`; the user's config overrides them per action. The
//! help screen and the hint bar are generated from the same map.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashMap;

/// The default bindings (`assets/keymap.toml`), embedded in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// A key with its modifiers, normalised so that a binding and an event compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is folded into the character or into `BackTab`).
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalise a terminal key event.
    pub fn from_event(ev: KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if !mods.is_empty() => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::BackTab => {
                mods = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            c => c,
        };
        Key { code, mods }
    }

    /// Parse a key name: `q`, `G`, `ctrl-f`, `shift-tab`, `pagedown`…
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        let mut shift = false;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                mods |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else if rest.chars().count() > 1 && lower.starts_with("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                let c = if !mods.is_empty() {
                    c.to_ascii_lowercase()
                } else if shift {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                KeyCode::Char(c)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "tab" if shift => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "space" => KeyCode::Char(' '),
                "delete" | "del" => KeyCode::Delete,
                f if f.starts_with('f') && f.len() > 1 => {
                    KeyCode::F(f[1..].parse().map_err(|_| format!("unknown key `{s}`"))?)
                }
                _ => return Err(format!("unknown key `{s}`")),
            },
        };
        Ok(Key { code, mods })
    }

    /// How the key is written in help and hints (ASCII only: arrows are
    /// ambiguous-width characters).
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("M-");
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str("Space"),
            KeyCode::Char(c) => out.push(c),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str("S-Tab"),
            KeyCode::Enter => out.push_str("Enter"),
            KeyCode::Esc => out.push_str("Esc"),
            KeyCode::Backspace => out.push_str("BS"),
            KeyCode::Up => out.push_str("Up"),
            KeyCode::Down => out.push_str("Down"),
            KeyCode::Left => out.push_str("Left"),
            KeyCode::Right => out.push_str("Right"),
            KeyCode::PageUp => out.push_str("PgUp"),
            KeyCode::PageDown => out.push_str("PgDn"),
            KeyCode::Home => out.push_str("Home"),
            KeyCode::End => out.push_str("End"),
            KeyCode::Delete => out.push_str("Del"),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

/// Bindings from keys to actions, and each action's keys in binding order.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    by_action: Vec<(Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&HashMap::new()).0
    }
}

impl Keymap {
    /// The defaults with the user's overrides (`action name → key names`,
    /// replacing that action's keys). Returns the map and warnings about
    /// unknown actions or keys, which are skipped.
    pub fn new(overrides: &HashMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut warnings = Vec::new();
        let defaults: HashMap<String, Vec<String>> =
            match toml::from_str::<KeysFile>(DEFAULT_KEYMAP) {
                Ok(f) => f.keys,
                Err(e) => {
                    warnings.push(format!("default keymap: {e}"));
                    HashMap::new()
                }
            };
        let mut by_action: Vec<(Action, Vec<Key>)> = Vec::new();
        for &action in Action::ALL {
            let name = action_name(action);
            let names = overrides.get(&name).or_else(|| defaults.get(&name));
            let mut keys = Vec::new();
            for k in names.into_iter().flatten() {
                match Key::parse(k) {
                    Ok(key) => keys.push(key),
                    Err(e) => warnings.push(format!("keys.{name}: {e}")),
                }
            }
            by_action.push((action, keys));
        }
        for name in overrides.keys() {
            if Action::from_name(name).is_none_or(|a| !Action::ALL.contains(&a)) {
                warnings.push(format!("keys: unknown action `{name}`"));
            }
        }
        // Overridden actions win a key over defaults that used it.
        let mut by_key = HashMap::new();
        let (over, default): (Vec<_>, Vec<_>) = by_action
            .iter()
            .partition(|(a, _)| overrides.contains_key(&action_name(*a)));
        for (action, keys) in default.into_iter().chain(over) {
            for k in keys {
                by_key.insert(*k, *action);
            }
        }
        for (action, keys) in &mut by_action {
            keys.retain(|k| {
                by_key.get(k) == Some(action) && (*k != ctrl_c() || *action == Action::Quit)
            });
        }
        // A map without a key to quit is not taken as it is: the default
        // quit keys win back over whatever took them.
        let quit_keys = |m: &[(Action, Vec<Key>)]| {
            m.iter()
                .find(|(a, _)| *a == Action::Quit)
                .map_or(0, |(_, k)| k.len())
        };
        if quit_keys(&by_action) == 0 {
            let keep: Vec<Key> = defaults
                .get("quit")
                .into_iter()
                .flatten()
                .filter_map(|k| Key::parse(k).ok())
                .chain(std::iter::once(ctrl_c()))
                .collect();
            for (action, keys) in &mut by_action {
                if *action == Action::Quit {
                    keys.clone_from(&keep);
                    keys.dedup();
                } else {
                    keys.retain(|k| !keep.contains(k));
                }
            }
            for k in &keep {
                by_key.insert(*k, Action::Quit);
            }
            let labels: Vec<String> = keep.iter().map(Key::label).collect();
            warnings.push(format!(
                "keys.quit: no key left to quit; kept {}",
                labels.join(", ")
            ));
        }
        (Keymap { by_key, by_action }, warnings)
    }

    /// The action bound to a key event; Ctrl-C always quits.
    pub fn action(&self, ev: KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        if key == ctrl_c() {
            return Some(Action::Quit);
        }
        self.by_key.get(&key).copied()
    }

    /// The keys bound to an action (possibly none).
    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// The keys of an action as text (`j, Down`).
    pub fn keys_label(&self, action: Action) -> String {
        self.keys(action)
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Ctrl-C, which always quits.
fn ctrl_c() -> Key {
    Key {
        code: KeyCode::Char('c'),
        mods: KeyModifiers::CONTROL,
    }
}

#[derive(serde::Deserialize)]
struct KeysFile {
    keys: HashMap<String, Vec<String>>,
}

fn action_name(a: Action) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_parse_and_bind_every_action() {
        let (km, warnings) = Keymap::new(&HashMap::new());
        assert!(warnings.is_empty(), "{warnings:?}");
        for a in Action::ALL {
            assert!(!km.keys(*a).is_empty(), "{a:?} unbound");
        }
        assert_eq!(
            km.action(ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action(ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            km.action(ev(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            Some(Action::FullTextSearch)
        );
        assert_eq!(km.keys_label(Action::Down), "j, Down");
    }

    #[test]
    fn screen_keys_are_bound() {
        let km = Keymap::default();
        for (c, a) in [
            ('c', Action::Compare),
            ('r', Action::Rank),
            ('e', Action::Export),
            ('y', Action::Copy),
            (']', Action::NextDiff),
            ('[', Action::PrevDiff),
            ('u', Action::ToggleLock),
        ] {
            assert_eq!(
                km.action(ev(KeyCode::Char(c), KeyModifiers::NONE)),
                Some(a),
                "{c}"
            );
        }
    }

    #[test]
    fn overrides_replace_and_steal_keys() {
        let mut o = HashMap::new();
        o.insert("quit".to_string(), vec!["x".to_string()]);
        o.insert("help".to_string(), vec!["q".to_string()]);
        o.insert("nope".to_string(), vec!["z".to_string()]);
        let (km, warnings) = Keymap::new(&o);
        assert_eq!(
            km.action(ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action(ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Help)
        );
        assert_eq!(warnings, vec!["keys: unknown action `nope`".to_string()]);
    }

    #[test]
    fn a_map_without_a_quit_key_keeps_the_default_one() {
        for quit in [vec![], vec!["nokey".to_string()]] {
            let mut o = HashMap::new();
            o.insert("quit".to_string(), quit);
            o.insert("help".to_string(), vec!["q".to_string()]);
            let (km, warnings) = Keymap::new(&o);
            let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
            assert_eq!(km.action(q), Some(Action::Quit));
            assert_eq!(km.keys_label(Action::Quit), "q, C-c");
            assert!(km.keys(Action::Help).is_empty());
            assert!(
                warnings
                    .last()
                    .is_some_and(|w| w.contains("no key left to quit")),
                "{warnings:?}"
            );
        }
    }

    #[test]
    fn ctrl_c_always_quits() {
        let mut o = HashMap::new();
        o.insert("quit".to_string(), vec!["x".to_string()]);
        o.insert("compare".to_string(), vec!["ctrl-c".to_string()]);
        let (km, warnings) = Keymap::new(&o);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            km.action(ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }
}
