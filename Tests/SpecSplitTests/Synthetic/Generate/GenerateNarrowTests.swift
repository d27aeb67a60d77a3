import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Narrow admitted-care rows (`generate --narrow`): 18 columns, the same spells as the wide
/// extract of the same seed, reproducible, quoted comments with commas and line breaks, and
/// recognised by the reader and the column mapper.
final class GenerateNarrowTests: XCTestCase {
    let dir = TemporaryDirectory()

    static let header =
        "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Admission_Method,"
        + "Source_of_Admission,Patient_Classification,Age_At_Start_of_Spell_SUS,Sex,Spell_Core_HRG,Der_Diagnosis_All,"
        + "Der_Procedure_All,Treatment_Function_Code,Main_Specialty_Code,Der_Activity_Month,Grand_Total_Payment_MFF,"
        + "Provider_Comment"

    func testHeaderIsTheNarrowSchema() throws {
        let bytes = try ExtractGenerator(shape: .apc, rows: 0, seed: 1, narrow: true).generate()
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), Self.header + "\n")
        XCTAssertEqual(ExtractSchema.admittedNarrow.count, 18)
    }

    func testSameSeedGivesIdenticalBytesAndAnotherSeedOthers() throws {
        let generator = ExtractGenerator(shape: .apc, rows: 5000, seed: 7, contracts: 40, narrow: true)
        let first = try generator.generate()
        XCTAssertEqual(first, try generator.generate())
        let path = dir.path("narrow.csv")
        try generator.write(to: path)
        XCTAssertEqual(Array(try XCTUnwrap(FileManager.default.contents(atPath: path))), first)
        var other = generator
        other.seed = 8
        XCTAssertNotEqual(first, try other.generate())
    }

    func testRowsAreWellFormedNarrowAndCarryQuotedCommasAndLineBreaks() throws {
        let n = 20000
        let generator = ExtractGenerator(shape: .apc, rows: n, seed: 41, narrow: true)
        let bytes = try generator.generate()
        let table = try generateAndRead(generator, in: dir)
        XCTAssertEqual(table.header, ExtractSchema.admittedNarrow)
        XCTAssertEqual(table.rows.count, n)
        for row in table.rows {
            XCTAssertEqual(row.status, .ok, "\(row)")
            XCTAssertEqual(row.fields.count, 18, "\(row)")
        }
        let perRow = Double(bytes.count) / Double(n)
        XCTAssertEqual(perRow, 113, accuracy: 8, "about 113 bytes a row")
        let comments = table.values("Provider_Comment").filter { !$0.isEmpty }
        XCTAssertEqual(Double(comments.count) / Double(n), 0.06, accuracy: 0.01)
        XCTAssertTrue(
            comments.contains { $0.contains("\n") && $0.contains(",") }, "a comment with a line break and a comma")
        XCTAssertTrue(comments.contains { $0.contains("\"no fixed abode\"") }, "a doubled quote read back as one")
        let physicalLines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1
        XCTAssertGreaterThan(physicalLines, n + 1, "line breaks inside quoted fields")
        XCTAssertTrue(table.values("Der_Diagnosis_All").contains { $0.contains(",") }, "quoted code lists")
    }

    func testNarrowRowsHoldTheSpellsOfTheWideExtract() throws {
        let narrow = try generateAndRead(
            ExtractGenerator(shape: .apc, rows: 3000, seed: 9, contracts: 30, narrow: true), in: dir)
        let wide = try generateAndRead(ExtractGenerator(shape: .apc, rows: 3000, seed: 9, contracts: 30), in: dir)
        for column in ExtractSchema.admittedNarrow where column != "Provider_Comment" {
            XCTAssertEqual(narrow.values(column), wide.values(column), column)
        }
    }

    func testCarriesTheTriggersOfTheSampleRules() throws {
        let n = 50000
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: n, seed: 42, narrow: true), in: dir)
        let hrgs = table.values("Spell_Core_HRG")
        let tfcs = Set(table.values("Treatment_Function_Code"))
        let practices = Set(table.values("GP_Practice_Code"))
        XCTAssertGreaterThan(hrgs.filter { $0 == "SB97Z" }.count, 100, "chemotherapy")
        XCTAssertGreaterThan(hrgs.filter { $0 == "SC97Z" }.count, 50, "radiotherapy")
        XCTAssertFalse(tfcs.isDisjoint(with: ["140", "141", "142", "143", "144", "217", "450"]), "dental")
        XCTAssertFalse(practices.isDisjoint(with: ReferenceCodes.militaryPractices.map(\.description)), "military")
        XCTAssertFalse(practices.isDisjoint(with: ReferenceCodes.prisonPractices.map(\.description)), "prison")
        XCTAssertTrue(table.values("Commissioner_Code").contains("XMD"))
        XCTAssertTrue(table.values("Source_of_Admission").contains("39"))
        let diagnoses = table.values("Der_Diagnosis_All")
        XCTAssertTrue(diagnoses.contains { $0.hasPrefix("||E84") }, "cystic fibrosis")
        XCTAssertTrue(hrgs.contains { $0.hasPrefix("LD") }, "renal dialysis")
    }

    func testTheReaderRecognisesTheNarrowExtract() throws {
        let path = dir.write(
            "narrow-inspect.csv", try ExtractGenerator(shape: .apc, rows: 4000, seed: 43, narrow: true).generate())
        let inspection = try Inspection.run(path: path)
        XCTAssertEqual(inspection.rows, 4000)
        XCTAssertEqual(inspection.malformedCount, 0)
        XCTAssertEqual(inspection.missingRequired, [])
        let map = inspection.map
        XCTAssertEqual(map.shape, .apc)
        XCTAssertEqual(map.shapeOrigin, .recognised)
        XCTAssertFalse(map.isEpisodeLevel)
        let expected: [Field: String] = [
            .provider: "Der_Provider_Code", .commissioner: "Commissioner_Code", .gpPractice: "GP_Practice_Code",
            .postcode: "Postcode", .spellId: "Der_Spell_ID", .hrg: "Spell_Core_HRG",
            .treatmentFunction: "Treatment_Function_Code",
            .mainSpecialty: "Main_Specialty_Code", .age: "Age_At_Start_of_Spell_SUS", .sex: "Sex",
            .admissionSource: "Source_of_Admission", .value: "Grand_Total_Payment_MFF",
        ]
        for (field, column) in expected {
            XCTAssertEqual(map.column(field).map { map.header[$0] }, column, "\(field)")
        }
        XCTAssertEqual(map.diagnosisColumns.map { map.header[$0] }, ["Der_Diagnosis_All"])
        XCTAssertEqual(map.procedureColumns.map { map.header[$0] }, ["Der_Procedure_All"])
        XCTAssertTrue(map.diagnosesConcatenated)
    }

    func testNarrowNeedsAdmittedSpells() {
        XCTAssertThrowsError(try ExtractGenerator(shape: .op, rows: 1, seed: 1, narrow: true).generate()) {
            XCTAssertEqual($0 as? GenerateError, .narrowNeedsAdmittedCare(.op))
        }
        XCTAssertThrowsError(
            try ExtractGenerator(shape: .apc, rows: 1, seed: 1, episodes: true, narrow: true).generate()
        ) {
            XCTAssertEqual($0 as? GenerateError, .narrowIsSpellLevel)
        }
    }
}
