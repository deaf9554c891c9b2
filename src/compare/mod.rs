//! Comparing reports: sections aligned by topic, indicators paired by
//! canonical key (then by name), shared sentences, rankings of many
//! reports on one key, and the panel of many reports on many keys.

mod align;
mod names;
mod pair;
mod panel;
mod rank;
mod tables;

pub use align::{align_sections, TopicRow};
pub use pair::{compare_indicators, IndicatorRow, Pick, RowKind};
pub use panel::{panel_keys, panel_report, panel_table, PANEL_COLUMNS};
pub use rank::{rank, rank_unit, RankRow};
pub use tables::{compare_columns, compare_table, rank_columns, rank_table};

use crate::model::Report;
use serde_json::{json, Value};

/// JSON schema name of [`to_json`].
pub const COMPARE_SCHEMA: &str = "baogao/compare@1";

/// The `baogao/compare@1` JSON object of two reports.
pub fn to_json(a: &Report, b: &Report) -> Value {
    let side = |r: &Report| json!({"path": r.path, "region": r.region.as_ref().map(|x| x.name.clone()), "year": r.year});
    let indicators: Vec<Value> = compare_indicators(a, b)
        .iter()
        .filter(|r| r.kind == RowKind::Canonical)
        .map(|r| {
            json!({
                "canonical": r.canonical,
                "label": r.label,
                "unit": r.unit,
                "a": r.a.as_ref().map(|p| crate::model::number_json(p.value)),
                "b": r.b.as_ref().map(|p| crate::model::number_json(p.value)),
            })
        })
        .collect();
    let sections: Vec<Value> = align_sections(a, b)
        .iter()
        .map(|t| {
            json!({
                "topic": t.topic,
                "a": t.a.iter().map(|&i| a.sections[i].id.clone()).collect::<Vec<_>>(),
                "b": t.b.iter().map(|&i| b.sections[i].id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    // The sentences (as A writes them) that B has too, after folding.
    let shared = crate::audit::reuse::shared_sentences(a, b, crate::audit::reuse::MIN_CHARS);
    json!({"schema": COMPARE_SCHEMA, "a": side(a), "b": side(b), "indicators": indicators, "sections": sections, "shared_sentences": shared})
}
