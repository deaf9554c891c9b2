#!/usr/bin/env bash
# Corpus benchmark: generate 1,000 and 10,000 reports, then time the
# end-to-end commands on each (wall time, throughput, peak RSS).
#   scripts/bench.sh            # both sizes
#   SIZES="1000" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
OUT=${BENCH_DIR:-target/bench-corpus}
cargo build --release --quiet --bin baogao --example gen_corpus --example load_bench
BIN=target/release/baogao
mkdir -p "$OUT"

measure() { # label, command...
    local label=$1; shift
    local log; log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "failed: $*"; tail -3 "$log"; exit 1; }
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep "Maximum resident" "$log" | awk '{print $NF}')
    printf '| %-34s | %8.2f s | %8.1f MB/s | %7.0f MB |\n' "$label" "$wall" "$(awk -v a="$MB" -v b="$wall" 'BEGIN{print a/b}')" "$(awk -v r="$rss" 'BEGIN{print r/1024}')"
    rm -f "$log"
}

echo "| step | wall | throughput | peak RSS |"
echo "|---|---|---|---|"
for n in $SIZES; do
    dir=$OUT/$n
    [ -f "$dir/.done" ] || { rm -rf "$dir"; target/release/examples/gen_corpus "$n" "$dir" 2>/dev/null; touch "$dir/.done"; }
    MB=$(du -sb "$dir" | awk '{print $1/1000000}')
    echo "| **$n reports, $(printf '%.0f' "$MB") MB** | | | |"
    measure "parse --json (all reports)" $BIN parse --json "$dir"
    measure "indicators --format csv" $BIN indicators --format csv "$dir"
    measure "browser loader: all parsed" target/release/examples/load_bench "$dir"
done
