#!/usr/bin/env bash
# What `specsplit compare` costs against a split of the same extract, and whether its
# memory stays flat as the input grows.
#
#   Benchmarks/compare-vs-split.sh [CASE ...]
#
# CASE is ROWSxCONTRACTS (generated SUS-style spells, ~201 bytes a row): the default,
# 5000000x1000, is about 1 GB. Add 500000x1000 (100 MB) to see memory stay flat.
# Environment: WORK (default /tmp/specsplit-compare-bench; inputs are kept there for
# reruns), RUNS (runs of the three commands per case, default 5), FROM and TO (the rule
# sets compared, default sample-data/rules/2011-12 and 2012-13), BIN (a specsplit binary
# to measure instead of building this checkout's).
#
# Each run times, back to back on the same input, a split with FROM, a split with TO and a
# comparison (--from FROM --to TO), each under /usr/bin/time, rotating which goes first.
# Printed per case: the median wall, user and system seconds and the largest peak resident
# memory of each command, and the medians over the runs of two wall-time ratios: compare /
# split (the split with TO: the issue's bound is 1.5) and compare / (split FROM + split TO),
# what the comparison costs against the two splits an analyst would otherwise run. On a
# shared machine wall-clock is noisy: read the ratios, not the seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/specsplit-compare-bench}
runs=${RUNS:-5}
from=${FROM:-$root/sample-data/rules/2011-12}
to=${TO:-$root/sample-data/rules/2012-13}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(5000000x1000)
mkdir -p "$work" "$work/trash"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    echo "building specsplit (release)" >&2
    swift build -c release --package-path "$root" --product specsplit >&2
    bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs one command under /usr/bin/time; appends "wall user sys rss_kib" to the file $1.
timed() {
    local log=$1
    shift
    # Move the last output aside rather than deleting it (ext4 is slow to create files
    # right after deleting many; see Benchmarks/NOTES.md).
    [ -e "$work/out" ] && mv "$work/out" "$work/trash/out.$RANDOM$RANDOM"
    rm -f "$work/out.rejects.csv"
    sync
    /usr/bin/time -f "%e %U %S %M" "$@" --out "$work/out" --quiet 2>&1 >/dev/null | tail -n 1 >>"$log"
}

printf '%-14s %6s %-10s %8s %8s %8s %9s\n' case MB command "wall s" "user s" "sys s" "peak MB"
for case in "${cases[@]}"; do
    rows=${case%x*}
    contracts=${case#*x}
    file="$work/apc-${rows}-${contracts}.csv"
    if [ ! -f "$file" ]; then
        echo "generating $file" >&2
        "$bin" generate --shape apc --rows "$rows" --seed 1 --contracts "$contracts" --output "$file.part"
        mv "$file.part" "$file"
    fi
    bytes=$(stat -L -c %s "$file")
    olds=$(mktemp) news=$(mktemp) compares=$(mktemp) ratios=$(mktemp)
    for run in $(seq "$runs"); do
        old=("$bin" split --rules "$from" "$file")
        new=("$bin" split --rules "$to" "$file")
        compare=("$bin" compare --from "$from" --to "$to" "$file")
        case $((run % 3)) in
        1) timed "$olds" "${old[@]}"; timed "$news" "${new[@]}"; timed "$compares" "${compare[@]}" ;;
        2) timed "$compares" "${compare[@]}"; timed "$olds" "${old[@]}"; timed "$news" "${new[@]}" ;;
        0) timed "$news" "${new[@]}"; timed "$compares" "${compare[@]}"; timed "$olds" "${old[@]}" ;;
        esac
        paste -d' ' <(tail -n 1 "$compares") <(tail -n 1 "$news") <(tail -n 1 "$olds") |
            awk '{ printf "%.4f %.4f\n", $1 / $5, $1 / ($5 + $9) }' >>"$ratios"
    done
    for kind in split-from split-to compare; do
        case $kind in split-from) log=$olds ;; split-to) log=$news ;; compare) log=$compares ;; esac
        wall=$(cut -d' ' -f1 "$log" | median)
        user=$(cut -d' ' -f2 "$log" | median)
        sys=$(cut -d' ' -f3 "$log" | median)
        rss=$(cut -d' ' -f4 "$log" | sort -n | tail -n 1)
        awk -v c="$case" -v mb="$bytes" -v k="$kind" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
            'BEGIN { printf "%-14s %6.0f %-10s %8.2f %8.2f %8.2f %9.0f\n", c, mb / 1e6, k, w, u, s, r / 1024 }'
    done
    echo "  compare / split-to, median: $(cut -d' ' -f1 "$ratios" | median) (runs: $(cut -d' ' -f1 "$ratios" | tr '\n' ' '))"
    echo "  compare / (split-from + split-to), median: $(cut -d' ' -f2 "$ratios" | median) (runs: $(cut -d' ' -f2 "$ratios" | tr '\n' ' '))"
    rm -f "$olds" "$news" "$compares" "$ratios"
done
rm -rf "$work/out" "$work/out.rejects.csv" "$work/trash"
