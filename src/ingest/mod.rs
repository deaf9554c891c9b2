//! Reading report files: finding them in folders, decoding any encoding,
//! turning saved HTML pages into text.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestError {
    /// The file or folder concerned.
    pub path: PathBuf,
    /// The reason, in words for the user.
    pub reason: String,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for IngestError {}

/// File extensions read as reports.
pub const EXTENSIONS: &[&str] = &["txt", "text", "md", "html", "htm"];

/// Expand files and folders (recursively) into the report files they hold,
/// sorted by path; folders and unreadable entries that fail are reported.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut errors);
        } else {
            files.push(p.clone());
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            for e in entries {
                if e.is_dir() {
                    walk(&e, files, errors);
                } else if e
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
                {
                    files.push(e);
                }
            }
        }
        Err(e) => errors.push(IngestError { path: dir.to_path_buf(), reason: e.to_string() }),
    }
}

/// Read one report file and return its text (decoded; HTML turned into text).
pub fn read_report_file(path: &Path) -> Result<String, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError { path: path.to_path_buf(), reason: e.to_string() })?;
    decode_report(path, &bytes)
}

/// Decode the bytes of a report file (the path names the file in errors and
/// tells HTML by its extension).
pub fn decode_report(path: &Path, bytes: &[u8]) -> Result<String, IngestError> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| IngestError { path: path.to_path_buf(), reason: "not UTF-8".into() })
}
