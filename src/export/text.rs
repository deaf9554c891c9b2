//! A plain-text table aligned by display width (CJK characters take two
//! columns), for terminals and pipes.

use super::table::{ColumnKind, Table};
use unicode_width::UnicodeWidthStr;

/// The table as aligned plain text: a header line, a rule, one line per row;
/// numbers right-aligned, text left-aligned, two spaces between columns.
pub fn to_string(table: &Table) -> String {
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            table
                .cells(r)
                .map(|c| clip(&c.display().replace(['\n', '\t'], " ")))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.name.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |vals: &[String]| -> String {
        let mut s = String::new();
        for (i, (v, col)) in vals.iter().zip(&table.columns).enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(v.width()));
            let last = i + 1 == vals.len();
            match col.kind {
                ColumnKind::Number => {
                    s.push_str(&pad);
                    s.push_str(v);
                }
                ColumnKind::Text => {
                    s.push_str(v);
                    if !last {
                        s.push_str(&pad);
                    }
                }
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let header: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let mut out = line(&header);
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"-".repeat(total));
    out.push('\n');
    for row in &cells {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

/// Widest text cell, in columns; longer text ends in `…`.
pub const MAX_CELL_WIDTH: usize = 40;

fn clip(s: &str) -> String {
    if s.width() <= MAX_CELL_WIDTH {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > MAX_CELL_WIDTH - 1 {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::table::{Cell, Column};

    #[test]
    fn aligns_by_display_width() {
        let mut t = Table::new("t", vec![Column::text("指标"), Column::number("数值")]);
        t.rows
            .push(vec![Cell::Text("法律援助案件".into()), Cell::Number(302.0)]);
        t.rows
            .push(vec![Cell::Text("ab".into()), Cell::Number(1.5)]);
        let s = to_string(&t);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "指标          数值");
        assert_eq!(lines[2], "法律援助案件   302");
        assert_eq!(lines[3], "ab             1.5");
    }
}
