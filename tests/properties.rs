//! Properties of the parser on generated text: it never panics, its ranges
//! point at what they claim, the outline is a tree in text order, numerals
//! round-trip and folding keeps one character per character.

use baogao::parse::numbers::parse_numeral;
use baogao::{parse_report, Report};
use proptest::prelude::*;

/// Pieces of report-like text: markers, numerals, units, quotes, noise.
const PIECES: &[&str] = &[
    "一",
    "二",
    "三",
    "十",
    "百",
    "千",
    "两",
    "零",
    "〇",
    "、",
    "（一）",
    "（",
    "）",
    "(",
    ")",
    "1.",
    "2、",
    "（1）",
    "①",
    "⑴",
    "第",
    "部分",
    "是",
    "0",
    "1",
    "2",
    "3",
    "5",
    "9",
    ".",
    "２",
    "０",
    "数字",
    "件",
    "人",
    "人次",
    "个",
    "%",
    "％",
    "万",
    "亿",
    "元",
    "余",
    "多",
    "近",
    "约",
    "以上",
    "左右",
    "“",
    "”",
    "《",
    "》",
    "「",
    "」",
    "\"",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\u{3000}",
    "\t",
    "，",
    "。",
    "；",
    "：",
    ":",
    "其中",
    "法律援助案件",
    "办理",
    "调解成功率",
    "行政复议",
    "年",
    "2021年",
    "下陆区",
    "黄石市",
    "湖北省",
    "人民政府",
    "关于",
    "法治政府建设",
    "情况的报告",
    "报告",
    "发布日期",
    "来源",
    "\u{301}",
    "😀",
    "Ａ",
    "a",
    "#",
    "-",
    "·",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{200B}",
    "𠀀",
];

fn cjk_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..300).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => cjk_text(),
        1 => any::<String>(),
        1 => "[一二三四五六七八九十百千万亿零两0-9.%件人（）()、\n]{0,200}",
    ]
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit()
        || c.is_numeric()
        || baogao::parse::numbers::is_chinese_numeral_char(c)
        || matches!(c, '〇' | '零' | '两' | '兩')
}

/// Check every structural promise of a report about its own text.
fn check(r: &Report) -> Result<(), TestCaseError> {
    let t = &r.text;
    for ind in &r.indicators {
        for range in [ind.span.range(), ind.sentence.range()] {
            prop_assert!(
                range.start <= range.end && range.end <= t.len(),
                "{range:?} outside the text"
            );
            prop_assert!(
                t.is_char_boundary(range.start) && t.is_char_boundary(range.end),
                "{range:?} not on char boundaries"
            );
        }
        let raw = r.raw(ind);
        prop_assert_eq!(raw, &t[ind.span.range()]);
        prop_assert!(!raw.is_empty(), "empty raw for {:?}", ind);
        prop_assert!(
            raw.chars().any(is_numeral_char),
            "raw {raw:?} has no numeral"
        );
        prop_assert!(
            ind.sentence.start <= ind.span.start && ind.span.end <= ind.sentence.end,
            "raw {:?} outside its sentence {:?}",
            ind.span,
            ind.sentence
        );
        prop_assert!(!ind.value.is_nan(), "NaN value for {raw:?}");
        if let Some(s) = ind.section_index() {
            prop_assert!(s < r.sections.len());
            prop_assert!(r.sections[s].heading.start <= ind.span.start);
        }
    }
    let mut prev_start = None;
    for (i, s) in r.sections.iter().enumerate() {
        for range in [s.heading.range(), s.body.range()] {
            prop_assert!(range.start <= range.end && range.end <= t.len());
            prop_assert!(t.is_char_boundary(range.start) && t.is_char_boundary(range.end));
        }
        if let Some(p) = prev_start {
            prop_assert!(s.heading.start > p, "section {} out of text order", s.id);
        }
        prev_start = Some(s.heading.start);
        if let Some(p) = s.parent_index() {
            prop_assert!(p < i, "parent {p} of section {i} does not precede it");
            let parent = &r.sections[p];
            prop_assert!(
                parent.level < s.level,
                "parent level {} >= {}",
                parent.level,
                s.level
            );
            prop_assert_eq!(s.depth, parent.depth + 1);
            let prefix = format!("{}.", parent.id);
            prop_assert!(s.id.starts_with(&prefix), "id {} under {}", s.id, parent.id);
        } else {
            prop_assert_eq!(s.depth, 0);
        }
    }
    // The JSON contract can always be produced.
    let json = r.to_json().to_string();
    prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_keeps_its_promises(text in any_text()) {
        let r = parse_report("prop.txt", text.clone());
        // The text parsed is kept: the input, or its hard-wrapped lines re-joined.
        prop_assert_eq!(&r.text, &*baogao::parse::unwrap::unwrap(&text));
        check(&r)?;
    }

    #[test]
    fn normalize_keeps_the_char_count(text in any_text()) {
        prop_assert_eq!(baogao::text::normalize(&text).chars().count(), text.chars().count());
        // The byte-level pass agrees with folding one character at a time.
        let by_char: String = text.chars().map(baogao::text::normalize_char).collect();
        prop_assert_eq!(baogao::text::normalize(&text), by_char);
        prop_assert_eq!(baogao::text::fold(&text).chars().count(), text.chars().count());
        prop_assert_eq!(baogao::text::to_simplified_aligned(&text).chars().count(), text.chars().count());
    }

    #[test]
    fn arabic_numerals_with_scales_round_trip(n in 0u64..1_000_000_000_000) {
        prop_assert_eq!(parse_numeral(&n.to_string()), Some(n as f64));
        let s = arabic_scaled(n);
        prop_assert_eq!(parse_numeral(&s), Some(n as f64), "{}", s);
        // One decimal scale: 1.2万, 27.4亿.
        for (scale, name) in [(1e4, "万"), (1e8, "亿")] {
            let x = n as f64 / scale;
            let s = format!("{x}{name}");
            let got = parse_numeral(&s).unwrap_or(f64::NAN);
            prop_assert!((got - n as f64).abs() <= 1e-6 * (n as f64).max(1.0), "{s} gave {got}");
        }
    }

    // From 1: `零` alone is not read as 0 (parse_numeral trims leading 零
    // before the digits), which keeps 零件, 零星 and 零容忍 out of the counts.
    #[test]
    fn chinese_numerals_round_trip(n in 1u64..100_000_000, liang in any::<bool>()) {
        let s = chinese(n, liang);
        prop_assert_eq!(parse_numeral(&s), Some(n as f64), "{}", s);
    }
}

/// `n` as Arabic digits with 亿 and 万 parts: `1亿2345万6789`.
fn arabic_scaled(n: u64) -> String {
    let (yi, wan, rest) = (n / 100_000_000, n / 10_000 % 10_000, n % 10_000);
    let mut s = String::new();
    if yi > 0 {
        s.push_str(&format!("{yi}亿"));
    }
    if wan > 0 {
        s.push_str(&format!("{wan}万"));
    }
    if rest > 0 || s.is_empty() {
        s.push_str(&rest.to_string());
    }
    s
}

/// `n` (1 ≤ n < 10⁸) in Chinese numerals as written: 三百零五, 一万零五百,
/// 十二 (a leading 一十 is written 十); `liang` writes 两 for a 2 before a unit.
fn chinese(n: u64, liang: bool) -> String {
    assert!((1..100_000_000).contains(&n));
    let (wan, rest) = (n / 10_000, n % 10_000);
    let mut s = String::new();
    if wan > 0 {
        s.push_str(&below_10k(wan, liang));
        s.push('万');
        if rest > 0 && rest < 1000 {
            s.push('零');
        }
    }
    if rest > 0 {
        s.push_str(&below_10k(rest, liang));
    }
    s
}

fn below_10k(n: u64, liang: bool) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut s = String::new();
    let mut zero = false;
    for (value, unit) in places {
        let d = (n / value % 10) as usize;
        if d == 0 {
            zero = !s.is_empty();
            continue;
        }
        if zero {
            s.push('零');
            zero = false;
        }
        let leading_ten = s.is_empty() && value == 10 && d == 1 && n < 20;
        if !leading_ten {
            s.push(if d == 2 && liang && value > 10 {
                '两'
            } else {
                DIGITS[d]
            });
        }
        if unit != ' ' {
            s.push(unit);
        }
    }
    s
}

#[test]
fn the_chinese_writer_writes_what_people_write() {
    let cases = [
        (2, "二"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (305, "三百零五"),
        (1005, "一千零五"),
        (1050, "一千零五十"),
        (10_005, "一万零五"),
        (10_500, "一万零五百"),
        (15_000, "一万五千"),
        (110_000, "十一万"),
        (10_000_000, "一千万"),
        (35_000_000, "三千五百万"),
    ];
    for (n, want) in cases {
        assert_eq!(chinese(n, false), want);
    }
    assert_eq!(chinese(2200, true), "两千两百");
    assert_eq!(arabic_scaled(123_456_789), "1亿2345万6789");
    assert_eq!(arabic_scaled(100_000_006), "1亿6");
}
