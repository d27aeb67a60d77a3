import SpecSplit

/// A code of at most 8 ASCII bytes packed into one integer, so the generator copies it
/// into a row with a single 8-byte store.
///
/// Byte `i` of the code sits in bits `8i ..< 8i + 8` (little-endian order in memory).
struct ShortCode: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The bytes, little-endian.
    let raw: UInt64
    /// How many bytes of `raw` are the code.
    let count: Int

    /// Packs `text` (ASCII, at most 8 bytes).
    init(_ text: String) {
        let bytes = Array(text.utf8)
        precondition(bytes.count <= 8, "ShortCode longer than 8 bytes: \(text)")
        var raw: UInt64 = 0
        for (index, byte) in bytes.enumerated() { raw |= UInt64(byte) << UInt64(8 * index) }
        self.raw = raw
        count = bytes.count
    }

    typealias StringLiteralType = StaticString
    typealias ExtendedGraphemeClusterLiteralType = StaticString
    typealias UnicodeScalarLiteralType = StaticString

    /// Packs a literal without allocating (literals are used in the hot loop).
    @inline(__always)
    init(stringLiteral value: StaticString) {
        precondition(value.utf8CodeUnitCount <= 8, "ShortCode longer than 8 bytes")
        var raw: UInt64 = 0
        let start = value.utf8Start
        for index in 0..<value.utf8CodeUnitCount { raw |= UInt64(start[index]) << UInt64(8 * index) }
        self.raw = raw
        count = value.utf8CodeUnitCount
    }

    /// Wraps bytes already packed.
    @inline(__always)
    init(raw: UInt64, count: Int) {
        self.raw = raw
        self.count = count
    }

    /// The empty code.
    static let empty = ShortCode("")

    /// The code as text (tests and messages).
    var description: String {
        String(decoding: (0..<count).map { UInt8(truncatingIfNeeded: raw >> UInt64(8 * $0)) }, as: UTF8.self)
    }

    /// A well-mixed 64-bit hash of the code, stable across runs (prices per HRG and the like).
    var stableHash: UInt64 {
        var z = raw &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(count + 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
