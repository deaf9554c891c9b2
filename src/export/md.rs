//! Markdown: a heading with the title and a pipe table; `|` is escaped,
//! line breaks inside a cell become `<br>`, number columns align right.

use super::{ColumnKind, Table};

/// The Markdown text of a table.
pub fn to_string(table: &Table) -> String {
    let mut out = String::new();
    if !table.title.is_empty() {
        out.push_str(&format!("## {}\n\n", escape(&table.title)));
    }
    let header: Vec<String> = table.columns.iter().map(|c| escape(&c.name)).collect();
    out.push_str(&line(&header));
    let rule: Vec<String> = table
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Text => "---".to_string(),
            ColumnKind::Number => "---:".to_string(),
        })
        .collect();
    out.push_str(&line(&rule));
    for row in &table.rows {
        let cells: Vec<String> = table.cells(row).map(|c| escape(&c.display())).collect();
        out.push_str(&line(&cells));
    }
    out
}

fn line(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// Escape a cell: backslash and pipe, line breaks as `<br>`.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Cell, Column};

    #[test]
    fn pipes_escaped() {
        let mut t = Table::new("T", vec![Column::text("a|b"), Column::number("n")]);
        t.rows
            .push(vec![Cell::Text("x|y\nz".into()), Cell::Number(1.5)]);
        assert_eq!(
            to_string(&t),
            "## T\n\n| a\\|b | n |\n| --- | ---: |\n| x\\|y<br>z | 1.5 |\n"
        );
    }
}
