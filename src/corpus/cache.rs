//! The browser's persistent cache of parsed reports: reopening a folder
//! reads the reports parsed before instead of parsing them again.
//!
//! One SQLite file (`~/.cache/baogao/reports.sqlite`, or
//! `$BAOGAO_CACHE_DIR/reports.sqlite`) holds one row per file: its absolute
//! path, size and modification time, the stamp of the parser and taxonomy
//! that parsed it, and the report without its text, encoded with
//! `postcard`. A row is used only when all of these still match; the text
//! is read again from the file when it is shown or searched, and must have
//! the length and hash recorded with the row ([`TextCheck`]).
//!
//! A cache file that is damaged, truncated or not baogao's is set aside
//! and rebuilt (the caller gets a note to show once); a row that does not
//! decode is a miss. Rows not used for [`MAX_AGE_DAYS`] days, and the
//! oldest beyond [`MAX_ROWS`], are dropped after each load.

use crate::model::Report;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Rows kept at most (the least recently used beyond it are dropped).
pub const MAX_ROWS: i64 = 500_000;
/// Rows not used for this many days are dropped.
pub const MAX_AGE_DAYS: i64 = 90;
/// Layout of the cache file; a file of another layout is rebuilt.
const SCHEMA_VERSION: i64 = 1;

/// The file name of the cache in its folder.
pub const FILE_NAME: &str = "reports.sqlite";

/// The folder of the cache: `$BAOGAO_CACHE_DIR`, else the user's cache
/// folder (`$XDG_CACHE_HOME/baogao`, `~/.cache/baogao`).
pub fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("BAOGAO_CACHE_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::cache_dir().map(|d| d.join("baogao")),
    }
}

/// What a row is valid for: this parser build and the taxonomy in force.
pub fn stamp() -> String {
    format!(
        "{}-{:016x}",
        env!("BAOGAO_PARSER_FINGERPRINT"),
        crate::parse::taxonomy::Taxonomy::global().fingerprint()
    )
}

/// The length and hash of a report's text, kept with a cached report to
/// check the text read again from its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextCheck {
    /// Length in bytes.
    pub len: u64,
    /// A 64-bit hash of the bytes.
    pub hash: u64,
}

impl TextCheck {
    /// The check of `text`.
    pub fn of(text: &str) -> TextCheck {
        let mut h = rustc_hash::FxHasher::default();
        h.write(text.as_bytes());
        TextCheck {
            len: text.len() as u64,
            hash: h.finish(),
        }
    }
}

/// A file as the cache knows it: absolute path, size, modification time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey {
    /// The absolute path.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
}

impl FileKey {
    /// The key of the file at `path` now; `None` if it cannot be read.
    pub fn of(path: &Path) -> Option<FileKey> {
        let meta = std::fs::metadata(path).ok()?;
        let abs = std::path::absolute(path).ok()?;
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i64);
        Some(FileKey {
            path: abs.to_str()?.to_string(),
            size: meta.len(),
            mtime,
        })
    }
}

/// One cached report as stored.
#[derive(Deserialize)]
struct Record {
    report: Report,
    text: TextCheck,
}

/// [`Record`] as written, borrowing the report.
#[derive(Serialize)]
struct RecordRef<'a> {
    report: &'a Report,
    text: &'a TextCheck,
}

/// An open cache.
pub struct Cache {
    conn: Connection,
    stamp: String,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("stamp", &self.stamp).finish()
    }
}

impl Cache {
    /// Open (or create) the cache in `dir`. A file that is damaged or not a
    /// baogao cache is moved aside (`reports.sqlite.damaged`) and a new one
    /// made: the second value then says so, for the user.
    pub fn open(dir: &Path) -> Result<(Cache, Option<String>), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cache folder {}: {e}", dir.display()))?;
        let path = dir.join(FILE_NAME);
        match Cache::open_file(&path) {
            Ok(c) => Ok((c, None)),
            Err(why) => {
                let aside = dir.join(format!("{FILE_NAME}.damaged"));
                let _ = std::fs::remove_file(&aside);
                std::fs::rename(&path, &aside)
                    .or_else(|_| std::fs::remove_file(&path))
                    .map_err(|e| {
                        format!("cache {}: {why}; cannot remove it: {e}", path.display())
                    })?;
                for side in ["-wal", "-shm", "-journal"] {
                    let _ = std::fs::remove_file(dir.join(format!("{FILE_NAME}{side}")));
                }
                let c = Cache::open_file(&path)
                    .map_err(|e| format!("cache {}: {e}", path.display()))?;
                Ok((
                    c,
                    Some(format!(
                        "the cache {} was damaged ({why}); it was set aside and is rebuilt",
                        path.display()
                    )),
                ))
            }
        }
    }

    fn open_file(path: &Path) -> Result<Cache, String> {
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        let q = |e: rusqlite::Error| e.to_string();
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(q)?;
        // A cache: a write lost in a crash is parsed again, so no sync per
        // transaction (safe with the write-ahead log).
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(q)?;
        // A file that is not a database fails here, on its first read.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(q)?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(q)?;
        if check != "ok" {
            return Err(format!("integrity check: {check}"));
        }
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(q)?;
        if tables == 0 {
            conn.execute_batch(&format!(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE reports (
                     path TEXT PRIMARY KEY,
                     size INTEGER NOT NULL,
                     mtime INTEGER NOT NULL,
                     stamp TEXT NOT NULL,
                     used INTEGER NOT NULL,
                     data BLOB NOT NULL
                 );
                 CREATE INDEX reports_used ON reports(used);
                 PRAGMA user_version = {SCHEMA_VERSION};"
            ))
            .map_err(q)?;
        } else if version != SCHEMA_VERSION {
            return Err(format!(
                "layout {version}, this baogao reads layout {SCHEMA_VERSION}"
            ));
        }
        Ok(Cache {
            conn,
            stamp: stamp(),
        })
    }

    /// The stored rows of `keys` that are still valid (same size,
    /// modification time and stamp), in the order of `keys`, not decoded
    /// (decode them with [`decode`], on any thread).
    pub fn fetch(&self, keys: &[&FileKey]) -> Vec<Option<Vec<u8>>> {
        // The row's data is read only when it is the file's as it is now,
        // parsed by this parser: a cache of another version (every row
        // stale) costs one index lookup a file, not a read of every row.
        let Ok(mut stmt) = self.conn.prepare_cached(
            "SELECT data FROM reports
             WHERE path = ?1 AND size = ?2 AND mtime = ?3 AND stamp = ?4",
        ) else {
            return vec![None; keys.len()];
        };
        keys.iter()
            .map(|k| {
                let size = i64::try_from(k.size).ok()?;
                stmt.query_row(params![k.path, size, k.mtime, self.stamp], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .optional()
                .ok()
                .flatten()
            })
            .collect()
    }

    /// Store encoded reports ([`encode`]), in one transaction; marks them
    /// used now.
    pub fn put_many<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a FileKey, &'a [u8])>,
    ) -> Result<(), String> {
        let now = now_secs();
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO reports (path, size, mtime, stamp, used, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(|e| e.to_string())?;
            for (k, data) in items {
                stmt.execute(params![
                    k.path,
                    k.size as i64,
                    k.mtime,
                    self.stamp,
                    now,
                    data
                ])
                .map_err(|e| e.to_string())?;
            }
        }
        tx.commit().map_err(|e| e.to_string())
    }

    /// Mark the rows of `paths` used now (they were read from the cache);
    /// a row marked within the last day is left as it is (SQLite rewrites
    /// a whole row, report included, to change its mark).
    pub fn touch(&mut self, paths: &[String]) -> Result<(), String> {
        let now = now_secs();
        let tx = self.conn.transaction().map_err(|e| e.to_string())?;
        {
            let mut stmt = tx
                .prepare_cached("UPDATE reports SET used = ?1 WHERE path = ?2 AND used < ?3")
                .map_err(|e| e.to_string())?;
            for p in paths {
                stmt.execute(params![now, p, now - 86_400])
                    .map_err(|e| e.to_string())?;
            }
        }
        tx.commit().map_err(|e| e.to_string())
    }

    /// Drop rows not used for [`MAX_AGE_DAYS`] days and the least recently
    /// used beyond [`MAX_ROWS`]; returns how many were dropped.
    pub fn prune(&mut self) -> Result<usize, String> {
        let cutoff = now_secs() - MAX_AGE_DAYS * 86_400;
        let q = |e: rusqlite::Error| e.to_string();
        let old = self
            .conn
            .execute("DELETE FROM reports WHERE used < ?1", params![cutoff])
            .map_err(q)?;
        let extra = self
            .conn
            .execute(
                "DELETE FROM reports WHERE path IN
                 (SELECT path FROM reports ORDER BY used DESC LIMIT -1 OFFSET ?1)",
                params![MAX_ROWS],
            )
            .map_err(q)?;
        Ok(old + extra)
    }

    /// Number of rows and the size of the cache file in bytes.
    pub fn stats(&self) -> Result<(i64, u64), String> {
        let rows: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        let pages: i64 = self
            .conn
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        Ok((rows, pages.max(0) as u64))
    }
}

/// A parsed report encoded for [`Cache::put_many`], without its text (its
/// length and hash, `text`, are kept instead), on any thread.
pub fn encode(report: &Report, text: &TextCheck) -> Option<Vec<u8>> {
    postcard::to_allocvec(&RecordRef { report, text }).ok()
}

/// A stored row decoded: the report (without its text) and its text
/// check; `None` for a row that does not decode (a miss).
pub fn decode(data: &[u8]) -> Option<(Report, TextCheck)> {
    let rec = postcard::from_bytes::<Record>(data).ok()?;
    Some((rec.report, rec.text))
}

/// Remove the cache in `dir` (the file and SQLite's side files); returns
/// whether there was one.
pub fn clear(dir: &Path) -> std::io::Result<bool> {
    let mut any = false;
    for name in [
        FILE_NAME.to_string(),
        format!("{FILE_NAME}-wal"),
        format!("{FILE_NAME}-shm"),
        format!("{FILE_NAME}-journal"),
        format!("{FILE_NAME}.damaged"),
    ] {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => any = true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(any)
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
