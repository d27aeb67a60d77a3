import SpecSplit

/// The generator's pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Deterministic on every platform for a given seed (no system entropy, no clock), and
/// fast enough to draw dozens of values per row. Bounded draws use Lemire's
/// multiply-high mapping without rejection: the bias (under 2^-40 for the small ranges
/// used here) does not matter for synthetic data, and it keeps one draw per value.
struct GeneratorRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four words of state from `seed` with SplitMix64.
    init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A value in `0..<n` (`n` > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(truncatingIfNeeded: n)).high)
    }

    /// A value in `low...high`.
    @inline(__always)
    mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }

    /// True with probability `perHundredThousand` / 100,000.
    @inline(__always)
    mutating func chance(_ perHundredThousand: Int) -> Bool { below(100_000) < perHundredThousand }

    /// True with probability `percent` / 100.
    @inline(__always)
    mutating func percent(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    @inline(__always)
    mutating func pick<T>(_ array: [T]) -> T { array[below(array.count)] }
}
