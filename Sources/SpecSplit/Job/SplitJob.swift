import Foundation
import Logging

/// Progress of a split, reported once per batch (the command line draws it on a terminal).
public struct SplitProgress: Sendable {
    /// The input being read.
    public var input: String
    /// Its position in the run (0-based).
    public var inputIndex: Int
    /// The number of inputs in the run.
    public var inputCount: Int
    /// Rows read in the run so far.
    public var rows: Int
    /// Bytes of the current input read from disk.
    public var bytesRead: UInt64
    /// The input's size on disk, when known.
    public var bytesTotal: UInt64?
    /// Content bytes read over the run (after decompression).
    public var contentBytes: UInt64
}

/// The outcome of a successful split.
public struct SplitResult: Sendable {
    /// The manifest as published.
    public var manifest: Manifest
    /// Its JSON text.
    public var manifestJSON: Data
    /// The published output directory.
    public var outputDirectory: String
    /// The rejects file.
    public var rejectsPath: String
}

/// `specsplit split`: streams every input through read -> map -> normalise -> classify ->
/// route -> write, then reconciles and publishes atomically.
///
/// Rule set and headers are checked before anything is written. Each input is parsed on
/// its own thread while this one classifies and writes (batches cross between them, never
/// single rows). The output is built in a staging directory and swapped into place only
/// after the control totals prove that every row, unit of activity and penny read was
/// written or rejected.
public final class SplitJob {
    /// The run's options.
    public let options: SplitOptions
    let logger: Logger
    /// Called once per batch with the run's progress.
    public var progress: ((SplitProgress) -> Void)?

    /// A job for `options`, logging to `logger`.
    public init(options: SplitOptions, logger: Logger = Logger(label: "specsplit")) {
        self.options = options
        self.logger = logger
    }

    /// Runs the split.
    /// - Throws: ``SplitError`` (its `exitCode` is what a scheduler should see).
    public func run() throws -> SplitResult {
        let started = Manifest.now()
        let compiled = try loadRules()
        let plans = try prescan(compiled: compiled)
        let staging = try StagingArea(target: options.outputDirectory, force: options.force)
        let rejects: RejectsWriter
        do { rejects = try RejectsWriter(path: options.effectiveRejectsPath) } catch let error as WriteError {
            throw SplitError.write(error)
        }
        do {
            try staging.makeDirectory("contracts")
            let run = SplitRun(
                compiled: compiled, staging: staging, rejects: rejects, options: options,
                groups: InputPlan.groups(plans), logger: logger)
            var rowsSoFar = 0
            var contentSoFar: UInt64 = 0
            for (index, plan) in plans.enumerated() {
                try Cancellation.check()
                let reader = try plan.reader ?? plan.open(options.readOptions)
                logger.info("reading \(reader.source.displayName): \(plan.map.shape)\(plan.map.isEpisodeLevel ? ", episode level" : "")")
                let baseRows = rowsSoFar
                let baseContent = contentSoFar
                let report: (Int) -> Void = { [progress] rows in
                    progress?(SplitProgress(
                        input: reader.source.displayName, inputIndex: index, inputCount: plans.count,
                        rows: baseRows + rows, bytesRead: reader.source.diskOffset, bytesTotal: reader.source.fileSize,
                        contentBytes: baseContent + reader.source.bytesRead))
                }
                let stats = try run.process(reader: reader, plan: plan, parallel: options.parallel, progress: report)
                rowsSoFar += stats.rows
                contentSoFar += stats.contentBytes
                logger.info("read \(reader.source.displayName): \(stats.rows) rows, \(stats.rejected) rejected")
            }
            try Cancellation.check()
            let manifest = try run.finish(started: started)
            let json = try manifest.json()
            guard FileManager.default.createFile(atPath: staging.path("manifest.json"), contents: json) else {
                throw SplitError.write(.io(path: staging.path("manifest.json"), reason: "could not write"))
            }
            try staging.publish()
            logger.info("published \(staging.target): \(manifest.contracts) contracts, \(manifest.totals.rowsWritten) rows written, \(manifest.totals.rowsRejected) rejected")
            return SplitResult(manifest: manifest, manifestJSON: json, outputDirectory: staging.target, rejectsPath: rejects.path)
        } catch {
            // Nothing is published; the rejects file is kept only when it is the reason.
            let failure: Error = (error as? ReadError).map(SplitError.read) ?? (error as? WriteError).map(SplitError.write) ?? error
            if case .tooManyRejects? = failure as? SplitError {} else { rejects.abandon() }
            staging.discard()
            throw failure
        }
    }

    private func loadRules() throws -> CompiledRuleSet {
        do {
            let ruleSet = try RuleSet.load(directory: options.rulesDirectory)
            logger.info("rules \(ruleSet.name) \(ruleSet.financialYear) sha256:\(ruleSet.checksum.prefix(12)): \(ruleSet.rules.count) rules")
            return CompiledRuleSet(ruleSet)
        } catch let invalid as RuleSetInvalid {
            throw SplitError.rules(invalid.description)
        } catch let error as ReadError {
            throw SplitError.rules("rule set \(options.rulesDirectory): \(error.description)")
        }
    }

    /// Reads every input's header and maps it, so a bad input stops the run before
    /// anything is written.
    private func prescan(compiled: CompiledRuleSet) throws -> [InputPlan] {
        if options.inputs.filter({ $0 == "-" }).count > 1 {
            throw SplitError.config("standard input (-) can be named only once")
        }
        var plans: [InputPlan] = []
        var required: [Field] = [.provider, .commissioner]
        if options.contractKey == .withContract { required.append(.contract) }
        for path in options.inputs {
            do {
                let hasher = ContentHasher()
                let source = try InputSource(path: path)
                if path == "-" { source.observer = hasher }
                let reader = try CSVReader(source: source, options: options.readOptions)
                let map = try ColumnMap(
                    header: reader.header, source: reader.source.displayName, overrides: options.overrides,
                    shape: options.shape, required: required)
                for duplicate in map.duplicateColumns {
                    logger.warning("\(reader.source.displayName): column \(duplicate.name) appears \(duplicate.positions.count) times in the header (columns \(duplicate.positions.map { String($0 + 1) }.joined(separator: ", "))); the first is used. Rename the others if they mean something else.")
                }
                plans.append(InputPlan(
                    path: path, map: map, reader: path == "-" ? reader : nil, hasher: hasher,
                    contractKeyed: options.contractKey == .withContract))
            } catch let error as ReadError {
                throw SplitError.read(error)
            } catch let error as MappingError {
                throw SplitError.mapping(error)
            }
        }
        return plans
    }
}

/// One input as planned before the run: its column map and output group.
struct InputPlan {
    var path: String
    var map: ColumnMap
    /// Kept open for standard input, which cannot be opened twice.
    var reader: CSVReader?
    /// Hashes the input's content as it is read.
    var hasher: ContentHasher
    /// Whether the contract column is part of the contract key.
    var contractKeyed: Bool

    /// Opens the input for the split (its content hashed as it is read).
    func open(_ options: CSVReadOptions) throws -> CSVReader {
        let source = try InputSource(path: path)
        source.observer = hasher
        return try CSVReader(source: source, options: options)
    }

    /// Groups inputs by identical header: rows of different layouts go to different files.
    /// Returns the group names ("" when there is a single layout) and sets each plan's group.
    static func groups(_ plans: [InputPlan]) -> [OutputGroup] {
        var groups: [OutputGroup] = []
        for plan in plans where !groups.contains(where: { $0.header == plan.map.header }) {
            let base = plan.map.shape.rawValue + (plan.map.isEpisodeLevel ? "-episodes" : "")
            let same = groups.filter { $0.base == base }.count
            groups.append(OutputGroup(
                name: base + (same > 0 ? "-\(same + 1)" : ""), base: base, shape: plan.map.shape, header: plan.map.header))
        }
        if groups.count == 1 { groups[0].name = "" }
        return groups
    }
}

/// A set of inputs sharing one header layout, and so one set of split files.
struct OutputGroup {
    /// `apc`, `apc-episodes`, `op`, `slam` (`-2`, `-3` for further layouts of the same kind);
    /// empty when the run has one layout.
    var name: String
    var base: String
    var shape: ExtractShape
    var header: [String]

    /// The split file name of `category` in this group.
    func fileName(_ category: String) -> String {
        name.isEmpty ? "\(category).csv" : "\(category)-\(name).csv"
    }
}
