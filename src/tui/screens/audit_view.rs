//! Drawing the audit screen ([`super::audit`]): a tab bar, then the tab's
//! table with the selection marked; missing coverage cells and missing
//! parts in the error style.

use super::audit::{grid, AuditState, AuditTab};
use crate::audit::check::Where;
use crate::audit::reuse::sorted;
use crate::tui::app::App;
use crate::tui::draw;
use crate::tui::panes::frame;
use crate::tui::width::fit;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Clear, Widget};

/// One drawn row: cells with their styles.
type Line = Vec<(String, Style)>;

/// Draw the audit screen over `area`.
pub fn render(app: &App, st: &AuditState, area: Rect, buf: &mut Buffer) {
    let (theme, ambig) = (&app.theme, app.ambig);
    Clear.render(area, buf);
    let mut title: Vec<(String, Style)> = vec![("Audit ".into(), theme.text())];
    for t in AuditTab::ALL {
        let style = if t == st.tab {
            theme.selected(true)
        } else {
            theme.dim()
        };
        title.push((format!(" {} ", t.name()), style));
    }
    let runs: Vec<(&str, Style)> = title.iter().map(|(s, st)| (s.as_str(), *st)).collect();
    let body = frame(buf, area, &runs, true, theme, ambig);
    let Some(res) = &st.result else {
        let n = app.corpus.entries.iter().filter(|e| e.parsed).count();
        let msg = format!("computing… ({n} reports)");
        draw::put(
            buf,
            body.x,
            body.y,
            body.width,
            &[(&msg, theme.dim())],
            ambig,
        );
        return;
    };
    let rs = res.reports();
    let ok = theme.indicator();
    let bad = theme.error();
    let text = theme.text();
    let (head, lines, foot): (String, Vec<Line>, String) = match st.tab {
        AuditTab::Coverage => {
            let crumb = if st.path.is_empty() {
                "provinces".to_string()
            } else {
                st.path.join(" › ")
            };
            let mut head = fit(&crumb, 18, ambig);
            for y in &res.coverage.years {
                head.push_str(&format!("{y:>9}"));
            }
            let lines = grid(&res.coverage, &st.path)
                .into_iter()
                .map(|g| {
                    let mut l: Line = vec![(fit(&g.label, 18, ambig), text)];
                    for (have, total) in g.counts {
                        let cell = if total == 1 && g.drill.is_none() {
                            if have == 1 {
                                "ok".to_string()
                            } else {
                                "missing".to_string()
                            }
                        } else {
                            format!("{have}/{total}")
                        };
                        l.push((format!("{cell:>9}"), if have == 0 { bad } else { ok }));
                    }
                    l
                })
                .collect();
            let foot = format!(
                "{} reports unplaced (no known region or year)   Enter drills in, Esc goes back",
                res.coverage.unplaced.len()
            );
            (head, lines, foot)
        }
        AuditTab::Check => {
            let head = format!(
                "{:<14}{:>6} {:<11} measures leaders  problems plans",
                "region", "year", "published"
            );
            let lines = st
                .check_rows()
                .into_iter()
                .map(|i| {
                    let row = &res.check[i];
                    let r = rs[row.report];
                    let name = r
                        .region
                        .as_ref()
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| "?".into());
                    let mut l: Line = vec![
                        (fit(&name, 14, ambig), text),
                        (
                            format!(
                                "{:>6} ",
                                r.year.map(|y| y.to_string()).unwrap_or("?".into())
                            ),
                            text,
                        ),
                        (
                            format!("{:<11}", r.published.as_deref().unwrap_or("?")),
                            text,
                        ),
                    ];
                    for (_, w) in &row.parts {
                        let (cell, style) = match w {
                            Some(Where::Section { id, .. }) => (format!("§{id}"), ok),
                            Some(Where::Sentence(_)) => ("text".to_string(), ok),
                            None => ("missing".to_string(), bad),
                        };
                        l.push((format!(" {cell:<8}"), style));
                    }
                    l
                })
                .collect();
            let which = if st.failures_only {
                "failures only (/ shows all)"
            } else {
                "all reports (/ shows failures)"
            };
            (
                head,
                lines,
                format!("{which}, sorted by {} (s)", st.sort.name()),
            )
        }
        AuditTab::Dupes => {
            let head = format!("{:<6}{:<6}{:>6}  file", "group", "role", "sim");
            let mut lines = Vec::new();
            for (n, g) in res.dupes.groups.iter().enumerate() {
                for (i, role) in
                    std::iter::once((g.kept, "kept")).chain(g.copies.iter().map(|&c| (c, "copy")))
                {
                    lines.push(vec![
                        (
                            format!("{:<6}{role:<6}{:>6.2}  ", n + 1, g.similarity),
                            text,
                        ),
                        (rs[i].path.clone(), if role == "kept" { ok } else { text }),
                    ]);
                }
            }
            let foot = format!(
                "{} groups of files holding the same report",
                res.dupes.groups.len()
            );
            (head, lines, foot)
        }
        AuditTab::Reuse => {
            let head = format!(
                "{:<14}{:>6}{:>8}{:>8}  top source (shared)",
                "region", "year", "share", "same"
            );
            let lines = sorted(&rs, &res.reuse.rows)
                .into_iter()
                .map(|row| {
                    let r = rs[row.report];
                    let name = r
                        .region
                        .as_ref()
                        .map(|g| g.name.clone())
                        .unwrap_or_else(|| "?".into());
                    let top = row
                        .sources
                        .first()
                        .map(|s| format!("{} ({})", rs[s.report].label(), s.shared))
                        .unwrap_or_default();
                    vec![
                        (fit(&name, 14, ambig), text),
                        (
                            format!("{:>6}", r.year.map(|y| y.to_string()).unwrap_or("?".into())),
                            text,
                        ),
                        (
                            format!("{:>7.1}%", row.shared_share() * 100.0),
                            if row.shared > 0 { bad } else { text },
                        ),
                        (format!("{:>7.1}%  ", row.same_region_share() * 100.0), text),
                        (top, text),
                    ]
                })
                .collect();
            let foot = format!(
                "{} boilerplate sentences not counted   Enter compares with the top source",
                res.reuse.boilerplate.len()
            );
            (head, lines, foot)
        }
    };
    draw::row(
        buf,
        body,
        body.y,
        &[("  ", text), (&head, theme.focused())],
        text,
        ambig,
    );
    let list_h = (body.height as usize).saturating_sub(2).max(1);
    let mut cursor = st.cursors[AuditTab::ALL.iter().position(|t| *t == st.tab).unwrap_or(0)];
    cursor.follow(list_h);
    if lines.is_empty() {
        draw::put(
            buf,
            body.x,
            body.y + 1,
            body.width,
            &[("nothing to show", theme.dim())],
            ambig,
        );
    }
    for (n, line) in lines.iter().enumerate().skip(cursor.offset).take(list_h) {
        let sel = n == cursor.selected;
        let mut runs: Vec<(&str, Style)> = vec![(if sel { "> " } else { "  " }, text)];
        runs.extend(line.iter().map(|(s, style)| {
            (
                s.as_str(),
                if sel {
                    style.patch(theme.selected(true))
                } else {
                    *style
                },
            )
        }));
        draw::row(
            buf,
            body,
            body.y + 1 + (n - cursor.offset) as u16,
            &runs,
            text,
            ambig,
        );
    }
    if body.height > 2 {
        draw::row(
            buf,
            body,
            body.bottom() - 1,
            &[(&foot, theme.dim())],
            text,
            ambig,
        );
    }
}
