import Foundation

/// A comparison's manifest.json: the two rule sets (each with its checksum), the inputs,
/// every output with its SHA-256, the totals, and how the run ended. Written last, so a
/// directory with a manifest is a complete comparison. Amounts are strings so they stay
/// exact. Its layout is versioned like the split's (``Manifest``): keys are only added.
public struct CompareManifest: Codable, Sendable, Equatable {
    /// The version of this file's layout, `MAJOR.MINOR` (the minor grows when keys are added).
    public var formatVersion = CompareManifest.currentFormatVersion
    /// `specsplit`.
    public var tool = "specsplit"
    /// The tool's version.
    public var toolVersion = SpecSplitVersion.current
    /// `compare`: what made this directory (a split's manifest has `ruleset` instead).
    public var command = "compare"
    /// The old rule set (`--from`).
    public var fromRuleset: Manifest.RuleSetInfo
    /// The new rule set (`--to`).
    public var toRuleset: Manifest.RuleSetInfo
    /// Each input.
    public var inputs: [Manifest.Input]
    /// Each output file (paths relative to the output directory).
    public var outputs: [Manifest.Output]
    /// Rows, activity and value read, written and rejected (the same under both rule sets:
    /// the control totals prove it).
    public var totals: Manifest.RunTotals
    /// Contracts compared.
    public var contracts: Int
    /// Rows (a spell counting once) whose category or service line changed: the lines of
    /// changed-rows.csv.
    public var changedRows: Int
    /// When the run started (UTC, ISO 8601).
    public var started: String
    /// When it ended.
    public var finished: String
    /// The exit status (0: success).
    public var exitStatus: Int32
    /// Warnings that qualify the figures (rules that could not be tested for lack of a
    /// column, under either rule set; columns named twice); empty when none.
    public var warnings: [String] = []
    /// The digest of every input and output (as in ``Manifest/digest``).
    public var digest = DigestAlgorithm.sha256.rawValue

    /// The layout version this build writes.
    public static let currentFormatVersion = "1.1"

    /// The JSON text (keys sorted, snake case, pretty-printed: deterministic apart from the times).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
