//! Exporting tables and reports: CSV, Excel, JSON, Markdown, Parquet and
//! SQLite.
//!
//! Every table-shaped view (indicators, comparison, ranking) is a [`Table`]
//! that each [`Format`] writes; [`indicators_table`] builds the indicator
//! table of a set of reports. Every output goes through [`output`], which
//! looks at the target first: a regular file is written atomically (a failed
//! export never leaves a partial file behind), a device, pipe or link is
//! never replaced.

pub mod csv;
pub mod dataset;
pub mod file_name;
pub mod indicators;
pub mod json;
pub mod md;
pub mod output;
pub mod parquet;
pub mod report_json;
pub mod sqlite;
pub mod table;
pub mod text;
pub mod xlsx;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use file_name::file_name;
pub use indicators::indicators_table;
pub use table::{Cell, CellRef, Column, ColumnKind, Table};

/// Why an export failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The file being written (`-` for standard output).
    pub path: PathBuf,
    /// The problem, in words for the user.
    pub reason: String,
}

impl ExportError {
    /// An error about `path` for `reason`.
    pub fn new(path: &Path, reason: impl Into<String>) -> Self {
        ExportError {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = crate::ingest::escape_controls(&self.reason);
        write!(f, "{}: {reason}", crate::ingest::display_path(&self.path))
    }
}

impl std::error::Error for ExportError {}

/// A table file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values (RFC 4180, UTF-8).
    Csv,
    /// Excel workbook.
    Xlsx,
    /// JSON object (`baogao/table@1`).
    Json,
    /// Markdown pipe table.
    Md,
    /// Apache Parquet (typed columns, Snappy-compressed).
    Parquet,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Xlsx,
        Format::Parquet,
        Format::Json,
        Format::Md,
    ];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Md => "md",
            Format::Parquet => "parquet",
        }
    }

    /// Whether the format is binary (not printed to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }

    /// The format a file name's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension()?.to_str()?.parse().ok()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "json" => Ok(Format::Json),
            "md" | "markdown" => Ok(Format::Md),
            "parquet" | "pq" => Ok(Format::Parquet),
            _ => Err(format!(
                "unknown format '{s}' (expected csv, xlsx, json, md or parquet)"
            )),
        }
    }
}

/// Options of the table writers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Start CSV with a UTF-8 byte-order mark (for Excel on Chinese Windows).
    pub bom: bool,
}

/// The bytes of a table in a format.
pub fn render(table: &Table, format: Format, opts: Options) -> Result<Vec<u8>, String> {
    match format {
        Format::Csv => csv::to_bytes(table, opts.bom),
        Format::Xlsx => xlsx::to_bytes(table),
        Format::Json => Ok(json::to_string(table).into_bytes()),
        Format::Md => Ok(md::to_string(table).into_bytes()),
        Format::Parquet => parquet::to_bytes(table),
    }
}

/// Write a table to `path` through [`output`]: on error no partial file is
/// left and an existing file is untouched.
pub fn write_table(
    table: &Table,
    format: Format,
    opts: Options,
    path: &Path,
) -> Result<(), ExportError> {
    if format == Format::Parquet {
        return parquet::write_table(table, path);
    }
    let bytes = render(table, format, opts).map_err(|e| ExportError::new(path, e))?;
    output::write_bytes(path, &bytes)
}
