//! The region resolver: candidate divisions from every place the genre
//! names them, scored, repeated names told apart by the text's context.

use super::issuer::{ORGAN_AFTER_NAME, SELF_BUREAU};
use super::*;
use crate::model::RegionCandidate;
use crate::parse::gazetteer::{is_capital, Mention};

pub(super) static ICP: LazyLock<Regex> = LazyLock::new(|| re(r"(\p{Han})\s*(?:ICP|公网安)备"));
pub(super) static SITE_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:网站标识码|公网安备)\s*:?\s*([0-9]{6})[0-9]*"));
pub(super) static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Han}{2,8}?(?:街道|镇|乡))(?:办事处|人民政府|党工委|党委|政府)?(?:关于|[0-9]|年度|法治|$)",
    )
});

/// The region found, with how the text refers to itself.
pub(super) struct Found {
    pub(super) region: Region,
    /// The self-reference level character (`市` for `全市`/`我市`), if any.
    pub(super) self_level: Option<char>,
}

/// The chain of names at the start of a mention list: `天津市东丽区` →
/// (`东丽区`, [`天津市`], end of the chain).
pub(super) fn chain(gaz: &Gazetteer, s: &str) -> Option<(String, Vec<String>, usize)> {
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
pub(super) fn street(gaz: &Gazetteer, s: &str) -> Option<String> {
    let s = s.trim();
    let from = chain(gaz, s)
        .filter(|(_, _, end)| chars(&s[..*end]) <= 12)
        .map_or(0, |c| c.2);
    let rest = s[from..].trim_start();
    let c = STREET.captures(rest)?;
    Some(c[1].to_string())
}

/// Names of two characters that end in 区 (`城区`, `郊区`, `矿区`): words in
/// running text, names only where a title, a field or a site name puts one
/// before an organ, a year or the site's word.
static SHORT_DISTRICTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = Gazetteer::global()
        .divisions()
        .iter()
        .filter(|d| chars(&d.name) <= 2 && d.name.ends_with('区'))
        .map(|d| d.name.clone())
        .collect();
    v.sort();
    v.dedup();
    v
});

/// The two-character district name `s` starts with, when what follows
/// makes it a name.
fn short_district_at(s: &str) -> Option<&'static str> {
    SHORT_DISTRICTS
        .iter()
        .find(|n| {
            let Some(rest) = s.strip_prefix(n.as_str()) else {
                return false;
            };
            let rest = rest.trim_start();
            rest.starts_with(|c: char| c.is_ascii_digit())
                || ["关于", "法治", "年度", "网"]
                    .iter()
                    .any(|w| rest.starts_with(w))
                || ORGAN_AFTER_NAME.is_match(rest)
        })
        .map(String::as_str)
}

/// [`chain`], with a two-character district name at its end or at the start
/// of `s` (`晋城市城区人民政府网`, `郊区人民政府2023年度…`).
fn named_chain(gaz: &Gazetteer, s: &str) -> Option<(String, Vec<String>, usize)> {
    match chain(gaz, s) {
        Some((last, mut parents, end)) => match short_district_at(&s[end..]) {
            Some(d) => {
                parents.push(last);
                Some((d.to_string(), parents, end + d.len()))
            }
            None => Some((last, parents, end)),
        },
        None => {
            let t = s.trim_start();
            short_district_at(t).map(|d| (d.to_string(), Vec::new(), s.len() - t.len() + d.len()))
        }
    }
}

/// Whether a two-character county name is a word and a level's start
/// rather than a name: `市委、市政府和县委` (和 + 县委), `振兴县域` (兴 +
/// 县域), `省市县级` — a county's own committee is `X县县委`.
fn spurious(n: &str, m: &Mention) -> bool {
    if !m.name.ends_with('县') || chars(m.name) != 2 {
        return false;
    }
    let after = &n[m.range.end..];
    after.starts_with(['委', '域', '级', '直', '属'])
        || (m.name.starts_with(['和', '及', '与', '或'])
            && (after.starts_with("政府")
                || after.starts_with("人民政府")
                || after.starts_with('长')))
}

/// Where a candidate name was seen, one bit a place, in the order
/// [`evidence`] lists them.
const TAGS: [&str; 7] = [
    "title",
    "metadata",
    "signature",
    "site",
    "self-reference",
    "department",
    "body",
];

/// The bit of a tag of [`TAGS`].
fn tag_bit(tag: &str) -> u8 {
    TAGS.iter().position(|t| *t == tag).map_or(0, |p| 1 << p)
}

/// The tags of a candidate's bits, strongest first.
fn evidence(bits: u8) -> Vec<String> {
    TAGS.iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, t)| t.to_string())
        .collect()
}

/// Adds weight and evidence to a candidate, allocating its name only the
/// first time.
fn add(map: &mut FxHashMap<String, (f64, u8)>, name: &str, w: f64, bits: u8) {
    match map.get_mut(name) {
        Some(v) => {
            v.0 += w;
            v.1 |= bits;
        }
        None => {
            map.insert(name.to_string(), (w, bits));
        }
    }
}

/// Whether the text calls its city the provincial capital (`省会`, `首府`).
fn says_capital(doc: &Doc) -> bool {
    static SHENGHUI: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("省会"));
    static SHOUFU: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("首府"));
    doc.body.iter().any(|&i| {
        let b = doc.norm(i).as_bytes();
        SHENGHUI.find(b).is_some() || SHOUFU.find(b).is_some()
    })
}

/// The divisions a name may be, as the text's context leaves them: one
/// when the hints (provinces, cities, codes the text names) or the capital
/// context decide, else every division the best hints tie on.
fn resolve_name<'g>(doc: &Doc, gaz: &'g Gazetteer, name: &str, hints: &Hints) -> Vec<&'g Division> {
    let cands = gaz.by_name(name);
    if cands.len() <= 1 {
        return cands;
    }
    let scores: Vec<f64> = cands.iter().map(|d| hints.score(d)).collect();
    let best = scores.iter().copied().fold(f64::MIN, f64::max);
    let top: Vec<&Division> = cands
        .iter()
        .zip(&scores)
        .filter(|(_, s)| **s == best)
        .map(|(d, _)| *d)
        .collect();
    if top.len() > 1 && says_capital(doc) {
        let capitals: Vec<&Division> = top
            .iter()
            .copied()
            .filter(|d| d.city.as_deref().is_some_and(is_capital))
            .collect();
        // The text's city is a capital: the others are out, decided or not.
        if !capitals.is_empty() {
            return capitals;
        }
    }
    top
}

/// The province or city a department of that level (`省司法厅`, `我厅`,
/// `市市场监管局`) belongs to: the one the text names most, if one does.
fn department_region(doc: &Doc, src: &Sources, hints: &Hints) -> Option<Region> {
    let gaz = Gazetteer::global();
    let opening = doc.body.iter().take(8).any(|&i| {
        SELF_BUREAU
            .captures(doc.norm(i))
            .is_some_and(|c| &c[1] == "厅")
    });
    let level = match src.relative.as_deref() {
        Some(r) if r.starts_with('省') || r.starts_with("自治区") => Level::Province,
        Some(r) if r.starts_with('市') => Level::City,
        _ if opening => Level::Province,
        _ => return None,
    };
    let weights = if level == Level::Province {
        &hints.provinces
    } else {
        &hints.cities
    };
    let mut ranked: Vec<(&String, f64)> = weights.iter().map(|(k, v)| (k, *v)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let (name, w) = ranked.first()?;
    if *w <= 0.0 || ranked.get(1).is_some_and(|s| s.1 == *w) {
        return None;
    }
    let d = gaz.by_name(name).into_iter().find(|d| d.level == level)?;
    let mut r = d.region();
    // `省政府坚持…` is the government speaking of itself, `省司法厅…` a
    // department.
    let speaker = match src.relative.as_deref() {
        Some(o) if o.ends_with("政府") => "self-reference",
        _ => "department",
    };
    r.evidence = vec![speaker.to_string(), "body".to_string()];
    Some(r)
}

/// The region: candidates from the strong sources (title, fields,
/// signature, the opening's subject), the page's chrome, the body's names
/// (more where the text's self-reference has their level, and in the
/// opening), scored; a repeated name resolved by the text's context.
pub(super) fn find_region(doc: &Doc, src: &Sources, warnings: &mut Vec<String>) -> Option<Found> {
    let gaz = Gazetteer::global();
    let mut hints = Hints::default();
    let mut score: FxHashMap<String, (f64, u8)> = FxHashMap::default();
    let mut street_name = None;
    for (s, w, tag) in &src.strong {
        if let Some((name, parents, _)) = named_chain(gaz, s) {
            add(&mut score, &name, *w, tag_bit(tag));
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
        for (who, level) in self_levels(doc.norm(i), doc.cleaned.lines[i].name_ends()) {
            let w = if who == '全' { 1.0 } else { 2.0 };
            *levels.entry(level).or_default() += w;
        }
    }
    // A level-relative subject (`县政府坚持…`, `区司法局…`) is the text
    // speaking of itself too.
    if let Some(c) = src.relative.as_deref().and_then(|r| r.chars().next()) {
        if SELF_LEVEL.contains(&c) {
            *levels.entry(c).or_default() += 2.0;
        }
    }
    let self_level = levels
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(c, _)| *c);
    // Names in the body, and short forms in 法治X / 平安X.
    let mut body: FxHashMap<String, (f64, u8)> = FxHashMap::default();
    let in_body = tag_bit("body");
    let site_bit = tag_bit("site");
    // The opening's subject, named once (`2023年,…,沙坪坝区坚持…`), tells
    // more than a name elsewhere; a superior (`XX市委`, `XX市政府的`) not.
    // Its first sentence's first characters, read from the same mentions.
    let start = src.title_line.map_or(0, |t| t + 1);
    let opening: Vec<usize> = doc
        .body
        .iter()
        .copied()
        .filter(|&i| i >= start)
        .take(3)
        .take_while(|&i| !is_heading(doc.norm(i)))
        .collect();
    for &i in &doc.body {
        let n = doc.norm(i);
        let subject_end = if opening.contains(&i) {
            first_sentence(n, 60).len()
        } else {
            0
        };
        for m in gaz.mentions_with_short_at(n, doc.cleaned.lines[i].name_ends()) {
            if spurious(n, &m) {
                continue;
            }
            if !m.short && m.range.end <= subject_end {
                let after = &n[m.range.end..];
                let superior = after.starts_with(['委', '党', '的', '、'])
                    || after.starts_with("政府的")
                    || after.starts_with("人民政府的")
                    || after.starts_with("领导");
                if !superior {
                    add(&mut body, m.name, 2.0, 0);
                }
            }
            let before = &n[..m.range.start];
            if m.short {
                let telling = before.ends_with("法治") || before.ends_with("平安");
                for d in gaz.by_short(m.name) {
                    if d.level == Level::Province {
                        hints.add_name(gaz, &d.name, 0.5);
                    }
                    if telling {
                        add(&mut body, &d.name, 3.0, in_body);
                    }
                }
            } else {
                add(&mut body, m.name, 1.0, in_body);
                hints.add_name(gaz, m.name, 1.0);
            }
        }
    }
    if !doc.reportish {
        body.clear();
    }
    // The page's chrome above the title: the site's name
    // (`XX省人民政府门户网站`, `晋城市城区人民政府网`) and the breadcrumb.
    let chrome_end = src.title_line.unwrap_or(5).min(HEAD);
    for l in doc.cleaned.lines.iter().take(chrome_end) {
        let n = l.norm.trim();
        if l.kind == LineKind::Blank || longer_than(n, 40) || n.contains([',', '。']) {
            continue;
        }
        let site =
            n.ends_with('网') || n.ends_with("网站") || n.ends_with("政府") || n.ends_with("门户");
        if site {
            if let Some((name, parents, _)) = named_chain(gaz, n) {
                add(&mut body, &name, 2.5, site_bit);
                for p in parents {
                    hints.add_name(gaz, &p, 5.0);
                }
            }
        } else if n.contains(['>', '»']) || n.contains("位置") {
            for m in gaz.mentions(n) {
                add(&mut body, m.name, 1.0, site_bit);
                hints.add_name(gaz, m.name, 1.0);
            }
        }
    }
    // The site owner (`主办:天津市东丽区人民政府`) names the region only weakly.
    for f in doc.cleaned.fields.iter().filter(|f| f.key == "主办") {
        if let Some((name, _, _)) = named_chain(gaz, &f.value) {
            add(&mut body, &name, 1.0, site_bit);
        }
    }
    for (name, (n, mut bits)) in body {
        let suffix = name.chars().last();
        let factor = if suffix.is_some() && suffix == self_level {
            bits |= tag_bit("self-reference");
            3.0
        } else {
            1.0
        };
        let e = score.entry(name).or_default();
        e.0 += n * factor;
        e.1 |= bits;
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
    let mut bits_of: FxHashMap<String, u8> = FxHashMap::default();
    let mut leveled: Vec<(String, f64, Level)> = score
        .into_iter()
        .map(|(n, (s, bits))| {
            if s >= 3.0 {
                bits_of.insert(n.clone(), bits);
            }
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
    let resolved = best
        .as_deref()
        .map(|name| resolve_name(doc, gaz, name, &hints));
    let division = match resolved.as_deref() {
        Some([one]) => Some((*one).clone()),
        Some(_) => {
            if let Some(name) = &best {
                warnings.push(format!("region name {name} is ambiguous"));
            }
            None
        }
        None => None,
    };
    let mut region = match (&street_name, &division, &best) {
        (Some(s), d, _) => {
            let d = d.clone().or_else(|| {
                ranked.iter().filter(|(_, s)| *s >= 1.0).find_map(|(n, _)| {
                    match resolve_name(doc, gaz, n, &hints).as_slice() {
                        [one] => Some((*one).clone()),
                        _ => None,
                    }
                })
            });
            Region {
                name: s.clone(),
                province: d.as_ref().map(|d| d.province.clone()),
                city: d.as_ref().and_then(|d| d.city.clone()),
                level: Level::Unknown,
                code: None,
                evidence: Vec::new(),
                candidates: Vec::new(),
            }
        }
        (None, Some(d), _) => d.region(),
        (None, None, Some(name)) => ambiguous_region(name, resolved.as_deref().unwrap_or_default()),
        (None, None, None) => {
            let region = department_region(doc, src, &hints)?;
            return Some(Found { region, self_level });
        }
    };
    if let Some(bits) = best.as_deref().and_then(|n| bits_of.get(n)) {
        region.evidence = evidence(*bits);
    }
    Some(Found { region, self_level })
}

/// The fields all the divisions a repeated name may be agree on, with the
/// divisions as candidates.
pub(super) fn ambiguous_region(name: &str, cands: &[&Division]) -> Region {
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
        evidence: Vec::new(),
        candidates: cands
            .iter()
            .map(|d| d.candidate())
            .collect::<Vec<RegionCandidate>>(),
    }
}
