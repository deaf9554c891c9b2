//! The generic table every export format writes.

use std::borrow::Cow;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text cells.
    Text,
    /// Number cells (written as numbers where the format has them).
    Number,
}

/// One column: its name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Header text.
    pub name: String,
    /// What the column holds.
    pub kind: ColumnKind,
}

impl Column {
    /// A text column.
    pub fn text(name: &str) -> Self {
        Column {
            name: name.to_string(),
            kind: ColumnKind::Text,
        }
    }

    /// A number column.
    pub fn number(name: &str) -> Self {
        Column {
            name: name.to_string(),
            kind: ColumnKind::Number,
        }
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing (unknown or not applicable).
    Empty,
}

impl Cell {
    /// A text cell, or [`Cell::Empty`] for `None`.
    pub fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
    }

    /// A number cell, or [`Cell::Empty`] for `None` or a non-finite number.
    pub fn opt_number(v: Option<f64>) -> Cell {
        match v {
            Some(v) if v.is_finite() => Cell::Number(v),
            _ => Cell::Empty,
        }
    }

    /// The cell as display text: numbers without a needless fraction.
    pub fn display(&self) -> Cow<'_, str> {
        self.as_ref().display()
    }

    /// The cell borrowed.
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Text(s) => CellRef::Text(s),
            Cell::Number(v) => CellRef::Number(*v),
            Cell::Empty => CellRef::Empty,
        }
    }
}

/// One cell borrowed from the data it shows: what a streamed export
/// writes without copying every field of every row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellRef<'a> {
    /// Text.
    Text(&'a str),
    /// A number.
    Number(f64),
    /// Nothing (unknown or not applicable).
    Empty,
}

impl<'a> CellRef<'a> {
    /// A text cell, or [`CellRef::Empty`] for `None`.
    pub fn opt_text(s: Option<&'a str>) -> Self {
        s.map_or(CellRef::Empty, CellRef::Text)
    }

    /// A number cell, or [`CellRef::Empty`] for `None` or a non-finite number.
    pub fn opt_number(v: Option<f64>) -> Self {
        match v {
            Some(v) if v.is_finite() => CellRef::Number(v),
            _ => CellRef::Empty,
        }
    }

    /// The cell as display text: numbers without a needless fraction.
    pub fn display(&self) -> Cow<'a, str> {
        match *self {
            CellRef::Text(s) => Cow::Borrowed(s),
            CellRef::Number(v) if v.is_finite() => Cow::Owned(crate::model::format_value(v)),
            CellRef::Number(_) | CellRef::Empty => Cow::Borrowed(""),
        }
    }

    /// The cell owned, for a [`Table`].
    pub fn to_cell(&self) -> Cell {
        match *self {
            CellRef::Text(s) => Cell::Text(s.to_string()),
            CellRef::Number(v) => Cell::Number(v),
            CellRef::Empty => Cell::Empty,
        }
    }
}

/// A titled table: columns and rows of cells (one per column).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// What the table shows (sheet name, Markdown heading, JSON `title`).
    pub title: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; a short row is padded with empty cells when written.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with a title and columns.
    pub fn new(title: &str, columns: Vec<Column>) -> Self {
        Table {
            title: title.to_string(),
            columns,
            rows: Vec::new(),
        }
    }

    /// The cells of a row, one per column (missing cells empty).
    pub fn cells<'a>(&self, row: &'a [Cell]) -> impl Iterator<Item = &'a Cell> + 'a {
        const EMPTY: &Cell = &Cell::Empty;
        let n = self.columns.len();
        row.iter().chain(std::iter::repeat(EMPTY)).take(n)
    }
}
