import CSupport
import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// Streaming: chunk edges, compressed input, standard input, and the round trip.
final class CSVStreamingTests: XCTestCase {
    let dir = TemporaryDirectory()

    /// A file with every awkward construct, so chunk edges land inside all of them.
    let awkward = "\u{FEFF}id,text,n\r\n"
        + "1,\"quoted, with comma\",10\r\n"
        + "2,\"line\nbreak and \"\"quotes\"\"\",20\n"
        + "\n"
        + "3,  spaced  ,30\r\n"
        + "4,ab\"c,40\n"
        + "5,\"\",\n"
        + "6,\"multi\r\n\r\nblank\",60\n"
        + "7,x,y,z\n"
        + "8,last,80"

    func testEveryChunkSizeFrom1To64GivesTheSameRows() throws {
        let path = dir.write("awkward.csv", awkward)
        let reference = try readAll(path)
        XCTAssertEqual(reference.rows.count, 8)
        XCTAssertEqual(reference.rows.map(\.status), [.ok, .ok, .ok, .strayQuote, .ok, .ok, .tooManyFields, .ok])
        XCTAssertEqual(reference.rows.map(\.line), [2, 3, 6, 7, 8, 9, 12, 13])
        for size in 1...64 {
            var options = CSVReadOptions()
            options.chunkBytes = size
            options.batchBytes = 7  // hand over a batch after nearly every row too
            let result = try readAll(path, options: options)
            XCTAssertEqual(result.header, reference.header, "chunk \(size)")
            XCTAssertEqual(result.rows, reference.rows, "chunk \(size)")
        }
    }

    // Found by Fuzz/ (FuzzReader): when a chunk ended between the CR and the LF of a
    // stray-quote row's line end, the row's raw text kept the CR.
    func testAStrayQuoteRowInACRLFFileIsTheSameAtEveryChunkSize() throws {
        let text = "a,b\r\n1,x\"y\r\n2,3\r\n\"p\"q,4\r\n5,6\r\n"
        let path = dir.write("crlf.csv", text)
        let reference = try readAll(path)
        XCTAssertEqual(reference.rows.map(\.text), [["1,x\"y"], ["2", "3"], ["\"p\"q,4"], ["5", "6"]])
        XCTAssertEqual(reference.rows.map(\.line), [2, 3, 4, 5])
        for size in 1...text.utf8.count {
            var options = CSVReadOptions()
            options.chunkBytes = size
            XCTAssertEqual(try readAll(path, options: options).rows, reference.rows, "chunk \(size)")
        }
    }

    /// Property: leaving out the per-byte space test on chunks where no space or tab
    /// touches a separator, quote or other space reads every file exactly as the space
    /// test on every chunk does, malformed rows included, at any chunk size.
    func testLeavingOutTheSpaceTestWhereItCannotMatterReadsTheSame() throws {
        var rng = SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array("aaaabbbb0123  \t,,,\"\r\n\n".utf8)
        // Well-formed rows whose quoted fields hold ", " and spaces, with stray quotes and
        // spaces outside quotes mixed in now and then: the fast path's quote parity is right
        // until a stray quote stops libcsv, and must not be trusted after one.
        let pieces = ["\"q, r\"", "\"a  b\"", "\"x \"\" y\"", "plain", "1", "", "\"", " ", "\t", ",", "\n", "\r\n", "\"p\nq, \""]
        var elided = 0
        var elidedInsideQuotes = 0
        for round in 0..<240 {
            var bytes = Array("h1,h2,h3\n".utf8)
            if round % 2 == 0 {
                for _ in 0..<Int(rng.next() % 400) { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            } else {
                for _ in 0..<Int(rng.next() % 60) {
                    // Mostly rows of three fields from the first five pieces.
                    if rng.next() % 8 == 0 {
                        bytes += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8)
                    } else {
                        let row = (0..<3).map { _ in pieces[Int(rng.next() % 5)] }.joined(separator: ",") + "\n"
                        bytes += Array(row.utf8)
                    }
                }
            }
            let path = dir.write("spaces\(round).csv", bytes)
            let wholeFileFast = bytes.withUnsafeBufferPointer { specsplit_spaces_are_inner($0.baseAddress, $0.count, -1, 0) == 1 }
            elided += wholeFileFast ? 1 : 0
            if wholeFileFast && zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x2C && $1 == 0x20 }) { elidedInsideQuotes += 1 }
            for size in [1, 2, 3, 5, 8, 13, 64, 4096] {
                var fast = CSVReadOptions()
                fast.chunkBytes = size
                var everyByte = fast
                everyByte.alwaysTestSpaces = true
                let expected = try readAll(path, options: everyByte)
                let actual = try readAll(path, options: fast)
                XCTAssertEqual(actual.header, expected.header, "round \(round), chunk \(size)")
                XCTAssertEqual(actual.rows, expected.rows, "round \(round), chunk \(size)")
            }
        }
        XCTAssertGreaterThan(elided, 0, "some whole files must take the fast path, or the property tests nothing")
        XCTAssertGreaterThan(elidedInsideQuotes, 0, "some must take it with \", \" inside quotes")
    }

    func testSpacesAreInnerOnlyWhenNoSpaceTouchesASeparatorQuoteOrEdge() {
        func inner(_ text: String, previous: Int32 = 0x61, quoted: Int32 = 0) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { specsplit_spaces_are_inner($0.baseAddress, $0.count, previous, quoted) == 1 }
        }
        XCTAssertTrue(inner("RJE,LE2 3WP,x\n"))
        XCTAssertTrue(inner("no spaces at all\n".replacingOccurrences(of: " ", with: "_")))
        XCTAssertTrue(inner("a\tb,c\n"))
        for unsafe in ["a, b\n", "a ,b\n", "a \n", "a\n b\n", "a \r\n", "\"a\" ,b\n", "a  b\n", "a\t,b\n", "a,\tb\n", "ab "] {
            XCTAssertFalse(inner(unsafe), unsafe.debugDescription)
        }
        XCTAssertFalse(inner(" a\n", previous: -1), "a space at the start of the input begins a field")
        XCTAssertFalse(inner(" a\n", previous: 0x2C), "a space after the previous chunk's comma begins a field")
        XCTAssertTrue(inner(" a\n", previous: 0x61))
    }

    // A free-text column ("Query raised by commissioner, ref ...") puts a comma and a space
    // inside quotes on many rows; libcsv never asks whether a byte inside quotes is a space.
    func testSpacesInsideQuotesNeverNeedTheSpaceTest() {
        func inner(_ text: String, previous: Int32 = 0x61, quoted: Int32 = 0) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { specsplit_spaces_are_inner($0.baseAddress, $0.count, previous, quoted) == 1 }
        }
        XCTAssertTrue(inner("1,\"Query raised, ref  CQ \",2\n"))
        XCTAssertTrue(inner("1,\"a \"\" b\",2\n"), "an escaped quote keeps the field open")
        XCTAssertTrue(inner("raised, ref\",2\n", quoted: 1), "the chunk starts inside a quoted field")
        XCTAssertTrue(inner(" b\",2\n", previous: 0x2C, quoted: 1))
        XCTAssertFalse(inner("1,\"a\" ,2\n"), "a space after the closing quote")
        XCTAssertFalse(inner("1,\"a, b\", c\n"), "a space after the field's comma")
        XCTAssertFalse(inner("x\", c\n", quoted: 1), "the chunk's first quote closes the field")
        XCTAssertFalse(inner("1,\"a\n b\"\n2, x\n"))
    }

    func testGzipInputReadsLikeThePlainFile() throws {
        let path = dir.write("awkward.csv", awkward)
        XCTAssertEqual(shell("gzip -k -c '\(path)' > '\(path).gz'"), 0)
        let plain = try readAll(path)
        let compressed = try readAll(path + ".gz")
        XCTAssertEqual(compressed.rows, plain.rows)
        XCTAssertEqual(compressed.header, plain.header)
    }

    func testTruncatedGzipIsAnIOError() throws {
        let path = dir.write("big.csv", "a,b\n" + (1...20000).map { "\($0),\($0 &* 2_654_435_761 % 1_000_003)\n" }.joined())
        XCTAssertEqual(shell("gzip -c '\(path)' | head -c 5000 > '\(path).gz'"), 0)
        XCTAssertThrowsError(try readAll(path + ".gz")) { error in
            guard case .io(_, let reason) = error as? ReadError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("truncated"), reason)
        }
    }

    func testStandardInput() throws {
        let path = dir.write("awkward.csv", awkward)
        let saved = dup(STDIN_FILENO)
        let fd = open(path, O_RDONLY)
        dup2(fd, STDIN_FILENO)
        close(fd)
        defer {
            dup2(saved, STDIN_FILENO)
            close(saved)
        }
        let fromStdin = try readAll("-")
        XCTAssertEqual(fromStdin.rows, try readAll(path).rows)
    }

    /// Property: any RFC 4180 file, read and written back, keeps every field value byte for byte.
    func testRoundTripOnGeneratedCSV() throws {
        var rng = SplitMix64(seed: 42)
        let alphabet: [UInt8] = Array("abcXYZ019 ,\"\r\n\t;|'".utf8) + [0x00, 0xC3, 0xA9, 0xFF]
        for round in 0..<40 {
            let columns = Int(rng.next() % 6) + 1
            let rows = Int(rng.next() % 30)
            var table: [[[UInt8]]] = []
            for _ in 0...rows {
                table.append((0..<columns).map { _ in
                    (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                })
            }
            // A header must not be blank; make its first field non-empty.
            table[0][0] = Array("h".utf8) + table[0][0]
            let path = dir.path("round\(round).csv")
            let writer = try CSVWriter(path: path)
            for row in table {
                for field in row { try field.withUnsafeBytes { try writer.writeField($0) } }
                try writer.endRow()
            }
            try writer.close()
            // A row of one empty field is a blank line: CSV cannot tell them apart.
            let expected = Array(table.dropFirst()).filter { !($0.count == 1 && $0[0].isEmpty) }
            let back = try readAll(path)
            XCTAssertEqual(back.header.map { Array($0.utf8) }.count, columns)
            XCTAssertEqual(back.rows.map(\.fields), expected, "round \(round)")
            XCTAssertTrue(back.rows.allSatisfy { $0.status == .ok })
            // And writing what was read gives the same bytes again.
            let again = dir.path("again\(round).csv")
            let writer2 = try CSVWriter(path: again)
            try writer2.writeRow(back.header)
            for row in back.rows {
                for field in row.fields { try field.withUnsafeBytes { try writer2.writeField($0) } }
                try writer2.endRow()
            }
            try writer2.close()
            XCTAssertEqual(try readAll(again).rows.map(\.fields), expected)
        }
    }

    func testWriterQuotesOnlyWhatMustBeQuoted() throws {
        let path = dir.path("q.csv")
        let writer = try CSVWriter(path: path, bufferSize: 4096)
        try writer.writeRow(["plain", "a,b", "say \"x\"", " lead", "trail ", "cr\rlf\n", "", "tab\tin"])
        try writer.writeRow([String(repeating: "z", count: 10_000)])  // larger than the buffer
        try writer.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(
            text,
            "plain,\"a,b\",\"say \"\"x\"\"\",\" lead\",\"trail \",\"cr\rlf\n\",,tab\tin\n" + String(repeating: "z", count: 10_000) + "\n")
    }
}
