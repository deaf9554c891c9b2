//! Indicators: a number (Arabic or Chinese) joined to a counting unit or a
//! percent sign, stating how much of something the reporting body did, had
//! or achieved — with what is counted (the name), the approximation, the
//! value fully scaled and the canonical key.

use super::clean::{Cleaned, Line, LineKind};
use super::numbers;
use super::taxonomy::Taxonomy;
use crate::model::{Approx, Indicator, Section, Sym};
use crate::text::{ByFirst, CharBits};
use std::ops::Range;
use std::sync::LazyLock;

mod candidates;
mod marks;
mod names;
use candidates::*;
use marks::{in_spans, Marks, QUOTES};
use names::{name_after, name_of, respective_names};

/// Counting units, longest first so that `个工作日` wins over `个`.
pub const UNITS: &[&str] = &[
    "个工作日",
    "工作日",
    "个百分点",
    "个月",
    "小时",
    "件次",
    "人次",
    "场次",
    "家次",
    "户次",
    "批次",
    "余人",
    "件",
    "人",
    "名",
    "位",
    "次",
    "场",
    "期",
    "份",
    "个",
    "家",
    "户",
    "项",
    "条",
    "起",
    "篇",
    "本",
    "部",
    "类",
    "轮",
    "块",
    "卷",
    "宗",
    "批",
    "套",
    "台",
    "辆",
    "处",
    "所",
    "支",
    "座",
    "例",
    "元",
    "天",
    "册",
    "%",
];

/// Words after a unit character that make it part of another word
/// (`部门`, `条例`, `天津`): then it is not a unit.
const UNIT_FOLLOWERS: &[(&str, &str)] = &[
    ("人", "民大"),
    ("名", "称单义列"),
    ("期", "间限"),
    ("部", "门分署委"),
    ("所", "有属在以长"),
    ("处", "理罚置分室长"),
    ("支", "持付出撑部"),
    ("本", "级市区县年单部地着"),
    ("条", "例件款线"),
    ("台", "账"),
    ("天", "津下"),
    ("场", "所景地馆"),
    ("位", "于居列置"),
    ("项", "目"),
    ("户", "籍口"),
    ("次", "日"),
    ("份", "额"),
    ("家", "庭长属门"),
    ("宗", "教旨"),
    ("座", "谈"),
    ("批", "准复示评"),
    ("元", "旦宵素"),
    ("类", "型似"),
    ("起", "草来诉步到"),
    ("个", "人体别"),
    ("块", "钱"),
];

const CN_NUM: &str = "零〇一二两三四五六七八九十百千";

/// Words that may open a candidate before its number.
const PRE_WORDS: &[&str] = &[
    "超过", "逾", "突破", "将近", "接近", "近", "大约", "约", "不到", "不足",
];

/// [`PRE_WORDS`] by their first character (none a digit or a Chinese
/// numeral, which most candidates start with), in their order.
static PRE_BY_FIRST: LazyLock<ByFirst<&'static str>> =
    LazyLock::new(|| ByFirst::new(PRE_WORDS.iter().map(|w| (*w, *w))));

/// Whether a candidate can start with `c`: a digit or Chinese numeral, the
/// first character of an approximation word, or a blank before a number.
fn may_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit() || c == ' ' || c == '\t';
    }
    is_cn_num(c)
        || matches!(
            c,
            '超' | '逾' | '突' | '将' | '接' | '近' | '大' | '约' | '不'
        )
}

/// The characters an indicator can start with: a digit or Chinese
/// numeral, an approximation word's first character, a blank. The cleaner
/// notes them in each line's [`Line::starts`] as it folds.
pub fn start_chars() -> &'static CharBits {
    &STARTS
}

/// The punctuation [`Marks`] are made of: clause and sentence delimiters
/// and quotation marks. The cleaner notes them in each line's
/// [`Line::marks`] as it folds.
pub fn mark_chars() -> &'static CharBits {
    &MARK_CHARS
}

static MARK_CHARS: LazyLock<CharBits> = LazyLock::new(|| {
    let quotes = QUOTES.iter().flat_map(|&(open, close, _)| [open, close]);
    CharBits::from_chars(CLAUSE_DELIMS.chars().chain(quotes))
});

/// The characters a candidate can start with ([`may_start`]).
static STARTS: LazyLock<CharBits> = LazyLock::new(|| {
    CharBits::from_chars(
        (0..0x1_0000)
            .filter_map(char::from_u32)
            .filter(|&c| may_start(c)),
    )
});

/// The characters a candidate's tail ([`tail_at`]) can start with:
/// approximation and scale words, blanks, units' first characters. Most
/// numbers are followed by none of them.
static TAIL_STARTS: LazyLock<CharBits> = LazyLock::new(|| {
    CharBits::from_chars(
        ['余', '多', '万', '亿', ' ', '\t']
            .into_iter()
            .chain(UNITS_BY_FIRST.firsts()),
    )
});

/// Whether `c` is one of [`CN_NUM`] (a test per character of a line): a
/// bit test, not a chain of comparisons whose outcome a branch predictor
/// cannot learn.
fn is_cn_num(c: char) -> bool {
    static BITS: LazyLock<CharBits> = LazyLock::new(|| CharBits::from_chars(CN_NUM.chars()));
    BITS.contains(c)
}

/// The characters that end a clause (sentence delimiters among them).
pub(super) const CLAUSE_DELIMS: &str = ",;。:!?()[]【】；，|";

/// Whether `c` is one of [`CLAUSE_DELIMS`] (a bit test, as [`is_cn_num`]).
fn is_clause_delim(c: char) -> bool {
    static BITS: LazyLock<CharBits> = LazyLock::new(|| CharBits::from_chars(CLAUSE_DELIMS.chars()));
    BITS.contains(c)
}

fn is_sentence_delim(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '；')
}

/// Find the indicators of a cleaned text.
// Never inlined: a stage boundary that profiles (scripts/instructions.sh)
// count by, at no cost for a function called once per report.
#[inline(never)]
pub fn extract(c: &Cleaned, sections: &[Section], tax: &'static Taxonomy) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut sec = 0usize;
    // A heading whose title was cut from the paragraph it runs on into
    // ends before its line does: no name or sentence reaches back over it.
    let mut headings = sections.iter().map(|s| s.heading.range()).peekable();
    for line in c.lines.iter().filter(|l| l.kind == LineKind::Body) {
        while headings.next_if(|h| h.start < line.range.start).is_some() {}
        let floor = match headings.next_if(|h| h.start == line.range.start) {
            Some(h) if h.end < line.range.end => line.norm_offset(h.end),
            _ => 0,
        };
        let first = out.len();
        scan_line(line, floor, tax, &mut out);
        for ind in &mut out[first..] {
            while sec < sections.len() && sections[sec].heading.start <= ind.span.start {
                sec += 1;
            }
            ind.section = sec.checked_sub(1).map(|s| s as u32);
        }
    }
    out
}

/// A candidate after the exclusion rules: byte ranges in the folded line.
pub(super) struct Found {
    pub(super) raw: Range<usize>,
    pub(super) value: f64,
    pub(super) unit: &'static str,
    pub(super) approx: Option<Approx>,
}

/// `其中` (a breakdown of the figure before), searched in every indicator's sentence.
static QIZHONG: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("其中"));

/// `之一` (one of several, a status), searched right after every candidate's unit.
static ZHIYI: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("之一"));

/// Find the indicators of one line; `floor` is where its text starts for
/// names and sentences (after a run-on heading's title, else 0).
fn scan_line(line: &Line, floor: usize, tax: &'static Taxonomy, out: &mut Vec<Indicator>) {
    let norm = &*line.norm;
    let mut marks = None;
    // Where the line's previous indicator ended, and its index in `out`.
    let mut prev_end: Option<(usize, usize)> = None;
    // Where the previous figure's noun phrase ended.
    let mut post_end = 0;
    // The names still to give out of a `分别` list.
    let mut respective: Option<std::vec::IntoIter<String>> = None;
    let b = norm.as_bytes();
    // Where the scan goes on: after the last indicator found.
    let mut next = 0;
    for &at in line.starts() {
        let at = at as usize;
        if at < next || at >= b.len() {
            continue;
        }
        let (c, _) = crate::text::decode_at(b, at);
        if inside_number(b, at, c) {
            continue;
        }
        let Some(parts) = candidate_at(norm, at) else {
            continue;
        };
        let marks = marks.get_or_insert_with(|| Marks::of(norm, line.marks()));
        // A rejected candidate may hide a shorter valid one inside it: the
        // scan goes on at the next character then, else after the candidate.
        let Some(found) = judge(norm, &parts, marks, tax) else {
            continue;
        };
        next = parts.whole.end;
        let mut sentence = marks.sentence_range(norm, found.raw.start);
        sentence.start = sentence.start.max(floor.min(found.raw.start));
        let clause_start = marks
            .clause_start(norm, found.raw.start)
            .max(floor.min(found.raw.start));
        // Right after the previous indicator (`45人、12件`) a figure shares its
        // name, or takes its own item of a `分别` list; after the previous
        // figure's noun in the same clause, its name starts there.
        let name = match prev_end {
            Some((end, prev))
                if norm[end..found.raw.start]
                    .trim_start_matches('、')
                    .trim()
                    .is_empty() =>
            {
                match respective.as_mut().and_then(Iterator::next) {
                    Some(own) => own,
                    None if norm[end..found.raw.start].trim().is_empty() => {
                        out[prev].name.to_string()
                    }
                    None => {
                        let n = name_after(norm, end, post_end, &found);
                        post_end = n.post_end;
                        n.text
                    }
                }
            }
            // The earlier figure or its noun (`村(社区)…`, whose brackets end a
            // clause) reaches into this clause.
            Some((end, _)) if end > clause_start || post_end > clause_start => {
                respective = None;
                let n = name_after(norm, end, post_end, &found);
                post_end = n.post_end;
                n.text
            }
            _ => {
                let n = name_of(norm, clause_start, &found);
                post_end = n.post_end;
                respective =
                    respective_names(&norm[clause_start..found.raw.start]).map(Vec::into_iter);
                match respective.as_mut().and_then(Iterator::next) {
                    Some(own) => own,
                    None => n.text,
                }
            }
        };
        let context = &norm[sentence.start..found.raw.start];
        // A figure after 其中 or in brackets breaks down the one before (no
        // key of its own); a rate there is still the rate it names.
        let breakdown = found.unit != "%"
            && (QIZHONG.find(context.as_bytes()).is_some() || inside_parens(context));
        let canonical = if breakdown {
            None
        } else {
            tax.canonical_of(&name, found.unit, context)
                .and_then(Sym::new)
        };
        // Every unit found is one of the parser's (numbered) units.
        let Some(unit) = Sym::new(found.unit) else {
            continue;
        };
        prev_end = Some((found.raw.end, out.len()));
        out.push(Indicator {
            name: name.into(),
            value: found.value,
            unit,
            approx: found.approx,
            canonical,
            section: None,
            line: line.no as u32,
            span: line.orig_range(found.raw).into(),
            sentence: line.orig_range(sentence).into(),
        });
    }
}

/// Whether the numeral `c` at byte `at` continues a number: a digit after a
/// digit or a point, a Chinese numeral after either or after another
/// Chinese numeral. [`judge`] rejects every candidate that starts there
/// (a mid-number start), so none is tried.
fn inside_number(b: &[u8], at: usize, c: u32) -> bool {
    let is_digit = (u32::from(b'0')..=u32::from(b'9')).contains(&c);
    let cn = |c: u32| char::from_u32(c).is_some_and(is_cn_num);
    if !is_digit && !cn(c) {
        return false;
    }
    match at.checked_sub(1).map(|i| b[i]) {
        Some(p) if p.is_ascii_digit() || p == b'.' => true,
        // Every Chinese numeral is three bytes long.
        Some(p) if p >= 0x80 && !is_digit && at >= 3 => cn(crate::text::decode_at(b, at - 3).0),
        _ => false,
    }
}

/// Durations of a campaign and frequencies: a number after one is not a count.
const DURATIONS: &[&str] = &["为期", "每", "每隔", "连续"];
/// Benchmarks: a number after one and before 的 is a target, not a count.
const BENCHMARKS: &[&str] = &[
    "低于",
    "高于",
    "不低于",
    "不高于",
    "不超过",
    "不少于",
    "控制在",
];
/// Back-references: a number after one counts something named before.
const BACK_REFERENCES: &[&str] = &["这", "此", "该", "上述", "以上", "前述", "其"];

/// The last characters of [`DURATIONS`], [`BENCHMARKS`] and [`BACK_REFERENCES`].
static REJECTING_LASTS: LazyLock<CharBits> = LazyLock::new(|| {
    CharBits::from_chars(
        [DURATIONS, BENCHMARKS, BACK_REFERENCES]
            .concat()
            .iter()
            .filter_map(|w| w.chars().next_back()),
    )
});

/// Apply the exclusion rules to a candidate; `None` when it is not an indicator.
fn judge(norm: &str, caps: &Parts, marks: &Marks, tax: &Taxonomy) -> Option<Found> {
    let num = caps.num.clone();
    let num_text = &norm[num.clone()];
    let unit = &norm[caps.unit.clone()];
    let before = &norm[..caps.whole.start];
    let prev = before.chars().next_back();
    let is_cn = !num_text.starts_with(|c: char| c.is_ascii_digit());
    // Mid-number starts (`1.5` from `.5`, a digit run inside a longer one).
    if caps.pre.is_none()
        && prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || (is_cn && is_cn_num(p)))
    {
        return None;
    }
    if unit == "个百分点" {
        return None;
    }
    // A unit character that is really the start of another word.
    let after_unit = &norm[caps.unit.end..];
    let next = after_unit.chars().next();
    if unit.chars().count() == 1 {
        if let (Some(n), Some((_, followers))) =
            (next, UNIT_FOLLOWERS.iter().find(|(u, _)| *u == unit))
        {
            if followers.contains(n) {
                return None;
            }
        }
    }
    if unit == "小时"
        && ["热线", "服务", "在线", "值班", "自助", "不打烊", "内"]
            .iter()
            .any(|w| starts_with(after_unit, w))
    {
        return None;
    }
    // Ordinals: 第24期, 第60、62期.
    let trimmed_before = before.trim_end();
    if trimmed_before.ends_with('第') || ordinal_chain(trimmed_before) {
        return None;
    }
    // The words a candidate is rejected after (below) end with a few
    // characters: most candidates follow none of them, one bit test.
    let word_before = trimmed_before
        .chars()
        .next_back()
        .is_some_and(|c| REJECTING_LASTS.contains(c));
    // Durations of a campaign, frequencies, benchmarks.
    if word_before && DURATIONS.iter().any(|w| ends_with(trimmed_before, w)) {
        return None;
    }
    let clause = &norm[marks.clause_start(norm, num.start)..num.start];
    if is_cn && clause.contains('每') {
        return None;
    }
    if word_before
        && BENCHMARKS.iter().any(|w| ends_with(trimmed_before, w))
        && after_unit.starts_with('的')
    {
        return None;
    }
    // Back-references (这三个环节), status (五个试点之一) and fixed terms (三项制度).
    if word_before && BACK_REFERENCES.iter().any(|w| ends_with(trimmed_before, w)) {
        return None;
    }
    let ten = after_unit
        .char_indices()
        .nth(10)
        .map_or(after_unit.len(), |(i, _)| i);
    if ZHIYI.find(&after_unit.as_bytes()[..ten]).is_some() {
        return None;
    }
    let from_num = &norm[num.start..];
    if tax.starts_with_fixed_term(from_num) {
        return None;
    }
    // Names, slogans and titles in quotes or book-title marks.
    if in_spans(&marks.quotes, num.start) {
        return None;
    }
    // Chinese numerals: 一 alone is an article far more often than a count.
    if is_cn {
        let scaled = caps.scale.is_some();
        let approx_word = caps.a1.is_some() || caps.a2.is_some();
        if num_text == "一" && !scaled
            || (num_text == "千" || num_text == "百") && !scaled && !approx_word
        {
            return None;
        }
        if after_unit.starts_with(['大', '级', '性', '体', '化', '道']) {
            return None;
        }
    }
    let mut value = if num_text.contains(',') {
        numbers::parse_numeral(&num_text.replace(',', ""))?
    } else {
        numbers::parse_numeral(num_text)?
    };
    if let Some(scale) = &caps.scale {
        for ch in norm[scale.clone()].chars() {
            value *= numbers::scale_of(ch)?;
        }
    }
    let unit = match caps.unit_word {
        "余人" => "人",
        u => u,
    };
    let approx = match (
        caps.pre.clone().map(|r| &norm[r]),
        caps.a1.as_ref().or(caps.a2.as_ref()),
        caps.post.clone().map(|r| &norm[r]),
    ) {
        (Some("近" | "将近" | "接近" | "约" | "大约"), _, _) | (_, _, Some("左右")) => {
            Some(Approx::About)
        }
        (Some("不到" | "不足"), _, _) | (_, _, Some("以下" | "以内")) => {
            Some(Approx::Under)
        }
        (Some(_), _, _) | (_, Some(_), _) | (_, _, Some("以上")) => Some(Approx::Over),
        // With no approximation word matched, the candidate holds 余人
        // only as its unit.
        _ if caps.unit_word == "余人" => Some(Approx::Over),
        _ => None,
    };
    let start = caps.pre.as_ref().map_or(num.start, |r| r.start);
    Some(Found {
        raw: start..caps.whole.end,
        value,
        unit,
        approx,
    })
}

/// `…第60、62期`: a number listed after an ordinal is an ordinal too.
/// A loop, not recursion: a list of thousands of numbers must not overflow the stack.
fn ordinal_chain(mut before: &str) -> bool {
    loop {
        let Some(rest) = before.strip_suffix('、') else {
            return false;
        };
        let digits = rest.trim_end_matches(|c: char| c.is_ascii_digit() || is_cn_num(c));
        if digits.len() == rest.len() {
            return false;
        }
        if digits.ends_with('第') {
            return true;
        }
        before = digits;
    }
}

/// Whether `s` ends inside brackets: more `(` than `)` (ASCII after folding,
/// found by bytes).
fn inside_parens(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'(', b')', b)
        .map(|i| if b[i] == b'(' { 1 } else { -1 })
        .sum::<i32>()
        > 0
}

#[cfg(test)]
mod tests;
