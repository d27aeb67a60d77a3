/// A read-only open-addressing hash table from a non-zero `UInt64` key (a packed code)
/// to a run of `Int32` values (list or rule indexes), built once when a rule set is
/// compiled.
///
/// Swift's `Dictionary` hashes with SipHash, which costs more than the rest of a lookup
/// on the classify path; this table multiplies the key by a 64-bit odd constant
/// (Fibonacci hashing), probes linearly in a power-of-two slot array at most half full,
/// and keeps all values in one flat array, so a lookup is a few integer operations and
/// never allocates.
struct CodeTable: Sendable {
    /// Slot keys; 0 marks an empty slot.
    private var keys: [UInt64]
    /// For each slot, the start of its values in `values`.
    private var starts: [Int32]
    /// For each slot, the number of its values.
    private var counts: [Int32]
    /// Every slot's values, one run per key.
    private(set) var values: [Int32]
    /// `64 - log2(slot count)`.
    private let shift: UInt64
    /// `slot count - 1`.
    private let mask: Int

    /// The number of keys in the table.
    let count: Int

    /// Builds a table from keys and their values. Keys must be non-zero; a key given
    /// more than once has its values appended in the order given, without duplicates.
    init(_ entries: [(key: UInt64, value: Int32)]) {
        var grouped: [UInt64: [Int32]] = [:]
        var order: [UInt64] = []
        for (key, value) in entries {
            precondition(key != 0, "CodeTable keys must be non-zero")
            if grouped[key] == nil { order.append(key) }
            if grouped[key, default: []].contains(value) { continue }
            grouped[key, default: []].append(value)
        }
        var slots = 8
        while slots < order.count * 2 { slots <<= 1 }
        self.mask = slots - 1
        self.shift = UInt64(64 - slots.trailingZeroBitCount)
        self.count = order.count
        var keys = [UInt64](repeating: 0, count: slots)
        var starts = [Int32](repeating: 0, count: slots)
        var counts = [Int32](repeating: 0, count: slots)
        var values: [Int32] = []
        values.reserveCapacity(entries.count)
        for key in order {
            var slot = CodeTable.hash(key, shift: shift)
            while keys[slot] != 0 { slot = (slot &+ 1) & mask }
            let run = grouped[key]!
            keys[slot] = key
            starts[slot] = Int32(values.count)
            counts[slot] = Int32(run.count)
            values.append(contentsOf: run)
        }
        self.keys = keys
        self.starts = starts
        self.counts = counts
        self.values = values
    }

    /// An empty table.
    init() { self.init([]) }

    @inline(__always)
    private static func hash(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The range in ``values`` of the values stored for `key`; empty when absent.
    @inline(__always)
    func lookup(_ key: UInt64) -> Range<Int> {
        if key == 0 || count == 0 { return 0..<0 }
        var slot = CodeTable.hash(key, shift: shift)
        while true {
            let found = keys[slot]
            if found == key {
                let start = Int(starts[slot])
                return start..<(start + Int(counts[slot]))
            }
            if found == 0 { return 0..<0 }
            slot = (slot &+ 1) & mask
        }
    }

    /// True when `key` is in the table.
    @inline(__always)
    func contains(_ key: UInt64) -> Bool { !lookup(key).isEmpty }
}
