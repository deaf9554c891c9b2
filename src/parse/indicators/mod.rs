//! Indicators: a number (Arabic or Chinese) joined to a counting unit or a
//! percent sign, stating how much of something the reporting body did, had
//! or achieved — with what is counted (the name), the approximation, the
//! value fully scaled and the canonical key.

use super::clean::{Cleaned, Line, LineKind};
use super::numbers;
use super::taxonomy::Taxonomy;
use crate::model::{Approx, Indicator, Section};
use crate::text::{ByFirst, CharBits};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

mod names;
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

/// The groups of a candidate match, as byte ranges of the line.
struct Parts {
    whole: Range<usize>,
    pre: Option<Range<usize>>,
    num: Range<usize>,
    a1: Option<Range<usize>>,
    scale: Option<Range<usize>>,
    a2: Option<Range<usize>>,
    unit: Range<usize>,
    /// The unit matched, as listed in [`UNITS`].
    unit_word: &'static str,
    post: Option<Range<usize>>,
}

/// [`UNITS`] by their first character, each list in the order of [`UNITS`].
static UNITS_BY_FIRST: LazyLock<ByFirst<&'static str>> =
    LazyLock::new(|| ByFirst::new(UNITS.iter().map(|u| (*u, *u))));

/// Scale words, in the order they are tried.
const SCALES: &[&str] = &["万亿", "万", "亿"];
/// Approximation words after the number or the scale.
const APPROX_AFTER: &[&str] = &["余", "多"];
/// Approximation words after the unit.
const POST_WORDS: &[&str] = &["以上", "以下", "左右", "以内"];

/// The candidate starting exactly at `at`, as the pattern
/// `(pre)? [ \t]* (num) (余|多)? (万亿|万|亿)? (余|多)? [ \t]* (unit) (post)?`
/// would match it there with leftmost-first (backtracking) priority, where
/// num is `\d{1,3}(,\d{3})+(\.\d+)?`, `\d+(\.\d+)?` or a run of Chinese
/// numerals, and every alternation is tried in its list's order. Written out
/// by hand: it runs at every numeral of every line, and a regex engine's
/// per-call set-up costs more than the whole match.
fn candidate_at(s: &str, at: usize) -> Option<Parts> {
    let rest = &s[at..];
    // Most starts are numerals: the words are compared only after an
    // approximation word's first character.
    let c = rest.chars().next().unwrap_or(' ');
    let pres = PRE_BY_FIRST
        .starting(u32::from(c))
        .iter()
        .filter(|w| starts_with(rest, w))
        .map(|w| Some(at..at + w.len()))
        .chain([None]);
    for pre in pres {
        let from = skip_blanks(s, pre.as_ref().map_or(at, |p| p.end));
        let found = first_number_end(s, from, |num_end| {
            let mut parts = tail_at(s, num_end)?;
            parts.whole = at..parts.whole.end;
            parts.pre = pre.clone();
            parts.num = from..num_end;
            Some(parts)
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `s.starts_with(w)`, the last byte of `w` compared first: these tests run
/// for every candidate against word lists, and most fail on that byte
/// (cheaper than a call to compare the whole word).
#[inline]
pub(super) fn starts_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    w.last().is_some_and(|l| s.get(w.len() - 1) == Some(l)) && s.starts_with(w)
}

/// `s.ends_with(w)`, the last bytes compared first (see [`starts_with`]).
#[inline]
fn ends_with(s: &str, w: &str) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.last().is_some_and(|l| w.last() == Some(l)) && s.ends_with(w)
}

fn skip_blanks(s: &str, at: usize) -> usize {
    at + s.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

fn digits_end(b: &[u8], at: usize) -> usize {
    at + b[at..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Try `f` on the ends a number starting at `at` may have, in the order a
/// backtracking matcher tries them (each alternative longest first), and
/// return its first answer.
fn first_number_end<T>(s: &str, at: usize, mut f: impl FnMut(usize) -> Option<T>) -> Option<T> {
    let b = s.as_bytes();
    let run = digits_end(b, at) - at;
    // `\d{1,3}(,\d{3})+(\.\d+)?`
    for lead in (1..=run.min(3)).rev() {
        let mut groups = 0;
        while b.get(at + lead + 4 * groups) == Some(&b',')
            && digits_end(b, at + lead + 4 * groups + 1) >= at + lead + 4 * groups + 4
        {
            groups += 1;
        }
        for g in (1..=groups).rev() {
            if let Some(t) = with_fraction(b, at + lead + 4 * g, &mut f) {
                return Some(t);
            }
        }
    }
    // `\d+(\.\d+)?`
    for end in (at + 1..=at + run).rev() {
        if let Some(t) = with_fraction(b, end, &mut f) {
            return Some(t);
        }
    }
    // A run of Chinese numerals, each three bytes long.
    let cn = s[at..].chars().take_while(|c| is_cn_num(*c)).count();
    (1..=cn).rev().find_map(|n| f(at + 3 * n))
}

/// Try `f` on `end` followed by `(\.\d+)?`, greedy: every fraction length,
/// then none.
fn with_fraction<T>(b: &[u8], end: usize, f: &mut impl FnMut(usize) -> Option<T>) -> Option<T> {
    if b.get(end) == Some(&b'.') {
        let frac = digits_end(b, end + 1);
        if let Some(t) = (end + 2..=frac).rev().find_map(&mut *f) {
            return Some(t);
        }
    }
    f(end)
}

/// The rest of a candidate after its number:
/// `(余|多)? (万亿|万|亿)? (余|多)? [ \t]* (unit) (post)?`.
fn tail_at(s: &str, at: usize) -> Option<Parts> {
    // Most numbers are not followed by anything a tail can start with.
    let next = s[at..].chars().next()?;
    if !TAIL_STARTS.contains(next) {
        return None;
    }
    // The unit (and what may follow it) at `at`, after the words matched.
    let unit_at = |at: usize, a1, scale, a2| {
        let c = s[at..].chars().next()?;
        let unit = UNITS_BY_FIRST
            .starting(u32::from(c))
            .iter()
            .find(|u| starts_with(&s[at..], u))?;
        let (unit_word, unit) = (*unit, at..at + unit.len());
        let post = POST_WORDS
            .iter()
            .find(|w| starts_with(&s[unit.end..], w))
            .map(|w| unit.end..unit.end + w.len());
        Some(Parts {
            whole: 0..post.as_ref().map_or(unit.end, |p| p.end),
            pre: None,
            num: 0..0,
            a1,
            scale,
            a2,
            unit,
            unit_word,
            post,
        })
    };
    // Most tails are a unit right after the number: no approximation or
    // scale word, no blank, can start there.
    let word_first = |w: &&str| w.starts_with(next);
    if !(matches!(next, ' ' | '\t')
        || APPROX_AFTER.iter().any(word_first)
        || SCALES.iter().any(word_first))
    {
        return unit_at(at, None, None, None);
    }
    let opt = |words: &'static [&'static str], at: usize| {
        words
            .iter()
            .filter(move |w| starts_with(&s[at..], w))
            .map(move |w| Some(at..at + w.len()))
            .chain([None])
    };
    for a1 in opt(APPROX_AFTER, at) {
        let at = a1.as_ref().map_or(at, |r| r.end);
        for scale in opt(SCALES, at) {
            let at = scale.as_ref().map_or(at, |r| r.end);
            for a2 in opt(APPROX_AFTER, at) {
                let at = skip_blanks(s, a2.as_ref().map_or(at, |r| r.end));
                if let Some(parts) = unit_at(at, a1.clone(), scale.clone(), a2) {
                    return Some(parts);
                }
            }
        }
    }
    None
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
    let mut headings = sections.iter().map(|s| s.heading.clone()).peekable();
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
            ind.section = sec.checked_sub(1);
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
    let norm = line.norm.as_str();
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
    for &at in &line.starts {
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
        let marks = marks.get_or_insert_with(|| Marks::of(norm, &line.marks));
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
                    None if norm[end..found.raw.start].trim().is_empty() => out[prev].name.clone(),
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
                .map(Cow::Borrowed)
        };
        prev_end = Some((found.raw.end, out.len()));
        out.push(Indicator {
            name,
            value: found.value,
            unit: Cow::Borrowed(found.unit),
            approx: found.approx,
            canonical,
            section: None,
            line: line.no,
            span: line.orig_range(found.raw),
            sentence: line.orig_range(sentence),
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

/// The punctuation of a line that candidates are judged and named by,
/// found in one pass over the line when its first candidate needs it.
struct Marks {
    /// Byte ranges inside quotation marks (short ones: names and slogans)
    /// and inside book-title marks 《》, merged and sorted so that
    /// [`in_spans`] can search them in logarithmic time (a long line holds
    /// many).
    quotes: Vec<Range<usize>>,
    /// Byte ranges of the clause delimiters, in order.
    clauses: Vec<Range<usize>>,
    /// Byte ranges of the sentence delimiters, in order.
    sentences: Vec<Range<usize>>,
}

/// Quotation marks: open, close, and the most characters a quoted name has.
const QUOTES: [(char, char, usize); 5] = [
    ('“', '”', 16),
    ('《', '》', 200),
    ('「', '」', 16),
    ('‘', '’', 16),
    ('"', '"', 16),
];

impl Marks {
    /// The marks of `norm` from the offsets of its punctuation
    /// ([`Line::marks`]), in order.
    fn of(norm: &str, at: &[u32]) -> Marks {
        // Room for every mark: no growth on a long line.
        let mut spans = Vec::with_capacity(at.len());
        let mut clauses = Vec::with_capacity(at.len());
        let mut sentences = Vec::with_capacity(at.len());
        // Per kind of quotation mark: where the open one's content starts.
        let mut open: [Option<usize>; 5] = [None; 5];
        let b = norm.as_bytes();
        for &i in at {
            let i = i as usize;
            if i >= b.len() {
                continue;
            }
            let (u, len) = crate::text::decode_at(b, i);
            let end = i + len;
            let c = char::from_u32(u).unwrap_or('\u{FFFD}');
            if is_clause_delim(c) {
                clauses.push(i..end);
                if is_sentence_delim(c) {
                    sentences.push(i..end);
                }
                continue;
            }
            for (k, &(o, cl, max)) in QUOTES.iter().enumerate() {
                match open[k] {
                    Some(from) if c == cl => {
                        if !crate::text::longer_than(&norm[from..i], max) {
                            spans.push(from..i);
                        }
                        open[k] = None;
                    }
                    None if c == o => open[k] = Some(end),
                    _ => {}
                }
            }
        }
        spans.retain(|r| !r.is_empty());
        spans.sort_by_key(|r| r.start);
        let mut quotes: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            match quotes.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => quotes.push(r),
            }
        }
        Marks {
            quotes,
            clauses,
            sentences,
        }
    }

    /// Where the clause holding `at` starts: after the last clause
    /// delimiter before it, at most [`MAX_REACH`] bytes back.
    fn clause_start(&self, norm: &str, at: usize) -> usize {
        after_last(&self.clauses, reach_back(norm, at), at)
    }

    /// The sentence holding `at`, leading blanks left out, each side at most
    /// [`MAX_REACH`] bytes from `at`.
    fn sentence_range(&self, norm: &str, at: usize) -> Range<usize> {
        let start = after_last(&self.sentences, reach_back(norm, at), at);
        let to = reach_forward(norm, at);
        let i = self.sentences.partition_point(|d| d.start < at);
        let end = self
            .sentences
            .get(i)
            .filter(|d| d.end <= to)
            .map_or(to, |d| d.end);
        let lead = norm[start..end].len() - norm[start..end].trim_start().len();
        start + lead..end
    }
}

/// The end of the last delimiter lying in `from..at`, else `from`.
fn after_last(delims: &[Range<usize>], from: usize, at: usize) -> usize {
    let i = delims.partition_point(|d| d.start < at);
    i.checked_sub(1)
        .map(|i| &delims[i])
        .filter(|d| d.start >= from && d.end <= at)
        .map_or(from, |d| d.end)
}

/// Whether `pos` lies in one of the sorted, disjoint `spans`.
fn in_spans(spans: &[Range<usize>], pos: usize) -> bool {
    let i = spans.partition_point(|r| r.start <= pos);
    i > 0 && spans[i - 1].contains(&pos)
}

/// Longest stretch searched for a clause or sentence boundary, in bytes, so
/// that a huge line without punctuation stays linear.
const MAX_REACH: usize = 600;

/// A char boundary at most [`MAX_REACH`] bytes before `at`.
fn reach_back(norm: &str, at: usize) -> usize {
    let mut from = at.saturating_sub(MAX_REACH);
    while !norm.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// A char boundary at most [`MAX_REACH`] bytes after `at`.
fn reach_forward(norm: &str, at: usize) -> usize {
    let mut to = (at + MAX_REACH).min(norm.len());
    while !norm.is_char_boundary(to) {
        to -= 1;
    }
    to
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
mod tests {
    use super::*;
    use crate::parse::clean::clean;
    use regex::Regex;

    fn run(text: &str) -> Vec<(String, f64, String, Option<Approx>, String)> {
        let c = clean(text);
        extract(&c, &[], Taxonomy::global())
            .into_iter()
            .map(|i| {
                (
                    text[i.span.clone()].to_string(),
                    i.value,
                    i.unit.into_owned(),
                    i.approx,
                    i.name,
                )
            })
            .collect()
    }

    fn raws(text: &str) -> Vec<String> {
        run(text).into_iter().map(|r| r.0).collect()
    }

    /// The pattern [`candidate_at`] implements, for checking it.
    fn candidate_regex() -> Regex {
        let units: Vec<String> = UNITS.iter().map(|u| regex::escape(u)).collect();
        Regex::new(&format!(
            r"^(?P<pre>{pre})?[ \t]*(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[{CN_NUM}]+)(?P<a1>余|多)?(?P<scale>万亿|万|亿)?(?P<a2>余|多)?[ \t]*(?P<unit>{units})(?P<post>以上|以下|左右|以内)?",
            pre = PRE_WORDS.join("|"),
            units = units.join("|")
        ))
        .unwrap()
    }

    fn groups_by_regex(re: &Regex, s: &str) -> Option<Vec<Option<Range<usize>>>> {
        let c = re.captures(s)?;
        Some((0..8).map(|i| c.get(i).map(|m| m.range())).collect())
    }

    fn groups_by_hand(s: &str) -> Option<Vec<Option<Range<usize>>>> {
        let p = candidate_at(s, 0)?;
        Some(vec![
            Some(p.whole),
            p.pre,
            Some(p.num),
            p.a1,
            p.scale,
            p.a2,
            Some(p.unit),
            p.post,
        ])
    }

    #[test]
    fn hand_matcher_agrees_with_the_pattern_on_hard_cases() {
        let re = candidate_regex();
        for s in [
            "1,234件",
            "1,2345件",
            "12,345,678.9万元",
            "1234,567人",
            "1.5.6件",
            "3万余人",
            "三十余万人次",
            "近 1000人以上",
            "将近十万元左右",
            "2.件",
            "万件",
            "超过",
            "  5个工作日",
            "5个百分点",
            "12,34件",
        ] {
            assert_eq!(groups_by_hand(s), groups_by_regex(&re, s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_matcher_agrees_with_the_pattern(
            s in "[0-9,. \t一二两三十百千万亿余多件人个工作日百分点%次超过近将约大不足到以上下左右内的]{0,14}"
        ) {
            let re = candidate_regex();
            proptest::prop_assert_eq!(groups_by_hand(&s), groups_by_regex(&re, &s));
        }
    }

    #[test]
    fn start_characters_follow_the_word_lists() {
        assert!(CN_NUM.chars().all(|c| is_cn_num(c) && c.len_utf8() == 3));
        assert!(PRE_WORDS.iter().all(|w| {
            let c = w.chars().next().unwrap();
            may_start(c) && !c.is_ascii() && !is_cn_num(c)
        }));
        assert!(!may_start('件') && !may_start('a') && may_start('7'));
        let quoted = "“”《》「」‘’\"";
        // The cleaner notes exactly the marks `Marks::of` reads.
        let marks: Vec<char> = quoted
            .chars()
            .chain(",;。:!?()[]【】；，|".chars())
            .collect();
        let set = mark_chars();
        assert!(marks.iter().all(|&c| set.contains(c)));
        assert_eq!(
            (0..0x1_0000)
                .filter_map(char::from_u32)
                .filter(|&c| set.contains(c))
                .count(),
            marks.len()
        );
        assert!(marks
            .iter()
            .filter(|c| !quoted.contains(**c))
            .all(|&c| is_clause_delim(c)));
        assert!(QUOTES
            .iter()
            .all(|(o, c, _)| quoted.contains(*o) && quoted.contains(*c)));
    }

    #[test]
    fn spec_examples() {
        let r = run("共办理法律援助案件302件,调解成功率98.6%,发放宣传资料530余万份。");
        assert_eq!(
            r[0],
            (
                "302件".into(),
                302.0,
                "件".into(),
                None,
                "办理法律援助案件".into()
            )
        );
        assert_eq!(r[1].1, 98.6);
        assert_eq!(r[1].4, "调解成功率");
        assert_eq!((r[2].1, r[2].3), (5_300_000.0, Some(Approx::Over)));
        let r = run(
            "为102余家企业放贷27.4亿元,召开调研工作会议两次,1.2万余人参加,败诉11件，败诉率7.2%。",
        );
        let v: Vec<_> = r.iter().map(|x| (x.1, x.2.as_str())).collect();
        assert_eq!(
            v,
            vec![
                (102.0, "家"),
                (2_740_000_000.0, "元"),
                (2.0, "次"),
                (12000.0, "人"),
                (11.0, "件"),
                (7.2, "%")
            ]
        );
    }

    #[test]
    fn exclusions() {
        assert!(
            raws("2021年9月6日,截止11月底,第24期,第60、62期,十九届六中全会,第109次常务会议。")
                .is_empty()
        );
        assert!(raws(
            "厅字〔2019〕28号,“一把手”,“四个意识”,“两个维护”,“八五”普法,12348热线,3·15。"
        )
        .is_empty());
        assert_eq!(
            raws("40岁以上的占比66.82%,低于15%的考核标准"),
            vec!["66.82%"]
        );
        assert!(raws("每月召开一次调度会,为期4个月的整顿,实行一个窗口对外").is_empty());
        assert_eq!(raws("现已召开7次调度会"), vec!["7次"]);
    }

    #[test]
    fn approx_words_and_raw() {
        let r = run("超过6%,93.4%以上,突破 10万户,近3000人,不足5%,左右不分20名左右");
        let v: Vec<_> = r.iter().map(|x| (x.0.as_str(), x.3)).collect();
        assert_eq!(
            v,
            vec![
                ("超过6%", Some(Approx::Over)),
                ("93.4%以上", Some(Approx::Over)),
                ("突破 10万户", Some(Approx::Over)),
                ("近3000人", Some(Approx::About)),
                ("不足5%", Some(Approx::Under)),
                ("20名左右", Some(Approx::About)),
            ]
        );
    }

    #[test]
    fn full_width_and_traditional() {
        let r = run("辦理法律援助案件３０２件");
        assert_eq!(r[0].0, "３０２件");
        assert_eq!(r[0].1, 302.0);
        assert_eq!(r[0].4, "办理法律援助案件");
    }

    #[test]
    fn thousands_separators_and_round_hundreds() {
        let r = run("办理案件1,234件,惠及千余人,服务百余家企业,开展活动3,调解纠纷20件");
        let v: Vec<_> = r.iter().map(|x| (x.1, x.2.as_str(), x.3)).collect();
        assert_eq!(
            v,
            vec![
                (1234.0, "件", None),
                (1000.0, "人", Some(Approx::Over)),
                (100.0, "家", Some(Approx::Over)),
                (20.0, "件", None)
            ]
        );
    }

    #[test]
    fn two_units_share_a_name() {
        let r = run("审结12件76人");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].4, "审结");
    }

    #[test]
    fn breakdowns_have_no_key() {
        let text = "共办理法律援助案件302件,其中民事法律援助案件31件。";
        let c = clean(text);
        let v = extract(&c, &[], Taxonomy::global());
        assert_eq!(v[0].canonical.as_deref(), Some("legal_aid.cases"));
        assert_eq!(v[1].canonical, None);
    }
}
