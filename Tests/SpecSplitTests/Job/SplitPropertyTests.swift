import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Seeded random extracts (junk quotes, commas, line breaks, bad values and codes) through
/// reader and engine: the split never crashes and always conserves rows, activity and
/// value, checked against counts taken independently of the job.
final class SplitPropertyTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testRandomExtractsAreConserved() throws {
        var rng = SplitMix64(seed: 20_121_3)
        let providers = ["RJE", "RJE00", "RQ3", "NT401", "R1", "", "rx1"]
        let commissioners = ["5PK", "XMD", "5QA", "", "SCG01", "\"5P,K\""]
        let codes = ["||C509,E119", "||E840", "||I60", "H04.7X9", "||B20X||Z21X", "", "K2", "||Q359", "\"||D66X,\"\"x\"\"\""]
        let hrgs = ["SB97Z", "SC97Z", "AA22C", "LD01A", "ZZ999", "", "pd12a"]
        let values = ["12.50", "-3.25", "0", "1e3", "", "£4", "7", "99999999.999999", " 5 ", "1,000"]
        let practices = ["Y90101", "B82001", "V81999", "X", ""]
        let junk = ["\"", "\n", ",", "\r\n", "\"\"", "\u{0}", "\u{FF}"]
        for round in 0..<12 {
            var text = "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Spell_Core_HRG,Der_Diagnosis_All,Treatment_Function_Code,Age_At_Start_of_Spell_SUS,Tariff_Total_Payment,Activity\n"
            let rows = 50 + Int(rng.next() % 400)
            for _ in 0..<rows {
                func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
                var fields = [pick(providers), pick(commissioners), pick(practices), pick(hrgs), pick(codes),
                              pick(["140", "300", "370", "420", "7"]), pick(["5", "45", "7003", "x", ""]),
                              pick(values), pick(["1", "2", "", "-1", "0.5", "x"])]
                if rng.next() % 15 == 0 { fields[Int(rng.next() % UInt64(fields.count))] += pick(junk) }
                if rng.next() % 40 == 0 { fields.removeLast() }
                text += fields.joined(separator: ",") + (rng.next() % 7 == 0 ? "\r\n" : "\n")
            }
            let input = dir.write("r\(round).csv", text)
            var options = dir.options([input], out: "out\(round)")
            options.maxRejects = .max
            options.readOptions.batchBytes = 1 + Int(rng.next() % 4096)
            options.readOptions.chunkBytes = 1 + Int(rng.next() % 512)
            let result = try SplitJob(options: options).run()
            let totals = result.manifest.totals

            // Independently: what the reader sees, and the value of the rows a split can accept.
            let reader = try CSVReader(path: input)
            let batch = RowBatch()
            var records = 0
            var valueOK = Totals()
            var acceptedRows: [[[UInt8]]] = []
            while try reader.next(into: batch) {
                records += batch.count
                for row in 0..<batch.count where batch.status(row) == .ok {
                    let value = Amount(bytes: batch.field(row, 7))
                    let activityBytes = batch.field(row, 8)
                    let activity = Amount(bytes: activityBytes)
                    let empty = batch.field(row, 7).isEmpty
                    if (value != nil || empty) && (activity != nil || activityBytes.isEmpty) {
                        valueOK.add(activity: activity ?? .zero, value: value ?? .zero)
                        acceptedRows.append((0..<batch.fieldCount(row)).map { Array(batch.field(row, $0)) })
                    }
                }
            }
            XCTAssertEqual(totals.rowsRead, records, "round \(round): every record read is counted")
            XCTAssertEqual(totals.rowsRead, totals.rowsWritten + totals.rowsRejected, "round \(round)")
            XCTAssertEqual(totals.valueWritten, valueOK.value, "round \(round): the value written is the value of the accepted rows")
            XCTAssertEqual(totals.activityWritten, valueOK.activity, "round \(round)")
            let filesRows = result.manifest.outputs.filter { $0.path.hasPrefix("contracts/") }.map(\.rows).reduce(0, +)
            XCTAssertEqual(filesRows, totals.rowsWritten, "round \(round): rows in the split files")
            // Every accepted row is in the split files with its fields unchanged.
            var writtenRows: [[[UInt8]]] = []
            for output in result.manifest.outputs where output.path.hasPrefix("contracts/") {
                let file = try readAll(dir.path("out\(round)/" + output.path))
                XCTAssertEqual(file.header.suffix(7), ["split_category", "service_line", "npoc", "service_group", "matched_rules", "ruleset", "deciding_rule"])
                writtenRows += file.rows.map { Array($0.fields.dropLast(7)) }
            }
            let order: ([[UInt8]], [[UInt8]]) -> Bool = { $0.lexicographicallyPrecedes($1) { $0.lexicographicallyPrecedes($1) } }
            XCTAssertEqual(writtenRows.sorted(by: order), acceptedRows.sorted(by: order), "round \(round): rows written as read")
            let rejects = try readAll(result.rejectsPath)
            XCTAssertEqual(rejects.rows.count, totals.rowsRejected, "round \(round): rows in the rejects file")
            XCTAssertTrue(rejects.rows.allSatisfy { $0.status == .ok }, "the rejects file is itself valid CSV")
        }
    }

    func testDuplicateHeaderNamesAreReportedAndTheFirstIsUsed() throws {
        let input = dir.write("dup.csv", "Der_Provider_Code,Commissioner_Code,Spell_Core_HRG,Spell_Core_HRG,Tariff_Total_Payment\nRJE,5PK,SB97Z,AA22C,10\n")
        let result = try SplitJob(options: dir.options([input])).run()
        XCTAssertEqual(result.manifest.totals.rowsWritten, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/specialised.csv").count, 1, "SB97Z, the first HRG column, decided")
        let quality = dir.text("out/quality.csv") ?? ""
        XCTAssertTrue(quality.contains("COLUMN|Spell_Core_HRG|Column name appears 2 times in the header of \(input) (columns 3 and 4)"), quality)
    }
}
