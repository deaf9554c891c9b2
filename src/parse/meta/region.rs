//! The region resolver: candidate divisions from every place the genre
//! names them, scored, repeated names told apart by the text's context.

use super::*;

pub(super) static ICP: LazyLock<Regex> = LazyLock::new(|| re(r"(\p{Han})\s*(?:ICP|公网安)备"));
pub(super) static SITE_CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:网站标识码|公网安备)\s*:?\s*(\d{6})\d*"));
pub(super) static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Han}{2,8}?(?:街道|镇|乡))(?:办事处|人民政府|党工委|党委|政府)?(?:关于|\d|年度|法治|$)",
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

pub(super) fn find_region(doc: &Doc, src: &Sources, warnings: &mut Vec<String>) -> Option<Found> {
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
pub(super) fn ambiguous_region(gaz: &Gazetteer, name: &str) -> Region {
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
