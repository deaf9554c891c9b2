//! Regions pane: one row per report (region, year, province, issuer),
//! fuzzy-filtered on Chinese names and pinyin, sortable.

use super::{frame, Cursor, Pane};
use crate::corpus::{Corpus, Entry};
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::width::fit;
use nucleo_matcher::{Matcher, Utf32Str, Utf32String};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::cmp::Ordering;
use std::ops::Range;

/// Sort orders of the regions list (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionSort {
    /// By the pinyin of the region's name.
    #[default]
    Region,
    /// By year, newest first.
    Year,
    /// By province, then region.
    Province,
}

impl RegionSort {
    /// The next order.
    pub fn next(self) -> RegionSort {
        match self {
            RegionSort::Region => RegionSort::Year,
            RegionSort::Year => RegionSort::Province,
            RegionSort::Province => RegionSort::Region,
        }
    }

    /// Name for the status line and title.
    pub fn name(self) -> &'static str {
        match self {
            RegionSort::Region => "region",
            RegionSort::Year => "year",
            RegionSort::Province => "province",
        }
    }

    fn compare(self, a: &Entry, b: &Entry) -> Ordering {
        let by_region = || a.keys.region.cmp(&b.keys.region);
        match self {
            RegionSort::Region => by_region(),
            RegionSort::Year => b.report.year.cmp(&a.report.year).then_with(by_region),
            RegionSort::Province => a.keys.province.cmp(&b.keys.province).then_with(by_region),
        }
    }
}

/// State of the regions pane.
#[derive(Debug, Clone, Default)]
pub struct RegionsState {
    /// The filter as typed.
    pub filter: String,
    /// Current sort order.
    pub sort: RegionSort,
    /// Indices into the corpus of the rows shown, in order.
    pub view: Vec<usize>,
    /// Selection and scroll.
    pub cursor: Cursor,
    /// The filter `view` was computed for (for incremental narrowing).
    applied: String,
    /// Every corpus index in the current sort order: the unfiltered rows,
    /// kept so a new filter only selects from it, never sorts.
    order: Vec<usize>,
    /// Every entry's filter fields, packed together.
    hay: Haystacks,
}

/// The filter fields ([`crate::corpus::Keys::fields`]) of every entry,
/// decoded once and packed into two arenas, so that filtering reads a few
/// contiguous megabytes instead of chasing pointers across the corpus.
#[derive(Debug, Clone, Default)]
struct Haystacks {
    /// ASCII fields, as bytes.
    ascii: Vec<u8>,
    /// Other fields, as characters.
    chars: Vec<char>,
    /// Each field: ASCII or not, and its range in its arena.
    fields: Vec<(bool, Range<u32>)>,
    /// Each corpus entry's range in `fields`.
    of_entry: Vec<Range<u32>>,
}

impl Haystacks {
    /// Record (or re-record, when its keys changed) entry `i`'s fields.
    fn set(&mut self, i: usize, e: &Entry) {
        let start = self.fields.len() as u32;
        for f in &e.keys.fields {
            if f.is_ascii() {
                let a = self.ascii.len() as u32;
                self.ascii.extend_from_slice(f.as_bytes());
                self.fields.push((true, a..self.ascii.len() as u32));
            } else {
                let a = self.chars.len() as u32;
                self.chars.extend(f.chars());
                self.fields.push((false, a..self.chars.len() as u32));
            }
        }
        if self.of_entry.len() <= i {
            self.of_entry.resize(i + 1, 0..0);
        }
        self.of_entry[i] = start..self.fields.len() as u32;
    }

    /// The fields of entry `i`, as the matcher reads them.
    fn of(&self, i: usize) -> impl Iterator<Item = Utf32Str<'_>> + '_ {
        let r = self.of_entry.get(i).cloned().unwrap_or(0..0);
        self.fields[r.start as usize..r.end as usize]
            .iter()
            .map(|(ascii, r)| {
                let r = r.start as usize..r.end as usize;
                if *ascii {
                    Utf32Str::Ascii(&self.ascii[r])
                } else {
                    Utf32Str::Unicode(&self.chars[r])
                }
            })
    }
}

/// A compiled filter: `None` matches everything.
struct Filter {
    needle: Option<Utf32String>,
    matcher: Matcher,
}

impl Filter {
    /// A fuzzy filter ignoring case; a field matches when it holds the
    /// query's characters in order (found greedily, in linear time: rows are
    /// not ranked, so no score is needed).
    fn new(query: &str) -> Filter {
        let q = crate::text::normalize(query.trim()).to_lowercase();
        let mut config = nucleo_matcher::Config::DEFAULT;
        config.ignore_case = true;
        config.normalize = true;
        Filter {
            needle: (!q.is_empty()).then(|| Utf32String::from(q)),
            matcher: Matcher::new(config),
        }
    }

    fn matches(&mut self, hay: &Haystacks, i: usize) -> bool {
        let Some(needle) = &self.needle else {
            return true;
        };
        hay.of(i).any(|f| {
            self.matcher
                .fuzzy_match_greedy(f, needle.slice(..))
                .is_some()
        })
    }
}

impl RegionsState {
    /// The corpus index of the selected row.
    pub fn selected_entry(&self) -> Option<usize> {
        self.view.get(self.cursor.selected).copied()
    }

    /// Select the row showing corpus entry `entry`, if it is shown.
    pub fn select_entry(&mut self, entry: usize) -> bool {
        match self.view.iter().position(|&i| i == entry) {
            Some(pos) => {
                self.cursor.set(pos, self.view.len());
                true
            }
            None => false,
        }
    }

    /// Set the filter text and recompute the rows (narrowing the current rows
    /// when the new text extends the old one, else selecting from the sorted
    /// unfiltered rows). Keeps the selected report when it is still shown,
    /// otherwise selects the first row.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        let keep = self.selected_entry();
        let narrowing =
            !self.applied.trim().is_empty() && filter.starts_with(self.applied.as_str());
        let mut f = Filter::new(filter);
        if narrowing {
            let hay = &self.hay;
            self.view.retain(|&i| f.matches(hay, i));
        } else if f.needle.is_none() {
            self.view.clone_from(&self.order);
        } else {
            self.view.clear();
            let hay = &self.hay;
            self.view
                .extend(self.order.iter().copied().filter(|&i| f.matches(hay, i)));
        }
        self.applied = filter.to_string();
        self.reselect(keep);
    }

    /// Take in loading changes: entries `new` were added to the corpus, and
    /// the entries `changed` got new keys (a full parse that read a different
    /// region or year than the listing). Merges them into the rows in order.
    /// A selection on the first row stays on the first row (the browser
    /// opens on the first report, whatever order the reports arrive in);
    /// any other selection stays on its report.
    pub fn update(&mut self, new: Range<usize>, changed: &[usize], corpus: &Corpus) {
        let keep = self.selected_entry();
        let at_top = self.cursor.selected == 0;
        if !changed.is_empty() {
            let mut gone = changed.to_vec();
            gone.sort_unstable();
            self.order.retain(|i| gone.binary_search(i).is_err());
            self.view.retain(|i| gone.binary_search(i).is_err());
        }
        let sort = self.sort;
        let cmp = |a: &usize, b: &usize| sort.compare(&corpus.entries[*a], &corpus.entries[*b]);
        let mut added: Vec<usize> = new.chain(changed.iter().copied()).collect();
        for &i in &added {
            self.hay.set(i, &corpus.entries[i]);
        }
        added.sort_by(cmp);
        merge(&mut self.order, &added, cmp);
        let mut f = Filter::new(&self.applied);
        let hay = &self.hay;
        added.retain(|&i| f.matches(hay, i));
        merge(&mut self.view, &added, cmp);
        if at_top {
            self.cursor = Cursor::default();
        } else {
            self.reselect(keep);
        }
    }

    /// Take out the rows of removed entries (their files were removed
    /// while watched); the selection stays on its report, or on the row
    /// that took its place.
    pub fn remove(&mut self, removed: &[usize]) {
        let keep = self.selected_entry();
        let at = self.cursor.selected;
        let gone: std::collections::HashSet<usize> = removed.iter().copied().collect();
        self.order.retain(|i| !gone.contains(i));
        self.view.retain(|i| !gone.contains(i));
        if keep.is_some_and(|e| gone.contains(&e)) {
            let n = self.view.len();
            self.cursor = Cursor::default();
            if n > 0 {
                self.cursor.set(at.min(n - 1), n);
            }
        } else {
            self.reselect(keep);
        }
    }

    /// Switch to the next sort order.
    pub fn cycle_sort(&mut self, corpus: &Corpus) {
        let keep = self.selected_entry();
        self.sort = self.sort.next();
        let sort = self.sort;
        let cmp = |a: &usize, b: &usize| sort.compare(&corpus.entries[*a], &corpus.entries[*b]);
        self.order.sort_by(cmp);
        self.view.sort_by(cmp);
        self.reselect(keep);
    }

    fn reselect(&mut self, keep: Option<usize>) {
        if !keep.is_some_and(|e| self.select_entry(e)) {
            self.cursor = Cursor::default();
        }
    }
}

/// Merge the sorted `add` into the sorted `rows` in place, from the back
/// (stable: equal rows keep their order, added ones after).
fn merge(rows: &mut Vec<usize>, add: &[usize], cmp: impl Fn(&usize, &usize) -> Ordering) {
    let (mut i, mut j) = (rows.len(), add.len());
    rows.resize(i + j, 0);
    while j > 0 {
        let k = i + j - 1;
        if i > 0 && cmp(&add[j - 1], &rows[i - 1]) == Ordering::Less {
            rows[k] = rows[i - 1];
            i -= 1;
        } else {
            rows[k] = add[j - 1];
            j -= 1;
        }
    }
}

/// Draw the regions pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let st = &app.regions;
    let theme = &app.theme;
    let ambig = app.ambig;
    let total = app.corpus.live();
    let count = if st.filter.is_empty() {
        format!("{total}")
    } else {
        format!("{}/{total}", st.view.len())
    };
    let filter = if st.filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", st.filter)
    };
    let title = format!("Regions {count}{filter}");
    let focused = app.focus == Pane::Regions;
    let body = frame(buf, area, &[(&title, theme.text())], focused, theme, ambig);
    if body.height == 0 {
        return;
    }
    let h = body.height as usize;
    let offset = st.cursor.visible_offset(h);
    let w = body.width as usize;
    let (name_w, year_w, prov_w) = if w >= 30 {
        ((w * 2 / 5).clamp(10, 20), 5, 9)
    } else {
        (w.saturating_sub(5), 5, 0)
    };
    for (row, &idx) in st.view.iter().skip(offset).take(h).enumerate() {
        let Some(e) = app.corpus.entries.get(idx) else {
            continue;
        };
        let r = &e.report;
        let name = fit(&e.name(), name_w, ambig);
        let year = fit(
            &r.year
                .map(|y| format!(" {y}"))
                .unwrap_or_else(|| " -".into()),
            year_w,
            ambig,
        );
        let prov = r
            .region
            .as_ref()
            .and_then(|g| g.province.as_deref())
            .unwrap_or("-");
        let prov = if prov_w > 0 {
            format!(" {}", fit(prov, prov_w - 1, ambig))
        } else {
            String::new()
        };
        let issuer = format!(" {}", r.issuer.as_deref().unwrap_or(""));
        let style = if offset + row == st.cursor.selected {
            theme.selected(focused)
        } else {
            theme.text()
        };
        let y = body.y + row as u16;
        draw::row(
            buf,
            body,
            y,
            &[
                (&name, style),
                (&year, style),
                (&prov, style),
                (&issuer, style),
            ],
            style,
            ambig,
        );
    }
}
