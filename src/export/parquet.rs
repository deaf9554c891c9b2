//! Apache Parquet files of tables (Snappy-compressed), through the `arrow`
//! and `parquet` crates: text columns as UTF-8 strings, number columns as
//! `Float64`, whole-number columns ([`INT_COLUMNS`]: `year`, `line`…) as
//! `Int32`, empty cells as nulls.
//!
//! A [`Writer`] streams rows into a file through [`Output`] (a temporary
//! file renamed into place when complete: a failed export leaves no partial
//! file); a [`Partitioned`] writer splits rows by year into hive-style
//! folders, `DIR/year=2021/part-0.parquet` (`year=__HIVE_DEFAULT_PARTITION__`
//! for rows without a year), the year column left out of the files as
//! Hive, Spark, pyarrow and DuckDB write and read them.

use super::output::Output;
use super::{Cell, CellRef, Column, ColumnKind, ExportError, Table};
use arrow_array::builder::{Float64Builder, Int32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Number columns holding whole numbers, written as `Int32` (other number
/// columns are `Float64`).
pub const INT_COLUMNS: &[&str] = &[
    "year",
    "rank",
    "level",
    "line",
    "depth",
    "sections",
    "indicators",
];

/// The partition folder of rows without a year, as Hive names it.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// Rows collected before they are encoded as one batch.
const BATCH_ROWS: usize = 8192;
/// Rows of one row group: bounds the memory of a large table.
const ROW_GROUP_ROWS: usize = 64 * 1024;

/// The Arrow type of a table column.
fn data_type(col: &Column) -> DataType {
    match col.kind {
        ColumnKind::Text => DataType::Utf8,
        ColumnKind::Number if INT_COLUMNS.contains(&col.name.as_str()) => DataType::Int32,
        ColumnKind::Number => DataType::Float64,
    }
}

/// One column being filled.
enum Builder {
    Text(StringBuilder),
    Float(Float64Builder),
    Int(Int32Builder),
}

impl Builder {
    fn new(t: &DataType) -> Builder {
        match t {
            DataType::Int32 => Builder::Int(Int32Builder::new()),
            DataType::Float64 => Builder::Float(Float64Builder::new()),
            _ => Builder::Text(StringBuilder::new()),
        }
    }

    /// Append a cell: text in a number column, or a number that is not a
    /// whole `i32` in an integer column, is null (never the case for the
    /// tables baogao builds).
    fn push(&mut self, cell: CellRef<'_>) {
        match (self, cell) {
            (Builder::Text(b), CellRef::Text(s)) => b.append_value(s),
            (Builder::Text(b), CellRef::Number(v)) if v.is_finite() => {
                b.append_value(crate::model::format_value(v))
            }
            (Builder::Text(b), _) => b.append_null(),
            (Builder::Float(b), CellRef::Number(v)) if v.is_finite() => b.append_value(v),
            (Builder::Float(b), _) => b.append_null(),
            (Builder::Int(b), CellRef::Number(v))
                if v.fract() == 0.0 && v >= f64::from(i32::MIN) && v <= f64::from(i32::MAX) =>
            {
                b.append_value(v as i32)
            }
            (Builder::Int(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
        }
    }
}

/// Rows encoded into Parquet bytes in memory, taken out as they are made.
struct Encoder {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    writer: ArrowWriter<Vec<u8>>,
}

impl Encoder {
    fn new(columns: &[Column]) -> parquet::errors::Result<Encoder> {
        let fields: Vec<Field> = columns
            .iter()
            .map(|c| Field::new(&c.name, data_type(c), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("baogao {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props))?;
        let builders = schema
            .fields()
            .iter()
            .map(|f| Builder::new(f.data_type()))
            .collect();
        Ok(Encoder {
            schema,
            builders,
            rows: 0,
            writer,
        })
    }

    /// Add a row (missing cells are null, extra cells ignored).
    fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = CellRef<'c>>,
    ) -> parquet::errors::Result<()> {
        let mut cells = cells.into_iter();
        for b in &mut self.builders {
            b.push(cells.next().unwrap_or(CellRef::Empty));
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.encode()?;
        }
        Ok(())
    }

    /// Encode the rows collected so far.
    fn encode(&mut self) -> parquet::errors::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.rows = 0;
        self.writer.write(&batch)
    }

    /// The bytes encoded so far and not yet taken.
    fn take(&mut self) -> Vec<u8> {
        std::mem::take(self.writer.inner_mut())
    }

    /// Encode the rest and the footer; the last bytes.
    fn close(mut self) -> parquet::errors::Result<Vec<u8>> {
        self.encode()?;
        self.writer.into_inner()
    }
}

/// The bytes of a Parquet file holding the table.
pub fn to_bytes(table: &Table) -> Result<Vec<u8>, String> {
    let fail = |e: parquet::errors::ParquetError| format!("Parquet: {e}");
    let mut enc = Encoder::new(&table.columns).map_err(fail)?;
    for row in &table.rows {
        enc.row(table.cells(row).map(Cell::as_ref)).map_err(fail)?;
    }
    let mut bytes = enc.take();
    bytes.extend(enc.close().map_err(fail)?);
    Ok(bytes)
}

/// A Parquet file written row by row through [`Output`]: encoded bytes go
/// to the temporary file as each row group is made, so memory stays flat;
/// [`Writer::finish`] puts the file in place, dropping it unfinished leaves
/// the target untouched.
pub struct Writer {
    out: Output,
    enc: Encoder,
    path: PathBuf,
}

impl Writer {
    /// Start a file at `path` (`-`: standard output, which the command
    /// line allows only into a pipe or a file) with these columns.
    pub fn create(path: &Path, columns: &[Column]) -> Result<Writer, ExportError> {
        let enc = Encoder::new(columns).map_err(|e| parquet_error(path, e))?;
        let out = Output::create(path)?;
        Ok(Writer {
            out,
            enc,
            path: path.to_path_buf(),
        })
    }

    /// Add one row.
    pub fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = CellRef<'c>>,
    ) -> Result<(), ExportError> {
        self.enc
            .row(cells)
            .map_err(|e| parquet_error(&self.path, e))?;
        self.drain()
    }

    /// Write out the bytes encoded so far.
    fn drain(&mut self) -> Result<(), ExportError> {
        let bytes = self.enc.take();
        if bytes.is_empty() {
            return Ok(());
        }
        self.out
            .writer()
            .write_all(&bytes)
            .map_err(|e| self.out.error(&e))
    }

    /// Finish the file and put it in place.
    pub fn finish(mut self) -> Result<(), ExportError> {
        self.drain()?;
        let Writer { mut out, enc, path } = self;
        let last = enc.close().map_err(|e| parquet_error(&path, e))?;
        out.writer().write_all(&last).map_err(|e| out.error(&e))?;
        out.commit()
    }
}

fn parquet_error(path: &Path, e: parquet::errors::ParquetError) -> ExportError {
    ExportError::new(path, format!("Parquet: {e}"))
}

/// Write a whole table to a Parquet file at `path` (see [`Writer`]).
pub fn write_table(table: &Table, path: &Path) -> Result<(), ExportError> {
    let mut w = Writer::create(path, &table.columns)?;
    for row in &table.rows {
        w.row(table.cells(row).map(Cell::as_ref))?;
    }
    w.finish()
}

/// The partition folder name of a year: `year=2021`, or
/// `year=__HIVE_DEFAULT_PARTITION__` for none.
pub fn partition_name(year: Option<i32>) -> String {
    match year {
        Some(y) => format!("year={y}"),
        None => format!("year={NULL_PARTITION}"),
    }
}

/// A table written as hive-style partitions by its `year` column: one
/// `DIR/year=Y/part-0.parquet` per year met (the year column left out of
/// the files: the folder names it), each file written atomically through
/// [`Output`]. [`Partitioned::finish`] then removes the `part-0.parquet`
/// of any other `year=…` folder in DIR (a partition left by an earlier
/// run), so that DIR holds exactly this table.
pub struct Partitioned {
    dir: PathBuf,
    columns: Vec<Column>,
    year: usize,
    parts: BTreeMap<Option<i32>, Writer>,
}

/// The file name of each partition.
pub const PART_FILE: &str = "part-0.parquet";

impl Partitioned {
    /// Start partitions in `dir` (created with its parents if missing) for a table with
    /// these columns, one of them `year`.
    pub fn create(dir: &Path, columns: &[Column]) -> Result<Partitioned, ExportError> {
        let year = columns
            .iter()
            .position(|c| c.name == "year")
            .ok_or_else(|| ExportError::new(dir, "the table has no year column to partition by"))?;
        prepare_dir(dir)?;
        let mut columns = columns.to_vec();
        columns.remove(year);
        Ok(Partitioned {
            dir: dir.to_path_buf(),
            columns,
            year,
            parts: BTreeMap::new(),
        })
    }

    /// Add one row to the partition of its year.
    pub fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = CellRef<'c>>,
    ) -> Result<(), ExportError> {
        let cells: Vec<CellRef<'c>> = cells.into_iter().collect();
        let year = match cells.get(self.year) {
            Some(CellRef::Number(v)) if v.fract() == 0.0 && v.abs() < 1e9 => Some(*v as i32),
            _ => None,
        };
        let w = match self.parts.entry(year) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let folder = self.dir.join(partition_name(year));
                std::fs::create_dir_all(&folder)
                    .map_err(|err| ExportError::new(&folder, err.to_string()))?;
                e.insert(Writer::create(&folder.join(PART_FILE), &self.columns)?)
            }
        };
        let year_at = self.year;
        w.row(
            cells
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != year_at)
                .map(|(_, c)| c),
        )
    }

    /// Finish every partition, then remove stale ones.
    pub fn finish(self) -> Result<(), ExportError> {
        let written: Vec<String> = self.parts.keys().map(|y| partition_name(*y)).collect();
        for (_, w) in self.parts {
            w.finish()?;
        }
        remove_stale_partitions(&self.dir, &written);
        Ok(())
    }
}

/// Make sure `dir` is a folder baogao may write in: created with its
/// missing parents (as `mkdir -p`), an error when it is not a folder.
pub fn prepare_dir(dir: &Path) -> Result<(), ExportError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(ExportError::new(
            dir,
            "is not a folder (Parquet tables and partitions go into a folder)",
        )),
        Err(_) => std::fs::create_dir_all(dir)
            .map_err(|e| ExportError::new(dir, format!("cannot create the folder: {e}"))),
    }
}

/// Remove `DIR/year=…/part-0.parquet` of partitions not in `written`, and
/// the folder when that leaves it empty; nothing else is touched.
fn remove_stale_partitions(dir: &Path, written: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with("year=") || written.iter().any(|w| w == name) {
            continue;
        }
        let folder = e.path();
        if std::fs::remove_file(folder.join(PART_FILE)).is_ok() {
            let _ = std::fs::remove_dir(&folder);
        }
    }
}

/// A Parquet table being written: one file, or partitions by year.
pub enum Sink {
    /// One file ([`Writer`], boxed: it holds the encoder's state).
    File(Box<Writer>),
    /// Hive-style partitions in a folder ([`Partitioned`]).
    Parts(Partitioned),
}

impl Sink {
    /// Start a table at `path`: a file, or with `partitioned` a folder of
    /// partitions by year.
    pub fn create(path: &Path, columns: &[Column], partitioned: bool) -> Result<Sink, ExportError> {
        Ok(if partitioned {
            Sink::Parts(Partitioned::create(path, columns)?)
        } else {
            Sink::File(Box::new(Writer::create(path, columns)?))
        })
    }

    /// Add one row.
    pub fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = CellRef<'c>>,
    ) -> Result<(), ExportError> {
        match self {
            Sink::File(w) => w.row(cells),
            Sink::Parts(p) => p.row(cells),
        }
    }

    /// Finish the table and put its files in place.
    pub fn finish(self) -> Result<(), ExportError> {
        match self {
            Sink::File(w) => w.finish(),
            Sink::Parts(p) => p.finish(),
        }
    }
}
