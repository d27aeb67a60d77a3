import XCTest

@testable import SpecSplit

/// The illustrative rule sets shipped under `sample-data/rules` load without a problem and
/// classify the worked examples of docs/rules.md as documented.
final class SampleRuleSetTests: XCTestCase {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data/rules").path

    func load(_ year: String) throws -> RuleSet {
        do {
            return try RuleSet.load(directory: SampleRuleSetTests.samples + "/" + year)
        } catch let error as RuleSetInvalid {
            XCTFail(error.description)
            throw error
        }
    }

    func testBothSampleYearsLoadWithoutProblems() throws {
        let first = try load("2011-12")
        let second = try load("2012-13")
        XCTAssertEqual(first.financialYear, "2011/12")
        XCTAssertEqual(second.financialYear, "2012/13")
        XCTAssertEqual(first.rules.count, 51)
        XCTAssertEqual(second.rules.count, 55)
        XCTAssertEqual(second.rules.filter { $0.stage == .local }.count, 9)
        XCTAssertTrue(second.categories.contains("dental"))
        XCTAssertEqual(first.checksum.count, 64)
        XCTAssertNotEqual(first.checksum, second.checksum)
    }

    func testWorkedExampleTeenagerWithBrainTumour() throws {
        for (year, trail) in [("2012-13", ["NCBPS23A-1", "NCBPS01T-1"]), ("2011-12", ["NCBPS23A-1"])] {
            let rules = CompiledRuleSet(try load(year))
            let row = makeRecord(.apc) {
                $0.provider = code("RRK"); $0.age = 17; $0.diagnoses = codes("C710", "G936"); $0.treatmentFunction = code("370")
            }
            let result = rules.classify(row)
            XCTAssertEqual(rules.ids(result.nationalMatches).sorted(), trail.sorted(), year)
            XCTAssertEqual(result.serviceLine, code("NCBPS23A"), year)
            XCTAssertEqual(rules.categories[result.category], "specialised")
        }
    }

    func testWorkedExampleMilitaryDentalAttendanceChangesCategoryBetweenYears() throws {
        for (year, category) in [("2011-12", "non-specialised"), ("2012-13", "dental")] {
            let rules = CompiledRuleSet(try load(year))
            let row = makeRecord(.nac) { $0.practice = code("Y90101"); $0.treatmentFunction = code("141") }
            let result = rules.classify(row)
            XCTAssertEqual(rules.decidingID(result), "NCBDENTX-1", year)
            XCTAssertEqual(rules.ids(result.localMatches), ["NCBDENTX-1", "NCBAFXXX-1"], year)
            XCTAssertEqual(rules.categories[result.category], category, year)
        }
    }

    func testWorkedExampleNeonatalCriticalCareContractLine() throws {
        let rules = CompiledRuleSet(try load("2012-13"))
        let present = FieldSet([.provider, .commissioner, .pod, .hrg, .treatmentFunction, .activity, .value])
        let setting = rules.setting(forPOD: code("CC"))
        XCTAssertEqual(setting, .apc)
        XCTAssertEqual(rules.setting(forPOD: PackedCode(longCode: "OPFUPSPNCL")!), .nac)
        XCTAssertEqual(rules.setting(forPOD: code("AE")), .unknown)
        let result = rules.classify(makeRecord(setting, present: present) { $0.pod = code("CC"); $0.hrg = code("XA02Z") })
        XCTAssertEqual(rules.decidingID(result), "NCBPS10N-1")
        XCTAssertEqual(rules.serviceGroupNames[result.serviceGroup], "critical care")
        XCTAssertFalse(rules.untestableRules(for: present, setting: .apc).isEmpty)
    }

    func testWorkedExamplePrisonerAdmission() throws {
        let rules = CompiledRuleSet(try load("2012-13"))
        let row = makeRecord(.apc) {
            $0.practice = code("Y91201"); $0.admissionSource = code("39"); $0.mainSpecialty = code("710")
        }
        let result = rules.classify(row)
        XCTAssertEqual(rules.ids(result.localMatches), ["NCBHJXXX-1", "NCBHJXXX-3"])
        XCTAssertEqual(rules.categories[result.category], "prison")
        XCTAssertEqual(rules.serviceGroupNames[result.serviceGroup], "mental health")
        XCTAssertEqual(result.practiceType.map { rules.typeNames[$0] }, "PRISON")
        XCTAssertEqual(result.postcodeType.map { rules.typeNames[$0] }, "NONE")
    }

    func testWorkedExampleNothingMatches() throws {
        let rules = CompiledRuleSet(try load("2012-13"))
        let row = makeRecord(.apc) {
            $0.practice = code("B82001"); $0.diagnoses = codes("M161"); $0.procedures = codes("W371"); $0.age = 70
            $0.treatmentFunction = code("110"); $0.provider = code("RCB"); $0.hrg = code("HB12C")
        }
        let result = rules.classify(row)
        XCTAssertNil(result.decidingRule)
        XCTAssertEqual(result.serviceLine, code("99999999"))
        XCTAssertEqual(rules.categories[result.category], "non-specialised")
    }
}
