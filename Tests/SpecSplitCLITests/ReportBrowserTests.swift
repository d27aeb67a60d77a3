import Foundation
import TestSupport
import XCTest

/// The report in a real browser: headless Chromium renders the overview and a contract
/// page to PNG and dumps the DOM it built. The pages must render (not blank, the charts'
/// SVG in the DOM, the totals as text), the overview's script must run (the contracts table
/// paged) without a console message, and text from the extract must stay text (a script
/// in it never runs). Skipped, saying so, where no Chromium is installed; `.ci/run`
/// installs Debian's `chromium`.
final class ReportBrowserTests: XCTestCase {
    let scratch = Scratch()
    let rules = Binary.root.appendingPathComponent("sample-data/rules/2012-13").path

    /// Chromium or Chrome on the PATH, or nil.
    static let browser: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    struct Rendered {
        var dom: String
        var console: [String]
        var png: Int
    }

    /// Renders `page` (a file) at 1280 x `height`: its DOM after scripts ran, the console
    /// messages Chromium logged, and the screenshot's size in bytes.
    func render(_ page: String, height: Int = 1600) throws -> Rendered {
        guard let browser = Self.browser else {
            if ProcessInfo.processInfo.environment["SPECSPLIT_REQUIRE_BROWSER"] == "1" {
                XCTFail("SPECSPLIT_REQUIRE_BROWSER=1 but no Chromium on the PATH")
            }
            throw XCTSkip(
                "no Chromium on the PATH (Debian: apt-get install chromium): the browser check is skipped; .ci/run installs it and runs it"
            )
        }
        let png = scratch.path("shot-\(UUID().uuidString).png")
        let profile = scratch.path("profile")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0", "--window-size=1280,\(height)",
            "--screenshot=\(png)", "--dump-dom",
            page.hasPrefix("about:") ? page : URL(fileURLWithPath: page).absoluteString,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let errors = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        group.wait()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: errors.data, as: UTF8.self))
        let console = String(decoding: errors.data, as: UTF8.self).split(separator: "\n").map(String.init).filter {
            $0.contains(":CONSOLE")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        return Rendered(dom: dom, console: console, png: size ?? 0)
    }

    func testTheOverviewAndAContractPageRenderInChromium() throws {
        _ = try render("about:blank")  // skips here when there is no browser
        // 120 contracts: more than a page of the contracts table.
        let input = scratch.path("apc.csv")
        let generated = try Binary.run([
            "generate", "--shape", "apc", "--rows", "6000", "--seed", "7", "--contracts", "120", "--output", input,
        ])
        XCTAssertEqual(generated.status, 0, generated.err)
        let split = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("out"), "--report", "--quiet", input,
        ])
        XCTAssertEqual(split.status, 0, split.err)
        let contracts = try CSVFile(scratch.path("out/contracts.csv")).dictionaries
        XCTAssertEqual(contracts.count, 121)
        let total = contracts.last!["value"]!

        let blank = try render("about:blank")
        let overview = try render(scratch.path("out/report/index.html"))
        XCTAssertEqual(overview.console, [], "no console message (errors included)")
        XCTAssertGreaterThan(
            overview.png, blank.png * 5,
            "the screenshot is not a blank page (\(overview.png) bytes, blank \(blank.png))")
        XCTAssertTrue(overview.dom.contains("<svg"), "the chart's SVG is in the DOM")
        XCTAssertTrue(overview.dom.contains("class=\"bar national\""))
        XCTAssertTrue(
            overview.dom.contains(">\(display(total))<"),
            "the run's total value \(display(total)) is on the page as text")
        XCTAssertTrue(overview.dom.contains("data-ready-ms=\""), "the overview's script ran")
        XCTAssertFalse(overview.dom.contains("id=\"contracts-controls\" hidden"), "the table's controls are shown")
        // Each contract row's start tag: its data-search attribute, then `hidden` when paged out.
        let rows = overview.dom.components(separatedBy: "<tr data-search=").dropFirst().map { $0.prefix { $0 != ">" } }
        XCTAssertEqual(rows.count, 120)
        XCTAssertEqual(rows.filter { !$0.contains(" hidden") }.count, 50, "the contracts table shows a page of 50")
        XCTAssertTrue(overview.dom.contains("Contracts 1 to 50 of 120"), "the pager says where it is")

        let page = try render(scratch.path("out/report/contracts/\(contracts[0]["contract"]!).html"))
        XCTAssertEqual(page.console, [])
        XCTAssertGreaterThan(page.png, blank.png * 5)
        XCTAssertTrue(page.dom.contains("<svg"))
        XCTAssertTrue(page.dom.contains(">\(display(contracts[0]["value"]!))<"), "the contract's value is on its page")
    }

    func testAScriptInTheExtractNeverRuns() throws {
        _ = try render("about:blank")
        let header =
            "Der_Provider_Code,Commissioner_Code,Der_Spell_ID,Spell_Core_HRG,Der_Diagnosis_All,Tariff_Total_Payment\n"
        let attack =
            #"<script>document.documentElement.setAttribute('data-pwned','1')</script><img src=x onerror=document.documentElement.setAttribute('data-pwned','2')>"#
        let input = scratch.write(
            "hostile.csv",
            header + "RJE,5PK,S1,AA22C,||I10X,10\n" + "RJE,5PK,\"\(attack)\",AA22C,||I10X,bad\n"
                + "<script>,5PK,S3,AA22C,||I10X,4\n")
        let split = try Binary.run([
            "split", "--rules", rules, "--out", scratch.path("out"), "--report", "--max-rejects", "1", "--quiet", input,
        ])
        XCTAssertEqual(split.status, 0, split.err)
        for page in ["index.html", "contracts/RJE_5PK.html"] {
            let rendered = try render(scratch.path("out/report/" + page))
            let root = rendered.dom.components(separatedBy: "<html").dropFirst().first?.prefix { $0 != ">" } ?? ""
            XCTAssertTrue(root.contains("lang=\"en-GB\""), String(root))
            XCTAssertFalse(root.contains("data-pwned"), "\(page): the extract's script did not run: <html\(root)>")
            XCTAssertTrue(
                rendered.dom.contains("&lt;script&gt;"), "\(page): markup from the extract is on the page, as text")
            XCTAssertEqual(rendered.console, [], page)
        }
        let contract = try render(scratch.path("out/report/contracts/RJE_5PK.html"))
        XCTAssertTrue(
            contract.dom.contains("&lt;script&gt;document.documentElement.setAttribute('data-pwned','1')"),
            "the rejected row's record, as text")
    }

    private func display(_ value: String) -> String {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}
