import TestSupport
import XCTest

@testable import SpecSplit

/// `RuleSet.scaled`: a larger valid rule set for benchmarks, and the index that keeps a
/// row's work small in it.
final class ScaledRuleSetTests: XCTestCase {
    func base() throws -> RuleSet {
        var fixture = RuleSetFixture()
        fixture.rule(["rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84%"])
        fixture.rule(["rule_id": "L-CHEMO", "stage": "local", "service_line": "NCBPS01C", "hrg": "SB97Z"])
        return try fixture.load()
    }

    func testScaledRuleSetHasTheSizeAskedForAndValidCodes() throws {
        let scaled = RuleSet.scaled(base: try base(), rules: 500, codes: 20_000, seed: 7)
        XCTAssertEqual(scaled.rules.count, 500)
        XCTAssertEqual(Set(scaled.rules.map(\.id)).count, 500, "rule ids are unique")
        let codes = Set(scaled.rules.flatMap { $0.conditions.values.flatMap(\.values) })
        XCTAssertGreaterThan(codes.count, 18_000)
        for rule in scaled.rules {
            XCTAssertNotNil(scaled.serviceLine(rule.serviceLine), rule.id)
            for (column, condition) in rule.conditions {
                for value in condition.values {
                    XCTAssertNil(column.kind!.shapeProblem(value), "\(rule.id) \(column) \(value)")
                }
            }
        }
        XCTAssertEqual(Set(scaled.serviceLines.map(\.rank)).count, scaled.serviceLines.count, "ranks stay unique")
        XCTAssertEqual(scaled.rules.filter { $0.stage == .local }.map(\.id), ["L-CHEMO"])
        XCTAssertNotEqual(scaled.checksum, try base().checksum)
    }

    func testSameSeedSameRuleSet() throws {
        let base = try base()
        XCTAssertEqual(RuleSet.scaled(base: base, rules: 100, codes: 2_000, seed: 3), RuleSet.scaled(base: base, rules: 100, codes: 2_000, seed: 3))
        XCTAssertNotEqual(RuleSet.scaled(base: base, rules: 100, codes: 2_000, seed: 3).rules, RuleSet.scaled(base: base, rules: 100, codes: 2_000, seed: 4).rules)
    }

    func testOnlyRulesIndexedUnderTheRowsCodesAreTested() throws {
        let scaled = RuleSet.scaled(base: try base(), rules: 500, codes: 20_000, seed: 7)
        let rules = CompiledRuleSet(scaled)
        let target = scaled.rules.first { $0.id == "SYN-00003" }!
        let trigger = target.conditions[.icd10]!.values[1]
        var scratch = rules.makeScratch()
        var result = Classification()
        rules.classify(makeRecord { $0.diagnoses = [code(trigger), code("E840")] }, into: &result, scratch: &scratch)
        XCTAssertTrue(rules.ids(result.nationalMatches).contains("SYN-00003"))
        XCTAssertTrue(rules.ids(result.nationalMatches).contains("CF"))
        XCTAssertLessThan(scratch.candidates.count, 10, "candidates come from the code index, not from every rule")
        XCTAssertLessThan(rules.alwaysRules.count, 1)
    }
}
