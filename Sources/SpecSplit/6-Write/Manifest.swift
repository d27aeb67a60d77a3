import Foundation

/// manifest.json: what a run read, what it wrote, with what rules, and how it ended. It is
/// written last, so a directory with a manifest is a complete run. Amounts are strings so
/// they stay exact.
public struct Manifest: Codable, Sendable, Equatable {
    /// The version of this file's layout.
    public var schemaVersion = 1
    /// `specsplit`.
    public var tool = "specsplit"
    /// The tool's version.
    public var toolVersion = SpecSplitVersion.current
    /// The rule set used.
    public var ruleset: RuleSetInfo
    /// Each input.
    public var inputs: [Input]
    /// Each output file (paths relative to the output directory).
    public var outputs: [Output]
    /// Totals over the run.
    public var totals: RunTotals
    /// Contracts split.
    public var contracts: Int
    /// When the run started (UTC, ISO 8601).
    public var started: String
    /// When it ended.
    public var finished: String
    /// The exit status (0: success).
    public var exitStatus: Int32

    /// The rule set's identity.
    public struct RuleSetInfo: Codable, Sendable, Equatable {
        public var name: String
        public var financialYear: String
        public var checksum: String
        public var directory: String
    }

    /// One input read.
    public struct Input: Codable, Sendable, Equatable {
        public var path: String
        /// Bytes on disk (compressed size for gzip; 0 for standard input).
        public var bytes: UInt64
        /// SHA-256 of the content read (after gzip decompression).
        public var sha256: String
        /// Bytes of content read (after decompression).
        public var contentBytes: UInt64
        public var rows: Int
        public var rejected: Int
        public var shape: String
        public var episodeLevel: Bool
    }

    /// One output file.
    public struct Output: Codable, Sendable, Equatable {
        public var path: String
        public var rows: Int
        public var bytes: UInt64
        public var sha256: String
    }

    /// Rows, activity and value read, written and rejected.
    public struct RunTotals: Codable, Sendable, Equatable {
        public var rowsRead: Int
        public var rowsWritten: Int
        public var rowsRejected: Int
        public var activityRead: String
        public var activityWritten: String
        public var activityRejected: String
        public var valueRead: String
        public var valueWritten: String
        public var valueRejected: String
    }

    /// The JSON text (keys sorted, pretty-printed: deterministic apart from the times).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// An ISO 8601 UTC timestamp for now.
    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
