//! A page's characters as lines in reading order, and lines as
//! paragraphs where the page shows they were wrapped.

/// A line on a page: its text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, in points from the top of the page.
    pub y: f64,
    /// Where its first visible character starts, in points from the left.
    pub left: f64,
    /// Where its last visible character ends.
    pub right: f64,
    /// The width of its first word (a CJK character, or a run of Latin
    /// letters and digits) with the marks that stick to it.
    pub first_word: f64,
    /// Its largest font size, in points.
    pub size: f64,
    /// The characters left to right, spaces where the page leaves a gap;
    /// no blanks at either end.
    pub text: String,
}

/// A character drawn on a page.
#[derive(Debug, Clone)]
pub(super) struct Glyph {
    pub(super) x: f64,
    pub(super) y: f64,
    /// Its advance (width), in points.
    pub(super) width: f64,
    /// Font size, in points.
    pub(super) size: f64,
    pub(super) text: String,
}

/// Share of the font size by which two baselines may differ in one line.
const SAME_LINE: f64 = 0.4;
/// A gap wider than this share of the font size between two characters
/// that are not CJK is a space ...
const SPACE_GAP: f64 = 0.2;
/// ... and between a CJK character and another one, wider than this (a
/// table's columns; office suites leave a narrower gap between CJK and
/// Latin text that is no space in the text).
const CJK_SPACE_GAP: f64 = 0.9;

/// A page's characters as lines, top to bottom, each read left to right.
pub(super) fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (g.y - line[0].y).abs() <= SAME_LINE * g.size.max(line[0].size) => {
                line.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .filter_map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let visible = |g: &&Glyph| !g.text.trim().is_empty();
            let first = line.iter().position(|g| visible(&g))?;
            let last = line.iter().rposition(|g| visible(&g))?;
            let line = &line[first..=last];
            Some(Line {
                y: line[0].y,
                left: line[0].x,
                right: line[line.len() - 1].x + line[line.len() - 1].width,
                first_word: first_word(line),
                size: line.iter().map(|g| g.size).fold(0.0, f64::max),
                text: join_glyphs(line),
            })
        })
        .collect()
}

/// Marks a line may not start with: they stay with the character before.
const CLOSING: &str = "，。、；：！？）》」』】〕”’,.;:!?)]";
/// Marks a line may not end with: they go with the character after.
const OPENING: &str = "（《「『【〔“‘([";
/// Quotation marks, which no line breaker breaks on either side of
/// (Unicode's line breaking rules, class QU).
const QUOTES: &str = "“”‘’\"'";

/// The width of a line's first word: a CJK character or a run of other
/// characters up to a blank, with the marks that a line breaker keeps with
/// it (a closing mark after it, an opening mark and the character after
/// it, quotation marks and the characters on both sides of them): where a
/// line breaker could not have broken the line before.
fn first_word(line: &[Glyph]) -> f64 {
    let mark = |g: &Glyph| g.text.chars().next().unwrap_or(' ');
    let first = mark(&line[0]);
    let first_cjk = is_cjk(first);
    let mut glue_next = OPENING.contains(first) || QUOTES.contains(first);
    let mut end = line[0].x + line[0].width;
    for g in &line[1..] {
        let c = mark(g);
        let sticks = glue_next || CLOSING.contains(c) || QUOTES.contains(c);
        let same_word = !first_cjk && !c.is_whitespace() && !is_cjk(c);
        if !(sticks || same_word) {
            break;
        }
        glue_next = OPENING.contains(c) || QUOTES.contains(c);
        end = g.x + g.width;
    }
    end - line[0].x
}

/// Share of the lines' right ends that the right margin is taken at (the
/// widest lines may overrun it: a long number, a table).
const MARGIN_QUANTILE: f64 = 0.9;
/// Lines shorter than this many characters are not counted for the margins.
const MARGIN_MIN_CHARS: usize = 8;
/// A line whose end is within its next line's first word and this share of
/// the font size of the right margin was wrapped (a line breaker moves a
/// word on only when it does not fit).
const WRAP_SLACK: f64 = 1.0;
/// A line starting more than this share of the font size right of the left
/// margin is indented (a paragraph's first line).
const INDENT: f64 = 0.8;

/// The lines of a document as paragraphs: a line is joined to the next
/// where the page shows that it was wrapped there.
pub(super) fn paragraphs(lines: &[Line]) -> Vec<String> {
    let counted: Vec<&Line> = lines
        .iter()
        .filter(|l| l.text.chars().count() >= MARGIN_MIN_CHARS)
        .collect();
    let quantile = |mut v: Vec<f64>, q: f64| {
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
    };
    let right = quantile(counted.iter().map(|l| l.right).collect(), MARGIN_QUANTILE);
    let left = quantile(
        counted.iter().map(|l| l.left).collect(),
        1.0 - MARGIN_QUANTILE,
    );
    let (Some(right), Some(left)) = (right, left) else {
        return lines.iter().map(|l| l.text.clone()).collect();
    };
    let full = |l: &Line, next: &Line| l.right + next.first_word + WRAP_SLACK * l.size > right;
    let indented = |l: &Line| l.left > left + INDENT * l.size;
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for (i, line) in lines.iter().enumerate() {
        let next_full = lines.get(i + 1).is_some_and(|n| full(line, n));
        let joined = prev.is_some_and(|p| {
            full(p, line)
                && !indented(line)
                && crate::parse::unwrap::goes_on(&p.text, &line.text, next_full)
        });
        match out.last_mut() {
            Some(para) if joined => {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                if latin(para.chars().next_back()) && latin(line.text.chars().next()) {
                    para.push(' ');
                }
                para.push_str(&line.text);
            }
            _ => out.push(line.text.clone()),
        }
        prev = Some(line);
    }
    out
}

/// The characters of one line, with a space where the gap between two is
/// wide enough to be one.
fn join_glyphs(line: &[Glyph]) -> String {
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.width);
            let spaced =
                p.text.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            let cjk = p.text.chars().any(is_cjk) || g.text.chars().any(is_cjk);
            let min = if cjk { CJK_SPACE_GAP } else { SPACE_GAP } * g.size.max(p.size);
            if !spaced && gap > min {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
    }
    text
}

/// CJK ideographs, kana, Hangul and full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, text: &str) -> Line {
        Line {
            y,
            left: 0.0,
            right: 10.0 * text.chars().count() as f64,
            first_word: 10.0,
            size: 10.0,
            text: text.to_string(),
        }
    }

    #[test]
    fn glyphs_become_lines_in_reading_order() {
        let g = |x: f64, y: f64, t: &str| Glyph {
            x,
            y,
            width: 10.0,
            size: 10.0,
            text: t.into(),
        };
        // Drawn out of order; the second line's baseline wobbles a little.
        let lines = lines_of(vec![
            g(20.0, 30.0, "二"),
            g(10.0, 10.0, "一"),
            g(10.0, 30.5, "第"),
            g(20.0, 10.0, "行"),
            g(50.0, 10.0, "表"),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["一行 表", "第二"]);
    }

    #[test]
    fn first_words_keep_their_marks() {
        let glyphs = |t: &str| -> Vec<Glyph> {
            t.chars()
                .enumerate()
                .map(|(i, c)| Glyph {
                    x: 10.0 * i as f64,
                    y: 0.0,
                    width: 10.0,
                    size: 10.0,
                    text: c.to_string(),
                })
                .collect()
        };
        assert_eq!(first_word(&glyphs("行政")), 10.0);
        assert_eq!(first_word(&glyphs("行。政")), 20.0);
        assert_eq!(first_word(&glyphs("行“清单”")), 30.0);
        assert_eq!(first_word(&glyphs("（一）工作")), 30.0);
        assert_eq!(first_word(&glyphs("2021年")), 40.0);
    }

    #[test]
    fn wrapped_lines_are_joined_by_the_margins() {
        let at = |left: f64, text: &str| Line {
            left,
            right: left + 10.0 * text.chars().count() as f64,
            ..line(0.0, text)
        };
        let lines = vec![
            at(0.0, "一、主要工作"),
            at(20.0, "全年办理法律援助案件3"),
            at(0.0, "02件,调解成功率98.6%"),
            at(0.0, "。"),
            at(20.0, "（一）深化改革"),
            at(20.0, "新的段落开头写满一整行。"),
            at(0.0, "二、存在的问题写满一行"),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "一、主要工作",
                "全年办理法律援助案件302件,调解成功率98.6%。",
                "（一）深化改革",
                "新的段落开头写满一整行。",
                "二、存在的问题写满一行",
            ]
        );
    }
}
