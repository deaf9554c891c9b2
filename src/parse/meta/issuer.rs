//! The issuing body: fields, title, signature, self-reference, normalised.

use super::region::Found;
use super::*;

/// Bodies a report can be issued by, as they follow a region's name.
pub(super) const BUREAUS: &[&str] = &[
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
pub(super) static ORGAN_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let b = BUREAUS.join("|");
    re(&format!(
        r"^(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府|(?:{b})(?:局|厅|委员会|委)|司法所|法院|人民法院|人民检察院|检察院)"
    ))
});
pub(super) static BUREAU_ONLY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:{})(?:局|厅)", BUREAUS.join("|"))));
pub(super) static ORGAN_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:人民政府|政府|政府办|办公室|办公厅|委员会|局|厅|委|办事处|人民法院|法院|检察院|司法所)$",
    )
});
pub(super) static SELF_BUREAU: LazyLock<Regex> = LazyLock::new(|| re(r"我(局|厅)"));
/// What follows a level in a level-relative organ's name (`省` + `司法厅`,
/// `区` + `政府`), anchored.
static RELATIVE_ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    let b = BUREAUS.join("|");
    re(&format!(r"^(?:人民政府|政府|(?:{b})(?:局|厅|委员会|委))"))
});

/// The first level-relative organ that is a clause's subject in `n`
/// (`省司法厅坚持…`, `区政府认真落实…`, `自治区人民政府在…领导下`): not a
/// superior (`在区政府领导下`), one of a list (`区政府、…`) or part of a
/// longer noun. Only clause starts are tried, each with one anchored match.
pub(super) fn relative_subject(n: &str) -> Option<String> {
    // Clause starts, found byte by byte: `,` `;` `:` are ASCII once folded,
    // `。` is the only other delimiter.
    let b = n.as_bytes();
    let starts = std::iter::once(0).chain((0..b.len()).filter_map(|i| match b[i] {
        b',' | b';' | b':' => Some(i + 1),
        0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => Some(i + 3),
        _ => None,
    }));
    for start in starts {
        let rest = n[start..].trim_start();
        let level = if rest.starts_with("自治区") {
            "自治区".len()
        } else if rest.starts_with(['省', '市', '区', '县', '州', '旗', '盟']) {
            '省'.len_utf8()
        } else {
            continue;
        };
        let Some(organ) = RELATIVE_ORGAN.find(&rest[level..]) else {
            continue;
        };
        let end = level + organ.end();
        // A superior, one of a list, or part of a longer noun
        // (`区政府常务会议`, `市政府办公室`, `区政府副区长`, `县司法局局长`).
        let listed = rest[end..].starts_with([
            '的', '、', '和', '及', '与', '等', '委', '副', '主', '常', '办', '会', '工', '部',
            '领', '系', '党', '机', '各', '所', '门', '网', '令', '文', '规', '局', '厅', '长',
        ]);
        if !listed {
            return Some(rest[..end].to_string());
        }
    }
    None
}

/// An issuer as the spec writes it: column tags (`【工作报告】`) dropped,
/// `政府` spelt `人民政府` (`政府办` `人民政府办公室`), a level-relative name
/// completed with the region (`市司法局` → `邵阳市司法局`, `自治区人民政府` →
/// `宁夏回族自治区人民政府`), a printed chain kept (`重庆市江北区人民政府`);
/// `None` for what is no issuer: a web site, a people's congress, a menu,
/// a level-relative name the text gives no region for.
pub(super) fn normalize_issuer(s: &str, found: Option<&Found>) -> Option<String> {
    let s = strip_tags(s.trim());
    // An organ's name holds no space, menu or breadcrumb separator.
    if s.contains(|c: char| c.is_whitespace() || ['>', '»', '|', '/'].contains(&c))
        || s.ends_with('网')
        || s.ends_with("网站")
        || s.contains("人民代表大会")
        || s.contains("人大常委会")
        || chars(s) < 3
        || chars(s) > 40
        || !ORGAN_END.is_match(s)
    {
        return None;
    }
    let mut out = complete(s, found);
    // A level-relative name the text gives no region for is no full name.
    let relative =
        out.starts_with("自治区") || out.starts_with(['省', '市', '区', '县', '州', '旗', '盟']);
    if relative && Gazetteer::global().mentions(&out).is_empty() {
        return None;
    }
    if let Some(stem) = out.strip_suffix("政府办") {
        out = format!(
            "{}人民政府办公室",
            stem.strip_suffix("人民").unwrap_or(stem)
        );
    }
    for (short, full) in [
        ("政府办公室", "人民政府办公室"),
        ("政府办公厅", "人民政府办公厅"),
        ("政府", "人民政府"),
    ] {
        if out.ends_with(short) && !out.ends_with(full) {
            out = format!("{}{full}", &out[..out.len() - short.len()]);
            break;
        }
    }
    Some(out)
}

/// `市司法局` → `邵阳市司法局`: prefix a level-relative organ name with the
/// region (or its city or province) of that level.
pub(super) fn complete(organ: &str, found: Option<&Found>) -> String {
    let organ = organ.trim();
    let Some(found) = found else {
        return organ.to_string();
    };
    let Some(first) = organ.chars().next() else {
        return String::new();
    };
    let r = &found.region;
    if let Some(rest) = organ.strip_prefix("自治区") {
        return match r.province.as_deref() {
            Some(p) if p.ends_with("自治区") => format!("{p}{rest}"),
            _ => organ.to_string(),
        };
    }
    if !"省市区县州旗盟".contains(first) || !Gazetteer::global().mentions(organ).is_empty() {
        return organ.to_string();
    }
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
pub(super) fn own_bureau(doc: &Doc, kind: &str) -> String {
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
    // A department's own site names it as its owner (`主办:大连市生态环境局`).
    for f in doc.cleaned.fields.iter().filter(|f| f.key == "主办") {
        for m in BUREAU_ONLY.find_iter(&f.value) {
            if m.as_str().ends_with(kind) {
                *counts.entry(m.as_str().to_string()).or_default() += 1;
            }
        }
    }
    *counts.entry(format!("司法{kind}")).or_default() += judicial;
    counts
        .into_iter()
        .filter(|(_, c)| *c > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(format!("司法{kind}"), |(b, _)| b)
}

/// The issuer, in the spec's order of evidence: publisher field, the body
/// named in the title, source field, signature, the opening's subject
/// (named or level-relative), the text's own self-reference (`我局`,
/// `我市`). `None` when the text names none.
pub(super) fn find_issuer(doc: &Doc, src: &Sources, found: Option<&Found>) -> Option<String> {
    let organ = |s: &str| normalize_issuer(s, found);
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
    for s in [&src.source, &src.signature, &src.subject, &src.relative] {
        if let Some(o) = s.as_deref().and_then(organ) {
            return Some(o);
        }
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
    // `我市`, `本区` speak as the government; `全区` only names a scope.
    let speaks = found.self_level.is_some()
        && doc.body.iter().any(|&i| {
            self_levels(doc.norm(i), doc.cleaned.lines[i].name_ends()).any(|(who, _)| who != '全')
        });
    speaks.then(|| format!("{}人民政府", r.name))
}

/// Heads of a government's own name, or of its office or congress: an
/// issuer ending so is not a department.
const GOVERNMENT_ENDS: &[&str] = &[
    "人民政府",
    "政府",
    "政府办公室",
    "政府办",
    "管委会",
    "管理委员会",
    "人大常委会",
    "行政公署",
    "街道办事处",
];

/// Self-references of a department in its own report (`我局`, `厅党组`).
const DEPARTMENT_SELF: &[&str] = &[
    "我局",
    "我厅",
    "我委",
    "我办",
    "局党组",
    "局党委",
    "厅党组",
    "厅党委",
    "委党组",
    "局机关",
    "厅机关",
];

/// Whether a report issued by `issuer` is a department's account of its
/// own work, not a government's: the issuer is a department, and the
/// report speaks as it — the title names it, or the opening says `我局`,
/// `厅党组` or the department's name without its region (`市司法局`).
pub(super) fn is_department_report(doc: &Doc<'_>, title: Option<&str>, issuer: &str) -> bool {
    let issuer = crate::text::normalize(issuer);
    if GOVERNMENT_ENDS.iter().any(|e| issuer.ends_with(e)) {
        return false;
    }
    // The department's own word: `司法局` of `邵阳市司法局`.
    let organ = BUREAU_ONLY.find(&issuer).map(|m| &issuer[m.start()..]);
    let names_it = |t: &str| t.contains(issuer.as_str()) || organ.is_some_and(|o| t.contains(o));
    if title.is_some_and(names_it) {
        return true;
    }
    // The opening: the first paragraphs, not the page's chrome or fields.
    doc.body
        .iter()
        .map(|&i| doc.norm(i))
        .filter(|n| {
            longer_than(n, OPENING_MIN_CHARS)
                && !is_heading(n)
                && !n.contains('|')
                && !HEAD_KEYS.iter().any(|k| n.contains(k))
        })
        .take(OPENING_PARAGRAPHS)
        .any(|n| DEPARTMENT_SELF.iter().any(|w| n.contains(w)) || names_it(n))
}

/// Paragraphs read as the report's opening, where a department names itself.
const OPENING_PARAGRAPHS: usize = 2;
/// A line of at least this many characters is a paragraph.
const OPENING_MIN_CHARS: usize = 40;
