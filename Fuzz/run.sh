#!/usr/bin/env bash
# Builds the libFuzzer targets (AddressSanitizer on) and runs one of them.
#
#   Fuzz/run.sh reader [SECONDS] [libFuzzer flags...]   fuzz CSVReader (default 60 s)
#   Fuzz/run.sh rules  [SECONDS] [libFuzzer flags...]   fuzz RuleSet.load (default 60 s)
#   Fuzz/run.sh replay [FILES...]                       run both targets once over the
#                                                       checked-in corpus (or over FILES:
#                                                       rule inputs are those whose path
#                                                       has "rules" in it)
#   Fuzz/run.sh build                                   build only
#
# The build goes to .build-fuzz (release, libFuzzer and AddressSanitizer). Inputs
# that find new coverage go to .build-fuzz/corpus/TARGET; the checked-in seeds in
# Fuzz/corpus/TARGET are read, never written. Crashes, property failures, timeouts and
# memory blow-ups are written to .build-fuzz/artifacts/TARGET/ and the run stops with a
# non-zero status. Replay one with: .build-fuzz/release/FuzzReader FILE (or FuzzRules).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
shift || true

# `--sanitize` makes SwiftPM link libFuzzer's main and instrument the C and C++ targets;
# swiftc keeps only the last `-sanitize=` it is given (SwiftPM's two come in either order),
# so the combined flag goes last for the Swift code.
build() {
    swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
        --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address "$@"
}

# The Swift runtime's own crash backtracer reads memory AddressSanitizer guards; libFuzzer
# and AddressSanitizer print the stack instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
# A known leak in a dependency (see the file) would otherwise stop every rules run.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}

binary() {
    case $1 in
        reader) echo .build-fuzz/release/FuzzReader ;;
        rules) echo .build-fuzz/release/FuzzRules ;;
    esac
}

case $target in
    reader | rules)
        seconds=${1:-60}
        shift || true
        build --product "$(basename "$(binary "$target")")"
        work=.build-fuzz/corpus/$target
        artifacts=.build-fuzz/artifacts/$target
        mkdir -p "$work" "$artifacts"
        # The rule-set inputs are whole files of a rule set (rules.csv is 9 KB). TOMLKit
        # leaks on every load (Fuzz/lsan.supp), so libFuzzer's leak check after each new
        # input would run LeakSanitizer nearly every time, for nothing: for the rules
        # target leaks are checked once, at exit.
        if [ "$target" = rules ]; then
            set -- -max_len=16384 -detect_leaks=0 "$@"
        else
            set -- -max_len=4096 "$@"
        fi
        exec "$(binary "$target")" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -dict="Fuzz/$target.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
            "$@" "$work" "Fuzz/corpus/$target"
        ;;
    replay)
        build
        if [ $# -eq 0 ]; then
            "$(binary reader)" -runs=0 Fuzz/corpus/reader
            "$(binary rules)" -runs=0 Fuzz/corpus/rules
        else
            for file in "$@"; do
                case $file in
                    *rules*) "$(binary rules)" "$file" ;;
                    *) "$(binary reader)" "$file" ;;
                esac
            done
        fi
        ;;
    build)
        build
        ;;
    *)
        sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
        exit 64
        ;;
esac
