//! An indicator's name: what is counted, from the clause before the number
//! (scope and linking words left out) and the noun phrase right after the
//! unit; figures listed after `分别` take their own item of the list.

use super::{starts_with, Found, CLAUSE_DELIMS};
use crate::text::CharBits;
use regex::Regex;
use std::sync::LazyLock;

/// Words that open a name's clause but say nothing about what is counted.
const SCOPE_WORDS: &[&str] = &[
    "截至目前",
    "截止目前",
    "截至年底",
    "截止年底",
    "今年以来",
    "一年来",
    "年内",
    "全年",
    "全市",
    "全区",
    "全县",
    "全省",
    "全州",
    "全旗",
    "全镇",
    "全系统",
    "全局",
    "市本级",
    "区本级",
    "县本级",
    "本级",
    "其中",
    "目前",
    "累计",
    "共计",
    "合计",
    "总计",
    "共",
    "先后",
    "当年",
    "今年",
    "上半年",
    "下半年",
    "年度",
    "同比",
    "另",
    "还",
    "并",
    "分别",
    "此外",
    "同时",
    "全面",
    "已经",
    "截至",
    "截止",
    "目前已",
    "以来",
];

/// [`SCOPE_WORDS`] with their first characters, in order.
static SCOPE_FIRSTS: LazyLock<Vec<(char, &'static str)>> = LazyLock::new(|| {
    SCOPE_WORDS
        .iter()
        .filter_map(|w| Some((w.chars().next()?, *w)))
        .collect()
});

/// The first characters of [`SCOPE_WORDS`].
static SCOPE_FIRST_CHARS: LazyLock<CharBits> =
    LazyLock::new(|| CharBits::from_chars(SCOPE_FIRSTS.iter().map(|(c, _)| *c)));

/// The last characters of [`LINK_WORDS`].
static LINK_LAST_CHARS: LazyLock<CharBits> =
    LazyLock::new(|| CharBits::from_chars(LINK_LASTS.iter().map(|(c, _)| *c)));

/// [`LINK_WORDS`] with their last characters, in order.
static LINK_LASTS: LazyLock<Vec<(char, &'static str)>> = LazyLock::new(|| {
    LINK_WORDS
        .iter()
        .filter_map(|w| Some((w.chars().next_back()?, *w)))
        .collect()
});

/// Linking words between a name and its number.
const LINK_WORDS: &[&str] = &[
    "均达到",
    "皆达",
    "均达",
    "达到",
    "共计",
    "合计",
    "总计",
    "累计",
    "分别",
    "达",
    "为",
    "共",
    "计",
    "约",
    "均",
    "有",
    "了",
    "仅",
    "占",
    "是",
    "超",
    "已",
];

static DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]是|[0-9]{4}年(?:度)?(?:[0-9]{1,2}月(?:份|底|初|末)?)?(?:以来|至今|来)?|[0-9]{1,2}月(?:份|底|初|末|以来)?|截[至止][0-9]{1,2}月(?:底|末)?)").unwrap()
});

/// A name: what is counted, and where in the line the noun phrase after
/// the unit ended (the next figure's name starts there at the earliest).
pub(super) struct Name {
    /// The name.
    pub text: String,
    /// Byte offset in the folded line after the noun phrase after the unit.
    pub post_end: usize,
}

/// What is counted: the clause before the number without scope and linking
/// words, plus the noun right after the unit when there is one.
pub(super) fn name_of(norm: &str, clause_start: usize, found: &Found) -> Name {
    let pre = bare(&norm[clause_start..found.raw.start]);
    let post = noun_after(&norm[found.raw.end..]);
    let post_end = found.raw.end + post.1;
    let mut text = String::with_capacity(pre.len() + post.0.len());
    text.push_str(pre);
    if !post.0.is_empty() && found.unit != "%" {
        text.push_str(post.0);
    }
    Name { text, post_end }
}

/// The name of a figure after an earlier one in its clause (which ended
/// at `prev_end`, its noun phrase at `post_end`): from after that noun
/// when a verb ended it and words are left (`87个人民调解委员会共排查调处纠纷2264件`
/// → `排查调处纠纷`), else from the earlier figure (its noun is the subject
/// of what is counted: `14类工程建设项目审批时限全部压缩至60个工作日`).
pub(super) fn name_after(norm: &str, prev_end: usize, post_end: usize, found: &Found) -> Name {
    let from = post_end.max(prev_end).min(found.raw.start);
    let rest = &norm[from..found.raw.start];
    // Words left, or only the mark of a new list item (`…调委会、310名…`).
    let list_item = !rest.is_empty() && rest.trim_matches(['、', '和', '及', ' ']).is_empty();
    if from > prev_end && (list_item || !bare(rest).is_empty()) {
        return name_of(norm, from, found);
    }
    name_of(norm, prev_end, found)
}

/// The words before a number without leading dates, scope words and
/// trailing linking words.
fn bare(pre: &str) -> &str {
    let mut pre = pre.trim();
    // Words are compared by their first (last) character before their
    // bytes: this runs for every indicator, against some seventy words.
    let first = |s: &str| s.chars().next().unwrap_or('\0');
    let last = |s: &str| s.chars().next_back().unwrap_or('\0');
    loop {
        let before = pre;
        pre = pre.trim_start();
        let c = pre.chars().next().unwrap_or(' ');
        // The characters a DATE_PREFIX match can start with.
        if matches!(
            c,
            '0'..='9' | '截' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        ) {
            if let Some(m) = DATE_PREFIX.find(pre) {
                pre = &pre[m.end()..];
            }
        }
        // Most names start and end with no scope or linking word's first
        // (last) character: one bit test each settles them.
        let mut h = first(pre);
        if SCOPE_FIRST_CHARS.contains(h) {
            for (c, w) in SCOPE_FIRSTS.iter() {
                if *c == h {
                    if let Some(rest) = pre.strip_prefix(w) {
                        pre = rest;
                        h = first(pre);
                    }
                }
            }
        }
        let mut trimmed = pre.trim_end();
        let mut t = last(trimmed);
        if LINK_LAST_CHARS.contains(t) {
            for (c, w) in LINK_LASTS.iter() {
                if *c == t {
                    if let Some(rest) = trimmed.strip_suffix(w) {
                        pre = rest;
                        trimmed = pre.trim_end();
                        t = last(trimmed);
                    }
                }
            }
        }
        if pre == before {
            break;
        }
    }
    pre.trim_matches(|c: char| c.is_whitespace() || matches!(c, '、' | '和' | '及'))
}

/// Words after which the figures of a list are given in order
/// (`收到、受理、审结行政复议案件分别为2315件、2087件、1956件`).
const RESPECTIVELY: &[&str] = &["分别为", "分别达到", "分别达", "分别是", "分别有", "分别"];

/// Longest verb of a shared-noun list (`收到、受理、审结…`), in characters.
const MAX_LIST_VERB: usize = 3;

/// The names of the figures listed after `分别` in the words before the
/// first figure, one per item, or `None` when the words hold no such list.
/// Items that are verbs share the last item's noun (`收到、受理、审结行政复议
/// 案件` → `收到行政复议案件`, …); items that are nouns are names themselves.
pub(super) fn respective_names(pre: &str) -> Option<Vec<String>> {
    let t = pre.trim_end();
    let list = RESPECTIVELY.iter().find_map(|w| t.strip_suffix(w))?;
    let list = bare(list);
    let items: Vec<&str> = list.split('、').map(str::trim).collect();
    if items.len() < 2 || items.iter().any(|i| i.is_empty()) {
        return None;
    }
    let chars = |s: &str| s.chars().count();
    let middle = &items[1..items.len() - 1];
    // The verb length: the middle items' (all alike), else the first's.
    let verb = match middle.first() {
        Some(m) if middle.iter().all(|x| chars(x) == chars(m)) => chars(m),
        Some(_) => return None,
        None => chars(items[0]).min(MAX_LIST_VERB + 1),
    };
    let last = items[items.len() - 1];
    if verb > MAX_LIST_VERB || chars(last) <= verb {
        return Some(items.iter().map(|s| s.to_string()).collect());
    }
    let split = last.char_indices().nth(verb).map_or(last.len(), |(i, _)| i);
    let noun = &last[split..];
    let first = items[0];
    let first_verb = first
        .char_indices()
        .rev()
        .nth(verb - 1)
        .map_or(first, |(i, _)| &first[i..]);
    let mut names = vec![format!("{first_verb}{noun}")];
    names.extend(middle.iter().map(|v| format!("{v}{noun}")));
    names.push(last.to_string());
    Some(names)
}

/// Words that end the noun phrase after a unit; [`noun_after`] tests their
/// first characters before the words themselves.
const STOPS: &[&str] = &[
    "以上", "以下", "左右", "同比", "其中", "分别", "共计", "累计",
];

/// The last characters of the heads of noun phrases (`委员会`, `调解员`,
/// `工作站`, `企业`): after one, a predicate may start.
const NOUN_HEADS: &str = "会员站所室组队点局院厅处村镇乡县市省区户校业门位织心构师问人者体";

/// Verbs that start the predicate after a noun phrase (`…人民调解委员会调解
/// 矛盾纠纷…`): the phrase after the unit ends before them.
const PREDICATES: &[&str] = &[
    "调解", "调处", "化解", "受理", "办理", "开展", "接待", "参加", "参与", "提供", "发放", "完成",
    "实现", "覆盖", "建立", "建成", "排查", "解答", "审查", "审核", "举办", "出具", "承办", "办结",
    "审结", "收到", "处理", "配备", "设立", "签订", "进行", "组织", "培训", "共", "均", "全年",
    "全部",
];

/// Longest noun phrase taken after a unit, in characters.
const MAX_POST_CHARS: usize = 24;

/// Longest bracketed note kept inside a noun (`村（社区）`), in characters.
const MAX_NOTE_CHARS: usize = 10;

/// The noun phrase right after a unit (`…421份社区矫正对象档案` → `社区矫正对象档案`,
/// `2244个村（社区）` → `村(社区)`) and its length in bytes from the unit's
/// end: up to the end of the clause or the next number, at most
/// [`MAX_POST_CHARS`]. When the next number comes first and a verb follows
/// a noun's head on the way (`87个人民调解委员会共排查调处纠纷2264件`), the
/// phrase ends at the head: the rest names the next figure.
fn noun_after(rest: &str) -> (&str, usize) {
    let lead = if rest.starts_with('的') {
        '的'.len_utf8()
    } else {
        0
    };
    let rest = &rest[lead..];
    if rest.starts_with([
        '在', '中', '和', '及', '与', '等', '以', '是', '占', '达', '为', '均', '共', '已',
    ]) {
        return ("", 0);
    }
    // The characters that end the phrase, and the first characters of
    // [`STOPS`] and [`PREDICATES`]: one bit test each, and one branch for all.
    static ENDS: LazyLock<CharBits> = LazyLock::new(|| {
        CharBits::from_chars(CLAUSE_DELIMS.chars().chain("、0123456789 ".chars()))
    });
    static STOP_FIRSTS: LazyLock<CharBits> = LazyLock::new(|| {
        CharBits::from_chars(
            STOPS
                .iter()
                .chain(PREDICATES)
                .filter_map(|w| w.chars().next()),
        )
    });
    let (ends, stop_firsts) = (&*ENDS, &*STOP_FIRSTS);
    let mut end = rest.len();
    let mut head_end = None;
    let mut prev = '\0';
    let mut n = 0;
    let mut i = 0;
    while let Some(c) = rest[i..].chars().next() {
        if n >= MAX_POST_CHARS {
            end = i;
            break;
        }
        if c == '(' && NOUN_HEADS.contains(prev) {
            // A short bracketed note belongs to the noun (`村(社区)`).
            let close = rest[i..]
                .char_indices()
                .take(MAX_NOTE_CHARS + 2)
                .find(|&(_, c)| c == ')');
            if let Some((j, _)) = close {
                n += rest[i..=i + j].chars().count();
                i += j + 1;
                prev = ')';
                continue;
            }
        }
        if ends.contains(c) {
            end = i;
            break;
        }
        if stop_firsts.contains(c) {
            let here = &rest[i..];
            if STOPS.iter().any(|s| starts_with(here, s)) {
                end = i;
                break;
            }
            if head_end.is_none()
                && (NOUN_HEADS.contains(prev) || prev == ')')
                && PREDICATES.iter().any(|s| starts_with(here, s))
            {
                head_end = Some(i);
            }
        }
        prev = c;
        n += 1;
        i += c.len_utf8();
    }
    let next_number = rest[end..].starts_with(|c: char| c.is_ascii_digit());
    let end = match head_end {
        Some(h) if next_number => h,
        // A list of figures with their nouns (`12个乡镇(街道)和41个部门`): the
        // joining word belongs to neither noun.
        _ if next_number => rest[..end].trim_end_matches(['和', '及', '与', '、']).len(),
        _ => end,
    };
    (&rest[..end], lead + end)
}

#[cfg(test)]
mod tests {
    use super::respective_names;
    use crate::parse::clean::clean;

    /// (name, raw) of every indicator of a one-line text.
    fn names(line: &str) -> Vec<(String, String)> {
        let r = crate::parse::parse_report("t.txt", format!("一、工作\n{line}\n"));
        r.indicators
            .iter()
            .map(|i| (i.name.to_string(), r.text[i.span.range()].to_string()))
            .collect()
    }

    #[test]
    fn a_noun_before_a_verb_ends_where_the_next_figure_is_named() {
        let got = names("全县18个乡镇调委会、310名人民调解员共调解矛盾纠纷987件。");
        let want = [
            ("乡镇调委会", "18个"),
            ("人民调解员", "310名"),
            ("调解矛盾纠纷", "987件"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(got, want);
        // With no next figure the verb stays in the name.
        let got = names("组织40家律师事务所对企业进行了法治体检。");
        assert_eq!(got[0].0, "组织律师事务所对企业进行了法治体检");
    }

    #[test]
    fn figures_with_their_own_nouns_and_nouns_with_notes() {
        let got = names("全县12个乡镇（街道）和41个县级部门主要负责人开展述法。");
        assert_eq!(got[0].0, "乡镇(街道)");
        assert_eq!(got[1].0, "县级部门主要负责人开展述法");
        let got = names("全县142个村（社区）人民调解委员会共受理矛盾纠纷2860件。");
        assert_eq!(got[0].0, "村(社区)人民调解委员会");
        assert_eq!(got[1].0, "受理矛盾纠纷");
    }

    #[test]
    fn bracketed_notes_after_a_head_stay() {
        let got = names("全区138个村（社区）实现法律顾问全覆盖。");
        assert_eq!(got[0].0, "村(社区)实现法律顾问全覆盖");
        let got = names("清理文件20件，11件存续，1件废止（失效）。");
        assert_eq!(got[2].0, "废止");
    }

    #[test]
    fn respective_lists() {
        assert_eq!(
            respective_names("行政复议机关收到、受理、审结行政复议案件分别为"),
            Some(vec![
                "收到行政复议案件".to_string(),
                "受理行政复议案件".to_string(),
                "审结行政复议案件".to_string()
            ])
        );
        assert_eq!(
            respective_names("政务服务事项、一件事集成服务事项分别达到"),
            Some(vec![
                "政务服务事项".to_string(),
                "一件事集成服务事项".to_string()
            ])
        );
        assert_eq!(respective_names("受理行政复议案件"), None);
        let got = names("全市受理、办结行政复议案件分别为120件、98件。");
        assert_eq!(got[0].0, "受理行政复议案件");
        assert_eq!(got[1].0, "办结行政复议案件");
        let _ = clean;
    }
}
