import Foundation

/// What a report needs from a published output's `manifest.json`, for a split or a
/// comparison alike: the rule set or sets, the inputs, the outputs and the warnings. Read
/// as plain JSON so that keys added later (the manifest only grows) never stop a report.
public struct RunManifest: Sendable, Equatable {
    /// What made the output.
    public enum Kind: String, Sendable {
        /// `specsplit split`.
        case split
        /// `specsplit compare`: two rule sets over the same inputs.
        case compare
    }

    /// A rule set named by the manifest.
    public struct RuleSet: Sendable, Equatable {
        /// Its part in the run: empty for a split, `from` or `to` for a comparison.
        public var role: String
        /// Its name.
        public var name: String
        /// Its financial year.
        public var financialYear: String
        /// SHA-256 over its files.
        public var checksum: String
        /// The directory it was loaded from.
        public var directory: String
    }

    /// An input read.
    public struct Input: Sendable, Equatable {
        /// Its path, as given to the run.
        public var path: String
        /// Its shape (`apc`, `op`, `slam`).
        public var shape: String
        /// Data rows.
        public var rows: Int
        /// Rows rejected.
        public var rejected: Int
    }

    /// A file written.
    public struct Output: Sendable, Equatable {
        /// Its path inside the output directory.
        public var path: String
        /// Its data rows.
        public var rows: Int
    }

    /// A split or a comparison.
    public var kind: Kind
    /// The rule set (a split) or the two (a comparison: `from` then `to`).
    public var ruleSets: [RuleSet]
    /// The inputs, in the order read.
    public var inputs: [Input]
    /// The files written, as listed.
    public var outputs: [Output]
    /// Warnings that qualify the figures.
    public var warnings: [String]
    /// The tool version that wrote it.
    public var toolVersion: String
    /// When the run started (UTC, ISO 8601).
    public var started: String
    /// When it finished.
    public var finished: String
    /// Rows read over the run (the manifest's totals).
    public var rowsRead: Int
    /// Rows written.
    public var rowsWritten: Int
    /// Rows rejected.
    public var rowsRejected: Int

    /// Reads the manifest in `data` (the file at `path`, for messages). A comparison is
    /// known by its `command` (`compare`) or its `from_ruleset` and `to_ruleset`.
    /// - Throws: ``ReportError/badManifest(path:reason:)``.
    public init(data: Data, path: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw ReportError.badManifest(path: path, reason: "it is not a JSON object")
        }
        func string(_ dictionary: [String: Any], _ key: String) -> String {
            if let text = dictionary[key] as? String { return text }
            if let number = dictionary[key] as? NSNumber { return number.stringValue }
            return ""
        }
        func int(_ dictionary: [String: Any], _ key: String) -> Int { (dictionary[key] as? NSNumber)?.intValue ?? 0 }
        func ruleSet(_ key: String, role: String) -> RuleSet? {
            guard let entry = root[key] as? [String: Any] else { return nil }
            return RuleSet(
                role: role, name: string(entry, "name"), financialYear: string(entry, "financial_year"),
                checksum: string(entry, "checksum"), directory: string(entry, "directory"))
        }
        if let from = ruleSet("from_ruleset", role: "from"), let to = ruleSet("to_ruleset", role: "to") {
            kind = .compare
            ruleSets = [from, to]
        } else if let single = ruleSet("ruleset", role: "") {
            kind = string(root, "command") == "compare" ? .compare : .split
            ruleSets = [single]
        } else {
            throw ReportError.badManifest(
                path: path, reason: "it names no rule set (ruleset, or from_ruleset and to_ruleset)")
        }
        guard let outputs = root["outputs"] as? [[String: Any]] else {
            throw ReportError.badManifest(path: path, reason: "it has no outputs list")
        }
        self.outputs = outputs.map { Output(path: string($0, "path"), rows: int($0, "rows")) }
        inputs = ((root["inputs"] as? [[String: Any]]) ?? []).map {
            Input(
                path: string($0, "path"), shape: string($0, "shape"), rows: int($0, "rows"),
                rejected: int($0, "rejected"))
        }
        warnings = (root["warnings"] as? [String]) ?? []
        toolVersion = string(root, "tool_version")
        started = string(root, "started")
        finished = string(root, "finished")
        let totals = (root["totals"] as? [String: Any]) ?? [:]
        rowsRead = int(totals, "rows_read")
        rowsWritten = int(totals, "rows_written")
        rowsRejected = int(totals, "rows_rejected")
    }

    /// Reads `directory/manifest.json`.
    /// - Throws: ``ReportError/noOutput(path:)``, ``ReportError/noManifest(path:)`` or
    ///   ``ReportError/badManifest(path:reason:)``.
    public static func load(directory: String) throws -> RunManifest { try read(directory: directory).manifest }

    /// Reads `directory/manifest.json`: the manifest and the file's bytes.
    /// - Throws: as ``load(directory:)``.
    public static func read(directory: String) throws -> (manifest: RunManifest, data: Data) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError.noOutput(path: directory)
        }
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReportError.noManifest(path: directory)
        }
        return (try RunManifest(data: data, path: path), data)
    }

    /// The output listed at `path`, if any.
    public func output(_ path: String) -> Output? { outputs.first { $0.path == path } }
}
