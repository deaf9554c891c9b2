//! CSV (RFC 4180: CRLF line ends, fields quoted when needed), UTF-8 with an
//! optional byte-order mark for Excel on Chinese Windows.

use super::Table;

/// The CSV bytes of a table: a header row, then one record per row.
pub fn to_bytes(table: &Table, bom: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{FEFF}".as_bytes());
    }
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    let fail = |e: ::csv::Error| format!("CSV: {e}");
    w.write_record(table.columns.iter().map(|c| c.name.as_str()))
        .map_err(fail)?;
    for row in &table.rows {
        w.write_record(table.cells(row).map(|c| c.display()))
            .map_err(fail)?;
    }
    w.into_inner().map_err(|e| format!("CSV: {}", e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Cell, Column};

    #[test]
    fn quoting_and_numbers() {
        let mut t = Table::new("t", vec![Column::text("a"), Column::number("b")]);
        t.rows
            .push(vec![Cell::Text("x,\"y\"\nz".into()), Cell::Number(302.0)]);
        t.rows.push(vec![Cell::Empty, Cell::Number(98.6)]);
        let s = String::from_utf8(to_bytes(&t, true).unwrap()).unwrap();
        assert_eq!(s, "\u{FEFF}a,b\r\n\"x,\"\"y\"\"\nz\",302\r\n,98.6\r\n");
    }
}
