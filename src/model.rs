//! The parsed report: the data every other part of baogao reads.
//!
//! A [`Report`] owns its text once; sections and indicators point into it
//! with 32-bit [`Span`]s, and their units, keys and topics are shared with
//! the parser's tables ([`Sym`]), so a corpus of a hundred thousand reports
//! stays compact.
//! [`Report::to_json`] produces the `baogao/report@1` contract of
//! `shared/spec/REPORT_JSON.md`.

pub use crate::parse::symbols::Sym;
pub use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::ops::Range;

/// The JSON schema name of [`Report::to_json`].
pub const REPORT_SCHEMA: &str = "baogao/report@1";

/// A byte range of a report's text in 32 bits (a report's text is far
/// below 4 GiB: files are read up to 64 MiB; a larger range saturates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// The range to slice the text with.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether it holds byte `at`.
    pub fn contains(self, at: usize) -> bool {
        self.range().contains(&at)
    }

    /// Whether it holds no byte.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        let narrow = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: narrow(r.start),
            end: narrow(r.end),
        }
    }
}

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Province-level unit (省, 自治区, 直辖市).
    Province,
    /// Prefecture-level unit (地级市, 自治州, 地区, 盟).
    City,
    /// County-level unit (区, 县, 县级市, 旗).
    County,
    /// Anything else (a street office, a town, a department's own region).
    Unknown,
}

impl Level {
    /// The contract's spelling: `province`, `city`, `county`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Unknown => "unknown",
        }
    }
}

/// The government whose year of work a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Simplified official short name: `下陆区`, `邵阳市`.
    pub name: String,
    /// Province-level unit containing it (itself for a province).
    pub province: Option<String>,
    /// Prefecture-level city containing it (itself for a city).
    pub city: Option<String>,
    /// Administrative level.
    pub level: Level,
    /// Six-digit GB/T 2260 code when the gazetteer knows it.
    pub code: Option<String>,
    /// Where the region was read from, strongest first: `title`,
    /// `metadata`, `signature`, `site` (page chrome: site name, breadcrumb,
    /// owner), `self-reference`, `department`, `body`.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// For a name several divisions share that the text does not decide:
    /// the divisions it may be.
    #[serde(default)]
    pub candidates: Vec<RegionCandidate>,
}

/// One division an ambiguous region name may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionCandidate {
    /// Full name (`鼓楼区`).
    pub name: String,
    /// Its province-level unit.
    pub province: String,
    /// Its prefecture-level city, if any.
    pub city: Option<String>,
    /// Its GB/T 2260 code.
    pub code: Option<String>,
}

/// Which script a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Simplified characters (the usual case).
    #[default]
    Simplified,
    /// Traditional characters.
    Traditional,
}

impl Script {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }
}

/// How exact a stated figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Approx {
    /// 余, 多, 以上, 超过, 逾, 突破.
    Over,
    /// 近, 约, 左右.
    About,
    /// 不到, 以下, 以内, 不足.
    Under,
}

impl Approx {
    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::Over => "over",
            Approx::About => "about",
            Approx::Under => "under",
        }
    }
}

/// One heading of the outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Dotted path of positions in the tree (`"2.1"`).
    pub id: CompactString,
    /// Rank of the marker style: 1 `一、`, 2 `（一）`, 3 `1.`, 4 `（1）`.
    pub level: u8,
    /// The marker as printed (`一、`, `(一)`).
    pub marker: CompactString,
    /// The heading's title as printed (original script).
    pub title: CompactString,
    /// Topic key from the taxonomy.
    pub topic: Sym,
    /// 1-based line number of the heading.
    pub line: u32,
    /// Index of the parent section in [`Report::sections`].
    pub parent: Option<u32>,
    /// Depth in the tree, 0 for top-level nodes.
    pub depth: usize,
    /// Byte range of the heading in [`Report::text`]: its line, or marker
    /// and title when the line runs on into the section's first paragraph
    /// (`1.强化领导实施…`: the paragraph starts at `实施`).
    pub heading: Span,
    /// Byte range of the section's own text (heading line up to the next heading).
    pub body: Span,
}

impl Section {
    /// The parent's index in [`Report::sections`].
    pub fn parent_index(&self) -> Option<usize> {
        self.parent.map(|p| p as usize)
    }
}

/// One quantitative fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// What is counted (Simplified): `办理法律援助案件` (held in place up
    /// to 24 bytes, as ids, markers and short titles are: most need no
    /// allocation of their own).
    pub name: CompactString,
    /// The number fully scaled (`27.4亿元` → 2 740 000 000).
    pub value: f64,
    /// Counting unit in Simplified: `件`, `人次`, `元`, `%` (one of the
    /// parser's units, two bytes, not a string for each of the many
    /// indicators).
    pub unit: Sym,
    /// Approximation, if the text states one.
    pub approx: Option<Approx>,
    /// Canonical key from the taxonomy (shared with it, like the unit).
    pub canonical: Option<Sym>,
    /// Index of the innermost section holding it.
    pub section: Option<u32>,
    /// 1-based line number.
    pub line: u32,
    /// Byte range of the number and unit as written (`raw`).
    pub span: Span,
    /// Byte range of the sentence holding it.
    pub sentence: Span,
}

impl Indicator {
    /// The index of the innermost section holding it.
    pub fn section_index(&self) -> Option<usize> {
        self.section.map(|s| s as usize)
    }
}

/// A parsed report.
///
/// Serialised (the browser's cache of parsed reports) without its text,
/// which is read again from the file when it is needed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// Where the report came from, as given by the user.
    pub path: String,
    /// The file name's bytes when they are not UTF-8 (`path` then holds
    /// them with U+FFFD in place of what is not): the file stays reachable.
    pub path_bytes: Option<Vec<u8>>,
    /// The decoded text (original script); every range points into it.
    #[serde(skip)]
    pub text: String,
    /// The report's own title line as printed.
    pub title: Option<String>,
    /// The government the report covers.
    pub region: Option<Region>,
    /// The issuing body, Simplified.
    pub issuer: Option<String>,
    /// Whether the report is a department's account of its own work
    /// (`省司法厅…`, `我局…`), not a government's.
    pub department: bool,
    /// Year of work covered.
    pub year: Option<i32>,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Script of the text.
    pub script: Script,
    /// Headings in text order (a pre-order walk of the tree).
    pub sections: Vec<Section>,
    /// Indicators in text order.
    pub indicators: Vec<Indicator>,
    /// What could not be determined, in words for the user.
    pub warnings: Vec<String>,
}

impl Report {
    /// Set where the report came from: `path` as text, and its bytes when
    /// they are not UTF-8.
    pub fn set_source(&mut self, path: &std::path::Path) {
        use std::os::unix::ffi::OsStrExt;
        self.path = path.to_string_lossy().into_owned();
        self.path_bytes = path
            .to_str()
            .is_none()
            .then(|| path.as_os_str().as_bytes().to_vec());
    }

    /// The file the report came from, with its name's bytes as they are.
    pub fn source_path(&self) -> std::path::PathBuf {
        use std::os::unix::ffi::OsStrExt;
        match &self.path_bytes {
            Some(b) => std::ffi::OsStr::from_bytes(b).into(),
            None => self.path.clone().into(),
        }
    }

    /// The `raw` text of an indicator: number and unit exactly as written.
    pub fn raw(&self, ind: &Indicator) -> &str {
        self.text.get(ind.span.range()).unwrap_or("")
    }

    /// The sentence holding an indicator.
    pub fn sentence(&self, ind: &Indicator) -> &str {
        self.text.get(ind.sentence.range()).unwrap_or("")
    }

    /// The text of a section, heading line included, up to the next heading.
    pub fn section_text(&self, idx: usize) -> &str {
        self.sections
            .get(idx)
            .and_then(|s| self.text.get(s.body.range()))
            .unwrap_or("")
    }

    /// The id of the section holding an indicator, if any.
    pub fn section_id(&self, ind: &Indicator) -> Option<&str> {
        ind.section_index()
            .and_then(|i| self.sections.get(i))
            .map(|s| s.id.as_str())
    }

    /// Indices of the direct children of a section (`None`: top-level nodes).
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent_index() == parent)
            .map(|(i, _)| i)
    }

    /// A short display label: region name (or file stem) and year.
    pub fn label(&self) -> String {
        let name = self
            .region
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_else(|| file_stem(&self.path).to_string());
        match self.year {
            Some(y) => format!("{name} {y}"),
            None => name,
        }
    }

    /// The `baogao/report@1` JSON object; `path_bytes` (the name's bytes in
    /// standard base64) is added when the file name is not UTF-8.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "schema": REPORT_SCHEMA,
            "path": self.path,
            "title": self.title,
            "region": self.region.as_ref().map(region_json),
            "issuer": self.issuer,
            "department": self.department,
            "year": self.year,
            "published": self.published,
            "script": self.script.as_str(),
            "sections": self.section_tree(&self.child_lists(), None),
            "indicators": self.indicators.iter().map(|i| self.indicator_json(i)).collect::<Vec<_>>(),
            "warnings": self.warnings,
        });
        if let (Some(b), Some(map)) = (&self.path_bytes, v.as_object_mut()) {
            use base64::Engine;
            let b = base64::engine::general_purpose::STANDARD.encode(b);
            map.insert("path_bytes".into(), Value::String(b));
        }
        v
    }

    /// The children of every section (index `i + 1`) and the top-level
    /// sections (index 0), in text order, in one pass: calling
    /// [`Report::children`] per section is quadratic in the number of headings.
    fn child_lists(&self) -> Vec<Vec<usize>> {
        let mut lists = vec![Vec::new(); self.sections.len() + 1];
        for (i, s) in self.sections.iter().enumerate() {
            let slot = s.parent_index().map_or(0, |p| p + 1);
            if let Some(list) = lists.get_mut(slot) {
                list.push(i);
            }
        }
        lists
    }

    fn section_tree(&self, lists: &[Vec<usize>], parent: Option<usize>) -> Vec<Value> {
        let slot = parent.map_or(0, |p| p + 1);
        lists
            .get(slot)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&i| {
                let s = &self.sections[i];
                json!({
                    "id": s.id,
                    "level": s.level,
                    "marker": s.marker,
                    "title": s.title,
                    "topic": s.topic,
                    "line": s.line,
                    "children": self.section_tree(lists, Some(i)),
                })
            })
            .collect()
    }

    fn indicator_json(&self, ind: &Indicator) -> Value {
        json!({
            "name": ind.name,
            "value": number_json(ind.value),
            "unit": ind.unit,
            "approx": ind.approx.map(Approx::as_str),
            "raw": self.raw(ind),
            "canonical": ind.canonical,
            "section": self.section_id(ind),
            "line": ind.line,
            "sentence": self.sentence(ind),
        })
    }
}

fn region_json(r: &Region) -> Value {
    json!({
        "name": r.name,
        "province": r.province,
        "city": r.city,
        "level": r.level.as_str(),
        "code": r.code,
        "evidence": r.evidence,
        "candidates": r.candidates.iter().map(|c| json!({
            "name": c.name,
            "province": c.province,
            "city": c.city,
            "code": c.code,
        })).collect::<Vec<_>>(),
    })
}

/// A JSON number that prints integers without a fraction (`302`, not `302.0`).
pub fn number_json(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// Format a value for display: integers without a fraction, others trimmed.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The file name of a path without folders or extension.
pub fn file_stem(path: &str) -> &str {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    }
}
