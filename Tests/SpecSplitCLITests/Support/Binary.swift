import Foundation
import TestSupport
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

/// A scratch directory for one end-to-end test.
typealias Scratch = TemporaryDirectory
