import Benchmark
import BenchmarkSupport
import Foundation
import SpecSplit

/// The output pool alone: rows of 240 bytes appended to 250 outputs (50 contracts x 5
/// categories) and written to files in a temporary directory. Two sizes: once every output
/// holds its largest buffer (16 KiB here, reached at both sizes) the pool must not allocate
/// again, so the allocation count is the same for 100,000 rows as for 25,000.
let benchmarks: @Sendable () -> Void = {
    let sizes = [("writeRows", 100_000), ("writeRowsQuarter", 25_000)]
    let outputs = 250
    let row = [UInt8](repeating: UInt8(ascii: "x"), count: 239) + [UInt8(ascii: "\n")]
    for (name, rows) in sizes {
        Benchmark(
            name,
            configuration: BenchmarkSettings.configuration(
                custom: [BenchmarkSettings.megabytesPerSecond, BenchmarkSettings.kiloRowsPerSecond]),
            closure: { (benchmark: Benchmark, directory: String) in
                let clock = ContinuousClock()
                let start = clock.now
                let pool = OutputPool(maxOpen: 1_000, bufferSize: 16 << 10)
                let handles = (0..<outputs).map { pool.add(path: "\(directory)/out-\($0).csv") }
                do {
                    try row.withUnsafeBytes { bytes in
                        for index in 0..<rows {
                            // Every output in turn, in a scrambled order.
                            let handle = handles[(index &* 7_919) % outputs]
                            try pool.append(handle, bytes)
                            pool.countRow(handle)
                        }
                    }
                    let written = try pool.finish()
                    blackHole(written)
                    // The pool creates its files exclusively (O_EXCL): free the names for the next iteration.
                    for output in written { unlink(output.path) }
                } catch {
                    fatalError("\(name): \(error)")
                }
                BenchmarkSettings.recordRates(benchmark, bytes: rows * row.count, rows: rows, duration: clock.now - start)
            },
            setup: { () throws -> String in
                let directory = BenchmarkData.scratchDirectory("\(name)-out")
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                return directory
            },
            teardown: { try? FileManager.default.removeItem(atPath: BenchmarkData.directory + "/\(name)-out") }
        )
    }
}
