import Benchmark
import BenchmarkSupport
import SpecSplit
import SpecSplitSynthetic

/// The rule engine alone: pre-normalised records classified by the 2012/13 sample rules
/// scaled to 500 rules and 20,000 codes. Two sizes, so the allocation count shows it does
/// not grow with rows.
let benchmarks: @Sendable () -> Void = {
    let sizes = [("classifyRows", 50_000), ("classifyRowsQuarter", 12_500)]
    for (name, rows) in sizes {
        Benchmark(
            name,
            configuration: BenchmarkSettings.configuration(custom: [BenchmarkSettings.kiloRowsPerSecond]),
            closure: { (benchmark: Benchmark, input: (CompiledRuleSet, [ActivityRecord])) in
                let (compiled, records) = input
                let clock = ContinuousClock()
                let start = clock.now
                var scratch = compiled.makeScratch()
                var result = Classification()
                var specialised = 0
                for record in records {
                    compiled.classify(record, into: &result, scratch: &scratch)
                    if result.decidingRule != nil { specialised += 1 }
                }
                BenchmarkSettings.recordRates(benchmark, bytes: 0, rows: records.count, duration: clock.now - start)
                blackHole(specialised)
            },
            setup: {
                let path = try BenchmarkData.apcExtract(rows: 100_000)
                return (try BenchmarkData.scaledRules(rules: 500, codes: 20_000), try BenchmarkData.records(from: path, count: rows))
            }
        )
    }
}
