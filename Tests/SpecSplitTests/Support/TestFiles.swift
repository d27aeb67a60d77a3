import Foundation
import XCTest

@testable import SpecSplit

/// A temporary directory, created on first use and removed when the test case that used
/// it finishes. (XCTest keeps every test case instance alive until the whole run ends, so
/// cleaning up in `deinit` would leave every directory behind until then.)
final class TemporaryDirectory: @unchecked Sendable {
    private let name = "specsplit-test-\(UUID().uuidString)"
    private var created = false

    var url: URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        if !created {
            created = true
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            TestCleanup.removeAfterThisTest(url)
        }
        return url
    }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Removes the directories a test created when it finishes, pass or fail.
final class TestCleanup: NSObject, XCTestObservation, @unchecked Sendable {
    private static let shared: TestCleanup = {
        let observer = TestCleanup()
        XCTestObservationCenter.shared.addTestObserver(observer)
        return observer
    }()
    private let lock = NSLock()
    private var pending: [URL] = []

    static func removeAfterThisTest(_ url: URL) {
        shared.lock.lock()
        shared.pending.append(url)
        shared.lock.unlock()
    }

    func testCaseDidFinish(_ testCase: XCTestCase) {
        lock.lock()
        let urls = pending
        pending.removeAll()
        lock.unlock()
        for url in urls { try? FileManager.default.removeItem(at: url) }
    }
}

/// One parsed row as a test sees it.
struct ParsedRow: Equatable, CustomStringConvertible {
    var line: Int
    var status: RowStatus
    var fields: [[UInt8]]
    var errorColumn: Int = -1

    var text: [String] { fields.map { String(decoding: $0, as: UTF8.self) } }
    var description: String { "line \(line) \(status) \(text)" }
}

/// Reads every row of `path` with the given options.
func readAll(_ path: String, options: CSVReadOptions = CSVReadOptions()) throws -> (header: [String], rows: [ParsedRow]) {
    let reader = try CSVReader(path: path, options: options)
    let batch = RowBatch(bytes: 256)
    var rows: [ParsedRow] = []
    while try reader.next(into: batch) {
        for r in 0..<batch.count {
            let fields = (0..<batch.fieldCount(r)).map { Array(batch.field(r, $0)) }
            rows.append(ParsedRow(line: batch.line(r), status: batch.status(r), fields: fields, errorColumn: batch.errorColumn(r)))
        }
    }
    return (reader.header, rows)
}

/// Runs a shell command and returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try! process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
