//! CSV (RFC 4180: CRLF line ends, fields quoted when needed), UTF-8 with an
//! optional byte-order mark for Excel on Chinese Windows.
//!
//! The Excel-ready form (with the mark) is opened by Excel, which runs a
//! cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a
//! formula; report text is scraped from web pages and untrusted, so such a
//! *text* cell gets a leading `'` there (numbers are left alone). Plain CSV
//! is the text exactly.

use super::{Cell, CellRef, Column, Table};
use std::borrow::Cow;
use std::io::{self, Write};

/// The CSV bytes of a table: a header row, then one record per row.
pub fn to_bytes(table: &Table, bom: bool) -> Result<Vec<u8>, String> {
    let fail = |e: io::Error| format!("CSV: {e}");
    let mut w = Writer::new(Vec::new(), &table.columns, bom).map_err(fail)?;
    for row in &table.rows {
        w.row(table.cells(row).map(Cell::as_ref)).map_err(fail)?;
    }
    w.finish().map_err(fail)
}

/// A CSV stream: the header row when created, then rows one at a time (for
/// tables too large to hold).
pub struct Writer<W: Write> {
    w: ::csv::Writer<W>,
    /// Excel-ready: text cells that would run as formulas are quoted.
    excel: bool,
}

impl<W: Write> Writer<W> {
    /// Start a stream on `out`: the byte-order mark if asked (and with it
    /// the formula guard), then the header.
    pub fn new(mut out: W, columns: &[Column], bom: bool) -> io::Result<Self> {
        if bom {
            out.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(out);
        w.write_record(columns.iter().map(|c| c.name.as_str()))
            .map_err(io_error)?;
        Ok(Writer { w, excel: bom })
    }

    /// Write one record.
    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = CellRef<'c>>) -> io::Result<()> {
        for c in cells {
            let text = match c {
                CellRef::Text(s) if self.excel => defused(s),
                c => c.display(),
            };
            self.w.write_field(text.as_bytes()).map_err(io_error)?;
        }
        // An empty record ends the one being written.
        self.w.write_record(None::<&[u8]>).map_err(io_error)
    }

    /// Flush and return the output.
    pub fn finish(self) -> io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// A CSV error as the I/O error under it when it is one, so that its kind
/// (a closed pipe, a full disk) is kept for the caller.
fn io_error(e: ::csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        _ => io::Error::other("CSV write failed"),
    }
}

/// A text cell as Excel must see it: a leading `'` before what would start
/// a formula.
fn defused(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
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

    #[test]
    fn formulas_are_defused_only_for_excel_and_only_in_text() {
        let mut t = Table::new("t", vec![Column::text("a"), Column::number("b")]);
        for s in ["=1+1", "+x", "-y", "@SUM(A1)", "\tz", "\rw", "法治", "'q"] {
            t.rows.push(vec![Cell::Text(s.into()), Cell::Number(-3.0)]);
        }
        let plain = String::from_utf8(to_bytes(&t, false).unwrap()).unwrap();
        let excel = String::from_utf8(to_bytes(&t, true).unwrap()).unwrap();
        assert!(plain.contains("\r\n=1+1,-3\r\n+x,-3\r\n-y,-3\r\n@SUM(A1),-3\r\n\tz,-3"));
        assert!(excel.contains("\r\n'=1+1,-3\r\n'+x,-3\r\n'-y,-3\r\n'@SUM(A1),-3\r\n'\tz,-3"));
        assert!(excel.contains("\"'\rw\",-3\r\n法治,-3\r\n'q,-3\r\n"));
    }
}
