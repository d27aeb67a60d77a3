import CSupport

/// A batch of parsed rows: the unit handed from the reader to the stages after it.
///
/// Fields are byte ranges into one reusable buffer; nothing is a `String`. A batch is
/// refilled by ``CSVReader/next(into:)`` and can be passed between threads (one owner at
/// a time), so a pipeline recycles a few batches instead of allocating per row.
public final class RowBatch: @unchecked Sendable {
    var storage: RowStorage

    /// A batch sized for about `bytes` of field data.
    public init(bytes: Int = 1 << 20) {
        storage = RowStorage(bytes: bytes, fields: max(bytes / 16, 1024), rows: max(bytes / 128, 256))
    }

    deinit { storage.deallocate() }

    /// The number of rows in the batch (well formed and malformed).
    @inlinable public var count: Int { rowCount }

    @usableFromInline var rowCount: Int { storage.rowCount }

    /// The number of fields of row `row`.
    public func fieldCount(_ row: Int) -> Int { storage.rowEnds[row + 1] - storage.rowEnds[row] }

    /// Calls `body` with the bytes of field `column` of row `row` (empty for a column the row
    /// does not have). The bytes belong to the batch: they are not to escape `body`.
    @inlinable
    public func withField<R>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(field(row, column))
    }

    /// The bytes of field `column` of row `row`; valid until the batch is refilled (so for
    /// the stages inside the library only: callers outside use ``withField(_:_:_:)``).
    /// Returns an empty buffer for a column the row does not have.
    @inline(__always) @usableFromInline
    func field(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        let first = storage.rowEnds[row]
        let index = first + column
        guard column >= 0, index < storage.rowEnds[row + 1] else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return storage.field(index)
    }

    /// Hints that row `row`'s field offsets will be read soon (see ``NormalisedBatch``).
    @inline(__always)
    func prefetchOffsets(_ row: Int) {
        let first = storage.rowEnds[row]
        specsplit_prefetch_range(
            storage.fieldStarts + first, (storage.rowEnds[row + 1] - first) * MemoryLayout<UInt32>.stride)
    }

    /// Hints that row `row`'s bytes will be read soon; reads its offsets.
    @inline(__always)
    func prefetchBytes(_ row: Int) {
        let start = Int(storage.fieldStarts[storage.rowEnds[row]])
        let end = Int(storage.fieldStarts[storage.rowEnds[row + 1]])
        specsplit_prefetch_range(storage.bytes + start, end - start)
    }

    /// The row's fields as CSV text when none needs quotes (each field followed by a comma,
    /// the last comma left out); nil when some field must be re-encoded. Valid until the
    /// batch is refilled.
    @inline(__always)
    func cleanText(_ row: Int) -> UnsafeRawBufferPointer? {
        guard storage.rowQuoteMask[row] == 0 else { return nil }
        return text(row, from: 0, to: fieldCount(row))
    }

    /// Which fields of row `row` must be quoted when written: bit `i` for field `i`, bit 63
    /// for field 63 and every later one.
    @inline(__always)
    public func quoteMask(_ row: Int) -> UInt64 { storage.rowQuoteMask[row] }

    /// Fields `from ..< to` of row `row` as they are stored: each followed by a comma, the
    /// last comma left out. CSV text as it stands when none of them needs quotes. Valid until
    /// the batch is refilled.
    @inline(__always)
    func text(_ row: Int, from: Int, to: Int) -> UnsafeRawBufferPointer {
        let first = storage.rowEnds[row]
        let start = Int(storage.fieldStarts[first + from])
        let end = Int(storage.fieldStarts[first + to]) - 1
        return UnsafeRawBufferPointer(start: storage.bytes + start, count: end - start)
    }

    /// The physical line (1-based) on which row `row` starts.
    public func line(_ row: Int) -> Int { storage.rowLines[row] &+ lineOffset }

    /// Lines before the part of the file the batch was read from (a block of a file read in
    /// parallel counts its lines from 1; the ordered stage adds the lines before it).
    var lineOffset = 0

    /// Whether row `row` is well formed.
    public func status(_ row: Int) -> RowStatus { storage.rowStatus[row] }

    /// For a malformed row, the 0-based column where the fault was found (-1 if none).
    public func errorColumn(_ row: Int) -> Int { Int(storage.rowErrorColumn[row]) }

    /// For a malformed row, what is wrong with it (for a person and the rejects file) and the
    /// name of the column where it was found (empty when no column applies).
    public func problem(_ row: Int, header: [String]) -> (reason: String, column: String) {
        let index = errorColumn(row)
        let column = index < 0 ? "" : (index < header.count ? header[index] : "#\(index + 1)")
        let fields = fieldCount(row)
        switch status(row) {
        case .ok: return ("ok", column)
        case .tooFewFields: return ("too few fields: \(fields) where the header has \(header.count)", column)
        case .tooManyFields: return ("too many fields: \(fields) where the header has \(header.count) (an unquoted comma?)", column)
        case .strayQuote: return ("stray quote: a quote inside an unquoted field, or text after a closing quote", column)
        case .unterminatedQuote:
            return ("a quote is never closed: everything to the end of the file was read as one field", column)
        }
    }

    /// ``problem(_:header:)`` as one line: the reason, then the column.
    public func problemDescription(_ row: Int, header: [String]) -> String {
        let (reason, column) = problem(row, header: header)
        return column.isEmpty ? reason : "\(reason) (column \(column))"
    }

    /// The fields of row `row` as strings (for messages, explain and tests; not the hot path).
    public func strings(_ row: Int) -> [String] {
        (0..<fieldCount(row)).map { String(decoding: field(row, $0), as: UTF8.self) }
    }

    /// Bytes of field data held by the batch.
    public var byteCount: Int { storage.byteCount }
}
