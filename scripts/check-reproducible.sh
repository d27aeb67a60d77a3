#!/usr/bin/env bash
# Builds the release artifacts of one commit twice, from two fresh clones at different paths
# with nothing shared between the builds, and checks they are the same bytes.
#
# usage: scripts/check-reproducible.sh [COMMIT]      (default HEAD; two cold release builds:
#                                                     about 15 minutes on 2 cores)
# Exit status 0 when the tarballs and the .debs are identical; 1, naming what differs, when not.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse "${1:-HEAD}")
work=$(mktemp -d "${TMPDIR:-/tmp}/specsplit-reproducible.XXXXXX")
trap 'if [ "${status:-1}" -eq 0 ]; then rm -rf "$work"; else echo "check-reproducible: kept both checkouts in $work" >&2; fi' EXIT

# Different lengths and names, so any path that leaks into the binary shows as a difference.
first=$work/a/specsplit
second=$work/another-place/further-down/specsplit-src
for checkout in "$first" "$second"; do
    git clone -q --no-checkout "$root" "$checkout"
    git -C "$checkout" checkout -q "$commit"
    started=$(date +%s)
    (cd "$checkout" && bash scripts/package.sh "$checkout/dist" >"$checkout.log" 2>&1) || {
        tail -30 "$checkout.log" >&2
        echo "check-reproducible: the build in $checkout failed" >&2
        status=1
        exit 1
    }
    echo "check-reproducible: built $commit in $checkout ($(($(date +%s) - started)) s)"
done

status=0
for name in $(cd "$first/dist" && ls); do
    if cmp -s "$first/dist/$name" "$second/dist/$name"; then
        echo "check-reproducible: same bytes: $name ($(sha256sum <"$first/dist/$name" | cut -c1-16))"
    else
        echo "check-reproducible: DIFFERENT: $name" >&2
        status=1
    fi
done
if [ $status -ne 0 ]; then
    for checkout in "$first" "$second"; do
        mkdir -p "$checkout/unpacked" && tar -xzf "$checkout"/dist/*.tar.gz -C "$checkout/unpacked"
    done
    diff -r "$first/unpacked" "$second/unpacked" >&2 || true
fi
exit $status
