import TestSupport
import XCTest

@testable import SpecSplit

/// `explain` for a row, and for an episode, its spell.
final class RowExplanationTests: XCTestCase {
    let dir = TemporaryDirectory()

    func testAnEpisodeIsExplainedWithItsSpell() throws {
        let header = "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Episode_Number,Spell_Core_HRG,DIAG_01,DIAG_02,Treatment_Function_Code,Tariff_Total_Payment\n"
        let path = dir.write("episodes.csv", header + "RJE,5PK,Z9,1,AA22C,I10X,,300,5\nRJE,5PK,A1,1,AA22C,I10X,,300,10\nRJE,5PK,A1,2,PD12A,E840,,420,20\nRJE,5PK,B2,1,AA22C,I10X,,300,30\n")
        let rules = CompiledRuleSet(try RuleSet.load(directory: rules2012))
        let first = try RowExplanation.run(rules: rules, path: path, line: 3)
        let text = first.description
        XCTAssertTrue(text.contains("Result: non-specialised"), "the episode alone: \(text)")
        XCTAssertTrue(text.contains("Spell A1: 2 episode(s)"), text)
        XCTAssertTrue(text.contains("  line 3 (this row): non-specialised, service line 99999999, no rule matched"), text)
        XCTAssertTrue(text.contains("  line 4: specialised, service line NCBPS04F, decided by NCBPS04F-1"), text)
        XCTAssertTrue(text.contains("Spell result: specialised, service line NCBPS04F, decided by NCBPS04F-1"), text)
        XCTAssertEqual(try RowExplanation.run(rules: rules, path: path, line: 5).spell?.episodes.map(\.line), [5])
    }

    func testALineWithNoRowIsAnError() throws {
        let path = dir.write("apc.csv", apcHeader + apcRows[0] + "\n")
        let rules = CompiledRuleSet(try RuleSet.load(directory: rules2012))
        XCTAssertThrowsError(try RowExplanation.run(rules: rules, path: path, line: 9)) { error in
            XCTAssertTrue("\(error)".contains("no row starts on line 9 (data rows start on lines 2 to 2"), "\(error)")
        }
        XCTAssertNil(try RowExplanation.run(rules: rules, path: path, line: 2).spell)
    }
}
