import XCTest

@testable import SpecSplit

/// Point 6: every episode of a spell gets the spell's result.
final class SpellTests: XCTestCase {
    func compiled() throws -> CompiledRuleSet {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "RENAL", "stage": "national", "service_line": "NCBPS99X", "icd10": "N18%"])  // rank 20
        fixture.rule(["rule_id": "HAEM", "stage": "national", "service_line": "NCBPS03X", "icd10": "D66X"])  // rank 3
        fixture.rule(["rule_id": "L-CHEMO", "stage": "local", "service_line": "NCBPS01C", "hrg": "SB97Z"])
        fixture.rule(["rule_id": "L-JAIL", "stage": "local", "service_line": "NCBHJXXX", "admission_source": "39"])
        return try fixture.compile()
    }

    func episodes(_ rules: CompiledRuleSet, _ fills: [(inout ActivityRecord) -> Void]) -> [Classification] {
        fills.map { rules.classify(makeRecord(.apc, present: allFields, $0)) }
    }

    func testBestRankedNationalLineOverTheEpisodesWins() throws {
        let rules = try compiled()
        let spell = episodes(rules, [
            { $0.diagnoses = codes("N185"); $0.mainSpecialty = code("361") },
            { $0.diagnoses = codes("J18X"); $0.hrg = code("SB97Z") },
            { $0.diagnoses = codes("D66X"); $0.mainSpecialty = code("710") },
        ])
        var result = Classification()
        rules.combineSpell(spell, into: &result)
        XCTAssertEqual(result.serviceLine, code("NCBPS03X"))
        XCTAssertEqual(rules.decidingID(result), "HAEM")
        XCTAssertEqual(rules.categories[result.category], "specialised")
        XCTAssertEqual(rules.ids(result.nationalMatches), ["RENAL", "HAEM"])
        XCTAssertEqual(rules.ids(result.localMatches), ["L-CHEMO"])
        XCTAssertEqual(rules.serviceGroupNames[result.serviceGroup], "mental health", "from the deciding episode's main specialty")
    }

    func testOtherwiseTheFirstLocalMatchOverTheEpisodesInOrder() throws {
        let rules = try compiled()
        let spell = episodes(rules, [
            { $0.diagnoses = codes("J18X") },
            { $0.admissionSource = code("39") },
            { $0.hrg = code("SB97Z"); $0.admissionSource = code("39") },
        ])
        var result = Classification()
        rules.combineSpell(spell, into: &result)
        XCTAssertEqual(rules.decidingID(result), "L-JAIL")
        XCTAssertEqual(rules.categories[result.category], "prison")
        XCTAssertEqual(rules.ids(result.localMatches), ["L-JAIL", "L-CHEMO"])
        XCTAssertEqual(result.nationalMatches, [])
    }

    func testNoMatchInAnyEpisodeIsNonSpecialised() throws {
        let rules = try compiled()
        var result = Classification()
        rules.combineSpell(episodes(rules, [{ $0.diagnoses = codes("J18X") }, { $0.diagnoses = codes("I10X") }]), into: &result)
        XCTAssertNil(result.decidingRule)
        XCTAssertEqual(result.serviceLine, code("99999999"))
        XCTAssertEqual(rules.categories[result.category], "non-specialised")
    }

    func testEqualRankKeepsTheEarlierEpisode() throws {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "A", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%", "sex": "1"])
        fixture.rule(["rule_id": "B", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%", "sex": "2"])
        let rules = try fixture.compile()
        let spell = episodes(rules, [{ $0.diagnoses = codes("E840"); $0.sex = code("2") }, { $0.diagnoses = codes("E841"); $0.sex = code("1") }])
        var result = Classification()
        rules.combineSpell(spell, into: &result)
        XCTAssertEqual(rules.decidingID(result), "B")
        XCTAssertEqual(rules.ids(result.nationalMatches), ["A", "B"])
    }

    func testRankTieBetweenLinesGoesToTheSmallerLineCode() throws {
        var fixture = RuleSetFixture()
        fixture.serviceLines.append(["NCBPS00A", "Tied", "", "1", "specialised"])
        fixture.serviceLines.append(["NCBPS00B", "Tied", "", "2", "specialised"])
        fixture.rule(["rule_id": "B", "stage": "national", "service_line": "NCBPS00B", "hrg": "SB97Z"])
        fixture.rule(["rule_id": "A", "stage": "national", "service_line": "NCBPS00A", "hrg": "SB97Z"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.hrg = code("SB97Z") })), "A")
    }
}
