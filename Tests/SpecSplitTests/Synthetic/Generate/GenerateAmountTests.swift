import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Money parses with ``Amount`` and reconciles: tariff total is the sum of its parts, the
/// grand total is (tariff + local) x MFF rounded half away from zero; SLAM price is
/// activity x a unit price.
final class GenerateAmountTests: XCTestCase {
    let dir = TemporaryDirectory()

    private func amount(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Int64 {
        guard let value = Amount(text) else {
            XCTFail("not an amount: \(text)", file: file, line: line)
            return 0
        }
        var copy = text
        let fromBytes = copy.withUTF8 { Amount(bytes: UnsafeRawBufferPointer($0)) }
        XCTAssertEqual(fromBytes, value, file: file, line: line)
        return value.micros
    }

    private static let money = try! NSRegularExpression(pattern: "^-?[0-9]+\\.[0-9]{2}$")
    private func isMoney(_ text: String) -> Bool {
        Self.money.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func testAdmittedMoneyReconcilesForSpellsAndEpisodes() throws {
        for episodes in [false, true] {
            let table = try generateAndRead(
                ExtractGenerator(shape: .apc, rows: 20000, seed: 21, episodes: episodes), in: dir)
            let parts = [
                "Base_Tariff", "BPT_Adjustment", "Short_Stay_Adjustment", "Long_Stay_Adjustment", "Specialised_Top_Up",
            ]
            .map(table.column)
            let tariff = table.column("Tariff_Total_Payment")
            let local = table.column("Local_Payment")
            let mff = table.column("MFF")
            let grand = table.column("Grand_Total_Payment_MFF")
            var nonZeroLocal = 0
            var adjusted = 0
            for row in table.rows {
                let text = row.text
                for column in parts + [tariff, local, grand] {
                    XCTAssertTrue(isMoney(text[column]), "\(table.header[column]) \(text[column])")
                }
                let sum = parts.map { amount(text[$0]) }.reduce(0, +)
                XCTAssertEqual(sum, amount(text[tariff]), "tariff total: \(row)")
                let factor = amount(text[mff])
                XCTAssertTrue((1_000_000...1_250_000).contains(factor), "MFF \(text[mff])")
                // Pence x factor in millionths, rounded half away from zero to pence.
                let pence = (amount(text[tariff]) + amount(text[local])) / 10_000
                let product = pence * factor
                let expected = product >= 0 ? (product + 500_000) / 1_000_000 : -((-product + 500_000) / 1_000_000)
                XCTAssertEqual(amount(text[grand]), expected * 10_000, "grand total: \(row)")
                if amount(text[local]) != 0 { nonZeroLocal += 1 }
                if parts.dropFirst().contains(where: { amount(text[$0]) != 0 }) { adjusted += 1 }
            }
            XCTAssertGreaterThan(nonZeroLocal, 200)
            XCTAssertGreaterThan(adjusted, 500)
        }
    }

    func testOutpatientTariffIsZeroUnlessAttended() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .op, rows: 5000, seed: 22), in: dir)
        let status = table.column("Attendance_Status")
        let tariff = table.column("Tariff_Total_Payment")
        for row in table.rows {
            XCTAssertTrue(isMoney(row.text[tariff]), row.text[tariff])
            let attended = row.text[status] == "5" || row.text[status] == "6"
            XCTAssertEqual(amount(row.text[tariff]) > 0, attended, "\(row)")
        }
    }

    func testContractLinePriceIsActivityTimesAUnitPrice() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .slam, rows: 20000, seed: 23), in: dir)
        let columns = ["Activity_Plan", "Activity_Actual", "Price_Plan", "Price_Actual", "POD", "HRG"].map(table.column)
        var units = [String: Int64]()
        var negative = 0
        var zero = 0
        for row in table.rows {
            let text = row.text
            let plan = try XCTUnwrap(Int(text[columns[0]]))
            let actual = try XCTUnwrap(Int(text[columns[1]]))
            XCTAssertTrue(isMoney(text[columns[2]]) && isMoney(text[columns[3]]), "\(row)")
            let planPrice = amount(text[columns[2]])
            let actualPrice = amount(text[columns[3]])
            let key = text[columns[4]] + "|" + text[columns[5]]
            for (activity, price) in [(plan, planPrice), (actual, actualPrice)] where activity != 0 {
                XCTAssertEqual(price % Int64(activity), 0, "\(row)")
                let unit = price / Int64(activity)
                XCTAssertGreaterThan(unit, 0, "\(row)")
                XCTAssertEqual(
                    units.updateValue(unit, forKey: key) ?? unit, unit, "one unit price per POD and HRG: \(row)")
            }
            if actual == 0 { XCTAssertEqual(actualPrice, 0) }
            if actual < 0 { negative += 1 }
            if actual == 0 { zero += 1 }
        }
        XCTAssertGreaterThan(negative, 30, "negative adjustment lines")
        XCTAssertGreaterThan(zero, 200, "lines with no activity")
    }
}
