//! Command-line interface: argument parsing and dispatch to the library.
//!
//! Exit codes: 0 when every input was read, 1 when some failed (each named
//! on stderr as `baogao: PATH: reason`, the rest still processed), 2 for a
//! usage error.

use baogao::export::{self, Format, Options, Table};
use baogao::ingest::{self, IngestError, Shard};
use baogao::model::Report;
use clap::Parser;
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod args;
mod cache;
mod indicators;
mod summary;
mod tables;

use args::{Cli, Command, TableArgs};
use cache::cache_cmd;
use indicators::{indicators_csv, indicators_xlsx};

/// Exit code: every input was read.
pub(crate) const OK: i32 = 0;
/// Exit code: some inputs or the output failed.
pub(crate) const FAILED: i32 = 1;
/// Exit code: the command line is wrong.
pub(crate) const USAGE: i32 = 2;

/// Files parsed at once: enough for every core, few enough to keep memory
/// flat on large folders.
const CHUNK: usize = 64;

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { OK };
            let _ = e.print();
            return code;
        }
    };
    if let Err(e) = install_taxonomy(cli.taxonomy.as_deref()) {
        eprintln!("baogao: {e}");
        return USAGE;
    }
    if cli.command.is_some() {
        // A signal must not leave a half-written export's temporary file.
        export::output::remove_pending_on_signals();
    }
    match cli.command {
        Some(Command::Parse { json, shard, paths }) => parse_cmd(json, shard, &paths),
        Some(Command::Indicators { table, paths }) => indicators_cmd(table, &paths),
        Some(Command::Panel { keys, table, paths }) => {
            tables::panel_cmd(keys.as_deref(), table, &paths)
        }
        Some(Command::Export {
            sqlite,
            parquet,
            partition,
            shard,
            paths,
        }) => tables::export_cmd(
            sqlite.as_deref(),
            parquet.as_deref(),
            partition.is_some(),
            shard,
            &paths,
        ),
        Some(Command::Audit(cmd)) => cmd.run(),
        Some(Command::Compare {
            format,
            output,
            a,
            b,
        }) => compare_cmd(&format, output.as_deref(), &a, &b),
        Some(Command::Rank {
            format,
            output,
            key,
            paths,
        }) => rank_cmd(&format, output.as_deref(), &key, &paths),
        Some(Command::Cache { clear }) => cache_cmd(clear),
        None => match baogao::tui::run(cli.paths, !cli.no_cache, !cli.no_watch) {
            Ok(baogao::tui::Exit::Quit) => OK,
            // As a shell reports a process a signal ended (130 for Ctrl-C).
            Ok(baogao::tui::Exit::Signal(sig)) => 128 + sig,
            Err(e) => {
                // Standard error may be the terminal that went away.
                let _ = writeln!(std::io::stderr(), "baogao: {e:#}");
                FAILED
            }
        },
    }
}

/// Print an error the way every command does.
fn report_error(path: &Path, reason: &str) {
    let reason = ingest::escape_controls(reason);
    eprintln!("baogao: {}: {reason}", ingest::display_path(path));
}

/// The report files under the command line's paths, collected once, with
/// the errors met on the way.
pub(crate) struct Inputs {
    files: Vec<PathBuf>,
    errors: Vec<IngestError>,
    /// The shard taken and how many files there were in all.
    shard: Option<(Shard, usize)>,
}

/// Collect the report files under `paths` (with a shard, only its part of
/// them); when `output` (an `-o` or `--sqlite` target) is one of them,
/// through a link or not, refuse before anything is read or written: the
/// exit code is returned then.
pub(crate) fn inputs(
    paths: &[PathBuf],
    output: Option<&Path>,
    shard: Option<Shard>,
) -> Result<Inputs, i32> {
    let (files, errors) = ingest::collect_files(paths);
    if let Some(out) = output {
        check_output(out, &files)?;
    }
    let (files, shard) = match shard {
        Some(s) => {
            let total = files.len();
            (s.select(files), Some((s, total)))
        }
        None => (files, None),
    };
    Ok(Inputs {
        files,
        errors,
        shard,
    })
}

/// Refuse an output target that is one of the input files (exit code
/// [`USAGE`], the message naming both): writing it would destroy a report
/// while it is read.
fn check_output(output: &Path, files: &[PathBuf]) -> Result<(), i32> {
    match export::output::overwrites(output, files) {
        None => Ok(()),
        Some(input) if input == output => {
            eprintln!(
                "baogao: {}: is one of the inputs: refusing to write over it \
                 (choose another output name)",
                ingest::display_path(output)
            );
            Err(USAGE)
        }
        Some(input) => {
            eprintln!(
                "baogao: {}: is the same file as the input {}: refusing to write over it \
                 (choose another output name)",
                ingest::display_path(output),
                ingest::display_path(input)
            );
            Err(USAGE)
        }
    }
}

/// Parse the collected files in parallel, handing each report to `each`
/// in input order; returns whether every input was read.
pub(crate) fn for_each_report(
    inputs: Inputs,
    each: impl FnMut(Report) -> io::Result<()>,
) -> io::Result<bool> {
    for_each_parsed(inputs, |r| r, each)
}

/// [`for_each_report`], with `prepare` run on each report on the parsing
/// threads (so that work on a report that does not need the order, such as
/// serialising it, is done on every core) and `each` given what it made.
pub(crate) fn for_each_parsed<T: Send>(
    inputs: Inputs,
    prepare: impl Fn(Report) -> T + Sync,
    mut each: impl FnMut(T) -> io::Result<()>,
) -> io::Result<bool> {
    let Inputs {
        files,
        errors,
        shard,
    } = inputs;
    let mut ok = errors.is_empty();
    for e in &errors {
        report_error(&e.path, &e.reason);
    }
    if let Some((shard, total)) = shard.filter(|(_, total)| files.is_empty() && *total > 0) {
        // Not an error: N machines on a corpus of fewer than N files.
        eprintln!("baogao: shard {shard} holds none of the {total} files");
        return Ok(ok);
    }
    if files.is_empty() && errors.is_empty() {
        eprintln!(
            "baogao: no report files found (looked for .{})",
            ingest::EXTENSIONS.join(", .")
        );
        return Ok(false);
    }
    // Chunks are parsed in parallel on a producer thread while this one
    // writes the previous chunk: writing overlaps parsing, order is kept,
    // and at most two chunks wait in memory.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<T, IngestError>>>(1);
    let prepare = &prepare;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for chunk in files.chunks(CHUNK) {
                let parsed = chunk
                    .par_iter()
                    .map(|p| {
                        ingest::read_report_file(p).map(|text| {
                            let mut r = baogao::parse_report(&p.to_string_lossy(), text);
                            r.set_source(p);
                            prepare(r)
                        })
                    })
                    .collect();
                if tx.send(parsed).is_err() {
                    // The writer stopped (a closed pipe): parse no further.
                    return;
                }
            }
        });
        for parsed in rx {
            for r in parsed {
                match r {
                    Ok(report) => each(report)?,
                    Err(e) => {
                        report_error(&e.path, &e.reason);
                        ok = false;
                    }
                }
            }
        }
        Ok(ok)
    })
}

/// The exit code of a run: a closed standard output (`| head`) is not an
/// error; other output errors are.
pub(crate) fn finish(result: io::Result<bool>) -> i32 {
    match result {
        Ok(true) => OK,
        Ok(false) => FAILED,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("baogao: standard output: {e}");
            FAILED
        }
    }
}

fn parse_cmd(json: bool, shard: Option<Shard>, paths: &[PathBuf]) -> i32 {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let inputs = match inputs(paths, None, shard) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let result = if json {
        for_each_parsed(inputs, JsonLine::of, |line| match line {
            JsonLine::Ready(bytes) => out.write_all(&bytes),
            // Streamed: a report of a million indicators is never held as
            // a JSON value, nor as its text.
            JsonLine::Large(r) => {
                export::report_json::write(&mut out, &r)?;
                writeln!(out)
            }
        })
    } else {
        for_each_report(inputs, |r| summary::write_summary(&mut out, &r))
    }
    .and_then(|ok| out.flush().map(|_| ok));
    finish(result)
}

/// Reports whose text is at most this long are serialised on the parsing
/// threads (their JSON is about twenty times the text: a chunk of them
/// stays within a few tens of megabytes); longer ones by the writer, as
/// they are written.
const JSON_ON_POOL_MAX: usize = 64 << 10;

/// One report's line of `parse --json`: serialised already, or to be
/// streamed.
enum JsonLine {
    Ready(Vec<u8>),
    Large(Box<Report>),
}

impl JsonLine {
    fn of(r: Report) -> JsonLine {
        if r.text.len() > JSON_ON_POOL_MAX {
            return JsonLine::Large(Box::new(r));
        }
        let mut bytes = Vec::with_capacity(r.text.len() * 24);
        match export::report_json::write(&mut bytes, &r) {
            Ok(()) => {
                bytes.push(b'\n');
                JsonLine::Ready(bytes)
            }
            // Writing into memory fails only on a value JSON cannot hold:
            // the writer meets the same error and reports it.
            Err(_) => JsonLine::Large(Box::new(r)),
        }
    }
}

fn indicators_cmd(args: TableArgs, paths: &[PathBuf]) -> i32 {
    let format = match tables::table_format(&args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let TableArgs {
        bom,
        output,
        partition,
        shard,
        ..
    } = args;
    let output = output.as_deref();
    let inputs = match tables::table_inputs(paths, output, partition.is_some(), shard) {
        Ok(i) => i,
        Err(code) => return code,
    };
    if format == Format::Csv {
        return indicators_csv(bom, output, inputs);
    }
    if let (Format::Parquet, Some(path)) = (format, output) {
        return tables::indicators_parquet(path, partition.is_some(), inputs);
    }
    if let (Format::Xlsx, Some(path)) = (format, output) {
        return indicators_xlsx(path, inputs);
    }
    let mut table = export::indicators_table(&[]);
    let read = for_each_report(inputs, |r| {
        table.rows.extend(export::indicators::indicator_rows(&r));
        Ok(())
    });
    let all_read = match read {
        Ok(ok) => ok,
        Err(e) => return finish(Err(e)),
    };
    let written = match output {
        Some(path) => {
            export::write_table(&table, format, Options { bom }, path).map_err(|e| e.to_string())
        }
        None => print_table(&table, format, Options { bom }),
    };
    match written {
        Ok(()) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

/// Whether a binary format would go to a terminal: no `-o`, or `-o -` with
/// standard output a terminal (`-o -` into a pipe or a file is fine).
fn binary_to_terminal(output: Option<&Path>) -> bool {
    use std::io::IsTerminal;
    match output {
        None => true,
        Some(p) => p.as_os_str() == "-" && io::stdout().is_terminal(),
    }
}

/// Print a text-format table to standard output.
fn print_table(table: &Table, format: Format, opts: Options) -> Result<(), String> {
    let bytes = export::render(table, format, opts)?;
    let mut out = io::stdout().lock();
    match out.write_all(&bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
        _ => Ok(()),
    }
}

/// Read and parse one report file, naming it on stderr when it fails.
fn read_one(path: &Path) -> Option<Report> {
    match ingest::read_report_file(path) {
        Ok(text) => {
            let mut r = baogao::parse_report(&path.to_string_lossy(), text);
            r.set_source(path);
            Some(r)
        }
        Err(e) => {
            report_error(&e.path, &e.reason);
            None
        }
    }
}

/// Write a table in a named format (`table` is aligned plain text, followed
/// by `trailer` when there is one) to a file or standard output; returns
/// the exit code.
pub(crate) fn emit(
    table: &Table,
    format: &str,
    output: Option<&Path>,
    json: Option<serde_json::Value>,
    trailer: Option<&str>,
) -> i32 {
    let bytes: Result<Vec<u8>, String> = match (format, json) {
        ("table" | "text", _) => {
            Ok((export::text::to_string(table) + trailer.unwrap_or("")).into_bytes())
        }
        ("json", Some(v)) => serde_json::to_vec_pretty(&v)
            .map(|mut b| {
                b.push(b'\n');
                b
            })
            .map_err(|e| e.to_string()),
        (f, _) => match f.parse::<Format>() {
            Ok(fmt) if fmt.is_binary() && binary_to_terminal(output) => {
                eprintln!("baogao: {fmt} needs an output file: add -o FILE.{fmt}");
                return USAGE;
            }
            Ok(fmt) => export::render(table, fmt, Options::default()),
            Err(e) => {
                eprintln!("baogao: {e}");
                return USAGE;
            }
        },
    };
    let result = bytes.and_then(|b| match output {
        Some(p) => export::output::write_bytes(p, &b).map_err(|e| e.to_string()),
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(&b).and_then(|_| out.flush()) {
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    Err(format!("standard output: {e}"))
                }
                _ => Ok(()),
            }
        }
    });
    match result {
        Ok(()) => OK,
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}

fn compare_cmd(format: &str, output: Option<&Path>, a: &Path, b: &Path) -> i32 {
    if let Some(out) = output {
        if let Err(code) = check_output(out, &[a.to_path_buf(), b.to_path_buf()]) {
            return code;
        }
    }
    let (Some(ra), Some(rb)) = (read_one(a), read_one(b)) else {
        return FAILED;
    };
    let json = baogao::compare::to_json(&ra, &rb);
    let shared = json["shared_sentences"].as_array().map_or(0, Vec::len);
    let trailer = format!(
        "{shared} sentences shared (≥ {} characters after folding; listed in --format json)\n",
        baogao::audit::reuse::MIN_CHARS
    );
    emit(
        &baogao::compare::compare_table(&ra, &rb),
        format,
        output,
        Some(json),
        Some(&trailer),
    )
}

fn rank_cmd(format: &str, output: Option<&Path>, key: &str, paths: &[PathBuf]) -> i32 {
    if !baogao::parse::taxonomy::Taxonomy::global()
        .indicators
        .iter()
        .any(|r| r.key == key)
    {
        eprintln!("baogao: unknown canonical key '{key}' (see assets/taxonomy.toml)");
        return USAGE;
    }
    let inputs = match inputs(paths, output, None) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut reports = Vec::new();
    let read = for_each_report(inputs, |r| {
        reports.push(r);
        Ok(())
    });
    let all_read = match read {
        Ok(ok) => ok,
        Err(e) => return finish(Err(e)),
    };
    // A duplicate copy must not rank its region twice: the kept report stands for its group.
    let dupes = baogao::audit::find_dupes(&reports);
    crate::audit_cli::note_copies(&reports, &dupes, "ranked once");
    let skipped: Vec<&str> = (0..reports.len())
        .filter(|&i| dupes.is_copy(i))
        .map(|i| reports[i].path.as_str())
        .collect();
    let kept: Vec<&Report> = (0..reports.len())
        .filter(|&i| !dupes.is_copy(i))
        .map(|i| &reports[i])
        .collect();
    let table = baogao::compare::rank_table(&kept, key);
    let mut json = export::json::to_string(&table);
    json.truncate(json.trim_end().len());
    let value: Option<serde_json::Value> =
        serde_json::from_str(&json)
            .ok()
            .map(|mut v: serde_json::Value| {
                v["schema"] = "baogao/rank@1".into();
                v["key"] = key.into();
                v["duplicates_skipped"] = skipped.into();
                v
            });
    match emit(&table, format, output, value, None) {
        OK if !all_read => FAILED,
        code => code,
    }
}

/// Extend the built-in taxonomy with the user's file: the one named on the
/// command line, else `taxonomy.toml` in the config folder when it exists.
fn install_taxonomy(named: Option<&Path>) -> Result<(), String> {
    use baogao::parse::taxonomy::Taxonomy;
    let path = match named {
        Some(p) => p.to_path_buf(),
        None => match dirs::config_dir().map(|d| d.join("baogao/taxonomy.toml")) {
            Some(p) if p.is_file() => p,
            _ => return Ok(()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let tax = Taxonomy::extended(&text)
        .map_err(|e| format!("{}: not a taxonomy file: {e}", path.display()))?;
    if !Taxonomy::install(tax) {
        return Err(format!(
            "{}: taxonomy not installed (one was in use already)",
            path.display()
        ));
    }
    Ok(())
}
