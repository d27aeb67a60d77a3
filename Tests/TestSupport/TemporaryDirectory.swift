import Foundation
import XCTest

/// A temporary directory for one test, shared by the unit and end-to-end tests: created
/// on first use and removed when the test case that used it finishes. (XCTest keeps every
/// test case instance alive until the whole run ends, so cleaning up in `deinit` would
/// leave every directory behind until then.)
public final class TemporaryDirectory: @unchecked Sendable {
    private let name = "specsplit-test-\(UUID().uuidString)"
    private var created = false

    /// A directory, not yet created.
    public init() {}

    /// The directory (created now if this is its first use).
    public var url: URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        if !created {
            created = true
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            TestCleanup.removeAfterThisTest(url)
        }
        return url
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` (creating folders on the way) and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = path(name)
        try! FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// The text of `name`, if it exists.
    public func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }

    /// True when `name` exists.
    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// The names in the directory.
    public func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
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
