//! The audit subcommands: `coverage`, `dupes`, `check` and `reuse`
//! (the library's [`baogao::audit`]), each printing a table in a format or
//! its own JSON schema.

use crate::cli::{emit, finish, for_each_report, inputs, FAILED, OK, USAGE};
use baogao::audit::{self, Dupes, Parts, Scope};
use baogao::model::Report;
use baogao::parse::gazetteer::Gazetteer;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// The audit subcommands (flattened into the command line's own).
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Coverage: for every division in scope and every year of the corpus,
    /// the reports that cover it, or missing. Duplicate copies count once.
    Coverage {
        /// Only this province (full name or short form: 湖北省, 湖北);
        /// default: every province a report of the corpus is in.
        #[arg(long, value_name = "NAME")]
        province: Option<String>,
        /// Only divisions of this level: province, city or county
        /// (default: every level).
        #[arg(long)]
        level: Option<String>,
        #[command(flatten)]
        out: AuditArgs,
    },
    /// Duplicates: group the files that hold the same report (any format,
    /// encoding or script; near copies too) and name the one kept.
    Dupes {
        #[command(flatten)]
        out: AuditArgs,
    },
    /// Required contents: which of the four parts (measures, leaders,
    /// problems, plans; assets/parts.toml) each report has, and where.
    Check {
        /// A parts file extending the built-in one (assets/parts.toml).
        #[arg(long, value_name = "FILE")]
        parts: Option<PathBuf>,
        #[command(flatten)]
        out: AuditArgs,
    },
    /// Text reuse: the share of each report's sentences that stand in
    /// another report, and its top sources (stock phrases not counted).
    Reuse {
        /// Shortest sentence compared, in characters after folding.
        #[arg(long, default_value_t = baogao::audit::reuse::MIN_CHARS)]
        min_chars: usize,
        #[command(flatten)]
        out: AuditArgs,
    },
}

/// What every audit takes: an output format and file, and the reports.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Output format: table (aligned text), csv, json, md, xlsx.
    #[arg(long, default_value = "table")]
    format: String,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Report files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

impl AuditCommand {
    /// Run the command; returns the exit code.
    pub fn run(self) -> i32 {
        match self {
            AuditCommand::Coverage {
                province,
                level,
                out,
            } => coverage_cmd(
                province,
                level.as_deref(),
                &out.format,
                out.output.as_deref(),
                &out.paths,
            ),
            AuditCommand::Dupes { out } => {
                dupes_cmd(&out.format, out.output.as_deref(), &out.paths)
            }
            AuditCommand::Check { parts, out } => check_cmd(
                parts.as_deref(),
                &out.format,
                out.output.as_deref(),
                &out.paths,
            ),
            AuditCommand::Reuse { min_chars, out } => {
                reuse_cmd(min_chars, &out.format, out.output.as_deref(), &out.paths)
            }
        }
    }
}

/// Read and parse every report under `paths` into memory (an audit needs
/// them all at once). `Err` carries the exit code; `Ok` says whether every
/// input was read.
fn read_all(paths: &[PathBuf], output: Option<&Path>) -> Result<(Vec<Report>, bool), i32> {
    let inputs = inputs(paths, output, None)?;
    let mut reports = Vec::new();
    match for_each_report(inputs, |r| {
        reports.push(r);
        Ok(())
    }) {
        Ok(ok) => Ok((reports, ok)),
        Err(e) => Err(finish(Err(e))),
    }
}

/// The exit code of an audit: the output's, or [`FAILED`] when some input
/// could not be read.
fn done(code: i32, all_read: bool) -> i32 {
    match code {
        OK if !all_read => FAILED,
        c => c,
    }
}

/// `baogao coverage`.
fn coverage_cmd(
    province: Option<String>,
    level: Option<&str>,
    format: &str,
    output: Option<&Path>,
    paths: &[PathBuf],
) -> i32 {
    let level = match level.map(audit::coverage::parse_level).transpose() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("baogao: {e}");
            return USAGE;
        }
    };
    let scope = Scope { province, level };
    let gaz = Gazetteer::global();
    // An unknown province is a usage error, said before anything is read.
    if let Err(e) = audit::coverage(&[] as &[Report], &Dupes::none(0), &scope, gaz) {
        eprintln!("baogao: {e}");
        return USAGE;
    }
    let (reports, all_read) = match read_all(paths, output) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dupes = audit::find_dupes(&reports);
    let cov = match audit::coverage(&reports, &dupes, &scope, gaz) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("baogao: {e}");
            return USAGE;
        }
    };
    note_copies(&reports, &dupes, "counted once");
    let table = audit::coverage::table(&reports, &cov);
    let json = audit::coverage::to_json(&reports, &cov);
    done(emit(&table, format, output, Some(json), None), all_read)
}

/// Say on standard error how many files were duplicate copies.
pub fn note_copies(reports: &[impl std::borrow::Borrow<Report>], dupes: &Dupes, what: &str) {
    let copies: usize = dupes.groups.iter().map(|g| g.copies.len()).sum();
    if copies > 0 {
        eprintln!(
            "baogao: {copies} of {} files are copies of another report ({what}; see `baogao dupes`)",
            reports.len()
        );
    }
}

/// `baogao dupes`.
fn dupes_cmd(format: &str, output: Option<&Path>, paths: &[PathBuf]) -> i32 {
    let (reports, all_read) = match read_all(paths, output) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dupes = audit::find_dupes(&reports);
    let table = audit::dupes::table(&reports, &dupes);
    let json = audit::dupes::to_json(&reports, &dupes);
    done(emit(&table, format, output, Some(json), None), all_read)
}

/// `baogao check`.
fn check_cmd(parts: Option<&Path>, format: &str, output: Option<&Path>, paths: &[PathBuf]) -> i32 {
    let parts = match parts {
        None => Parts::default_parts().clone(),
        Some(p) => match std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| Parts::extended(&t).map_err(|e| format!("not a parts file: {e}")))
        {
            Ok(parts) => parts,
            Err(e) => {
                eprintln!("baogao: {}: {e}", p.display());
                return USAGE;
            }
        },
    };
    let (reports, all_read) = match read_all(paths, output) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let rows = audit::check(&reports, &parts);
    let table = audit::check::table(&reports, &rows, &parts);
    let json = audit::check::to_json(&reports, &rows);
    done(emit(&table, format, output, Some(json), None), all_read)
}

/// `baogao reuse`.
fn reuse_cmd(min_chars: usize, format: &str, output: Option<&Path>, paths: &[PathBuf]) -> i32 {
    let (reports, all_read) = match read_all(paths, output) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let dupes = audit::find_dupes(&reports);
    note_copies(&reports, &dupes, "not each other's sources");
    let reuse = audit::reuse(&reports, &dupes, min_chars);
    let table = audit::reuse::table(&reports, &reuse);
    let json = audit::reuse::to_json(&reports, &reuse);
    let trailer = format!(
        "{} boilerplate sentences (in more than {} reports) not counted; sentences of at least {} characters\n",
        reuse.boilerplate.len(),
        reuse.limit,
        reuse.min_chars
    );
    done(
        emit(&table, format, output, Some(json), Some(&trailer)),
        all_read,
    )
}
