//! The heading tree: lines that start with a numbering marker, their level
//! by marker style, nesting as the text gives it, and a topic per heading.

use super::clean::{Cleaned, LineKind};
use super::runon::{self, HeadingText};
use super::taxonomy::{Taxonomy, PLANS, PROBLEMS};
use crate::model::{Section, Sym};
use regex::Regex;
use std::sync::LazyLock;

/// Longest heading title kept, in characters, when a line runs on with no stop.
const MAX_TITLE_CHARS: usize = 80;

/// Sibling titles a run-on heading is compared with, at most.
const MAX_SIBLINGS: usize = 12;

const CN: &str = "[一二三四五六七八九十]";

static LEVEL1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{CN}{{1,3}}[ \t]*[、.]|第{CN}{{1,3}}(?:部分|章)[ \t:、.]?)"
    ))
    .unwrap()
});
static LEVEL2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\([ \t]*{CN}{{1,3}}[ \t]*\)|{CN}{{1,3}}\)|\({CN}{{1,3}})[、.]?"
    ))
    .unwrap()
});
static LEVEL3: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]{1,2}[ \t]*[.、]").unwrap());
static LEVEL4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\([ \t]*[0-9]{1,2}[ \t]*\)|[0-9]{1,2}\)|[\u{2460}-\u{249B}\u{2776}-\u{2793}])[、.]?",
    )
    .unwrap()
});

/// Characters that scrapes leave before a marker.
fn is_leading_junk(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '?' | '-'
                | '*'
                | '•'
                | '·'
                | '●'
                | '■'
                | '□'
                | '◆'
                | '>'
                | '#'
                | '\u{FFFD}'
                | '\u{FEFF}'
        )
}

/// A heading found on one line: level, marker byte range in the folded line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Rank of the marker style (1–4).
    pub level: u8,
    /// Byte offset in the folded line where the marker starts.
    pub start: usize,
    /// Byte offset in the folded line where the marker ends.
    pub end: usize,
}

/// Detect a numbering marker at the start of a folded line.
pub fn marker(norm: &str) -> Option<Marker> {
    let start = norm.len() - norm.trim_start_matches(is_leading_junk).len();
    let rest = &norm[start..];
    // Every marker starts with a numeral, 第 or a bracket: most lines are
    // settled by their first character, without the four patterns.
    // Each pattern is tried only where its first character is: a body
    // line that opens with a year is not tried for Chinese numerals.
    let first = rest.chars().next()?;
    let digit = first.is_ascii_digit();
    let cn = matches!(
        first,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    );
    let circled =
        ('\u{2460}'..='\u{249B}').contains(&first) || ('\u{2776}'..='\u{2793}').contains(&first);
    let (level, end) = [
        (1u8, &*LEVEL1, cn || first == '第'),
        (2, &*LEVEL2, cn || first == '('),
        (3, &*LEVEL3, digit),
        (4, &*LEVEL4, digit || first == '(' || circled),
    ]
    .into_iter()
    .filter(|&(_, _, may)| may)
    .find_map(|(level, re, _)| re.find(rest).map(|m| (level, m.end())))?;
    if level >= 3 && rest[end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let body = rest[end..].trim_start();
    if body.is_empty() || body.starts_with(['是', '要', '批', '些', '起', '系']) {
        return None;
    }
    Some(Marker {
        level,
        start,
        end: start + end,
    })
}

/// Find the headings of a cleaned text and build the tree.
// Never inlined: a stage boundary that profiles (scripts/instructions.sh)
// count by, at no cost for a function called once per report.
#[inline(never)]
pub fn outline(
    text: &str,
    c: &Cleaned,
    title_line: Option<usize>,
    tax: &'static Taxonomy,
) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    // Per section: its line and where its title text lies in the folded line.
    let mut found: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut child_counts: Vec<usize> = Vec::new();
    let mut top_count = 0usize;
    for (i, line) in c.lines.iter().enumerate() {
        if line.kind != LineKind::Body || Some(i) == title_line {
            continue;
        }
        let Some(m) = marker(&line.norm) else {
            continue;
        };
        let after = &line.norm[m.end..];
        let skip = after.len() - after.trim_start().len();
        let title_start = m.end + skip;
        let title_norm = title_of(&line.norm[title_start..]);
        if title_norm.is_empty() {
            continue;
        }
        while let Some(&top) = stack.last() {
            if sections[top].level >= m.level {
                stack.pop();
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        let position = match parent {
            Some(p) => {
                child_counts[p] += 1;
                child_counts[p]
            }
            None => {
                top_count += 1;
                top_count
            }
        };
        let id = match parent {
            Some(p) => format!("{}.{position}", sections[p].id),
            None => position.to_string(),
        };
        if let Some(prev) = sections.last_mut() {
            prev.body.end = line.range.start as u32;
        }
        let marker_range = line.orig_range(m.start..m.end);
        sections.push(Section {
            id: id.into(),
            level: m.level,
            marker: text[marker_range].trim().into(),
            title: Default::default(),
            topic: Sym::other(),
            line: line.no as u32,
            parent: parent.map(|p| p as u32),
            depth: stack.len(),
            heading: line.range.clone().into(),
            body: (line.range.start..text.len()).into(),
        });
        found.push((i, title_start..title_start + title_norm.len()));
        child_counts.push(0);
        stack.push(sections.len() - 1);
    }
    let heads: Vec<HeadingText<'_>> = found
        .iter()
        .map(|(i, r)| {
            let norm = &*c.lines[*i].norm;
            HeadingText {
                head: &norm[r.clone()],
                after: &norm[r.end..],
            }
        })
        .collect();
    // The titles that do not run on, by parent and level: the siblings a
    // run-on title is measured against (a few suffice, and keep it linear).
    let mut clean: rustc_hash::FxHashMap<(Option<usize>, u8), Vec<&str>> = Default::default();
    for (s, h) in sections.iter().zip(&heads) {
        let group = clean.entry((s.parent_index(), s.level)).or_default();
        if !h.may_run_on() && group.len() < MAX_SIBLINGS {
            group.push(h.head);
        }
    }
    for k in 0..sections.len() {
        let (i, r) = &found[k];
        let line = &c.lines[*i];
        let siblings = &clean[&(sections[k].parent_index(), sections[k].level)];
        let (title_norm, heading_end) = match runon::title_end(&heads[k], siblings, tax) {
            Some(cut) => (&heads[k].head[..cut], line.orig(r.start + cut)),
            None => (heads[k].head, line.range.end),
        };
        let title_range = line.orig_range(r.start..r.start + title_norm.len());
        let parent = sections[k].parent_index().map(|p| &sections[p]);
        let topic = topic_for(tax, title_norm, parent);
        let s = &mut sections[k];
        s.title = text[title_range].trim().into();
        s.topic = topic;
        s.heading.end = heading_end as u32;
    }
    sections
}

/// The title: up to the first 。：:；; (or the end of the line), trimmed,
/// at most [`MAX_TITLE_CHARS`] characters.
fn title_of(rest: &str) -> &str {
    let stop = rest
        .find(['。', ':', ';', '；', '：'])
        .unwrap_or(rest.len());
    let t = &rest[..stop];
    let t = match t.char_indices().nth(MAX_TITLE_CHARS) {
        Some((i, _)) => &t[..i],
        None => t,
    };
    t.trim_end_matches([' ', '\t', ',', '、'])
}

fn topic_for(tax: &'static Taxonomy, title: &str, parent: Option<&Section>) -> Sym {
    if let Some(p) = parent {
        // Parts of a problems section are problems, unless the parent also
        // announces plans (存在的问题和下一步打算): its parts are plans by area.
        if p.topic == PROBLEMS && !tax.mentions(PLANS, &crate::text::normalize(&p.title)) {
            return Sym::new(PROBLEMS).unwrap_or_else(Sym::other);
        }
    }
    tax.topic_of(title)
        .and_then(Sym::new)
        .unwrap_or_else(Sym::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::clean::clean;

    fn level(s: &str) -> Option<u8> {
        marker(&crate::text::normalize(s)).map(|m| m.level)
    }

    #[test]
    fn marker_levels() {
        assert_eq!(level("一、法治建设基本情况"), Some(1));
        assert_eq!(level("十一、纲举目张"), Some(1));
        assert_eq!(level("第二部分 主要做法"), Some(1));
        assert_eq!(level("（一）坚持党的领导"), Some(2));
        assert_eq!(level("(三)强化考核"), Some(2));
        assert_eq!(level("一)丢了括号"), Some(2));
        assert_eq!(level("(二丢了括号"), Some(2));
        assert_eq!(level("1.强化领导"), Some(3));
        assert_eq!(level("2、加强备案"), Some(3));
        assert_eq!(level("3．规范执法"), Some(3));
        assert_eq!(level("（1）具体做法"), Some(4));
        assert_eq!(level("①第一项"), Some(4));
        assert_eq!(level("??\u{3000}二、 主要问题"), Some(1));
    }

    #[test]
    fn not_headings() {
        assert_eq!(level("2021年,我区坚持…"), None);
        assert_eq!(level("1.2万余人参加"), None);
        assert_eq!(level("一是加强领导"), None);
        assert_eq!(level("第一,加强领导"), None);
        assert_eq!(level("开展专题培训,加强政策落实。"), None);
    }

    #[test]
    fn tree_follows_text() {
        let text = "（一）先出现的二级\n正文\n二、一级\n（一）子项\n1.三级。正文\n三、存在的问题和下一步打算\n（一）加强行政复议\n";
        let c = clean(text);
        let s = outline(text, &c, None, Taxonomy::global());
        let ids: Vec<_> = s
            .iter()
            .map(|x| (x.id.as_str(), x.level, x.title.as_str()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("1", 2, "先出现的二级"),
                ("2", 1, "一级"),
                ("2.1", 2, "子项"),
                ("2.1.1", 3, "三级"),
                ("3", 1, "存在的问题和下一步打算"),
                ("3.1", 2, "加强行政复议"),
            ]
        );
        assert_eq!(s[4].topic, "problems");
        assert_eq!(s[5].topic, "disputes");
        assert_eq!(&text[s[1].body.range()], "二、一级\n");
    }

    #[test]
    fn run_on_titles_are_cut_and_the_paragraph_follows() {
        let text = "一、主要做法\n1.加强组织领导区委常委会召开专题会议2次,研究部署全年任务。\n2.强化督促检查。开展专项督查3轮。\n";
        let c = clean(text);
        let s = outline(text, &c, None, Taxonomy::global());
        assert_eq!(s[1].title, "加强组织领导");
        assert_eq!(s[1].topic, "leadership");
        assert_eq!(&text[s[1].heading.range()], "1.加强组织领导");
        assert_eq!(s[2].title, "强化督促检查");
        assert_eq!(
            &text[s[2].heading.range()],
            "2.强化督促检查。开展专项督查3轮。"
        );
        let inds = crate::parse::indicators::extract(&c, &s, Taxonomy::global());
        assert_eq!(inds[0].name, "区委常委会召开专题会议");
    }
}
