//! Character-level helpers shared by parser, search and display:
//! NFKC folding that keeps one character for one character, and
//! Traditional→Simplified conversion through OpenCC.

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

mod fold_char;
pub use fold_char::{fold_char, is_enclosed_numeral};

/// Whether `s` has more than `n` characters: settled by its length in
/// bytes (one to four a character) when it can be, else by counting at
/// most `n + 1` characters (a body line can be thousands long).
pub fn longer_than(s: &str, n: usize) -> bool {
    s.len() > n && (s.len() > 4 * n || s.chars().nth(n).is_some())
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

/// One entry per Basic Multilingual Plane character: the character after
/// NFKC folding ([`fold_char`]) and Traditional→Simplified conversion of the
/// single character (OpenCC's `t2s`). Built by the build script from the
/// same two steps, so no process pays for it at start; makes [`normalize`]
/// a table lookup. Folding never lengthens a character, so a BMP character
/// folds to a BMP character and an entry fits in 16 bits (128 KiB in all).
static FOLD_TABLE: [u16; 0x1_0000] = include!(concat!(env!("OUT_DIR"), "/fold_table.rs"));

/// The BMP characters that [`FOLD_TABLE`] changes, one bit each (8 KiB):
/// the folding pass tests a character here and reads the 128 KiB table,
/// which does not stay in the first-level cache, only for those that change.
static FOLD_CHANGES: LazyLock<CharBits> = LazyLock::new(|| {
    CharBits::from_chars(
        FOLD_TABLE
            .iter()
            .enumerate()
            .filter(|&(u, &f)| u as u32 != u32::from(f))
            .filter_map(|(u, _)| char::from_u32(u as u32)),
    )
});

/// The folded form of a BMP character by [`FOLD_TABLE`].
fn fold_bmp(table: &[u16], c: u32) -> char {
    char::from_u32(u32::from(table[c as usize & 0xFFFF])).unwrap_or('\u{FFFD}')
}

/// Fold one character for matching: NFKC (one to one) then Traditional→Simplified.
pub fn normalize_char(c: char) -> char {
    if c.is_ascii() || u32::from(c) > 0xFFFF {
        return c;
    }
    fold_bmp(&FOLD_TABLE, u32::from(c))
}

/// Convert to Simplified keeping exactly one output character per input
/// character, so positions carry over (character by character, with
/// OpenCC's character table).
pub fn to_simplified_aligned(s: &str) -> String {
    s.chars()
        .map(|c| {
            let n = normalize_char(c);
            // Keep the Traditional→Simplified part only, not the folding.
            if fold_char(c) == c {
                n
            } else {
                c
            }
        })
        .collect()
}

/// Fold for matching: NFKC per character, then Traditional→Simplified,
/// one character per original character.
pub fn normalize(s: &str) -> String {
    normalize_counting(s).text
}

/// The code point starting at byte `i` of valid UTF-8 `b`, and its length
/// in bytes: a hand decoder for the per-character scans of the parser
/// (the standard iterator's checks cost more than the work done per
/// character there). `i` must be a character boundary.
#[inline(always)]
pub fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let x = b[i];
    if x < 0x80 {
        return (u32::from(x), 1);
    }
    // Three bytes, the commonest in Chinese text: tested first, with one
    // bounds check for the three.
    if let Some(&[x, y, z]) = b.get(i..i + 3) {
        if x & 0xF0 == 0xE0 {
            let (x, y, z) = (
                u32::from(x & 0x0F),
                u32::from(y & 0x3F),
                u32::from(z & 0x3F),
            );
            return (x << 12 | y << 6 | z, 3);
        }
    }
    // Continuation bits; a missing byte (not in valid UTF-8) reads as zero.
    let t = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0) & 0x3F);
    if x & 0xF0 == 0xE0 {
        (u32::from(x & 0x0F) << 12 | t(1) << 6 | t(2), 3)
    } else if x < 0xE0 {
        (u32::from(x & 0x1F) << 6 | t(1), 2)
    } else {
        (u32::from(x & 0x07) << 18 | t(1) << 12 | t(2) << 6 | t(3), 4)
    }
}

/// A set of BMP characters, one bit each (8 KiB): a membership test of a
/// few instructions, for scans that test every character of a line.
#[derive(Clone)]
pub struct CharBits(Box<[u64; 0x1_0000 / 64]>);

impl std::fmt::Debug for CharBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n: u32 = self.0.iter().map(|w| w.count_ones()).sum();
        write!(f, "CharBits({n} characters)")
    }
}

impl CharBits {
    /// The set of `chars` (those beyond the BMP are left out).
    pub fn from_chars(chars: impl IntoIterator<Item = char>) -> CharBits {
        let mut bits = Box::new([0u64; 0x1_0000 / 64]);
        for c in chars {
            let u = c as usize;
            if u < 0x1_0000 {
                bits[u / 64] |= 1 << (u % 64);
            }
        }
        CharBits(bits)
    }

    /// The characters in either set.
    pub fn union(&self, other: &CharBits) -> CharBits {
        let mut bits = self.0.clone();
        for (a, b) in bits.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
        CharBits(bits)
    }

    /// Whether `c` is in the set.
    pub fn contains(&self, c: char) -> bool {
        self.contains_code(c as u32)
    }

    /// [`CharBits::contains`] for a code point from [`crate::text::decode_at`].
    #[inline(always)]
    pub fn contains_code(&self, u: u32) -> bool {
        let u = u as usize;
        u < 0x1_0000 && self.0[u / 64] & (1 << (u % 64)) != 0
    }
}

/// Size of a [`PairBits`] (8 KiB: a few thousand pairs leave most bits
/// clear).
const PAIR_BITS: usize = 1 << 16;

/// A set of pairs of characters, hashed into bits: false positives
/// possible, no false negatives.
#[derive(Debug, Clone)]
pub struct PairBits(Box<[u64; PAIR_BITS / 64]>);

impl Default for PairBits {
    fn default() -> PairBits {
        PairBits(Box::new([0; PAIR_BITS / 64]))
    }
}

impl PairBits {
    /// The bit of a pair of code points.
    fn bit(a: u32, b: u32) -> usize {
        let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 48) as usize % PAIR_BITS
    }

    /// Add the pair `(a, b)`.
    pub fn insert(&mut self, a: u32, b: u32) {
        let bit = PairBits::bit(a, b);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether the pair may be in the set.
    #[inline]
    pub fn contains(&self, a: u32, b: u32) -> bool {
        let bit = PairBits::bit(a, b);
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// Items keyed by words, grouped by the words' first characters, with a
/// [`CharBits`] of those characters: finding what may start at a character
/// costs one bit test for most characters of a text.
#[derive(Debug, Clone)]
pub struct ByFirst<T> {
    firsts: CharBits,
    map: FxHashMap<char, Vec<T>>,
}

impl<T> ByFirst<T> {
    /// Group `items` by the first character of their word, keeping their
    /// order within a group; items with an empty word are left out.
    pub fn new<'w>(items: impl IntoIterator<Item = (&'w str, T)>) -> ByFirst<T> {
        let mut map: FxHashMap<char, Vec<T>> = FxHashMap::default();
        for (word, item) in items {
            if let Some(c) = word.chars().next() {
                map.entry(c).or_default().push(item);
            }
        }
        ByFirst {
            firsts: CharBits::from_chars(map.keys().copied()),
            map,
        }
    }

    /// The items whose word starts with the code point `c`
    /// ([`decode_at`]), in their order.
    #[inline]
    pub fn starting(&self, c: u32) -> &[T] {
        if c <= 0xFFFF && !self.firsts.contains_code(c) {
            return &[];
        }
        char::from_u32(c)
            .and_then(|c| self.map.get(&c))
            .map_or(&[], Vec::as_slice)
    }

    /// The first characters of the words.
    pub fn firsts(&self) -> impl Iterator<Item = char> + '_ {
        self.map.keys().copied()
    }
}

/// A text folded by [`normalize_counting`], with what the same pass learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text ([`normalize`]).
    pub text: String,
    /// Han characters (U+3400–U+9FFF) in the original.
    pub han: usize,
    /// How many of them folding changed.
    pub changed: usize,
    /// Where a character's encoded length changed (`，` → `,`): its byte
    /// offset in the folded text and the running difference, original
    /// minus folded, after it. Empty when the lengths never change.
    pub shifts: Vec<(u32, i32)>,
}

/// [`normalize`], also counting the Han characters and how many of them
/// changed, and noting the length shifts, in the same pass.
pub fn normalize_counting(s: &str) -> Folded {
    static NOTHING: LazyLock<Watch> = LazyLock::new(|| Watch::new(CharBits::from_chars([])));
    normalize_watching(s, &NOTHING, |_, _| {})
}

/// The characters a caller of [`normalize_watching`] wants to hear of,
/// prepared with those folding changes so that most characters cost one
/// bit test.
#[derive(Debug, Clone)]
pub struct Watch {
    /// The characters that fold to a watched one: the folding pass tests
    /// the character it reads, not the table's answer, so that the branch
    /// does not wait for the table (128 KiB, beyond the first-level cache).
    before: CharBits,
    /// `before` and the characters folding changes.
    either: CharBits,
}

impl Watch {
    /// Watch for the characters of `watched` (as they are after folding).
    pub fn new(watched: CharBits) -> Watch {
        let table = &FOLD_TABLE[..];
        let before = CharBits::from_chars(
            (0..=0xFFFFu32)
                .filter(|&u| watched.contains_code(u32::from(fold_bmp(table, u))))
                .filter_map(char::from_u32),
        );
        let either = before.union(&FOLD_CHANGES);
        Watch { before, either }
    }
}

/// [`normalize_counting`], also calling `visit(offset, c)` with every
/// character `c` of the folded text (a code point) that `watch` holds and
/// its byte offset there, in order: the one pass over the characters that
/// the parser's later searches can ride on.
#[inline]
pub fn normalize_watching(s: &str, watch: &Watch, mut visit: impl FnMut(usize, u32)) -> Folded {
    let changes = &*FOLD_CHANGES;
    let b = s.as_bytes();
    let mut han = 0;
    // Bytes are decoded by hand. Most lines of a Simplified text change in
    // no character: they are only read here, and copied whole at the end.
    let mut i = 0;
    while i < b.len() {
        let (c, len) = decode_at(b, i);
        // Beyond the BMP: neither folded nor watched (`contains_code` is false).
        if watch.either.contains_code(c) {
            if changes.contains_code(c) {
                return fold_from(s, i, han, watch, visit);
            }
            visit(i, c);
        }
        han += usize::from((0x3400..=0x9FFF).contains(&c));
        i += len;
    }
    Folded {
        text: s.to_string(),
        han,
        changed: 0,
        shifts: Vec::new(),
    }
}

/// The rest of [`normalize_watching`] from the first character that
/// changes, at byte `i`, with `han` Han characters before it. Every
/// character is written to the output from there: in a Traditional text
/// nearly every other character changes, and copying the runs between them
/// would cost a call each.
#[inline]
fn fold_from(
    s: &str,
    mut i: usize,
    mut han: usize,
    watch: &Watch,
    mut visit: impl FnMut(usize, u32),
) -> Folded {
    let before = &watch.before;
    let table: &[u16] = &FOLD_TABLE[..];
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..i]);
    let mut changed = 0;
    let mut shifts = Vec::new();
    let mut shift = 0i32;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if before.contains_code(u32::from(x)) {
                visit(out.len(), u32::from(x));
            }
            out.push(char::from(x));
            i += 1;
            continue;
        }
        let (c, len) = decode_at(b, i);
        i += len;
        if c > 0xFFFF {
            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
            continue;
        }
        let f = fold_bmp(table, c);
        if (0x3400..=0x9FFF).contains(&c) {
            han += 1;
            changed += usize::from(u32::from(f) != c);
        }
        if f.len_utf8() != len {
            // Lines are far shorter than 4 GiB; offsets saturate if not.
            shift += len as i32 - f.len_utf8() as i32;
            shifts.push((u32::try_from(out.len()).unwrap_or(u32::MAX), shift));
        }
        if before.contains_code(c) {
            visit(out.len(), u32::from(f));
        }
        out.push(f);
    }
    Folded {
        text: out,
        han,
        changed,
        shifts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_fold_table_folds_and_simplifies_one_for_one() {
        // Made by the build script: NFKC one for one, then OpenCC's t2s of
        // the single character; heading markers and ASCII stay.
        for (c, f) in [
            ('國', '国'),
            ('臺', '台'),
            ('辦', '办'),
            ('３', '3'),
            ('，', ','),
            ('\u{3000}', ' '),
            ('①', '①'),
            ('⑴', '⑴'),
            ('A', 'A'),
            ('法', '法'),
        ] {
            assert_eq!(normalize_char(c), f, "{c}");
        }
        // Every entry is a character no longer in UTF-8 than its own.
        for (u, &f) in FOLD_TABLE.iter().enumerate() {
            let (Some(c), Some(f)) = (char::from_u32(u as u32), char::from_u32(u32::from(f)))
            else {
                assert!(
                    (0xD800..0xE000).contains(&u),
                    "U+{u:04X} folds to no character"
                );
                continue;
            };
            assert!(f.len_utf8() <= c.len_utf8(), "U+{u:04X} lengthens");
        }
    }

    #[test]
    fn counting_pass_agrees_with_the_character_fold() {
        let s = "ab 辦理３０２件, 法律援助 x臺灣\u{3000}①";
        let f = normalize_counting(s);
        assert_eq!(f.text, s.chars().map(normalize_char).collect::<String>());
        assert_eq!((f.han, f.changed), (9, 3));
        // `３０２` and `\u{3000}` shrink from three bytes to one each.
        let at = |needle: &str| f.text.find(needle).unwrap() as u32;
        assert_eq!(
            f.shifts,
            vec![(at("302"), 2), (at("02"), 4), (at("2件"), 6), (at(" ①"), 8)]
        );
    }

    #[test]
    fn words_by_first_character() {
        let words = ["个工作日", "个", "件", "", "𠀀字", "人次"];
        let by = ByFirst::new(words.iter().enumerate().map(|(i, w)| (*w, i)));
        assert_eq!(by.starting(u32::from('个')), &[0, 1]);
        assert_eq!(by.starting(u32::from('件')), &[2]);
        assert_eq!(by.starting(u32::from('𠀀')), &[4]);
        assert!(by.starting(u32::from('x')).is_empty());
        let mut firsts: Vec<char> = by.firsts().collect();
        firsts.sort_unstable();
        assert_eq!(firsts, vec!['个', '人', '件', '𠀀']);
    }

    #[test]
    fn character_counts_bounded() {
        assert!(!longer_than("法治", 2) && longer_than("法治政", 2));
        assert!(!longer_than("abcd", 4) && longer_than("abcde", 4));
        // Settled by bytes either way, and by counting in between.
        assert!(longer_than(&"a".repeat(9), 2) && !longer_than("𠀀𠀀", 2));
        assert!(!longer_than("", 0) && longer_than("法", 0));
    }

    #[test]
    fn folds_full_width_one_to_one() {
        assert_eq!(fold("３０２件（一）："), "302件(一):");
        assert_eq!(fold("…"), "…");
        assert_eq!(fold("\u{3000}一、"), " 一、");
    }

    #[test]
    fn converts_traditional() {
        assert_eq!(
            normalize("關於2021年法治政府建設情況的報告"),
            "关于2021年法治政府建设情况的报告"
        );
        assert_eq!(normalize("辦理").chars().count(), 2);
    }
}
