/// The split's financial view: `contracts.csv` (per contract, the money moving to national
/// commissioning), `contracts-by-category.csv` (per contract and category) and
/// `migration.csv` (what is commissioned by the wrong body today). Columns never depend on
/// the rule set; amounts are exact; contracts sorted by key, an `ALL` line last.
extension ReportFiles {
    /// The header of contracts.csv.
    public static let contractsHeader = [
        "contract", "provider", "commissioner", "rows", "activity", "value", "national_rows", "national_activity",
        "national_value", "national_share", "current_unknown_rows", "current_unknown_value", "migrating_rows",
        "migrating_value", "to_national_value", "to_local_value",
    ]

    /// The header of contracts-by-category.csv.
    public static let contractsByCategoryHeader = [
        "contract", "provider", "commissioner", "category", "national", "rows", "activity", "value", "share",
    ]

    /// The header of migration.csv.
    public static let migrationHeader = [
        "contract", "provider", "commissioner", "direction", "current_category", "category", "service_line", "rows",
        "activity", "value",
    ]

    /// One contract's (or all contracts') figures for contracts.csv.
    struct ContractFigures {
        var written = Totals()
        var national = Totals()
        var unknown = Totals()
        var migrating = Totals()
        var toNational = Totals()
        var toLocal = Totals()

        mutating func add(_ other: ContractFigures) {
            written.add(other.written)
            national.add(other.national)
            unknown.add(other.unknown)
            migrating.add(other.migrating)
            toNational.add(other.toNational)
            toLocal.add(other.toLocal)
        }

        func row(_ name: [String]) -> [String] {
            name + [
                String(written.rows), written.activity, written.value, String(national.rows), national.activity,
                national.value, Totals.share(national.valueMicros, of: written.valueMicros), String(unknown.rows),
                unknown.value, String(migrating.rows), migrating.value, toNational.value, toLocal.value,
            ]
        }
    }

    /// contracts.csv and contracts-by-category.csv rows, from the control totals' written
    /// figures and the commissioning tally. Without `current-commissioning.csv` every row's
    /// current commissioner is unknown.
    static func contractRows(
        _ totals: ControlTotals, _ tally: CommissioningTally, contracts: [Contract]
    ) -> (contracts: [[String]], byCategory: [[String]]) {
        let width = totals.categories.count
        var contractRows: [[String]] = []
        var categoryRows: [[String]] = []
        var all = ContractFigures()
        var allByCategory = [Totals](repeating: Totals(), count: width)
        for index in contracts.indices.sorted(by: { contracts[$0].key < contracts[$1].key }) {
            let contract = contracts[index]
            let name = [contract.key, contract.provider, contract.commissioner]
            var figures = ContractFigures()
            var byCategory: [Totals] = []
            for category in 0..<width {
                let written = index < totals.read.count ? totals.written[index * width + category] : Totals()
                byCategory.append(written)
                figures.written.add(written)
                if tally.isNational[category] { figures.national.add(written) }
                allByCategory[category].add(written)
            }
            if tally.enabled {
                let tallies = tally.tallies(index)
                figures.unknown = tallies.unknown
                figures.migrating = tallies.migrating
                figures.toNational = tallies.toNational
                figures.toLocal = tallies.toLocal
            } else {
                figures.unknown = figures.written
            }
            contractRows.append(figures.row(name))
            for category in 0..<width {
                categoryRows.append(categoryRow(name, totals.categories[category], tally.isNational[category], byCategory[category], of: figures.written))
            }
            all.add(figures)
        }
        contractRows.append(all.row(["ALL", "", ""]))
        for category in 0..<width {
            categoryRows.append(categoryRow(["ALL", "", ""], totals.categories[category], tally.isNational[category], allByCategory[category], of: all.written))
        }
        return (contractRows, categoryRows)
    }

    private static func categoryRow(_ name: [String], _ category: String, _ national: Bool, _ figures: Totals, of whole: Totals) -> [String] {
        name + [
            category, national ? "yes" : "no", String(figures.rows), figures.activity, figures.value,
            Totals.share(figures.valueMicros, of: whole.valueMicros),
        ]
    }

    /// migration.csv rows: one per contract, direction, current category, category and
    /// service line with rows commissioned by the wrong body, sorted by contract key, then
    /// direction (to-national, to-local, within-national, within-local), categories and
    /// service line.
    static func migrationRows(_ tally: CommissioningTally, contracts: [Contract], categories: [String]) -> [[String]] {
        let directions = CommissioningTally.Direction.allCases
        let sorted = tally.groups.sorted { a, b in
            let (x, y) = (a.key, b.key)
            let (cx, cy) = (contracts[Int(x.contract)].key, contracts[Int(y.contract)].key)
            if cx != cy { return cx < cy }
            let dx = directions.firstIndex(of: tally.direction(current: Int(x.current), category: Int(x.category)))!
            let dy = directions.firstIndex(of: tally.direction(current: Int(y.current), category: Int(y.category)))!
            if dx != dy { return dx < dy }
            if x.current != y.current { return categories[Int(x.current)] < categories[Int(y.current)] }
            if x.category != y.category { return categories[Int(x.category)] < categories[Int(y.category)] }
            return PackedCode(raw: x.serviceLine).description < PackedCode(raw: y.serviceLine).description
        }
        return sorted.map { key, figures in
            let contract = contracts[Int(key.contract)]
            return [
                contract.key, contract.provider, contract.commissioner,
                tally.direction(current: Int(key.current), category: Int(key.category)).rawValue,
                categories[Int(key.current)], categories[Int(key.category)], PackedCode(raw: key.serviceLine).description,
                String(figures.rows), figures.activity, figures.value,
            ]
        }
    }
}
