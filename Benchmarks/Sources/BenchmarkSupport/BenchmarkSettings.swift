import Benchmark

/// Settings every specsplit suite shares.
public enum BenchmarkSettings {
    /// Megabytes (10^6 bytes) of input per second, measured around the work of one iteration.
    public static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Thousands of rows per second, measured the same way.
    public static let kiloRowsPerSecond = BenchmarkMetric.custom("krows/s", polarity: .prefersLarger, useScalingFactor: false)

    /// Allocation counts are exact run to run here, and a per-row allocation adds thousands:
    /// allow a little slack so an unrelated one-off allocation does not fail CI.
    public static let mallocSlack = 200

    /// A short run (a few seconds at most) measuring time, throughput, allocations and memory.
    /// Only `mallocCountTotal` has a tolerance: wall-clock varies too much here to gate on.
    public static func configuration(maxIterations: Int = 10, seconds: Int = 3, custom: [BenchmarkMetric] = []) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident] + custom,
            warmupIterations: 1,
            maxDuration: .seconds(seconds),
            maxIterations: maxIterations,
            thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: mallocSlack])]
        )
    }

    /// Records input bytes and rows per second for work that took `duration`.
    public static func recordRates(_ benchmark: Benchmark, bytes: Int, rows: Int, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        guard seconds > 0 else { return }
        benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / 1e6 / seconds))
        benchmark.measurement(kiloRowsPerSecond, Int(Double(rows) / 1e3 / seconds))
    }
}
