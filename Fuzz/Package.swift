// swift-tools-version: 6.1
import PackageDescription

// Coverage-guided fuzzers (libFuzzer) for the CSV reader and the rule-set loader, kept out
// of the main package so `swift test` is untouched. Build and run through `Fuzz/run.sh`
// (see Fuzz/README.md): it builds with `--sanitize fuzzer --sanitize address` into
// `.build-fuzz`, which is what links libFuzzer's `main`; a plain `swift build` of this
// package cannot link the fuzz targets.
let package = Package(
    name: "SpecSplitFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "specsplit", path: "../")
    ],
    targets: [
        // zlib's gzwrite, to compress the reader's input (Debian: zlib1g-dev).
        .systemLibrary(name: "FuzzZlib", providers: [.apt(["zlib1g-dev"])]),
        // What both targets share: the scratch directory, file writes, failure reports.
        .target(name: "FuzzSupport"),
        // CSVReader over arbitrary bytes, plain and gzip, in chunks of every size.
        .executableTarget(
            name: "FuzzReader",
            dependencies: ["FuzzSupport", "FuzzZlib", .product(name: "SpecSplit", package: "specsplit")]
        ),
        // RuleSet.load over the sample rule set with one file replaced by the input.
        .executableTarget(
            name: "FuzzRules",
            dependencies: ["FuzzSupport", .product(name: "SpecSplit", package: "specsplit")]
        ),
    ]
)
