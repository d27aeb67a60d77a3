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
    public func rows(contracts: [Contract], categories: [String], groups: [String]) -> [[String]] {
        func serviceName(_ service: UInt64) -> String {
            service & (1 << 63) != 0 ? groups[Int(service & ~(1 << 63))] : PackedCode(raw: service).description
        }
        let named = lines.map { key, totals in
            (contract: contracts[Int(key.contract)], category: categories[Int(key.category)],
             service: serviceName(key.service), hrg: PackedCode(raw: key.hrg).description, totals: totals)
        }
        let sorted = named.sorted { a, b in
            if a.contract.key != b.contract.key { return a.contract.key < b.contract.key }
            if a.category != b.category { return a.category < b.category }
            if a.service != b.service { return a.service < b.service }
            return a.hrg < b.hrg
        }
        return sorted.map {
            [$0.contract.key, $0.contract.provider, $0.contract.commissioner, $0.category, $0.service, $0.hrg,
             String($0.totals.rows), $0.totals.activity, $0.totals.value]
        }
    }

    /// The header of summary.csv.
    public static let header = ["contract", "provider", "commissioner", "category", "service", "hrg", "rows", "activity", "value"]
}
