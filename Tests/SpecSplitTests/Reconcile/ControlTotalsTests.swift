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

/// A share is the exact quotient rounded half to even at 6 places, and empty for a whole
/// that is zero or negative.
final class ShareTests: XCTestCase {
    func testSharesAreExactQuotientsRoundedHalfToEven() {
        XCTAssertEqual(Totals.share(1, of: 8), "0.125000")
        XCTAssertEqual(Totals.share(1, of: 3), "0.333333")
        XCTAssertEqual(Totals.share(2, of: 3), "0.666667")
        XCTAssertEqual(Totals.share(5, of: 10_000_000), "0.000000", "0.0000005: half, to the even 0")
        XCTAssertEqual(Totals.share(15, of: 10_000_000), "0.000002", "0.0000015: half, to the even 2")
        XCTAssertEqual(Totals.share(25, of: 10_000_000), "0.000002", "0.0000025: half, to the even 2")
        XCTAssertEqual(Totals.share(26, of: 10_000_000), "0.000003")
        XCTAssertEqual(Totals.share(7, of: 7), "1.000000")
        XCTAssertEqual(Totals.share(-1, of: 2), "-0.500000")
        XCTAssertEqual(Totals.share(-15, of: 10_000_000), "-0.000002")
        XCTAssertEqual(Totals.share(3, of: 2), "1.500000", "more than the whole when the rest is negative")
        XCTAssertEqual(Totals.share(1, of: 0), "")
        XCTAssertEqual(Totals.share(1, of: -5), "")
        let huge = Int128(Int64.max) * 1_000
        XCTAssertEqual(Totals.share(huge / 4, of: huge), "0.250000", "no overflow near the largest sums")
    }
}
