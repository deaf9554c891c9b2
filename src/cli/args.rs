//! The command line's arguments (clap).

use baogao::export::Format;
use baogao::ingest::Shard;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
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
    pub(super) command: Option<Command>,
    /// Report files or folders to browse (default: the bundled sample corpus).
    pub(super) paths: Vec<PathBuf>,
    /// Browse without the cache of parsed reports: parse every file again
    /// and store nothing (see `baogao cache`).
    #[arg(long)]
    pub(super) no_cache: bool,
    /// Do not watch the folders browsed for reports added, changed or
    /// removed while the browser runs.
    #[arg(long)]
    pub(super) no_watch: bool,
    /// A taxonomy file extending the built-in topics and indicator keys
    /// (default: ~/.config/baogao/taxonomy.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub(super) taxonomy: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// The browser's cache of parsed reports: where it is and what it
    /// holds; --clear removes it. Reopening a folder reads the reports
    /// parsed before from it and parses only new or changed files.
    Cache {
        /// Remove the cache.
        #[arg(long)]
        clear: bool,
    },
    /// Parse reports; with --json print one baogao/report@1 object per line.
    Parse {
        /// Print JSON Lines instead of a summary.
        #[arg(long)]
        json: bool,
        /// Take only part I of N of the files (1-based: 1/4 … 4/4).
        #[arg(long, value_name = "I/N")]
        shard: Option<Shard>,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Export the indicators of reports as one table.
    Indicators {
        #[command(flatten)]
        table: TableArgs,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// One row per report, one column per canonical key: the figure `rank` takes.
    Panel {
        /// The keys, in this order (default: every key the reports state,
        /// in taxonomy order).
        #[arg(long, value_delimiter = ',', value_name = "K,...")]
        keys: Option<Vec<String>>,
        #[command(flatten)]
        table: TableArgs,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Compare two reports: indicators by canonical key, sections by topic.
    Compare {
        /// Output format: table (aligned text), csv, json, md, xlsx.
        #[arg(long, default_value = "table")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The first report file.
        a: PathBuf,
        /// The second report file.
        b: PathBuf,
    },
    /// Rank reports by a canonical indicator key (e.g. legal_aid.cases).
    Rank {
        /// Output format: table (aligned text), csv, json, md, xlsx.
        #[arg(long, default_value = "table")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The canonical key.
        key: String,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    #[command(flatten)]
    Audit(crate::audit_cli::AuditCommand),
    /// Export reports, sections and indicators to a SQLite database or
    /// Parquet files (or both).
    #[command(group(ArgGroup::new("target").required(true).multiple(true).args(["sqlite", "parquet"])))]
    Export {
        /// The database file to write (replaced if it exists).
        #[arg(long, value_name = "FILE")]
        sqlite: Option<PathBuf>,
        /// The folder to write reports.parquet, sections.parquet and
        /// indicators.parquet into (created if missing).
        #[arg(long, value_name = "DIR")]
        parquet: Option<PathBuf>,
        /// Partition each Parquet table by year: DIR/TABLE/year=Y/part-0.parquet.
        #[arg(long, value_enum, requires = "parquet")]
        partition: Option<Partition>,
        /// Take only part I of N of the files (1-based: 1/4 … 4/4).
        #[arg(long, value_name = "I/N")]
        shard: Option<Shard>,
        /// Report files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// The options of a table command (`indicators`, `panel`).
#[derive(Debug, Args)]
pub(super) struct TableArgs {
    /// Table format (default: from the -o extension, else csv).
    #[arg(long, value_parser = parse_format)]
    pub(super) format: Option<Format>,
    /// Start CSV with a UTF-8 byte-order mark (Excel on Chinese Windows).
    #[arg(long)]
    pub(super) bom: bool,
    /// Write to this file instead of standard output (required for
    /// xlsx and parquet; a folder with --partition).
    #[arg(short, long)]
    pub(super) output: Option<PathBuf>,
    /// Write Parquet partitions DIR/year=Y/part-0.parquet into the -o folder.
    #[arg(long, value_enum)]
    pub(super) partition: Option<Partition>,
    /// Take only part I of N of the files (1-based: 1/4 … 4/4).
    #[arg(long, value_name = "I/N")]
    pub(super) shard: Option<Shard>,
}

pub(super) fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

/// How a Parquet output is split into folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Partition {
    /// Hive-style `year=2021/` folders (`year=__HIVE_DEFAULT_PARTITION__`
    /// for reports without a year).
    Year,
}
