//! SQLite databases of reports: tables `reports`, `sections` and
//! `indicators` with foreign keys and indexes, built in a temporary file
//! beside the target and renamed over it when complete.

use super::output::Output;
use super::ExportError;
use crate::model::{Report, Sym};
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};

/// `PRAGMA user_version` of the schema written (2: `reports.path_bytes`).
pub const SCHEMA_VERSION: i32 = 2;

const SCHEMA: &str = "
CREATE TABLE reports (
    id        INTEGER PRIMARY KEY,
    path      TEXT NOT NULL,  -- as the text tables write it (escaped when not UTF-8)
    path_bytes BLOB,          -- the name's exact bytes when they are not UTF-8
    title     TEXT,
    region    TEXT,
    province  TEXT,
    city      TEXT,
    level     TEXT,
    code      TEXT,
    issuer    TEXT,
    year      INTEGER,
    published TEXT,
    script    TEXT NOT NULL,
    warnings  TEXT NOT NULL,  -- JSON array of strings
    text      TEXT NOT NULL
);
CREATE TABLE sections (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,  -- dotted path, as in baogao/report@1
    parent     INTEGER REFERENCES sections(id),
    level      INTEGER NOT NULL,
    marker     TEXT NOT NULL,
    title      TEXT NOT NULL,
    topic      TEXT NOT NULL,
    line       INTEGER NOT NULL,
    depth      INTEGER NOT NULL,
    UNIQUE (report_id, section_id)
);
CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section    INTEGER REFERENCES sections(id),
    section_id TEXT,
    name       TEXT NOT NULL,
    value      NUMERIC,
    unit       TEXT NOT NULL,
    approx     TEXT,
    raw        TEXT NOT NULL,
    canonical  TEXT,
    line       INTEGER NOT NULL,
    sentence   TEXT NOT NULL
);
";

/// The indexes, made once every row is in: building an index in one go is
/// several times cheaper than keeping it up to date row by row.
const INDEXES: &str = "
CREATE INDEX reports_region ON reports(region);
CREATE INDEX reports_province ON reports(province);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX sections_report ON sections(report_id);
CREATE INDEX indicators_report ON indicators(report_id);
CREATE INDEX indicators_canonical ON indicators(canonical);
";

/// Write reports to a new SQLite database at `path`, replacing any file
/// there only once the database is complete.
pub fn write_reports(path: &Path, reports: &[Report]) -> Result<(), ExportError> {
    let mut db = Database::create(path)?;
    for r in reports {
        db.insert(r)?;
    }
    db.finish()
}

/// A database written report by report, in one transaction, in a temporary
/// file that [`Database::finish`] renames over the target (dropping it
/// unfinished leaves the target untouched). The target must be a regular
/// file or a new path: SQLite cannot write into a device or a pipe.
pub struct Database {
    out: Output,
    conn: Connection,
    path: PathBuf,
}

impl Database {
    /// Start a database that will replace `path`: the schema, then a transaction.
    pub fn create(path: &Path) -> Result<Database, ExportError> {
        let out = Output::create_file(path, "SQLite")?;
        let fail = |e: rusqlite::Error| ExportError::new(path, format!("SQLite: {e}"));
        let file = out.file_path().expect("create_file writes a file");
        let conn = Connection::open(file).map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(fail)?;
        // The file is a temporary one renamed into place when complete (and
        // synced then): a crash leaves the target untouched, so SQLite's own
        // journal and syncs would only cost time.
        conn.pragma_update(None, "journal_mode", "OFF")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "OFF")
            .map_err(fail)?;
        conn.execute_batch(SCHEMA).map_err(fail)?;
        conn.execute_batch("BEGIN").map_err(fail)?;
        Ok(Database {
            out,
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Add one report with its sections and indicators.
    pub fn insert(&mut self, r: &Report) -> Result<(), ExportError> {
        insert_report(&self.conn, r).map_err(|e| self.fail(e))
    }

    /// Commit, close and put the database in place.
    pub fn finish(self) -> Result<(), ExportError> {
        self.conn
            .execute_batch(INDEXES)
            .and_then(|()| self.conn.execute_batch("COMMIT"))
            .map_err(|e| self.fail(e))?;
        let Database { out, conn, path } = self;
        conn.close()
            .map_err(|(_, e)| ExportError::new(&path, format!("SQLite: {e}")))?;
        out.commit()
    }

    fn fail(&self, e: rusqlite::Error) -> ExportError {
        ExportError::new(&self.path, format!("SQLite: {e}"))
    }
}

fn insert_report(tx: &Connection, r: &Report) -> rusqlite::Result<()> {
    let region = r.region.as_ref();
    tx.prepare_cached(
        "INSERT INTO reports (path, path_bytes, title, region, province, city, level, code, issuer,
                              year, published, script, warnings, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        super::file_name(r),
        r.path_bytes,
        r.title,
        region.map(|g| &g.name),
        region.and_then(|g| g.province.as_ref()),
        region.and_then(|g| g.city.as_ref()),
        region.map(|g| g.level.as_str()),
        region.and_then(|g| g.code.as_ref()),
        r.issuer,
        r.year,
        r.published,
        r.script.as_str(),
        serde_json::Value::from(r.warnings.clone()).to_string(),
        r.text,
    ])?;
    let report_id = tx.last_insert_rowid();
    // Row ids of the sections, by index in `r.sections` (parents come first).
    let mut section_rows: Vec<i64> = Vec::with_capacity(r.sections.len());
    for s in &r.sections {
        let parent = s.parent_index().and_then(|p| section_rows.get(p).copied());
        tx.prepare_cached(
            "INSERT INTO sections (report_id, section_id, parent, level, marker, title, topic,
                                   line, depth)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            report_id,
            s.id.as_str(),
            parent,
            s.level,
            s.marker.as_str(),
            s.title.as_str(),
            s.topic.as_str(),
            s.line as i64,
            s.depth as i64
        ])?;
        section_rows.push(tx.last_insert_rowid());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO indicators (report_id, section, section_id, name, value, unit, approx, raw,
                                 canonical, line, sentence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for ind in &r.indicators {
        let value = match ind.value {
            v if !v.is_finite() => rusqlite::types::Value::Null,
            v if v.fract() == 0.0 && v.abs() < 9.0e15 => (v as i64).into(),
            v => v.into(),
        };
        stmt.execute(params![
            report_id,
            ind.section_index()
                .and_then(|i| section_rows.get(i).copied()),
            r.section_id(ind),
            ind.name.as_str(),
            value,
            ind.unit.as_str(),
            ind.approx.map(|a| a.as_str()),
            r.raw(ind),
            ind.canonical.map(Sym::as_str),
            ind.line as i64,
            r.sentence(ind),
        ])?;
    }
    Ok(())
}
