import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `OUT.failed/status.json`: why a run failed, so the rejects and reports kept beside it
/// can be read with their reason. Its presence (naming tool `specsplit`) is also what
/// marks `OUT.failed` as specsplit's to replace.
public struct FailureRecord: Codable, Sendable, Equatable {
    /// The file name inside `OUT.failed`.
    public static let fileName = "status.json"

    /// The version of this file's layout.
    public var schemaVersion = 1
    /// `specsplit`.
    public var tool = "specsplit"
    /// The tool's version.
    public var toolVersion = SpecSplitVersion.current
    /// The exit status the run ended with.
    public var exitStatus: Int32
    /// The error, as it was printed.
    public var error: String
    /// The output directory the run was to publish (left as it was).
    public var output: String
    /// The rule set directory.
    public var ruleset: String
    /// The inputs, as given.
    public var inputs: [String]
    /// Rows rejected before the run stopped.
    public var rowsRejected: Int
    /// The files kept beside this one.
    public var kept: [String]
    /// When the run started (UTC, ISO 8601).
    public var started: String
    /// When it failed.
    public var failed: String

    /// A record of a run that failed with `error`.
    public init(
        error: Error, output: String, ruleset: String, inputs: [String], rowsRejected: Int, kept: [String],
        started: String
    ) {
        exitStatus = (error as? SpecSplitError)?.exitCode ?? 1
        self.error = String(describing: error)
        self.output = output
        self.ruleset = ruleset
        self.inputs = inputs
        self.rowsRejected = rowsRejected
        self.kept = kept
        self.started = started
        failed = Manifest.now()
    }

    /// The JSON text (keys sorted, pretty-printed).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Why `path` is not specsplit's to replace, or nil when it is: nothing there, an empty
    /// directory, or a directory whose `status.json` names tool `specsplit`.
    static func foreign(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return "it is there and is not a directory a failed specsplit run left; move it away"
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if entries.isEmpty { return nil }
        if let data = FileManager.default.contents(atPath: path + "/" + fileName),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["tool"] as? String == "specsplit"
        {
            return nil
        }
        return "it holds files that a failed specsplit run did not leave (no \(fileName) naming tool specsplit); "
            + "specsplit keeps a failed run's rejects there and will not replace it. Move it away"
    }
}
