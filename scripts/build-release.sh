#!/usr/bin/env bash
# Builds specsplit as it ships, and what documents it, into OUTDIR:
#   OUTDIR/specsplit                      release build, Swift standard library linked statically, stripped
#   OUTDIR/specsplit.1                    the man page (swift-argument-parser's generate-manual)
#   OUTDIR/completions/specsplit.bash     shell completions (specsplit --generate-completion-script)
#   OUTDIR/completions/_specsplit         (zsh)
#   OUTDIR/completions/specsplit.fish
# scripts/install.sh and scripts/package.sh call it; run it alone to look at the results.
#
# The binary needs only libc, libstdc++, libgcc, zlib, libcsv and libxxhash at run time; it carries no
# run path ($ORIGIN), so no library is ever loaded from the folder it sits in.
#
# Reproducible: the same commit gives the same bytes, wherever the checkout is. Source paths
# that end up in the binary (#file in dependencies, __FILE__ in C) are mapped to ".", and the
# man page is dated by the commit (SOURCE_DATE_EPOCH), not by the day of the build.
# Incremental LLVM code generation is off: it stores in every object file, in a section that
# stays in the stripped binary (.swift_modhash), an MD5 of the object's LLVM IR, debug info
# included, and the debug info names the clang module cache, whose folder is a hash of the
# compiler's arguments with the checkout's absolute paths in them. Off, the section is zeros.
#
# Environment: SPECSPLIT_RELEASE_SCRATCH, the build folder (default .build-release in the
# checkout); SOURCE_DATE_EPOCH (default: the time of the last commit); SPECSPLIT_COMMIT
# (default: git rev-parse HEAD, for a build outside a git checkout).
set -euo pipefail

if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
    echo "usage: scripts/build-release.sh OUTDIR" >&2
    exit 64
fi
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
scratch=${SPECSPLIT_RELEASE_SCRATCH:-$root/.build-release}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null) || {
        echo "build-release: not a git checkout; set SOURCE_DATE_EPOCH (seconds since 1970) to date the man page" >&2
        exit 78
    }
fi
export SOURCE_DATE_EPOCH
# The commit --version names (Package.swift reads it): HEAD, "-dirty" when anything tracked
# or untracked (not ignored) differs from it.
if [ -z "${SPECSPLIT_COMMIT:-}" ] && SPECSPLIT_COMMIT=$(git -C "$root" rev-parse HEAD 2>/dev/null); then
    if [ -n "$(git -C "$root" status --porcelain)" ]; then SPECSPLIT_COMMIT=$SPECSPLIT_COMMIT-dirty; fi
fi
export SPECSPLIT_COMMIT=${SPECSPLIT_COMMIT:-unknown}

# The linker's build id hashes the binary before it is stripped, debug info included, which
# names the clang module cache, itself named by a hash of arguments holding the checkout's
# path. Set the id to the SHA-1 of the stripped binary (the id's 20 bytes zeroed): it then
# identifies what ships, and not the folder it was built in.
set_build_id() {
    local file=$1 offset size header id
    read -r offset size <<<"$(readelf -S -W "$file" | sed -n 's/^ *\[ *[0-9]*\] //p' |
        awk '$1 == ".note.gnu.build-id" { print $4, $5 }')"
    # namesz 4, descsz 20, type 3 (NT_GNU_BUILD_ID), "GNU\0", then the 20 bytes of the id.
    header=
    if [ "${size:-}" = 000024 ]; then header=$(od -A n -t x1 -j $((16#$offset)) -N 16 "$file" | tr -d ' \n'); fi
    if [ "$header" != 040000001400000003000000474e5500 ]; then
        echo "build-release: $file has no SHA-1 build id where expected" >&2
        exit 70
    fi
    head -c 20 /dev/zero | dd of="$file" bs=1 seek=$((16#$offset + 16)) conv=notrunc status=none
    id=$(sha1sum <"$file" | cut -c1-40)
    printf "$(sed 's/../\\x&/g' <<<"$id")" | dd of="$file" bs=1 seek=$((16#$offset + 16)) conv=notrunc status=none
}

cd "$root"
flags=(
    -c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch"
    -Xswiftc -file-prefix-map -Xswiftc "$root=."
    -Xcc "-ffile-prefix-map=$root=."
    -Xswiftc -Xfrontend -Xswiftc -disable-incremental-llvm-codegen
)
swift build "${flags[@]}" --product specsplit
# The generator behind argument-parser's generate-manual plugin, run directly: the plugin
# would first build every target of the package in its own configuration, tests' support
# (XCTest) included, which --static-swift-stdlib cannot link.
swift build "${flags[@]}" --product generate-manual
bin=$(swift build "${flags[@]}" --show-bin-path)

strip --strip-all -o "$out/specsplit" "$bin/specsplit"
set_build_id "$out/specsplit"
"$bin/generate-manual" "$out/specsplit" --date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" --output-directory "$out"
# generate-manual copies the blank lines of a command's discussion as they are; mdoc takes
# a blank line for a mistake (man prints "mdoc warning: Empty input line"): .Pp is its
# paragraph break.
sed -i 's/^$/.Pp/' "$out/specsplit.1"
mkdir -p "$out/completions"
"$out/specsplit" --generate-completion-script bash >"$out/completions/specsplit.bash"
"$out/specsplit" --generate-completion-script zsh >"$out/completions/_specsplit"
"$out/specsplit" --generate-completion-script fish >"$out/completions/specsplit.fish"
echo "build-release: $("$out/specsplit" --version) in $out"
