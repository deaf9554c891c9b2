//! The parser's shared strings as 16-bit symbols: every unit of
//! [`super::indicators::UNITS`] and every topic and indicator key of the
//! taxonomy in force, numbered once. A report stores a [`Sym`] (two bytes)
//! where it would otherwise hold a string or a pointer and length (sixteen)
//! for each of its many indicators and sections.

use super::indicators::UNITS;
use super::taxonomy::{Taxonomy, OTHER, PLANS, PROBLEMS};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::NonZeroU16;
use std::sync::OnceLock;

/// The numbered strings; built on first use from the taxonomy in force
/// (installing another after that is refused, see [`Taxonomy::install`]).
struct Table {
    names: Vec<&'static str>,
    index: FxHashMap<&'static str, NonZeroU16>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

fn table() -> &'static Table {
    TABLE.get_or_init(|| {
        let tax = Taxonomy::global();
        let mut t = Table {
            // Slot 0 is never used: a symbol is never zero, so that an
            // `Option<Sym>` takes two bytes too.
            names: vec![""],
            index: FxHashMap::default(),
        };
        let all = [OTHER, PROBLEMS, PLANS]
            .into_iter()
            .chain(UNITS.iter().copied())
            .chain(tax.topics.iter().map(|t| t.key.as_str()))
            .chain(tax.indicators.iter().map(|r| r.key.as_str()));
        for s in all {
            if t.index.contains_key(s) {
                continue;
            }
            // A taxonomy of more than 65,000 keys keeps the first ones.
            let Some(n) = u16::try_from(t.names.len()).ok().and_then(NonZeroU16::new) else {
                break;
            };
            t.index.insert(s, n);
            t.names.push(s);
        }
        t
    })
}

/// Whether the symbols have been numbered (a taxonomy installed after that
/// would not be seen).
pub(super) fn numbered() -> bool {
    TABLE.get().is_some()
}

/// A unit, key or topic: one of the parser's own strings, two bytes.
/// Reads as the string it stands for (`*sym == *"件"`, `sym.as_str()`);
/// stored and decoded as that string, and decoding a string that is not
/// one of them fails (a cache row of another parser or taxonomy is not
/// trusted).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(NonZeroU16);

impl Sym {
    /// The symbol of `s`, if it is one of the parser's strings.
    pub fn new(s: &str) -> Option<Sym> {
        table().index.get(s).copied().map(Sym)
    }

    /// The topic of a heading the taxonomy does not place (`other`).
    pub fn other() -> Sym {
        Sym::new(OTHER).expect("`other` is numbered first")
    }

    /// The string it stands for.
    pub fn as_str(self) -> &'static str {
        table()
            .names
            .get(usize::from(self.0.get()))
            .copied()
            .unwrap_or("")
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        *self == other.as_str()
    }
}

/// Symbols sort as their strings do.
impl Ord for Sym {
    fn cmp(&self, other: &Sym) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Sym {
    fn partial_cmp(&self, other: &Sym) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sym, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Sym::new(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown unit, key or topic '{s}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_reads_as_its_string_and_takes_two_bytes() {
        let s = Sym::new("件").unwrap();
        assert_eq!(s.as_str(), "件");
        assert!(s == "件");
        assert_eq!(format!("{s}|{s:?}"), "件|\"件\"");
        assert_eq!(std::mem::size_of::<Option<Sym>>(), 2);
        assert_eq!(
            Sym::new("legal_aid.cases").unwrap().as_str(),
            "legal_aid.cases"
        );
        assert_eq!(Sym::new("no such unit"), None);
    }

    #[test]
    fn only_known_strings_decode() {
        let ok: Sym = serde_json::from_str("\"%\"").unwrap();
        assert_eq!(ok.as_str(), "%");
        assert!(serde_json::from_str::<Sym>("\"斤\"").is_err());
    }
}
