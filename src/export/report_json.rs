//! The `baogao/report@1` JSON of a report written as it is serialised:
//! the same text as [`Report::to_json`], without building the whole value
//! first (for a report of a million indicators, that value takes over a
//! kilobyte an indicator; this takes nothing an indicator).
//!
//! Keys are written in the order `to_json` prints them (sorted, as
//! `serde_json`'s map keeps them).

use crate::model::{number_json, Approx, Indicator, Region, Report, Section, REPORT_SCHEMA};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::io::{self, Write};

/// Write the report's JSON to `out` on one line, without the line break.
pub fn write(out: &mut impl Write, r: &Report) -> io::Result<()> {
    serde_json::to_writer(out, &ReportJson(r)).map_err(io::Error::from)
}

/// A report serialised as `baogao/report@1`.
struct ReportJson<'a>(&'a Report);

impl Serialize for ReportJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("department", &r.department)?;
        m.serialize_entry("indicators", &Indicators(r))?;
        m.serialize_entry("issuer", &r.issuer)?;
        m.serialize_entry("path", &r.path)?;
        if let Some(b) = &r.path_bytes {
            use base64::Engine;
            let b = base64::engine::general_purpose::STANDARD.encode(b);
            m.serialize_entry("path_bytes", &b)?;
        }
        m.serialize_entry("published", &r.published)?;
        m.serialize_entry("region", &r.region.as_ref().map(RegionJson))?;
        m.serialize_entry("schema", REPORT_SCHEMA)?;
        m.serialize_entry("script", r.script.as_str())?;
        m.serialize_entry("sections", &Children::of(r, &Tree::of(r), None))?;
        m.serialize_entry("title", &r.title)?;
        m.serialize_entry("warnings", &r.warnings)?;
        m.serialize_entry("year", &r.year)?;
        m.end()
    }
}

/// The indicators of a report, in text order.
struct Indicators<'a>(&'a Report);

impl Serialize for Indicators<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut seq = s.serialize_seq(Some(r.indicators.len()))?;
        for ind in &r.indicators {
            seq.serialize_element(&IndicatorJson(r, ind))?;
        }
        seq.end()
    }
}

/// One indicator with what its report says of it.
struct IndicatorJson<'a>(&'a Report, &'a Indicator);

impl Serialize for IndicatorJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let IndicatorJson(r, ind) = *self;
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry("approx", &ind.approx.map(Approx::as_str))?;
        m.serialize_entry("canonical", &ind.canonical)?;
        m.serialize_entry("line", &ind.line)?;
        m.serialize_entry("name", &ind.name)?;
        m.serialize_entry("raw", r.raw(ind))?;
        m.serialize_entry("section", &r.section_id(ind))?;
        m.serialize_entry("sentence", r.sentence(ind))?;
        m.serialize_entry("unit", &ind.unit)?;
        m.serialize_entry("value", &number_json(ind.value))?;
        m.end()
    }
}

/// The region object.
struct RegionJson<'a>(&'a Region);

impl Serialize for RegionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("candidates", &Candidates(g))?;
        m.serialize_entry("city", &g.city)?;
        m.serialize_entry("code", &g.code)?;
        m.serialize_entry("evidence", &g.evidence)?;
        m.serialize_entry("level", g.level.as_str())?;
        m.serialize_entry("name", &g.name)?;
        m.serialize_entry("province", &g.province)?;
        m.end()
    }
}

/// The divisions an ambiguous region name may be.
struct Candidates<'a>(&'a Region);

impl Serialize for Candidates<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.candidates.len()))?;
        for c in &self.0.candidates {
            seq.serialize_element(&serde_json::json!({
                "name": c.name,
                "province": c.province,
                "city": c.city,
                "code": c.code,
            }))?;
        }
        seq.end()
    }
}

/// The heading tree as lists linked through the sections: the first child
/// of each section (index `i + 1`) and of the top level (index 0), and the
/// next sibling of each section, in text order. Two numbers a section,
/// where a list per section would cost an allocation each.
struct Tree {
    first_child: Vec<usize>,
    next_sibling: Vec<usize>,
}

impl Tree {
    /// The tree of a report's sections (a section whose parent is not a
    /// section is left out, as `to_json` leaves it).
    fn of(r: &Report) -> Tree {
        let n = r.sections.len();
        let mut tree = Tree {
            first_child: vec![usize::MAX; n + 1],
            next_sibling: vec![usize::MAX; n],
        };
        // Backwards, each section put first: the lists end in text order.
        for (i, s) in r.sections.iter().enumerate().rev() {
            let slot = s.parent_index().map_or(0, |p| p.saturating_add(1));
            if let Some(first) = tree.first_child.get_mut(slot) {
                tree.next_sibling[i] = *first;
                *first = i;
            }
        }
        tree
    }
}

/// The children of a section (`None`: the top level), each with its own.
struct Children<'a> {
    r: &'a Report,
    tree: &'a Tree,
    parent: Option<usize>,
}

impl<'a> Children<'a> {
    fn of(r: &'a Report, tree: &'a Tree, parent: Option<usize>) -> Self {
        Children { r, tree, parent }
    }
}

impl Serialize for Children<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let slot = self.parent.map_or(0, |p| p + 1);
        let mut seq = s.serialize_seq(None)?;
        let mut at = self.tree.first_child[slot];
        while let Some(sec) = self.r.sections.get(at) {
            seq.serialize_element(&SectionJson {
                sec,
                children: Children::of(self.r, self.tree, Some(at)),
            })?;
            at = self.tree.next_sibling[at];
        }
        seq.end()
    }
}

/// A section with its children (the keys sorted, as `to_json` has them).
struct SectionJson<'a> {
    sec: &'a Section,
    children: Children<'a>,
}

impl Serialize for SectionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sec = self.sec;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("children", &self.children)?;
        m.serialize_entry("id", &sec.id)?;
        m.serialize_entry("level", &sec.level)?;
        m.serialize_entry("line", &sec.line)?;
        m.serialize_entry("marker", &sec.marker)?;
        m.serialize_entry("title", &sec.title)?;
        m.serialize_entry("topic", &sec.topic)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_as_the_json_value() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/reports");
        let mut seen = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let mut r = crate::parse_report(&p.to_string_lossy(), text);
            r.path_bytes = Some(b"r\xff.txt".to_vec());
            let mut out = Vec::new();
            write(&mut out, &r).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), r.to_json().to_string());
            assert!(!r.sections.is_empty() && r.region.is_some());
            seen += 1;
        }
        assert!(seen >= 5);
        // Nested sections, a parent that is no section, and a region with candidates.
        let mut r = crate::parse_report("x.txt", "一、甲\n（一）乙\n1.丙\n二、丁\n".into());
        r.sections[3].parent = Some(99);
        r.region = Some(Region {
            name: "某区".into(),
            province: None,
            city: None,
            level: crate::model::Level::County,
            code: None,
            evidence: vec!["title".into()],
            candidates: vec![crate::model::RegionCandidate {
                name: "某区".into(),
                province: "某省".into(),
                city: Some("某市".into()),
                code: Some("000000".into()),
            }],
        });
        let mut out = Vec::new();
        write(&mut out, &r).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r.to_json().to_string());
    }
}
