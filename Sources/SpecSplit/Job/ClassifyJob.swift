import Foundation
import Logging

/// The outcome of a classify run that reconciled.
public struct ClassifyResult: Sendable {
    /// The control totals, as written to `--totals`.
    public var totals: ControlTotalsDocument
    /// Bytes written to the stream.
    public var bytesWritten: UInt64
    /// Rows rejected.
    public var rejected: Int
}

/// `specsplit classify`: a ``RowPipeline`` over the inputs, ending in one stream of
/// classified rows (``StreamSink``) instead of a split's files, so that another program
/// (a Spark job, a shell pipe) can run the classifier as one stage of its own.
///
/// The rule set and headers are checked before the first byte is written. Rows go to the
/// stream in input order (a spell's episodes together); rejected rows go to the rejects
/// file; the control totals, which must show read = written + rejected for every contract,
/// go to the totals file once the stream is complete.
public final class ClassifyJob {
    /// The run's options.
    public let options: ClassifyOptions
    let logger: Logger

    /// A job for `options`, logging to `logger`.
    public init(options: ClassifyOptions, logger: Logger = Logger(label: "specsplit")) {
        self.options = options
        self.logger = logger
    }

    /// How the inputs' columns map to fields, without reading a row (`classify --describe`).
    /// - Throws: ``ReadError``, ``MappingError``, ``ClassifyError/mixedLayouts(first:other:)``.
    public func describe() throws -> ColumnDescription {
        let plans = try plan()
        return ColumnDescription(plans[0].map, columns: StreamSink.columns(header: plans[0].map.header))
    }

    /// Runs the stream.
    /// - Throws: a ``SpecSplitError`` (its `exitCode` is what the caller should see).
    @discardableResult
    public func run() throws -> ClassifyResult {
        let totalsFormat = try options.totalsFormat()
        let compiled = try loadRules()
        let plans = try plan()
        // Written under a random name beside the path asked for, renamed into place when complete.
        let rejects = try options.rejectsPath.map {
            try RejectsWriter(path: FileSystem.temporaryName(for: $0), contractColumn: true)
        }
        var rejectsPublished = false
        do {
            let output = StreamWriter(
                descriptor: options.outputDescriptor, name: options.outputName, background: options.parallel)
            let sink = StreamSink(
                compiled: compiled, output: output, rejects: rejects, summarising: options.summaryPath != nil)
            if options.writeHeader { try sink.writeHeader(plans[0].map.header) }
            let pipeline = RowPipeline(
                ruleSets: [compiled], plans: plans, options: options.pipelineOptions, logger: logger)
            try pipeline.run(into: sink)
            try output.finish()
            let contracts = pipeline.contracts
            let problems = sink.totals.discrepancies(contractNames: contracts.map(\.key))
            if !problems.isEmpty { throw ClassifyError.reconciliationFailed(problems) }
            if let rejects, let path = options.rejectsPath {
                _ = try rejects.finish()
                try FileSystem.move(rejects.path, to: path)
                rejectsPublished = true
            }
            let document = ControlTotalsDocument(sink.totals, contracts: contracts, ruleSet: compiled.ruleSet)
            if let path = options.totalsPath, let format = totalsFormat {
                try writeTotals(document, sink.totals, contracts: contracts, format: format, to: path)
            }
            if let path = options.summaryPath {
                try Self.replace(path) { temporary in
                    _ = try sink.summary.write(
                        to: temporary,
                        SummaryTable.Names(
                            contracts: contracts, categories: compiled.categories, groups: compiled.serviceGroupNames,
                            settings: sink.settings.names, descriptions: compiled.ruleSet.serviceLineDescriptions))
                }
            }
            let overall = document.overall
            logger.info(
                "classified: \(overall.read.rows) rows read, \(overall.writtenTotal.rows) written, \(overall.rejected.rows) rejected; \(output.bytesWritten) bytes to \(options.outputName)"
            )
            if sink.quality.entries.count > 0 {
                logger.notice(
                    "\(sink.quality.entries.count) kind(s) of quality finding (badly shaped codes, rules that could not be tested): a split's quality.csv lists them"
                )
            }
            if sink.rejected > options.maxRejects {
                throw ClassifyError.tooManyRejects(
                    count: sink.rejected, limit: options.maxRejects, rejectsPath: options.rejectsPath)
            }
            return ClassifyResult(totals: document, bytesWritten: output.bytesWritten, rejected: sink.rejected)
        } catch {
            // The rejects file is kept only when it is the reason.
            if let rejects, !rejectsPublished {
                rejects.closeQuietly()
                unlink(rejects.path)
            } else if let path = options.rejectsPath, rejectsPublished {
                if case .tooManyRejects? = error as? ClassifyError {} else { unlink(path) }
            }
            throw error
        }
    }

    /// Reads and maps every input's header; all must have the same columns.
    private func plan() throws -> [InputPlan] {
        let plans = try InputPlan.plan(
            options.inputs, overrides: options.overrides, shape: options.shape, contractKey: options.contractKey,
            readOptions: options.readOptions, logger: logger)
        for plan in plans.dropFirst() where plan.map.header != plans[0].map.header {
            throw ClassifyError.mixedLayouts(first: plans[0].map.source, other: plan.map.source)
        }
        return plans
    }

    private func loadRules() throws -> CompiledRuleSet {
        do {
            let ruleSet = try RuleSet.load(directory: options.rulesDirectory)
            logger.info(
                "rules \(ruleSet.name) \(ruleSet.financialYear) sha256:\(ruleSet.checksum.prefix(12)): \(ruleSet.rules.count) rules"
            )
            return CompiledRuleSet(ruleSet)
        } catch let error as ReadError {
            throw JobError.config("rule set \(options.rulesDirectory): \(error.description)")
        }
    }

    private func writeTotals(
        _ document: ControlTotalsDocument, _ totals: ControlTotals, contracts: [Contract], format: TotalsFormat,
        to path: String
    ) throws {
        try Self.replace(path) { temporary in
            switch format {
            case .json:
                guard FileManager.default.createFile(atPath: temporary, contents: try document.json()) else {
                    throw WriteError.cannotCreate(path: path, reason: WriteError.describe(errno))
                }
            case .csv:
                _ = try ReportFiles.write(
                    temporary, header: ReportFiles.controlHeader(categories: totals.categories),
                    rows: ReportFiles.controlRows(totals, contracts: contracts))
            }
        }
    }

    /// Writes a file through `body` under a temporary name beside `path`, then renames it
    /// into place: a reader never sees half a file.
    private static func replace(_ path: String, _ body: (String) throws -> Void) throws {
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try body(temporary)
            if rename(temporary, path) != 0 { throw WriteError.io(path: path, reason: WriteError.describe(errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
