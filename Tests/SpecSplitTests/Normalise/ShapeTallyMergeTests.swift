import XCTest

@testable import SpecSplit

/// A file read in blocks on several threads judges its column mapping on exactly the values
/// reading it in order would: the tallies of consecutive blocks, merged in order, equal the
/// tally of one normaliser reading every row.
final class ShapeTallyMergeTests: XCTestCase {
    /// A map carrying provider and postcode.
    func map() throws -> ColumnMap {
        try ColumnMap(header: ["Provider_Code", "Postcode", "Commissioner_Code"], source: "t.csv", shape: .apc)
    }

    /// Postcode values: shaped, except at the ordinals in `bad` (which carry their ordinal).
    func values(_ count: Int, bad: Set<Int>) -> [(text: String, shaped: Bool)] {
        (0..<count).map { i in bad.contains(i) ? ("\(i)", false) : ("LS1 4AP", true) }
    }

    func tally(_ map: ColumnMap, _ values: ArraySlice<(text: String, shaped: Bool)>, firstLine: Int) -> ShapeTally {
        var tally = ShapeTally(map: map)
        for (offset, value) in values.enumerated() {
            Array(value.text.utf8).withUnsafeBytes { bytes in
                tally.note(.postcode, shaped: value.shaped, bytes, line: firstLine + offset)
            }
        }
        return tally
    }

    func testBlocksMergedInOrderEqualOneReading() throws {
        let map = try map()
        // Failures before, across and after the limit of counted values; blocks of several
        // sizes, so a block is sometimes taken in part.
        let all = values(2_600, bad: [3, 640, 641, 998, 999, 1_000, 1_700])
        let whole = tally(map, all[...], firstLine: 2)
        for blockSize in [1, 7, 333, 999, 1_000, 1_001, 2_600] {
            var merged = ShapeTally(map: map)
            var start = 0
            while start < all.count {
                let end = min(start + blockSize, all.count)
                // A block's lines are counted from its own start, as a worker reads them.
                merged.merge(tally(map, all[start..<end], firstLine: 1), lineOffset: start + 1)
                start = end
            }
            XCTAssertEqual(merged.counts, whole.counts, "blocks of \(blockSize)")
            XCTAssertEqual(merged.isCounting, whole.isCounting, "blocks of \(blockSize)")
        }
        let postcode = try XCTUnwrap(whole.counts.first { $0.field == .postcode })
        XCTAssertEqual(postcode.checked, 1_000)
        XCTAssertEqual(postcode.failed, 5)
        XCTAssertEqual(postcode.example, "3")
        XCTAssertEqual(postcode.line, 5)
    }
}
