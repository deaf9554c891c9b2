//! Text reuse: how much of each report stands, sentence for sentence, in
//! another report of the corpus.
//!
//! Every sentence of at least `min_chars` characters after folding script,
//! width, whitespace and punctuation ([`super::fold::sentences`]) is hashed
//! into one map from sentence hash to the duplicate groups that hold it
//! (the files of one group are one report: never each other's sources).
//! A sentence held by more than [`boilerplate_limit`] groups is a stock
//! phrase (boilerplate), not copying, and counts for nobody. The work is
//! one pass over the sentences plus, per shared sentence, the pairs of
//! groups holding it — at most `limit²` — never a comparison of two texts.

use super::dupes::Dupes;
use super::fold::{hash_bytes, sentences};
use crate::export::file_name;
use crate::model::Report;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::ops::Range;

/// JSON schema name of [`to_json`].
pub const REUSE_SCHEMA: &str = "baogao/reuse@1";
/// Default minimum length of a compared sentence, in folded characters.
pub const MIN_CHARS: usize = 20;
/// Sources listed per report.
pub const TOP_SOURCES: usize = 5;

/// The number of reports (duplicate groups) a sentence may stand in and
/// still be evidence of copying: a fifth of the corpus, at least 5 and at
/// most 100. A sentence in more is boilerplate (a stock phrase of the
/// genre or a line every office copies from the same central document).
pub fn boilerplate_limit(groups: usize) -> usize {
    (groups / 5).clamp(5, 100)
}

/// A report another one shares sentences with.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Index of the source report (the kept report of its group).
    pub report: usize,
    /// Sentences the two share.
    pub shared: usize,
    /// Whether the source is the same region's report (of another year).
    pub same_region: bool,
}

/// One report's reuse.
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseRow {
    /// Index of the report.
    pub report: usize,
    /// Its sentences of at least `min_chars` characters (each once).
    pub sentences: usize,
    /// Of these, the ones that stand in another region's report.
    pub shared: usize,
    /// The ones that stand only in the same region's reports of other years.
    pub same_region: usize,
    /// Its top sources, most shared sentences first.
    pub sources: Vec<Source>,
}

impl ReuseRow {
    /// The share of its sentences found in another region's report.
    pub fn shared_share(&self) -> f64 {
        ratio(self.shared, self.sentences)
    }

    /// The share found only in the same region's reports of other years.
    pub fn same_region_share(&self) -> f64 {
        ratio(self.same_region, self.sentences)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The reuse of a whole corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Reuse {
    /// One row per report, in input order.
    pub rows: Vec<ReuseRow>,
    /// The boilerplate sentences (folded), most widespread first.
    pub boilerplate: Vec<String>,
    /// The limit of [`boilerplate_limit`] applied.
    pub limit: usize,
    /// The minimum sentence length applied.
    pub min_chars: usize,
}

/// Who a report is for the "same region" test: its division code, else
/// its name and province.
pub(crate) fn region_key(r: &Report) -> Option<String> {
    let g = r.region.as_ref()?;
    Some(match &g.code {
        Some(c) => c.clone(),
        None => format!("{}/{}", g.name, g.province.as_deref().unwrap_or("")),
    })
}

/// Measure the reuse of every report; `dupes` says which files are one report.
pub fn reuse<R: Borrow<Report> + Sync>(reports: &[R], dupes: &Dupes, min_chars: usize) -> Reuse {
    let n = reports.len();
    // Each report's distinct sentences as (hash, folded text).
    let per_report: Vec<Vec<(u64, String)>> = reports
        .par_iter()
        .map(|r| {
            let mut seen = FxHashSet::default();
            sentences(&r.borrow().text, min_chars)
                .into_iter()
                .map(|s| (hash_bytes(s.folded.as_bytes()), s.folded))
                .filter(|(h, _)| seen.insert(*h))
                .collect()
        })
        .collect();
    let group = |i: usize| dupes.kept_of.get(i).copied().unwrap_or(i);
    let groups = (0..n).filter(|&i| group(i) == i).count();
    let limit = boilerplate_limit(groups);
    let mut holders: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, sents) in per_report.iter().enumerate() {
        let g = group(i) as u32;
        for (h, _) in sents {
            let list = holders.entry(*h).or_default();
            if !list.contains(&g) && list.len() <= limit {
                list.push(g);
            }
        }
    }
    let regions: Vec<Option<String>> = reports.iter().map(|r| region_key(r.borrow())).collect();
    let paths: Vec<&str> = reports.iter().map(|r| r.borrow().path.as_str()).collect();
    let rows = (0..n)
        .into_par_iter()
        .map(|i| {
            let g = group(i) as u32;
            let mut row = ReuseRow {
                report: i,
                sentences: per_report[i].len(),
                shared: 0,
                same_region: 0,
                sources: Vec::new(),
            };
            let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
            for (h, _) in &per_report[i] {
                let list = &holders[h];
                if list.len() > limit || list.len() < 2 {
                    continue;
                }
                let mut other_region = false;
                for &j in list.iter().filter(|&&j| j != g) {
                    *counts.entry(j).or_default() += 1;
                    other_region |= regions[i].is_none() || regions[i] != regions[j as usize];
                }
                if other_region {
                    row.shared += 1;
                } else {
                    row.same_region += 1;
                }
            }
            let mut sources: Vec<Source> = counts
                .into_iter()
                .map(|(j, shared)| Source {
                    report: j as usize,
                    shared,
                    same_region: regions[i].is_some() && regions[i] == regions[j as usize],
                })
                .collect();
            sources.sort_by(|a, b| {
                b.shared
                    .cmp(&a.shared)
                    .then_with(|| paths[a.report].cmp(paths[b.report]))
            });
            sources.truncate(TOP_SOURCES);
            row.sources = sources;
            row
        })
        .collect();
    let mut boiler: Vec<(usize, &String)> = per_report
        .iter()
        .flatten()
        .filter(|(h, _)| holders[h].len() > limit)
        .map(|(h, s)| (*h, s))
        .collect::<FxHashMap<u64, &String>>()
        .into_iter()
        .map(|(h, s)| (holders[&h].len(), s))
        .collect();
    boiler.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    Reuse {
        rows,
        boilerplate: boiler.into_iter().map(|(_, s)| s.clone()).collect(),
        limit,
        min_chars,
    }
}

/// The sentences (as written in `a`) that also stand in `b`, compared
/// after folding; for `compare`.
pub fn shared_sentences(a: &Report, b: &Report, min_chars: usize) -> Vec<String> {
    let in_b: FxHashSet<String> = sentences(&b.text, min_chars)
        .into_iter()
        .map(|s| s.folded)
        .collect();
    let mut seen = FxHashSet::default();
    sentences(&a.text, min_chars)
        .into_iter()
        .filter(|s| in_b.contains(&s.folded) && seen.insert(s.folded.clone()))
        .map(|s| a.text[s.range].to_string())
        .collect()
}

/// Where the sentences the two reports share stand in each: byte ranges in
/// `a`'s text and in `b`'s, in text order (the compare screen marks them).
pub fn shared_ranges(a: &Report, b: &Report, min_chars: usize) -> [Vec<Range<usize>>; 2] {
    let (sa, sb) = (sentences(&a.text, min_chars), sentences(&b.text, min_chars));
    let folded = |v: &[crate::audit::fold::Sentence]| -> FxHashSet<String> {
        v.iter().map(|s| s.folded.clone()).collect()
    };
    let (in_a, in_b) = (folded(&sa), folded(&sb));
    let keep = |v: Vec<crate::audit::fold::Sentence>, other: &FxHashSet<String>| {
        v.into_iter()
            .filter(|s| other.contains(&s.folded))
            .map(|s| s.range)
            .collect()
    };
    [keep(sa, &in_b), keep(sb, &in_a)]
}

fn share(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The `baogao/reuse@1` JSON object.
pub fn to_json<R: Borrow<Report>>(reports: &[R], reuse: &Reuse) -> Value {
    let path = |i: usize| reports[i].borrow().path.clone();
    let rows: Vec<Value> = reuse
        .rows
        .iter()
        .map(|r| {
            json!({
                "path": path(r.report),
                "sentences": r.sentences,
                "shared_share": share(r.shared_share()),
                "same_region_share": share(r.same_region_share()),
                "sources": r.sources.iter().map(|s| json!({
                    "path": path(s.report),
                    "shared": s.shared,
                    "same_region": s.same_region,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "schema": REUSE_SCHEMA,
        "min_chars": reuse.min_chars,
        "boilerplate_limit": reuse.limit,
        "reports": rows,
        "boilerplate": reuse.boilerplate,
    })
}

/// The reuse as a table, one row per report, the largest share first.
pub fn table<R: Borrow<Report>>(reports: &[R], reuse: &Reuse) -> crate::export::Table {
    use crate::export::{Cell, Column, Table};
    let mut t = Table::new(
        "text reuse",
        vec![
            Column::text("file"),
            Column::text("region"),
            Column::number("year"),
            Column::number("sentences"),
            Column::number("shared_share"),
            Column::number("same_region_share"),
            Column::text("top_source"),
            Column::number("top_shared"),
            Column::text("sources"),
        ],
    );
    for r in sorted(reports, &reuse.rows) {
        let rep: &Report = reports[r.report].borrow();
        let top = r.sources.first();
        let all: Vec<String> = r
            .sources
            .iter()
            .map(|s| {
                let mark = if s.same_region { " (same region)" } else { "" };
                format!(
                    "{} {}{mark}",
                    file_name(reports[s.report].borrow()),
                    s.shared
                )
            })
            .collect();
        t.rows.push(vec![
            Cell::Text(file_name(rep).into_owned()),
            Cell::opt_text(rep.region.as_ref().map(|g| g.name.as_str())),
            Cell::opt_number(rep.year.map(f64::from)),
            Cell::Number(r.sentences as f64),
            Cell::Number(share(r.shared_share())),
            Cell::Number(share(r.same_region_share())),
            top.map_or(Cell::Empty, |s| {
                Cell::Text(file_name(reports[s.report].borrow()).into_owned())
            }),
            Cell::opt_number(top.map(|s| s.shared as f64)),
            Cell::Text(all.join("; ")),
        ]);
    }
    t
}

/// The rows by share, largest first (then by path: the same order
/// whatever order the reports came in).
pub fn sorted<'r, R: Borrow<Report>>(reports: &[R], rows: &'r [ReuseRow]) -> Vec<&'r ReuseRow> {
    let mut v: Vec<&ReuseRow> = rows.iter().collect();
    let path = |r: &ReuseRow| reports[r.report].borrow().path.as_str();
    v.sort_by(|a, b| {
        b.shared_share()
            .total_cmp(&a.shared_share())
            .then_with(|| path(a).cmp(path(b)))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, text: &str, code: &str) -> Report {
        Report {
            path: path.into(),
            text: text.into(),
            region: Some(crate::model::Region {
                name: code.into(),
                province: None,
                city: None,
                level: crate::model::Level::County,
                code: Some(code.into()),
                evidence: Vec::new(),
                candidates: Vec::new(),
            }),
            ..Report::default()
        }
    }

    #[test]
    fn shared_sentences_count_and_stock_phrases_do_not() {
        let own = |k: usize| format!("这是第{k}份报告独有的一句话内容足够长度用于比较。");
        let copied = "全年共办理行政复议案件一百二十件纠错率达到百分之十五。";
        let stock = "坚持以习近平新时代中国特色社会主义思想为指导深入贯彻。";
        let mut rs: Vec<Report> = (0..8)
            .map(|k| {
                report(
                    &format!("r{k}"),
                    &format!("{}{stock}", own(k)),
                    &format!("c{k}"),
                )
            })
            .collect();
        rs[0].text.push_str(copied);
        rs[1].text.push_str(copied);
        // Same region, another year.
        rs[2].text.push_str(&own(3));
        rs[2].region = rs[3].region.clone();
        let got = reuse(&rs, &Dupes::none(rs.len()), MIN_CHARS);
        assert_eq!(got.limit, 5);
        assert_eq!(got.boilerplate.len(), 1);
        let r0 = &got.rows[0];
        assert_eq!((r0.sentences, r0.shared, r0.same_region), (3, 1, 0));
        assert_eq!(
            r0.sources,
            vec![Source {
                report: 1,
                shared: 1,
                same_region: false
            }]
        );
        let r2 = &got.rows[2];
        assert_eq!((r2.shared, r2.same_region), (0, 1));
        assert!(r2.sources[0].same_region);
        assert!(got.rows[4].sources.is_empty());
        assert_eq!(shared_sentences(&rs[0], &rs[1], MIN_CHARS).len(), 2);
    }
}
