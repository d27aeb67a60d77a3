// swift-tools-version: 6.1
import PackageDescription

// The commit `specsplit --version` names: SPECSPLIT_COMMIT, which scripts/build-release.sh
// sets from git (SwiftPM evaluates the manifest again whenever it changes). A plain
// `swift build` says "unknown": reading git here would go stale, as SwiftPM caches the
// evaluated manifest across commits.
let commit = Context.environment["SPECSPLIT_COMMIT"].flatMap { value in
    value.isEmpty || !value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) ? nil : value
} ?? "unknown"

let package = Package(
    name: "specsplit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SpecSplit", targets: ["SpecSplit"]),
        .library(name: "SpecSplitSynthetic", targets: ["SpecSplitSynthetic"]),
        .executable(name: "specsplit", targets: ["SpecSplitCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // libcsv, the parser every row goes through (Debian: libcsv-dev).
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        // zlib's gzread: reads gzip and plain files alike (Debian: zlib1g-dev). Not named CZlib:
        // ZIPFoundation (the .xlsx reader's ZIP side) declares a module of that name.
        .systemLibrary(name: "CGzip", providers: [.apt(["zlib1g-dev"])]),
        // XXH3-128, the faster digest `--digest xxh3-128` offers beside SHA-256 (Debian: libxxhash-dev).
        .systemLibrary(name: "CXXHash", providers: [.apt(["libxxhash-dev"])]),
        // Small C helpers Glibc does not expose to Swift (renameat2).
        .target(name: "CSupport"),
        // The commit the binary is built from, for `--version` (only the CLI links it).
        .target(name: "CBuildInfo", cSettings: [.define("SPECSPLIT_COMMIT", to: "\"\(commit)\"")]),
        // Everything that does work: read -> map -> normalise -> classify -> route -> write -> reconcile.
        .target(
            name: "SpecSplit",
            dependencies: [
                "CLibCSV", "CGzip", "CXXHash", "CSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Synthetic extracts and rule sets for tests, demos and benchmarks (never real data);
        // nothing in a split uses it.
        .target(name: "SpecSplitSynthetic", dependencies: ["SpecSplit"]),
        // The command line: parses flags and calls the library. Its product is `specsplit`.
        .executableTarget(
            name: "SpecSplitCLI",
            dependencies: [
                "SpecSplit", "SpecSplitSynthetic", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Temporary directories that tests clean up after themselves, shared by both test targets.
        .target(
            name: "TestSupport", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TestSupport"),
        .testTarget(name: "SpecSplitTests", dependencies: ["SpecSplit", "SpecSplitSynthetic", "TestSupport"]),
        // CXXHash: the XXH3 digests a manifest lists, computed by the library itself, not by specsplit's code.
        .testTarget(
            name: "SpecSplitCLITests", dependencies: ["SpecSplit", "SpecSplitSynthetic", "SpecSplitCLI", "TestSupport", "CXXHash"]),
    ]
)
