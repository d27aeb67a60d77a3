import Foundation
import Logging

/// What reading one input amounted to.
struct InputStats {
    var rows = 0
    var rejected = 0
    var contentBytes: UInt64 = 0
    var sha256 = ""
}

/// The state of one split run across its inputs: contracts, open outputs, totals,
/// summary and quality. Used by one thread (the worker); the reader feeds it batches.
final class SplitRun {
    let compiled: CompiledRuleSet
    let staging: StagingArea
    let rejects: RejectsWriter
    let options: SplitOptions
    let groups: [OutputGroup]
    let logger: Logger

    @exclusivity(unchecked) var registry = ContractRegistry()
    @exclusivity(unchecked) var totals: ControlTotals
    @exclusivity(unchecked) var summary = SummaryTable()
    /// Rows of the batch in hand, added to `summary` together at the end of the batch.
    @exclusivity(unchecked) var summaryPending = SummaryTable.Pending()
    @exclusivity(unchecked) var quality = QualityLog()
    let pool: OutputPool
    /// Output handles: `contractHandles[contract * groups.count + group]` is the first of
    /// `categories.count` handles, or -1. Flat, so with thousands of contracts a row's lookup
    /// stays in cache.
    @exclusivity(unchecked) var contractHandles: [Int] = []
    var manifestInputs: [Manifest.Input] = []
    @exclusivity(unchecked) var untestable: [Int]

    // Per-row working memory, reused.
    @exclusivity(unchecked) var result = Classification()
    @exclusivity(unchecked) var scratch: ClassifyScratch
    @exclusivity(unchecked) var encoder = RowEncoder()

    // Precomputed output columns.
    let categoryFields: EncodedFields
    let npocFields: EncodedFields
    let groupFields: EncodedFields
    let ruleIDs: EncodedFields
    let rulesetField: EncodedFields
    let specialised: Int

    init(
        compiled: CompiledRuleSet, staging: StagingArea, rejects: RejectsWriter, options: SplitOptions,
        groups: [OutputGroup], logger: Logger
    ) {
        self.compiled = compiled
        self.staging = staging
        self.rejects = rejects
        self.options = options
        self.groups = groups
        self.logger = logger
        totals = ControlTotals(categories: compiled.categories)
        // Parallel runs write files on a thread of their own (hashing, creating files and
        // copying into the page cache: 10-20% of a split's CPU time on the machine measured).
        pool = OutputPool(
            maxOpen: options.maxOpenFiles ?? OutputPool.defaultMaxOpen, memoryBudget: options.outputMemoryBudget,
            background: options.parallel)
        scratch = compiled.makeScratch()
        untestable = Array(repeating: 0, count: compiled.ruleSet.rules.count)
        categoryFields = EncodedFields(compiled.categories)
        npocFields = EncodedFields(compiled.npocs)
        groupFields = EncodedFields(compiled.serviceGroupNames)
        ruleIDs = EncodedFields(compiled.ruleSet.rules.map(\.id))
        let ruleSet = compiled.ruleSet
        rulesetField = EncodedFields(["\(ruleSet.name) \(ruleSet.financialYear) sha256:\(ruleSet.checksum.prefix(12))"])
        specialised = compiled.categories.firstIndex(of: "specialised") ?? -1
    }

    deinit { encoder.deallocate() }

    /// Columns the split adds after the input's own.
    static let addedColumns = ["split_category", "service_line", "npoc", "service_group", "matched_rules", "ruleset"]

    // MARK: - Reading an input

    /// Splits every row of `reader`.
    func process(reader: CSVReader, plan: InputPlan, parallel: Bool, progress: (Int) -> Void) throws -> InputStats {
        var input = InputState(plan: plan, group: groupIndex(plan), compiled: compiled, source: reader.source.displayName)
        let hasher = plan.hasher
        var stats = InputStats()
        var held: [NormalisedBatch] = []
        let normalise = InputNormaliser(input: input, compiled: compiled)
        if parallel {
            let channel = BatchChannel(count: 4, bytes: options.readOptions.batchBytes)
            let thread = ReaderThread(reader: reader, channel: channel, prepare: normalise.callAsFunction)
            defer {
                channel.close()
                thread.join()
            }
            loop: while true {
                switch channel.receive() {
                case .batch(let batch):
                    try handle(batch, &input, &stats, &held, recycle: channel.recycle)
                    progress(stats.rows)
                    try Cancellation.check()
                case .end: break loop
                case .failure(let error): throw error
                }
            }
            try finishInput(&input, &stats, &held, recycle: channel.recycle)
        } else {
            var free: [NormalisedBatch] = []
            while true {
                let batch = free.popLast() ?? NormalisedBatch(bytes: options.readOptions.batchBytes)
                guard try reader.next(into: batch.rows) else { break }
                normalise(batch)
                try handle(batch, &input, &stats, &held) { free.append($0) }
                progress(stats.rows)
                try Cancellation.check()
            }
            try finishInput(&input, &stats, &held) { free.append($0) }
        }
        // The reading thread has ended (joined above): its findings join the run's.
        quality.merge(normalise.quality)
        stats.contentBytes = reader.source.bytesRead
        stats.sha256 = hasher.hex()
        reader.source.close()
        var untestableHere = Set<RuleIndex>()
        for setting in Setting.allCases where input.rowsBySetting[Int(setting.rawValue)] > 0 {
            let rows = input.rowsBySetting[Int(setting.rawValue)]
            for rule in compiled.untestableRules(for: plan.map.present, setting: setting) {
                untestableHere.insert(rule)
                untestable[Int(rule)] += rows
                let definition = compiled.rule(rule)
                let missing = definition.requiredFields.union(definition.anyOfFields).subtracting(plan.map.present).fields
                quality.note(
                    .rule, code: definition.id,
                    message: "Rule could not be tested in \(reader.source.displayName): the extract has no \(missing.map(\.name).joined(separator: "/")) column",
                    count: rows, source: reader.source.displayName, line: 1)
            }
        }
        for duplicate in plan.map.duplicateColumns {
            let positions = duplicate.positions.map { String($0 + 1) }.joined(separator: " and ")
            quality.note(
                .column, code: duplicate.name,
                message: "Column name appears \(duplicate.positions.count) times in the header of \(reader.source.displayName) (columns \(positions)); the first is used as \(duplicate.name), the others are copied as data",
                count: 1, source: reader.source.displayName, line: 1)
        }
        if !untestableHere.isEmpty {
            let ids = untestableHere.sorted().map { compiled.rule($0).id }
            logger.notice("\(reader.source.displayName): \(ids.count) rule(s) could not be tested for lack of a column (counts in quality.csv): \(ids.prefix(12).joined(separator: ", "))\(ids.count > 12 ? ", ..." : "")")
        }
        if plan.map.column(.value) == nil {
            quality.note(.value, code: "", message: "No value column in \(reader.source.displayName): value counted as 0", count: stats.rows, source: reader.source.displayName, line: 1)
        }
        manifestInputs.append(Manifest.Input(
            path: reader.source.displayName, bytes: reader.source.fileSize ?? 0, sha256: stats.sha256,
            contentBytes: stats.contentBytes, rows: stats.rows, rejected: stats.rejected, shape: plan.map.shape.rawValue,
            episodeLevel: plan.map.isEpisodeLevel))
        return stats
    }

    private func groupIndex(_ plan: InputPlan) -> Int {
        groups.firstIndex { $0.header == plan.map.header } ?? 0
    }

    /// How many rows ahead the worker asks for a row's record and offsets, then for what
    /// they point to (code lists, bytes), to be brought into its cache.
    static let prefetchDistance = (record: 8, contents: 4)

    /// Processes one batch; gives it back unless a spell still needs its rows.
    private func handle(
        _ batch: NormalisedBatch, _ input: inout InputState, _ stats: inout InputStats, _ held: inout [NormalisedBatch],
        recycle: (NormalisedBatch) -> Void
    ) throws {
        let count = batch.rows.count
        for row in 0..<count {
            if row &+ Self.prefetchDistance.record < count { batch.prefetchRecord(row &+ Self.prefetchDistance.record) }
            if row &+ Self.prefetchDistance.contents < count { batch.prefetchContents(row &+ Self.prefetchDistance.contents) }
            try split(batch, row, &input, &stats)
        }
        stats.rows += count
        summary.add(&summaryPending)
        if input.pending.isEmpty {
            for old in held { recycle(old) }
            held.removeAll(keepingCapacity: true)
            recycle(batch)
        } else {
            // The open spell may still point into earlier batches: keep only those it uses.
            held.append(batch)
            let inUse = Set(input.pending.map { ObjectIdentifier($0.batch) })
            held.removeAll { old in
                if inUse.contains(ObjectIdentifier(old.rows)) { return false }
                recycle(old)
                return true
            }
        }
    }

    private func finishInput(
        _ input: inout InputState, _ stats: inout InputStats, _ held: inout [NormalisedBatch], recycle: (NormalisedBatch) -> Void
    ) throws {
        try flushSpell(&input)
        summary.add(&summaryPending)
        for old in held { recycle(old) }
        held.removeAll()
    }

    // MARK: - One row

    /// Classify, route and write one normalised row (or hold it for its spell).
    @inline(__always)
    private func split(_ normalised: NormalisedBatch, _ row: Int, _ input: inout InputState, _ stats: inout InputStats) throws {
        let batch = normalised.rows
        guard batch.status(row) == .ok else {
            try rejectUnreadable(batch, row, &input, &stats)
            return
        }
        // Borrow the row's record as a local: moved out of the batch and back, one bitwise
        // copy each way (a copy would retain and release its code lists: measurable per row).
        let slot = normalised.record(row)
        let record = slot.move()
        defer { slot.initialize(to: record) }
        let contractField = input.contractColumn >= 0 ? batch.field(row, input.contractColumn) : nil
        let contract = registry.index(provider: record.provider, commissioner: record.commissioner, contract: contractField)
        totals.ensure(contract: contract)

        var activity = Amount.one
        var value = Amount.zero
        var badColumn = -1
        if input.activityColumn >= 0 {
            let bytes = batch.field(row, input.activityColumn)
            if let parsed = Amount(bytes: bytes) { activity = parsed } else if bytes.isEmpty { activity = .zero } else {
                activity = .zero
                badColumn = input.activityColumn
            }
        }
        if input.valueColumn >= 0 {
            let bytes = batch.field(row, input.valueColumn)
            if let parsed = Amount(bytes: bytes) { value = parsed } else if !bytes.isEmpty && badColumn < 0 {
                badColumn = input.valueColumn
            }
        }
        totals.countRead(contract, activity: activity, value: value)
        input.rowsBySetting[Int(record.setting.rawValue)] += 1
        if badColumn >= 0 {
            let text = String(decoding: batch.field(row, badColumn), as: UTF8.self)
            let what = badColumn == input.activityColumn ? "activity" : "value"
            try reject(
                batch, row, &input, &stats,
                reason: "\(what) is not a number: \"\(text)\" (plain decimals only, e.g. 1234.56 or -12)",
                column: input.map.header[badColumn])
            totals.countRejected(contract, activity: activity, value: value)
            return
        }
        if input.spellColumn >= 0 {
            try holdEpisode(batch, row, record, &input, &stats, contract: contract, activity: activity, value: value)
            return
        }
        compiled.classify(record, into: &result, scratch: &scratch)
        try write(batch, row, group: input.group, contract: contract, activity: activity, value: value, hrg: record.hrg)
    }

    /// Writes one classified row to its contract's category file and counts it.
    @inline(__always)
    func write(
        _ batch: RowBatch, _ row: Int, group: Int, contract: Int32, activity: Amount, value: Amount, hrg: PackedCode
    ) throws {
        let category = result.category
        let handle = try outputHandle(contract: contract, group: group) + category
        encoder.reset()
        encoder.row(batch, row)
        encoder.encoded(categoryFields, category)
        encoder.code(result.serviceLine)
        encoder.encoded(npocFields, result.npoc)
        encoder.encoded(groupFields, result.serviceGroup)
        result.nationalMatches.withUnsafeBufferPointer { national in
            result.localMatches.withUnsafeBufferPointer { local in encoder.joined(national, local, names: ruleIDs) }
        }
        encoder.encoded(rulesetField, 0)
        encoder.endLine()
        try pool.append(handle, encoder.buffer)
        pool.countRow(handle)
        totals.countWritten(contract, category: category, activity: activity, value: value)
        let service = category == specialised
            ? SummaryTable.service(line: result.serviceLine) : SummaryTable.service(group: result.serviceGroup)
        summaryPending.add(
            SummaryTable.Key(contract: contract, category: Int32(category), service: service, hrg: hrg.raw),
            activity: activity, value: value)
    }

    /// The first output handle of `contract` in `group`, creating its files' entries (and
    /// headers) on first use.
    @inline(__always)
    private func outputHandle(contract: Int32, group: Int) throws -> Int {
        let index = Int(contract)
        let slot = index * groups.count + group
        if slot < contractHandles.count, contractHandles[slot] >= 0 { return contractHandles[slot] }
        return try createOutputs(contract: index, group: group)
    }

    private func createOutputs(contract index: Int, group: Int) throws -> Int {
        if contractHandles.count <= index * groups.count {
            contractHandles.append(contentsOf: repeatElement(-1, count: (index + 1) * groups.count - contractHandles.count))
        }
        let key = registry.contracts[index].key
        try staging.makeDirectory("contracts/\(key)")
        let header = CSVEncoding.line(groups[group].header + Self.addedColumns)
        var first = -1
        for category in compiled.categories {
            let handle = pool.add(path: staging.path("contracts/\(key)/\(groups[group].fileName(category))"))
            if first < 0 { first = handle }
            var text = header
            // Buffered like any row: the file is created when first written, or at the finish.
            try text.withUTF8 { try pool.append(handle, UnsafeRawBufferPointer($0)) }
        }
        contractHandles[index * groups.count + group] = first
        return first
    }
}
