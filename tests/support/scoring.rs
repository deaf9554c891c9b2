//! Scoring `baogao parse --json` against gold with `tests/score.py` (a copy
//! of `shared/tools/score.py`), shared by the gold-score tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The scorer's JSON for `files` parsed by the real binary, against the gold
/// files in `gold`.
pub fn score(files: &[PathBuf], gold: &Path) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .arg("parse")
        .arg("--json")
        .args(files)
        .output()
        .expect("run baogao");
    assert!(
        out.status.success(),
        "parse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.jsonl");
    std::fs::write(&pred, &out.stdout).unwrap();
    let scored = Command::new("python3")
        .arg(root.join("tests/score.py"))
        .arg(gold)
        .arg(&pred)
        .arg("--json")
        .output()
        .expect("python3 is needed to run tests/score.py (install it with scripts/test-deps.sh)");
    assert!(
        scored.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&scored.stderr)
    );
    serde_json::from_slice(&scored.stdout).unwrap()
}
