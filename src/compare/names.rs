//! Pairing the indicators without a canonical key by name similarity, in
//! time linear in the number of indicators: equal names are found by name,
//! and each name of A is weighed against a bounded list of B's names that
//! share its rarest characters (found through an index of B's names by unit
//! and character), never against all of them.

use crate::model::Report;
use rustc_hash::FxHashMap;
use std::cmp::Reverse;

/// Least name similarity (0–1) for two unkeyed indicators to pair.
pub const NAME_THRESHOLD: f64 = 0.6;

/// Most index entries read for one name of A: the lists of its rarest
/// characters are read first, so an ordinary report (a few hundred unkeyed
/// indicators) is read whole and a huge one costs the same for each name.
const MAX_POSTINGS: usize = 1024;

/// Most names of B weighed for one name of A: those sharing the most of its
/// characters.
const MAX_CANDIDATES: usize = 24;

/// Characters of a name taken into the similarity (indicator names are a
/// few words; a longer one is compared on its beginning).
const MAX_NAME_CHARS: usize = 64;

/// The distinct characters of a name, at most [`MAX_NAME_CHARS`] of them read.
fn distinct_chars(name: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(name.chars().take(MAX_NAME_CHARS));
    out.sort_unstable();
    out.dedup();
}

/// Longest-common-subsequence similarity of two names (Dice form: twice the
/// common length over the total), on their first [`MAX_NAME_CHARS`]
/// characters, with the work rows kept in `rows` between calls.
fn similarity(a: &[char], b: &[char], rows: &mut (Vec<usize>, Vec<usize>)) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (prev, cur) = rows;
    prev.clear();
    prev.resize(b.len() + 1, 0);
    for ca in a {
        cur.clear();
        cur.resize(b.len() + 1, 0);
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(prev, cur);
    }
    2.0 * prev[b.len()] as f64 / (a.len() + b.len()) as f64
}

/// Pairs `(similarity, index in A, index in B)` of the unkeyed indicators
/// `fa` of A and `fb` of B in the same unit whose names are at least
/// [`NAME_THRESHOLD`] alike, at most [`MAX_CANDIDATES`] for each of A's.
pub fn name_candidates(
    a: &Report,
    b: &Report,
    fa: &[usize],
    fb: &[usize],
) -> Vec<(f64, usize, usize)> {
    let mut chars = Vec::new();
    let mut index: FxHashMap<(&str, char), Vec<usize>> = FxHashMap::default();
    let mut b_chars: Vec<Vec<char>> = vec![Vec::new(); b.indicators.len()];
    for &j in fb {
        let y = &b.indicators[j];
        b_chars[j] = y.name.chars().take(MAX_NAME_CHARS).collect();
        distinct_chars(&y.name, &mut chars);
        for &c in &chars {
            index.entry((&y.unit, c)).or_default().push(j);
        }
    }
    // Equal names pair in order (A's first with B's first): found by name,
    // however many there are.
    let mut same: FxHashMap<(&str, &str), (Vec<usize>, usize)> = FxHashMap::default();
    for &j in fb {
        let y = &b.indicators[j];
        same.entry((&y.unit, &y.name)).or_default().0.push(j);
    }
    let mut count = vec![0u32; b.indicators.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    let mut out = Vec::new();
    for &i in fa {
        let x = &a.indicators[i];
        if let Some((list, seen)) = same.get_mut(&(&*x.unit, x.name.as_str())) {
            if let Some(&j) = list.get(*seen) {
                out.push((1.0, i, j));
            }
            *seen += 1;
        }
        distinct_chars(&x.name, &mut chars);
        let mut lists: Vec<&Vec<usize>> = chars
            .iter()
            .filter_map(|&c| index.get(&(&*x.unit, c)))
            .collect();
        lists.sort_by_key(|l| l.len());
        // Whole lists, rarest first: a character too common to fit tells
        // little, and part of its list would favour the names read first.
        let mut budget = MAX_POSTINGS;
        for list in lists {
            if list.len() > budget {
                break;
            }
            budget -= list.len();
            for &j in list {
                if count[j] == 0 {
                    touched.push(j);
                }
                count[j] += 1;
            }
        }
        let mut best: Vec<(Reverse<u32>, usize)> = touched
            .drain(..)
            .map(|j| (Reverse(std::mem::take(&mut count[j])), j))
            .collect();
        if best.len() > MAX_CANDIDATES {
            best.select_nth_unstable(MAX_CANDIDATES);
            best.truncate(MAX_CANDIDATES);
        }
        best.sort_unstable();
        let xc: Vec<char> = x.name.chars().take(MAX_NAME_CHARS).collect();
        for &(_, j) in &best {
            let s = similarity(&xc, &b_chars[j], &mut rows);
            if s >= NAME_THRESHOLD {
                out.push((s, i, j));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        similarity(&a, &b, &mut (Vec::new(), Vec::new()))
    }

    #[test]
    fn similarity_is_twice_the_common_subsequence_over_the_lengths() {
        assert_eq!(sim("协议履行率", "调解协议履行率"), 10.0 / 12.0);
        assert_eq!(sim("召开警示教育大会", "发放宣传册"), 0.0);
        assert_eq!(sim("", "发放宣传册"), 0.0);
    }
}
