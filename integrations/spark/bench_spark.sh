#!/usr/bin/env bash
# Rows per second of the Spark job in local mode against `specsplit split` on the same file.
#
#   integrations/spark/bench_spark.sh [ROWS]
#
# Generates ROWS (default 300,000, about 65 MB) SUS-style episodes over 50 contracts, then
# times `specsplit split` and the Spark job (local mode, MASTER, default local[2]) one after
# the other, RUNS times each (default 2; best kept), and prints rows per second of each.
# The Spark time is the whole job as a user sees it: starting the JVM, reading, classifying,
# writing, summing and reconciling.
# Environment: BIN (a release specsplit; default: this checkout's, built), WORK (default
# /tmp/specsplit-spark-bench), MASTER, RUNS, SPECSPLIT_SPARK_VENV (as test_spark.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${1:-300000}
runs=${RUNS:-2}
master=${MASTER:-local[2]}
work=${WORK:-/tmp/specsplit-spark-bench}
venv=${SPECSPLIT_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/specsplit/spark-venv-4.0.1}
rules=$root/sample-data/rules/2012-13
[ -x "$venv/bin/python" ] || { echo "no virtual environment at $venv: run integrations/spark/test_spark.sh --setup" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
    swift build -c release --package-path "$root" --product specsplit >&2
    BIN="$(swift build -c release --package-path "$root" --show-bin-path)/specsplit"
fi
mkdir -p "$work"
file=$work/apc-episodes-$rows.csv
[ -f "$file" ] || "$BIN" generate --shape apc --episodes --rows "$rows" --seed 3 --contracts 50 --output "$file"

now() { date +%s%N; }
best_split="" best_spark=""
for _ in $(seq "$runs"); do
    rm -rf "$work/split"
    start=$(now)
    "$BIN" split --rules "$rules" --out "$work/split" --quiet "$file" 2>/dev/null
    took=$(( $(now) - start ))
    [ -z "$best_split" ] || [ "$took" -lt "$best_split" ] && best_split=$took
    rm -rf "$work/spark"
    start=$(now)
    PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" "$here/specsplit_spark.py" --master "$master" \
        --rules "$rules" --out "$work/spark" --specsplit "$BIN" "$file" 2>"$work/spark.log"
    took=$(( $(now) - start ))
    [ -z "$best_spark" ] || [ "$took" -lt "$best_spark" ] && best_spark=$took
    cmp -s "$work/split/control-totals.csv" "$work/spark/control-totals.csv" || { echo "the totals differ" >&2; exit 1; }
done
awk -v rows="$rows" -v a="$best_split" -v b="$best_spark" -v m="$master" 'BEGIN {
    a /= 1e9; b /= 1e9
    printf "%-22s %10s %10s\n", "", "seconds", "rows/s"
    printf "%-22s %10.2f %10.0f\n", "specsplit split", a, rows / a
    printf "%-22s %10.2f %10.0f\n", "Spark job " m, b, rows / b
    printf "Spark / split time: %.1f\n", b / a
}'
