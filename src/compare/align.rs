//! Section alignment by topic: problems with problems, plans with plans.

use crate::model::Report;
use rustc_hash::FxHashMap;

/// One topic and the sections of each report that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRow {
    /// Topic key.
    pub topic: String,
    /// Section indices in report A, in text order.
    pub a: Vec<usize>,
    /// Section indices in report B, in text order.
    pub b: Vec<usize>,
}

/// Align the sections of two reports by topic. Rows follow A's text order;
/// a topic only B has is placed after the row of B's previous section, so
/// both reports read in order. `other` (no topic) is never aligned as a
/// pair of unrelated sections: a run of one report's `other` sections gets
/// a row of its own.
///
/// Linear in the number of sections: rows are kept in a list linked in
/// reading order (B's rows are put in after a row, never shifted into a
/// vector) and found by topic through a map.
pub fn align_sections(a: &Report, b: &Report) -> Vec<TopicRow> {
    use crate::parse::taxonomy::OTHER;
    const END: usize = usize::MAX;
    let mut rows: Vec<TopicRow> = Vec::new();
    // `next[n]`: the row read after row `n`; `head`: the first row.
    let mut next: Vec<usize> = Vec::new();
    let mut head = END;
    let mut tail = END;
    let mut by_topic: FxHashMap<&str, usize> = FxHashMap::default();
    for (side, r) in [(0, a), (1, b)] {
        let mut last: Option<usize> = None;
        let mut last_other = false;
        for (i, s) in r.sections.iter().enumerate() {
            let other = s.topic == OTHER;
            let found = if other {
                // Continue this side's run of `other` sections.
                last.filter(|_| last_other)
            } else {
                by_topic.get(s.topic.as_str()).copied()
            };
            let at = match found {
                Some(p) => p,
                None => {
                    let at = rows.len();
                    rows.push(TopicRow {
                        topic: s.topic.to_string(),
                        a: Vec::new(),
                        b: Vec::new(),
                    });
                    if !other {
                        by_topic.insert(&s.topic, at);
                    }
                    // A's rows are in its order; B's go after B's last row.
                    let after = if side == 0 { Some(tail) } else { last };
                    match after {
                        Some(p) if p != END => {
                            next.push(next[p]);
                            next[p] = at;
                            if tail == p {
                                tail = at;
                            }
                        }
                        _ => {
                            next.push(head);
                            if head == END {
                                tail = at;
                            }
                            head = at;
                        }
                    }
                    at
                }
            };
            if side == 0 {
                rows[at].a.push(i);
            } else {
                rows[at].b.push(i);
            }
            last = Some(at);
            last_other = other;
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    let mut n = head;
    while n != END {
        order.push(n);
        n = next[n];
    }
    let mut slots: Vec<Option<TopicRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|n| slots[n].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn report(topics: &[&'static str]) -> Report {
        let sections = topics
            .iter()
            .enumerate()
            .map(|(i, t)| Section {
                id: (i + 1).to_string().into(),
                level: 1,
                marker: Default::default(),
                title: Default::default(),
                topic: crate::model::Sym::new(t).unwrap(),
                line: i as u32 + 1,
                parent: None,
                depth: 0,
                heading: Default::default(),
                body: Default::default(),
            })
            .collect();
        Report {
            sections,
            ..Report::default()
        }
    }

    #[test]
    fn aligns_by_topic_not_position() {
        let a = report(&["leadership", "disputes", "problems", "plans"]);
        let b = report(&["disputes", "publicity", "problems"]);
        let rows = align_sections(&a, &b);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.topic.as_str(), r.a.clone(), r.b.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("leadership", vec![0], vec![]),
                ("disputes", vec![1], vec![0]),
                ("publicity", vec![], vec![1]),
                ("problems", vec![2], vec![2]),
                ("plans", vec![3], vec![]),
            ]
        );
    }

    #[test]
    fn other_sections_are_never_paired() {
        let a = report(&["other", "other", "problems"]);
        let b = report(&["other", "problems", "other"]);
        let rows = align_sections(&a, &b);
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.topic.as_str(), r.a.clone(), r.b.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("other", vec![], vec![0]),
                ("other", vec![0, 1], vec![]),
                ("problems", vec![2], vec![1]),
                ("other", vec![], vec![2]),
            ]
        );
    }
}
