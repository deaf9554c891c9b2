//! The table commands beyond the streamed indicator CSV: `panel`, Parquet
//! output (one file, or partitions by year in a folder), and `export` to
//! SQLite and Parquet.

use super::{
    binary_to_terminal, check_output, finish, for_each_report, inputs, print_table, Inputs,
    TableArgs, FAILED, USAGE,
};
use baogao::compare::{panel_keys, panel_report, panel_table};
use baogao::export::{self, dataset::Dataset, parquet, ExportError, Format, Options};
use baogao::ingest::{self, Shard};
use baogao::model::Report;
use std::io;
use std::path::{Path, PathBuf};

/// The format of a table command: `--format`, else the `-o` extension,
/// else CSV (Parquet with `--partition`). A binary format to a terminal,
/// and partitions that are not Parquet or have no `-o` folder, are usage
/// errors (the exit code).
pub(super) fn table_format(args: &TableArgs) -> Result<Format, i32> {
    let output = args.output.as_deref();
    let partitioned = args.partition.is_some();
    let format = match (args.format, partitioned) {
        (Some(f), _) => f,
        (None, true) => Format::Parquet,
        (None, false) => output.and_then(Format::from_path).unwrap_or(Format::Csv),
    };
    if partitioned {
        if format != Format::Parquet {
            eprintln!("baogao: --partition year writes Parquet files, not {format}");
            return Err(USAGE);
        }
        match output {
            Some(p) if !export::output::is_standard_stream(p) => {}
            _ => {
                eprintln!("baogao: --partition year writes a folder of Parquet files: add -o DIR");
                return Err(USAGE);
            }
        }
    } else if format.is_binary() && binary_to_terminal(output) {
        eprintln!(
            "baogao: {format} is a binary format and needs an output file: add -o FILE.{format}"
        );
        return Err(USAGE);
    }
    Ok(format)
}

/// The inputs of a table command; the output (a file, or with
/// `partitioned` a folder) checked not to overwrite any of them.
pub(super) fn table_inputs(
    paths: &[PathBuf],
    output: Option<&Path>,
    partitioned: bool,
    shard: Option<Shard>,
) -> Result<Inputs, i32> {
    if !partitioned {
        return inputs(paths, output, shard);
    }
    let inputs = inputs(paths, None, shard)?;
    if let Some(dir) = output {
        refuse_inputs_in(dir, &inputs.files)?;
    }
    Ok(inputs)
}

/// Refuse a partition folder that holds one of the inputs (its files are
/// replaced): exit code [`USAGE`].
fn refuse_inputs_in(dir: &Path, files: &[PathBuf]) -> Result<(), i32> {
    let Ok(dir_real) = std::fs::canonicalize(dir) else {
        return Ok(()); // not there yet: nothing in it
    };
    let inside = files
        .iter()
        .find(|f| std::fs::canonicalize(f).is_ok_and(|c| c.starts_with(&dir_real)));
    match inside {
        None => Ok(()),
        Some(f) => {
            eprintln!(
                "baogao: {}: holds the input {}: refusing to write Parquet partitions there \
                 (choose another folder)",
                ingest::display_path(dir),
                ingest::display_path(f)
            );
            Err(USAGE)
        }
    }
}

/// An export error met inside [`for_each_report`]: kept for the message,
/// passed on as an I/O error to stop the loop.
fn stop(failed: &mut Option<ExportError>, e: ExportError) -> io::Error {
    let err = io::Error::other(e.to_string());
    *failed = Some(e);
    err
}

/// The exit code once every report went through: an export error first,
/// else the finished output.
fn conclude(
    read: io::Result<bool>,
    failed: Option<ExportError>,
    done: impl FnOnce() -> Result<(), ExportError>,
) -> i32 {
    let all_read = match (read, failed) {
        (_, Some(e)) => {
            eprintln!("baogao: {e}");
            return FAILED;
        }
        (Ok(ok), None) => ok,
        (Err(e), None) => return finish(Err(e)),
    };
    match done() {
        Ok(()) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

/// The indicators as Parquet, streamed into one file or partitions.
pub(super) fn indicators_parquet(path: &Path, partitioned: bool, inputs: Inputs) -> i32 {
    let columns = export::indicators::indicator_columns();
    let mut sink = match parquet::Sink::create(path, &columns, partitioned) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("baogao: {e}");
            return FAILED;
        }
    };
    let mut failed = None;
    let read = for_each_report(inputs, |r| {
        let file = export::file_name(&r);
        r.indicators
            .iter()
            .try_for_each(|ind| sink.row(export::indicators::indicator_cells(&r, &file, ind)))
            .map_err(|e| stop(&mut failed, e))
    });
    conclude(read, failed, || sink.finish())
}

/// `baogao panel`: the reports are parsed in parallel and kept small
/// ([`panel_report`]); the table is built once all are in, since a key's
/// unit is the one it is most often stated in across them.
pub(super) fn panel_cmd(keys: Option<&[String]>, args: TableArgs, paths: &[PathBuf]) -> i32 {
    let format = match table_format(&args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    if let Some(keys) = keys {
        if let Err(e) = panel_keys(&[] as &[Report], Some(keys)) {
            eprintln!("baogao: {e}");
            return USAGE;
        }
    }
    let output = args.output.as_deref();
    let partitioned = args.partition.is_some();
    let inputs = match table_inputs(paths, output, partitioned, args.shard) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut reports = Vec::new();
    let read = for_each_report(inputs, |r| {
        reports.push(panel_report(&r));
        Ok(())
    });
    let all_read = match read {
        Ok(ok) => ok,
        Err(e) => return finish(Err(e)),
    };
    let keys = panel_keys(&reports, keys).unwrap_or_default();
    let table = panel_table(&reports, &keys);
    let opts = Options { bom: args.bom };
    let written = match output {
        Some(dir) if partitioned => write_partitioned(&table, dir).map_err(|e| e.to_string()),
        Some(path) => export::write_table(&table, format, opts, path).map_err(|e| e.to_string()),
        None => print_table(&table, format, opts),
    };
    match written {
        Ok(()) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

/// A whole table as Parquet partitions by year in `dir`.
fn write_partitioned(table: &export::Table, dir: &Path) -> Result<(), ExportError> {
    let mut parts = parquet::Partitioned::create(dir, &table.columns)?;
    for row in &table.rows {
        parts.row(table.cells(row).map(export::Cell::as_ref))?;
    }
    parts.finish()
}

/// `baogao export`: each chunk of reports goes into the SQLite database
/// (one transaction) and the Parquet tables as it is parsed; each output
/// replaces its target only when complete.
pub(super) fn export_cmd(
    sqlite: Option<&Path>,
    parquet_dir: Option<&Path>,
    partitioned: bool,
    shard: Option<Shard>,
    paths: &[PathBuf],
) -> i32 {
    let inputs = match inputs(paths, sqlite, shard) {
        Ok(i) => i,
        Err(code) => return code,
    };
    if let Some(dir) = parquet_dir {
        for target in export::dataset::targets(dir, partitioned) {
            let checked = if partitioned {
                refuse_inputs_in(&target, &inputs.files)
            } else {
                check_output(&target, &inputs.files)
            };
            if let Err(code) = checked {
                return code;
            }
        }
    }
    let database = sqlite.map(export::sqlite::Database::create).transpose();
    let dataset = database.and_then(|db| {
        let ds = parquet_dir
            .map(|d| Dataset::create(d, partitioned))
            .transpose()?;
        Ok((db, ds))
    });
    let (mut database, mut dataset) = match dataset {
        Ok(both) => both,
        Err(e) => {
            eprintln!("baogao: {e}");
            return FAILED;
        }
    };
    let mut failed = None;
    let read = for_each_report(inputs, |r| {
        let mut put = || -> Result<(), ExportError> {
            if let Some(db) = database.as_mut() {
                db.insert(&r)?;
            }
            if let Some(ds) = dataset.as_mut() {
                ds.insert(&r)?;
            }
            Ok(())
        };
        put().map_err(|e| stop(&mut failed, e))
    });
    conclude(read, failed, || {
        if let Some(db) = database {
            db.finish()?;
        }
        dataset.map_or(Ok(()), Dataset::finish)
    })
}
