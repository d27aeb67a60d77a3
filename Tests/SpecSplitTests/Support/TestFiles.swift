import Foundation
import XCTest

@testable import SpecSplit
import TestSupport

/// One parsed row as a test sees it.
struct ParsedRow: Equatable, CustomStringConvertible {
    var line: Int
    var status: RowStatus
    var fields: [[UInt8]]
    var errorColumn: Int = -1

    var text: [String] { fields.map { String(decoding: $0, as: UTF8.self) } }
    var description: String { "line \(line) \(status) \(text)" }
}

/// Reads every row of `path` with the given options.
func readAll(_ path: String, options: CSVReadOptions = CSVReadOptions()) throws -> (header: [String], rows: [ParsedRow]) {
    let reader = try CSVReader(path: path, options: options)
    let batch = RowBatch(bytes: 256)
    var rows: [ParsedRow] = []
    while try reader.next(into: batch) {
        for r in 0..<batch.count {
            let fields = (0..<batch.fieldCount(r)).map { Array(batch.field(r, $0)) }
            rows.append(ParsedRow(line: batch.line(r), status: batch.status(r), fields: fields, errorColumn: batch.errorColumn(r)))
        }
    }
    return (reader.header, rows)
}

/// Runs a shell command and returns its exit status.
@discardableResult
func shell(_ command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try! process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
