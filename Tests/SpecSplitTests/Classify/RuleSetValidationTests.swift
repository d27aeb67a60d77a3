import XCTest

@testable import SpecSplit

/// One test per kind of problem `RuleSet.load` reports.
final class RuleSetValidationTests: XCTestCase {
    /// A fixture with one valid national rule to break.
    func fixture(_ cells: [String: String] = [:]) -> RuleSetFixture {
        var fixture = RuleSetFixture()
        fixture.codeSets = [["cf_icd", "E84%", "icd10"], ["dialysis", "X40%"]]
        var rule = ["rule_id": "R1", "stage": "national", "service_line": "NCBPS13X", "icd10": "@cf_icd"]
        rule.merge(cells) { $1 }
        fixture.rule(rule)
        return fixture
    }

    /// The single problem of `fixture`, failing the test unless there is exactly one.
    func only(_ fixture: RuleSetFixture, file: StaticString = #filePath, line: UInt = #line) -> Finding? {
        let problems = fixture.problems()
        XCTAssertEqual(problems.count, 1, "\(problems)", file: file, line: line)
        return problems.first
    }

    func testValidFixtureHasNoProblems() {
        XCTAssertEqual(fixture().problems(), [])
    }

    func testDescriptionFollowsTheQualityFileShape() {
        let problem = only(fixture(["icd10": "E84.77"]))
        XCTAssertEqual(
            problem?.description,
            "ICD10|E84.77|Code not shaped like ICD-10 (letter, 2 digits, optional digit or X; or prefix%) (rules.csv:2, icd10)")
        XCTAssertEqual(problem?.file, "rules.csv")
        XCTAssertEqual(problem?.line, 2)
        XCTAssertEqual(problem?.column, "icd10")
        XCTAssertEqual(problem?.codeType.rawValue, "ICD10")
        XCTAssertEqual(problem?.code, "E84.77")
    }

    func testEveryProblemIsReportedNotJustTheFirst() {
        var broken = fixture(["age": "teen", "stage": "regional"])
        broken.rule(["rule_id": "R1", "stage": "local", "service_line": "NOWHERE1"])
        let problems = broken.problems()
        XCTAssertEqual(problems.map(\.codeType.rawValue), ["STAGE", "AGE", "RULE_ID", "SERVICE_LINE"])
        XCTAssertEqual(problems.map(\.line), [2, 2, 3, 3])
        do {
            _ = try broken.load()
            XCTFail("an invalid rule set must throw")
        } catch let error as RuleSetInvalid {
            XCTAssertEqual(error.problems.count, 4)
            XCTAssertTrue(error.description.hasPrefix("rule set memory is invalid: 4 problems"))
        } catch {
            XCTFail("\(error)")
        }
    }

    func testUnknownSet() {
        let problem = only(fixture(["icd10": "@cf_codes"]))
        XCTAssertEqual(problem?.codeType.rawValue, "SET")
        XCTAssertEqual(problem?.code, "@cf_codes")
    }

    func testMalformedAge() {
        XCTAssertEqual(only(fixture(["age": "19+"]))?.codeType.rawValue, "AGE")
        XCTAssertEqual(only(fixture(["age": "20-13"]))?.code, "20-13")
    }

    func testDuplicateRuleID() {
        var duplicated = fixture()
        duplicated.rule(["rule_id": "R1", "stage": "national", "service_line": "NCBPS03X", "hrg": "SA%"])
        let problem = only(duplicated)
        XCTAssertEqual(problem?.codeType.rawValue, "RULE_ID")
        XCTAssertEqual(problem?.line, 3)
        XCTAssertTrue(problem?.message.contains("line 2") == true)
    }

    func testICD10Shape() {
        for bad in ["E8", "8E40", "E84XX", "E8A0", "E84Y", "%"] {
            XCTAssertEqual(only(fixture(["icd10": bad]))?.codeType.rawValue, "ICD10", bad)
        }
        for good in ["E84", "E840", "I60X", "E84%", "e84.0", "E%"] {
            XCTAssertEqual(fixture(["icd10": good]).problems(), [], good)
        }
    }

    func testCodeSetIsCheckedAsTheKindOfTheColumnThatUsesIt() {
        var fixture = fixture(["opcs4": "@dialysis"])
        fixture.codeSets.append(["dialysis", "X40"])
        let problem = only(fixture)
        XCTAssertEqual(problem?.file, "code-sets.csv")
        XCTAssertEqual(problem?.line, 4)
        XCTAssertEqual(problem?.codeType.rawValue, "OPCS4")
        XCTAssertEqual(problem?.code, "X40")
    }

    func testSetDeclaredAsAnotherClassificationThanItsColumn() {
        let problem = only(fixture(["icd10": "", "opcs4": "@cf_icd"]))
        XCTAssertEqual(problem?.file, "rules.csv")
        XCTAssertTrue(problem?.message.contains("ICD10 codes but column opcs4") == true, "\(String(describing: problem))")
    }

    func testOPCS4Shape() {
        for bad in ["K26", "K2622", "KK26"] { XCTAssertEqual(only(fixture(["opcs4": bad]))?.codeType.rawValue, "OPCS4", bad) }
        XCTAssertEqual(fixture(["opcs4": "K262 K26% k26.3"]).problems(), [])
    }

    func testHRGShape() {
        for bad in ["SB97", "S97ZZ", "SB9ZZ"] { XCTAssertEqual(only(fixture(["hrg": bad]))?.codeType.rawValue, "HRG", bad) }
        XCTAssertEqual(fixture(["hrg": "SB97Z SC%"]).problems(), [])
    }

    func testSpecialtyAndTreatmentFunctionShape() {
        XCTAssertEqual(only(fixture(["treatment_function": "34"]))?.codeType.rawValue, "TFC")
        XCTAssertEqual(only(fixture(["main_specialty": "3400"]))?.codeType.rawValue, "MAINSPEF")
        XCTAssertEqual(only(fixture(["main_specialty": "A40"]))?.codeType.rawValue, "MAINSPEF")
        XCTAssertEqual(fixture(["main_specialty": "7%", "treatment_function": "343"]).problems(), [])
    }

    func testOtherColumnShapes() {
        XCTAssertEqual(only(fixture(["admission_source": "391"]))?.codeType.rawValue, "ADMISSION_SOURCE")
        XCTAssertEqual(only(fixture(["sex": "M"]))?.codeType.rawValue, "SEX")
        XCTAssertEqual(only(fixture(["provider": "R1"]))?.codeType.rawValue, "PROVIDER")
        XCTAssertEqual(fixture(["provider": "RJE00 NT401", "commissioner": "XMD 5PK", "admission_method": "2%"]).problems(), [])
    }

    func testServiceLineMissingFromServiceLines() {
        let problem = only(fixture(["service_line": "NCBPS77Q"]))
        XCTAssertEqual(problem?.codeType.rawValue, "SERVICE_LINE")
        XCTAssertEqual(problem?.code, "NCBPS77Q")
        XCTAssertEqual(only(fixture(["service_line": ""]))?.codeType.rawValue, "SERVICE_LINE")
    }

    func testUnknownCategory() {
        XCTAssertEqual(only(fixture(["category": "dental"]))?.codeType.rawValue, "CATEGORY")
        var lines = fixture()
        lines.serviceLines.append(["NCBPS50X", "Eyes", "", "99", "ophthalmic"])
        XCTAssertEqual(only(lines)?.file, "service-lines.csv")
        var declared = fixture(["category": "Dental"])
        declared.toml += "\ncategories = [\"dental\"]"
        XCTAssertEqual(declared.problems(), [])
    }

    func testUnknownStageSettingAndPosition() {
        XCTAssertEqual(only(fixture(["stage": "regional"]))?.codeType.rawValue, "STAGE")
        XCTAssertEqual(only(fixture(["setting": "A&E"]))?.codeType.rawValue, "SETTING")
        XCTAssertEqual(only(fixture(["icd10_position": "first"]))?.codeType.rawValue, "POSITION")
        XCTAssertEqual(only(fixture(["opcs4_position": "2"]))?.column, "opcs4_position")
        XCTAssertEqual(fixture(["setting": "nac", "icd10_position": "Primary"]).problems(), [])
    }

    func testBadRequireAllTriggers() {
        XCTAssertEqual(only(fixture(["require_all_triggers": "yes"]))?.codeType.rawValue, "FLAG")
        XCTAssertEqual(fixture(["require_all_triggers": "y"]).problems(), [])
    }

    /// ruleset.toml is always required; a table only when a rule needs what it provides.
    func testMissingRequiredFile() throws {
        let fixture = fixture(["practice_type": "Military"])
        var tables = fixture.tables
        tables["practices.csv"] = nil
        tables["service-groups.csv"] = nil
        XCTAssertThrowsError(try RuleSet.parse(toml: nil, tables: tables, checksum: "", directory: "memory")) { error in
            let problems = (error as? RuleSetInvalid)?.problems ?? []
            XCTAssertEqual(problems.filter { $0.codeType == .file }.map(\.code).sorted(), ["practices.csv", "ruleset.toml"])
            let practices = problems.first { $0.code == "practices.csv" }
            XCTAssertEqual(practices?.file, "rules.csv")
            XCTAssertEqual(practices?.column, "practice_type")
            XCTAssertTrue(practices?.message.contains("rule R1 ") ?? false, practices?.message ?? "")
        }
    }

    func testTablesNoRuleNeedsAreOptionalWithTheirDefaultsNamed() throws {
        let fixture = fixture()
        var tables = fixture.tables
        for name in ["practices.csv", "prison-postcodes.csv", "service-groups.csv", "pod-settings.csv"] { tables[name] = nil }
        let ruleSet = try RuleSet.parse(toml: fixture.toml, tables: tables, checksum: "", directory: "memory")
        XCTAssertEqual(
            ruleSet.defaults.map(\.code),
            [
                "practices.csv", "prison-postcodes.csv", "service-groups.csv", "pod-settings.csv", "current-commissioning.csv",
                "apc_rank", "nac_rank", "apc_top_up_percent", "description", "source", "national_categories",
            ])
        XCTAssertEqual(ruleSet.serviceGroups.map(\.group), ["unknown"])
        XCTAssertFalse(ruleSet.hasPODSettings)
        XCTAssertEqual(
            try fixture.load().defaults.map(\.code),
            ["current-commissioning.csv", "apc_rank", "nac_rank", "apc_top_up_percent", "description", "source", "national_categories"],
            "only what the fixture leaves out")
        // Without code-sets.csv, the rule's @set is the one problem: the missing file.
        tables["code-sets.csv"] = nil
        XCTAssertThrowsError(try RuleSet.parse(toml: fixture.toml, tables: tables, checksum: "", directory: "memory")) { error in
            XCTAssertEqual((error as? RuleSetInvalid)?.problems.map(\.description), [
                "FILE|code-sets.csv|Missing file: rule R1 needs the codes of an @set, which code-sets.csv provides; add code-sets.csv to the rule set directory (rules.csv:2, icd10)",
            ])
        }
    }

    func testMissingRequiredColumn() throws {
        let fixture = fixture()
        var tables = fixture.tables
        let rules = tables["rules.csv"]!
        let keep = rules.header.indices.filter { rules.header[$0] != "icd10_qualifier" }
        tables["rules.csv"] = RuleTable(name: "rules.csv", header: keep.map { rules.header[$0] }, rows: rules.rows.map { row in keep.map { row[$0] } })
        XCTAssertThrowsError(try RuleSet.parse(toml: fixture.toml, tables: tables, checksum: "", directory: "memory")) { error in
            let problems = (error as? RuleSetInvalid)?.problems ?? []
            XCTAssertEqual(problems.map(\.description), ["COLUMN|icd10_qualifier|Missing required column `icd10_qualifier` (rules.csv:1, icd10_qualifier)"])
        }
    }

    func testExtraColumnsAreIgnored() throws {
        let fixture = fixture()
        var tables = fixture.tables
        let lines = tables["service-lines.csv"]!
        tables["service-lines.csv"] = RuleTable(name: "service-lines.csv", header: lines.header + ["analyst_note"], rows: lines.rows.map { $0 + ["check with SCG"] })
        XCTAssertNoThrow(try RuleSet.parse(toml: fixture.toml, tables: tables, checksum: "", directory: "memory"))
    }

    func testDuplicateServiceLine() {
        var fixture = fixture()
        fixture.serviceLines.append(["NCBPS13X", "Cystic fibrosis again", "", "500", "specialised"])
        let problem = only(fixture)
        XCTAssertEqual(problem?.codeType.rawValue, "SERVICE_LINE")
        XCTAssertEqual(problem?.file, "service-lines.csv")
    }

    func testNonNumericAndDuplicateRank() {
        var fixture = fixture()
        fixture.serviceLines.append(["NCBPS51X", "New", "", "high", "specialised"])
        XCTAssertEqual(only(fixture)?.codeType.rawValue, "RANK")
        fixture.serviceLines[fixture.serviceLines.count - 1][3] = "5"
        XCTAssertEqual(only(fixture)?.message.hasPrefix("Duplicate rank"), true)
    }

    func testServiceLineCodeShape() {
        var fixture = fixture()
        fixture.serviceLines.append(["NCB51", "Short", "", "501", "specialised"])
        XCTAssertEqual(only(fixture)?.code, "NCB51")
    }

    func testBadDatesInPractices() {
        var fixture = fixture()
        fixture.practices.append(["Y00001", "Prison", "", "25", "2012-02-30", ""])
        fixture.practices.append(["Y00002", "Prison", "", "25", "20120401", "2011-04-01"])
        fixture.practices.append(["Y00003", "Prison", "", "25", "01/04/2012", ""])
        let problems = fixture.problems()
        XCTAssertEqual(problems.map(\.codeType.rawValue), ["DATE", "DATE", "DATE"])
        XCTAssertEqual(problems.map(\.column), ["open_date", "close_date", "open_date"])
    }

    func testBadPostcodeType() {
        var fixture = fixture()
        fixture.prisonPostcodes.append(["HU1 9XA", "Sometimes", "YDE09"])
        XCTAssertEqual(only(fixture)?.codeType.rawValue, "POSTCODE_TYPE")
    }

    func testServiceGroupsNeedAFinalCatchAll() {
        var fixture = fixture()
        fixture.serviceGroups.removeLast()
        let problem = only(fixture)
        XCTAssertEqual(problem?.file, "service-groups.csv")
        XCTAssertEqual(problem?.codeType.rawValue, "SERVICE_GROUP")
        fixture.serviceGroups = []
        XCTAssertEqual(only(fixture)?.codeType.rawValue, "SERVICE_GROUP")
    }

    func testPODSettings() {
        var fixture = fixture()
        fixture.podSettings.append(["OPFUPSPNCL", "NAC"])
        XCTAssertEqual(fixture.problems(), [], "points of delivery may be longer than 8 characters")
        fixture.podSettings.append(["AE", "ED"])
        XCTAssertEqual(only(fixture)?.codeType.rawValue, "SETTING")
    }

    func testRuleSetTOMLKeys() {
        var fixture = fixture()
        fixture.toml = "financial_year = \"2012/13\"\nowner = \"me\"\n"
        let problems = fixture.problems()
        XCTAssertEqual(problems.map(\.code), ["name", "owner"])
        XCTAssertEqual(problems.map(\.file), ["ruleset.toml", "ruleset.toml"])
        XCTAssertEqual(problems.last?.line, 2)
        fixture.toml = "name = \"x\"\nfinancial_year = \"2012-14\"\n"
        XCTAssertEqual(only(fixture)?.column, "financial_year")
        fixture.toml = "name = \"x\"\nfinancial_year = \n"
        XCTAssertEqual(only(fixture)?.codeType.rawValue, "TOML")
    }
}
