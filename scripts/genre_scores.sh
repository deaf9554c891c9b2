#!/usr/bin/env bash
# Score the parser on the genre development set (tests/fixtures/genre) and show
# what each file got wrong.
#
# usage: scripts/genre_scores.sh [--debug] [--json] [FILTER...]
#
#   BAOGAO=/path/to/baogao  use that binary and do not build (fast)
#   --debug                 build and use target/debug/baogao instead of a release build
#   --json                  print the scorer's JSON instead of the table
#   FILTER                  only list failures of fixtures whose name contains FILTER
#
# Without $BAOGAO the script runs `cargo build --release` first, which takes
# long on a small machine: for quick iteration point BAOGAO at a binary you
# built already (BAOGAO=target/release/baogao scripts/genre_scores.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
json=0
filters=()
for a in "$@"; do
    case "$a" in
        --debug) profile=debug ;;
        --json) json=1 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) filters+=("$a") ;;
    esac
done

bin=${BAOGAO:-}
if [ -z "$bin" ]; then
    if [ "$profile" = release ]; then
        cargo build --release --quiet
    else
        cargo build --quiet
    fi
    bin=target/$profile/baogao
fi

dir=tests/fixtures/genre
pred=$(mktemp "${TMPDIR:-/tmp}/genre-pred.XXXXXX.jsonl")
trap 'rm -f "$pred"' EXIT
# sorted, as tests/genre_scores.rs does
mapfile -t files < <(find "$dir" -maxdepth 1 -name '*.txt' | LC_ALL=C sort)
"$bin" parse --json "${files[@]}" > "$pred"

if [ "$json" = 1 ]; then
    exec python3 tests/score.py "$dir/gold" "$pred" --json --per-file
fi
python3 tests/score.py "$dir/gold" "$pred" || true

python3 - "$dir/gold" "$pred" "${filters[@]}" <<'EOF'
import json, os, re, sys

gold_dir, pred_path, *filters = sys.argv[1:]
PUNCT = re.compile(r"[\s\u3000,，。.．、:：;；!！?？“”\"'‘’()（）《》〈〉【】\[\]<>—\-…·]")
norm = lambda s: PUNCT.sub("", s or "")

preds = {}
for line in open(pred_path, encoding="utf-8"):
    if line.strip():
        p = json.loads(line)
        preds[os.path.splitext(os.path.basename(p.get("path", "")))[0]] = p

def flat(sections, out):
    for s in sections or []:
        out.append(s)
        flat(s.get("children"), out)
    return out

def same_value(g, p):
    try:
        return g["unit"] == p.get("unit") and abs(float(g["value"]) - float(p["value"])) <= 1e-6 * max(1, abs(float(g["value"])))
    except (TypeError, ValueError, KeyError):
        return False

def align(gs, ps, same):
    # the scorer's in-order alignment (longest common subsequence)
    n, m = len(gs), len(ps)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], dp[i + 1][j + 1] + 1 if same(gs[i], ps[j]) else 0)
    i = j = 0
    pairs = []
    while i < n and j < m:
        if same(gs[i], ps[j]) and dp[i][j] == dp[i + 1][j + 1] + 1:
            pairs.append((i, j)); i += 1; j += 1
        elif dp[i + 1][j] >= dp[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs

def title_same(g, p):
    a, b = norm(g.get("title")), norm(p.get("title"))
    return bool(a and b) and (a.startswith(b) or b.startswith(a))

META = ["title", "region.name", "region.province", "region.city", "region.level", "issuer",
        "year", "published", "script"]
def get(d, k):
    for part in k.split("."):
        d = d.get(part) if isinstance(d, dict) else None
    return d

bad_files = 0
for fn in sorted(os.listdir(gold_dir)):
    if not fn.endswith(".json"):
        continue
    base = fn[:-5]
    if filters and not any(f in base for f in filters):
        continue
    g = json.load(open(os.path.join(gold_dir, fn), encoding="utf-8"))
    p = preds.get(base, {})
    lines = []
    for k in META:
        gv, pv = get(g, k), get(p, k)
        ok = norm(gv) == norm(pv) if k in ("title", "issuer") else gv == pv
        if not ok:
            lines.append(f"  {k}: gold {gv!r}, predicted {pv!r}")
    gh, ph = g.get("headings", []), flat(p.get("sections"), [])
    hp = align(gh, ph, title_same)
    hg = {i for i, _ in hp}; hpp = {j for _, j in hp}
    for i, h in enumerate(gh):
        if i not in hg:
            lines.append(f"  heading missed: {h['marker']}{h['title']}")
    for j, h in enumerate(ph):
        if j not in hpp:
            lines.append(f"  heading extra: {h.get('marker', '')}{h.get('title')}")
    for i, j in hp:
        a, b = gh[i], ph[j]
        why = []
        if a["level"] != b.get("level"):
            why.append(f"level {a['level']} vs {b.get('level')}")
        if norm(a["title"]) != norm(b.get("title")):
            why.append(f"title runs on: {b.get('title')[:40]!r}")
        if a.get("topic") and a["topic"] != b.get("topic"):
            why.append(f"topic {a['topic']} vs {b.get('topic')}")
        if why:
            lines.append(f"  heading {a['marker']}{a['title'][:24]}: " + "; ".join(why))
    gi, pi = g.get("indicators", []), p.get("indicators", [])
    ip = align(gi, pi, same_value)
    ig = {i for i, _ in ip}; ipp = {j for _, j in ip}
    for i, d in enumerate(gi):
        if i not in ig:
            lines.append(f"  indicator missed: {d['raw']} ({d['name']})")
    for j, d in enumerate(pi):
        if j not in ipp:
            lines.append(f"  indicator extra: {d.get('raw')} ({d.get('name')})")
    for i, j in ip:
        a, b = gi[i], pi[j]
        why = []
        an, bn = norm(a["name"]), norm(b.get("name"))
        # the scorer's name test: at least half of the gold name's characters, in order
        prev = [0] * (len(bn) + 1)
        for ca in an:
            cur = [0]
            for k, cb in enumerate(bn):
                cur.append(prev[k] + 1 if ca == cb else max(prev[k + 1], cur[k]))
            prev = cur
        if not an or prev[-1] * 2 < len(an):
            why.append(f"name {b.get('name')!r}")
        if (a.get("approx") or None) != (b.get("approx") or None):
            why.append(f"approx {a.get('approx')} vs {b.get('approx')}")
        if a.get("canonical") != b.get("canonical") and (a.get("canonical") or b.get("canonical")):
            why.append(f"canonical {a.get('canonical')} vs {b.get('canonical')}")
        if why:
            lines.append(f"  indicator {a['raw']} ({a['name']}): " + "; ".join(why))
    if lines:
        bad_files += 1
        print(f"\n== {base}")
        print("\n".join(lines))
print(f"\n{bad_files} file(s) with failures")
EOF
