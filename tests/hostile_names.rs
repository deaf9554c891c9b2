//! File names that are not UTF-8 (issue 21): the JSON `path` shows them
//! with U+FFFD, `path_bytes` keeps their bytes (base64) so the file stays
//! reachable, and messages show the bytes escaped (`\xff`).

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
