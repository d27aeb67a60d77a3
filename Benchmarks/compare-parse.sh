#!/usr/bin/env bash
# Compares specsplit's CSV reader with plain libcsv, and times a split end to end.
#
#   Benchmarks/compare-parse.sh [FILE]
#
# FILE: an admitted-care extract to use; without it one of SIZE_MB megabytes is generated
# with `specsplit generate --shape apc --contracts 1000` under WORK (and removed at the end
# unless KEEP_DATA=1). Environment: SIZE_MB (default 256), RUNS (hyperfine runs, default 3),
# WORK (default /tmp/specsplit-compare), RULES (default sample-data/rules/2012-13).
#
# Runs back to back with hyperfine:
#   csvcount             libcsv with its defaults (Benchmarks/baseline/csvcount.c)
#   csvcount --specsplit libcsv with the reader's options (strict, no trimming, every newline)
#   specsplit inspect    every row through the Swift reader; per row only a status check
#   specsplit split      read, map, normalise, classify, write per-contract files, reconcile
# and prints MB/s, rows/s and each one's time relative to `csvcount --specsplit`, then the
# split's peak resident memory (/usr/bin/time -v). Wall-clock is noisy on a busy machine:
# compare the ratios of one run, not numbers across runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/specsplit-compare}
size_mb=${SIZE_MB:-256}
runs=${RUNS:-3}
rules=${RULES:-$root/sample-data/rules/2012-13}
mkdir -p "$work"

need() {
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
need jq jq
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "building specsplit (release) and csvcount" >&2
swift build -c release --package-path "$root" --product specsplit >&2
bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
cc -O2 -o "$work/csvcount" "$root/Benchmarks/baseline/csvcount.c" -lcsv

generated=0
if [ $# -ge 1 ]; then
    file=$1
else
    file="$work/apc-${size_mb}MB.csv"
    if [ ! -f "$file" ]; then
        "$bin" generate --shape apc --rows 10000 --seed 1 --contracts 1000 --output "$work/sample.csv"
        per_row=$(( $(stat -c %s "$work/sample.csv") / 10000 ))
        rm -f "$work/sample.csv"
        rows=$(( size_mb * 1000000 / per_row ))
        echo "generating $file: $rows rows of about $per_row bytes" >&2
        "$bin" generate --shape apc --rows "$rows" --seed 1 --contracts 1000 --output "$file"
        generated=1
    fi
fi

bytes=$(stat -c %s "$file")
rows=$(( $("$work/csvcount" --specsplit "$file" | awk '{print $2}') - 1 ))
columns=$(head -n 1 "$file" | awk -F, '{print NF}')
echo "input: $file: $bytes bytes, $rows rows, $columns columns, $(( bytes / rows )) bytes a row" >&2

out="$work/split-out"
split_cmd="$bin split --rules $rules --out $out --force --max-rejects 1000000000 --quiet $file"

hyperfine --warmup 1 --runs "$runs" --export-json "$work/compare.json" \
    -n "csvcount (libcsv defaults)" "$work/csvcount $file" \
    -n "csvcount --specsplit (reader's options)" "$work/csvcount --specsplit $file" \
    -n "specsplit inspect (Swift reader)" "$bin inspect $file" \
    -n "specsplit split (end to end)" "$split_cmd"

echo
jq -r --argjson bytes "$bytes" --argjson rows "$rows" '
    (.results[] | select(.command | startswith("csvcount --specsplit")) | .mean) as $base
    | ["what", "mean s", "MB/s", "rows/s", "x libcsv (same options)"],
      (.results[] | [.command, (.mean * 1000 | round / 1000),
        ($bytes / .mean / 1e6 | round), ($rows / .mean | round), (.mean / $base * 100 | round / 100)])
    | @tsv' "$work/compare.json" | column -t -s $'\t'

echo
echo "peak resident memory of the split:"
/usr/bin/time -v $split_cmd 2>&1 >/dev/null | grep -E "Maximum resident set size|Elapsed \(wall clock\)" | sed 's/^\s*/  /'

rm -rf "$out" "$out.rejects.csv" "$out.failed"
if [ "$generated" = 1 ] && [ "${KEEP_DATA:-0}" != 1 ]; then rm -f "$file"; fi
