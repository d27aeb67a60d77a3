import SpecSplit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV row being built as bytes: codes, integers, money and dates are written
/// straight into a reusable buffer, with no `String` and no allocation per field.
///
/// The caller writes the separators (`comma()`), and quotes a field itself when it can
/// hold a comma (``beginQuotable()`` / ``endQuotable(from:)``). The buffer is owned by the
/// caller: create one with ``init(capacity:)`` and free it with ``deallocate()``.
struct RowBuffer {
    /// The row's bytes.
    let start: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    var count = 0
    /// Bytes available (a row must stay 8 bytes short of it: codes are stored 8 at a time).
    let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        start = .allocate(capacity: capacity)
    }

    func deallocate() { start.deallocate() }

    /// The row so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// Starts a new row.
    @inline(__always) mutating func reset() { count = 0 }

    /// Appends one byte.
    @inline(__always)
    mutating func byte(_ value: UInt8) {
        start[count] = value
        count &+= 1
    }

    /// Appends a field separator.
    @inline(__always) mutating func comma() { byte(0x2C) }

    /// Appends a packed code.
    @inline(__always)
    mutating func put(_ code: ShortCode) {
        UnsafeMutableRawPointer(start + count).storeBytes(of: code.raw.littleEndian, as: UInt64.self)
        count &+= code.count
    }

    /// Appends a code then a separator.
    @inline(__always)
    mutating func field(_ code: ShortCode) {
        put(code)
        comma()
    }

    /// Appends `length` bytes from `source`.
    @inline(__always)
    mutating func copy(_ source: UnsafePointer<UInt8>, _ length: Int) {
        (start + count).update(from: source, count: length)
        count &+= length
    }

    /// Appends text (headers: not for the hot loop).
    mutating func text(_ value: String) {
        for byte in value.utf8 { self.byte(byte) }
    }

    /// Appends a non-negative integer in decimal.
    @inline(__always)
    mutating func int(_ value: Int) {
        if value < 0 {
            byte(0x2D)
            unsigned(UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    /// Appends an unsigned integer in decimal.
    @inline(__always)
    mutating func unsigned(_ value: UInt64) {
        if value < 10 {
            byte(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        var digits = 0
        var probe = value
        while probe > 0 {
            digits &+= 1
            probe /= 10
        }
        var v = value
        var index = count &+ digits &- 1
        while index >= count {
            start[index] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            index &-= 1
        }
        count &+= digits
    }

    /// Appends `value` zero-padded to `width` digits.
    @inline(__always)
    mutating func padded(_ value: UInt64, width: Int) {
        var v = value
        var index = count &+ width &- 1
        while index >= count {
            start[index] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            index &-= 1
        }
        count &+= width
    }

    /// Appends an amount of pence as pounds with two decimals (`-12.05`, `0.00`).
    @inline(__always)
    mutating func money(_ pence: Int64) {
        if pence < 0 { byte(0x2D) }
        let magnitude = pence.magnitude
        unsigned(magnitude / 100)
        byte(0x2E)
        padded(magnitude % 100, width: 2)
    }

    /// Appends a factor held in ten-thousandths with four decimals (`1.0234`).
    @inline(__always)
    mutating func factor(_ tenThousandths: Int) {
        unsigned(UInt64(tenThousandths / 10_000))
        byte(0x2E)
        padded(UInt64(tenThousandths % 10_000), width: 4)
    }

    /// Marks the start of a field that may need quotes; pass the result to ``endQuotable(from:)``.
    @inline(__always) func beginQuotable() -> Int { count }

    /// Quotes the field written since `from` when it holds a comma (no field written
    /// this way ever holds a quote, CR or LF).
    @inline(__always)
    mutating func endQuotable(from: Int) {
        let length = count &- from
        guard length > 0, memchr(start + from, 0x2C, length) != nil else { return }
        memmove(start + from + 1, start + from, length)
        start[from] = 0x22
        count &+= 1
        byte(0x22)
    }
}
