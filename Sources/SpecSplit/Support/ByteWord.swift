/// Tests on eight bytes at once: a word loaded from a byte buffer (the first byte lowest on
/// this little-endian target), with a mask of 0xFF for each byte that counts. The reader,
/// the normaliser and the CSV writer look for the few bytes that matter to them this way.
@usableFromInline
enum ByteWord {
    /// `byte` in every byte of a word.
    @inlinable @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// True when some byte of `word` under `mask` is below `limit` (at most 0x80). Never
    /// misses one; may also answer true for a byte just above a true one (a borrow), so a
    /// caller looks closer before it acts.
    @inlinable @inline(__always)
    static func hasByte(below limit: UInt8, _ word: UInt64, _ mask: UInt64 = .max) -> Bool {
        ((word & mask) &- repeated(limit)) & ~word & 0x8080_8080_8080_8080 & mask != 0
    }

    /// 0x80 in each byte of `word` that equals `byte`, and 0 elsewhere: exact, as no carry
    /// crosses from one byte into the next.
    @inlinable @inline(__always)
    static func matches(_ byte: UInt8, _ word: UInt64) -> UInt64 {
        let x = word ^ repeated(byte)
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
    }
}
