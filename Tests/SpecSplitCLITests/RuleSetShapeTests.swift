import Foundation
import TestSupport
import XCTest

/// One rule for which rule-set files are required: a table is required when a rule needs
/// what it provides, and everything added after the format was first specified is optional
/// with a documented default. Through the built binary.
final class RuleSetShapeTests: XCTestCase {
    let scratch = Scratch()
    static let extracts = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
        "sample-data/extracts/" + $0
    }

    func check(_ directory: String) throws -> Binary.Result { try Binary.run(["rules", "check", directory]) }

    func split(_ directory: String, out: String) throws -> Binary.Result {
        try Binary.run(["split", "--rules", directory, "--out", scratch.path(out), "--quiet"] + Self.extracts)
    }

    // MARK: a table a rule needs

    func testATableARuleNeedsIsRequiredNamingTheRuleAndTheFile() throws {
        for (file, rule) in [
            ("practices.csv", "NCBAFXXX-1"), ("prison-postcodes.csv", "NCBHJXXX-2"), ("code-sets.csv", "NCBDENTX-1"),
        ] {
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

    // MARK: the first specified shape

    /// The sample 2012/13 rule set as the format was first specified: no `description` in
    /// rules.csv, no `classification` in code-sets.csv, no `prescribing_setting` in
    /// practices.csv, no `illustrative` key, no service-groups.csv or pod-settings.csv.
    func firstShape() throws -> String {
        let directory = try Extracts.copyRules(to: "first-shape", in: scratch)
        try Extracts.dropColumns(directory + "/rules.csv", ["description"])
        try Extracts.dropColumns(directory + "/code-sets.csv", ["classification"])
        try Extracts.dropColumns(directory + "/practices.csv", ["prescribing_setting"])
        let toml = directory + "/ruleset.toml"
        let text = try String(contentsOfFile: toml, encoding: .utf8).split(separator: "\n").filter {
            !$0.hasPrefix("illustrative")
        }
        try (text.joined(separator: "\n") + "\n").write(toFile: toml, atomically: true, encoding: .utf8)
        for name in ["service-groups.csv", "pod-settings.csv"] {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
        }
        return directory
    }

    func testARuleSetInTheFirstSpecifiedShapeLoadsWithTheDefaultsNamed() throws {
        let directory = try firstShape()
        let checked = try check(directory)
        XCTAssertEqual(checked.status, 0, checked.out + checked.err)
        XCTAssertTrue(checked.out.hasPrefix("OK: "), checked.out)
        let defaults = checked.out.split(separator: "\n").filter { $0.hasPrefix("default: ") }
        XCTAssertTrue(defaults.contains { $0.contains("description") && $0.contains("rules.csv") }, checked.out)
        XCTAssertTrue(defaults.contains { $0.contains("service-groups.csv") && $0.contains("unknown") }, checked.out)
        XCTAssertTrue(defaults.contains { $0.contains("pod-settings.csv") }, checked.out)

        let split = try split(directory, out: "out")
        XCTAssertEqual(split.status, 0, split.err)
        let quality = scratch.read("out/quality.csv") ?? ""
        let note = quality.split(separator: "\n").first { $0.contains("pod-settings.csv") } ?? ""
        XCTAssertTrue(note.contains("contract-monitoring.csv"), quality)
        let summary = scratch.read("out/summary.csv") ?? ""
        let groups = Set(
            summary.split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false)
            }
            .filter { $0[3] != "specialised" }.map { String($0[4]) })
        XCTAssertEqual(groups, ["unknown"], "without service-groups.csv every service group is unknown")
        // Rules with a setting never fire on contract-monitoring lines: only setting-less ones do.
        let lines = scratch.read("out/contracts/RJE_5PK/specialised-slam.csv") ?? ""
        XCTAssertGreaterThan(lines.split(separator: "\n").count, 1, "setting-less rules still fire on contract lines")
    }

    // MARK: dotted codes

    func testDottedCodesInARuleSetAreAWarningNotAnError() throws {
        let directory = try Extracts.copyRules(to: "dotted", in: scratch)
        let rules = directory + "/rules.csv"
        let text = try String(contentsOfFile: rules, encoding: .utf8)
            .replacingOccurrences(
                of: "NCBPS04F-1,national,APC,specialised,NCBPS04F,@cf_icd,",
                with: "NCBPS04F-1,national,APC,specialised,NCBPS04F,E84.0 E84.1,")
        try text.write(toFile: rules, atomically: true, encoding: .utf8)
        let sets = directory + "/code-sets.csv"
        try String(contentsOfFile: sets, encoding: .utf8).replacingOccurrences(
            of: "haemophilia_icd,D680,", with: "haemophilia_icd,D68.0,"
        )
        .write(toFile: sets, atomically: true, encoding: .utf8)
        let checked = try check(directory)
        XCTAssertEqual(checked.status, 0, checked.out + checked.err)
        let warnings = checked.out.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        XCTAssertTrue(
            warnings.contains { $0.contains("E84.0") && $0.contains("E840") && $0.contains("rules.csv:24") },
            checked.out)
        XCTAssertTrue(warnings.contains { $0.contains("E84.1") }, checked.out)
        XCTAssertTrue(warnings.contains { $0.contains("D68.0") && $0.contains("code-sets.csv:15") }, checked.out)
        XCTAssertEqual(
            try check("sample-data/rules/2012-13").out.split(separator: "\n").filter { $0.hasPrefix("warning: ") }, [])
    }
}
