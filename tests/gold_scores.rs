//! Scores `baogao parse --json` on the bundled sample corpus against the
//! hand-made gold in `tests/gold/`, exactly as `tests/score.py` (a copy of
//! `shared/tools/score.py`) does, and holds the parser to the floor.

#[path = "support/scoring.rs"]
mod scoring;

use std::path::Path;

fn score() -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("assets/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    scoring::score(&files, &root.join("tests/gold"))
}

#[test]
fn seed_scores_meet_the_floor() {
    let s = score();
    let m = &s["metrics"];
    let floor = [
        ("headings.f1", 0.97),
        ("headings.level", 0.97),
        // a run-on heading's title cut where a reader ends it (issue 17)
        ("headings.title_exact", 0.98),
        ("headings.topic", 0.85),
        ("indicators.f1", 0.98),
        ("indicators.named_f1", 0.85),
        ("indicators.approx", 0.95),
        ("indicators.canonical", 0.8),
        ("meta.title", 1.0),
        ("meta.region.name", 1.0),
        ("meta.region.province", 1.0),
        ("meta.region.city", 1.0),
        ("meta.region.level", 1.0),
        ("meta.issuer", 1.0),
        ("meta.year", 1.0),
        ("meta.published", 1.0),
        ("meta.script", 1.0),
    ];
    let mut low = Vec::new();
    for (k, min) in floor {
        let v = m[k].as_f64().unwrap_or(0.0);
        if v < min {
            low.push(format!("{k} = {v:.3} < {min}"));
        }
    }
    assert!(
        low.is_empty(),
        "below the floor: {low:?}\nall metrics: {m:#}"
    );
}
