//! Coverage: which divisions of the gazetteer have a report for each year
//! the corpus covers, and which are missing.
//!
//! A report is placed at its region's division: by GB/T 2260 code, else by
//! full name within its province when that names one division. Reports
//! whose region is unknown, undecided (鼓楼区 with no province) or without
//! a year are listed apart as unplaced. The copies of a duplicate group
//! ([`super::dupes`]) are not counted: a group is one report.

use super::dupes::Dupes;
use crate::model::{Level, Report};
use crate::parse::gazetteer::{Division, Gazetteer};
use rustc_hash::FxHashMap;
use serde_json::{json, Value};
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

/// JSON schema name of [`to_json`].
pub const COVERAGE_SCHEMA: &str = "baogao/coverage@1";

/// Which divisions are audited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only this province-level unit (full name or short form: `湖北省`,
    /// `湖北`); `None`: every province a placed report is in.
    pub province: Option<String>,
    /// Only divisions of this level; `None`: every level.
    pub level: Option<Level>,
}

/// One division's reports by year.
#[derive(Debug, Clone, PartialEq)]
pub struct DivisionRow<'g> {
    /// The division.
    pub division: &'g Division,
    /// Report indices per year covered (only years with reports).
    pub reports: BTreeMap<i32, Vec<usize>>,
    /// The corpus's years it has no report for.
    pub missing: Vec<i32>,
}

/// The coverage of a corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage<'g> {
    /// Every year a placed report covers, in order.
    pub years: Vec<i32>,
    /// The divisions in scope, in gazetteer order.
    pub rows: Vec<DivisionRow<'g>>,
    /// Reports that could not be placed (no region, an undecided one, no year).
    pub unplaced: Vec<usize>,
}

/// Parse a `--level` value.
pub fn parse_level(s: &str) -> Result<Level, String> {
    match s {
        "province" => Ok(Level::Province),
        "city" => Ok(Level::City),
        "county" => Ok(Level::County),
        _ => Err(format!(
            "unknown level '{s}' (expected province, city or county)"
        )),
    }
}

/// The division a report's region is, if the gazetteer decides it.
pub fn place<'g>(
    r: &Report,
    gaz: &'g Gazetteer,
    by_code: &FxHashMap<&str, &'g Division>,
) -> Option<&'g Division> {
    let g = r.region.as_ref()?;
    if let Some(d) = g.code.as_deref().and_then(|c| by_code.get(c)) {
        return Some(d);
    }
    let province = g.province.as_deref()?;
    let mut found = gaz
        .by_name(&g.name)
        .into_iter()
        .filter(|d| d.province == province && d.level == g.level);
    match (found.next(), found.next()) {
        (Some(d), None) => Some(d),
        _ => None,
    }
}

/// The gazetteer's divisions by code.
pub fn code_index(gaz: &Gazetteer) -> FxHashMap<&str, &Division> {
    gaz.divisions()
        .iter()
        .filter_map(|d| d.code.as_deref().map(|c| (c, d)))
        .collect()
}

/// The coverage of the reports (copies of a duplicate group skipped) over
/// the divisions in `scope`. Fails on a province the gazetteer does not know.
pub fn coverage<'g, R: Borrow<Report>>(
    reports: &[R],
    dupes: &Dupes,
    scope: &Scope,
    gaz: &'g Gazetteer,
) -> Result<Coverage<'g>, String> {
    let wanted = match &scope.province {
        Some(p) => Some(
            gaz.lookup(p)
                .into_iter()
                .find(|d| d.level == Level::Province)
                .map(|d| d.province.clone())
                .ok_or_else(|| format!("unknown province '{p}' (see assets/gazetteer.tsv)"))?,
        ),
        None => None,
    };
    let by_code = code_index(gaz);
    let mut placed: FxHashMap<*const Division, BTreeMap<i32, Vec<usize>>> = FxHashMap::default();
    let mut years = BTreeSet::new();
    let mut provinces = BTreeSet::new();
    let mut unplaced = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        if dupes.is_copy(i) {
            continue;
        }
        let r: &Report = r.borrow();
        match (place(r, gaz, &by_code), r.year) {
            (Some(d), Some(y)) => {
                years.insert(y);
                provinces.insert(d.province.clone());
                placed
                    .entry(d as *const Division)
                    .or_default()
                    .entry(y)
                    .or_default()
                    .push(i);
            }
            _ => unplaced.push(i),
        }
    }
    let years: Vec<i32> = years.into_iter().collect();
    let rows = gaz
        .divisions()
        .iter()
        .filter(|d| match &wanted {
            Some(p) => &d.province == p,
            None => provinces.contains(&d.province),
        })
        .filter(|d| match scope.level {
            Some(l) => d.level == l,
            None => true,
        })
        .map(|d| {
            let reports = placed.remove(&(d as *const Division)).unwrap_or_default();
            let missing = years
                .iter()
                .copied()
                .filter(|y| !reports.contains_key(y))
                .collect();
            DivisionRow {
                division: d,
                reports,
                missing,
            }
        })
        .collect();
    Ok(Coverage {
        years,
        rows,
        unplaced,
    })
}

/// The `baogao/coverage@1` JSON object.
pub fn to_json<R: Borrow<Report>>(reports: &[R], cov: &Coverage) -> Value {
    let path = |i: &usize| reports[*i].borrow().path.clone();
    let divisions: Vec<Value> = cov
        .rows
        .iter()
        .map(|row| {
            let d = row.division;
            let by_year: serde_json::Map<String, Value> = row
                .reports
                .iter()
                .map(|(y, v)| (y.to_string(), json!(v.iter().map(path).collect::<Vec<_>>())))
                .collect();
            json!({
                "code": d.code,
                "name": d.name,
                "province": d.province,
                "city": d.city,
                "level": d.level.as_str(),
                "reports": by_year,
                "missing": row.missing,
            })
        })
        .collect();
    json!({
        "schema": COVERAGE_SCHEMA,
        "years": cov.years,
        "divisions": divisions,
        "unplaced": cov.unplaced.iter().map(path).collect::<Vec<_>>(),
    })
}

/// The coverage as a table: one row per division, one column per year
/// (the files, or `missing`), then one row per unplaced report.
pub fn table<R: Borrow<Report>>(reports: &[R], cov: &Coverage) -> crate::export::Table {
    use crate::export::{Cell, Column, Table};
    let mut columns = vec![
        Column::text("code"),
        Column::text("name"),
        Column::text("province"),
        Column::text("city"),
        Column::text("level"),
    ];
    columns.extend(cov.years.iter().map(|y| Column::text(&y.to_string())));
    let mut t = Table::new("coverage", columns);
    for row in &cov.rows {
        let d = row.division;
        let mut cells = vec![
            Cell::opt_text(d.code.as_deref()),
            Cell::Text(d.name.clone()),
            Cell::Text(d.province.clone()),
            Cell::opt_text(d.city.as_deref()),
            Cell::Text(d.level.as_str().into()),
        ];
        cells.extend(cov.years.iter().map(|y| {
            match row.reports.get(y) {
                Some(v) => Cell::Text(
                    v.iter()
                        .map(|&i| crate::export::file_name(reports[i].borrow()))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                None => Cell::Text("missing".into()),
            }
        }));
        t.rows.push(cells);
    }
    for &i in &cov.unplaced {
        let r: &Report = reports[i].borrow();
        let mut cells = vec![Cell::Empty; 5];
        cells[1] = Cell::Text("(unplaced)".into());
        cells.push(Cell::Text(crate::export::file_name(r).into_owned()));
        t.rows.push(cells);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, code: Option<&str>, year: Option<i32>) -> Report {
        let gaz = Gazetteer::global();
        Report {
            path: path.into(),
            region: code.map(|c| code_index(gaz)[c].region()),
            year,
            ..Report::default()
        }
    }

    #[test]
    fn divisions_years_missing_and_unplaced() {
        let gaz = Gazetteer::global();
        let county = gaz
            .divisions()
            .iter()
            .find(|d| d.level == Level::County && d.code.is_some())
            .unwrap();
        let code = county.code.as_deref();
        let rs = vec![
            report("a", code, Some(2021)),
            report("b", code, Some(2022)),
            report("c", None, Some(2022)),
            report("d", code, None),
        ];
        let scope = Scope {
            province: None,
            level: Some(Level::County),
        };
        let cov = coverage(&rs, &Dupes::none(4), &scope, gaz).unwrap();
        assert_eq!(cov.years, vec![2021, 2022]);
        assert_eq!(cov.unplaced, vec![2, 3]);
        let row = cov.rows.iter().find(|r| r.division == county).unwrap();
        assert_eq!(row.reports[&2021], vec![0]);
        assert!(row.missing.is_empty());
        assert!(cov
            .rows
            .iter()
            .all(|r| r.division.province == county.province));
        assert!(cov
            .rows
            .iter()
            .filter(|r| r.division != county)
            .all(|r| r.missing == [2021, 2022]));
        assert!(coverage(
            &rs,
            &Dupes::none(4),
            &Scope {
                province: Some("没有省".into()),
                level: None
            },
            gaz
        )
        .is_err());
    }
}
