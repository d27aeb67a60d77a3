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
public final class SplitJob: PublishingJob {
    /// The run's options.
    public let options: SplitOptions
    let logger: Logger
    /// Called once per batch with the run's progress.
    public var progress: ((RunProgress) -> Void)?
    /// Where the run stands: phase, input, rows, warnings (for a status file).
    public let monitor: JobMonitor
    /// Where a failed run's rejects were kept (`OUT.failed/rejects.csv`); nil until then.
    public internal(set) var keptRejectsPath: String?
    /// The output, input and rejects options: the split's own.
    var publishing: SplitOptions { options }
    /// The rule set the run reads, protected from its outputs.
    var ruleSetDirectories: [String] { [options.rulesDirectory] }

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
            readOptions: options.readOptions, allowPartialMapping: options.allowPartialMapping, digest: options.digest,
            logger: logger, monitor: monitor)
        let ((manifest, json), output) = try publish(started: started) { staging, rejects in
            try staging.makeDirectory("contracts")
            let pipeline = RowPipeline(
                ruleSets: [compiled], plans: plans, options: options.pipelineOptions, logger: logger, monitor: monitor)
            pipeline.progress = progress
            let sink = SplitSink(compiled: compiled, staging: staging, rejects: rejects, options: options, groups: pipeline.groups)
            sink.monitor = monitor
            try checkRepeatedContent(try pipeline.run(into: sink))
            monitor.enter(.reconciling)
            var manifest = try sink.finish(
                contracts: pipeline.contracts, started: started, warnings: monitor.warnings, logger: logger)
            if options.report {  // rejects.csv is in OUT
                manifest.outputs += try writeReport(manifestJSON: try manifest.json(), staging: staging)
                manifest.outputs.sort { $0.path < $1.path }
            }
            let json = try manifest.json()
            return (json, (manifest, json))
        }
        monitor.counted(read: manifest.totals.rowsRead)
        monitor.counted(written: manifest.totals.rowsWritten, rejected: manifest.totals.rowsRejected)
        monitor.enter(.done)
        try writeSummary(json, output: output)
        return SplitResult(
            manifest: manifest, manifestJSON: json, outputDirectory: output,
            rejectsPath: (output as NSString).appendingPathComponent(RejectsWriter.fileName))
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
