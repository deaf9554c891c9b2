//! The administrative-division gazetteer (`assets/gazetteer.tsv`).
//!
//! Every province-, prefecture- and county-level division with its GB/T 2260
//! code, full name, short form and parents. The asset is embedded in the
//! binary and parsed once. Lookups go by full name (`邵阳市`), by short form
//! (`邵阳`, `内蒙古`; one-character short forms are never matched), and
//! repeated names (`鼓楼区`, `朝阳区`) are told apart with [`Hints`]: the
//! provinces and cities a text names.

use crate::model::{Level, Region};
use crate::text::{CharBits, PairBits};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The embedded asset.
const ASSET: &str = include_str!("../../assets/gazetteer.tsv");

static GLOBAL: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(ASSET));

/// One administrative division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    /// Six-digit GB/T 2260 code, when known.
    pub code: Option<String>,
    /// Official full name (`下陆区`).
    pub name: String,
    /// Short form used in running text (`下陆`), `None` when it would be a
    /// single character.
    pub short: Option<String>,
    /// Administrative level.
    pub level: Level,
    /// The province-level unit containing it (itself for a province).
    pub province: String,
    /// The prefecture-level unit containing it (itself for a city); `None`
    /// for provinces and for counties governed directly by a municipality
    /// or a province.
    pub city: Option<String>,
}

impl Division {
    /// The division as the report's [`Region`].
    pub fn region(&self) -> Region {
        Region {
            name: self.name.clone(),
            province: Some(self.province.clone()),
            city: self.city.clone(),
            level: self.level,
            code: self.code.clone(),
            evidence: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// The division as an ambiguous name's candidate.
    pub fn candidate(&self) -> crate::model::RegionCandidate {
        crate::model::RegionCandidate {
            name: self.name.clone(),
            province: self.province.clone(),
            city: self.city.clone(),
            code: self.code.clone(),
        }
    }

    /// The last character of the full name (`市`, `区`, `县`, `州`, `省`…),
    /// which is what a text's self-reference (`全市`, `我区`) names.
    pub fn suffix(&self) -> char {
        self.name.chars().last().unwrap_or(' ')
    }
}

/// Where a division's name occurs in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'g> {
    /// Byte range of the name in the searched string.
    pub range: Range<usize>,
    /// The name as matched (full name or short form).
    pub name: &'g str,
    /// Whether the match is a short form rather than a full name.
    pub short: bool,
}

/// Weights of the provinces and cities a text names, used to tell repeated
/// names apart.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Weight per province full name (`福建省`).
    pub provinces: FxHashMap<String, f64>,
    /// Weight per prefecture-level city full name (`福州市`).
    pub cities: FxHashMap<String, f64>,
    /// Division codes the text states (a web site identifier), strongest hint.
    pub codes: Vec<String>,
}

impl Hints {
    /// Add `w` to the province of this name's divisions, or to the city,
    /// when the name is a province or a city (a full name or a short form).
    pub fn add_name(&mut self, gaz: &Gazetteer, name: &str, w: f64) {
        // Called for every name a text mentions: the divisions are looked up
        // without collecting them, and a key is allocated only once.
        for d in gaz.lookup_ids(name).iter().map(|&i| &gaz.divisions[i]) {
            let weights = match d.level {
                Level::Province => &mut self.provinces,
                Level::City => &mut self.cities,
                _ => continue,
            };
            match weights.get_mut(&d.name) {
                Some(v) => *v += w,
                None => {
                    weights.insert(d.name.clone(), w);
                }
            }
        }
    }

    /// How strongly the hints point at this division.
    pub fn score(&self, d: &Division) -> f64 {
        let code = d.code.as_deref().unwrap_or("");
        let coded = self
            .codes
            .iter()
            .map(|c| {
                if !code.is_empty() && c == code {
                    100.0
                } else if code.len() == 6 && c.len() == 6 && c[..4] == code[..4] {
                    10.0
                } else if code.len() == 6 && c.len() == 6 && c[..2] == code[..2] {
                    5.0
                } else {
                    0.0
                }
            })
            .sum::<f64>();
        let p = self.provinces.get(&d.province).copied().unwrap_or(0.0);
        let c = d
            .city
            .as_ref()
            .and_then(|c| self.cities.get(c))
            .copied()
            .unwrap_or(0.0);
        coded + p + c
    }
}

/// The gazetteer: divisions with name indexes and matchers.
#[derive(Debug)]
pub struct Gazetteer {
    divisions: Vec<Division>,
    by_name: FxHashMap<String, Vec<usize>>,
    by_short: FxHashMap<String, Vec<usize>>,
    /// Full names (matchable ones) and provinces' short forms, tagged.
    names: NameSet,
    /// Characters in the longest short form.
    longest_short: usize,
    /// The first two characters of the short forms: most leads
    /// (`法治政府`, `平安建设`) are followed by no short form, and are
    /// passed over after one bit test.
    short_starts: PairBits,
}

/// A set of names found from the two characters they end with: a scan
/// tests each pair of neighbouring characters against a bit set of the
/// names' last pairs (hashed; every name has two characters or more) and,
/// on a hit, walks back through a trie of the reversed names, which in
/// running text stops after a step or two.
#[derive(Debug)]
struct NameSet {
    /// The last characters of the names and leads (a few dozen: 县, 区,
    /// 市, the provinces' short forms' last ones): most characters of a
    /// text are passed over after this test.
    lasts: CharBits,
    /// The last two characters of the names and leads.
    end_pairs: PairBits,
    /// Trie edges of the reversed names: (node, previous character) → node.
    /// Node 0 is the root.
    edges: FxHashMap<(u32, char), u32>,
    /// Per node, the name that ends there, if the path from the root spells
    /// a whole name (reversed), with its tag.
    names: Vec<Option<(Box<str>, bool)>>,
}

/// The words after which a short form names the report's own region
/// (`法治X`, `平安X`), as the pairs of code points they are.
const LEADS: [(u32, u32); 2] = [('法' as u32, '治' as u32), ('平' as u32, '安' as u32)];

/// What one pass of [`NameSet::scan`] finds.
struct Scan<'s> {
    /// Every occurrence of every name with its tag, overlapping ones
    /// included, in order of their end.
    found: Vec<(Range<usize>, &'s str, bool)>,
    /// Positions right after a `法治` or `平安`.
    leads: Vec<usize>,
}

impl NameSet {
    fn new<'a>(names: impl Iterator<Item = (&'a String, bool)>) -> NameSet {
        let mut lasts = Vec::new();
        let mut set = NameSet {
            lasts: CharBits::from_chars([]),
            end_pairs: PairBits::default(),
            edges: FxHashMap::default(),
            names: vec![None],
        };
        for (n, tag) in names {
            let mut rev = n.chars().rev();
            let (Some(last), Some(before)) = (rev.next(), rev.next()) else {
                continue;
            };
            set.end_pairs.insert(u32::from(before), u32::from(last));
            lasts.push(last);
            let mut node = 0u32;
            for c in n.chars().rev() {
                let next = set.names.len() as u32;
                node = *set.edges.entry((node, c)).or_insert_with(|| next);
                if node == next {
                    set.names.push(None);
                }
            }
            set.names[node as usize] = Some((n.as_str().into(), tag));
        }
        // The leads are found in the same pass.
        for (before, last) in LEADS {
            set.end_pairs.insert(before, last);
            lasts.extend(char::from_u32(last));
        }
        set.lasts = CharBits::from_chars(lasts);
        set
    }

    /// Whether a name may end with `before` then `last` (false positives
    /// possible, no false negatives).
    #[inline]
    fn may_end(&self, before: u32, last: u32) -> bool {
        self.lasts.contains_code(last) && self.end_pairs.contains(before, last)
    }

    /// One pass over `s`: the names' occurrences and the telling leads.
    fn scan<'s>(&'s self, s: &str) -> Scan<'s> {
        let mut scan = Scan {
            found: Vec::new(),
            leads: Vec::new(),
        };
        let b = s.as_bytes();
        let mut prev = u32::from(' ');
        let mut i = 0;
        while i < b.len() {
            let (c, len) = crate::text::decode_at(b, i);
            let end = i + len;
            i = end;
            let before = std::mem::replace(&mut prev, c);
            if self.may_end(before, c) {
                self.walk(s, end, before, c, &mut scan);
            }
        }
        scan
    }

    /// [`NameSet::scan`] at given ends only: byte offsets in `s` right
    /// after the characters where [`NameSet::may_end`] holds (a superset
    /// of them does no harm), in order, as a pass over the text that did
    /// other work found them.
    fn scan_at<'s>(&'s self, s: &str, ends: &[u32]) -> Scan<'s> {
        let mut scan = Scan {
            found: Vec::new(),
            leads: Vec::new(),
        };
        for &end in ends {
            let end = end as usize;
            let Some(head) = s.get(..end) else { continue };
            let mut back = head.chars().rev();
            let Some(c) = back.next() else { continue };
            let before = back.next().map_or(u32::from(' '), u32::from);
            if self.may_end(before, u32::from(c)) {
                self.walk(s, end, before, u32::from(c), &mut scan);
            }
        }
        scan
    }

    /// The leads and names that end at `end`, right after `c`.
    fn walk<'s>(&'s self, s: &str, end: usize, before: u32, c: u32, scan: &mut Scan<'s>) {
        if LEADS.contains(&(before, c)) {
            scan.leads.push(end);
        }
        let mut node = 0u32;
        for (start, c) in s[..end].char_indices().rev() {
            let Some(&next) = self.edges.get(&(node, c)) else {
                break;
            };
            node = next;
            if let Some((name, tag)) = &self.names[node as usize] {
                scan.found.push((start..end, &**name, *tag));
            }
        }
    }
}

/// Full-name occurrences chosen leftmost-longest, as mentions.
fn full_mentions(found: Vec<(Range<usize>, &str, bool)>) -> Vec<Mention<'_>> {
    leftmost_longest(found.into_iter().map(|(r, n, _)| (r, n)).collect())
        .map(|(range, name)| Mention {
            range,
            name,
            short: false,
        })
        .collect()
}

/// Choose among occurrences as a leftmost-longest scan would: the one that
/// starts first, the longest of those, then on after its end.
fn leftmost_longest(
    mut found: Vec<(Range<usize>, &str)>,
) -> impl Iterator<Item = (Range<usize>, &str)> {
    found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut after = 0;
    found.into_iter().filter(move |(r, _)| {
        let take = r.start >= after;
        if take {
            after = r.end;
        }
        take
    })
}

impl Gazetteer {
    /// The built-in gazetteer, parsed once from the embedded asset.
    pub fn global() -> &'static Gazetteer {
        &GLOBAL
    }

    /// Parse a gazetteer in the asset's format: `#` comment lines, a header
    /// line starting with `code`, then tab-separated
    /// `code name short level province city` rows. Malformed rows are skipped.
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut divisions = Vec::new();
        for line in tsv.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let col = |i: usize| cols.get(i).copied().filter(|s| !s.is_empty());
            let (Some(name), Some(level)) = (col(1), col(3)) else {
                continue;
            };
            let level = match level {
                "province" => Level::Province,
                "city" => Level::City,
                "county" => Level::County,
                _ => Level::Unknown,
            };
            let province = col(4).unwrap_or(if level == Level::Province { name } else { "" });
            divisions.push(Division {
                code: col(0).map(str::to_string),
                name: name.to_string(),
                short: col(2)
                    .filter(|s| s.chars().count() >= 2)
                    .map(str::to_string),
                level,
                province: province.to_string(),
                city: col(5).map(str::to_string),
            });
        }
        let mut by_name: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_short: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, d) in divisions.iter().enumerate() {
            by_name.entry(d.name.clone()).or_default().push(i);
            if let Some(s) = &d.short {
                by_short.entry(s.clone()).or_default().push(i);
            }
        }
        // Two-character names such as 城区, 郊区, 矿区, 东区 are ordinary words.
        let full = by_name
            .keys()
            .filter(|n| !(n.chars().count() <= 2 && n.ends_with('区')))
            .map(|n| (n, false));
        let province_shorts = divisions
            .iter()
            .filter(|d| d.level == Level::Province)
            .filter_map(|d| d.short.as_ref())
            .filter(|s| !by_name.contains_key(*s))
            .map(|s| (s, true));
        let names = NameSet::new(full.chain(province_shorts));
        let longest_short = by_short
            .keys()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        let mut short_starts = PairBits::default();
        for short in by_short.keys() {
            let mut cs = short.chars();
            if let (Some(first), Some(second)) = (cs.next(), cs.next()) {
                short_starts.insert(u32::from(first), u32::from(second));
            }
        }
        Gazetteer {
            divisions,
            by_name,
            by_short,
            names,
            longest_short,
            short_starts,
        }
    }

    /// All divisions, in the asset's order.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// Divisions with this full name (several for `鼓楼区`).
    pub fn by_name(&self, name: &str) -> Vec<&Division> {
        self.ids(&self.by_name, name)
    }

    /// Divisions with this short form (`邵阳` → 邵阳市, `湖北` → 湖北省,
    /// `天津` → the municipality 天津市). One-character forms match nothing.
    /// When a short form names both a province and another division
    /// (`吉林`), the province comes first.
    pub fn by_short(&self, short: &str) -> Vec<&Division> {
        let mut v = self.ids(&self.by_short, short);
        v.sort_by_key(|d| d.level);
        v
    }

    /// The ids of the divisions with this full name, else with this short
    /// form, in the asset's order.
    fn lookup_ids(&self, name: &str) -> &[usize] {
        self.by_name
            .get(name)
            .or_else(|| self.by_short.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// Divisions with this full name, else with this short form.
    pub fn lookup(&self, name: &str) -> Vec<&Division> {
        let v = self.by_name(name);
        if v.is_empty() {
            self.by_short(name)
        } else {
            v
        }
    }

    /// The division with this code.
    pub fn by_code(&self, code: &str) -> Option<&Division> {
        self.divisions
            .iter()
            .find(|d| d.code.as_deref() == Some(code))
    }

    /// The province-level division of a province full name.
    pub fn province(&self, name: &str) -> Option<&Division> {
        self.by_name(name)
            .into_iter()
            .find(|d| d.level == Level::Province)
    }

    /// The prefecture-level division of a city full name in a province.
    pub fn city(&self, name: &str, province: &str) -> Option<&Division> {
        self.by_name(name)
            .into_iter()
            .find(|d| d.level == Level::City && d.province == province)
    }

    fn ids<'a>(&'a self, map: &FxHashMap<String, Vec<usize>>, key: &str) -> Vec<&'a Division> {
        map.get(key)
            .map(|ids| ids.iter().map(|&i| &self.divisions[i]).collect())
            .unwrap_or_default()
    }

    /// Full-name mentions in a string, leftmost-longest (`天津市东丽区` gives
    /// `天津市` and `东丽区`).
    pub fn mentions<'g>(&'g self, s: &str) -> Vec<Mention<'g>> {
        let mut found = self.names.scan(s).found;
        found.retain(|o| !o.2);
        full_mentions(found)
    }

    /// Full-name mentions, plus the short forms that tell: a province's
    /// anywhere (`湖北`), any division's right after 法治 or 平安
    /// (`法治邵阳`). Other short forms are ordinary words often enough
    /// (`平安`, `合作`) that they are not looked for. A short form inside a
    /// full name's mention is not a mention.
    pub fn mentions_with_short<'g>(&'g self, s: &str) -> Vec<Mention<'g>> {
        self.with_short(s, self.names.scan(s))
    }

    /// [`Gazetteer::mentions_with_short`] with the search for the names'
    /// ends done already: `ends` are the byte offsets in `s` right after
    /// each character of [`Gazetteer::last_chars`], in order.
    pub fn mentions_with_short_at<'g>(&'g self, s: &str, ends: &[u32]) -> Vec<Mention<'g>> {
        self.with_short(s, self.names.scan_at(s, ends))
    }

    /// The characters a name or a lead may end with (a few dozen).
    pub fn last_chars(&self) -> &CharBits {
        &self.names.lasts
    }

    fn with_short<'g>(&'g self, s: &str, scan: Scan<'g>) -> Vec<Mention<'g>> {
        let Scan { found, leads } = scan;
        // Most lines name no province and hold no lead: nothing to split.
        if leads.is_empty() && !found.iter().any(|o| o.2) {
            return full_mentions(found);
        }
        let (shorts, full): (Vec<_>, Vec<_>) = found.into_iter().partition(|o| o.2);
        let full = full_mentions(full);
        let mut shorts: Vec<(Range<usize>, &str)> =
            shorts.into_iter().map(|(r, n, _)| (r, n)).collect();
        for at in leads {
            let mut cs = s[at..].chars();
            let (Some(first), Some(second)) = (cs.next(), cs.next()) else {
                continue;
            };
            if !self
                .short_starts
                .contains(u32::from(first), u32::from(second))
            {
                continue;
            }
            let mut ends: Vec<usize> = s[at..]
                .char_indices()
                .skip(1)
                .take(self.longest_short)
                .map(|(i, c)| at + i + c.len_utf8())
                .collect();
            ends.reverse();
            if let Some((name, _)) = ends
                .into_iter()
                .find_map(|e| self.by_short.get_key_value(&s[at..e]))
            {
                shorts.push((at..at + name.len(), name.as_str()));
            }
        }
        if shorts.is_empty() {
            return full;
        }
        let free = |r: &Range<usize>| {
            full.iter()
                .all(|m| r.end <= m.range.start || r.start >= m.range.end)
        };
        let shorts: Vec<Mention> = leftmost_longest(shorts)
            .filter(|(r, _)| free(r))
            .map(|(range, name)| Mention {
                range,
                name,
                short: true,
            })
            .collect();
        let mut all = full;
        all.extend(shorts);
        all.sort_by_key(|m| m.range.start);
        all
    }

    /// Choose among divisions sharing a name by the hints. `None` when the
    /// hints cannot tell the best one from the others.
    pub fn resolve<'a>(&self, candidates: &[&'a Division], hints: &Hints) -> Option<&'a Division> {
        match candidates {
            [] => None,
            [one] => Some(one),
            _ => {
                let mut scored: Vec<(f64, &Division)> =
                    candidates.iter().map(|d| (hints.score(d), *d)).collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                (scored[0].0 > scored[1].0).then_some(scored[0].1)
            }
        }
    }
}

/// Whether a prefecture-level city is a provincial capital (省会, or an
/// autonomous region's 首府).
pub fn is_capital(city: &str) -> bool {
    const CAPITALS: [&str; 27] = [
        "石家庄市",
        "太原市",
        "呼和浩特市",
        "沈阳市",
        "长春市",
        "哈尔滨市",
        "南京市",
        "杭州市",
        "合肥市",
        "福州市",
        "南昌市",
        "济南市",
        "郑州市",
        "武汉市",
        "长沙市",
        "广州市",
        "南宁市",
        "海口市",
        "成都市",
        "贵阳市",
        "昆明市",
        "拉萨市",
        "西安市",
        "兰州市",
        "西宁市",
        "银川市",
        "乌鲁木齐市",
    ];
    CAPITALS.contains(&city)
}

/// The province of a one-character abbreviation as used in ICP numbers and
/// licence plates (`津` → 天津市, `湘` → 湖南省).
pub fn province_of_abbr(c: char) -> Option<&'static str> {
    Some(match c {
        '京' => "北京市",
        '津' => "天津市",
        '冀' => "河北省",
        '晋' => "山西省",
        '蒙' => "内蒙古自治区",
        '辽' => "辽宁省",
        '吉' => "吉林省",
        '黑' => "黑龙江省",
        '沪' => "上海市",
        '苏' => "江苏省",
        '浙' => "浙江省",
        '皖' => "安徽省",
        '闽' => "福建省",
        '赣' => "江西省",
        '鲁' => "山东省",
        '豫' => "河南省",
        '鄂' => "湖北省",
        '湘' => "湖南省",
        '粤' => "广东省",
        '桂' => "广西壮族自治区",
        '琼' => "海南省",
        '渝' => "重庆市",
        '川' | '蜀' => "四川省",
        '黔' | '贵' => "贵州省",
        '滇' | '云' => "云南省",
        '藏' => "西藏自治区",
        '陕' | '秦' => "陕西省",
        '甘' | '陇' => "甘肃省",
        '青' => "青海省",
        '宁' => "宁夏回族自治区",
        '新' => "新疆维吾尔自治区",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_all_levels() {
        let g = Gazetteer::global();
        assert!(g.divisions().len() > 3000);
        let d = &g.by_name("邵阳市")[0];
        assert_eq!(
            (d.level, d.code.as_deref(), d.province.as_str()),
            (Level::City, Some("430500"), "湖南省")
        );
        let x = &g.by_name("下陆区")[0];
        assert_eq!(
            (x.city.as_deref(), x.province.as_str()),
            (Some("黄石市"), "湖北省")
        );
        let t = &g.by_name("东丽区")[0];
        assert_eq!(t.city, None);
        let p = g.province("天津市").unwrap();
        assert_eq!((p.level, p.city.as_deref()), (Level::Province, None));
    }

    #[test]
    fn short_forms() {
        let g = Gazetteer::global();
        assert_eq!(g.by_short("邵阳")[0].name, "邵阳市");
        assert_eq!(g.by_short("下陆")[0].name, "下陆区");
        assert_eq!(g.by_short("湖北")[0].name, "湖北省");
        assert_eq!(g.by_short("内蒙古")[0].name, "内蒙古自治区");
        assert_eq!(g.by_short("广西")[0].name, "广西壮族自治区");
        assert_eq!(g.by_short("天津")[0].name, "天津市");
        assert_eq!(g.by_short("吉林")[0].level, Level::Province);
        assert_eq!(g.by_short("延边")[0].name, "延边朝鲜族自治州");
        // One-character short forms never match.
        assert!(g.by_short("城").is_empty());
        assert!(g.by_short("南").is_empty());
        assert!(g.by_name("南县")[0].short.is_none());
    }

    #[test]
    fn mentions_are_leftmost_longest() {
        let g = Gazetteer::global();
        let m = g.mentions("主办:天津市东丽区人民政府,中心城区");
        let names: Vec<_> = m.iter().map(|m| m.name).collect();
        assert_eq!(names, ["天津市", "东丽区"]);
        let s = g.mentions_with_short("建设法治邵阳");
        assert_eq!((s[0].name, s[0].short), ("邵阳", true));
        // A province's short form anywhere, others only where they tell.
        let s = g.mentions_with_short("湖北省委和湖北黄石的平安建设");
        let names: Vec<_> = s.iter().map(|m| (m.name, m.short)).collect();
        assert_eq!(names, [("湖北省", false), ("湖北", true)]);
        // A full name wins over a short form that overlaps it.
        let names: Vec<_> = g.mentions("山东营市").iter().map(|m| m.name).collect();
        assert_eq!(names, ["东营市"]);
    }

    #[test]
    fn repeated_names_resolve_by_hints() {
        let g = Gazetteer::global();
        let gulou = g.by_name("鼓楼区");
        assert_eq!(gulou.len(), 4);
        assert!(g.resolve(&gulou, &Hints::default()).is_none());
        let mut h = Hints::default();
        h.add_name(g, "福建", 1.0);
        assert_eq!(
            g.resolve(&gulou, &h).unwrap().city.as_deref(),
            Some("福州市")
        );
        let mut h = Hints::default();
        h.add_name(g, "南京市", 1.0);
        assert_eq!(
            g.resolve(&gulou, &h).unwrap().code.as_deref(),
            Some("320106")
        );
        let h = Hints {
            codes: vec!["110105".into()],
            ..Hints::default()
        };
        assert_eq!(
            g.resolve(&g.by_name("朝阳区"), &h).unwrap().province,
            "北京市"
        );
    }

    #[test]
    fn user_rows_extend_it() {
        let g = Gazetteer::parse("# c\ncode\tname\tshort\tlevel\tprovince\tcity\n\t某某新区\t某某\tcounty\t某省\t\nbad row\n");
        assert_eq!(g.divisions().len(), 1);
        assert_eq!(g.by_short("某某")[0].code, None);
        assert_eq!(province_of_abbr('湘'), Some("湖南省"));
    }
}
