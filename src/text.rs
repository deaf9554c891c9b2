//! Character-level helpers shared by parser, search and display:
//! NFKC folding that keeps one character for one character, and
//! Traditional→Simplified conversion through OpenCC.

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static T2S: LazyLock<Option<OpenCC>> = LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Fold one character with NFKC when it folds to exactly one character
/// (`３` → `3`, `，` → `,`, `（` → `(`, U+3000 → space); others stay as they are,
/// so that folded text keeps one character per original character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut it = c.nfkc();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// NFKC-fold a string character by character (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Convert Traditional characters to Simplified with OpenCC's `t2s` tables.
pub fn to_simplified(s: &str) -> String {
    match T2S.as_ref() {
        Some(cc) => cc.convert(s),
        None => s.to_string(),
    }
}

/// Convert to Simplified keeping exactly one output character per input
/// character, so positions carry over. Phrase conversions that change the
/// length fall back to character-by-character conversion.
pub fn to_simplified_aligned(s: &str) -> String {
    let whole = to_simplified(s);
    if whole.chars().count() == s.chars().count() {
        return whole;
    }
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let one = to_simplified(c.encode_utf8(&mut buf));
        let mut it = one.chars();
        match (it.next(), it.next()) {
            (Some(f), None) => out.push(f),
            _ => out.push(c),
        }
    }
    out
}

/// Fold for matching: NFKC per character, then Traditional→Simplified,
/// one character per original character.
pub fn normalize(s: &str) -> String {
    to_simplified_aligned(&fold(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_one_to_one() {
        assert_eq!(fold("３０２件（一）："), "302件(一):");
        assert_eq!(fold("…"), "…");
        assert_eq!(fold("\u{3000}一、"), " 一、");
    }

    #[test]
    fn converts_traditional() {
        assert_eq!(normalize("關於2021年法治政府建設情況的報告"), "关于2021年法治政府建设情况的报告");
        assert_eq!(normalize("辦理").chars().count(), 2);
    }
}
