import TestSupport
import XCTest

@testable import SpecSplit

/// Input without a header row (a pipe from another program), its columns given.
final class GivenHeaderTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testTheFirstLineIsDataAndLinesCountFromOne() throws {
        var options = CSVReadOptions()
        options.header = ["a", "b"]
        let (header, rows) = try readAll(dir.write("in.csv", "1,2\n\"x\ny\",3\n4\n"), options: options)
        XCTAssertEqual(header, ["a", "b"])
        XCTAssertEqual(rows.map(\.text), [["1", "2"], ["x\ny", "3"], ["4"]])
        XCTAssertEqual(rows.map(\.line), [1, 2, 4])
        XCTAssertEqual(rows.map(\.status), [.ok, .ok, .tooFewFields], "the given header sets the field count")
    }

    func testAnEmptyInputHasNoRowsButKeepsItsColumns() throws {
        var options = CSVReadOptions()
        options.header = ["a"]
        let (header, rows) = try readAll(dir.write("empty.csv", ""), options: options)
        XCTAssertEqual(header, ["a"])
        XCTAssertEqual(rows, [])
    }

    func testColumnsAreOneCSVRecord() throws {
        XCTAssertEqual(try ClassifyOptions.parseColumns("A,B"), ["A", "B"])
        XCTAssertEqual(
            try ClassifyOptions.parseColumns("\"odd, name\",\"say \"\"hi\"\"\", spaced "),
            ["odd, name", "say \"hi\"", " spaced "])
        XCTAssertThrowsError(try ClassifyOptions.parseColumns("A,,B"))
        XCTAssertThrowsError(try ClassifyOptions.parseColumns("\"A,B"))
        XCTAssertThrowsError(try ClassifyOptions.parseColumns(""))
    }
}
