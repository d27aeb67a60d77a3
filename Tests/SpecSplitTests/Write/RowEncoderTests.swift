import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The split files' rows: re-encoded from parsed fields, copied in runs where no quotes are needed.
final class RowEncoderTests: XCTestCase {
    func testEncodedRowsReadBackToTheSameFields() throws {
        let dir = TemporaryDirectory()
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array("abZ09 ,\"\r\n\t.|".utf8) + [0x00, 0xFF]
        for round in 0..<30 {
            let columns = 1 + Int(rng.next() % 80)  // past 64 fields too
            var table: [[[UInt8]]] = [(0..<columns).map { Array("h\($0)".utf8) }]
            for _ in 0..<20 {
                table.append((0..<columns).map { _ in
                    rng.next() % 3 == 0
                        ? (0..<Int(rng.next() % 6)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                        : Array("x\(rng.next() % 1000)".utf8)
                })
            }
            let source = dir.path("in\(round).csv")
            let writer = try CSVWriter(path: source)
            for row in table {
                for field in row { try field.withUnsafeBytes { try writer.writeField($0) } }
                try writer.endRow()
            }
            try writer.close()
            // Parse, encode each row with RowEncoder, write those lines, parse them again.
            let reader = try CSVReader(path: source)
            let batch = RowBatch()
            var encoder = RowEncoder()
            defer { encoder.deallocate() }
            var text = Array((reader.header.joined(separator: ",") + "\n").utf8)
            while try reader.next(into: batch) {
                for row in 0..<batch.count {
                    encoder.reset()
                    encoder.row(batch, row)
                    encoder.endLine()
                    text += Array(encoder.buffer)
                }
            }
            let again = try readAll(dir.write("again\(round).csv", text))
            let expected = Array(table.dropFirst())
            for (r, row) in again.rows.enumerated() where r < expected.count && row.fields != expected[r] {
                let c = zip(row.fields, expected[r]).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
                XCTFail("round \(round) row \(r) col \(c) of \(expected[r].count): got \(c >= 0 ? row.fields[c] : []) want \(c >= 0 ? expected[r][c] : []) counts \(row.fields.count) \(row.status)")
                break
            }
            XCTAssertEqual(again.rows.map(\.fields), expected, "round \(round)")
        }
    }

    func testAQuotedFieldIsWrittenWithItsQuotesDoubledWhereverTheyFall() {
        var rng = SplitMix64(seed: 3)
        let alphabet: [UInt8] = Array("ab ,\"\n".utf8)
        for _ in 0..<500 {
            let value = (0..<Int(rng.next() % 70)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var encoder = RowEncoder(capacity: 8)
            defer { encoder.deallocate() }
            value.withUnsafeBytes { encoder.field($0) }
            var expected: [UInt8] = []
            if value.contains(where: { [0x2C, 0x22, 0x0A, 0x20].contains($0) }) && !value.isEmpty {
                expected = [0x22] + value.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
            } else {
                expected = value
            }
            // A space needs quotes only at either end; then the field is as it is.
            if !value.contains(where: { [0x2C, 0x22, 0x0A].contains($0) }) && value.first != 0x20 && value.last != 0x20 {
                expected = value
            }
            XCTAssertEqual(Array(encoder.buffer), expected, "\(String(decoding: value, as: UTF8.self).debugDescription)")
        }
    }

    func testWholeNumbersAndEmptyFieldsAreAppendedAsFields() {
        var encoder = RowEncoder(capacity: 4)
        defer { encoder.deallocate() }
        for value in [0, 7, 10, 99, 100, 12_345, -5, Int.max, Int.min] { encoder.integer(value) }
        encoder.empty()
        encoder.endLine()
        XCTAssertEqual(
            String(decoding: Array(encoder.buffer), as: UTF8.self),
            "0,7,10,99,100,12345,-5,\(Int.max),\(Int.min),\n")
    }
}
