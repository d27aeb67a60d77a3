/// FNV-1a over bytes, 64 bits: the one byte hash of the codebase. It is the same on every
/// run and platform (Swift's `Hasher` is seeded per process), which matters where a hash is
/// stored: long points of delivery are packed as their hash, in the rule set and in the row
/// alike. It also keys spell ids, contract columns and quality findings.
@usableFromInline
enum FNV1a {
    /// The starting value.
    @usableFromInline static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// `hash` with one more byte.
    @inlinable @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* prime }

    /// The hash of `bytes`.
    @inlinable
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = offsetBasis
        for byte in bytes { hash = step(hash, byte) }
        return hash
    }
}
