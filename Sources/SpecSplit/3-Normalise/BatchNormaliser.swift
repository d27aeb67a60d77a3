/// The normalise stage for one input: fills each readable row's ``ActivityRecord`` (codes
/// packed into integers), parses its activity and value exactly, and hashes its spell id.
///
/// It runs on the thread that parsed the batch, with a quality log of its own (merged into
/// the run's when the input has been read), and allocates nothing per row.
final class BatchNormaliser: @unchecked Sendable {
    let normaliser: RecordNormaliser
    let source: String
    /// Columns of the input (-1 when absent).
    let activityColumn: Int
    let valueColumn: Int
    let spellColumn: Int
    private let map: ColumnMap
    @exclusivity(unchecked) private(set) var quality = QualityLog()
    /// How many of the first values of each shaped field were not shaped like it.
    @exclusivity(unchecked) private(set) var tally: ShapeTally

    /// A normaliser for the rows of `input`.
    init(_ input: PipelineInput) {
        normaliser = RecordNormaliser(map: input.map)
        source = input.source
        activityColumn = input.activityColumn
        valueColumn = input.valueColumn
        spellColumn = input.spellColumn
        map = input.map
        tally = ShapeTally(map: input.map)
    }

    /// Starts a new quality log and shape tally (a worker's next block: both are merged in
    /// file order).
    func resetQuality() {
        quality = QualityLog()
        tally = ShapeTally(map: map)
    }

    /// How many rows ahead normalising fetches a record's code lists.
    private static let ahead = 8

    /// Normalises every row of `batch`.
    func callAsFunction(_ batch: PipelineBatch) {
        batch.prepare()
        let rows = batch.rows
        let count = rows.count
        for row in 0..<count {
            // The records were last read on another thread: fetch the code lists that filling
            // will write a few rows ahead (the records themselves are read in order).
            if row &+ Self.ahead < count { batch.prefetchLists(row &+ Self.ahead) }
            guard rows.status(row) == .ok else {
                batch.fault[row] = .unreadable
                continue
            }
            normaliser.fill(&batch.records[row], batch: rows, row: row, quality: &quality, tally: &tally, source: source)
            amounts(batch, row)
            if spellColumn >= 0 { batch.spellKey[row] = FNV1a.hash(rows.field(row, spellColumn)) }
        }
    }

    /// Parses the row's activity (1 without an activity column, 0 when empty) and value
    /// (0 without a value column or when empty). A field that is not a plain decimal makes
    /// the row a reject naming that column (the activity's first); the other amount is
    /// still counted as read when it parses.
    @inline(__always)
    private func amounts(_ batch: PipelineBatch, _ row: Int) {
        let rows = batch.rows
        var activity = Amount.one
        var value = Amount.zero
        var fault = RowFault.none
        var column: Int32 = -1
        if activityColumn >= 0 {
            let bytes = rows.field(row, activityColumn)
            if let parsed = Amount(bytes: bytes) {
                activity = parsed
            } else {
                activity = .zero
                if !bytes.isEmpty {
                    fault = .badActivity
                    column = Int32(activityColumn)
                }
            }
        }
        if valueColumn >= 0 {
            let bytes = rows.field(row, valueColumn)
            if let parsed = Amount(bytes: bytes) {
                value = parsed
            } else if !bytes.isEmpty && fault == .none {
                fault = .badValue
                column = Int32(valueColumn)
            }
        }
        batch.activity[row] = activity
        batch.value[row] = value
        batch.fault[row] = fault
        batch.faultDetail[row] = column
    }
}
