//! The indicator table: one row per indicator across reports.

use super::{Cell, Column, Table};
use crate::model::Report;

/// One row per indicator of every report, in report then text order, with
/// columns file, region, province, level, year, issuer, section_id,
/// section_title, name, value, unit, approx, raw, canonical, sentence.
pub fn indicators_table(reports: &[Report]) -> Table {
    let mut table = Table::new("indicators", indicator_columns());
    for r in reports {
        table.rows.extend(indicator_rows(r));
    }
    table
}

/// The columns of [`indicators_table`].
pub fn indicator_columns() -> Vec<Column> {
    let mut cols: Vec<Column> = ["file", "region", "province", "level"]
        .into_iter()
        .map(Column::text)
        .collect();
    cols.push(Column::number("year"));
    cols.extend(["issuer", "section_id", "section_title", "name"].map(Column::text));
    cols.push(Column::number("value"));
    cols.extend(["unit", "approx", "raw", "canonical", "sentence"].map(Column::text));
    cols
}

/// The rows of one report's indicators (see [`indicators_table`]).
pub fn indicator_rows(r: &Report) -> Vec<Vec<Cell>> {
    let region = r.region.as_ref();
    r.indicators
        .iter()
        .map(|ind| {
            let section = ind.section.and_then(|i| r.sections.get(i));
            vec![
                Cell::Text(r.path.clone()),
                Cell::opt_text(region.map(|g| g.name.as_str())),
                Cell::opt_text(region.and_then(|g| g.province.as_deref())),
                Cell::opt_text(region.map(|g| g.level.as_str())),
                Cell::opt_number(r.year.map(f64::from)),
                Cell::opt_text(r.issuer.as_deref()),
                Cell::opt_text(section.map(|s| s.id.as_str())),
                Cell::opt_text(section.map(|s| s.title.as_str())),
                Cell::Text(ind.name.clone()),
                Cell::opt_number(Some(ind.value)),
                Cell::Text(ind.unit.clone()),
                Cell::opt_text(ind.approx.map(|a| a.as_str())),
                Cell::Text(r.raw(ind).to_string()),
                Cell::opt_text(ind.canonical.as_deref()),
                Cell::Text(r.sentence(ind).to_string()),
            ]
        })
        .collect()
}
