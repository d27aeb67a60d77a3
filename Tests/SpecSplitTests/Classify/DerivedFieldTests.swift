import XCTest

@testable import SpecSplit

/// `practice_type` and `postcode_type`, derived from practices.csv and prison-postcodes.csv.
final class DerivedFieldTests: XCTestCase {
    func compiled() throws -> CompiledRuleSet {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "MIL", "stage": "local", "service_line": "NCBAFXXX", "practice_type": "Military"])
        fixture.rule(["rule_id": "JAIL", "stage": "local", "service_line": "NCBHJXXX", "practice_type": "Offender Prison"])
        fixture.rule(["rule_id": "UNIQUE", "stage": "local", "service_line": "NCBHJXXX", "postcode_type": "Unique"])
        fixture.rule(["rule_id": "SRC39", "stage": "local", "service_line": "NCBHJXXX", "admission_source": "39", "postcode_type": "NonUnique none"])
        return try fixture.compile()
    }

    func testPracticeTypeFromPractices() throws {
        let rules = try compiled()
        let military = rules.classify(makeRecord { $0.practice = code("M85001") })
        XCTAssertEqual(military.practiceType.map { rules.typeNames[$0] }, "MILITARY")
        XCTAssertEqual(rules.ids(military.localMatches), ["MIL"])
        let offender = rules.classify(makeRecord { $0.practice = code("Y02633") })
        XCTAssertEqual(rules.ids(offender.localMatches), ["JAIL"], "a list of types matches any of them")
    }

    func testPracticeNotListedIsNone() throws {
        let rules = try compiled()
        for practice in ["B82001", ""] {
            let result = rules.classify(makeRecord { $0.practice = practice.isEmpty ? .empty : code(practice) })
            XCTAssertEqual(result.practiceType.map { rules.typeNames[$0] }, "NONE", practice)
            XCTAssertEqual(result.localMatches, [])
        }
    }

    func testPseudoPracticeCodesAreNeverListed() throws {
        let rules = try compiled()
        for pseudo in ["V81997", "V81998", "V81999"] {
            let result = rules.classify(makeRecord { $0.practice = code(pseudo) })
            XCTAssertEqual(result.practiceType, 0, pseudo)
            XCTAssertEqual(result.localMatches, [], "V81999 is in the fixture's practices.csv as Military, but never counts")
        }
    }

    func testPostcodeTypeIgnoresSpacesAndCase() throws {
        let rules = try compiled()
        for written in ["HU170AQ", "HU17 0AQ", "hu17 0aq"] {
            let result = rules.classify(makeRecord { $0.postcode = PackedCode(written)! })
            XCTAssertEqual(result.postcodeType.map { rules.typeNames[$0] }, "UNIQUE", written)
            XCTAssertEqual(rules.ids(result.localMatches), ["UNIQUE"], written)
        }
    }

    func testPostcodeTypeNonUniqueAndNone() throws {
        let rules = try compiled()
        let shared = rules.classify(makeRecord { $0.postcode = code("LS11AA"); $0.admissionSource = code("39") })
        XCTAssertEqual(shared.postcodeType.map { rules.typeNames[$0] }, "NONUNIQUE")
        XCTAssertEqual(rules.ids(shared.localMatches), ["SRC39"])
        let unlisted = rules.classify(makeRecord { $0.postcode = code("SW1A1AA"); $0.admissionSource = code("39") })
        XCTAssertEqual(unlisted.postcodeType.map { rules.typeNames[$0] }, "NONE")
        XCTAssertEqual(rules.ids(unlisted.localMatches), ["SRC39"])
    }

    func testDerivedFieldsAbsentWhenTheExtractLacksTheirSource() throws {
        let rules = try compiled()
        let present = FieldSet(Field.allCases.filter { $0 != .gpPractice && $0 != .postcode })
        let result = rules.classify(makeRecord(present: present) { $0.admissionSource = code("39") })
        XCTAssertNil(result.practiceType)
        XCTAssertNil(result.postcodeType)
        XCTAssertEqual(result.localMatches, [], "postcode_type none is not a match when the extract has no postcode")
        XCTAssertEqual(rules.ids(rules.untestableRules(for: present, setting: .apc)), ["MIL", "JAIL", "UNIQUE", "SRC39"])
    }
}
