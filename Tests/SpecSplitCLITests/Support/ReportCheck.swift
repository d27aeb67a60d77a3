import Foundation
import SpecSplit
import XCTest

/// Checks a report against the output it reports on: every figure on every page equals
/// the CSV files' figure, computed here independently of the tool, and is shown exactly
/// (its text is its `data-value` with thousands separators, or the share as a percentage).
struct ReportCheck {
    /// The output directory (its CSV files and manifest).
    let output: String
    /// The report directory.
    let report: String

    func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }

    /// Every cell with a figure shows exactly that figure.
    func assertShownExactly(_ page: HTMLPage, file: StaticString = #filePath, line: UInt = #line) {
        var checked = 0
        for element in page.root.all({ $0.attributes["data-value"] != nil && $0.name != "rect" && $0.name != "tr" }) {
            let value = element.attributes["data-value"]!
            let text = element.text
            if text.hasSuffix("%") {
                XCTAssertEqual(micros(String(text.dropLast())), micros(value).map { $0 * 100 }, "\(page.path): \(text) shows \(value)", file: file, line: line)
                XCTAssertEqual(text.filter { $0 == "." }.count, 1)
                let decimals = text.dropLast().split(separator: ".").last?.count ?? 0
                XCTAssertEqual(decimals, 4, "a share of 6 places is a percentage of 4: \(text)", file: file, line: line)
            } else {
                XCTAssertEqual(text.replacingOccurrences(of: ",", with: ""), value, "\(page.path): shown \(text) for \(value)", file: file, line: line)
            }
            checked += 1
        }
        for rect in page.root.all("rect") where rect.attributes["data-value"] != nil {
            let title = rect.all("title").first?.text ?? ""
            let value = rect.attributes["data-value"]!
            XCTAssertTrue(title.hasSuffix(": " + value) || title.replacingOccurrences(of: ",", with: "").hasSuffix(": " + value),
                          "\(page.path): the bar's title \(title) carries \(value)", file: file, line: line)
        }
        XCTAssertGreaterThan(checked, 0, "\(page.path) shows figures", file: file, line: line)
    }

    /// `rows` of a page's table equal `expected` cell by cell: figures by value (the
    /// published text in `data-value`), other cells by text.
    func assertTable(
        _ rows: [[HTMLPage.Cell]], _ expected: [[String]], _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(rows.count, expected.count, "\(what): rows \(rows) expected \(expected)", file: file, line: line)
        for (row, wanted) in zip(rows, expected) {
            XCTAssertEqual(row.count, wanted.count, "\(what): \(row) expected \(wanted)", file: file, line: line)
            for (cell, text) in zip(row, wanted) {
                if let value = cell.value, let number = micros(value), let expectedNumber = micros(text) {
                    XCTAssertEqual(number, expectedNumber, "\(what): \(row) expected \(wanted)", file: file, line: line)
                } else if let value = cell.value {
                    XCTAssertEqual(value, text, "\(what): \(row) expected \(wanted)", file: file, line: line)
                } else {
                    XCTAssertEqual(cell.text, text, "\(what): \(row) expected \(wanted)", file: file, line: line)
                }
            }
        }
    }

    /// A link of a page (relative to the page) names a file that exists.
    func assertLinkResolves(_ href: String, from page: String, file: StaticString = #filePath, line: UInt = #line) {
        let decoded = href.removingPercentEncoding ?? href
        let target = URL(fileURLWithPath: page).deletingLastPathComponent().appendingPathComponent(decoded).standardizedFileURL.path
        XCTAssertTrue(FileManager.default.fileExists(atPath: target), "\(page): link \(href) names \(target), which does not exist", file: file, line: line)
    }

    /// Sums of rows, activity and value by key, largest value first (ties by key), as
    /// expected rows of text.
    static func summed(_ lines: [([String], Int, Int128, Int128)], top: Int?, magnitude: Bool = false) -> [[String]] {
        var sums: [[String]: (Int, Int128, Int128)] = [:]
        for (key, rows, activity, value) in lines {
            let old = sums[key] ?? (0, 0, 0)
            sums[key] = (old.0 + rows, old.1 + activity, old.2 + value)
        }
        let sorted = sums.sorted {
            if magnitude && $0.value.2.magnitude != $1.value.2.magnitude { return $0.value.2.magnitude > $1.value.2.magnitude }
            if !magnitude && $0.value.2 != $1.value.2 { return $0.value.2 > $1.value.2 }
            return $0.key.lexicographicallyPrecedes($1.key)
        }
        let kept = top.map { Array(sorted.prefix($0)) } ?? sorted
        return kept.map { $0.key + [String($0.value.0), text($0.value.1), text($0.value.2)] }
    }

    /// Millionths as decimal text (6 places).
    static func text(_ micros: Int128) -> String {
        let sign = micros < 0 ? "-" : ""
        let magnitude = micros.magnitude
        let fraction = String(magnitude % 1_000_000)
        return sign + "\(magnitude / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Checks the report of a split: the overview and every contract's page.
    func checkSplit(file: StaticString = #filePath, line: UInt = #line) throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("manifest.json")))) as! [String: Any]
        let contracts = try CSVFile(path("contracts.csv")).dictionaries
        let categories = try CSVFile(path("contracts-by-category.csv")).dictionaries
        let control = try CSVFile(path("control-totals.csv"))
        let summary = try CSVFile(path("summary.csv")).dictionaries
        let quality = try CSVFile(path("quality.csv"))
        let outputs = (manifest["outputs"] as! [[String: Any]]).map { ($0["path"] as! String, $0["rows"] as! Int) }
        let hasMigration = outputs.contains { $0.0 == "migration.csv" }
        let migration = hasMigration ? try CSVFile(path("migration.csv")) : nil
        let migrationRows = hasMigration ? try CSVFile(path("migration-rows.csv")) : nil

        let overviewPath = (report as NSString).appendingPathComponent("index.html")
        let overview = try HTMLPage(path: overviewPath)
        assertShownExactly(overview, file: file, line: line)

        let inputs = (manifest["inputs"] as! [[String: Any]]).map {
            [$0["path"] as! String, $0["shape"] as! String, String($0["rows"] as! Int), String($0["rejected"] as! Int)]
        }
        let inputsTable = try overview.table("inputs")
        assertTable(inputsTable.rows, inputs, "inputs", file: file, line: line)
        assertTable(inputsTable.foot, [["All inputs", "", String(inputs.reduce(0) { $0 + Int($1[2])! }), String(inputs.reduce(0) { $0 + Int($1[3])! })]], "inputs total", file: file, line: line)

        let kept = control.header.indices.filter { !["provider", "commissioner"].contains(control.header[$0]) }
        let controlLines = control.rows.filter { $0[0] == "ALL" || $0[0].hasPrefix("(") }.map { row in kept.map { row[$0] } }
        XCTAssertEqual(controlLines.count, 3, file: file, line: line)
        let controlTable = try overview.table("control-totals")
        XCTAssertEqual(controlTable.columns, kept.map { control.header[$0] }, file: file, line: line)
        assertTable(controlTable.rows, controlLines, "control totals", file: file, line: line)

        let allCategories = categories.filter { $0["contract"] == "ALL" }
        let categoryRows = allCategories.map { [$0["category"]!, $0["national"]!, $0["rows"]!, $0["activity"]!, $0["value"]!, $0["share"]!] }
        assertTable(try overview.table("categories").rows, categoryRows, "categories", file: file, line: line)
        let bars = try overview.bars("categories-chart")
        XCTAssertEqual(bars.map(\.label), allCategories.map { $0["category"]! }, file: file, line: line)
        XCTAssertEqual(bars.map(\.value), allCategories.map { $0["value"]! }, "each bar carries the CSV's value", file: file, line: line)

        var rejectedRows: [String: String] = [:]
        let rejectedColumn = control.header.firstIndex(of: "rejected")!
        for row in control.rows where row[3] == "rows" { rejectedRows[row[0]] = row[rejectedColumn] }
        let byContract = contracts.filter { $0["contract"] != "ALL" }.sorted {
            let (a, b) = (micros($0["national_value"]!)!, micros($1["national_value"]!)!)
            return a != b ? a > b : $0["contract"]! < $1["contract"]!
        }
        let contractsTable = try overview.table("contracts")
        assertTable(
            contractsTable.rows,
            byContract.map {
                [$0["contract"]!, $0["provider"]!, $0["commissioner"]!, $0["rows"]!, $0["value"]!, $0["national_value"]!,
                 $0["national_share"]!, $0["migrating_value"]!, rejectedRows[$0["contract"]!]!]
            }, "contracts", file: file, line: line)
        let all = contracts.first { $0["contract"] == "ALL" }!
        assertTable(
            contractsTable.foot,
            [["ALL", "", "", all["rows"]!, all["value"]!, all["national_value"]!, all["national_share"]!, all["migrating_value"]!,
              rejectedRows["ALL"]!]], "contracts total", file: file, line: line)

        if let migration {
            let d = migration.dictionaries.map { ([$0["direction"]!], Int($0["rows"]!)!, micros($0["activity"]!)!, micros($0["value"]!)!) }
            assertTable(try overview.table("migration").rows, Self.summed(d, top: nil), "migration by direction", file: file, line: line)
        } else {
            XCTAssertNil(overview.root.byId("migration"), file: file, line: line)
        }
        assertTable(try overview.table("quality").rows, quality.rows, "quality", file: file, line: line)
        for link in overview.root.byId("files")!.all("a") {
            assertLinkResolves(link.attributes["href"]!, from: overviewPath, file: file, line: line)
        }

        let national = Set(allCategories.filter { $0["national"] == "yes" }.map { $0["category"]! })
        XCTAssertEqual(contractsTable.rows.count, byContract.count)
        for (row, contract) in zip(contractsTable.rows, byContract) {
            let key = contract["contract"]!
            let href = try XCTUnwrap(row[0].href, "\(key) links to its page", file: file, line: line)
            assertLinkResolves(href, from: overviewPath, file: file, line: line)
            let pagePath = (report as NSString).appendingPathComponent(href.removingPercentEncoding!)
            let page = try HTMLPage(path: pagePath)
            assertShownExactly(page, file: file, line: line)
            XCTAssertEqual(page.root.all("h1").first?.text, "Contract \(key)", file: file, line: line)
            let headline = page.root.all { $0.attributes["class"] == "figure" }.map { $0.attributes["data-value"]! }
            XCTAssertEqual(
                headline, [contract["value"]!, contract["national_value"]!, contract["national_share"]!, contract["rows"]!, rejectedRows[key]!],
                "\(key): headline", file: file, line: line)
            let mine = categories.filter { $0["contract"] == key }
            assertTable(
                try page.table("categories").rows,
                mine.map { [$0["category"]!, $0["national"]!, $0["rows"]!, $0["activity"]!, $0["value"]!, $0["share"]!] },
                "\(key): categories", file: file, line: line)
            XCTAssertEqual(try page.bars("categories-chart").map(\.value), mine.map { $0["value"]! }, file: file, line: line)

            let lines = summary.filter { $0["contract"] == key && national.contains($0["category"]!) }
            func figures(_ line: [String: String]) -> (Int, Int128, Int128) {
                (Int(line["rows"]!)!, micros(line["activity"]!)!, micros(line["value"]!)!)
            }
            let services = lines.filter { $0["category"] == "specialised" }.map { line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["service"]!, line["service_description"]!], r, a, v)
            }
            assertTable(try page.table("service-lines").rows, Self.summed(services, top: 10), "\(key): service lines", file: file, line: line)
            let hrgs = lines.map { line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["hrg"]!], r, a, v)
            }
            assertTable(try page.table("hrgs").rows, Self.summed(hrgs, top: 10), "\(key): HRGs", file: file, line: line)
            let groups = lines.filter { $0["category"] != "specialised" }.map { line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["category"]!, line["service"]!], r, a, v)
            }
            assertTable(try page.table("service-groups").rows, Self.summed(groups, top: nil), "\(key): service groups", file: file, line: line)

            if let migration, let migrationRows {
                let keep = migration.header.indices.filter { !["contract", "provider", "commissioner"].contains(migration.header[$0]) }
                assertTable(
                    try page.table("migration").rows, migration.rows.filter { $0[0] == key }.map { row in keep.map { row[$0] } },
                    "\(key): migration", file: file, line: line)
                let contractColumn = migrationRows.header.firstIndex(of: "contract")!
                let keepRows = migrationRows.header.indices.filter { $0 != contractColumn }
                assertTable(
                    try page.table("migration-rows").rows,
                    migrationRows.rows.filter { $0[contractColumn] == key }.prefix(200).map { row in keepRows.map { row[$0] } },
                    "\(key): migration rows", file: file, line: line)
            }
            let fileLinks = page.root.byId("files")!.all("a")
            XCTAssertEqual(
                fileLinks.map(\.text).sorted(),
                outputs.filter { $0.0.hasPrefix("contracts/\(key)/") }.map { String($0.0.dropFirst("contracts/\(key)/".count)) }.sorted(),
                "\(key): links to its files", file: file, line: line)
            for link in fileLinks { assertLinkResolves(link.attributes["href"]!, from: pagePath, file: file, line: line) }
        }
    }
}

extension ReportCheck {
    /// The columns a workbook holds as numbers; every other column is text.
    static let numberColumns: Set<String> = [
        "rows", "activity", "value", "share", "national_rows", "national_activity", "national_value", "national_share",
        "current_unknown_rows", "current_unknown_value", "migrating_rows", "migrating_value", "to_national_value",
        "to_local_value", "from_national_value", "from_national_share", "to_national_share", "from", "to", "change",
    ]

    /// `specsplit.xlsx` holds `sheets` (name and CSV file), every cell equal to the CSV's:
    /// text cells exactly and never numbers, figures as numbers of the same value.
    func checkWorkbook(_ sheets: [(String, String)], file: StaticString = #filePath, line: UInt = #line) throws {
        let workbook = try XLSXWorkbook(path: (report as NSString).appendingPathComponent("specsplit.xlsx"))
        XCTAssertEqual(workbook.sheetNames, sheets.map(\.0), file: file, line: line)
        for (name, csvName) in sheets {
            let csv = try CSVFile(path(csvName))
            let sheet = try workbook.sheet(name)
            XCTAssertEqual(sheet.rows.count, csv.rows.count + 1, "\(name): a row per line and the header", file: file, line: line)
            XCTAssertEqual(sheet.rows.first?.cells.map { $0?.text }, csv.header.map { $0 }, file: file, line: line)
            for (row, expected) in zip(sheet.rows.dropFirst(), csv.rows) {
                for (column, text) in expected.enumerated() {
                    let cell = row.cell(column)
                    if text.isEmpty {
                        XCTAssertNil(cell, "\(name) row \(row.number): an empty field is an empty cell", file: file, line: line)
                    } else if Self.numberColumns.contains(csv.header[column]) {
                        XCTAssertEqual(cell?.isNumber, true, "\(name) row \(row.number) \(csv.header[column])", file: file, line: line)
                        XCTAssertEqual(micros(cell?.text ?? ""), micros(text), "\(name) row \(row.number) \(csv.header[column])", file: file, line: line)
                    } else {
                        XCTAssertEqual(cell?.isNumber, false, "\(name) row \(row.number) \(csv.header[column]) is text", file: file, line: line)
                        XCTAssertEqual(cell?.text, text, "\(name) row \(row.number) \(csv.header[column])", file: file, line: line)
                    }
                }
            }
        }
    }
}
