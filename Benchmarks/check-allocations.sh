#!/usr/bin/env bash
# CI allocation guard: the reader (parseRows), the rule engine (classifyRows) and the output
# pool (writeRows) must not allocate per row. Each runs at two sizes (the *Quarter benchmarks
# take a quarter of the rows); committed thresholds in Benchmarks/Thresholds hold their mallocCountTotal, which
# is the same at both sizes, so a per-row allocation shows as thousands more mallocs.
#
# Only mallocCountTotal is checked (the threshold files name nothing else): it is exact run
# to run here, while wall-clock varies 6-16% and is never gated on. The tolerance is
# BenchmarkSettings.mallocSlack (200). `thresholds check` exits 1 on an improvement beyond
# it too: after removing allocations on purpose, refresh the thresholds with
#   Benchmarks/check-allocations.sh --update
# and commit Benchmarks/Thresholds.
#
# Exit status: 0 within thresholds, non-zero on a regression (or an improvement), or when
# the benchmarks cannot be built or run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg -s libcsv-dev >/dev/null 2>&1 || ! dpkg -s zlib1g-dev >/dev/null 2>&1 || ! dpkg -s libxxhash-dev >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y libcsv-dev zlib1g-dev libxxhash-dev
fi

started=$(date +%s)
operation=check
if [ "${1:-}" = "--update" ]; then operation=update; fi

# The benchmark data (a generated extract of about 30 MB) goes to a temporary directory.
export SPECSPLIT_BENCH_DIR=${SPECSPLIT_BENCH_DIR:-$(mktemp -d /tmp/specsplit-bench.XXXXXX)}
trap 'rm -rf "$SPECSPLIT_BENCH_DIR"' EXIT

status=0
swift package --package-path Benchmarks --disable-sandbox benchmark thresholds "$operation" \
    --target ParseRows --target ClassifyRows --target WriteRows --metric mallocCountTotal --path "$PWD/Benchmarks/Thresholds" --no-progress \
    || status=$?
echo "allocation check ($operation): exit $status after $(( $(date +%s) - started )) s"
exit "$status"
