import Foundation
import Logging
import TestSupport
import XCTest

@testable import SpecSplit

/// A sink that keeps what a split would write of every row, per rule set: the row's fields,
/// then category, service line, NPoC, service group, matched rules and deciding rule. Read through the
/// public row API only, as a sink outside the library would.
final class CollectingSink: RowSink {
    var rows: [[[String]]]
    var rejected: [(source: String, line: Int, reason: String)] = []
    var reports: [InputReport] = []

    init(ruleSets: Int) { rows = Array(repeating: [], count: ruleSets) }

    func begin(_ input: PipelineInput) throws {}

    func consume(_ delivery: ClassifiedRows) throws {
        for index in 0..<delivery.count {
            delivery.withRow(index) { row in
                if let rejection = row.rejection {
                    rejected.append((row.source, row.line, rejection.reason))
                    return
                }
                for ruleSet in rows.indices {
                    let result = row.result(ruleSet)!
                    rows[ruleSet].append(
                        row.fields + [
                            result.category, result.serviceLine, result.npoc, result.serviceGroup,
                            (result.nationalMatches + result.localMatches).joined(separator: ";"), result.decidingRule ?? "",
                        ])
                }
            }
        }
    }

    func end(_ input: PipelineInput, _ report: InputReport) throws { reports.append(report) }
}

final class RowPipelineTests: XCTestCase {
    let dir = TemporaryDirectory()
    let extracts = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
        sampleData + "/extracts/" + $0
    }

    func pipeline(_ directories: [String], sequential: Bool = false) throws -> RowPipeline {
        let ruleSets = try directories.map { CompiledRuleSet(try RuleSet.load(directory: $0)) }
        var options = PipelineOptions()
        options.parallel = !sequential
        let plans = try InputPlan.plan(
            extracts, overrides: [:], shape: nil, contractKey: .providerCommissioner, readOptions: options.readOptions,
            logger: Logger(label: "test"))
        return RowPipeline(ruleSets: ruleSets, plans: plans, options: options, logger: Logger(label: "test"))
    }

    /// The rows of every split file under `out`, without the `ruleset` column (the last but
    /// one; sorted: files hold rows by contract and category, the sink in input order).
    func splitRows(_ out: String) throws -> [[String]] {
        var rows: [[String]] = []
        let enumerator = FileManager.default.enumerator(atPath: out + "/contracts")
        while let name = enumerator?.nextObject() as? String {
            guard name.hasSuffix(".csv") else { continue }
            let reader = try CSVReader(path: out + "/contracts/" + name)
            let batch = RowBatch()
            while try reader.next(into: batch) {
                for row in 0..<batch.count {
                    var fields = batch.strings(row)
                    fields.remove(at: fields.count - 2)
                    rows.append(fields)
                }
            }
        }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// One read under two rule sets gives, for each, exactly what a split with that rule set
    /// alone writes: every row (spells rolled up under each rule set separately) with the
    /// same category, service line, NPoC, service group, matched rules and deciding rule.
    func testTwoRuleSetsInOnePassMatchSplitsWithEachAlone() throws {
        let years = [sampleData + "/rules/2011-12", rules2012]
        let sink = CollectingSink(ruleSets: 2)
        let both = try pipeline(years)
        try both.run(into: sink)
        XCTAssertEqual(sink.reports.map(\.rows), [400, 400, 400, 400])
        for (index, directory) in years.enumerated() {
            let options = SplitOptions(rulesDirectory: directory, outputDirectory: dir.path("out\(index)"), inputs: extracts)
            _ = try SplitJob(options: options).run()
            let expected = try splitRows(dir.path("out\(index)"))
            XCTAssertEqual(expected.count, 1600)
            let actual = sink.rows[index].sorted { $0.lexicographicallyPrecedes($1) }
            let differing = zip(actual, expected).filter { $0.0 != $0.1 }
            XCTAssertEqual(actual.count, expected.count, directory)
            XCTAssertTrue(differing.isEmpty, "\(directory): \(differing.count) rows differ, first: \(differing.prefix(2))")
        }
        XCTAssertNotEqual(sink.rows[0], sink.rows[1], "the two years classify some rows differently")
        let changed = zip(sink.rows[0], sink.rows[1]).filter { $0.0.suffix(6) != $0.1.suffix(6) }.count
        XCTAssertGreaterThan(changed, 10)
    }

    /// Threads change nothing a sink sees: a parallel and a sequential run deliver the same
    /// rows in the same order.
    func testParallelAndSequentialRunsDeliverTheSameRowsInOrder() throws {
        let parallel = CollectingSink(ruleSets: 1)
        let sequential = CollectingSink(ruleSets: 1)
        try pipeline([rules2012]).run(into: parallel)
        try pipeline([rules2012], sequential: true).run(into: sequential)
        XCTAssertEqual(parallel.rows[0].count, 1600)
        XCTAssertEqual(parallel.rows[0], sequential.rows[0])
    }
}
