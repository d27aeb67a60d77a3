import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The summary table against a plain `Dictionary` model: the same lines, exact totals,
/// the same order, through many doublings of its index.
final class SummaryTableTests: XCTestCase {
    func testManyKeysMatchADictionaryThroughEveryGrowth() {
        var rng = SplitMix64(seed: 2012)
        let contracts = (0..<400).map { index in
            Contract(
                provider: "P\(index % 37)", commissioner: "C\(index / 37)", contract: "",
                key: "P\(index % 37)_C\(index / 37)")
        }
        let categories = ["specialised", "non-specialised", "prison", "military", "dental"]
        let groups = ["acute", "mental health", "maternity", "community"]
        let lines = ["NCBPS01C", "NCBPS29M", "NCBPS13A", "NCBPS08Z", "A", "ZZ"].map { PackedCode($0)! }
        let hrgs = (0..<300).map {
            PackedCode("\(["AA", "SB", "LD", "WF"][$0 % 4])\($0 / 4)\(["A", "B", "Z"][$0 % 3])")!
        }
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }

        var table = SummaryTable()
        var model: [SummaryTable.Key: Totals] = [:]
        // The same rows added a batch at a time (as a split does), in batches of random size.
        var batched = SummaryTable()
        var pending = SummaryTable.Pending()
        var batchSize = 1
        for _ in 0..<300_000 {
            let category = Int(rng.next() % UInt64(categories.count))
            let service =
                category == 0
                ? SummaryTable.service(line: pick(lines))
                : SummaryTable.service(group: Int(rng.next() % UInt64(groups.count)))
            let key = SummaryTable.Key(
                contract: Int32(rng.next() % UInt64(contracts.count)), category: Int32(category), service: service,
                hrg: pick(hrgs).raw)
            // Near Int64's limits now and then: sums only Int128 holds.
            let big = rng.next() % 100 == 0
            let activity = Amount(micros: big ? Int64.max - Int64(rng.next() % 1000) : Int64(rng.next() % 5_000_000))
            let value = Amount(
                micros: big ? Int64.min + Int64(rng.next() % 1000) : Int64(rng.next() % 2_000_000_000) - 500_000_000)
            table.add(key, activity: activity, value: value)
            model[key, default: Totals()].add(activity: activity, value: value)
            pending.add(key, activity: activity, value: value)
            if pending.count >= batchSize {
                batched.add(&pending)
                XCTAssertEqual(pending.count, 0)
                batchSize = 1 + Int(rng.next() % 5_000)
            }
        }
        batched.add(&pending)
        XCTAssertEqual(batched.count, table.count)
        XCTAssertEqual(
            batched.rows(contracts: contracts, categories: categories, groups: groups),
            table.rows(contracts: contracts, categories: categories, groups: groups), "batched adds: the same lines and totals")
        XCTAssertGreaterThan(model.count, 100_000, "enough lines to double the index many times")
        XCTAssertEqual(table.count, model.count)
        for (key, totals) in model where table.totals(key) != totals {
            XCTFail("\(key): \(String(describing: table.totals(key))), expected \(totals)")
            break
        }
        XCTAssertNil(table.totals(SummaryTable.Key(contract: 0, category: 0, service: 0, hrg: 0)))

        // Sorted by contract, category, service (lines by code, groups by name), HRG.
        func service(_ key: SummaryTable.Key) -> (Bool, String) {
            key.service & (1 << 63) != 0
                ? (true, groups[Int(key.service & ~(1 << 63))]) : (false, PackedCode(raw: key.service).description)
        }
        let expected = model.keys.sorted { a, b in
            let ca = contracts[Int(a.contract)].key, cb = contracts[Int(b.contract)].key
            if ca != cb { return ca < cb }
            let ka = categories[Int(a.category)], kb = categories[Int(b.category)]
            if ka != kb { return ka < kb }
            let (ga, sa) = service(a), (gb, sb) = service(b)
            if ga != gb { return !ga }
            if sa != sb { return ga ? sa < sb : a.service < b.service }
            return a.hrg < b.hrg
        }.map { key -> [String] in
            let contract = contracts[Int(key.contract)], totals = model[key] ?? Totals()
            return [
                contract.key, contract.provider, contract.commissioner, categories[Int(key.category)], service(key).1,
                PackedCode(raw: key.hrg).description, String(totals.rows), totals.activity, totals.value,
                "", "",  // setting and description: none given here
            ]
        }
        let rows = table.rows(contracts: contracts, categories: categories, groups: groups)
        XCTAssertEqual(rows.count, expected.count)
        XCTAssertTrue(
            rows == expected, "first difference: \(String(describing: zip(rows, expected).first { $0 != $1 }))")
    }

    /// summary.csv, written from bytes, holds exactly the rows the table gives as text,
    /// with names that must be quoted, negative and huge amounts, and a line of one row.
    func testTheFileWrittenIsTheRowsAsCSV() throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix64(seed: 13)
        let contracts = (0..<30).map { index in
            Contract(provider: index % 7 == 0 ? "P,\(index)" : "P\(index)", commissioner: "C \"\(index)\"", contract: "",
                     key: "P\(index)_C\(index)")
        }
        let categories = ["specialised", "non-specialised", "prison, offender health", "military"]
        let groups = ["acute", "mental \"health\"", " maternity"]
        let lines = ["NCBPS01C", "NCBPS29M", "A"].map { PackedCode($0)! }
        var table = SummaryTable()
        for _ in 0..<5_000 {
            let category = Int(rng.next() % UInt64(categories.count))
            let service = category == 0
                ? SummaryTable.service(line: lines[Int(rng.next() % 3)]) : SummaryTable.service(group: Int(rng.next() % 3))
            let key = SummaryTable.Key(
                contract: Int32(rng.next() % 30), category: Int32(category), service: service,
                hrg: rng.next() % 9 == 0 ? 0 : PackedCode("SB\(rng.next() % 90 + 10)Z")!.raw)
            let huge = rng.next() % 50 == 0
            table.add(
                key, activity: Amount(micros: huge ? Int64.max : Int64(rng.next() % 3_000_000)),
                value: Amount(micros: huge ? Int64.min : Int64(rng.next() % 4_000_000_000) - 2_000_000_000))
        }
        let written = try table.write(to: dir.path("summary.csv"), contracts: contracts, categories: categories, groups: groups)

        let reference = try CSVWriter(path: dir.path("reference.csv"), digest: .sha256)
        try reference.writeRow(SummaryTable.header)
        for row in table.rows(contracts: contracts, categories: categories, groups: groups) { try reference.writeRow(row) }
        try reference.close()
        XCTAssertEqual(dir.read("summary.csv"), dir.read("reference.csv"))
        XCTAssertEqual(written.rows, table.count)
        XCTAssertEqual(written.digest, reference.digest)
        XCTAssertTrue(dir.read("summary.csv")?.contains("\"P,0\",\"C \"\"0\"\"\"") ?? false, "quoted where needed")
    }

    /// Amounts as text: at least two decimals, trailing zeros trimmed, a sign when negative,
    /// exact up to Int128's limits.
    func testAmountText() {
        XCTAssertEqual(Totals.format(0), "0.00")
        XCTAssertEqual(Totals.format(1_500_000), "1.50")
        XCTAssertEqual(Totals.format(-1_234_567), "-1.234567")
        XCTAssertEqual(Totals.format(10_000), "0.01")
        XCTAssertEqual(Totals.format(-5), "-0.000005")
        XCTAssertEqual(Totals.format(123_456_780_000), "123456.78")
        XCTAssertEqual(Totals.format(Int128.max), "170141183460469231731687303715884.105727")
        XCTAssertEqual(Totals.format(Int128.min), "-170141183460469231731687303715884.105728")
    }

    func testAnEmptyTableHasNoRows() {
        let table = SummaryTable()
        XCTAssertEqual(table.count, 0)
        XCTAssertEqual(table.rows(contracts: [], categories: [], groups: []), [])
    }

    /// Lines are also keyed by setting (APC, NAC, a point of delivery): the same contract,
    /// category, service and HRG in two settings are two lines, sorted by the setting's name,
    /// and a specialised line carries its service line's description.
    func testTheSettingKeysLinesAndTheDescriptionNamesTheServiceLine() throws {
        var table = SummaryTable()
        let line = PackedCode("NCBPS01C")!
        let hrg = PackedCode("SB97Z")!.raw
        table.add(.init(contract: 0, category: 0, service: SummaryTable.service(line: line), hrg: hrg, setting: 2), activity: .one, value: Amount(10))
        table.add(.init(contract: 0, category: 0, service: SummaryTable.service(line: line), hrg: hrg, setting: 1), activity: .one, value: Amount(5))
        table.add(.init(contract: 0, category: 0, service: SummaryTable.service(line: line), hrg: hrg, setting: 2), activity: .one, value: Amount(1))
        table.add(.init(contract: 0, category: 1, service: SummaryTable.service(group: 0), hrg: hrg, setting: 1), activity: .one, value: Amount(2))
        let names = SummaryTable.Names(
            contracts: [Contract(provider: "RJE", commissioner: "5PK", contract: "", key: "RJE_5PK")],
            categories: ["specialised", "non-specialised"], groups: ["acute"], settings: ["", "OPFA", "DC"],
            descriptions: [line.raw: "Chemotherapy, with a comma"])
        XCTAssertEqual(table.rows(names), [
            ["RJE_5PK", "RJE", "5PK", "non-specialised", "acute", "SB97Z", "1", "1.00", "2.00", "OPFA", ""],
            ["RJE_5PK", "RJE", "5PK", "specialised", "NCBPS01C", "SB97Z", "2", "2.00", "11.00", "DC", "Chemotherapy, with a comma"],
            ["RJE_5PK", "RJE", "5PK", "specialised", "NCBPS01C", "SB97Z", "1", "1.00", "5.00", "OPFA", "Chemotherapy, with a comma"],
        ])
        let directory = TemporaryDirectory()
        _ = try table.write(to: directory.path("summary.csv"), names)
        XCTAssertEqual(
            directory.read("summary.csv")?.split(separator: "\n").last,
            "RJE_5PK,RJE,5PK,specialised,NCBPS01C,SB97Z,1,1.00,5.00,OPFA,\"Chemotherapy, with a comma\"")
    }
}
