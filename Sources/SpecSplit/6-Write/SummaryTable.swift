/// The "by service, HRG, value and provider" view contract teams read: per contract,
/// category, service and HRG, the rows, activity and value written.
///
/// The service is the service line for specialised rows and the service group otherwise
/// (prison and military activity has no national service code). Rows are keyed by
/// integers on the hot path; names are looked up only when the file is written.
public struct SummaryTable: Sendable {
    /// A summary line's key.
    public struct Key: Hashable, Sendable {
        /// Contract index.
        public var contract: Int32
        /// Category index.
        public var category: Int32
        /// The service: a packed service line, or a service group index with the top bit set.
        public var service: UInt64
        /// The HRG (packed).
        public var hrg: UInt64
    }

    private(set) var lines: [Key: Totals] = [:]

    /// An empty table.
    public init() {}

    /// The service key of a service line.
    @inlinable public static func service(line: PackedCode) -> UInt64 { line.raw }
    /// The service key of a service group.
    @inlinable public static func service(group: Int) -> UInt64 { (1 << 63) | UInt64(group) }

    /// Adds a written row.
    @inline(__always)
    public mutating func add(_ key: Key, activity: Amount, value: Amount) {
        lines[key, default: Totals()].add(activity: activity, value: value)
    }

    /// The summary as CSV rows, sorted by contract, category, service and HRG.
    ///
    /// Sorting is on integer ranks (each name ranked once), so a summary of hundreds of
    /// thousands of lines sorts without comparing strings.
    public func rows(contracts: [Contract], categories: [String], groups: [String]) -> [[String]] {
        var rows: [[String]] = []
        rows.reserveCapacity(lines.count)
        forEachSorted(contracts: contracts, categories: categories, groups: groups) { rows.append($0) }
        return rows
    }

    /// Writes the summary (header and sorted lines) to `path`; returns its lines, bytes and SHA-256.
    public func write(to path: String, contracts: [Contract], categories: [String], groups: [String]) throws -> OutputPool.Written {
        let writer = try CSVWriter(path: path, hashing: true)
        try writer.writeRow(Self.header)
        var failure: Error? = nil
        forEachSorted(contracts: contracts, categories: categories, groups: groups) { row in
            guard failure == nil else { return }
            do { try writer.writeRow(row) } catch { failure = error }
        }
        if let failure { throw failure }
        try writer.close()
        return writer.written(rows: lines.count)
    }

    private func forEachSorted(contracts: [Contract], categories: [String], groups: [String], _ body: ([String]) -> Void) {
        func ranks(_ names: [String]) -> [Int] {
            var rank = [Int](repeating: 0, count: names.count)
            for (position, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { rank[index] = position }
            return rank
        }
        let contractRank = ranks(contracts.map(\.key))
        let categoryRank = ranks(categories)
        let groupRank = ranks(groups)
        // A category's services are all service lines or all groups; lines sort by their
        // packed code (byte order), groups by name.
        func serviceRank(_ service: UInt64) -> UInt64 {
            service & (1 << 63) != 0 ? (1 << 63) | UInt64(groupRank[Int(service & ~(1 << 63))]) : service
        }
        let keys = lines.keys.sorted { a, b in
            let ca = contractRank[Int(a.contract)], cb = contractRank[Int(b.contract)]
            if ca != cb { return ca < cb }
            let ka = categoryRank[Int(a.category)], kb = categoryRank[Int(b.category)]
            if ka != kb { return ka < kb }
            let sa = serviceRank(a.service), sb = serviceRank(b.service)
            if sa != sb { return sa < sb }
            return a.hrg < b.hrg
        }
        for key in keys {
            let contract = contracts[Int(key.contract)]
            let totals = lines[key]!
            let service = key.service & (1 << 63) != 0
                ? groups[Int(key.service & ~(1 << 63))] : PackedCode(raw: key.service).description
            body([contract.key, contract.provider, contract.commissioner, categories[Int(key.category)], service,
                  PackedCode(raw: key.hrg).description, String(totals.rows), totals.activity, totals.value])
        }
    }

    /// The header of summary.csv.
    public static let header = ["contract", "provider", "commissioner", "category", "service", "hrg", "rows", "activity", "value"]
}
