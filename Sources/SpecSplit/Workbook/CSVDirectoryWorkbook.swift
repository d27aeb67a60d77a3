import Foundation

/// A workbook whose tables were exported to CSV, one file a sheet, in one directory: the
/// sheet `Summary of ID code sets` is the file `Summary of ID code sets.csv` (or any file
/// whose name matches it without case, spaces, `_` and `-`: ``Workbook/resolve(_:)``).
///
/// Every row comes through, the header row included, numbered by the file's physical lines;
/// every cell is text that may have been a number (``WorkbookCell/fromCSV``).
public struct CSVDirectoryWorkbook: Workbook {
    /// The directory, as given.
    public let path: String
    /// The CSV files' names without `.csv`, sorted.
    public let sheetNames: [String]

    /// Lists the CSV files of the directory at `path`.
    /// - Throws: ``WorkbookError`` when it cannot be read or holds no CSV file.
    public init(path: String) throws {
        self.path = path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            throw WorkbookError(path: path, message: "cannot read the directory")
        }
        sheetNames = names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(4)) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if sheetNames.isEmpty {
            throw WorkbookError(
                path: path, message: "no .csv files: export each table of the workbook to NAME.csv here")
        }
    }

    /// Reads the file of the sheet `name`.
    /// - Throws: ``WorkbookError`` when it is missing or malformed (with its line).
    public func sheet(_ name: String) throws -> WorkbookSheet {
        guard
            let file = try? FileManager.default.contentsOfDirectory(atPath: path).first(where: {
                $0.lowercased().hasSuffix(".csv") && String($0.dropLast(4)) == name
            })
        else {
            throw WorkbookError(path: path, message: "no file \(name).csv")
        }
        let table: CSVTable
        do {
            table = try CSVTable.read(path: path + "/" + file)
        } catch let error as CSVTableError {
            throw WorkbookError(path: path + "/" + file, message: "line \(error.line): \(error.message)")
        } catch {
            throw WorkbookError(path: path + "/" + file, message: "\(error)")
        }
        func row(_ number: Int, _ fields: [String]) -> WorkbookRow {
            WorkbookRow(number: number, cells: fields.map { $0.isEmpty ? nil : WorkbookCell(text: $0, fromCSV: true) })
        }
        let headerLine = max(1, (table.lines.first ?? 2) - 1)
        let rows = [row(headerLine, table.header)] + zip(table.lines, table.rows).map { row($0, $1) }
        return WorkbookSheet(name: name, origin: .csv(file: file), rows: rows.filter { !$0.isBlank })
    }
}
