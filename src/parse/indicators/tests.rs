//! Unit tests of the indicator stage: the spec's examples, exclusions,
//! names, approximations and the hand-written candidate matcher.

use super::*;
use crate::parse::clean::clean;
use regex::Regex;

fn run(text: &str) -> Vec<(String, f64, String, Option<Approx>, String)> {
    let c = clean(text);
    extract(&c, &[], Taxonomy::global())
        .into_iter()
        .map(|i| {
            (
                text[i.span.range()].to_string(),
                i.value,
                i.unit.to_string(),
                i.approx,
                i.name.to_string(),
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
    let r =
        run("为102余家企业放贷27.4亿元,召开调研工作会议两次,1.2万余人参加,败诉11件，败诉率7.2%。");
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
    assert!(
        raws("厅字〔2019〕28号,“一把手”,“四个意识”,“两个维护”,“八五”普法,12348热线,3·15。")
            .is_empty()
    );
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
