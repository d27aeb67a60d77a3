import Foundation
import TOMLKit

/// A split's options in a TOML file (`--config split.toml`), for scheduled jobs.
///
/// ```toml
/// rules = "rules/2012-13"        # paths are relative to this file
/// out = "/data/split/2012-13"
/// inputs = ["apc.csv.gz", "op.csv.gz"]
/// contract_key = "provider-commissioner"   # or provider-commissioner-contract
/// max_rejects = 0
/// max_reject_lines = 0         # default: max_rejects
/// force = true
/// allow_duplicate_inputs = false
/// log_level = "info"
/// status = "/data/split/2012-13.status.json"
/// allow_partial_mapping = false   # true: doubtful mappings are warnings, not errors
/// [map]
/// value = "Grand_Total_Payment_MFF"
/// ```
/// Every key is optional; a flag on the command line overrides the file.
public struct SplitConfig: Sendable, Equatable {
    /// `rules`: the rule set directory.
    public var rules: String?
    /// `out`: the output directory.
    public var out: String?
    /// `inputs`: the input files.
    public var inputs: [String]?
    /// `[map]`: field = column overrides.
    public var map: [Field: String] = [:]
    /// `shape`: every input's shape.
    public var shape: ExtractShape?
    /// `contract_key`.
    public var contractKey: ContractKeyMode?
    /// `max_rejects`.
    public var maxRejects: Int?
    /// `max_reject_lines`.
    public var maxRejectLines: Int?
    /// `rejects`: the rejects file.
    public var rejects: String?
    /// `force`.
    public var force: Bool?
    /// `allow_duplicate_inputs`.
    public var allowDuplicateInputs: Bool?
    /// `log_level`.
    public var logLevel: String?
    /// `quiet`.
    public var quiet: Bool?
    /// `max_open_files`.
    public var maxOpenFiles: Int?
    /// `max_field_bytes`.
    public var maxFieldBytes: Int?
    /// `output_memory` (MiB).
    public var outputMemory: Int?
    /// `status`: the status file.
    public var status: String?
    /// `summary`: where to print the manifest as well (`-` for standard output).
    public var summary: String?
    /// `log_format`: `text` or `json`.
    public var logFormat: String?
    /// `sequential`: parse and classify on one thread.
    public var sequential: Bool?
    /// `threads`: threads that parse and classify.
    public var threads: Int?
    /// `allow_partial_mapping`: accept mappings that are only partly right, as warnings.
    public var allowPartialMapping: Bool?
    /// `provenance`: append each row's source and line to the split files.
    public var provenance: Bool?
    /// `from`: the old rule set of a comparison (`specsplit compare`; a split refuses it).
    public var from: String?
    /// `to`: the new rule set of a comparison (`specsplit compare`; a split refuses it).
    public var to: String?
    /// `report`: also publish the HTML report and workbook in `OUT/report/`.
    public var report: Bool?
    /// `digest`: `sha256` (the default) or `xxh3-128`, the digest of every input and output
    /// in the manifest.
    public var digest: DigestAlgorithm?

    /// The keys a config file may hold.
    public static let keys: Set<String> = [
        "rules", "out", "inputs", "map", "shape", "contract_key", "max_rejects", "rejects", "force", "log_level",
        "quiet", "max_open_files", "max_field_bytes", "output_memory", "status", "summary", "log_format", "sequential", "threads",
        "allow_partial_mapping", "provenance", "allow_duplicate_inputs", "max_reject_lines", "from", "to",
        "report", "digest",
    ]

    /// An empty config.
    public init() {}

    /// Reads `path`.
    /// - Throws: ``JobError/config(_:)`` naming the file, the line where known, and the key.
    public static func load(path: String) throws -> SplitConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not a readable file" : "no such file"
            throw JobError.configMissing(path: path, reason: reason)
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: String(decoding: data, as: UTF8.self)) } catch let error as TOMLParseError {
            throw JobError.config("\(path):\(error.source.begin.line): \(error.description)")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ value: String) -> String {
            value == "-" || value.hasPrefix("/") ? value : base.appendingPathComponent(value).path
        }
        func fail(_ key: String, _ expected: String) -> JobError {
            .config("\(path): key \(key): expected \(expected).")
        }
        var config = SplitConfig()
        for key in table.keys where !keys.contains(key) {
            throw JobError.config("\(path): unknown key \(key). Known keys: \(keys.sorted().joined(separator: ", ")).")
        }
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw fail(key, "a string") }
            return text
        }
        func int(_ key: String, minimum: Int = 0) throws -> Int? {
            guard let value = table[key] else { return nil }
            guard let number = value.int, number >= minimum else { throw fail(key, "a whole number >= \(minimum)") }
            return number
        }
        func bool(_ key: String) throws -> Bool? {
            guard let value = table[key] else { return nil }
            guard let flag = value.bool else { throw fail(key, "true or false") }
            return flag
        }
        config.rules = try string("rules").map(resolve)
        config.from = try string("from").map(resolve)
        config.to = try string("to").map(resolve)
        config.out = try string("out").map(resolve)
        config.rejects = try string("rejects").map(resolve)
        config.status = try string("status").map(resolve)
        config.summary = try string("summary").map(resolve)
        if let text = try string("log_format") {
            guard text == "text" || text == "json" else { throw fail("log_format", "text or json") }
            config.logFormat = text
        }
        config.sequential = try bool("sequential")
        config.threads = try int("threads", minimum: 1)
        config.report = try bool("report")
        if let text = try string("digest") {
            guard let digest = DigestAlgorithm(rawValue: text) else { throw fail("digest", "sha256 or xxh3-128") }
            config.digest = digest
        }
        if let value = table["inputs"] {
            guard let array = value.array else { throw fail("inputs", "an array of paths") }
            config.inputs = try array.map { item in
                guard let text = item.string else { throw fail("inputs", "an array of paths") }
                return resolve(text)
            }
        }
        if let value = table["map"] {
            guard let mapTable = value.table else { throw fail("map", "a table of field = \"Column\"") }
            for key in mapTable.keys {
                guard let field = Field(rawValue: key) else {
                    throw JobError.config("\(path): [map] \(key) is not a field. Fields: \(Field.allCases.map(\.name).joined(separator: ", ")).")
                }
                guard let column = mapTable[key]?.string else { throw fail("map.\(key)", "a column name") }
                config.map[field] = column
            }
        }
        if let text = try string("shape") {
            guard let shape = ExtractShape(rawValue: text) else { throw fail("shape", "apc, op or slam") }
            config.shape = shape
        }
        if let text = try string("contract_key") {
            guard let mode = ContractKeyMode(rawValue: text) else {
                throw fail("contract_key", ContractKeyMode.allCases.map(\.rawValue).joined(separator: " or "))
            }
            config.contractKey = mode
        }
        config.maxRejects = try int("max_rejects")
        config.maxRejectLines = try int("max_reject_lines")
        config.force = try bool("force")
        config.allowDuplicateInputs = try bool("allow_duplicate_inputs")
        config.logLevel = try string("log_level")
        config.quiet = try bool("quiet")
        config.allowPartialMapping = try bool("allow_partial_mapping")
        config.provenance = try bool("provenance")
        // As their flags: 0 would mean one descriptor, no field at all, no buffer at all.
        config.maxOpenFiles = try int("max_open_files", minimum: 1)
        config.maxFieldBytes = try int("max_field_bytes", minimum: 1)
        config.outputMemory = try int("output_memory", minimum: 1)
        return config
    }
}
