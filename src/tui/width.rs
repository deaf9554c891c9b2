//! Display width: the one width function every pane uses for wrapping,
//! truncation and drawing.
//!
//! CJK ideographs and full-width forms (（ ， １) are two columns. East Asian
//! *ambiguous* characters (“ ” ‘ ’ — … · ① ○ ■ × and box drawing) are one
//! column for unicode-width but two in many CJK-locale terminals, so their
//! width is the `ambiguous_width` setting ([`AmbiguousWidth`]).
//!
//! ratatui always counts an ambiguous character as one cell. With the wide
//! setting, [`super::draw`] writes such a character into one cell and marks
//! the next cell as a blank *skip* cell (`Cell::skip`): our layout reserves
//! two columns, the buffer stays aligned with what the terminal draws, and the
//! backend never writes into the column the terminal has already covered
//! (after a skipped cell it moves the cursor explicitly). The text itself is
//! never altered (no full-width substitutes), so copying from the screen gives
//! the original characters.

use ratatui::buffer::Buffer;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// How many columns the terminal gives East Asian ambiguous characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum AmbiguousWidth {
    /// One column (unicode-width's view; most Western-locale terminals).
    #[default]
    Narrow,
    /// Two columns (many CJK-locale terminals).
    Wide,
}

impl TryFrom<u8> for AmbiguousWidth {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(AmbiguousWidth::Narrow),
            2 => Ok(AmbiguousWidth::Wide),
            _ => Err(format!("ambiguous_width must be 1 or 2, not {n}")),
        }
    }
}

impl From<AmbiguousWidth> for u8 {
    fn from(w: AmbiguousWidth) -> u8 {
        match w {
            AmbiguousWidth::Narrow => 1,
            AmbiguousWidth::Wide => 2,
        }
    }
}

/// Whether a character is never drawn, whatever unicode-width says: controls
/// (C0, DEL and C1: ESC, CSI and OSC would start escape sequences in the
/// terminal, BEL rings, backspace and carriage return move the cursor), the
/// line and paragraph separators (line breaks to some terminals), and the
/// bidirectional formatting characters (they reorder the rest of the line).
/// Report text goes to the screen only through [`char_width`]-based drawing,
/// so this is the one place that keeps such characters off the terminal.
pub fn never_drawn(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061C}' | '\u{200E}' | '\u{200F}'
                | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Columns taken by one character; 0 for zero-width characters and those
/// [`never_drawn`] (neither is drawn).
pub fn char_width(c: char, ambig: AmbiguousWidth) -> usize {
    if never_drawn(c) {
        return 0;
    }
    match ambig {
        AmbiguousWidth::Narrow => c.width().unwrap_or(0),
        AmbiguousWidth::Wide => c.width_cjk().unwrap_or(0),
    }
}

/// Whether ratatui (unicode-width) counts fewer columns for `c` than we do:
/// such a character needs a blank skip cell after it.
pub fn needs_pad(c: char, ambig: AmbiguousWidth) -> bool {
    char_width(c, ambig) > c.width().unwrap_or(0).max(1)
}

/// Columns taken by a string.
pub fn str_width(s: &str, ambig: AmbiguousWidth) -> usize {
    s.chars().map(|c| char_width(c, ambig)).sum()
}

/// The longest prefix of `s` that fits in `max` columns, never splitting a character.
pub fn truncate(s: &str, max: usize, ambig: AmbiguousWidth) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c, ambig);
        if used + w > max {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// Pad or cut `s` to exactly `cols` columns (a table cell).
pub fn fit(s: &str, cols: usize, ambig: AmbiguousWidth) -> String {
    let cut = truncate(s, cols, ambig);
    let w = str_width(cut, ambig);
    let mut out = String::with_capacity(cut.len() + cols - w);
    out.push_str(cut);
    out.extend(std::iter::repeat_n(' ', cols - w));
    out
}

/// Wrap characters into lines of at most `width` columns; returns character
/// ranges (newlines end a line and belong to no line). Chinese prose breaks
/// between any two characters; a wide character that does not fit moves to
/// the next line whole. A width of 0 is treated as 1.
pub fn wrap(chars: &[char], width: usize, ambig: AmbiguousWidth) -> Vec<Range<usize>> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push(start..i);
            start = i + 1;
            used = 0;
            continue;
        }
        let w = char_width(c, ambig);
        if used + w > width && i > start {
            lines.push(start..i);
            start = i;
            used = 0;
        }
        used += w;
    }
    if start < chars.len() || lines.is_empty() {
        lines.push(start..chars.len());
    }
    lines
}

/// Cells of a buffer hidden behind a wide character (by our width function)
/// that hold anything but a blank: each is `(x, y, symbol)`. An empty result
/// means no CJK overlap; tests assert it on every rendered frame.
pub fn hidden_cell_violations(buf: &Buffer, ambig: AmbiguousWidth) -> Vec<(u16, u16, String)> {
    let area = buf.area;
    let mut bad = Vec::new();
    for y in area.top()..area.bottom() {
        let mut hidden = 0usize;
        for x in area.left()..area.right() {
            let sym = buf[(x, y)].symbol();
            if hidden > 0 {
                if sym != " " {
                    bad.push((x, y, sym.to_string()));
                }
                hidden -= 1;
                continue;
            }
            hidden = str_width(sym, ambig).saturating_sub(1);
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmbiguousWidth::*;

    #[test]
    fn widths() {
        assert_eq!(str_width("下陆区", Narrow), 6);
        assert_eq!(str_width("“法治”", Narrow), 6);
        assert_eq!(str_width("“法治”", Wide), 8);
        assert_eq!(str_width("（３０２）", Narrow), 10);
        assert!(needs_pad('…', Wide));
        assert!(!needs_pad('…', Narrow));
        assert!(!needs_pad('法', Wide));
    }

    #[test]
    fn controls_separators_and_bidi_take_no_column() {
        for c in [
            '\u{1b}', '\u{7}', '\u{8}', '\r', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}', '\u{2029}',
            '\u{202e}', '\u{2067}',
        ] {
            assert!(never_drawn(c), "{}", c.escape_unicode());
            assert_eq!(char_width(c, Narrow), 0);
            assert_eq!(char_width(c, Wide), 0);
        }
        assert!(!never_drawn('法') && !never_drawn('“') && !never_drawn(' '));
        assert_eq!(str_width("\u{1b}[31m法\u{2028}", Narrow), 6);
    }

    #[test]
    fn truncate_never_splits() {
        assert_eq!(truncate("下陆区", 5, Narrow), "下陆");
        assert_eq!(truncate("a“b", 2, Wide), "a");
        assert_eq!(fit("下陆", 5, Narrow), "下陆 ");
    }

    #[test]
    fn wraps_by_columns() {
        let c: Vec<char> = "一二三四五\n六".chars().collect();
        assert_eq!(wrap(&c, 4, Narrow), vec![0..2, 2..4, 4..5, 6..7]);
        let q: Vec<char> = "“一”".chars().collect();
        assert_eq!(wrap(&q, 4, Wide), vec![0..2, 2..3]);
        assert_eq!(wrap(&q, 4, Narrow), vec![0..3]);
    }
}
