import Crypto
import Foundation
import SpecSplit
import TestSupport
import XCTest

/// The HTML report and workbook, through the built binary: `split --report` publishes them
/// inside OUT (listed in the manifest), `specsplit report` renders them from a published
/// output without touching it, and every figure shown equals the CSV files' figure.
final class ReportTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path
    let extracts = ["apc-episodes.csv", "apc-spells.csv", "contract-monitoring.csv", "outpatients.csv"].map {
        Binary.root.appendingPathComponent("sample-data/extracts/\($0)").path
    }

    func split(_ out: String, _ extra: [String] = [], inputs: [String]? = nil) throws {
        let result = try Binary.run(
            ["split", "--rules", rules, "--out", scratch.path(out), "--quiet"] + extra + (inputs ?? extracts))
        XCTAssertEqual(result.status, 0, result.err)
    }

    /// Every file under `directory`, by relative path, with its SHA-256.
    func tree(_ directory: String) -> [String: String] {
        var files: [String: String] = [:]
        let base = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [:] }
        for case let relative as String in walker {
            let url = base.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[relative] = SHA256.hash(data: try! Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
        }
        return files
    }

    func manifestOutputs(_ out: String) throws -> [String: [String: Any]] {
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scratch.path(out + "/manifest.json")))) as! [String: Any]
        var outputs: [String: [String: Any]] = [:]
        for entry in json["outputs"] as! [[String: Any]] { outputs[entry["path"] as! String] = entry }
        return outputs
    }

    func testSplitReportIsPublishedInsideOutListedInTheManifestAndChangesNothingElse() throws {
        try split("plain")
        try split("reported", ["--report"])
        let plain = tree(scratch.path("plain"))
        let reported = tree(scratch.path("reported"))
        let reportFiles = reported.keys.filter { $0.hasPrefix("report/") }
        XCTAssertTrue(reportFiles.contains("report/index.html"))
        XCTAssertTrue(reportFiles.contains("report/specsplit.xlsx"))
        let contracts = try CSVFile(scratch.path("plain/contracts.csv")).rows.map { $0[0] }.filter { $0 != "ALL" }
        XCTAssertEqual(
            Set(reportFiles.filter { $0.hasPrefix("report/contracts/") }),
            Set(contracts.map { "report/contracts/\($0).html" }))
        XCTAssertEqual(
            reportFiles.count, contracts.count + 2, "the overview, a page per contract, the workbook: nothing else")
        // Every other file is byte for byte what a split without --report writes.
        for (path, hash) in plain where path != "manifest.json" { XCTAssertEqual(reported[path], hash, path) }
        XCTAssertEqual(Set(reported.keys).subtracting(reportFiles), Set(plain.keys))
        // The manifest lists each report file with its size and checksum, and the rest as before.
        let listed = try manifestOutputs("reported")
        let before = try manifestOutputs("plain")
        for path in reportFiles {
            let entry = try XCTUnwrap(listed[path], "\(path) is listed")
            XCTAssertEqual(entry["sha256"] as? String, reported[path], path)
            let size = try FileManager.default.attributesOfItem(atPath: scratch.path("reported/" + path))[.size] as! Int
            XCTAssertEqual(entry["bytes"] as? Int, size, path)
            XCTAssertEqual(entry["rows"] as? Int, 0, path)
        }
        XCTAssertEqual(Set(listed.keys).subtracting(reportFiles), Set(before.keys))
        for (path, entry) in before {
            XCTAssertEqual(listed[path]?["sha256"] as? String, entry["sha256"] as? String, path)
        }
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: scratch.path("reported/manifest.json"))))
        let order = ((json as! [String: Any])["outputs"] as! [[String: Any]]).map { $0["path"] as! String }
        XCTAssertEqual(order, order.sorted(), "outputs stay sorted by path")
        try ReportCheck(output: scratch.path("reported"), report: scratch.path("reported/report")).checkSplit()
        // The same inputs give the same report, byte for byte.
        try split("reported", ["--report", "--force"])
        let again = tree(scratch.path("reported"))
        for path in reportFiles { XCTAssertEqual(again[path], reported[path], "\(path) is deterministic") }
    }

    func testTheWorkbookHoldsTheTablesCellForCellCodesAsText() throws {
        try split("out", ["--report"])
        try ReportCheck(output: scratch.path("out"), report: scratch.path("out/report")).checkWorkbook([
            ("Contracts", "contracts.csv"), ("Categories", "contracts-by-category.csv"), ("Summary", "summary.csv"),
            ("Migration", "migration.csv"),
        ])
    }

    func testConfigKeyReportPublishesTheReport() throws {
        let config = scratch.write(
            "job.toml", "report = true\nrules = \"\(rules)\"\nout = \"\(scratch.path("out"))\"\n")
        let result = try Binary.run(["split", "--config", config, "--quiet"] + extracts)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(scratch.exists("out/report/index.html"))
        XCTAssertNotNil(try manifestOutputs("out")["report/index.html"])
    }

    func testReportCommandRendersAPublishedOutputWithoutTouchingIt() throws {
        try split("out")
        let before = tree(scratch.path("out"))
        let result = try Binary.run(["report", scratch.path("out"), "--out", scratch.path("site"), "--quiet"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(tree(scratch.path("out")), before, "OUT is only read")
        XCTAssertEqual(
            Set(scratch.entries()), ["out", "site"],
            "published atomically: no staging directory or lock left")
        try ReportCheck(output: scratch.path("out"), report: scratch.path("site")).checkSplit()
        // Its own manifest says specsplit wrote it (so --force may replace it) and lists every file.
        let own =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scratch.path("site/manifest.json"))))
            as! [String: Any]
        XCTAssertEqual(own["tool"] as? String, "specsplit")
        XCTAssertEqual(own["command"] as? String, "report")
        var listed: [String: String] = [:]
        for file in own["files"] as! [[String: Any]] { listed[file["path"] as! String] = file["sha256"] as? String }
        var onDisk = tree(scratch.path("site"))
        onDisk["manifest.json"] = nil
        XCTAssertEqual(listed, onDisk, "every file of the report, with its SHA-256")
        // The same report as split --report, but for the links to the CSV files.
        try split("inside", ["--report"])
        let inside = try String(contentsOfFile: scratch.path("inside/report/contracts/RJE_5PK.html"), encoding: .utf8)
        let outside = try String(contentsOfFile: scratch.path("site/contracts/RJE_5PK.html"), encoding: .utf8)
        // (but for the paragraph on rejected rows: split --report reads the rejects file it wrote)
        func sansRejects(_ page: String) -> String {
            page.replacingOccurrences(
                of: #"<h2 id="rejects-heading">Rejected rows</h2>\n<p>[^\n]*</p>"#, with: "",
                options: .regularExpression)
        }
        XCTAssertEqual(
            sansRejects(
                inside.replacingOccurrences(of: "href=\"../../contracts/", with: "href=\"../../out/contracts/")),
            sansRejects(outside))

        let exists = try Binary.run(["report", scratch.path("out"), "--out", scratch.path("site")])
        XCTAssertEqual(exists.status, 73, exists.err)
        XCTAssertTrue(exists.err.contains("already exists"), exists.err)
        let forced = try Binary.run([
            "report", scratch.path("out"), "--out", scratch.path("site"), "--force", "--quiet",
        ])
        XCTAssertEqual(forced.status, 0, forced.err)
        XCTAssertEqual(tree(scratch.path("out")), before)
    }

    func testReportCommandRefusesWhatIsNotAPublishedOutputAndNeverWritesIntoOut() throws {
        try split("out")
        let before = tree(scratch.path("out"))
        for target in ["out/report", "out", "."] {
            let inside = try Binary.run(["report", scratch.path("out"), "--out", scratch.path(target)])
            XCTAssertEqual(inside.status, 64, inside.err)
            XCTAssertTrue(inside.err.contains("the report command never writes into an output directory"), inside.err)
        }
        XCTAssertEqual(tree(scratch.path("out")), before)

        let missing = try Binary.run(["report", scratch.path("nope"), "--out", scratch.path("site")])
        XCTAssertEqual(missing.status, 66, missing.err)
        XCTAssertTrue(missing.err.contains("no such output directory"), missing.err)

        try FileManager.default.createDirectory(atPath: scratch.path("half"), withIntermediateDirectories: true)
        let half = try Binary.run(["report", scratch.path("half"), "--out", scratch.path("site")])
        XCTAssertEqual(half.status, 66, half.err)
        XCTAssertTrue(half.err.contains("has no manifest.json: it is not a complete specsplit output"), half.err)

        try FileManager.default.copyItem(atPath: scratch.path("out"), toPath: scratch.path("edited"))
        try FileManager.default.removeItem(atPath: scratch.path("edited/summary.csv"))
        let incomplete = try Binary.run(["report", scratch.path("edited"), "--out", scratch.path("site")])
        XCTAssertEqual(incomplete.status, 66, incomplete.err)
        XCTAssertTrue(incomplete.err.contains("edited/summary.csv: missing"), incomplete.err)

        var contracts = try String(contentsOfFile: scratch.path("out/contracts.csv"), encoding: .utf8)
        contracts = contracts.replacingOccurrences(of: "RJE_5PK,RJE,5PK,558,", with: "RJE_5PK,RJE,5PK,558,12x,")
        try FileManager.default.removeItem(atPath: scratch.path("edited"))
        try FileManager.default.copyItem(atPath: scratch.path("out"), toPath: scratch.path("edited"))
        try FileManager.default.removeItem(atPath: scratch.path("edited/contracts.csv"))
        scratch.write("edited/contracts.csv", contracts)
        let bad = try Binary.run(["report", scratch.path("edited"), "--out", scratch.path("site")])
        XCTAssertEqual(bad.status, 65, bad.err)
        XCTAssertTrue(bad.err.contains("edited/contracts.csv:3: too many fields"), bad.err)
        XCTAssertFalse(scratch.exists("site"), "nothing published on failure")
        XCTAssertEqual(Set(scratch.entries()), ["out", "half", "edited"])
    }

    func testAnOutputPublishedAgainWhileTheReportReadsItPublishesNoReport() throws {
        try split("out")
        let rejects = try String(contentsOfFile: scratch.path("out/rejects.csv"), encoding: .utf8)
        // The rejects file is a pipe: the report, once it has read the manifest, waits on it
        // while the output is published again, then reads the rest of a different run.
        let fifo = scratch.path("rejects.pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let process = Process()
        process.executableURL = try Binary.path()
        process.arguments = ["report", scratch.path("out"), "--out", scratch.path("site"), "--rejects", fifo]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let writer = try XCTUnwrap(FileHandle(forWritingAtPath: fifo), "opens once the report opens the pipe")
        try split("out", ["--force"])
        writer.write(Data(rejects.utf8))
        try writer.close()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 75, message)
        XCTAssertTrue(message.contains("was published again while the report read it"), message)
        XCTAssertFalse(scratch.exists("site"), "no report of a mix of two runs")
        let again = try Binary.run(["report", scratch.path("out"), "--out", scratch.path("site"), "--quiet"])
        XCTAssertEqual(again.status, 0, again.err)
    }

    func testDataFromTheExtractIsShownAsTextNeverAsMarkup() throws {
        let header =
            "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment\n"
        let hostile = "<script>alert(1)</script>"
        let text =
            header
            + "<script>,5PK,S1,AA22C,||I10X,10.25\n"
            + "\"A&B\"\"Q'\",5PK,S2,SB97Z,||I10X,20.50\n"
            + "RJE,5PK,S3,AA22C,||E84X,30\n"
            + "RJE,5PK,\(hostile),AA22C,||I10X,<b>&amp;</b>\n"
        let input = scratch.write("hostile.csv", text)
        let result = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("out"), "--report", "--max-rejects", "1", "--quiet", input,
        ])
        XCTAssertEqual(result.status, 0, result.err)
        // Parsed as XML, so a `<` from the data that was not escaped fails here.
        let overview = try HTMLPage(path: scratch.path("out/report/index.html"))
        XCTAssertEqual(overview.root.all("script").count, 1, "only the page's own script")
        let quality = try overview.table("quality").rows.map { $0[0].text }
        XCTAssertTrue(
            quality.contains("PROVIDER|<script>|Code not shaped like an organisation code in Der_Provider_Code"),
            "\(quality)")
        XCTAssertTrue(
            quality.contains("PROVIDER|A&B\"Q'|Code not shaped like an organisation code in Der_Provider_Code"),
            "\(quality)")
        let page = try HTMLPage(path: scratch.path("out/report/contracts/RJE_5PK.html"))
        XCTAssertEqual(page.root.all("script").count, 0)
        let rejected = try page.table("rejects").rows
        XCTAssertEqual(rejected.count, 1)
        XCTAssertTrue(
            rejected[0].map(\.text).contains { $0.contains(hostile) }, "the raw record shown as text: \(rejected)")
        XCTAssertTrue(rejected[0].map(\.text).contains { $0.contains("<b>&amp;</b>") }, "\(rejected)")
        let markup = try String(contentsOfFile: scratch.path("out/report/contracts/RJE_5PK.html"), encoding: .utf8)
        XCTAssertFalse(markup.contains("<script>alert"), "escaped in the markup")
        XCTAssertTrue(markup.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        try ReportCheck(output: scratch.path("out"), report: scratch.path("out/report")).checkSplit()
    }

    func testRejectedRowsAreListedOnTheirContractsPage() throws {
        let header =
            "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment\n"
        let input = scratch.write(
            "in.csv",
            header
                + "RJE,5PK,S1,AA22C,||I10X,10\nRQ3,5MX,S2,AA22C,||I10X,12x\nRJE,5PK,S3,AA22C\nRQ3,5MX,S4,AA22C,||I10X,4\n"
        )
        let result = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("out"), "--report", "--max-rejects", "2", "--quiet", input,
        ])
        XCTAssertEqual(result.status, 0, result.err)
        let overview = try HTMLPage(path: scratch.path("out/report/index.html"))
        let unattributed = try overview.table("rejects").rows
        XCTAssertEqual(
            unattributed.map { $0[1].text }, ["4"], "the row never read as far as its contract is on the overview")
        let page = try HTMLPage(path: scratch.path("out/report/contracts/RQ3_5MX.html"))
        XCTAssertEqual(try page.table("rejects").rows.map { $0[1].text }, ["3"])
        XCTAssertEqual(
            page.root.all { $0.attributes["class"] == "figure" }.last?.attributes["data-value"], "1", "rows rejected")
        let clean = try HTMLPage(path: scratch.path("out/report/contracts/RJE_5PK.html"))
        XCTAssertNil(clean.root.byId("rejects"))
        let none = clean.root.byId("rejects-section")!.text
        XCTAssertTrue(none.contains("Rows of this contract rejected: 0."), none)
        XCTAssertFalse(none.contains("listed below"), "no list promised where there is none: \(none)")

        // A report of the published output reads the rejects file it lists (rejects.csv).
        let site = try Binary.run(["report", scratch.path("out"), "--out", scratch.path("site"), "--quiet"])
        XCTAssertEqual(site.status, 0, site.err)
        XCTAssertEqual(try HTMLPage(path: scratch.path("site/contracts/RQ3_5MX.html")).table("rejects").rows.count, 1)
        // An output that lists none (written before rejects.csv moved into OUT) says it has none to show.
        try FileManager.default.copyItem(atPath: scratch.path("out"), toPath: scratch.path("older"))
        let manifestURL = URL(fileURLWithPath: scratch.path("older/manifest.json"))
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        manifest["outputs"] = (manifest["outputs"] as! [[String: Any]]).filter {
            $0["path"] as? String != "rejects.csv"
        }
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        try FileManager.default.removeItem(atPath: scratch.path("older/rejects.csv"))
        let older = try Binary.run(["report", scratch.path("older"), "--out", scratch.path("site3"), "--quiet"])
        XCTAssertEqual(older.status, 0, older.err)
        let text = try HTMLPage(path: scratch.path("site3/index.html")).root.byId("rejects-section")!.text
        XCTAssertTrue(
            text.contains("This output lists no rejects file, so the report has no rejected rows to show"), text)
        XCTAssertTrue(text.contains("control totals count them: 2"), text)
        let named = try Binary.run([
            "report", scratch.path("older"), "--out", scratch.path("site2"), "--rejects",
            scratch.path("out/rejects.csv"),
            "--quiet",
        ])
        XCTAssertEqual(named.status, 0, named.err)
        XCTAssertEqual(try HTMLPage(path: scratch.path("site2/contracts/RQ3_5MX.html")).table("rejects").rows.count, 1)
    }

    func testAComparisonGetsItsOwnReport() throws {
        // A comparison's output in the format `specsplit compare` publishes (issue 17),
        // written by hand: three contracts, movements both ways, a rejected row with and
        // without its contract, a commissioner code `03`, a source name with a comma and markup.
        let fixture = Binary.root.appendingPathComponent("Tests/Fixtures/compare-output").path
        let result = try Binary.run(["report", fixture, "--out", scratch.path("site"), "--quiet"])
        XCTAssertEqual(result.status, 0, result.err)
        let check = ReportCheck(output: fixture, report: scratch.path("site"))
        try check.checkCompare()
        try check.checkWorkbook([
            ("Contracts", "contracts.csv"), ("Categories", "control-totals.csv"),
            ("Summary", "movements-by-service.csv"),
            ("Movements", "movements.csv"), ("Rules", "movements-by-rule.csv"),
        ])
        XCTAssertEqual(
            Set(try FileManager.default.contentsOfDirectory(atPath: scratch.path("site/contracts"))),
            ["RJE_5PK.html", "RQ3_5MX.html", "RRK_03.html"])
    }

    func testCompareReportIsPublishedInsideOutFromTheRealComparisonAndChangesNothingElse() throws {
        let old = Binary.root.appendingPathComponent("sample-data/rules/2011-12").path
        func compare(_ out: String, _ extra: [String]) throws {
            let result = try Binary.run(
                ["compare", "--from", old, "--to", rules, "--out", scratch.path(out), "--quiet"] + extra + extracts)
            XCTAssertEqual(result.status, 0, result.err)
        }
        try compare("plain", [])
        try compare("reported", ["--report"])
        let plain = tree(scratch.path("plain"))
        let reported = tree(scratch.path("reported"))
        let reportFiles = reported.keys.filter { $0.hasPrefix("report/") }
        XCTAssertTrue(reportFiles.contains("report/index.html"))
        XCTAssertTrue(reportFiles.contains("report/specsplit.xlsx"))
        // Every other file is byte for byte what a comparison without --report publishes.
        for (path, hash) in plain where path != "manifest.json" { XCTAssertEqual(reported[path], hash, path) }
        XCTAssertEqual(Set(reported.keys).subtracting(reportFiles), Set(plain.keys))
        let listed = try manifestOutputs("reported")
        for path in reportFiles {
            XCTAssertEqual(try XCTUnwrap(listed[path], "\(path) is listed")["sha256"] as? String, reported[path], path)
        }
        // Every figure on its pages and in its workbook equals the comparison's CSV files'.
        let check = ReportCheck(output: scratch.path("reported"), report: scratch.path("reported/report"))
        try check.checkCompare()
        try check.checkWorkbook([
            ("Contracts", "contracts.csv"), ("Categories", "control-totals.csv"),
            ("Summary", "movements-by-service.csv"),
            ("Movements", "movements.csv"), ("Rules", "movements-by-rule.csv"),
        ])
    }
}
