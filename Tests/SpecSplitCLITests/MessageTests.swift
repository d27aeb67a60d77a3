import Foundation
import TestSupport
import XCTest

/// Messages say what is really wrong, and what specsplit changes in a code is said too.
final class MessageTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let header = "Provider_Code,Commissioner_Code,Contract_ID,POD,Treatment_Function_Code,HRG,Activity_Plan,Activity_Actual,Price_Plan,Price_Actual,Service_Code,Service_Category,Financial_Year,Month\n"

    func row(commissioner: String = "5PK", price: String) -> String {
        "RJE,\(commissioner),CT1,OPFA,710,WF02B,0,1,0.00,\(price),,,2012/13,201204\n"
    }

    func split(_ input: String, out: String = "o", _ extra: [String] = []) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules, "--out", out, "--quiet"] + extra + [input], in: scratch.url)
    }

    /// Issue 15, case 11: an amount that is a number but cannot be kept exactly is rejected
    /// saying why: more than 6 decimals, or too large; not "not a number".
    func testAmountsThatCannotBeKeptSayWhy() throws {
        let input = scratch.write(
            "in.csv", header + row(price: "10.00") + row(price: "12.3456785") + row(price: "9223372036854775807") + row(price: "£5"))
        let result = try split(input, ["--max-rejects", "3"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = (scratch.read("o/rejects.csv") ?? "").split(separator: "\n").map(String.init)
        let decimals = try XCTUnwrap(lines.first { $0.contains("12.3456785") }, "\(lines)")
        XCTAssertTrue(decimals.contains("more than 6 decimal places"), decimals)
        XCTAssertFalse(decimals.contains("not a number"), decimals)
        let large = try XCTUnwrap(lines.first { $0.contains("9223372036854775807") }, "\(lines)")
        XCTAssertTrue(large.contains("too large"), large)
        XCTAssertFalse(large.contains("not a number"), large)
        let currency = try XCTUnwrap(lines.first { $0.contains("£5") }, "\(lines)")
        XCTAssertTrue(currency.contains("not a number"), "a currency sign is still not a number: \(currency)")
    }

    /// Issue 15, case 11: an OUT that is a symbolic link (dangling or not) is refused with
    /// 73 saying so, never with advice to free disk space.
    func testAnOutputThatIsASymbolicLinkIsRefusedSayingSo() throws {
        let input = scratch.write("in.csv", header + row(price: "10.00"))
        XCTAssertEqual(symlink(scratch.path("nowhere"), scratch.path("dangling")), 0)
        let dangling = try split(input, out: "dangling")
        XCTAssertEqual(dangling.status, 73, dangling.err)
        XCTAssertTrue(dangling.err.contains("symbolic link"), dangling.err)
        XCTAssertFalse(dangling.err.contains("Free space"), dangling.err)
        XCTAssertFalse(scratch.exists("nowhere"))

        XCTAssertEqual(try split(input, out: "real").status, 0)
        XCTAssertEqual(symlink(scratch.path("real"), scratch.path("linked")), 0)
        let linked = try split(input, out: "linked", ["--force"])
        XCTAssertEqual(linked.status, 73, linked.err)
        XCTAssertTrue(linked.err.contains("symbolic link"), linked.err)
        var info = stat()
        XCTAssertEqual(lstat(scratch.path("linked"), &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the link is left as it was")
    }

    /// Issue 15, case 11: a commissioner code ending in 00 (`C0000`) is read as its first
    /// three characters, as a trust's site suffix is; contract keys stay as they were, and
    /// quality.csv counts the rows so read.
    func testAShortenedCommissionerCodeIsCountedInQuality() throws {
        let input = scratch.write(
            "in.csv", header + row(commissioner: "C0000", price: "1") + row(commissioner: "C0000", price: "2")
                + row(commissioner: "C00", price: "3") + row(commissioner: "5PK", price: "4"))
        let result = try split(input)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(scratch.exists("o/contracts/RJE_C00"), "the contract key is unchanged")
        XCTAssertFalse(scratch.exists("o/contracts/RJE_C0000"))
        let quality = scratch.read("o/quality.csv") ?? ""
        let line = try XCTUnwrap(quality.split(separator: "\n").first { $0.hasPrefix("COMMISSIONER|C0000|") }, quality)
        XCTAssertTrue(line.contains("C00"), String(line))
        XCTAssertTrue(line.contains(",2,"), "counted once a row: \(line)")
    }
}
