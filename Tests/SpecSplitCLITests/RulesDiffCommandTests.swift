import Foundation
import TestSupport
import XCTest

/// End to end: `specsplit rules diff OLD NEW`.
final class RulesDiffCommandTests: XCTestCase {
    let scratch = Scratch()

    func testTheSampleYearsDiffMatchesTheReviewedFileByteForByte() throws {
        let result = try Binary.run(["rules", "diff", "sample-data/rules/2011-12", "sample-data/rules/2012-13"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        let expected = try String(
            contentsOf: Binary.root.appendingPathComponent("sample-data/expected-diff/rules-2011-12-to-2012-13.csv"),
            encoding: .utf8)
        XCTAssertEqual(result.out, expected)
    }

    func testNoDifferenceIsTheHeaderAloneAndExitsZero() throws {
        let result = try Binary.run(["rules", "diff", "sample-data/rules/2012-13", "sample-data/rules/2012-13"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, "table,key,change,column,old,new,old_location,new_location\n")
    }

    func testAnInvalidRuleSetStopsWith78NamingWhichOne() throws {
        let broken = scratch.path("broken")
        try FileManager.default.copyItem(
            atPath: Binary.root.appendingPathComponent("sample-data/rules/2012-13").path, toPath: broken)
        try "service_line,description\n".write(toFile: broken + "/service-lines.csv", atomically: true, encoding: .utf8)
        let old = try Binary.run(["rules", "diff", broken, "sample-data/rules/2012-13"])
        XCTAssertEqual(old.status, 78, old.err)
        XCTAssertTrue(old.err.contains("OLD rule set \(broken) is invalid"), old.err)
        XCTAssertEqual(old.out, "")
        let new = try Binary.run(["rules", "diff", "sample-data/rules/2012-13", scratch.path("missing")])
        XCTAssertEqual(new.status, 78, new.err)
        XCTAssertTrue(new.err.contains("NEW rule set \(scratch.path("missing")) is invalid"), new.err)
    }
}
