//! Hard-wrapped text re-joined: text copied out of a PDF, or saved with
//! fixed-width lines, breaks every line at about the same width, mid-sentence
//! and mid-number (`办理法律援助案件3` / `02件`), with page numbers between
//! pages. Such a text is recognised by its line widths; a line that ends near
//! the wrap width is joined to the next, unless the next is indented or
//! starts a heading, a list item or a metadata row (a line that ends a
//! sentence only into another full line);
//! page-number lines go.
//! Any other text is returned as it is.

use super::outline::marker;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// Shortest width, in columns, taken for a wrap width (titles and dates are
/// shorter; no real wrapping is this narrow).
const MIN_WRAP: usize = 24;
/// Lines at least this wide are counted when finding the wrap width.
const MIN_COUNTED: usize = 16;
/// How many counted lines a wrapped text has at least.
const MIN_LINES: usize = 5;
/// Share of counted lines within [`SLACK`] of the wrap width.
const MIN_SHARE: f64 = 0.3;
/// Columns a wrapped line may fall short of the wrap width (a wide character
/// or a closing mark that did not fit, half-width digits).
const SLACK: usize = 4;

/// Page numbers and page furniture between pages: `— 3 —`, `- 3 -`, `3`,
/// `第3页 共12页`, `3/12`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-—–_－\s]*\d{1,4}[-—–_－\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
        .expect("valid built-in regex")
});

/// The start of an inline list item that opens a paragraph (`一是`, `第一,`,
/// `其一`).
static LIST_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}[,、]|其[一二三四五六七八九十])")
        .expect("valid built-in regex")
});

/// The start of a metadata row (`发布日期:`, `来 源：`).
static META_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\p{Han}\s]{2,8}[:：]").expect("valid built-in regex"));

/// The text with hard-wrapped lines re-joined, or the text itself when it is
/// not hard-wrapped.
// Never inlined: a stage boundary that scripts/instructions.sh counts by.
#[inline(never)]
pub fn unwrap(text: &str) -> Cow<'_, str> {
    let lines = split_lines(text);
    // Wrapped by columns (a terminal, a fixed-width font) or by characters
    // (a PDF of full-width text with half-width digits and commas).
    // The measure more lines end near the wrap width by.
    // (On a tie, columns: `max_by` keeps the last of equals.)
    let sample: Vec<Lens> = lines.iter().take(SAMPLE_LINES).map(|l| lens(l)).collect();
    let found = [Measure::Chars, Measure::Columns]
        .into_iter()
        .filter_map(|m| wrap_width(&sample, m))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let Some((wrap, _)) = found else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let mut line = lines[i].trim_end_matches('\r').to_string();
        // The last line read: it, not the joined whole, must be full.
        let mut last = lines[i];
        // Whether the joined line is a heading alone, kept as parts are
        // added (testing the growing whole each time would be quadratic).
        let mut heading = is_heading(&line);
        i += 1;
        loop {
            // Page furniture between the two halves of a sentence goes.
            let mut next = i;
            while next < lines.len() && page_number(&line, lines[next]) {
                next += 1;
            }
            if !(full(last, wrap) && next < lines.len() && continues(heading, &line, lines[next])) {
                break;
            }
            // A line that ends a sentence goes on only into another full line
            // (the rest of its paragraph), not into a short one (a signature).
            if ends_sentence(&line) && !full(lines[next], wrap) {
                break;
            }
            let part = lines[next].trim_end_matches('\r').trim_start();
            if joins_with_space(last, lines[next]) {
                line.push(' ');
            }
            line.push_str(part);
            heading &= !part.contains(SENTENCE_MARKS);
            last = lines[next];
            i = next + 1;
        }
        if out_last_line_page(&out, &line) {
            continue;
        }
        out.push_str(&line);
        if i < lines.len() {
            out.push('\n');
        }
    }
    Cow::Owned(out)
}

/// The lines of a text (split at `\n`, as `str::split` does, by memchr).
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..i]);
        start = i + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// Widest wrap width looked for, in columns; wider lines count as over it.
const MAX_WRAP: usize = 320;
/// Lines looked at to find the wrap width (the start of a text tells).
const SAMPLE_LINES: usize = 2000;

/// How line lengths are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// Display columns (CJK characters two).
    Columns,
    /// Characters.
    Chars,
}

impl Measure {
    /// How far short of the wrap width a wrapped line may end.
    fn slack(self) -> usize {
        match self {
            Measure::Columns => SLACK,
            Measure::Chars => SLACK / 2,
        }
    }
}

/// A wrap width found, with its measure.
#[derive(Debug, Clone, Copy)]
struct Wrap {
    width: usize,
    measure: Measure,
}

/// The length of a line in characters and in columns, by bytes rather than
/// by characters (this runs over every text parsed, in one pass the compiler
/// vectorises): characters are the bytes that start one; a character of
/// three or four bytes takes two columns, but for the general punctuation
/// (`“”‘’—…`, U+2000–U+206F: one column, as unicode-width counts it). A line
/// too long for any wrap width is not measured.
fn lens(line: &str) -> Lens {
    let b = line.trim_end().as_bytes();
    if b.len() > 4 * (MAX_WRAP + 1) {
        return Lens {
            chars: MAX_WRAP + 1,
            columns: MAX_WRAP + 1,
        };
    }
    // Continuation bytes are 0x80..=0xBF: below -0x40 as signed bytes.
    // Counted in byte-wide lanes over chunks that cannot overflow them.
    let (mut continuing, mut wide) = (0usize, 0usize);
    for chunk in b.chunks(255) {
        let (mut c, mut w) = (0u8, 0u8);
        for &x in chunk {
            c += u8::from((x as i8) < -0x40);
            w += u8::from(x >= 0xE0);
        }
        continuing += usize::from(c);
        wide += usize::from(w);
    }
    let punct = memchr::memchr_iter(0xE2, b)
        .filter(|&i| matches!(b.get(i + 1), Some(0x80 | 0x81)))
        .count();
    let chars = b.len() - continuing;
    Lens {
        chars,
        columns: chars + wide - punct,
    }
}

/// A line's length by both measures.
#[derive(Debug, Clone, Copy)]
struct Lens {
    chars: usize,
    columns: usize,
}

impl Lens {
    fn by(self, m: Measure) -> usize {
        match m {
            Measure::Chars => self.chars,
            Measure::Columns => self.columns,
        }
    }
}

/// Whether `line`, after `prev`, is page furniture: a page number, unless
/// it is bare digits right after a number cut by the wrap (`2024-03-` / `28`).
fn page_number(prev: &str, line: &str) -> bool {
    if !PAGE_NUMBER.is_match(line) || line.trim().is_empty() {
        return false;
    }
    let bare = line.trim().bytes().all(|b| b.is_ascii_digit());
    !(bare
        && prev
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit() || "-/.:".contains(c)))
}

/// Whether a line about to be written is a page number after what is
/// written so far.
fn out_last_line_page(out: &str, line: &str) -> bool {
    let prev = out.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
    page_number(prev, line)
}

/// The wrap width of a hard-wrapped text: the width most counted lines end
/// near, when enough of them do and almost none is wider; with the share of
/// counted lines near it.
fn wrap_width(lens: &[Lens], measure: Measure) -> Option<(Wrap, f64)> {
    let mut hist = [0usize; MAX_WRAP + 2];
    let mut counted = 0;
    for l in lens {
        let w = l.by(measure);
        let min = match measure {
            Measure::Columns => MIN_COUNTED,
            Measure::Chars => MIN_COUNTED / 2,
        };
        if w >= min {
            hist[w.min(MAX_WRAP + 1)] += 1;
            counted += 1;
        }
    }
    if counted < MIN_LINES {
        return None;
    }
    // Wrapped lines end at most at the wrap width, most within the slack of
    // it: the widest width with the most lines near it.
    let mut best: Option<(usize, usize)> = None;
    let narrowest = match measure {
        Measure::Columns => MIN_WRAP,
        Measure::Chars => MIN_WRAP / 2,
    };
    for w in (narrowest..=MAX_WRAP).rev() {
        let near: usize = hist[w - measure.slack()..=w].iter().sum();
        if near > 0 && best.is_none_or(|(_, n)| near > n) {
            best = Some((w, near));
        }
    }
    let (w, near) = best?;
    let over: usize = hist[w + 1..].iter().sum();
    let share = near as f64 / counted as f64;
    (near >= MIN_LINES && share >= MIN_SHARE && over * 20 <= counted)
        .then_some((Wrap { width: w, measure }, share))
}

/// Whether a line reaches the wrap width.
fn full(line: &str, wrap: Wrap) -> bool {
    lens(line).by(wrap.measure) + wrap.measure.slack() >= wrap.width
}

/// Whether a line ends a sentence (a closing quote after the end counts).
fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(['”', '」', '』', '"', '’']);
    t.ends_with(['。', '！', '？', '；', '!', '?', ';', '：', ':'])
}

/// Whether a line may continue `prev`: not empty, not indented, not a
/// heading, list item or metadata row.
fn continues(prev_is_heading: bool, prev: &str, next: &str) -> bool {
    let t = next.trim();
    let indented = next.starts_with(['\u{3000}', '\t']) || next.starts_with("  ");
    let bullet = t.starts_with(['•', '·', '●', '■', '◆', '▪', '*']) || t.starts_with("- ");
    if indented || t.is_empty() || bullet {
        return false;
    }
    let norm = crate::text::normalize(t);
    // A marker after words cut mid-sentence (`…七` / `一、庆祝…`) is no
    // heading; after a sentence's end, or after a heading line, it is.
    // So is a lost bracket (`25)…`) after a wrapped `(2021-20`.
    let heading =
        marker(&norm).is_some() && (ends_sentence(prev) || prev_is_heading || !ends_in_words(prev));
    !heading && !META_ROW.is_match(&norm) && !LIST_START.is_match(&norm)
}

/// Whether `next` goes on the paragraph whose line `prev` ends, when `prev`
/// is known to reach the right margin (a PDF's page geometry tells, where
/// [`unwrap`] measures widths): [`unwrap`]'s rules on the text alone —
/// `next` is not empty, indented, a heading, a list item or a metadata
/// row, and a line that ends a sentence goes on only into a full line
/// (`next_full`: the rest of its paragraph, not a signature).
pub fn goes_on(prev: &str, next: &str, next_full: bool) -> bool {
    (next_full || !ends_sentence(prev)) && continues(is_heading(prev), prev, next)
}

/// Whether a line ends inside a word (a Han character, letter or digit).
fn ends_in_words(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

/// Whether a line is a heading alone: a marker and no sentence end in it.
fn is_heading(line: &str) -> bool {
    let norm = crate::text::normalize(line.trim());
    marker(&norm).is_some() && !norm.contains(SENTENCE_MARKS)
}

/// The marks that end a sentence or open its body, in either width: a line
/// holding one is no heading alone.
const SENTENCE_MARKS: [char; 5] = ['。', ';', ':', '；', '：'];

/// Whether two lines are joined with a space: Latin letters on both sides
/// and a blank kept at the break (`rule of ` / `law`); Chinese text, and a
/// word cut by the wrap (`AP` / `P`), join with none.
fn joins_with_space(a: &str, b: &str) -> bool {
    let a = a.trim_end_matches('\r');
    let blank = a.ends_with([' ', '\t']) || b.starts_with([' ', '\t']);
    let last = a.trim_end().chars().next_back();
    let first = b.trim_start().chars().next();
    blank
        && matches!((last, first), (Some(x), Some(y)) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    /// A text wrapped at `w` columns, as a PDF copy is, with a page number
    /// after every `page` lines.
    pub(super) fn wrap_at(text: &str, w: usize, page: usize) -> String {
        let mut out = String::new();
        let mut n = 0;
        for para in text.lines() {
            let mut line = String::new();
            for c in para.chars() {
                if (line.as_str().width() + c.to_string().as_str().width()) > w {
                    out.push_str(&line);
                    out.push('\n');
                    n += 1;
                    if n % page == 0 {
                        out.push_str(&format!("— {} —\n", n / page));
                    }
                    line.clear();
                }
                line.push(c);
            }
            out.push_str(&line);
            out.push('\n');
            n += 1;
        }
        out
    }

    const REPORT: &str = "某某县2023年法治政府建设情况报告\n一、主要举措和成效\n（一）深化放管服改革。全县1286项政务服务事项实现一窗通办，网上可办率达100%，平均办理时限压缩至3.5个工作日，新增市场主体4527户，同比增长12.3%。\n（二）化解矛盾纠纷。全县142个村人民调解委员会共受理矛盾纠纷2860件，调解成功2835件，调解成功率99.1%；办理行政复议案件45件，行政机关负责人出庭应诉率100%。\n二、存在的不足\n一是法治宣传的针对性还不够强，群众参与的积极性还不够高，部分执法人员的法治意识和能力还有待进一步提高。\n某某县人民政府\n2024年1月20日\n";

    #[test]
    fn wrapped_text_is_rejoined() {
        for w in [24, 30, 40] {
            let wrapped = wrap_at(REPORT, w, 5);
            assert_ne!(wrapped, REPORT);
            assert_eq!(unwrap(&wrapped), REPORT, "wrapped at {w}");
        }
    }

    #[test]
    fn unwrapped_text_is_untouched() {
        assert!(matches!(unwrap(REPORT), Cow::Borrowed(_)));
        let short = "标题\n\n一、工作\n全年办理案件3件。\n";
        assert!(matches!(unwrap(short), Cow::Borrowed(_)));
    }

    #[test]
    fn page_numbers() {
        for p in ["— 3 —", "- 12 -", "3", "第3页 共12页", "第 3 页", "3/12"] {
            assert!(PAGE_NUMBER.is_match(p), "{p}");
        }
        for p in ["3件", "一、总体", "2023年"] {
            assert!(!PAGE_NUMBER.is_match(p), "{p}");
        }
    }
}
