//! Command-line interface: argument parsing and dispatch to the library.
//!
//! Exit codes: 0 when every input was read, 1 when some failed (each named
//! on stderr as `baogao: PATH: reason`, the rest still processed), 2 for a
//! usage error.

use baogao::export::{self, Format, Options, Table};
use baogao::ingest::{self, IngestError};
use baogao::model::Report;
use clap::{Parser, Subcommand};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Read, compare and export Chinese rule-of-law government annual reports.
#[derive(Debug, Parser)]
#[command(
    name = "baogao",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Report files or folders to browse (default: the bundled sample corpus).
    paths: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse reports; with --json print one baogao/report@1 object per line.
    Parse {
        /// Print JSON Lines instead of a summary.
        #[arg(long)]
        json: bool,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Export the indicators of reports as one table.
    Indicators {
        /// Table format (default: from the -o extension, else csv).
        #[arg(long, value_parser = parse_format)]
        format: Option<Format>,
        /// Start CSV with a UTF-8 byte-order mark (Excel on Chinese Windows).
        #[arg(long)]
        bom: bool,
        /// Write to this file instead of standard output (required for xlsx).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Export reports, sections and indicators to a SQLite database.
    Export {
        /// The database file to write (replaced if it exists).
        #[arg(long, required = true)]
        sqlite: PathBuf,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// Exit code: every input was read.
const OK: i32 = 0;
/// Exit code: some inputs or the output failed.
const FAILED: i32 = 1;
/// Exit code: the command line is wrong.
const USAGE: i32 = 2;

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
    match cli.command {
        Some(Command::Parse { json, paths }) => parse_cmd(json, &paths),
        Some(Command::Indicators {
            format,
            bom,
            output,
            paths,
        }) => indicators_cmd(format, bom, output.as_deref(), &paths),
        Some(Command::Export { sqlite, paths }) => export_cmd(&sqlite, &paths),
        None => parse_cmd(false, &cli.paths),
    }
}

/// Print an error the way every command does.
fn report_error(path: &Path, reason: &str) {
    eprintln!("baogao: {}: {reason}", path.display());
}

/// Collect the files under `paths` and parse them in parallel, handing each
/// report to `each` in input order; returns whether every input was read.
fn for_each_report(
    paths: &[PathBuf],
    mut each: impl FnMut(Report) -> io::Result<()>,
) -> io::Result<bool> {
    let (files, errors) = ingest::collect_files(paths);
    let mut ok = errors.is_empty();
    for e in &errors {
        report_error(&e.path, &e.reason);
    }
    if files.is_empty() && errors.is_empty() {
        eprintln!(
            "baogao: no report files found (looked for .{})",
            ingest::EXTENSIONS.join(", .")
        );
        return Ok(false);
    }
    for chunk in files.chunks(CHUNK) {
        let parsed: Vec<Result<Report, IngestError>> = chunk
            .par_iter()
            .map(|p| {
                ingest::read_report_file(p)
                    .map(|text| baogao::parse_report(&p.display().to_string(), text))
            })
            .collect();
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
}

/// The exit code of a run: a closed standard output (`| head`) is not an
/// error; other output errors are.
fn finish(result: io::Result<bool>) -> i32 {
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

fn parse_cmd(json: bool, paths: &[PathBuf]) -> i32 {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = for_each_report(paths, |r| {
        if json {
            writeln!(out, "{}", r.to_json())
        } else {
            write_summary(&mut out, &r)
        }
    })
    .and_then(|ok| out.flush().map(|_| ok));
    finish(result)
}

/// A short human summary of a report.
fn write_summary(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let unknown = "?";
    writeln!(out, "{}", r.path)?;
    writeln!(
        out,
        "  title:     {}",
        r.title.as_deref().unwrap_or(unknown)
    )?;
    let region = match &r.region {
        Some(g) => match &g.province {
            Some(p) if *p != g.name => format!("{} ({p}, {})", g.name, g.level.as_str()),
            _ => format!("{} ({})", g.name, g.level.as_str()),
        },
        None => unknown.to_string(),
    };
    writeln!(out, "  region:    {region}")?;
    let year = r
        .year
        .map_or_else(|| unknown.to_string(), |y| y.to_string());
    writeln!(out, "  year:      {year}")?;
    writeln!(
        out,
        "  issuer:    {}",
        r.issuer.as_deref().unwrap_or(unknown)
    )?;
    writeln!(
        out,
        "  published: {}",
        r.published.as_deref().unwrap_or(unknown)
    )?;
    writeln!(
        out,
        "  {} sections, {} indicators",
        r.sections.len(),
        r.indicators.len()
    )?;
    if !r.warnings.is_empty() {
        writeln!(out, "  warnings:  {}", r.warnings.join("; "))?;
    }
    Ok(())
}

fn indicators_cmd(
    format: Option<Format>,
    bom: bool,
    output: Option<&Path>,
    paths: &[PathBuf],
) -> i32 {
    let format = format
        .or_else(|| output.and_then(Format::from_path))
        .unwrap_or(Format::Csv);
    if format.is_binary() && output.is_none() {
        eprintln!("baogao: {format} needs an output file: add -o FILE.{format}");
        return USAGE;
    }
    let mut table = export::indicators_table(&[]);
    let read = for_each_report(paths, |r| {
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

/// Print a text-format table to standard output.
fn print_table(table: &Table, format: Format, opts: Options) -> Result<(), String> {
    let bytes = export::render(table, format, opts)?;
    let mut out = io::stdout().lock();
    match out.write_all(&bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
        _ => Ok(()),
    }
}

fn export_cmd(db: &Path, paths: &[PathBuf]) -> i32 {
    let mut reports = Vec::new();
    let read = for_each_report(paths, |r| {
        reports.push(r);
        Ok(())
    });
    let all_read = match read {
        Ok(ok) => ok,
        Err(e) => return finish(Err(e)),
    };
    match export::sqlite::write_reports(db, &reports) {
        Ok(()) => finish(Ok(all_read)),
        Err(e) => {
            eprintln!("baogao: {e}");
            FAILED
        }
    }
}
