//! The two-stage loader: listing then full parse gives the same entries as
//! parsing every file directly, and the browser keeps its selection while
//! listed entries are replaced by their full parse.

use baogao::corpus::{Corpus, Entry, Keys, LoadEvent, Loader, Source, SAMPLES};
use baogao::tui::{Action, App, Settings};
use std::collections::HashMap;
use std::path::Path;

/// 200 reports: the samples under new names, some cut short, some with a
/// head of page furniture, in nested folders; and one file that fails.
fn write_corpus(dir: &Path) -> usize {
    for i in 0..200 {
        let (_, text) = SAMPLES[i % SAMPLES.len()];
        let text = match i % 4 {
            0 => text.to_string(),
            1 => format!("设为首页 | 加入收藏\n当前位置: 首页 > 政务公开\n{text}"),
            2 => text.lines().take(12).collect::<Vec<_>>().join("\n"),
            _ => text.replace("2021年", "2020年"),
        };
        let sub = dir.join(format!("p{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("r{i:03}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("bad.txt"), b"%PDF-1.4\n\x00\x01\x02").unwrap();
    200
}

fn summary(e: &Entry) -> (String, Keys, bool) {
    // A loaded report lets go of its text once parsed: read it again.
    let mut r = e.report.clone();
    r.text = e.load_text().unwrap();
    (r.to_json().to_string(), e.keys.clone(), e.parsed)
}

#[test]
fn two_stage_load_equals_a_blocking_full_parse() {
    let dir = tempfile::tempdir().unwrap();
    let n = write_corpus(dir.path());
    let events = Loader::start(Source::Paths(vec![dir.path().to_path_buf()])).wait();

    // Every file is listed before any is parsed, and each parsed one was listed.
    let last_listed = events
        .iter()
        .rposition(|e| matches!(e, LoadEvent::Listed { .. }))
        .unwrap();
    let first_parsed = events
        .iter()
        .position(|e| matches!(e, LoadEvent::Parsed { .. }))
        .unwrap();
    assert!(last_listed < first_parsed);

    let mut corpus = Corpus::default();
    for ev in events {
        corpus.apply(ev);
    }
    assert_eq!(corpus.entries.len(), n);
    assert_eq!(corpus.failures.len(), 1, "{:?}", corpus.failures);
    assert_eq!(corpus.progress(), (n + 1, Some(n + 1)));
    assert_eq!(corpus.listed, n + 1);
    assert_eq!(corpus.stage(), None);

    let loaded: HashMap<String, _> = corpus
        .entries
        .iter()
        .map(|e| (e.report.path.clone(), summary(e)))
        .collect();
    let mut files = 0;
    for sub in std::fs::read_dir(dir.path()).unwrap() {
        let sub = sub.unwrap().path();
        if !sub.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&sub).unwrap() {
            let path = f.unwrap().path();
            let text = baogao::ingest::read_report_file(&path).unwrap();
            let name = path.display().to_string();
            let direct = Entry::new(baogao::parse_report(&name, text));
            assert_eq!(loaded.get(&name), Some(&summary(&direct)), "{name}");
            files += 1;
        }
    }
    assert_eq!(files, n);
    assert_eq!(Corpus::load_blocking(Source::Samples).entries.len(), 5);
}

#[test]
fn browser_keeps_its_selection_while_entries_are_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let n = write_corpus(dir.path());
    let events = Loader::start(Source::Paths(vec![dir.path().to_path_buf()])).wait();
    let listing_end = events
        .iter()
        .position(|e| matches!(e, LoadEvent::Parsed { .. }))
        .unwrap();
    let mut events = events.into_iter();
    let mut app = App::new(Corpus::default(), Settings::default());
    app.update(Action::Resize(120, 40));
    app.absorb(events.by_ref().take(listing_end));
    assert_eq!(app.regions.view.len(), n);
    assert!(app.corpus.stage().unwrap().starts_with("parsing 1/"));
    assert!(app.corpus.entries.iter().all(|e| !e.parsed));

    app.update(Action::Down);
    app.update(Action::Down);
    let chosen = app.regions.selected_entry().unwrap();
    assert_eq!(app.sections.entry, Some(chosen));
    assert!(app.corpus.entries[chosen].report.sections.is_empty());
    let rows_listed = app.sections.rows.len();
    let mut events = events.peekable();
    while events.peek().is_some() {
        app.absorb(events.by_ref().take(7));
        assert_eq!(app.regions.selected_entry(), Some(chosen));
        assert_eq!(app.regions.view.len(), n);
    }
    assert!(app.corpus.entries.iter().all(|e| e.parsed));
    assert_eq!(app.sections.entry, Some(chosen));
    assert!(
        app.sections.rows.len() > rows_listed,
        "the outline came with the parse"
    );

    // The rows are in the same order as a browser opened on the finished corpus.
    let finished = App::new(app.corpus.clone(), Settings::default());
    assert_eq!(app.regions.view, finished.regions.view);
}
