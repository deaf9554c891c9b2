//! Indicators: quantitative facts.

use super::clean::Cleaned;
use super::taxonomy::Taxonomy;
use crate::model::{Indicator, Section};

/// Find the indicators of a cleaned text.
pub fn extract(_text: &str, _c: &Cleaned, _sections: &[Section], _tax: &Taxonomy) -> Vec<Indicator> {
    Vec::new()
}
