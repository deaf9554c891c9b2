//! Duplicate reports: files that hold the same report, whatever their
//! format, encoding or script.
//!
//! Two files are the same report when their text is the same after folding
//! script, width and whitespace ([`super::fold`]), or nearly the same — the
//! Jaccard similarity of their sets of five-character shingles (punctuation
//! folded away too) is at least [`NEAR`] — and their region and year, where
//! both are found, agree. The similarity is estimated with
//! MinHash — one-permutation hashing into [`BINS`] bins with rotation
//! densification — and candidate pairs are found by LSH banding
//! ([`BANDS`] bands of [`ROWS`] bins), so no two texts are ever compared
//! directly: the cost is linear in the size of the corpus.
//!
//! Of each group one report is kept: Simplified over Traditional, then the
//! one with more metadata found, then the longer text, then the first path
//! in sort order (so the choice does not depend on the input order).

use super::fold::{folded, hash_bytes};
use crate::model::{Report, Script};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use std::borrow::Borrow;

/// JSON schema name of [`to_json`].
pub const DUPES_SCHEMA: &str = "baogao/dupes@1";
/// Estimated Jaccard similarity from which two reports are the same report.
pub const NEAR: f64 = 0.7;
/// MinHash bins per report.
pub const BINS: usize = 128;
/// Bins per LSH band.
pub const ROWS: usize = 6;
/// LSH bands (of [`ROWS`] bins each, 126 of the 128 bins): a pair with
/// similarity `s` becomes a candidate with probability
/// `1 - (1 - s^ROWS)^BANDS` (0.998 at 0.8, 0.93 at 0.7, 0.28 at 0.5, 0.08
/// at 0.4).
pub const BANDS: usize = BINS / ROWS;
/// Characters per shingle.
pub const SHINGLE: usize = 5;
/// Texts with fewer folded characters are never grouped (an empty page is
/// not a copy of another empty page).
const MIN_CHARS: usize = 40;
/// Leaders a bucket member is checked against before it leads itself: a
/// bucket of thousands of near-identical reports costs a few comparisons
/// per member, not one per pair.
const LEADERS: usize = 8;

/// One group of files holding the same report.
#[derive(Debug, Clone, PartialEq)]
pub struct DupeGroup {
    /// Index of the report kept.
    pub kept: usize,
    /// Indices of the others, in input order.
    pub copies: Vec<usize>,
    /// The lowest estimated similarity of a copy to the kept report (1 for
    /// copies whose folded text is identical).
    pub similarity: f64,
}

/// Every group of duplicates of a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dupes {
    /// Groups of two or more files, ordered by their kept report's index.
    pub groups: Vec<DupeGroup>,
    /// Per report: the index of the report kept for it (itself when it is
    /// in no group or is the kept one).
    pub kept_of: Vec<usize>,
}

impl Dupes {
    /// No duplicates among `n` reports.
    pub fn none(n: usize) -> Dupes {
        Dupes {
            groups: Vec::new(),
            kept_of: (0..n).collect(),
        }
    }

    /// Whether report `i` is a copy (in a group, not the kept one).
    pub fn is_copy(&self, i: usize) -> bool {
        self.kept_of.get(i).is_some_and(|&k| k != i)
    }
}

/// A report's fingerprint: the hash of its folded text and its MinHash.
struct Sketch {
    exact: u64,
    bins: Option<[u64; BINS]>,
    chars: usize,
}

fn sketch(text: &str) -> Sketch {
    let exact_text: String = folded(text, true).collect();
    let chars: Vec<char> = folded(text, false).collect();
    let mut bins = [u64::MAX; BINS];
    let mut buf = [0u8; SHINGLE * 4];
    for w in chars.windows(SHINGLE) {
        for (slot, c) in buf.chunks_exact_mut(4).zip(w) {
            slot.copy_from_slice(&u32::from(*c).to_le_bytes());
        }
        let h = hash_bytes(&buf);
        // The top bits choose the bin, the rest is the value kept.
        let bin = (h >> (64 - BINS.trailing_zeros())) as usize;
        let v = h & (u64::MAX >> BINS.trailing_zeros());
        if v < bins[bin] {
            bins[bin] = v;
        }
    }
    let filled = bins.iter().any(|&v| v != u64::MAX);
    let bins = (chars.len() >= MIN_CHARS && filled).then(|| densify(bins));
    Sketch {
        exact: hash_bytes(exact_text.as_bytes()),
        bins,
        chars: exact_text.chars().count(),
    }
}

/// Fill empty bins from the next filled one to the right (circularly),
/// shifted by the distance, so that two texts agree on an empty bin as
/// often as on a filled one (Shrivastava & Li's rotation densification).
fn densify(mut bins: [u64; BINS]) -> [u64; BINS] {
    let orig = bins;
    for i in 0..BINS {
        if orig[i] != u64::MAX {
            continue;
        }
        if let Some(d) = (1..BINS).find(|d| orig[(i + d) % BINS] != u64::MAX) {
            bins[i] =
                orig[(i + d) % BINS].wrapping_add((d as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
    }
    bins
}

/// The estimated Jaccard similarity of two sketches.
fn similarity(a: &[u64; BINS], b: &[u64; BINS]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / BINS as f64
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Join the groups of `a` and `b` unless their regions or years conflict
/// (`whos` holds, per group root, what its members found).
fn union(parent: &mut [usize], whos: &mut [Who], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra == rb || !same_report(&whos[ra], &whos[rb]) {
        return;
    }
    let (keep, gone) = (ra.min(rb), ra.max(rb));
    let merged = (
        whos[keep].0.clone().or_else(|| whos[gone].0.clone()),
        whos[keep].1.or(whos[gone].1),
    );
    parent[gone] = keep;
    whos[keep] = merged;
}

/// How much a report found: title, region, its code, year, publication
/// date, issuer.
fn metadata(r: &Report) -> usize {
    [
        r.title.is_some(),
        r.region.is_some(),
        r.region.as_ref().is_some_and(|g| g.code.is_some()),
        r.year.is_some(),
        r.published.is_some(),
        r.issuer.is_some(),
    ]
    .iter()
    .filter(|&&b| b)
    .count()
}

/// Who and when a report is about: its region (code, else name and
/// province) and year, each `None` when not found.
type Who = (Option<String>, Option<i32>);

/// Whether two nearly identical texts can be one report: the same region
/// and year where both are known (reports of two regions or two years with
/// the same text are text reuse, [`super::reuse`], not copies).
fn same_report(a: &Who, b: &Who) -> bool {
    let agree = |x: &Option<String>, y: &Option<String>| x.is_none() || y.is_none() || x == y;
    agree(&a.0, &b.0) && (a.1.is_none() || b.1.is_none() || a.1 == b.1)
}

/// Group the reports (or references to them) that are the same report:
/// the same folded text, or nearly the same text and no conflicting
/// region or year.
pub fn find_dupes<R: Borrow<Report> + Sync>(reports: &[R]) -> Dupes {
    let sketches: Vec<Sketch> = reports
        .par_iter()
        .map(|r| sketch(&r.borrow().text))
        .collect();
    let who: Vec<Who> = reports
        .iter()
        .map(|r| (super::reuse::region_key(r.borrow()), r.borrow().year))
        .collect();
    let n = reports.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut whos = who.clone();
    let mut exact: FxHashMap<u64, usize> = FxHashMap::default();
    for (i, s) in sketches.iter().enumerate() {
        if s.bins.is_none() {
            continue;
        }
        match exact.get(&s.exact) {
            Some(&j) => union(&mut parent, &mut whos, i, j),
            None => {
                exact.insert(s.exact, i);
            }
        }
    }
    for band in 0..BANDS {
        let mut buckets: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, s) in sketches.iter().enumerate() {
            let Some(bins) = &s.bins else { continue };
            let mut key = [0u8; ROWS * 8];
            for (slot, v) in key.chunks_exact_mut(8).zip(&bins[band * ROWS..][..ROWS]) {
                slot.copy_from_slice(&v.to_le_bytes());
            }
            buckets.entry(hash_bytes(&key)).or_default().push(i);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            // Leaders by who and when: a member is compared with those of
            // its own region and year (all, when it lacks either).
            let mut leaders: FxHashMap<&Who, Vec<usize>> = FxHashMap::default();
            // The leaders that lack a region or a year (few: most reports
            // state both).
            let mut partial: Vec<usize> = Vec::new();
            for &m in members {
                let sig = sketches[m].bins.as_ref();
                let near = |l: &&usize| {
                    same_report(&who[m], &who[**l])
                        && matches!((sig, &sketches[**l].bins), (Some(a), Some(b)) if similarity(a, b) >= NEAR)
                };
                let known = who[m].0.is_some() && who[m].1.is_some();
                let found = if known {
                    let own = leaders.get(&who[m]).map_or(&[][..], Vec::as_slice);
                    own.iter()
                        .take(LEADERS)
                        .chain(partial.iter().take(LEADERS))
                        .find(near)
                        .copied()
                } else {
                    leaders
                        .values()
                        .flat_map(|v| v.iter().take(LEADERS))
                        .find(near)
                        .copied()
                };
                match found {
                    Some(l) => union(&mut parent, &mut whos, l, m),
                    None => {
                        if !known {
                            partial.push(m);
                        }
                        leaders.entry(&who[m]).or_default().push(m);
                    }
                }
            }
        }
    }
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        members.entry(root).or_default().push(i);
    }
    let mut kept_of: Vec<usize> = (0..n).collect();
    let mut groups: Vec<DupeGroup> = members
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|m| {
            let rank = |&i: &usize| {
                let r: &Report = reports[i].borrow();
                (
                    r.script == Script::Simplified,
                    metadata(r),
                    sketches[i].chars,
                    std::cmp::Reverse(r.path.as_str()),
                )
            };
            let kept = *m.iter().max_by_key(|i| rank(i)).unwrap_or(&m[0]);
            let copies: Vec<usize> = m.into_iter().filter(|&i| i != kept).collect();
            let similarity = copies
                .iter()
                .map(|&c| pair_similarity(&sketches[kept], &sketches[c]))
                .fold(1.0, f64::min);
            for &c in &copies {
                kept_of[c] = kept;
            }
            DupeGroup {
                kept,
                copies,
                similarity,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.kept);
    Dupes { groups, kept_of }
}

fn pair_similarity(a: &Sketch, b: &Sketch) -> f64 {
    if a.exact == b.exact {
        return 1.0;
    }
    match (&a.bins, &b.bins) {
        (Some(x), Some(y)) => similarity(x, y),
        _ => 0.0,
    }
}

/// The `baogao/dupes@1` JSON object.
pub fn to_json<R: Borrow<Report>>(reports: &[R], dupes: &Dupes) -> Value {
    let path = |i: usize| reports[i].borrow().path.clone();
    let groups: Vec<Value> = dupes
        .groups
        .iter()
        .map(|g| {
            json!({
                "kept": path(g.kept),
                "copies": g.copies.iter().map(|&c| path(c)).collect::<Vec<_>>(),
                "similarity": (g.similarity * 100.0).round() / 100.0,
            })
        })
        .collect();
    json!({"schema": DUPES_SCHEMA, "groups": groups})
}

/// The groups as a table: one row per file, the kept one first.
pub fn table<R: Borrow<Report>>(reports: &[R], dupes: &Dupes) -> crate::export::Table {
    use crate::export::{Cell, Column, Table};
    let mut t = Table::new(
        "duplicates",
        vec![
            Column::number("group"),
            Column::text("role"),
            Column::text("file"),
            Column::text("region"),
            Column::number("year"),
            Column::text("script"),
            Column::number("similarity"),
        ],
    );
    for (n, g) in dupes.groups.iter().enumerate() {
        for (i, role) in
            std::iter::once((g.kept, "kept")).chain(g.copies.iter().map(|&c| (c, "copy")))
        {
            let r: &Report = reports[i].borrow();
            t.rows.push(vec![
                Cell::Number((n + 1) as f64),
                Cell::Text(role.into()),
                Cell::Text(crate::export::file_name(r).into_owned()),
                Cell::opt_text(r.region.as_ref().map(|g| g.name.as_str())),
                Cell::opt_number(r.year.map(f64::from)),
                Cell::Text(r.script.as_str().into()),
                Cell::Number((g.similarity * 100.0).round() / 100.0),
            ]);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, text: &str) -> Report {
        Report {
            path: path.into(),
            text: text.into(),
            ..Report::default()
        }
    }

    /// `n` sentences of pseudo-random characters, different for each seed.
    fn body(seed: u64, n: usize) -> String {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut s = String::new();
        for _ in 0..n {
            for _ in 0..20 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(char::from_u32(0x4E00 + (x % 0x5000) as u32).unwrap_or('字'));
            }
            s.push_str("。\n");
        }
        s
    }

    #[test]
    fn copies_group_and_different_texts_do_not() {
        let a = body(1, 60);
        let b = body(2, 60);
        // A tenth of the sentences removed.
        let near: String = a.split_inclusive('\n').skip(6).collect();
        let rs = vec![
            report("a", &a),
            report("b", &b),
            report("a-spaced", &a.replace('。', " 。 ")),
            report("a-near", &near),
        ];
        let d = find_dupes(&rs);
        assert_eq!(d.groups.len(), 1, "{d:?}");
        let g = &d.groups[0];
        assert_eq!(g.kept, 0, "{g:?}");
        assert_eq!(g.copies, vec![2, 3]);
        assert!(g.similarity > NEAR && g.similarity < 1.0, "{g:?}");
        assert!(d.is_copy(2) && !d.is_copy(1) && !d.is_copy(0));
    }

    #[test]
    fn the_same_text_for_two_regions_or_years_is_reuse_not_a_copy() {
        let a = body(3, 60);
        let at = |code: &str, year: i32, skip: usize| {
            let text: String = a.split_inclusive('\n').skip(skip).collect();
            let mut r = report(code, &text);
            r.region = Some(crate::model::Region {
                name: code.into(),
                province: None,
                city: None,
                level: crate::model::Level::County,
                code: Some(code.into()),
                evidence: Vec::new(),
                candidates: Vec::new(),
            });
            r.year = Some(year);
            r
        };
        let rs = vec![
            at("1", 2021, 3),
            at("2", 2021, 4),
            at("1", 2022, 5),
            report("plain", &a),
        ];
        let d = find_dupes(&rs);
        // Only the file that names neither joins one of them.
        assert_eq!(d.groups.len(), 1, "{d:?}");
        assert_eq!(d.groups[0].copies.len(), 1, "{d:?}");
    }

    #[test]
    fn empty_texts_are_not_copies() {
        let rs = vec![report("a", ""), report("b", ""), report("c", "短")];
        assert!(find_dupes(&rs).groups.is_empty());
    }
}
