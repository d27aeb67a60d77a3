import CLibCSV

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
    /// Whether fields of this chunk can hold line breaks (the chunk has a quote, or
    /// began inside a quoted field). Scanning only then keeps quote-free input fast.
    var scanNewlines = true
    /// Fields in the header; 0 until the header row has been read.
    var expectedFields = 0
    /// The header's fields, captured from the first non-blank row.
    var header: [[UInt8]] = []

    @inline(__always)
    mutating func field(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        storage.appendField(data, length)
        crPending = false
        if scanNewlines, length > 0, let data {
            var cursor = UnsafeRawPointer(data)
            var remaining = length
            while remaining > 0, let hit = memchr(cursor, 0x0A, remaining) {
                embedded &+= 1
                line &+= 1
                let skip = UnsafeRawPointer(hit) - cursor + 1
                cursor += skip
                remaining -= skip
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
        if expectedFields == 0 {
            captureHeader(fields: fields)
            return
        }
        if fields == expectedFields {
            storage.closeRow(line: startLine, status: .ok)
        } else if fields < expectedFields {
            storage.closeRow(line: startLine, status: .tooFewFields, errorColumn: Int32(fields))
        } else {
            storage.closeRow(line: startLine, status: .tooManyFields, errorColumn: Int32(expectedFields))
        }
    }

    private mutating func captureHeader(fields: Int) {
        let first = storage.openFieldStart
        header = (0..<fields).map { i in
            let start = storage.fieldEnds[first + i]
            let end = storage.fieldEnds[first + i + 1]
            return Array(UnsafeBufferPointer(start: storage.bytes + start, count: end - start))
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

/// libcsv space test: nothing is a space, so no field is ever trimmed.
let csvNoSpace: @convention(c) (UInt8) -> Int32 = { _ in 0 }
