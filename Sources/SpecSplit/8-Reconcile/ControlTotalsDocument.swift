import Foundation

/// The control totals of a run as JSON (`specsplit classify --totals totals.json`): per
/// contract, the rows, activity and value read, written to each category and rejected, so
/// that a caller can reconcile what it sent with what came back. Amounts are exact decimal
/// text, never floating point numbers.
public struct ControlTotalsDocument: Codable, Sendable, Equatable {
    /// Rows, activity and value.
    public struct Measures: Codable, Sendable, Equatable {
        /// Rows.
        public var rows: Int
        /// Activity, exact decimal text (`9070.00`).
        public var activity: String
        /// Value in pounds, exact decimal text.
        public var value: String

        /// The measures of `totals`.
        public init(_ totals: Totals) {
            rows = totals.rows
            activity = totals.activity
            value = totals.value
        }
    }

    /// One contract's totals (or the overall totals, with an empty contract).
    public struct Line: Codable, Sendable, Equatable {
        /// The contract key (`RJE_5PK`), as in a split's `contracts/` folders.
        public var contract: String
        /// The provider code.
        public var provider: String
        /// The commissioner code.
        public var commissioner: String
        /// Read.
        public var read: Measures
        /// Written, per category.
        public var written: [String: Measures]
        /// Written in all categories.
        public var writtenTotal: Measures
        /// Rejected.
        public var rejected: Measures
        /// Read less written less rejected: zero in every measure for a run that reconciles.
        public var difference: Measures

        // Spelled out rather than a key strategy, which would also rewrite category names.
        enum CodingKeys: String, CodingKey {
            case contract, provider, commissioner, read, written, rejected, difference
            case writtenTotal = "written_total"
        }
    }

    /// The rule set the rows were classified by.
    public struct RuleSetID: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Its financial year.
        public var financialYear: String
        /// The SHA-256 of its files.
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case name, sha256
            case financialYear = "financial_year"
        }
    }

    /// The rule set.
    public var ruleset: RuleSetID
    /// The categories, in the order of a split's control-totals.csv columns.
    public var categories: [String]
    /// One line per contract, sorted by contract key.
    public var contracts: [Line]
    /// Rows rejected before their contract was known (read and rejected at once).
    public var unreadable: Measures
    /// Every contract together, the unreadable rows included.
    public var overall: Line

    /// The document of `totals` over `contracts`, classified by `ruleSet`.
    public init(_ totals: ControlTotals, contracts: [Contract], ruleSet: RuleSet) {
        func line(_ contract: Contract?, read: Totals, written: [Totals], rejected: Totals) -> Line {
            var all = Totals()
            for total in written { all.add(total) }
            var byCategory: [String: Measures] = [:]
            for (category, total) in zip(totals.categories, written) { byCategory[category] = Measures(total) }
            return Line(
                contract: contract?.key ?? "", provider: contract?.provider ?? "",
                commissioner: contract?.commissioner ?? "",
                read: Measures(read), written: byCategory, writtenTotal: Measures(all), rejected: Measures(rejected),
                difference: Measures(read.subtracting(all).subtracting(rejected)))
        }
        let width = totals.categories.count
        ruleset = RuleSetID(name: ruleSet.name, financialYear: ruleSet.financialYear, sha256: ruleSet.checksum)
        categories = totals.categories
        self.contracts = contracts.indices.sorted { contracts[$0].key < contracts[$1].key }.map { index in
            line(
                contracts[index], read: index < totals.read.count ? totals.read[index] : Totals(),
                written: (0..<width).map {
                    index * width + $0 < totals.written.count ? totals.written[index * width + $0] : Totals()
                },
                rejected: index < totals.rejected.count ? totals.rejected[index] : Totals())
        }
        unreadable = Measures(totals.unreadable)
        let all = totals.overall
        overall = line(nil, read: all.read, written: all.written, rejected: all.rejected)
    }

    /// The document as JSON: keys sorted, ending in a line break.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a document written by ``json()``.
    public static func decode(_ data: Data) throws -> ControlTotalsDocument {
        try JSONDecoder().decode(ControlTotalsDocument.self, from: data)
    }
}
