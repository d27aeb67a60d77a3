import CSupport

/// Why a row is rejected rather than classified.
enum RowFault: UInt8 {
    /// The row is classified (or waits for its spell).
    case none
    /// The row could not be parsed (its ``RowStatus`` says why); its contract is unknown.
    case unreadable
    /// The activity column is not a number (the detail is the column).
    case badActivity
    /// The value column is not a number (the detail is the column).
    case badValue
    /// A spell id that comes back after other spells (the detail is the line it started on).
    case spellReturns
}

/// The unit handed from stage to stage of a ``RowPipeline``: a batch of parsed rows and,
/// for each row, what each stage worked out: its normalised record and amounts (normalise),
/// its result under each rule set (classify), its contract and fault (route).
///
/// Everything lives in buffers reused from batch to batch (they grow to the largest batch
/// and stay), so no stage allocates per row. A batch has one owner at a time and is passed
/// between threads whole; a few circulate per input. With one owner, its properties need
/// no dynamic exclusivity checks, which would cost a thread-local lookup per access: they
/// are `@exclusivity(unchecked)`, as are the other per-row stages' state.
final class PipelineBatch: @unchecked Sendable {
    /// The parsed rows.
    let rows: RowBatch
    /// The batch's place in its input (0, 1, 2...): batches are handed to sinks in this order.
    @exclusivity(unchecked) var sequence = 0
    /// The worker whose pool the batch belongs to (parallel reading in blocks).
    var owner = 0
    /// Set when an open spell kept the batch and its worker was given a new one instead:
    /// once free, the batch is dropped rather than returned.
    var replaced = false
    /// Rows the per-row buffers have room for.
    @exclusivity(unchecked) private(set) var capacity = 0
    /// The rule sets each row is classified under.
    let ruleSetCount: Int

    @exclusivity(unchecked) private(set) var records: UnsafeMutablePointer<ActivityRecord>
    @exclusivity(unchecked) private(set) var activity: UnsafeMutablePointer<Amount>
    @exclusivity(unchecked) private(set) var value: UnsafeMutablePointer<Amount>
    @exclusivity(unchecked) private(set) var fault: UnsafeMutablePointer<RowFault>
    /// The column of a bad amount, or the line where a returning spell started.
    @exclusivity(unchecked) private(set) var faultDetail: UnsafeMutablePointer<Int32>
    /// A hash of the row's spell id (episode-level extracts only).
    @exclusivity(unchecked) private(set) var spellKey: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var contract: UnsafeMutablePointer<Int32>
    /// Each row's result under each rule set: rule set `k`'s results start at `k * capacity`.
    @exclusivity(unchecked) private var results: UnsafeMutablePointer<RowResult>
    /// Per rule set: the matched rules of every row, one after another.
    @exclusivity(unchecked) private var matches: UnsafeMutablePointer<RuleList>

    /// An empty batch sized for about `bytes` of field data, classified under `ruleSets` rule sets.
    init(bytes: Int, ruleSets: Int) {
        rows = RowBatch(bytes: bytes)
        ruleSetCount = ruleSets
        records = .allocate(capacity: 0)
        activity = .allocate(capacity: 0)
        value = .allocate(capacity: 0)
        fault = .allocate(capacity: 0)
        faultDetail = .allocate(capacity: 0)
        spellKey = .allocate(capacity: 0)
        contract = .allocate(capacity: 0)
        results = .allocate(capacity: 0)
        matches = .allocate(capacity: ruleSets)
        for index in 0..<ruleSets { (matches + index).initialize(to: RuleList()) }  // each its own memory
    }

    deinit {
        records.deinitialize(count: capacity)
        for buffer: UnsafeMutableRawPointer in [
            UnsafeMutableRawPointer(records), UnsafeMutableRawPointer(activity), UnsafeMutableRawPointer(value),
            UnsafeMutableRawPointer(fault), UnsafeMutableRawPointer(faultDetail), UnsafeMutableRawPointer(spellKey),
            UnsafeMutableRawPointer(contract),
            UnsafeMutableRawPointer(results),
        ] { buffer.deallocate() }
        for index in 0..<ruleSetCount { matches[index].deallocate() }
        matches.deallocate()
    }

    /// The number of rows.
    @inline(__always) var count: Int { rows.count }

    /// Makes room in every per-row buffer for the rows the batch now holds.
    func prepare() {
        let count = rows.count
        if capacity < count { grow(to: count) }
        for index in 0..<ruleSetCount { matches[index].count = 0 }
    }

    private func grow(to count: Int) {
        func regrow<T>(_ buffer: inout UnsafeMutablePointer<T>, _ fill: T) {
            let fresh = UnsafeMutablePointer<T>.allocate(capacity: count)
            fresh.moveInitialize(from: buffer, count: capacity)
            (fresh + capacity).initialize(repeating: fill, count: count - capacity)
            buffer.deallocate()
            buffer = fresh
        }
        regrow(&records, ActivityRecord())
        regrow(&activity, .zero)
        regrow(&value, .zero)
        regrow(&fault, .none)
        regrow(&faultDetail, 0)
        regrow(&spellKey, 0)
        regrow(&contract, -1)
        // Results are laid out by rule set, so they move as a whole; their values need not
        // survive (a batch grows only before it is classified).
        results.deallocate()
        results = .allocate(capacity: count * ruleSetCount)
        results.initialize(repeating: RowResult(), count: count * ruleSetCount)
        capacity = count
    }

    /// Row `row`'s result under rule set `ruleSet`, in place.
    @inline(__always)
    func result(_ ruleSet: Int, _ row: Int) -> UnsafeMutablePointer<RowResult> { results + (ruleSet &* capacity &+ row) }

    /// Asks the cache for what classifying row `row` reads first: its record and field
    /// offsets, written on another thread. Issued some rows ahead, before
    /// ``prefetchContents(_:)`` for the same row.
    @inline(__always)
    func prefetchRecord(_ row: Int) {
        specsplit_prefetch_range(records + row, MemoryLayout<ActivityRecord>.size)
        rows.prefetchOffsets(row)
    }

    /// Asks the cache for what row `row`'s record and offsets lead to: the element storage
    /// of its two code lists, and the row's bytes. Needs the record and offsets at hand
    /// (``prefetchRecord(_:)`` a few rows earlier). Reads the lists' buffer addresses raw,
    /// without retaining them: an Array's first word is its buffer; a wrong guess could
    /// only cost a useless hint.
    @inline(__always)
    func prefetchContents(_ row: Int) {
        prefetchLists(row)
        rows.prefetchBytes(row)
    }

    /// Hints that the storage of row `row`'s code lists will be used soon.
    @inline(__always)
    func prefetchLists(_ row: Int) {
        let record = UnsafeRawPointer(records + row)
        @inline(__always) func list(at offset: Int) {
            // The count (16 bytes in) and the first codes (32 bytes in) may be a line apart.
            let list = record.load(fromByteOffset: offset, as: UnsafeRawPointer.self)
            specsplit_prefetch(list + 16)
            specsplit_prefetch(list + 32)
        }
        list(at: Self.diagnosesOffset)
        list(at: Self.proceduresOffset)
    }

    private static let diagnosesOffset = MemoryLayout<ActivityRecord>.offset(of: \.diagnoses)!
    private static let proceduresOffset = MemoryLayout<ActivityRecord>.offset(of: \.procedures)!

    /// Stores `result` as row `row`'s result under rule set `ruleSet`, its matches appended
    /// to the batch's list.
    @inline(__always)
    func store(_ result: Classification, ruleSet: Int, row: Int, setting: Setting, current: Int16) {
        withUnsafePointer(to: result) { store($0, ruleSet: ruleSet, row: row, setting: setting, current: current) }
    }

    /// ``store(_:ruleSet:row:setting:current:)`` from where the result lies (passing it by
    /// value from memory the compiler cannot prove unshared copies it, retaining its lists).
    @inline(__always)
    func store(_ result: UnsafePointer<Classification>, ruleSet: Int, row: Int, setting: Setting, current: Int16) {
        let list = matches + ruleSet
        let start = list.pointee.count
        list.pointee.append(result.pointee.nationalMatches)
        list.pointee.append(result.pointee.localMatches)
        self.result(ruleSet, row).pointee = RowResult(result.pointee, matchStart: start, setting: setting, current: current)
    }

    /// Calls `body` with row `row`'s matched rules under `ruleSet`: national, then local.
    @inline(__always)
    func withMatches<R>(
        ruleSet: Int, row: Int, _ body: (UnsafeBufferPointer<RuleIndex>, UnsafeBufferPointer<RuleIndex>) throws -> R
    ) rethrows -> R {
        let stored = result(ruleSet, row)
        let start = matches[ruleSet].base + Int(stored.pointee.matchStart)
        let national = Int(stored.pointee.nationalCount)
        return try body(
            UnsafeBufferPointer(start: start, count: national),
            UnsafeBufferPointer(start: start + national, count: Int(stored.pointee.localCount)))
    }

    /// The start of rule set `ruleSet`'s list of matched rules (valid until the list grows).
    @inline(__always)
    func matchList(_ ruleSet: Int) -> UnsafePointer<RuleIndex> { UnsafePointer(matches[ruleSet].base) }
}

/// A growable list of rule indexes in memory the batch owns: a row's matches are appended
/// without a uniqueness check or a retain, and the list is emptied, not freed, per batch.
struct RuleList {
    var base = UnsafeMutablePointer<RuleIndex>.allocate(capacity: 1 << 12)
    var count = 0
    var capacity = 1 << 12

    @inline(__always)
    mutating func append(_ rules: [RuleIndex]) {
        let extra = rules.count
        guard extra > 0 else { return }
        if count + extra > capacity { grow(count + extra) }
        rules.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: extra) }
        count += extra
    }

    private mutating func grow(_ needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let fresh = UnsafeMutablePointer<RuleIndex>.allocate(capacity: size)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = size
    }

    func deallocate() { base.deallocate() }
}
