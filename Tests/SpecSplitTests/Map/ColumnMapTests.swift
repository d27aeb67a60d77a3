import XCTest

@testable import SpecSplit

/// Header mapping: aliases for the three shapes, numbered code columns, overrides, errors.
final class ColumnMapTests: XCTestCase {
    func testSUSSpellExtract() throws {
        let header = ["Der_Provider_Code", "Commissioner_Code", "Der_Spell_ID", "Spell_Core_HRG", "Der_Diagnosis_All",
                      "Der_Procedure_All", "Age_At_Start_of_Spell_SUS", "Grand_Total_Payment_MFF", "Tariff_Total_Payment"]
        let map = try ColumnMap(header: header, source: "apc.csv")
        XCTAssertEqual(map.shape, .apc)
        XCTAssertFalse(map.isEpisodeLevel)
        XCTAssertEqual(map.column(.hrg), 3)
        XCTAssertEqual(map.column(.value), 7, "the grand total (with MFF) is preferred")
        XCTAssertEqual(map.diagnosisColumns, [4])
        XCTAssertTrue(map.diagnosesConcatenated)
        XCTAssertTrue(map.present.contains(.procedures))
        XCTAssertFalse(map.present.contains(.sex))
    }

    func testEpisodeExtractWithNumberedColumnsInNumericOrder() throws {
        let header = ["PROCODE", "PURCODE", "Spell_ID", "EPIORDER", "DIAG_10", "DIAG_02", "DIAG_01", "OPER_1", "Oper_2"]
        let map = try ColumnMap(header: header, source: "ep.csv")
        XCTAssertTrue(map.isEpisodeLevel)
        XCTAssertEqual(map.diagnosisColumns, [6, 5, 4])
        XCTAssertFalse(map.diagnosesConcatenated)
        XCTAssertEqual(map.procedureColumns, [7, 8])
        XCTAssertEqual(map.columnName(.diagnoses), "DIAG_01..DIAG_10")
    }

    func testOutpatientAndContractMonitoringShapes() throws {
        XCTAssertEqual(try ColumnMap(header: ["Der_Provider_Code", "Commissioner_Code", "Attendance_Status", "Core_HRG"], source: "op").shape, .op)
        let slam = try ColumnMap(header: ["Provider_Code", "Commissioner_Code", "POD", "TFC", "HRG", "Activity_Actual", "Price_Actual"], source: "slam")
        XCTAssertEqual(slam.shape, .slam)
        XCTAssertEqual(slam.column(.activity), 5)
        XCTAssertEqual(slam.column(.value), 6)
    }

    func testMatchingIgnoresCaseSpacesAndUnderscores() throws {
        let map = try ColumnMap(header: ["provider code", "COMMISSIONER_CODE", "pod"], source: "x")
        XCTAssertEqual(map.column(.provider), 0)
        XCTAssertEqual(map.column(.commissioner), 1)
    }

    func testOverridesWinAndCanNameSeveralListColumns() throws {
        let header = ["Prov", "Comm", "Plan_Price", "Price_Actual", "D1", "D2", "POD"]
        let overrides = try MappingError.parseOverrides(["provider=Prov", "commissioner=comm", "value=Plan_Price", "diagnoses=D1;D2"])
        let map = try ColumnMap(header: header, source: "x", overrides: overrides)
        XCTAssertEqual(map.column(.provider), 0)
        XCTAssertEqual(map.column(.value), 2)
        XCTAssertEqual(map.diagnosisColumns, [4, 5])
    }

    func testMissingRequiredFieldsListTheColumnsFound() {
        XCTAssertThrowsError(try ColumnMap(header: ["A", "B", "POD"], source: "x.csv")) { error in
            XCTAssertEqual(error as? MappingError, .missingFields(path: "x.csv", missing: [.provider, .commissioner], columns: ["A", "B", "POD"]))
            XCTAssertTrue("\(error)".contains("Columns found: A, B, POD"))
            XCTAssertTrue("\(error)".contains("--map provider="))
        }
    }

    func testOverrideNamingAnAbsentColumnIsAnError() {
        XCTAssertThrowsError(try ColumnMap(header: ["Provider", "Commissioner", "POD"], source: "x", overrides: [.hrg: "HRG_X"])) { error in
            guard case .unknownColumn(_, .hrg, "HRG_X", _) = error as? MappingError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try MappingError.parseOverrides(["nosuchfield=X"]))
        XCTAssertThrowsError(try MappingError.parseOverrides(["hrg"]))
    }

    func testUnrecognisableShapeAsksForShape() {
        XCTAssertThrowsError(try ColumnMap(header: ["Provider", "Commissioner", "Thing"], source: "x")) { error in
            XCTAssertTrue("\(error)".contains("--shape apc|op|slam"))
        }
        XCTAssertEqual(try ColumnMap(header: ["Provider", "Commissioner", "Thing"], source: "x", shape: .op).shape, .op)
    }

    func testDuplicateColumnsAreListed() throws {
        let map = try ColumnMap(header: ["Provider", "Commissioner", "POD", "pod", "HRG"], source: "x")
        XCTAssertEqual(map.duplicateColumns.map(\.positions), [[2, 3]])
        XCTAssertEqual(map.column(.pod), 2)
    }
}
