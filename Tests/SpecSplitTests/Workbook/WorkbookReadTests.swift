import TestSupport
import XCTest

@testable import SpecSplit

/// Reading workbooks: `.xlsx` files (shared and inline strings, numbers, numbers stored as
/// text, empty cells, cells placed by reference) and directories of CSV exports.
final class WorkbookReadTests: XCTestCase {
    let directory = TemporaryDirectory()

    func testCellReferences() {
        XCTAssertEqual(CellReference.parse("A1")?.column, 0)
        XCTAssertEqual(CellReference.parse("Z9")?.column, 25)
        XCTAssertEqual(CellReference.parse("AA12")?.column, 26)
        XCTAssertEqual(CellReference.parse("AA12")?.row, 12)
        XCTAssertEqual(CellReference.parse("XFD1048576")?.column, 16_383)
        for bad in ["", "A", "12", "A0", "1A", "XFE1", "$A$1", "AAAA1"] { XCTAssertNil(CellReference.parse(bad), bad) }
        for index in [0, 25, 26, 51, 52, 701, 702, 16_383] {
            XCTAssertEqual(CellReference.parse(CellReference.columnName(index) + "1")?.column, index)
        }
        XCTAssertEqual(CellReference.columnName(27), "AB")
    }

    func testNumbersAreWrittenInPlainDecimalAsASpreadsheetShowsThem() {
        let cases = [
            ("3", "3"), ("03", "3"), ("370", "370"), ("0.25", "0.25"), ("0.14999999999999999", "0.15"),
            ("12.5", "12.5"), ("1.2E3", "1200"), ("1.5E-2", "0.015"), ("-4.50", "-4.5"), ("100", "100"),
            ("0", "0"), ("2.9999999999999996", "3"), ("1E+2", "100"),
        ]
        for (stored, shown) in cases { XCTAssertEqual(WorkbookNumber.plain(stored), shown, stored) }
        for bad in ["", "abc", "1.2.3", "1E", "--1", "1,5"] { XCTAssertNil(WorkbookNumber.plain(bad), bad) }
    }

    func testXLSXCellsOfEveryKindArePlacedByTheirReference() throws {
        var builder = XLSXBuilder()
        builder.sheet(
            "Summary of ID code sets",
            [
                [.text("Flag_Number"), .text("Code"), nil, .text("Note & more")],
                [.number("1"), .inline("E84.0"), nil, .text("cystic fibrosis")],
                [.number("2"), .text("03"), .number("3"), .formulaText("=x")],
                [],
                [
                    nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil,
                    nil, nil, nil, nil, nil, nil, .boolean(true),
                ],
            ])
        builder.sheet("Other", [[.text("x")]])
        let path = directory.path("book.xlsx")
        try builder.write(to: path)
        let workbook = try openWorkbook(path)
        XCTAssertEqual(workbook.sheetNames, ["Summary of ID code sets", "Other"])
        XCTAssertEqual(workbook.resolve("summary_of_ID_code_sets"), "Summary of ID code sets")
        let sheet = try workbook.sheet("Summary of ID code sets")
        XCTAssertEqual(sheet.rows.map(\.number), [1, 2, 3, 5], "a row with no cells is left out")
        XCTAssertEqual(sheet.rows[0].cells.map { $0?.text }, ["Flag_Number", "Code", nil, "Note & more"])
        XCTAssertEqual(sheet.rows[1].cell(0), WorkbookCell(text: "1", isNumber: true))
        XCTAssertEqual(sheet.rows[1].cell(1), WorkbookCell(text: "E84.0"))
        XCTAssertEqual(sheet.rows[2].cell(1), WorkbookCell(text: "03"), "a number stored as text keeps its zero")
        XCTAssertEqual(sheet.rows[2].cell(2), WorkbookCell(text: "3", isNumber: true))
        XCTAssertEqual(sheet.rows[2].cell(3)?.text, "=x")
        XCTAssertEqual(sheet.rows[3].cell(26), WorkbookCell(text: "TRUE"), "column AA")
        XCTAssertEqual(sheet.location(row: 5, column: 26), "sheet \"Summary of ID code sets\", row 5, cell AA5")
    }

    func testCellsWithoutReferencesFollowOneAnother() throws {
        var builder = XLSXBuilder()
        builder.omitReferences = true
        builder.sheet("S", [[.text("a"), nil, .text("c")], [.number("1")]])
        try builder.write(to: directory.path("plain.xlsx"))
        let sheet = try XLSXWorkbook(path: directory.path("plain.xlsx")).sheet("S")
        XCTAssertEqual(sheet.rows.map(\.number), [1, 2])
        XCTAssertEqual(sheet.rows[0].cells.map { $0?.text }, ["a", nil, "c"])
    }

    func testSpreadsheetControlCharacterEscapesAreDecoded() {
        XCTAssertEqual(XLSXWorkbook.unescape("line_x000D__x000A_two"), "line\r\ntwo")
        XCTAssertEqual(XLSXWorkbook.unescape("a_x005F_b_xZZ_"), "a_b_xZZ_")
    }

    func testNotAWorkbookIsAClearError() throws {
        let path = directory.write("fake.xlsx", "flag,code\n1,E840\n")
        XCTAssertThrowsError(try openWorkbook(path)) { error in
            XCTAssertTrue("\(error)".contains("not a readable .xlsx workbook"), "\(error)")
        }
        XCTAssertThrowsError(try openWorkbook(directory.path("missing.xlsx"))) { error in
            XCTAssertTrue("\(error)".contains("no such file or directory"), "\(error)")
        }
        var builder = XLSXBuilder()
        builder.sheet("S", [[.text("a")]])
        try builder.write(to: directory.path("ok.xlsx"))
        XCTAssertThrowsError(try XLSXWorkbook(path: directory.path("ok.xlsx")).sheet("T")) { error in
            XCTAssertTrue("\(error)".contains("no sheet \"T\" (sheets: S)"), "\(error)")
        }
    }

    func testACSVDirectoryIsAWorkbookOfTextCells() throws {
        directory.write("tables/Summary of ID code sets.csv", "Flag_Number,Code\r\n1,E84.0\r\n\r\n2,03\r\n")
        directory.write("tables/notes.txt", "not a table")
        let workbook = try openWorkbook(directory.path("tables"))
        XCTAssertEqual(workbook.sheetNames, ["Summary of ID code sets"])
        let sheet = try workbook.sheet("Summary of ID code sets")
        XCTAssertEqual(sheet.rows.map(\.number), [1, 2, 4], "physical lines")
        XCTAssertEqual(sheet.rows[2].cell(1), WorkbookCell(text: "03", fromCSV: true))
        XCTAssertEqual(sheet.location(row: 4, column: 1), "Summary of ID code sets.csv:4, field 2")
    }
}
