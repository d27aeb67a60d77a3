#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 4180 encoding of one field: quoted only when it must be.
///
/// A field is quoted when it holds a comma, a quote, a CR or an LF, or starts or ends
/// with a space or a tab (which many readers would trim); quotes inside are doubled.
/// Everything else is written byte for byte, so a file read and written back keeps
/// every field value identical.
public enum CSVEncoding {
    /// True when `field` must be quoted.
    ///
    /// The bytes that force quotes (`,` `"` CR LF) are all below 0x2D, so the scan tests 8
    /// bytes at a time for any byte below 0x2D and looks closer only at such words.
    @inlinable
    public static func needsQuotes(_ field: UnsafeRawBufferPointer) -> Bool {
        let count = field.count
        guard count > 0, let base = field.baseAddress else { return false }
        let first = base.load(as: UInt8.self)
        let last = base.load(fromByteOffset: count - 1, as: UInt8.self)
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        var index = 0
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if ByteWord.hasByte(below: 0x2D, word) {
                for offset in 0..<8 where isSpecial(base.load(fromByteOffset: index + offset, as: UInt8.self)) { return true }
            }
            index += 8
        }
        while index < count {
            if isSpecial(base.load(fromByteOffset: index, as: UInt8.self)) { return true }
            index += 1
        }
        return false
    }

    @inlinable @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte <= 0x2C && (byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D)
    }

    /// Writes `field` quoted (quotes doubled) at `destination`, which must have room for
    /// `field.count * 2 + 2` bytes; returns the number of bytes written. Internal: its
    /// callers (``RowEncoder``, ``CSVWriter``) size their buffers for it.
    /// The runs between quotes are copied whole (most quoted fields hold a comma and no quote).
    @inline(__always)
    static func writeQuoted(_ field: UnsafeRawBufferPointer, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        destination[0] = 0x22
        var count = 1
        if let base = field.baseAddress {
            let source = base.assumingMemoryBound(to: UInt8.self)
            var start = 0
            while start < field.count {
                let rest = field.count &- start
                guard let quote = memchr(source + start, 0x22, rest) else {
                    (destination + count).update(from: source + start, count: rest)
                    count &+= rest
                    break
                }
                // Up to and including the quote, then the quote again.
                let run = source.distance(to: quote.assumingMemoryBound(to: UInt8.self)) &- start &+ 1
                (destination + count).update(from: source + start, count: run)
                count &+= run
                destination[count] = 0x22
                count &+= 1
                start &+= run
            }
        }
        destination[count] = 0x22
        return count + 1
    }

    /// Appends `field`, quoted if needed, to `out`.
    public static func append(field: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        guard needsQuotes(field) else {
            out.append(contentsOf: field)
            return
        }
        out.append(0x22)
        for byte in field {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// Appends `fields`, each quoted if needed, separated by commas (no line end), to `out`.
    public static func append(fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            var copy = field
            copy.withUTF8 { append(field: UnsafeRawBufferPointer($0), to: &out) }
        }
    }

    /// Encodes a row of strings as one CSV line, ending in LF.
    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        append(fields: fields, to: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}
