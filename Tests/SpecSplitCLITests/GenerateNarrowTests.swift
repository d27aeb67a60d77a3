import Foundation
import TestSupport
import XCTest

/// `specsplit generate --narrow` end to end: `inspect` recognises the extract, and a split
/// of it gives the same control totals as the wide extract of the same seed (the same
/// spells, in 18 columns instead of 34).
final class GenerateNarrowTests: XCTestCase {
    let scratch = Scratch()

    func generate(_ name: String, _ extra: [String]) throws -> String {
        let path = scratch.path(name)
        let result = try Binary.run(
            ["generate", "--shape", "apc", "--rows", "20000", "--seed", "5", "--contracts", "20", "--output", path]
                + extra)
        XCTAssertEqual(result.status, 0, result.err)
        return path
    }

    func testInspectRecognisesTheNarrowExtract() throws {
        let narrow = try generate("narrow.csv", ["--narrow"])
        let inspect = try Binary.run(["inspect", narrow])
        XCTAssertEqual(inspect.status, 0, inspect.err)
        XCTAssertTrue(inspect.out.contains("admitted patient care (apc), spell level"), inspect.out)
        XCTAssertTrue(inspect.out.contains("rows:      20000 (0 malformed)"), inspect.out)
        XCTAssertTrue(inspect.out.contains("diagnoses               Der_Diagnosis_All"), inspect.out)
        XCTAssertTrue(inspect.out.contains("value                   Grand_Total_Payment_MFF"), inspect.out)
    }

    func testNarrowAndWideExtractsOfOneSeedSplitAlike() throws {
        let narrow = try generate("narrow.csv", ["--narrow"])
        let wide = try generate("wide.csv", [])
        var totals: [String] = []
        for (input, out) in [(narrow, "narrow-out"), (wide, "wide-out")] {
            let split = try Binary.run(
                ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path(out), "--quiet", input])
            XCTAssertEqual(split.status, 0, split.err)
            totals.append(try String(contentsOfFile: scratch.path(out + "/control-totals.csv"), encoding: .utf8))
        }
        XCTAssertEqual(totals[0], totals[1])
        let all = try XCTUnwrap(totals[0].split(separator: "\n").first { $0.hasPrefix("ALL,,,rows,") })
        // contract,provider,commissioner,measure,read,specialised,prison,military,non-specialised,dental,...
        let counts = all.split(separator: ",", omittingEmptySubsequences: false).dropFirst(4).prefix(6).compactMap {
            Int($0)
        }
        XCTAssertEqual(counts.first, 20000)
        XCTAssertTrue(counts.dropFirst().allSatisfy { $0 > 0 }, "every category has rows: \(all)")
    }
}
