import Foundation
import SpecSplit
import TestSupport
import XCTest

/// End to end: `specsplit rules import` on small workbooks in the published shape, as
/// `.xlsx` and as CSV exports, against a hand-written rule set of the same content; every
/// import check; `rules mapping`; and the yearly routine of import then diff.
final class RulesImportCommandTests: XCTestCase {
    let scratch = Scratch()
    static let sample = "sample-data/rules/2012-13"

    func run(_ arguments: [String]) throws -> Binary.Result { try Binary.run(arguments) }

    func importArguments(_ workbook: String, out: String, _ extra: [String] = []) -> [String] {
        [
            "rules", "import", workbook, "--out", out, "--year", "2013/14", "--local-rules",
            RulesImportCommandTests.sample,
        ] + extra
    }

    /// The sample 2012/13 rule set with its national rules and lines replaced by the
    /// fixture's, written by hand.
    func handWritten() throws -> String {
        let target = scratch.path("hand")
        try FileManager.default.copyItem(
            atPath: Binary.root.appendingPathComponent(RulesImportCommandTests.sample).path, toPath: target)
        let rules = try String(contentsOfFile: target + "/rules.csv", encoding: .utf8).split(separator: "\n")
        let local = rules.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[1] == "local" }
        try
            ([String(rules[0])] + RulesWorkbookFixture.handWrittenNational.rules.split(separator: "\n").map(String.init)
            + local.map(String.init))
            .joined(separator: "\n").appending("\n").write(
                toFile: target + "/rules.csv", atomically: true, encoding: .utf8)
        let localLines = try String(contentsOfFile: target + "/service-lines.csv", encoding: .utf8).split(
            separator: "\n"
        )
        .filter {
            ["NCBPS01C", "NCBPS01R", "NCBPSXXX", "NCBDENTX", "NCBAFXXX", "NCBHJXXX", "99999999"].contains(
                String($0.prefix(8)))
        }
        try
            (["service_line,description,npoc,rank,category,apc_rank,nac_rank,apc_top_up_percent"]
            + RulesWorkbookFixture.handWrittenNational.serviceLines.split(separator: "\n").map(String.init)
            + localLines.map { $0 + ",,," })
            .joined(separator: "\n").appending("\n").write(
                toFile: target + "/service-lines.csv", atomically: true, encoding: .utf8)
        let check = try run(["rules", "check", target])
        XCTAssertEqual(check.status, 0, check.out + check.err)
        return target
    }

    /// Splits the sample extracts with `rules`; the summary and control totals.
    func split(_ rules: String, _ name: String) throws -> (summary: String, totals: String) {
        let out = scratch.path(name)
        let result = try run(
            ["split", "--rules", rules, "--out", out, "--rejects", out + ".rejects.csv", "--quiet"]
                + ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
                    "sample-data/extracts/" + $0
                })
        XCTAssertEqual(result.status, 0, result.err)
        return (
            try String(contentsOfFile: out + "/summary.csv", encoding: .utf8),
            try String(contentsOfFile: out + "/control-totals.csv", encoding: .utf8)
        )
    }

    func testAnImportedWorkbookClassifiesLikeAHandWrittenRuleSetOfTheSameContent() throws {
        let fixture = RulesWorkbookFixture()
        try fixture.writeXLSX(to: scratch.path("rules-2013-14.xlsx"))
        try fixture.writeCSV(to: scratch.path("rules-2013-14-csv"))
        let hand = try handWritten()
        let expected = try split(hand, "split-hand")
        for line in ["NCBPS13X", "NCBPS03X", "NCBPS08B", "NCBPS05D"] {
            XCTAssertTrue(expected.summary.contains(",specialised,\(line),"), "the sample extracts reach \(line)")
        }
        for workbook in ["rules-2013-14.xlsx", "rules-2013-14-csv"] {
            let out = scratch.path("imported-" + workbook)
            let result = try run(importArguments(scratch.path(workbook), out: out))
            XCTAssertEqual(result.status, 0, result.out + result.err)
            XCTAssertTrue(result.out.hasPrefix("mapping: built-in (its code lists are provisional"), result.out)
            XCTAssertTrue(
                result.out.contains("sheets read: Summary of ID code sets, Service line hierarchy, ICD10 Triggers, "),
                result.out)
            XCTAssertTrue(result.out.contains(": 16 rules (7 national, 9 local), 11 service lines, "), result.out)
            let check = try run(["rules", "check", out])
            XCTAssertEqual(check.status, 0, check.out + check.err)
            let imported = try split(out, "split-" + workbook)
            XCTAssertEqual(imported.summary, expected.summary, workbook)
            XCTAssertEqual(imported.totals, expected.totals, workbook)
        }
        let xlsx = scratch.path("imported-rules-2013-14.xlsx"), csv = scratch.path("imported-rules-2013-14-csv")
        for file in ["rules.csv", "code-sets.csv", "service-lines.csv", "practices.csv", "service-groups.csv"] {
            XCTAssertEqual(
                FileManager.default.contents(atPath: xlsx + "/" + file),
                FileManager.default.contents(atPath: csv + "/" + file),
                "\(file): the .xlsx and its CSV export import alike")
        }
        let lines = try String(contentsOfFile: xlsx + "/service-lines.csv", encoding: .utf8)
        XCTAssertTrue(lines.contains("NCBPS03X,Haemophilia,Blood and Infection,1,specialised,1,2,15\n"), lines)
        XCTAssertTrue(lines.contains("NCBPS05D,Renal dialysis,Internal Medicine,4,specialised,4,3,\n"), lines)
        let rules = try String(contentsOfFile: xlsx + "/rules.csv", encoding: .utf8)
        XCTAssertTrue(
            rules.contains(
                "NCBPS05D-2,national,NAC,specialised,NCBPS05D,,,,,,,,,,,@ncbps05d_2_treatment_function,,,,5 6,03,,2,"),
            rules)
        XCTAssertTrue(
            rules.contains(
                "NCBPS05D-1,national,APC,specialised,NCBPS05D,,,@ncbps05d_1_opcs4,,,,,,,@ncbps05d_1_main_specialty,,11 12,,1,"
            ), rules)
    }

    /// The committed workbook that openpyxl saved (Tests/Fixtures/workbooks, with the script
    /// that made it: a title row above the header, styles, a percent format, a date) imports
    /// to the same rules as the test's own writer's workbook of the same content.
    func testAWorkbookSavedByASpreadsheetLibraryImportsAlike() throws {
        try RulesWorkbookFixture().writeXLSX(to: scratch.path("ours.xlsx"))
        let theirs = Binary.root.appendingPathComponent("Tests/Fixtures/workbooks/rules-2013-14-openpyxl.xlsx").path
        XCTAssertEqual(try run(importArguments(scratch.path("ours.xlsx"), out: scratch.path("ours"))).status, 0)
        let result = try run(importArguments(theirs, out: scratch.path("theirs")))
        XCTAssertEqual(result.status, 0, result.out + result.err)
        for file in ["rules.csv", "code-sets.csv", "service-lines.csv"] {
            XCTAssertEqual(
                FileManager.default.contents(atPath: scratch.path("theirs/" + file)),
                FileManager.default.contents(atPath: scratch.path("ours/" + file)), file)
        }
    }

    func testRuleSetTomlRecordsWhereEverythingCameFrom() throws {
        try RulesWorkbookFixture().writeXLSX(to: scratch.path("rules-2013-14.xlsx"))
        let checksum = try RuleSetChecksum.of(path: scratch.path("rules-2013-14.xlsx"))
        let out = scratch.path("rules")
        XCTAssertEqual(try run(importArguments(scratch.path("rules-2013-14.xlsx"), out: out)).status, 0)
        let toml = try String(contentsOfFile: out + "/ruleset.toml", encoding: .utf8)
        let sample = try RuleSet.load(
            directory: Binary.root.appendingPathComponent(RulesImportCommandTests.sample).path)
        XCTAssertTrue(
            toml.hasPrefix(
                "name = \"National rules 2013/14, imported from rules-2013-14.xlsx\"\nfinancial_year = \"2013/14\"\n"),
            toml)
        XCTAssertTrue(toml.contains("illustrative = true\ncategories = [\"dental\"]\n"), toml)
        XCTAssertTrue(
            toml.contains("[import]\nworkbook = \"rules-2013-14.xlsx\"\nworkbook_sha256 = \"\(checksum)\"\n"), toml)
        XCTAssertTrue(
            toml.contains(
                "sheets = [\"Summary of ID code sets\", \"Service line hierarchy\", \"ICD10 Triggers\", \"ICD10 Qualifiers\", \"OPCS4 Triggers\", \"OPCS Qualifiers\", \"MAINSPEF\", \"TRETSPEF\", \"Provider Eligibility\"]\n"
            ), toml)
        XCTAssertTrue(toml.contains("mapping = \"built-in\"\nmapping_sha256 = \""), toml)
        XCTAssertTrue(
            toml.contains(
                "local_rules = \"\(RulesImportCommandTests.sample)\"\nlocal_rules_name = \"\(sample.name)\"\nlocal_rules_sha256 = \"\(sample.checksum)\"\n"
            ), toml)
        XCTAssertTrue(
            toml.contains("source = \"Rules workbook rules-2013-14.xlsx (sha256 \(checksum)); local rules, "), toml)

        let official = scratch.path("official")
        let result = try run(
            importArguments(
                scratch.path("rules-2013-14.xlsx"), out: official, ["--official", "--name", "PSS rules 2013/14"]))
        XCTAssertEqual(result.status, 0, result.err)
        let loaded = try RuleSet.load(directory: official)
        XCTAssertFalse(loaded.illustrative)
        XCTAssertEqual(loaded.name, "PSS rules 2013/14")
        XCTAssertEqual(loaded.importRecord?.workbookSHA256, checksum)
    }

    /// Imports `fixture` as .xlsx and expects exit 78, nothing written, and each of
    /// `messages` on standard error.
    func assertRefused(
        _ fixture: RulesWorkbookFixture, _ messages: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let workbook = scratch.path("bad-\(UUID().uuidString.prefix(8)).xlsx")
        try fixture.writeXLSX(to: workbook)
        let out = scratch.path("never")
        let result = try run(importArguments(workbook, out: out))
        XCTAssertEqual(result.status, 78, result.out + result.err, file: file, line: line)
        for message in messages {
            XCTAssertTrue(result.err.contains(message), "\(message)\n\(result.err)", file: file, line: line)
        }
        // Error lines are `TIME error specsplit: MESSAGE`: the problems are those with a `|`.
        let problems = result.err.split(separator: "\n").filter { $0.contains(" error specsplit: ") && $0.contains("|") }
        XCTAssertEqual(
            problems.count, messages.count, "each problem once, and no other: \(result.err)", file: file, line: line)
        XCTAssertTrue(result.err.contains("nothing was written"), result.err, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written", file: file, line: line)
    }

    func testACountThatDisagreesWithTheCodesImportedIsRefused() throws {
        var fixture = RulesWorkbookFixture()
        fixture.set("Summary of ID code sets", row: 1, column: "ICD10_Triggers_Count", .number("3"))
        try assertRefused(
            fixture,
            [
                "COUNT|3|NCBPS13X-1 should have 3 icd10 codes but 2 were imported from \"ICD10 Triggers\" (sheet \"Summary of ID code sets\", row 2, cell K2, column ICD10_Triggers_Count)"
            ])
    }

    func testACodeNotShapedLikeItsClassificationIsRefused() throws {
        var fixture = RulesWorkbookFixture()
        fixture.set("ICD10 Triggers", row: 2, column: "ICD10_Code", .text("E8Y.1"))
        fixture.set("TRETSPEF", row: 1, column: "TRETSPEF", .number("3431"))
        try assertRefused(
            fixture,
            [
                "ICD10|E8Y1|Code not shaped like ICD-10 (letter, 2 digits, optional digit or X; or prefix%) (sheet \"ICD10 Triggers\", row 3, cell C3, column ICD10_Code)",
                "TFC|3431|Code not shaped like a specialty or treatment function code (3 digits; or prefix%) (sheet \"TRETSPEF\", row 2, cell C2, column TRETSPEF)",
            ])
    }

    func testServiceLinesMustBeInBothTheSummaryAndTheHierarchy() throws {
        var fixture = RulesWorkbookFixture()
        fixture.remove("Service line hierarchy", row: 3)  // NCBPS08B
        fixture.append(
            "Service line hierarchy",
            [.text("NCBPS99Z"), .text("Nothing gives it"), .text("APC"), nil, .number("9"), nil, nil])
        try assertRefused(
            fixture,
            [
                "SERVICE_LINE|NCBPS08B|Service line NCBPS08B is in the summary but not in the hierarchy: add it there with its ranks (sheet \"Summary of ID code sets\", row 6, cell A6, column PS_Flag)",
                "SERVICE_LINE|NCBPS99Z|Service line NCBPS99Z is in the hierarchy but no sub-rule of the summary gives it (sheet \"Service line hierarchy\", row 5, cell A5, column Service_Line)",
            ])
    }

    func testADuplicateFlagAndSubRuleIsRefused() throws {
        var fixture = RulesWorkbookFixture()
        fixture.append("Summary of ID code sets", fixture.rows("Summary of ID code sets")[3])
        try assertRefused(
            fixture,
            [
                "DUPLICATE|3/1|Duplicate flag and sub-rule: flag 3 sub-rule 1 is on row 4 too (sheet \"Summary of ID code sets\", row 9, cell G9, column Sub_Rule_Number)"
            ])
    }

    func testAnUnknownSettingIsRefused() throws {
        var fixture = RulesWorkbookFixture()
        fixture.set("Summary of ID code sets", row: 2, column: "Setting", .text("A&E"))
        fixture.set("Service line hierarchy", row: 1, column: "Applicable_In_Setting_2", .text("ECDS"))
        try assertRefused(
            fixture,
            [
                "SETTING|A&E|Unknown setting: use APC or NAC (sheet \"Summary of ID code sets\", row 3, cell E3, column Setting)",
                "SETTING|ECDS|Unknown setting: use APC or NAC (sheet \"Service line hierarchy\", row 2, cell D2, column Applicable_In_Setting_2)",
            ])
    }

    func testCSVExportsAreRefusedWithTheirFileAndLine() throws {
        var fixture = RulesWorkbookFixture()
        fixture.set("Summary of ID code sets", row: 2, column: "Setting", .text("A&E"))
        try fixture.writeCSV(to: scratch.path("tables"))
        let result = try run(importArguments(scratch.path("tables"), out: scratch.path("never")))
        XCTAssertEqual(result.status, 78, result.err)
        XCTAssertTrue(
            result.err.contains(
                "SETTING|A&E|Unknown setting: use APC or NAC (Summary of ID code sets.csv:3, field 5, column Setting)"),
            result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("never")))
    }

    func testAYearWithOtherHeadersNeedsOnlyANewMapping() throws {
        var fixture = RulesWorkbookFixture()
        for (index, sheet) in fixture.sheets.enumerated() {
            fixture.sheets[index].rows = sheet.rows.map { row in
                row.map { $0 == .text("Flag_Number") ? .text("Flag No") : $0 }
            }
        }
        try fixture.writeXLSX(to: scratch.path("renamed.xlsx"))
        let refused = try run(importArguments(scratch.path("renamed.xlsx"), out: scratch.path("default")))
        XCTAssertEqual(refused.status, 78, refused.err)
        XCTAssertTrue(
            refused.err.contains(
                "HEADER|Flag_Number, Sub_Rule_Number, PS_Flag, Setting|No header row with the columns Flag_Number, Sub_Rule_Number, PS_Flag, Setting in the first 30 rows of [summary]'s sheet: fix the mapping's header names (sheet \"Summary of ID code sets\")"
            ), refused.err)

        let printed = try run(["rules", "mapping"])
        XCTAssertEqual(printed.status, 0)
        XCTAssertEqual(printed.out, ImportMapping.defaultText + "\n")
        let mapping = scratch.path("mapping.toml")
        try printed.out.replacingOccurrences(
            of: "flag = \"Flag_Number\"", with: "flag = [\"Flag_Number\", \"Flag No\"]"
        )
        .write(toFile: mapping, atomically: true, encoding: .utf8)
        let out = scratch.path("mapped")
        let result = try run(importArguments(scratch.path("renamed.xlsx"), out: out, ["--mapping", mapping]))
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.hasPrefix("mapping: mapping.toml\n"), result.out)
        XCTAssertEqual(try RuleSet.load(directory: out).importRecord?.mapping, "mapping.toml")

        try "[summary]\nsheet = 3\n".write(toFile: mapping, atomically: true, encoding: .utf8)
        let bad = try run(
            importArguments(scratch.path("renamed.xlsx"), out: scratch.path("bad"), ["--mapping", mapping]))
        XCTAssertEqual(bad.status, 78, bad.err)
        XCTAssertTrue(
            bad.err.contains("mapping mapping.toml: `summary.sheet` must be a header name or an array of header names"),
            bad.err)
    }

    func testBadFlagsAMissingWorkbookAndAnExistingOut() throws {
        let usage = try run(["rules", "import", "x.xlsx", "--out", scratch.path("o"), "--year", "2013-2014"])
        XCTAssertEqual(usage.status, 64, usage.err)
        let missing = try run(importArguments(scratch.path("no-such.xlsx"), out: scratch.path("o")))
        XCTAssertEqual(missing.status, 66, missing.err)
        XCTAssertTrue(missing.err.contains("no such file or directory"), missing.err)
        try RulesWorkbookFixture().writeXLSX(to: scratch.path("book.xlsx"))
        let out = scratch.path("rules")
        XCTAssertEqual(try run(importArguments(scratch.path("book.xlsx"), out: out)).status, 0)
        let again = try run(importArguments(scratch.path("book.xlsx"), out: out))
        XCTAssertEqual(again.status, 73, again.err)
        XCTAssertEqual(try run(importArguments(scratch.path("book.xlsx"), out: out, ["--force"])).status, 0)
    }

    func testTheYearlyRoutineImportThenDiffAgainstLastYear() throws {
        try RulesWorkbookFixture().writeXLSX(to: scratch.path("rules-2013-14.xlsx"))
        let out = scratch.path("2013-14")
        XCTAssertEqual(try run(importArguments(scratch.path("rules-2013-14.xlsx"), out: out)).status, 0)
        let diff = try run(["rules", "diff", RulesImportCommandTests.sample, out])
        XCTAssertEqual(diff.status, 0, diff.err)
        let lines = diff.out.split(separator: "\n")
        XCTAssertTrue(lines.contains("rules,NCBPS13X-1,added,,,,,rules.csv:2"), diff.out)
        XCTAssertTrue(lines.contains("service-lines,NCBPS02M,removed,,,,service-lines.csv:2,"), diff.out)
        XCTAssertTrue(
            lines.contains {
                $0.hasPrefix("service-lines,NCBPS08B,changed,rank,70,3,service-lines.csv:8,service-lines.csv:")
            }, diff.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("service-lines,NCBPS08B,changed,apc_rank,,3,") }, diff.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("service-lines,NCBPS03X,added,") }, diff.out)
        XCTAssertFalse(lines.contains { $0.hasPrefix("practices,") }, "the local tables came across as they were")
        XCTAssertFalse(lines.contains { $0.hasPrefix("rules,NCBAFXXX-1,") }, "and so did the local rules")
    }
}
