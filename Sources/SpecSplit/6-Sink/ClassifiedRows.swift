/// Rows of one input handed to a ``RowSink``, in input order, each classified under every
/// rule set of the run (or rejected, with the reason).
///
/// A delivery borrows the rows' bytes from the pipeline's batches: everything read through
/// it is valid during the sink's ``RowSink/consume(_:)`` call only, and its accessors are
/// scoped (`withField { }`) so nothing of a batch escapes that call. An episode-level
/// extract delivers a spell's episodes together once the spell is complete, so a delivery
/// may reach back into an earlier batch.
public final class ClassifiedRows {
    /// One row of the delivery: a batch of the delivery and a row of it.
    struct Entry {
        var batch: Int32
        var row: Int32
    }

    /// The rule sets, in the order the run was given them.
    public let ruleSets: [CompiledRuleSet]
    /// The input the rows come from.
    public internal(set) var input: PipelineInput
    /// The batches the delivery's rows are in.
    @exclusivity(unchecked) private(set) var batches: [PipelineBatch] = []
    @exclusivity(unchecked) private var entries: UnsafeMutablePointer<Entry>
    @exclusivity(unchecked) private var capacity = 1 << 12
    /// The number of rows.
    @exclusivity(unchecked) public private(set) var count = 0
    unowned let router: BatchRouter

    init(ruleSets: [CompiledRuleSet], input: PipelineInput, router: BatchRouter) {
        self.ruleSets = ruleSets
        self.input = input
        self.router = router
        entries = .allocate(capacity: capacity)
    }

    deinit { entries.deallocate() }

    // MARK: building a delivery (the route stage)

    /// Empties the delivery; its batches will be `held` (batches an open spell still needs)
    /// then whatever is added.
    func reset(keeping held: [PipelineBatch]) {
        batches.removeAll(keepingCapacity: true)
        batches.append(contentsOf: held)
        count = 0
    }

    /// Adds a batch; returns its index in the delivery.
    func add(_ batch: PipelineBatch) -> Int32 {
        batches.append(batch)
        return Int32(batches.count - 1)
    }

    /// The index of `batch` in the delivery (it must be there).
    func index(of batch: PipelineBatch) -> Int32 {
        var index = batches.count - 1
        while batches[index] !== batch { index -= 1 }
        return Int32(index)
    }

    /// Appends row `row` of the delivery's batch `batch`.
    @inline(__always)
    func append(batch: Int32, row: Int) {
        if count == capacity {
            let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
            fresh.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = fresh
            capacity *= 2
        }
        entries[count] = Entry(batch: batch, row: Int32(truncatingIfNeeded: row))
        count += 1
    }

    // MARK: reading a delivery (sinks in this module)

    /// The batch and row of entry `index`.
    @inline(__always)
    func entry(_ index: Int) -> (batch: PipelineBatch, row: Int) {
        let entry = entries[index]
        return (batches[Int(entry.batch)], Int(entry.row))
    }

    /// Calls `body` with the batch and row of every entry, in order. A batch is looked up
    /// once per run of entries in it, not per row.
    @inline(__always)
    func forEach(_ body: (PipelineBatch, Int) throws -> Void) rethrows {
        guard count > 0 else { return }
        var current = entries[0].batch
        var batch = batches[Int(current)]
        for index in 0..<count {
            let entry = entries[index]
            if entry.batch != current {
                current = entry.batch
                batch = batches[Int(current)]
            }
            try body(batch, Int(entry.row))
        }
    }

    // MARK: reading a delivery (any sink)

    /// Calls `body` with row `index` of the delivery.
    public func withRow<R>(_ index: Int, _ body: (ClassifiedRow) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < count, "row \(index) of a delivery of \(count)")
        let (batch, row) = entry(index)
        return try body(ClassifiedRow(rows: self, batch: batch, row: row))
    }

    /// The contracts seen so far in the run, by index.
    public var contracts: [Contract] { router.registry.contracts }
}

/// One row of a ``ClassifiedRows`` delivery, readable inside ``ClassifiedRows/withRow(_:_:)``.
public struct ClassifiedRow {
    let rows: ClassifiedRows
    let batch: PipelineBatch
    let row: Int

    /// The input the row comes from (as named in messages).
    public var source: String { rows.input.source }
    /// The physical line on which the row starts.
    public var line: Int { batch.rows.line(row) }
    /// The number of fields of the row.
    public var fieldCount: Int { batch.rows.fieldCount(row) }
    /// The row's fields as strings (messages and tests; not for the hot path).
    public var fields: [String] { batch.rows.strings(row) }

    /// Calls `body` with the bytes of field `column` (empty when the row has no such column).
    public func withField<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(batch.rows.field(row, column))
    }

    /// Why the row was rejected, and the column concerned; nil for a classified row.
    public var rejection: (reason: String, column: String)? { rows.router.rejection(of: batch, row, header: rows.input.map.header) }

    /// The row's contract; nil when the row could not be read far enough to know it.
    public var contract: Contract? {
        let index = batch.contract[row]
        return batch.fault[row] == .unreadable || index < 0 ? nil : rows.contracts[Int(index)]
    }

    /// The row's activity (1 without an activity column) and value (0 without a value column).
    public var activity: Amount { batch.activity[row] }
    /// The row's value in pounds.
    public var value: Amount { batch.value[row] }

    /// The row's result under rule set `ruleSet` (0 is the first the run was given); nil for
    /// a rejected row.
    public func result(_ ruleSet: Int = 0) -> RowClassification? {
        guard batch.fault[row] == .none else { return nil }
        let compiled = rows.ruleSets[ruleSet]
        let stored = batch.result(ruleSet, row).pointee
        let names = batch.withMatches(ruleSet: ruleSet, row: row) { national, local in
            (national.map { compiled.rule($0).id }, local.map { compiled.rule($0).id })
        }
        return RowClassification(
            category: compiled.categories[Int(stored.category)], serviceLine: stored.serviceLine.description,
            npoc: compiled.npocs[Int(stored.npoc)], serviceGroup: compiled.serviceGroupNames[Int(stored.serviceGroup)],
            nationalMatches: names.0, localMatches: names.1,
            decidingRule: stored.decidingRule < 0 ? nil : compiled.rule(stored.decidingRule).id)
    }
}

/// A row's result under one rule set, as text (see ``ClassifiedRow/result(_:)``).
public struct RowClassification: Sendable, Equatable {
    /// The category (`specialised`, `non-specialised`, `prison`, `military`, ...).
    public var category: String
    /// The dominant service line (`99999999` when no rule matched).
    public var serviceLine: String
    /// The service line's national programme of care.
    public var npoc: String
    /// The service group (acute, mental health, ...).
    public var serviceGroup: String
    /// The national rules that matched, in rule order.
    public var nationalMatches: [String]
    /// The local rules that matched, in file order.
    public var localMatches: [String]
    /// The rule that decided the result; nil when none did.
    public var decidingRule: String?
}
