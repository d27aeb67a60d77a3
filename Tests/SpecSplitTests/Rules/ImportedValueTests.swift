import XCTest

@testable import SpecSplit

/// How workbook cells become rule-set values, and how a mapping file is read.
final class ImportedValueTests: XCTestCase {
    func codes(_ text: String, _ cell: WorkbookCell?, _ kind: CodeKind) -> [String] {
        ImportedValue.codes(text, cell: cell, kind: kind).map { $0.problem == nil ? $0.code : "!" + $0.code }
    }

    func testCodesFromNumericCellsArePaddedToTheirWidth() {
        let number = WorkbookCell(text: "3", isNumber: true), text = WorkbookCell(text: "3")
        XCTAssertEqual(codes("3", number, .specialty), ["003"])
        XCTAssertEqual(codes("3", number, .twoDigit), ["03"])
        XCTAssertEqual(
            codes("3", WorkbookCell(text: "3", fromCSV: true), .twoDigit), ["03"], "a CSV export may have been a number"
        )
        XCTAssertEqual(codes("3", text, .twoDigit), ["!3"], "text is taken as written, and checked")
        XCTAssertEqual(codes("343", number, .specialty), ["343"])
        XCTAssertEqual(codes("1", number, .oneDigit), ["1"])
    }

    func testCodeListsAreSplitAndNormalised() {
        XCTAssertEqual(codes("e84.0, E84.1;T2*\nD66", nil, .icd10), ["E840", "E841", "T2%", "D66"])
        XCTAssertEqual(codes("X40.1 X40.2", nil, .opcs4), ["X401", "X402"])
        XCTAssertEqual(codes("N/A", nil, .icd10), [])
        XCTAssertEqual(codes("-", nil, .twoDigit), [])
        XCTAssertEqual(codes("E8Y.1", nil, .icd10), ["!E8Y1"])
        XCTAssertEqual(WorkbookNames.key("Flag_\nNumber"), "flagnumber", "a wrapped header")
        XCTAssertEqual(WorkbookNames.key("Flag\r\nNumber"), "flagnumber")
    }

    func testSettingsPositionsFlagsAndSex() {
        XCTAssertEqual(ImportedValue.setting("apc"), .apc)
        XCTAssertEqual(ImportedValue.setting("Admitted Patient Care"), .apc)
        XCTAssertEqual(ImportedValue.setting("Outpatients"), .nac)
        XCTAssertNil(ImportedValue.setting("A&E"))
        XCTAssertEqual(ImportedValue.position("Primary Only"), .primary)
        XCTAssertEqual(ImportedValue.position(""), .any)
        XCTAssertNil(ImportedValue.position("Secondary only"))
        XCTAssertEqual(ImportedValue.flag("Yes"), true)
        XCTAssertEqual(ImportedValue.flag(""), false)
        XCTAssertNil(ImportedValue.flag("maybe"))
        XCTAssertEqual(ImportedValue.sex("Female"), "2")
        XCTAssertEqual(ImportedValue.sex("Persons"), "")
        XCTAssertNil(ImportedValue.sex("X"))
    }

    func testAgesFromAnAgeAndACheck() {
        XCTAssertEqual(ImportedValue.age("19", check: "<"), "<19")
        XCTAssertEqual(ImportedValue.age("19", check: "Less than"), "<19")
        XCTAssertEqual(ImportedValue.age("16", check: "Greater than or equal to"), ">=16")
        XCTAssertEqual(ImportedValue.age("18", check: "="), "18-18")
        XCTAssertEqual(ImportedValue.age("<19", check: ""), "<19")
        XCTAssertEqual(ImportedValue.age("16-24", check: ""), "16-24")
        XCTAssertEqual(ImportedValue.age("", check: ""), "")
        XCTAssertNil(ImportedValue.age("19", check: "about"))
        XCTAssertNil(ImportedValue.age("19", check: ""), "an age without a check is not a condition")
        XCTAssertNil(ImportedValue.age("", check: "<"))
    }

    func testTopUpsBecomePercentagesExactly() {
        XCTAssertEqual(ImportedValue.percent("0.25", fraction: true), "25")
        XCTAssertEqual(ImportedValue.percent("0.14999999999999999", fraction: true), "15")
        XCTAssertEqual(ImportedValue.percent("0.125", fraction: true), "12.5")
        XCTAssertEqual(ImportedValue.percent("25%", fraction: true), "25")
        XCTAssertEqual(ImportedValue.percent("25", fraction: false), "25")
        XCTAssertNil(ImportedValue.percent("-0.1", fraction: true))
        XCTAssertNil(ImportedValue.percent("a lot", fraction: true))
    }

    func testTheBuiltInMappingAndMappingErrors() throws {
        let mapping = ImportMapping.builtIn
        XCTAssertEqual(mapping.summary.sheet.first, "Summary of ID code sets")
        XCTAssertEqual(mapping.counts[.icd10]?.names, ["ICD10_Triggers_Count"])
        XCTAssertEqual(mapping.summary.columns["service_line"]?.part, .code)
        XCTAssertEqual(
            mapping.lists.map(\.target),
            [.icd10, .icd10Qualifier, .opcs4, .opcs4Qualifier, .mainSpecialty, .treatmentFunction, .provider])
        XCTAssertTrue(mapping.topUpIsFraction)
        let cases = [
            ("[summary]\nsheet = \"S\"\n", "`summary.flag` is missing"),
            ("nonsense = 1\n", "unknown key `nonsense`"),
            ("[summary\n", "line 1: not valid TOML"),
            (
                ImportMapping.defaultText.replacingOccurrences(of: "target = \"icd10\"", with: "target = \"age\""),
                "`lists[0].target` must name a code column"
            ),
            (
                ImportMapping.defaultText.replacingOccurrences(of: "part = \"code\" }", with: "part = \"left\" }"),
                "`summary.service_line.part` must be"
            ),
            (
                ImportMapping.defaultText.replacingOccurrences(of: "top_up = \"fraction\"", with: "top_up = \"half\""),
                "`hierarchy.top_up` must be"
            ),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ImportMapping.parse(text, name: "m.toml")) { error in
                XCTAssertTrue("\(error)".hasPrefix("mapping m.toml: "), "\(error)")
                XCTAssertTrue("\(error)".contains(message), "\(message): \(error)")
            }
        }
    }

    func testSplittingCodeFromDescription() {
        XCTAssertEqual(SheetTable.part("NCBPS13X - Cystic fibrosis", .code, " - "), "NCBPS13X")
        XCTAssertEqual(
            SheetTable.part("NCBPS13X - Cystic fibrosis - adults", .description, " - "), "Cystic fibrosis - adults")
        XCTAssertEqual(SheetTable.part("NCBPS13X", .code, " - "), "NCBPS13X")
        XCTAssertEqual(SheetTable.part("NCBPS13X", .description, " - "), "")
    }
}
