#!/usr/bin/env bash
# Throughput of `specsplit classify` against `specsplit split` on the same file.
#
#   Benchmarks/classify-vs-split.sh [ROWS]
#
# Generates ROWS (default 2,500,000: about 500 MB) SUS-style episodes over 50 contracts, then
# times, alternately, RUNS times each (default 3; best kept):
#   split     split --out DIR (the split's files, summary, control totals, manifest)
#   classify  classify > FILE, with --totals and --summary-csv (what the Spark job asks for)
#   pipe      classify | cat > /dev/null (a reader on a pipe, as a Spark task is)
# and prints each one's best wall time, MB/s, and its time as a ratio of the split's.
# Environment: WORK (default /tmp/specsplit-classify-bench), RUNS, RULES, BIN (a specsplit
# binary to measure instead of building this checkout's in release).
# Wall-clock on a shared 2-core machine is noisy: compare ratios within one run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/specsplit-classify-bench}
runs=${RUNS:-3}
rows=${1:-2500000}
rules=${RULES:-$root/sample-data/rules/2012-13}
mkdir -p "$work"

if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    echo "building specsplit (release)" >&2
    swift build -c release --package-path "$root" --product specsplit >&2
    bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
fi

file="$work/apc-episodes-$rows.csv"
if [ ! -f "$file" ]; then
    echo "generating $file" >&2
    "$bin" generate --shape apc --episodes --rows "$rows" --seed 7 --contracts 50 --output "$file.part"
    mv "$file.part" "$file"
fi
bytes=$(stat -L -c %s "$file")

run_split() { rm -rf "$work/out" "$work/out.rejects.csv"; "$bin" split --rules "$rules" --out "$work/out" --quiet "$file"; }
run_classify() {
    "$bin" classify --rules "$rules" --quiet --totals "$work/totals.json" --summary-csv "$work/summary.csv" \
        "$file" > "$work/stream.csv"
}
run_pipe() { "$bin" classify --rules "$rules" --quiet "$file" | cat > /dev/null; }

declare -A best
for _ in $(seq "$runs"); do
    for mode in split classify pipe; do
        sync
        start=$(date +%s%N)
        "run_$mode"
        wall=$(( $(date +%s%N) - start ))
        if [ -z "${best[$mode]:-}" ] || [ "$wall" -lt "${best[$mode]}" ]; then best[$mode]=$wall; fi
    done
done

printf '%-9s %9s %9s %8s %8s\n' mode MB "best s" "MB/s" "÷ split"
for mode in split classify pipe; do
    awk -v m="$mode" -v bytes="$bytes" -v t="${best[$mode]}" -v s="${best[split]}" \
        'BEGIN { t /= 1e9; s /= 1e9; printf "%-9s %9.0f %9.2f %8.0f %8.2f\n", m, bytes / 1e6, t, bytes / 1e6 / t, t / s }'
done
rm -rf "$work/out" "$work/stream.csv"
