import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// How the codes of a row are matched against the codes of a rule.
final class CodeMatchingTests: XCTestCase {
    func compiled(_ cells: [String: String]) throws -> CompiledRuleSet {
        var fixture = RuleSetFixture()
        var rule = ["rule_id": "R", "stage": "national", "service_line": "NCBPS13X"]
        rule.merge(cells) { $1 }
        fixture.rule(rule)
        return try fixture.compile()
    }

    func fires(_ rules: CompiledRuleSet, diagnoses: String...) -> Bool {
        rules.classify(makeRecord { $0.diagnoses = diagnoses.map { code($0) } }).decidingRule != nil
    }

    func testThreeCharacterDataCodeMatchesXFilledRuleCode() throws {
        let rules = try compiled(["icd10": "I60X"])
        XCTAssertTrue(fires(rules, diagnoses: "I60"))
        XCTAssertTrue(fires(rules, diagnoses: "I60X"))
        XCTAssertFalse(fires(rules, diagnoses: "I601"))
    }

    func testThreeCharacterRuleCodeMeansTheXFilledCode() throws {
        let rules = try compiled(["icd10": "B20"])
        XCTAssertTrue(fires(rules, diagnoses: "B20"))
        XCTAssertTrue(fires(rules, diagnoses: "B20X"))
        XCTAssertFalse(fires(rules, diagnoses: "B201"), "B20 is the category without a 4th character; B20% takes the subcodes")
    }

    func testPrefixMatchesEveryCodeUnderIt() throws {
        let rules = try compiled(["icd10": "B20%"])
        for data in ["B200", "B209", "B20X", "B20"] { XCTAssertTrue(fires(rules, diagnoses: data), data) }
        for data in ["B21X", "B2", "A200"] { XCTAssertFalse(fires(rules, diagnoses: data), data) }
    }

    func testPrefixesOfDifferentLengthsAndExactCodesMix() throws {
        let rules = try compiled(["icd10": "C% D33% D430"])
        for data in ["C710", "C50", "D331", "D430"] { XCTAssertTrue(fires(rules, diagnoses: data), data) }
        for data in ["D431", "D32X", "E840"] { XCTAssertFalse(fires(rules, diagnoses: data), data) }
    }

    func testLongerICD10DataCodeMatchesOnItsFirstFourCharacters() throws {
        let rules = try compiled(["icd10": "M480"])
        XCTAssertTrue(fires(rules, diagnoses: "M4806"))
        XCTAssertTrue(fires(rules, diagnoses: "M480-"))
    }

    func testRuleCodesAreNormalised() throws {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["haem", " d66.x "]]
        fixture.rule(["rule_id": "R", "stage": "national", "service_line": "NCBPS03X", "icd10": "@haem e84.0", "hrg": "sa%", "provider": "rje00"])
        let rules = try fixture.compile()
        XCTAssertEqual(rules.rule(0).conditions[.icd10]?.values, ["D66X", "E840"])
        let row = makeRecord { $0.diagnoses = codes("D66"); $0.hrg = code("SA01A"); $0.provider = code("RJE") }
        XCTAssertEqual(rules.decidingID(rules.classify(row)), "R")
    }

    func testICD10AndOPCS4CodesDoNotCollide() throws {
        let rules = try compiled(["opcs4": "Z94%"])
        XCTAssertFalse(fires(rules, diagnoses: "Z940"), "an ICD-10 Z94 is not the OPCS-4 Z94")
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.procedures = codes("Z941") })), "R")
    }

    func testLongPointOfDeliveryCodes() throws {
        let rules = try compiled(["pod": "OPFUPSPNCL CC"])
        XCTAssertEqual(rules.decidingID(rules.classify(makeRecord { $0.pod = PackedCode(longCode: "opfupspncl")! })), "R")
        XCTAssertNil(rules.classify(makeRecord { $0.pod = PackedCode(longCode: "OPFUPMPCL")! }).decidingRule)
        XCTAssertEqual(PackedCode(longCode: "CC"), code("CC"))
        XCTAssertTrue(PackedCode(longCode: "OPFUPSPNCL")!.isHashed)
    }

    func testCodeKindNormalise() {
        XCTAssertEqual(CodeKind.icd10.normalise(" h04.7 "), "H047")
        XCTAssertEqual(CodeKind.opcs4.normalise("k26.2"), "K262")
        XCTAssertEqual(CodeKind.typeName.normalise("Non Unique"), "NONUNIQUE")
        XCTAssertEqual(CodeKind.canonicalICD10(code("I60")), code("I60X"))
        XCTAssertEqual(CodeKind.canonicalICD10(code("I601")), code("I601"))
    }
}

final class CodeTableTests: XCTestCase {
    func testLookupFindsEveryKeyAndItsValues() {
        var entries: [(key: UInt64, value: Int32)] = []
        for key in 1...5000 { entries.append((UInt64(key) * 7919, Int32(key % 13))) }
        entries.append((7919, 99))
        entries.append((7919, 99))
        let table = CodeTable(entries)
        XCTAssertEqual(table.count, 5000)
        XCTAssertEqual(table.lookup(7919).map { table.value(at: $0) }, [1, 99], "values kept in order, without duplicates")
        for key in 2...5000 { XCTAssertEqual(table.lookup(UInt64(key) * 7919).map { table.value(at: $0) }, [Int32(key % 13)]) }
        XCTAssertTrue(table.lookup(7920).isEmpty)
        XCTAssertTrue(table.lookup(0).isEmpty)
        XCTAssertTrue(CodeTable().lookup(7919).isEmpty)
    }
}

final class StemFilterTests: XCTestCase {
    /// The filter may only ever skip codes that nothing matches: every code equal to an
    /// exact code, or starting with a prefix, must pass it, whatever the mix of lengths.
    func testEveryCodeThatCouldMatchPasses() {
        var random = SplitMix64(seed: 20)
        // Rules' codes from the letters A-D; row codes may also start with E-H, which no rule has.
        func randomCode(_ length: Int, firstOf letters: UInt64 = 4) -> String {
            String((0..<length).map { i in Character(Unicode.Scalar(UInt8(65 + random.next() % (i == 0 ? letters : 4)))) })
        }
        for round in 0..<40 {
            let exact = (0..<Int(1 + random.next() % 30)).map { _ in randomCode(Int(2 + random.next() % 6)) }
            let prefixes = (0..<Int(random.next() % 10)).map { _ in randomCode(Int(1 + random.next() % 5)) }
            let owner = StemFilter(exact: exact.map { code($0).raw }, prefixes: prefixes.map { code($0).raw })
            defer { withExtendedLifetime(owner) {} }  // the view reads the owner's memory
            let filter = owner.view
            var passed = 0
            for _ in 0..<500 {
                let candidate = randomCode(Int(1 + random.next() % 8), firstOf: 8)
                let matches = exact.contains(candidate) || prefixes.contains { candidate.hasPrefix($0) }
                if matches { XCTAssertTrue(filter.mayMatch(code(candidate)), "round \(round): \(candidate)") }
                if filter.mayMatch(code(candidate)) { passed += 1 }
            }
            for written in exact + prefixes.map({ $0 + "Z" }) {
                XCTAssertTrue(filter.mayMatch(code(written)), "round \(round): \(written)")
            }
            XCTAssertLessThan(passed, 500, "round \(round): the filter must also turn codes away")
        }
        let empty = StemFilter(exact: [], prefixes: [])
        XCTAssertFalse(empty.view.mayMatch(code("A01")), "nothing to match: every code is turned away")
        withExtendedLifetime(empty) {}
    }
}

final class PostcodeKeyTests: XCTestCase {
    /// Spaces anywhere in a postcode (first byte, last, several together) are closed up,
    /// the other bytes kept in order.
    func testSpacesAreRemovedWherePlaced() {
        let cases = [
            ("LE2 3WP", "LE23WP"), (" LE23WP", "LE23WP"), ("LE23WP ", "LE23WP"), ("L E 2 3", "LE23"),
            ("  AB  CD", "ABCD"), ("SW1A1AA", "SW1A1AA"), ("A", "A"), ("        ", ""), (" ", ""), ("AB C DEF", "ABCDEF"),
        ]
        for (written, expected) in cases {
            XCTAssertEqual(CompiledRuleSet.withoutSpaces(code(written)), PackedCode(expected)!, "'\(written)'")
        }
    }
}
