import XCTest

@testable import SpecSplit

/// `explain`: every rule, whether it fired, and the first condition that failed.
final class ExplainTests: XCTestCase {
    func compiled() throws -> CompiledRuleSet {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["cf_codes", "E84%"]]
        fixture.rule(["rule_id": "CF", "stage": "national", "setting": "APC", "service_line": "NCBPS13X", "icd10": "@cf_codes", "icd10_position": "primary"])
        fixture.rule(["rule_id": "CHILD", "stage": "national", "service_line": "NCBPS03X", "hrg": "SA%", "age": "<19"])
        fixture.rule(["rule_id": "OP", "stage": "national", "setting": "NAC", "service_line": "NCBPS99X", "treatment_function": "361"])
        fixture.rule(["rule_id": "L-CHEMO", "stage": "local", "service_line": "NCBPS01C", "hrg": "SB97Z"])
        fixture.rule(["rule_id": "L-MIL", "stage": "local", "service_line": "NCBAFXXX", "practice_type": "Military"])
        fixture.rule(["rule_id": "L-JAIL", "stage": "local", "setting": "NAC", "service_line": "NCBHJXXX", "admission_source": "39"])
        return try fixture.compile()
    }

    func testEachRuleWithTheFirstFailingCondition() throws {
        let rules = try compiled()
        var present = allFields
        present.subtract(FieldSet([.gpPractice]))
        let row = makeRecord(.apc, present: present) { $0.diagnoses = codes("J18X", "E840"); $0.hrg = code("SA01A"); $0.age = 45 }
        let explanation = rules.explain(row)
        XCTAssertEqual(explanation.entries.map(\.ruleID), ["CF", "CHILD", "L-CHEMO", "L-MIL", "L-JAIL"], "national rules of the row's setting, then every local rule")
        XCTAssertEqual(explanation.entries.map(\.reason), [
            "icd10: no diagnosis in @cf_codes (primary only)",
            "age: 45 is not <19",
            "hrg: SA01A is not in SB97Z",
            "gp_practice not in this extract: cannot be tested",
            "setting: row is APC, rule is for NAC",
        ])
        XCTAssertEqual(explanation.entries.map(\.fired), [false, false, false, false, false])
        XCTAssertEqual(explanation.category, "non-specialised")
        XCTAssertNil(explanation.decidingRuleID)
        XCTAssertTrue(explanation.description.contains("Decided by: no rule matched (default)"))
    }

    func testFiredRulesAndResult() throws {
        let rules = try compiled()
        let row = makeRecord(.apc) { $0.diagnoses = codes("E840"); $0.hrg = code("SB97Z"); $0.practice = code("M85001"); $0.age = 3 }
        let explanation = rules.explain(row)
        XCTAssertEqual(explanation.fired.map(\.ruleID), ["CF", "L-CHEMO", "L-MIL"])
        XCTAssertEqual(explanation.entries.first { $0.ruleID == "CHILD" }?.reason, "hrg: SB97Z is not in SA%")
        XCTAssertEqual(explanation.decidingRuleID, "CF")
        XCTAssertEqual(explanation.serviceLine, "NCBPS13X")
        XCTAssertEqual(explanation.practiceType, "MILITARY")
        let text = explanation.description
        XCTAssertTrue(text.hasPrefix("Rule set: test rules, financial year 2012-13, sha256 test\nRow: setting APC\n"), text)
        XCTAssertTrue(text.contains("  gp_practice: M85001 (practice_type MILITARY)"), text)
        XCTAssertTrue(text.contains("  FIRED  CF -> NCBPS13X (rank 5)"), text)
        XCTAssertTrue(text.contains("  diagnoses: E840"), text)
        XCTAssertTrue(text.contains("Result: specialised, service line NCBPS13X, NPoC Internal medicine, service group acute"), text)
        XCTAssertTrue(text.contains("Decided by CF (best-ranked national match)"), text)
    }

    func testMissingValueAndMissingTriggerFields() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "EITHER", "stage": "national", "service_line": "NCBPS13X", "icd10": "E840", "opcs4": "X999"])
        fixture.rule(["rule_id": "AGE", "stage": "national", "service_line": "NCBPS03X", "age": ">=19"])
        let rules = try fixture.compile()
        let present = FieldSet([.diagnoses, .age, .provider])
        let explanation = rules.explain(makeRecord(.nac, present: present) { $0.diagnoses = codes("J18X") })
        XCTAssertEqual(explanation.entries.map(\.reason), [
            "icd10: no diagnosis in E840 and procedures not in this extract: cannot be tested",
            "age: empty is not >=19",
        ])
    }

    func testFiredRulesSayWhichCodesMadeThemFire() throws {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["cf_codes", "E84%"]]
        fixture.rule([
            "rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "@cf_codes J18X", "icd10_qualifier": "Z99%",
            "age": "<19", "description": "Cystic fibrosis, children",
        ])
        fixture.rule(["rule_id": "L-MIL", "stage": "local", "service_line": "NCBAFXXX", "practice_type": "Military"])
        let rules = try fixture.compile()
        let row = makeRecord(.apc) { $0.diagnoses = codes("I10X", "E84", "J18", "Z992"); $0.practice = code("M85001"); $0.age = 9 }
        let explanation = rules.explain(row)
        XCTAssertEqual(explanation.entries.map(\.evidence), [
            ["icd10 E84 (diagnosis 2), J18 (diagnosis 3)", "icd10_qualifier Z992 (diagnosis 4)", "age 9"],
            ["practice_type MILITARY (practice M85001)"],
        ])
        XCTAssertEqual(explanation.entries.map(\.ruleDescription), ["Cystic fibrosis, children", ""])
        let text = explanation.description
        XCTAssertTrue(text.contains("  FIRED  CF -> NCBPS13X (rank 5)  <- decided the result\n         fired on: icd10 E84 (diagnosis 2), J18 (diagnosis 3); icd10_qualifier Z992 (diagnosis 4); age 9\n         Cystic fibrosis, children\n"), text)
        XCTAssertTrue(text.contains("  FIRED  L-MIL -> NCBAFXXX\n         fired on: practice_type MILITARY (practice M85001)\n"), "a local match that did not decide is not marked: \(text)")
    }
}
