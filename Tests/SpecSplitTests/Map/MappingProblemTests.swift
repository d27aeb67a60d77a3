import TestSupport
import XCTest

@testable import SpecSplit

/// The doubts ColumnMap finds in a mapping: from the header, and from the first values read.
final class MappingProblemTests: XCTestCase {
    func kinds(_ header: [String], _ overrides: [Field: String] = [:]) throws -> [String] {
        try ColumnMap(header: header, source: "x.csv", overrides: overrides, requireShape: false).problems
            .map { "\($0.field.name) \($0.kind.rawValue)" }
    }

    func testWordsOfAColumnName() {
        XCTAssertEqual(FieldAliases.words("TotalCost"), ["total", "cost"])
        XCTAssertEqual(FieldAliases.words("Grand_Total_Payment_MFF"), ["grand", "total", "payment", "mff"])
        XCTAssertEqual(FieldAliases.words("Diag12"), ["diag", "12"])
        XCTAssertEqual(FieldAliases.words("activity-plan 2012"), ["activity", "plan", "2012"])
        XCTAssertTrue(FieldAliases.says("Local_Payment", FieldAliases.moneyWords))
        XCTAssertFalse(FieldAliases.says("Price_Plan", FieldAliases.moneyWords), "a plan is not the activity's money")
        XCTAssertFalse(FieldAliases.says("Der_Activity_Month", FieldAliases.activityWords))
        XCTAssertFalse(FieldAliases.says("Discount", FieldAliases.activityWords), "words, not substrings")
    }

    func testANumberedListWithoutItsFirstColumn() throws {
        XCTAssertEqual(
            try kinds(["Provider", "Commissioner", "Diag2", "Diag3", "OPER_01"]), ["diagnoses listWithoutFirst"])
        XCTAssertEqual(try kinds(["Provider", "Commissioner", "DIAG_01", "DIAG_02"]), [])
        XCTAssertEqual(try kinds(["Provider", "Commissioner", "Diag0", "Diag1"]), [], "numbered from 0")
        XCTAssertEqual(
            try kinds(["Provider", "Commissioner", "Der_Diagnosis_All", "Diag2"]), [], "a concatenated column wins")
        XCTAssertEqual(
            try kinds(["Provider", "Commissioner", "Diag2", "Diag3"], [.diagnoses: "Diag2;Diag3"]), [],
            "named with --map")
        let problem = try XCTUnwrap(
            try ColumnMap(header: ["Provider", "Commissioner", "OPCS_Main", "Proc2", "Proc3"], source: "x.csv", requireShape: false)
                .problems.first)
        XCTAssertEqual(problem.column, "Proc2..Proc3")
        XCTAssertTrue(problem.fix.contains("--map procedures=\"OPCS_Main;Proc2;Proc3\""), problem.fix)
    }

    func testAValueOrActivityColumnTakenByFallback() throws {
        // The sample shapes: none is doubtful.
        XCTAssertEqual(
            try kinds([
                "Provider_Code", "Commissioner_Code", "POD", "Activity_Plan", "Activity_Actual", "Price_Plan",
                "Price_Actual",
            ]), [])
        XCTAssertEqual(
            try kinds(["Der_Provider_Code", "Commissioner_Code", "Attendance_Status", "Tariff_Total_Payment"]), [])
        XCTAssertEqual(
            try kinds([
                "Der_Provider_Code", "Commissioner_Code", "Der_Activity_Month", "Base_Tariff", "Tariff_Total_Payment",
                "Grand_Total_Payment_MFF",
            ]), [])
        // The grand total renamed: the tariff total is a fallback while other columns name money.
        let header = ["Der_Provider_Code", "Commissioner_Code", "Base_Tariff", "Tariff_Total_Payment", "TotalCost"]
        XCTAssertEqual(try kinds(header), ["value amountByFallback"])
        let problem = try XCTUnwrap(try ColumnMap(header: header, source: "x.csv", requireShape: false).problems.first)
        XCTAssertEqual(problem.column, "Tariff_Total_Payment")
        XCTAssertTrue(
            problem.detail.contains("but TotalCost, Base_Tariff also name money"), "an alias first: \(problem.detail)")
        XCTAssertEqual(try kinds(header, [.value: "TotalCost"]), [])
        // No activity column at all, while one's name says activity: each row would count 1.
        XCTAssertEqual(
            try kinds(["Provider_Code", "Commissioner_Code", "POD", "Outturn_Activity", "Price_Actual"]),
            ["activity amountByFallback"])
    }

    func testValuesMostlyNotShapedLikeTheirField() throws {
        let map = try ColumnMap(
            header: ["Provider", "Commissioner", "Age", "HRG"], source: "x.csv", requireShape: false)
        let problems = map.valueShapeProblems([
            FieldShapeCount(field: .age, checked: 1000, failed: 501, example: "LS1 4AB", line: 2),
            FieldShapeCount(field: .hrg, checked: 1000, failed: 500, example: "420", line: 7),
        ])
        XCTAssertEqual(problems.map(\.field), [.age], "over half, not half")
        XCTAssertTrue(
            problems[0].detail.contains(
                "501 of the first 1000 values are not shaped like an age in whole years (the first, on line 2: \"LS1 4AB\")"
            ), problems[0].detail)
    }

    func testTheTallyCountsTheFirstThousandNonEmptyValuesOfEachField() throws {
        let dir = TemporaryDirectory()
        var text = "Der_Provider_Code,Commissioner_Code,Age,Postcode,Spell_Core_HRG\n"
        for row in 0..<1_500 { text += "RJE,5PK,\(row < 1_200 ? "LS1 4AB" : "40"),\(row % 3 == 0 ? "" : "45"),SB97Z\n" }
        let path = dir.write("t.csv", text)
        let reader = try CSVReader(path: path)
        let map = try ColumnMap(header: reader.header, source: path, requireShape: false)
        let normaliser = RecordNormaliser(map: map)
        var tally = ShapeTally(map: map)
        var record = ActivityRecord()
        var quality = QualityLog()
        let batch = RowBatch()
        while try reader.next(into: batch) {
            for row in 0..<batch.count {
                normaliser.fill(&record, batch: batch, row: row, quality: &quality, tally: &tally, source: path)
            }
        }
        XCTAssertFalse(tally.isCounting, "every field has its 1,000 values")
        let counts = Dictionary(uniqueKeysWithValues: tally.counts.map { ($0.field, $0) })
        XCTAssertEqual(
            counts[.age], FieldShapeCount(field: .age, checked: 1000, failed: 1000, example: "LS1 4AB", line: 2))
        XCTAssertEqual(counts[.postcode]?.checked, 1000, "empty values are not counted")
        XCTAssertEqual(counts[.postcode]?.failed, 1000, "an age is not a postcode")
        XCTAssertEqual(counts[.postcode]?.line, 3)
        XCTAssertEqual(counts[.hrg]?.failed, 0)
        XCTAssertNil(counts[.diagnoses], "a field the extract does not carry")
        XCTAssertEqual(map.valueShapeProblems(tally.counts).map(\.field), [.postcode, .age])
    }
}
