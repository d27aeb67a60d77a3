import Foundation
import Logging

/// How a ``RowPipeline`` reads.
public struct PipelineOptions: Sendable {
    /// Reader options (chunk and batch sizes, field size limit).
    public var readOptions = CSVReadOptions()
    /// Threads that parse, normalise and classify: 1 does everything on the calling thread;
    /// more read a plain file in blocks on that many threads at once (a gzip file or
    /// standard input, which can only be read in order, on one thread beside the caller).
    public var threads = PipelineOptions.availableCores
    /// Batches circulating between the threads of a run with one reading thread.
    public var batches = 4
    /// The size of the blocks a plain file is cut into when it is read on several threads.
    public var blockBytes = 512 << 10

    /// Whether anything runs beside the calling thread.
    public var parallel: Bool {
        get { threads > 1 }
        set { threads = newValue ? max(threads, 2) : 1 }
    }

    /// The cores this process may run on.
    public static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Accept an input whose values mostly do not fit a field's shape (a warning, not an
    /// error ending the run: see ``ColumnMap/valueShapeProblems(_:)``).
    public var allowPartialMapping = false

    /// Default options.
    public init() {}
}

/// Progress of a run, reported once per batch (the command line draws it on a terminal).
public struct RunProgress: Sendable {
    /// The input being read.
    public var input: String
    /// Its position in the run (0-based).
    public var inputIndex: Int
    /// The number of inputs in the run.
    public var inputCount: Int
    /// Rows of the current input read so far.
    public var inputRows: Int
    /// Rows read in the run so far.
    public var rows: Int
    /// Bytes of the current input read from disk.
    public var bytesRead: UInt64
    /// The input's size on disk, when known.
    public var bytesTotal: UInt64?
    /// Content bytes read over the run (after decompression).
    public var contentBytes: UInt64
    /// True for the report made when the input has been read to its end.
    public var inputFinished: Bool
}

/// Drives every row of a run's inputs through the stages, in order — read (libcsv) -> map ->
/// normalise -> classify (under each rule set) -> route (contract, spell roll-up, rejects)
/// — and hands the classified rows to a ``RowSink``.
///
/// Stages pass whole batches (``PipelineBatch``), never single rows. In a parallel run the
/// input is parsed and normalised on a thread of its own while this thread classifies,
/// routes and calls the sink; batches are numbered as they are read, and routing takes them
/// in that order, so what the sink sees never depends on the threads.
public final class RowPipeline {
    /// The rule sets every row is classified under (two for a comparison of years).
    public let ruleSets: [CompiledRuleSet]
    /// The inputs, planned (headers read and mapped).
    public let plans: [InputPlan]
    /// The header layouts of the inputs.
    public let groups: [OutputGroup]
    let options: PipelineOptions
    let logger: Logger
    let router: BatchRouter
    /// Called once per batch with the run's progress, and once at the end of each input.
    public var progress: ((RunProgress) -> Void)?
    /// Where the run stands (input, rows read) and its warnings.
    public let monitor: JobMonitor

    /// A pipeline over `plans` classifying under `ruleSets`.
    public init(
        ruleSets: [CompiledRuleSet], plans: [InputPlan], options: PipelineOptions, logger: Logger,
        monitor: JobMonitor = JobMonitor()
    ) {
        precondition(!ruleSets.isEmpty, "a pipeline needs a rule set")
        self.ruleSets = ruleSets
        self.plans = plans
        self.options = options
        self.logger = logger
        self.monitor = monitor
        groups = InputPlan.groups(plans)
        router = BatchRouter(ruleSets: ruleSets)
    }

    /// The contracts of the rows routed so far, by index.
    public var contracts: [Contract] { router.registry.contracts }

    /// Reads every input in order, handing its rows to `sink`; returns what each amounted to.
    /// - Throws: ``ReadError``, ``JobError/cancelled(signal:)``, or what the sink throws.
    @discardableResult
    public func run(into sink: RowSink) throws -> [InputReport] {
        var reports: [InputReport] = []
        var rowsSoFar = 0
        var contentSoFar: UInt64 = 0
        for (index, plan) in plans.enumerated() {
            try Cancellation.check()
            // A plain file is read in blocks on several threads; anything else in order.
            let inBlocks = options.threads > 1 && plan.reader == nil && BlockScanner.isPlainFile(plan.path)
            let reader = inBlocks ? nil : try plan.open(options.readOptions)
            let group = groups.firstIndex { $0.header == plan.map.header } ?? 0
            let input = PipelineInput(
                index: index, source: reader?.source.displayName ?? plan.path, plan: plan, group: group)
            monitor.reading(input.source)
            logger.info(
                "reading \(input.source): \(plan.map.shape)\(plan.map.isEpisodeLevel ? ", episode level" : "")",
                metadata: ["input": "\(input.source)"])
            let baseRows = rowsSoFar
            let baseContent = contentSoFar
            let report = try read(input, reader: reader, plan: plan, sink: sink) { [progress, plans, monitor] rows, bytes, done in
                monitor.counted(read: baseRows + rows)
                progress?(RunProgress(
                    input: input.source, inputIndex: index, inputCount: plans.count, inputRows: rows,
                    rows: baseRows + rows, bytesRead: bytes.disk, bytesTotal: bytes.total,
                    contentBytes: baseContent + bytes.content, inputFinished: done))
            }
            rowsSoFar += report.rows
            contentSoFar += report.contentBytes
            logger.info(
                "read \(input.source): \(report.rows) rows, \(report.rejected) rejected",
                metadata: ["input": "\(input.source)", "rows": "\(report.rows)", "rejected": "\(report.rejected)"])
            reports.append(report)
        }
        try Cancellation.check()
        return reports
    }

    // MARK: - One input

    /// How far one input's reading has got: bytes on disk, their total (when known), and
    /// bytes of content.
    typealias Position = (disk: UInt64, total: UInt64?, content: UInt64)

    /// What normalising an input found: quality findings, and how its values fit the shapes
    /// of their fields (judged once the input is read).
    struct Normalised {
        var quality: QualityLog
        var tally: ShapeTally
    }

    private func read(
        _ input: PipelineInput, reader: CSVReader?, plan: InputPlan, sink: RowSink,
        progress: @escaping (Int, Position, Bool) -> Void
    ) throws -> InputReport {
        try sink.begin(input)
        router.begin(input)
        let delivery = ClassifiedRows(ruleSets: ruleSets, input: input, router: router)
        var state = InputState()
        let normalised: Normalised
        let position: Position
        if let reader {
            let report: (Int) -> Void = { rows in
                progress(rows, (reader.source.diskOffset, reader.source.fileSize, reader.source.bytesRead), false)
            }
            normalised = try readInOrder(input, reader, delivery, sink, &state, progress: report)
            position = (reader.source.diskOffset, reader.source.fileSize, reader.source.bytesRead)
            reader.source.close()
        } else {
            (normalised, position) = try readInBlocks(input, plan, delivery, sink, &state) { rows, position in
                progress(rows, position, false)
            }
        }
        var report = InputReport()
        report.rows = state.rows
        report.rejected = router.rejected
        report.contentBytes = position.content
        report.fileSize = position.total ?? 0
        report.digest = plan.hasher.hex()
        let doubts = input.map.valueShapeProblems(normalised.tally.counts)
        if !doubts.isEmpty && !options.allowPartialMapping { throw MappingError.doubtful(doubts) }
        for doubt in doubts { logger.warning("accepted with --allow-partial-mapping: \(doubt.description)") }
        report.mappingWarnings = input.map.problems + doubts
        report.quality = quality(input, normalised: normalised.quality, rows: state.rows, warnings: report.mappingWarnings)
        progress(state.rows, position, true)
        try sink.end(input, report)
        return report
    }

    /// Reads an input in order: on this thread alone, or with a thread of its own parsing
    /// and normalising while this one classifies and hands rows on. Returns the quality
    /// findings of normalising.
    private func readInOrder(
        _ input: PipelineInput, _ reader: CSVReader, _ delivery: ClassifiedRows, _ sink: RowSink,
        _ state: inout InputState, progress: (Int) -> Void
    ) throws -> Normalised {
        let normalise = BatchNormaliser(input)
        let classify = BatchClassifier(ruleSets: ruleSets, fixedSetting: input.fixedSetting)
        let batchBytes = options.readOptions.batchBytes
        if options.threads > 1 {
            let channel = BatchChannel((0..<options.batches).map { _ in PipelineBatch(bytes: batchBytes, ruleSets: ruleSets.count) })
            let thread = ReaderThread(reader: reader, channel: channel, prepare: normalise.callAsFunction)
            defer {
                channel.close()
                thread.join()
            }
            loop: while true {
                switch channel.receive() {
                case .batch(let batch):
                    classify(batch)
                    try deliver(batch, delivery, sink, &state, recycle: channel.recycle)
                    // An open spell may hold all but one batch: circulate one more rather
                    // than leave the reader waiting for a batch that cannot come back.
                    if state.held.count >= options.batches - 1 {
                        channel.recycle(PipelineBatch(bytes: batchBytes, ruleSets: ruleSets.count))
                    }
                    progress(state.rows)
                    try Cancellation.check()
                case .end: break loop
                case .failure(let error): throw error
                }
            }
            try finish(delivery, sink, &state, recycle: channel.recycle)
        } else {
            try readAll(reader, normalise, classify, delivery, sink, &state, lineOffset: 0, progress: progress)
        }
        return Normalised(quality: normalise.quality, tally: normalise.tally)
    }

    /// Reads `reader` to its end on this thread: parse, normalise, classify, hand on.
    func readAll(
        _ reader: CSVReader, _ normalise: BatchNormaliser, _ classify: BatchClassifier, _ delivery: ClassifiedRows,
        _ sink: RowSink, _ state: inout InputState, lineOffset: Int, progress: (Int) -> Void
    ) throws {
        var free: [PipelineBatch] = []
        var sequence = 0
        while true {
            let batch = free.popLast() ?? PipelineBatch(bytes: options.readOptions.batchBytes, ruleSets: ruleSets.count)
            guard try reader.next(into: batch.rows) else { break }
            batch.rows.lineOffset = lineOffset
            batch.sequence = sequence
            sequence += 1
            normalise(batch)
            classify(batch)
            try deliver(batch, delivery, sink, &state) { free.append($0) }
            progress(state.rows)
            try Cancellation.check()
        }
        try finish(delivery, sink, &state) { free.append($0) }
    }

    /// Where one input's batches stand: rows read, and the batches an open spell still needs.
    struct InputState {
        var rows = 0
        var held: [PipelineBatch] = []
    }

    /// Routes one classified batch, hands the delivery to the sink, and gives back the
    /// batches no open spell needs.
    func deliver(
        _ batch: PipelineBatch, _ delivery: ClassifiedRows, _ sink: RowSink, _ state: inout InputState,
        recycle: (PipelineBatch) -> Void
    ) throws {
        state.rows += batch.count
        router.route(batch, held: state.held, into: delivery)
        try sink.consume(delivery)
        state.held.removeAll(keepingCapacity: true)
        for used in delivery.batches {
            if router.holds(used) { state.held.append(used) } else { recycle(used) }
        }
    }

    func finish(
        _ delivery: ClassifiedRows, _ sink: RowSink, _ state: inout InputState, recycle: (PipelineBatch) -> Void
    ) throws {
        router.finish(held: state.held, into: delivery)
        try sink.consume(delivery)
        for used in state.held { recycle(used) }
        state.held.removeAll()
    }

    /// The input's quality findings under each rule set: badly shaped codes (the same for
    /// every rule set), rules that could not be tested for lack of a column, duplicate column
    /// names, and a missing value column.
    private func quality(
        _ input: PipelineInput, normalised: QualityLog, rows inputRows: Int, warnings: [MappingProblem]
    ) -> [QualityLog] {
        let map = input.map
        var logs: [QualityLog] = []
        for (index, compiled) in ruleSets.enumerated() {
            var log = normalised
            for warning in warnings {
                let finding = warning.finding
                log.note(finding.codeType, code: finding.code, message: finding.message, count: 1, source: input.source, line: 1)
            }
            var untestable = Set<RuleIndex>()
            for setting in Setting.allCases where router.rowsBySetting[index][Int(setting.rawValue)] > 0 {
                let rows = router.rowsBySetting[index][Int(setting.rawValue)]
                for rule in compiled.untestableRules(for: map.present, setting: setting) {
                    untestable.insert(rule)
                    let definition = compiled.rule(rule)
                    let missing = definition.requiredFields.union(definition.anyOfFields).subtracting(map.present).fields
                    log.note(
                        .rule, code: definition.id,
                        message: "Rule could not be tested in \(input.source): the extract has no \(missing.map(\.name).joined(separator: "/")) column",
                        count: rows, source: input.source, line: 1)
                }
            }
            for duplicate in map.duplicateColumns {
                let positions = duplicate.positions.map { String($0 + 1) }.joined(separator: " and ")
                log.note(
                    .column, code: duplicate.name,
                    message: "Column name appears \(duplicate.positions.count) times in the header of \(input.source) (columns \(positions)); the first is used as \(duplicate.name), the others are copied as data",
                    count: 1, source: input.source, line: 1)
            }
            if input.fixedSetting == nil && !compiled.ruleSet.hasPODSettings {
                let withSetting = compiled.ruleSet.rules.filter { $0.setting != .unknown }.count
                log.note(
                    .pod, code: "",
                    message: "No pod-settings.csv in rule set \(compiled.ruleSet.name): contract-monitoring lines of \(input.source) have no setting, so only rules without a setting were tested on them (not the \(withSetting) APC or NAC rules)",
                    count: inputRows, source: input.source, line: 1)
            }
            if map.column(.value) == nil {
                log.note(
                    .value, code: "", message: "No value column in \(input.source): value counted as 0",
                    count: inputRows, source: input.source, line: 1)
            }
            if !untestable.isEmpty {
                let ids = untestable.sorted().map { compiled.rule($0).id }
                let which = ruleSets.count > 1 ? " under \(compiled.ruleSet.name)" : ""
                let warning = "\(input.source): \(ids.count) rule(s) could not be tested\(which) for lack of a column (counts in quality.csv): "
                monitor.warn(
                    warning + ids.joined(separator: ", "),
                    logged: warning + ids.prefix(12).joined(separator: ", ") + (ids.count > 12 ? ", ..." : ""),
                    logger: logger, metadata: ["input": "\(input.source)"])
            }
            logs.append(log)
        }
        return logs
    }
}
