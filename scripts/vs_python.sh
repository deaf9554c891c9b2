#!/usr/bin/env bash
# baogao vs the off-the-shelf Python pipeline (scripts/python_pipeline.py).
#
# Measures the target "the full parse of a small corpus, process start
# included, >= 100x the off-the-shelf Python pipeline's throughput, in one
# run": on a generated corpus of about 4 MB (gen_corpus 250), with the page
# cache warm, it times 3 runs each of
#     $BIN parse --json $DIR > /dev/null
#     python3 scripts/python_pipeline.py $DIR > /dev/null
# (wall time from bash's time builtin, 3 decimals; process start and interpreter/import time included; one process
# over the whole corpus each), then prints every run, the medians, the corpus
# size, MB/s for each and the ratio python/baogao, and the reports / headings /
# indicators each tool found, so that the work compared is comparable.
#
# It installs nothing. The Python side needs:
#   pip install --break-system-packages charset-normalizer beautifulsoup4 lxml opencc-python-reimplemented
# and baogao and gen_corpus built (cargo build --release --bin baogao --example gen_corpus).
#
# Rerun:
#   scripts/vs_python.sh
#   BIN=path/to/baogao DIR=target/bench-corpus/py-4mb RUNS=5 scripts/vs_python.sh
#   REPORTS=2500 DIR=target/bench-corpus/py-40mb scripts/vs_python.sh   # ~40 MB
# Both opencc-python-reimplemented (pure Python) and the C++ binding `opencc`
# install as the module `opencc`; python_pipeline.py works with either, and the
# choice changes its time a lot. To time the C++ binding without replacing the
# other:
#   pip install --target /tmp/opencc-c opencc && PYTHONPATH=/tmp/opencc-c scripts/vs_python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/baogao}
GEN=${GEN:-target/release/examples/gen_corpus}
DIR=${DIR:-target/bench-corpus/py-4mb}
REPORTS=${REPORTS:-250}
RUNS=${RUNS:-3}
PY=${PYTHON:-python3}
PIPELINE=scripts/python_pipeline.py

missing=()
for mod in charset_normalizer bs4 lxml opencc; do
    "$PY" -c "import $mod" 2>/dev/null || missing+=("$mod")
done
if ((${#missing[@]})); then
    echo "missing Python modules: ${missing[*]}" >&2
    echo "install them with:" >&2
    echo "  pip install --break-system-packages charset-normalizer beautifulsoup4 lxml opencc-python-reimplemented" >&2
    exit 1
fi
[[ -x $BIN ]] || { echo "no $BIN: cargo build --release --bin baogao" >&2; exit 1; }

if [[ ! -d $DIR ]] || [[ -z $(find "$DIR" -type f -print -quit) ]]; then
    [[ -x $GEN ]] || { echo "no $GEN: cargo build --release --example gen_corpus" >&2; exit 1; }
    mkdir -p "$DIR"
    "$GEN" "$REPORTS" "$DIR" >/dev/null
fi
bytes=$(du -sb "$DIR" | cut -f1)
files=$(find "$DIR" -type f | wc -l)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')

echo "corpus: $DIR, $files files, $bytes bytes ($mb MB)"
echo "python: $("$PY" --version 2>&1); $("$PY" -c '
import importlib.metadata as m, opencc
names = ("charset-normalizer", "beautifulsoup4", "lxml", "opencc-python-reimplemented", "opencc")
have = {d.metadata["Name"].lower(): d.version for d in m.distributions()}
print(", ".join(f"{p} {have[p]}" for p in names if p in have))
v = getattr(opencc, "__version__", None)
print("opencc in use:", f"OpenCC C++ binding {v}" if v else "opencc-python-reimplemented (pure Python)", opencc.__file__)')"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Counts of comparable work, on the same corpus (not timed).
count_baogao() {
    "$BIN" parse --json "$DIR" | "$PY" -c '
import json, sys
def n(s): return sum(1 + n(c["children"]) for c in s)
r = h = i = 0
for line in sys.stdin:
    d = json.loads(line); r += 1; h += n(d["sections"]); i += len(d["indicators"])
print(f"{r} reports, {h} headings, {i} indicators")'
}
echo "counts: baogao: $(count_baogao)"
echo "counts: $("$PY" "$PIPELINE" "$DIR" 2>&1 >/dev/null | sed 's/ in .*//')"

time_one() { # command... -> prints wall seconds (bash time, 3 decimals)
    find "$DIR" -type f -exec cat {} + >/dev/null   # warm page cache
    local TIMEFORMAT=%3R t
    t=$( { time "$@" >/dev/null 2>/dev/null; } 2>&1 ) || { echo "failed: $*" >&2; exit 1; }
    echo "$t"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

b_runs=() p_runs=()
for ((i = 1; i <= RUNS; i++)); do
    b=$(time_one "$BIN" parse --json "$DIR")
    p=$(time_one "$PY" "$PIPELINE" "$DIR")
    b_runs+=("$b") p_runs+=("$p")
    echo "run $i: baogao ${b}s  python ${p}s"
done
bm=$(median "${b_runs[@]}")
pm=$(median "${p_runs[@]}")
awk -v bm="$bm" -v pm="$pm" -v mb="$mb" 'BEGIN {
    b = (bm > 0) ? bm : 0.0005   # floor a 0.000 s run at half a millisecond
    printf "median: baogao %.3fs (%.1f MB/s)  python %.3fs (%.2f MB/s)\n", bm, mb / b, pm, mb / pm
    printf "ratio python/baogao: %.1fx (target >= 100x)\n", pm / b
}'
