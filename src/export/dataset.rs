//! `export --parquet DIR`: the reports, their sections and their
//! indicators as three Parquet tables, `reports.parquet`,
//! `sections.parquet` and `indicators.parquet` (the indicator table of
//! [`indicators_table`](super::indicators_table)), joined by `file`; with
//! partitions by year, three folders `reports/`, `sections/` and
//! `indicators/` of `year=…/part-0.parquet`.

use super::indicators::{indicator_cells, indicator_columns};
use super::parquet::{prepare_dir, Sink};
use super::{file_name, CellRef, Column, ExportError};
use crate::model::Report;
use std::path::{Path, PathBuf};

/// The table names, in the order they are written.
pub const TABLES: [&str; 3] = ["reports", "sections", "indicators"];

/// The columns of `reports`: file, title, region, province, city, level,
/// code, issuer, year, published, script, sections and indicators (counts),
/// warnings (joined by `; `), text.
pub fn report_columns() -> Vec<Column> {
    let mut cols: Vec<Column> = [
        "file", "title", "region", "province", "city", "level", "code", "issuer",
    ]
    .map(Column::text)
    .to_vec();
    cols.push(Column::number("year"));
    cols.extend(["published", "script"].map(Column::text));
    cols.extend(["sections", "indicators"].map(Column::number));
    cols.extend(["warnings", "text"].map(Column::text));
    cols
}

/// The columns of `sections`: file, year, section_id (dotted, as in
/// `baogao/report@1`), parent_id, level, marker, title, topic, line, depth.
pub fn section_columns() -> Vec<Column> {
    let mut cols: Vec<Column> = ["file"].map(Column::text).to_vec();
    cols.push(Column::number("year"));
    cols.extend(["section_id", "parent_id"].map(Column::text));
    cols.push(Column::number("level"));
    cols.extend(["marker", "title", "topic"].map(Column::text));
    cols.extend(["line", "depth"].map(Column::number));
    cols
}

/// Where each table goes in `dir`: a file, or with `partitioned` a folder.
pub fn targets(dir: &Path, partitioned: bool) -> [PathBuf; 3] {
    TABLES.map(|t| {
        if partitioned {
            dir.join(t)
        } else {
            dir.join(format!("{t}.parquet"))
        }
    })
}

/// The three tables being written report by report; [`Dataset::finish`]
/// puts each file in place (each its own temporary file and rename), and
/// dropping it unfinished leaves every target untouched.
pub struct Dataset {
    reports: Sink,
    sections: Sink,
    indicators: Sink,
}

impl Dataset {
    /// Start the tables in `dir` (created with its parents if missing).
    pub fn create(dir: &Path, partitioned: bool) -> Result<Dataset, ExportError> {
        prepare_dir(dir)?;
        let [r, s, i] = targets(dir, partitioned);
        Ok(Dataset {
            reports: Sink::create(&r, &report_columns(), partitioned)?,
            sections: Sink::create(&s, &section_columns(), partitioned)?,
            indicators: Sink::create(&i, &indicator_columns(), partitioned)?,
        })
    }

    /// Add one report, its sections and its indicators.
    pub fn insert(&mut self, r: &Report) -> Result<(), ExportError> {
        let g = r.region.as_ref();
        let year = CellRef::opt_number(r.year.map(f64::from));
        let warnings = r.warnings.join("; ");
        let file = file_name(r);
        self.reports.row([
            CellRef::Text(&file),
            CellRef::opt_text(r.title.as_deref()),
            CellRef::opt_text(g.map(|g| g.name.as_str())),
            CellRef::opt_text(g.and_then(|g| g.province.as_deref())),
            CellRef::opt_text(g.and_then(|g| g.city.as_deref())),
            CellRef::opt_text(g.map(|g| g.level.as_str())),
            CellRef::opt_text(g.and_then(|g| g.code.as_deref())),
            CellRef::opt_text(r.issuer.as_deref()),
            year,
            CellRef::opt_text(r.published.as_deref()),
            CellRef::Text(r.script.as_str()),
            CellRef::Number(r.sections.len() as f64),
            CellRef::Number(r.indicators.len() as f64),
            CellRef::Text(&warnings),
            CellRef::Text(&r.text),
        ])?;
        for s in &r.sections {
            let parent = s.parent_index().and_then(|p| r.sections.get(p));
            self.sections.row([
                CellRef::Text(&file),
                year,
                CellRef::Text(&s.id),
                CellRef::opt_text(parent.map(|p| p.id.as_str())),
                CellRef::Number(f64::from(s.level)),
                CellRef::Text(&s.marker),
                CellRef::Text(&s.title),
                CellRef::Text(&s.topic),
                CellRef::Number(s.line as f64),
                CellRef::Number(s.depth as f64),
            ])?;
        }
        for ind in &r.indicators {
            self.indicators.row(indicator_cells(r, &file, ind))?;
        }
        Ok(())
    }

    /// Finish the three tables.
    pub fn finish(self) -> Result<(), ExportError> {
        self.reports.finish()?;
        self.sections.finish()?;
        self.indicators.finish()
    }
}
