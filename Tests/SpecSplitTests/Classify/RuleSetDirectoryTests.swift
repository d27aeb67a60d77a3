import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// Loading a rule set from files on disk: the checksum, malformed files, explaining a row
/// of an extract file.
final class RuleSetDirectoryTests: XCTestCase {
    /// Writes the fixture's files as CSV into a new directory.
    func write(_ fixture: RuleSetFixture, to directory: TemporaryDirectory) {
        directory.write("ruleset.toml", fixture.toml)
        for (name, table) in fixture.tables {
            let quote: (String) -> String = { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            let text = ([table.header] + table.rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
            directory.write(name, text)
        }
    }

    func fixture() -> RuleSetFixture {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["cf", "E84%", "icd10"]]
        fixture.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "@cf", "description": "Cystic fibrosis, any position"])
        return fixture
    }

    func testChecksumIsSHA256OverSortedNamesNulAndBytes() throws {
        let directory = TemporaryDirectory()
        write(fixture(), to: directory)
        let ruleSet = try RuleSet.load(directory: directory.url.path)
        XCTAssertEqual(ruleSet.rules.first?.description, "Cystic fibrosis, any position")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        let command = names.map { "printf '%s\\0' '\($0)'; cat '\($0)'" }.joined(separator: "; ")
        let output = directory.path("sum.txt")
        XCTAssertEqual(shell("cd '\(directory.url.path)' && (\(command)) | sha256sum | cut -c1-64 > '\(output)'"), 0)
        let expected = try String(contentsOfFile: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(ruleSet.checksum, expected)
    }

    func testAnyChangeChangesTheChecksum() throws {
        let directory = TemporaryDirectory()
        var fixture = fixture()
        write(fixture, to: directory)
        let before = try RuleSet.load(directory: directory.url.path).checksum
        fixture.rules[0]["description"] = "Cystic fibrosis"
        write(fixture, to: directory)
        XCTAssertNotEqual(try RuleSet.load(directory: directory.url.path).checksum, before)
    }

    func testMissingDirectoryAndMalformedCSVAreProblems() throws {
        XCTAssertThrowsError(try RuleSet.load(directory: "/nonexistent/rules")) { error in
            XCTAssertEqual((error as? RuleSetInvalid)?.problems.first?.message, "Rule set directory not found")
        }
        let directory = TemporaryDirectory()
        write(fixture(), to: directory)
        directory.write("pod-settings.csv", "pod,setting\nEL,APC\nNEL,APC,extra\n")
        XCTAssertThrowsError(try RuleSet.load(directory: directory.url.path)) { error in
            let problems = (error as? RuleSetInvalid)?.problems ?? []
            XCTAssertEqual(problems.map(\.file), ["pod-settings.csv"])
            XCTAssertEqual(problems.first?.line, 3)
        }
    }

    func testExplainARowOfAnExtractFile() throws {
        let directory = TemporaryDirectory()
        write(fixture(), to: directory)
        let rules = CompiledRuleSet(try RuleSet.load(directory: directory.url.path))
        let extract = directory.write("apc.csv", """
            Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Age_At_Start_of_Spell_SUS,Spell_Core_HRG,Der_Diagnosis_All
            RJE00,5PK,S1,30,DZ13A,"||J18X,E840"
            RJE00,5PK,S2,30,DZ13A,||J18X

            """)
        let first = try RowExplanation.run(rules: rules, path: extract, line: 2)
        XCTAssertEqual(first.explanation.decidingRuleID, "CF")
        XCTAssertEqual(first.explanation.setting, .apc)
        XCTAssertTrue(first.description.hasPrefix("\(extract):2 "))
        let second = try RowExplanation.run(rules: rules, path: extract, line: 3)
        XCTAssertEqual(second.explanation.entries.first?.reason, "icd10: no diagnosis in @cf")
        XCTAssertThrowsError(try RowExplanation.run(rules: rules, path: extract, line: 4)) { error in
            XCTAssertTrue("\(error)".contains("no row starts on line 4"), "\(error)")
        }
    }
}
