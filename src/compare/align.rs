//! Section alignment by topic: problems with problems, plans with plans.

use crate::model::Report;

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

/// Align the sections of two reports by topic. Rows follow the order in
/// which topics first appear in A, then those only B has; `other` (no
/// topic) is never aligned as a pair of unrelated sections — each report's
/// `other` sections stay on their own rows.
pub fn align_sections(a: &Report, b: &Report) -> Vec<TopicRow> {
    let mut rows: Vec<TopicRow> = Vec::new();
    for (side, r) in [(0, a), (1, b)] {
        for (i, s) in r.sections.iter().enumerate() {
            let row = match rows.iter_mut().position(|t| t.topic == s.topic) {
                Some(p) => &mut rows[p],
                None => {
                    rows.push(TopicRow { topic: s.topic.clone(), a: Vec::new(), b: Vec::new() });
                    rows.last_mut().unwrap()
                }
            };
            if side == 0 {
                row.a.push(i);
            } else {
                row.b.push(i);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn report(topics: &[&str]) -> Report {
        let sections = topics
            .iter()
            .enumerate()
            .map(|(i, t)| Section {
                id: (i + 1).to_string(),
                level: 1,
                marker: String::new(),
                title: String::new(),
                topic: t.to_string(),
                line: i + 1,
                parent: None,
                depth: 0,
                heading: 0..0,
                body: 0..0,
            })
            .collect();
        Report { sections, ..Report::default() }
    }

    #[test]
    fn aligns_by_topic_not_position() {
        let a = report(&["leadership", "disputes", "problems", "plans"]);
        let b = report(&["disputes", "publicity", "problems"]);
        let rows = align_sections(&a, &b);
        let got: Vec<_> = rows.iter().map(|r| (r.topic.as_str(), r.a.clone(), r.b.clone())).collect();
        assert_eq!(
            got,
            vec![
                ("leadership", vec![0], vec![]),
                ("disputes", vec![1], vec![0]),
                ("problems", vec![2], vec![2]),
                ("plans", vec![3], vec![]),
                ("publicity", vec![], vec![1]),
            ]
        );
    }
}
