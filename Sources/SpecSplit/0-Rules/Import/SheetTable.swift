/// A table of the workbook as a mapping names it: its sheet, the header row found in it,
/// and the column of each mapped field. Cells are read through it with the part the
/// mapping asks for, and problems are placed with the sheet, row and column.
struct SheetTable {
    let sheet: WorkbookSheet
    let table: ImportMapping.Table
    let separator: String
    /// The column index of each mapped field.
    private(set) var columnIndex: [String: Int] = [:]
    /// The header's text by column index.
    private(set) var header: [Int: String] = [:]
    /// The rows below the header, blank rows left out.
    private(set) var rows: [WorkbookRow] = []

    /// The rows searched for the header: a title and notes may sit above it.
    static let headerSearchRows = 30

    /// Finds the header row (the first with the columns of `required` fields) and every
    /// mapped column in it; appends a problem for each that is missing.
    init?(
        sheet: WorkbookSheet, table: ImportMapping.Table, separator: String, required: [String],
        problems: inout [ImportProblem]
    ) {
        self.sheet = sheet
        self.table = table
        self.separator = separator
        func index(of column: ImportMapping.Column, in row: WorkbookRow) -> Int? {
            let keys = Set(column.names.map(WorkbookNames.key))
            return row.cells.indices.first { row.cells[$0].map { keys.contains(WorkbookNames.key($0.text)) } ?? false }
        }
        let wanted = required.compactMap { table.columns[$0] }
        guard
            let headerPosition = sheet.rows.prefix(SheetTable.headerSearchRows).firstIndex(where: { row in
                wanted.allSatisfy { index(of: $0, in: row) != nil }
            })
        else {
            problems.append(
                ImportProblem(
                    codeType: "HEADER", code: wanted.map(\.description).joined(separator: ", "),
                    message:
                        "No header row with the columns \(wanted.map(\.description).joined(separator: ", ")) in the first \(SheetTable.headerSearchRows) rows of [\(table.key)]'s sheet: fix the mapping's header names",
                    sheet: sheet.name, place: SheetTable.sheetPlace(sheet)))
            return nil
        }
        let headerRow = sheet.rows[headerPosition]
        for (position, cell) in headerRow.cells.enumerated() { if let cell { header[position] = cell.text } }
        var ok = true
        for (field, column) in table.columns.sorted(by: { $0.key < $1.key }) {
            if let found = index(of: column, in: headerRow) {
                columnIndex[field] = found
            } else {
                ok = false
                problems.append(
                    ImportProblem(
                        codeType: "HEADER", code: column.description,
                        message:
                            "Column \(column.names.joined(separator: " or ")) (the mapping's [\(table.key)] \(field)) is not in the header row; the header has \(header.keys.sorted().map { header[$0]! }.joined(separator: ", "))",
                        sheet: sheet.name, row: headerRow.number,
                        place: sheet.location(row: headerRow.number, column: nil)))
            }
        }
        guard ok else { return nil }
        rows = sheet.rows[(headerPosition + 1)...].filter { !$0.isBlank }
    }

    static func sheetPlace(_ sheet: WorkbookSheet) -> String {
        switch sheet.origin {
        case .xlsx: return "sheet \"\(sheet.name)\""
        case .csv(let file): return file
        }
    }

    /// True when the mapping names `field` for this table.
    func has(_ field: String) -> Bool { columnIndex[field] != nil }

    /// The raw cell of `field` in `row`.
    func rawCell(_ row: WorkbookRow, _ field: String) -> WorkbookCell? {
        columnIndex[field].flatMap { row.cell($0) }
    }

    /// The text of `field` in `row`, trimmed, with the mapping's part taken; empty when the
    /// field is not mapped or the cell is empty.
    func text(_ row: WorkbookRow, _ field: String) -> String {
        guard let cell = rawCell(row, field), let column = table.columns[field] else { return "" }
        return SheetTable.part(String(cell.text.trimmingSpaces), column.part, separator)
    }

    /// The part of a "code - description" cell.
    static func part(_ text: String, _ part: ImportMapping.Part, _ separator: String) -> String {
        guard part != .whole else { return text }
        guard let range = text.range(of: separator) else { return part == .code ? text : "" }
        let piece = part == .code ? text[..<range.lowerBound] : text[range.upperBound...]
        return String(piece.trimmingSpaces)
    }

    /// A problem with `field`'s cell in `row`.
    func problem(_ row: WorkbookRow, _ field: String, _ type: String, _ code: String, _ message: String)
        -> ImportProblem
    {
        let index = columnIndex[field]
        return ImportProblem(
            codeType: type, code: code, message: message, sheet: sheet.name, row: row.number,
            column: index.flatMap { header[$0] } ?? table.columns[field]?.description ?? field,
            place: sheet.location(row: row.number, column: index))
    }

    /// A problem with cell `index` of `row` (a wide list's code column).
    func problem(_ row: WorkbookRow, column index: Int, _ type: String, _ code: String, _ message: String)
        -> ImportProblem
    {
        ImportProblem(
            codeType: type, code: code, message: message, sheet: sheet.name, row: row.number,
            column: header[index] ?? CellReference.columnName(index),
            place: sheet.location(row: row.number, column: index))
    }
}
