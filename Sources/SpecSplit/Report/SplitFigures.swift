import Foundation

/// Everything a split's report shows, read from the published CSV files and the manifest
/// only (never from the extracts): per contract and over the run.
struct SplitFigures {
    /// One line of contracts.csv: the columns by name, as written.
    struct ContractLine {
        /// The contract's key (its folder under `contracts/`).
        var key: String
        /// Every column of contracts.csv by name.
        var columns: [String: String]
        /// The national value in millionths (to sort by).
        var nationalMicros: Int128
    }

    /// One line of contracts-by-category.csv.
    struct CategoryLine {
        /// The category.
        var category: String
        /// `yes` or `no`.
        var national: String
        /// Rows, activity, value and share, as written.
        var rows: String, activity: String, value: String, share: String
    }

    /// What the report of one contract adds to its contracts.csv line.
    struct ContractDetail {
        /// Its categories (contracts-by-category.csv).
        var categories: [CategoryLine] = []
        /// Its specialised service lines, summed over HRGs and settings (summary.csv).
        var serviceLines = TotalsByKey()
        /// Its national HRGs, summed over categories, services and settings.
        var hrgs = TotalsByKey()
        /// Its national categories other than specialised, by service group.
        var serviceGroups = TotalsByKey()
        /// Its migration.csv lines.
        var migration: [[String]] = []
        /// Its migration-rows.csv lines (the first of them).
        var migrationRows = RowSample()
        /// Its rejected rows (when the rejects file names contracts).
        var rejects = RowSample()
        /// Rows, activity and value rejected (control-totals.csv).
        var rejected: (rows: String, activity: String, value: String) = ("0", "0.00", "0.00")
        /// Its split files: path inside the output and rows.
        var files: [RunManifest.Output] = []
    }

    /// The manifest.
    var manifest: RunManifest
    /// The categories, in the rule set's order.
    var categories: [String] = []
    /// Those commissioned nationally.
    var national: Set<String> = []
    /// contracts.csv lines, sorted by contract.
    var contracts: [ContractLine] = []
    /// Its ALL line.
    var all: ContractLine?
    /// The run's categories (the ALL lines of contracts-by-category.csv).
    var allCategories: [CategoryLine] = []
    /// Per contract key.
    var details: [String: ContractDetail] = [:]
    /// control-totals.csv's header and its lines that are not a contract's (ALL, unreadable rows).
    var controlHeader: [String] = []
    var controlRunLines: [[String]] = []
    /// quality.csv's header and lines.
    var qualityHeader: [String] = []
    var quality: [[String]] = []
    /// The migration list's header (nil when the run wrote none) and its sums by direction.
    var migrationHeader: [String]?
    var migrationByDirection = TotalsByKey()
    /// migration-rows.csv's header, when written.
    var migrationRowsHeader: [String]?
    /// The rejects file read (nil when the output lists none), its header, and the rejected
    /// rows no contract is named for (malformed rows, or a rejects file without contracts).
    var rejectsFile: String?
    var rejectsHeader: [String] = []
    var unattributedRejects = RowSample()
    /// True when the rejects file names each row's contract.
    var rejectsNameContracts = false

    /// The name of the category whose service is a service line (the others' is a service group).
    static let specialised = "specialised"

    /// Reads the split published in `directory`, described by `manifest`; rejected rows
    /// come from `rejectsPath` when given, else from the manifest's `rejects.csv` when it
    /// lists one.
    init(directory: String, manifest: RunManifest, rejectsPath: String?) throws {
        self.manifest = manifest
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try readContracts(path("contracts.csv"))
        try readCategories(path("contracts-by-category.csv"))
        try readControlTotals(path("control-totals.csv"))
        try readSummary(path("summary.csv"))
        (qualityHeader, quality) = try Self.whole(path("quality.csv"))
        if manifest.output("migration.csv") != nil { try readMigration(path("migration.csv")) }
        if manifest.output("migration-rows.csv") != nil { try readMigrationRows(path("migration-rows.csv")) }
        if let rejects = rejectsPath ?? manifest.output("rejects.csv").map({ path($0.path) }) {
            try readRejects(rejects)
        }
        for output in manifest.outputs where output.path.hasPrefix("contracts/") {
            let parts = output.path.split(separator: "/")
            guard parts.count == 3 else { continue }
            details[String(parts[1]), default: ContractDetail()].files.append(output)
        }
    }

    private static func whole(_ path: String) throws -> ([String], [[String]]) {
        let (csv, rows, _) = try PublishedCSV.read(path)
        return (csv.header, rows)
    }

    private mutating func readContracts(_ path: String) throws {
        var columns: [Int] = []
        var names: [String] = []
        var national = 0
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                for name in [
                    "contract", "provider", "commissioner", "rows", "activity", "value", "national_value",
                    "national_share",
                ] {
                    _ = try csv.column(name)
                }
                names = csv.header
                columns = Array(csv.header.indices)
                national = try csv.column("national_value")
            }
        ) { row in
            var line = ContractLine(key: row.text(0), columns: [:], nationalMicros: try row.micros(national))
            for column in columns { line.columns[names[column]] = row.text(column) }
            if line.key == "ALL" { all = line } else { contracts.append(line) }
        }
    }

    private mutating func readCategories(_ path: String) throws {
        var c = (contract: 0, category: 0, national: 0, rows: 0, activity: 0, value: 0, share: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                c = (
                    try csv.column("contract"), try csv.column("category"), try csv.column("national"),
                    try csv.column("rows"),
                    try csv.column("activity"), try csv.column("value"), try csv.column("share")
                )
            }
        ) { row in
            _ = try row.micros(c.value)
            let line = CategoryLine(
                category: row.text(c.category), national: row.text(c.national), rows: row.text(c.rows),
                activity: row.text(c.activity), value: row.text(c.value), share: row.text(c.share))
            let contract = row.text(c.contract)
            if contract == "ALL" {
                allCategories.append(line)
                categories.append(line.category)
                if line.national == "yes" { national.insert(line.category) }
            } else {
                details[contract, default: ContractDetail()].categories.append(line)
            }
        }
        if allCategories.isEmpty {
            throw ReportError.badFile(path: path, line: nil, column: nil, reason: "no ALL lines (the run's categories)")
        }
    }

    private mutating func readControlTotals(_ path: String) throws {
        var columns = (contract: 0, measure: 0, rejected: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                controlHeader = csv.header
                columns = (try csv.column("contract"), try csv.column("measure"), try csv.column("rejected"))
            }
        ) { row in
            let contract = row.text(columns.contract)
            if contract == "ALL" || contract.hasPrefix("(") {
                controlRunLines.append(row.fields)
                return
            }
            let rejected = row.text(columns.rejected)
            switch row.text(columns.measure) {
            case "rows": details[contract, default: ContractDetail()].rejected.rows = rejected
            case "activity": details[contract, default: ContractDetail()].rejected.activity = rejected
            case "value": details[contract, default: ContractDetail()].rejected.value = rejected
            default: break
            }
        }
    }

    /// summary.csv, streamed: only national lines are kept, summed by contract and service
    /// line, HRG or service group.
    private mutating func readSummary(_ path: String) throws {
        var c = (contract: 0, category: 0, service: 0, hrg: 0, rows: 0, activity: 0, value: 0, description: -1)
        let nationalNames = national
        var lastContract = ""
        var lastContractBytes: [UInt8] = []
        var detail = ContractDetail()
        var started = false
        func flush() {
            if started { details[lastContract] = detail }
        }
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                c = (
                    try csv.column("contract"), try csv.column("category"), try csv.column("service"),
                    try csv.column("hrg"),
                    try csv.column("rows"), try csv.column("activity"), try csv.column("value"),
                    csv.optionalColumn("service_description") ?? -1
                )
            }
        ) { row in
            let category = row.text(c.category)
            guard nationalNames.contains(category) else { return }
            let same = row.withBytes(c.contract) { $0.elementsEqual(lastContractBytes) }
            if !same || !started {
                flush()
                lastContract = row.text(c.contract)
                lastContractBytes = Array(lastContract.utf8)
                detail = details[lastContract] ?? ContractDetail()
                started = true
            }
            let rows = try row.count(c.rows)
            let activity = try row.micros(c.activity)
            let value = try row.micros(c.value)
            let service = row.text(c.service)
            if category == Self.specialised {
                let description = c.description >= 0 ? row.text(c.description) : ""
                detail.serviceLines.add([service, description], rows: rows, activity: activity, value: value)
            } else {
                detail.serviceGroups.add([category, service], rows: rows, activity: activity, value: value)
            }
            detail.hrgs.add([row.text(c.hrg)], rows: rows, activity: activity, value: value)
        }
        flush()
    }

    private mutating func readMigration(_ path: String) throws {
        var c = (contract: 0, direction: 0, rows: 0, activity: 0, value: 0)
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                migrationHeader = csv.header
                c = (
                    try csv.column("contract"), try csv.column("direction"), try csv.column("rows"),
                    try csv.column("activity"), try csv.column("value")
                )
            }
        ) { row in
            details[row.text(c.contract), default: ContractDetail()].migration.append(row.fields)
            migrationByDirection.add(
                [row.text(c.direction)], rows: try row.count(c.rows), activity: try row.micros(c.activity),
                value: try row.micros(c.value))
        }
    }

    private mutating func readMigrationRows(_ path: String) throws {
        var contract = 0
        try PublishedCSV.stream(
            path,
            prepare: { csv in
                migrationRowsHeader = csv.header
                contract = try csv.column("contract")
            }
        ) { row in
            details[row.text(contract), default: ContractDetail()].migrationRows.add(row.fields)
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
