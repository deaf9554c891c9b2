#!/usr/bin/env bash
# Install what baogao's tests need beyond cargo: python3 with openpyxl (reads
# back the xlsx exports in tests/export.rs), pyarrow and duckdb (read back
# the Parquet exports in tests/export.rs and tests/panel.rs) and tmux (TUI
# tests).
# Safe to run repeatedly; called from .ci/run.
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq python3 python3-pip
fi
if ! python3 -c 'import openpyxl' >/dev/null 2>&1; then
    python3 -m pip install --quiet openpyxl \
        || python3 -m pip install --quiet --break-system-packages openpyxl
fi
for module in pyarrow duckdb; do
    if ! python3 -c "import $module" >/dev/null 2>&1; then
        python3 -m pip install --quiet "$module" \
            || python3 -m pip install --quiet --break-system-packages "$module"
    fi
done
if ! command -v tmux >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq tmux
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq tmux
    fi
fi
python3 -c 'import openpyxl, pyarrow, duckdb, sqlite3, csv, json'
