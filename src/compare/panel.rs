//! The panel: one row per report, one column per canonical key, each cell
//! the figure [`rank`](super::rank()) takes for that report (the largest
//! statement in the unit the key is most often stated in across the
//! reports), with a note where a report states a key several times.

use super::pair::pick;
use super::rank::rank_unit;
use crate::export::{file_name, Cell, Column, Table};
use crate::model::{format_value, Report};
use crate::parse::taxonomy::Taxonomy;
use std::borrow::Borrow;

/// The report columns of a panel, before one column per key and `notes`.
pub const PANEL_COLUMNS: [&str; 8] = [
    "path", "region", "code", "province", "city", "level", "year", "issuer",
];

/// What a panel needs of a report: its metadata and keyed indicators, not
/// its text, sections or other figures (a corpus of thousands stays small).
pub fn panel_report(r: &Report) -> Report {
    Report {
        path: r.path.clone(),
        path_bytes: r.path_bytes.clone(),
        region: r.region.clone(),
        issuer: r.issuer.clone(),
        year: r.year,
        indicators: r
            .indicators
            .iter()
            .filter(|i| i.canonical.is_some())
            .cloned()
            .collect(),
        ..Report::default()
    }
}

/// The keys of a panel: those `chosen`, in that order (each once), else
/// every taxonomy key some report states, in taxonomy order. A chosen key
/// the taxonomy does not know is an error naming it and the known keys.
pub fn panel_keys<R: Borrow<Report>>(
    reports: &[R],
    chosen: Option<&[String]>,
) -> Result<Vec<String>, String> {
    let tax = Taxonomy::global();
    let Some(chosen) = chosen else {
        let stated = |k: &str| {
            reports.iter().any(|r| {
                r.borrow()
                    .indicators
                    .iter()
                    .any(|i| i.canonical.as_deref() == Some(k))
            })
        };
        let mut keys: Vec<String> = Vec::new();
        for rule in &tax.indicators {
            if !keys.contains(&rule.key) && stated(&rule.key) {
                keys.push(rule.key.clone());
            }
        }
        return Ok(keys);
    };
    let mut keys: Vec<String> = Vec::new();
    for k in chosen {
        if !tax.indicators.iter().any(|rule| rule.key == *k) {
            let known: Vec<&str> = tax.indicators.iter().map(|r| r.key.as_str()).collect();
            return Err(format!(
                "unknown canonical key '{k}' (known keys: {})",
                known.join(", ")
            ));
        }
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    Ok(keys)
}

/// The unit of a key's column: the one [`rank`](super::rank()) compares,
/// else (no report states it) the first the taxonomy allows.
fn key_unit<R: Borrow<Report>>(reports: &[R], key: &str) -> Option<String> {
    rank_unit(reports, key).or_else(|| {
        Taxonomy::global()
            .indicators
            .iter()
            .find(|r| r.key == key)
            .and_then(|r| r.units.first().cloned())
    })
}

/// The panel of `reports` on `keys` (see [`panel_keys`]): columns
/// [`PANEL_COLUMNS`], one number column per key named with its unit
/// (`legal_aid.cases (件)`), then `notes`; one row per report in order.
pub fn panel_table<R: Borrow<Report>>(reports: &[R], keys: &[String]) -> Table {
    let units: Vec<Option<String>> = keys.iter().map(|k| key_unit(reports, k)).collect();
    let mut columns: Vec<Column> = PANEL_COLUMNS
        .iter()
        .map(|&c| match c {
            "year" => Column::number(c),
            _ => Column::text(c),
        })
        .collect();
    for (k, u) in keys.iter().zip(&units) {
        columns.push(Column::number(&match u {
            Some(u) => format!("{k} ({u})"),
            None => k.clone(),
        }));
    }
    columns.push(Column::text("notes"));
    let mut t = Table::new("panel", columns);
    for r in reports {
        let r: &Report = r.borrow();
        let g = r.region.as_ref();
        let mut row = vec![
            Cell::Text(file_name(r).into_owned()),
            Cell::opt_text(g.map(|g| g.name.as_str())),
            Cell::opt_text(g.and_then(|g| g.code.as_deref())),
            Cell::opt_text(g.and_then(|g| g.province.as_deref())),
            Cell::opt_text(g.and_then(|g| g.city.as_deref())),
            Cell::opt_text(g.map(|g| g.level.as_str())),
            Cell::opt_number(r.year.map(f64::from)),
            Cell::opt_text(r.issuer.as_deref()),
        ];
        let mut notes: Vec<String> = Vec::new();
        for (key, unit) in keys.iter().zip(&units) {
            let p = unit.as_deref().and_then(|u| pick(r, key, u));
            row.push(Cell::opt_number(p.as_ref().map(|p| p.value)));
            notes.extend(note(r, key, unit.as_deref(), p.map(|p| p.value)));
        }
        row.push(Cell::Text(notes.join("; ")));
        t.rows.push(row);
    }
    t
}

/// Why a cell holds the figure it does, when the report states the key
/// more than once or in another unit than the column's.
fn note(r: &Report, key: &str, unit: Option<&str>, took: Option<f64>) -> Option<String> {
    let stated: Vec<&str> = r
        .indicators
        .iter()
        .filter(|i| i.canonical.as_deref() == Some(key))
        .map(|i| &*i.unit)
        .collect();
    let in_unit = stated.iter().filter(|u| Some(**u) == unit).count();
    let mut other: Vec<&str> = Vec::new();
    for u in stated.iter().copied().filter(|u| Some(*u) != unit) {
        if !other.contains(&u) {
            other.push(u);
        }
    }
    let elsewhere = stated.len() - in_unit;
    let also = (elsewhere > 0).then(|| {
        format!(
            "{elsewhere} in {} left out (the column is in {})",
            other.join("/"),
            unit.unwrap_or("another unit")
        )
    });
    match (took, also) {
        (Some(v), None) if in_unit > 1 => Some(format!(
            "{key}: {in_unit} figures, took {}",
            format_value(v)
        )),
        (Some(v), Some(also)) => Some(format!(
            "{key}: {in_unit} figure{}, took {}; {also}",
            if in_unit == 1 { "" } else { "s" },
            format_value(v)
        )),
        (None, Some(also)) => Some(format!("{key}: {also}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Indicator;

    fn ind(v: f64, unit: &'static str) -> Indicator {
        Indicator {
            name: "办理法律援助案件".into(),
            value: v,
            unit: crate::model::Sym::new(unit).unwrap(),
            approx: None,
            canonical: crate::model::Sym::new("legal_aid.cases"),
            section: None,
            line: 1,
            span: Default::default(),
            sentence: Default::default(),
        }
    }

    fn report(path: &str, inds: Vec<Indicator>) -> Report {
        Report {
            path: path.into(),
            indicators: inds,
            ..Report::default()
        }
    }

    #[test]
    fn a_key_stated_several_times_takes_the_ranked_figure_with_a_note() {
        let rs = vec![
            report(
                "a",
                vec![ind(120.0, "件"), ind(302.0, "件"), ind(40.0, "件")],
            ),
            report("b", vec![ind(650.0, "件")]),
            report("c", vec![ind(5.0, "%")]),
            report("d", vec![]),
        ];
        let keys = panel_keys(&rs, None).unwrap();
        assert_eq!(keys, ["legal_aid.cases"]);
        let t = panel_table(&rs, &keys);
        assert_eq!(t.columns[8].name, "legal_aid.cases (件)");
        assert_eq!(t.columns[9].name, "notes");
        let cells: Vec<(Cell, Cell)> = t
            .rows
            .iter()
            .map(|r| (r[8].clone(), r[9].clone()))
            .collect();
        assert_eq!(cells[0].0, Cell::Number(302.0));
        assert_eq!(
            cells[0].1,
            Cell::Text("legal_aid.cases: 3 figures, took 302".into())
        );
        assert_eq!(cells[1], (Cell::Number(650.0), Cell::Text(String::new())));
        assert_eq!(cells[2].0, Cell::Empty);
        assert_eq!(
            cells[2].1,
            Cell::Text("legal_aid.cases: 1 in % left out (the column is in 件)".into())
        );
        assert_eq!(cells[3], (Cell::Empty, Cell::Text(String::new())));
        // The same figures as the ranking.
        let ranked: Vec<(usize, f64)> = super::super::rank(&rs, "legal_aid.cases")
            .iter()
            .map(|r| (r.report, r.value))
            .collect();
        assert_eq!(ranked, vec![(1, 650.0), (0, 302.0)]);
    }

    #[test]
    fn chosen_keys_keep_their_order_and_unknown_ones_are_named() {
        let rs: Vec<Report> = Vec::new();
        let chosen = vec!["legal_aid.cases".to_string(), "legal_aid.cases".to_string()];
        assert_eq!(panel_keys(&rs, Some(&chosen)).unwrap(), ["legal_aid.cases"]);
        let e = panel_keys(&rs, Some(&["no.such".to_string()])).unwrap_err();
        assert!(
            e.contains("'no.such'") && e.contains("legal_aid.cases"),
            "{e}"
        );
    }
}
