import TestSupport
import XCTest

@testable import SpecSplit

/// The hierarchy ranks service lines per setting: `apc_rank` and `nac_rank` in
/// `service-lines.csv` order the national matches of APC and NAC rows; `rank` orders the
/// rest, and every row of a rule set without the columns.
final class SettingRankTests: XCTestCase {
    /// Two national lines that both match a row with diagnosis `E840` and treatment function
    /// 343: cystic fibrosis wins on APC rows, haemophilia on NAC rows, and `rank` (haemophilia
    /// 3, cystic fibrosis 5) decides rows of unknown setting.
    func fixture(apc: (cf: String, haem: String), nac: (cf: String, haem: String)) -> RuleSetFixture {
        var fixture = RuleSetFixture()
        fixture.serviceLineHeader += ["apc_rank", "nac_rank", "apc_top_up_percent"]
        fixture.serviceLines = fixture.serviceLines.map { row in
            switch row[0] {
            case "NCBPS13X": return row + [apc.cf, nac.cf, "25"]
            case "NCBPS03X": return row + [apc.haem, nac.haem, "12.5"]
            default: return row + ["", "", ""]
            }
        }
        fixture.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
        fixture.rule(["rule_id": "HAEM", "stage": "national", "service_line": "NCBPS03X", "treatment_function": "343"])
        return fixture
    }

    func line(_ rules: CompiledRuleSet, _ setting: Setting) -> String {
        let result = rules.classify(
            makeRecord(setting) {
                $0.diagnoses = codes("E840")
                $0.treatmentFunction = code("343")
            })
        XCTAssertEqual(rules.ids(result.nationalMatches), ["CF", "HAEM"], "both lines are kept")
        return rules.decidingID(result) ?? "none"
    }

    func testTheRowsSettingPicksTheRankColumn() throws {
        let rules = try fixture(apc: ("1", "2"), nac: ("2", "1")).compile()
        XCTAssertEqual(line(rules, .apc), "CF")
        XCTAssertEqual(line(rules, .nac), "HAEM")
        XCTAssertEqual(line(rules, .unknown), "HAEM", "rank: haemophilia 3 before cystic fibrosis 5")
        let loaded = try XCTUnwrap(rules.ruleSet.serviceLine(code("NCBPS13X")))
        XCTAssertEqual(loaded.apcRank, 1)
        XCTAssertEqual(loaded.nacRank, 2)
        XCTAssertEqual(loaded.apcTopUpPercent, "25")
    }

    func testAnEmptySettingRankFallsBackToRank() throws {
        // No NAC ranks: NAC rows use rank, as a rule set without the columns does.
        let rules = try fixture(apc: ("1", "2"), nac: ("", "")).compile()
        XCTAssertEqual(line(rules, .apc), "CF")
        XCTAssertEqual(line(rules, .nac), "HAEM")
        let withoutColumns = try {
            var plain = RuleSetFixture()
            plain.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
            plain.rule([
                "rule_id": "HAEM", "stage": "national", "service_line": "NCBPS03X", "treatment_function": "343",
            ])
            return try plain.compile()
        }()
        for setting in Setting.allCases { XCTAssertEqual(line(withoutColumns, setting), "HAEM", "\(setting)") }
    }

    func testSpellsCombineTheAPCRanks() throws {
        let rules = try fixture(apc: ("2", "1"), nac: ("1", "2")).compile()
        let episodes = [
            rules.classify(makeRecord(.apc) { $0.diagnoses = codes("E840") }),
            rules.classify(makeRecord(.apc) { $0.treatmentFunction = code("343") }),
        ]
        var spell = Classification()
        rules.combineSpell(episodes, into: &spell)
        XCTAssertEqual(rules.decidingID(spell), "HAEM", "APC rank 1 beats 2, though rank says otherwise")
    }

    func testBadOrDuplicateSettingRanksAndTopUpsAreReported() throws {
        var fixture = fixture(apc: ("1", "1"), nac: ("x", ""))
        fixture.serviceLines[0][7] = "25%"
        let problems = fixture.problems().map(\.description)
        XCTAssertEqual(problems.count, 3, problems.joined(separator: "\n"))
        XCTAssertTrue(problems.contains { $0.hasPrefix("RANK|x|nac_rank must be a whole number") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("RANK|1|Duplicate apc_rank: line 3 has it too") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("TOP_UP|25%|apc_top_up_percent must be") }, "\(problems)")
    }

    func testPerSettingColumnsAreWrittenAndReadBack() throws {
        let ruleSet = try fixture(apc: ("1", "2"), nac: ("2", "")).load()
        let directory = TemporaryDirectory()
        try ruleSet.write(to: directory.path("rules"))
        let text = try XCTUnwrap(directory.read("rules/service-lines.csv"))
        XCTAssertTrue(
            text.hasPrefix("service_line,description,npoc,rank,category,apc_rank,nac_rank,apc_top_up_percent\n"), text)
        XCTAssertTrue(text.contains("NCBPS13X,Cystic fibrosis,Internal medicine,5,specialised,1,2,25\n"), text)
        let loaded = try RuleSet.load(directory: directory.path("rules"))
        XCTAssertEqual(
            loaded.serviceLines.map { [$0.apcRank, $0.nacRank] }, ruleSet.serviceLines.map { [$0.apcRank, $0.nacRank] })
        XCTAssertEqual(loaded.serviceLines.map(\.apcTopUpPercent), ruleSet.serviceLines.map(\.apcTopUpPercent))
    }
}
