//! Excel workbooks: one sheet named after the table, a bold frozen header
//! row with a filter, numbers stored as numbers, and column widths fitted to
//! the content (CJK characters counting as two). The sheet is written in
//! rust_xlsxwriter's constant-memory mode (rows streamed to a temporary
//! file, strings inline, and from 0.80 copied into the zip in pieces:
//! 0.79 read the whole sheet back into memory), and [`Writer::save`]
//! writes the zip straight into the target file, so memory does not grow
//! with the rows; a table over Excel's row limit is refused before anything
//! is written.

use super::output::Output;
use super::{Cell, CellRef, Column, ExportError, Table};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Most rows of an Excel sheet, the header row included.
pub const MAX_ROWS: usize = 1_048_576;

/// Longest text a cell can hold.
const MAX_CELL_CHARS: usize = 32_767;
/// Narrowest and widest column, in character widths.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// The bytes of an `.xlsx` workbook holding the table.
pub fn to_bytes(table: &Table) -> Result<Vec<u8>, String> {
    if table.rows.len() + 1 > MAX_ROWS {
        return Err(too_many_rows(table.rows.len() + 1));
    }
    let mut w = Writer::new(&table.title, &table.columns)?;
    for row in &table.rows {
        w.row(table.cells(row).map(Cell::as_ref))?;
    }
    w.finish()
}

/// The error of a table over Excel's row limit.
fn too_many_rows(rows: usize) -> String {
    format!(
        "Excel holds at most {MAX_ROWS} rows (header included) and this table has {rows}: \
         export it as csv or to SQLite (export --sqlite) instead"
    )
}

/// A workbook written a row at a time, its memory flat however many rows.
pub struct Writer {
    wb: Workbook,
    widths: Vec<usize>,
    /// Rows written, the header included.
    rows: usize,
}

impl Writer {
    /// A workbook with one sheet named after `title` and its header row.
    pub fn new(title: &str, columns: &[Column]) -> Result<Writer, String> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        quietly(|| -> Result<(), XlsxError> {
            let ws = wb.add_worksheet_with_constant_memory();
            ws.set_name(sheet_name(title))?;
            for (c, col) in columns.iter().enumerate() {
                ws.write_string_with_format(0, col_index(c)?, &col.name, &bold)?;
            }
            Ok(())
        })
        .and_then(|r| r.map_err(|e| e.to_string()))
        .map_err(|e| format!("Excel: {e}"))?;
        Ok(Writer {
            wb,
            widths: columns.iter().map(|c| c.name.width()).collect(),
            rows: 1,
        })
    }

    /// Write the next row (cells past the header's columns are dropped);
    /// fails at Excel's row limit.
    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = CellRef<'c>>) -> Result<(), String> {
        if self.rows >= MAX_ROWS {
            return Err(too_many_rows(self.rows + 1));
        }
        let r = u32::try_from(self.rows).map_err(|_| too_many_rows(self.rows + 1))?;
        let (wb, widths) = (&mut self.wb, &mut self.widths);
        quietly(|| -> Result<(), XlsxError> {
            let ws = wb.worksheet_from_index(0)?;
            for (c, cell) in cells.into_iter().take(widths.len()).enumerate() {
                write_cell(ws, r, col_index(c)?, &cell)?;
                widths[c] = widths[c].max(cell.display().width());
            }
            Ok(())
        })
        .and_then(|r| r.map_err(|e| e.to_string()))
        .map_err(|e| format!("Excel: {e}"))?;
        self.rows += 1;
        Ok(())
    }

    /// Column widths, the frozen header and its filter; the workbook's bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.finish_with(Workbook::save_to_buffer)
    }

    /// [`Writer::finish`] into `path` through [`Output`]: a regular file
    /// (or a new one) gets the workbook straight from the writer, never
    /// held in memory whole; anything else gets its bytes.
    pub fn save(self, path: &Path) -> Result<(), ExportError> {
        let mut out = Output::create(path)?;
        match out.file_path().map(Path::to_path_buf) {
            Some(file) => self
                .finish_with(|wb| wb.save(&file))
                .map_err(|e| ExportError::new(path, e))?,
            None => {
                let bytes = self.finish().map_err(|e| ExportError::new(path, e))?;
                out.writer().write_all(&bytes).map_err(|e| out.error(&e))?;
            }
        }
        out.commit()
    }

    /// Column widths, the frozen header and its filter, then `save`.
    fn finish_with<T>(
        mut self,
        save: impl FnOnce(&mut Workbook) -> Result<T, XlsxError>,
    ) -> Result<T, String> {
        let (rows, widths) = (self.rows, self.widths);
        let wb = &mut self.wb;
        quietly(|| -> Result<T, XlsxError> {
            let ws = wb.worksheet_from_index(0)?;
            for (c, w) in widths.iter().enumerate() {
                ws.set_column_width(col_index(c)?, ((*w).clamp(MIN_WIDTH, MAX_WIDTH) + 2) as f64)?;
            }
            ws.set_freeze_panes(1, 0)?;
            if !widths.is_empty() {
                let last_row =
                    u32::try_from(rows - 1).map_err(|_| XlsxError::RowColumnLimitError)?;
                ws.autofilter(0, 0, last_row, col_index(widths.len() - 1)?)?;
            }
            save(wb)
        })
        .and_then(|r| r.map_err(|e| e.to_string()))
        .map_err(|e| format!("Excel: {e}"))
    }
}

thread_local! {
    /// Set while a panic on this thread is caught and turned into an error.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, turning a panic into an error without printing it: the
/// constant-memory writer panics when its temporary file cannot be written
/// (a full disk, a file size limit) instead of returning an error. The
/// panic hook installed here leaves other panics to the hook before it.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the workbook could not be written".into())
    })
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &CellRef<'_>) -> Result<(), XlsxError> {
    match *cell {
        CellRef::Text(s) if s.chars().count() > MAX_CELL_CHARS => {
            let cut: String = s.chars().take(MAX_CELL_CHARS).collect();
            ws.write_string(r, c, cut)?;
        }
        CellRef::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        CellRef::Number(v) if v.is_finite() => {
            ws.write_number(r, c, v)?;
        }
        CellRef::Number(_) | CellRef::Empty => {}
    }
    Ok(())
}

fn col_index(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A valid sheet name: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect();
    let name = name.trim_matches('\'').trim().to_string();
    if name.is_empty() {
        "Sheet1".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_over_the_row_limit_is_refused() {
        let mut t = Table::new("big", vec![Column::text("a")]);
        t.rows = vec![Vec::new(); MAX_ROWS];
        let e = to_bytes(&t).unwrap_err();
        assert!(
            e.contains("at most 1048576 rows") && e.contains("csv"),
            "{e}"
        );
    }

    #[test]
    fn a_streamed_sheet_stops_at_the_row_limit() {
        let mut w = Writer::new("t", &[Column::text("a")]).unwrap();
        w.row([CellRef::Text("x")]).unwrap();
        w.rows = MAX_ROWS;
        let e = w.row([CellRef::Text("y")]).unwrap_err();
        assert!(e.contains("at most 1048576 rows"), "{e}");
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
