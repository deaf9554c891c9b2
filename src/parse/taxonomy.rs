//! Section topics and canonical indicator keys, loaded from
//! `assets/taxonomy.toml` (embedded) and optionally extended by a user file.

use crate::text::{ByFirst, CharBits, PairBits};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::sync::{LazyLock, OnceLock};

/// The embedded default taxonomy.
pub const DEFAULT_TOML: &str = include_str!("../../assets/taxonomy.toml");

/// The topic given when nothing else fits.
pub const OTHER: &str = "other";
/// The topic of shortcomings.
pub const PROBLEMS: &str = "problems";
/// The topic of next year's plans.
pub const PLANS: &str = "plans";

/// A section topic.
#[derive(Debug, Clone, Deserialize)]
pub struct Topic {
    /// Key (`disputes`).
    pub key: String,
    /// Chinese label for display.
    #[serde(default)]
    pub label: String,
    /// Words that select it.
    #[serde(default)]
    pub words: Vec<String>,
}

/// A canonical indicator rule.
#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorRule {
    /// Key (`legal_aid.cases`).
    pub key: String,
    /// Chinese label for display.
    #[serde(default)]
    pub label: String,
    /// Allowed units (empty: any).
    #[serde(default)]
    pub units: Vec<String>,
    /// Every entry (alternatives split by `|`) must occur in the name.
    #[serde(default)]
    pub name: Vec<String>,
    /// Every entry must occur in the name or the preceding context.
    #[serde(default)]
    pub context: Vec<String>,
    /// No entry may occur in the name.
    #[serde(default)]
    pub not: Vec<String>,
}

/// The whole taxonomy.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Taxonomy {
    /// Section topics in priority order.
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Canonical indicator rules in priority order.
    #[serde(default)]
    pub indicators: Vec<IndicatorRule>,
    /// Fixed terms that look like counts but name a thing (`三项制度`).
    #[serde(default)]
    pub fixed_terms: Vec<String>,
    /// Words that open a body sentence: where a run-on heading's title is
    /// cut ([`super::runon`]).
    #[serde(default)]
    pub body_openers: Vec<String>,
    /// Words a heading title often ends with (a clue for the same cut).
    #[serde(default)]
    pub title_ends: Vec<String>,
    /// Verbs that open an account of the work (a weaker clue than
    /// `body_openers`).
    #[serde(default)]
    pub body_verbs: Vec<String>,
    /// Heads of a body's name (`机关`, `局`): `区…机关` opening a sentence.
    #[serde(default)]
    pub body_units: Vec<String>,
    /// Adverbs of a title that states a result (`不断` in `…不断提升`).
    #[serde(default)]
    pub predicate_adverbs: Vec<String>,
    /// Every word above in one automaton, built on first use.
    #[serde(skip)]
    index: OnceLock<Index>,
    /// A hash of the user's file this taxonomy extends the default with
    /// (0: the default alone).
    #[serde(skip)]
    user_hash: u64,
}

/// Every word of the taxonomy by its first character, and each topic and
/// rule as lists of word ids, so that matching a text costs one pass over it.
#[derive(Debug, Clone)]
struct Index {
    /// Word ids by their first two characters (the first and
    /// [`ONE_CHARACTER`] for a word of one): most words that share a first
    /// character (法治…, 法律…) differ at the second.
    by_start: FxHashMap<(u32, u32), Vec<usize>>,
    /// The keys of `by_start` for words of two characters or more, and the
    /// words of one character: a position where no word starts (most of a
    /// text) costs one test, rather than a test of the first character and
    /// then one per word that starts with it.
    pairs: PairBits,
    /// The words of one character (see `pairs`).
    singles: CharBits,
    /// Every word, by id.
    words: Vec<String>,
    /// A prepared search for each word, by id (for the rules' context words,
    /// searched in a sentence per indicator).
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// Per word id: the topics it scores for, as (topic, weight).
    word_topics: Vec<Vec<(usize, usize)>>,
    /// Per rule: its entries as bit masks of word ids.
    rules: Vec<RuleMasks>,
    /// Per unit named by a rule: the rules that accept it, in order (those
    /// that name no unit included).
    rules_by_unit: FxHashMap<String, Vec<usize>>,
    /// The rules that name no unit, in order: all that accept another unit.
    rules_any_unit: Vec<usize>,
    /// Fixed terms by their first character.
    fixed_by_first: ByFirst<String>,
}

impl Index {
    fn build(t: &Taxonomy) -> Index {
        let mut words: Vec<String> = Vec::new();
        let id = |w: &str, words: &mut Vec<String>| match words.iter().position(|x| x == w) {
            Some(i) => i,
            None => {
                words.push(w.to_string());
                words.len() - 1
            }
        };
        let mut word_topics: Vec<Vec<(usize, usize)>> = Vec::new();
        for (k, tp) in t.topics.iter().enumerate() {
            for w in tp.words.iter().filter(|w| !w.is_empty()) {
                let i = id(w, &mut words);
                word_topics.resize(words.len(), Vec::new());
                word_topics[i].push((k, w.chars().count() * w.chars().count()));
            }
        }
        let alts = |entries: &[String], words: &mut Vec<String>| -> Vec<Vec<usize>> {
            entries
                .iter()
                .map(|e| {
                    e.split('|')
                        .filter(|w| !w.is_empty())
                        .map(|w| id(w, words))
                        .collect()
                })
                .collect()
        };
        let entries: Vec<[Vec<Vec<usize>>; 3]> = t
            .indicators
            .iter()
            .map(|r| {
                [
                    alts(&r.name, &mut words),
                    alts(&r.context, &mut words),
                    alts(&r.not, &mut words),
                ]
            })
            .collect();
        // Masks as wide as the final word list.
        let width = words.len().div_ceil(64);
        let rules = entries
            .into_iter()
            .map(|[name, context, not]| RuleMasks {
                name: name.iter().map(|a| Seen::of(a, width)).collect(),
                not: Seen::of(&not.concat(), width),
                context: context
                    .into_iter()
                    .map(|a| (Seen::of(&a, width), a))
                    .collect(),
            })
            .collect();
        // A few hundred short words, matched where they start: names and
        // titles are short, and a table of every state of an automaton over
        // them does not stay in cache.
        word_topics.resize(words.len(), Vec::new());
        let accepts =
            |r: &IndicatorRule, unit: &str| r.units.is_empty() || r.units.iter().any(|u| u == unit);
        let mut rules_by_unit = FxHashMap::default();
        for unit in t.indicators.iter().flat_map(|r| &r.units) {
            let ids = (0..t.indicators.len())
                .filter(|&i| accepts(&t.indicators[i], unit))
                .collect();
            rules_by_unit.insert(unit.clone(), ids);
        }
        let rules_any_unit = (0..t.indicators.len())
            .filter(|&i| t.indicators[i].units.is_empty())
            .collect();
        let mut by_start: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
        let mut pairs = PairBits::default();
        let mut singles = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut cs = w.chars();
            let Some(a) = cs.next() else { continue };
            let second = cs.next().map_or(ONE_CHARACTER, u32::from);
            by_start.entry((u32::from(a), second)).or_default().push(i);
            if second == ONE_CHARACTER {
                singles.push(a);
            } else {
                pairs.insert(u32::from(a), second);
            }
        }
        let fixed_by_first = ByFirst::new(t.fixed_terms.iter().map(|f| (f.as_str(), f.clone())));
        let finders = words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
            .collect();
        Index {
            by_start,
            pairs,
            singles: CharBits::from_chars(singles),
            words,
            finders,
            word_topics,
            rules,
            rules_by_unit,
            rules_any_unit,
            fixed_by_first,
        }
    }

    /// Which words occur in a text.
    fn matched(&self, text: &str) -> Seen {
        let mut seen = Seen::of(&[], self.words.len().div_ceil(64));
        let b = text.as_bytes();
        if b.is_empty() {
            return seen;
        }
        // Each character decoded once: as the second of a pair, then as the first.
        let (mut c, mut len) = crate::text::decode_at(b, 0);
        let mut at = 0;
        while at < b.len() {
            let next = at + len;
            let (second, second_len) = match b.get(next) {
                Some(_) => crate::text::decode_at(b, next),
                None => (ONE_CHARACTER, 0),
            };
            // One branch for both tests.
            let (pair, single) = (
                self.pairs.contains(c, second),
                self.singles.contains_code(c),
            );
            if pair | single {
                let mut words_at = |key| {
                    for &i in self.by_start.get(&key).map_or(&[][..], Vec::as_slice) {
                        if b[at..].starts_with(self.words[i].as_bytes()) {
                            seen.insert(i);
                        }
                    }
                };
                if pair {
                    words_at((c, second));
                }
                if single {
                    words_at((c, ONE_CHARACTER));
                }
            }
            (c, len, at) = (second, second_len, next);
        }
        seen
    }
}

/// The second character recorded for a word of one character (no code point).
const ONE_CHARACTER: u32 = u32::MAX;

/// The words seen in a text, one bit per word id: kept inline up to 512
/// words (the taxonomy has a few hundred), as it is made per indicator.
#[derive(Debug, Clone)]
struct Seen(smallvec::SmallVec<[u64; 8]>);

/// An indicator rule's entries as masks of word ids, tested against the
/// words a name holds with a few bitwise ands (rather than a walk through
/// nested lists of ids per rule and indicator).
#[derive(Debug, Clone)]
struct RuleMasks {
    /// Per name entry, its alternatives: one must occur in the name.
    name: Vec<Seen>,
    /// Every word of every not entry: none may occur in the name.
    not: Seen,
    /// Per context entry, its alternatives as a mask (for the name) and as
    /// word ids (for the context, searched only when the name fits).
    context: Vec<(Seen, Vec<usize>)>,
}

impl Seen {
    /// The set of `ids`, `width` words wide.
    fn of(ids: &[usize], width: usize) -> Seen {
        let mut seen = Seen(smallvec::smallvec![0; width]);
        for &i in ids {
            seen.insert(i);
        }
        seen
    }

    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Whether the two sets share a word: every word of the sets and'ed,
    /// without a branch per word (where the first shared word lies is as
    /// good as random to a branch predictor).
    fn meets(&self, mask: &Seen) -> bool {
        self.0
            .iter()
            .zip(&mask.0)
            .fold(0, |acc, (a, b)| acc | (a & b))
            != 0
    }

    /// The ids of the words seen, in order.
    fn ids(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + bit
                })
            })
        })
    }
}

static USER: OnceLock<Taxonomy> = OnceLock::new();

static DEFAULT: LazyLock<Taxonomy> =
    LazyLock::new(|| Taxonomy::from_toml(DEFAULT_TOML).expect("embedded taxonomy.toml is valid"));

impl Taxonomy {
    /// The taxonomy in force: the user's extension if one was installed with
    /// [`Taxonomy::install`], else the embedded default.
    pub fn global() -> &'static Taxonomy {
        USER.get().unwrap_or(&DEFAULT)
    }

    /// Parse a taxonomy file.
    pub fn from_toml(s: &str) -> Result<Taxonomy, toml::de::Error> {
        toml::from_str(s)
    }

    /// The default taxonomy extended by a user's file: entries with a new key
    /// are added, entries with a key already present replace the old ones.
    pub fn extended(user: &str) -> Result<Taxonomy, toml::de::Error> {
        let extra = Taxonomy::from_toml(user)?;
        let mut t = DEFAULT.clone();
        t.index = OnceLock::new();
        t.user_hash = {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            h.write(user.as_bytes());
            h.finish() | 1
        };
        for topic in extra.topics {
            match t.topics.iter_mut().find(|x| x.key == topic.key) {
                Some(x) => *x = topic,
                None => {
                    let at = t
                        .topics
                        .iter()
                        .position(|x| x.key == OTHER)
                        .unwrap_or(t.topics.len());
                    t.topics.insert(at, topic);
                }
            }
        }
        t.fixed_terms.extend(extra.fixed_terms);
        t.body_openers.extend(extra.body_openers);
        t.title_ends.extend(extra.title_ends);
        t.body_verbs.extend(extra.body_verbs);
        t.body_units.extend(extra.body_units);
        t.predicate_adverbs.extend(extra.predicate_adverbs);
        let replaced: Vec<String> = extra.indicators.iter().map(|r| r.key.clone()).collect();
        t.indicators.retain(|r| !replaced.contains(&r.key));
        let mut rules = extra.indicators;
        rules.append(&mut t.indicators);
        t.indicators = rules;
        Ok(t)
    }

    /// What distinguishes this taxonomy from the embedded default: 0 for the
    /// default, else a hash of the user's file (the browser's cache keeps
    /// the reports parsed with each apart).
    pub fn fingerprint(&self) -> u64 {
        self.user_hash
    }

    /// Make `t` the taxonomy returned by [`Taxonomy::global`] (once, at
    /// start, before any report is parsed or read from the cache: the
    /// parser's [`crate::model::Sym`]s are numbered from the taxonomy in
    /// force at first use). Returns whether it was installed.
    pub fn install(t: Taxonomy) -> bool {
        !super::symbols::numbered() && USER.set(t).is_ok()
    }

    /// Chinese label of a topic key.
    pub fn topic_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.topics
            .iter()
            .find(|t| t.key == key)
            .map_or(key, |t| t.label.as_str())
    }

    /// Chinese label of a canonical key.
    pub fn indicator_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.indicators
            .iter()
            .find(|t| t.key == key)
            .map_or(key, |t| t.label.as_str())
    }

    /// Score each topic on a (Simplified) text; returns the best topic key,
    /// or `None` when no word matches. `problems` beats `plans`.
    pub fn topic_of<'a>(&'a self, text: &str) -> Option<&'a str> {
        let index = self.index();
        let seen = index.matched(text);
        let mut scores = vec![0usize; self.topics.len()];
        for i in seen.ids() {
            for &(k, w) in &index.word_topics[i] {
                scores[k] += w;
            }
        }
        let mut best: Option<(&'a str, usize)> = None;
        for (t, &score) in self.topics.iter().zip(&scores) {
            if score == 0 {
                continue;
            }
            if t.key == PROBLEMS {
                return Some(&t.key);
            }
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((&t.key, score));
            }
        }
        best.map(|(k, _)| k)
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self))
    }

    /// Whether `text` starts with one of the fixed terms (`三项制度`).
    pub fn starts_with_fixed_term(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|c| {
            self.index()
                .fixed_by_first
                .starting(u32::from(c))
                .iter()
                .any(|t| text.starts_with(t.as_str()))
        })
    }

    /// Whether `text` names one of the topic's words.
    pub fn mentions(&self, topic: &str, text: &str) -> bool {
        self.topics
            .iter()
            .find(|t| t.key == topic)
            .is_some_and(|t| {
                t.words
                    .iter()
                    .any(|w| !w.is_empty() && text.contains(w.as_str()))
            })
    }

    /// The canonical key of an indicator with this (Simplified) name, unit and
    /// preceding context.
    pub fn canonical_of<'a>(&'a self, name: &str, unit: &str, context: &str) -> Option<&'a str> {
        let index = self.index();
        let mut in_name = None;
        let ids = index
            .rules_by_unit
            .get(unit)
            .unwrap_or(&index.rules_any_unit);
        for &i in ids {
            let (r, masks) = (&self.indicators[i], &index.rules[i]);
            let in_name = in_name.get_or_insert_with(|| index.matched(name));
            if !masks.name.iter().all(|a| in_name.meets(a)) || in_name.meets(&masks.not) {
                continue;
            }
            // The context is often a long sentence: searched only for the
            // few words a rule that fits the name asks about.
            if masks.context.iter().all(|(mask, a)| {
                in_name.meets(mask)
                    || a.iter()
                        .any(|&w| index.finders[w].find(context.as_bytes()).is_some())
            }) {
                return Some(&r.key);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_taxonomy_loads() {
        let t = Taxonomy::global();
        assert!(t.topics.iter().any(|x| x.key == OTHER));
        assert!(t.indicators.len() >= 28);
    }

    #[test]
    fn topics_from_titles() {
        let t = Taxonomy::global();
        assert_eq!(t.topic_of("存在的问题和下一步打算"), Some(PROBLEMS));
        assert_eq!(t.topic_of("2025年工作打算"), Some(PLANS));
        assert_eq!(t.topic_of("加强行政复议应诉工作"), Some("disputes"));
        assert_eq!(t.topic_of("法治建设基本情况"), None);
    }

    #[test]
    fn canonical_keys() {
        let t = Taxonomy::global();
        assert_eq!(
            t.canonical_of("办理法律援助案件", "件", ""),
            Some("legal_aid.cases")
        );
        assert_eq!(
            t.canonical_of("调解成功率", "%", ""),
            Some("mediation.success_rate")
        );
        assert_eq!(
            t.canonical_of("已办结案件", "件", "区司法局共受理行政复议案件48件"),
            Some("reconsideration.closed")
        );
        assert_eq!(t.canonical_of("办理法律援助案件", "%", ""), None);
    }

    #[test]
    fn user_file_extends_and_replaces() {
        let t = Taxonomy::extended(
            "[[indicators]]\nkey = \"legal_aid.cases\"\nunits=[\"宗\"]\nname=[\"援助\"]\n\n[[indicators]]\nkey=\"x.new\"\nname=[\"新指标\"]\n",
        )
        .unwrap();
        assert_eq!(t.canonical_of("办理法律援助案件", "件", ""), None);
        assert_eq!(
            t.canonical_of("法律援助", "宗", ""),
            Some("legal_aid.cases")
        );
        assert_eq!(t.canonical_of("新指标", "个", ""), Some("x.new"));
    }
}
