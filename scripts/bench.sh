#!/usr/bin/env bash
# Corpus benchmark: generate 1,000 and 10,000 reports, then time the
# parser on one core (examples/stage_times) and the
# end-to-end commands on each (parse, indicators, export --sqlite, panel
# --format parquet: wall time, throughput, peak RSS), the
# browser's loader (first region list, everything parsed), keystroke and
# search latency, and how the cost grows from 1,000 to 10,000. Each step
# runs with the reports already read once (warm page cache).
#   scripts/bench.sh            # both sizes
#   SIZES="1000" scripts/bench.sh
#   SIZES="10000 100000" scripts/bench.sh   # with the 100,000 reports
#       (1.6 GB) of the scale targets: a few minutes to generate, ~10 to run
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
OUT=${BENCH_DIR:-target/bench-corpus}
cargo build --release --quiet --bin baogao --example gen_corpus --example load_bench --example tui_bench --example stage_times
BIN=target/release/baogao
mkdir -p "$OUT"
# One core for the per-core figure: the last one, when taskset is there.
PIN=""
command -v taskset >/dev/null && PIN="taskset -c $(( $(nproc) - 1 ))"
declare -A WALL

measure() { # key, label, command...
    local key=$1 label=$2; shift 2
    # Every step starts with the reports in the page cache (this virtual
    # machine evicts it within seconds): the figures are of the work, not
    # of the disk.
    find "$dir" -type f -exec cat {} + >/dev/null
    # … and with the previous step's writes (the SQLite export) on disk, so
    # that their write-back does not fall into this step's time.
    sync
    local log out; log=$(mktemp); out=$(mktemp)
    /usr/bin/time -v "$@" >"$out" 2>"$log" || { echo "failed: $*"; tail -3 "$log"; exit 1; }
    local wall rss cpu
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep "Maximum resident" "$log" | awk '{print $NF}')
    cpu=$(grep "Percent of CPU" "$log" | awk '{print $NF}')
    WALL[$key]=$wall
    printf '| %-36s | %8.2f s | %8.1f MB/s | %5s | %7.0f MB (%.1f×) |\n' "$label" "$wall" \
        "$(awk -v a="$MB" -v b="$wall" 'BEGIN{print a/b}')" "$cpu" \
        "$(awk -v r="$rss" 'BEGIN{print r/1024}')" "$(awk -v r="$rss" -v m="$MB" 'BEGIN{print r*1.024/1000/m}')"
    LAST_OUT=$out
    rm -f "$log"
}

echo "load: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| step | wall | throughput | CPU | peak RSS (× corpus) |"
echo "|---|---|---|---|---|"
for n in $SIZES; do
    dir=$OUT/$n
    [ -f "$dir/.done" ] || { rm -rf "$dir"; target/release/examples/gen_corpus "$n" "$dir" 2>/dev/null; touch "$dir/.done"; }
    MB=$(du -sb --exclude=.done "$dir" | awk '{print $1/1000000}')
    echo "| **$n reports, $(printf '%.0f' "$MB") MB** | | | | |"
    # The parser alone on one core (the target is per core): every stage,
    # the report built and dropped, as `parse_report` does it.
    find "$dir" -type f -exec cat {} + >/dev/null
    rounds=$(( n >= 10000 ? 1 : 3 ))
    core=$($PIN target/release/examples/stage_times "$rounds" "$dir" | awk '$1 == "report" {print $2}')
    printf '| %-36s | | %8.1f MB/s | 100%% | |\n' "parser on one core (parse_report)" "$core"
    measure "parse$n" "parse --json (all reports)" $BIN parse --json "$dir"
    measure "csv$n" "indicators --format csv" $BIN indicators --format csv "$dir"
    measure "sqlite$n" "export --sqlite" $BIN export --sqlite "$OUT/bench-$n.sqlite" "$dir"
    measure "panel$n" "panel --format parquet" $BIN panel --format parquet -o "$OUT/bench-$n-panel.parquet" "$dir"
    measure "load$n" "browser loader: all parsed" target/release/examples/load_bench "$dir"
    read -r _ first _ listed _ parsed _ _ < "$LAST_OUT"
    printf '| %-36s | %8.2f s | | | |\n' "  first region listed" "$first" "  whole region list" "$listed" "  everything parsed" "$parsed"
    # The cache of parsed reports: a first open that fills it, then a reopen.
    cache_dir=$(mktemp -d)
    measure "cfill$n" "browser loader, cache filled" target/release/examples/load_bench "$dir" "$cache_dir"
    read -r _ _ _ _ _ parsed _ _ _ _ < "$LAST_OUT"
    printf '| %-36s | %8.2f s | | | |\n' "  everything parsed" "$parsed"
    measure "creopen$n" "browser loader, reopened from cache" target/release/examples/load_bench "$dir" "$cache_dir"
    read -r _ first _ listed _ parsed _ _ _ cached < "$LAST_OUT"
    printf '| %-36s | %8.2f s | | | |\n' "  first region listed" "$first" "  everything loaded ($cached cached)" "$parsed"
    rm -rf "$cache_dir"
    measure "tui$n" "browser: keys, search (tui_bench)" target/release/examples/tui_bench "$dir"
    sed 's/^/| /; s/$/ | | | | |/' "$LAST_OUT"
    rm -f "$OUT/bench-$n.sqlite" "$OUT/bench-$n-panel.parquet"
done
set -- $SIZES
if [ $# -ge 2 ]; then
    echo
    echo "| cost ratio $2 / $1 reports (linear: $(( $2 / $1 ))) | ratio |"
    echo "|---|---|"
    for k in parse csv sqlite load creopen; do
        printf '| %s | %.2f |\n' "$k" "$(awk -v a="${WALL[$k$2]}" -v b="${WALL[$k$1]}" 'BEGIN{print a/b}')"
    done
fi
echo
echo "load: $(uptime | sed 's/.*load average/load average/')"
