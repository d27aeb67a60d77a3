import Foundation
import TestSupport
import XCTest

/// End to end: `specsplit rules check|show|scale` and `explain` run as a built binary.
final class RulesCommandTests: XCTestCase {
    static let root = Binary.root

    /// Runs the built `specsplit` with `arguments`: exit status, standard output, standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let result = try Binary.run(arguments)
        return (result.status, result.out, result.err)
    }

    func testCheckAcceptsBothSampleYears() throws {
        for year in ["2011-12", "2012-13"] {
            let result = try run(["rules", "check", "sample-data/rules/\(year)"])
            XCTAssertEqual(result.status, 0, result.out + result.err)
            XCTAssertTrue(result.out.hasPrefix("OK: Illustrative national split"), result.out)
        }
    }

    func testCheckPrintsEveryProblemAndExits78() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("specsplit-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: RulesCommandTests.root.appendingPathComponent("sample-data/rules/2012-13"), to: directory)
        let rulesFile = directory.appendingPathComponent("rules.csv")
        var text = try String(contentsOf: rulesFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "NCBPS04F-1,national,APC,specialised,NCBPS04F,@cf_icd", with: "NCBPS04F-1,national,APC,specialised,NCBPS04F,E84.77 @no_such_set")
        try text.write(to: rulesFile, atomically: true, encoding: .utf8)
        let result = try run(["rules", "check", directory.path])
        XCTAssertEqual(result.status, 78, result.out + result.err)
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.out)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("ICD10|E84.77|") || $0.hasPrefix("SET|@no_such_set|") }, result.out)
        XCTAssertTrue(lines.allSatisfy { $0.contains("(rules.csv:") }, result.out)
        XCTAssertTrue(result.err.contains("rule set is invalid (2 problems)"), result.err)
    }

    func testShowSummarisesTheRuleSet() throws {
        let result = try run(["rules", "show", "sample-data/rules/2012-13"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("Financial year: 2012/13"), result.out)
        XCTAssertTrue(result.out.contains("Checksum:       sha256 "), result.out)
        XCTAssertTrue(result.out.contains("Rules (55): national 46"), result.out)
        XCTAssertTrue(result.out.contains("NCBPS04F  specialised"), result.out)
    }

    /// The files of a rule set directory, by name.
    func files(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return files
    }

    func testScaleWritesARuleSetThatCheckAccepts() throws {
        let scratch = Scratch()
        let out = scratch.path("scaled")
        let result = try run(["rules", "scale", "sample-data/rules/2012-13", "--out", out])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.out)
        let name = "Illustrative national split 2012/13 scaled to 500 rules"
        XCTAssertTrue(result.out.hasPrefix("wrote \(out): \(name): 500 rules, "), result.out)
        XCTAssertTrue(result.out.contains(" code sets, "), result.out)
        XCTAssertEqual(scratch.entries(), ["scaled"], "nothing but the rule set is left beside it")

        let check = try run(["rules", "check", out])
        XCTAssertEqual(check.status, 0, check.out + check.err)
        XCTAssertTrue(check.out.hasPrefix("OK: \(name) (financial year 2012/13): 500 rules (491 national, 9 local)"), check.out)
        // The OK line ends with the checksum; `default:` lines may follow it.
        let okLine = try XCTUnwrap(check.out.split(separator: "\n").first)
        let checksum = try XCTUnwrap(okLine.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(checksum.count, 64)
        XCTAssertTrue(result.out.hasSuffix("sha256 \(checksum)\n"), "scale prints the checksum check computes: \(result.out)")
        let toml = try XCTUnwrap(scratch.read("scaled/ruleset.toml"))
        XCTAssertTrue(toml.contains("description = \"SYNTHETIC rule set for benchmarks"), toml)
        XCTAssertTrue(toml.contains("illustrative = true\ncategories = [\"dental\"]\n"), toml)
        let codeSets = try XCTUnwrap(scratch.read("scaled/code-sets.csv"))
        XCTAssertGreaterThan(codeSets.split(separator: "\n").count, 18_000)
    }

    func testScaleKeepsAnExistingDirectoryWithoutForce() throws {
        let scratch = Scratch()
        let out = scratch.path("scaled")
        XCTAssertEqual(try run(["rules", "scale", "sample-data/rules/2012-13", "--out", out]).status, 0)
        let before = try files(out)
        let again = try run(["rules", "scale", "sample-data/rules/2012-13", "--out", out, "--seed", "2"])
        XCTAssertEqual(again.status, 73, again.out + again.err)
        XCTAssertTrue(again.err.contains("already exists"), again.err)
        XCTAssertEqual(again.out, "")
        XCTAssertEqual(try files(out), before, "the directory is as it was")
        XCTAssertEqual(scratch.entries(), ["scaled"])

        let forced = try run(["rules", "scale", "sample-data/rules/2012-13", "--out", out, "--seed", "2", "--force"])
        XCTAssertEqual(forced.status, 0, forced.err)
        let after = try files(out)
        XCTAssertEqual(after.keys.sorted(), before.keys.sorted())
        XCTAssertNotEqual(after["rules.csv"], before["rules.csv"], "replaced by the seed 2 rule set")
        XCTAssertEqual(scratch.entries(), ["scaled"])
    }

    func testScaleGivesTheSameBytesForTheSameSeed() throws {
        let scratch = Scratch()
        for (name, seed) in [("one", "7"), ("two", "7"), ("other", "8")] {
            let result = try run(["rules", "scale", "sample-data/rules/2012-13", "--rules", "300", "--codes", "6000",
                                  "--seed", seed, "--out", scratch.path(name)])
            XCTAssertEqual(result.status, 0, result.err)
        }
        let one = try files(scratch.path("one"))
        XCTAssertEqual(one.count, 9)
        XCTAssertEqual(try files(scratch.path("two")), one)
        let other = try files(scratch.path("other"))
        XCTAssertNotEqual(other["code-sets.csv"], one["code-sets.csv"])
        XCTAssertEqual(other["practices.csv"], one["practices.csv"], "the base's tables are copied as they are")
    }

    func testScaleRefusesBadSizesAndAnInvalidSource() throws {
        let scratch = Scratch()
        let out = scratch.path("scaled")
        for (arguments, message) in [
            (["--rules", "0"], "--rules must be 1 or more"),
            (["--rules", "40"], "is not more than the 55 rules"),
            (["--codes", "40000"], "ask for fewer codes"),
            (["--rules", "20000", "--codes", "10000"], "ask for fewer rules"),
        ] {
            let result = try run(["rules", "scale", "sample-data/rules/2012-13", "--out", out] + arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.err)")
            XCTAssertTrue(result.err.contains(message), "\(arguments): \(result.err)")
        }
        let invalid = try run(["rules", "scale", scratch.path("no-such-rules"), "--out", out])
        XCTAssertEqual(invalid.status, 78, invalid.err)
        XCTAssertTrue(invalid.err.contains("Rule set directory not found"), invalid.err)
        XCTAssertEqual(scratch.entries(), [], "nothing was written")
    }
}
