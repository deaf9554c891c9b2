//! Excel workbooks: one sheet named after the table, a bold frozen header
//! row with a filter, numbers stored as numbers, and column widths fitted to
//! the content (CJK characters counting as two).

use super::{Cell, Table};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Longest text a cell can hold.
const MAX_CELL_CHARS: usize = 32_767;
/// Narrowest and widest column, in character widths.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// The bytes of an `.xlsx` workbook holding the table.
pub fn to_bytes(table: &Table) -> Result<Vec<u8>, String> {
    build(table).map_err(|e| format!("Excel: {e}"))
}

fn build(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&table.title))?;
    let bold = Format::new().set_bold();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.name.width()).collect();
    for (c, col) in table.columns.iter().enumerate() {
        ws.write_string_with_format(0, col_index(c)?, &col.name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in table.cells(row).enumerate() {
            write_cell(ws, r, col_index(c)?, cell)?;
            widths[c] = widths[c].max(cell.display().width());
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(col_index(c)?, ((*w).clamp(MIN_WIDTH, MAX_WIDTH) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !table.columns.is_empty() {
        let last_row =
            u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.autofilter(0, 0, last_row, col_index(table.columns.len() - 1)?)?;
    }
    wb.save_to_buffer()
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) if s.chars().count() > MAX_CELL_CHARS => {
            let cut: String = s.chars().take(MAX_CELL_CHARS).collect();
            ws.write_string(r, c, cut)?;
        }
        Cell::Text(s) => {
            ws.write_string(r, c, s)?;
        }
        Cell::Number(v) if v.is_finite() => {
            ws.write_number(r, c, *v)?;
        }
        Cell::Number(_) | Cell::Empty => {}
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
    fn sheet_names_are_valid() {
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
