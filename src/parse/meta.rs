//! Report metadata: title, region, issuer, year covered, publication date.
//!
//! Everything is read from the folded lines of [`Cleaned`] (NFKC and
//! Simplified), so Traditional texts and full-width punctuation need no
//! special cases; only the title is returned as printed. Evidence is weighed
//! in the order of `REPORT_JSON.md`: metadata fields and the title first,
//! then the body's self-references and the frequency of names, with page
//! furniture (site owner, ICP and site codes) only as province/city hints.

use super::clean::{Cleaned, LineKind};
use super::gazetteer::{province_of_abbr, Division, Gazetteer, Hints};
use crate::model::{Level, Region};
use crate::text::longer_than;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// What the metadata stage found.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title line as printed.
    pub title: Option<String>,
    /// Index into [`Cleaned::lines`] of the title line (not a heading).
    pub title_line: Option<usize>,
    /// The region covered.
    pub region: Option<Region>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// Year of work covered.
    pub year: Option<i32>,
    /// ISO publication date.
    pub published: Option<String>,
    /// What could not be determined.
    pub warnings: Vec<String>,
}

fn re(s: &str) -> Regex {
    Regex::new(s).expect("valid built-in regex")
}

/// A heading marker at the start of a line (see `ANNOTATION.md`).
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[\s\-*•·?？]*(?:第[一二三四五六七八九十]+(?:部分|章)|[一二三四五六七八九十]{1,3}\s*[、.]|\(?[一二三四五六七八九十]{1,3}\)|\([一二三四五六七八九十]{1,3}|\d{1,2}\s*[.、](?:\D|$)|\(\d{1,2}\)|[①-⑳])",
    )
});
static DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\D|$)"));
static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([〇○零O0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\D)((?:19|20)\d{2})\s*年"));
static CN_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"([〇○零O0一二三四五六七八九]{4})\s*年"));
static INLINE_DATE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:发布日期|发布时间|发文日期|更新时间|时间|日期)\s*:\s*(.{8,24})"));
static REPORT_AS_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"现将.{0,40}?((?:19|20)\d{2})\s*年"));
static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[\s在]*((?:19|20)\d{2})\s*年(?:度|以来)?(?:[,是里中来初]|\s|全|我|以|,)")
});
static PLANS: LazyLock<Regex> = LazyLock::new(|| re(r"打算|计划|安排|思路|展望|下一步|目标任务"));
static ICP: LazyLock<Regex> = LazyLock::new(|| re(r"(\p{Han})\s*(?:ICP|公网安)备"));
static SITE_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:网站标识码|公网安备)\s*:?\s*(\d{6})\d*"));
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Han}{2,8}?(?:街道|镇|乡))(?:办事处|人民政府|党工委|党委|政府)?(?:关于|\d|年度|法治|$)",
    )
});
/// Bodies a report can be issued by, as they follow a region's name.
const BUREAUS: &[&str] = &[
    "司法",
    "公安",
    "市场监督管理",
    "市场监管",
    "税务",
    "生态环境",
    "自然资源和规划",
    "自然资源",
    "住房和城乡建设",
    "住房城乡建设",
    "住建",
    "交通运输",
    "农业农村",
    "卫生健康",
    "卫健",
    "人力资源和社会保障",
    "人社",
    "应急管理",
    "城市管理",
    "城管",
    "教育",
    "财政",
    "民政",
    "文化和旅游",
    "文化广电和旅游",
    "文旅",
    "水利",
    "水务",
    "商务",
    "统计",
    "审计",
    "医疗保障",
    "医保",
    "林业和草原",
    "林业",
    "退役军人事务",
    "行政审批",
    "政务服务和数据管理",
    "数据",
    "科学技术",
    "科技",
    "工业和信息化",
    "工信",
    "体育",
    "信访",
    "人民防空",
    "粮食和物资储备",
    "规划和自然资源",
    "发展和改革",
];
static ORGAN_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let b = BUREAUS.join("|");
    re(&format!(
        r"^(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府|(?:{b})(?:局|厅|委员会|委)|司法所|法院|人民法院|人民检察院|检察院)"
    ))
});
static BUREAU_ONLY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:{})(?:局|厅)", BUREAUS.join("|"))));
static ORGAN_END: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:人民政府|政府|办公室|办公厅|委员会|局|厅|委|办事处|人民法院|法院|检察院|司法所)$")
});
/// The words a text refers to itself by (我市, 全区, 本县): one of these…
const SELF_WHO: [char; 3] = ['我', '全', '本'];
/// … then a level.
const SELF_LEVEL: [char; 7] = ['省', '市', '区', '县', '州', '旗', '盟'];
/// Every self-reference in a line as (who, level), in order, read from the
/// ends of the line's characters that names end with
/// ([`super::clean::Line::name_ends`]): every level is one of them.
fn self_levels<'a>(s: &'a str, ends: &'a [u32]) -> impl Iterator<Item = (char, char)> + 'a {
    ends.iter().filter_map(move |&end| {
        let mut back = s.get(..end as usize)?.chars().rev();
        let level = back.next().filter(|c| SELF_LEVEL.contains(c))?;
        let who = back.next().filter(|c| SELF_WHO.contains(c))?;
        Some((who, level))
    })
}
static SELF_BUREAU: LazyLock<Regex> = LazyLock::new(|| re(r"我(局|厅)"));

/// Extract the metadata of a cleaned text.
// Never inlined: a stage boundary that profiles (scripts/instructions.sh)
// count by, at no cost for a function called once per report.
#[inline(never)]
pub fn extract(text: &str, cleaned: &Cleaned) -> Meta {
    let doc = Doc::new(text, cleaned);
    let mut meta = Meta::default();
    if let Some((title, line)) = find_title(&doc) {
        meta.title = Some(title);
        meta.title_line = line;
    }
    let title_norm = meta.title.as_deref().map(crate::text::normalize);
    meta.published = find_published(&doc);
    let sources = Sources::new(&doc, title_norm.as_deref(), meta.title_line);
    let found = find_region(&doc, &sources, &mut meta.warnings);
    meta.issuer = find_issuer(&doc, &sources, found.as_ref());
    meta.region = found.map(|f| f.region);
    meta.year = find_year(
        &doc,
        title_norm.as_deref(),
        meta.title_line,
        meta.published.as_deref(),
        &mut meta.warnings,
    );
    if meta.region.is_none() {
        meta.warnings.push("no region found".to_string());
    }
    if meta.issuer.is_none() {
        meta.warnings.push("no issuer found".to_string());
    }
    if meta.year.is_none() {
        meta.warnings.push("no year found".to_string());
    }
    meta
}

/// The lines of a text as the metadata stage reads them.
struct Doc<'a> {
    text: &'a str,
    cleaned: &'a Cleaned,
    /// Indices of body lines.
    body: Vec<usize>,
    /// Whether the text looks like a rule-of-law report at all.
    reportish: bool,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, cleaned: &'a Cleaned) -> Self {
        let body: Vec<usize> = cleaned.body().collect();
        let reportish = body.iter().any(|&i| {
            let n = &cleaned.lines[i].norm;
            n.contains("法治") || n.contains("依法行政") || n.contains("法制")
        });
        Doc {
            text,
            cleaned,
            body,
            reportish,
        }
    }

    fn norm(&self, i: usize) -> &'a str {
        &self.cleaned.lines[i].norm
    }

    fn orig(&self, i: usize) -> &'a str {
        self.text
            .get(self.cleaned.lines[i].range.clone())
            .unwrap_or("")
    }

    /// A field value, its first cell only (up to a run of spaces or `|`).
    fn field(&self, keys: &[&str]) -> Option<String> {
        let v = self.cleaned.field(keys)?;
        let first = v.split(['|', '\t']).next().unwrap_or("").trim();
        let first = first.split("  ").next().unwrap_or("").trim();
        (!first.is_empty()).then(|| first.to_string())
    }

    /// Body lines from the end, skipping blank and furniture lines.
    fn tail(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        self.body.iter().rev().take(n).copied()
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Remove spaces and punctuation, for comparing titles.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn is_heading(norm: &str) -> bool {
    MARKER.is_match(norm)
}

fn title_like(t: &str) -> bool {
    let t = t.trim();
    let n = chars(t);
    (6..=80).contains(&n)
        && (t.contains("法治") || t.contains("依法行政") || t.contains("法制"))
        && ["报告", "情况", "工作", "总结", "要点", "述职"]
            .iter()
            .any(|w| t.contains(w))
        && !t.contains(['。', ',', ';', ':', '>', '»', '|'])
        && !t.contains("现将")
        && !t.contains("如下")
        && !is_heading(t)
}

/// The title and its line: a title-like line near the top (the body line
/// that repeats a `名称`/`标题` field first), else the field itself.
fn find_title(doc: &Doc) -> Option<(String, Option<usize>)> {
    let field =
        doc.cleaned.fields.iter().find(|f| {
            ["名称", "标题", "文件名称"].contains(&f.key.as_str()) && title_like(&f.value)
        });
    let mut window = Vec::new();
    for &i in &doc.body {
        let n = doc.norm(i).trim();
        // The body starts at a heading or a sentence; menus and other
        // unpunctuated furniture before the title do not end the search.
        let sentence = longer_than(n, 40) && n.contains(['。', ',', ';']);
        if is_heading(n) || (sentence && !title_like(n)) || window.len() >= 30 {
            break;
        }
        window.push(i);
    }
    let pick = field
        .and_then(|f| {
            window
                .iter()
                .copied()
                .find(|&i| squash(doc.norm(i)) == squash(&f.value))
        })
        .or_else(|| {
            // A column name (`法治政府建设年度报告`) can precede the real
            // title: prefer a line that names a year or starts with 关于.
            let cands: Vec<usize> = window
                .iter()
                .copied()
                .filter(|&i| title_like(doc.norm(i)))
                .collect();
            let specific = cands.iter().copied().find(|&i| {
                let n = doc.norm(i).trim();
                YEAR.is_match(n) || CN_YEAR.is_match(n) || n.starts_with("关于")
            });
            specific.or(cands.first().copied())
        });
    if let Some(i) = pick {
        let mut title = doc.orig(i).trim().to_string();
        // A title set on two lines: the issuer, then `关于…的报告`.
        if doc.norm(i).trim_start().starts_with("关于") {
            if let Some(&j) = window.iter().rev().find(|&&j| j < i) {
                let prev = doc.norm(j).trim();
                if j + 3 > i
                    && chars(prev) <= 30
                    && ORGAN_END.is_match(prev)
                    && !prev.contains([',', '。', ':'])
                {
                    title = format!("{}{}", doc.orig(j).trim(), title);
                }
            }
        }
        return Some((title, Some(i)));
    }
    let f = field?;
    let line = &doc.cleaned.lines[f.line];
    let at = line.norm.find(&f.value)?;
    let range = line.orig_range(at..at + f.value.len());
    Some((doc.text[range].trim().to_string(), None))
}

/// An ISO date from the first date in a string.
fn parse_date(s: &str) -> Option<String> {
    let iso = |y: i32, m: u32, d: u32| {
        ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let digits = DATE
        .captures(s)
        .and_then(|c| iso(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?));
    let cn = CN_DATE.captures(s).and_then(|c| {
        iso(
            cn_digits(&c[1])? as i32,
            cn_number(&c[2])?,
            cn_number(&c[3])?,
        )
    });
    match (DATE.find(s), CN_DATE.find(s)) {
        (Some(a), Some(b)) if b.start() < a.start() => cn.or(digits),
        _ => digits.or(cn),
    }
}

/// `二〇二五` → 2025 (digit by digit).
fn cn_digits(s: &str) -> Option<u32> {
    s.chars().try_fold(0, |acc, c| {
        let d = match c {
            '〇' | '○' | '零' | 'O' | '0' => 0,
            _ => cn_number(&c.to_string())?,
        };
        Some(acc * 10 + d)
    })
}

/// `十六` → 16, `二十` → 20, `九` → 9 (up to 99).
fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

fn find_published(doc: &Doc) -> Option<String> {
    const KEYS: &[&str] = &[
        "发布日期",
        "发布时间",
        "发文日期",
        "时间",
        "更新时间",
        "日期",
        "成文日期",
    ];
    for k in KEYS {
        for f in doc.cleaned.fields.iter().filter(|f| f.key == *k) {
            if let Some(d) = parse_date(&f.value) {
                return Some(d);
            }
        }
    }
    // A publication field inside a line the cleaner left in the body or
    // took for page furniture (`【字体:大 中 小】 发布时间:…`).
    for (i, l) in doc.cleaned.lines.iter().enumerate() {
        let furniture = matches!(l.kind, LineKind::Body | LineKind::Noise);
        // The field needs its colon: most lines are settled by a byte search.
        if !furniture
            || longer_than(&l.norm, 100)
            || memchr::memchr(b':', l.norm.as_bytes()).is_none()
            || l.norm.contains("星期")
        {
            continue;
        }
        if let Some(d) = INLINE_DATE_FIELD
            .captures(doc.norm(i))
            .and_then(|c| parse_date(&c[1]))
        {
            return Some(d);
        }
    }
    // The signature date: a short line near the end that ends with a date.
    for i in doc.tail(6) {
        let n = doc.norm(i).trim();
        if longer_than(n, 40) || n.contains("星期") || n.contains("今天") {
            continue;
        }
        let end_ok = n.ends_with('日') || n.ends_with(|c: char| c.is_ascii_digit());
        if end_ok {
            if let Some(d) = parse_date(n) {
                return Some(d);
            }
        }
    }
    None
}

/// The strings that name the reporting body most directly.
struct Sources {
    /// `(folded text, weight)`: title, publisher field, source field,
    /// signature and the opening sentence's subject.
    strong: Vec<(String, f64)>,
    title: Option<String>,
    publisher: Option<String>,
    source: Option<String>,
    signature: Option<String>,
    /// The opening sentence's subject (`东丽区司法局` in `2021年,东丽区司法局坚持…`).
    subject: Option<String>,
}

impl Sources {
    fn new(doc: &Doc, title: Option<&str>, title_line: Option<usize>) -> Self {
        let gaz = Gazetteer::global();
        let publisher = doc.field(&["发布机构", "发文机关", "发布单位", "发文单位"]);
        let source = doc
            .field(&["来源", "文章来源", "信息来源"])
            .filter(|s| ORGAN_END.is_match(s) && !s.contains("网"));
        let signature = doc.tail(4).find_map(|i| {
            let n = doc.norm(i).trim();
            let organ = DATE
                .find(n)
                .or(CN_DATE.find(n))
                .map_or(n, |m| n[..m.start()].trim());
            (chars(organ) >= 3
                && chars(organ) <= 30
                && ORGAN_END.is_match(organ)
                && !organ.contains([',', '。', ':', ';']))
            .then(|| organ.to_string())
        });
        let start = title_line.map_or(0, |t| t + 1);
        let subject = doc
            .body
            .iter()
            .filter(|&&i| i >= start)
            .take(3)
            .find_map(|&i| {
                let n = doc.norm(i);
                let m = gaz.mentions(n).into_iter().next()?;
                if chars(&n[..m.range.start]) > 16 {
                    return None;
                }
                let mut end = m.range.end;
                for next in gaz.mentions(&n[end..]) {
                    if next.range.start != 0 {
                        break;
                    }
                    end += next.range.end;
                }
                let organ = ORGAN_AFTER_NAME.find(&n[end..])?;
                // `在XX市人民政府的领导下`, `XX市人民政府、…`: a superior or a
                // list, not the subject.
                let after = &n[end + organ.end()..];
                let led = n[..m.range.start].contains('在')
                    || after.starts_with(['的', '、', '和', '及', '与', '等']);
                (!led).then(|| n[m.range.start..end + organ.end()].to_string())
            });
        let mut strong = Vec::new();
        let mut push = |s: &Option<String>, w: f64| {
            if let Some(s) = s {
                strong.push((s.clone(), w));
            }
        };
        push(&title.map(str::to_string), 100.0);
        push(&publisher, 60.0);
        push(&source, 40.0);
        push(&signature, 40.0);
        push(&subject, 30.0);
        Sources {
            strong,
            title: title.map(str::to_string),
            publisher,
            source,
            signature,
            subject,
        }
    }
}

/// The region found, with how the text refers to itself.
struct Found {
    region: Region,
    /// The self-reference level character (`市` for `全市`/`我市`), if any.
    self_level: Option<char>,
}

/// The chain of names at the start of a mention list: `天津市东丽区` →
/// (`东丽区`, [`天津市`], end of the chain).
fn chain(gaz: &Gazetteer, s: &str) -> Option<(String, Vec<String>, usize)> {
    let ms = gaz.mentions(s);
    let first = ms.first()?;
    let mut names = vec![first.name.to_string()];
    let mut end = first.range.end;
    for m in &ms[1..] {
        if m.range.start != end {
            break;
        }
        names.push(m.name.to_string());
        end = m.range.end;
    }
    let last = names.pop()?;
    Some((last, names, end))
}

/// A street office, town or township reporting on its own: `坡子街街道`.
fn street(gaz: &Gazetteer, s: &str) -> Option<String> {
    let s = s.trim();
    let from = chain(gaz, s)
        .filter(|(_, _, end)| chars(&s[..*end]) <= 12)
        .map_or(0, |c| c.2);
    let rest = s[from..].trim_start();
    let c = STREET.captures(rest)?;
    Some(c[1].to_string())
}

fn find_region(doc: &Doc, src: &Sources, warnings: &mut Vec<String>) -> Option<Found> {
    let gaz = Gazetteer::global();
    let mut hints = Hints::default();
    let mut score: FxHashMap<String, f64> = FxHashMap::default();
    let mut street_name = None;
    for (s, w) in &src.strong {
        if let Some((name, parents, _)) = chain(gaz, s) {
            *score.entry(name).or_default() += w;
            for p in parents {
                hints.add_name(gaz, &p, 5.0);
            }
        }
        if street_name.is_none() {
            street_name = street(gaz, s);
        }
    }
    // How the text refers to itself: 全市, 我区, 本县…
    let mut levels: FxHashMap<char, f64> = FxHashMap::default();
    for &i in &doc.body {
        for (who, level) in self_levels(doc.norm(i), &doc.cleaned.lines[i].name_ends) {
            let w = if who == '全' { 1.0 } else { 2.0 };
            *levels.entry(level).or_default() += w;
        }
    }
    let self_level = levels
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| *c);
    // Names in the body, and short forms in 法治X / 平安X.
    let mut body: FxHashMap<String, f64> = FxHashMap::default();
    // Adds without allocating the name again once it is a key.
    let add = |body: &mut FxHashMap<String, f64>, name: &str, w: f64| match body.get_mut(name) {
        Some(v) => *v += w,
        None => {
            body.insert(name.to_string(), w);
        }
    };
    for &i in &doc.body {
        let n = doc.norm(i);
        for m in gaz.mentions_with_short_at(n, &doc.cleaned.lines[i].name_ends) {
            let before = &n[..m.range.start];
            if m.short {
                let telling = before.ends_with("法治") || before.ends_with("平安");
                for d in gaz.by_short(m.name) {
                    if d.level == Level::Province {
                        hints.add_name(gaz, &d.name, 0.5);
                    }
                    if telling {
                        add(&mut body, &d.name, 3.0);
                    }
                }
            } else {
                add(&mut body, m.name, 1.0);
                hints.add_name(gaz, m.name, 1.0);
            }
        }
    }
    if !doc.reportish {
        body.clear();
    }
    // The site owner (`主办:天津市东丽区人民政府`) names the region only weakly.
    for f in doc.cleaned.fields.iter().filter(|f| f.key == "主办") {
        if let Some((name, _, _)) = chain(gaz, &f.value) {
            *body.entry(name).or_default() += 1.0;
        }
    }
    for (name, n) in body {
        let suffix = name.chars().last();
        let factor = if suffix.is_some() && suffix == self_level {
            3.0
        } else {
            1.0
        };
        *score.entry(name).or_default() += n * factor;
    }
    // Page furniture: the site owner, ICP and site identification codes.
    for f in doc
        .cleaned
        .fields
        .iter()
        .filter(|f| f.key == "主办" || f.key == "承办")
    {
        for m in gaz.mentions(&f.value) {
            hints.add_name(gaz, m.name, 3.0);
        }
    }
    for l in &doc.cleaned.lines {
        // Long body lines are text, not furniture.
        let long = longer_than(&l.norm, 120);
        if l.kind == LineKind::Body && long {
            continue;
        }
        // Both patterns need a 备 or a 码: most lines are settled by a
        // vectorised byte search for each (a search for either character
        // decodes every character of the line).
        static BEI: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("备"));
        static MA: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("码"));
        let b = l.norm.as_bytes();
        if BEI.find(b).is_none() && MA.find(b).is_none() {
            continue;
        }
        for c in ICP.captures_iter(&l.norm) {
            if let Some(p) = c[1].chars().next().and_then(province_of_abbr) {
                hints.add_name(gaz, p, 2.0);
            }
        }
        for c in SITE_CODE.captures_iter(&l.norm) {
            hints.codes.push(c[1].to_string());
        }
    }
    // Highest score; on a tie the more specific level, then the name. The
    // level is looked up once per name, not once per comparison.
    let level_of = |n: &str| gaz.by_name(n).first().map_or(Level::Unknown, |d| d.level);
    let mut leveled: Vec<(String, f64, Level)> = score
        .into_iter()
        .map(|(n, s)| {
            let level = level_of(&n);
            (n, s, level)
        })
        .collect();
    leveled.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    let ranked: Vec<(String, f64)> = leveled.into_iter().map(|(n, s, _)| (n, s)).collect();
    let best = ranked
        .first()
        .filter(|(_, s)| *s >= 3.0)
        .map(|(n, _)| n.clone());
    let division = best.as_deref().and_then(|name| {
        let cands = gaz.by_name(name);
        gaz.resolve(&cands, &hints).cloned().or_else(|| {
            warnings.push(format!("region name {name} is ambiguous"));
            None
        })
    });
    let region = match (&street_name, &division, &best) {
        (Some(s), d, _) => {
            let d = d.clone().or_else(|| {
                ranked
                    .iter()
                    .filter(|(_, s)| *s >= 1.0)
                    .find_map(|(n, _)| gaz.resolve(&gaz.by_name(n), &hints).cloned())
            });
            Region {
                name: s.clone(),
                province: d.as_ref().map(|d| d.province.clone()),
                city: d.as_ref().and_then(|d| d.city.clone()),
                level: Level::Unknown,
                code: None,
            }
        }
        (None, Some(d), _) => d.region(),
        (None, None, Some(name)) => ambiguous_region(gaz, name),
        (None, None, None) => return None,
    };
    Some(Found { region, self_level })
}

/// The fields all divisions of a repeated name agree on.
fn ambiguous_region(gaz: &Gazetteer, name: &str) -> Region {
    let cands = gaz.by_name(name);
    let common = |f: &dyn Fn(&Division) -> Option<String>| {
        let first = cands.first().and_then(|d| f(d));
        cands
            .iter()
            .all(|d| f(d) == first)
            .then_some(first)
            .flatten()
    };
    let level = cands.first().map_or(Level::Unknown, |d| d.level);
    Region {
        name: name.to_string(),
        province: common(&|d| Some(d.province.clone())),
        city: common(&|d| d.city.clone()),
        level: if cands.iter().all(|d| d.level == level) {
            level
        } else {
            Level::Unknown
        },
        code: None,
    }
}

/// `市司法局` → `邵阳市司法局`: prefix a level-relative organ name with the
/// region (or its city or province) of that level.
fn complete(organ: &str, found: Option<&Found>) -> String {
    let organ = organ.trim();
    let Some(found) = found else {
        return organ.to_string();
    };
    let Some(first) = organ.chars().next() else {
        return String::new();
    };
    if !"省市区县州旗盟".contains(first) || !Gazetteer::global().mentions(organ).is_empty() {
        return organ.to_string();
    }
    let r = &found.region;
    let owners = [Some(r.name.clone()), r.city.clone(), r.province.clone()];
    for owner in owners.into_iter().flatten() {
        if owner.ends_with(first) {
            let stem: String = owner.chars().take(chars(&owner) - 1).collect();
            return format!("{stem}{organ}");
        }
    }
    organ.to_string()
}

/// Which bureau `我局` is: the one the text names most (司法行政 counts for
/// 司法局), 司法局 when it names none.
fn own_bureau(doc: &Doc, kind: &str) -> String {
    static JUDICIAL_ADMIN: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("司法行政"));
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    let mut judicial = 0;
    for &i in &doc.body {
        let n = doc.norm(i);
        for m in BUREAU_ONLY.find_iter(n) {
            if m.as_str().ends_with(kind) {
                *counts.entry(m.as_str().to_string()).or_default() += 1;
            }
        }
        judicial += JUDICIAL_ADMIN.find_iter(n.as_bytes()).count();
    }
    *counts.entry(format!("司法{kind}")).or_default() += judicial;
    counts
        .into_iter()
        .filter(|(_, c)| *c > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(format!("司法{kind}"), |(b, _)| b)
}

fn find_issuer(doc: &Doc, src: &Sources, found: Option<&Found>) -> Option<String> {
    let organ = |s: &str| {
        (ORGAN_END.is_match(s) && chars(s) >= 3 && chars(s) <= 40).then(|| complete(s, found))
    };
    if let Some(p) = src.publisher.as_deref().and_then(organ) {
        return Some(p);
    }
    if let Some(t) = &src.title {
        let t = t.trim();
        let year_at = YEAR.captures(t).and_then(|c| c.get(1)).map(|m| m.start());
        let cut = [t.find("关于"), year_at].into_iter().flatten().min();
        if let Some(head) = cut.map(|c| t[..c].trim()).filter(|h| !h.is_empty()) {
            if let Some(o) = organ(head) {
                return Some(o);
            }
        }
    }
    if let Some(s) = src.source.as_deref().and_then(organ) {
        return Some(s);
    }
    if let Some(s) = src.signature.as_deref().and_then(organ) {
        return Some(s);
    }
    if let Some(s) = &src.subject {
        return Some(s.clone());
    }
    let found = found?;
    let body = || doc.body.iter().map(|&i| doc.norm(i));
    if let Some(kind) = body().find_map(|n| SELF_BUREAU.captures(n).map(|c| c[1].to_string())) {
        let bureau = own_bureau(doc, &kind);
        return Some(format!("{}{}", found.region.name, bureau));
    }
    let r = &found.region;
    if r.level == Level::Unknown {
        let office = if r.name.ends_with("街道") {
            "办事处"
        } else {
            "人民政府"
        };
        return Some(format!("{}{office}", r.name));
    }
    let speaks = found.self_level.is_some()
        && doc.body.iter().any(|&i| {
            self_levels(doc.norm(i), &doc.cleaned.lines[i].name_ends)
                .next()
                .is_some()
        });
    speaks.then(|| format!("{}人民政府", r.name))
}

fn find_year(
    doc: &Doc,
    title: Option<&str>,
    title_line: Option<usize>,
    published: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<i32> {
    let first_year = |s: &str| {
        let digits = YEAR.captures(s).and_then(|c| c[1].parse::<i32>().ok());
        digits.or_else(|| {
            CN_YEAR
                .captures(s)
                .and_then(|c| cn_digits(&c[1]))
                .map(|y| y as i32)
        })
    };
    if let Some(y) = title.and_then(first_year) {
        return Some(y);
    }
    let start = title_line.map_or(0, |t| t + 1);
    let opening: Vec<usize> = doc
        .body
        .iter()
        .copied()
        .filter(|&i| i >= start)
        .take(4)
        .collect();
    for &i in &opening {
        if let Some(c) = REPORT_AS_FOLLOWS.captures(doc.norm(i)) {
            return c[1].parse().ok();
        }
    }
    for &i in &opening {
        let n = doc.norm(i);
        if let Some(c) = OPENING_YEAR.captures(n) {
            let rest = &n[c.get(1).map_or(0, |m| m.end())..];
            if !PLANS.is_match(&rest.chars().take(8).collect::<String>()) {
                return c[1].parse().ok();
            }
        }
    }
    let pub_year: Option<i32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    if !doc.reportish {
        return None;
    }
    // The year the body speaks of most, outside plans sections.
    let mut counts: FxHashMap<i32, usize> = FxHashMap::default();
    let mut in_plans = false;
    for &i in &doc.body {
        let n = doc.norm(i);
        if is_heading(n) {
            in_plans = PLANS.is_match(n);
        }
        if in_plans {
            continue;
        }
        for c in YEAR.captures_iter(n) {
            let Ok(y) = c[1].parse::<i32>() else { continue };
            let after = &n[c.get(0).map_or(0, |m| m.end())..];
            if after.starts_with(['-', '至', '—']) || pub_year.is_some_and(|p| y > p) {
                continue;
            }
            *counts.entry(y).or_default() += 1;
        }
    }
    let mode = counts
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    if let Some((y, _)) = mode {
        warnings.push(format!("year {y} guessed from the years the text mentions"));
        return Some(y);
    }
    let y = pub_year? - 1;
    warnings.push(format!("year {y} guessed from the publication date"));
    Some(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::clean::clean;

    fn meta(text: &str) -> Meta {
        extract(text, &clean(text))
    }

    #[test]
    fn self_references_are_found_from_the_name_ends() {
        // Every level character ends some division's name: the cleaner's
        // name ends hold every self-reference's end.
        let lasts = Gazetteer::global().last_chars();
        assert!(SELF_LEVEL.iter().all(|&c| lasts.contains(c)));
        let c = clean("我市全区,本县我们全面本州x全");
        let found: Vec<(char, char)> =
            self_levels(&c.lines[0].norm, &c.lines[0].name_ends).collect();
        assert_eq!(
            found,
            vec![('我', '市'), ('全', '区'), ('本', '县'), ('本', '州')]
        );
    }

    #[test]
    fn dates_in_many_formats() {
        assert_eq!(
            parse_date("2021/03/29 10:20").as_deref(),
            Some("2021-03-29")
        );
        assert_eq!(parse_date("2023- 02- 24").as_deref(), Some("2023-02-24"));
        assert_eq!(parse_date("2023年02月17日").as_deref(), Some("2023-02-17"));
        assert_eq!(
            parse_date("二〇二五年一月十六日").as_deref(),
            Some("2025-01-16")
        );
        assert_eq!(parse_date("2023年13月1日"), None);
    }

    #[test]
    fn date_field_inside_furniture() {
        let m = meta("【字体:大 中 小】 发布时间:2021-03-29 打印本页\n正文。");
        assert_eq!(m.published.as_deref(), Some("2021-03-29"));
    }

    #[test]
    fn repeated_county_name_by_province() {
        let m = meta(
            "鼓楼区2022年法治政府建设情况报告\n2022年,我区在市委市政府领导下,认真落实福建省部署。全区各部门依法行政。\n一、主要做法\n鼓楼区司法局牵头。",
        );
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.city.as_deref()),
            ("鼓楼区", Some("福州市"))
        );
        assert_eq!(r.code.as_deref(), Some("350102"));
        assert_eq!(m.year, Some(2022));
        assert_eq!(m.title_line, Some(0));
        let m = meta("鼓楼区2022年法治政府建设情况报告\n2022年,我区认真落实南京市委部署。");
        assert_eq!(m.region.unwrap().city.as_deref(), Some("南京市"));
    }

    #[test]
    fn county_report_with_signature() {
        let m = meta(
            "2023年,全县坚持依法行政,攸县各部门…。现将情况报告如下:\n一、主要工作\n攸县法治建设稳步推进。攸县县委…\n攸县人民政府\n2024年2月1日",
        );
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.level, r.city.as_deref()),
            ("攸县", Level::County, Some("株洲市"))
        );
        assert_eq!(m.issuer.as_deref(), Some("攸县人民政府"));
        assert_eq!(m.published.as_deref(), Some("2024-02-01"));
        assert_eq!(m.year, Some(2023));
        assert_eq!(m.title, None);
    }

    #[test]
    fn autonomous_prefecture() {
        let m = meta(
            "湘西土家族苗族自治州2021年法治政府建设年度报告\n2021年,全州法治政府建设取得新成效,吉首市、凤凰县…\n一、工作情况",
        );
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.level, r.code.as_deref()),
            ("湘西土家族苗族自治州", Level::City, Some("433100"))
        );
        assert_eq!(m.issuer.as_deref(), Some("湘西土家族苗族自治州人民政府"));
    }

    #[test]
    fn province_report_issuer_from_title() {
        let m = meta("浙江省人民政府关于2022年法治政府建设情况的报告\n2022年,全省各地各部门…杭州市、宁波市…\n一、主要举措\n2023年工作打算");
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.level, r.city.as_deref()),
            ("浙江省", Level::Province, None)
        );
        assert_eq!(r.province.as_deref(), Some("浙江省"));
        assert_eq!(m.issuer.as_deref(), Some("浙江省人民政府"));
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn source_field_completed_with_region() {
        let m = meta(
            "首页 > 政务公开\n发布时间:2023-02-24 09:30 来源:市司法局\n关于2022年法治政府建设情况的报告\n2022年,我市深入推进依法行政,沈阳市各区县…沈阳市法治建设…\n一、主要成效",
        );
        assert_eq!(m.region.as_ref().unwrap().name, "沈阳市");
        assert_eq!(m.issuer.as_deref(), Some("沈阳市司法局"));
        assert_eq!(m.published.as_deref(), Some("2023-02-24"));
        assert_eq!(m.title.as_deref(), Some("关于2022年法治政府建设情况的报告"));
        assert_eq!(m.title_line, Some(2));
    }

    #[test]
    fn street_office_is_its_own_region() {
        let m = meta("坡子街街道办事处2021年法治建设工作报告\n2021年,街道在天心区委、长沙市天心区人民政府领导下…天心区…\n一、工作开展情况");
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.level, r.code.as_deref()),
            ("坡子街街道", Level::Unknown, None)
        );
        assert_eq!(
            (r.province.as_deref(), r.city.as_deref()),
            (Some("湖南省"), Some("长沙市"))
        );
        assert_eq!(m.issuer.as_deref(), Some("坡子街街道办事处"));
    }

    #[test]
    fn plans_years_and_banners_are_ignored() {
        let m = meta("今天是:2023年5月8日 星期一\n各项工作扎实推进,法治建设成效明显。\n一、2024年工作打算\n2024年将继续…");
        assert_eq!(m.published, None);
        assert_eq!(m.year, None);
        assert!(m.warnings.iter().any(|w| w == "no year found"));
    }

    #[test]
    fn scraped_page_with_menus_and_superiors() {
        let m = meta(concat!(
            "首页 机构概况 政务公开 政务服务 互动交流 专题专栏 首页 机构概况 政务公开 政务服务 互动交流 专题专栏 首页 机构概况 政务公开 政务服务\n",
            "法治政府建设年度报告\n",
            "朝阳区司法局2022年度法治政府建设情况报告\n",
            "发布时间:2023年02月17日 15:20:01 来源:本站\n",
            "2022年,在朝阳区委、区政府的坚强领导下,我局坚持…全区司法行政工作…\n",
            "一、主要成效\n",
            "我局全年办理…北京市司法局部署…\n",
            "主办:北京市朝阳区人民政府 京ICP备05060933号\n",
        ));
        assert_eq!(
            m.title.as_deref(),
            Some("朝阳区司法局2022年度法治政府建设情况报告")
        );
        assert_eq!(m.title_line, Some(2));
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.province.as_deref(), r.city),
            ("朝阳区", Some("北京市"), None)
        );
        assert_eq!(r.code.as_deref(), Some("110105"));
        assert_eq!(m.issuer.as_deref(), Some("朝阳区司法局"));
        assert_eq!(m.published.as_deref(), Some("2023-02-17"));
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn bureau_self_reference() {
        let m = meta(
            "2022年,我局在县委县政府领导下,全县市场监管系统…\n石门县市场监管局…石门县…\n一、工作情况\n我局查办案件…县市场监管局…",
        );
        let r = m.region.unwrap();
        assert_eq!(
            (r.name.as_str(), r.city.as_deref()),
            ("石门县", Some("常德市"))
        );
        assert_eq!(m.issuer.as_deref(), Some("石门县市场监管局"));
    }

    #[test]
    fn never_panics_and_invents_nothing() {
        for t in [
            "",
            "\n\n",
            "\u{0}\u{1}�\u{fffd}",
            "北京市今天天气晴。",
            "(一)\n1.\n一、",
        ] {
            let m = meta(t);
            assert!(m.region.is_none(), "{t}");
            assert!(m.year.is_none());
            assert!(m.warnings.iter().any(|w| w == "no region found"));
        }
    }
}
