import Foundation
import TestSupport
import XCTest

/// `specsplit explain` finds rows the way an analyst has them (by line or by id, several at
/// once, with the split's config) and says which code made each rule fire, what each rule
/// is for, and which rule decided. Through the built binary.
final class ExplainCommandTests: XCTestCase {
    let scratch = Scratch()
    let rules = "sample-data/rules/2012-13"
    let spells = "sample-data/extracts/apc-spells.csv"

    func explain(_ arguments: [String]) throws -> Binary.Result { try Binary.run(["explain"] + arguments) }

    /// Field `column` of physical line `line` of the sample extract `path`.
    func field(_ path: String, line: Int, column: String) throws -> String {
        let rows = Extracts.parse(try String(contentsOf: Binary.root.appendingPathComponent(path), encoding: .utf8))
        let index = try XCTUnwrap(rows[0].firstIndex(of: column))
        return rows[line - 1][index]
    }

    func testSeveralLinesAreEachExplained() throws {
        let result = try explain(["--rules", rules, spells, "--line", "3", "--line", "7"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("\(spells):3 ("), result.out)
        XCTAssertTrue(result.out.contains("\(spells):7 ("), result.out)
        XCTAssertEqual(result.out.components(separatedBy: "\nResult: ").count - 1, 2, result.out)
    }

    func testRowsAreFoundByTheirSpellOrAttendanceID() throws {
        let spell = try field(spells, line: 9, column: "Der_Spell_ID")
        let byID = try explain(["--rules", rules, spells, "--id", spell, "--line", "4"])
        XCTAssertEqual(byID.status, 0, byID.err)
        XCTAssertTrue(byID.out.contains("\(spells):9 ("), byID.out)
        XCTAssertTrue(byID.out.contains("\(spells):4 ("), byID.out)

        let outpatients = "sample-data/extracts/outpatients.csv"
        let attendance = try field(outpatients, line: 12, column: "Attendance_Ident")
        let op = try explain(["--rules", rules, outpatients, "--id", attendance])
        XCTAssertEqual(op.status, 0, op.err)
        XCTAssertTrue(op.out.contains("\(outpatients):12 ("), op.out)

        let missing = try explain(["--rules", rules, spells, "--id", "NO-SUCH-SPELL"])
        XCTAssertEqual(missing.status, 65, missing.err)
        XCTAssertTrue(missing.err.contains("NO-SUCH-SPELL"), missing.err)
    }

    func testTheSplitsConfigFileGivesRulesAndMapping() throws {
        let renamed = try Extracts.renamed(
            Binary.root.appendingPathComponent(spells).path, to: "renamed.csv", in: scratch,
            ["Commissioner_Code": "PCT"])
        let config = scratch.write(
            "split.toml",
            "rules = \"\(Binary.root.appendingPathComponent(rules).path)\"\nout = \"out\"\n[map]\ncommissioner = \"PCT\"\n"
        )
        let result = try explain(["--config", config, renamed, "--line", "5"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("commissioner: "), result.out)
        XCTAssertFalse(result.out.contains("commissioner: not in this extract"), result.out)
    }

    func testItShowsTheCodeThatFiredEachRuleItsDescriptionAndTheDecidingRule() throws {
        let header =
            "Der_Provider_Code,Commissioner_Code,GP_Practice_Code,Postcode,Der_Spell_ID,Admission_Method,Age_At_Start_of_Spell_SUS,Spell_Core_HRG,Der_Diagnosis_All,Treatment_Function_Code,Grand_Total_Payment_MFF\n"
        let input = scratch.write(
            "cf.csv", header + "RJE,5PK,B82001,LS1 4AB,S2,21,30,PD12A,\"||J181,E840\",300,2500.10\n")
        let result = try explain(["--rules", rules, input, "--line", "2"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        let fired = try XCTUnwrap(lines.firstIndex { $0.contains("FIRED") && $0.contains("NCBPS04F-1") }, result.out)
        XCTAssertTrue(
            lines[fired...].dropFirst().prefix(2).contains { $0.contains("fired on: icd10 E840") }, result.out)
        XCTAssertTrue(
            result.out.contains("Cystic fibrosis diagnosis in any position"), "the rule's description: \(result.out)")
        let deciding = lines.filter { $0.contains("<- decided the result") }
        XCTAssertEqual(deciding.count, 1, result.out)
        let decidedBy = try XCTUnwrap(lines.first { $0.hasPrefix("Decided by ") }, result.out)
        let rule = try XCTUnwrap(decidedBy.split(separator: " ").dropFirst(2).first, decidedBy)
        XCTAssertTrue(deciding.first?.contains(" \(rule) ") ?? false, "\(deciding) is \(rule)")
    }
}
