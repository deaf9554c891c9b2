//! File names that are not UTF-8 (issue 21): the JSON `path` shows them
//! with U+FFFD, `path_bytes` keeps their bytes (base64) so the file stays
//! reachable, and messages show the bytes escaped (`\xff`); the tables
//! write them escaped (`\xNN`, `\\`) and SQLite keeps their bytes too.

#[path = "support/read_table.rs"]
mod read_table;

use base64::Engine;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

#[test]
fn a_file_name_that_is_not_utf8_stays_recoverable() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/reports/xialu-2021.txt"
    ))
    .unwrap();
    let good = d.path().join(OsStr::from_bytes(b"r\xff.txt"));
    std::fs::write(&good, &text).unwrap();
    let bad = d.path().join(OsStr::from_bytes(b"e\xfe.txt"));
    std::fs::write(&bad, "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(["parse".as_ref(), "--json".as_ref(), d.path().as_os_str()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("e\\xfe.txt"), "{stderr}");
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert!(
        v["path"].as_str().unwrap().ends_with("r\u{FFFD}.txt"),
        "{}",
        v["path"]
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(v["path_bytes"].as_str().expect("path_bytes"))
        .unwrap();
    assert_eq!(bytes, good.as_os_str().as_bytes());
    assert_eq!(
        std::fs::read(OsStr::from_bytes(&bytes)).unwrap(),
        text,
        "the same file"
    );

    // A UTF-8 name has no path_bytes.
    let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(["parse", "--json", "assets/reports/xialu-2021.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("path_bytes").is_none());
}

/// The bytes a table's file cell stands for (README: `\xNN` a byte, `\\`
/// a backslash, in a cell that holds `\x`).
fn unescape(cell: &str) -> Vec<u8> {
    if !cell.contains("\\x") {
        return cell.as_bytes().to_vec();
    }
    let (b, mut out, mut i) = (cell.as_bytes(), Vec::new(), 0);
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') {
            out.push(u8::from_str_radix(&cell[i + 2..i + 4], 16).unwrap());
            i += 4;
        } else {
            out.push(b[i]);
            i += 1 + usize::from(b[i] == b'\\');
        }
    }
    out
}

#[test]
fn tables_and_databases_keep_the_bytes_of_a_name_that_is_not_utf8() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("in");
    std::fs::create_dir(&src).unwrap();
    let sample = |name: &str| {
        std::fs::read(format!(
            "{}/assets/reports/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    // Not UTF-8, with a backslash; and a UTF-8 name that looks escaped.
    let odd = src.join(OsStr::from_bytes(b"r\\\xff\xfe.txt"));
    let looks = src.join("s\\xff.txt");
    std::fs::write(&odd, sample("xialu-2021.txt")).unwrap();
    std::fs::write(&looks, sample("dongli-2021.txt")).unwrap();
    let run = |args: &[&OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_baogao"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let exact = |cells: Vec<&str>| {
        let mut names: Vec<Vec<u8>> = cells.into_iter().map(unescape).collect();
        names.sort();
        names.dedup();
        let mut want = vec![
            looks.as_os_str().as_bytes().to_vec(),
            odd.as_os_str().as_bytes().to_vec(),
        ];
        want.sort();
        assert_eq!(names, want, "each file named by its exact bytes");
        for n in &names {
            assert!(
                std::fs::metadata(OsStr::from_bytes(n)).is_ok(),
                "the file is there"
            );
        }
    };
    let figures = &["year", "value"][..];
    for (cmd, name, column, numbers) in [
        ("indicators", "i.csv", "file", figures),
        ("indicators", "i.xlsx", "file", figures),
        ("indicators", "i.parquet", "file", figures),
        ("indicators", "i.md", "file", figures),
        ("panel", "p.csv", "path", &[]),
    ] {
        let out = d.path().join(name);
        run(&[
            cmd.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            src.as_os_str(),
        ]);
        let format = name.rsplit('.').next().unwrap();
        let (columns, rows) = read_table::read_back(format, &out, numbers);
        let at = columns.iter().position(|c| c == column).unwrap();
        exact(rows.iter().map(|r| r[at].as_str().unwrap()).collect());
    }
    let db = d.path().join("r.sqlite");
    run(&[
        "export".as_ref(),
        "--sqlite".as_ref(),
        db.as_os_str(),
        src.as_os_str(),
    ]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT path, path_bytes FROM reports ORDER BY path")
        .unwrap();
    let rows: Vec<(String, Option<Vec<u8>>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    exact(rows.iter().map(|(p, _)| p.as_str()).collect());
    let blobs: Vec<_> = rows.iter().map(|(_, b)| b.as_deref()).collect();
    assert!(
        blobs.contains(&Some(odd.as_os_str().as_bytes())),
        "{blobs:?}"
    );
    assert!(
        blobs.contains(&None),
        "a UTF-8 name has no bytes of its own"
    );
}
