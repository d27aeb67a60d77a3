import TestSupport
import XCTest

@testable import SpecSplit

/// The evaluation points of the specification, one test (or more) each.
final class EvaluationTests: XCTestCase {
    // MARK: 1. Triggers, qualifiers, other conditions

    func testPoint1AtLeastOneTriggerMustMatch() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E840 E841", "opcs4": "X999"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.diagnoses = codes("J18X", "E841") })), "CF")
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.procedures = codes("X999") })), "CF")
        let neither = rules.classify(makeRecord { $0.diagnoses = codes("J18X"); $0.procedures = codes("K262") })
        XCTAssertNil(neither.decidingRule)
    }

    func testPoint1RequireAllTriggers() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "BOTH", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%", "opcs4": "X999", "require_all_triggers": "Y"])
        let rules = try fixture.compile()
        XCTAssertNil(rules.classify(makeRecord { $0.diagnoses = codes("E841") }).decidingRule)
        XCTAssertNil(rules.classify(makeRecord { $0.procedures = codes("X999") }).decidingRule)
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.diagnoses = codes("E841"); $0.procedures = codes("A011", "X999") })), "BOTH")
    }

    func testPoint1PrimaryPositionTestsOnlyTheFirstCode() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "P", "stage": "national", "service_line": "NCBPS13X", "icd10": "E840", "icd10_position": "primary"])
        fixture.rule(["rule_id": "O", "stage": "national", "service_line": "NCBPS03X", "opcs4": "X301", "opcs4_position": "primary"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.ids(rules.classify(makeRecord { $0.diagnoses = codes("E840", "J18X") }).nationalMatches), ["P"])
        XCTAssertEqual(rules.classify(makeRecord { $0.diagnoses = codes("J18X", "E840") }).nationalMatches, [])
        XCTAssertEqual(rules.ids(rules.classify(makeRecord { $0.procedures = codes("X301") }).nationalMatches), ["O"])
        XCTAssertEqual(rules.classify(makeRecord { $0.procedures = codes("K262", "X301") }).nationalMatches, [])
    }

    func testPoint1QualifierMustMatchAnywhereInTheRow() throws {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["dialysis", "X401"], ["dialysis", "X402"], ["ckd", "N185"]]
        fixture.rule(["rule_id": "R", "stage": "national", "service_line": "NCBPS99X", "opcs4": "@dialysis", "icd10_qualifier": "@ckd"])
        let rules = try fixture.compile()
        XCTAssertNil(rules.classify(makeRecord { $0.procedures = codes("X401"); $0.diagnoses = codes("I10X") }).decidingRule)
        let qualified = rules.classify(makeRecord { $0.procedures = codes("X402"); $0.diagnoses = codes("I10X", "E119", "N185") })
        XCTAssertEqual(rules.decidingID(qualified), "R")
    }

    func testPoint1EveryOtherConditionMustHold() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "CHILD", "stage": "national", "service_line": "NCBPS13X", "treatment_function": "258 259", "age": "<19", "sex": "2", "provider": "RJE00"])
        let rules = try fixture.compile()
        func row(_ tfc: String, _ age: Int?, _ sex: String, _ provider: String = "RJE") -> ActivityRecord {
            makeRecord { $0.treatmentFunction = code(tfc); $0.age = age; $0.sex = code(sex); $0.provider = code(provider) }
        }
        XCTAssertEqual(rules.decidingID(rules.classify(row("258", 18, "2"))), "CHILD")
        XCTAssertNil(rules.classify(row("258", 19, "2")).decidingRule, "age 19 is not <19")
        XCTAssertNil(rules.classify(row("258", nil, "2")).decidingRule, "no age never matches")
        XCTAssertNil(rules.classify(row("300", 10, "2")).decidingRule)
        XCTAssertNil(rules.classify(row("259", 10, "1")).decidingRule)
        XCTAssertNil(rules.classify(row("259", 10, "2", "RXX")).decidingRule)
    }

    func testAgeForms() throws {
        XCTAssertEqual(AgeRange(parsing: "<19").map { [$0.lower, $0.upper] }, [0, 18])
        XCTAssertEqual(AgeRange(parsing: "<=18").map { [$0.lower, $0.upper] }, [0, 18])
        XCTAssertEqual(AgeRange(parsing: ">=19")?.lower, 19)
        XCTAssertEqual(AgeRange(parsing: ">18")?.lower, 19)
        XCTAssertEqual(AgeRange(parsing: "13-20").map { [$0.lower, $0.upper] }, [13, 20])
        for bad in ["19", "<", "20-13", "=19", "<x", "1-2-3", ">=-1"] { XCTAssertNil(AgeRange(parsing: bad), bad) }
    }

    // MARK: 2. Fields the extract does not carry

    func testPoint2ConditionOnAbsentFieldNeverHolds() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "MIL", "stage": "local", "service_line": "NCBAFXXX", "practice_type": "Military"])
        fixture.rule(["rule_id": "HRG", "stage": "national", "service_line": "NCBPS01C", "hrg": "SB97Z", "age": ">=19"])
        let rules = try fixture.compile()
        var present = allFields
        present.subtract(FieldSet([.gpPractice]))
        present.subtract(FieldSet([.age]))
        let row = makeRecord(present: present) { $0.practice = code("M85001"); $0.hrg = code("SB97Z"); $0.age = 40 }
        let result = rules.classify(row)
        XCTAssertEqual(result.localMatches, [])
        XCTAssertEqual(result.nationalMatches, [])
        XCTAssertNil(result.practiceType, "practice_type is derived only when the extract carries gp_practice")
        XCTAssertEqual(rules.ids(rules.untestableRules(for: present, setting: .apc)), ["MIL", "HRG"])
        XCTAssertEqual(rules.untestableRules(for: allFields, setting: .apc), [])
    }

    func testPoint2OneMissingTriggerFieldLeavesTheOtherTrigger() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "EITHER", "stage": "national", "service_line": "NCBPS13X", "icd10": "E840", "opcs4": "X999"])
        fixture.rule(["rule_id": "BOTH", "stage": "national", "service_line": "NCBPS03X", "icd10": "E840", "opcs4": "X999", "require_all_triggers": "Y"])
        let rules = try fixture.compile()
        var present = allFields
        present.subtract(FieldSet([.procedures]))
        let result = rules.classify(makeRecord(.nac, present: present) { $0.diagnoses = codes("E840"); $0.procedures = codes("X999") })
        XCTAssertEqual(rules.ids(result.nationalMatches), ["EITHER"], "a field not carried is never a match, even if filled")
        XCTAssertEqual(rules.ids(rules.untestableRules(for: present, setting: .nac)), ["BOTH"])
        present.subtract(FieldSet([.diagnoses]))
        XCTAssertEqual(rules.ids(rules.untestableRules(for: present, setting: .nac)), ["EITHER", "BOTH"])
    }

    func testUntestableRulesOnlyCountRulesOfTheSetting() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "APC", "stage": "national", "setting": "APC", "service_line": "NCBPS13X", "icd10": "E840"])
        fixture.rule(["rule_id": "NAC", "stage": "national", "setting": "NAC", "service_line": "NCBPS13X", "icd10": "E840"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.ids(rules.untestableRules(for: FieldSet([.hrg]), setting: .nac)), ["NAC"])
    }

    // MARK: 3. National stage

    func testPoint3AllNationalMatchesKeptAndLowestRankDominates() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "RENAL", "stage": "national", "service_line": "NCBPS99X", "icd10": "N18%"])  // rank 20
        fixture.rule(["rule_id": "HAEM", "stage": "national", "service_line": "NCBPS03X", "icd10": "D66X"])  // rank 3
        fixture.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])  // rank 5
        let rules = try fixture.compile()
        let result = rules.classify(makeRecord { $0.diagnoses = codes("E841", "N185", "D66") })
        XCTAssertEqual(rules.ids(result.nationalMatches), ["RENAL", "HAEM", "CF"])
        XCTAssertEqual(result.serviceLine, code("NCBPS03X"))
        XCTAssertEqual(rules.decidingID(result), "HAEM")
        XCTAssertEqual(rules.categories[result.category], "specialised")
        XCTAssertEqual(rules.npocs[result.npoc], "Blood")
    }

    func testPoint3RulesOfTheOtherSettingAreNotTestedAndEmptySettingAppliesToBoth() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "OP", "stage": "national", "setting": "NAC", "service_line": "NCBPS13X", "treatment_function": "341"])
        fixture.rule(["rule_id": "ANY", "stage": "national", "service_line": "NCBPS99X", "treatment_function": "341"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.ids(rules.classify(makeRecord(.nac) { $0.treatmentFunction = code("341") }).nationalMatches), ["OP", "ANY"])
        XCTAssertEqual(rules.ids(rules.classify(makeRecord(.apc) { $0.treatmentFunction = code("341") }).nationalMatches), ["ANY"])
    }

    func testNationalRulesWithoutIndexableConditionsAreStillTested() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "AGE", "stage": "national", "service_line": "NCBPS13X", "age": "<1"])
        fixture.rule(["rule_id": "ALL", "stage": "national", "service_line": "NCBPS99X"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.ids(rules.classify(makeRecord { $0.age = 0 }).nationalMatches), ["AGE", "ALL"])
        XCTAssertEqual(rules.ids(rules.classify(makeRecord { $0.age = 5 }).nationalMatches), ["ALL"])
    }

    // MARK: 4. Local stage

    func testPoint4LocalRulesInFileOrderFirstMatchDecidesAllRecorded() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "L-DENTAL", "stage": "local", "service_line": "DENTAL01", "treatment_function": "140 141 142 143 144 217 450"])
        fixture.rule(["rule_id": "L-MIL", "stage": "local", "service_line": "NCBAFXXX", "practice_type": "Military"])
        fixture.rule(["rule_id": "L-XMD", "stage": "local", "service_line": "NCBAFXXX", "commissioner": "XMD"])
        let rules = try fixture.compile()
        let result = rules.classify(makeRecord { $0.practice = code("M85001"); $0.commissioner = code("XMD"); $0.treatmentFunction = code("100") })
        XCTAssertEqual(rules.ids(result.localMatches), ["L-MIL", "L-XMD"])
        XCTAssertEqual(rules.decidingID(result), "L-MIL")
        XCTAssertEqual(rules.categories[result.category], "military")
        let dental = rules.classify(makeRecord { $0.practice = code("M85001"); $0.treatmentFunction = code("217") })
        XCTAssertEqual(rules.ids(dental.localMatches), ["L-DENTAL", "L-MIL"])
        XCTAssertEqual(dental.serviceLine, code("DENTAL01"))
    }

    // MARK: 5. Result

    func testPoint5NationalBeatsLocalAndDefaultIsNonSpecialised() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "L-CHEMO", "stage": "local", "service_line": "NCBPS01C", "hrg": "SB97Z"])
        fixture.rule(["rule_id": "N-CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
        fixture.rule(["rule_id": "L-JUSTICE", "stage": "local", "service_line": "NCBHJXXX", "category": "prison", "admission_source": "39"])
        let rules = try fixture.compile()
        let both = rules.classify(makeRecord { $0.diagnoses = codes("E840"); $0.hrg = code("SB97Z"); $0.admissionSource = code("39") })
        XCTAssertEqual(rules.decidingID(both), "N-CF")
        XCTAssertEqual(rules.ids(both.localMatches), ["L-CHEMO", "L-JUSTICE"], "local rules are recorded even when national decides")
        let local = rules.classify(makeRecord { $0.admissionSource = code("39") })
        XCTAssertEqual(rules.categories[local.category], "prison")
        XCTAssertEqual(local.serviceLine, code("NCBHJXXX"))
        let none = rules.classify(makeRecord { $0.diagnoses = codes("J18X") })
        XCTAssertEqual(rules.categories[none.category], "non-specialised")
        XCTAssertEqual(none.serviceLine, code("99999999"))
        XCTAssertNil(none.decidingRule)
        XCTAssertEqual(none.npoc, 0)
    }

    func testRuleCategoryCellOverridesServiceLineCategory() throws {
        var fixture = RuleSetFixture()
        fixture.toml += "\ncategories = [\"dental\"]"
        fixture.rule(["rule_id": "D", "stage": "local", "service_line": "DENTAL01", "category": "Dental", "treatment_function": "140"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.categories, ["specialised", "prison", "military", "non-specialised", "dental"])
        XCTAssertEqual(rules.categories[rules.classify(makeRecord { $0.treatmentFunction = code("140") }).category], "dental")
    }

    // MARK: 7. Trail

    func testPoint7TrailCarriesMatchesAndRuleSetIdentity() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "N1", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
        fixture.rule(["rule_id": "N2", "stage": "national", "service_line": "NCBPS99X", "hrg": "LA%"])
        fixture.rule(["rule_id": "L1", "stage": "local", "service_line": "NCBHJXXX", "admission_source": "39"])
        let rules = try fixture.compile()
        let result = rules.classify(makeRecord { $0.diagnoses = codes("E840"); $0.hrg = code("LA08E"); $0.admissionSource = code("39") })
        XCTAssertEqual(rules.ids(result.nationalMatches), ["N1", "N2"])
        XCTAssertEqual(rules.ids(result.localMatches), ["L1"])
        XCTAssertEqual(rules.ruleSet.name, "test rules")
        XCTAssertEqual(rules.ruleSet.financialYear, "2012-13")
        XCTAssertEqual(rules.ruleSet.checksum, "test")
    }

    func testBuffersAreReusedBetweenRows() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "N1", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
        fixture.rule(["rule_id": "L1", "stage": "local", "service_line": "NCBHJXXX", "admission_source": "39"])
        let rules = try fixture.compile()
        var scratch = rules.makeScratch()
        var result = Classification()
        rules.classify(makeRecord { $0.diagnoses = codes("E840"); $0.admissionSource = code("39") }, into: &result, scratch: &scratch)
        XCTAssertEqual(result.nationalMatches.count, 1)
        rules.classify(makeRecord { $0.diagnoses = codes("J18X") }, into: &result, scratch: &scratch)
        XCTAssertEqual(result.nationalMatches, [], "the marks of the previous row must not leak")
        XCTAssertEqual(result.localMatches, [])
        XCTAssertNil(result.decidingRule)
    }
}
