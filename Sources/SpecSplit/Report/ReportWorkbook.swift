import Foundation

/// `report/specsplit.xlsx`: the output's main tables as a workbook for spreadsheet users.
/// Every code and id is a text cell (so `03` and 12-digit spell ids survive), every figure
/// a number. A split gives Contracts (contracts.csv), Categories
/// (contracts-by-category.csv), Summary (summary.csv) and Migration (migration.csv, when
/// written); a comparison gives Contracts, Categories (its control totals, category by
/// category on each side), Summary (movements-by-service.csv), Movements (movements.csv)
/// and Rules (movements-by-rule.csv).
enum ReportWorkbook {
    /// The sheets of a workbook for `kind`: name and CSV file, in order.
    static func sheets(_ kind: RunManifest.Kind, manifest: RunManifest) -> [(name: String, file: String)] {
        switch kind {
        case .split:
            var sheets = [
                ("Contracts", "contracts.csv"), ("Categories", "contracts-by-category.csv"), ("Summary", "summary.csv"),
            ]
            if manifest.output("migration.csv") != nil { sheets.append(("Migration", "migration.csv")) }
            return sheets
        case .compare:
            return [
                ("Contracts", "contracts.csv"), ("Categories", "control-totals.csv"),
                ("Summary", "movements-by-service.csv"),
                ("Movements", "movements.csv"), ("Rules", "movements-by-rule.csv"),
            ]
        }
    }

    /// How a column named `name` is written.
    static func kind(_ name: String) -> XLSXWriter.Kind {
        switch name {
        case "rows", "national_rows", "current_unknown_rows", "migrating_rows": return .count
        case "from", "to", "change": return .number  // rows or amounts, by the line's measure
        default:
            if TableView.shareColumns.contains(name) { return .share }
            if TableView.figureColumns.contains(name) { return .amount }
            return .text
        }
    }

    /// Writes the workbook of the output in `directory` to `path`, staging sheets in
    /// `scratch`. A table longer than a sheet can hold goes on in `Summary 2`, `Summary 3`...
    static func write(
        _ kind: RunManifest.Kind, manifest: RunManifest, directory: String, to path: String, scratch: String,
        maxRows: Int = XLSXWriter.spreadsheetRows
    ) throws {
        let writer = XLSXWriter(path: path, scratch: scratch, maxRows: maxRows)
        for (name, file) in sheets(kind, manifest: manifest) {
            let csvPath = (directory as NSString).appendingPathComponent(file)
            var header: [String] = []
            var kinds: [XLSXWriter.Kind] = []
            var part = 1
            func begin() throws {
                let widths = header.map { column -> Int in
                    switch Self.kind(column) {
                    case .text: return max(10, min(column.count + 2, 40))
                    default: return max(12, column.count + 2)
                    }
                }
                try writer.beginSheet(
                    part == 1 ? name : "\(name) \(part)", header: header, kinds: kinds, widths: widths)
            }
            try PublishedCSV.stream(
                csvPath,
                prepare: { csv in
                    header = csv.header
                    kinds = csv.header.map(Self.kind)
                    try begin()
                }
            ) { row in
                if writer.sheetIsFull {
                    part += 1
                    try begin()
                }
                do {
                    try writer.row(count: header.count) { column, body in try row.withBytes(column, body) }
                } catch let error as XLSXWriterError {
                    throw ReportError.badFile(path: csvPath, line: row.line, column: nil, reason: error.message)
                }
            }
        }
        try writer.finish()
    }
}
