import Foundation
import XCTest

/// End to end: `specsplit rules check|show` and `explain` run as a built binary.
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
}
