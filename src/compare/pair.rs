//! Pairing the indicators of two reports: by canonical key first, then the
//! indicators without a key by name similarity, then the rest of each side.
//! Units are respected: a figure in 件 is never set against one in %.

use super::names::name_candidates;
use crate::model::{format_value, Indicator, Report};
use crate::parse::taxonomy::Taxonomy;
use rustc_hash::{FxHashMap, FxHashSet};

/// The figure taken from one report for a row, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into the report's indicators.
    pub index: usize,
    /// The value.
    pub value: f64,
    /// Why this figure was taken when the report states the key several times.
    pub note: Option<String>,
}

/// What kind of pairing a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    /// Both (or one) sides carry the canonical key.
    Canonical,
    /// Two indicators without a key whose names are alike.
    Named,
    /// Only report A has it.
    OnlyA,
    /// Only report B has it.
    OnlyB,
}

/// One row of the indicator comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// What kind of row.
    pub kind: RowKind,
    /// The canonical key, for canonical rows.
    pub canonical: Option<String>,
    /// Label: the key's Chinese label, or the indicator's name.
    pub label: String,
    /// The unit both figures are in.
    pub unit: String,
    /// A's figure.
    pub a: Option<Pick>,
    /// B's figure.
    pub b: Option<Pick>,
}

impl IndicatorRow {
    /// B − A when both sides have a figure.
    pub fn diff(&self) -> Option<f64> {
        Some(self.b.as_ref()?.value - self.a.as_ref()?.value)
    }

    /// B / A when both have a figure and A is not zero.
    pub fn ratio(&self) -> Option<f64> {
        let a = self.a.as_ref()?.value;
        (a != 0.0)
            .then(|| self.b.as_ref().map(|b| b.value / a))
            .flatten()
    }

    /// `+` when A is larger, `-` when B is larger, blank when equal or one-sided
    /// (ASCII marks: arrows are ambiguous-width in CJK terminals).
    pub fn mark(&self) -> (&'static str, &'static str) {
        match self.diff() {
            Some(d) if d < 0.0 => ("+", "-"),
            Some(d) if d > 0.0 => ("-", "+"),
            _ => ("", ""),
        }
    }
}

/// The indicators of a report by canonical key, in text order.
type ByKey<'a> = FxHashMap<&'a str, Vec<(usize, &'a Indicator)>>;

fn by_key(r: &Report) -> ByKey<'_> {
    let mut m: ByKey = FxHashMap::default();
    for (n, i) in r.indicators.iter().enumerate() {
        if let Some(k) = i.canonical.as_deref() {
            m.entry(k).or_default().push((n, i));
        }
    }
    m
}

/// The unit a key is stated in: the one both reports use, else the most
/// frequent in A, else in B.
fn key_unit(a: &[(usize, &Indicator)], b: &[(usize, &Indicator)]) -> Option<String> {
    fn units<'a>(r: &[(usize, &'a Indicator)]) -> Vec<(&'a str, usize)> {
        let mut v: Vec<(&str, usize)> = Vec::new();
        let mut at: FxHashMap<&str, usize> = FxHashMap::default();
        for &(_, i) in r {
            match at.get(&*i.unit) {
                Some(&p) => v[p].1 += 1,
                None => {
                    at.insert(&i.unit, v.len());
                    v.push((&i.unit, 1));
                }
            }
        }
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        v
    }
    let (ua, ub) = (units(a), units(b));
    ua.iter()
        .find(|(u, _)| ub.iter().any(|(w, _)| w == u))
        .or(ua.first())
        .or(ub.first())
        .map(|(u, _)| u.to_string())
}

/// Most other statements a note names; the rest are counted.
const MAX_NOTED: usize = 10;

/// The figure of a report for a key in a unit: the largest statement (the
/// total rather than a part), with a note naming the others.
pub fn pick(r: &Report, key: &str, unit: &str) -> Option<Pick> {
    let all: Vec<(usize, &Indicator)> = r
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.canonical.as_deref() == Some(key))
        .collect();
    pick_of(&all, unit)
}

/// [`pick`] among the statements of one key.
fn pick_of(stated: &[(usize, &Indicator)], unit: &str) -> Option<Pick> {
    let all: Vec<(usize, &Indicator)> = stated
        .iter()
        .copied()
        .filter(|(_, i)| i.unit == unit)
        .collect();
    let (index, best) = all.iter().copied().max_by(|x, y| {
        x.1.value
            .partial_cmp(&y.1.value)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(y.0.cmp(&x.0))
    })?;
    let note = (all.len() > 1).then(|| {
        let mut others: Vec<String> = all
            .iter()
            .filter(|(i, _)| *i != index)
            .take(MAX_NOTED)
            .map(|(_, o)| format!("{} {}{}", o.name, format_value(o.value), o.unit))
            .collect();
        if all.len() - 1 > MAX_NOTED {
            others.push(format!("{} more", all.len() - 1 - MAX_NOTED));
        }
        format!(
            "largest of {} statements ({} {}{}); also {}",
            all.len(),
            best.name,
            format_value(best.value),
            unit,
            others.join(", ")
        )
    });
    Some(Pick {
        index,
        value: best.value,
        note,
    })
}

/// Compare the indicators of two reports, in time linear in their number.
pub fn compare_indicators(a: &Report, b: &Report) -> Vec<IndicatorRow> {
    let tax = Taxonomy::global();
    let mut rows = Vec::new();
    let (ka, kb) = (by_key(a), by_key(b));
    let mut seen = FxHashSet::default();
    let mut keys: Vec<&str> = (a.indicators.iter())
        .chain(&b.indicators)
        .filter_map(|i| i.canonical.as_deref())
        .filter(|k| seen.insert(*k))
        .collect();
    // Keys in taxonomy order, so rows line up across comparisons.
    let order: FxHashMap<&str, usize> = tax
        .indicators
        .iter()
        .enumerate()
        .rev()
        .map(|(n, r)| (r.key.as_str(), n))
        .collect();
    keys.sort_by_key(|k| order.get(k).copied().unwrap_or(usize::MAX));
    for key in keys {
        let (sa, sb) = (
            ka.get(key).map_or(&[][..], |v| v),
            kb.get(key).map_or(&[][..], |v| v),
        );
        let Some(unit) = key_unit(sa, sb) else {
            continue;
        };
        rows.push(IndicatorRow {
            kind: RowKind::Canonical,
            canonical: Some(key.to_string()),
            label: tax.indicator_label(key).to_string(),
            a: pick_of(sa, &unit),
            b: pick_of(sb, &unit),
            unit,
        });
    }
    let free = |r: &Report| -> Vec<usize> {
        r.indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.canonical.is_none() && !i.name.is_empty())
            .map(|(n, _)| n)
            .collect()
    };
    let (fa, fb) = (free(a), free(b));
    let mut candidates = name_candidates(a, b, &fa, &fb);
    // Best first; among equals, A's order then B's.
    candidates.sort_by(|x, y| {
        y.0.partial_cmp(&x.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then((x.1, x.2).cmp(&(y.1, y.2)))
    });
    let (mut used_a, mut used_b) = (
        vec![false; a.indicators.len()],
        vec![false; b.indicators.len()],
    );
    let mut named = Vec::new();
    for (_, i, j) in candidates {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        let x = &a.indicators[i];
        named.push((
            i,
            IndicatorRow {
                kind: RowKind::Named,
                canonical: None,
                label: x.name.to_string(),
                unit: x.unit.to_string(),
                a: Some(Pick {
                    index: i,
                    value: x.value,
                    note: None,
                }),
                b: Some(Pick {
                    index: j,
                    value: b.indicators[j].value,
                    note: Some(format!("paired by name with {}", b.indicators[j].name)),
                }),
            },
        ));
    }
    named.sort_by_key(|(i, _)| *i);
    rows.extend(named.into_iter().map(|(_, r)| r));
    for (side, r, used) in [(RowKind::OnlyA, a, &used_a), (RowKind::OnlyB, b, &used_b)] {
        for &i in &free(r) {
            if used[i] {
                continue;
            }
            let x = &r.indicators[i];
            let p = Some(Pick {
                index: i,
                value: x.value,
                note: None,
            });
            let (pa, pb) = if side == RowKind::OnlyA {
                (p, None)
            } else {
                (None, p)
            };
            rows.push(IndicatorRow {
                kind: side,
                canonical: None,
                label: x.name.to_string(),
                unit: x.unit.to_string(),
                a: pa,
                b: pb,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(name: &str, value: f64, unit: &'static str, key: Option<&'static str>) -> Indicator {
        Indicator {
            name: name.into(),
            value,
            unit: crate::model::Sym::new(unit).unwrap(),
            approx: None,
            canonical: key.and_then(crate::model::Sym::new),
            section: None,
            line: 1,
            span: Default::default(),
            sentence: Default::default(),
        }
    }

    fn report(inds: Vec<Indicator>) -> Report {
        Report {
            indicators: inds,
            ..Report::default()
        }
    }

    #[test]
    fn pairs_by_key_and_respects_units() {
        let a = report(vec![
            ind("办理法律援助案件", 302.0, "件", Some("legal_aid.cases")),
            ind("调解成功率", 98.6, "%", Some("mediation.success_rate")),
        ]);
        let b = report(vec![
            ind("办理法律援助案件", 650.0, "件", Some("legal_aid.cases")),
            ind("调解成功", 90.0, "件", Some("mediation.success_rate")),
        ]);
        let rows = compare_indicators(&a, &b);
        let aid = rows
            .iter()
            .find(|r| r.canonical.as_deref() == Some("legal_aid.cases"))
            .unwrap();
        assert_eq!(
            (aid.a.as_ref().unwrap().value, aid.b.as_ref().unwrap().value),
            (302.0, 650.0)
        );
        assert_eq!(aid.diff(), Some(348.0));
        assert_eq!(aid.mark(), ("-", "+"));
        let rate = rows
            .iter()
            .find(|r| r.canonical.as_deref() == Some("mediation.success_rate"))
            .unwrap();
        assert_eq!(rate.unit, "%");
        assert!(rate.b.is_none(), "件 is never compared with %");
    }

    #[test]
    fn several_statements_say_which_was_taken() {
        let a = report(vec![
            ind(
                "收到行政复议申请",
                79.0,
                "件",
                Some("reconsideration.received"),
            ),
            ind("受理", 74.0, "件", Some("reconsideration.received")),
        ]);
        let rows = compare_indicators(&a, &report(vec![]));
        let p = rows[0].a.as_ref().unwrap();
        assert_eq!(p.value, 79.0);
        assert!(p.note.as_ref().unwrap().contains("受理 74件"));
    }

    #[test]
    fn unkeyed_pair_by_name_then_rest() {
        let a = report(vec![
            ind("协议履行率", 100.0, "%", None),
            ind("召开警示教育大会", 7.0, "场", None),
        ]);
        let b = report(vec![
            ind("调解协议履行率", 99.0, "%", None),
            ind("发放宣传册", 5.0, "份", None),
        ]);
        let rows = compare_indicators(&a, &b);
        let kinds: Vec<_> = rows.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, vec![RowKind::Named, RowKind::OnlyA, RowKind::OnlyB]);
        assert_eq!(rows[0].b.as_ref().unwrap().value, 99.0);
    }
}
