import Benchmark
import BenchmarkSupport
import Foundation
import SpecSplit

/// Reader, rule engine and writers end to end: `SplitJob` over the generated extract with
/// the 2012/13 sample rules, into a temporary directory replaced on every iteration.
let benchmarks: @Sendable () -> Void = {
    let sizes = [("splitRows", 100_000), ("splitRowsQuarter", 25_000)]
    for (name, rows) in sizes {
        Benchmark(
            name,
            configuration: BenchmarkSettings.configuration(
                maxIterations: 5, seconds: 5,
                custom: [BenchmarkSettings.megabytesPerSecond, BenchmarkSettings.kiloRowsPerSecond]),
            closure: { benchmark, path in
                let output = BenchmarkData.directory + "/\(name)-out"
                var options = SplitOptions(rulesDirectory: BenchmarkData.rulesDirectory, outputDirectory: output, inputs: [path])
                options.force = true
                options.maxRejects = Int.max
                let clock = ContinuousClock()
                let start = clock.now
                let result: SplitResult
                do { result = try SplitJob(options: options).run() } catch { fatalError("splitRows: \(error)") }
                BenchmarkSettings.recordRates(
                    benchmark, bytes: BenchmarkData.size(of: path), rows: result.manifest.totals.rowsWritten,
                    duration: clock.now - start)
            },
            setup: { try BenchmarkData.apcExtract(rows: rows) },
            teardown: {
                try? FileManager.default.removeItem(atPath: BenchmarkData.directory + "/\(name)-out")
                try? FileManager.default.removeItem(atPath: BenchmarkData.directory + "/\(name)-out.rejects.csv")
            }
        )
    }
}
