// The folding of one character, shared by the crate (`crate::text`) and
// the build script, which builds the fold table from it (`include!`d
// there, so this file holds only plain items).

use unicode_normalization::UnicodeNormalization;

/// Fold one character with NFKC when it folds to exactly one character
/// (`３` → `3`, `，` → `,`, `（` → `(`, U+3000 → space); others stay as they are,
/// so that folded text keeps one character per original character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() || is_enclosed_numeral(c) {
        return c;
    }
    let mut it = c.nfkc();
    match (it.next(), it.next()) {
        // Never longer in UTF-8: offsets into the folded text rely on it.
        (Some(f), None) if f.len_utf8() <= c.len_utf8() => f,
        _ => c,
    }
}

/// Circled and parenthesised numerals (① ⑴ ⒈) keep their form: they are
/// heading markers, and NFKC would turn them into bare digits.
pub fn is_enclosed_numeral(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}')
}
