/// The first rows of a list that may be long (rejected rows, migrating rows, changed rows),
/// with how many there are in all: a page lists the first and links to the whole file.
struct RowSample {
    /// The most rows kept for a page.
    static let limit = 200

    /// The rows kept, in file order.
    private(set) var rows: [[String]] = []
    /// How many rows there are in all.
    private(set) var count = 0

    /// Counts a row, keeping it while there is room.
    mutating func add(_ row: @autoclosure () -> [String]) {
        if rows.count < Self.limit { rows.append(row()) }
        count += 1
    }

    /// True when rows were left out.
    var isTruncated: Bool { count > rows.count }
}

/// Rows, activity and value summed exactly, under a key (a service line, an HRG, a
/// service group, a pair of categories).
struct KeyedTotals {
    /// The key's parts, as shown.
    var key: [String]
    /// The sums.
    var totals: Totals

    /// Largest value first; ties by key, so the order is the same on every run.
    static func byValue(_ a: KeyedTotals, _ b: KeyedTotals) -> Bool {
        a.totals.valueMicros != b.totals.valueMicros
            ? a.totals.valueMicros > b.totals.valueMicros : a.key.lexicographicallyPrecedes(b.key)
    }

    /// Largest value either way first (a movement out of a category counts as much as one
    /// into it); ties by key.
    static func byMagnitude(_ a: KeyedTotals, _ b: KeyedTotals) -> Bool {
        let (x, y) = (a.totals.valueMicros.magnitude, b.totals.valueMicros.magnitude)
        return x != y ? x > y : a.key.lexicographicallyPrecedes(b.key)
    }
}

/// Sums of rows, activity and value by key, in the order keys were first seen.
struct TotalsByKey {
    private var index: [[String]: Int] = [:]
    /// The sums, in order of first sight.
    private(set) var entries: [KeyedTotals] = []

    /// Adds a line's figures under `key`.
    mutating func add(_ key: [String], rows: Int, activity: Int128, value: Int128) {
        let position: Int
        if let found = index[key] {
            position = found
        } else {
            position = entries.count
            index[key] = position
            entries.append(KeyedTotals(key: key, totals: Totals()))
        }
        entries[position].totals.rows += rows
        entries[position].totals.activityMicros += activity
        entries[position].totals.valueMicros += value
    }

    /// The `limit` entries of largest value (all when nil), largest first.
    func top(_ limit: Int?, by order: (KeyedTotals, KeyedTotals) -> Bool = KeyedTotals.byValue) -> [KeyedTotals] {
        let sorted = entries.sorted(by: order)
        return limit.map { Array(sorted.prefix($0)) } ?? sorted
    }
}
