/// Exact totals (rows, activity, value) by a key of four words, for the tallies a
/// comparison keeps per row: movements by service line and HRG, and by deciding rule.
///
/// Built like ``SummaryTable``, for the same reasons: every classified row adds to a line,
/// and lines can number hundreds of thousands, so lines are flat (key in four words, rows,
/// 64-bit amounts: 56 bytes), kept in pages that never move, found through an
/// open-addressing index of 32-bit slots hashed with ``KeyHash``. No allocation per row:
/// the table grows with its lines, not with the rows added. An amount that would overflow
/// its 64 bits spills, exactly, into 128-bit totals kept aside.
struct MovementTable: Sendable {
    /// A line's key: four words whose meaning the table's user gives them.
    struct Key: Hashable, Sendable {
        var a: UInt64
        var b: UInt64
        var c: UInt64
        var d: UInt64
    }

    private struct Line {
        var key: Key
        var rows: Int
        var activityMicros: Int64
        var valueMicros: Int64
    }

    private var pages: [[Line]] = []
    private var spilled: [Int: (activity: Int128, value: Int128)] = [:]
    private var lineCount = 0
    private static let pageShift = 15
    private static let pageSize = 1 << pageShift
    /// A line's index plus one, 0 for a free slot; a power of two, at most 3/4 full.
    private var slots = [UInt32](repeating: 0, count: 1024)

    /// An empty table.
    init() {}

    /// The number of lines.
    var count: Int { lineCount }

    @inline(__always)
    private static func hash(_ key: Key) -> Int {
        KeyHash.mix(UInt64(truncatingIfNeeded: KeyHash.mix(key.a, key.b, key.c)), key.d, 0x2545_F491_4F6C_DD1D)
    }

    /// Adds one row of `activity` and `value` to the line `key`.
    @inline(__always)
    mutating func add(_ key: Key, activity: Amount, value: Amount) {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            let page = index >> Self.pageShift
            let offset = index & (Self.pageSize - 1)
            if pages[page][offset].key == key {
                pages[page][offset].rows &+= 1
                let (newActivity, activityOverflow) = pages[page][offset].activityMicros.addingReportingOverflow(
                    activity.micros)
                let (newValue, valueOverflow) = pages[page][offset].valueMicros.addingReportingOverflow(value.micros)
                if activityOverflow || valueOverflow {
                    spill(index, activity: activity, value: value)
                } else {
                    pages[page][offset].activityMicros = newActivity
                    pages[page][offset].valueMicros = newValue
                }
                return
            }
            slot = (slot &+ 1) & mask
        }
        insert(Line(key: key, rows: 1, activityMicros: activity.micros, valueMicros: value.micros), at: slot)
    }

    /// Moves line `index`'s amounts, plus those being added, to `spilled`.
    @inline(never)
    private mutating func spill(_ index: Int, activity: Amount, value: Amount) {
        let page = index >> Self.pageShift
        let offset = index & (Self.pageSize - 1)
        var moved = spilled[index] ?? (0, 0)
        moved.activity += Int128(pages[page][offset].activityMicros) + Int128(activity.micros)
        moved.value += Int128(pages[page][offset].valueMicros) + Int128(value.micros)
        spilled[index] = moved
        pages[page][offset].activityMicros = 0
        pages[page][offset].valueMicros = 0
    }

    @inline(never)
    private mutating func insert(_ line: Line, at slot: Int) {
        precondition(lineCount < Int(UInt32.max - 1), "the table has more lines than it can index")
        if lineCount == pages.count << Self.pageShift {
            pages.append([])
            pages[pages.count - 1].reserveCapacity(Self.pageSize)
        }
        pages[pages.count - 1].append(line)
        lineCount += 1
        slots[slot] = UInt32(lineCount)
        guard lineCount * 4 > slots.count * 3 else { return }
        var bigger = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        var index = 0
        for page in pages {
            for line in page {
                var free = Self.hash(line.key) & mask
                while bigger[free] != 0 { free = (free &+ 1) & mask }
                index += 1
                bigger[free] = UInt32(index)
            }
        }
        slots = bigger
    }

    /// Line `index`'s key (lines are numbered in order of first sight).
    func key(_ index: Int) -> Key { pages[index >> Self.pageShift][index & (Self.pageSize - 1)].key }

    /// Line `index`'s totals: its own amounts and any spilled.
    func totals(_ index: Int) -> Totals {
        let line = pages[index >> Self.pageShift][index & (Self.pageSize - 1)]
        let moved = spilled[index] ?? (0, 0)
        var totals = Totals()
        totals.rows = line.rows
        totals.activityMicros = Int128(line.activityMicros) + moved.activity
        totals.valueMicros = Int128(line.valueMicros) + moved.value
        return totals
    }

    /// The totals of the line `key`, if a row was added to it.
    func totals(_ key: Key) -> Totals? {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if self.key(index) == key { return totals(index) }
            slot = (slot &+ 1) & mask
        }
        return nil
    }
}
