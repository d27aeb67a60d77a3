import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

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
        XCTAssertEqual(scaled.name, "test rules scaled to 500 rules")
        XCTAssertTrue(scaled.summary.hasPrefix("SYNTHETIC rule set for benchmarks"), scaled.summary)
        XCTAssertTrue(scaled.illustrative)
    }

    func testScaledConditionsCarryTheTextOfTheirCell() throws {
        let scaled = RuleSet.scaled(base: try base(), rules: 200, codes: 2_000, seed: 7)
        var inline = 0
        for rule in scaled.rules where rule.id.hasPrefix("SYN-") {
            for (column, condition) in rule.conditions {
                if let name = condition.setName {
                    XCTAssertEqual(condition.text, "@" + name, "\(rule.id) \(column)")
                    XCTAssertEqual(scaled.codeSets[name], condition.values, "\(rule.id) \(column)")
                } else {
                    XCTAssertEqual(condition.text, condition.values.joined(separator: " "), "\(rule.id) \(column)")
                    inline += 1
                }
            }
        }
        XCTAssertEqual(inline, 2 * 19, "treatment function and HRG of every tenth of the 198 synthetic rules")
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

    func testScaledLimitRefusesSizesWhoseCodesWouldRunOut() throws {
        let base = try RuleSet.load(directory: SampleRuleSetTests.samples + "/2012-13")
        XCTAssertNil(RuleSet.scaledLimitProblem(base: base, rules: 500, codes: 20_000))
        XCTAssertNil(
            RuleSet.scaledLimitProblem(base: base, rules: 40, codes: 1_000_000),
            "fewer rules than the base: nothing is drawn")
        let codes = try XCTUnwrap(RuleSet.scaledLimitProblem(base: base, rules: 500, codes: 30_000))
        XCTAssertTrue(codes.contains("ask for fewer codes"), codes)
        let rules = try XCTUnwrap(RuleSet.scaledLimitProblem(base: base, rules: 20_000, codes: 20_000))
        XCTAssertTrue(rules.contains("ask for fewer rules"), rules)

        // The largest sizes the limit allows still finish (past the limit, drawing codes would not).
        var mostCodes = 20_000
        while RuleSet.scaledLimitProblem(base: base, rules: 500, codes: mostCodes + 100) == nil { mostCodes += 100 }
        var mostRules = 500
        while RuleSet.scaledLimitProblem(base: base, rules: mostRules + 100, codes: 10_000) == nil { mostRules += 100 }
        XCTAssertGreaterThan(mostCodes, 20_000)
        XCTAssertLessThan(mostCodes, 21_000)
        XCTAssertGreaterThan(mostRules, 9_000)
        XCTAssertLessThan(mostRules, 10_000)
        XCTAssertEqual(RuleSet.scaled(base: base, rules: 500, codes: mostCodes).rules.count, 500)
        XCTAssertEqual(RuleSet.scaled(base: base, rules: mostRules, codes: 10_000).rules.count, mostRules)
    }
}
