import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Headers are exactly the schemas, row counts are exact, every row reads as well formed
/// and the column mapper recognises each shape.
final class GenerateSchemaTests: XCTestCase {
    let dir = TemporaryDirectory()

    static let apcSpells =
        "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Admission_Method,Source_of_Admission,"
        + "Patient_Classification,Age_At_Start_of_Spell_SUS,Sex,Ethnic_Group,Der_POD,Spell_Core_HRG,Der_Diagnosis_All,"
        + "Der_Procedure_All,Treatment_Function_Code,Main_Specialty_Code,Der_Financial_Year,Der_Activity_Month,"
        + "Admission_Date,Discharge_Date,Spell_LoS,Base_Tariff,BPT_Adjustment,Short_Stay_Adjustment,Long_Stay_Adjustment,"
        + "Specialised_Top_Up,Tariff_Total_Payment,Local_Payment,MFF,Grand_Total_Payment_MFF,Der_Age_Band,"
        + "Discharge_Method,Discharge_Destination"
    static let outpatients =
        "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Attendance_Ident,Attendance_Status,"
        + "First_Attendance,Treatment_Function_Code,Main_Specialty_Code,Core_HRG,OPA_Referral_Source,"
        + "Der_Age_At_CDS_Activity_Date,Sex,Appointment_Date,Der_Financial_Year,Der_POD,Der_Diagnosis_All,"
        + "Der_Procedure_All,Tariff_Total_Payment"
    static let contractMonitoring =
        "Provider_Code,Commissioner_Code,Contract_ID,POD,Treatment_Function_Code,HRG,Activity_Plan,Activity_Actual,"
        + "Price_Plan,Price_Actual,Service_Code,Service_Category,Financial_Year,Month"

    func testHeadersAreExactlyTheSchemas() throws {
        let expected: [(ExtractShape, String)] = [
            (.apc, Self.apcSpells), (.op, Self.outpatients), (.slam, Self.contractMonitoring),
        ]
        for (shape, header) in expected {
            let bytes = try ExtractGenerator(shape: shape, rows: 0, seed: 1).generate()
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), header + "\n")
        }
        XCTAssertEqual(Self.apcSpells.split(separator: ",").count, 34)
    }

    func testEpisodeHeaderReplacesTheListsAndAddsTheEpisodeNumber() throws {
        let header = ExtractGenerator(shape: .apc, rows: 0, seed: 1, episodes: true).header
        var expected = Self.apcSpells.split(separator: ",").map(String.init)
        let diagnoses = expected.firstIndex(of: "Der_Diagnosis_All")!
        expected.replaceSubrange(
            diagnoses...(diagnoses + 1),
            with: (1...12).map { String(format: "DIAG_%02d", $0) } + (1...12).map { String(format: "OPER_%02d", $0) })
        expected.insert("Episode_Number", at: expected.firstIndex(of: "Der_Spell_ID")! + 1)
        XCTAssertEqual(header, expected)
        XCTAssertEqual(header.count, 57)
    }

    func testRowCountIsExactAndEveryRowIsWellFormed() throws {
        for (shape, episodes) in [(ExtractShape.apc, false), (.apc, true), (.op, false), (.slam, false)] {
            for rows in [1, 2, 997, 4000] {
                let generator = ExtractGenerator(shape: shape, rows: rows, seed: UInt64(rows), episodes: episodes)
                let table = try generateAndRead(generator, in: dir)
                XCTAssertEqual(table.header, generator.header)
                XCTAssertEqual(table.rows.count, rows, "\(shape) episodes \(episodes) rows \(rows)")
                for row in table.rows {
                    XCTAssertEqual(row.status, .ok, "\(row)")
                    XCTAssertEqual(row.fields.count, table.header.count, "\(row)")
                }
            }
        }
    }

    func testTheColumnMapperRecognisesEachShape() throws {
        for (shape, episodes) in [(ExtractShape.apc, false), (.apc, true), (.op, false), (.slam, false)] {
            let header = ExtractGenerator(shape: shape, rows: 0, seed: 1, episodes: episodes).header
            let map = try ColumnMap(header: header, source: "generated")
            XCTAssertEqual(map.shape, shape)
            XCTAssertEqual(map.shapeOrigin, .recognised)
            XCTAssertEqual(map.isEpisodeLevel, episodes)
            if shape != .slam {
                XCTAssertEqual(map.diagnosisColumns.count, episodes ? 12 : 1)
                XCTAssertEqual(map.procedureColumns.count, episodes ? 12 : 1)
                XCTAssertNotNil(map.column(.gpPractice))
                XCTAssertNotNil(map.column(.postcode))
            }
            XCTAssertNotNil(map.column(.value))
            XCTAssertNotNil(map.column(.provider))
            XCTAssertNotNil(map.column(.commissioner))
        }
    }
}
