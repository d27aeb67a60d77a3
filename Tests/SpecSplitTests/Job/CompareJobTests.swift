import Foundation
import Logging
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// A comparison conserves what a split of each year would write, figure for figure, and
/// lists exactly the rows (spells once) that change.
final class CompareJobTests: XCTestCase {
    let dir = TemporaryDirectory()
    static let rules2011 = sampleData + "/rules/2011-12"
    let extracts = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
        sampleData + "/extracts/" + $0
    }

    func compare(
        _ inputs: [String], from: String = CompareJobTests.rules2011, to: String = rules2012, out: String = "compare"
    )
        throws -> CompareResult
    {
        var options = CompareOptions(fromRules: from, toRules: to, outputDirectory: dir.path(out), inputs: inputs)
        options.rejectsPath = dir.path(out + ".rejects.csv")
        return try CompareJob(options: options).run()
    }

    func split(_ inputs: [String], rules: String, out: String) throws {
        var options = SplitOptions(rulesDirectory: rules, outputDirectory: dir.path(out), inputs: inputs)
        options.rejectsPath = dir.path(out + ".rejects.csv")
        _ = try SplitJob(options: options).run()
    }

    /// Each side of the comparison is the split with that side's rule set: every figure of
    /// each split's control totals, and its summary by service and HRG; the movements sum
    /// to both.
    func testEachSideIsASplitWithItsRuleSetFigureForFigure() throws {
        let generated = dir.write(
            "episodes.csv",
            try ExtractGenerator(shape: .apc, rows: 6000, seed: 41, episodes: true, contracts: 12).generate())
        let inputs = extracts + [generated]
        let result = try compare(inputs)
        try split(inputs, rules: Self.rules2011, out: "old")
        try split(inputs, rules: rules2012, out: "new")
        let out = dir.path("compare")
        for (side, split) in [("from", "old"), ("to", "new")] {
            let totals = try CompareConservation.sideProblems(
                compare: out + "/control-totals.csv", split: dir.path(split + "/control-totals.csv"), side: side)
            XCTAssertEqual(totals, [], side)
            let services = try CompareConservation.serviceProblems(
                out: out, summary: dir.path(split + "/summary.csv"), side: side)
            XCTAssertEqual(services, [], side)
        }
        XCTAssertEqual(try CompareConservation.movementProblems(out: out), [])
        // Not a trivial comparison: rows move, and dental exists in 2012/13 only.
        let movements = dir.dataLines("compare/movements.csv").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        XCTAssertGreaterThan(movements.filter { $0[3] != $0[4] }.count, 5)
        XCTAssertTrue(movements.contains { $0[3] == "non-specialised" && $0[4] == "dental" })
        let dental = dir.dataLines("compare/control-totals.csv").filter { $0.hasPrefix("ALL,,,rows,dental,") }
        XCTAssertEqual(dental.count, 1)
        XCTAssertTrue(dental.first?.hasPrefix("ALL,,,rows,dental,0,") == true, "no dental in 2011/12: \(dental)")
        XCTAssertEqual(
            result.manifest.totals.rowsWritten, 1600 + 6000,
            "the four sample extracts, 400 rows each, and the generated one")
        XCTAssertEqual(result.manifest.fromRuleset.financialYear, "2011/12")
        XCTAssertEqual(result.manifest.toRuleset.financialYear, "2012/13")
        XCTAssertEqual(result.manifest.fromRuleset.checksum, try RuleSet.load(directory: Self.rules2011).checksum)
        XCTAssertEqual(
            result.manifest.outputs.map(\.path), (CompareJob.outputFiles).sorted(),
            "every output listed with its checksum")
    }

    /// changed-rows.csv is, in input order, every row whose category or service line differs
    /// between the years — a spell once, on its first episode's line, with its episodes'
    /// summed activity and value — as worked out here from the rows' results alone.
    func testChangedRowsAreTheRowsAndSpellsThatChangedWithSpellsSummed() throws {
        let generated = dir.write(
            "episodes.csv",
            try ExtractGenerator(shape: .apc, rows: 6000, seed: 42, episodes: true, contracts: 12).generate())
        let inputs = extracts + [generated]
        let result = try compare(inputs)
        let expected = try independentChangedRows(inputs)
        let written = try readAll(dir.path("compare/changed-rows.csv"))
        XCTAssertEqual(written.header, CompareSink.changedRowsHeader)
        let actual = written.rows.map(\.text)
        XCTAssertEqual(actual.count, expected.count)
        for (a, e) in zip(actual, expected) where a != e { XCTFail("changed row \(a) expected \(e)") }
        XCTAssertEqual(result.manifest.changedRows, expected.count)
        // Spells of several episodes changed: the test covers the summing.
        let episodeLines = expected.filter { $0[0] == generated }
        XCTAssertTrue(
            episodeLines.contains { (CompareConservation.micros($0[10]) ?? 0) > 1_000_000 },
            "a multi-episode spell changed")
        // movements-by-rule.csv holds the changed rows (episodes counted as rows): same value in all.
        let byRule = dir.dataLines("compare/movements-by-rule.csv").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let ruleValue = byRule.map { CompareConservation.micros(String($0[7]))! }.reduce(0, +)
        let changedValue = expected.map { CompareConservation.micros($0[11])! }.reduce(0, +)
        XCTAssertEqual(ruleValue, changedValue)
    }

    /// What changed-rows.csv must hold, from the rows' results read through the public row
    /// API (not the sink's code).
    func independentChangedRows(_ inputs: [String]) throws -> [[String]] {
        let ruleSets = try [Self.rules2011, rules2012].map { CompiledRuleSet(try RuleSet.load(directory: $0)) }
        let plans = try InputPlan.plan(
            inputs, overrides: [:], shape: nil, contractKey: .providerCommissioner, readOptions: CSVReadOptions(),
            logger: Logger(label: "test"))
        let pipeline = RowPipeline(
            ruleSets: ruleSets, plans: plans, options: PipelineOptions(), logger: Logger(label: "test"))
        let sink = ResultCollector()
        try pipeline.run(into: sink)
        var lines: [[String]] = []
        var open: (line: [String], id: String, activity: Int128, value: Int128)?
        func close() {
            guard let spell = open else { return }
            lines.append(spell.line + [format(spell.activity), format(spell.value)])
            open = nil
        }
        for row in sink.rows {
            let (a, b) = (row.results[0], row.results[1])
            guard a.category != b.category || a.serviceLine != b.serviceLine else { continue }
            let line = [
                row.source, String(row.line), row.id, row.contract, a.category, a.serviceLine,
                (a.nationalMatches + a.localMatches).joined(separator: ";"), b.category, b.serviceLine,
                (b.nationalMatches + b.localMatches).joined(separator: ";"),
            ]
            if row.episodeLevel {
                if let spell = open, spell.id == row.id, spell.line[0] == row.source {
                    open = (spell.line, spell.id, spell.activity + row.activity, spell.value + row.value)
                } else {
                    close()
                    open = (line, row.id, row.activity, row.value)
                }
            } else {
                close()
                lines.append(line + [format(row.activity), format(row.value)])
            }
        }
        close()
        return lines
    }

    func format(_ micros: Int128) -> String { Totals.format(micros) }

    /// Rows as a sink outside the library sees them.
    final class ResultCollector: RowSink {
        struct Row {
            var source: String
            var line: Int
            var id: String
            var contract: String
            var episodeLevel: Bool
            var results: [RowClassification]
            var activity: Int128
            var value: Int128
        }
        var rows: [Row] = []

        func begin(_ input: PipelineInput) throws {}
        func end(_ input: PipelineInput, _ report: InputReport) throws {}

        func consume(_ delivery: ClassifiedRows) throws {
            let input = delivery.input
            let idColumn = ["Der_Spell_ID", "Attendance_Ident"].compactMap { input.map.header.firstIndex(of: $0) }.first
            for index in 0..<delivery.count {
                delivery.withRow(index) { row in
                    guard let first = row.result(0), let second = row.result(1), let contract = row.contract else {
                        return
                    }
                    let id = idColumn.map { row.fields[$0] } ?? ""
                    rows.append(
                        Row(
                            source: row.source, line: row.line, id: id, contract: contract.key,
                            episodeLevel: input.spellColumn >= 0, results: [first, second],
                            activity: Int128(row.activity.micros), value: Int128(row.value.micros)))
                }
            }
        }
    }

    /// contracts.csv: each contract's value and what each year's national categories take
    /// of it, as control-totals.csv has them (dental is not national in 2012/13).
    func testContractsHeadlineIsEachYearsNationalCategories() throws {
        _ = try compare(extracts)
        let control = dir.dataLines("compare/control-totals.csv").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        func figure(_ contract: String, _ category: String, _ column: Int) -> Int128 {
            control.first { $0[0] == contract && $0[3] == "value" && $0[4] == category }.flatMap {
                CompareConservation.micros($0[column])
            } ?? -1
        }
        let lines = dir.dataLines("compare/contracts.csv").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        XCTAssertEqual(lines.last?[0], "ALL")
        XCTAssertEqual(lines.count, 10, "the sample contracts and ALL")
        for line in lines {
            let national = ["specialised", "prison", "military"]
            let before = national.map { figure(line[0], $0, 5) }.reduce(0, +)
            let after = national.map { figure(line[0], $0, 6) }.reduce(0, +)
            XCTAssertEqual(CompareConservation.micros(line[3]), figure(line[0], "written", 5), line[0])
            XCTAssertEqual(CompareConservation.micros(line[4]), before, line[0])
            XCTAssertEqual(CompareConservation.micros(line[5]), after, line[0])
            XCTAssertEqual(CompareConservation.micros(line[6]), after - before, line[0])
        }
        XCTAssertTrue(lines.contains { $0[6] != "0.00" }, "some contract's national value changes")
    }

    func testShareIsTheExactQuotientRoundedHalfToEven() {
        XCTAssertEqual(Totals.share(1, of: 3), "0.333333")
        XCTAssertEqual(Totals.share(2, of: 3), "0.666667")
        XCTAssertEqual(Totals.share(5, of: 10_000_000), "0.000000", "half, rounded to the even 0")
        XCTAssertEqual(Totals.share(15, of: 10_000_000), "0.000002", "one and a half, rounded to the even 2")
        XCTAssertEqual(Totals.share(7, of: 7), "1.000000")
        XCTAssertEqual(Totals.share(-1, of: 4), "-0.250000")
        XCTAssertEqual(Totals.share(1, of: 0), "")
        XCTAssertEqual(Totals.share(1, of: -5), "")
    }

    /// A rule set that fails its checks stops the run before any input is read, naming which
    /// of the two (both, when both fail), with every problem; nothing is created.
    func testAnInvalidRuleSetStopsTheRunNamingWhichBeforeAnyInputIsRead() throws {
        let broken = dir.path("broken")
        XCTAssertEqual(
            shell(
                "cp -r '\(rules2012)' '\(broken)' && printf 'BAD-1,local,,nowhere,NCBAFXXX,,,,,,,,,,,,,,,,,,,,,,,\\n' >> '\(broken)/rules.csv'"
            ), 0)
        let empty = dir.write("empty.csv", "")  // an input that fails (no header) if it is read
        for (from, to, roles) in [
            (broken, rules2012, ["old"]), (Self.rules2011, broken, ["new"]), (broken, broken, ["old", "new"]),
        ] {
            let monitor = JobMonitor()
            var options = CompareOptions(
                fromRules: from, toRules: to, outputDirectory: dir.path("never"), inputs: [empty])
            options.rejectsPath = dir.path("never.rejects.csv")
            XCTAssertThrowsError(try CompareJob(options: options, monitor: monitor).run()) { error in
                guard let invalid = error as? ComparedRuleSetsInvalid else { return XCTFail("\(error)") }
                XCTAssertEqual(invalid.exitCode, 78)
                XCTAssertEqual(invalid.failures.map(\.role), roles)
                XCTAssertTrue(
                    invalid.summary.hasPrefix(
                        "\(roles[0]) rule set (\(roles[0] == "old" ? "--from" : "--to")) \(broken) is invalid"),
                    invalid.summary)
                XCTAssertFalse(invalid.findings.isEmpty)
                XCTAssertTrue(invalid.description.contains("nowhere"), invalid.description)
            }
            XCTAssertEqual(monitor.phase, .rules, "stopped while loading rules, before planning the inputs")
            XCTAssertFalse(dir.exists("never"))
            XCTAssertFalse(dir.exists("never.rejects.csv"))
            XCTAssertFalse(dir.exists("never.lock"))
        }
    }

    /// Rejected rows go to the rejects file exactly as a split writes them, count on both
    /// sides, and over the limit nothing is published.
    func testRejectedRowsAreCountedOnBothSidesAndWrittenAsTheSplitWritesThem() throws {
        let input = dir.write(
            "apc.csv",
            apcHeader + apcRows.joined(separator: "\n")
                + "\nRJE,5PK,B82001,LS1 4AB,S8,11,19,30,AA22C,||I10X,,300,300,12x\n")
        XCTAssertThrowsError(try compare([input], out: "strict")) { error in
            XCTAssertEqual((error as? JobError)?.exitCode, 65)
        }
        XCTAssertFalse(dir.exists("strict"))
        XCTAssertTrue(dir.exists("strict.failed/rejects.csv"), "kept: it says why")
        XCTAssertEqual(dir.text("strict.rejects.csv"), dir.text("strict.failed/rejects.csv"), "and copied to --rejects")
        var options = CompareOptions(
            fromRules: Self.rules2011, toRules: rules2012, outputDirectory: dir.path("lenient"), inputs: [input])
        options.rejectsPath = dir.path("lenient.rejects.csv")
        options.maxRejects = 1
        let result = try CompareJob(options: options).run()
        XCTAssertEqual(result.manifest.totals.rowsRejected, 1)
        XCTAssertEqual(result.manifest.totals.rowsWritten, 7)
        var splitOptions = dir.options([input], out: "split")
        splitOptions.maxRejects = 1
        splitOptions.rejectsPath = dir.path("split.rejects.csv")
        _ = try SplitJob(options: splitOptions).run()
        XCTAssertEqual(dir.text("lenient.rejects.csv"), dir.text("split.rejects.csv"))
        XCTAssertEqual(dir.text("lenient/rejects.csv"), dir.text("split/rejects.csv"))
        XCTAssertEqual(result.rejectsPath, dir.path("lenient/rejects.csv"))
        XCTAssertTrue(result.manifest.outputs.contains { $0.path == "rejects.csv" && $0.rows == 1 })
        XCTAssertTrue(dir.dataLines("lenient/control-totals.csv").contains("RJE_5PK,RJE,5PK,rows,rejected,1,1,0"))
        XCTAssertEqual(
            try CompareConservation.sideProblems(
                compare: dir.path("lenient/control-totals.csv"), split: dir.path("split/control-totals.csv"), side: "to"
            ), [])
    }
}
