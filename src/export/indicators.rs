//! The indicator table: one row per indicator across reports.

use super::{file_name, Cell, CellRef, Column, Table};
use crate::model::{Indicator, Report};

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
    let file = file_name(r);
    r.indicators
        .iter()
        .map(|ind| {
            indicator_cells(r, &file, ind)
                .iter()
                .map(CellRef::to_cell)
                .collect()
        })
        .collect()
}

/// The row of one indicator, borrowed from its report and its file name
/// as [`file_name`] writes it (see [`indicators_table`]); a streamed
/// export writes it without copies.
pub fn indicator_cells<'a>(r: &'a Report, file: &'a str, ind: &'a Indicator) -> [CellRef<'a>; 15] {
    let region = r.region.as_ref();
    let section = ind.section_index().and_then(|i| r.sections.get(i));
    [
        CellRef::Text(file),
        CellRef::opt_text(region.map(|g| g.name.as_str())),
        CellRef::opt_text(region.and_then(|g| g.province.as_deref())),
        CellRef::opt_text(region.map(|g| g.level.as_str())),
        CellRef::opt_number(r.year.map(f64::from)),
        CellRef::opt_text(r.issuer.as_deref()),
        CellRef::opt_text(section.map(|s| s.id.as_str())),
        CellRef::opt_text(section.map(|s| s.title.as_str())),
        CellRef::Text(&ind.name),
        CellRef::opt_number(Some(ind.value)),
        CellRef::Text(&ind.unit),
        CellRef::opt_text(ind.approx.map(|a| a.as_str())),
        CellRef::Text(r.raw(ind)),
        CellRef::opt_text(ind.canonical.as_deref()),
        CellRef::Text(r.sentence(ind)),
    ]
}
