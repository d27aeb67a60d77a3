import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// `RuleSet.write(to:replace:)`: a rule set written and loaded back is the same rule set
/// (the sample and a scaled one), the files are the same bytes every time, cells are
/// quoted where they must be, and a directory already there is kept unless replacing is
/// asked for.
final class RuleSetWriteTests: XCTestCase {
    let directory = TemporaryDirectory()

    func sample() throws -> RuleSet { try RuleSet.load(directory: SampleRuleSetTests.samples + "/2012-13") }

    /// Writes `ruleSet` to `name` in the test's directory and loads it back.
    func writeAndLoad(_ ruleSet: RuleSet, _ name: String = "rules") throws -> RuleSet {
        try ruleSet.write(to: directory.path(name))
        do {
            return try RuleSet.load(directory: directory.path(name))
        } catch let error as RuleSetInvalid {
            XCTFail(error.description)
            throw error
        }
    }

    /// The rule set without what says where and how it was read: the checksum, the file
    /// and line of each rule and service-group row, the defaults used for what the files
    /// left out and the warnings about how they are written.
    func content(_ ruleSet: RuleSet) -> RuleSet {
        var copy = ruleSet
        copy.checksum = ""
        copy.defaults = []
        copy.warnings = []
        copy.rules = copy.rules.map { rule in
            var rule = rule
            rule.file = ""
            rule.line = 0
            return rule
        }
        copy.serviceGroups = copy.serviceGroups.map { group in
            var group = group
            group.line = 0
            return group
        }
        copy.serviceLines = copy.serviceLines.map { line in
            var line = line
            line.line = 0
            return line
        }
        copy.practices = copy.practices.map { practice in
            var practice = practice
            practice.line = 0
            return practice
        }
        copy.prisonPostcodes = copy.prisonPostcodes.map { postcode in
            var postcode = postcode
            postcode.line = 0
            return postcode
        }
        copy.sourceLines = RuleSet.SourceLines()
        return copy
    }

    /// Field by field first, so a failure names what differs, then the whole value.
    func assertSameContent(_ loaded: RuleSet, _ original: RuleSet, file: StaticString = #filePath, line: UInt = #line) {
        let (a, b) = (content(loaded), content(original))
        XCTAssertEqual(a.name, b.name, file: file, line: line)
        XCTAssertEqual(a.financialYear, b.financialYear, file: file, line: line)
        XCTAssertEqual(a.summary, b.summary, file: file, line: line)
        XCTAssertEqual(a.source, b.source, file: file, line: line)
        XCTAssertEqual(a.illustrative, b.illustrative, file: file, line: line)
        XCTAssertEqual(a.categories, b.categories, file: file, line: line)
        XCTAssertEqual(a.rules.map(\.id), b.rules.map(\.id), file: file, line: line)
        for (x, y) in zip(a.rules, b.rules) where x != y {
            XCTAssertEqual(x.conditions, y.conditions, "rule \(y.id)", file: file, line: line)
            XCTAssertEqual(x, y, "rule \(y.id)", file: file, line: line)
        }
        XCTAssertEqual(a.codeSets, b.codeSets, file: file, line: line)
        XCTAssertEqual(a.serviceLines, b.serviceLines, file: file, line: line)
        XCTAssertEqual(a.serviceGroups, b.serviceGroups, file: file, line: line)
        XCTAssertEqual(a.practices, b.practices, file: file, line: line)
        XCTAssertEqual(a.prisonPostcodes, b.prisonPostcodes, file: file, line: line)
        XCTAssertEqual(a.podSettings, b.podSettings, file: file, line: line)
        XCTAssertEqual(a.podSpellings, b.podSpellings, file: file, line: line)
        XCTAssertEqual(a, b, "the whole rule set", file: file, line: line)
    }

    func testSampleRuleSetWrittenAndLoadedIsTheSame() throws {
        let original = try sample()
        let loaded = try writeAndLoad(original)
        assertSameContent(loaded, original)
        // Read from files both times, rules and service groups are even on the same lines.
        XCTAssertEqual(loaded.rules.map(\.line), original.rules.map(\.line))
        XCTAssertEqual(loaded.serviceGroups.map(\.line), original.serviceGroups.map(\.line))
        XCTAssertEqual(loaded.rules.count, 55)
        XCTAssertEqual(loaded.practices.count, 23)
        XCTAssertEqual(original.podSpellings[PackedCode(longCode: "OPFUPSPNCL")!], "OPFUPSPNCL")
        XCTAssertEqual(loaded.podSettings[PackedCode(longCode: "OPFUPSPNCL")!], .nac)
        XCTAssertEqual(loaded.checksum.count, 64)
        XCTAssertNotEqual(loaded.checksum, original.checksum, "the files are written in a canonical order, not copied")
    }

    func testSampleFilesReadLikeTheHandWrittenOnes() throws {
        try sample().write(to: directory.path("rules"))
        let samples = SampleRuleSetTests.samples + "/2012-13/"
        XCTAssertEqual(Set(directory.entries()), ["rules"], "no temporary directory is left beside it")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory.path("rules")).sorted(),
            try FileManager.default.contentsOfDirectory(atPath: samples).sorted())
        for name in ["rules.csv", "service-lines.csv", "service-groups.csv", "practices.csv", "prison-postcodes.csv"] {
            XCTAssertEqual(
                directory.read("rules/" + name), try String(contentsOfFile: samples + name, encoding: .utf8), name)
        }
        let toml = try XCTUnwrap(directory.read("rules/ruleset.toml"))
        XCTAssertTrue(
            toml.hasPrefix("name = \"Illustrative national split 2012/13\"\nfinancial_year = \"2012/13\"\n"), toml)
        XCTAssertTrue(toml.hasSuffix("illustrative = true\ncategories = [\"dental\"]\n"), toml)
        let sets = try XCTUnwrap(directory.read("rules/code-sets.csv"))
        XCTAssertTrue(sets.hasPrefix("set,code,classification\n"), sets)
        XCTAssertTrue(sets.contains("\ndental_tfc,140,treatment_function\n"), sets)
        XCTAssertTrue(sets.contains("\nhiv_icd,B20%,icd10\n"), sets)
        let pods = try XCTUnwrap(directory.read("rules/pod-settings.csv"))
        XCTAssertTrue(pods.hasPrefix("pod,setting\nCC,APC\nDC,APC\n"), pods)
        XCTAssertTrue(pods.contains("\nOPFUPSPNCL,NAC\n"), pods)
    }

    func testScaledRuleSetWrittenAndLoadedIsTheSameAndClassifiesAlike() throws {
        let scaled = RuleSet.scaled(base: try sample(), rules: 500, codes: 20_000)
        let loaded = try writeAndLoad(scaled)
        assertSameContent(loaded, scaled)
        XCTAssertEqual(loaded.rules.count, 500)
        XCTAssertGreaterThan(Set(loaded.rules.flatMap { $0.conditions.values.flatMap(\.values) }).count, 18_000)
        XCTAssertTrue(loaded.name.hasSuffix("scaled to 500 rules"), loaded.name)
        XCTAssertTrue(loaded.summary.hasPrefix("SYNTHETIC"), loaded.summary)

        let memory = CompiledRuleSet(scaled)
        let disk = CompiledRuleSet(loaded)
        func rule(_ id: String) throws -> Rule { try XCTUnwrap(scaled.rules.first { $0.id == id }, id) }
        let icd: String = try XCTUnwrap(rule("SYN-00003").conditions[.icd10]?.values[2])
        let prefix: String = try XCTUnwrap(rule("SYN-00010").conditions[.icd10]?.values.first { $0.hasSuffix("%") })
        let opcs: String = try XCTUnwrap(rule("SYN-00005").conditions[.opcs4]?.values[1])
        let both = try rule("SYN-00007")
        let bothICD: String = try XCTUnwrap(both.conditions[.icd10]?.values[0])
        let bothOPCS: String = try XCTUnwrap(both.conditions[.opcs4]?.values[0])
        let outpatient = try rule("SYN-00009")
        let function: String = try XCTUnwrap(outpatient.conditions[.treatmentFunction]?.values[0])
        let hrg: String = try XCTUnwrap(outpatient.conditions[.hrg]?.values[0])

        let trigger = makeRecord {
            $0.diagnoses = [code(icd), code("E840")]; $0.age = 40
        }
        let underPrefix = makeRecord { $0.diagnoses = [code(String(prefix.dropLast()) + "7")] }
        let procedure = makeRecord { $0.procedures = [code(opcs)] }
        let combination = makeRecord {
            $0.diagnoses = [code(bothICD)]; $0.procedures = [code(bothOPCS)]
        }
        let attendance = makeRecord(.nac) {
            $0.treatmentFunction = code(function); $0.hrg = code(hrg)
        }
        let chemotherapy = makeRecord {
            $0.hrg = code("SB97Z"); $0.diagnoses = codes("C509"); $0.age = 60
        }
        let dental = makeRecord(.nac) {
            $0.practice = code("Y90101"); $0.treatmentFunction = code("141")
        }
        let prison = makeRecord {
            $0.practice = code("Y91201"); $0.mainSpecialty = code("710")
        }
        let hip = makeRecord {
            $0.diagnoses = codes("M161"); $0.procedures = codes("W371"); $0.age = 70
        }
        let records: [(expected: String?, record: ActivityRecord)] = [
            ("SYN-00003", trigger), ("SYN-00010", underPrefix), ("SYN-00005", procedure), ("SYN-00007", combination),
            ("SYN-00009", attendance), ("NCBPS01C-1", chemotherapy), ("NCBDENTX-1", dental), ("NCBHJXXX-1", prison),
            (nil, hip),
        ]
        for (expected, record) in records {
            let a = memory.classify(record)
            let b = disk.classify(record)
            let matched = memory.ids(a.nationalMatches) + memory.ids(a.localMatches)
            if let expected {
                XCTAssertTrue(matched.contains(expected), "\(expected) should match: \(matched)")
            } else {
                XCTAssertEqual(matched, [])
            }
            XCTAssertEqual(disk.ids(b.nationalMatches), memory.ids(a.nationalMatches), "\(matched)")
            XCTAssertEqual(disk.ids(b.localMatches), memory.ids(a.localMatches), "\(matched)")
            XCTAssertEqual(b.decidingRule.map { disk.rule($0).id }, a.decidingRule.map { memory.rule($0).id })
            XCTAssertEqual(disk.categories[b.category], memory.categories[a.category])
            XCTAssertEqual(b.serviceLine, a.serviceLine)
            XCTAssertEqual(disk.npocs[b.npoc], memory.npocs[a.npoc])
            XCTAssertEqual(disk.serviceGroupNames[b.serviceGroup], memory.serviceGroupNames[a.serviceGroup])
        }
    }

    func testTheSameRuleSetGivesTheSameBytes() throws {
        let scaled = RuleSet.scaled(base: try sample(), rules: 120, codes: 3_000, seed: 9)
        try scaled.write(to: directory.path("first"))
        try scaled.write(to: directory.path("second"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path("first")).sorted()
        XCTAssertEqual(names.count, 9, "the sample's eight files and current-commissioning.csv")
        for name in names {
            let first = try XCTUnwrap(FileManager.default.contents(atPath: directory.path("first/" + name)))
            XCTAssertEqual(first, FileManager.default.contents(atPath: directory.path("second/" + name)), name)
        }
        XCTAssertEqual(
            try RuleSet.load(directory: directory.path("first")).checksum,
            try RuleSet.load(directory: directory.path("second")).checksum)
    }

    func testCellsAndTOMLValuesAreQuotedWhereTheyMustBe() throws {
        var ruleSet = try sample()
        ruleSet.name = "Quotes \"and\" back\\slashes"
        ruleSet.summary = "Two\nlines\tand a control \u{01} character"
        ruleSet.rules[0].description = "Burns, with \"graft\"\nsecond line"
        ruleSet.rules[1].description = " leading and trailing space "
        ruleSet.serviceLines[0].description = "Blood, marrow"
        ruleSet.practices[0].type = "Military, \"DMS\""
        let loaded = try writeAndLoad(ruleSet)
        let rules = try XCTUnwrap(directory.read("rules/rules.csv"))
        XCTAssertTrue(rules.contains(",\"Burns, with \"\"graft\"\"\nsecond line\"\n"), rules)
        XCTAssertTrue(rules.contains(",\" leading and trailing space \"\n"), rules)
        // Loading trims every cell, quoted or not: the spaces are kept in the file, not in the rule.
        XCTAssertEqual(loaded.rules[1].description, "leading and trailing space")
        ruleSet.rules[1].description = "leading and trailing space"
        assertSameContent(loaded, ruleSet)
        let toml = try XCTUnwrap(directory.read("rules/ruleset.toml"))
        XCTAssertTrue(toml.hasPrefix("name = \"Quotes \\\"and\\\" back\\\\slashes\"\n"), toml)
        XCTAssertTrue(toml.contains("description = \"Two\\nlines\\tand a control \\u0001 character\"\n"), toml)
    }

    func testRulesBuiltInMemoryAreWrittenAsTheirCells() throws {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["cf", "E84%", "icd10"], ["unused", "Z999"]]
        fixture.podSettings.append(["OPFUPSPNCL", "NAC"])
        fixture.rule([
            "rule_id": "CF", "stage": "national", "service_line": "NCBPS13X", "icd10": "E84.0 @cf", "age": "< 19",
        ])
        fixture.rule([
            "rule_id": "RJE", "stage": "local", "setting": "NAC", "service_line": "NCBPS99X", "provider": "RJE00",
            "pod": "OPFUPSPNCL", "postcode_type": "NonUnique none",
        ])
        let original = try fixture.load()
        let loaded = try writeAndLoad(original)
        assertSameContent(loaded, original)
        let rules = try XCTUnwrap(directory.read("rules/rules.csv"))
        XCTAssertTrue(rules.contains("\nCF,national,,specialised,NCBPS13X,E84.0 @cf,"), rules)
        XCTAssertTrue(rules.contains(",<19,"), rules)
        XCTAssertEqual(
            directory.read("rules/prison-postcodes.csv"),
            "postcode,postcode_type,site_code\nHU17 0AQ,Unique,YDE01\nLS1 1AA,Non Unique,YDE02\n")
        XCTAssertEqual(
            directory.read("rules/practices.csv")?.split(separator: "\n")[2], "Y02633,Offender,,25,2011-04-01,")
        XCTAssertTrue(
            directory.read("rules/code-sets.csv")?.contains("\nunused,Z999,\n") == true,
            "an unused set has no classification")

        // A condition built without text is written as its set or its codes.
        var memory = original
        memory.rules[0].conditions[.icd10] = CodeCondition(text: "", setName: "cf", values: ["E84%"])
        memory.rules[1].conditions[.provider] = CodeCondition(text: "", values: ["RJE", "RXX"])
        let again = try writeAndLoad(memory, "memory")
        XCTAssertEqual(again.rules[0].conditions[.icd10], CodeCondition(text: "@cf", setName: "cf", values: ["E84%"]))
        XCTAssertEqual(again.rules[1].conditions[.provider], CodeCondition(text: "RJE RXX", values: ["RJE", "RXX"]))
    }

    func testADirectoryAlreadyThereIsKeptUnlessReplacing() throws {
        let ruleSet = try sample()
        let path = directory.path("rules")
        directory.write("rules/notes.txt", "mine")
        XCTAssertThrowsError(try ruleSet.write(to: path)) { error in
            XCTAssertEqual(error as? WriteError, .exists(path: path))
            XCTAssertEqual((error as? WriteError)?.exitCode, 73)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path), ["notes.txt"])
        XCTAssertEqual(Set(directory.entries()), ["rules"], "nothing was staged")

        try ruleSet.write(to: path, replace: true)
        XCTAssertFalse(directory.exists("rules/notes.txt"), "replaced, not merged")
        XCTAssertEqual(try RuleSet.load(directory: path).rules.count, 55)
        XCTAssertEqual(Set(directory.entries()), ["rules"], "what was replaced is gone")

        directory.write("file", "not a directory")
        XCTAssertThrowsError(try ruleSet.write(to: directory.path("file"), replace: true)) { error in
            guard case .cannotCreate = error as? WriteError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(directory.read("file"), "not a directory")
    }

    func testContentThatCannotBeFilesIsRefusedBeforeWriting() throws {
        var ruleSet = try sample()
        ruleSet.codeSets["empty"] = []
        ruleSet.podSpellings = [:]
        XCTAssertThrowsError(try ruleSet.write(to: directory.path("rules"))) { error in
            guard let invalid = error as? RuleSetInvalid else { return XCTFail("\(error)") }
            let long = ruleSet.podSettings.keys.filter(\.isHashed).count
            XCTAssertEqual(long, 4, "OPFUPSPNCL, OPFASPNCL, OPFUPSPCL, OPFUPMPCL")
            XCTAssertEqual(
                invalid.problems.map(\.file).sorted(),
                ["code-sets.csv"] + Array(repeating: "pod-settings.csv", count: long))
            XCTAssertEqual(invalid.problems.first?.code, "empty")
        }
        XCTAssertFalse(directory.exists("rules"))
        XCTAssertEqual(directory.entries(), [])
    }
}
