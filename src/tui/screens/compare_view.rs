//! Drawing the compare screen: the two columns (side by side, or stacked
//! on narrow terminals) and the indicator table with a detail line per
//! report for the selected row.

use super::compare::{differs, geometry, CompareFocus, CompareState, LineKind};
use crate::compare::{IndicatorRow, RowKind};
use crate::model::{format_value, Report};
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::panes::frame;
use crate::tui::width::{fit, str_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Clear, Widget};
use std::ops::Range;

/// Draw the compare screen over `area`.
pub fn render(app: &App, st: &CompareState, area: Rect, buf: &mut Buffer) {
    Clear.render(area, buf);
    draw::fill(buf, area, app.theme.text());
    let g = geometry(area);
    column(app, st, 0, g.a, buf);
    column(app, st, 1, g.b, buf);
    table(app, st, g.table, buf);
}

fn report(app: &App, entry: usize) -> Option<&Report> {
    app.corpus.entries.get(entry).map(|e| &e.report)
}

fn column(app: &App, st: &CompareState, side: usize, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    let entry = [st.a, st.b][side];
    let label = report(app, entry).map(|r| r.label()).unwrap_or_default();
    let topic = st
        .blocks
        .get(st.topic)
        .map(|b| b.label.as_str())
        .unwrap_or("");
    let lock = if st.locked { "" } else { "  unlocked" };
    let shared = match st.shared[side].len() {
        0 => String::new(),
        n => format!("  {n} shared"),
    };
    let title = format!("{} {label}  [{topic}]{lock}{shared}", ["A", "B"][side]);
    let focused = st.focus == [CompareFocus::A, CompareFocus::B][side];
    let body = frame(buf, area, &[(&title, theme.text())], focused, theme, ambig);
    let pos = format!(
        " {}/{} ",
        (st.scroll[side] + 1).min(st.line_count()),
        st.line_count()
    );
    let pw = str_width(&pos, ambig) as u16;
    if area.width > pw + 20 {
        draw::put(
            buf,
            area.right() - pw - 1,
            area.bottom() - 1,
            pw,
            &[(&pos, theme.dim())],
            ambig,
        );
    }
    let sentence = st.sentence[side].as_ref();
    for (row, (i, line)) in st.lines[side]
        .iter()
        .enumerate()
        .skip(st.scroll[side])
        .take(body.height as usize)
        .enumerate()
    {
        let selected = st.block_at(i) == st.topic;
        let style = match line.kind {
            LineKind::Heading if selected => theme.selected(focused),
            LineKind::Heading => theme.text().add_modifier(Modifier::BOLD),
            LineKind::Text
                if sentence
                    .is_some_and(|s| line.bytes.start < s.end && s.start < line.bytes.end) =>
            {
                theme.sentence()
            }
            LineKind::Filler => theme.dim(),
            _ => theme.text(),
        };
        let rest = if line.kind == LineKind::Heading {
            style
        } else {
            theme.text()
        };
        let text = report(app, entry).map_or("", |r| r.text.as_str());
        let spans = shared_spans(line, text, &st.shared[side], style, theme.shared());
        let spans: Vec<(&str, Style)> = spans.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        draw::row(buf, body, body.y + row as u16, &spans, rest, ambig);
    }
}

/// A line's text in spans: the parts inside a shared sentence (`shared`,
/// byte ranges of the report's `text`) in style `mark`, the rest in `style`.
/// The shown characters stand one for one for the text's (Simplified or
/// not), so each is placed by its original's byte offset.
fn shared_spans(
    line: &crate::tui::screens::compare::VLine,
    text: &str,
    shared: &[Range<usize>],
    style: Style,
    mark: Style,
) -> Vec<(String, Style)> {
    let first = shared.partition_point(|r| r.end <= line.bytes.start);
    let touching = shared[first..]
        .iter()
        .take_while(|r| r.start < line.bytes.end)
        .count();
    let original = text.get(line.bytes.clone());
    if touching == 0 || line.kind != LineKind::Text || original.is_none() {
        return vec![(line.text.clone(), style)];
    }
    let near = &shared[first..first + touching];
    let offsets = original
        .unwrap_or_default()
        .char_indices()
        .map(|(b, _)| line.bytes.start + b);
    let mut spans: Vec<(String, Style)> = Vec::new();
    for (c, b) in line.text.chars().zip(offsets) {
        let s = if near.iter().any(|r| r.contains(&b)) {
            mark
        } else {
            style
        };
        match spans.last_mut() {
            Some((t, last)) if *last == s => t.push(c),
            _ => spans.push((c.to_string(), s)),
        }
    }
    spans
}

fn kind_label(k: RowKind) -> &'static str {
    match k {
        RowKind::Canonical => "key",
        RowKind::Named => "name",
        RowKind::OnlyA => "A",
        RowKind::OnlyB => "B",
    }
}

/// The display cells of a row: kind, label, A, B, diff, ratio, unit.
pub fn row_cells(r: &IndicatorRow) -> [String; 7] {
    let (ma, mb) = r.mark();
    let value = |p: Option<f64>, m: &str| {
        p.map(|v| format!("{} {m}", format_value(v)).trim_end().to_string())
            .unwrap_or_else(|| "-".into())
    };
    let diff = r
        .diff()
        .map(|d| {
            let s = format_value(d);
            if d > 0.0 {
                format!("+{s}")
            } else {
                s
            }
        })
        .unwrap_or_default();
    let ratio = r.ratio().map(|x| format!("{x:.2}x")).unwrap_or_default();
    [
        kind_label(r.kind).to_string(),
        r.label.clone(),
        value(r.a.as_ref().map(|p| p.value), ma),
        value(r.b.as_ref().map(|p| p.value), mb),
        diff,
        ratio,
        r.unit.clone(),
    ]
}

fn right(s: &str, w: usize) -> String {
    let pad = w.saturating_sub(s.len() + 1);
    format!("{}{s} ", " ".repeat(pad))
}

fn table(app: &App, st: &CompareState, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let ambig = app.ambig;
    let focused = st.focus == CompareFocus::Table;
    let n_diff = st.rows.iter().filter(|r| differs(r)).count();
    let sort = if st.by_diff {
        "by difference"
    } else {
        "by key"
    };
    let title = format!("Indicators {} rows, {n_diff} differ  {sort}", st.rows.len());
    let body = frame(buf, area, &[(&title, theme.text())], focused, theme, ambig);
    if body.height < 2 {
        return;
    }
    let w = body.width as usize;
    let (kind_w, val_w, diff_w, ratio_w, unit_w) = (5, 12, 10, 8, 5);
    let label_w = w.saturating_sub(kind_w + 2 * val_w + diff_w + ratio_w + unit_w);
    let line = |c: &[String; 7]| -> String {
        let mut s = fit(&c[0], kind_w, ambig);
        s.push_str(&fit(&c[1], label_w, ambig));
        s.push_str(&right(&c[2], val_w));
        s.push_str(&right(&c[3], val_w));
        s.push_str(&right(&c[4], diff_w));
        s.push_str(&right(&c[5], ratio_w));
        s.push_str(&fit(&c[6], unit_w, ambig));
        s
    };
    let header = ["", "指标", "A", "B", "B-A", "B/A", "单位"].map(String::from);
    draw::row(
        buf,
        body,
        body.y,
        &[(&line(&header), theme.dim())],
        theme.dim(),
        ambig,
    );
    let detail_h = if body.height >= 5 { 2 } else { 0 };
    let h = (body.height as usize).saturating_sub(1 + detail_h);
    let offset = st.cursor.visible_offset(h);
    for (row, &i) in st.order.iter().enumerate().skip(offset).take(h) {
        let r = &st.rows[i];
        let style = if row == st.cursor.selected {
            theme.selected(focused)
        } else if differs(r) {
            theme.text()
        } else {
            theme.dim()
        };
        draw::row(
            buf,
            body,
            body.y + 1 + (row - offset) as u16,
            &[(&line(&row_cells(r)), style)],
            style,
            ambig,
        );
    }
    if detail_h == 0 {
        return;
    }
    let Some(r) = st.selected_row() else { return };
    let picks = [r.a.as_ref(), r.b.as_ref()];
    for (s, entry) in [st.a, st.b].into_iter().enumerate() {
        let text = match (picks[s], report(app, entry)) {
            (Some(p), Some(rep)) => {
                let name = rep
                    .indicators
                    .get(p.index)
                    .map(|i| i.name.as_str())
                    .unwrap_or("");
                let note = p
                    .note
                    .as_ref()
                    .map(|n| format!("  ({n})"))
                    .unwrap_or_default();
                format!(
                    "{}: {name} {}{}{note}",
                    ["A", "B"][s],
                    format_value(p.value),
                    r.unit
                )
            }
            _ => format!("{}: -", ["A", "B"][s]),
        };
        draw::row(
            buf,
            body,
            body.bottom() - 2 + s as u16,
            &[(&text, theme.dim())],
            theme.text(),
            ambig,
        );
    }
}
