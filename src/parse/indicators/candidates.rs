//! Candidates: a number (Arabic or Chinese, with scale words, fractions and
//! approximation words) joined to a counting unit, matched by hand at the
//! characters an indicator may start with; the exclusion rules judge them
//! in the parent module.

use super::*;

/// The groups of a candidate match, as byte ranges of the line.
pub(super) struct Parts {
    pub(super) whole: Range<usize>,
    pub(super) pre: Option<Range<usize>>,
    pub(super) num: Range<usize>,
    pub(super) a1: Option<Range<usize>>,
    pub(super) scale: Option<Range<usize>>,
    pub(super) a2: Option<Range<usize>>,
    pub(super) unit: Range<usize>,
    /// The unit matched, as listed in [`UNITS`].
    pub(super) unit_word: &'static str,
    pub(super) post: Option<Range<usize>>,
}

/// [`UNITS`] by their first character, each list in the order of [`UNITS`].
pub(super) static UNITS_BY_FIRST: LazyLock<ByFirst<&'static str>> =
    LazyLock::new(|| ByFirst::new(UNITS.iter().map(|u| (*u, *u))));

/// Scale words, in the order they are tried.
pub(super) const SCALES: &[&str] = &["万亿", "万", "亿"];
/// Approximation words after the number or the scale.
pub(super) const APPROX_AFTER: &[&str] = &["余", "多"];
/// Approximation words after the unit.
pub(super) const POST_WORDS: &[&str] = &["以上", "以下", "左右", "以内"];

/// The candidate starting exactly at `at`, as the pattern
/// `(pre)? [ \t]* (num) (余|多)? (万亿|万|亿)? (余|多)? [ \t]* (unit) (post)?`
/// would match it there with leftmost-first (backtracking) priority, where
/// num is `\d{1,3}(,\d{3})+(\.\d+)?`, `\d+(\.\d+)?` or a run of Chinese
/// numerals, and every alternation is tried in its list's order. Written out
/// by hand: it runs at every numeral of every line, and a regex engine's
/// per-call set-up costs more than the whole match.
pub(super) fn candidate_at(s: &str, at: usize) -> Option<Parts> {
    let rest = &s[at..];
    // Most starts are numerals: the words are compared only after an
    // approximation word's first character.
    let c = rest.chars().next().unwrap_or(' ');
    let pres = PRE_BY_FIRST
        .starting(u32::from(c))
        .iter()
        .filter(|w| starts_with(rest, w))
        .map(|w| Some(at..at + w.len()))
        .chain([None]);
    for pre in pres {
        let from = skip_blanks(s, pre.as_ref().map_or(at, |p| p.end));
        let found = first_number_end(s, from, |num_end| {
            let mut parts = tail_at(s, num_end)?;
            parts.whole = at..parts.whole.end;
            parts.pre = pre.clone();
            parts.num = from..num_end;
            Some(parts)
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `s.starts_with(w)`, the last byte of `w` compared first: these tests run
/// for every candidate against word lists, and most fail on that byte
/// (cheaper than a call to compare the whole word).
#[inline]
pub(super) fn starts_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    w.last().is_some_and(|l| s.get(w.len() - 1) == Some(l)) && s.starts_with(w)
}

/// `s.ends_with(w)`, the last bytes compared first (see [`starts_with`]).
#[inline]
pub(super) fn ends_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.last().is_some_and(|l| w.last() == Some(l)) && s.ends_with(w)
}

pub(super) fn skip_blanks(s: &str, at: usize) -> usize {
    at + s.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

pub(super) fn digits_end(b: &[u8], at: usize) -> usize {
    at + b[at..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Try `f` on the ends a number starting at `at` may have, in the order a
/// backtracking matcher tries them (each alternative longest first), and
/// return its first answer.
pub(super) fn first_number_end<T>(
    s: &str,
    at: usize,
    mut f: impl FnMut(usize) -> Option<T>,
) -> Option<T> {
    let b = s.as_bytes();
    let run = digits_end(b, at) - at;
    // `\d{1,3}(,\d{3})+(\.\d+)?`
    for lead in (1..=run.min(3)).rev() {
        let mut groups = 0;
        while b.get(at + lead + 4 * groups) == Some(&b',')
            && digits_end(b, at + lead + 4 * groups + 1) >= at + lead + 4 * groups + 4
        {
            groups += 1;
        }
        for g in (1..=groups).rev() {
            if let Some(t) = with_fraction(b, at + lead + 4 * g, &mut f) {
                return Some(t);
            }
        }
    }
    // `\d+(\.\d+)?`
    for end in (at + 1..=at + run).rev() {
        if let Some(t) = with_fraction(b, end, &mut f) {
            return Some(t);
        }
    }
    // A run of Chinese numerals, each three bytes long.
    let cn = s[at..].chars().take_while(|c| is_cn_num(*c)).count();
    (1..=cn).rev().find_map(|n| f(at + 3 * n))
}

/// Try `f` on `end` followed by `(\.\d+)?`, greedy: every fraction length,
/// then none.
pub(super) fn with_fraction<T>(
    b: &[u8],
    end: usize,
    f: &mut impl FnMut(usize) -> Option<T>,
) -> Option<T> {
    if b.get(end) == Some(&b'.') {
        let frac = digits_end(b, end + 1);
        if let Some(t) = (end + 2..=frac).rev().find_map(&mut *f) {
            return Some(t);
        }
    }
    f(end)
}

/// The rest of a candidate after its number:
/// `(余|多)? (万亿|万|亿)? (余|多)? [ \t]* (unit) (post)?`.
pub(super) fn tail_at(s: &str, at: usize) -> Option<Parts> {
    // Most numbers are not followed by anything a tail can start with.
    let next = s[at..].chars().next()?;
    if !TAIL_STARTS.contains(next) {
        return None;
    }
    // The unit (and what may follow it) at `at`, after the words matched.
    let unit_at = |at: usize, a1, scale, a2| {
        let c = s[at..].chars().next()?;
        let unit = UNITS_BY_FIRST
            .starting(u32::from(c))
            .iter()
            .find(|u| starts_with(&s[at..], u))?;
        let (unit_word, unit) = (*unit, at..at + unit.len());
        let post = POST_WORDS
            .iter()
            .find(|w| starts_with(&s[unit.end..], w))
            .map(|w| unit.end..unit.end + w.len());
        Some(Parts {
            whole: 0..post.as_ref().map_or(unit.end, |p| p.end),
            pre: None,
            num: 0..0,
            a1,
            scale,
            a2,
            unit,
            unit_word,
            post,
        })
    };
    // Most tails are a unit right after the number: no approximation or
    // scale word, no blank, can start there.
    let word_first = |w: &&str| w.starts_with(next);
    if !(matches!(next, ' ' | '\t')
        || APPROX_AFTER.iter().any(word_first)
        || SCALES.iter().any(word_first))
    {
        return unit_at(at, None, None, None);
    }
    let opt = |words: &'static [&'static str], at: usize| {
        words
            .iter()
            .filter(move |w| starts_with(&s[at..], w))
            .map(move |w| Some(at..at + w.len()))
            .chain([None])
    };
    for a1 in opt(APPROX_AFTER, at) {
        let at = a1.as_ref().map_or(at, |r| r.end);
        for scale in opt(SCALES, at) {
            let at = scale.as_ref().map_or(at, |r| r.end);
            for a2 in opt(APPROX_AFTER, at) {
                let at = skip_blanks(s, a2.as_ref().map_or(at, |r| r.end));
                if let Some(parts) = unit_at(at, a1.clone(), scale.clone(), a2) {
                    return Some(parts);
                }
            }
        }
    }
    None
}
