// swift-tools-version: 6.1
import PackageDescription

// Benchmarks for specsplit's hot loop, kept out of the main package so `swift test` stays
// fast. Run from the repository root:
//   swift package --package-path Benchmarks --disable-sandbox benchmark
let package = Package(
    name: "SpecSplitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "specsplit", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Shared set-up: benchmark data, rule sets, temporary directories.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "SpecSplit", package: "specsplit"),
                .product(name: "SpecSplitSynthetic", package: "specsplit"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Sources/BenchmarkSupport"
        ),
    ]
)

for name in ["ParseRows", "ClassifyRows", "WriteRows", "SplitRows"] {
    package.targets.append(
        .executableTarget(
            name: name,
            dependencies: [
                "BenchmarkSupport",
                .product(name: "SpecSplit", package: "specsplit"),
                .product(name: "SpecSplitSynthetic", package: "specsplit"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
