//! Word's automatic list numbers (`word/numbering.xml`): the `一、`,
//! `（一）`, `1.` that Word draws before a numbered paragraph, which are not
//! in the document's text. Chinese reports number their sections so
//! (`chineseCounting`), and without the numbers their headings would not
//! be headings.
//!
//! A numbered paragraph names a list (`w:numId`) and a level (`w:ilvl`);
//! the list names its definition (`w:abstractNumId`), whose level gives
//! the number's format (`w:numFmt`), its text (`w:lvlText`, `%1、`: `%N` is
//! level N's counter) and its start (`w:start`). Counters are kept per list
//! and level; a level counted resets the levels below it. Numbering given
//! by a paragraph style (not the paragraph) is not followed.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Deepest list level (Word has nine).
const LEVELS: usize = 9;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The list definitions of a document and the counters of its lists.
#[derive(Debug, Default)]
pub struct Numbering {
    /// Levels of each list definition (`w:abstractNumId`).
    abstracts: HashMap<String, [Level; LEVELS]>,
    /// The definition of each list (`w:numId`).
    lists: HashMap<String, String>,
    /// Counters of each list, by level.
    counters: HashMap<String, [u32; LEVELS]>,
}

/// The `w:val` attribute of an element.
pub(super) fn val(e: &BytesStart) -> Option<String> {
    attr(e, "val")
}

/// An attribute of an element by its local name.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

impl Numbering {
    /// The list definitions of a `word/numbering.xml` (none from XML that
    /// cannot be read: the paragraphs then go without their numbers).
    pub fn from_xml(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abstract_id, mut num_id): (Option<String>, Option<String>) = (None, None);
        let mut level: Option<usize> = None;
        while let Ok(ev) = reader.read_event() {
            let (e, empty) = match ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvl" => level = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            match e.local_name().as_ref() {
                "abstractNum" if !empty => {
                    abstract_id = attr(&e, "abstractNumId");
                }
                "num" if !empty => num_id = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(num), Some(def)) = (&num_id, val(&e)) {
                        n.lists.insert(num.clone(), def);
                    }
                }
                "lvl" if !empty => {
                    level = attr(&e, "ilvl")
                        .and_then(|l| l.parse::<usize>().ok())
                        .filter(|&l| l < LEVELS);
                }
                name @ ("numFmt" | "lvlText" | "start") => {
                    let (Some(def), Some(l), Some(v)) = (&abstract_id, level, val(&e)) else {
                        continue;
                    };
                    let lvl = &mut n.abstracts.entry(def.clone()).or_default()[l];
                    match name {
                        "numFmt" => lvl.format = v,
                        "lvlText" => lvl.text = v,
                        _ => lvl.start = v.parse().unwrap_or(1),
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The number Word draws before the next paragraph of list `num` at
    /// `level` (`一、`), counting it; `None` for a list or level not
    /// defined, and for bullets.
    pub fn next_label(&mut self, num: &str, level: usize) -> Option<String> {
        let def = self.lists.get(num)?;
        let levels = self.abstracts.get(def)?;
        let lvl = levels.get(level)?;
        if lvl.format == "bullet" || lvl.text.is_empty() {
            return None;
        }
        let counters = self.counters.entry(num.to_string()).or_insert_with(|| {
            let mut c = [0; LEVELS];
            for (c, l) in c.iter_mut().zip(levels) {
                *c = l.start.max(1) - 1;
            }
            c
        });
        counters[level] += 1;
        for (c, l) in counters.iter_mut().zip(levels).skip(level + 1) {
            *c = l.start.max(1) - 1;
        }
        let mut label = lvl.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1).rev() {
            label = label.replace(
                &format!("%{}", i + 1),
                &format_number(counters[i], &l.format),
            );
        }
        Some(label)
    }
}

/// A counter in a list format: Chinese numerals (`chineseCounting` and its
/// kin), circled digits, letters, Roman numerals, or digits.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "upperLetter" | "lowerLetter" if (1..=26).contains(&n) => {
            let c = char::from(b'A' + (n - 1) as u8);
            if format == "lowerLetter" {
                c.to_ascii_lowercase().to_string()
            } else {
                c.to_string()
            }
        }
        "upperRoman" | "lowerRoman" if (1..40).contains(&n) => {
            let r = roman(n);
            if format == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        _ => n.to_string(),
    }
}

/// 1–99 in Chinese numerals (`一`, `十一`, `二十三`); larger in digits.
fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// 1–39 in Roman numerals.
fn roman(n: u32) -> String {
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    format!(
        "{}{}",
        "X".repeat((n / 10) as usize),
        ONES[(n % 10) as usize]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23, 99, 100].map(chinese).to_vec();
        assert_eq!(
            got,
            ["一", "九", "十", "十一", "二十", "二十三", "九十九", "100"]
        );
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
    }

    #[test]
    fn levels_count_and_reset() {
        let xml = r#"<w:numbering xmlns:w="w">
            <w:abstractNum w:abstractNumId="7">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/></w:lvl>
              <w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>
          </w:numbering>"#;
        let mut n = Numbering::from_xml(xml);
        let labels: Vec<Option<String>> = [
            (0, "2"),
            (1, "2"),
            (1, "2"),
            (2, "2"),
            (0, "2"),
            (1, "2"),
            (3, "2"),
            (0, "9"),
        ]
        .iter()
        .map(|&(l, num)| n.next_label(num, l))
        .collect();
        let want = [
            Some("一、"),
            Some("（一）"),
            Some("（二）"),
            Some("一.1."),
            Some("二、"),
            Some("（一）"),
            None,
            None,
        ];
        assert_eq!(labels, want.map(|w| w.map(String::from)));
    }
}
