import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The CSV dialect: RFC 4180 as written, values exactly as in the file.
final class CSVDialectTests: XCTestCase {
    let dir = TemporaryDirectory()

    func rows(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws -> (header: [String], rows: [ParsedRow]) {
        try readAll(dir.write("in.csv", text), options: options)
    }

    func testQuotedCommasDoubledQuotesAndLineBreaks() throws {
        let (header, rows) = try rows("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,last\n")
        XCTAssertEqual(header, ["a", "b", "c"])
        XCTAssertEqual(rows.map(\.text), [["x,y", "say \"hi\"", "two\nlines"], ["plain", "", "last"]])
        XCTAssertEqual(rows.map(\.line), [2, 4], "line numbers are physical lines, counting the break inside quotes")
        XCTAssertEqual(rows.map(\.status), [.ok, .ok])
    }

    func testCRLFAndLFAndMixed() throws {
        let (_, rows) = try rows("a,b\r\n1,2\r\n3,4\n5,\"6\r\n7\"\r\n8,9")
        XCTAssertEqual(rows.map(\.text), [["1", "2"], ["3", "4"], ["5", "6\r\n7"], ["8", "9"]])
        XCTAssertEqual(rows.map(\.line), [2, 3, 4, 6])
    }

    func testSpacesAndTabsAreKeptExactly() throws {
        let (header, rows) = try rows(" a ,b\t\n  x  ,\ty\t\n")
        XCTAssertEqual(header, [" a ", "b\t"])
        XCTAssertEqual(rows.map(\.text), [["  x  ", "\ty\t"]])
    }

    func testByteOrderMarkIsDroppedFromTheHeaderOnly() throws {
        let (header, rows) = try readAll(dir.write("bom.csv", [0xEF, 0xBB, 0xBF] + Array("code,n\n\u{FEFF}x,1\n".utf8)))
        XCTAssertEqual(header, ["code", "n"])
        XCTAssertEqual(rows.first?.fields.first, [0xEF, 0xBB, 0xBF, 0x78], "a BOM inside the data is data")
    }

    func testBlankLinesAreSkippedButCounted() throws {
        let (_, rows) = try rows("\n\na,b\n\n1,2\r\n\r\n3,4\n\n")
        XCTAssertEqual(rows.map(\.text), [["1", "2"], ["3", "4"]])
        XCTAssertEqual(rows.map(\.line), [5, 7])
    }

    func testLastRowWithoutLineBreak() throws {
        let (_, rows) = try rows("a,b\n1,2\n3,\"4\"")
        XCTAssertEqual(rows.map(\.text), [["1", "2"], ["3", "4"]])
    }

    func testEmptyQuotedAndUnquotedFields() throws {
        let (_, rows) = try rows("a,b,c\n\"\",,\"\"\n")
        XCTAssertEqual(rows.map(\.text), [["", "", ""]])
    }

    func testNulBytesAndInvalidUTF8PassThroughUnchanged() throws {
        let data: [UInt8] = Array("a,b\n".utf8) + [0x00, 0xFF, 0xC3, 0x2C, 0x22, 0xFE, 0x0A, 0x22, 0x0A]
        let (_, rows) = try readAll(dir.write("bin.csv", data))
        XCTAssertEqual(rows.map(\.fields), [[[0x00, 0xFF, 0xC3], [0xFE, 0x0A]]])
    }

    func testStrayQuoteInUnquotedFieldIsReportedAndReadingContinues() throws {
        let (_, rows) = try rows("a,b,c\n1,2,3\nx,ab\"c,z\n4,5,6\n")
        XCTAssertEqual(rows.map(\.status), [.ok, .strayQuote, .ok])
        XCTAssertEqual(rows[1].line, 3)
        XCTAssertEqual(rows[1].errorColumn, 1, "the fault is in column b")
        XCTAssertEqual(rows[1].text, ["x,ab\"c,z"], "the raw record is kept for the rejects file")
        XCTAssertEqual(rows[2].text, ["4", "5", "6"])
        XCTAssertEqual(rows[2].line, 4)
    }

    // Found by Fuzz/ (FuzzReader): a stray-quote row ran on to the next LF, so in a file
    // whose lines end in CR alone it swallowed every following row.
    func testAStrayQuoteRowEndsAtALoneCR() throws {
        let (_, rows) = try rows("a,b\r1,x\"y\r2,3\r\r4,5\r\n6,7")
        XCTAssertEqual(rows.map(\.status), [.strayQuote, .ok, .ok, .ok])
        XCTAssertEqual(rows[0].text, ["1,x\"y"])
        XCTAssertEqual(rows.dropFirst().map(\.text), [["2", "3"], ["4", "5"], ["6", "7"]])
        XCTAssertEqual(rows.map(\.line), [2, 3, 5, 6])
    }

    func testTextAfterClosingQuoteIsAStrayQuote() throws {
        let (_, rows) = try rows("a,b\n\"ab\"c,d\n1,2\n")
        XCTAssertEqual(rows.map(\.status), [.strayQuote, .ok])
        XCTAssertEqual(rows[0].text, ["\"ab\"c,d"])
        XCTAssertEqual(rows[0].errorColumn, 0)
    }

    func testUnterminatedQuoteAtEndOfFile() throws {
        let (_, rows) = try rows("a,b\n1,2\n3,\"open\nnever closed\n")
        XCTAssertEqual(rows.map(\.status), [.ok, .unterminatedQuote])
        XCTAssertEqual(rows[1].line, 3)
        XCTAssertEqual(rows[1].errorColumn, 1)
        XCTAssertEqual(rows[1].text, ["3,\"open\nnever closed\n"])
    }

    func testWrongFieldCounts() throws {
        let (_, rows) = try rows("a,b,c\n1,2\n1,2,3,4\n1,2,3\n")
        XCTAssertEqual(rows.map(\.status), [.tooFewFields, .tooManyFields, .ok])
        XCTAssertEqual(rows.map(\.errorColumn), [2, 3, -1])
        XCTAssertEqual(rows[1].text, ["1", "2", "3", "4"])
    }

    func testRowsThatNeedNoQuotesAreTheirOwnCSVText() throws {
        let path = dir.write("clean.csv", "a,b,c\nx,,z\n\"q\",\"r\",s\n\"a,b\",c,d\nx, y,z\n\"two\nlines\",b,c\n")
        let reader = try CSVReader(path: path)
        let batch = RowBatch()
        XCTAssertTrue(try reader.next(into: batch))
        let texts = (0..<batch.count).map { batch.cleanText($0).map { String(decoding: $0, as: UTF8.self) } }
        XCTAssertEqual(texts, ["x,,z", "q,r,s", nil, nil, nil], "quotes only where a field needs them")
        XCTAssertEqual(batch.line(4), 6)
    }

    /// Property: whatever bytes a field holds and however long it is (the reader looks at
    /// fields a word at a time), it reads back exactly, rows keep their physical line numbers,
    /// and a row is its own CSV text exactly when no field needs quotes.
    func testFieldsOfEveryLengthReadBackWithTheirLinesAndQuoting() throws {
        var rng = SplitMix64(seed: 11)
        let alphabet: [[UInt8]] = ["a", "b", "0", " ", "\t", ",", "\"", "\r", "\n", "|", "-", "é"].map { Array($0.utf8) }
        var text = Array("h1,h2,h3\n".utf8)
        var expected: [(fields: [[UInt8]], line: Int)] = []
        var line = 2
        for _ in 0..<400 {
            var fields: [[UInt8]] = []
            for _ in 0..<3 {
                var field: [UInt8] = []
                // Mostly plain letters, so words free of special bytes come up too.
                for _ in 0..<Int(rng.next() % 41) {
                    field += rng.next() % 3 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : [0x61 + UInt8(rng.next() % 26)]
                }
                fields.append(field)
            }
            expected.append((fields, line))
            text += fields.map { [0x22] + $0.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22] }.joined(separator: [0x2C]) + [0x0A]
            line += 1 + fields.joined().filter { $0 == 0x0A }.count
        }
        let path = dir.write("fields.csv", text)
        let reader = try CSVReader(path: path)
        let batch = RowBatch()
        var row = 0
        while try reader.next(into: batch) {
            for index in 0..<batch.count {
                let (fields, line) = expected[row]
                XCTAssertEqual((0..<3).map { Array(batch.field(index, $0)) }, fields, "row \(row)")
                XCTAssertEqual(batch.line(index), line, "row \(row)")
                let needsQuotes = fields.contains { field in
                    field.contains { [0x2C, 0x22, 0x0D, 0x0A].contains($0) }
                        || [field.first, field.last].contains { (byte: UInt8?) in byte == 0x20 || byte == 0x09 }
                }
                let clean = batch.cleanText(index).map { Array($0) }
                XCTAssertEqual(clean, needsQuotes ? nil : Array(fields.joined(separator: [0x2C])), "row \(row)")
                row += 1
            }
        }
        XCTAssertEqual(row, expected.count)
    }

    func testEmptyFileHasNoHeader() throws {
        XCTAssertThrowsError(try rows("")) { error in
            XCTAssertEqual(error as? ReadError, .noHeader(path: dir.path("in.csv")))
        }
        XCTAssertThrowsError(try rows("\n\r\n\n"))
    }

    func testHeaderOnlyFileHasNoRows() throws {
        let (header, rows) = try rows("a,b\n")
        XCTAssertEqual(header, ["a", "b"])
        XCTAssertTrue(rows.isEmpty)
    }

    // Found by Fuzz/ (FuzzReader): a stray quote in the header made the first data row the
    // header, so a split failed naming data values as the columns found.
    func testStrayQuoteInTheHeaderIsAnErrorNamingLineAndColumn() throws {
        for (text, line) in [("a,b\"c,d\n1,2,3\n", 1), ("\n\r\na,b\"c,d\n1,2,3\n", 3), ("a,\"b\"c,d\n1,2,3\n", 1)] {
            XCTAssertThrowsError(try rows(text), text.debugDescription) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("\(dir.path("in.csv")):\(line): the header row is malformed"), message)
                XCTAssertTrue(message.contains("stray quote in column 2"), message)
                XCTAssertEqual((error as? ReadError)?.exitCode, 65)
                XCTAssertEqual(error as? ReadError, .malformedHeader(path: dir.path("in.csv"), line: line, column: 2, unclosedQuote: false))
            }
        }
    }

    // Found by Fuzz/ (FuzzReader): a quote opened in the header and never closed made the
    // rest of the file one column name.
    func testUnclosedQuoteInTheHeaderIsAnErrorNamingLineAndColumn() throws {
        XCTAssertThrowsError(try rows("a,\"b,c\n1,2,3\n4,5,6\n")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(dir.path("in.csv")):1: the header row is malformed"), message)
            XCTAssertTrue(message.contains("never closed"), message)
            XCTAssertTrue(message.contains("column 2"), message)
            XCTAssertFalse(message.contains("4,5,6"), "the file's content is not the message")
            XCTAssertEqual((error as? ReadError)?.exitCode, 65)
            XCTAssertEqual(error as? ReadError, .malformedHeader(path: dir.path("in.csv"), line: 1, column: 2, unclosedQuote: true))
        }
    }

    func testTenMegabyteField() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let (_, rows) = try rows("a,b\n1,\"\(big)\"\n2,3\n")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0].fields[1].count, 10 << 20)
        XCTAssertEqual(rows[1].text, ["2", "3"])
    }

    func testFieldOverTheLimitIsAnErrorNamingLineAndColumn() throws {
        var options = CSVReadOptions()
        options.maxFieldBytes = 1000
        options.chunkBytes = 256
        let text = "a,b\n1,2\n3,\"" + String(repeating: "y,", count: 2000) + "\n"
        XCTAssertThrowsError(try rows(text, options: options)) { error in
            XCTAssertEqual(error as? ReadError, .fieldTooLong(path: dir.path("in.csv"), line: 3, column: "b", limit: 1000))
        }
    }

    // Found by Fuzz/ (FuzzReader): a quoted field of exactly the limit was too long when a
    // chunk ended just after its closing quote.
    func testAFieldOfExactlyTheLimitIsReadWhereverChunksEnd() throws {
        let text = "a,b\n1,\"wxyz\"\n2,\"w\nyz\"\r\n3,\"w\"\"z\"\n"
        for chunk in 1...text.utf8.count {
            var options = CSVReadOptions()
            options.maxFieldBytes = 4
            options.chunkBytes = chunk
            let (_, rows) = try rows(text, options: options)
            XCTAssertEqual(rows.map(\.text), [["1", "wxyz"], ["2", "w\nyz"], ["3", "w\"z"]], "chunks of \(chunk) bytes")
        }
        var options = CSVReadOptions()
        options.maxFieldBytes = 3
        options.chunkBytes = 11
        XCTAssertThrowsError(try rows(text, options: options), "over the limit at the chunk's end") { error in
            XCTAssertEqual(error as? ReadError, .fieldTooLong(path: dir.path("in.csv"), line: 2, column: "b", limit: 3))
        }
    }

    func testMissingFileCannotBeOpened() {
        XCTAssertThrowsError(try CSVReader(path: dir.path("nope.csv"))) { error in
            guard case .cannotOpen = error as? ReadError else { return XCTFail("\(error)") }
            XCTAssertEqual((error as? ReadError)?.exitCode, 66)
        }
    }
}
