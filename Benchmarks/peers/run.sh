#!/usr/bin/env bash
# The peers benchmark: specsplit against the same split in DuckDB and in Polars, and
# against a C program that only counts libcsv's fields, on wide and narrow extracts.
#
#   Benchmarks/peers/run.sh                 # about 1 GB of each width, three rounds
#   SIZE_MB=50 Benchmarks/peers/run.sh      # a quick run (a minute or two once built)
#
# Environment (defaults in brackets):
#   SIZE_MB    size of each generated extract in MB [1000]
#   ROUNDS     interleaved rounds [3]; the table shows medians
#   THREADS    threads for DuckDB and Polars [2]
#   CONTRACTS  provider x commissioner pairs in the extracts [50]
#   WIDTHS     which extracts [wide narrow]: wide = the generator's 34 columns, narrow =
#              `generate --narrow`, 18 columns (the same spells)
#   WORK       generated data and outputs, outside the repository [/tmp/specsplit-peers];
#              extracts are kept there for reruns, delete it when done
#   CACHE      the Python virtual environment with duckdb and polars from PyPI
#              (requirements.txt) [${XDG_CACHE_HOME:-~/.cache}/specsplit-peers]
#   RULES      the rule set every tool applies [Benchmarks/peers/rules]
#
# Every round runs, for each width, one after the other: specsplit split, specsplit split
# --sequential, the same two with --digest xxh3-128 (the faster digest the issue asked to
# be measured; SHA-256 is the default), duckdb_split.py, polars_split.py and csvcount
# --specsplit, each under
# /usr/bin/time (wall, user, system, peak RSS). After the first round check.py compares
# each peer's files with specsplit's control totals and fails the run if a row count per
# contract and category (or a specialised row count per service line) differs.
# report.py then prints the medians and the ratios. Other work on the machine makes
# wall-clock figures noisy: read the ratios of one run, and rerun before believing a change.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the repository

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-/tmp/specsplit-peers}
cache=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/specsplit-peers}
size_mb=${SIZE_MB:-1000}
rounds=${ROUNDS:-3}
threads=${THREADS:-2}
contracts=${CONTRACTS:-50}
widths=${WIDTHS:-wide narrow}
rules=${RULES:-$here/rules}
case "$work" in "$root" | "$root"/*) echo "WORK must be outside the repository: $work" >&2; exit 64 ;; esac
mkdir -p "$work" "$cache"

install() {
    echo "installing $*" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/time ] || install time
command -v cc >/dev/null || install gcc
command -v python3 >/dev/null || install python3
python3 -c 'import ensurepip, venv' 2>/dev/null || install python3-venv

# Python peers: a virtual environment outside the repository, reused across runs.
py=$cache/venv/bin/python
if [ ! -x "$py" ]; then
    echo "creating $cache/venv" >&2
    python3 -m venv "$cache/venv"
fi
"$py" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2

echo "building specsplit (release) and csvcount" >&2
swift build -c release --package-path "$root" --product specsplit >&2
bin="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
cc -O2 -o "$work/csvcount" "$root/Benchmarks/baseline/csvcount.c" -lcsv
"$bin" rules check "$rules" >&2

declare -A files rows
# Extracts: SIZE_MB of each width, seed 1, reused when already there.
for width in $widths; do
    flag=""
    [ "$width" = narrow ] && flag="--narrow"
    file="$work/$width-${size_mb}MB-${contracts}c.csv"
    if [ ! -f "$file" ]; then
        "$bin" generate --shape apc $flag --rows 20000 --seed 1 --contracts "$contracts" --output "$work/sample.csv"
        per_row=$(($(stat -c %s "$work/sample.csv") / 20000))
        rm -f "$work/sample.csv"
        count=$((size_mb * 1000000 / per_row))
        echo "generating $file: $count rows of about $per_row bytes" >&2
        "$bin" generate --shape apc $flag --rows "$count" --seed 1 --contracts "$contracts" --output "$file"
    fi
    files[$width]=$file
done

results="$work/results.tsv"
printf 'width\ttool\tround\tbytes\trows\twall\tuser\tsys\trss_kib\n' >"$results"
mkdir -p "$work/logs"

# run WIDTH TOOL ROUND COMMAND...: times one command into results.tsv; its output goes to
# logs/ and its files to out/TOOL-WIDTH (removed before the run, outside the timing).
run() {
    local width=$1 tool=$2 round=$3
    shift 3
    local file=${files[$width]} log="$work/logs/$tool-$width.log"
    rm -rf "$work/out/$tool-$width" "$work/out/$tool-$width.rejects.csv"
    mkdir -p "$work/out"
    sync
    if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" >"$log" 2>&1; then
        echo "FAILED: $tool on $width (round $round): $*" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    read -r wall user sys rss <"$work/time.txt"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$width" "$tool" "$round" "$(stat -c %s "$file")" \
        "${rows[$width]}" "$wall" "$user" "$sys" "$rss" >>"$results"
    echo "round $round  $width  $(printf '%-20s' "$tool") ${wall}s  user ${user}s  sys ${sys}s  ${rss} KiB" >&2
}

for width in $widths; do
    # Data rows: csvcount's records less the header (quoted line breaks are not records).
    rows[$width]=$(($("$work/csvcount" --specsplit "${files[$width]}" | awk '{print $2}') - 1))
done

# discard: every tool's output goes once it has been checked, outside the timing. Left in
# the page cache, the outputs of earlier runs (2-3 GB each) fill the memory within a round,
# and the next run then pays the kernel's reclaim in its own system time (3-5 s more, in
# whichever run came after two or three specsplit runs, on a 24 GB machine).
discard() {
    rm -rf "$work/out"
    sync
}

for round in $(seq "$rounds"); do
    for width in $widths; do
        file=${files[$width]}
        out=$work/out
        run "$width" specsplit "$round" "$bin" split --rules "$rules" --out "$out/specsplit-$width" --force --quiet "$file"
        run "$width" duckdb "$round" "$py" "$here/duckdb_split.py" "$rules" "$file" "$out/duckdb-$width" "$threads"
        run "$width" polars "$round" "$py" "$here/polars_split.py" "$rules" "$file" "$out/polars-$width" "$threads"
        run "$width" csvcount "$round" "$work/csvcount" --specsplit "$file"
        if [ "$round" = 1 ]; then
            echo "checking that DuckDB and Polars wrote what specsplit wrote ($width)" >&2
            (cd "$here" && "$py" check.py "$out/specsplit-$width" "$file" \
                "duckdb=$out/duckdb-$width" "polars=$out/polars-$width") >&2
        fi
        discard
        run "$width" specsplit-sequential "$round" "$bin" split --sequential --rules "$rules" \
            --out "$out/specsplit-sequential-$width" --force --quiet "$file"
        discard
        run "$width" specsplit-xxh3 "$round" "$bin" split --digest xxh3-128 --rules "$rules" \
            --out "$out/specsplit-xxh3-$width" --force --quiet "$file"
        discard
        run "$width" specsplit-sequential-xxh3 "$round" "$bin" split --sequential --digest xxh3-128 \
            --rules "$rules" --out "$out/specsplit-sequential-xxh3-$width" --force --quiet "$file"
        discard
    done
done

echo
echo "Peers benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
    "$(free -g | awk '/^Mem:/ {print $2}') GB; specsplit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
    "$("$py" -c 'import duckdb, polars; print("duckdb", duckdb.__version__ + ", polars", polars.__version__)'), $threads threads each;" \
    "rules ${rules#"$root"/}, $contracts contracts"
"$py" "$here/report.py" "$results"
rm -rf "$work/out"
