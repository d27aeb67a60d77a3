import Foundation
import Logging

/// The outcome of a successful comparison.
public struct CompareResult: Sendable {
    /// The manifest as published.
    public var manifest: CompareManifest
    /// Its JSON text.
    public var manifestJSON: Data
    /// The published output directory.
    public var outputDirectory: String
    /// The rejects file, inside the published directory.
    public var rejectsPath: String
}

/// `specsplit compare`: the financial effect of a new year's rules. One read of the inputs,
/// every row (or spell) classified under the old and the new rule set, and, contract by
/// contract, what moves between categories, services and rules and how much money goes
/// with it; published atomically like a split.
///
/// Both rule sets are loaded and checked (as `rules check` does) before any input is read;
/// the output is staged and swapped into place only when both sides reconcile with what
/// was read and the movements with both sides.
public final class CompareJob: PublishingJob {
    /// The run's options.
    public let options: CompareOptions
    let logger: Logger
    /// Called once per batch with the run's progress.
    public var progress: ((RunProgress) -> Void)?
    /// Where the run stands: phase, input, rows, warnings (for a status file).
    public let monitor: JobMonitor
    /// Where a failed run's rejects were kept (`OUT.failed/rejects.csv`); nil until then.
    public internal(set) var keptRejectsPath: String?
    /// The output, input and rejects options, read as a split's.
    var publishing: SplitOptions { options.split }
    /// Both rule sets: neither may be, or hold, an output.
    var ruleSetDirectories: [String] { [options.fromRules, options.toRules] }

    /// A job for `options`, logging to `logger`, reporting where it stands to `monitor`.
    public init(
        options: CompareOptions, logger: Logger = Logger(label: "specsplit"), monitor: JobMonitor = JobMonitor()
    ) {
        self.options = options
        self.logger = logger
        self.monitor = monitor
    }

    /// The files a comparison publishes, besides manifest.json.
    public static let outputFiles = [
        "movements.csv", "movements-by-service.csv", "movements-by-rule.csv", "changed-rows.csv", "contracts.csv",
        "rules-diff.csv", "control-totals.csv", "quality.csv", RejectsWriter.fileName,
    ]

    /// Runs the comparison.
    /// - Throws: a ``SpecSplitError`` (its `exitCode` is what a scheduler should see):
    ///   ``ComparedRuleSetsInvalid`` when either rule set fails its checks.
    public func run() throws -> CompareResult {
        let started = Manifest.now()
        monitor.enter(.rules)
        let (old, new) = try loadRules()
        try checkOutputPaths()
        try checkRepeatedInputs()
        monitor.enter(.planning)
        let plans = try InputPlan.plan(
            options.inputs, overrides: options.overrides, shape: options.shape, contractKey: options.contractKey,
            readOptions: options.readOptions, allowPartialMapping: options.allowPartialMapping, digest: options.digest,
            logger: logger, monitor: monitor)
        let ((manifest, json), output) = try publish(started: started) { staging, rejects in
            let pipeline = RowPipeline(
                ruleSets: [old, new], plans: plans, options: options.pipelineOptions, logger: logger, monitor: monitor)
            pipeline.progress = progress
            let sink = try CompareSink(old: old, new: new, staging: staging, rejects: rejects, options: options)
            sink.monitor = monitor
            try checkRepeatedContent(try pipeline.run(into: sink))
            monitor.enter(.reconciling)
            var manifest = try sink.finish(
                contracts: pipeline.contracts, started: started, warnings: monitor.warnings, logger: logger)
            if options.report {  // from the comparison's CSV files, rejects.csv among them
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
        return CompareResult(
            manifest: manifest, manifestJSON: json, outputDirectory: output,
            rejectsPath: (output as NSString).appendingPathComponent(RejectsWriter.fileName))
    }

    /// Loads both rule sets, checking each in full: when either fails, the error names
    /// which, with all of its problems (both, when both fail).
    private func loadRules() throws -> (CompiledRuleSet, CompiledRuleSet) {
        var failures: [ComparedRuleSetsInvalid.Failure] = []
        func load(_ directory: String, role: String, flag: String) -> RuleSet? {
            do {
                let ruleSet = try RuleSet.load(directory: directory)
                logger.info("\(role) rules \(ruleSet.label): \(ruleSet.rules.count) rules")
                for note in ruleSet.warnings { logger.warning("\(role) rules: \(note.description)") }
                for note in ruleSet.defaults { logger.info("\(role) rules default: \(note.description)") }
                return ruleSet
            } catch let error as RuleSetInvalid {
                failures.append(.init(role: role, flag: flag, error: error))
            } catch {
                failures.append(
                    .init(
                        role: role, flag: flag,
                        error: RuleSetInvalid(
                            directory: directory,
                            problems: [
                                Finding(codeType: .file, code: directory, file: directory, line: 0, message: "\(error)")
                            ])))
            }
            return nil
        }
        let old = load(options.fromRules, role: "old", flag: "--from")
        let new = load(options.toRules, role: "new", flag: "--to")
        guard let old, let new, failures.isEmpty else { throw ComparedRuleSetsInvalid(failures: failures) }
        // control-totals.csv names its totals lines in the category column.
        for (ruleSet, flag) in [(old, "--from"), (new, "--to")] {
            if let clash = ruleSet.categories.first(where: CompareReports.totalsLines.contains) {
                throw JobError.config(
                    "rule set \(flag == "--from" ? options.fromRules : options.toRules) (\(flag)) has a category named \(clash), which a comparison's control-totals.csv uses for a totals line (\(CompareReports.totalsLines.joined(separator: ", "))): rename the category to compare this rule set"
                )
            }
        }
        return (CompiledRuleSet(old), CompiledRuleSet(new))
    }
}
