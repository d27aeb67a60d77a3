#!/usr/bin/env bash
# Installs specsplit, its man page, shell completions and the sample rule sets under PREFIX:
#   PREFIX/bin/specsplit
#   PREFIX/share/man/man1/specsplit.1
#   PREFIX/share/bash-completion/completions/specsplit
#   PREFIX/share/zsh/site-functions/_specsplit       (PREFIX /usr: share/zsh/vendor-completions,
#                                                     where Debian's zsh looks for packages' files)
#   PREFIX/share/fish/vendor_completions.d/specsplit.fish
#   PREFIX/share/specsplit/rules/<year>/            the illustrative sample rule sets
#
# usage: scripts/install.sh [--from DIR] PREFIX      e.g. scripts/install.sh /usr/local
#   Builds first with scripts/build-release.sh (a release build: a few minutes the first
#   time), unless --from names a directory that script made.
#   DESTDIR, when set, is put before every path written (to stage a package); PREFIX is
#   where the files will be found once installed.
set -euo pipefail

usage() {
    echo "usage: scripts/install.sh [--from DIR] PREFIX" >&2
    exit 64
}
from=
while [ $# -gt 0 ]; do
    case $1 in
        --from) [ $# -ge 2 ] || usage; from=$2; shift 2 ;;
        -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || usage
prefix=${1%/}
case $prefix in
    /*) ;;
    *) echo "install: PREFIX must be an absolute path (got '$1')" >&2; exit 64 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "$from" ]; then
    from=$(mktemp -d "${TMPDIR:-/tmp}/specsplit-install.XXXXXX")
    trap 'rm -rf "$from"' EXIT
    bash "$root/scripts/build-release.sh" "$from"
fi
for file in specsplit specsplit.1 completions/specsplit.bash completions/_specsplit completions/specsplit.fish; do
    if [ ! -f "$from/$file" ]; then
        echo "install: $from/$file is missing; make DIR with scripts/build-release.sh DIR" >&2
        exit 66
    fi
done

if [ "$prefix" = /usr ]; then zsh_dir=share/zsh/vendor-completions; else zsh_dir=share/zsh/site-functions; fi
dest=${DESTDIR:-}$prefix
install -D -m 0755 "$from/specsplit" "$dest/bin/specsplit"
install -D -m 0644 "$from/specsplit.1" "$dest/share/man/man1/specsplit.1"
install -D -m 0644 "$from/completions/specsplit.bash" "$dest/share/bash-completion/completions/specsplit"
install -D -m 0644 "$from/completions/_specsplit" "$dest/$zsh_dir/_specsplit"
install -D -m 0644 "$from/completions/specsplit.fish" "$dest/share/fish/vendor_completions.d/specsplit.fish"
(
    cd "$root/sample-data"
    find rules -type f | LC_ALL=C sort | while read -r file; do
        install -D -m 0644 "$file" "$dest/share/specsplit/$file"
    done
)
echo "install: specsplit $("$dest/bin/specsplit" --version) in $dest/bin"
