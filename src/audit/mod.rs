//! Auditing a whole corpus: which divisions have reports ([`mod@coverage`]),
//! which files are the same report ([`mod@dupes`]), whether each report has
//! the required contents ([`mod@check`]), and how much text reports share
//! ([`mod@reuse`]). No terminal code: the CLI and the browser both call these.
//!
//! Every audit hashes: duplicates by MinHash with LSH banding, reuse by a
//! map from sentence hash to reports; no two texts are compared pairwise.

pub mod check;
pub mod coverage;
pub mod dupes;
pub mod fold;
pub mod reuse;

pub use check::{check, CheckRow, Parts, Where};
pub use coverage::{coverage, Coverage, DivisionRow, Scope};
pub use dupes::{find_dupes, DupeGroup, Dupes};
pub use reuse::{reuse, Reuse, ReuseRow, Source};
