import Foundation
import TestSupport
import XCTest

/// Extracts and rule sets for end-to-end tests, made the way an analyst meets them: generated
/// by `specsplit generate`, then with columns renamed to other plausible names, or rule sets
/// with columns and files left out.
enum Extracts {
    /// Writes a generated extract to `name` in `scratch` and returns its path.
    static func generate(
        _ scratch: Scratch, _ name: String, shape: String, rows: Int = 2_000, seed: Int = 5, episodes: Bool = false
    ) throws -> String {
        let path = scratch.path(name)
        let result = try Binary.run(
            [
                "generate", "--shape", shape, "--rows", String(rows), "--seed", String(seed), "--contracts", "6",
                "--output", path,
            ]
                + (episodes ? ["--episodes"] : []))
        XCTAssertEqual(result.status, 0, result.err)
        return path
    }

    /// Copies the extract at `path` to `name` in `scratch` with header columns renamed
    /// (`old -> new`, whole names only; the rows are left as they are); returns the copy's path.
    static func renamed(_ path: String, to name: String, in scratch: Scratch, _ names: [String: String]) throws
        -> String
    {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let end = text.firstIndex(of: "\n") else { throw TestFailure("no header line in \(path)") }
        let header = text[..<end].split(separator: ",", omittingEmptySubsequences: false).map {
            names[String($0)] ?? String($0)
        }
        for old in names.keys where !text[..<end].split(separator: ",").contains(Substring(old)) {
            throw TestFailure("\(path) has no column \(old) to rename")
        }
        return scratch.write(name, header.joined(separator: ",") + String(text[end...]))
    }

    /// The numbered diagnosis columns `DIAG_01..DIAG_12` renamed `PrimaryDiagnosis, Diag2..Diag12`.
    static let primaryAndNumberedDiagnoses: [String: String] = {
        var names = ["DIAG_01": "PrimaryDiagnosis"]
        for number in 2...12 { names[String(format: "DIAG_%02d", number)] = "Diag\(number)" }
        return names
    }()

    /// Copies a rule set directory into `scratch` as `name`; returns its path.
    static func copyRules(_ year: String = "2012-13", to name: String, in scratch: Scratch) throws -> String {
        let target = scratch.path(name)
        try FileManager.default.copyItem(
            atPath: Binary.root.appendingPathComponent("sample-data/rules/\(year)").path, toPath: target)
        return target
    }

    /// Rewrites the CSV file at `path` without the columns named `drop` (quoted fields kept whole).
    static func dropColumns(_ path: String, _ drop: Set<String>) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = parse(text)
        guard let header = rows.first else { return }
        let keep = header.indices.filter { !drop.contains(header[$0]) }
        XCTAssertEqual(keep.count, header.count - drop.count, "\(path) has every column of \(drop)")
        let out = rows.map { row in keep.map { $0 < row.count ? quote(row[$0]) : "" }.joined(separator: ",") }
        try (out.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The rows of a small RFC 4180 CSV text (blank lines dropped).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let char = pending ?? chars.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
                continue
            }
            switch char {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); field = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            default: field.append(char)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A field quoted when it must be.
    static func quote(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// The JSON object of a manifest.
    static func manifest(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// A test precondition that did not hold (a fixture that is not what the test expects).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
