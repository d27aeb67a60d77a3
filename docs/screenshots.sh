#!/usr/bin/env bash
# Makes the README's screenshots of the report (docs/report-*.png): a split's overview and
# contract page from the sample data, a comparison's from Tests/Fixtures/compare-output.
# Needs Chromium (Debian: chromium); pngquant, when installed, makes the files smaller.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
swift build --product specsplit >&2
bin="$(swift build --show-bin-path)/specsplit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" split --rules sample-data/rules/2012-13 --out "$work/split" --report --quiet sample-data/extracts/*.csv
"$bin" report Tests/Fixtures/compare-output --out "$work/compare" --quiet
shoot() {  # PAGE PNG HEIGHT
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/profile" \
        --hide-scrollbars --window-size="1100,$3" --screenshot="$2" "file://$1" 2>/dev/null
    if command -v pngquant >/dev/null; then pngquant --force --skip-if-larger --output "$2" 32 "$2" || true; fi
}
shoot "$work/split/report/index.html" docs/report-overview.png 1500
shoot "$work/split/report/contracts/RJE_5PK.html" docs/report-contract.png 1500
shoot "$work/compare/index.html" docs/report-compare.png 1500
shoot "$work/compare/contracts/RQ3_5MX.html" docs/report-compare-contract.png 1300
ls -l docs/report-*.png
