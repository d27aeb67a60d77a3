import Foundation
import TestSupport
import XCTest

@testable import SpecSplit

/// The split job: every row in exactly one file, totals that reconcile, atomic publication.
final class SplitJobTests: XCTestCase {
    let dir = TemporaryDirectory()

    override func setUp() { Cancellation.reset() }

    func testEveryRowLandsInExactlyOneCategoryFileOfItsContract() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows.joined(separator: "\n") + "\n")
        let result = try SplitJob(options: dir.options([input])).run()
        XCTAssertEqual(result.manifest.totals.rowsRead, 7)
        XCTAssertEqual(result.manifest.totals.rowsWritten, 7)
        XCTAssertEqual(result.manifest.totals.valueRead, "4094.35")
        XCTAssertEqual(result.manifest.totals.valueWritten, "4094.35")
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/specialised.csv").count, 2, "RJE00 is trust RJE")
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5MX/dental.csv").count, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RQ3_5PK/prison.csv").count, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RQ3_5PK/military.csv").count, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RQ3_XMD/military.csv").count, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RQ3_5QA/non-specialised.csv").count, 1)
        // Every category file exists for every contract, header only when empty.
        for contract in ["RJE_5PK", "RJE_5MX", "RQ3_5PK", "RQ3_XMD", "RQ3_5QA"] {
            for category in ["specialised", "non-specialised", "prison", "military", "dental"] {
                XCTAssertTrue(dir.exists("out/contracts/\(contract)/\(category).csv"), "\(contract)/\(category)")
            }
        }
        let chemo = dir.dataLines("out/contracts/RJE_5PK/specialised.csv")[0]
        XCTAssertTrue(chemo.hasPrefix("RJE00,5PK,B82001,LS1 4AB,S1,11,19,45,SB97Z,\"||C509,E119\",,370,370,1234.50,specialised,NCBPS01C,"), chemo)
        XCTAssertTrue(chemo.contains(",NCBPS01C-1,"), "the trail names the rule: \(chemo)")
        XCTAssertTrue(chemo.hasSuffix("sha256:\(result.manifest.ruleset.checksum.prefix(12)),NCBPS01C-1"), "then the deciding rule: \(chemo)")
    }

    func testControlTotalsReconcileToZeroPerContractAndOverall() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows.joined(separator: "\n") + "\n")
        _ = try SplitJob(options: dir.options([input])).run()
        let rows = dir.dataLines("out/control-totals.csv").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.count, 6 * 3, "three measures for five contracts and ALL")
        XCTAssertTrue(rows.allSatisfy { $0.last == "0" || $0.last == "0.00" }, "difference column is zero")
        let all = rows.filter { $0[0] == "ALL" }
        XCTAssertEqual(all.map { String($0[4]) }, ["7", "7.00", "4094.35"])
    }

    func testSummaryIsByContractCategoryServiceAndHRG() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows.joined(separator: "\n") + "\n")
        _ = try SplitJob(options: dir.options([input])).run()
        let summary = dir.dataLines("out/summary.csv")
        // The setting and the service line's description are appended columns.
        XCTAssertTrue(
            summary.contains("RJE_5PK,RJE,5PK,specialised,NCBPS01C,SB97Z,1,1.00,1234.50,APC,Chemotherapy delivery (local rule on HRG SB97Z)"),
            "\(summary)")
        XCTAssertTrue(summary.contains("RQ3_5PK,RQ3,5PK,prison,acute,AA22C,1,1.00,-50.25,APC,"), "\(summary)")
        XCTAssertEqual(summary, summary.sorted(), "sorted, so reruns compare line by line")
    }

    func testBadValueIsRejectedNamingTheColumnAndNothingIsPublishedOverTheLimit() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows[0] + "\n" + "RJE,5PK,B82001,LS1 4AB,S9,11,19,45,AA22C,,,300,300,12,50\n" + apcRows[1].replacingOccurrences(of: "2500.10", with: "£25") + "\n")
        var options = dir.options([input])
        options.maxRejects = 1
        XCTAssertThrowsError(try SplitJob(options: options).run()) { error in
            guard case .tooManyRejects(let count, 1, let path) = error as? JobError else { return XCTFail("\(error)") }
            XCTAssertEqual(count, 2)
            XCTAssertEqual(path, dir.path("out.failed/rejects.csv"))
            XCTAssertEqual((error as? SpecSplitError)?.exitCode, 65)
        }
        XCTAssertFalse(dir.exists("out"), "no split files are published")
        let rejects = dir.text("out.failed/rejects.csv") ?? ""
        XCTAssertTrue(rejects.contains("apc.csv,3,too many fields: 15 where the header has 14"), rejects)
        XCTAssertTrue(rejects.contains("apc.csv,4,\"value is not a number: \"\"£25\"\""), rejects)
        XCTAssertTrue(rejects.contains(",Grand_Total_Payment_MFF,"), rejects)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).contains { $0.contains("staging") })
    }

    func testRejectsWithinTheLimitAreCountedInTheTotals() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows[0] + "\n" + apcRows[1].replacingOccurrences(of: "2500.10", with: "n/a") + "\n")
        var options = dir.options([input])
        options.maxRejects = 5
        let result = try SplitJob(options: options).run()
        XCTAssertEqual(result.manifest.totals.rowsRead, 2)
        XCTAssertEqual(result.manifest.totals.rowsWritten, 1)
        XCTAssertEqual(result.manifest.totals.rowsRejected, 1)
        XCTAssertEqual(result.manifest.inputs[0].rejected, 1)
    }

    func testExistingOutputIsRefusedWithoutForceAndReplacedWithIt() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows[0] + "\n")
        _ = try SplitJob(options: dir.options([input])).run()
        XCTAssertThrowsError(try SplitJob(options: dir.options([input])).run()) { error in
            guard case .exists = error as? WriteError else { return XCTFail("\(error)") }
            XCTAssertEqual((error as? SpecSplitError)?.exitCode, 73)
        }
        let other = dir.write("other.csv", apcHeader + apcRows[6] + "\n")
        var options = dir.options([other])
        options.force = true
        _ = try SplitJob(options: options).run()
        XCTAssertFalse(dir.exists("out/contracts/RJE_5PK"), "the old output is gone")
        XCTAssertTrue(dir.exists("out/contracts/RQ3_5QA/non-specialised.csv"))
    }

    func testASecondRunIntoTheSameOutputIsRefusedWhileTheFirstHoldsTheLock() throws {
        let holder = try StagingArea(target: dir.path("out"), force: false)
        let input = dir.write("apc.csv", apcHeader + apcRows[0] + "\n")
        XCTAssertThrowsError(try SplitJob(options: dir.options([input])).run()) { error in
            guard case .locked = error as? WriteError else { return XCTFail("\(error)") }
        }
        holder.discard()
    }

    func testRerunsAreByteIdenticalApartFromManifestTimes() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows.joined(separator: "\n") + "\n")
        let first = try SplitJob(options: dir.options([input], out: "a")).run()
        let second = try SplitJob(options: dir.options([input], out: "b")).run()
        XCTAssertEqual(first.manifest.outputs, second.manifest.outputs, "same files, rows and sha256")
        for output in first.manifest.outputs {
            XCTAssertEqual(dir.text("a/" + output.path), dir.text("b/" + output.path), output.path)
        }
    }

    func testEpisodesOfASpellShareTheSpellsResult() throws {
        let header = "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Episode_Number,Spell_Core_HRG,DIAG_01,DIAG_02,Treatment_Function_Code,Tariff_Total_Payment\n"
        let rows = [
            "RJE,5PK,A1,1,AA22C,I10X,,300,10",
            "RJE,5PK,A1,2,PD12A,E840,,420,20",  // a specialised episode makes the whole spell specialised
            "RJE,5PK,B2,1,AA22C,I10X,,300,30",
        ]
        let input = dir.write("episodes.csv", header + rows.joined(separator: "\n") + "\n")
        let result = try SplitJob(options: dir.options([input])).run()
        XCTAssertTrue(result.manifest.inputs[0].episodeLevel)
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/specialised.csv").count, 2)
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/non-specialised.csv").count, 1)
    }

    func testASpellThatComesBackIsRejectedNamingBothLines() throws {
        let header = "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Episode_Number,Spell_Core_HRG,Tariff_Total_Payment\n"
        let input = dir.write("episodes.csv", header + "RJE,5PK,A1,1,AA22C,1\nRJE,5PK,B2,1,AA22C,2\nRJE,5PK,A1,2,AA22C,3\n")
        var options = dir.options([input])
        options.maxRejects = 1
        let result = try SplitJob(options: options).run()
        XCTAssertEqual(result.manifest.totals.rowsRejected, 1)
        let rejects = dir.text("out/rejects.csv") ?? ""
        XCTAssertTrue(rejects.contains("spell A1 comes back at line 4 after other spells; it started at line 2"), rejects)
    }

    func testFiveThousandContractsThroughASmallPoolOfOpenFiles() throws {
        var text = apcHeader
        for index in 0..<5_000 {
            text += "P\(100 + index % 100),C\(10 + index / 100),B82001,LS1 4AB,S\(index),11,19,45,AA22C,||I10X,,300,300,1.5\n"
        }
        let input = dir.write("many.csv", text)
        var options = dir.options([input])
        options.maxOpenFiles = 32
        options.outputMemoryBudget = 1 << 20
        let result = try SplitJob(options: options).run()
        XCTAssertEqual(result.manifest.contracts, 5_000)
        XCTAssertEqual(result.manifest.outputs.filter { $0.path.hasPrefix("contracts/") }.count, 25_000)
        XCTAssertEqual(result.manifest.totals.valueWritten, "7500.00")
        XCTAssertEqual(dir.dataLines("out/contracts/P107_C52/non-specialised.csv").count, 1)
    }

    func testMixedShapesGoToSeparateFilesPerLayout() throws {
        let apc = dir.write("apc.csv", apcHeader + apcRows[0] + "\n")
        let op = dir.write("op.csv", "Der_Provider_Code,Commissioner_Code,Attendance_Status,Treatment_Function_Code,Core_HRG,Tariff_Total_Payment\nRJE,5PK,5,343,WF01A,100\n")
        let slam = dir.write("slam.csv", "Provider_Code,Commissioner_Code,POD,Treatment_Function_Code,HRG,Activity_Actual,Price_Actual\nRJE,5PK,EL,300,SB97Z,3,4500.00\nRJE,5PK,OPFA,300,WF01A,-2,-200\n")
        let result = try SplitJob(options: dir.options([apc, op, slam])).run()
        XCTAssertEqual(result.manifest.totals.activityRead, "3.00", "1 + 1 + 3 - 2")
        XCTAssertEqual(result.manifest.totals.valueWritten, "5634.50")
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/specialised-apc.csv").count, 1)
        XCTAssertEqual(dir.dataLines("out/contracts/RJE_5PK/specialised-slam.csv").count, 1, "SB97Z on a contract line")
        XCTAssertTrue(dir.exists("out/contracts/RJE_5PK/non-specialised-op.csv"))
    }

    func testAnInterruptedRunPublishesNothingAndKeepsThePreviousOutput() throws {
        let input = dir.write("apc.csv", apcHeader + apcRows.joined(separator: "\n") + "\n")
        _ = try SplitJob(options: dir.options([input])).run()
        let before = dir.text("out/manifest.json")
        var options = dir.options([input])
        options.force = true
        let job = SplitJob(options: options)
        job.progress = { _ in Cancellation.simulate(SIGTERM) }
        XCTAssertThrowsError(try job.run()) { error in
            XCTAssertEqual((error as? SpecSplitError)?.exitCode, 143)
        }
        Cancellation.reset()
        XCTAssertEqual(dir.text("out/manifest.json"), before)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).contains { $0.contains("staging") })
    }

    func testSequentialAndParallelRunsAgree() throws {
        let input = dir.write("apc.csv", apcHeader + String(repeating: apcRows.joined(separator: "\n") + "\n", count: 300))
        var sequential = dir.options([input], out: "s")
        sequential.parallel = false
        sequential.readOptions.batchBytes = 4096
        var parallel = dir.options([input], out: "p")
        parallel.readOptions.batchBytes = 4096
        let a = try SplitJob(options: sequential).run()
        let b = try SplitJob(options: parallel).run()
        XCTAssertEqual(a.manifest.outputs, b.manifest.outputs)
        XCTAssertEqual(a.manifest.totals.rowsWritten, 2100)
    }

    func testInvalidRuleSetStopsBeforeAnythingIsWritten() throws {
        let rules = dir.url.appendingPathComponent("badrules").path
        try FileManager.default.copyItem(atPath: rules2012, toPath: rules)
        let path = rules + "/rules.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "SB97Z,", with: "SB97,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let input = dir.write("apc.csv", apcHeader + apcRows[0] + "\n")
        var options = dir.options([input])
        options.rulesDirectory = rules
        XCTAssertThrowsError(try SplitJob(options: options).run()) { error in
            XCTAssertEqual((error as? SpecSplitError)?.exitCode, 78)
            XCTAssertTrue("\(error)".contains("SB97"), "\(error)")
        }
        XCTAssertFalse(dir.exists("out"))
        XCTAssertFalse(dir.exists("out.failed"), "the rule set is checked before a staging directory is made")
    }

    func testMissingRequiredColumnListsWhatWasFound() throws {
        let input = dir.write("nocomm.csv", "Der_Provider_Code,Spell_Core_HRG\nRJE,AA22C\n")
        XCTAssertThrowsError(try SplitJob(options: dir.options([input])).run()) { error in
            XCTAssertEqual((error as? SpecSplitError)?.exitCode, 65)
            let text = "\(error)"
            XCTAssertTrue(text.contains("commissioner") && text.contains("Der_Provider_Code, Spell_Core_HRG"), text)
        }
    }
}
