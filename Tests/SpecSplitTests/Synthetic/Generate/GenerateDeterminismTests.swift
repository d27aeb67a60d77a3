import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The same arguments give the same bytes; a different seed gives different ones.
final class GenerateDeterminismTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testSameSeedGivesIdenticalBytesForEveryShape() throws {
        for (shape, episodes) in [(ExtractShape.apc, false), (.apc, true), (.op, false), (.slam, false)] {
            let generator = ExtractGenerator(shape: shape, rows: 3000, seed: 7, episodes: episodes)
            let first = try generator.generate()
            let second = try generator.generate()
            XCTAssertEqual(first, second, "\(shape) episodes \(episodes)")
            XCTAssertGreaterThan(first.count, 3000 * 40)
        }
    }

    func testDifferentSeedGivesDifferentBytes() throws {
        for shape in ExtractShape.allCases {
            let a = try ExtractGenerator(shape: shape, rows: 500, seed: 1).generate()
            let b = try ExtractGenerator(shape: shape, rows: 500, seed: 2).generate()
            XCTAssertNotEqual(a, b, "\(shape)")
        }
    }

    func testFileOutputEqualsMemoryOutput() throws {
        let generator = ExtractGenerator(shape: .apc, rows: 2000, seed: 11, episodes: true, contracts: 30)
        let path = dir.path("apc.csv")
        let written = try generator.write(to: path)
        let file = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let memory = try generator.generate()
        XCTAssertEqual(Array(file), memory)
        XCTAssertEqual(written, UInt64(memory.count))
        XCTAssertFalse(
            try FileManager.default.contentsOfDirectory(atPath: dir.url.path).contains { $0.contains(".partial") },
            "no temporary file is left behind")
    }

    func testGzipOutputIsReproducibleAndReadsLikeThePlainFile() throws {
        let generator = ExtractGenerator(shape: .op, rows: 5000, seed: 3)
        try generator.write(to: dir.path("a.csv.gz"), gzip: true)
        try generator.write(to: dir.path("b.csv.gz"), gzip: true)
        let a = try XCTUnwrap(FileManager.default.contents(atPath: dir.path("a.csv.gz")))
        let b = try XCTUnwrap(FileManager.default.contents(atPath: dir.path("b.csv.gz")))
        XCTAssertEqual(a, b)
        XCTAssertEqual(Array(a.prefix(2)), [0x1F, 0x8B], "gzip magic")
        let plain = dir.write("plain.csv", try generator.generate())
        let compressed = try readAll(dir.path("a.csv.gz"))
        XCTAssertEqual(compressed.header, try readAll(plain).header)
        XCTAssertEqual(compressed.rows, try readAll(plain).rows)
    }

    func testInvalidParametersAreRejected() {
        XCTAssertThrowsError(try ExtractGenerator(shape: .op, rows: 10, seed: 1, episodes: true).generate()) {
            XCTAssertEqual($0 as? GenerateError, .episodesNeedAdmittedCare(.op))
        }
        XCTAssertThrowsError(try ExtractGenerator(shape: .apc, rows: -1, seed: 1).generate()) {
            XCTAssertEqual($0 as? GenerateError, .invalidRows(-1))
        }
        XCTAssertThrowsError(try ExtractGenerator(shape: .apc, rows: 1, seed: 1, contracts: 0).generate()) {
            XCTAssertEqual($0 as? GenerateError, .invalidContracts(0))
        }
    }

    func testUnwritablePathIsACannotCreateError() {
        XCTAssertThrowsError(try ExtractGenerator(shape: .slam, rows: 1, seed: 1).write(to: "/nonexistent-dir/x.csv")) {
            guard case .cannotCreate(let path, _) = $0 as? WriteError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, "/nonexistent-dir/x.csv")
        }
    }
}
