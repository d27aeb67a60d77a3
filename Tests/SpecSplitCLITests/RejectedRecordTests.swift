import Foundation
import TestSupport
import XCTest

/// A rejected record says how many physical lines it spans, and a stray quote that
/// swallows the rest of a file is caught by a limit on those lines, not waved through as
/// one reject.
final class RejectedRecordTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let header = "Provider_Code,Commissioner_Code,Contract_ID,POD,Treatment_Function_Code,HRG,Activity_Plan,Activity_Actual,Price_Plan,Price_Actual,Service_Code,Service_Category,Financial_Year,Month\n"

    func row(_ index: Int) -> String { "RJE,5PK,CT\(index),OPFA,710,WF02B,0,1,0.00,\(index).00,,,2012/13,201204\n" }

    /// 120 rows; on line 10 a quote opens the Service_Category field, and the next quote is
    /// on line 60: lines 10 to 60 are read as one record (with too many fields), rejected.
    func swallowingExtract() -> String {
        var text = header
        for index in 2...121 {
            var line = row(index)
            if index == 10 { line = line.replacingOccurrences(of: ",,,2012/13", with: ",,\"x,2012/13") }
            if index == 60 { line = line.replacingOccurrences(of: ",,,2012/13", with: ",,y\",,2012/13") }
            text += line
        }
        return scratch.write("swallow.csv", text)
    }

    func split(_ extra: [String], _ input: String, out: String = "o") throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules, "--out", out, "--quiet"] + extra + [input], in: scratch.url)
    }

    /// The rejects file as rows of fields (its records may span lines).
    func rejects(_ path: String) throws -> [[String]] {
        let text = try XCTUnwrap(scratch.read(path), path)
        var rows: [[String]] = []
        var field = ""
        var fields: [String] = []
        var quoted = false
        var previous: Character = " "
        for character in text {
            if quoted {
                if character == "\"" { quoted = false } else { field.append(character) }
            } else if character == "\"" {
                if previous == "\"" { field.append("\"") }
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else if character == "\n" {
                fields.append(field)
                rows.append(fields)
                fields = []
                field = ""
            } else {
                field.append(character)
            }
            previous = character
        }
        return rows
    }

    /// Issue 15, case 10: the rejects file gains a last column, `lines`: the physical lines
    /// each rejected record spans.
    func testTheRejectsFileSaysHowManyLinesEachRecordSpans() throws {
        var text = header + row(2)
        text += "RJE,5PK,CT3,OPFA,710,WF02B,0,1,0.00,n/a,,,2012/13,201204\n"  // one line
        text += "RJE,5PK,CT4,OPFA,710,WF02B,0,1,0.00,n/a,\"two\nlines\",,2012/13,201204\n"  // two lines
        text += row(6)
        let input = scratch.write("in.csv", text)
        let result = try split(["--max-rejects", "2", "--max-reject-lines", "3"], input)
        XCTAssertEqual(result.status, 0, result.err)
        let rows = try rejects("o/rejects.csv")
        XCTAssertEqual(
            rows.first, ["source", "line", "reason", "column", "record", "lines", "contract"],
            "lines is appended (then the contract), nothing moves")
        XCTAssertEqual(rows.dropFirst().map { $0[1] }, ["3", "4"])
        XCTAssertEqual(rows.dropFirst().map { $0[5] }, ["1", "2"])
    }

    /// Issue 15, case 10: one stray quote swallowing 51 lines is one rejected record, but
    /// 51 rejected lines: over `--max-reject-lines` (by default the `--max-rejects` limit)
    /// the run fails with 65 saying where the record starts and how many lines it spans.
    func testAStrayQuoteSwallowingLinesIsCaughtByTheLineLimit() throws {
        let input = swallowingExtract()
        let result = try split(["--max-rejects", "5"], input)
        XCTAssertEqual(result.status, 65, result.err)
        XCTAssertTrue(result.err.contains("51"), "says how many lines: \(result.err)")
        XCTAssertTrue(result.err.contains("swallow.csv:10"), "says where it starts: \(result.err)")
        XCTAssertTrue(result.err.contains("--max-reject-lines"), "says what to change: \(result.err)")
        XCTAssertFalse(scratch.exists("o"))
        let kept = try rejects("o.failed/rejects.csv")
        XCTAssertEqual(kept.count, 2, "one record")
        XCTAssertEqual(kept.last?[5], "51")
        XCTAssertTrue(kept.last?[2].contains("spans 51 lines") ?? false, "the reason says so too: \(kept.last ?? [])")

        let allowed = try split(["--max-rejects", "5", "--max-reject-lines", "51"], input, out: "allowed")
        XCTAssertEqual(allowed.status, 0, allowed.err)
        let config = scratch.write("split.toml", "max_rejects = 5\nmax_reject_lines = 51\n")
        XCTAssertEqual(try split(["--config", config], input, out: "configured").status, 0)
        XCTAssertEqual(try split(["--max-reject-lines", "-1"], input, out: "bad").status, 64)
        let bad = scratch.write("bad.toml", "max_reject_lines = -1\n")
        XCTAssertEqual(try split(["--config", bad], input, out: "bad").status, 78)
    }
}
