//! Report metadata: title, region, issuer, year covered, publication date.

use super::clean::Cleaned;
use crate::model::Region;

/// What the metadata stage found.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// The title line as printed.
    pub title: Option<String>,
    /// Index into [`Cleaned::lines`] of the title line (not a heading).
    pub title_line: Option<usize>,
    /// The region covered.
    pub region: Option<Region>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// Year of work covered.
    pub year: Option<i32>,
    /// ISO publication date.
    pub published: Option<String>,
    /// What could not be determined.
    pub warnings: Vec<String>,
}

/// Extract the metadata of a cleaned text.
pub fn extract(_text: &str, _cleaned: &Cleaned) -> Meta {
    Meta::default()
}
