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

    /// The page fetches nothing: no `src`, no `<link>`, no link out of the folder but
    /// relative ones, nothing the style sheet could load.
    func assertSelfContained(_ page: HTMLPage, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(
            page.root.all { $0.attributes["src"] != nil }.count, 0, "\(page.path): nothing is loaded", file: file,
            line: line)
        XCTAssertEqual(page.root.all("link").count, 0, file: file, line: line)
        for element in page.root.all({ $0.attributes["href"] != nil }) {
            let href = element.attributes["href"]!
            XCTAssertFalse(
                href.contains(":") || href.hasPrefix("/"), "\(page.path): \(href) is a relative link", file: file,
                line: line)
        }
        for style in page.root.all("style") {
            XCTAssertFalse(style.text.contains("url(") || style.text.contains("@import"), file: file, line: line)
        }
    }

    /// Every cell with a figure shows exactly that figure (and the page is self-contained).
    func assertShownExactly(_ page: HTMLPage, file: StaticString = #filePath, line: UInt = #line) {
        assertSelfContained(page, file: file, line: line)
        var checked = 0
        for element in page.root.all({ $0.attributes["data-value"] != nil && $0.name != "rect" && $0.name != "tr" }) {
            let value = element.attributes["data-value"]!
            let text = element.text
            if text.hasSuffix("%") {
                XCTAssertEqual(
                    micros(String(text.dropLast())), micros(value).map { $0 * 100 },
                    "\(page.path): \(text) shows \(value)", file: file, line: line)
                XCTAssertEqual(text.filter { $0 == "." }.count, 1)
                let decimals = text.dropLast().split(separator: ".").last?.count ?? 0
                XCTAssertEqual(decimals, 4, "a share of 6 places is a percentage of 4: \(text)", file: file, line: line)
            } else {
                XCTAssertEqual(
                    text.replacingOccurrences(of: ",", with: ""), value, "\(page.path): shown \(text) for \(value)",
                    file: file, line: line)
            }
            checked += 1
        }
        for rect in page.root.all("rect") where rect.attributes["data-value"] != nil {
            let title = rect.all("title").first?.text ?? ""
            let value = rect.attributes["data-value"]!
            XCTAssertTrue(
                title.hasSuffix(": " + value) || title.replacingOccurrences(of: ",", with: "").hasSuffix(": " + value),
                "\(page.path): the bar's title \(title) carries \(value)", file: file, line: line)
        }
        XCTAssertGreaterThan(checked, 0, "\(page.path) shows figures", file: file, line: line)
    }

    /// `rows` of a page's table equal `expected` cell by cell: figures by value (the
    /// published text in `data-value`), other cells by text.
    func assertTable(
        _ rows: [[HTMLPage.Cell]], _ expected: [[String]], _ what: String, file: StaticString = #filePath,
        line: UInt = #line
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
        let target = URL(fileURLWithPath: page).deletingLastPathComponent().appendingPathComponent(decoded)
            .standardizedFileURL.path
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: target),
            "\(page): link \(href) names \(target), which does not exist", file: file, line: line)
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
            if magnitude && $0.value.2.magnitude != $1.value.2.magnitude {
                return $0.value.2.magnitude > $1.value.2.magnitude
            }
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
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("manifest.json"))))
            as! [String: Any]
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
        assertTable(
            inputsTable.foot,
            [
                [
                    "All inputs", "", String(inputs.reduce(0) { $0 + Int($1[2])! }),
                    String(inputs.reduce(0) { $0 + Int($1[3])! }),
                ]
            ], "inputs total", file: file, line: line)

        let kept = control.header.indices.filter { !["provider", "commissioner"].contains(control.header[$0]) }
        let controlLines = control.rows.filter { $0[0] == "ALL" || $0[0].hasPrefix("(") }.map { row in
            kept.map { row[$0] }
        }
        XCTAssertEqual(controlLines.count, 3, file: file, line: line)
        let controlTable = try overview.table("control-totals")
        XCTAssertEqual(controlTable.columns, kept.map { control.header[$0] }, file: file, line: line)
        assertTable(controlTable.rows, controlLines, "control totals", file: file, line: line)

        let allCategories = categories.filter { $0["contract"] == "ALL" }
        let categoryRows = allCategories.map {
            [$0["category"]!, $0["national"]!, $0["rows"]!, $0["activity"]!, $0["value"]!, $0["share"]!]
        }
        assertTable(try overview.table("categories").rows, categoryRows, "categories", file: file, line: line)
        let bars = try overview.bars("categories-chart")
        XCTAssertEqual(bars.map(\.label), allCategories.map { $0["category"]! }, file: file, line: line)
        XCTAssertEqual(
            bars.map(\.value), allCategories.map { $0["value"]! }, "each bar carries the CSV's value", file: file,
            line: line)

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
                [
                    $0["contract"]!, $0["provider"]!, $0["commissioner"]!, $0["rows"]!, $0["value"]!,
                    $0["national_value"]!,
                    $0["national_share"]!, $0["migrating_value"]!, rejectedRows[$0["contract"]!]!,
                ]
            }, "contracts", file: file, line: line)
        let all = contracts.first { $0["contract"] == "ALL" }!
        assertTable(
            contractsTable.foot,
            [
                [
                    "ALL", "", "", all["rows"]!, all["value"]!, all["national_value"]!, all["national_share"]!,
                    all["migrating_value"]!,
                    rejectedRows["ALL"]!,
                ]
            ], "contracts total", file: file, line: line)

        if let migration {
            let d = migration.dictionaries.map {
                ([$0["direction"]!], Int($0["rows"]!)!, micros($0["activity"]!)!, micros($0["value"]!)!)
            }
            assertTable(
                try overview.table("migration").rows, Self.summed(d, top: nil), "migration by direction", file: file,
                line: line)
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
                headline,
                [
                    contract["value"]!, contract["national_value"]!, contract["national_share"]!, contract["rows"]!,
                    rejectedRows[key]!,
                ],
                "\(key): headline", file: file, line: line)
            let mine = categories.filter { $0["contract"] == key }
            assertTable(
                try page.table("categories").rows,
                mine.map {
                    [$0["category"]!, $0["national"]!, $0["rows"]!, $0["activity"]!, $0["value"]!, $0["share"]!]
                },
                "\(key): categories", file: file, line: line)
            XCTAssertEqual(
                try page.bars("categories-chart").map(\.value), mine.map { $0["value"]! }, file: file, line: line)

            let lines = summary.filter { $0["contract"] == key && national.contains($0["category"]!) }
            func figures(_ line: [String: String]) -> (Int, Int128, Int128) {
                (Int(line["rows"]!)!, micros(line["activity"]!)!, micros(line["value"]!)!)
            }
            let services = lines.filter { $0["category"] == "specialised" }.map {
                line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["service"]!, line["service_description"]!], r, a, v)
            }
            assertTable(
                try page.table("service-lines").rows, Self.summed(services, top: 10), "\(key): service lines",
                file: file, line: line)
            let hrgs = lines.map { line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["hrg"]!], r, a, v)
            }
            assertTable(try page.table("hrgs").rows, Self.summed(hrgs, top: 10), "\(key): HRGs", file: file, line: line)
            let groups = lines.filter { $0["category"] != "specialised" }.map {
                line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return ([line["category"]!, line["service"]!], r, a, v)
            }
            assertTable(
                try page.table("service-groups").rows, Self.summed(groups, top: nil), "\(key): service groups",
                file: file, line: line)

            if let migration, let migrationRows {
                let keep = migration.header.indices.filter {
                    !["contract", "provider", "commissioner"].contains(migration.header[$0])
                }
                assertTable(
                    try page.table("migration").rows,
                    migration.rows.filter { $0[0] == key }.map { row in keep.map { row[$0] } },
                    "\(key): migration", file: file, line: line)
                let contractColumn = migrationRows.header.firstIndex(of: "contract")!
                let keepRows = migrationRows.header.indices.filter { $0 != contractColumn }
                assertTable(
                    try page.table("migration-rows").rows,
                    migrationRows.rows.filter { $0[contractColumn] == key }.prefix(200).map { row in
                        keepRows.map { row[$0] }
                    },
                    "\(key): migration rows", file: file, line: line)
            }
            let fileLinks = page.root.byId("files")!.all("a")
            XCTAssertEqual(
                fileLinks.map(\.text).sorted(),
                outputs.filter { $0.0.hasPrefix("contracts/\(key)/") }.map {
                    String($0.0.dropFirst("contracts/\(key)/".count))
                }.sorted(),
                "\(key): links to its files", file: file, line: line)
            for link in fileLinks {
                assertLinkResolves(link.attributes["href"]!, from: pagePath, file: file, line: line)
            }
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
            XCTAssertEqual(
                sheet.rows.count, csv.rows.count + 1, "\(name): a row per line and the header", file: file, line: line)
            XCTAssertEqual(sheet.rows.first?.cells.map { $0?.text }, csv.header.map { $0 }, file: file, line: line)
            for (row, expected) in zip(sheet.rows.dropFirst(), csv.rows) {
                for (column, text) in expected.enumerated() {
                    let cell = row.cell(column)
                    if text.isEmpty {
                        XCTAssertNil(
                            cell, "\(name) row \(row.number): an empty field is an empty cell", file: file, line: line)
                    } else if Self.numberColumns.contains(csv.header[column]) {
                        XCTAssertEqual(
                            cell?.isNumber, true, "\(name) row \(row.number) \(csv.header[column])", file: file,
                            line: line)
                        XCTAssertEqual(
                            micros(cell?.text ?? ""), micros(text), "\(name) row \(row.number) \(csv.header[column])",
                            file: file, line: line)
                    } else {
                        XCTAssertEqual(
                            cell?.isNumber, false, "\(name) row \(row.number) \(csv.header[column]) is text",
                            file: file, line: line)
                        XCTAssertEqual(
                            cell?.text, text, "\(name) row \(row.number) \(csv.header[column])", file: file, line: line)
                    }
                }
            }
        }
    }
}

extension ReportCheck {
    /// Checks the report of a comparison: the overview and every contract's page, against
    /// movements.csv, movements-by-service.csv, movements-by-rule.csv, changed-rows.csv,
    /// contracts.csv, rules-diff.csv, control-totals.csv, quality.csv and rejects.csv.
    func checkCompare(file: StaticString = #filePath, line: UInt = #line) throws {
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("manifest.json"))))
            as! [String: Any]
        let contracts = try CSVFile(path("contracts.csv")).dictionaries
        let movements = try CSVFile(path("movements.csv")).dictionaries
        let byService = try CSVFile(path("movements-by-service.csv")).dictionaries
        let byRule = try CSVFile(path("movements-by-rule.csv")).dictionaries
        let changed = try CSVFile(path("changed-rows.csv"))
        let diff = try CSVFile(path("rules-diff.csv"))
        let control = try CSVFile(path("control-totals.csv"))
        let quality = try CSVFile(path("quality.csv"))
        let rejects = try CSVFile(path("rejects.csv"))
        func figures(_ line: [String: String]) -> (Int, Int128, Int128) {
            (Int(line["rows"]!)!, micros(line["activity"]!)!, micros(line["value"]!)!)
        }

        let overviewPath = (report as NSString).appendingPathComponent("index.html")
        let overview = try HTMLPage(path: overviewPath)
        assertShownExactly(overview, file: file, line: line)
        let from = manifest["from_ruleset"] as! [String: Any]
        let to = manifest["to_ruleset"] as! [String: Any]
        XCTAssertEqual(
            overview.root.all("h1").first?.text, "What changes from \(from["name"]!) to \(to["name"]!)", file: file,
            line: line)
        let facts = overview.root.all("dd").map(\.text)
        XCTAssertTrue(
            facts.contains("sha256:\(from["checksum"]!)") && facts.contains("sha256:\(to["checksum"]!)"), "\(facts)",
            file: file, line: line)
        assertTable(
            try overview.table("inputs").rows,
            (manifest["inputs"] as! [[String: Any]]).map {
                [
                    $0["path"] as! String, $0["shape"] as! String, String($0["rows"] as! Int),
                    String($0["rejected"] as! Int),
                ]
            }, "inputs", file: file, line: line)
        // The long form's run lines, a table per line name: a row per category, from/to/change per measure.
        var runNames: [String] = []
        for row in control.rows where (row[0] == "ALL" || row[0].hasPrefix("(")) && !runNames.contains(row[0]) {
            runNames.append(row[0])
        }
        // `(unreadable rows)` only when some row could not be read into fields.
        XCTAssertTrue(
            runNames == ["(unreadable rows)", "ALL"] || runNames == ["ALL"], "\(runNames)", file: file, line: line)
        runNames = ["ALL", "(unreadable rows)"].filter(runNames.contains)  // shown with the run's totals first
        for (index, name) in runNames.enumerated() {
            let lines = control.rows.filter { $0[0] == name }
            var categories: [String] = []
            for row in lines where !categories.contains(row[4]) { categories.append(row[4]) }
            let expected = categories.map { category in
                [category]
                    + ["rows", "activity", "value"].flatMap { measure in
                        Array(lines.first { $0[3] == measure && $0[4] == category }![5...7])
                    }
            }
            let table = try overview.table(index == 0 ? "control-totals" : "control-totals-\(index + 1)")
            assertTable(table.rows, expected, "control totals \(name)", file: file, line: line)
        }

        let pairs = movements.map { line -> ([String], Int, Int128, Int128) in
            let (r, a, v) = figures(line)
            return ([line["from_category"]!, line["to_category"]!], r, a, v)
        }
        let allPairs = Self.summed(pairs, top: nil).sorted { $0[0..<2].lexicographicallyPrecedes($1[0..<2]) }
        assertTable(try overview.table("movements").rows, allPairs, "movements", file: file, line: line)
        let moved = Self.summed(pairs.filter { $0.0[0] != $0.0[1] }, top: nil, magnitude: true)
        let bars = try overview.bars("movements-chart")
        XCTAssertEqual(bars.map(\.label), moved.map { "\($0[0]) to \($0[1])" }, file: file, line: line)
        XCTAssertEqual(bars.map { micros($0.value)! }, moved.map { micros($0[4])! }, file: file, line: line)

        func ruleLines(_ lines: [[String: String]]) -> [([String], Int, Int128, Int128)] {
            lines.map { line in
                let (r, a, v) = figures(line)
                return (
                    [
                        line["from_category"]!, line["from_deciding_rule"]!, line["to_category"]!,
                        line["to_deciding_rule"]!,
                    ], r, a, v
                )
            }
        }
        func changes(_ rule: String) -> [String] {
            let serviceLine = String(rule.split(separator: "-").first ?? "")
            return diff.rows.filter {
                ($0[0] == "rules" && $0[1] == rule) || ($0[0] == "service-lines" && $0[1] == serviceLine)
            }
            .map { "\($0[0]) \($0[1]) " + ($0[2] == "changed" ? "\($0[3]): \($0[4]) to \($0[5])" : $0[2]) }
        }
        func expectedRules(_ lines: [[String: String]]) -> [[String]] {
            Self.summed(ruleLines(lines), top: 10, magnitude: true).map { row in
                let why = changes(row[1]) + (row[3] == row[1] ? [] : changes(row[3]))
                return row + [why.isEmpty ? "no line of rules-diff.csv names these rules" : why.joined(separator: "; ")]
            }
        }
        assertTable(try overview.table("rules").rows, expectedRules(byRule), "rules", file: file, line: line)

        let sorted = contracts.filter { $0["contract"] != "ALL" }.sorted {
            let (a, b) = (micros($0["change"]!)!.magnitude, micros($1["change"]!)!.magnitude)
            return a != b ? a > b : $0["contract"]! < $1["contract"]!
        }
        let names = [
            "contract", "provider", "commissioner", "value", "from_national_value", "to_national_value", "change",
            "from_national_share", "to_national_share",
        ]
        let contractsTable = try overview.table("contracts")
        assertTable(
            contractsTable.rows, sorted.map { line in names.map { line[$0]! } }, "contracts", file: file, line: line)
        assertTable(
            contractsTable.foot, [names.map { contracts.last![$0]! }], "contracts total", file: file, line: line)

        var counts: [[String]: Int] = [:]
        for row in diff.rows { counts[[row[0], row[2]], default: 0] += 1 }
        assertTable(
            try overview.table("diff-counts").rows,
            counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { $0.key + [String($0.value)] },
            "diff counts", file: file, line: line)
        assertTable(try overview.table("rules-diff").rows, diff.rows, "rules diff", file: file, line: line)
        let contractColumn = rejects.header.firstIndex(of: "contract")!
        let keep = rejects.header.indices.filter { $0 != contractColumn }
        let contractless = rejects.rows.filter { $0[contractColumn].isEmpty }.map { row in keep.map { row[$0] } }
        if contractless.isEmpty {
            if overview.root.byId("rejects") != nil {
                XCTAssertEqual(try overview.table("rejects").rows.count, 0, "no rejected rows", file: file, line: line)
            }
        } else {
            assertTable(
                try overview.table("rejects").rows, contractless, "rejected rows with no contract", file: file, line: line)
        }
        assertTable(try overview.table("quality").rows, quality.rows, "quality", file: file, line: line)

        XCTAssertEqual(contractsTable.rows.count, sorted.count)
        for (row, contract) in zip(contractsTable.rows, sorted) {
            let key = contract["contract"]!
            let href = try XCTUnwrap(row[0].href, file: file, line: line)
            let pagePath = (report as NSString).appendingPathComponent(href.removingPercentEncoding!)
            let page = try HTMLPage(path: pagePath)
            assertShownExactly(page, file: file, line: line)
            XCTAssertEqual(
                page.root.all { $0.attributes["class"] == "figure" }.map { $0.attributes["data-value"]! },
                [
                    "value", "from_national_value", "to_national_value", "change", "from_national_share",
                    "to_national_share",
                ].map { contract[$0]! },
                "\(key): headline", file: file, line: line)
            let mine = pairs.enumerated().filter { movements[$0.offset]["contract"] == key }.map(\.element)
            assertTable(
                try page.table("movements").rows,
                Self.summed(mine, top: nil).sorted { $0[0..<2].lexicographicallyPrecedes($1[0..<2]) },
                "\(key): movements", file: file, line: line)
            let myMoved = Self.summed(mine.filter { $0.0[0] != $0.0[1] }, top: nil, magnitude: true)
            XCTAssertEqual(
                try page.bars("movements-chart").map { micros($0.value)! }, myMoved.map { micros($0[4])! }, file: file,
                line: line)
            assertTable(
                try page.table("rules").rows, expectedRules(byRule.filter { $0["contract"] == key }), "\(key): rules",
                file: file, line: line)
            let services = byService.filter {
                $0["contract"] == key
                    && ($0["from_category"] != $0["to_category"] || $0["from_service_line"] != $0["to_service_line"])
            }.map { line -> ([String], Int, Int128, Int128) in
                let (r, a, v) = figures(line)
                return (
                    ["from_category", "from_service_line", "to_category", "to_service_line"].map { line[$0]! }, r, a, v
                )
            }
            assertTable(
                try page.table("service-lines").rows, Self.summed(services, top: 10, magnitude: true),
                "\(key): services", file: file, line: line)
            let changedContract = changed.header.firstIndex(of: "contract")!
            let changedKeep = changed.header.indices.filter { $0 != changedContract }
            assertTable(
                try page.table("changed-rows").rows,
                changed.rows.filter { $0[changedContract] == key }.map { row in changedKeep.map { row[$0] } },
                "\(key): changed rows", file: file, line: line)
            let mineRejected = rejects.rows.filter { $0[contractColumn] == key }.map { row in keep.map { row[$0] } }
            if mineRejected.isEmpty {
                XCTAssertNil(page.root.byId("rejects"), file: file, line: line)
            } else {
                assertTable(
                    try page.table("rejects").rows, mineRejected, "\(key): rejected rows", file: file, line: line)
            }
        }
    }
}
