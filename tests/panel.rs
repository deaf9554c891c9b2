//! The panel, Parquet output and `--shard`, through the real binary on the
//! bundled samples: the panel's figures are those `rank` takes, Parquet
//! files read back by pyarrow and DuckDB hold exactly the rows of the CSV
//! of the same table, partitions hold the rows of their year, and shards
//! cover the corpus exactly once.
//!
//! Needs python3 with pyarrow and duckdb: `scripts/test-deps.sh` installs them.

#[path = "support/read_table.rs"]
mod read_table;
use read_table::read_back;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLES: &str = "assets/reports";
const PANEL_COLUMNS: [&str; 8] = [
    "path", "region", "code", "province", "city", "level", "year", "issuer",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn baogao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run baogao")
}

/// Run baogao and insist on exit status 0.
fn ok(args: &[&str]) -> Vec<u8> {
    let out = baogao(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "baogao {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn err_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every `baogao/report@1` object of `parse --json` on `args`.
fn parsed(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["parse", "--json"];
    all.extend(args);
    String::from_utf8(ok(&all))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A CSV as header and records.
fn csv_of(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Run a Python snippet with `sys.argv[1:] = args`; its standard output.
fn python(code: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(code)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "python failed — pyarrow and duckdb are REQUIRED (run scripts/test-deps.sh):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A CSV cell equals a value read back: empty = null, numbers as floats.
fn same(csv: &str, got: &Value, number: bool) -> bool {
    if csv.is_empty() {
        return got.is_null() || got.as_str() == Some("");
    }
    if number {
        let want: f64 = csv.parse().unwrap();
        return got
            .as_f64()
            .is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1.0));
    }
    got.as_str() == Some(csv)
}

/// Every cell of `got` equals the CSV's.
fn assert_same_rows(
    what: &str,
    header: &[String],
    csv: &[Vec<String>],
    got: &[Vec<Value>],
    numbers: &[String],
) {
    assert_eq!(got.len(), csv.len(), "{what}: row count");
    for (n, (c, g)) in csv.iter().zip(got).enumerate() {
        assert_eq!(c.len(), g.len(), "{what}: row {n} width");
        for (i, (cv, gv)) in c.iter().zip(g).enumerate() {
            assert!(
                same(cv, gv, numbers.contains(&header[i])),
                "{what}: row {n} column {}: CSV {cv:?}, read back {gv}",
                header[i]
            );
        }
    }
}

/// The number columns of a panel header: year and every key column.
fn panel_numbers(header: &[String]) -> Vec<String> {
    header
        .iter()
        .filter(|h| *h == "year" || h.contains('.'))
        .filter(|h| *h != "path")
        .cloned()
        .collect()
}

const INDICATOR_NUMBERS: [&str; 2] = ["year", "value"];

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_panel_has_one_row_per_report_and_a_column_per_key_seen() {
    let reports = parsed(&[SAMPLES]);
    let (header, rows) = csv_of(&ok(&["panel", SAMPLES]));
    assert_eq!(rows.len(), reports.len(), "one row per report");
    assert_eq!(&header[..8], PANEL_COLUMNS);
    assert_eq!(header.last().unwrap(), "notes");
    // The keys the reports state, each once, with a unit.
    let mut seen: Vec<String> = Vec::new();
    for r in &reports {
        for i in r["indicators"].as_array().unwrap() {
            if let Some(k) = i["canonical"].as_str() {
                if !seen.iter().any(|s| s == k) {
                    seen.push(k.to_string());
                }
            }
        }
    }
    let keys: Vec<&str> = header[8..header.len() - 1]
        .iter()
        .map(|h| {
            assert!(
                h.ends_with(')') && h.contains(" ("),
                "unit in the header: {h}"
            );
            h.split(" (").next().unwrap()
        })
        .collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort();
    seen.sort();
    assert_eq!(sorted_keys, seen, "every key seen, once");
    // In taxonomy order: the order of assets/taxonomy.toml.
    let tax = fs::read_to_string(root().join("assets/taxonomy.toml")).unwrap();
    let pos: Vec<usize> = keys
        .iter()
        .map(|k| tax.find(&format!("key = \"{k}\"")).expect(k))
        .collect();
    assert!(
        pos.windows(2).all(|w| w[0] < w[1]),
        "taxonomy order: {keys:?}"
    );
    for (row, r) in rows.iter().zip(&reports) {
        assert_eq!(row[0], r["path"].as_str().unwrap(), "input order");
        assert_eq!(row[1], r["region"]["name"].as_str().unwrap_or(""));
        assert_eq!(row[2], r["region"]["code"].as_str().unwrap_or(""));
        assert_eq!(row[3], r["region"]["province"].as_str().unwrap_or(""));
        assert_eq!(row[4], r["region"]["city"].as_str().unwrap_or(""));
        assert_eq!(row[5], r["region"]["level"].as_str().unwrap_or(""));
        assert_eq!(row[6], r["year"].to_string());
        assert_eq!(row[7], r["issuer"].as_str().unwrap_or(""));
    }
}

#[test]
fn every_cell_is_the_figure_rank_takes_and_repeats_are_noted() {
    let reports = parsed(&[SAMPLES]);
    let (header, rows) = csv_of(&ok(&["panel", SAMPLES]));
    let mut repeated = 0;
    for (c, h) in header.iter().enumerate().skip(8).take(header.len() - 9) {
        let key = h.split(" (").next().unwrap();
        let unit = h.split(" (").nth(1).unwrap().trim_end_matches(')');
        let rank: Value =
            serde_json::from_slice(&ok(&["rank", key, "--format", "json", SAMPLES])).unwrap();
        let ranked: BTreeMap<String, (f64, String)> = rank["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["file"].as_str().unwrap().to_string(),
                    (
                        r["value"].as_f64().unwrap(),
                        r["unit"].as_str().unwrap().to_string(),
                    ),
                )
            })
            .collect();
        for (row, r) in rows.iter().zip(&reports) {
            match ranked.get(&row[0]) {
                Some((v, u)) => {
                    assert_eq!(u, unit, "{key}: the unit rank compares");
                    assert_eq!(row[c].parse::<f64>().ok(), Some(*v), "{key} in {}", row[0]);
                }
                None => assert_eq!(row[c], "", "{key} in {}: rank has no figure", row[0]),
            }
            let n = r["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["canonical"] == key && i["unit"] == unit)
                .count();
            if n > 1 {
                repeated += 1;
                let note = format!("{key}: {n} figures, took {}", row[c]);
                assert!(
                    row.last().unwrap().contains(&note),
                    "{}: want {note:?} in {:?}",
                    row[0],
                    row.last()
                );
            }
        }
    }
    assert!(repeated > 0, "the samples state some key several times");
}

#[test]
fn keys_choose_and_order_the_columns_and_an_unknown_key_is_named() {
    let (header, rows) = csv_of(&ok(&[
        "panel",
        "--keys",
        "mediation.success_rate,legal_aid.cases",
        SAMPLES,
    ]));
    assert_eq!(header.len(), 11, "{header:?}");
    assert!(
        header[8].starts_with("mediation.success_rate ("),
        "{header:?}"
    );
    assert!(header[9].starts_with("legal_aid.cases ("), "{header:?}");
    assert_eq!(rows.len(), 5);
    let out = baogao(&["panel", "--keys", "legal_aid.cases,no.such_key", SAMPLES]);
    assert_eq!(out.status.code(), Some(2));
    let err = err_of(&out);
    assert!(
        err.contains("'no.such_key'")
            && err.contains("known keys")
            && err.contains("legal_aid.cases"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_panel_in_parquet_reads_back_like_its_csv_in_pyarrow_and_duckdb() {
    let tmp = tempfile::tempdir().unwrap();
    let (header, csv) = csv_of(&ok(&["panel", SAMPLES]));
    let numbers = panel_numbers(&header);
    let file = tmp.path().join("panel.parquet");
    ok(&["panel", "-o", file.to_str().unwrap(), SAMPLES]);
    for reader in ["parquet", "duckdb"] {
        let (cols, rows) = read_back(reader, &file, &numbers);
        assert_eq!(cols, header, "{reader}: columns");
        assert_same_rows(reader, &header, &csv, &rows, &numbers);
    }
    // Every other format of the panel, read back the same way.
    for format in ["json", "xlsx", "md"] {
        let f = tmp.path().join(format!("panel.{format}"));
        ok(&["panel", "-o", f.to_str().unwrap(), SAMPLES]);
        let (cols, rows) = read_back(format, &f, &numbers);
        assert_eq!(cols, header, "{format}: columns");
        assert_same_rows(format, &header, &csv, &rows, &numbers);
    }
    let out = baogao(&["panel", "--format", "parquet", SAMPLES]);
    assert_eq!(out.status.code(), Some(2), "parquet needs -o");
    assert!(err_of(&out).contains("binary"), "{}", err_of(&out));
}

#[test]
fn indicators_and_export_in_parquet_read_back_like_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let (header, csv) = csv_of(&ok(&["indicators", SAMPLES]));
    let numbers = strings(&INDICATOR_NUMBERS);
    let file = tmp.path().join("ind.parquet");
    ok(&[
        "indicators",
        "--format",
        "parquet",
        "-o",
        file.to_str().unwrap(),
        SAMPLES,
    ]);
    // The folder is made with its parents.
    let dir = tmp.path().join("new/out");
    ok(&["export", "--parquet", dir.to_str().unwrap(), SAMPLES]);
    for f in [file, dir.join("indicators.parquet")] {
        for reader in ["parquet", "duckdb"] {
            let (cols, rows) = read_back(reader, &f, &numbers);
            assert_eq!(cols, header, "{reader}: columns");
            assert_same_rows(reader, &header, &csv, &rows, &numbers);
        }
    }
    // The reports and sections tables against parse --json.
    let reports = parsed(&[SAMPLES]);
    let counts = python(
        "import sys, pyarrow.parquet as pq\n\
         r = pq.read_table(sys.argv[1] + '/reports.parquet').to_pylist()\n\
         s = pq.read_table(sys.argv[1] + '/sections.parquet')\n\
         print(len(r), s.num_rows, str(s.schema.field('level').type))\n\
         for x in r: print(x['file'], x['year'], x['region'], x['sections'], x['indicators'])",
        &[dir.to_str().unwrap()],
    );
    let mut lines = counts.lines();
    let sections = |s: &Value| -> usize {
        fn walk(v: &Value) -> usize {
            v.as_array()
                .map_or(0, |a| a.iter().map(|s| 1 + walk(&s["children"])).sum())
        }
        walk(&s["sections"])
    };
    let total: usize = reports.iter().map(sections).sum();
    assert_eq!(
        lines.next().unwrap(),
        format!("{} {total} int32", reports.len())
    );
    for (line, r) in lines.zip(&reports) {
        let want = format!(
            "{} {} {} {} {}",
            r["path"].as_str().unwrap(),
            r["year"],
            r["region"]["name"].as_str().unwrap(),
            sections(r),
            r["indicators"].as_array().unwrap().len()
        );
        assert_eq!(line, want);
    }
}

/// The `year=…` folders of a partitioned table and their row counts.
fn partitions(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A report without a year (the null partition).
fn yearless(dir: &Path) -> PathBuf {
    let p = dir.join("yearless.txt");
    fs::write(
        &p,
        "下陆区法治政府建设情况报告\n\n一、主要工作\n\n全区办理法律援助案件302件，调解成功率98.6%。\n",
    )
    .unwrap();
    p
}

#[test]
fn partitions_hold_the_rows_of_their_year() {
    let tmp = tempfile::tempdir().unwrap();
    let extra = yearless(tmp.path());
    let extra = extra.to_str().unwrap();
    let reports = parsed(&[SAMPLES, extra]);
    assert!(
        reports.last().unwrap()["year"].is_null(),
        "the extra report has no year"
    );
    let (header, csv) = csv_of(&ok(&["panel", SAMPLES, extra]));
    let numbers = panel_numbers(&header);
    let dir = tmp.path().join("panel");
    // A partition of an earlier run, which this run has no rows for.
    fs::create_dir_all(dir.join("year=1999")).unwrap();
    fs::write(dir.join("year=1999/part-0.parquet"), "old").unwrap();
    ok(&[
        "panel",
        "--partition",
        "year",
        "-o",
        dir.to_str().unwrap(),
        SAMPLES,
        extra,
    ]);
    let year_col = header.iter().position(|h| h == "year").unwrap();
    let mut by_year: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for row in &csv {
        let name = if row[year_col].is_empty() {
            "year=__HIVE_DEFAULT_PARTITION__".to_string()
        } else {
            format!("year={}", row[year_col])
        };
        let mut row = row.clone();
        row.remove(year_col);
        by_year.entry(name).or_default().push(row);
    }
    assert!(
        by_year.len() >= 3,
        "several years and none: {:?}",
        by_year.keys()
    );
    assert_eq!(
        partitions(&dir),
        by_year.keys().cloned().collect::<Vec<_>>(),
        "one folder per year, the stale one gone"
    );
    let mut part_header = header.clone();
    part_header.remove(year_col);
    for (name, want) in &by_year {
        assert_eq!(partitions(&dir.join(name)), ["part-0.parquet"], "{name}");
        let (cols, rows) = read_back("parquet", &dir.join(name).join("part-0.parquet"), &numbers);
        assert_eq!(cols, part_header, "{name}: the year is the folder's");
        assert_same_rows(name, &part_header, want, &rows, &numbers);
    }
    // DuckDB reads the folder as a hive-partitioned table.
    let counts = python(
        "import sys, duckdb\n\
         q = \"SELECT year, count(*) FROM read_parquet(?, hive_partitioning=true) GROUP BY 1 ORDER BY 1 NULLS LAST\"\n\
         for y, n in duckdb.connect().execute(q, [sys.argv[1] + '/*/*.parquet']).fetchall(): print(y, n)",
        &[dir.to_str().unwrap()],
    );
    let want: Vec<String> = by_year
        .iter()
        .map(|(k, v)| {
            let y = k.trim_start_matches("year=");
            let y = if y.starts_with("__") { "None" } else { y };
            format!("{y} {}", v.len())
        })
        .collect();
    let mut got: Vec<String> = counts.lines().map(str::to_string).collect();
    got.sort();
    let mut want = want;
    want.sort();
    assert_eq!(got, want);

    // export --parquet: each table partitioned.
    let out = tmp.path().join("export");
    ok(&[
        "export",
        "--parquet",
        out.to_str().unwrap(),
        "--partition",
        "year",
        SAMPLES,
        extra,
    ]);
    assert_eq!(partitions(&out), ["indicators", "reports", "sections"]);
    for t in ["indicators", "reports", "sections"] {
        assert_eq!(
            partitions(&out.join(t)),
            by_year.keys().cloned().collect::<Vec<_>>(),
            "{t}"
        );
    }
    let n = python(
        "import sys, pyarrow.dataset as ds\n\
         t = ds.dataset(sys.argv[1], format='parquet', partitioning='hive').to_table()\n\
         print(t.num_rows, sorted(set(t.column('year').to_pylist()), key=str))",
        &[out.join("reports").to_str().unwrap()],
    );
    assert!(n.starts_with(&format!("{} ", reports.len())), "{n}");
    assert!(n.contains("None"), "the yearless report is null: {n}");

    // Partitions need Parquet and a folder.
    for args in [
        vec!["panel", "--partition", "year", SAMPLES],
        vec![
            "panel",
            "--partition",
            "year",
            "--format",
            "csv",
            "-o",
            "x",
            SAMPLES,
        ],
        vec!["indicators", "--partition", "year", "-o", "-", SAMPLES],
    ] {
        assert_eq!(baogao(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn shards_are_disjoint_and_cover_the_corpus() {
    let all: Vec<String> = parsed(&[SAMPLES])
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), 5);
    for n in 1..=7 {
        let mut union: Vec<String> = Vec::new();
        for i in 1..=n {
            let shard = format!("{i}/{n}");
            let got: Vec<String> = parsed(&["--shard", &shard, SAMPLES])
                .iter()
                .map(|r| r["path"].as_str().unwrap().to_string())
                .collect();
            // Every n-th of the sorted list, from the i-th.
            let want: Vec<String> = all.iter().skip(i - 1).step_by(n).cloned().collect();
            assert_eq!(got, want, "shard {shard}");
            union.extend(got);
        }
        union.sort();
        let before = union.len();
        union.dedup();
        assert_eq!(before, union.len(), "shards of {n} are disjoint");
        let mut whole = all.clone();
        whole.sort();
        assert_eq!(union, whole, "shards of {n} cover the corpus");
    }
    // The same split for every command: the panel's and the export's rows.
    let mut panel_rows = Vec::new();
    let mut indicator_rows = 0;
    let tmp = tempfile::tempdir().unwrap();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let (_, rows) = csv_of(&ok(&[
            "panel",
            "--keys",
            "legal_aid.cases",
            "--shard",
            &shard,
            SAMPLES,
        ]));
        panel_rows.extend(rows);
        let (_, rows) = csv_of(&ok(&["indicators", "--shard", &shard, SAMPLES]));
        indicator_rows += rows.len();
        let dir = tmp.path().join(format!("shard-{i}"));
        ok(&[
            "export",
            "--parquet",
            dir.to_str().unwrap(),
            "--shard",
            &shard,
            SAMPLES,
        ]);
    }
    let (_, whole) = csv_of(&ok(&["panel", "--keys", "legal_aid.cases", SAMPLES]));
    panel_rows.sort();
    let mut whole_sorted = whole.clone();
    whole_sorted.sort();
    assert_eq!(
        panel_rows, whole_sorted,
        "the panels of the shards are the panel"
    );
    let (_, ind) = csv_of(&ok(&["indicators", SAMPLES]));
    assert_eq!(indicator_rows, ind.len());
    let n = python(
        "import sys, duckdb\n\
         print(duckdb.connect().execute(\"SELECT count(*), count(DISTINCT file) FROM read_parquet(?)\", [sys.argv[1] + '/*/indicators.parquet']).fetchone())",
        &[tmp.path().to_str().unwrap()],
    );
    assert_eq!(n.trim(), format!("({}, 5)", ind.len()));

    // A shard with no files is empty, not an error.
    let out = baogao(&["parse", "--shard", "6/6", SAMPLES]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        err_of(&out).contains("shard 6/6 holds none of the 5 files"),
        "{}",
        err_of(&out)
    );
    // Bad shards are usage errors.
    for bad in ["0/4", "5/4", "1/0", "2", "a/b"] {
        let out = baogao(&["indicators", "--shard", bad, SAMPLES]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            err_of(&out).contains(bad) && err_of(&out).contains("--shard"),
            "{bad}: {}",
            err_of(&out)
        );
    }
}

#[test]
fn outputs_onto_inputs_are_refused_and_failed_writes_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("report.txt");
    fs::copy(root().join("assets/reports/xialu-2021.txt"), &input).unwrap();
    let before = fs::read(&input).unwrap();
    let i = input.to_str().unwrap();
    for args in [
        vec!["panel", "-o", i, i],
        vec!["panel", "--format", "parquet", "-o", i, i],
        vec!["indicators", "--format", "parquet", "-o", i, i],
    ] {
        let out = baogao(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            err_of(&out).contains("is one of the inputs"),
            "{}",
            err_of(&out)
        );
    }
    // A partition folder holding an input.
    let dir = tmp.path().to_str().unwrap();
    let out = baogao(&["panel", "--partition", "year", "-o", dir, i]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err_of(&out).contains("holds the input"), "{}", err_of(&out));
    // export --parquet onto an input named as DIR/indicators.parquet.
    let named = tmp.path().join("indicators.parquet");
    fs::copy(&input, &named).unwrap();
    let out = baogao(&["export", "--parquet", dir, named.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", err_of(&out));
    assert_eq!(fs::read(&named).unwrap(), before);
    fs::remove_file(&named).unwrap();
    assert_eq!(fs::read(&input).unwrap(), before, "the input is untouched");

    // A write failing half-way (a file size limit): the old file stays, no
    // temporary is left.
    let full = tmp.path().join("full");
    fs::create_dir(&full).unwrap();
    for cmd in [
        "panel --format parquet -o",
        "indicators --format parquet -o",
        "export --parquet",
    ] {
        let target = if cmd.starts_with("export") {
            full.clone()
        } else {
            full.join("old.parquet")
        };
        let old = if cmd.starts_with("export") {
            full.join("indicators.parquet")
        } else {
            target.clone()
        };
        fs::write(&old, "old content").unwrap();
        let script = format!(
            "ulimit -f 2; trap '' XFSZ; exec \"$0\" {cmd} \"$1\" assets/reports/xialu-2021.txt assets/reports/dongli-2021.txt assets/reports/panjin-2021.txt"
        );
        let out = Command::new("sh")
            .current_dir(root())
            .args([
                "-c",
                &script,
                env!("CARGO_BIN_EXE_baogao"),
                target.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", err_of(&out));
        assert_eq!(fs::read_to_string(&old).unwrap(), "old content", "{cmd}");
        let names: Vec<String> = fs::read_dir(&full)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("baogao-tmp"))
            .collect();
        assert!(names.is_empty(), "{cmd}: temporaries left: {names:?}");
        fs::remove_file(&old).unwrap();
    }
}
