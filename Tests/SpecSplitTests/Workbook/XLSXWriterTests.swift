import TestSupport
import XCTest

@testable import SpecSplit

/// The workbook writer, read back with the repository's own `.xlsx` reader: text stays
/// text exactly (leading zeros, long ids, markup characters, control characters, spaces at
/// the edges, bytes that are not UTF-8), numbers are numbers, a full sheet goes on in
/// another, and the same cells give the same bytes.
final class XLSXWriterTests: XCTestCase {
    let directory = TemporaryDirectory()

    func write(_ name: String, rows: [[String]], kinds: [XLSXWriter.Kind], maxRows: Int = XLSXWriter.spreadsheetRows)
        throws -> String
    {
        let path = directory.path(name)
        let writer = XLSXWriter(path: path, scratch: directory.url.path, maxRows: maxRows)
        try writer.beginSheet("Sheet", header: rows[0], kinds: kinds, widths: kinds.map { _ in 12 })
        var part = 1
        for row in rows.dropFirst() {
            if writer.sheetIsFull {
                part += 1
                try writer.beginSheet("Sheet \(part)", header: rows[0], kinds: kinds, widths: kinds.map { _ in 12 })
            }
            try writer.row(row.map { Array($0.utf8) })
        }
        try writer.finish()
        return path
    }

    func testTextStaysTextExactlyAndNumbersAreNumbers() throws {
        let texts = [
            "03", "980000000001", "0012345678901234567890", "  padded ", "a<b&c>\"d'", "_x000D_ is literal",
            "line\r\nbreak",
            "tab\there", "\u{1}\u{1F}control", "£ and é", "1E5", "-", "TRUE",
        ]
        let numbers = ["2664060.41", "-12.50", "+3", "0.000001", "25578355.35", "199"]
        var rows = [["code", "amount"]]
        for (index, text) in texts.enumerated() { rows.append([text, numbers[index % numbers.count]]) }
        let path = try write("cells.xlsx", rows: rows, kinds: [.text, .amount])
        let workbook = try XLSXWorkbook(path: path)
        XCTAssertEqual(workbook.sheetNames, ["Sheet"])
        let sheet = try workbook.sheet("Sheet")
        XCTAssertEqual(sheet.rows.count, rows.count)
        XCTAssertEqual(sheet.rows[0].cells.map { $0?.text }, ["code", "amount"])
        for (index, row) in sheet.rows.dropFirst().enumerated() {
            XCTAssertEqual(row.cell(0)?.text, texts[index], "row \(index + 2)")
            XCTAssertEqual(row.cell(0)?.isNumber, false, "\(texts[index]) is a text cell")
            let number = numbers[index % numbers.count]
            XCTAssertEqual(row.cell(1)?.isNumber, true)
            XCTAssertEqual(
                FigureText.micros(row.cell(1)!.text), FigureText.micros(number.replacingOccurrences(of: "+", with: "")),
                "\(number) read back as \(row.cell(1)!.text)")
        }
        // The same cells, the same bytes (entries carry a fixed date).
        let again = try write("again.xlsx", rows: rows, kinds: [.text, .amount])
        XCTAssertEqual(FileManager.default.contents(atPath: path), FileManager.default.contents(atPath: again))
    }

    func testBytesThatAreNotUTF8BecomeReplacementCharacters() throws {
        let path = directory.path("bytes.xlsx")
        let writer = XLSXWriter(path: path, scratch: directory.url.path)
        try writer.beginSheet("Sheet", header: ["code"], kinds: [.text], widths: [10])
        try writer.row([[0x41, 0xFF, 0x42]])
        try writer.finish()
        XCTAssertEqual(try XLSXWorkbook(path: path).sheet("Sheet").rows[1].cell(0)?.text, "A\u{FFFD}B")
    }

    func testAFigureThatIsNotANumberIsRefused() throws {
        let writer = XLSXWriter(path: directory.path("bad.xlsx"), scratch: directory.url.path)
        try writer.beginSheet("Sheet", header: ["value"], kinds: [.amount], widths: [10])
        XCTAssertThrowsError(try writer.row([Array("12x".utf8)])) { error in
            XCTAssertTrue("\(error)".contains("\"12x\" in column A of sheet Sheet is not a number"), "\(error)")
        }
    }

    func testAFullSheetGoesOnInTheNext() throws {
        let rows = [["n"]] + (1...7).map { [String($0)] }
        let path = try write("long.xlsx", rows: rows, kinds: [.count], maxRows: 4)
        let workbook = try XLSXWorkbook(path: path)
        XCTAssertEqual(workbook.sheetNames, ["Sheet", "Sheet 2", "Sheet 3"])
        let values = try workbook.sheetNames.flatMap { name in
            try workbook.sheet(name).rows.dropFirst().map { $0.cell(0)!.text }
        }
        XCTAssertEqual(values, (1...7).map(String.init))
        XCTAssertEqual(
            try workbook.sheet("Sheet 3").rows.map { $0.cell(0)!.text }, ["n", "7"], "each sheet has the header")
    }

    func testEmptyFieldsAreEmptyCells() throws {
        let path = try write("empty.xlsx", rows: [["a", "share"], ["x", ""]], kinds: [.text, .share])
        let row = try XLSXWorkbook(path: path).sheet("Sheet").rows[1]
        XCTAssertEqual(row.cell(0)?.text, "x")
        XCTAssertNil(row.cell(1))
    }
}
