import CSupport

/// A batch of parsed rows together with each well-formed row's ``ActivityRecord``: what
/// the normalise stage hands to classification.
///
/// Normalising a batch is done on the reading thread, right after parsing, so that it
/// and the classifying thread carry similar loads. Records live in a buffer reused from batch
/// to batch (their code lists keep their capacity), so normalising allocates nothing per
/// row, and the working thread reads them in place, without copying.
public final class NormalisedBatch: @unchecked Sendable {
    /// The parsed rows.
    public let rows: RowBatch
    private var records: UnsafeMutablePointer<ActivityRecord>
    private var capacity = 0

    /// An empty batch sized for about `bytes` of field data.
    public init(bytes: Int = 1 << 20) {
        rows = RowBatch(bytes: bytes)
        records = .allocate(capacity: 0)
    }

    deinit {
        records.deinitialize(count: capacity)
        records.deallocate()
    }

    /// The record of row `row` (meaningful when its status is ``RowStatus/ok``), in place.
    @inline(__always)
    func record(_ row: Int) -> UnsafeMutablePointer<ActivityRecord> { records + row }

    /// Asks the cache for what the working thread will read of row `row` first: the record
    /// and the row's field offsets, written on the reading thread (so in the other core's
    /// cache). Issued some rows ahead, before ``prefetchContents(_:)`` for the same row.
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
    private func prefetchLists(_ row: Int) {
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

    /// How many rows ahead normalising fetches a record's code lists.
    private static let normaliseAhead = 8

    private static let diagnosesOffset = MemoryLayout<ActivityRecord>.offset(of: \.diagnoses)!
    private static let proceduresOffset = MemoryLayout<ActivityRecord>.offset(of: \.procedures)!

    /// A copy of the record of row `row`.
    public func record(at row: Int) -> ActivityRecord { records[row] }

    /// Fills the records of every well-formed row with `normaliser`, noting badly shaped
    /// codes in `quality`; `setting` gives a row's setting from its point of delivery
    /// when the extract's shape does not fix it.
    public func normalise(
        with normaliser: RecordNormaliser, quality: inout QualityLog, source: String,
        setting: ((PackedCode) -> Setting)?
    ) {
        let count = rows.count
        if capacity < count { grow(to: count) }
        for row in 0..<count {
            // The records were last read on the working thread: fetch the code lists that
            // filling will write a few rows ahead (the records themselves are read in order).
            if row &+ Self.normaliseAhead < count { prefetchLists(row &+ Self.normaliseAhead) }
            guard rows.status(row) == .ok else { continue }
            normaliser.fill(&records[row], batch: rows, row: row, quality: &quality, source: source)
            if let setting { records[row].setting = setting(records[row].pod) }
        }
    }

    private func grow(to count: Int) {
        let fresh = UnsafeMutablePointer<ActivityRecord>.allocate(capacity: count)
        fresh.moveInitialize(from: records, count: capacity)
        (fresh + capacity).initialize(repeating: ActivityRecord(), count: count - capacity)
        records.deallocate()
        records = fresh
        capacity = count
    }
}
