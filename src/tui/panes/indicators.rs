//! Indicators pane: the report's indicators (or the selected section's) as
//! a table — 指标, 数值, 单位, 类别, 章节 — sortable and filterable.
//! Selecting a row scrolls the reader to its sentence.

use super::{frame, Cursor, Pane};
use crate::model::{format_value, Approx, Indicator, Report};
use crate::text;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::width::{fit, str_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::cmp::Ordering;
use std::ops::Range;

/// Sort orders of the table (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IndicatorSort {
    /// Text order.
    #[default]
    Text,
    /// By name.
    Name,
    /// By value, largest first.
    Value,
    /// By canonical category.
    Category,
}

impl IndicatorSort {
    /// The next order.
    pub fn next(self) -> IndicatorSort {
        match self {
            IndicatorSort::Text => IndicatorSort::Name,
            IndicatorSort::Name => IndicatorSort::Value,
            IndicatorSort::Value => IndicatorSort::Category,
            IndicatorSort::Category => IndicatorSort::Text,
        }
    }

    /// Name for the status line and title.
    pub fn name(self) -> &'static str {
        match self {
            IndicatorSort::Text => "text order",
            IndicatorSort::Name => "name",
            IndicatorSort::Value => "value",
            IndicatorSort::Category => "category",
        }
    }

    fn compare(self, a: &Indicator, b: &Indicator) -> Ordering {
        let by_pos = || a.span.start.cmp(&b.span.start);
        match self {
            IndicatorSort::Text => by_pos(),
            IndicatorSort::Name => a.name.cmp(&b.name).then_with(by_pos),
            IndicatorSort::Value => b.value.total_cmp(&a.value).then_with(by_pos),
            IndicatorSort::Category => a.canonical.cmp(&b.canonical).then_with(by_pos),
        }
    }
}

/// State of the indicators pane.
#[derive(Debug, Clone, Default)]
pub struct IndicatorsState {
    /// Byte range of the report the table covers (the selected section).
    pub scope: Range<usize>,
    /// The filter as typed.
    pub filter: String,
    /// Sort order.
    pub sort: IndicatorSort,
    /// Indices into `Report::indicators` of the rows shown.
    pub rows: Vec<usize>,
    /// Selection and scroll.
    pub cursor: Cursor,
}

impl IndicatorsState {
    /// Recompute the rows for a report and a scope (`None`: no report).
    pub fn refresh(&mut self, report: Option<&Report>, scope: Range<usize>) {
        let keep = self.cursor.selected;
        let changed = scope != self.scope;
        self.scope = scope;
        self.rows.clear();
        if let Some(r) = report {
            let needle = text::normalize(self.filter.trim()).to_lowercase();
            self.rows = r
                .indicators
                .iter()
                .enumerate()
                .filter(|(_, ind)| self.scope.contains(&(ind.span.start as usize)))
                .filter(|(_, ind)| needle.is_empty() || haystack(r, ind).contains(&needle))
                .map(|(i, _)| i)
                .collect();
            let sort = self.sort;
            self.rows
                .sort_by(|&a, &b| sort.compare(&r.indicators[a], &r.indicators[b]));
        }
        if changed {
            self.cursor = Cursor::default();
        } else {
            self.cursor.set(keep, self.rows.len());
        }
    }

    /// Index into `Report::indicators` of the selected row.
    pub fn selected(&self) -> Option<usize> {
        self.rows.get(self.cursor.selected).copied()
    }
}

fn haystack(r: &Report, ind: &Indicator) -> String {
    let section = ind
        .section_index()
        .and_then(|i| r.sections.get(i))
        .map(|s| s.title.as_str())
        .unwrap_or("");
    let s = format!(
        "{} {} {} {} {}",
        ind.name,
        r.raw(ind),
        ind.unit,
        ind.canonical.as_deref().unwrap_or(""),
        section
    );
    text::normalize(&s).to_lowercase()
}

/// An indicator's value in at most `cols` columns: written out when it
/// fits, else in 亿 or 万 with as many decimals as fit (`790亿`), else in
/// exponent form; never cut short (a cut figure reads as another figure).
fn value_text(ind: &Indicator, cols: usize) -> String {
    let mark = match ind.approx {
        Some(Approx::Over) => ">",
        Some(Approx::About) => "~",
        Some(Approx::Under) => "<",
        None => "",
    };
    let plain = format!("{mark}{}", format_value(ind.value));
    // Digits, signs and marks: one column each.
    if plain.len() <= cols {
        return plain;
    }
    for (scale, word) in [(1e8, "亿"), (1e4, "万")] {
        if ind.value.abs() < scale {
            continue;
        }
        for decimals in (0..=2).rev() {
            let n = format!("{:.decimals$}", ind.value / scale);
            let n = if n.contains('.') {
                n.trim_end_matches('0').trim_end_matches('.')
            } else {
                &n
            };
            let s = format!("{mark}{n}{word}");
            // The word takes two columns.
            if s.len() - word.len() + 2 <= cols {
                return s;
            }
        }
    }
    format!("{mark}{:.1e}", ind.value)
}

/// Draw the indicators pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let st = &app.indicators;
    let theme = &app.theme;
    let ambig = app.ambig;
    let focused = app.focus == Pane::Indicators;
    let report = app
        .sections
        .entry
        .and_then(|i| app.corpus.entries.get(i))
        .map(|e| &e.report);
    let filter = if st.filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", st.filter)
    };
    let title = format!("Indicators {}  {}{filter}", st.rows.len(), st.sort.name());
    let body = frame(buf, area, &[(&title, theme.text())], focused, theme, ambig);
    if body.height < 2 {
        return;
    }
    let w = body.width as usize;
    // Columns: name takes what the others leave.
    let (val_w, unit_w, cat_w, sec_w) = if w >= 70 {
        (12, 9, 20, 14)
    } else if w >= 44 {
        (10, 5, 0, 10)
    } else {
        (9, 4, 0, 0)
    };
    let name_w = w.saturating_sub(val_w + unit_w + cat_w + sec_w).max(4);
    let cols = |name: &str, val: &str, unit: &str, cat: &str, sec: &str| -> String {
        let mut s = fit(name, name_w, ambig);
        let pad = (val_w - 1).saturating_sub(str_width(val, ambig));
        s.push_str(&fit(&format!("{}{val} ", " ".repeat(pad)), val_w, ambig));
        s.push_str(&fit(unit, unit_w, ambig));
        if cat_w > 0 {
            // One blank column keeps the category apart from the section.
            s.push_str(&fit(cat, cat_w - 1, ambig));
            s.push(' ');
        }
        if sec_w > 0 {
            s.push_str(&fit(sec, sec_w, ambig));
        }
        s
    };
    let header = cols("指标", "数值", "单位", "类别", "章节");
    draw::row(
        buf,
        body,
        body.y,
        &[(&header, theme.dim())],
        theme.dim(),
        ambig,
    );
    let Some(r) = report else { return };
    let h = body.height as usize - 1;
    let offset = st.cursor.visible_offset(h);
    for (row, &i) in st.rows.iter().skip(offset).take(h).enumerate() {
        let Some(ind) = r.indicators.get(i) else {
            continue;
        };
        let sec = ind
            .section_index()
            .and_then(|s| r.sections.get(s))
            .map(|s| format!("{}{}", s.marker, s.title))
            .unwrap_or_default();
        let line = cols(
            &ind.name,
            &value_text(ind, val_w - 1),
            &ind.unit,
            ind.canonical.as_deref().map_or("-", |k| {
                crate::parse::taxonomy::Taxonomy::global().indicator_label(k)
            }),
            &sec,
        );
        let style = if offset + row == st.cursor.selected {
            theme.selected(focused)
        } else {
            theme.text()
        };
        draw::row(
            buf,
            body,
            body.y + 1 + row as u16,
            &[(&line, style)],
            style,
            ambig,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(value: f64, approx: Option<Approx>) -> Indicator {
        Indicator {
            name: "x".into(),
            value,
            unit: crate::model::Sym::new("元").unwrap(),
            approx,
            canonical: None,
            section: None,
            line: 1,
            span: Default::default(),
            sentence: Default::default(),
        }
    }

    #[test]
    fn a_value_too_wide_for_its_column_is_scaled_never_cut() {
        assert_eq!(value_text(&ind(302.0, None), 9), "302");
        assert_eq!(value_text(&ind(12.5, None), 9), "12.5");
        assert_eq!(value_text(&ind(79_000_000_000.0, None), 11), "79000000000");
        assert_eq!(value_text(&ind(79_000_000_000.0, None), 9), "790亿");
        assert_eq!(value_text(&ind(47_850_000_000.0, None), 8), "478.5亿");
        assert_eq!(
            value_text(&ind(123_456.0, Some(Approx::Over)), 7),
            ">123456"
        );
        assert_eq!(value_text(&ind(123_456.0, Some(Approx::Over)), 6), ">12万");
        assert_eq!(value_text(&ind(12_345_678.0, None), 7), "1235万");
        assert_eq!(value_text(&ind(1.0e15, None), 8), "1.0e15");
    }
}
