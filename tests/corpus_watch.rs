//! The watching loader without a terminal: after the first load, a report
//! added to the folder arrives as a new entry, a rewritten one replaces
//! its entry, a removed one is no longer live, each batch with a message.

use baogao::corpus::{Corpus, LoadEvent, Loader, Source};
use std::path::Path;
use std::time::{Duration, Instant};

fn sample(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/reports/{name}.txt")),
    )
    .unwrap()
}

/// Apply events until a watch message arrives (returned) or 10 s pass.
fn until_message(loader: &mut Loader, corpus: &mut Corpus) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        match loader.try_next() {
            Some(LoadEvent::Watch(msg)) => return msg,
            Some(ev) => {
                corpus.apply(ev);
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    panic!("no watch message in 10 s");
}

/// Put `text` at `path` in one step (written beside, then renamed): a
/// batch of events never sees it half written.
fn put(staging: &Path, path: &Path, text: &str) {
    let tmp = staging.join("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn names(c: &Corpus) -> Vec<String> {
    let mut v: Vec<String> = (0..c.entries.len())
        .filter(|&i| c.is_live(i))
        .map(|i| c.entries[i].name())
        .collect();
    v.sort();
    v
}

#[test]
fn added_changed_and_removed_reports_arrive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), sample("dongli-2021")).unwrap();
    let (mut loader, error) = Loader::start_watching(Source::Paths(vec![dir.path().into()]), None);
    assert_eq!(error, None);
    let mut corpus = Corpus::default();
    while !loader.is_finished() {
        match loader.try_next() {
            Some(ev) => {
                corpus.apply(ev);
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    assert_eq!(names(&corpus), ["东丽区"]);

    // A folder moved in with its report.
    let staging = tempfile::tempdir().unwrap();
    std::fs::create_dir(staging.path().join("sub")).unwrap();
    std::fs::write(staging.path().join("sub/b.txt"), sample("xialu-2021")).unwrap();
    std::fs::rename(staging.path().join("sub"), dir.path().join("sub")).unwrap();
    let msg = until_message(&mut loader, &mut corpus);
    assert_eq!(msg, "folder changed: 1 new");
    assert_eq!(names(&corpus), ["下陆区", "东丽区"]);
    assert_eq!(corpus.progress(), (2, Some(2)));

    put(
        staging.path(),
        &dir.path().join("a.txt"),
        &sample("hanyang-2021"),
    );
    let msg = until_message(&mut loader, &mut corpus);
    assert_eq!(msg, "folder changed: 1 changed");
    assert_eq!(names(&corpus), ["下陆区", "汉阳区"]);

    std::fs::remove_dir_all(dir.path().join("sub")).unwrap();
    let msg = until_message(&mut loader, &mut corpus);
    assert_eq!(msg, "folder changed: 1 removed");
    assert_eq!(names(&corpus), ["汉阳区"]);
    assert_eq!(corpus.live(), 1);

    // A file that cannot be read is named; own exports are not reports.
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let msg = until_message(&mut loader, &mut corpus);
    assert!(msg.starts_with("folder changed: 1 failed: "), "{msg}");
    assert!(msg.ends_with("empty.txt: empty file"), "{msg}");
    assert!(corpus
        .failures
        .iter()
        .any(|e| e.path.ends_with("empty.txt")));
}
