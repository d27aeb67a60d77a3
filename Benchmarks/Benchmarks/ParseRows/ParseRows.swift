import Benchmark
import BenchmarkSupport
import SpecSplit

/// The reader alone: every row of a generated admitted-care extract through libcsv into
/// row batches. Two sizes, so the allocation count shows it does not grow with rows.
let benchmarks: @Sendable () -> Void = {
    let sizes = [("parseRows", 100_000), ("parseRowsQuarter", 25_000)]
    for (name, rows) in sizes {
        Benchmark(
            name,
            configuration: BenchmarkSettings.configuration(
                custom: [BenchmarkSettings.megabytesPerSecond, BenchmarkSettings.kiloRowsPerSecond]),
            closure: { benchmark, path in
                let bytes = BenchmarkData.size(of: path)
                let clock = ContinuousClock()
                let start = clock.now
                let batch = RowBatch()
                var count = 0
                do {
                    let reader = try CSVReader(path: path)
                    while try reader.next(into: batch) { count += batch.count }
                } catch {
                    fatalError("parseRows: \(error)")
                }
                BenchmarkSettings.recordRates(benchmark, bytes: bytes, rows: count, duration: clock.now - start)
                blackHole(count)
            },
            setup: { try BenchmarkData.apcExtract(rows: rows) }
        )
    }
}
