import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The output pool: every byte lands in its file in order, whatever the budget and the
/// descriptors allowed; buffers stay within the budget; quiet outputs are written once.
final class OutputPoolTests: XCTestCase {
    let dir = TemporaryDirectory()

    /// Random appends (header-sized, row-sized, and past the largest buffer) to `count`
    /// outputs, the busiest few getting most of them; returns what each was sent.
    func appendRandomly(
        to pool: OutputPool, count: Int, appends: Int, seed: UInt64, check: (OutputPool) -> Void = { _ in }
    ) throws -> (handles: [Int], sent: [[UInt8]], rows: [Int]) {
        var rng = SplitMix64(seed: seed)
        let handles = (0..<count).map { pool.add(path: dir.path("out-\($0).csv")) }
        var sent = [[UInt8]](repeating: [], count: count)
        var rows = [Int](repeating: 0, count: count)
        for handle in handles {
            let header = Array("header of \(handle),a,b,c\n".utf8)
            try header.withUnsafeBytes { try pool.append(handle, $0) }
            sent[handle] += header
        }
        for _ in 0..<appends {
            // A quarter of the appends go to a tenth of the outputs.
            let output =
                rng.next() % 4 == 0 ? Int(rng.next() % UInt64(max(1, count / 10))) : Int(rng.next() % UInt64(count))
            let length: Int
            switch rng.next() % 50 {
            case 0: length = 0
            case 1: length = 20_000 + Int(rng.next() % 50_000)  // more than the largest buffer
            default: length = 1 + Int(rng.next() % 700)
            }
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            try bytes.withUnsafeBytes { try pool.append(handles[output], $0) }
            pool.countRow(handles[output])
            sent[output] += bytes
            rows[output] += 1
            check(pool)
        }
        return (handles, sent, rows)
    }

    /// Each file's SHA-256, by `sha256sum`.
    func sha256(_ paths: [String]) -> [String: String] {
        let list = dir.path("sums.txt")
        XCTAssertEqual(shell("sha256sum \(paths.map { "'\($0)'" }.joined(separator: " ")) > '\(list)'"), 0)
        var sums: [String: String] = [:]
        for line in (dir.read("sums.txt") ?? "").split(separator: "\n") {
            sums[String(line.dropFirst(66))] = String(line.prefix(64))
        }
        return sums
    }

    /// Every file holds exactly what was sent to it; rows, bytes and SHA-256 match the file.
    func assertWritten(
        _ written: [OutputPool.Written], sent: [[UInt8]], rows: [Int], file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(written.count, sent.count, file: file, line: line)
        let sums = sha256(written.map(\.path))
        for (index, output) in written.enumerated() {
            let bytes = FileManager.default.contents(atPath: output.path).map { [UInt8]($0) }
            XCTAssertEqual(bytes, sent[index], "\(output.path): contents", file: file, line: line)
            XCTAssertEqual(output.bytes, UInt64(sent[index].count), "\(output.path): bytes", file: file, line: line)
            XCTAssertEqual(output.rows, rows[index], "\(output.path): rows", file: file, line: line)
            XCTAssertEqual(output.digest, sums[output.path], "\(output.path): sha256", file: file, line: line)
        }
    }

    func testManyOutputsThroughATinyBudgetKeepEveryByteInOrder() throws {
        for background in [false, true] {
            let budget = 64 << 10
            let pool = OutputPool(maxOpen: 64, memoryBudget: budget, background: background)
            let (_, sent, rows) = try appendRandomly(to: pool, count: 300, appends: 6_000, seed: 1) { pool in
                XCTAssertLessThanOrEqual(pool.bufferedBytes, budget, "background \(background)")
            }
            XCTAssertGreaterThan(pool.peakBufferedBytes, budget / 2, "the budget is used")
            XCTAssertLessThanOrEqual(pool.peakBufferedBytes, budget)
            XCTAssertEqual(pool.reservedBytes, budget, "the budget's memory is allocated")
            let written = try pool.finish()
            assertWritten(written, sent: sent, rows: rows)
            // The pool creates its files exclusively (as in a staging directory): the next round needs the names free.
            for output in written { try FileManager.default.removeItem(atPath: output.path) }
            XCTAssertEqual(pool.bufferedBytes, 0, "finish frees every buffer")
            XCTAssertEqual(pool.reservedBytes, 0, "and gives their memory back, for what runs after")
        }
    }

    /// Writing on a thread of its own gives the same files and hashes as writing on the
    /// caller's, with a budget small enough that the caller keeps waiting for chunks to come
    /// back. (When outputs are written out may differ: chunks in flight are not yet free.)
    func testFilesWrittenInTheBackgroundAreTheSame() throws {
        var results: [[OutputPool.Written]] = []
        var calls: [[Int]] = []
        for background in [false, true] {
            let pool = OutputPool(maxOpen: 16, bufferSize: 8 << 10, memoryBudget: 32 << 10, background: background)
            let (_, sent, rows) = try appendRandomly(to: pool, count: 100, appends: 20_000, seed: 5)
            let written = try pool.finish()
            assertWritten(written, sent: sent, rows: rows)
            results.append(written.map { OutputPool.Written(path: $0.path, rows: $0.rows, bytes: $0.bytes, digest: $0.digest) })
            calls.append([pool.opens, pool.writes])
            for output in written { try FileManager.default.removeItem(atPath: output.path) }
        }
        XCTAssertEqual(results[0], results[1])
        for (opens, writes) in calls.map({ ($0[0], $0[1]) }) {
            XCTAssertGreaterThan(writes, 1_000, "files were written during the run, not only at the end")
            XCTAssertGreaterThan(opens, 100, "and closed and reopened within 16 descriptors")
        }
    }

    func testThreeDescriptorsAreEnough() throws {
        for background in [false, true] {
            let pool = OutputPool(maxOpen: 3, memoryBudget: 32 << 10, background: background)
            let open = { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0 }
            let before = open()
            var most = 0
            let (_, sent, rows) = try appendRandomly(to: pool, count: 40, appends: 2_000, seed: 2) { _ in
                most = max(most, open() - before)
            }
            XCTAssertLessThanOrEqual(most, 3, "never more than maxOpen files open (background \(background))")
            let written = try pool.finish()
            assertWritten(written, sent: sent, rows: rows)
            for output in written { try FileManager.default.removeItem(atPath: output.path) }
            XCTAssertEqual(open(), before, "finish closes every file")
            XCTAssertGreaterThan(pool.opens, 40, "files written mid-run were closed and reopened in append mode")
        }
    }

    func testQuietOutputsAreOpenedAndWrittenOnceAtTheEnd() throws {
        let pool = OutputPool(maxOpen: 1_000, bufferSize: 64 << 10, memoryBudget: 1 << 20)
        let busy = pool.add(path: dir.path("busy.csv"))
        let quiet = (0..<200).map { pool.add(path: dir.path("quiet-\($0).csv")) }
        var sent = [[UInt8]](repeating: [], count: 201)
        var rows = [Int](repeating: 0, count: 201)
        let row = [UInt8](repeating: UInt8(ascii: "x"), count: 99) + [10]
        for index in 0..<100_000 {
            try row.withUnsafeBytes { try pool.append(busy, $0) }
            pool.countRow(busy)
            sent[0] += row
            rows[0] += 1
            if index % 500 == 0 {
                let handle = quiet[index / 500]
                try row.withUnsafeBytes { try pool.append(handle, $0) }
                pool.countRow(handle)
                sent[handle] += row
                rows[handle] += 1
            }
        }
        XCTAssertEqual(pool.opens, 1, "only the busy output is written during the run")
        let writesDuringRun = pool.writes
        XCTAssertEqual(writesDuringRun, 10_000_000 / (64 << 10), "in full 64 KiB buffers")
        assertWritten(try pool.finish(), sent: sent, rows: rows)
        XCTAssertEqual(pool.opens, 201, "each file opened once")
        XCTAssertEqual(pool.writes, writesDuringRun + 200 + 1, "the rest of each file in one write")
    }

    func testTheFullestOutputsAreWrittenFirstWhenTheBudgetIsReached() throws {
        let budget = 1 << 20
        let pool = OutputPool(maxOpen: 100, memoryBudget: budget)
        let handles = (0..<20).map { pool.add(path: dir.path("out-\($0).csv")) }
        var sent = [[UInt8]](repeating: [], count: handles.count)
        let rows = [Int](repeating: 0, count: handles.count)
        // Output i gets i + 1 KiB a round: 2.1 MB in all, twice the budget.
        for round in 0..<10 {
            for handle in handles {
                let chunk = [UInt8](repeating: UInt8(truncatingIfNeeded: round + handle), count: 1_024)
                for _ in 0...handle {
                    try chunk.withUnsafeBytes { try pool.append(handle, $0) }
                    sent[handle] += chunk
                }
            }
        }
        XCTAssertLessThanOrEqual(pool.peakBufferedBytes, budget)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.path("out-19.csv")), "the fullest was written")
        for handle in 0..<5 {
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: dir.path("out-\(handle).csv")), "out-\(handle) waits in memory")
        }
        assertWritten(try pool.finish(), sent: sent, rows: rows)
    }

    func testEveryOutputExistsAfterFinishEvenWithNothingWritten() throws {
        for background in [false, true] {
            let pool = OutputPool(maxOpen: 2, background: background)
            let handles = (0..<5).map { pool.add(path: dir.path("empty-\(background)-\($0).csv")) }
            let written = try pool.finish()
            XCTAssertEqual(written.map(\.path), handles.map { dir.path("empty-\(background)-\($0).csv") })
            for output in written {
                XCTAssertTrue(FileManager.default.fileExists(atPath: output.path), output.path)
                XCTAssertEqual(output.bytes, 0)
                XCTAssertEqual(output.digest, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            }
        }
    }

    func testAFileThatCannotBeCreatedIsNamed() throws {
        for background in [false, true] {
            let pool = OutputPool(background: background)
            let path = dir.path("no-such-folder/out.csv")
            let handle = pool.add(path: path)
            try Array("a,b\n".utf8).withUnsafeBytes { try pool.append(handle, $0) }
            XCTAssertThrowsError(try pool.finish()) { error in
                XCTAssertEqual(error as? WriteError, .cannotCreate(path: path, reason: "No such file or directory"))
            }
        }
    }

    /// A failure on the file-writing thread reaches the caller at a later append (it does
    /// not wait for the end), and nothing hangs: every chunk in flight comes back.
    func testABackgroundFailureStopsTheCallerMidRun() throws {
        let pool = OutputPool(maxOpen: 8, bufferSize: 4 << 10, memoryBudget: 16 << 10, background: true)
        let bad = pool.add(path: dir.path("no-such-folder/out.csv"))
        let good = pool.add(path: dir.path("good.csv"))
        let row = [UInt8](repeating: UInt8(ascii: "x"), count: 99) + [10]
        var appended = 0
        XCTAssertThrowsError(
            try row.withUnsafeBytes { bytes in
                for index in 0..<100_000 {
                    try pool.append(index % 2 == 0 ? bad : good, bytes)
                    appended += 1
                }
            }
        ) { error in
            XCTAssertEqual(
                error as? WriteError, .cannotCreate(path: self.dir.path("no-such-folder/out.csv"), reason: "No such file or directory"))
        }
        XCTAssertLessThan(appended, 100_000, "stopped mid-run")
    }
}
