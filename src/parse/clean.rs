//! Normalisation: split the text into lines, fold each line for matching
//! (NFKC, Traditional→Simplified, one character per original character),
//! and tell page noise and metadata blocks from the body, keeping the facts
//! that metadata fields state.

use crate::model::Script;
use crate::text;
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Report text.
    Body,
    /// Empty or whitespace only.
    Blank,
    /// Navigation, footer and other page furniture.
    Noise,
    /// A metadata row (`发布日期: 2022-03-29 | 发布机构: …`).
    Meta,
}

/// One line of the original text with its folded form.
///
/// Compact, for a text of many short lines: the folded text is a boxed
/// string (no spare capacity) and the offsets noted while folding share one
/// allocation (none when the line has none), so that a line costs its
/// struct and two small allocations at most.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub no: usize,
    /// Byte range of the line in the original text (no line break).
    pub range: Range<usize>,
    /// The line folded for matching: same number of characters as the original.
    pub norm: Box<str>,
    /// What the line is.
    pub kind: LineKind,
    /// [`Line::starts`], [`Line::name_ends`], [`Line::marks`], then the
    /// shifts ([`crate::text::Folded::shifts`]) as pairs of offset and
    /// difference, one after another.
    offsets: Box<[u32]>,
    /// Where [`Line::name_ends`], [`Line::marks`] and the shifts start in
    /// `offsets`.
    bounds: [u32; 3],
}

impl Line {
    /// Line `no` at `range`, folded, with the offsets noted while folding it.
    fn new(no: usize, range: Range<usize>, folded: text::Folded, noted: [&[u32]; 3]) -> Line {
        let [starts, name_ends, marks] = noted;
        let len = starts.len() + name_ends.len() + marks.len() + 2 * folded.shifts.len();
        // Exactly as long as needed: boxed without a copy.
        let mut offsets = Vec::with_capacity(len);
        for o in noted {
            offsets.extend_from_slice(o);
        }
        // The difference is stored in the same bits (read back as `i32`).
        offsets.extend(folded.shifts.iter().flat_map(|&(n, d)| [n, d as u32]));
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Line {
            no,
            range,
            norm: folded.text.into_boxed_str(),
            kind: LineKind::Body,
            offsets: offsets.into_boxed_slice(),
            bounds: [
                at(starts.len()),
                at(starts.len() + name_ends.len()),
                at(starts.len() + name_ends.len() + marks.len()),
            ],
        }
    }

    /// Byte offsets in [`Line::norm`] of the characters an indicator may
    /// start with ([`super::indicators::start_chars`]), in order: noted
    /// while folding, so that the indicator stage reads only those.
    pub fn starts(&self) -> &[u32] {
        &self.offsets[..self.bounds[0] as usize]
    }

    /// Byte offsets in [`Line::norm`] right after each character a
    /// division's name can end with ([`super::gazetteer::Gazetteer::last_chars`]:
    /// 市, 区, 县… — what a self-reference such as 全市 ends with too), in
    /// order: noted while folding, for the metadata stage's searches.
    pub fn name_ends(&self) -> &[u32] {
        &self.offsets[self.bounds[0] as usize..self.bounds[1] as usize]
    }

    /// Byte offsets in [`Line::norm`] of the punctuation indicators are
    /// judged and named by ([`super::indicators::mark_chars`]: clause and
    /// sentence delimiters, quotation marks), in order: noted while folding.
    pub fn marks(&self) -> &[u32] {
        &self.offsets[self.bounds[1] as usize..self.bounds[2] as usize]
    }

    /// Byte offset in the original text of a byte offset of [`Line::norm`].
    pub fn orig(&self, norm_byte: usize) -> usize {
        // The shifts, as pairs: the first whose offset is not before
        // `norm_byte`, by bisection.
        let shifts = &self.offsets[self.bounds[2] as usize..];
        let (mut lo, mut hi) = (0, shifts.len() / 2);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (shifts[2 * mid] as usize) < norm_byte {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let d = if lo == 0 {
            0
        } else {
            shifts[2 * lo - 1] as i32 as isize
        };
        let (start, end) = (self.range.start as isize, self.range.end as isize);
        (start + norm_byte as isize + d).clamp(start, end) as usize
    }

    /// Byte range in the original text of a byte range of [`Line::norm`].
    pub fn orig_range(&self, norm: Range<usize>) -> Range<usize> {
        self.orig(norm.start)..self.orig(norm.end)
    }

    /// Byte offset in [`Line::norm`] of the character at byte `orig` of the
    /// original text (the line's end when `orig` lies beyond it).
    pub fn norm_offset(&self, orig: usize) -> usize {
        self.norm
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| self.orig(i) >= orig)
            .unwrap_or(self.norm.len())
    }
}

/// A metadata field (`发布日期` → `2022-03-29`), key without spaces, value folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The key, folded and without inner spaces (`索引号`).
    pub key: String,
    /// The value, folded and trimmed; may be empty.
    pub value: String,
    /// Index into [`Cleaned::lines`] of the line holding it.
    pub line: usize,
}

/// The text split into classified lines, with the metadata fields found.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// Every line of the text, in order.
    pub lines: Vec<Line>,
    /// Metadata fields from metadata rows and page furniture.
    pub fields: Vec<Field>,
    /// The script of the text.
    pub script: Script,
}

impl Cleaned {
    /// The value of the first non-empty field with one of these keys.
    pub fn field(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.fields
                .iter()
                .find(|f| f.key == *k && !f.value.is_empty())
                .map(|f| f.value.as_str())
        })
    }

    /// Indices of body lines.
    pub fn body(&self) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == LineKind::Body)
            .map(|(i, _)| i)
    }
}

/// Metadata keys, as written without spaces; the order matters for
/// alternation (longer keys first where one is a prefix of another).
const META_KEYS: &[&str] = &[
    "文件名称",
    "名称",
    "标题",
    "索引号",
    "发布日期",
    "发布时间",
    "发布机构",
    "发文机关",
    "发文日期",
    "成文日期",
    "生效日期",
    "废止日期",
    "有效期",
    "公开目录",
    "公开责任部门",
    "公开形式",
    "公开方式",
    "公开范围",
    "公开时限",
    "文件分类",
    "主题分类",
    "体裁分类",
    "所属机构",
    "所属主题",
    "信息分类",
    "文号",
    "发文字号",
    "文章来源",
    "信息来源",
    "来源",
    "更新时间",
    "时间",
    "作者",
    "浏览次数",
    "点击数",
    "阅读次数",
    "字号",
    "编号",
    "效力状态",
    "关键词",
    "组配分类",
    "责任编辑",
    "供稿",
];

/// A metadata key with its colon, anywhere in a line.
static META_KEY_RE: LazyLock<Regex> = LazyLock::new(|| meta_key_regex(""));

/// A metadata key with its colon at the start of a line: anchored, so a long
/// body line is not searched to its end.
static META_KEY_START_RE: LazyLock<Regex> = LazyLock::new(|| meta_key_regex("^"));

fn meta_key_regex(anchor: &str) -> Regex {
    let alts: Vec<String> = META_KEYS
        .iter()
        .map(|k| {
            k.chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect::<Vec<_>>()
                .join(r"[ \t]*")
        })
        .collect();
    Regex::new(&format!(
        r"{anchor}(?:^|[|\s\]】])[ \t]*(?:【|\[)?({})[ \t]*(?:】|\])?[ \t]*[:][ \t]*",
        alts.join("|")
    ))
    .expect("the metadata key pattern compiles")
}

/// Site furniture: a short line containing one of these is noise.
const NOISE_WORDS: &[&str] = &[
    "设为首页",
    "加入收藏",
    "无障碍",
    "长者版",
    "扫一扫",
    "信箱",
    "返回顶部",
    "版权所有",
    "ICP备",
    "公网安备",
    "今天是",
    "您所在的位置",
    "您当前的位置",
    "当前位置",
    "网站标识码",
    "意见征集",
    "问卷调查",
    "智能问答",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "字体:",
    "字号:大",
    "分享到",
    "上一篇",
    "下一篇",
    "相关链接",
    "网站地图",
    "联系我们",
    "主办:",
    "承办:",
    "主办单位",
    "技术支持",
    "手机版",
    "English",
    "微信",
    "微博",
    "用户登录",
    "登录",
    "注册",
    "收藏本站",
    "简体版",
    "繁体版",
    "繁體",
    "政务服务网",
    "请使用",
    "浏览器",
    "分辨率",
    "打印",
    "关闭",
];

/// [`NOISE_WORDS`] as one automaton: a line is searched once, not once a word.
static NOISE: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(NOISE_WORDS).expect("the noise words build an automaton"));

static FOOTER_FIELD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(主办|承办)(?:单位)?[ \t]*:[ \t]*([^ \t|]+)").unwrap());

/// The characters [`clean`] notes while folding: where indicators may
/// start, and the characters division names end with.
static WATCHED: LazyLock<text::Watch> = LazyLock::new(|| {
    text::Watch::new(
        super::indicators::start_chars()
            .union(super::gazetteer::Gazetteer::global().last_chars())
            .union(super::indicators::mark_chars()),
    )
});

/// Split, fold and classify the text.
// Never inlined: a stage boundary that profiles (scripts/instructions.sh)
// count by, at no cost for a function called once per report.
#[inline(never)]
pub fn clean(text: &str) -> Cleaned {
    // Room for every line: a long report's vector is not copied as it grows.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let (mut han, mut changed) = (0, 0);
    let mut start = 0;
    let start_chars = super::indicators::start_chars();
    let name_lasts = super::gazetteer::Gazetteer::global().last_chars();
    let mark_chars = super::indicators::mark_chars();
    let watched = &*WATCHED;
    let [mut starts, mut name_ends, mut marks] = OFFSETS.take();
    // Line breaks found with a vectorised byte search (the standard
    // `split` compares a word at a time).
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for (no, end) in breaks.enumerate() {
        let raw = &text[start..end];
        let trimmed_end = if raw.ends_with('\r') { end - 1 } else { end };
        let range = start..trimmed_end;
        // The one pass over the line's characters: folding, and what the
        // later stages search for.
        let line = &text[range.clone()];
        // Lines are far shorter than 4 GiB; offsets saturate if not.
        let offset = |at: usize| at.min(u32::MAX as usize) as u32;
        let after =
            |at: u32, c: u32| at.saturating_add(char::from_u32(c).map_or(1, char::len_utf8) as u32);
        let folded = if line.len() < LONG_LINE {
            // Room for a watched character a byte: written without a test.
            for o in [&mut starts, &mut name_ends, &mut marks] {
                o.clear(line.len() + 1);
            }
            text::normalize_watching(line, watched, |at, c| {
                let at = offset(at);
                starts.note_if(start_chars.contains_code(c), at);
                name_ends.note_if(name_lasts.contains_code(c), after(at, c));
                marks.note_if(mark_chars.contains_code(c), at);
            })
        } else {
            for o in [&mut starts, &mut name_ends, &mut marks] {
                o.clear(0);
            }
            text::normalize_watching(line, watched, |at, c| {
                let at = offset(at);
                starts.push_if(start_chars.contains_code(c), at);
                name_ends.push_if(name_lasts.contains_code(c), after(at, c));
                marks.push_if(mark_chars.contains_code(c), at);
            })
        };
        han += folded.han;
        changed += folded.changed;
        lines.push(Line::new(
            no + 1,
            range,
            folded,
            [starts.noted(), name_ends.noted(), marks.noted()],
        ));
        start = end + 1;
    }
    // Kept for the next report, unless a long line made them longer.
    if [&starts, &name_ends, &marks]
        .iter()
        .all(|o| o.buf.len() <= LONG_LINE)
    {
        OFFSETS.set([starts, name_ends, marks]);
    }
    // Traditional when a sizeable share of the Han characters change under t2s.
    let script = if han > 0 && changed * 20 >= han && changed >= 5 {
        Script::Traditional
    } else {
        Script::Simplified
    };
    let mut fields = Vec::new();
    for (i, line) in lines.iter_mut().enumerate() {
        line.kind = classify(&line.norm);
        match line.kind {
            LineKind::Meta => fields.extend(meta_fields(&line.norm, i)),
            LineKind::Noise => {
                for c in FOOTER_FIELD_RE.captures_iter(&line.norm) {
                    fields.push(Field {
                        key: c[1].to_string(),
                        value: c[2].to_string(),
                        line: i,
                    });
                }
            }
            _ => {}
        }
    }
    Cleaned {
        lines,
        fields,
        script,
    }
}

/// Offsets noted while folding a line, written without a branch: every
/// watched character writes its offset, and the count moves on only for
/// those of the kind (which kind a character is, is as good as random to a
/// branch predictor).
#[derive(Default)]
struct Offsets {
    buf: Vec<u32>,
    len: usize,
}

thread_local! {
    /// The offset buffers of [`clean`], kept from report to report (they
    /// grow to the most watched characters a line has had, and are filled
    /// once rather than per report).
    static OFFSETS: Cell<[Offsets; 3]> = Cell::default();
}

/// Lines this long (in bytes) or longer note their offsets with a test
/// each, so that the buffers never need room for a byte of a huge line
/// (they stay as long as the shorter lines' bytes, at most 256 KiB each).
const LONG_LINE: usize = 1 << 16;

impl Offsets {
    /// Empty, with room for `room` offsets.
    fn clear(&mut self, room: usize) {
        if self.buf.len() < room {
            self.buf.resize(room, 0);
        }
        self.len = 0;
    }

    /// Note `at` when `yes`, without a branch: there must be room.
    #[inline(always)]
    fn note_if(&mut self, yes: bool, at: u32) {
        self.buf[self.len] = at;
        self.len += usize::from(yes);
    }

    /// Note `at` when `yes`, making room as needed (for long lines).
    fn push_if(&mut self, yes: bool, at: u32) {
        if yes {
            if self.len == self.buf.len() {
                self.buf.resize((2 * self.len).max(256), 0);
            }
            self.buf[self.len] = at;
            self.len += 1;
        }
    }

    /// The offsets noted.
    fn noted(&self) -> &[u32] {
        &self.buf[..self.len]
    }
}

fn classify(norm: &str) -> LineKind {
    let t = norm.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '*' || c == '•');
    if t.is_empty() || t.chars().all(|c| c == '|' || c.is_whitespace()) {
        return LineKind::Blank;
    }
    // The anchored pattern fails within a few characters on a body line:
    // tested before the length, which may need counting.
    if META_KEY_START_RE.is_match(t) && !text::longer_than(t, 200) {
        return LineKind::Meta;
    }
    if !text::longer_than(t, 80) && NOISE.is_match(t) {
        return LineKind::Noise;
    }
    LineKind::Body
}

fn meta_fields(norm: &str, line: usize) -> Vec<Field> {
    // Matches, not captures: the key is what is left of a match without
    // the delimiters around it (none of which a key starts or ends with),
    // and a search for captures costs several times a search for matches.
    let keys: Vec<_> = META_KEY_RE.find_iter(norm).collect();
    let mut out = Vec::new();
    for (k, whole) in keys.iter().enumerate() {
        let end = keys.get(k + 1).map_or(norm.len(), |n| n.start());
        let value = norm[whole.end()..end]
            .trim_matches(|c: char| c.is_whitespace() || c == '|')
            .to_string();
        let key: String = whole
            .as_str()
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '|' | ']' | '】' | '【' | '[')
            })
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | ']' | '】'))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        out.push(Field { key, value, line });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_rows_become_fields() {
        let c = clean("索 引 号: 0001/2022-1 发布日期: 2022-03-29 发布机构: 某区司法局\n文件名称: | |||\n正文。");
        assert_eq!(c.lines[0].kind, LineKind::Meta);
        assert_eq!(c.field(&["发布日期"]), Some("2022-03-29"));
        assert_eq!(c.field(&["发布机构"]), Some("某区司法局"));
        assert_eq!(c.field(&["文件名称"]), None);
        assert_eq!(c.lines[2].kind, LineKind::Body);
    }

    #[test]
    fn navigation_is_noise_and_footer_keeps_owner() {
        let c = clean("- 设为首页\n主办:某市某区人民政府 版权所有© 承办:某办公室\n一、工作情况");
        assert_eq!(c.lines[0].kind, LineKind::Noise);
        assert_eq!(c.lines[1].kind, LineKind::Noise);
        assert_eq!(c.field(&["主办"]), Some("某市某区人民政府"));
        assert_eq!(c.lines[2].kind, LineKind::Body);
    }

    #[test]
    fn offsets_noted_in_short_and_long_lines_alike() {
        let unit = "全市共办理法律援助案件３０２件，“法治”《報告》；";
        let long = unit.repeat(LONG_LINE / unit.len() + 1);
        assert!(long.len() >= LONG_LINE);
        let c = clean(&format!("{unit}\n{long}\n{unit}"));
        for line in &c.lines {
            // What a scan of the folded line finds, kind by kind.
            let of = |set: &text::CharBits, end: bool| -> Vec<u32> {
                line.norm
                    .char_indices()
                    .filter(|&(_, ch)| set.contains(ch))
                    .map(|(i, ch)| (if end { i + ch.len_utf8() } else { i }) as u32)
                    .collect()
            };
            assert_eq!(
                line.starts(),
                of(super::super::indicators::start_chars(), false)
            );
            let lasts = super::super::gazetteer::Gazetteer::global().last_chars();
            assert_eq!(line.name_ends(), of(lasts, true));
            assert_eq!(
                line.marks(),
                of(super::super::indicators::mark_chars(), false)
            );
            assert!(
                !line.starts().is_empty()
                    && !line.name_ends().is_empty()
                    && !line.marks().is_empty()
            );
        }
        assert_eq!(
            c.lines[0].marks().len() * (long.len() / unit.len()),
            c.lines[1].marks().len()
        );
    }

    #[test]
    fn offsets_map_back_to_original() {
        let text = "頭\n（一）辦理３０２件";
        let c = clean(text);
        let l = &c.lines[1];
        let at = l.norm.find("302").unwrap();
        let r = l.orig_range(at..at + 3);
        assert_eq!(&text[r], "３０２");
        assert_eq!(c.script, Script::Simplified);
    }
}
