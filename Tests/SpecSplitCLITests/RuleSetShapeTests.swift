import Foundation
import TestSupport
import XCTest

/// One rule for which rule-set files are required: a table is required when a rule needs
/// what it provides, and everything added after the format was first specified is optional
/// with a documented default. Through the built binary.
final class RuleSetShapeTests: XCTestCase {
    let scratch = Scratch()
    static let extracts = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map { "sample-data/extracts/" + $0 }

    func check(_ directory: String) throws -> Binary.Result { try Binary.run(["rules", "check", directory]) }

    func split(_ directory: String, out: String) throws -> Binary.Result {
        try Binary.run(["split", "--rules", directory, "--out", scratch.path(out), "--quiet"] + Self.extracts)
    }

    // MARK: a table a rule needs

    func testATableARuleNeedsIsRequiredNamingTheRuleAndTheFile() throws {
        for (file, rule) in [("practices.csv", "NCBAFXXX-1"), ("prison-postcodes.csv", "NCBHJXXX-2"), ("code-sets.csv", "NCBDENTX-1")] {
            let directory = try Extracts.copyRules(to: "without-\(file)", in: scratch)
            try FileManager.default.removeItem(atPath: directory + "/" + file)
            let checked = try check(directory)
            XCTAssertEqual(checked.status, 78, "\(file): \(checked.out)\(checked.err)")
            let problem = checked.out.split(separator: "\n").first { $0.contains(file) } ?? ""
            XCTAssertTrue(problem.contains(rule), "\(file): names the first rule that needs it: \(checked.out)")
            let split = try split(directory, out: "out-\(file)")
            XCTAssertEqual(split.status, 78, "\(file): \(split.err)")
            XCTAssertTrue(split.err.contains(file) && split.err.contains(rule), split.err)
            XCTAssertFalse(scratch.exists("out-\(file)"))
        }
    }

    func testATableNoRuleNeedsMayBeLeftOut() throws {
        let directory = try Extracts.copyRules(to: "no-practices", in: scratch)
        try FileManager.default.removeItem(atPath: directory + "/practices.csv")
        let rules = directory + "/rules.csv"
        let kept = try String(contentsOfFile: rules, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("NCBAFXXX-1,") && !$0.hasPrefix("NCBHJXXX-1,") }
        try (kept.joined(separator: "\n") + "\n").write(toFile: rules, atomically: true, encoding: .utf8)
        let checked = try check(directory)
        XCTAssertEqual(checked.status, 0, checked.out + checked.err)
    }
}
