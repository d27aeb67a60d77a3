import Foundation
import XCTest

@testable import SpecSplit

/// docs/rules.md and the loader agree on which files a rule set must have, which tables a
/// rule can need, and what the loader uses for each file, column and key left out.
final class RuleSetDocsTests: XCTestCase {
    /// The two tables of the "Required files and defaults" section (files, then columns and
    /// keys): their data rows, cells trimmed and without backticks.
    func documentedTables() throws -> [[[String]]] {
        let path = URL(fileURLWithPath: sampleData).deletingLastPathComponent().appendingPathComponent("docs/rules.md")
            .path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let section = try XCTUnwrap(text.components(separatedBy: "### Required files and defaults").dropFirst().first)
        var tables: [[[String]]] = []
        var current: [[String]]? = nil
        for line in (section.components(separatedBy: "\n## ").first ?? "").split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            guard line.hasPrefix("|") else {
                if let table = current { tables.append(table) }
                current = nil
                continue
            }
            if current == nil {
                current = []  // the header row
                continue
            }
            if line.hasPrefix("|---") { continue }
            current?.append(
                line.split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
                })
        }
        if let table = current { tables.append(table) }
        return tables
    }

    func testTheDocumentedRequirementsAreTheLoaders() throws {
        let tables = try documentedTables()
        XCTAssertEqual(tables.count, 2)
        let files = Dictionary(uniqueKeysWithValues: tables[0].map { ($0[0], $0) })
        XCTAssertEqual(
            Set(files.keys),
            Set(
                RuleSetParser.FileName.required + RuleSetParser.neededTables.map(\.file)
                    + RuleSetParser.optionalFiles.map(\.file)))
        for name in RuleSetParser.FileName.required { XCTAssertEqual(files[name]?[1], "always", name) }
        for table in RuleSetParser.neededTables {
            XCTAssertFalse(["always", "never"].contains(files[table.file]?[1] ?? "never"), table.file)
            XCTAssertEqual(files[table.file]?[2], table.absent, table.file)
        }
        for (file, absent) in RuleSetParser.optionalFiles {
            XCTAssertEqual(files[file]?[1], "never", file)
            XCTAssertEqual(files[file]?[2], absent, file)
        }

        let columns = Dictionary(uniqueKeysWithValues: tables[1].map { ("\($0[0]) \($0[1])", $0[2]) })
        let loaded =
            RuleSetParser.optionalColumns.map { ("\($0.file) \($0.column)", $0.absent) }
            + RuleSetParser.optionalKeys.map { ("ruleset.toml \($0.key)", $0.absent) }
        XCTAssertEqual(Set(columns.keys), Set(loaded.map(\.0) + ["ruleset.toml categories"]))
        for (key, absent) in loaded { XCTAssertEqual(columns[key], absent, key) }
    }
}
