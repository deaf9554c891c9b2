#!/usr/bin/env bash
# Fuzz baogao with cargo-fuzz (libFuzzer): each target in fuzz/ runs for a
# bounded time, FUZZ_SECONDS (default 60) each.
#
#   scripts/fuzz.sh                 # every target
#   FUZZ_SECONDS=300 scripts/fuzz.sh parse
#
# Exit status: 0 when no crash was found or when fuzzing is not possible here
# (the reason is printed: "fuzz: SKIPPED: ..."), 1 when a target crashed (the
# input is kept under fuzz/artifacts/TARGET/ and the command to replay it is
# printed), 2 when a target does not build for another reason.
#
# cargo-fuzz needs nightly features (-Z flags): the default (stable)
# toolchain is used with RUSTC_BOOTSTRAP=1, which unlocks them, or the
# toolchain named by FUZZ_TOOLCHAIN (e.g. nightly). cargo-fuzz is installed
# from crates.io when missing (cargo install, a few minutes). The targets are
# built optimised with debug assertions (overflow checks) and without a
# sanitizer: baogao has no unsafe code, and libFuzzer catches every panic
# without one, while an address-sanitised build of all the dependencies
# takes many times longer. FUZZ_SANITIZER=address brings it back.
#
# The last line is `fuzz: N passed, M failed` (targets without and with a
# crash) when fuzzing ran.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(parse numbers)
fi

skip() {
    echo "fuzz: SKIPPED: $*" >&2
    exit 0
}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz (once)..." >&2
    if ! cargo install --locked cargo-fuzz >/tmp/baogao-fuzz-install.log 2>&1; then
        tail -n 5 /tmp/baogao-fuzz-install.log >&2
        skip "cargo-fuzz is not installed and 'cargo install cargo-fuzz' failed (log: /tmp/baogao-fuzz-install.log)"
    fi
fi

# The toolchain: the default one with RUSTC_BOOTSTRAP=1 (on stable it unlocks
# the -Z flags cargo-fuzz passes), or FUZZ_TOOLCHAIN (e.g. nightly) if set.
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
    TOOLCHAIN=("+$FUZZ_TOOLCHAIN")
    rustc "+$FUZZ_TOOLCHAIN" --version >/dev/null 2>&1 \
        || skip "toolchain $FUZZ_TOOLCHAIN is not installed"
    echo "fuzz: using $(rustc "+$FUZZ_TOOLCHAIN" --version)" >&2
else
    TOOLCHAIN=()
    export RUSTC_BOOTSTRAP=1
    echo "fuzz: using $(rustc --version) with RUSTC_BOOTSTRAP=1" >&2
fi

# Seeds: the sample reports (the corpus folder is not committed).
mkdir -p fuzz/corpus/parse fuzz/corpus/numbers
cp -n assets/reports/*.txt fuzz/corpus/parse/ 2>/dev/null || true
if [ -z "$(ls -A fuzz/corpus/numbers)" ]; then
    printf '%s' '1.2万' >fuzz/corpus/numbers/scaled
    printf '%s' '三千五百万' >fuzz/corpus/numbers/chinese
    printf '%s' '全年办理法律援助案件302件，调解成功率98.6%。' >fuzz/corpus/numbers/line
    printf '%s' '“法治”宣传近3000余人次，《条例》第1、2、3期' >fuzz/corpus/numbers/quotes
fi

# Debug assertions on: integer overflow panics as it does in `cargo test`.
BUILD_FLAGS=(--release --debug-assertions --sanitizer "${FUZZ_SANITIZER:-none}")

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "${TARGETS[@]}"; do
    if ! cargo "${TOOLCHAIN[@]}" fuzz build "${BUILD_FLAGS[@]}" "$t" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        if grep -qiE 'nightly|-Z|unstable|sanitizer|feature.*(not|may not) be used' "$log"; then
            skip "this toolchain cannot build fuzz targets (needs nightly features; see above)"
        fi
        echo "fuzz: FAILED: fuzz target $t does not build" >&2
        exit 2
    fi
done

status=0
passed=0
failed=0
for t in "${TARGETS[@]}"; do
    echo "fuzz: $t for ${SECONDS_EACH}s" >&2
    start=$(date +%s)
    if cargo "${TOOLCHAIN[@]}" fuzz run "${BUILD_FLAGS[@]}" "$t" -- \
        -max_total_time="$SECONDS_EACH" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
        echo "fuzz: $t: no crash in $(($(date +%s) - start))s ($runs runs)" >&2
        passed=$((passed + 1))
    else
        tail -n 40 "$log" >&2
        echo "fuzz: CRASH in $t: input under fuzz/artifacts/$t/; replay with" >&2
        echo "  ${RUSTC_BOOTSTRAP:+RUSTC_BOOTSTRAP=1 }cargo ${TOOLCHAIN[*]} fuzz run ${BUILD_FLAGS[*]} $t fuzz/artifacts/$t/<file>" >&2
        failed=$((failed + 1))
        status=1
    fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
