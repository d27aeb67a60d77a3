/// One CSV file of a rule set as read: its header, its rows and the physical line of each
/// row. ``RuleSet/load(directory:)`` fills it from `CSVTable`; tests build it in memory.
struct RuleTable: Sendable {
    /// The file's name (`rules.csv`), without its directory.
    var name: String
    /// The header, trimmed.
    var header: [String]
    /// The rows, cells as read.
    var rows: [[String]]
    /// The physical line of each row (the header is line 1 in a file without blank lines).
    var lines: [Int]

    init(name: String, header: [String], rows: [[String]], lines: [Int]? = nil) {
        self.name = name
        self.header = header.map { String($0.trimmingSpaces).lowercased() }
        self.rows = rows
        self.lines = lines ?? Array(2..<(2 + rows.count))
    }

    /// The index of the column named `name`, if the header has it.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The cell of `row` in column `index` (trimmed; empty when the row is short or the
    /// column is absent).
    func cell(_ row: Int, _ index: Int?) -> String {
        guard let index, index < rows[row].count else { return "" }
        return String(rows[row][index].trimmingSpaces)
    }

    /// True when every cell of `row` is empty (a blank line in a spreadsheet export).
    func isBlank(_ row: Int) -> Bool { rows[row].allSatisfy { $0.trimmingSpaces.isEmpty } }
}
