//! The browser's cache of parsed reports (issue 19): a folder reopened comes
//! from the cache with the same reports as a fresh parse, texts read again
//! on demand and checked; changed files are parsed again; a damaged,
//! truncated or foreign cache file is set aside with a note and rebuilt.

use baogao::corpus::{cache, Corpus, Loader, Source};
use baogao::tui::{App, Settings};
use std::path::{Path, PathBuf};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/reports")
}

/// A folder with copies of the bundled reports.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(samples_dir()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn load(dir: &Path, cache: Option<&Path>) -> Corpus {
    let mut c = Corpus::default();
    for ev in Loader::start_with(
        Source::Paths(vec![dir.to_path_buf()]),
        cache.map(Path::to_path_buf),
    )
    .wait()
    {
        c.apply(ev);
    }
    c
}

/// The reports of a corpus by path, as JSON.
fn by_path(c: &Corpus) -> Vec<(String, serde_json::Value)> {
    let mut v: Vec<_> = c
        .entries
        .iter()
        .map(|e| (e.report.path.clone(), e.report.to_json()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The report at `path` in `c`, its text read again.
fn with_text(c: &mut Corpus, path: &str) -> baogao::model::Report {
    let i = c
        .entries
        .iter()
        .position(|x| x.report.path == path)
        .unwrap();
    c.hydrate(i).unwrap();
    c.entries[i].report.clone()
}

#[test]
fn a_reopened_folder_comes_from_the_cache_with_the_same_reports() {
    let dir = corpus_copy();
    let store = tempfile::tempdir().unwrap();
    let mut fresh = load(dir.path(), None);
    // Without the cache too, a parsed report lets go of its text.
    assert!(fresh.entries.iter().all(|e| !e.has_text()));
    let mut first = load(dir.path(), Some(store.path()));
    assert_eq!(first.cached, 0, "nothing cached yet");
    assert!(first.notes.is_empty(), "{:?}", first.notes);
    // Stored in the cache as it was parsed, a report lets go of its text
    // on the first open too, and reads it again when needed.
    assert!(first.entries.iter().all(|e| !e.has_text()));
    for i in 0..first.entries.len() {
        first.hydrate(i).unwrap();
        let e = &first.entries[i];
        let f = with_text(&mut fresh, &e.report.path);
        assert_eq!(e.report.to_json(), f.to_json(), "{}", e.report.path);
    }
    let again = load(dir.path(), Some(store.path()));
    let n = fresh.entries.len();
    assert!(n >= 5);
    assert_eq!(again.cached, n, "every report from the cache");
    assert_eq!(again.entries.len(), n);
    assert!(again.failures.is_empty(), "{:?}", again.failures);
    let paths = |c: &Corpus| by_path(c).into_iter().map(|x| x.0).collect::<Vec<_>>();
    assert_eq!(paths(&again), paths(&fresh));
    // Cached entries hold no text until it is needed; then it is the same
    // text the parse saw, and the report is the fresh parse, every range
    // pointing into the text (`raw` and `sentence` in JSON are read from it).
    let mut again = again;
    for i in 0..n {
        assert!(!again.entries[i].has_text());
        again.hydrate(i).unwrap();
        let e = &again.entries[i];
        let f = with_text(&mut fresh, &e.report.path);
        assert_eq!(e.report.text, f.text, "{}", e.report.path);
        assert_eq!(e.report.to_json(), f.to_json(), "{}", e.report.path);
    }
    // At most a few cached entries hold their text at a time.
    let held = again
        .entries
        .iter()
        .filter(|e| !e.report.text.is_empty())
        .count();
    assert!(held <= baogao::corpus::HYDRATED_MAX, "{held} texts held");
}

#[test]
fn a_changed_file_is_parsed_again_and_a_stale_text_is_refused() {
    let dir = corpus_copy();
    let store = tempfile::tempdir().unwrap();
    load(dir.path(), Some(store.path()));
    let again = load(dir.path(), Some(store.path()));
    let victim = dir.path().join("xialu-2021.txt");
    let text = std::fs::read_to_string(&victim).unwrap();
    // Same size, new content and time: the cached text check must catch it.
    std::fs::write(&victim, text.replacen("下陆区", "上陆区", 1)).unwrap();
    let mut stale = again;
    let i = stale
        .entries
        .iter()
        .position(|e| e.report.path.ends_with("xialu-2021.txt"))
        .unwrap();
    let err = stale.hydrate(i).unwrap_err();
    assert!(err.reason.contains("changed"), "{err}");
    // Reopened, the changed file is parsed, the others still cached.
    let reopened = load(dir.path(), Some(store.path()));
    assert_eq!(reopened.cached, reopened.entries.len() - 1);
}

#[test]
fn a_damaged_truncated_or_foreign_cache_is_set_aside_and_rebuilt() {
    let dir = corpus_copy();
    let n = std::fs::read_dir(dir.path()).unwrap().count();
    type Damage = (&'static str, fn(&Path));
    let damage: [Damage; 3] = [
        ("garbage", |f| {
            std::fs::write(f, b"not a database at all").unwrap()
        }),
        ("truncated", |f| {
            let b = std::fs::read(f).unwrap();
            std::fs::write(f, &b[..b.len() / 3]).unwrap();
        }),
        ("foreign", |f| {
            std::fs::remove_file(f).unwrap();
            let c = rusqlite::Connection::open(f).unwrap();
            c.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 7;")
                .unwrap();
        }),
    ];
    for (what, hurt) in damage {
        let store = tempfile::tempdir().unwrap();
        load(dir.path(), Some(store.path()));
        let file = store.path().join(cache::FILE_NAME);
        // the write-ahead log merged, so that the damage is to the data
        let (c, _) = cache::Cache::open(store.path()).unwrap();
        drop(c);
        for side in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(store.path().join(format!("{}{side}", cache::FILE_NAME)));
        }
        hurt(&file);
        let c = load(dir.path(), Some(store.path()));
        assert_eq!(c.entries.len(), n, "{what}: every report still loads");
        assert!(c.failures.is_empty(), "{what}: {:?}", c.failures);
        assert!(
            c.notes
                .iter()
                .any(|m| m.contains("damaged") || m.contains("not used")),
            "{what}: the user is told: {:?}",
            c.notes
        );
        // … and the cache works again.
        let again = load(dir.path(), Some(store.path()));
        assert_eq!(again.cached, n, "{what}: rebuilt");
        assert!(again.notes.is_empty(), "{what}: {:?}", again.notes);
    }
}

#[test]
fn the_browser_shows_a_cached_report_and_says_where_the_reports_came_from() {
    let dir = corpus_copy();
    let store = tempfile::tempdir().unwrap();
    load(dir.path(), Some(store.path()));
    let mut app = App::new(Corpus::default(), Settings::default());
    app.absorb(
        Loader::start_with(
            Source::Paths(vec![dir.path().to_path_buf()]),
            Some(store.path().to_path_buf()),
        )
        .wait(),
    );
    // The selected report's text is read again and shown in the reader.
    let doc = app.reader.doc.as_ref().expect("a report is shown");
    assert!(!doc.chars.is_empty(), "the reader shows the text");
    let shown = &app.corpus.entries[doc.entry];
    assert!(shown.has_text());
    let backend = ratatui::backend::TestBackend::new(120, 30);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| baogao::tui::render::render(&app, f)).unwrap();
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    let n = app.corpus.entries.len();
    assert!(
        screen.contains(&format!("{n} reports ({n} from cache)")),
        "status line: {screen}"
    );
}

#[test]
fn cache_clear_removes_the_cache() {
    let dir = corpus_copy();
    let store = tempfile::tempdir().unwrap();
    load(dir.path(), Some(store.path()));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(args)
            .env("BAOGAO_CACHE_DIR", store.path())
            .output()
            .unwrap()
    };
    let info = run(&["cache"]);
    let out = String::from_utf8_lossy(&info.stdout);
    assert!(info.status.success());
    assert!(out.contains(&format!("{} reports", 5)), "{out}");
    let cleared = run(&["cache", "--clear"]);
    assert!(cleared.status.success());
    assert!(!store.path().join(cache::FILE_NAME).exists());
    let info = run(&["cache"]);
    assert!(String::from_utf8_lossy(&info.stdout).contains("no cache yet"));
}

#[test]
fn search_reads_the_texts_of_cached_reports() {
    use baogao::corpus::search::{search, Query};
    let dir = corpus_copy();
    let store = tempfile::tempdir().unwrap();
    let fresh = load(dir.path(), Some(store.path()));
    let cached = load(dir.path(), Some(store.path()));
    assert_eq!(cached.cached, cached.entries.len());
    let q = Query::new("法律援助");
    let (want, _) = search(&fresh.entries, &q);
    let (got, _) = search(&cached.entries, &q);
    assert!(!want.is_empty());
    assert_eq!(got.len(), want.len());
    for h in &got {
        let e = &cached.entries[h.entry];
        let t = h.text(e);
        assert_eq!(&t[h.bytes.clone()], "法律援助", "{}", e.report.path);
    }
}
