//! Scores `baogao parse --json` on the genre development set: short report
//! openings in `tests/fixtures/genre/*.txt`, written in the style of scraped
//! reports from all 31 provinces (see `tests/fixtures/genre/NOTES.md`), against
//! the hand-made gold in `tests/fixtures/genre/gold/`, exactly as
//! `tests/score.py` (a copy of `shared/tools/score.py`) does.
//!
//! `cargo test --test genre_scores -- --nocapture` prints every metric;
//! `scripts/genre_scores.sh` prints the same table plus what each file got wrong.

#[path = "support/scoring.rs"]
mod scoring;

use std::path::{Path, PathBuf};

/// (metric, floor, goal). The floor is what the parser must not fall below:
/// a little under what it reaches now (every goal is met).
/// Raise a floor when the parser improves; the goal is where it should get to
/// (`None`: no goal set yet).
const FLOORS: &[(&str, f64, Option<f64>)] = &[
    ("meta.title", 0.97, None),
    ("meta.region.name", 0.97, Some(0.95)),
    ("meta.region.province", 0.98, Some(0.98)),
    ("meta.region.city", 0.97, None),
    ("meta.region.level", 0.97, None),
    ("meta.issuer", 0.95, Some(0.90)),
    ("meta.year", 0.98, Some(0.98)),
    ("meta.published", 0.96, Some(0.95)),
    ("meta.script", 0.98, None),
    ("headings.f1", 0.98, Some(0.95)),
    ("headings.level", 0.98, None),
    ("headings.title_exact", 0.99, Some(0.95)),
    ("headings.topic", 0.96, Some(0.90)),
    ("indicators.f1", 0.98, Some(0.97)),
    ("indicators.named_f1", 0.97, Some(0.90)),
    ("indicators.approx", 0.98, None),
    ("indicators.canonical", 0.95, Some(0.80)),
    ("indicators.canonical_precision", 0.96, None),
];

fn genre_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/genre")
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(genre_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn score() -> serde_json::Value {
    scoring::score(&fixtures(), &genre_dir().join("gold"))
}

#[test]
fn every_fixture_has_gold() {
    let files = fixtures();
    assert!(files.len() >= 64, "only {} genre fixtures", files.len());
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let gold = genre_dir().join("gold").join(name.replace(".txt", ".json"));
        let text =
            std::fs::read_to_string(&gold).unwrap_or_else(|e| panic!("{}: {e}", gold.display()));
        let g: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            g["file"],
            name,
            "{}: `file` must name its fixture",
            gold.display()
        );
    }
    let golds = std::fs::read_dir(genre_dir().join("gold")).unwrap().count();
    assert_eq!(golds, files.len(), "a gold file has no fixture");
}

#[test]
fn genre_scores_meet_the_floor() {
    let s = score();
    let m = &s["metrics"];
    let c = &s["counts"];
    println!(
        "genre set: {} files ({} predicted); headings gold {} / predicted {} / matched {}; \
         indicators gold {} / predicted {} / matched {} / named {}",
        c["files"],
        c["predicted_files"],
        c["headings"]["gold"],
        c["headings"]["pred"],
        c["headings"]["tp"],
        c["indicators"]["gold"],
        c["indicators"]["pred"],
        c["indicators"]["tp"],
        c["indicators"]["named_tp"],
    );
    let mut low = Vec::new();
    for (k, v) in m.as_object().unwrap() {
        let v = v.as_f64().unwrap_or(0.0);
        let (floor, goal) = FLOORS
            .iter()
            .find(|(name, ..)| name == k)
            .map(|&(_, f, g)| (Some(f), g))
            .unwrap_or((None, None));
        let fmt = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.2}"));
        println!(
            "{k:36} {v:.3}   floor {:>4}   goal {:>4}",
            fmt(floor),
            fmt(goal)
        );
    }
    for &(k, min, _) in FLOORS {
        let v = m[k].as_f64().unwrap_or(0.0);
        if v < min {
            low.push(format!("{k} = {v:.3} < {min}"));
        }
    }
    assert!(
        low.is_empty(),
        "below the floor: {low:?}\n(run scripts/genre_scores.sh to see which files fail)"
    );
}

/// A department's account of its own work (`江苏省司法厅关于…`, `我局坚持…`)
/// is marked as one; a government's report that a department published is
/// not (issue 17). The gold says which each fixture is.
#[test]
fn department_reports_are_marked() {
    let files = fixtures();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_baogao"))
        .arg("parse")
        .arg("--json")
        .args(&files)
        .output()
        .expect("run baogao");
    let mut wrong = Vec::new();
    let mut departments = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        let name = Path::new(p["path"].as_str().unwrap()).file_name().unwrap();
        let gold = genre_dir()
            .join("gold")
            .join(name.to_str().unwrap().replace(".txt", ".json"));
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
        let expected = g["department"].as_bool().expect("gold states `department`");
        departments += usize::from(expected);
        if p["department"].as_bool() != Some(expected) {
            wrong.push(format!(
                "{name:?}: gold {expected}, parsed {}",
                p["department"]
            ));
        }
    }
    assert!(
        departments >= 10,
        "only {departments} department reports in the set"
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}
