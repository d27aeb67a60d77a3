import Foundation
import TestSupport
import XCTest

/// The built binary on sample-data, compared byte for byte with sample-data/expected
/// (manifest times aside). If a change is meant to alter the outputs, refresh them with
/// the command in sample-data/README.md and review the diff.
final class SampleDataTests: XCTestCase {
    let scratch = Scratch()
    static let inputs = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map { "sample-data/extracts/" + $0 }
    let expected = Binary.root.appendingPathComponent("sample-data/expected")

    func split(_ inputs: [String] = SampleDataTests.inputs, out: String = "out") throws -> Binary.Result {
        try Binary.run(
            ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path(out), "--quiet"]
                + inputs)
    }

    /// Every file under `directory`, relative.
    func files(_ directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var found: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                found.append(String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1)))
            }
        }
        return found.sorted()
    }

    /// The manifest without its two times.
    func timeless(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { !$0.contains("\"started\"") && !$0.contains("\"finished\"") }.joined(separator: "\n")
    }

    func testSplitOfSampleDataMatchesExpectedOutputsByteForByte() throws {
        let result = try split()
        XCTAssertEqual(result.status, 0, result.err)
        let out = URL(fileURLWithPath: scratch.path("out"))
        let produced = files(out)
        XCTAssertEqual(produced, files(expected), "the same files")
        XCTAssertGreaterThan(produced.count, 100)
        for name in produced {
            let actual = try Data(contentsOf: out.appendingPathComponent(name))
            let reference = try Data(contentsOf: expected.appendingPathComponent(name))
            if name == "manifest.json" {
                XCTAssertEqual(timeless(actual), timeless(reference), name)
            } else {
                XCTAssertEqual(actual, reference, name)
            }
        }
        XCTAssertEqual(scratch.read("out/rejects.csv"), "source,line,reason,column,record,lines,contract\n", "no rejects")
        XCTAssertEqual(scratch.entries().sorted(), ["out"], "nothing beside OUT")
    }

    func testSampleDataCoversEveryCategoryAndPrisonAndMilitaryServices() throws {
        let summary = try String(contentsOf: expected.appendingPathComponent("summary.csv"), encoding: .utf8)
        let rows = summary.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(Set(rows.map { $0[3] }), ["specialised", "non-specialised", "prison", "military", "dental"])
        XCTAssertGreaterThanOrEqual(Set(rows.filter { $0[3] == "prison" }.map { $0[4] }).count, 2, "prison activity of several services")
        XCTAssertGreaterThanOrEqual(Set(rows.filter { $0[3] == "military" }.map { $0[4] }).count, 2, "military activity of several services")
        XCTAssertGreaterThanOrEqual(Set(rows.map { $0[0] }).count, 5, "several contracts")
    }

    func testGzipAndStandardInputGiveTheSameSplitFiles() throws {
        let gz = scratch.path("spells.csv.gz")
        XCTAssertEqual(try Binary.shell("gzip -c '\(Binary.root.path)/sample-data/extracts/apc-spells.csv' > '\(gz)'", in: scratch.url).status, 0)
        XCTAssertEqual(try split(["sample-data/extracts/apc-spells.csv"], out: "plain").status, 0)
        XCTAssertEqual(try split([gz], out: "gzip").status, 0)
        let stdin = try Binary.run(
            ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path("stdin"), "--quiet", "-"],
            stdin: try Data(contentsOf: Binary.root.appendingPathComponent("sample-data/extracts/apc-spells.csv")))
        XCTAssertEqual(stdin.status, 0, stdin.err)
        let plain = URL(fileURLWithPath: scratch.path("plain"))
        for name in files(plain) where name.hasPrefix("contracts/") || name == "summary.csv" || name == "control-totals.csv" {
            let reference = try Data(contentsOf: plain.appendingPathComponent(name))
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: scratch.path("gzip/" + name))), reference, name)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: scratch.path("stdin/" + name))), reference, name)
        }
    }

    /// A 1 MiB output budget on a generated extract of 400 contracts (2,000 files, 5 MB of
    /// output): the buffers stay within it, the files are written out many times on the
    /// writing thread, and every output is byte for byte what the default budget gives.
    func testASmallOutputBudgetGivesTheSameFilesWithinIt() throws {
        let input = scratch.path("generated.csv")
        let generate = try Binary.run(
            ["generate", "--shape", "apc", "--rows", "25000", "--seed", "7", "--contracts", "400", "--output", input])
        XCTAssertEqual(generate.status, 0, generate.err)
        func split(_ out: String, _ extra: [String]) throws -> Binary.Result {
            try Binary.run(
                ["split", "--rules", "sample-data/rules/2012-13", "--out", scratch.path(out), "--log-level", "debug"]
                    + extra + [input])
        }
        let reference = try split("default", [])
        XCTAssertEqual(reference.status, 0, reference.err)
        let small = try split("small", ["--output-memory", "1"])
        XCTAssertEqual(small.status, 0, small.err)
        // "buffers at most N KiB of 1024 KiB", from the debug log.
        let peak = small.err.split(separator: "\n").first { $0.contains("KiB of 1024 KiB") }
            .flatMap { $0.components(separatedBy: "buffers at most ").last?.split(separator: " ").first }
            .flatMap { Int($0) }
        XCTAssertNotNil(peak, small.err)
        XCTAssertLessThanOrEqual(peak ?? .max, 1024, "buffers within the budget")
        XCTAssertGreaterThan(peak ?? 0, 512, "the budget was used")
        let defaultDirectory = URL(fileURLWithPath: scratch.path("default"))
        let names = files(defaultDirectory)
        XCTAssertEqual(files(URL(fileURLWithPath: scratch.path("small"))), names)
        XCTAssertGreaterThan(names.filter { $0.hasPrefix("contracts/") }.count, 1_900)
        for name in names {
            let expected = try Data(contentsOf: defaultDirectory.appendingPathComponent(name))
            let actual = try Data(contentsOf: URL(fileURLWithPath: scratch.path("small/" + name)))
            if name == "manifest.json" {
                XCTAssertEqual(timeless(actual), timeless(expected), name)
            } else {
                XCTAssertEqual(actual, expected, name)
            }
        }
        XCTAssertEqual(try split("zero", ["--output-memory", "0"]).status, 64, "a budget of 0 is a usage error")
    }

    func testInspectShowsShapeMappingAndRows() throws {
        let result = try Binary.run(["inspect", "sample-data/extracts/apc-episodes.csv", "sample-data/extracts/contract-monitoring.csv"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("shape:     admitted patient care (apc), episode level"), result.out)
        XCTAssertTrue(result.out.contains("diagnoses               DIAG_01..DIAG_12"), result.out)
        XCTAssertTrue(result.out.contains("shape:     contract monitoring (slam)"), result.out)
        XCTAssertTrue(result.out.contains("rows:      400 (0 malformed)"), result.out)
    }

    func testExplainSaysWhyARowIsSpecialised() throws {
        let specialised = try String(contentsOf: expected.appendingPathComponent("contracts/RJE_5PK/specialised-apc.csv"), encoding: .utf8)
        guard let row = specialised.split(separator: "\n").dropFirst().first else { return XCTFail("no specialised spell in RJE_5PK") }
        let spell = row.split(separator: ",")[4]  // Der_Spell_ID
        let source = try String(contentsOf: Binary.root.appendingPathComponent("sample-data/extracts/apc-spells.csv"), encoding: .utf8)
        guard let index = source.split(separator: "\n").firstIndex(where: { $0.split(separator: ",")[4] == spell }) else {
            return XCTFail("spell \(spell) not in the extract")
        }
        let result = try Binary.run(["explain", "--rules", "sample-data/rules/2012-13", "sample-data/extracts/apc-spells.csv", "--line", String(index + 1)])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("\nResult: specialised, service line "), result.out)
        XCTAssertTrue(result.out.contains("  FIRED  "), result.out)
        XCTAssertTrue(result.out.contains("Decided by "), result.out)
    }
}
