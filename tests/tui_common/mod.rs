//! Hand-built reports for the TUI tests, independent of the parser's progress.

use baogao::model::{Indicator, Level, Region, Report, Script, Section, Sym};
use std::ops::Range;

/// The byte range of `needle` in `text` (which must hold it).
pub fn at(text: &str, needle: &str) -> Range<usize> {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in fixture"));
    s..s + needle.len()
}

fn region(name: &str, province: &str) -> Option<Region> {
    Some(Region {
        name: name.into(),
        province: Some(province.into()),
        city: None,
        level: Level::County,
        code: None,
        evidence: Vec::new(),
        candidates: Vec::new(),
    })
}

/// A section whose heading is `marker` + `title` in `text`, its body up to `end`.
pub fn section(
    text: &str,
    id: &str,
    level: u8,
    marker: &str,
    title: &str,
    parent: Option<usize>,
    end: usize,
) -> Section {
    let heading = at(text, &format!("{marker}{title}"));
    let line = text[..heading.start].matches('\n').count() + 1;
    Section {
        id: id.into(),
        level,
        marker: marker.into(),
        title: title.into(),
        topic: Sym::other(),
        line: line as u32,
        parent: parent.map(|p| p as u32),
        depth: parent.map(|_| 1).unwrap_or(0),
        body: (heading.start..end).into(),
        heading: heading.into(),
    }
}

fn indicator(
    text: &str,
    name: &str,
    raw: &str,
    value: f64,
    unit: &'static str,
    sentence: &str,
    section: usize,
) -> Indicator {
    let sentence = at(text, sentence);
    let s = text[sentence.clone()].find(raw).unwrap() + sentence.start;
    Indicator {
        name: name.into(),
        value,
        unit: Sym::new(unit).unwrap(),
        approx: None,
        canonical: Sym::new("legal_aid.cases"),
        section: Some(section as u32),
        line: (text[..s].matches('\n').count() + 1) as u32,
        span: (s..s + raw.len()).into(),
        sentence: sentence.into(),
    }
}

/// 下陆区 with an outline (一、 （一） 二、), two indicators, full-width
/// digits and ambiguous-width punctuation.
pub fn xialu() -> Report {
    let text = "下陆区2021年法治政府建设工作报告\n\
一、总体情况\n\
全年办理法律援助案件３０２件，深化“放管服”改革……成效明显。\n\
（一）行政执法\n\
查处违法案件45件，罚没款①项。\n\
二、存在问题\n\
执法队伍·能力有待提升×。\n"
        .to_string();
    let s2 = text.find("（一）").unwrap();
    let s3 = text.find("二、").unwrap();
    let len = text.len();
    let sections = vec![
        section(&text, "1", 1, "一、", "总体情况", None, s2),
        section(&text, "1.1", 2, "（一）", "行政执法", Some(0), s3),
        section(&text, "2", 1, "二、", "存在问题", None, len),
    ];
    let indicators = vec![
        indicator(
            &text,
            "办理法律援助案件",
            "３０２件",
            302.0,
            "件",
            "全年办理法律援助案件３０２件，",
            0,
        ),
        indicator(
            &text,
            "查处违法案件",
            "45件",
            45.0,
            "件",
            "查处违法案件45件，",
            1,
        ),
    ];
    Report {
        path: "xialu-2021.txt".into(),
        title: Some("下陆区2021年法治政府建设工作报告".into()),
        region: region("下陆区", "湖北省"),
        issuer: Some("下陆区司法局".into()),
        year: Some(2021),
        sections,
        indicators,
        text,
        ..Report::default()
    }
}

fn plain(path: &str, name: &str, province: &str, year: i32, body: &str) -> Report {
    Report {
        path: path.into(),
        region: region(name, province),
        year: Some(year),
        issuer: Some(format!("{name}人民政府")),
        text: body.into(),
        ..Report::default()
    }
}

/// Five reports: 下陆区 (rich) and four plain ones, one in Traditional script.
pub fn five() -> Vec<Report> {
    let mut hanyang = plain(
        "hanyang-2021.txt",
        "汉阳区",
        "湖北省",
        2021,
        "關於2021年法治政府建設情況的報告\n辦理案件。\n",
    );
    hanyang.script = Script::Traditional;
    vec![
        xialu(),
        plain(
            "dongli-2021.txt",
            "东丽区",
            "天津市",
            2021,
            "东丽区2021年法治政府建设情况\n",
        ),
        hanyang,
        plain(
            "panjin-2021.txt",
            "盘锦市",
            "辽宁省",
            2021,
            "盘锦市2021年法治政府建设情况\n",
        ),
        plain(
            "shaoyang-2024.txt",
            "邵阳市",
            "湖南省",
            2024,
            "邵阳市2024年法治政府建设情况\n",
        ),
    ]
}

/// A report full of ambiguous-width (“ ” ‘ ’ — … · ① ○ ■ ×) and
/// full-width (（ ） ， ％ １２３) characters, for width tests.
pub fn ambiguous() -> Report {
    let line = "“法治”‘政府’——建设……·①○■×（一）全年３０２件，增长１２％。";
    let text = format!(
        "宽度测试报告\n一、“关键少数”学法①\n{}\n",
        [line; 12].join("")
    );
    let len = text.len();
    Report {
        path: "ambiguous.txt".into(),
        region: region("“宽度”区", "测试省"),
        year: Some(2022),
        issuer: Some("测试·司法局".into()),
        sections: vec![section(&text, "1", 1, "一、", "“关键少数”学法①", None, len)],
        text: text.clone(),
        indicators: vec![indicator(
            &text,
            "全年",
            "３０２件",
            302.0,
            "件",
            "全年３０２件，",
            0,
        )],
        ..Report::default()
    }
}
