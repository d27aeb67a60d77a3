#!/usr/bin/env bash
# How a split's time and memory grow with the input and with the number of contracts.
#
#   Benchmarks/scaling.sh [CASE ...]
#
# CASE is ROWSxCONTRACTS, e.g. 5000000x1000 (about 1 GB of generated SUS-style spells,
# ~201 bytes a row). Default cases: 500000x1000 (100 MB), 5000000x50, 5000000x1000 and
# 5000000x5000 (1 GB each); add 50000000x1000 for 10 GB (needs ~20 GB of disk in WORK).
# Environment: WORK (default /tmp/specsplit-scaling; inputs are kept there for reruns),
# RUNS (runs per case, best taken; default 3), RULES (default sample-data/rules/2012-13),
# BIN (a specsplit binary to measure instead of building this checkout's, e.g. an older one).
#
# Prints one line per case: input size, best wall time, MB/s, user and system CPU seconds
# of that run, and the peak resident memory of all runs (/usr/bin/time). Wall-clock on a
# shared machine is noisy: compare cases of one run of this script, not across runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/specsplit-scaling}
runs=${RUNS:-3}
rules=${RULES:-$root/sample-data/rules/2012-13}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(500000x1000 5000000x50 5000000x1000 5000000x5000)
mkdir -p "$work" "$work/trash"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    echo "building specsplit (release)" >&2
    swift build -c release --package-path "$root" --product specsplit >&2
    bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
fi

printf '%-14s %9s %9s %8s %8s %8s %10s\n' case MB "best s" "MB/s" "user s" "sys s" "peak MB"
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
    best="" user="" sys="" peak=0
    for _ in $(seq "$runs"); do
        # Move the last output aside rather than deleting it: on ext4, creating thousands of
        # files right after deleting thousands is slow for minutes (inode reuse checks).
        [ -e "$work/out" ] && mv "$work/out" "$work/trash/out.$RANDOM$RANDOM"
        rm -rf "$work/out.rejects.csv" "$work/out.failed"
        sync
        read -r wall u s rss < <(/usr/bin/time -f "%e %U %S %M" "$bin" split --rules "$rules" --out "$work/out" \
            --quiet "$file" 2>&1 >/dev/null | tail -n 1)
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall user=$u sys=$s; fi
        [ "$rss" -gt "$peak" ] && peak=$rss
    done
    awk -v c="$case" -v bytes="$bytes" -v t="$best" -v u="$user" -v s="$sys" -v rss="$peak" \
        'BEGIN { printf "%-14s %9.0f %9.2f %8.0f %8.2f %8.2f %10.0f\n", c, bytes / 1e6, t, bytes / 1e6 / t, u, s, rss / 1024 }'
done
rm -rf "$work/out" "$work/out.rejects.csv" "$work/out.failed" "$work/trash"
