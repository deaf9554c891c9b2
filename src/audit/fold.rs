//! Text folding and hashing shared by the audits.
//!
//! Two reports are compared after folding away what does not change what
//! they say: script (Traditional → Simplified), width (NFKC, one character
//! for one: `，` → `,`), whitespace and, for sentences and shingles,
//! punctuation. Folded text is hashed with SipHash-1-3 (the `siphasher`
//! crate) under fixed keys, so every run gives the same hashes.

use crate::text::normalize_char;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;
use std::ops::Range;

/// Fixed SipHash keys: the hashes are the same from run to run.
const KEYS: (u64, u64) = (0x6261_6f67_616f_2d61, 0x7564_6974_2d31_3821);

/// A 64-bit hash of bytes.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = SipHasher13::new_with_keys(KEYS.0, KEYS.1);
    h.write(b);
    h.finish()
}

/// Whether a (folded) character is punctuation or a symbol that does not
/// change what a sentence says: ASCII punctuation, general punctuation
/// (“ ” … —), CJK symbols and punctuation (。 、 《 》 【 】), the small
/// and vertical forms, the middle dot.
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{00B7}' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}'
            | '\u{FE10}'..='\u{FE1F}' | '\u{FE30}'..='\u{FE6F}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
}

/// Fold script and width of each character and drop whitespace (and
/// punctuation when `punctuation` is false): the characters compared.
pub fn folded(s: &str, punctuation: bool) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(normalize_char)
        .filter(move |&c| !c.is_whitespace() && (punctuation || !is_punctuation(c)))
}

/// [`folded`] collected into a string.
pub fn folded_string(s: &str, punctuation: bool) -> String {
    folded(s, punctuation).collect()
}

/// Characters that end a sentence (after which a new one starts): the full
/// stop, question and exclamation marks, the semicolon, in both widths,
/// and the line break (a heading or a list item is a sentence of its own).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// One sentence of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text, the closing mark included, outer whitespace not.
    pub range: Range<usize>,
    /// The folded sentence: script, width, whitespace and punctuation folded.
    pub folded: String,
}

/// The sentences of a text with at least `min_chars` characters after
/// folding, in text order.
pub fn sentences(text: &str, min_chars: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if ends_sentence(c) {
            push_sentence(text, start..i + c.len_utf8(), min_chars, &mut out);
            start = i + c.len_utf8();
        }
    }
    push_sentence(text, start..text.len(), min_chars, &mut out);
    out
}

fn push_sentence(text: &str, range: Range<usize>, min_chars: usize, out: &mut Vec<Sentence>) {
    let raw = &text[range.clone()];
    let folded = folded_string(raw, false);
    if folded.chars().count() < min_chars.max(1) {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    out.push(Sentence {
        range: range.start + lead..range.end - trail,
        folded,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_width_space_and_punctuation_fold_away() {
        let a = folded_string("法治政府建設，２０２１年　成效顯著。", false);
        let b = folded_string("法治政府建设, 2021年成效显著", false);
        assert_eq!(a, b);
        assert_ne!(
            folded_string("成效显著。", true),
            folded_string("成效显著", true)
        );
    }

    #[test]
    fn sentences_split_and_keep_long_ones() {
        let text = "一、总体情况\n全年办理法律援助案件302件；调解纠纷1200起。短句。";
        let got: Vec<&str> = sentences(text, 6)
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect();
        assert_eq!(got, ["全年办理法律援助案件302件；", "调解纠纷1200起。"]);
        assert_eq!(hash_bytes(b"x"), hash_bytes(b"x"));
        assert_ne!(hash_bytes(b"x"), hash_bytes(b"y"));
    }
}
