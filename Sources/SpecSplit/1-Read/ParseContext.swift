import CLibCSV
import CSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the libcsv callbacks write into: the storage being filled and the line count.
///
/// It lives behind an `UnsafeMutablePointer` handed to `csv_parse` as the callback
/// context, so the callbacks are non-capturing `@convention(c)` functions that touch no
/// reference counts.
struct ParseContext {
    var storage: RowStorage
    /// The physical line the parser is on (1-based).
    var line = 1
    /// Line breaks seen inside quoted fields of the open row.
    var embedded = 0
    /// The last row ended with a CR: a following empty LF row is the rest of a CRLF.
    var crPending = false
    /// Which fields of the open row must be quoted when written out (see `RowStorage.rowQuoteMask`).
    var openRowQuoteMask: UInt64 = 0
    /// Set while scanning a field that must be quoted.
    var fieldNeedsQuotes = false
    /// Fields in the header; 0 until the header row has been read.
    var expectedFields = 0
    /// The header's fields, captured from the first non-blank row.
    var header: [[UInt8]] = []

    @inline(__always)
    mutating func field(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        crPending = false
        guard length > 0, let data else {
            storage.appendField(nil, 0)
            return
        }
        fieldNeedsQuotes = false
        if length <= 16 {
            scanShort(storage.appendShortField(data, length), length)
        } else {
            storage.appendField(data, length)
            scan(UnsafeRawPointer(data), length)
        }
        if fieldNeedsQuotes {
            openRowQuoteMask |= 1 << UInt64(min(storage.fieldCount &- storage.openFieldStart &- 1, 63))
        }
    }

    /// ``scan(_:_:)`` for a field of at most 16 bytes copied with 16 readable bytes: two
    /// masked words, looked into byte by byte only when one holds a byte below 0x2D.
    @inline(__always)
    private mutating func scanShort(_ data: UnsafeMutablePointer<UInt8>, _ length: Int) {
        noteEdges(data[0], data[length &- 1])
        let raw = UnsafeRawPointer(data)
        let low = raw.loadUnaligned(as: UInt64.self)
        let high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        // Bytes past the field are masked to zero; a zero byte only borrows upwards, into
        // bytes that are masked too, so the test is exact for the field's own bytes.
        let lowMask: UInt64 = length >= 8 ? .max : (1 &<< UInt64(length &* 8)) &- 1
        let highMask: UInt64 = length >= 16 ? .max : length <= 8 ? 0 : (1 &<< UInt64((length &- 8) &* 8)) &- 1
        if ByteWord.hasByte(below: 0x2D, low, lowMask) || ByteWord.hasByte(below: 0x2D, high, highMask) {
            lookWord(low, lowMask)
            lookWord(high, highMask)
        }
    }

    /// A space or tab at either end must be quoted (readers that trim would lose it).
    @inline(__always)
    private mutating func noteEdges(_ first: UInt8, _ last: UInt8) {
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { fieldNeedsQuotes = true }
    }

    /// One pass over a field just parsed: notes whether it must be quoted when written
    /// (a comma, quote, CR or LF inside, a space or tab at either end) and counts the line
    /// breaks inside it, so line numbers stay physical. Eight bytes at a time: the bytes
    /// that matter are all below 0x2D, and only words holding such a byte are looked into,
    /// a word at a time too (text with spaces has one in most words; a loop over the bytes
    /// there mispredicted its branches). `length` is over 16 (shorter: ``scanShort(_:_:)``).
    @inline(__always)
    private mutating func scan(_ data: UnsafeRawPointer, _ length: Int) {
        noteEdges(data.load(as: UInt8.self), data.load(fromByteOffset: length - 1, as: UInt8.self))
        var index = 0
        while index + 8 <= length {
            let word = data.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if ByteWord.hasByte(below: 0x2D, word) { lookWord(word, .max) }
            index += 8
        }
        if index < length {
            // The last eight bytes, less those already looked at (the first in memory are
            // the low bytes of the little-endian word).
            let seen = index &- (length &- 8)
            lookWord(data.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self), UInt64.max &<< UInt64(seen &* 8))
        }
    }

    /// Looks at the bytes of `word` under `mask` (0xFF per byte that counts): a comma, quote
    /// or CR makes the field need quotes; so does an LF, which is also a line break.
    @inline(__always)
    private mutating func lookWord(_ word: UInt64, _ mask: UInt64) {
        let lineFeeds = ByteWord.matches(0x0A, word) & mask
        let others = (ByteWord.matches(0x2C, word) | ByteWord.matches(0x22, word) | ByteWord.matches(0x0D, word)) & mask
        if lineFeeds | others != 0 {
            fieldNeedsQuotes = true
            if lineFeeds != 0 {
                let count = lineFeeds.nonzeroBitCount
                embedded &+= count
                line &+= count
            }
        }
    }

    @inline(__always)
    mutating func endRow(_ terminator: Int32) {
        let fields = storage.fieldCount &- storage.openFieldStart
        if fields == 0 {  // a blank line, or the LF of a CRLF
            if terminator == 0x0A {
                if crPending { crPending = false } else { line &+= 1 }
            } else if terminator == 0x0D {
                line &+= 1
                crPending = true
            }
            return
        }
        let startLine = line &- embedded
        embedded = 0
        if terminator == 0x0D {
            line &+= 1
            crPending = true
        } else if terminator == 0x0A {
            line &+= 1
        }
        let quoteMask = openRowQuoteMask
        openRowQuoteMask = 0
        if expectedFields == 0 {
            captureHeader(fields: fields)
            return
        }
        if fields == expectedFields {
            storage.closeRow(line: startLine, status: .ok, quoteMask: quoteMask)
        } else if fields < expectedFields {
            storage.closeRow(line: startLine, status: .tooFewFields, errorColumn: Int32(fields))
        } else {
            storage.closeRow(line: startLine, status: .tooManyFields, errorColumn: Int32(expectedFields))
        }
    }

    private mutating func captureHeader(fields: Int) {
        let first = storage.openFieldStart
        header = (0..<fields).map { i in
            Array(storage.field(first + i))
        }
        expectedFields = fields
        storage.discardOpenRow()
    }
}

/// libcsv field callback: appends the field to the context's storage.
let csvFieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = {
    data, length, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: ParseContext.self).pointee.field(data, length)
}

/// libcsv row callback: closes the row (or counts a blank line).
let csvRowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
    context.unsafelyUnwrapped.assumingMemoryBound(to: ParseContext.self).pointee.endRow(terminator)
}

/// libcsv space test: nothing is a space, so no field is ever trimmed (a C function:
/// libcsv calls it for nearly every byte, and a Swift thunk costs twice as much).
let csvNoSpace: @convention(c) (UInt8) -> Int32 = specsplit_no_space
