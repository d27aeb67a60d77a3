import Foundation
import SpecSplit
import SpecSplitSynthetic

/// Inputs the benchmarks share: generated extracts (made once in a temporary directory and
/// reused by later runs), the 2012/13 sample rules, and pre-normalised records.
public enum BenchmarkData {
    /// Contracts (provider x commissioner pairs) in generated extracts.
    public static let contracts = 1_000
    /// Seed of generated extracts: the same rows on every run.
    public static let seed: UInt64 = 2012

    /// Where generated data lives: `$SPECSPLIT_BENCH_DIR`, or `specsplit-bench` in the
    /// temporary directory. Never inside the repository.
    public static var directory: String {
        let path = ProcessInfo.processInfo.environment["SPECSPLIT_BENCH_DIR"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("specsplit-bench").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The repository's 2012/13 sample rule set.
    public static var rulesDirectory: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data/rules/2012-13").path
    }

    /// A generated admitted-patient-care extract (``ExtractGenerator``, spell level) of `rows`
    /// rows; made on first use, reused afterwards (the generator is deterministic).
    public static func apcExtract(rows: Int) throws -> String {
        let path = "\(directory)/apc-\(rows)-c\(contracts)-s\(seed).csv"
        if FileManager.default.fileExists(atPath: path) { return path }
        try ExtractGenerator(shape: .apc, rows: rows, seed: seed, contracts: contracts).write(to: path)
        return path
    }

    /// The size of a file in bytes.
    public static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The 2012/13 sample rules scaled to `rules` rules and `codes` trigger codes, compiled.
    public static func scaledRules(rules: Int = 500, codes: Int = 20_000) throws -> CompiledRuleSet {
        let base = try RuleSet.load(directory: rulesDirectory)
        return CompiledRuleSet(RuleSet.scaled(base: base, rules: rules, codes: codes))
    }

    /// The first `count` well-formed rows of `path`, normalised for classification.
    public static func records(from path: String, count: Int) throws -> [ActivityRecord] {
        let reader = try CSVReader(path: path)
        let map = try ColumnMap(header: reader.header, source: reader.source.displayName)
        let normaliser = RecordNormaliser(map: map)
        let batch = RowBatch()
        var quality = QualityLog()
        var records: [ActivityRecord] = []
        records.reserveCapacity(count)
        while records.count < count, try reader.next(into: batch) {
            for row in 0..<batch.count where records.count < count && batch.status(row) == .ok {
                var record = ActivityRecord()
                normaliser.fill(&record, batch: batch, row: row, quality: &quality, source: map.source)
                records.append(record)
            }
        }
        return records
    }

    /// A fresh, empty directory for one run's output.
    public static func scratchDirectory(_ name: String) -> String {
        let path = "\(directory)/\(name)"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }
}
