//! Rankings: every report ranked by one canonical key.

use super::pair::pick;
use crate::model::Report;
use std::borrow::Borrow;

/// One report's place in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankRow {
    /// Index of the report in the slice given to [`rank`].
    pub report: usize,
    /// The figure taken.
    pub value: f64,
    /// The unit.
    pub unit: String,
    /// Why this figure was taken, when the report states the key several times.
    pub note: Option<String>,
}

/// Rank reports by a canonical key, largest first. Only reports stating the
/// key in the most common unit across the reports take part. Takes
/// reports or references to them.
pub fn rank<R: Borrow<Report>>(reports: &[R], key: &str) -> Vec<RankRow> {
    let Some(unit) = rank_unit(reports, key) else {
        return Vec::new();
    };
    let unit = unit.as_str();
    let mut rows: Vec<RankRow> = reports
        .iter()
        .enumerate()
        .filter_map(|(n, r)| {
            pick(r.borrow(), key, unit).map(|p| RankRow {
                report: n,
                value: p.value,
                unit: unit.to_string(),
                note: p.note,
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        y.value
            .partial_cmp(&x.value)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.report.cmp(&y.report))
    });
    rows
}

/// The unit a ranking by `key` compares: the one the key is stated in
/// most often across the reports (of several as often, the last met);
/// `None` when no report states the key.
pub fn rank_unit<R: Borrow<Report>>(reports: &[R], key: &str) -> Option<String> {
    let mut units: Vec<(&str, usize)> = Vec::new();
    for r in reports {
        for i in r
            .borrow()
            .indicators
            .iter()
            .filter(|i| i.canonical.as_deref() == Some(key))
        {
            match units.iter_mut().find(|(u, _)| *u == i.unit) {
                Some(e) => e.1 += 1,
                None => units.push((&i.unit, 1)),
            }
        }
    }
    units
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(u, _)| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;

    fn report(v: f64, unit: &'static str) -> Report {
        let i = Indicator {
            name: "x".into(),
            value: v,
            unit: crate::model::Sym::new(unit).unwrap(),
            approx: None,
            canonical: crate::model::Sym::new("legal_aid.cases"),
            section: None,
            line: 1,
            span: Default::default(),
            sentence: Default::default(),
        };
        Report {
            indicators: vec![i],
            ..Report::default()
        }
    }

    #[test]
    fn largest_first_in_the_common_unit() {
        let rs = vec![
            report(302.0, "件"),
            report(650.0, "件"),
            report(5.0, "%"),
            Report::default(),
        ];
        let got: Vec<_> = rank(&rs, "legal_aid.cases")
            .iter()
            .map(|r| (r.report, r.value))
            .collect();
        assert_eq!(got, vec![(1, 650.0), (0, 302.0)]);
    }
}
