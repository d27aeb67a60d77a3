import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// The import through the library: mapping layouts the built-in mapping does not use
/// (wide lists, one sheet holding several lists, a list for every sub-rule of a flag),
/// ranks, and what is taken from the local rules.
final class RuleSetImportTests: XCTestCase {
    let directory = TemporaryDirectory()

    func options(local: RuleSet? = nil) -> RuleSetImport.Options {
        .init(
            financialYear: "2013/14", localRules: local.map { ($0, "local") }, workbookName: "book",
            workbookSHA256: "00")
    }

    /// A workbook with the fixture's summary and hierarchy, and the given list sheets.
    func workbook(_ lists: [(String, [[XLSXBuilder.Cell?]])]) throws -> any Workbook {
        var fixture = RulesWorkbookFixture()
        fixture.sheets =
            fixture.sheets.filter { ["Summary of ID code sets", "Service line hierarchy"].contains($0.name) } + lists
        let path = directory.path("book-\(UUID().uuidString.prefix(6)).xlsx")
        try fixture.writeXLSX(to: path)
        return try openWorkbook(path)
    }

    /// The built-in mapping's summary and hierarchy with `lists` as its code lists.
    func mapping(_ lists: String) throws -> ImportMapping {
        let base = ImportMapping.defaultText
        return try ImportMapping.parse(
            String(base[..<base.range(of: "\n[[lists]]\n")!.lowerBound]) + lists, name: "test.toml")
    }

    func testWideListsSharedSheetsAndFlagWideLists() throws {
        let book = try workbook([
            (
                "Codes",
                [
                    [
                        .text("List"), .text("Flag_Number"), .text("Sub_Rule_Number"), .text("Code 1"), .text("Code 2"),
                        .text("Note"),
                    ],
                    [.text("ICD10 trigger"), .number("13"), .number("1"), .text("E84.0"), .text("E84.1"), .text("x")],
                    [.text("ICD10 trigger"), .number("3"), .number("1"), .text("D66"), .text("D67X"), nil],
                    [.text("ICD10 trigger"), .number("8"), .number("1"), .text("T2*"), nil, nil],
                    [.text("OPCS4 trigger"), .number("5"), .number("1"), .text("X40.1"), .text("X40.2"), nil],
                    [.text("OPCS4 qualifier"), .number("8"), .number("1"), .text("S37*"), nil, nil],
                    [.text("MAINSPEF"), .number("5"), .number("1"), .number("361"), nil, nil],
                    [.text("TRETSPEF"), .number("13"), .number("2"), .number("343"), nil, nil],
                    [.text("TRETSPEF"), .number("3"), .number("2"), .number("309"), nil, nil],
                    [.text("TRETSPEF"), .number("5"), .number("2"), .number("361"), nil, nil],
                ]
            ),
            (
                "Providers",
                [[.text("Flag"), .text("Provider")], [.number("3"), .text("RRK")], [.number("3"), .text("RQ3")]]
            ),
        ])
        func wide(_ value: String, _ target: String) -> String {
            """

            [[lists]]
            sheet = "Codes"
            target = "\(target)"
            layout = "wide"
            codes = "Code"
            flag = "Flag_Number"
            sub_rule = "Sub_Rule_Number"
            list = "List"
            list_values = "\(value)"

            """
        }
        let lists =
            wide("ICD10 trigger", "icd10") + wide("OPCS4 trigger", "opcs4") + wide("OPCS4 qualifier", "opcs4_qualifier")
            + wide("MAINSPEF", "main_specialty") + wide("TRETSPEF", "treatment_function") + """

                [[lists]]
                sheet = "Providers"
                target = "provider"
                flag = "Flag"
                code = "Provider"
                """
        var m = try mapping(lists)
        // The provider list is keyed by flag only: flag 3 has two sub-rules, and the count
        // of sub-rule 2 is 0, so it is not checked here.
        m.counts[.provider] = nil
        let imported = try RuleSetImport(workbook: book, mapping: m, options: options())
        let rules = Dictionary(uniqueKeysWithValues: imported.ruleSet.rules.map { ($0.id, $0) })
        XCTAssertEqual(rules["NCBPS13X-1"]?.conditions[.icd10]?.values, ["E840", "E841"], "Note is not a code column")
        XCTAssertEqual(rules["NCBPS08B-1"]?.conditions[.opcs4Qualifier]?.values, ["S37%"])
        XCTAssertEqual(rules["NCBPS05D-1"]?.conditions[.mainSpecialty]?.values, ["361"])
        XCTAssertEqual(rules["NCBPS03X-1"]?.conditions[.provider]?.values, ["RRK", "RQ3"])
        XCTAssertEqual(
            rules["NCBPS03X-2"]?.conditions[.provider]?.values, ["RRK", "RQ3"], "every sub-rule of the flag")
        XCTAssertEqual(
            imported.sheetsRead, ["Summary of ID code sets", "Service line hierarchy", "Codes", "Providers"])
    }

    func testRanksAndTheLocalRulesLinesAfterTheNationalOnes() throws {
        var fixture = RulesWorkbookFixture()
        // Ranks in the hundreds, as some years number them: the sample's local lines (300,
        // 310, 800...) would fall among them.
        for (row, rank) in [(1, "100"), (2, "200"), (3, "300"), (4, "400")] {
            fixture.set("Service line hierarchy", row: row, column: "APC_Episode_Spell_Hierarchies", .number(rank))
        }
        fixture.set("Service line hierarchy", row: 3, column: "APC_Episode_Spell_Hierarchies", nil)
        fixture.set("Service line hierarchy", row: 3, column: "NAC_Hierarchy", .number("7"))
        let path = directory.path("ranks.xlsx")
        try fixture.writeXLSX(to: path)
        let sample = try RuleSet.load(directory: SampleRuleSetTests.samples + "/2012-13")
        let imported = try RuleSetImport(
            workbook: try openWorkbook(path), mapping: .builtIn, options: options(local: sample))
        let lines = Dictionary(uniqueKeysWithValues: imported.ruleSet.serviceLines.map { ($0.code.description, $0) })
        XCTAssertEqual(lines["NCBPS03X"]?.rank, 100)
        XCTAssertEqual(lines["NCBPS08B"]?.rank, 407, "no APC rank: after the largest APC rank, by its NAC rank")
        XCTAssertEqual(lines["NCBPS08B"]?.apcRank, nil)
        XCTAssertEqual(lines["NCBPS01C"]?.rank, 800, "300 raised by 500, the next hundred above 407")
        XCTAssertEqual(lines["99999999"]?.rank, 10_499)
        XCTAssertTrue(
            imported.notes.contains(
                "the local rules' service lines rank after the national ones: their ranks are raised by 500"),
            "\(imported.notes)")
        XCTAssertEqual(
            imported.ruleSet.rules.filter { $0.stage == .local }.map(\.id),
            sample.rules.filter { $0.stage == .local }.map(\.id))
        XCTAssertEqual(imported.ruleSet.practices, sample.practices)
        XCTAssertEqual(imported.ruleSet.codeSets["dental_tfc"], sample.codeSets["dental_tfc"])
        XCTAssertEqual(imported.ruleSet.categories, sample.categories)
        let written = try imported.publish(to: directory.path("out"), replace: false)
        XCTAssertEqual(written.importRecord?.localRules, "local")
    }

    func testWithoutLocalRulesTheRuleSetStillPassesCheck() throws {
        let path = directory.path("book.xlsx")
        try RulesWorkbookFixture().writeXLSX(to: path)
        let imported = try RuleSetImport(workbook: try openWorkbook(path), mapping: .builtIn, options: options())
        let written = try imported.publish(to: directory.path("national-only"), replace: false)
        XCTAssertEqual(written.rules.count, 7)
        XCTAssertEqual(written.serviceLines.last?.code, ServiceLine.notCommissioned)
        XCTAssertEqual(written.serviceLines.last?.rank, 100)
        XCTAssertEqual(written.serviceGroups.map(\.group), ["other"])
        XCTAssertTrue(written.illustrative)
        XCTAssertEqual(written.importRecord?.localRules, "")
    }
}
