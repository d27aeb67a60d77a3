import Foundation

/// Everything a comparison's report shows, read from the files `specsplit compare`
/// publishes (movements, movements by service and by rule, changed rows, contracts, the
/// rules diff, long-form control totals) and its manifest.
struct CompareFigures {
    /// One line of the comparison's contracts.csv, columns by name as written.
    struct ContractLine {
        /// The contract's key.
        var key: String
        /// Every column by name.
        var columns: [String: String]
        /// The change in national value, in millionths (to sort by its size).
        var changeMicros: Int128
    }

    /// What one contract's page shows.
    struct ContractDetail {
        /// Its movements.csv lines, as figures by (from, to) category.
        var movements = TotalsByKey()
        /// Its changed rows by deciding rules (movements-by-rule.csv).
        var byRule = TotalsByKey()
        /// Its changed service lines: from category and service line to category and service line, over HRGs.
        var changedServices = TotalsByKey()
        /// Its changed rows (the first of them).
        var changedRows = RowSample()
        /// Its rejected rows (when the rejects file names contracts).
        var rejects = RowSample()
        /// Rows, activity and value rejected (the same on both sides: one read).
        var rejected: (rows: String, activity: String, value: String) = ("0", "0.00", "0.00")
    }

    /// The manifest.
    var manifest: RunManifest
    /// contracts.csv lines, in file order (by contract).
    var contracts: [ContractLine] = []
    /// Its ALL line.
    var all: ContractLine?
    /// Per contract key.
    var details: [String: ContractDetail] = [:]
    /// Movements over every contract, by (from, to) category.
    var movements = TotalsByKey()
    /// Changed rows over every contract, by deciding rules.
    var byRule = TotalsByKey()
    /// rules-diff.csv's header and lines.
    var rulesDiffHeader: [String] = []
    var rulesDiff: [[String]] = []
    /// control-totals.csv's header and its run lines (ALL, unreadable rows).
    var controlHeader: [String] = []
    var controlRunLines: [[String]] = []
    /// quality.csv's header and lines.
    var qualityHeader: [String] = []
    var quality: [[String]] = []
    /// changed-rows.csv's header.
    var changedRowsHeader: [String] = []
    /// The rejects file read, its header, rows no contract is named for.
    var rejectsFile: String?
    var rejectsHeader: [String] = []
    var unattributedRejects = RowSample()
    /// True when the rejects file names each row's contract.
    var rejectsNameContracts = false

    /// Reads the comparison published in `directory`.
    init(directory: String, manifest: RunManifest, rejectsPath: String?) throws {
        self.manifest = manifest
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try readContracts(path("contracts.csv"))
        try readMovements(path("movements.csv"))
        try readByService(path("movements-by-service.csv"))
        try readByRule(path("movements-by-rule.csv"))
        try readChangedRows(path("changed-rows.csv"))
        try readControlTotals(path("control-totals.csv"))
        (rulesDiffHeader, rulesDiff) = try Self.whole(path("rules-diff.csv"))
        (qualityHeader, quality) = try Self.whole(path("quality.csv"))
        if let rejects = rejectsPath ?? manifest.output("rejects.csv").map({ path($0.path) }) {
            try readRejects(rejects)
        }
    }

    private static func whole(_ path: String) throws -> ([String], [[String]]) {
        let (csv, rows, _) = try PublishedCSV.read(path)
        return (csv.header, rows)
    }

    /// The rules diff's lines about `rule` (a deciding rule such as `NCBPS06A-1`): the rule's
    /// own lines and its service line's.
    func ruleChanges(_ rule: String) -> [[String]] {
        guard !rule.isEmpty, rulesDiffHeader.count >= 2 else { return [] }
        let serviceLine = rule.split(separator: "-").first.map(String.init) ?? rule
        return rulesDiff.filter { line in
            (line[0] == "rules" && line[1] == rule) || (line[0] == "service-lines" && line[1] == serviceLine)
        }
    }

    private mutating func readContracts(_ path: String) throws {
        var names: [String] = []
        var change = 0
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                for name in [
                    "contract", "provider", "commissioner", "value", "from_national_value", "to_national_value",
                    "change", "from_national_share", "to_national_share",
                ] {
                    _ = try csv.column(name)
                }
                names = csv.header
                change = try csv.column("change")
            }
        ) { row in
            var line = ContractLine(key: row.text(0), columns: [:], changeMicros: try row.micros(change))
            for (index, name) in names.enumerated() { line.columns[name] = row.text(index) }
            if line.key == "ALL" { all = line } else { contracts.append(line) }
        }
    }

    private mutating func readMovements(_ path: String) throws {
        var c = (contract: 0, from: 0, to: 0, rows: 0, activity: 0, value: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                c = (
                    try csv.column("contract"), try csv.column("from_category"), try csv.column("to_category"),
                    try csv.column("rows"), try csv.column("activity"), try csv.column("value")
                )
            }
        ) { row in
            let key = [row.text(c.from), row.text(c.to)]
            let (rows, activity, value) = (try row.count(c.rows), try row.micros(c.activity), try row.micros(c.value))
            details[row.text(c.contract), default: ContractDetail()].movements.add(
                key, rows: rows, activity: activity, value: value)
            movements.add(key, rows: rows, activity: activity, value: value)
        }
    }

    private mutating func readByService(_ path: String) throws {
        var c = (contract: 0, from: 0, to: 0, fromLine: 0, toLine: 0, rows: 0, activity: 0, value: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                c = (
                    try csv.column("contract"), try csv.column("from_category"), try csv.column("to_category"),
                    try csv.column("from_service_line"), try csv.column("to_service_line"), try csv.column("rows"),
                    try csv.column("activity"), try csv.column("value")
                )
            }
        ) { row in
            let key = [row.text(c.from), row.text(c.fromLine), row.text(c.to), row.text(c.toLine)]
            guard key[0] != key[2] || key[1] != key[3] else { return }
            details[row.text(c.contract), default: ContractDetail()].changedServices.add(
                key, rows: try row.count(c.rows), activity: try row.micros(c.activity), value: try row.micros(c.value))
        }
    }

    private mutating func readByRule(_ path: String) throws {
        var c = (contract: 0, from: 0, fromRule: 0, to: 0, toRule: 0, rows: 0, activity: 0, value: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                c = (
                    try csv.column("contract"), try csv.column("from_category"), try csv.column("from_deciding_rule"),
                    try csv.column("to_category"), try csv.column("to_deciding_rule"), try csv.column("rows"),
                    try csv.column("activity"), try csv.column("value")
                )
            }
        ) { row in
            let key = [row.text(c.from), row.text(c.fromRule), row.text(c.to), row.text(c.toRule)]
            let (rows, activity, value) = (try row.count(c.rows), try row.micros(c.activity), try row.micros(c.value))
            details[row.text(c.contract), default: ContractDetail()].byRule.add(
                key, rows: rows, activity: activity, value: value)
            byRule.add(key, rows: rows, activity: activity, value: value)
        }
    }

    private mutating func readChangedRows(_ path: String) throws {
        var contract = 0
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                changedRowsHeader = csv.header
                contract = try csv.column("contract")
            }
        ) { row in
            details[row.text(contract), default: ContractDetail()].changedRows.add(row.fields)
        }
    }

    private mutating func readControlTotals(_ path: String) throws {
        var c = (contract: 0, measure: 0, category: 0, from: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                controlHeader = csv.header
                c = (
                    try csv.column("contract"), try csv.column("measure"), try csv.column("category"),
                    try csv.column("from")
                )
            }
        ) { row in
            let contract = row.text(c.contract)
            if contract == "ALL" || contract.hasPrefix("(") {
                controlRunLines.append(row.fields)
                return
            }
            guard row.text(c.category) == "rejected" else { return }
            let rejected = row.text(c.from)
            switch row.text(c.measure) {
            case "rows": details[contract, default: ContractDetail()].rejected.rows = rejected
            case "activity": details[contract, default: ContractDetail()].rejected.activity = rejected
            case "value": details[contract, default: ContractDetail()].rejected.value = rejected
            default: break
            }
        }
    }

    private mutating func readRejects(_ path: String) throws {
        rejectsFile = path
        var contract: Int?
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                rejectsHeader = csv.header
                contract = csv.optionalColumn("contract")
            }
        ) { row in
            if let contract, case let key = row.text(contract), !key.isEmpty {
                details[key, default: ContractDetail()].rejects.add(row.fields)
            } else {
                unattributedRejects.add(row.fields)
            }
        }
        rejectsNameContracts = contract != nil
    }
}
