#!/usr/bin/env bash
# The parser's work per byte, counted rather than timed: instructions
# (valgrind's callgrind) spent in the five parser stages (unwrap, clean,
# meta, outline, indicators) over N generated
# reports, steady state — a run of 3 rounds minus a run of 1 round, so
# one-time set-up (tables, automata) cancels out. Counts repeat exactly from
# run to run whatever else the machine does, unlike wall times.
#   scripts/instructions.sh [N]      # N reports, 300 by default
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
DIR=target/bench-corpus/instructions-$N
command -v valgrind >/dev/null || { echo "instructions: valgrind is not installed" >&2; exit 1; }
cargo build --release --quiet --example gen_corpus --example stage_times
[ -f "$DIR/.done" ] || { rm -rf "$DIR"; target/release/examples/gen_corpus "$N" "$DIR" >/dev/null 2>&1; touch "$DIR/.done"; }
BYTES=$(cat "$DIR"/*.txt | wc -c)
count() { # rounds -> instructions in the parser stages
    local out; out=$(mktemp)
    STAGE_TIMES_NO_REPORT=1 valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        '--toggle-collect=baogao::parse::unwrap::unwrap' '--toggle-collect=baogao::parse::clean::clean' '--toggle-collect=baogao::parse::meta::extract' \
        '--toggle-collect=baogao::parse::outline::outline' '--toggle-collect=baogao::parse::indicators::extract' \
        target/release/examples/stage_times "$1" "$DIR" >/dev/null 2>&1
    callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
    rm -f "$out"
}
one=$(count 1)
three=$(count 3)
awk -v a="$one" -v b="$three" -v n="$BYTES" -v r="$N" \
    'BEGIN { printf "%.1f instructions a byte (parser stages, %d generated reports, %.1f MB)\n", (b - a) / (2 * n), r, n / 1e6 }'
