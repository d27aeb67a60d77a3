/// The classify stream's sink: writes each classified row to one stream (standard output),
/// as the row's own fields re-encoded exactly as a split writes them, then its contract,
/// then the columns a split adds; counts the control totals (and, when asked, the
/// summary); and writes rejected rows to the rejects file, never to the stream.
///
/// Used by one thread (the pipeline's); nothing is allocated or written per row: rows are
/// encoded into one reusable buffer and copied into the stream's large blocks.
final class StreamSink: RowSink {
    let compiled: CompiledRuleSet
    /// The rule set whose results this sink writes (0 unless the pipeline runs several).
    let ruleSet: Int
    let output: StreamWriter
    let rejects: RejectsWriter?
    /// The columns added after each row's own and its contract.
    let added: AddedColumns
    /// Whether rows are added to ``summary``.
    let summarising: Bool
    let specialised: Int

    @exclusivity(unchecked) private(set) var totals: ControlTotals
    @exclusivity(unchecked) private(set) var summary = SummaryTable()
    @exclusivity(unchecked) private var summaryPending = SummaryTable.Pending()
    /// The summary's settings: APC and NAC, and the points of delivery of contract-monitoring lines.
    @exclusivity(unchecked) private(set) var settings = SettingNames()
    @exclusivity(unchecked) private(set) var quality = QualityLog()
    /// Rows rejected so far (also those with no rejects file to go to).
    @exclusivity(unchecked) private(set) var rejected = 0
    @exclusivity(unchecked) private var encoder = RowEncoder()
    /// The contract keys as CSV fields, by contract index (re-encoded when contracts are added).
    @exclusivity(unchecked) private var contractFields = EncodedFields([String]())
    @exclusivity(unchecked) private var encodedContracts = 0

    init(compiled: CompiledRuleSet, ruleSet: Int = 0, output: StreamWriter, rejects: RejectsWriter?, summarising: Bool)
    {
        self.compiled = compiled
        self.ruleSet = ruleSet
        self.output = output
        self.rejects = rejects
        self.summarising = summarising
        added = AddedColumns(compiled, ruleSet: ruleSet)
        totals = ControlTotals(categories: compiled.categories)
        specialised = compiled.categories.firstIndex(of: "specialised") ?? -1
    }

    deinit { encoder.deallocate() }

    /// The stream's columns for inputs of `header`: the input's own, `contract`, then the
    /// split's.
    static func columns(header: [String]) -> [String] { header + ["contract"] + AddedColumns.names }

    /// Writes the header line for inputs of `header`.
    func writeHeader(_ header: [String]) throws {
        var text = CSVEncoding.line(Self.columns(header: header))
        try text.withUTF8 { try output.append(UnsafeRawBufferPointer($0)) }
    }

    func begin(_ input: PipelineInput) throws {
        settings.begin(input)
    }

    func consume(_ rows: ClassifiedRows) throws {
        if rows.contracts.count > encodedContracts {
            // New contracts are rare (once each per run): encode the keys again.
            let contracts = rows.contracts
            contractFields = EncodedFields(contracts.map(\.key))
            encodedContracts = contracts.count
        }
        try rows.forEach { batch, row in
            if row &+ SplitSink.prefetchDistance < batch.count {
                batch.rows.prefetchBytes(row &+ SplitSink.prefetchDistance)
            }
            switch batch.fault[row] {
            case .none:
                let contract = batch.contract[row]
                totals.ensure(contract: contract)
                totals.countRead(contract, activity: batch.activity[row], value: batch.value[row])
                try write(batch, row, contract: contract)
            case .unreadable:
                try reject(rows, batch, row)
                totals.countUnreadable()
            case .badActivity, .badValue, .spellReturns:
                let contract = batch.contract[row]
                totals.ensure(contract: contract)
                totals.countRead(contract, activity: batch.activity[row], value: batch.value[row])
                try reject(rows, batch, row)
                totals.countRejected(contract, activity: batch.activity[row], value: batch.value[row])
            }
        }
        if summarising { summary.add(&summaryPending) }
    }

    func end(_ input: PipelineInput, _ report: InputReport) throws {
        quality.merge(report.quality[ruleSet])
    }

    /// Writes one classified row to the stream and counts it.
    @inline(__always)
    private func write(_ batch: PipelineBatch, _ row: Int, contract: Int32) throws {
        let result = batch.result(ruleSet, row).pointee
        let category = Int(result.category)
        let activity = batch.activity[row]
        let value = batch.value[row]
        encoder.reset()
        encoder.row(batch.rows, row)
        encoder.encoded(contractFields, Int(contract))
        added.append(result, batch, row, to: &encoder)
        encoder.endLine()
        try output.append(encoder.buffer)
        totals.countWritten(contract, category: category, activity: activity, value: value)
        guard summarising else { return }
        let service =
            category == specialised
            ? SummaryTable.service(line: result.serviceLine) : SummaryTable.service(group: Int(result.serviceGroup))
        let record = batch.records + row
        let setting = settings.index(of: record, spellings: compiled.ruleSet.podSpellings)
        summaryPending.add(
            SummaryTable.Key(
                contract: contract, category: Int32(category), service: service, hrg: record.pointee.hrg.raw, setting: setting),
            activity: activity, value: value)
    }

    /// Writes a rejected row to the rejects file (when there is one) and counts it.
    private func reject(_ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int) throws {
        rejected += 1
        try rejects?.reject(rows, batch, row, encoder: &encoder)
    }
}
