import XCTest

@testable import SpecSplit

/// Reconciliation: read = written + rejected, per contract, in rows, activity and value.
final class ControlTotalsTests: XCTestCase {
    func testBalancedTotalsHaveNoDiscrepancy() {
        var totals = ControlTotals(categories: ["specialised", "non-specialised"])
        totals.ensure(contract: 1)
        totals.countRead(0, activity: .one, value: Amount("10.50")!)
        totals.countWritten(0, category: 1, activity: .one, value: Amount("10.50")!)
        totals.countRead(1, activity: Amount("2")!, value: Amount("-3.25")!)
        totals.countRejected(1, activity: Amount("2")!, value: Amount("-3.25")!)
        XCTAssertEqual(totals.discrepancies(contractNames: ["A", "B"]), [])
        XCTAssertEqual(totals.overall.read.value, "7.25")
    }

    func testARowReadButNeverWrittenIsCaughtAndNamed() {
        var totals = ControlTotals(categories: ["specialised", "non-specialised"])
        totals.ensure(contract: 1)
        totals.countRead(0, activity: .one, value: Amount("1")!)
        totals.countWritten(0, category: 0, activity: .one, value: Amount("1")!)
        totals.countRead(1, activity: .one, value: Amount("0.01")!)
        XCTAssertEqual(
            totals.discrepancies(contractNames: ["A", "B"]),
            ["B: rows 1, activity 1.00, value 0.01 unaccounted for"])
        let error = JobError.reconciliationFailed(totals.discrepancies(contractNames: ["A", "B"]))
        XCTAssertEqual(error.exitCode, 70)
        XCTAssertTrue(error.description.contains("Nothing was published"))
    }

    func testAPennyWrittenTwiceIsCaught() {
        var totals = ControlTotals(categories: ["specialised"])
        totals.ensure(contract: 0)
        totals.countRead(0, activity: .one, value: Amount("0.01")!)
        totals.countWritten(0, category: 0, activity: .one, value: Amount("0.01")!)
        totals.countWritten(0, category: 0, activity: .zero, value: Amount("0.01")!)
        XCTAssertEqual(totals.discrepancies(contractNames: ["A"]), ["A: rows -1, activity 0.00, value -0.01 unaccounted for"])
    }
}
