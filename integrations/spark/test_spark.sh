#!/usr/bin/env bash
# Runs the Spark job for real (local mode) and checks it against `specsplit split`.
#
#   integrations/spark/test_spark.sh           run the test; exit 77 (skipped) when Java or
#                                              the virtual environment's pyspark is missing
#   integrations/spark/test_spark.sh --setup   install what it needs and stop (CI): Java 17
#                                              and python3-venv from Debian when missing, then
#                                              pyspark from PyPI into the virtual environment
#
# Environment:
#   SPECSPLIT            the specsplit binary (default: this checkout's debug build)
#   SPECSPLIT_SPARK_VENV the virtual environment, kept between runs (default
#                        ~/.cache/specsplit/spark-venv-PYSPARK_VERSION, outside the repository)
#   SPECSPLIT_SPARK_WORK where the test writes (default: a new directory under /tmp, removed after)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pyspark_version=4.0.1
venv=${SPECSPLIT_SPARK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/specsplit/spark-venv-$pyspark_version}
python=$venv/bin/python

java_ok() { command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; }
pyspark_ok() { [ -x "$python" ] && "$python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$pyspark_version')" 2>/dev/null; }

if [ "${1:-}" = "--setup" ]; then
    if ! java_ok || ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless python3-venv
    fi
    if ! pyspark_ok; then
        rm -rf "$venv"
        mkdir -p "$(dirname "$venv")"
        python3 -m venv "$venv"
        "$python" -m pip install --quiet "pyspark==$pyspark_version"
    fi
    pyspark_ok && java_ok
    echo "ready: $("$python" -c 'import pyspark; print("pyspark", pyspark.__version__)') in $venv; $(java -version 2>&1 | head -n 1)"
    exit 0
fi

if ! java_ok; then
    echo "skipped: no Java 17 or later (java -version); run integrations/spark/test_spark.sh --setup to install it"
    exit 77
fi
if ! pyspark_ok; then
    echo "skipped: no pyspark $pyspark_version in $venv; run integrations/spark/test_spark.sh --setup to install it"
    exit 77
fi

if [ -z "${SPECSPLIT:-}" ]; then
    swift build --package-path "$root" --product specsplit >&2
    SPECSPLIT="$(swift build --package-path "$root" --show-bin-path)/specsplit"
fi
export SPECSPLIT
export PYSPARK_PYTHON=$python
cd "$here"
exec "$python" -m unittest -v test_specsplit_spark "$@"
