import Foundation
import Logging

/// The outcome of a successful split.
public struct SplitResult: Sendable {
    /// The manifest as published.
    public var manifest: Manifest
    /// Its JSON text.
    public var manifestJSON: Data
    /// The published output directory.
    public var outputDirectory: String
    /// The rejects file, inside the published directory.
    public var rejectsPath: String
}

/// `specsplit split`: a ``RowPipeline`` over the inputs, ending in the split's sink
/// (per-contract files, control totals, summary, rejects), then reconciled and published
/// atomically.
///
/// Rule set and headers are checked before anything is written. The output is built in a
/// staging directory and swapped into place only after the control totals prove that every
/// row, unit of activity and penny read was written or rejected.
public final class SplitJob {
    /// The run's options.
    public let options: SplitOptions
    let logger: Logger
    /// Called once per batch with the run's progress.
    public var progress: ((RunProgress) -> Void)?
    /// Where the run stands: phase, input, rows, warnings (for a status file).
    public let monitor: JobMonitor
    /// Where a failed run's rejects were kept (`OUT.failed/rejects.csv`); nil until then.
    public internal(set) var keptRejectsPath: String?

    /// A job for `options`, logging to `logger`, reporting where it stands to `monitor`.
    public init(options: SplitOptions, logger: Logger = Logger(label: "specsplit"), monitor: JobMonitor = JobMonitor()) {
        self.options = options
        self.logger = logger
        self.monitor = monitor
    }

    /// Runs the split.
    /// - Throws: a ``SpecSplitError`` (its `exitCode` is what a scheduler should see).
    public func run() throws -> SplitResult {
        let started = Manifest.now()
        monitor.enter(.rules)
        let compiled = try loadRules()
        try checkOutputPaths()
        try checkRepeatedInputs()
        monitor.enter(.planning)
        let plans = try InputPlan.plan(
            options.inputs, overrides: options.overrides, shape: options.shape, contractKey: options.contractKey,
            readOptions: options.readOptions, allowPartialMapping: options.allowPartialMapping, logger: logger,
            monitor: monitor)
        let staging = try StagingArea(target: options.outputDirectory, force: options.force, logger: logger)
        var rejected = 0
        let result: SplitResult
        do {
            let rejects = try RejectsWriter(path: staging.path(RejectsWriter.fileName))
            defer {
                rejected = rejects.count
                rejects.closeQuietly()
            }
            try staging.makeDirectory("contracts")
            let pipeline = RowPipeline(
                ruleSets: [compiled], plans: plans, options: options.pipelineOptions, logger: logger, monitor: monitor)
            pipeline.progress = progress
            let sink = SplitSink(compiled: compiled, staging: staging, rejects: rejects, options: options, groups: pipeline.groups)
            sink.monitor = monitor
            try checkRepeatedContent(try pipeline.run(into: sink))
            monitor.enter(.reconciling)
            let manifest = try sink.finish(
                contracts: pipeline.contracts, started: started, warnings: monitor.warnings, logger: logger)
            let json = try manifest.json()
            try staging.writeFile("manifest.json", json)
            if let copy = options.rejectsPath { try FileSystem.copyFile(rejects.path, to: copy) }
            monitor.enter(.publishing)
            try staging.publish()
            monitor.counted(read: manifest.totals.rowsRead)
            monitor.counted(written: manifest.totals.rowsWritten, rejected: manifest.totals.rowsRejected)
            monitor.enter(.done)
            result = SplitResult(
                manifest: manifest, manifestJSON: json, outputDirectory: staging.target,
                rejectsPath: (staging.target as NSString).appendingPathComponent(RejectsWriter.fileName))
        } catch {
            keepFailure(error, staging: staging, rejected: rejected, started: started)
            throw error
        }
        if let summary = options.summaryPath {
            do { try SummaryCopy.write(result.manifestJSON, to: summary) } catch let error as SpecSplitError {
                throw PublishedWithError(output: staging.target, error: error)
            }
        }
        return result
    }

    private func loadRules() throws -> CompiledRuleSet {
        do {
            let ruleSet = try RuleSet.load(directory: options.rulesDirectory)
            logger.info("rules \(ruleSet.label): \(ruleSet.rules.count) rules")
            for note in ruleSet.warnings { logger.warning("rules: \(note.description)") }
            for note in ruleSet.defaults { logger.info("rules default: \(note.description)") }
            return CompiledRuleSet(ruleSet)
        } catch let error as ReadError {
            throw JobError.config("rule set \(options.rulesDirectory): \(error.description)")
        }
    }
}
