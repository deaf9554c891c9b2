//! Exports through the real binary, read back by independent readers
//! (Python's csv, json and sqlite3, and openpyxl): the rows and values must
//! be those of `baogao parse --json` for the same reports.
//!
//! Needs python3 with openpyxl: `scripts/test-deps.sh` installs them.

#[path = "support/read_table.rs"]
mod read_table;
use baogao::export::{self, Cell, Column, Format, Options, Table};
use read_table::read_back;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const COLUMNS: [&str; 15] = [
    "file",
    "region",
    "province",
    "level",
    "year",
    "issuer",
    "section_id",
    "section_title",
    "name",
    "value",
    "unit",
    "approx",
    "raw",
    "canonical",
    "sentence",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn baogao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run baogao")
}

/// The title of a section by id in a report@1 section tree.
fn section_title(sections: &Value, id: &str) -> Option<String> {
    sections.as_array()?.iter().find_map(|s| {
        if s["id"] == id {
            s["title"].as_str().map(str::to_string)
        } else {
            section_title(&s["children"], id)
        }
    })
}

/// The indicator rows `baogao parse --json` implies for the sample reports.
fn expected_rows() -> Vec<Vec<Value>> {
    let out = baogao(&["parse", "--json", "assets/reports"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        for i in r["indicators"].as_array().unwrap() {
            let section = i["section"]
                .as_str()
                .and_then(|id| section_title(&r["sections"], id));
            rows.push(vec![
                r["path"].clone(),
                r["region"]["name"].clone(),
                r["region"]["province"].clone(),
                r["region"]["level"].clone(),
                r["year"].clone(),
                r["issuer"].clone(),
                i["section"].clone(),
                section.map_or(Value::Null, Value::from),
                i["name"].clone(),
                i["value"].clone(),
                i["unit"].clone(),
                i["approx"].clone(),
                i["raw"].clone(),
                i["canonical"].clone(),
                i["sentence"].clone(),
            ]);
        }
    }
    rows
}

/// Equal as exported: numbers by value, empty text as null.
fn same(got: &Value, want: &Value) -> bool {
    let empty = |v: &Value| v.is_null() || v.as_str() == Some("");
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => (g - w).abs() <= 1e-9 * w.abs().max(1.0),
        _ => got == want || (empty(got) && empty(want)),
    }
}

fn assert_rows(what: &str, got: &[Vec<Value>], want: &[Vec<Value>], columns: &[&str]) {
    assert_eq!(got.len(), want.len(), "{what}: row count");
    for (n, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.len(), w.len(), "{what}: row {n} width");
        for (c, (gv, wv)) in g.iter().zip(w).enumerate() {
            assert!(
                same(gv, wv),
                "{what}: row {n} column {}: got {gv}, want {wv}",
                columns[c]
            );
        }
    }
}

#[test]
fn indicators_in_every_format_match_parse_json() {
    let want = expected_rows();
    assert!(!want.is_empty(), "the sample reports have indicators");
    let tmp = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let file = tmp
            .path()
            .join(format!("indicators.{}", format.extension()));
        let out = baogao(&[
            "indicators",
            "--format",
            format.extension(),
            "-o",
            file.to_str().unwrap(),
            "assets/reports",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{format}: nothing printed with -o");
        let (columns, rows) = read_back(format.extension(), &file, &["year", "value"]);
        assert_eq!(columns, COLUMNS, "{format}: columns");
        assert_rows(format.extension(), &rows, &want, &COLUMNS);
    }
}

#[test]
fn text_formats_print_to_stdout_and_csv_takes_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["csv", "json", "md"] {
        let out = baogao(&["indicators", "--format", format, "assets/reports"]);
        assert_eq!(out.status.code(), Some(0), "{format}");
        let file = tmp.path().join(format!("out.{format}"));
        fs::write(&file, &out.stdout).unwrap();
        let (columns, rows) = read_back(format, &file, &["year", "value"]);
        assert_eq!(columns, COLUMNS);
        assert!(!rows.is_empty());
    }
    let out = baogao(&["indicators", "--bom", "assets/reports/xialu-2021.txt"]);
    assert!(out.stdout.starts_with("\u{FEFF}file,region,".as_bytes()));
    let out = baogao(&["indicators", "assets/reports/xialu-2021.txt"]);
    assert!(out.stdout.starts_with(b"file,region,"));

    let out = baogao(&["indicators", "--format", "xlsx", "assets/reports"]);
    assert_eq!(out.status.code(), Some(2), "xlsx needs -o");
    let out = baogao(&["indicators", "--format", "pdf", "assets/reports"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sqlite_export_matches_parse_json() {
    let want = expected_rows();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reports.db");
    fs::write(&db, "an old file").unwrap();
    let out = baogao(&["export", "--sqlite", db.to_str().unwrap(), "assets/reports"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (columns, rows) = read_back("sqlite", &db, &["year", "value"]);
    assert_eq!(columns, COLUMNS);
    assert_rows("sqlite", &rows, &want, &COLUMNS);
}

#[test]
fn bad_inputs_are_named_and_the_rest_exported() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let file = tmp.path().join("out.json");
    let out = baogao(&[
        "indicators",
        "-o",
        file.to_str().unwrap(),
        "assets/reports/xialu-2021.txt",
        empty.to_str().unwrap(),
        "no/such.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("baogao: {}: empty file", empty.display())),
        "{err}"
    );
    assert!(err.contains("baogao: no/such.txt: "), "{err}");
    let (_, rows) = read_back("json", &file, &["year", "value"]);
    assert!(!rows.is_empty(), "the good report is still exported");
}

/// A table with the awkward cases: quotes, separators, line breaks, pipes,
/// CJK, integers, fractions, negatives, empty cells.
fn awkward_table() -> Table {
    let mut t = Table::new(
        "对比: a/b",
        vec![
            Column::text("名称"),
            Column::number("n"),
            Column::text("note"),
        ],
    );
    t.rows.push(vec![
        Cell::Text("引号\"和,逗号".into()),
        Cell::Number(302.0),
        Cell::Text("a|b".into()),
    ]);
    t.rows.push(vec![
        Cell::Text("换行\n第二行".into()),
        Cell::Number(98.6),
        Cell::Empty,
    ]);
    t.rows.push(vec![
        Cell::Empty,
        Cell::Number(-2.5e9),
        Cell::Text("back\\slash".into()),
    ]);
    t.rows.push(vec![Cell::Text("short row".into())]);
    t
}

#[test]
fn the_generic_table_round_trips_in_every_format() {
    let t = awkward_table();
    let want: Vec<Vec<Value>> = vec![
        vec!["引号\"和,逗号".into(), 302.into(), "a|b".into()],
        vec!["换行\n第二行".into(), 98.6.into(), Value::Null],
        vec![Value::Null, (-2.5e9).into(), "back\\slash".into()],
        vec!["short row".into(), Value::Null, Value::Null],
    ];
    let tmp = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let file = tmp.path().join(format!("t.{}", format.extension()));
        export::write_table(&t, format, Options { bom: true }, &file).unwrap();
        let (columns, rows) = read_back(format.extension(), &file, &["n"]);
        assert_eq!(columns, ["名称", "n", "note"], "{format}");
        assert_rows(format.extension(), &rows, &want, &["名称", "n", "note"]);
    }
}

/// Files in a folder other than `keep`.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !keep.iter().any(|k| p.ends_with(k)))
        .collect()
}

#[test]
fn failed_writes_name_the_file_and_leave_old_files_alone() {
    let tmp = tempfile::tempdir().unwrap();

    // Into a missing folder.
    let missing = tmp.path().join("no/such/folder/out.csv");
    let out = baogao(&[
        "indicators",
        "-o",
        missing.to_str().unwrap(),
        "assets/reports",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&missing.display().to_string()) && err.contains("does not exist"),
        "{err}"
    );
    assert!(!missing.exists());

    // Into a read-only location: a folder without write permission, or
    // (for root, whom permissions do not stop) a read-only system folder.
    let ro = tmp.path().join("ro");
    fs::create_dir(&ro).unwrap();
    set_mode(&ro, 0o555);
    let privileged = fs::write(ro.join("probe"), "").is_ok();
    let target = if privileged {
        PathBuf::from("/sys/baogao-test.xlsx")
    } else {
        ro.join("out.xlsx")
    };
    let out = baogao(&[
        "indicators",
        "-o",
        target.to_str().unwrap(),
        "assets/reports",
    ]);
    set_mode(&ro, 0o755);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("baogao: {}: ", target.display())),
        "{err}"
    );
    assert!(
        err.contains("permission denied") || err.contains("read-only"),
        "{err}"
    );
    assert!(!target.exists());

    // Over an existing file, with the write failing half-way (a file size
    // limit, which stops root too): the old content stays, no temp file left.
    let dir = tmp.path().join("full");
    fs::create_dir(&dir).unwrap();
    for (format, cmd) in [
        ("csv", "indicators -o"),
        ("xlsx", "indicators -o"),
        ("db", "export --sqlite"),
    ] {
        let old = dir.join(format!("old.{format}"));
        fs::write(&old, "old content").unwrap();
        let script = format!(
            "ulimit -f 2; trap '' XFSZ; exec \"$0\" {cmd} \"$1\" assets/reports/xialu-2021.txt assets/reports/dongli-2021.txt"
        );
        let out = Command::new("sh")
            .current_dir(root())
            .args([
                "-c",
                &script,
                env!("CARGO_BIN_EXE_baogao"),
                old.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {err}");
        assert!(
            err.contains(&format!("baogao: {}: ", old.display())),
            "{format}: {err}"
        );
        assert_eq!(fs::read_to_string(&old).unwrap(), "old content", "{format}");
        assert_eq!(
            leftovers(&dir, &[&format!("old.{format}")]).len(),
            0,
            "{format}: temp file left"
        );
        fs::remove_file(&old).unwrap();
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn sqlite_export_refuses_missing_folders_unwritable_places_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let ro = tmp.path().join("ro");
    fs::create_dir(&ro).unwrap();
    set_mode(&ro, 0o555);
    let privileged = fs::write(ro.join("probe"), "").is_ok();
    let unwritable = if privileged {
        PathBuf::from("/sys/baogao-test.db")
    } else {
        ro.join("out.db")
    };
    let folder = tmp.path().join("a-folder.db");
    fs::create_dir(&folder).unwrap();
    let cases: [(PathBuf, &[&str]); 3] = [
        (
            tmp.path().join("no/such/folder/out.db"),
            &["does not exist"],
        ),
        (unwritable, &["permission denied", "read-only"]),
        (folder.clone(), &["is a folder"]),
    ];
    for (target, reasons) in &cases {
        let out = baogao(&[
            "export",
            "--sqlite",
            target.to_str().unwrap(),
            "assets/reports/xialu-2021.txt",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("baogao: {}: ", target.display()))
                && reasons.iter().any(|r| err.contains(r)),
            "{}: want {reasons:?}:\n{err}",
            target.display()
        );
        assert_eq!(err.lines().count(), 1, "one line:\n{err}");
    }
    set_mode(&ro, 0o755);
    assert!(!cases[0].0.exists() && !cases[1].0.exists());
    assert!(folder.is_dir(), "the folder is left alone");
    assert_eq!(
        leftovers(&folder, &[]).len(),
        0,
        "nothing written in the folder"
    );
    assert_eq!(leftovers(&ro, &["probe"]).len(), 0, "no temp file left");
    assert_eq!(
        leftovers(tmp.path(), &["ro", "a-folder.db"]).len(),
        0,
        "no temp file left beside the targets"
    );
}
