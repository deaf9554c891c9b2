//! Command-line interface: argument parsing and dispatch to the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Some(Command::Parse { json, paths }) => parse_cmd(json, &paths),
        None => match baogao::tui::run(cli.paths) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("baogao: {e:#}");
                1
            }
        },
    }
}

fn parse_cmd(json: bool, paths: &[PathBuf]) -> i32 {
    let mut code = 0;
    for p in paths {
        match baogao::ingest::read_report_file(p) {
            Ok(text) => {
                let r = baogao::parse_report(&p.display().to_string(), text);
                if json {
                    println!("{}", r.to_json());
                } else {
                    println!(
                        "{}: {} sections, {} indicators",
                        r.path,
                        r.sections.len(),
                        r.indicators.len()
                    );
                }
            }
            Err(e) => {
                eprintln!("baogao: {}: {e}", p.display());
                code = 1;
            }
        }
    }
    code
}
