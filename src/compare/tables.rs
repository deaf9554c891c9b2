//! Comparison and ranking as export tables.

use super::{compare_indicators, rank, RowKind};
use crate::export::{Cell, Column, Table};
use crate::model::Report;
use std::borrow::Borrow;

fn kind_label(k: RowKind) -> &'static str {
    match k {
        RowKind::Canonical => "key",
        RowKind::Named => "name",
        RowKind::OnlyA => "only A",
        RowKind::OnlyB => "only B",
    }
}

/// The columns of [`compare_table`].
pub fn compare_columns() -> Vec<Column> {
    vec![
        Column::text("match"),
        Column::text("canonical"),
        Column::text("label"),
        Column::text("unit"),
        Column::number("a"),
        Column::text("a_mark"),
        Column::number("b"),
        Column::text("b_mark"),
        Column::number("diff"),
        Column::number("ratio"),
        Column::text("note"),
    ]
}

/// The columns of [`rank_table`].
pub fn rank_columns() -> Vec<Column> {
    vec![
        Column::number("rank"),
        Column::text("region"),
        Column::text("province"),
        Column::number("year"),
        Column::number("value"),
        Column::text("unit"),
        Column::text("file"),
        Column::text("note"),
    ]
}

/// The indicator comparison of two reports as a table.
pub fn compare_table(a: &Report, b: &Report) -> Table {
    let mut t = Table::new(
        &format!("{} vs {}", a.label(), b.label()),
        compare_columns(),
    );
    for r in compare_indicators(a, b) {
        let (ma, mb) = r.mark();
        let note: Vec<String> = [r.a.as_ref(), r.b.as_ref()]
            .iter()
            .zip(["A", "B"])
            .filter_map(|(p, side)| {
                p.and_then(|p| p.note.as_ref())
                    .map(|n| format!("{side}: {n}"))
            })
            .collect();
        t.rows.push(vec![
            Cell::Text(kind_label(r.kind).into()),
            Cell::opt_text(r.canonical.as_deref()),
            Cell::Text(r.label.clone()),
            Cell::Text(r.unit.clone()),
            Cell::opt_number(r.a.as_ref().map(|p| p.value)),
            Cell::Text(ma.into()),
            Cell::opt_number(r.b.as_ref().map(|p| p.value)),
            Cell::Text(mb.into()),
            Cell::opt_number(r.diff()),
            Cell::opt_number(r.ratio().map(|x| (x * 1000.0).round() / 1000.0)),
            Cell::Text(note.join("; ")),
        ]);
    }
    t
}

/// The ranking of reports (or references to them) by a canonical key as a table.
pub fn rank_table<R: Borrow<Report>>(reports: &[R], key: &str) -> Table {
    let mut t = Table::new(&format!("rank by {key}"), rank_columns());
    for (n, row) in rank(reports, key).into_iter().enumerate() {
        let r: &Report = reports[row.report].borrow();
        t.rows.push(vec![
            Cell::Number((n + 1) as f64),
            Cell::opt_text(r.region.as_ref().map(|x| x.name.as_str())),
            Cell::opt_text(r.region.as_ref().and_then(|x| x.province.as_deref())),
            Cell::opt_number(r.year.map(f64::from)),
            Cell::Number(row.value),
            Cell::Text(row.unit),
            Cell::Text(crate::export::file_name(r).into_owned()),
            Cell::opt_text(row.note.as_deref()),
        ]);
    }
    t
}
