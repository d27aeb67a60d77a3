import Foundation
import TestSupport
import XCTest

/// Rows you can find: every split row names the rule that decided it, and with
/// `--provenance` the input and physical line it came from. Through the built binary.
final class ProvenanceTests: XCTestCase {
    let scratch = Scratch()
    let rules = "sample-data/rules/2012-13"
    let inputs = ["sample-data/extracts/apc-spells.csv", "sample-data/extracts/outpatients.csv"]

    /// Every split file under `out`, parsed.
    func splitFiles(_ out: String) throws -> [String: [[String]]] {
        var files: [String: [[String]]] = [:]
        let root = scratch.path(out + "/contracts")
        for contract in try FileManager.default.contentsOfDirectory(atPath: root) {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + contract) {
                files[contract + "/" + name] = Extracts.parse(
                    try String(contentsOfFile: root + "/" + contract + "/" + name, encoding: .utf8))
            }
        }
        return files
    }

    func testEveryRowNamesItsDecidingRule() throws {
        let result = try Binary.run(["split", "--rules", rules, "--out", scratch.path("out"), "--quiet"] + inputs)
        XCTAssertEqual(result.status, 0, result.err)
        var decided = 0
        for (name, rows) in try splitFiles("out") {
            let header = rows[0]
            XCTAssertEqual(Array(header.suffix(2)), ["ruleset", "deciding_rule"], name)
            let line = header.firstIndex(of: "service_line")!, matched = header.firstIndex(of: "matched_rules")!
            for row in rows.dropFirst() {
                let rule = row[header.count - 1]
                if row[line] == "99999999" {
                    XCTAssertEqual(rule, "", "\(name): no rule decided \(row)")
                } else {
                    XCTAssertTrue(
                        row[matched].split(separator: ";").contains(Substring(rule)),
                        "\(name): \(rule) is a matched rule of \(row)")
                    decided += 1
                }
            }
        }
        XCTAssertGreaterThan(decided, 50)
    }

    func testProvenanceAppendsSourceAndPhysicalLine() throws {
        let result = try Binary.run(
            ["split", "--rules", rules, "--out", scratch.path("out"), "--quiet", "--provenance"] + inputs)
        XCTAssertEqual(result.status, 0, result.err)
        let sources = try Dictionary(
            uniqueKeysWithValues: inputs.map {
                (
                    $0,
                    try String(contentsOf: Binary.root.appendingPathComponent($0), encoding: .utf8).split(
                        separator: "\n", omittingEmptySubsequences: false)
                )
            })
        var found = 0
        for (name, rows) in try splitFiles("out") {
            let header = rows[0]
            XCTAssertEqual(Array(header.suffix(4)), ["ruleset", "deciding_rule", "source", "line"], name)
            for row in rows.dropFirst() {
                let source = row[header.count - 2]
                let lines = try XCTUnwrap(sources[source], "\(name): source \(source)")
                let number = try XCTUnwrap(Int(row[header.count - 1]), name)
                // The row's own fields are the fields of that line of its input.
                XCTAssertEqual(
                    Extracts.parse(String(lines[number - 1])).first, Array(row.prefix(header.count - 9)),
                    "\(name) line \(number)")
                found += 1
            }
        }
        XCTAssertEqual(found, 800, "every row of both inputs")

        let piped = try Binary.run(
            ["split", "--rules", rules, "--out", scratch.path("piped"), "--quiet", "--provenance", "-"],
            stdin: try Data(contentsOf: Binary.root.appendingPathComponent(inputs[0])))
        XCTAssertEqual(piped.status, 0, piped.err)
        let rows = try XCTUnwrap(try splitFiles("piped")["RJE_5PK/non-specialised.csv"])
        XCTAssertEqual(rows[1][rows[0].count - 2], "standard input")
    }
}
