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
    re(r"(?:人民政府|政府|办公室|办公厅|委员会|局|厅|委|办事处|人民法院|法院|检察院|司法所)$")
});
pub(super) static SELF_BUREAU: LazyLock<Regex> = LazyLock::new(|| re(r"我(局|厅)"));

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
    *counts.entry(format!("司法{kind}")).or_default() += judicial;
    counts
        .into_iter()
        .filter(|(_, c)| *c > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(format!("司法{kind}"), |(b, _)| b)
}

pub(super) fn find_issuer(doc: &Doc, src: &Sources, found: Option<&Found>) -> Option<String> {
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
