/// A bit set that tells, with one probe, that a code can match none of a field's exact
/// codes and prefixes, so classifying skips the field's table lookups (one exact probe
/// and one per prefix length) for the many codes no rule names.
///
/// The stem of a code is its first `stemLength` bytes, where `stemLength` is the length of
/// the field's shortest exact code or prefix. A code that equals an exact code has that
/// code's stem; a code that a prefix matches is at least as long as the prefix and has
/// the prefix's stem; a code shorter than `stemLength` matches nothing. So a code whose
/// stem's bit is clear matches nothing. A set bit only says "look": another stem may share
/// the bit, and the lookups then decide as before. The answer is therefore never wrong,
/// only sometimes not a shortcut.
struct StemFilter: Sendable {
    private final class Storage: @unchecked Sendable {
        let words: UnsafeMutableBufferPointer<UInt64>

        init(words count: Int) {
            words = .allocate(capacity: count)
            words.initialize(repeating: 0)
        }

        deinit { words.deallocate() }
    }

    /// The filter read through a pointer: trivially copyable, never retains.
    struct View: @unchecked Sendable {
        fileprivate let words: UnsafePointer<UInt64>
        fileprivate let shift: UInt64
        /// Bytes of a code that make its stem (1...8); 0 when the field has no codes.
        let stemLength: Int

        /// False when `code` can match none of the field's codes; true when it may.
        @inline(__always)
        func mayMatch(_ code: PackedCode) -> Bool {
            if stemLength == 0 || code.length < stemLength { return false }
            let bit = fibonacciHash(code.prefix(stemLength).raw, shift: shift)
            return words[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0
        }
    }

    private let storage: Storage
    /// The filter's view, for the classify path.
    let view: View

    /// The filter for a field's exact codes and prefixes (packed raw, prefixes without `%`).
    /// At least 16 bits per distinct stem, so that few codes are looked up in vain; at most
    /// 2^20 bits (128 KiB).
    init(exact: [UInt64], prefixes: [UInt64]) {
        let keys = (exact + prefixes).map(PackedCode.init(raw:))
        let stemLength = keys.map(\.length).min() ?? 0
        let stems = Set(keys.map { $0.prefix(stemLength).raw })
        var bits = 512
        while bits < stems.count * 16 && bits < 1 << 20 { bits <<= 1 }
        let shift = UInt64(64 - bits.trailingZeroBitCount)
        let storage = Storage(words: bits / 64)
        for stem in stems {
            let bit = fibonacciHash(stem, shift: shift)
            storage.words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.storage = storage
        self.view = View(words: UnsafePointer(storage.words.baseAddress!), shift: shift, stemLength: stemLength)
    }
}
