import Foundation

/// One cell of a sheet as read: its text and whether the workbook stored it as a number.
///
/// A number's text is written in plain decimal (`3`, `0.25`, `1200`; never `1.2E3`), rounded
/// to the 15 significant digits a spreadsheet shows, so `0.14999999999999999` reads `0.15`.
/// Every cell of a CSV file is text, but may have been a number before it was exported:
/// ``isNumber`` is false for it, and ``fromCSV`` true.
public struct WorkbookCell: Hashable, Sendable {
    /// The cell's text (empty cells are not stored at all).
    public var text: String
    /// True when the workbook stored the cell as a number.
    public var isNumber: Bool
    /// True when the cell was read from a CSV export, which cannot say whether it was a number.
    public var fromCSV: Bool

    /// A cell from its parts.
    public init(text: String, isNumber: Bool = false, fromCSV: Bool = false) {
        self.text = text
        self.isNumber = isNumber
        self.fromCSV = fromCSV
    }
}

/// One row of a sheet: its number in the sheet (1 is the first row, or the first line of a
/// CSV file) and its cells placed by column (0 is column A; nil where the cell is empty).
public struct WorkbookRow: Hashable, Sendable {
    /// The row's number (the sheet's row number, or the CSV file's physical line).
    public var number: Int
    /// The cells by column index; shorter than the widest row when its last cells are empty.
    public var cells: [WorkbookCell?]

    /// A row from its parts.
    public init(number: Int, cells: [WorkbookCell?]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in column `index` (0 is A), if any.
    public func cell(_ index: Int) -> WorkbookCell? { index < cells.count ? cells[index] : nil }

    /// True when every cell is empty or only spaces.
    public var isBlank: Bool { cells.allSatisfy { $0 == nil || $0!.text.allSatisfy { $0 == " " || $0 == "\t" } } }
}

/// One sheet of a workbook, or one CSV file of a directory of exported tables, with its
/// rows in order (rows with no cells at all are left out).
public struct WorkbookSheet: Hashable, Sendable {
    /// Where a sheet came from, for messages.
    public enum Origin: Hashable, Sendable {
        /// A sheet of an `.xlsx` file: the file's name.
        case xlsx(file: String)
        /// A CSV file of a directory: the file's name.
        case csv(file: String)
    }

    /// The sheet's name (for a CSV file, its name without `.csv`).
    public var name: String
    /// Where it came from.
    public var origin: Origin
    /// The rows that have cells, in order.
    public var rows: [WorkbookRow]

    /// A sheet from its parts.
    public init(name: String, origin: Origin, rows: [WorkbookRow]) {
        self.name = name
        self.origin = origin
        self.rows = rows
    }

    /// Where a cell is, for a person: `sheet "Summary", row 12, column K` in a workbook,
    /// `summary.csv:12` in a CSV file. `column` is nil for the whole row.
    public func location(row: Int, column: Int?) -> String {
        switch origin {
        case .xlsx:
            var text = "sheet \"\(name)\", row \(row)"
            if let column { text += ", cell \(CellReference.columnName(column))\(row)" }
            return text
        case .csv(let file):
            var text = "\(file):\(row)"
            if let column { text += ", field \(column + 1)" }
            return text
        }
    }
}

/// A workbook's sheets: an `.xlsx` file (``XLSXWorkbook``) or a directory of its tables
/// exported to CSV (``CSVDirectoryWorkbook``).
public protocol Workbook {
    /// The file or directory, as given.
    var path: String { get }
    /// The names of the sheets (of the CSV files, without `.csv`), in workbook order.
    var sheetNames: [String] { get }
    /// Reads the sheet named `name` exactly (see ``Workbook/resolve(_:)``).
    func sheet(_ name: String) throws -> WorkbookSheet
}

extension Workbook {
    /// The sheet whose name is `wanted`, compared without case, spaces, `_` and `-`
    /// (`Summary of ID code sets` finds `summary_of_id_code_sets.csv`); nil when none is.
    public func resolve(_ wanted: String) -> String? {
        let key = WorkbookNames.key(wanted)
        return sheetNames.first { $0 == wanted } ?? sheetNames.first { WorkbookNames.key($0) == key }
    }
}

/// How names of sheets and headers are compared.
enum WorkbookNames {
    private static let ignored: Set<Character> = [" ", "_", "-", "\t", "\r", "\n", "\r\n"]

    /// Lower case, without spaces, `_`, `-` and line breaks.
    static func key(_ name: String) -> String {
        String(name.lowercased().filter { !ignored.contains($0) })
    }
}

/// A workbook that cannot be read: what is wrong, and with which file (and part of it).
public struct WorkbookError: SpecSplitError, Hashable, Sendable {
    /// The file (or directory).
    public var path: String
    /// What is wrong and what to do.
    public var message: String

    /// An error about `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }

    /// 66 when the workbook is missing, 65 when it is there but cannot be read as one.
    public var exitCode: Int32 {
        access(path, F_OK) == 0 ? ExitStatus.data : ExitStatus.noInput
    }

    /// The workbook.
    public var location: ErrorLocation? { ErrorLocation(file: path) }
}

/// Opens `path` as a workbook: a directory is read as CSV tables, anything else as `.xlsx`.
/// - Throws: ``WorkbookError`` when it is missing or unreadable.
public func openWorkbook(_ path: String) throws -> any Workbook {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw WorkbookError(path: path, message: "no such file or directory")
    }
    if isDirectory.boolValue { return try CSVDirectoryWorkbook(path: path) }
    return try XLSXWorkbook(path: path)
}
