/// A read-only open-addressing hash table from a non-zero `UInt64` key (a packed code)
/// to a run of `Int32` values (list or rule indexes), built once when a rule set is
/// compiled.
///
/// Swift's `Dictionary` hashes with SipHash, which costs more than the rest of a lookup
/// on the classify path; this table multiplies the key by a 64-bit odd constant
/// (Fibonacci hashing), probes linearly in a power-of-two slot array at most half full,
/// and keeps all values in one flat array, so a lookup is a few integer operations and
/// never allocates.
///
/// The table owns its memory; the classify path reads it through a ``View``, a plain
/// struct of pointers that copies without reference counting. A view is valid while its
/// table is alive (``CompiledRuleSet`` keeps every table it reads).
struct CodeTable: Sendable {
    /// The slots and values, allocated once and freed with the last copy of the table.
    private final class Storage: @unchecked Sendable {
        let keys: UnsafeMutableBufferPointer<UInt64>
        let starts: UnsafeMutableBufferPointer<Int32>
        let counts: UnsafeMutableBufferPointer<Int32>
        let values: UnsafeMutableBufferPointer<Int32>

        init(slots: Int, values: Int) {
            keys = .allocate(capacity: slots)
            keys.initialize(repeating: 0)
            starts = .allocate(capacity: slots)
            starts.initialize(repeating: 0)
            counts = .allocate(capacity: slots)
            counts.initialize(repeating: 0)
            self.values = .allocate(capacity: max(values, 1))
            self.values.initialize(repeating: 0)
        }

        deinit {
            keys.deallocate()
            starts.deallocate()
            counts.deallocate()
            values.deallocate()
        }
    }

    /// The table read through pointers: trivially copyable, never retains.
    struct View: @unchecked Sendable {
        fileprivate let keys: UnsafePointer<UInt64>
        fileprivate let starts: UnsafePointer<Int32>
        fileprivate let counts: UnsafePointer<Int32>
        fileprivate let values: UnsafePointer<Int32>
        fileprivate let shift: UInt64
        fileprivate let mask: Int
        /// The number of keys.
        let count: Int

        /// The positions (for ``value(at:)``) of the values stored for `key`; empty when absent.
        @inline(__always)
        func lookup(_ key: UInt64) -> Range<Int> {
            if key == 0 || count == 0 { return 0..<0 }
            var slot = fibonacciHash(key, shift: shift)
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

        /// The value at `position` (from ``lookup(_:)``).
        @inline(__always)
        func value(at position: Int) -> Int32 { values[position] }

        /// The first value stored for `key`, if any.
        @inline(__always)
        func first(_ key: UInt64) -> Int32? {
            let range = lookup(key)
            return range.isEmpty ? nil : values[range.lowerBound]
        }
    }

    private let storage: Storage
    /// The table's view, for the classify path.
    let view: View

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
        let mask = slots - 1
        let shift = UInt64(64 - slots.trailingZeroBitCount)
        let storage = Storage(slots: slots, values: grouped.values.reduce(0) { $0 + $1.count })
        var next = 0
        for key in order {
            var slot = fibonacciHash(key, shift: shift)
            while storage.keys[slot] != 0 { slot = (slot &+ 1) & mask }
            let run = grouped[key]!
            storage.keys[slot] = key
            storage.starts[slot] = Int32(next)
            storage.counts[slot] = Int32(run.count)
            for value in run {
                storage.values[next] = value
                next += 1
            }
        }
        self.storage = storage
        self.view = View(
            keys: UnsafePointer(storage.keys.baseAddress!), starts: UnsafePointer(storage.starts.baseAddress!),
            counts: UnsafePointer(storage.counts.baseAddress!), values: UnsafePointer(storage.values.baseAddress!),
            shift: shift, mask: mask, count: order.count)
    }

    /// An empty table.
    init() { self.init([]) }

    /// The number of keys in the table.
    var count: Int { view.count }

    /// The positions of the values stored for `key`; empty when absent.
    func lookup(_ key: UInt64) -> Range<Int> { view.lookup(key) }

    /// The value at `position` (from ``lookup(_:)``).
    func value(at position: Int) -> Int32 { view.value(at: position) }

    /// The first value stored for `key`, if any.
    func first(_ key: UInt64) -> Int32? { view.first(key) }
}

/// Fibonacci hashing of a packed code: the key times a 64-bit odd constant, its top
/// `64 - shift` bits taken as a slot (or bit) in a power-of-two table. ``CodeTable`` and
/// ``StemFilter`` both index by it.
@inline(__always)
func fibonacciHash(_ key: UInt64, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
}
