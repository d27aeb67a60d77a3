#!/usr/bin/env bash
# The package on a clean system, as a user would get it: a minimal Debian of the build
# machine's release (debootstrap) with no Swift in it, where the .deb is installed with
# dpkg -i and its dependencies with apt-get -f install. Inside that root (chroot):
#   - specsplit --version names the package's version and the commit built;
#   - specsplit rules check /usr/share/specsplit/rules/2012-13 passes, and the rule sets
#     installed are sample-data/rules;
#   - the man page describes every subcommand and option the binary's --help lists; bash
#     and fish complete from where they look; zsh finds its completion;
#   - the split of sample-data gives sample-data/expected byte for byte (the manifest's
#     times and tool version aside), as the source build does in `swift test`;
#   - a generated extract gives the same extract, and its split the same control-totals.csv
#     and files, as the source build (swift build) run outside.
# The tarball is checked too: its SHA256SUMS hold and its binary is the package's.
#
# usage: scripts/test-package.sh [DIST]
#   DIST: a folder scripts/package.sh filled; by default it runs scripts/package.sh first.
#
# Needs root, debootstrap and a Debian mirror the first time (the clean root is cached in
# SPECSPLIT_CI_CACHE, default /var/cache/specsplit-ci, and copied afresh for every run;
# the packages apt-get downloads are kept there too). Where any of that is missing the test
# says so and fails: it is never skipped.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${SPECSPLIT_CI_CACHE:-/var/cache/specsplit-ci}
started=$(date +%s)
fail() {
    echo "test-package: FAIL: $*" >&2
    exit 1
}
step() { echo "test-package: $* ($(($(date +%s) - started)) s)"; }

[ "$(id -u)" = 0 ] || fail "debootstrap and chroot need root; run as root (CI runs .ci/run as root)"
command -v debootstrap >/dev/null || fail "debootstrap is not installed: apt-get install debootstrap"
command -v chroot >/dev/null || fail "chroot is not available (coreutils)"
# shellcheck disable=SC1091
release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$release" ] || fail "/etc/os-release names no VERSION_CODENAME: cannot tell which Debian release to bootstrap"
mirror=${SPECSPLIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

work=$(mktemp -d "${TMPDIR:-/tmp}/specsplit-package-test.XXXXXX")
system=$work/system
cleanup() {
    if mountpoint -q "$system/proc" 2>/dev/null; then umount "$system/proc" || umount -l "$system/proc" || true; fi
    # --one-file-system: never into a mount still held in the root.
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# --- the clean system, debootstrapped once and cached ---
base=$cache/$release-minbase
mkdir -p "$cache"
# Makes the cached root unless it is there; one run at a time (a lock in the cache).
make_base() {
    exec 8>"$cache/.lock"
    flock 8
    if [ ! -f "$base/.specsplit-complete" ]; then
        step "bootstrapping a minimal Debian $release into $base (once; a minute or two)"
        rm -rf --one-file-system "$base.partial"
        debootstrap --variant=minbase "$release" "$base.partial" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
            fail "debootstrap $release from $mirror failed (needs network the first time); see $cache/debootstrap.log"
        chroot "$base.partial" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get -q update >>"$cache/debootstrap.log" 2>&1 ||
            fail "apt-get update in the new root failed; see $cache/debootstrap.log"
        date -u +%FT%TZ >"$base.partial/.specsplit-complete"
        rm -rf --one-file-system "$base"
        mv "$base.partial" "$base"
        step "bootstrapped $base"
    fi
    # debootstrap leaves the packages it installed in the root's apt cache (30 MB that
    # every run would copy and delete), and the runs saved them among the archives too.
    for file in "$base"/var/cache/apt/archives/*.deb; do
        [ -e "$file" ] || continue
        rm -f "$cache/archives/${file##*/}" "$file"
    done
    exec 8>&- # the lock is released: the run takes it again to copy the root
}

# --- the package ---
if [ $# -ge 1 ]; then
    dist=$(cd "$1" && pwd)
    make_base
else
    # The bootstrap (mostly downloading) runs beside the release build (mostly compiling).
    (trap - EXIT; make_base) &
    bootstrap=$!
    dist=$work/dist
    bash "$root/scripts/package.sh" "$dist"
    step "packaged"
    wait "$bootstrap" || fail "the minimal Debian could not be made (the reason is above)"
fi
debs=("$dist"/specsplit_*_amd64.deb)
tarballs=("$dist"/specsplit-*-linux-x86_64.tar.gz)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "no single specsplit_*_amd64.deb in $dist"
[ ${#tarballs[@]} -eq 1 ] && [ -f "${tarballs[0]}" ] || fail "no single specsplit-*-linux-x86_64.tar.gz in $dist"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
[ "$(basename "$deb")" = "specsplit_${version}_amd64.deb" ] || fail "$(basename "$deb") does not carry the package's version $version"
[ "$(basename "${tarballs[0]}")" = "specsplit-$version-linux-x86_64.tar.gz" ] || fail "$(basename "${tarballs[0]}") is not of version $version"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "$dist/SHA256SUMS does not match"

# The commit the binary should name: this checkout's (CI builds a clean clone).
commit=$(git -C "$root" rev-parse HEAD)
if [ -n "$(git -C "$root" status --porcelain)" ]; then commit="$commit-dirty"; fi

# --- the tarball: complete, checksummed, the same binary ---
mkdir "$work/tarball"
tar -xzf "${tarballs[0]}" -C "$work/tarball"
unpacked=$work/tarball/specsplit-$version-linux-x86_64
(cd "$unpacked" && sha256sum --quiet -c SHA256SUMS) || fail "the tarball's SHA256SUMS do not match its files"
for file in specsplit specsplit.1 completions/specsplit.bash completions/_specsplit completions/specsplit.fish \
    rules/2012-13/rules.csv README.md CHANGELOG.md LICENSE copyright; do
    [ -f "$unpacked/$file" ] || fail "the tarball has no $file"
done
dpkg-deb -x "$deb" "$work/deb"
cmp -s "$unpacked/specsplit" "$work/deb/usr/bin/specsplit" || fail "the tarball's binary is not the package's"
step "tarball checked"

# --- a copy of the clean root ---
exec 9>"$cache/.lock"
flock 9 # no other run refreshes the cache or its archives meanwhile
[ -f "$base/.specsplit-complete" ] || fail "$base is not complete"
cp -a "$base" "$system" || fail "could not copy $base"
cp /etc/resolv.conf "$system/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$system/proc" || fail "cannot mount /proc in the root (chroot needs privileges this machine does not give)"
inside() { chroot "$system" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
inside true || fail "cannot chroot into $system"
if inside sh -c 'command -v swift || ls /usr/lib/x86_64-linux-gnu/libswiftCore.so' >/dev/null 2>&1; then
    fail "the clean root has Swift in it"
fi
step "clean root ready"

# --- install: dpkg -i, then apt-get -f install of what it depends on ---
mkdir -p "$cache/archives"
cp "$cache"/archives/*.deb "$system/var/cache/apt/archives/" 2>/dev/null || true
cp "$deb" "$system/tmp/specsplit.deb"
if inside dpkg -i /tmp/specsplit.deb >"$work/dpkg.log" 2>&1; then
    echo "test-package: dpkg -i installed it without further packages"
fi
if ! inside apt-get -q -y -f install >"$work/apt.log" 2>&1; then
    # The cached package lists may be older than the mirror: refresh them and try again.
    inside apt-get -q update >>"$work/apt.log" 2>&1 || true
    inside apt-get -q -y -f install >>"$work/apt.log" 2>&1 || {
        cat "$work/dpkg.log" "$work/apt.log" >&2
        fail "apt-get -f install could not install the package's dependencies"
    }
fi
[ "$(inside dpkg-query -W -f '${Status}' specsplit)" = "install ok installed" ] || fail "specsplit is not installed: $(cat "$work/apt.log")"
step "installed with $(inside dpkg-query -W -f '${Depends}' specsplit)"
# zsh and fish, to run the completions the package put where they look (after the check
# above, so they cannot have brought a library specsplit needs).
# The root is thrown away: dpkg need not sync every file it writes (half the time).
inside apt-get -q -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io install zsh fish >"$work/shells.log" 2>&1 || {
    cat "$work/shells.log" >&2
    fail "could not install zsh and fish in the root to test the completions"
}
cp "$system"/var/cache/apt/archives/*.deb "$cache/archives/" 2>/dev/null || true
flock -u 9

# --- the command, its version, rules, man page and completions ---
line=$(inside specsplit --version) || fail "specsplit --version fails in the clean root"
[ "$line" = "$version (commit $commit)" ] || fail "specsplit --version says '$line', expected '$version (commit $commit)'"
inside specsplit rules check /usr/share/specsplit/rules/2012-13 >"$work/check.log" 2>&1 ||
    fail "specsplit rules check /usr/share/specsplit/rules/2012-13: $(cat "$work/check.log")"
diff -r "$root/sample-data/rules" "$system/usr/share/specsplit/rules" >/dev/null || fail "/usr/share/specsplit/rules is not sample-data/rules"
zcat "$system/usr/share/man/man1/specsplit.1.gz" >"$work/specsplit.1" || fail "no man page at /usr/share/man/man1/specsplit.1.gz"
grep -q '^\.Dt SPECSPLIT 1' "$work/specsplit.1" || fail "/usr/share/man/man1/specsplit.1.gz is not specsplit's man page"
! grep -qn '^$' "$work/specsplit.1" || fail "the man page has blank lines, which man warns about: $(grep -n '^$' "$work/specsplit.1" | head -3)"
# The man page describes every subcommand and option the installed binary's help lists,
# walking the command tree from `specsplit --help` (so a new command cannot be missed).
man_covers() {
    local command options option sub
    command=$(inside specsplit "$@" --help) || fail "specsplit $* --help fails"
    if [ $# -gt 0 ]; then
        grep -qx "\.It Em ${*: -1}" "$work/specsplit.1" || fail "the man page does not describe 'specsplit $*'"
    fi
    options=$(grep -oE '^  (-[A-Za-z], )?--[A-Za-z0-9-]+' <<<"$command" | grep -oE -- '--[A-Za-z0-9-]+$' || true)
    for option in $options; do
        grep -qE "^\.It Fl (. , )?-${option#--}( |$)" "$work/specsplit.1" || fail "the man page does not describe 'specsplit $* $option'"
    done
    for sub in $(sed -n '/^SUBCOMMANDS:/,/^$/p' <<<"$command" | awk '/^  [a-z]/ { print $1 }'); do
        man_covers "$@" "$sub"
    done
}
man_covers
# Bash completes a subcommand and an option (the function is the script's, as bash-completion loads it).
complete_words() {
    inside bash -c 'source /usr/share/bash-completion/completions/specsplit
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _specsplit specsplit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"; printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}
[ "$(complete_words specsplit ru)" = rules ] || fail "bash does not complete 'specsplit ru' to rules"
complete_words specsplit split --max-r | grep -qx -- --max-rejects || fail "bash does not complete 'specsplit split --max-r'"
[ "$(complete_words specsplit rules di)" = diff ] || fail "bash does not complete 'specsplit rules di' to diff"
# fish completes from its vendor folder; zsh finds _specsplit on its default fpath for
# specsplit, and it parses (driving zsh's completion needs a terminal: zpty).
[ "$(inside fish -c 'complete -C "specsplit ru"' | cut -f1)" = rules ] || fail "fish does not complete 'specsplit ru' to rules"
inside fish -c 'complete -C "specsplit split --max-r"' | cut -f1 | grep -qx -- --max-rejects ||
    fail "fish does not complete 'specsplit split --max-r'"
[ "$(inside zsh -f -c 'autoload -U compinit && compinit -u -D && print -r -- $_comps[specsplit]')" = _specsplit ] ||
    fail "zsh does not find a completion for specsplit (/usr/share/zsh/vendor-completions/_specsplit)"
inside zsh -n /usr/share/zsh/vendor-completions/_specsplit || fail "the zsh completion does not parse"
step "version, rules check, man page and completions"

# --- the source build, for comparison ---
(cd "$root" && swift build --product specsplit >"$work/swift-build.log" 2>&1) || fail "swift build: $(tail -20 "$work/swift-build.log")"
source_build=$(cd "$root" && swift build --show-bin-path)/specsplit

# Every file of two split outputs alike, the manifest's times and tool version aside.
same_outputs() {
    local expected=$1 actual=$2 name
    diff <(cd "$expected" && find . -type f | sort) <(cd "$actual" && find . -type f | sort) ||
        fail "$actual does not hold the files of $expected"
    while read -r name; do
        if [ "$name" = ./manifest.json ]; then
            diff <(grep -v -E '"(started|finished|tool_version)"' "$expected/$name") \
                <(grep -v -E '"(started|finished|tool_version)"' "$actual/$name") || fail "$actual/$name differs from $expected/$name"
        else
            cmp "$expected/$name" "$actual/$name" || fail "$actual/$name differs from $expected/$name"
        fi
    done < <(cd "$expected" && find . -type f | sort)
}

# sample-data, from the same relative paths as the golden run, against sample-data/expected.
mkdir -p "$system/tmp/work/sample-data"
cp -R "$root/sample-data/extracts" "$root/sample-data/rules" "$system/tmp/work/sample-data/"
inside sh -c 'cd /tmp/work && specsplit split --rules sample-data/rules/2012-13 --out /tmp/work/sample-out \
    --quiet sample-data/extracts/*.csv' >"$work/split.log" 2>&1 ||
    fail "the split of sample-data in the clean root failed: $(cat "$work/split.log")"
same_outputs "$root/sample-data/expected" "$system/tmp/work/sample-out"
step "sample-data split matches sample-data/expected byte for byte"

# A generated extract: the same bytes from both builds, and the same split.
generate=(generate --shape apc --episodes --rows 20000 --seed 2212 --contracts 40)
"$source_build" "${generate[@]}" --output "$work/generated.csv"
inside specsplit "${generate[@]}" --output /tmp/work/generated.csv
cmp "$work/generated.csv" "$system/tmp/work/generated.csv" || fail "the package generates another extract than the source build"
# The same relative input path on both sides: quality.csv names it.
(cd "$work" && "$source_build" split --rules "$root/sample-data/rules/2012-13" --out generated-out --quiet generated.csv) ||
    fail "the source build's split of the generated extract failed"
inside sh -c 'cd /tmp/work && specsplit split --rules /usr/share/specsplit/rules/2012-13 --out generated-out --quiet generated.csv' ||
    fail "the split of the generated extract in the clean root failed"
cmp "$work/generated-out/control-totals.csv" "$system/tmp/work/generated-out/control-totals.csv" ||
    fail "control-totals.csv of the generated extract differs between the package and the source build"
rm "$work/generated-out/manifest.json" "$system/tmp/work/generated-out/manifest.json" # the rule sets' paths differ
same_outputs "$work/generated-out" "$system/tmp/work/generated-out"
step "generated extract: $(tail -1 "$work/generated-out/control-totals.csv" | cut -c1-60)... the same"

echo "test-package: OK: specsplit $version (commit $commit) installs and runs on a clean Debian $release ($(($(date +%s) - started)) s)"
