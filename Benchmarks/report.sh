#!/usr/bin/env bash
# How long the report of a large split takes to write, and to open in a browser.
#
#   Benchmarks/report.sh [ROWS [CONTRACTS]]
#
# Generates a SUS-style spell extract of ROWS rows (default 1,000,000, about 200 MB) over
# CONTRACTS provider x commissioner pairs (default 5,000), splits it once, then times
# `specsplit report OUT --out REPORTDIR` (the report from the published CSV files: an
# overview, a page per contract and the workbook) RUNS times (default 3) and prints each
# run's wall time, user and system CPU seconds and peak memory. Then, when Chromium is
# installed, it opens the overview headless RUNS times and prints the wall time of each
# (Chromium's own start included) beside that of an empty page, and the time the page's
# script reports it was ready (data-ready-ms: from navigation to the contracts table paged).
# Environment: WORK (default /tmp/specsplit-report-bench), RUNS, RULES, BIN (as scaling.sh).
# Wall-clock on a shared machine is noisy: compare the lines of one run of this script.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/specsplit-report-bench}
runs=${RUNS:-3}
rows=${1:-1000000}
contracts=${2:-5000}
rules=${RULES:-$root/sample-data/rules/2012-13}
mkdir -p "$work"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    echo "building specsplit (release)" >&2
    swift build -c release --package-path "$root" --product specsplit >&2
    bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
fi

input="$work/apc-$rows-$contracts.csv"
out="$work/out-$rows-$contracts"
if [ ! -f "$input" ]; then
    "$bin" generate --shape apc --rows "$rows" --seed 1 --contracts "$contracts" --output "$input"
fi
if [ ! -f "$out/manifest.json" ]; then
    "$bin" split --rules "$rules" --out "$out" --force --quiet "$input"
fi
summary_lines=$(($(wc -l < "$out/summary.csv") - 1))
echo "input: $(du -m "$input" | cut -f1) MB, $rows rows; $contracts contracts; summary.csv $summary_lines lines"

printf '%-8s %8s %8s %8s %9s %7s %10s\n' run "wall s" "user s" "sys s" "peak MB" pages "xlsx MB"
mkdir -p "$work/trash"
for run in $(seq 1 "$runs"); do
    site="$work/site"
    # Move the last report aside rather than deleting it: on ext4 without a journal, creating
    # thousands of files just after deleting thousands scans the freed inodes (README,
    # "Performance"), which would be measured as the report's time.
    [ -e "$site" ] && mv "$site" "$work/trash/site.$RANDOM$RANDOM"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$bin" report "$out" --out "$site" --quiet
    read -r wall user sys peak < "$work/time.txt"
    pages=$(find "$site" -name '*.html' | wc -l)
    printf '%-8s %8s %8s %8s %9d %7d %10.1f\n' "$run" "$wall" "$user" "$sys" $((peak / 1024)) "$pages" \
        "$(echo "$(stat -c %s "$site/specsplit.xlsx") / 1048576" | bc -l)"
done
echo "overview: $(du -k "$work/site/index.html" | cut -f1) KiB"
rm -rf "$work/trash"

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "no Chromium: the browser timing is skipped (Debian: apt-get install chromium)"
    exit 0
fi
echo '<!DOCTYPE html><html><head><title>empty</title></head><body></body></html>' > "$work/empty.html"
printf '%-8s %12s %12s %14s\n' run "empty s" "overview s" "ready ms"
for run in $(seq 1 "$runs"); do
    times=()
    for page in "$work/empty.html" "$work/site/index.html"; do
        start=$(date +%s.%N)
        "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
            --window-size=1280,1600 --dump-dom "file://$page" > "$work/dom.html" 2>/dev/null
        times+=("$(echo "$(date +%s.%N) - $start" | bc -l)")
    done
    ready=$(grep -o 'data-ready-ms="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*' || echo "?")
    printf '%-8s %12.2f %12.2f %14s\n' "$run" "${times[0]}" "${times[1]}" "$ready"
done
