"""Read an exported table back with independent readers (Python's csv, json,
sqlite3, openpyxl, pyarrow and DuckDB) and print it as JSON:
{"columns": [...], "rows": [[...]]}.

usage: read_table.py FORMAT FILE NUMBER_COLUMNS(comma-separated)

Number columns come back as numbers (None when empty) and are checked to be
stored as numbers where the format has them; empty text comes back as None.
"""
import csv
import json
import re
import sqlite3
import sys


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(3)


def text(v):
    return None if v is None or v == "" else v


def from_strings(header, rows, numbers):
    out = []
    for row in rows:
        out.append([
            (None if v == "" else float(v)) if col in numbers else text(v)
            for col, v in zip(header, row)
        ])
    return out


def read_csv(path, numbers):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], from_strings(rows[0], rows[1:], numbers)


def read_md(path, numbers):
    lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l.startswith("|")]

    def cells(line):
        parts = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        return [p.strip().replace("<br>", "\n").replace("\\|", "|").replace("\\\\", "\\") for p in parts]

    header = cells(lines[0])
    return header, from_strings(header, [cells(l) for l in lines[2:]], numbers)


def read_json(path, numbers):
    raw = open(path, encoding="utf-8").read()
    doc = json.loads(raw)
    if doc.get("schema") != "baogao/table@1":
        fail("json: schema is %r" % doc.get("schema"))
    header = [c["name"] for c in doc["columns"]]
    for c in doc["columns"]:
        if (c["kind"] == "number") != (c["name"] in numbers):
            fail("json: column %s has kind %s" % (c["name"], c["kind"]))
    rows = []
    for r in doc["rows"]:
        if list(r.keys()) != header:
            fail("json: row keys %r are not the columns" % list(r.keys()))
        for col in numbers:
            v = r[col]
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                fail("json: %s=%r is not a number" % (col, v))
            if isinstance(v, float) and v.is_integer():
                fail("json: integer %s=%r written with a fraction" % (col, v))
        rows.append([r[c] if c in numbers else text(r[c]) for c in header])
    return header, rows


def read_xlsx(path, numbers):
    try:
        import openpyxl
    except ImportError:
        fail("openpyxl is not installed: run scripts/test-deps.sh")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    if ws.freeze_panes != "A2":
        fail("xlsx: header row not frozen (%r)" % ws.freeze_panes)
    values = list(ws.iter_rows(values_only=True))
    header = list(values[0])
    for cell in ws[1]:
        if not cell.font.b:
            fail("xlsx: header %s not bold" % cell.value)
    rows = []
    for r in values[1:]:
        r = list(r) + [None] * (len(header) - len(r))
        for col, v in zip(header, r):
            if col in numbers and v is not None and not isinstance(v, (int, float)):
                fail("xlsx: %s=%r is not a number" % (col, v))
        rows.append([v if c in numbers else text(v) for c, v in zip(header, r)])
    return header, rows


def read_sqlite(path, numbers):
    db = sqlite3.connect(path)
    if db.execute("PRAGMA foreign_key_check").fetchall():
        fail("sqlite: foreign key violations")
    if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        fail("sqlite: integrity check failed")
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for want in ("reports_region", "reports_year", "indicators_canonical"):
        if want not in indexes:
            fail("sqlite: index %s missing" % want)
    bad = db.execute(
        "SELECT count(*) FROM indicators WHERE typeof(value) NOT IN ('integer', 'real')"
    ).fetchone()[0]
    if bad:
        fail("sqlite: %d values not stored as numbers" % bad)
    cur = db.execute(
        """SELECT r.path AS file, r.region, r.province, r.level, r.year, r.issuer,
                  i.section_id, s.title AS section_title, i.name, i.value, i.unit, i.approx,
                  i.raw, i.canonical, i.sentence
           FROM indicators i JOIN reports r ON r.id = i.report_id
           LEFT JOIN sections s ON s.id = i.section
           ORDER BY r.id, i.id"""
    )
    header = [d[0] for d in cur.description]
    rows = [[v if c in numbers else text(v) for c, v in zip(header, r)] for r in cur.fetchall()]
    return header, rows


# Number columns Parquet stores as 32-bit integers (src/export/parquet.rs).
INT_COLUMNS = {"year", "rank", "level", "line", "depth", "sections", "indicators"}


def read_parquet(path, numbers):
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        fail("pyarrow is not installed: run scripts/test-deps.sh")
    table = pq.read_table(path)
    for field in table.schema:
        if field.name in numbers:
            want = pa.int32() if field.name in INT_COLUMNS else pa.float64()
        else:
            want = pa.string()
        if field.type != want:
            fail("parquet: column %s is %s, not %s" % (field.name, field.type, want))
    header = table.column_names
    rows = [[r[c] if c in numbers else text(r[c]) for c in header] for r in table.to_pylist()]
    return header, rows


def read_duckdb(path, numbers):
    try:
        import duckdb
    except ImportError:
        fail("duckdb is not installed: run scripts/test-deps.sh")
    con = duckdb.connect()
    cur = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
    header = [d[0] for d in cur.description]
    types = {d[0]: str(d[1]) for d in cur.description}
    for col in header:
        if col in numbers:
            want = "INTEGER" if col in INT_COLUMNS else "DOUBLE"
        else:
            want = "VARCHAR"
        if types[col] != want:
            fail("duckdb: column %s is %s, not %s" % (col, types[col], want))
    rows = [[v if c in numbers else text(v) for c, v in zip(header, r)] for r in cur.fetchall()]
    return header, rows


def main():
    fmt, path, numbers = sys.argv[1], sys.argv[2], set(filter(None, sys.argv[3].split(",")))
    reader = {"csv": read_csv, "md": read_md, "json": read_json, "xlsx": read_xlsx,
              "sqlite": read_sqlite, "parquet": read_parquet, "duckdb": read_duckdb}[fmt]
    header, rows = reader(path, numbers)
    json.dump({"columns": header, "rows": rows}, sys.stdout, ensure_ascii=False)


main()
