import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// `RuleSetDiff`: one line a change, with where it is in each rule set.
final class RuleSetDiffTests: XCTestCase {
    let directory = TemporaryDirectory()
    static let sample = SampleRuleSetTests.samples + "/2012-13"

    /// The 2012/13 sample copied, with `edits` (file -> [(old text, new text)]) applied, loaded.
    func edited(_ name: String, _ edits: [String: [(String, String)]]) throws -> RuleSet {
        let target = directory.path(name)
        try FileManager.default.copyItem(atPath: RuleSetDiffTests.sample, toPath: target)
        for (file, replacements) in edits {
            var text = try String(contentsOfFile: target + "/" + file, encoding: .utf8)
            for (old, new) in replacements {
                XCTAssertTrue(text.contains(old), "\(file) has \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            try text.write(toFile: target + "/" + file, atomically: true, encoding: .utf8)
        }
        return try RuleSet.load(directory: target)
    }

    func lines(_ diff: RuleSetDiff) -> [String] {
        String(decoding: diff.csv, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    func testARuleSetAgainstItselfHasNoChanges() throws {
        let sample = try RuleSet.load(directory: RuleSetDiffTests.sample)
        let diff = RuleSetDiff(old: sample, new: sample)
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(
            String(decoding: diff.csv, as: UTF8.self), "table,key,change,column,old,new,old_location,new_location\n")
    }

    func testEachKindOfChangeIsOneLineWithItsLocations() throws {
        let old = try RuleSet.load(directory: RuleSetDiffTests.sample)
        let new = try edited(
            "new",
            [
                "rules.csv": [
                    (
                        "NCBPS04F-2,national,NAC,specialised,NCBPS04F,,,,,,,,,,,343,,,,,,,,,,,,Adult cystic fibrosis outpatient clinic (treatment function 343)\n",
                        ""
                    )
                ],
                "code-sets.csv": [("haemophilia_icd,D66X,icd10\n", "")],
                "service-lines.csv": [
                    (
                        "NCBPS05D,Renal dialysis,Internal Medicine,260,specialised",
                        "NCBPS05D,Renal dialysis,Internal Medicine,265,specialised"
                    )
                ],
                "pod-settings.csv": [("CC,APC", "CC,NAC")],
            ])
        let diff = lines(RuleSetDiff(old: old, new: new))
        let removed = try XCTUnwrap(diff.first { $0.hasPrefix("rules,NCBPS04F-2,") })
        XCTAssertTrue(removed.hasPrefix("rules,NCBPS04F-2,removed,,,,rules.csv:"), removed)
        XCTAssertTrue(removed.hasSuffix(","), "no new location: \(removed)")
        XCTAssertTrue(
            diff.contains { $0.hasPrefix("code-sets,haemophilia_icd,removed,code,D66X,,code-sets.csv:") }, "\(diff)")
        XCTAssertTrue(
            diff.contains { $0.hasPrefix("service-lines,NCBPS05D,changed,rank,260,265,service-lines.csv:") }, "\(diff)")
        XCTAssertTrue(
            diff.contains { $0.hasPrefix("pod-settings,CC,changed,setting,APC,NAC,pod-settings.csv:") }, "\(diff)")
        XCTAssertEqual(diff.count, 5, diff.joined(separator: "\n"))
    }

    func testLocalRulesAndServiceGroupsThatMoveAreReported() throws {
        let old = try RuleSet.load(directory: RuleSetDiffTests.sample)
        let rules = try String(contentsOfFile: RuleSetDiffTests.sample + "/rules.csv", encoding: .utf8)
        let military = try XCTUnwrap(rules.split(separator: "\n").first { $0.hasPrefix("NCBAFXXX-1,") })
        let groups = try String(contentsOfFile: RuleSetDiffTests.sample + "/service-groups.csv", encoding: .utf8)
        let firstGroup = try XCTUnwrap(groups.split(separator: "\n").dropFirst().first)
        let new = try edited(
            "moved",
            [
                // The military rule goes before dental: first match wins, so the order is a change.
                "rules.csv": [(military + "\n", ""), ("NCBDENTX-1,", military + "\nNCBDENTX-1,")],
                "service-groups.csv": [(firstGroup + "\n", ""), (",,,,,acute\n", firstGroup + "\n,,,,,acute\n")],
            ])
        let diff = lines(RuleSetDiff(old: old, new: new))
        // Two rules swapped places: either may be the one that moved (both are a shortest answer).
        let moved = diff.filter { $0.hasPrefix("rules,") }
        XCTAssertEqual(moved.count, 1, diff.joined(separator: "\n"))
        XCTAssertTrue(
            moved == ["rules,NCBAFXXX-1,changed,order,4,3,rules.csv:5,rules.csv:4"]
                || moved == ["rules,NCBDENTX-1,changed,order,3,4,rules.csv:4,rules.csv:5"], "\(moved)")
        XCTAssertTrue(
            diff.contains { $0.hasPrefix("service-groups,pod=CC,changed,order,1,") }, diff.joined(separator: "\n"))
        XCTAssertEqual(diff.count, 3, diff.joined(separator: "\n"))
    }

    func testPerSettingRanksAndCategoriesAreCompared() throws {
        let old = try RuleSet.load(directory: RuleSetDiffTests.sample)
        var new = old
        new.serviceLines[0].apcRank = 1
        new.categories.removeAll { $0 == "dental" }
        let diff = RuleSetDiff(old: old, new: new).changes
        XCTAssertTrue(
            diff.contains(
                RuleSetChange(
                    table: "service-lines", key: "NCBPS02M", change: .changed, column: "apc_rank", old: "", new: "1",
                    oldLocation: "service-lines.csv:2", newLocation: "service-lines.csv:2")), "\(diff)")
        XCTAssertTrue(
            diff.contains(
                RuleSetChange(table: "categories", key: "dental", change: .removed, oldLocation: "ruleset.toml:6")),
            "\(diff)")
    }

    func testFieldsAreQuotedOnlyWhereTheyMustBe() {
        let change = RuleSetChange(
            table: "rules", key: "X-1", change: .changed, column: "description", old: "a, b", new: "say \"c\"")
        XCTAssertEqual(change.fields, ["rules", "X-1", "changed", "description", "a, b", "say \"c\"", "", ""])
        var bytes: [UInt8] = []
        CSVEncoding.append(fields: change.fields, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), #"rules,X-1,changed,description,"a, b","say ""c""",,"#)
    }
}
