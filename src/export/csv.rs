//! CSV (RFC 4180: CRLF line ends, fields quoted when needed), UTF-8 with an
//! optional byte-order mark for Excel on Chinese Windows.

use super::{Cell, Column, Table};
use std::io::{self, Write};

/// The CSV bytes of a table: a header row, then one record per row.
pub fn to_bytes(table: &Table, bom: bool) -> Result<Vec<u8>, String> {
    let fail = |e: io::Error| format!("CSV: {e}");
    let mut w = Writer::new(Vec::new(), &table.columns, bom).map_err(fail)?;
    for row in &table.rows {
        w.row(table.cells(row).map(Cell::display)).map_err(fail)?;
    }
    w.finish().map_err(fail)
}

/// A CSV stream: the header row when created, then rows one at a time (for
/// tables too large to hold).
pub struct Writer<W: Write> {
    w: ::csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    /// Start a stream on `out`: the byte-order mark if asked, then the header.
    pub fn new(mut out: W, columns: &[Column], bom: bool) -> io::Result<Self> {
        if bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(out);
        w.write_record(columns.iter().map(|c| c.name.as_str()))?;
        Ok(Writer { w })
    }

    /// Write one record of display texts ([`Cell::display`]).
    pub fn row<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) -> io::Result<()> {
        for f in fields {
            self.w.write_field(f.as_ref())?;
        }
        // An empty record ends the one being written.
        Ok(self.w.write_record(None::<&[u8]>)?)
    }

    /// Flush and return the output.
    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
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
