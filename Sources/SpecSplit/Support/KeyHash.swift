/// A cheap hash of a key of three words (packed codes and indices) for the flat
/// open-addressing tables on the per-row path (contracts, summary lines), where Swift's
/// `Dictionary` would run SipHash on every row: multiply, fold the high bits down, repeat
/// per word. Packed codes fill their high bytes first, so the folding matters.
enum KeyHash {
    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 32) ^ b) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 29) ^ c) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }
}
