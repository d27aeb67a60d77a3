import Foundation
import TestSupport
import XCTest

/// Inputs are read as they are, once, and counted once: a repeated input is refused, a
/// pipe is read exactly once, a gzip file with something after its last member is an
/// error.
final class InputSafetyTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extract = Binary.root.appendingPathComponent("sample-data/extracts/contract-monitoring.csv").path

    func split(_ arguments: [String]) throws -> Binary.Result {
        try Binary.run(["split", "--rules", rules] + arguments, in: scratch.url)
    }

    func copy(_ name: String) throws -> String {
        let path = scratch.path(name)
        try FileManager.default.copyItem(atPath: extract, toPath: path)
        return path
    }

    /// `ALL` rows read, from control-totals.csv of `out`.
    func rowsRead(_ out: String) -> String? {
        scratch.read(out + "/control-totals.csv")?.split(separator: "\n").first { $0.hasPrefix("ALL,,,rows,") }?
            .split(separator: ",", omittingEmptySubsequences: false)[4].description
    }

    // MARK: - A repeated input is refused (case 6)

    /// Issue 15, case 6: the same file named twice (the same name, another spelling, a hard
    /// link) is refused with 64 before anything is read or written.
    func testTheSameFileTwiceIsRefused() throws {
        let s1 = try copy("s1.csv")
        XCTAssertEqual(link(s1, scratch.path("hard.csv")), 0)
        for (what, inputs) in [
            ("the same name", ["s1.csv", "s1.csv"]), ("another spelling", ["s1.csv", "./s1.csv"]),
            ("a hard link", ["s1.csv", "hard.csv"]), ("three times", ["s1.csv", "s1.csv", "./s1.csv"]),
        ] {
            let result = try split(["--out", "o", "--quiet"] + inputs)
            XCTAssertEqual(result.status, 64, "\(what): \(result.err)")
            XCTAssertTrue(result.err.contains("same file") && result.err.contains("--allow-duplicate-inputs"), "\(what): \(result.err)")
            XCTAssertFalse(scratch.exists("o") || scratch.exists("o.failed"), what)
        }
    }

    /// Issue 15, case 6: two files with the same content (a copy, a gzip of it) are found
    /// by their SHA-256, as they are read, and refused before anything is published.
    func testTheSameContentTwiceIsRefusedBeforePublishing() throws {
        let s1 = try copy("s1.csv")
        _ = try copy("s2.csv")
        XCTAssertEqual(try Binary.shell("gzip -c s1.csv > s3.csv.gz", in: scratch.url).status, 0)
        XCTAssertEqual(try split(["--out", "o", "--quiet", s1]).status, 0)
        let before = scratch.read("o/manifest.json")
        for other in ["s2.csv", "s3.csv.gz"] {
            let result = try split(["--out", "o", "--force", "--quiet", "s1.csv", other])
            XCTAssertEqual(result.status, 64, "\(other): \(result.err)")
            XCTAssertTrue(result.err.contains("s1.csv") && result.err.contains(other) && result.err.contains("same content"), result.err)
            XCTAssertEqual(scratch.read("o/manifest.json"), before, "\(other): nothing published")
        }
    }

    /// Issue 15, case 6: `--allow-duplicate-inputs` (or `allow_duplicate_inputs = true` in
    /// the config) lets a repeated input through, counted each time, with a warning.
    func testAllowDuplicateInputsCountsEachTime() throws {
        _ = try copy("s1.csv")
        _ = try copy("s2.csv")
        let allowed = try split(["--out", "o", "--allow-duplicate-inputs", "s1.csv", "s1.csv", "s2.csv"])
        XCTAssertEqual(allowed.status, 0, allowed.err)
        XCTAssertEqual(rowsRead("o"), "900")
        XCTAssertTrue(allowed.err.contains("warning") && allowed.err.contains("s1.csv"), allowed.err)
        let config = scratch.write("split.toml", "rules = \"\(rules)\"\nout = \"c\"\ninputs = [\"s1.csv\", \"s2.csv\"]\nallow_duplicate_inputs = true\n")
        let configured = try Binary.run(["split", "--config", config, "--quiet"], in: scratch.url)
        XCTAssertEqual(configured.status, 0, configured.err)
        XCTAssertEqual(rowsRead("c"), "600")
        let bad = scratch.write("bad.toml", "allow_duplicate_inputs = \"yes\"\n")
        XCTAssertEqual(try Binary.run(["split", "--config", bad], in: scratch.url).status, 78)
    }

    /// Files with the same header and no rows add nothing: not refused.
    func testHeaderOnlyInputsWithTheSameHeaderAreNotDuplicates() throws {
        let header = String(try String(contentsOfFile: extract, encoding: .utf8).prefix { $0 != "\n" }) + "\n"
        scratch.write("empty1.csv", header)
        scratch.write("empty2.csv", header)
        let result = try split(["--out", "o", "--quiet", "empty1.csv", "empty2.csv"])
        XCTAssertEqual(result.status, 0, result.err)
    }
}
