//! baogao (报告): read, compare and export Chinese rule-of-law government
//! annual reports (法治政府建设年度报告).
//!
//! The crate is library first: [`parse`] turns text into a [`model::Report`]
//! with no terminal code; [`ingest`] reads files of any encoding and saved
//! HTML; [`corpus`] loads folders in parallel; [`compare`] and [`export`] work
//! on parsed reports; [`audit`] audits a whole corpus (coverage, duplicates,
//! required contents, text reuse); [`tui`] is a thin terminal layer over them.

pub mod audit;
pub mod compare;
pub mod corpus;
pub mod export;
pub mod ingest;
pub mod model;
pub mod parse;
pub mod text;
pub mod tui;

pub use model::{Approx, Indicator, Level, Region, Report, Script, Section};
pub use parse::parse_report;
