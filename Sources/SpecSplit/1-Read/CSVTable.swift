import Foundation

/// A malformed row in a small CSV file read whole (rule sets, reference tables).
public struct CSVTableError: Error, CustomStringConvertible, Equatable {
    /// The file.
    public let path: String
    /// The physical line where the row starts.
    public let line: Int
    /// What was wrong.
    public let message: String

    /// `path:line: message`.
    public var description: String { "\(path):\(line): \(message)" }
}

/// A small CSV file read whole into strings: for rule sets and reference tables, never
/// for activity extracts (those stream through ``CSVReader``).
public struct CSVTable: Sendable {
    /// The file read.
    public let path: String
    /// The column names of the header row.
    public let header: [String]
    /// Every data row, as many fields as the header.
    public let rows: [[String]]
    /// The physical line on which each row starts.
    public let lines: [Int]

    /// Builds a table from rows already in memory.
    public init(path: String, header: [String], rows: [[String]], lines: [Int]) {
        self.path = path
        self.header = header
        self.rows = rows
        self.lines = lines
    }

    /// Reads `path` whole.
    /// - Throws: ``ReadError`` when it cannot be opened or is empty, ``CSVTableError`` on the
    ///   first malformed row (a stray quote, an unclosed quote, a row whose field count
    ///   differs from the header's).
    public static func read(path: String) throws -> CSVTable {
        let reader = try CSVReader(path: path)
        let batch = RowBatch(bytes: 1 << 16)
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next(into: batch) {
            for row in 0..<batch.count {
                guard batch.status(row) == .ok else {
                    throw CSVTableError(path: path, line: batch.line(row), message: batch.problemDescription(row, header: reader.header))
                }
                rows.append(batch.strings(row))
                lines.append(batch.line(row))
            }
        }
        return CSVTable(path: path, header: reader.header, rows: rows, lines: lines)
    }

    /// The index of the column named `name` (exact match after trimming spaces, any case).
    public func column(_ name: String) -> Int? {
        let wanted = name.lowercased()
        return header.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }
    }
}
