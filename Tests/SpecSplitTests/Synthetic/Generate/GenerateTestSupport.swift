import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// A generated extract read back through the library's CSV reader.
struct GeneratedTable {
    var header: [String]
    var rows: [ParsedRow]

    /// Column `name`'s index.
    func column(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else { fatalError("no column \(name) in \(header)") }
        return index
    }

    /// Every row's value in column `name`.
    func values(_ name: String) -> [String] {
        let index = column(name)
        return rows.map { $0.text[index] }
    }
}

/// Generates an extract, writes it to `dir` and reads it back with ``CSVReader``.
func generateAndRead(_ generator: ExtractGenerator, in dir: TemporaryDirectory) throws -> GeneratedTable {
    let bytes = try generator.generate()
    let path = dir.write("\(generator.shape)-\(generator.seed)-\(generator.rows).csv", bytes)
    let (header, rows) = try readAll(path)
    return GeneratedTable(header: header, rows: rows)
}

/// A `YYYY-MM-DD` date as a day number.
func dayNumber(_ text: String) -> Int? {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return GenerationCalendar.daysFromCivil(parts[0], parts[1], parts[2])
}
