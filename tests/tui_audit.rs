//! The audit screen through ratatui's TestBackend: opened with its key on
//! the samples, computed in the background (the screen says so until the
//! result arrives), its four tabs as snapshots, drilling into the coverage
//! grid, the contents filter, export dialogs, and Enter on a reuse row
//! opening the comparison with the top source.

use baogao::corpus::{Corpus, Source};
use baogao::tui::app::Screen;
use baogao::tui::render::render;
use baogao::tui::screens::audit::{AuditState, AuditTab};
use baogao::tui::{Action, App, Settings};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    format!("{}", t.backend())
}

fn audit(app: &mut App) -> &mut AuditState {
    match app.screens.last_mut() {
        Some(Screen::Audit(a)) => a,
        other => panic!("not on the audit screen: {other:?}"),
    }
}

/// The samples' browser with the audit screen open and computed.
fn opened() -> App {
    let mut app = App::new(Corpus::load_blocking(Source::Samples), Settings::default());
    app.key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    audit(&mut app).wait();
    app
}

#[test]
fn the_audit_key_opens_a_screen_computed_in_the_background() {
    let mut app = App::new(Corpus::load_blocking(Source::Samples), Settings::default());
    app.key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    let st = audit(&mut app);
    if st.computing() {
        let shown = screen(&mut app, 120, 40);
        assert!(shown.contains("computing"), "{shown}");
        assert!(app.busy());
    }
    while app.busy() {
        app.tick();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(audit(&mut app).result.is_some());
    assert!(!screen(&mut app, 120, 40).contains("computing"));
}

#[test]
fn every_tab_as_a_snapshot() {
    let mut app = opened();
    for tab in AuditTab::ALL {
        assert_eq!(audit(&mut app).tab, tab);
        let shown = screen(&mut app, 120, 40);
        insta::assert_snapshot!(format!("audit_{}_120x40", tab.name()), shown);
        app.update(Action::FocusNext);
    }
    assert_eq!(audit(&mut app).tab, AuditTab::Coverage);
    // Small terminals draw without panicking.
    screen(&mut app, 30, 8);
    app.update(Action::Clear);
    assert!(app.screens.is_empty());
}

#[test]
fn coverage_drills_into_a_province_and_back() {
    let mut app = opened();
    let top = screen(&mut app, 120, 40);
    let provinces = audit(&mut app).row_count();
    assert!(provinces >= 1);
    app.update(Action::Open);
    let st = audit(&mut app);
    assert_eq!(st.path.len(), 1);
    let province = st.path[0].clone();
    let inside = screen(&mut app, 120, 40);
    assert!(inside.contains(&province));
    assert!(inside.contains("missing"), "{inside}");
    assert_ne!(top, inside);
    app.update(Action::Clear);
    assert!(audit(&mut app).path.is_empty());
    assert_eq!(screen(&mut app, 120, 40), top);
}

#[test]
fn contents_filter_sort_and_every_tab_exports() {
    let mut app = opened();
    app.update(Action::FocusNext);
    let failures = audit(&mut app).row_count();
    app.update(Action::Find);
    let all = audit(&mut app).row_count();
    assert_eq!(all, baogao::corpus::SAMPLES.len());
    assert!(failures <= all);
    app.update(Action::Sort);
    assert!(app.status.as_ref().unwrap().0.contains("sorted by"));
    for _ in AuditTab::ALL {
        app.update(Action::Export);
        match app.screens.last() {
            Some(Screen::Export(d)) => assert!(d.path.ends_with(".csv"), "{}", d.path),
            other => panic!("no export dialog: {other:?}"),
        }
        app.update(Action::Clear);
        app.update(Action::FocusNext);
    }
}

#[test]
fn enter_on_reuse_compares_with_the_top_source() {
    // The samples and a report made of every other sentence of the first.
    let samples: Vec<baogao::Report> = baogao::corpus::SAMPLES
        .iter()
        .map(|(n, t)| baogao::parse_report(n, t.to_string()))
        .collect();
    let text = &samples[0].text;
    let sents = baogao::audit::fold::sentences(text, 20);
    let assembled: String = sents
        .iter()
        .step_by(2)
        .map(|s| format!("{}\n", &text[s.range.clone()]))
        .collect();
    let mut reports = samples.clone();
    reports.push(baogao::parse_report("assembled.txt", assembled));
    let mut app = App::new(Corpus::from_reports(reports), Settings::default());
    app.update(Action::Audit);
    audit(&mut app).wait();
    for _ in 0..3 {
        app.update(Action::FocusNext);
    }
    assert_eq!(audit(&mut app).tab, AuditTab::Reuse);
    let (a, b) = audit(&mut app).reuse_pair().expect("a source");
    assert_eq!((a.min(b), a.max(b)), (0, 5));
    app.update(Action::Open);
    match app.screens.last() {
        Some(Screen::Compare(c)) => assert_eq!((c.a, c.b), (a, b)),
        other => panic!("no comparison: {other:?}"),
    }
    app.update(Action::Clear);
    assert!(matches!(app.screens.last(), Some(Screen::Audit(_))));
}

#[test]
fn the_rank_screen_ranks_a_duplicate_once() {
    use baogao::tui::screens::rank::RankState;
    let mut reports: Vec<baogao::Report> = baogao::corpus::SAMPLES
        .iter()
        .map(|(n, t)| baogao::parse_report(n, t.to_string()))
        .collect();
    // A key the first sample states, and a second file holding it.
    let key = reports[0]
        .indicators
        .iter()
        .filter_map(|i| i.canonical.as_deref())
        .find(|k| {
            baogao::compare::rank(&reports, k)
                .iter()
                .any(|r| r.report == 0)
        })
        .expect("a key the first sample is ranked by")
        .to_string();
    let mut copy = reports[0].clone();
    copy.path = "copy-of-the-first.txt".into();
    reports.push(copy);
    let n = reports.len() - 1;
    let corpus = Corpus::from_reports(reports);
    // Of two identical files the one whose path sorts first is kept.
    let copy = if corpus.entries[n].report.path > corpus.entries[0].report.path {
        n
    } else {
        0
    };
    let mut st = RankState::new(&corpus, &key, None);
    let before = st.bars.len();
    assert!(st.bars.iter().any(|b| b.entry == n) && st.bars.iter().any(|b| b.entry == 0));
    st.wait();
    assert_eq!(st.copies, vec![copy]);
    assert_eq!(st.bars.len(), before - 1);
    assert!(st.bars.iter().all(|b| b.entry != copy));
}

#[test]
fn reports_from_the_cache_are_audited_with_their_texts() {
    use baogao::corpus::cache::TextCheck;
    use baogao::corpus::Entry;
    // The samples and a copy of the first as files, held as a cache holds
    // them: parsed, without their texts.
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(std::path::PathBuf, &str)> = baogao::corpus::SAMPLES
        .iter()
        .map(|(n, t)| (dir.path().join(n), *t))
        .collect();
    files.push((dir.path().join("zz-copy.txt"), baogao::corpus::SAMPLES[0].1));
    let entries: Vec<Entry> = files
        .iter()
        .map(|(p, t)| {
            std::fs::write(p, t).unwrap();
            let text = baogao::parse::prepared_text(t.to_string());
            let check = TextCheck::of(&text);
            let mut r = baogao::parse_report(&p.display().to_string(), text);
            r.text = String::new();
            Entry::cached(r, p.clone(), check)
        })
        .collect();
    let mut app = App::new(Corpus::from_entries(entries), Settings::default());
    let held = app
        .corpus
        .entries
        .iter()
        .filter(|e| !e.report.text.is_empty())
        .count();
    app.update(Action::Audit);
    let st = audit(&mut app);
    st.wait();
    let res = st.result.as_ref().unwrap();
    assert_eq!(res.dupes.groups.len(), 1, "{:?}", res.dupes);
    assert_eq!(res.dupes.groups[0].copies, vec![files.len() - 1]);
    assert!(res.check.iter().all(|c| c.missing().is_empty()));
    // The texts were let go after the audit.
    let kept = res
        .reports
        .iter()
        .filter(|e| !e.report.text.is_empty())
        .count();
    assert!(kept <= held, "{kept} texts kept, {held} held by the corpus");
}
