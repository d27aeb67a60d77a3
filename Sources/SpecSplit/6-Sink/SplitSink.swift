import Logging

/// The split's sink: routes each classified row to its contract's category file (the row's
/// own columns, then the columns the split adds), counts the control totals, adds it to
/// the summary, and writes rejected rows to the rejects file.
///
/// Used by one thread (the pipeline's); allocates nothing per row once its buffers have
/// grown (the allocation guard in `Benchmarks/` checks the output pool it writes through).
final class SplitSink: RowSink {
    let compiled: CompiledRuleSet
    let staging: StagingArea
    let rejects: RejectsWriter
    let options: SplitOptions
    let groups: [OutputGroup]
    /// The rule set whose results this sink writes (0 unless the pipeline runs several).
    let ruleSet: Int

    @exclusivity(unchecked) var totals: ControlTotals
    @exclusivity(unchecked) var summary = SummaryTable()
    /// Rows of the delivery in hand, added to `summary` together at the end of the delivery.
    @exclusivity(unchecked) var summaryPending = SummaryTable.Pending()
    @exclusivity(unchecked) var quality = QualityLog()
    /// What moves to national commissioning, and what is commissioned by the wrong body.
    @exclusivity(unchecked) var commissioning: CommissioningTally
    /// The summary's settings: APC and NAC, and the points of delivery of contract-monitoring lines.
    @exclusivity(unchecked) var settings = SettingNames()
    /// `migration-rows.csv`, opened at the first row commissioned by the wrong body.
    var migrationRows: CSVWriter?
    /// Its data rows.
    var migrationRowCount = 0
    let pool: OutputPool
    /// Output handles: `contractHandles[contract * groups.count + group]` is the first of
    /// `categories.count` handles, or -1. Flat, so with thousands of contracts a row's lookup
    /// stays in cache.
    @exclusivity(unchecked) var contractHandles: [Int] = []
    var manifestInputs: [Manifest.Input] = []
    /// Rows written and rejected so far, reported to `monitor` once per delivery.
    @exclusivity(unchecked) private var rowsWritten = 0
    @exclusivity(unchecked) private var rowsRejected = 0
    /// Where the run stands, for a status file.
    var monitor: JobMonitor?
    @exclusivity(unchecked) var encoder = RowEncoder()

    /// The columns added after each row's own.
    let added: AddedColumns
    let specialised: Int
    /// The current input's name as a CSV field, for `--provenance`.
    var sourceField = EncodedFields([])

    init(
        compiled: CompiledRuleSet, ruleSet: Int = 0, staging: StagingArea, rejects: RejectsWriter, options: SplitOptions,
        groups: [OutputGroup]
    ) {
        self.compiled = compiled
        self.ruleSet = ruleSet
        self.staging = staging
        self.rejects = rejects
        self.options = options
        self.groups = groups
        totals = ControlTotals(categories: compiled.categories)
        commissioning = CommissioningTally(compiled: compiled)
        // Parallel runs write files on a thread of their own (hashing, creating files and
        // copying into the page cache take a good share of a split's time).
        pool = OutputPool(
            maxOpen: options.maxOpenFiles ?? OutputPool.defaultMaxOpen, memoryBudget: options.outputMemoryBudget,
            background: options.parallel, digest: options.digest)
        added = AddedColumns(compiled, ruleSet: ruleSet)
        specialised = compiled.categories.firstIndex(of: "specialised") ?? -1
    }

    deinit { encoder.deallocate() }

    /// Columns the split adds after the input's own (only ever appended: they are an interface).
    static let addedColumns = AddedColumns.names
    /// Columns `--provenance` adds after those: the input and the physical line of the row.
    static let provenanceColumns = ["source", "line"]

    func begin(_ input: PipelineInput) throws {
        settings.begin(input)
        if options.provenance { sourceField = EncodedFields([input.source]) }
    }

    /// How many rows ahead the sink asks for a row's bytes to be brought into its cache (the
    /// row that many further in the same batch: usually the row it will write then).
    static let prefetchDistance = 4

    func consume(_ rows: ClassifiedRows) throws {
        let group = rows.input.group
        try rows.forEach { batch, row in
            if row &+ Self.prefetchDistance < batch.count { batch.rows.prefetchBytes(row &+ Self.prefetchDistance) }
            if totals.countIn(batch, row) {
                try write(rows, batch, row, group: group, contract: batch.contract[row])
                rowsWritten &+= 1
            } else {
                try rejects.reject(rows, batch, row, encoder: &encoder)
                rowsRejected &+= 1
            }
        }
        summary.add(&summaryPending)
        monitor?.counted(written: rowsWritten, rejected: rowsRejected)
    }

    func end(_ input: PipelineInput, _ report: InputReport) throws {
        quality.merge(report.quality[ruleSet])
        manifestInputs.append(Manifest.Input(input, report, options.digest))
    }

    /// Writes one classified row to its contract's category file and counts it.
    @inline(__always)
    private func write(_ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int, group: Int, contract: Int32) throws {
        let result = batch.result(ruleSet, row).pointee
        let category = Int(result.category)
        let activity = batch.activity[row]
        let value = batch.value[row]
        let handle = try outputHandle(rows, group: group, contract: contract) + category
        encoder.reset()
        encoder.row(batch.rows, row)
        added.append(result, batch, row, to: &encoder)
        if options.provenance {
            encoder.encoded(sourceField, 0)
            encoder.integer(batch.rows.line(row))
        }
        encoder.endLine()
        try pool.append(handle, encoder.buffer)
        pool.countRow(handle)
        totals.countWritten(contract, category: category, activity: activity, value: value)
        if commissioning.enabled,
            commissioning.count(
                contract: contract, category: category, current: result.current, serviceLine: result.serviceLine,
                activity: activity, value: value)
        {
            try writeMigrationRow(rows, batch, row, contract: contract, result: result)
        }
        let service = category == specialised
            ? SummaryTable.service(line: result.serviceLine) : SummaryTable.service(group: Int(result.serviceGroup))
        let record = batch.records + row
        let setting = settings.index(of: record, spellings: compiled.ruleSet.podSpellings)
        summaryPending.add(
            SummaryTable.Key(
                contract: contract, category: Int32(category), service: service, hrg: record.pointee.hrg.raw, setting: setting),
            activity: activity, value: value)
    }

    /// The first output handle of `contract` in `group`, creating its files' entries (and
    /// headers) on first use.
    @inline(__always)
    private func outputHandle(_ rows: ClassifiedRows, group: Int, contract: Int32) throws -> Int {
        let slot = Int(contract) * groups.count + group
        if slot < contractHandles.count, contractHandles[slot] >= 0 { return contractHandles[slot] }
        return try createOutputs(rows, contract: Int(contract), group: group)
    }

    private func createOutputs(_ rows: ClassifiedRows, contract index: Int, group: Int) throws -> Int {
        if contractHandles.count <= index * groups.count {
            contractHandles.append(contentsOf: repeatElement(-1, count: (index + 1) * groups.count - contractHandles.count))
        }
        let key = rows.contracts[index].key
        try staging.makeDirectory("contracts/\(key)")
        let header = CSVEncoding.line(groups[group].header + Self.addedColumns + (options.provenance ? Self.provenanceColumns : []))
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
