import Foundation

/// manifest.json: what a run read, what it wrote, with what rules, and how it ended. It is
/// written last, so a directory with a manifest is a complete run. Amounts are strings so
/// they stay exact.
public struct Manifest: Codable, Sendable, Equatable {
    /// The layout's first version number, kept for the loaders that read it: always 1.
    public var schemaVersion = 1
    /// The version of this file's layout, `MAJOR.MINOR`: the minor number grows when keys are
    /// added (CHANGELOG.md says which); the major would change only if one were removed or
    /// changed meaning, which the project does not do.
    public var formatVersion = Manifest.currentFormatVersion
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
    /// Warnings that qualify the figures (rules that could not be tested for lack of a
    /// column, columns named twice, defaults a rule set fell back to); empty when none.
    public var warnings: [String] = []
    /// The digest of every input and output (`sha256`, or `xxh3-128` with `--digest
    /// xxh3-128`: then each `sha256` is empty and each `xxh3_128` holds the digest).
    public var digest = DigestAlgorithm.sha256.rawValue

    /// The layout version this build writes.
    public static let currentFormatVersion = "1.2"

    /// An input's or output's `sha256` and `xxh3_128` keys for `digest`, computed by
    /// `algorithm`: the one not computed is empty (`sha256`) or absent (`xxh3_128`).
    static func digestKeys(_ digest: String, _ algorithm: DigestAlgorithm) -> (sha256: String, xxh3_128: String?) {
        switch algorithm {
        case .sha256: return (digest, nil)
        case .xxh3_128: return ("", digest)
        }
    }

    /// The rule set's identity.
    public struct RuleSetInfo: Codable, Sendable, Equatable {
        /// The rule set's name.
        public var name: String
        /// Its financial year (`2012/13`).
        public var financialYear: String
        /// SHA-256 over its files.
        public var checksum: String
        /// The directory it was loaded from.
        public var directory: String
    }

    /// One input read.
    public struct Input: Codable, Sendable, Equatable {
        /// The path as given (relative paths stay relative).
        public var path: String
        /// Bytes on disk (compressed size for gzip; 0 for standard input).
        public var bytes: UInt64
        /// SHA-256 of the content read (after gzip decompression); empty when the run
        /// chose another digest.
        public var sha256: String
        /// XXH3-128 of the content read, when the run chose it (`--digest xxh3-128`); absent
        /// otherwise.
        public var xxh3_128: String? = nil
        /// Bytes of content read (after decompression).
        public var contentBytes: UInt64
        /// Data rows.
        public var rows: Int
        /// Rows rejected.
        public var rejected: Int
        /// The shape recognised (`apc`, `op`, `slam`).
        public var shape: String
        /// True for an admitted-care extract at episode level.
        public var episodeLevel: Bool
        /// The column that served each logical field, by field name (lists as `A;B;C`).
        public var columns: [String: String] = [:]
        /// The fields no column served.
        public var absentFields: [String] = []
        /// Doubts about the mapping that the run accepted (`--allow-partial-mapping`).
        public var mappingWarnings: [String] = []
    }

    /// One output file.
    public struct Output: Codable, Sendable, Equatable {
        /// The path as given (relative paths stay relative).
        public var path: String
        /// Data rows.
        public var rows: Int
        /// Bytes in the file.
        public var bytes: UInt64
        /// SHA-256 of the file, hex; empty when the run chose another digest.
        public var sha256: String
        /// XXH3-128 of the file, hex, when the run chose it; absent otherwise.
        public var xxh3_128: String? = nil

        public init(path: String, rows: Int, bytes: UInt64, sha256: String, xxh3_128: String? = nil) {
            self.path = path
            self.rows = rows
            self.bytes = bytes
            self.sha256 = sha256
            self.xxh3_128 = xxh3_128
        }

        /// The entry of a file written with `algorithm`'s `digest`.
        public init(path: String, rows: Int, bytes: UInt64, digest: String, algorithm: DigestAlgorithm) {
            let keys = Manifest.digestKeys(digest, algorithm)
            self.init(path: path, rows: rows, bytes: bytes, sha256: keys.sha256, xxh3_128: keys.xxh3_128)
        }

        /// The entry of `written`, its path given as `path`.
        public init(_ written: OutputPool.Written, path: String) {
            self.init(path: path, rows: written.rows, bytes: written.bytes, digest: written.digest, algorithm: written.algorithm)
        }
    }

    /// Rows, activity and value read, written and rejected.
    public struct RunTotals: Codable, Sendable, Equatable {
        /// Rows read.
        public var rowsRead: Int
        /// Rows written to the split files.
        public var rowsWritten: Int
        /// Rows rejected.
        public var rowsRejected: Int
        /// Activity read.
        public var activityRead: String
        /// Activity written.
        public var activityWritten: String
        /// Activity rejected.
        public var activityRejected: String
        /// Value read (GBP).
        public var valueRead: String
        /// Value written (GBP).
        public var valueWritten: String
        /// Value rejected (GBP).
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
