//! JSON: `{"schema":"baogao/table@1","title":…,"columns":[…],"rows":[…]}`,
//! each row an object keyed by column name, in column order; numbers are
//! JSON numbers (integers without a fraction), empty cells `null`.

use super::{Cell, ColumnKind, Table};
use crate::model::number_json;
use serde_json::Value;

/// The JSON schema name of a table export.
pub const TABLE_SCHEMA: &str = "baogao/table@1";

/// The JSON text of a table, one row per line, ending with a newline.
pub fn to_string(table: &Table) -> String {
    let q = |s: &str| Value::String(s.to_string()).to_string();
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ColumnKind::Text => "text",
                ColumnKind::Number => "number",
            };
            format!("{{\"name\":{},\"kind\":\"{kind}\"}}", q(&c.name))
        })
        .collect();
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|row| {
            let fields: Vec<String> = table
                .columns
                .iter()
                .zip(table.cells(row))
                .map(|(col, cell)| format!("{}:{}", q(&col.name), cell_json(cell)))
                .collect();
            format!("{{{}}}", fields.join(","))
        })
        .collect();
    let rows = if rows.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n]", rows.join(",\n"))
    };
    format!(
        "{{\"schema\":{},\"title\":{},\"columns\":[{}],\"rows\":{rows}}}\n",
        q(TABLE_SCHEMA),
        q(&table.title),
        columns.join(",")
    )
}

/// A cell as a JSON value (non-finite numbers become `null`).
fn cell_json(cell: &Cell) -> Value {
    match cell {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Number(v) if v.is_finite() => number_json(*v),
        Cell::Number(_) | Cell::Empty => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Column;

    #[test]
    fn rows_keep_column_order_and_number_types() {
        let mut t = Table::new("指标", vec![Column::text("z"), Column::number("a")]);
        t.rows
            .push(vec![Cell::Text("\"引号\"".into()), Cell::Number(302.0)]);
        t.rows.push(vec![Cell::Empty, Cell::Number(98.6)]);
        let s = to_string(&t);
        assert!(s.contains("{\"z\":\"\\\"引号\\\"\",\"a\":302}"), "{s}");
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["schema"], TABLE_SCHEMA);
        assert_eq!(v["rows"][1]["a"], 98.6);
        assert!(v["rows"][1]["z"].is_null());
    }
}
