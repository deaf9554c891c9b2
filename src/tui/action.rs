//! Everything the browser can be asked to do. Keys map to these through the
//! keymap; [`super::App::update`] carries them out.
//!
//! To add a screen: add a variant here with its snake_case name, a line in
//! [`Action::describe`] and [`Action::ALL`], bind a key in
//! `assets/keymap.toml`, and push a new [`super::app::Screen`] from
//! `App::update`.

use serde::{Deserialize, Serialize};

/// A named action (`quit`, `focus_next`…). Variants marked `serde(skip)` are
/// internal: produced by the event loop, never bound to keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave the browser.
    Quit,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Move up one row (scroll up in the reader).
    Up,
    /// Move down one row.
    Down,
    /// Go to the first row.
    Top,
    /// Go to the last row.
    Bottom,
    /// Move up one page.
    PageUp,
    /// Move down one page.
    PageDown,
    /// Collapse a section (or go to its parent).
    Collapse,
    /// Expand a section.
    Expand,
    /// Open the selection / confirm the input line.
    Open,
    /// Filter the focused list, or find in the reader.
    Find,
    /// Clear the filter or find; close the top screen.
    Clear,
    /// Next find match in the reader.
    NextMatch,
    /// Previous find match in the reader.
    PrevMatch,
    /// Search the text of every loaded report.
    FullTextSearch,
    /// Cycle the sort order of the focused list.
    Sort,
    /// Show Traditional text in Simplified characters.
    ToggleSimplified,
    /// Open the load log (files that failed, with the reason).
    LoadLog,
    /// Show what was found about the selected report and where.
    ReportInfo,
    /// Turn mouse capture on or off.
    ToggleMouse,
    /// Show the keys.
    Help,
    /// Compare the selected report with another (picked next).
    Compare,
    /// Rank every report by the selected indicator's key.
    Rank,
    /// Export the table in focus to a file.
    Export,
    /// Copy the selected rows (or section text) to the clipboard.
    Copy,
    /// Audit the corpus: coverage, required contents, duplicates, reuse.
    Audit,
    /// Compare screen: next difference.
    NextDiff,
    /// Compare screen: previous difference.
    PrevDiff,
    /// Compare screen: lock or unlock scrolling of the two columns.
    ToggleLock,
    /// The terminal was resized to (columns, rows).
    #[serde(skip)]
    Resize(u16, u16),
    /// Mouse click at (column, row).
    #[serde(skip)]
    Click(u16, u16),
    /// Mouse wheel at (column, row); `true` scrolls down.
    #[serde(skip)]
    Wheel(u16, u16, bool),
    /// A character typed into the input line.
    #[serde(skip)]
    Type(char),
    /// Delete the last character of the input line.
    #[serde(skip)]
    Backspace,
}

impl Action {
    /// The bindable actions, in the order help lists them.
    pub const ALL: &'static [Action] = &[
        Action::Help,
        Action::Quit,
        Action::FocusNext,
        Action::FocusPrev,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Collapse,
        Action::Expand,
        Action::Open,
        Action::Find,
        Action::Clear,
        Action::NextMatch,
        Action::PrevMatch,
        Action::FullTextSearch,
        Action::Sort,
        Action::ToggleSimplified,
        Action::LoadLog,
        Action::ReportInfo,
        Action::ToggleMouse,
        Action::Compare,
        Action::Rank,
        Action::Export,
        Action::Copy,
        Action::Audit,
        Action::NextDiff,
        Action::PrevDiff,
        Action::ToggleLock,
    ];

    /// The hint bar on the compare screen.
    pub const COMPARE_HINTS: &'static [Action] = &[
        Action::Clear,
        Action::FocusNext,
        Action::Expand,
        Action::NextDiff,
        Action::ToggleLock,
        Action::Sort,
        Action::Open,
        Action::Rank,
        Action::Export,
        Action::Copy,
    ];

    /// The hint bar on the ranking screen.
    pub const RANK_HINTS: &'static [Action] =
        &[Action::Clear, Action::Down, Action::Export, Action::Copy];

    /// The hint bar on the audit screen.
    pub const AUDIT_HINTS: &'static [Action] = &[
        Action::Clear,
        Action::FocusNext,
        Action::Down,
        Action::Open,
        Action::Sort,
        Action::Find,
        Action::Export,
    ];

    /// The actions shown in the one-line hint bar, most useful first.
    pub const HINTS: &'static [Action] = &[
        Action::Quit,
        Action::Help,
        Action::FocusNext,
        Action::Find,
        Action::FullTextSearch,
        Action::Sort,
        Action::Open,
        Action::LoadLog,
        Action::ToggleSimplified,
        Action::Compare,
        Action::Rank,
        Action::Export,
        Action::Copy,
        Action::Audit,
    ];

    /// What the action does, for the help screen.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrev => "focus the previous pane",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Collapse => "collapse section / go to parent; previous topic",
            Action::Expand => "expand section; next topic",
            Action::Open => "open selection / confirm input",
            Action::Find => "filter the list, or find in the reader",
            Action::Clear => "clear filter or find / close",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::FullTextSearch => "search all reports",
            Action::Sort => "cycle sort order",
            Action::ToggleSimplified => "show Traditional as Simplified",
            Action::LoadLog => "load log (failed files)",
            Action::ReportInfo => "about the report: region and where it was found",
            Action::ToggleMouse => "mouse capture on/off",
            Action::Help => "this help",
            Action::Compare => "compare with another report",
            Action::Rank => "rank all reports by the indicator's key",
            Action::Export => "export the table in focus",
            Action::Copy => "copy selected row / section text",
            Action::Audit => "audit: coverage, contents, duplicates, reuse",
            Action::NextDiff => "compare: next difference",
            Action::PrevDiff => "compare: previous difference",
            Action::ToggleLock => "compare: lock/unlock scrolling",
            Action::Resize(..)
            | Action::Click(..)
            | Action::Wheel(..)
            | Action::Type(_)
            | Action::Backspace => "",
        }
    }

    /// A one-word label for the hint bar.
    pub fn short(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::FocusNext => "pane",
            Action::Find => "filter",
            Action::FullTextSearch => "search",
            Action::Sort => "sort",
            Action::Open => "open",
            Action::LoadLog => "log",
            Action::ReportInfo => "about",
            Action::ToggleSimplified => "简体",
            Action::Compare => "compare",
            Action::Rank => "rank",
            Action::Export => "export",
            Action::Copy => "copy",
            Action::Audit => "audit",
            Action::NextDiff => "next diff",
            Action::PrevDiff => "prev diff",
            Action::ToggleLock => "lock",
            Action::Clear => "back",
            Action::Expand => "next topic",
            Action::Down => "move",
            other => other.describe(),
        }
    }

    /// Parse a snake_case action name (`focus_next`).
    pub fn from_name(name: &str) -> Option<Action> {
        use serde::de::{value::StrDeserializer, IntoDeserializer};
        let de: StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
        Action::deserialize(de).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            let name = serde_json::to_value(a).unwrap();
            assert_eq!(Action::from_name(name.as_str().unwrap()), Some(*a));
            assert!(!a.describe().is_empty());
        }
        assert_eq!(Action::from_name("focus_next"), Some(Action::FocusNext));
        assert_eq!(Action::from_name("resize"), None);
    }
}
