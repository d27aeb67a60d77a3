/// A short code (ICD-10, OPCS-4, HRG, specialty, practice, postcode, service line...)
/// packed into one integer: up to 8 ASCII bytes, upper-cased, first byte in the
/// highest bits, zero-filled. Comparison of packed codes is the byte order of the
/// codes, and a prefix of `n` bytes is the code masked to its top `n` bytes, so
/// lookups on the hot path are integer hashes and compares, never `String`s.
///
/// `PackedCode.empty` (raw 0) stands for an empty cell.
public struct PackedCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The packed bytes.
    public var raw: UInt64

    /// The empty code: an empty cell.
    public static let empty = PackedCode(raw: 0)

    /// The most bytes a packed code holds.
    public static let capacity = 8

    /// Wraps an already packed value.
    @inlinable public init(raw: UInt64) { self.raw = raw }

    /// Packs `bytes` as they are (no trimming), upper-casing ASCII letters.
    /// Returns nil when there are more than 8 bytes.
    @inlinable
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 8 else { return nil }
        var value: UInt64 = 0
        var shift: UInt64 = 56
        for byte in bytes {
            let upper = (byte >= 0x61 && byte <= 0x7A) ? byte &- 0x20 : byte
            value |= UInt64(upper) &<< shift
            shift &-= 8
        }
        self.raw = value
    }

    /// Packs a string (used at the edges: rule files, tests, reports).
    /// Returns nil when it has more than 8 UTF-8 bytes.
    public init?(_ string: some StringProtocol) {
        var copy = String(string)
        guard let packed = copy.withUTF8({ PackedCode(bytes: UnsafeRawBufferPointer($0)) }) else {
            return nil
        }
        self = packed
    }

    /// True for the empty code.
    @inlinable public var isEmpty: Bool { raw == 0 }

    /// The number of bytes in the code.
    @inlinable @inline(__always) public var length: Int { raw == 0 ? 0 : 8 - raw.trailingZeroBitCount / 8 }

    /// The first `count` bytes of the code.
    @inlinable @inline(__always)
    public func prefix(_ count: Int) -> PackedCode {
        if count >= 8 { return self }
        if count <= 0 { return .empty }
        let mask: UInt64 = ~(UInt64.max >> UInt64(count * 8))
        return PackedCode(raw: raw & mask)
    }

    /// The byte at `index` (0-based), or 0 past the end.
    @inlinable @inline(__always)
    public func byte(at index: Int) -> UInt8 {
        guard index >= 0 && index < 8 else { return 0 }
        return UInt8(truncatingIfNeeded: raw >> UInt64(56 - index * 8))
    }

    /// The code with `byte` appended, or nil when it is full.
    @inlinable
    public func appending(_ byte: UInt8) -> PackedCode? {
        let n = length
        guard n < 8 else { return nil }
        return PackedCode(raw: raw | (UInt64(byte) << UInt64(56 - n * 8)))
    }

    /// Calls `body` with the code's bytes (those of ``description``: up to the first zero byte).
    func withText<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let bigEndian = raw.bigEndian
        return try withUnsafeBytes(of: bigEndian) { all in
            var count = 0
            while count < 8 && all[count] != 0 { count += 1 }
            return try body(UnsafeRawBufferPointer(rebasing: all[..<count]))
        }
    }

    /// The code as text.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        for i in 0..<8 {
            let b = byte(at: i)
            if b == 0 { break }
            bytes.append(b)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Byte order of the codes.
    @inlinable
    public static func < (lhs: PackedCode, rhs: PackedCode) -> Bool { lhs.raw < rhs.raw }
}
