//! Expanding files and folders into the report files they hold.

use super::{IngestError, EXTENSIONS};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Expand files and folders (recursively, following symbolic links) into the
/// report files they hold.
///
/// Files named directly are kept whatever their extension; inside folders
/// only files with one of [`EXTENSIONS`] are taken, sorted by path, and
/// not the tables baogao itself wrote there ([`is_own_export`]: an
/// `indicators -o DIR/x.md DIR` is not a report the next time DIR is read). Each
/// folder is visited once (by device and inode), so symbolic-link loops end,
/// and each file is taken once (by device and inode) however it is reached.
/// Missing paths and unreadable folders or entries come back as errors; the
/// rest is still collected.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    use rayon::prelude::*;
    let (files, errors) = walk_files(paths);
    // The files found in folders are told from baogao's own exports by
    // their first bytes: one read per file, on every core.
    let files = files
        .into_par_iter()
        .filter(|(path, check)| !(*check && is_own_export(path)))
        .map(|(path, _)| path)
        .collect();
    (files, errors)
}

/// The files [`collect_files`] finds, before they are told from baogao's
/// own exports: each with whether it is to be ([`is_own_export`]; a file
/// found in a folder and not also named). The browser lists its first
/// reports sooner this way, and tells the exports as it reads the files.
pub fn walk_files(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<IngestError>) {
    let metas: Vec<_> = paths.iter().map(std::fs::metadata).collect();
    let mut walker = Walker {
        // Only folders given: a regular file's identity is read from its
        // folder's listing, without a `stat` each (a file also named on
        // its own is known by its `stat`, which the listing's inode may
        // not equal on every file system).
        listed_ids: metas.iter().all(|m| m.as_ref().is_ok_and(|m| m.is_dir())),
        ..Walker::default()
    };
    for (p, meta) in paths.iter().zip(metas) {
        match meta {
            Ok(m) if m.is_dir() => walker.dir(p, &m),
            Ok(m) => walker.file(p.clone(), file_id(&m), false),
            Err(e) => walker.errors.push(IngestError::io(p, &e)),
        }
    }
    let named = &walker.named;
    let files = walker
        .files
        .into_iter()
        .map(|(path, id, check)| {
            let check = check && !named.contains(&id);
            (path, check)
        })
        .collect();
    (files, walker.errors)
}

/// Whether a file name has one of the report [`EXTENSIONS`].
pub fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(x)))
}

/// How much of a file's start is read to tell one of baogao's own exports.
const HEAD_LEN: usize = 4096;

/// Whether the file at `path` is a table baogao wrote (and so not a
/// report): it starts with the header row of one of its tables (the
/// indicators, a comparison, a ranking, the panel) as CSV, Markdown or aligned text,
/// or it is JSON naming a `baogao/` schema. Unreadable files are not (their
/// error comes when they are read).
pub fn is_own_export(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(HEAD_LEN);
    if (&mut f)
        .take(HEAD_LEN as u64)
        .read_to_end(&mut head)
        .is_err()
    {
        return false;
    }
    is_own_export_bytes(&head, || {
        // JSON keys are sorted: the schema may come after a long array.
        let mut all = head.clone();
        f.take(super::MAX_FILE_SIZE).read_to_end(&mut all).ok()?;
        Some(Cow::Owned(all))
    })
}

/// [`is_own_export`] of a file whose first bytes are `head` (at least
/// [`HEAD_LEN`] of them, or all), with `whole` giving all its bytes when a
/// JSON file must be searched for its schema.
pub fn is_own_export_bytes<'a>(head: &[u8], whole: impl FnOnce() -> Option<Cow<'a, [u8]>>) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(HEAD_LEN)]);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    if text.starts_with('{') {
        let Some(all) = whole() else { return false };
        return [&b"\"schema\":\"baogao/"[..], b"\"schema\": \"baogao/"]
            .iter()
            .any(|pat| memchr::memmem::find(&all, pat).is_some());
    }
    let Some(header) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("## "))
    else {
        return false;
    };
    let cells: Vec<&str> = header
        .split(|c: char| c == ',' || c == '|' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .collect();
    let tables = [
        crate::export::indicators::indicator_columns(),
        crate::compare::compare_columns(),
        crate::compare::rank_columns(),
    ];
    // The panel's key columns vary: its fixed columns start the header.
    let panel = crate::compare::PANEL_COLUMNS;
    tables
        .iter()
        .any(|cols| cols.len() == cells.len() && cols.iter().zip(&cells).all(|(c, x)| c.name == *x))
        || (cells.len() > panel.len() && cells.iter().zip(panel).all(|(x, c)| *x == c))
}

/// A file's or folder's identity: its device and inode.
fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[derive(Default)]
struct Walker {
    /// The files taken, with their device and inode, and whether each is to
    /// be told from baogao's own exports (a file found in a folder).
    files: Vec<(PathBuf, (u64, u64), bool)>,
    errors: Vec<IngestError>,
    /// The folders visited, by device and inode.
    visited: HashSet<(u64, u64)>,
    /// The files taken, by device and inode.
    seen_files: HashSet<(u64, u64)>,
    /// The files named (not found in a folder), by device and inode.
    named: HashSet<(u64, u64)>,
    /// Whether a regular file in a folder is known by the folder's device
    /// and the inode its listing gives (no `stat`).
    listed_ids: bool,
}

/// An entry of a folder's listing.
struct Listed {
    /// Its name in the folder.
    name: std::ffi::OsString,
    path: PathBuf,
    /// Its inode, for a regular file (not a link, a folder or anything else).
    plain_file: Option<u64>,
}

impl Walker {
    /// Take a file unless the same file (device and inode) was taken
    /// already: a folder and a file in it, or a file named twice, give it
    /// once.
    fn file(&mut self, path: PathBuf, id: (u64, u64), check: bool) {
        if !check {
            // Named: read whatever it holds, also where a folder holds it.
            self.named.insert(id);
        }
        if self.seen_files.insert(id) {
            self.files.push((path, id, check));
        }
    }

    /// Walk a folder (whose metadata is `meta`) and every folder under it.
    fn dir(&mut self, dir: &Path, meta: &std::fs::Metadata) {
        // An explicit stack rather than recursion: deep trees cannot overflow.
        // Folders are known by the device and inode their entry's metadata
        // already gave: no `canonicalize`, whose cost grows with the depth
        // (quadratic per folder on a deep tree).
        let start = self.files.len();
        let mut stack = vec![(dir.to_path_buf(), file_id(meta))];
        while let Some((dir, id)) = stack.pop() {
            if !self.visited.insert(id) {
                continue; // a symbolic-link loop or a folder reached twice
            }
            let mut subdirs = Vec::new();
            let mut others = Vec::new();
            for e in self.entries(&dir) {
                match e.plain_file {
                    Some(ino) if self.listed_ids => {
                        if has_report_extension(&e.path) {
                            self.file(e.path, (id.0, ino), true);
                        }
                    }
                    _ => others.push(e.path),
                }
            }
            // The others (folders, links, and every entry when a file was
            // also named) looked at on every core.
            let others: Vec<_> = {
                use rayon::prelude::*;
                others
                    .into_par_iter()
                    .map(|e| {
                        let m = std::fs::metadata(&e);
                        (e, m)
                    })
                    .collect()
            };
            for (entry, meta) in others {
                match meta {
                    Ok(m) if m.is_dir() => subdirs.push((entry, file_id(&m))),
                    Ok(m) => {
                        if has_report_extension(&entry) {
                            let check = m.is_file();
                            self.file(entry, file_id(&m), check);
                        }
                    }
                    Err(e) => {
                        let dangling = entry.symlink_metadata().is_ok_and(|m| m.is_symlink());
                        if dangling && e.kind() == std::io::ErrorKind::NotFound {
                            self.errors
                                .push(IngestError::new(&entry, "broken symbolic link"));
                        } else {
                            self.errors.push(IngestError::io(&entry, &e));
                        }
                    }
                }
            }
            // Pushed in reverse so the folders come off the stack in order.
            stack.extend(subdirs.into_iter().rev());
        }
        // This folder's files, from every subfolder, in one path order.
        self.files[start..].sort();
    }

    /// The entries of a folder, sorted by name; failures are recorded.
    fn entries(&mut self, dir: &Path) -> Vec<Listed> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.errors.push(IngestError::io(dir, &e));
                return Vec::new();
            }
        };
        use std::os::unix::fs::DirEntryExt;
        let mut entries = Vec::new();
        for e in rd {
            match e {
                Ok(e) => entries.push(Listed {
                    name: e.file_name(),
                    path: e.path(),
                    plain_file: e
                        .file_type()
                        .ok()
                        .filter(std::fs::FileType::is_file)
                        .map(|_| e.ino()),
                }),
                Err(e) => self.errors.push(IngestError::io(dir, &e)),
            }
        }
        // By name: the paths' order (they share the folder), without taking
        // each path apart at every comparison.
        entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        entries
    }
}
