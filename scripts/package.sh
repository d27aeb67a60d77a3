#!/usr/bin/env bash
# Builds the release artifacts of the checked-out commit into OUTDIR:
#   specsplit-VERSION-linux-x86_64.tar.gz   the binary, man page, completions, sample rule sets,
#                                           README, CHANGELOG (what changed in the outputs),
#                                           LICENSE, copyright, SHA256SUMS
#   specsplit_VERSION_amd64.deb             the same installed under /usr (dpkg -i, apt install ./...)
#   SHA256SUMS                              of the two
#
# usage: scripts/package.sh OUTDIR
#
# VERSION is what the built binary says (Sources/SpecSplit/Support/Version.swift, the only
# place it is written). Reproducible: built twice from the same commit, the outputs are the
# same bytes. Every time stamp is the commit's (SOURCE_DATE_EPOCH), owners are root, file
# modes are set, archive members are sorted, and gzip writes no name or time.
# Needs: swift, git, strip and objdump (binutils), dpkg-deb and dpkg-shlibdeps (dpkg-dev).
set -euo pipefail

if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
    echo "usage: scripts/package.sh OUTDIR" >&2
    exit 64
fi
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
for tool in git strip objdump dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || {
        echo "package: $tool is missing (apt-get install binutils dpkg-dev git)" >&2
        exit 69
    }
done
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct)}
export LC_ALL=C TZ=UTC
umask 022
if [ -n "$(git -C "$root" status --porcelain)" ]; then
    echo "package: warning: the work tree differs from its commit; --version will say -dirty" >&2
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/specsplit-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
build=$stage/build
bash "$root/scripts/build-release.sh" "$build"
version_line=$("$build/specsplit" --version)
version=${version_line%% *}
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+~-][0-9A-Za-z.+~-]*)?$ ]]; then
    echo "package: '$version_line' does not start with a version" >&2
    exit 70
fi

# Every file the same time and known modes, so archives do not depend on when or by whom.
normalise() {
    find "$1" -type d -exec chmod 0755 {} +
    find "$1" -type f -exec chmod go-w,a+r {} +
    find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# --- the tarball ---
name=specsplit-$version-linux-x86_64
tree=$stage/$name
mkdir -p "$tree/completions"
install -m 0755 "$build/specsplit" "$tree/specsplit"
install -m 0644 "$build/specsplit.1" "$tree/specsplit.1"
install -m 0644 "$build"/completions/* "$tree/completions/"
cp -R "$root/sample-data/rules" "$tree/rules"
install -m 0644 "$root/README.md" "$root/CHANGELOG.md" "$root/LICENSE" "$root/packaging/copyright" "$tree/"
install -m 0644 "$root/docs/rules.md" "$tree/rules.md"
(cd "$tree" && find . -type f | sed 's|^\./||' | sort | xargs -d '\n' sha256sum >"$stage/SHA256SUMS" && mv "$stage/SHA256SUMS" SHA256SUMS)
normalise "$tree"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$stage" -cf - "$name" | gzip -9n >"$out/$name.tar.gz"

# --- the Debian package ---
deb=$stage/deb
DESTDIR=$deb bash "$root/scripts/install.sh" --from "$build" /usr >/dev/null
gzip -9n "$deb/usr/share/man/man1/specsplit.1"
install -D -m 0644 "$root/packaging/copyright" "$deb/usr/share/doc/specsplit/copyright"
install -m 0644 "$root/README.md" "$root/CHANGELOG.md" "$root/docs/rules.md" "$deb/usr/share/doc/specsplit/"

# Depends: the package of every library the binary names as NEEDED (objdump -p), found with
# dpkg -S; dpkg-shlibdeps adds the lowest versions the symbols used need. The two must agree.
binary=$deb/usr/bin/specsplit
needed=$(objdump -p "$binary" | awk '$1 == "NEEDED" { print $2 }')
packages=$(for library in $needed; do
    path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64/ { print $NF; exit }')
    [ -n "$path" ] || { echo "package: $library (NEEDED) is not installed here" >&2; exit 69; }
    owner=
    for candidate in "$path" "$(realpath "$path")" "/usr$path" "${path#/usr}"; do
        owner=$(dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    [ -n "$owner" ] || { echo "package: no Debian package owns $path ($library)" >&2; exit 69; }
    echo "$owner"
done | sort -u)
mkdir -p "$stage/shlibs/debian"
printf 'Source: specsplit\n\nPackage: specsplit\nArchitecture: amd64\n' >"$stage/shlibs/debian/control"
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps -O "-e$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
shlibs_packages=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u)
if [ "$packages" != "$shlibs_packages" ]; then
    echo "package: objdump/dpkg -S found [$(echo $packages)], dpkg-shlibdeps [$depends]" >&2
    exit 70
fi

mkdir -p "$deb/DEBIAN"
cat >"$deb/DEBIAN/control" <<CONTROL
Package: specsplit
Version: $version
Architecture: amd64
Maintainer: ${SPECSPLIT_MAINTAINER:-specsplit contributors <maintainers@users.noreply.b-seed-9d2ab35b.example>}
Installed-Size: $(du -sk --apparent-size "$deb/usr" | cut -f1)
Depends: $depends
Section: utils
Priority: optional
Description: split NHS contract activity by the national rules
 specsplit streams contract activity extracts (admitted-patient spells and
 episodes, outpatient attendances, contract-monitoring lines) through a
 versioned national rule set and writes, contract by contract, which activity
 is specialised, non-specialised, prison and military, with summaries,
 control totals that prove nothing was lost, a quality report and a manifest.
 .
 Illustrative sample rule sets are in /usr/share/specsplit/rules.
CONTROL
(cd "$deb" && find usr -type f | sort | xargs -d '\n' md5sum >DEBIAN/md5sums)
normalise "$deb"
chmod 0644 "$deb/DEBIAN/control" "$deb/DEBIAN/md5sums"
chmod 0755 "$deb/usr/bin/specsplit"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/specsplit_${version}_amd64.deb" >/dev/null

(cd "$out" && sha256sum "$name.tar.gz" "specsplit_${version}_amd64.deb" >SHA256SUMS)
echo "package: specsplit $version_line"
(cd "$out" && ls -l "$name.tar.gz" "specsplit_${version}_amd64.deb" && cat SHA256SUMS)
