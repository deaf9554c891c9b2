//! Reading report files: finding them in folders, decoding any encoding,
//! turning saved HTML pages, PDF and Word documents into text.
//!
//! [`collect_files`] expands files and folders ([`walk`]); [`read_report_file`]
//! and [`decode_report`] turn bytes into text ([`decode`]) by the file's
//! format ([`formats`]): text in any encoding, saved web pages through the
//! HTML parser ([`html`]), PDF documents from their text layer ([`pdf`]),
//! Word documents from their XML ([`docx`]); `.doc`, `.wps` and `.ofd` files
//! are found and refused with what to do. The parser never learns which
//! format a text came from.

pub mod decode;
mod depth;
pub mod docx;
pub mod formats;
pub mod html;
pub mod numbering;
pub mod pdf;
pub mod shard;
pub mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use decode::decode_report;
pub use shard::Shard;
pub use walk::collect_files;

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestError {
    /// The file or folder concerned.
    pub path: PathBuf,
    /// The reason, in words for the user.
    pub reason: String,
}

impl IngestError {
    /// An error about `path` for `reason`.
    pub fn new(path: &Path, reason: impl Into<String>) -> Self {
        IngestError {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    /// An error about `path` from an I/O error, worded for the user.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        let reason = match err.kind() {
            ErrorKind::NotFound => "no such file or folder".to_string(),
            ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        IngestError::new(path, reason)
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = escape_controls(&self.reason);
        write!(f, "{}: {reason}", display_path(&self.path))
    }
}

/// Text for a terminal or a log with its control characters escaped
/// (`\x1b`, `\x07`, `\u{202e}`): a file name (or a message holding one)
/// with escape sequences or bidirectional overrides in it is shown, never
/// run by the terminal. Text without them is borrowed as it is.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let hostile =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(hostile) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !hostile(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as shown on the terminal: control characters escaped
/// ([`escape_controls`]), and bytes that are not UTF-8 as `\xff`.
pub fn display_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(&escape_controls(chunk.valid()));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

impl std::error::Error for IngestError {}

/// File extensions taken from folders (compared without regard to case):
/// every extension of [`formats::TABLE`], those found but not read included.
pub const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "pdf", "docx", "doc", "wps", "ofd",
];

/// Largest report file read (64 MiB): the longest real reports are a few
/// hundred KiB; anything this large is not one, and reading it whole would
/// only cost memory.
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// Read one report file and return its text (decoded; HTML, PDF and Word
/// documents turned into text).
///
/// Only a regular file is read (after following links): a folder, a named
/// pipe, a device or a socket is refused by its kind without being read
/// (a pipe would block, `/dev/zero` never end), and so is a file larger
/// than [`MAX_FILE_SIZE`].
pub fn read_report_file(path: &Path) -> Result<String, IngestError> {
    let bytes = read_regular(path)?;
    decode_report(path, &bytes)
}

/// A file found in a folder, read once: its text, or `None` when it is one
/// of baogao's own exports ([`walk::is_own_export`], told from the bytes
/// read; an export over [`MAX_FILE_SIZE`], a large JSON table, by reading
/// its start, and skipped rather than refused).
pub fn read_found_file(path: &Path) -> Result<Option<String>, IngestError> {
    let bytes = match read_regular(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let over_limit =
                std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > MAX_FILE_SIZE);
            return if over_limit && walk::is_own_export(path) {
                Ok(None)
            } else {
                Err(e)
            };
        }
    };
    if walk::is_own_export_bytes(&bytes, || Some(std::borrow::Cow::Borrowed(&bytes))) {
        return Ok(None);
    }
    decode_report(path, &bytes).map(Some)
}

/// The bytes of a regular file of at most [`MAX_FILE_SIZE`] bytes.
fn read_regular(path: &Path) -> Result<Vec<u8>, IngestError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let meta = std::fs::metadata(path).map_err(|e| IngestError::io(path, &e))?;
    check_regular(path, &meta)?;
    // Opened without waiting, and checked again on the open file: a file
    // replaced by a pipe between the two looks cannot block the read.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| IngestError::io(path, &e))?;
    let meta = file.metadata().map_err(|e| IngestError::io(path, &e))?;
    check_regular(path, &meta)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::io(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// Refuse anything but a regular file of at most [`MAX_FILE_SIZE`] bytes.
fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), IngestError> {
    use std::os::unix::fs::FileTypeExt;
    let ft = meta.file_type();
    let kind = if ft.is_file() {
        if meta.len() > MAX_FILE_SIZE {
            return Err(too_large(path));
        }
        return Ok(());
    } else if ft.is_dir() {
        return Err(IngestError::new(path, "is a folder, not a file"));
    } else if ft.is_fifo() {
        "named pipe"
    } else if ft.is_char_device() {
        "character device"
    } else if ft.is_block_device() {
        "block device"
    } else if ft.is_socket() {
        "socket"
    } else {
        "unknown kind"
    };
    Err(IngestError::new(
        path,
        format!("not a regular file: {kind}"),
    ))
}

fn too_large(path: &Path) -> IngestError {
    IngestError::new(
        path,
        format!(
            "larger than {} MiB: not a report (baogao reads files up to that size)",
            MAX_FILE_SIZE >> 20
        ),
    )
}
