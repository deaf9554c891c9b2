//! A report's file name as the text tables write it (CSV, Excel, JSON and
//! Markdown tables, Parquet, the SQLite `path`): the name itself when it is
//! UTF-8, else escaped, so that a name that is not UTF-8 keeps its bytes.
//!
//! Escaped, each byte that is not UTF-8 is `\xNN` (two lower-case hex
//! digits) and each backslash `\\`. A UTF-8 name that holds `\x` is
//! escaped too, so the rule reads back without doubt: a written name
//! holds `\x` exactly when it is escaped.

use crate::model::Report;
use std::borrow::Cow;

/// The file name of `r` for a text cell (see the module's rule).
pub fn file_name(r: &Report) -> Cow<'_, str> {
    match &r.path_bytes {
        Some(bytes) => Cow::Owned(escaped(bytes)),
        None if r.path.contains("\\x") => Cow::Owned(escaped(r.path.as_bytes())),
        None => Cow::Borrowed(&r.path),
    }
}

/// `bytes` escaped: `\xNN` for what is not UTF-8, `\\` for a backslash.
fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// The bytes a written name stands for (the reading the README gives).
    fn read_back(s: &str) -> Vec<u8> {
        if !s.contains("\\x") {
            return s.as_bytes().to_vec();
        }
        let b = s.as_bytes();
        let (mut out, mut i) = (Vec::new(), 0);
        while i < b.len() {
            match (b[i], b.get(i + 1)) {
                (b'\\', Some(b'\\')) => {
                    out.push(b'\\');
                    i += 2;
                }
                (b'\\', Some(b'x')) => {
                    out.push(u8::from_str_radix(&s[i + 2..i + 4], 16).unwrap());
                    i += 4;
                }
                (x, _) => {
                    out.push(x);
                    i += 1;
                }
            }
        }
        out
    }

    #[test]
    fn names_read_back_to_their_bytes() {
        let names: [&[u8]; 8] = [
            b"d/r.txt",
            "d/报告.txt".as_bytes(),
            b"a\\b.txt",
            b"r\xff.txt",
            b"r\\xff.txt",
            b"a\\\\x\xfe\\",
            b"\\\xff\\x41",
            b"\xe6\x8a\xa5\xff\xe5.txt",
        ];
        for name in names {
            let mut r = Report::default();
            r.set_source(Path::new(std::ffi::OsStr::from_bytes(name)));
            let written = file_name(&r);
            assert_eq!(read_back(&written), name, "{written}");
        }
        let mut r = Report::default();
        r.set_source(Path::new(std::ffi::OsStr::from_bytes(b"d/r\xff.txt")));
        assert_eq!(file_name(&r), "d/r\\xff.txt");
        r.set_source(Path::new("d/a\\b.txt"));
        assert!(matches!(file_name(&r), Cow::Borrowed("d/a\\b.txt")));
        r.set_source(Path::new("d/r\\xff.txt"));
        assert_eq!(file_name(&r), "d/r\\\\xff.txt");
    }
}
