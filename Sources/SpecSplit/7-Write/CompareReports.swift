/// The report files of a comparison, from its tallies: movements.csv,
/// movements-by-service.csv, movements-by-rule.csv, contracts.csv and the long-form
/// control-totals.csv. Contracts are listed by key; categories, services, HRGs and rules
/// by name (byte order), so every run of the same inputs writes the same bytes.
struct CompareReports {
    let contracts: [Contract]
    let categories: CategoryCrosswalk
    let old: CompiledRuleSet
    let new: CompiledRuleSet
    let from: ControlTotals
    let to: ControlTotals
    let movements: MovementMatrix
    /// Contract indexes in output order, and each contract's place in it.
    let order: [Int]
    let rank: [Int]

    init(
        contracts: [Contract], categories: CategoryCrosswalk, old: CompiledRuleSet, new: CompiledRuleSet,
        from: ControlTotals, to: ControlTotals, movements: MovementMatrix
    ) {
        self.contracts = contracts
        self.categories = categories
        self.old = old
        self.new = new
        self.from = from
        self.to = to
        self.movements = movements
        order = contracts.indices.sorted { contracts[$0].key < contracts[$1].key }
        var rank = [Int](repeating: 0, count: contracts.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        self.rank = rank
    }

    // MARK: movements.csv

    /// The header of movements.csv.
    static let movementsHeader = [
        "contract", "provider", "commissioner", "from_category", "to_category", "rows", "activity", "value",
    ]

    /// movements.csv: per contract, one line per pair of categories with rows (unchanged
    /// pairs included), by old then new category name.
    func movementRows() -> [[String]] {
        let pairs = old.categories.indices.flatMap { from in new.categories.indices.map { (from, $0) } }
            .sorted {
                (categories.oldRank[$0.0], categories.newRank[$0.1]) < (
                    categories.oldRank[$1.0], categories.newRank[$1.1]
                )
            }
        var rows: [[String]] = []
        for index in order {
            let contract = contracts[index]
            for (from, to) in pairs {
                let cell = movements.cell(index, from: from, to: to)
                guard cell.rows > 0 else { continue }
                rows.append([
                    contract.key, contract.provider, contract.commissioner, old.categories[from], new.categories[to],
                    String(cell.rows), cell.activity, cell.value,
                ])
            }
        }
        return rows
    }

    // MARK: movements-by-service.csv

    /// The header of movements-by-service.csv.
    static let byServiceHeader = [
        "contract", "provider", "commissioner", "from_category", "to_category", "from_service_line", "to_service_line",
        "hrg", "rows", "activity", "value",
    ]

    /// Writes movements-by-service.csv from `table` (keys as ``CompareSink`` makes them).
    func writeByService(_ table: MovementTable, to path: String, digest: DigestAlgorithm) throws -> OutputPool.Written {
        let oldGroupRank = Self.ranks(old.serviceGroupNames)
        let newGroupRank = Self.ranks(new.serviceGroupNames)
        func serviceRank(_ service: UInt64, _ groupRank: [Int]) -> UInt64 {
            SummaryTable.group(ofService: service).map { SummaryTable.service(group: groupRank[$0]) } ?? service
        }
        let lines = sorted(table) { key in
            let (from, to) = Self.categories(key)
            return (
                UInt64(categories.oldRank[from]) << 16 | UInt64(categories.newRank[to]),
                serviceRank(key.b, oldGroupRank), serviceRank(key.c, newGroupRank), key.d
            )
        }
        let writer = try MovementCSVWriter(path: path, header: Self.byServiceHeader, contracts: contracts, digest: digest)
        let oldCategories = EncodedFields(old.categories)
        let newCategories = EncodedFields(new.categories)
        let oldGroups = EncodedFields(old.serviceGroupNames)
        let newGroups = EncodedFields(new.serviceGroupNames)
        func service(_ key: UInt64, _ groups: EncodedFields) throws {
            if let group = SummaryTable.group(ofService: key) {
                try groups.withField(group) { try writer.csv.writeEncoded($0) }
            } else {
                try PackedCode(raw: key).withText { try writer.csv.writeField($0) }
            }
        }
        for index in lines {
            let key = table.key(Int(index))
            let (from, to) = Self.categories(key)
            try writer.contract(Self.contract(key), fields: 3)
            try oldCategories.withField(from) { try writer.csv.writeEncoded($0) }
            try newCategories.withField(to) { try writer.csv.writeEncoded($0) }
            try service(key.b, oldGroups)
            try service(key.c, newGroups)
            try PackedCode(raw: key.d).withText { try writer.csv.writeField($0) }
            try writer.totals(table.totals(Int(index)))
        }
        return try writer.close(rows: lines.count)
    }

    // MARK: movements-by-rule.csv

    /// The header of movements-by-rule.csv.
    static let byRuleHeader = [
        "contract", "from_category", "from_deciding_rule", "to_category", "to_deciding_rule", "rows", "activity",
        "value",
    ]

    /// Writes movements-by-rule.csv from `table` (changed rows only; keys as ``CompareSink``
    /// makes them: the deciding rules' indexes, all ones for none).
    func writeByRule(_ table: MovementTable, to path: String, digest: DigestAlgorithm) throws -> OutputPool.Written {
        let oldRuleRank = Self.ranks(old.ruleSet.rules.map(\.id))
        let newRuleRank = Self.ranks(new.ruleSet.rules.map(\.id))
        func ruleRank(_ word: UInt64, _ ranks: [Int]) -> UInt64 {
            let rule = Int32(bitPattern: UInt32(truncatingIfNeeded: word))
            return rule < 0 ? 0 : UInt64(ranks[Int(rule)]) + 1
        }
        let lines = sorted(table) { key in
            let (from, to) = Self.categories(key)
            return (
                UInt64(categories.oldRank[from]), ruleRank(key.b, oldRuleRank), UInt64(categories.newRank[to]),
                ruleRank(key.c, newRuleRank)
            )
        }
        let writer = try MovementCSVWriter(path: path, header: Self.byRuleHeader, contracts: contracts, digest: digest)
        let oldCategories = EncodedFields(old.categories)
        let newCategories = EncodedFields(new.categories)
        let oldRules = EncodedFields(old.ruleSet.rules.map(\.id))
        let newRules = EncodedFields(new.ruleSet.rules.map(\.id))
        func rule(_ word: UInt64, _ names: EncodedFields) throws {
            let rule = Int32(bitPattern: UInt32(truncatingIfNeeded: word))
            if rule < 0 {
                try writer.csv.writeEncoded(UnsafeRawBufferPointer(start: nil, count: 0))
            } else {
                try names.withField(Int(rule)) { try writer.csv.writeEncoded($0) }
            }
        }
        for index in lines {
            let key = table.key(Int(index))
            let (from, to) = Self.categories(key)
            try writer.contract(Self.contract(key), fields: 1)
            try oldCategories.withField(from) { try writer.csv.writeEncoded($0) }
            try rule(key.b, oldRules)
            try newCategories.withField(to) { try writer.csv.writeEncoded($0) }
            try rule(key.c, newRules)
            try writer.totals(table.totals(Int(index)))
        }
        return try writer.close(rows: lines.count)
    }

    // MARK: contracts.csv

    /// The header of contracts.csv.
    static let contractsHeader = [
        "contract", "provider", "commissioner", "value", "from_national_value", "to_national_value", "change",
        "from_national_share", "to_national_share",
    ]

    /// contracts.csv: per contract, its value (rows written) and what each year's national
    /// categories take of it; an `ALL` line last.
    func contractRows() -> [[String]] {
        var rows: [[String]] = []
        var all = (value: Int128(0), from: Int128(0), to: Int128(0))
        func line(_ name: [String], _ value: Int128, _ before: Int128, _ after: Int128) -> [String] {
            name + [
                Totals.format(value), Totals.format(before), Totals.format(after), Totals.format(after - before),
                Totals.share(before, of: value), Totals.share(after, of: value),
            ]
        }
        for index in order {
            let contract = contracts[index]
            let value = index < from.read.count ? from.writtenTotal(index).valueMicros : 0
            let before = national(from, index, categories.oldNational)
            let after = national(to, index, categories.newNational)
            rows.append(line([contract.key, contract.provider, contract.commissioner], value, before, after))
            all = (all.value + value, all.from + before, all.to + after)
        }
        rows.append(line(["ALL", "", ""], all.value, all.from, all.to))
        return rows
    }

    /// The value contract `index` wrote to the categories `national` marks.
    private func national(_ totals: ControlTotals, _ index: Int, _ national: [Bool]) -> Int128 {
        guard index < totals.read.count else { return 0 }
        var sum: Int128 = 0
        for category in national.indices where national[category] {
            sum += totals.written[index * national.count + category].valueMicros
        }
        return sum
    }

    // MARK: control-totals.csv

    /// The header of a comparison's control-totals.csv (long form: the same columns
    /// whatever the categories).
    static let controlHeader = ["contract", "provider", "commissioner", "measure", "category", "from", "to", "change"]

    /// The values of control-totals.csv's `category` column that are not categories.
    static let totalsLines = ["read", "written", "rejected", "difference"]

    /// control-totals.csv: per contract and measure (rows, activity, value), a line for what
    /// was read, one per category of either year (zero on the side that lacks it), then
    /// written, rejected and the difference (read - written - rejected, 0 when reconciled);
    /// then the unreadable rows (if any) and `ALL`.
    func controlRows() -> [[String]] {
        var rows: [[String]] = []
        let width = (from: old.categories.count, to: new.categories.count)
        typealias Side = (read: Totals, written: [Totals], rejected: Totals)
        func measures(_ name: [String], _ before: Side, _ after: Side) {
            let measures: [(String, (Totals) -> Int128, (Int128) -> String)] = [
                ("rows", { Int128($0.rows) }, { String($0) }),
                ("activity", \.activityMicros, Totals.format),
                ("value", \.valueMicros, Totals.format),
            ]
            for (measure, figure, text) in measures {
                func line(_ category: String, _ a: Int128, _ b: Int128) {
                    rows.append(name + [measure, category, text(a), text(b), text(b - a)])
                }
                var written = (Int128(0), Int128(0))
                line("read", figure(before.read), figure(after.read))
                for (position, category) in categories.names.enumerated() {
                    let a = categories.oldIndex[position].map { figure(before.written[$0]) } ?? 0
                    let b = categories.newIndex[position].map { figure(after.written[$0]) } ?? 0
                    written = (written.0 + a, written.1 + b)
                    line(category, a, b)
                }
                line("written", written.0, written.1)
                line("rejected", figure(before.rejected), figure(after.rejected))
                let rejected = (figure(before.rejected), figure(after.rejected))
                line(
                    "difference", figure(before.read) - written.0 - rejected.0,
                    figure(after.read) - written.1 - rejected.1)
            }
        }
        func side(_ totals: ControlTotals, _ index: Int, _ width: Int) -> Side {
            (totals.read[index], (0..<width).map { totals.written[index * width + $0] }, totals.rejected[index])
        }
        for index in order where index < from.read.count {
            let contract = contracts[index]
            measures(
                [contract.key, contract.provider, contract.commissioner], side(from, index, width.from),
                side(to, index, width.to))
        }
        if !from.unreadable.isZero || !to.unreadable.isZero {
            measures(
                ["(unreadable rows)", "", ""],
                (from.unreadable, Array(repeating: Totals(), count: width.from), from.unreadable),
                (to.unreadable, Array(repeating: Totals(), count: width.to), to.unreadable))
        }
        let before = from.overall
        let after = to.overall
        measures(["ALL", "", ""], before, after)
        return rows
    }

    // MARK: helpers

    /// The contract of a movement key (``CompareSink/pairKey(_:_:_:)``).
    static func contract(_ key: MovementTable.Key) -> Int {
        Int(Int32(bitPattern: UInt32(truncatingIfNeeded: key.a >> 32)))
    }

    /// The old and new categories of a movement key.
    static func categories(_ key: MovementTable.Key) -> (Int, Int) {
        (Int((key.a >> 16) & 0xFFFF), Int(key.a & 0xFFFF))
    }

    /// Each name's rank in byte order.
    static func ranks(_ names: [String]) -> [Int] {
        var rank = [Int](repeating: 0, count: names.count)
        let sorted = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        for (position, index) in sorted.enumerated() { rank[index] = position }
        return rank
    }

    /// The indexes of `table`'s lines by contract (output order), then by `sortKey`. Lines
    /// are gathered by contract first (a counting sort, 4 bytes a line) and each contract's
    /// sorted on its own, so sorting never holds a second copy of a large table.
    private func sorted(
        _ table: MovementTable, by sortKey: (MovementTable.Key) -> (UInt64, UInt64, UInt64, UInt64)
    ) -> [UInt32] {
        var starts = [Int](repeating: 0, count: contracts.count + 1)
        for index in 0..<table.count { starts[rank[Self.contract(table.key(index))] + 1] += 1 }
        for position in 0..<contracts.count { starts[position + 1] += starts[position] }
        var order = [UInt32](repeating: 0, count: table.count)
        var next = starts
        for index in 0..<table.count {
            let position = rank[Self.contract(table.key(index))]
            order[next[position]] = UInt32(index)
            next[position] += 1
        }
        var keys: [(key: (UInt64, UInt64, UInt64, UInt64), index: UInt32)] = []
        for position in 0..<contracts.count where starts[position + 1] - starts[position] > 1 {
            let range = starts[position]..<starts[position + 1]
            keys.removeAll(keepingCapacity: true)
            for slot in range { keys.append((sortKey(table.key(Int(order[slot]))), order[slot])) }
            keys.sort { $0.key < $1.key }
            for (slot, entry) in zip(range, keys) { order[slot] = entry.index }
        }
        return order
    }
}

/// A CSV report written from bytes: contract names encoded once, amounts formatted into a
/// reusable buffer (for the tables that can reach hundreds of thousands of lines).
private final class MovementCSVWriter {
    let csv: CSVWriter
    private let contracts: EncodedFields
    private let keys: EncodedFields
    private let number = UnsafeMutablePointer<UInt8>.allocate(capacity: Totals.maxFormattedBytes)

    init(path: String, header: [String], contracts: [Contract], digest: DigestAlgorithm) throws {
        csv = try CSVWriter(path: path, digest: digest, exclusive: true)
        try csv.writeRow(header)
        self.contracts = EncodedFields(rows: contracts.map { [$0.key, $0.provider, $0.commissioner] })
        keys = EncodedFields(contracts.map(\.key))
    }

    deinit { number.deallocate() }

    /// The contract's key (`fields` 1) or key, provider and commissioner (3).
    func contract(_ index: Int, fields: Int) throws {
        try (fields == 3 ? contracts : keys).withField(index) { try csv.writeEncoded($0) }
    }

    /// Rows, activity and value, then the end of the line.
    func totals(_ totals: Totals) throws {
        try csv.writeEncoded(UnsafeRawBufferPointer(start: number, count: Totals.format(totals.rows, into: number)))
        try csv.writeEncoded(
            UnsafeRawBufferPointer(start: number, count: Totals.format(totals.activityMicros, into: number)))
        try csv.writeEncoded(
            UnsafeRawBufferPointer(start: number, count: Totals.format(totals.valueMicros, into: number)))
        try csv.endRow()
    }

    func close(rows: Int) throws -> OutputPool.Written {
        try csv.close()
        return csv.written(rows: rows)
    }
}
