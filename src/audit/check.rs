//! Required contents: whether each report has the four parts the 2019
//! 督察工作规定 asks of it, and where.
//!
//! The parts are data (`assets/parts.toml`, embedded; a user file extends
//! it): each names the section topics that hold it, the topics under which
//! a section does not count, and words for section titles and, when no
//! section has the part, for sentences of the text.

use super::fold::sentences;
use crate::model::Report;
use crate::text::normalize;
use serde::Deserialize;
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::sync::LazyLock;

/// JSON schema name of [`to_json`].
pub const CHECK_SCHEMA: &str = "baogao/check@1";
/// The embedded default parts.
pub const DEFAULT_TOML: &str = include_str!("../../assets/parts.toml");

static DEFAULT: LazyLock<Parts> =
    LazyLock::new(|| Parts::from_toml(DEFAULT_TOML).expect("embedded parts.toml is valid"));

/// One required part.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Part {
    /// Key (`measures`).
    pub key: String,
    /// Chinese label for display.
    #[serde(default)]
    pub label: String,
    /// Section topics that hold it.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Topics of the sections under which a section does not count.
    #[serde(default)]
    pub outside: Vec<String>,
    /// Words for titles and sentences (Simplified).
    #[serde(default)]
    pub words: Vec<String>,
}

/// Every required part, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Parts {
    /// The parts.
    pub parts: Vec<Part>,
}

impl Parts {
    /// The embedded default (`assets/parts.toml`).
    pub fn default_parts() -> &'static Parts {
        &DEFAULT
    }

    /// Parse a parts file.
    pub fn from_toml(s: &str) -> Result<Parts, toml::de::Error> {
        toml::from_str(s)
    }

    /// The default extended by a user's file: a part with a new key is
    /// added, one with an existing key replaces it.
    pub fn extended(user: &str) -> Result<Parts, toml::de::Error> {
        let extra = Parts::from_toml(user)?;
        let mut parts = DEFAULT.clone();
        for p in extra.parts {
            match parts.parts.iter_mut().find(|q| q.key == p.key) {
                Some(q) => *q = p,
                None => parts.parts.push(p),
            }
        }
        Ok(parts)
    }
}

/// Where a part was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Where {
    /// In a section: its id and title.
    Section {
        /// Dotted id (`2.1`).
        id: String,
        /// Title as printed.
        title: String,
    },
    /// In a sentence of the text (no section has it).
    Sentence(String),
}

/// One report's check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    /// Index of the report.
    pub report: usize,
    /// Per part (in the order of [`Parts`]): where it is, `None` when missing.
    pub parts: Vec<(String, Option<Where>)>,
}

impl CheckRow {
    /// The keys of the missing parts.
    pub fn missing(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|(_, w)| w.is_none())
            .map(|(k, _)| k.as_str())
            .collect()
    }
}

/// Whether a section of `r` counts for `part`: its topic or title, and no
/// ancestor of an `outside` topic.
fn section_has(r: &Report, i: usize, part: &Part, titles: &[String]) -> bool {
    let s = &r.sections[i];
    let mut up = s.parent_index();
    while let Some(p) = up {
        if part.outside.iter().any(|t| *t == *r.sections[p].topic) {
            return false;
        }
        up = r.sections[p].parent_index();
    }
    part.topics.iter().any(|t| *t == *s.topic)
        || part.words.iter().any(|w| titles[i].contains(w.as_str()))
}

/// Where a report has each part.
pub fn check_report(r: &Report, parts: &Parts) -> Vec<(String, Option<Where>)> {
    let titles: Vec<String> = r.sections.iter().map(|s| normalize(&s.title)).collect();
    let mut sents = None;
    parts
        .parts
        .iter()
        .map(|part| {
            let found = (0..r.sections.len())
                .find(|&i| section_has(r, i, part, &titles))
                .map(|i| Where::Section {
                    id: r.sections[i].id.to_string(),
                    title: r.sections[i].title.to_string(),
                })
                .or_else(|| {
                    let all = sents.get_or_insert_with(|| sentences(&r.text, 1));
                    all.iter()
                        .find(|s| part.words.iter().any(|w| s.folded.contains(w.as_str())))
                        .map(|s| Where::Sentence(r.text[s.range.clone()].to_string()))
                });
            (part.key.clone(), found)
        })
        .collect()
}

/// Check every report.
pub fn check<R: Borrow<Report> + Sync>(reports: &[R], parts: &Parts) -> Vec<CheckRow> {
    use rayon::prelude::*;
    reports
        .par_iter()
        .enumerate()
        .map(|(i, r)| CheckRow {
            report: i,
            parts: check_report(r.borrow(), parts),
        })
        .collect()
}

fn where_json(w: &Option<Where>) -> Value {
    match w {
        Some(Where::Section { id, title }) => {
            json!({"present": true, "where": id, "title": title, "in": "section"})
        }
        Some(Where::Sentence(s)) => json!({"present": true, "where": s, "in": "sentence"}),
        None => json!({"present": false, "where": null}),
    }
}

/// The `baogao/check@1` JSON object.
pub fn to_json<R: Borrow<Report>>(reports: &[R], rows: &[CheckRow]) -> Value {
    let list: Vec<Value> = rows
        .iter()
        .map(|row| {
            let r: &Report = reports[row.report].borrow();
            let parts: serde_json::Map<String, Value> = row
                .parts
                .iter()
                .map(|(k, w)| (k.clone(), where_json(w)))
                .collect();
            json!({
                "path": r.path,
                "region": r.region.as_ref().map(|g| g.name.clone()),
                "year": r.year,
                "published": r.published,
                "complete": row.missing().is_empty(),
                "parts": parts,
            })
        })
        .collect();
    json!({"schema": CHECK_SCHEMA, "reports": list})
}

/// How a part's place reads in a table cell: `2 存在问题`, `“…”`, or `missing`.
pub fn where_text(w: &Option<Where>) -> String {
    match w {
        Some(Where::Section { id, title }) => format!("{id} {title}"),
        Some(Where::Sentence(s)) => format!("“{s}”"),
        None => "missing".into(),
    }
}

/// The check as a table: one row per report, one column per part.
pub fn table<R: Borrow<Report>>(
    reports: &[R],
    rows: &[CheckRow],
    parts: &Parts,
) -> crate::export::Table {
    use crate::export::{Cell, Column, Table};
    let mut columns = vec![
        Column::text("file"),
        Column::text("region"),
        Column::number("year"),
        Column::text("published"),
        Column::number("missing"),
    ];
    columns.extend(parts.parts.iter().map(|p| Column::text(&p.key)));
    let mut t = Table::new("required contents", columns);
    for row in rows {
        let r: &Report = reports[row.report].borrow();
        let mut cells = vec![
            Cell::Text(crate::export::file_name(r).into_owned()),
            Cell::opt_text(r.region.as_ref().map(|g| g.name.as_str())),
            Cell::opt_number(r.year.map(f64::from)),
            Cell::opt_text(r.published.as_deref()),
            Cell::Number(row.missing().len() as f64),
        ];
        cells.extend(row.parts.iter().map(|(_, w)| Cell::Text(where_text(w))));
        t.rows.push(cells);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn section(id: &str, title: &str, topic: &'static str, parent: Option<usize>) -> Section {
        Section {
            id: id.into(),
            level: 1,
            marker: Default::default(),
            title: title.into(),
            topic: crate::model::Sym::new(topic).unwrap(),
            line: 1,
            parent: parent.map(|p| p as u32),
            depth: usize::from(parent.is_some()),
            heading: Default::default(),
            body: Default::default(),
        }
    }

    #[test]
    fn sections_then_sentences_then_missing() {
        let r = Report {
            text: "今年区长认真履行第一责任人职责。".into(),
            sections: vec![
                section("1", "加强执法", "enforcement", None),
                section("2", "下一步打算", "plans", None),
                section("2.1", "加强党的领导", "leadership", Some(1)),
            ],
            ..Report::default()
        };
        let got = check_report(&r, Parts::default_parts());
        let by = |k: &str| got.iter().find(|(key, _)| key == k).unwrap().1.clone();
        assert_eq!(
            by("measures"),
            Some(Where::Section {
                id: "1".into(),
                title: "加强执法".into()
            })
        );
        assert_eq!(
            by("plans"),
            Some(Where::Section {
                id: "2".into(),
                title: "下一步打算".into()
            })
        );
        // The leadership section lies inside the plans: the sentence counts.
        assert_eq!(
            by("leaders"),
            Some(Where::Sentence("今年区长认真履行第一责任人职责。".into()))
        );
        assert_eq!(by("problems"), None);
    }

    #[test]
    fn a_user_file_adds_and_replaces_parts() {
        let p = Parts::extended(
            "[[parts]]\nkey = \"plans\"\nwords = [\"规划\"]\n[[parts]]\nkey = \"x\"\n",
        )
        .unwrap();
        assert_eq!(p.parts.len(), Parts::default_parts().parts.len() + 1);
        assert_eq!(
            p.parts.iter().find(|q| q.key == "plans").unwrap().words,
            ["规划"]
        );
    }
}
