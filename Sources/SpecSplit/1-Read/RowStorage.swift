#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Growable, manually managed buffers for parsed rows: every field's bytes followed by a
/// comma, the start offset of each field, and per row its last field, line number, status
/// and whether any field would need quotes when written out.
///
/// Because each field is stored with a separator after it, a row whose fields need no
/// quotes is already its own CSV text: the writer copies it in one go.
///
/// It is a plain struct of pointers so the libcsv callbacks can fill it through an
/// `UnsafeMutablePointer` with no reference counting and no allocation per field.
/// Growth is geometric, so a batch reused for a whole file stops allocating after the
/// first few batches.
struct RowStorage {
    var bytes: UnsafeMutablePointer<UInt8>
    var byteCount = 0
    var byteCapacity: Int
    /// `fieldStarts[0] == 0`; field `i` spans `fieldStarts[i] ..< fieldStarts[i + 1] - 1`
    /// (the byte before the next start is the separator). 32-bit: a batch's bytes stay far
    /// below 4 GiB (about a megabyte, or one row past it), and at 30-odd fields a row these
    /// offsets would otherwise take more memory than the row's own bytes.
    var fieldStarts: UnsafeMutablePointer<UInt32>
    var fieldCount = 0
    var fieldCapacity: Int
    /// Row `r` holds fields `rowEnds[r] ..< rowEnds[r + 1]`; `rowEnds[0] == 0`.
    var rowEnds: UnsafeMutablePointer<Int>
    var rowLines: UnsafeMutablePointer<Int>
    var rowStatus: UnsafeMutablePointer<RowStatus>
    /// For malformed rows: the 0-based column where the fault was found.
    var rowErrorColumn: UnsafeMutablePointer<Int32>
    /// Which fields of the row must be quoted when written (a comma, quote, CR or LF
    /// inside, a space or tab at either end): bit `i` for field `i`, bit 63 for field 63
    /// and every later one.
    var rowQuoteMask: UnsafeMutablePointer<UInt64>
    var rowCount = 0
    var rowCapacity: Int

    init(bytes: Int = 1 << 20, fields: Int = 1 << 15, rows: Int = 1 << 12) {
        byteCapacity = max(bytes, 64)
        fieldCapacity = max(fields, 16)
        rowCapacity = max(rows, 16)
        self.bytes = .allocate(capacity: byteCapacity)
        fieldStarts = .allocate(capacity: fieldCapacity + 1)
        fieldStarts[0] = 0
        rowEnds = .allocate(capacity: rowCapacity + 1)
        rowEnds[0] = 0
        rowLines = .allocate(capacity: rowCapacity)
        rowStatus = .allocate(capacity: rowCapacity)
        rowErrorColumn = .allocate(capacity: rowCapacity)
        rowQuoteMask = .allocate(capacity: rowCapacity)
    }

    func deallocate() {
        bytes.deallocate()
        fieldStarts.deallocate()
        rowEnds.deallocate()
        rowLines.deallocate()
        rowStatus.deallocate()
        rowErrorColumn.deallocate()
        rowQuoteMask.deallocate()
    }

    /// Field `index` (counting over the whole storage), without its separator.
    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        let start = Int(fieldStarts[index])
        return UnsafeRawBufferPointer(start: bytes + start, count: Int(fieldStarts[index + 1]) - 1 - start)
    }

    /// Fields of the row being built (after the last complete row).
    @inline(__always) var openFieldStart: Int { rowEnds[rowCount] }

    @inline(__always)
    mutating func appendField(_ source: UnsafeRawPointer?, _ length: Int) {
        if byteCount &+ length &+ 1 > byteCapacity { growBytes(minimum: byteCount &+ length &+ 1) }
        if length > 0, let source {
            (bytes + byteCount).update(from: source.assumingMemoryBound(to: UInt8.self), count: length)
        }
        closeField(length)
    }

    /// Appends a field of at most 16 bytes from a source with 16 readable bytes (libcsv's
    /// entry buffer, never smaller than its 64 KiB block): two word copies instead of a
    /// `memcpy` call; the bytes after the field are overwritten by what comes next.
    /// Returns where the field starts.
    @inline(__always)
    mutating func appendShortField(_ source: UnsafeRawPointer, _ length: Int) -> UnsafeMutablePointer<UInt8> {
        if byteCount &+ 17 > byteCapacity { growBytes(minimum: byteCount &+ 17) }
        let start = bytes + byteCount
        let target = UnsafeMutableRawPointer(start)
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        closeField(length)
        return start
    }

    /// Ends a field of `length` bytes just copied to the end: its separator and the next start.
    @inline(__always)
    private mutating func closeField(_ length: Int) {
        byteCount &+= length
        bytes[byteCount] = 0x2C
        byteCount &+= 1
        if fieldCount == fieldCapacity { growFields() }
        fieldCount &+= 1
        fieldStarts[fieldCount] = UInt32(truncatingIfNeeded: byteCount)
    }

    /// Appends bytes to the last field (used to extend a recovered raw record).
    mutating func extendLastField(_ source: UnsafeRawPointer, _ length: Int) {
        guard length > 0 else { return }
        if byteCount + length > byteCapacity { growBytes(minimum: byteCount + length) }
        byteCount -= 1  // the separator moves to after the new bytes
        (bytes + byteCount).update(from: source.assumingMemoryBound(to: UInt8.self), count: length)
        byteCount += length
        bytes[byteCount] = 0x2C
        byteCount += 1
        fieldStarts[fieldCount] = UInt32(byteCount)
    }

    @inline(__always)
    mutating func closeRow(line: Int, status: RowStatus, errorColumn: Int32 = -1, quoteMask: UInt64 = .max) {
        if rowCount == rowCapacity { growRows() }
        rowLines[rowCount] = line
        rowStatus[rowCount] = status
        rowErrorColumn[rowCount] = errorColumn
        rowQuoteMask[rowCount] = quoteMask
        rowCount &+= 1
        rowEnds[rowCount] = fieldCount
    }

    /// Drops the open (incomplete) row's fields.
    mutating func discardOpenRow() {
        fieldCount = openFieldStart
        byteCount = Int(fieldStarts[fieldCount])
    }

    /// Empties the storage, keeping its capacity.
    mutating func removeAll() {
        byteCount = 0
        fieldCount = 0
        rowCount = 0
    }

    /// Moves the open row (fields after the last complete row) to the front and drops
    /// every complete row: what a batch hands over to the next one.
    mutating func keepOnlyOpenRow() {
        let firstField = openFieldStart
        let firstByte = Int(fieldStarts[firstField])
        let openFields = fieldCount - firstField
        let openBytes = byteCount - firstByte
        if openBytes > 0 { bytes.update(from: bytes + firstByte, count: openBytes) }
        if openFields > 0 {
            for i in 0...openFields { fieldStarts[i] = fieldStarts[firstField + i] - UInt32(firstByte) }
        }
        byteCount = openBytes
        fieldCount = openFields
        rowCount = 0
    }

    mutating func growBytes(minimum: Int) {
        var capacity = byteCapacity * 2
        while capacity < minimum { capacity *= 2 }
        // Field offsets are 32-bit; only a single row of over 4 GiB could get here.
        precondition(capacity <= Int(UInt32.max), "a row of more than 4 GiB: field offsets would overflow")
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        fresh.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = fresh
        byteCapacity = capacity
    }

    mutating func growFields() {
        let capacity = fieldCapacity * 2
        let fresh = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity + 1)
        fresh.update(from: fieldStarts, count: fieldCount + 1)
        fieldStarts.deallocate()
        fieldStarts = fresh
        fieldCapacity = capacity
    }

    mutating func growRows() {
        let capacity = rowCapacity * 2
        func grow<T>(_ pointer: inout UnsafeMutablePointer<T>, _ count: Int) {
            let fresh = UnsafeMutablePointer<T>.allocate(capacity: capacity + 1)
            fresh.update(from: pointer, count: count)
            pointer.deallocate()
            pointer = fresh
        }
        grow(&rowEnds, rowCount + 1)
        grow(&rowLines, rowCount)
        grow(&rowStatus, rowCount)
        grow(&rowErrorColumn, rowCount)
        grow(&rowQuoteMask, rowCount)
        rowCapacity = capacity
    }
}
