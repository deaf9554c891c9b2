//! Reading an exported table back with Python (`tests/support/read_table.py`:
//! csv, json, md, xlsx through openpyxl, sqlite, parquet through pyarrow and
//! DuckDB), shared by the export tests.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The table in `path`, written as `format`, read back: (columns, rows).
/// `numbers` names the columns read as numbers. Python and its readers
/// are required (`scripts/test-deps.sh` installs them): without them the
/// test fails with that message.
pub fn read_back<S: AsRef<str>>(
    format: &str,
    path: &Path,
    numbers: &[S],
) -> (Vec<String>, Vec<Vec<Value>>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/read_table.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(format)
        .arg(path)
        .arg(numbers.iter().map(AsRef::as_ref).collect::<Vec<&str>>().join(","))
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to read exports back ({e}): install it with scripts/test-deps.sh")
        });
    assert!(
        out.status.success(),
        "reading {} as {format} failed (python3 with openpyxl, pyarrow and duckdb is \
         needed: run scripts/test-deps.sh):\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("reader prints JSON");
    let columns = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let rows = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().clone())
        .collect();
    (columns, rows)
}
