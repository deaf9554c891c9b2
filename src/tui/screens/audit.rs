//! The audit screen (`a`): the corpus audits of [`crate::audit`] in four
//! tabs — coverage as a province × year grid (Enter drills into a
//! province's cities and a city's counties, Esc goes back up), the contents
//! check (failures only; `/` shows all, `s` sorts), duplicate groups, and
//! text reuse by share (Enter compares a report with its top source).
//! `e` exports the tab's table.
//!
//! The audits run on a background thread over the reports parsed so far;
//! the screen shows "computing…" until [`AuditState::poll`] takes the
//! result, so keys are never blocked by a large corpus.

use crate::audit::{self, check::CheckRow, Coverage, Dupes, Parts, Reuse, Scope};
use crate::corpus::{Corpus, Entry};
use crate::export::Table;
use crate::model::Report;
use crate::parse::gazetteer::Gazetteer;
use crate::tui::panes::Cursor;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};

/// The four views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditTab {
    /// Divisions × years.
    Coverage,
    /// Required contents.
    Check,
    /// Duplicate groups.
    Dupes,
    /// Text reuse.
    Reuse,
}

impl AuditTab {
    /// Every tab, in order.
    pub const ALL: [AuditTab; 4] = [
        AuditTab::Coverage,
        AuditTab::Check,
        AuditTab::Dupes,
        AuditTab::Reuse,
    ];

    /// The tab's name.
    pub fn name(self) -> &'static str {
        match self {
            AuditTab::Coverage => "coverage",
            AuditTab::Check => "contents",
            AuditTab::Dupes => "duplicates",
            AuditTab::Reuse => "reuse",
        }
    }
}

/// Every audit of the reports parsed when the screen opened.
#[derive(Debug)]
pub struct AuditResult {
    /// The corpus entries audited (audit index → entry index).
    pub entries: Vec<usize>,
    /// The audited entries themselves (kept while the corpus grows).
    pub reports: Vec<Arc<Entry>>,
    /// Duplicate groups.
    pub dupes: Dupes,
    /// Coverage of the provinces the reports are in.
    pub coverage: Coverage<'static>,
    /// The contents check, one row per report.
    pub check: Vec<CheckRow>,
    /// Text reuse.
    pub reuse: Reuse,
}

/// The entry with its text: a report from the cache has its text read
/// again from its file (one that cannot be read, or changed since, keeps
/// no text and is then in no group and shares no sentence).
pub fn with_text(e: &Arc<Entry>) -> Arc<Entry> {
    if e.has_text() {
        return Arc::clone(e);
    }
    match e.load_text() {
        Ok(text) => {
            let mut full = Entry::clone(e);
            full.report.text = text;
            Arc::new(full)
        }
        Err(_) => Arc::clone(e),
    }
}

impl AuditResult {
    /// Run every audit over `entries` (the parsed ones of a corpus). The
    /// texts of reports from the cache are read for the audit and let go
    /// after it.
    pub fn compute(entries: Vec<(usize, Arc<Entry>)>) -> AuditResult {
        let (idx, reports): (Vec<usize>, Vec<Arc<Entry>>) = entries.into_iter().unzip();
        let full: Vec<Arc<Entry>> = {
            use rayon::prelude::*;
            reports.par_iter().map(with_text).collect()
        };
        let rs: Vec<&Report> = full.iter().map(|e| &e.report).collect();
        let dupes = audit::find_dupes(&rs);
        let coverage = audit::coverage(&rs, &dupes, &Scope::default(), Gazetteer::global())
            .unwrap_or(Coverage {
                years: Vec::new(),
                rows: Vec::new(),
                unplaced: Vec::new(),
            });
        let check = audit::check(&rs, Parts::default_parts());
        let reuse = audit::reuse(&rs, &dupes, audit::reuse::MIN_CHARS);
        AuditResult {
            entries: idx,
            reports,
            dupes,
            coverage,
            check,
            reuse,
        }
    }

    /// The audited reports.
    pub fn reports(&self) -> Vec<&Report> {
        self.reports.iter().map(|e| &e.report).collect()
    }
}

/// One row of the coverage grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// What the row is (a province, a city and its counties, a division).
    pub label: String,
    /// Per year of the corpus: divisions with a report, divisions in all.
    pub counts: Vec<(usize, usize)>,
    /// Where Enter goes: the province or city to drill into.
    pub drill: Option<String>,
}

/// The coverage grid at a drill level: `[]` provinces, `[P]` the province
/// and its cities, `[P, C]` the city and its counties. One pass over the
/// coverage rows (it is drawn every frame).
pub fn grid(cov: &Coverage, path: &[String]) -> Vec<GridRow> {
    use crate::audit::DivisionRow;
    use crate::model::Level;
    let row = |label: String, members: &[&DivisionRow], drill: Option<String>| GridRow {
        label,
        counts: cov
            .years
            .iter()
            .map(|y| {
                let have = members.iter().filter(|r| r.reports.contains_key(y)).count();
                (have, members.len())
            })
            .collect(),
        drill,
    };
    // Rows grouped by a key, in the order the keys first appear.
    fn groups<'a, 'g>(
        rows: impl Iterator<Item = &'a DivisionRow<'g>>,
        key: impl Fn(&DivisionRow) -> Option<String>,
    ) -> Vec<(String, Vec<&'a DivisionRow<'g>>)>
    where
        'g: 'a,
    {
        let mut out: Vec<(String, Vec<&DivisionRow>)> = Vec::new();
        let mut at: rustc_hash::FxHashMap<String, usize> = Default::default();
        for r in rows {
            let Some(k) = key(r) else { continue };
            let i = *at.entry(k.clone()).or_insert_with(|| {
                out.push((k, Vec::new()));
                out.len() - 1
            });
            out[i].1.push(r);
        }
        out
    }
    match path {
        [] => groups(cov.rows.iter(), |r| Some(r.division.province.clone()))
            .into_iter()
            .map(|(p, members)| row(p.clone(), &members, Some(p)))
            .collect(),
        [p] => {
            let inside: Vec<&DivisionRow> = cov
                .rows
                .iter()
                .filter(|r| &r.division.province == p)
                .collect();
            let cities = groups(inside.iter().copied(), |r| r.division.city.clone());
            let mut rows = Vec::new();
            for r in &inside {
                let d = r.division;
                if d.level == Level::City {
                    let members = cities
                        .iter()
                        .find(|(c, _)| *c == d.name)
                        .map_or(&[][..], |(_, m)| m.as_slice());
                    rows.push(row(format!("{} ▸", d.name), members, Some(d.name.clone())));
                } else if d.city.is_none() {
                    rows.push(row(d.name.clone(), &[*r], None));
                }
            }
            rows
        }
        [p, c, ..] => cov
            .rows
            .iter()
            .filter(|r| &r.division.province == p && r.division.city.as_deref() == Some(c))
            .map(|r| row(r.division.name.clone(), &[r], None))
            .collect(),
    }
}

/// How the contents table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSort {
    /// Most missing parts first.
    Missing,
    /// By region name.
    Region,
    /// By year.
    Year,
}

impl CheckSort {
    /// The next order.
    pub fn next(self) -> CheckSort {
        match self {
            CheckSort::Missing => CheckSort::Region,
            CheckSort::Region => CheckSort::Year,
            CheckSort::Year => CheckSort::Missing,
        }
    }

    /// Its name for the status line.
    pub fn name(self) -> &'static str {
        match self {
            CheckSort::Missing => "missing parts",
            CheckSort::Region => "region",
            CheckSort::Year => "year",
        }
    }
}

/// State of the audit screen.
#[derive(Debug, Clone)]
pub struct AuditState {
    /// The tab shown.
    pub tab: AuditTab,
    /// The audits, once computed.
    pub result: Option<Arc<AuditResult>>,
    /// The computation still running.
    job: Option<Arc<Mutex<Receiver<AuditResult>>>>,
    /// Selection per tab.
    pub cursors: [Cursor; 4],
    /// Coverage drill path (province, city).
    pub path: Vec<String>,
    /// Contents: show only reports with a missing part or field.
    pub failures_only: bool,
    /// Contents: the order.
    pub sort: CheckSort,
}

impl AuditState {
    /// Start auditing the parsed reports of `corpus` on a background thread.
    pub fn start(corpus: &Corpus) -> AuditState {
        let entries: Vec<(usize, Arc<Entry>)> = corpus
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.parsed)
            .map(|(i, e)| (i, Arc::clone(e)))
            .collect();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx.send(AuditResult::compute(entries));
        });
        AuditState {
            tab: AuditTab::Coverage,
            result: None,
            job: Some(Arc::new(Mutex::new(rx))),
            cursors: [Cursor::default(); 4],
            path: Vec::new(),
            failures_only: true,
            sort: CheckSort::Missing,
        }
    }

    /// Take the result when it is ready; returns whether it arrived.
    pub fn poll(&mut self) -> bool {
        self.take(false)
    }

    /// Wait for the result (tests).
    pub fn wait(&mut self) {
        self.take(true);
    }

    fn take(&mut self, block: bool) -> bool {
        let Some(job) = &self.job else { return false };
        let got = match job.lock() {
            Ok(rx) if block => rx.recv().ok(),
            Ok(rx) => rx.try_recv().ok(),
            Err(_) => None,
        };
        match got {
            Some(r) => {
                self.result = Some(Arc::new(r));
                self.job = None;
                true
            }
            None => false,
        }
    }

    /// Whether the audits are still being computed.
    pub fn computing(&self) -> bool {
        self.job.is_some()
    }

    /// The cursor of the tab shown.
    pub fn cursor(&mut self) -> &mut Cursor {
        let i = AuditTab::ALL
            .iter()
            .position(|t| *t == self.tab)
            .unwrap_or(0);
        &mut self.cursors[i]
    }

    /// The contents rows shown, in order (indices into the check).
    pub fn check_rows(&self) -> Vec<usize> {
        let Some(res) = &self.result else {
            return Vec::new();
        };
        let rs = res.reports();
        let failed = |row: &CheckRow| {
            let r = rs[row.report];
            !row.missing().is_empty()
                || r.year.is_none()
                || r.region.is_none()
                || r.published.is_none()
        };
        let mut v: Vec<usize> = (0..res.check.len())
            .filter(|&i| !self.failures_only || failed(&res.check[i]))
            .collect();
        let name = |i: usize| {
            rs[i]
                .region
                .as_ref()
                .map(|g| g.name.clone())
                .unwrap_or_default()
        };
        // Ties in the order of the paths: the same whatever order the
        // reports were loaded in.
        v.sort_by_key(|&i| rs[i].path.as_str());
        match self.sort {
            CheckSort::Missing => {
                v.sort_by_key(|&i| std::cmp::Reverse(res.check[i].missing().len()))
            }
            CheckSort::Region => v.sort_by_key(|&i| name(i)),
            CheckSort::Year => v.sort_by_key(|&i| rs[i].year),
        }
        v
    }

    /// The number of rows of the tab shown.
    pub fn row_count(&self) -> usize {
        let Some(res) = &self.result else { return 0 };
        match self.tab {
            AuditTab::Coverage => grid(&res.coverage, &self.path).len(),
            AuditTab::Check => self.check_rows().len(),
            AuditTab::Dupes => res.dupes.groups.iter().map(|g| g.copies.len() + 1).sum(),
            AuditTab::Reuse => res.reuse.rows.len(),
        }
    }

    /// The table of the tab shown, for export, and a file name for it.
    pub fn table(&self) -> Option<(Table, String)> {
        let res = self.result.as_ref()?;
        let rs = res.reports();
        Some(match self.tab {
            AuditTab::Coverage => (
                audit::coverage::table(&rs, &res.coverage),
                "coverage.csv".into(),
            ),
            AuditTab::Check => {
                let rows: Vec<CheckRow> = self
                    .check_rows()
                    .into_iter()
                    .map(|i| res.check[i].clone())
                    .collect();
                (
                    audit::check::table(&rs, &rows, Parts::default_parts()),
                    "contents.csv".into(),
                )
            }
            AuditTab::Dupes => (
                audit::dupes::table(&rs, &res.dupes),
                "duplicates.csv".into(),
            ),
            AuditTab::Reuse => (audit::reuse::table(&rs, &res.reuse), "reuse.csv".into()),
        })
    }

    /// The selected reuse row's report and top source, as corpus entries.
    pub fn reuse_pair(&self) -> Option<(usize, usize)> {
        let res = self.result.as_ref()?;
        let rs = res.reports();
        let rows = audit::reuse::sorted(&rs, &res.reuse.rows);
        let row = rows.get(self.cursors[3].selected)?;
        let src = row.sources.first()?;
        Some((res.entries[row.report], res.entries[src.report]))
    }
}

use super::compare::CompareState;
use super::export::ExportDialog;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

impl App {
    /// `a`: open the audit screen over the parsed reports.
    pub(crate) fn start_audit(&mut self) {
        let st = AuditState::start(&self.corpus);
        self.say("auditing the loaded reports…");
        self.screens.push(Screen::Audit(Box::new(st)));
    }

    /// An action on the audit screen; `None` closes it.
    pub(crate) fn update_audit(
        &mut self,
        mut st: AuditState,
        action: Action,
    ) -> Option<AuditState> {
        let n = st.row_count();
        let page = (self.size.height / 2).max(1) as isize;
        match action {
            Action::Clear | Action::Collapse
                if st.tab == AuditTab::Coverage && !st.path.is_empty() =>
            {
                st.path.pop();
                *st.cursor() = Cursor::default();
            }
            Action::Clear | Action::Audit => return None,
            Action::FocusNext | Action::FocusPrev => {
                let i = AuditTab::ALL.iter().position(|t| *t == st.tab).unwrap_or(0) as isize;
                let step = if action == Action::FocusNext { 1 } else { -1 };
                st.tab = AuditTab::ALL[(i + step).rem_euclid(4) as usize];
            }
            Action::Up => st.cursor().move_by(-1, n),
            Action::Down => st.cursor().move_by(1, n),
            Action::PageUp => st.cursor().move_by(-page, n),
            Action::PageDown => st.cursor().move_by(page, n),
            Action::Top => st.cursor().set(0, n),
            Action::Bottom => st.cursor().set(n, n),
            Action::Open | Action::Expand if st.tab == AuditTab::Coverage => {
                let sel = st.cursors[0].selected;
                let drill = st
                    .result
                    .as_ref()
                    .and_then(|r| grid(&r.coverage, &st.path).into_iter().nth(sel))
                    .and_then(|g| g.drill);
                if let Some(d) = drill.filter(|_| st.path.len() < 2) {
                    st.path.push(d);
                    st.cursors[0] = Cursor::default();
                }
            }
            Action::Open if st.tab == AuditTab::Reuse => match st.reuse_pair() {
                Some((a, b)) => {
                    self.hydrate(a);
                    self.hydrate(b);
                    if let (Some(ra), Some(rb)) = (self.report_at(a), self.report_at(b)) {
                        let c = CompareState::new(a, b, ra, rb);
                        self.say(format!(
                            "comparing {} with its top source {}",
                            ra.label(),
                            rb.label()
                        ));
                        self.screens.push(Screen::Compare(Box::new(c)));
                        self.layout_tools();
                    }
                }
                None => self.say("this report shares no sentence with another"),
            },
            Action::Find if st.tab == AuditTab::Check => {
                st.failures_only = !st.failures_only;
                st.cursors[1] = Cursor::default();
            }
            Action::Sort if st.tab == AuditTab::Check => {
                st.sort = st.sort.next();
                self.say(format!("contents sorted by {}", st.sort.name()));
            }
            Action::Export => match st.table() {
                Some((table, name)) => {
                    let what = format!("audit: {}", st.tab.name());
                    self.screens
                        .push(Screen::Export(ExportDialog::new(what, table, &name)));
                }
                None => self.error("the audit is still being computed"),
            },
            _ => {}
        }
        Some(st)
    }
}
