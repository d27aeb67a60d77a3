import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Realism: trigger shares, code shapes, dates, demographics and quality findings.
final class GenerateContentTests: XCTestCase {
    let dir = TemporaryDirectory()

    private func share(_ count: Int, of total: Int) -> Double { Double(count) / Double(total) }

    func testTriggerSharesInAdmittedSpells() throws {
        let n = 50000
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: n, seed: 31), in: dir)
        let hrgs = table.values("Spell_Core_HRG")
        let tfcs = table.values("Treatment_Function_Code")
        let practices = table.values("GP_Practice_Code")
        let commissioners = table.values("Commissioner_Code")
        let postcodes = table.values("Postcode")
        let sources = table.values("Source_of_Admission")
        let chemoRadio = hrgs.filter { $0 == "SB97Z" || $0 == "SC97Z" }.count
        XCTAssertEqual(share(chemoRadio, of: n), 0.01, accuracy: 0.003)
        let dental: Set<String> = ["140", "141", "142", "143", "144", "217", "450"]
        XCTAssertEqual(share(tfcs.filter(dental.contains).count, of: n), 0.01, accuracy: 0.003)
        let military = zip(practices, commissioners).filter { $0.0.hasPrefix("Y901") || $0.1 == "XMD" }.count
        XCTAssertEqual(share(military, of: n), 0.01, accuracy: 0.004)
        let prisonPostcodes = Set(ReferenceCodes.uniquePrisonPostcodes.map(\.description))
        let prison = (0..<n).filter {
            practices[$0].hasPrefix("Y912") || practices[$0].hasPrefix("Y923")
                || prisonPostcodes.contains(postcodes[$0])
                || sources[$0] == "39"
        }.count
        XCTAssertEqual(share(prison, of: n), 0.01, accuracy: 0.004)
        XCTAssertTrue(practices.contains("V81999"))
        // Specialised triggers named by the sample rules: a few per cent.
        let specialisedTFC: Set<String> = ["150", "160", "171", "172", "260", "321", "350", "711", "712"]
        let diagnoses = table.values("Der_Diagnosis_All")
        let prefixes = ["B2", "D66", "D67", "E84", "E74", "E75", "E76", "Q2", "C22", "C25", "C40", "C41", "C49"]
        let triggers = (0..<n).filter { i in
            specialisedTFC.contains(tfcs[i]) || hrgs[i].hasPrefix("LD")
                || ["LA01", "LA02", "LA03"].contains { hrgs[i].hasPrefix($0) }
                || prefixes.contains { diagnoses[i].hasPrefix("||" + $0) }
        }.count
        XCTAssertEqual(share(triggers, of: n), 0.04, accuracy: 0.015)
    }

    func testCodesAreShapedLikeTheirClassifications() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 20000, seed: 32), in: dir)
        let practice = try NSRegularExpression(pattern: "^([A-HJ-NPY][0-9]{5}|V8199[789])?$")
        let postcode = try NSRegularExpression(pattern: "^([A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2})?$")
        let hrg = try NSRegularExpression(pattern: "^[A-Z]{2}[0-9]{2}[A-Z]$")
        func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for value in table.values("GP_Practice_Code") { XCTAssertTrue(matches(practice, value), value) }
        for value in table.values("Postcode") { XCTAssertTrue(matches(postcode, value), value) }
        let badHRGs = table.values("Spell_Core_HRG").filter { !matches(hrg, $0) }.count
        XCTAssertLessThan(badHRGs, 20)
        let ages = table.values("Age_At_Start_of_Spell_SUS").compactMap(Int.init)
        XCTAssertEqual(ages.count, 20000)
        XCTAssertGreaterThan(ages.filter { $0 < 19 }.count, 1000, "some children")
        XCTAssertLessThan(ages.filter { $0 < 19 }.count, 6000)
        XCTAssertTrue(ages.allSatisfy { (0...110).contains($0) })
        XCTAssertEqual(Set(table.values("Sex")), ["1", "2", "9"])
        XCTAssertEqual(Set(table.values("Patient_Classification")), ["1", "2"])
        XCTAssertTrue(Set(table.values("Admission_Method")).isSubset(of: ["11", "12", "13", "21", "22", "28", "31"]))
        XCTAssertEqual(Set(table.values("Der_POD")), ["EL", "NEL", "DC"])
    }

    func testDatesAreConsistentWithTheFinancialYear() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 10000, seed: 33), in: dir)
        let yearStart = GenerationCalendar.daysFromCivil(2012, 4, 1)
        let yearEnd = GenerationCalendar.daysFromCivil(2013, 3, 31)
        let columns = [
            "Admission_Date", "Discharge_Date", "Spell_LoS", "Der_Activity_Month", "Der_Financial_Year", "Der_POD",
        ]
        .map(table.column)
        var previousMonth = ""
        for row in table.rows {
            let text = row.text
            let admitted = try XCTUnwrap(dayNumber(text[columns[0]]))
            let discharged = try XCTUnwrap(dayNumber(text[columns[1]]))
            XCTAssertEqual(discharged - admitted, Int(text[columns[2]]), "\(row)")
            XCTAssertTrue((yearStart...yearEnd).contains(discharged), "\(row)")
            XCTAssertEqual(
                text[columns[3]], text[columns[1]].prefix(7).replacingOccurrences(of: "-", with: ""), "\(row)")
            XCTAssertEqual(text[columns[4]], "2012/13")
            if text[columns[5]] == "DC" { XCTAssertEqual(text[columns[2]], "0") }
            XCTAssertGreaterThanOrEqual(text[columns[3]], previousMonth, "rows come in activity-month order")
            previousMonth = text[columns[3]]
        }
        XCTAssertEqual(Set(table.values("Der_Activity_Month")).count, 12)
    }

    func testQualityFindingsAreRareButPresent() throws {
        for shape in ExtractShape.allCases {
            let n = 40000
            let path = dir.write("\(shape).csv", try ExtractGenerator(shape: shape, rows: n, seed: 34).generate())
            let reader = try CSVReader(path: path)
            let map = try ColumnMap(header: reader.header, source: path)
            let normaliser = RecordNormaliser(map: map)
            var quality = QualityLog()
            var record = ActivityRecord()
            let batch = RowBatch()
            while try reader.next(into: batch) {
                for row in 0..<batch.count {
                    normaliser.fill(&record, batch: batch, row: row, quality: &quality, source: path)
                }
            }
            let findings = quality.entries.map(\.count).reduce(0, +)
            XCTAssertGreaterThan(findings, 5, "\(shape): \(quality.entries.map(\.pipeLine))")
            XCTAssertLessThan(share(findings, of: n), 0.003, "\(shape): \(quality.entries.map(\.pipeLine))")
        }
    }

    func testOutpatientAndContractLinesCarryTheirTriggers() throws {
        let op = try generateAndRead(ExtractGenerator(shape: .op, rows: 20000, seed: 35), in: dir)
        let specialisedTFC: Set<String> = ["260", "308", "309", "343", "311", "150", "323", "161", "321", "171"]
        XCTAssertEqual(
            share(op.values("Treatment_Function_Code").filter(specialisedTFC.contains).count, of: 20000), 0.04,
            accuracy: 0.01)
        XCTAssertTrue(Set(op.values("Der_POD")) == ["OPFA", "OPFU", "OPPROC"])
        XCTAssertTrue(op.values("Core_HRG").contains("SB97Z"))
        let slam = try generateAndRead(ExtractGenerator(shape: .slam, rows: 20000, seed: 35), in: dir)
        XCTAssertEqual(Set(slam.values("POD")), ["EL", "NEL", "DC", "RP", "OPFA", "OPFU", "OPPROC", "CC"])
        let hrgs = slam.values("HRG")
        XCTAssertTrue(hrgs.contains("SB97Z") && hrgs.contains("SC97Z") && hrgs.contains { $0.hasPrefix("XA0") })
        XCTAssertTrue(slam.values("Service_Code").contains("NCBPS05D"))
        XCTAssertEqual(Set(slam.values("Month")).count, 12)
    }
}
