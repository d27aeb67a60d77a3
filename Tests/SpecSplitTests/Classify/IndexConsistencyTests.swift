import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// The trigger index only narrows which national rules are tested: on random rows built
/// from the rule sets' own codes, the national rules `classify` finds through the index
/// are exactly those that a test of every rule (as `explain` does) finds.
final class IndexConsistencyTests: XCTestCase {
    /// A random row drawing codes from the rule set's condition lists (prefixes completed
    /// with digits), plus some codes that match nothing.
    func randomRecord(_ ruleSet: RuleSet, _ lists: [RuleColumn: [[String]]], _ random: inout SplitMix64) -> ActivityRecord {
        func pick(_ column: RuleColumn) -> String {
            let lists = lists[column] ?? []
            guard !lists.isEmpty, random.next() % 4 != 0 else { return "" }
            let list = lists[Int(random.next() % UInt64(lists.count))]
            var value = list[Int(random.next() % UInt64(list.count))]
            if value.hasSuffix("%") {
                value.removeLast()
                let full = column.kind == .hrg ? 5 : (column.kind == .specialty ? 3 : 4)
                while value.count < full { value.append(Character(String(random.next() % 10))) }
            }
            return value
        }
        let settings: [Setting] = [.apc, .nac, .unknown]
        var present = FieldSet(Field.allCases)
        for field in [Field.diagnoses, .procedures, .age, .gpPractice, .postcode, .pod] where random.next() % 5 == 0 {
            present.subtract(FieldSet([field]))
        }
        return makeRecord(settings[Int(random.next() % 3)], present: present) { record in
            for _ in 0..<Int(random.next() % 6) {
                if let code = PackedCode(pick(.icd10)), !code.isEmpty { record.diagnoses.append(code) }
                if let code = PackedCode(pick(.icd10Qualifier)), !code.isEmpty { record.diagnoses.append(code) }
                if let code = PackedCode(pick(.opcs4)), !code.isEmpty { record.procedures.append(code) }
            }
            if random.next() % 3 == 0 { record.diagnoses.insert(code("J18X"), at: 0) }
            record.hrg = PackedCode(pick(.hrg)) ?? .empty
            record.pod = PackedCode(longCode: pick(.pod)) ?? .empty
            record.treatmentFunction = PackedCode(pick(.treatmentFunction)) ?? .empty
            record.mainSpecialty = PackedCode(pick(.mainSpecialty)) ?? .empty
            record.admissionMethod = PackedCode(pick(.admissionMethod)) ?? .empty
            record.admissionSource = PackedCode(pick(.admissionSource)) ?? .empty
            record.attendanceStatus = PackedCode(pick(.attendanceStatus)) ?? .empty
            record.sex = PackedCode(pick(.sex)) ?? .empty
            record.provider = PackedCode(pick(.provider)) ?? .empty
            record.commissioner = PackedCode(pick(.commissioner)) ?? .empty
            record.age = random.next() % 5 == 0 ? nil : Int(random.next() % 90)
            let practices = ruleSet.practices.map(\.code) + [code("B82001"), code("V81999")]
            record.practice = practices[Int(random.next() % UInt64(practices.count))]
            let postcodes = ruleSet.prisonPostcodes.map(\.postcode) + [code("SW1A1AA")]
            record.postcode = postcodes[Int(random.next() % UInt64(postcodes.count))]
        }
    }

    func check(_ ruleSet: RuleSet, rows: Int, seed: UInt64) {
        let rules = CompiledRuleSet(ruleSet)
        var random = SplitMix64(seed: seed)
        var scratch = rules.makeScratch()
        var result = Classification()
        var matched = 0
        var lists: [RuleColumn: [[String]]] = [:]
        for column in RuleColumn.codeColumns {
            lists[column] = ruleSet.rules.compactMap { $0.conditions[column]?.values }.filter { !$0.isEmpty }
        }
        for row in 0..<rows {
            let record = randomRecord(ruleSet, lists, &random)
            rules.classify(record, into: &result, scratch: &scratch)
            let explanation = rules.explain(record)
            let everyRule = explanation.fired.filter { $0.stage == .national }.map(\.rule)
            XCTAssertEqual(result.nationalMatches, everyRule, "row \(row)")
            XCTAssertEqual(result.localMatches, explanation.fired.filter { $0.stage == .local }.map(\.rule), "row \(row)")
            XCTAssertEqual(result.decidingRule, explanation.result.decidingRule, "row \(row)")
            // The scratch remembers service groups across rows; a fresh one (explain's) works it out.
            XCTAssertEqual(result.serviceGroup, explanation.result.serviceGroup, "row \(row)")
            matched += result.nationalMatches.count
        }
        XCTAssertGreaterThan(matched, rows / 10, "the random rows must exercise national rules")
    }

    func testSampleRuleSets() throws {
        for year in ["2011-12", "2012-13"] {
            check(try RuleSet.load(directory: SampleRuleSetTests.samples + "/" + year), rows: 800, seed: 11)
        }
    }

    /// A scratch handed to another rule set is not trusted: its marks and remembered
    /// service groups belong to the first.
    func testAScratchMadeForOneRuleSetGivesAnotherItsOwnResults() throws {
        // The same rules with the service-group rows in reverse: every size the scratch is
        // made for is the same, but a row's first matching group may differ.
        let newer = try RuleSet.load(directory: SampleRuleSetTests.samples + "/2012-13")
        var older = newer
        older.serviceGroups.reverse()
        let (a, b) = (CompiledRuleSet(older), CompiledRuleSet(newer))
        var lists: [RuleColumn: [[String]]] = [:]
        for column in RuleColumn.codeColumns {
            lists[column] = (older.rules + newer.rules).compactMap { $0.conditions[column]?.values }.filter { !$0.isEmpty }
        }
        XCTAssertEqual(a.makeScratch().lists, b.makeScratch().lists)
        var random = SplitMix64(seed: 21)
        var shared = a.makeScratch()
        var own = b.makeScratch()
        var (viaShared, viaOwn) = (Classification(), Classification())
        var differ = 0
        for row in 0..<600 {
            let record = randomRecord(newer, lists, &random)
            // The shared scratch serves the two rule sets in turn.
            a.classify(record, into: &viaShared, scratch: &shared)
            let groupUnderA = a.serviceGroupNames[viaShared.serviceGroup]
            b.classify(record, into: &viaShared, scratch: &shared)
            b.classify(record, into: &viaOwn, scratch: &own)
            XCTAssertEqual(viaShared.serviceGroup, viaOwn.serviceGroup, "row \(row)")
            XCTAssertEqual(viaShared.nationalMatches, viaOwn.nationalMatches, "row \(row)")
            XCTAssertEqual(viaShared.decidingRule, viaOwn.decidingRule, "row \(row)")
            if groupUnderA != b.serviceGroupNames[viaOwn.serviceGroup] { differ += 1 }
        }
        XCTAssertGreaterThan(differ, 0, "the two rule sets must disagree on some rows' service group, or this tests nothing")
    }

    func testScaledRuleSet() throws {
        let base = try RuleSet.load(directory: SampleRuleSetTests.samples + "/2012-13")
        check(RuleSet.scaled(base: base, rules: 300, codes: 3_000, seed: 5), rows: 300, seed: 12)
    }
}
