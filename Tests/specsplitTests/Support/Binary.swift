import Foundation
import XCTest

/// Runs the built `specsplit` binary, as a user or a scheduler would.
enum Binary {
    /// The package root (sample-data lives there).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary beside the test bundle (SwiftPM builds it first: the test target depends on it).
    static func path() throws -> URL {
        let bundle = Bundle(for: Marker.self).bundleURL
        let candidates = [bundle.appendingPathComponent("specsplit"), bundle.deletingLastPathComponent().appendingPathComponent("specsplit")]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }) else {
            throw BinaryMissing(bundle: bundle.path)
        }
        return binary
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var bundle: String
        var description: String { "specsplit is not built beside the tests (\(bundle)); run swift build first" }
    }

    private final class Marker {}

    /// The result of one run.
    struct Result {
        var status: Int32
        var out: String
        var err: String
        var signalled: Bool
    }

    /// Runs `specsplit arguments` in `directory` (the package root by default).
    static func run(_ arguments: [String], in directory: URL? = nil, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try path()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        return try collect(process, stdin: stdin)
    }

    /// Runs a shell command line (with `$SPECSPLIT` set to the binary) in `directory`.
    static func shell(_ script: String, in directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["SPECSPLIT": try path().path]) { $1 }
        process.currentDirectoryURL = directory
        return try collect(process, stdin: nil)
    }

    private static func collect(_ process: Process, stdin: Data?) throws -> Result {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        let reader = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = reader.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self), signalled: process.terminationReason == .uncaughtSignal)
    }
}

/// A scratch directory for one test: created on first use, removed when the test case
/// finishes (XCTest keeps test case instances alive until the whole run ends).
final class Scratch: @unchecked Sendable {
    private let name = "specsplit-e2e-\(UUID().uuidString)"
    private var created = false

    var url: URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        if !created {
            created = true
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            ScratchCleanup.removeAfterThisTest(url)
        }
        return url
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = path(name)
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
    func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
}

/// Removes the scratch directories a test created when it finishes, pass or fail.
final class ScratchCleanup: NSObject, XCTestObservation, @unchecked Sendable {
    private static let shared: ScratchCleanup = {
        let observer = ScratchCleanup()
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
