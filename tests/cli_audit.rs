//! The audit commands of the real binary: every format, the JSON schemas,
//! the scope options, exit codes; `rank` counting a duplicate once and
//! `compare` listing shared sentences.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn baogao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run baogao")
}

fn json(args: &[&str]) -> Value {
    let out = baogao(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const COMMANDS: [&str; 4] = ["coverage", "dupes", "check", "reuse"];

#[test]
fn every_command_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in COMMANDS {
        for format in ["table", "csv", "md", "json"] {
            let out = baogao(&[cmd, "--format", format, "assets/reports"]);
            assert_eq!(out.status.code(), Some(0), "{cmd} {format}");
            assert!(!out.stdout.is_empty(), "{cmd} {format}");
        }
        let csv =
            String::from_utf8(baogao(&[cmd, "--format", "csv", "assets/reports"]).stdout).unwrap();
        assert!(csv.lines().count() >= 2 || cmd == "dupes", "{cmd}: {csv}");
        let xlsx = dir.path().join(format!("{cmd}.xlsx"));
        let out = baogao(&[
            cmd,
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
            "assets/reports",
        ]);
        assert_eq!(out.status.code(), Some(0), "{cmd} xlsx");
        assert_eq!(
            &std::fs::read(&xlsx).unwrap()[..2],
            b"PK",
            "{cmd}: a zip file"
        );
        // A binary format needs a file.
        assert_eq!(
            baogao(&[cmd, "--format", "xlsx", "assets/reports"])
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            baogao(&[cmd, "--format", "nope", "assets/reports"])
                .status
                .code(),
            Some(2)
        );
        assert_eq!(
            baogao(&[cmd, "assets/reports", "no-such-file.txt"])
                .status
                .code(),
            Some(1)
        );
    }
}

#[test]
fn the_json_schemas() {
    let v = json(&["coverage", "--format", "json", "assets/reports"]);
    assert_eq!(v["schema"], "baogao/coverage@1");
    assert!(v["years"].as_array().unwrap().iter().all(Value::is_i64));
    let d = &v["divisions"][0];
    for k in [
        "code", "name", "province", "city", "level", "reports", "missing",
    ] {
        assert!(d.get(k).is_some(), "coverage division: {k}");
    }
    assert!(v["unplaced"].is_array());

    let v = json(&["dupes", "--format", "json", "assets/reports"]);
    assert_eq!(v["schema"], "baogao/dupes@1");
    assert_eq!(v["groups"], serde_json::json!([]));

    let v = json(&["check", "--format", "json", "assets/reports"]);
    assert_eq!(v["schema"], "baogao/check@1");
    let r = &v["reports"][0];
    for k in ["path", "region", "year", "published", "parts"] {
        assert!(r.get(k).is_some(), "check report: {k}");
    }
    for part in ["measures", "leaders", "problems", "plans"] {
        assert!(r["parts"][part]["present"].is_boolean(), "{part}");
        assert!(r["parts"][part].get("where").is_some(), "{part}");
    }

    let v = json(&["reuse", "--format", "json", "assets/reports"]);
    assert_eq!(v["schema"], "baogao/reuse@1");
    let r = &v["reports"][0];
    for k in ["path", "shared_share", "sources"] {
        assert!(r.get(k).is_some(), "reuse report: {k}");
    }
    assert!(v["boilerplate"].is_array());
}

#[test]
fn coverage_scope_options() {
    let v = json(&[
        "coverage",
        "--province",
        "湖北",
        "--level",
        "county",
        "--format",
        "json",
        "assets/reports",
    ]);
    let ds = v["divisions"].as_array().unwrap();
    assert!(!ds.is_empty());
    assert!(ds
        .iter()
        .all(|d| d["province"] == "湖北省" && d["level"] == "county"));
    let all = json(&["coverage", "--format", "json", "assets/reports"]);
    assert!(all["divisions"].as_array().unwrap().len() > ds.len());
    assert_eq!(
        baogao(&["coverage", "--province", "不存在省", "assets/reports"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        baogao(&["coverage", "--level", "town", "assets/reports"])
            .status
            .code(),
        Some(2)
    );
}

/// A folder with the samples and a copy of one of them.
fn with_copy() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/reports");
    let mut first = None;
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        first.get_or_insert(p);
    }
    let first = first.unwrap();
    let copy = dir.path().join("zz-copy.txt");
    std::fs::copy(&first, &copy).unwrap();
    (dir, copy.display().to_string())
}

#[test]
fn a_copy_is_grouped_ranked_once_and_no_source() {
    let (dir, copy) = with_copy();
    let d = dir.path().to_str().unwrap();
    let v = json(&["dupes", "--format", "json", d]);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["copies"], serde_json::json!([copy]));
    assert_eq!(groups[0]["similarity"], 1.0);

    let alone = json(&[
        "rank",
        "legal_aid.cases",
        "--format",
        "json",
        "assets/reports",
    ]);
    let out = baogao(&["rank", "legal_aid.cases", "--format", "json", d]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("copies"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rows"].as_array().unwrap().len(),
        alone["rows"].as_array().unwrap().len()
    );
    assert_eq!(v["duplicates_skipped"], serde_json::json!([copy]));

    let v = json(&["reuse", "--format", "json", d]);
    for r in v["reports"].as_array().unwrap() {
        assert_eq!(r["shared_share"], 0.0, "{r}");
    }
}

#[test]
fn check_takes_a_parts_file() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts.toml");
    std::fs::write(
        &parts,
        "[[parts]]\nkey = \"never\"\nwords = [\"从未出现的词语组合\"]\n",
    )
    .unwrap();
    let v = json(&[
        "check",
        "--parts",
        parts.to_str().unwrap(),
        "--format",
        "json",
        "assets/reports",
    ]);
    for r in v["reports"].as_array().unwrap() {
        assert_eq!(r["parts"]["never"]["present"], false);
        assert!(r["parts"]["measures"].is_object());
    }
    std::fs::write(&parts, "not toml [").unwrap();
    assert_eq!(
        baogao(&[
            "check",
            "--parts",
            parts.to_str().unwrap(),
            "assets/reports"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn compare_marks_shared_sentences() {
    let (dir, copy) = with_copy();
    let first = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.display().to_string() != copy)
        .unwrap();
    let a = first.to_str().unwrap();
    let v = json(&["compare", a, &copy, "--format", "json"]);
    let shared = v["shared_sentences"].as_array().unwrap();
    assert!(!shared.is_empty());
    let table = String::from_utf8(baogao(&["compare", a, &copy]).stdout).unwrap();
    assert!(
        table.contains(&format!("{} sentences shared", shared.len())),
        "{table}"
    );
    // Two different samples: the array is there, and holds less.
    let other = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p != &first && p.display().to_string() != copy)
        .unwrap();
    let v = json(&["compare", a, other.to_str().unwrap(), "--format", "json"]);
    assert!(v["shared_sentences"].as_array().unwrap().len() < shared.len());
}
