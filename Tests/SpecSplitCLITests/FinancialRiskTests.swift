import Foundation
import TestSupport
import XCTest

/// contracts.csv, contracts-by-category.csv and the migration lists, through the built
/// binary: every figure reconciles exactly with control-totals.csv, contract by contract.
final class FinancialRiskTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path

    /// A CSV file of the output as rows of fields (no field here holds a comma or quote).
    func table(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Millionths of a decimal amount as written (`-12.5`, `0.000001`).
    func micros(_ text: String) -> Int128 {
        let negative = text.hasPrefix("-")
        let parts = text.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int128(String(parts[0]))!
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let micro = Int128(fraction.padding(toLength: 6, withPad: "0", startingAt: 0))!
        return (whole * 1_000_000 + micro) * (negative ? -1 : 1)
    }

    /// The exact share, rounded half to even to 6 places, as the tool must write it.
    func share(_ part: Int128, _ whole: Int128) -> String {
        guard whole > 0 else { return "" }
        let scaled = part * 1_000_000
        var quotient = scaled / whole
        let remainder = (scaled % whole).magnitude * 2
        if remainder > whole.magnitude || (remainder == whole.magnitude && quotient % 2 != 0) { quotient += scaled < 0 ? -1 : 1 }
        let magnitude = quotient.magnitude
        let fraction = String(magnitude % 1_000_000)
        return (quotient < 0 ? "-" : "") + "\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    func split(seed: Int, out: String) throws -> [String] {
        var inputs: [String] = []
        for (shape, rows) in [("slam", 4000), ("apc", 3000), ("op", 3000)] {
            let path = scratch.path("\(shape)-\(seed).csv")
            let generated = try Binary.run(
                ["generate", "--shape", shape, "--rows", String(rows), "--seed", String(seed), "--contracts", "12", "--output", path])
            XCTAssertEqual(generated.status, 0, generated.err)
            inputs.append(path)
        }
        let result = try Binary.run(["split", "--rules", rules, "--out", scratch.path(out), "--quiet", "--max-rejects", "100000"] + inputs)
        XCTAssertEqual(result.status, 0, result.err)
        return inputs
    }

    func testContractsCategoriesAndMigrationReconcileExactlyWithTheControlTotals() throws {
        for seed in [11, 12, 13] {
            let out = scratch.path("out\(seed)")
            _ = try split(seed: seed, out: "out\(seed)")
            let categories = ["specialised", "prison", "military", "non-specialised", "dental"]
            let national: Set = ["specialised", "prison", "military"]
            // control-totals.csv: contract, provider, commissioner, measure, read, <categories>, written, rejected, difference
            var control: [String: [String: [String]]] = [:]
            for row in try table(out + "/control-totals.csv") { control[row[0], default: [:]][row[3]] = row }
            let contracts = try table(out + "/contracts.csv")
            XCTAssertEqual(contracts.last?[0], "ALL")
            XCTAssertEqual(contracts.dropLast().map { $0[0] }, contracts.dropLast().map { $0[0] }.sorted(), "sorted by contract")
            var migratingByContract: [String: (rows: Int, value: Int128, toNational: Int128, toLocal: Int128)] = [:]
            for row in try table(out + "/migration.csv") {
                var entry = migratingByContract[row[0], default: (0, 0, 0, 0)]
                entry.rows += Int(row[7])!
                entry.value += micros(row[9])
                if row[3] == "to-national" { entry.toNational += micros(row[9]) }
                if row[3] == "to-local" { entry.toLocal += micros(row[9]) }
                migratingByContract[row[0]] = entry
                XCTAssertNotEqual(row[4], row[5], "a migrating group changes category")
                XCTAssertEqual(row[3], national.contains(row[4]) == national.contains(row[5])
                    ? (national.contains(row[4]) ? "within-national" : "within-local")
                    : (national.contains(row[5]) ? "to-national" : "to-local"))
                migratingByContract["ALL", default: (0, 0, 0, 0)].rows += Int(row[7])!
            }
            var rowValues: [String: (rows: Int, value: Int128)] = [:]
            for row in try table(out + "/migration-rows.csv") {
                rowValues[row[3], default: (0, 0)].rows += 1
                rowValues[row[3], default: (0, 0)].value += micros(row[8])
            }
            var byCategory: [String: [String: [String]]] = [:]
            for row in try table(out + "/contracts-by-category.csv") { byCategory[row[0], default: [:]][row[3]] = row }
            for row in contracts {
                let name = row[0]
                let measures = try XCTUnwrap(control[name], name)
                let written = categories.count + 5
                XCTAssertEqual(row[3], measures["rows"]?[written], "\(name) rows = written rows")
                XCTAssertEqual(micros(row[4]), micros(measures["activity"]![written]), "\(name) activity")
                XCTAssertEqual(micros(row[5]), micros(measures["value"]![written]), "\(name) value")
                var nationalRows = 0
                var nationalValue: Int128 = 0
                for (offset, category) in categories.enumerated() {
                    let column = 5 + offset
                    let line = try XCTUnwrap(byCategory[name]?[category], "\(name) \(category)")
                    XCTAssertEqual(line[5], measures["rows"]![column], "\(name) \(category) rows")
                    XCTAssertEqual(micros(line[7]), micros(measures["value"]![column]), "\(name) \(category) value")
                    XCTAssertEqual(line[4], national.contains(category) ? "yes" : "no")
                    XCTAssertEqual(line[8], share(micros(line[7]), micros(row[5])), "\(name) \(category) share")
                    if national.contains(category) {
                        nationalRows += Int(measures["rows"]![column])!
                        nationalValue += micros(measures["value"]![column])
                    }
                }
                XCTAssertEqual(Int(row[6]), nationalRows, "\(name) national rows")
                XCTAssertEqual(micros(row[8]), nationalValue, "\(name) national value")
                XCTAssertEqual(row[9], share(nationalValue, micros(row[5])), "\(name) national share")
                XCTAssertLessThanOrEqual(Int(row[10])!, Int(row[3])!, "unknown rows are among the rows")
                let migrating = migratingByContract[name] ?? (0, 0, 0, 0)
                XCTAssertEqual(Int(row[12]), migrating.rows, "\(name) migrating rows = migration.csv")
                if name != "ALL" {
                    XCTAssertEqual(micros(row[13]), migrating.value, "\(name) migrating value")
                    XCTAssertEqual(micros(row[14]), migrating.toNational, "\(name) to national")
                    XCTAssertEqual(micros(row[15]), migrating.toLocal, "\(name) to local")
                    XCTAssertEqual(Int(row[12]), rowValues[name]?.rows ?? 0, "\(name) migration-rows.csv has each row")
                    XCTAssertEqual(micros(row[13]), rowValues[name]?.value ?? 0)
                }
            }
            XCTAssertGreaterThan(migratingByContract.count, 3, "seed \(seed): rows move in several contracts")
        }
    }

    func testTheSampleMigrationListsShowEveryDirectionAndEveryCategory() throws {
        let expected = Binary.root.appendingPathComponent("sample-data/expected").path
        let migration = try table(expected + "/migration.csv")
        XCTAssertEqual(Set(migration.map { $0[3] }), ["to-national", "to-local", "within-national", "within-local"])
        XCTAssertEqual(
            Set(migration.flatMap { [$0[4], $0[5]] }), ["specialised", "prison", "military", "non-specialised", "dental"])
    }

    func testWithoutACurrentCommissioningTableNoMigrationListIsWrittenAndEveryRowIsUnknown() throws {
        let copy = scratch.path("rules")
        try FileManager.default.copyItem(atPath: rules, toPath: copy)
        try FileManager.default.removeItem(atPath: copy + "/current-commissioning.csv")
        let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path
        let result = try Binary.run(["split", "--rules", copy, "--out", scratch.path("out"), "--quiet", extract])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertFalse(scratch.exists("out/migration.csv"))
        XCTAssertFalse(scratch.exists("out/migration-rows.csv"))
        for row in try table(scratch.path("out/contracts.csv")) {
            XCTAssertEqual(row[10], row[3], "\(row[0]): every row's current commissioner is unknown")
            XCTAssertEqual(row[11], row[5])
            XCTAssertEqual(row[12], "0")
        }
    }

    func testAContractWithNoPositiveValueHasNoShare() throws {
        let extract = scratch.write(
            "lines.csv",
            "Provider_Code,Commissioner_Code,POD,Treatment_Function_Code,HRG,Activity_Actual,Price_Actual,Service_Category\n"
                + "RJE,5PK,OPFA,150,WF01B,1,-100.00,11\nRJE,5PK,EL,300,AA22C,1,40.00,21\nRQ3,5PK,EL,300,AA22C,1,0.00,\n")
        let result = try Binary.run(["split", "--rules", rules, "--out", scratch.path("out"), "--quiet", extract])
        XCTAssertEqual(result.status, 0, result.err)
        let rows = Dictionary(uniqueKeysWithValues: try table(scratch.path("out/contracts.csv")).map { ($0[0], $0) })
        XCTAssertEqual(rows["RJE_5PK"]?[5], "-60.00")
        XCTAssertEqual(rows["RJE_5PK"]?[9], "", "no share of a negative value")
        XCTAssertEqual(rows["RQ3_5PK"]?[9], "", "no share of nothing")
        // Both lines are commissioned by the wrong body today: a refund moves to national
        // commissioning (local 11, the rules say specialised), 40.00 back to local (21, the
        // rules say non-specialised).
        XCTAssertEqual(rows["RJE_5PK"]?[12], "2")
        XCTAssertEqual(rows["RJE_5PK"]?[13], "-60.00")
        XCTAssertEqual(rows["RJE_5PK"]?[14], "-100.00")
        XCTAssertEqual(rows["RJE_5PK"]?[15], "40.00")
    }
}
