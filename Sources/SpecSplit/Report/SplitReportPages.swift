/// The pages of a split's report as template contexts, from ``SplitFigures``.
struct SplitReportPages {
    /// The figures.
    let figures: SplitFigures
    /// Page names and links.
    let paths: ReportPaths
    /// The rejects file as the pages name it.
    let rejectsName: String?

    /// How many service lines and HRGs a contract page lists.
    static let topLines = 10

    /// The contracts, largest national value first (ties by contract).
    var contractsByNationalValue: [SplitFigures.ContractLine] {
        figures.contracts.sorted {
            $0.nationalMicros != $1.nationalMicros ? $0.nationalMicros > $1.nationalMicros : $0.key < $1.key
        }
    }

    private var nationalList: String {
        figures.categories.filter { figures.national.contains($0) }.joined(separator: ", ")
    }

    private func categoryViews(_ lines: [SplitFigures.CategoryLine], id: String, caption: String) -> (
        BarChart, TableView
    ) {
        let chart = BarChart(
            id: id + "-chart", title: caption,
            bars: lines.map {
                BarChart.Bar(
                    label: $0.category, value: $0.value, micros: FigureText.micros($0.value) ?? 0,
                    national: $0.national == "yes")
            })
        var table = TableView(
            id: id, caption: caption, columns: ["category", "national", "rows#", "activity#", "value#", "share#"])
        table.rows = lines.map {
            [
                .text($0.category), .text($0.national), .figure($0.rows), .figure($0.activity), .figure($0.value),
                .share($0.share),
            ]
        }
        return (chart, table)
    }

    /// The overview page (`index.html`).
    func overview() -> [String: Any] {
        let manifest = figures.manifest
        let ruleSet = manifest.ruleSets[0]
        var context = PageContext.base(
            title: "specsplit report: \(ruleSet.name)", heading: "Split report: \(ruleSet.name)",
            lede: "Financial year \(ruleSet.financialYear); \(figures.contracts.count) contracts.",
            toolVersion: manifest.toolVersion, home: nil, workbook: "specsplit.xlsx",
            script: ReportStyle.contractsTableScript)
        // No times: the same output gives the same report, byte for byte (manifest.json has them).
        context["facts"] = PageContext.facts(
            PageContext.ruleSetFacts(manifest) + [("Written by", "specsplit \(manifest.toolVersion)")])
        context["hasWarnings"] = !manifest.warnings.isEmpty
        context["warnings"] = manifest.warnings
        context["inputsTable"] = PageContext.inputsTable(manifest).context
        context["controlTable"] =
            TableView.csv(
                id: "control-totals", caption: "Control totals over the run", header: figures.controlHeader,
                rows: figures.controlRunLines, omit: ["provider", "commissioner"], figures: Set(figures.categories)
            ).context
        let (chart, table) = categoryViews(
            figures.allCategories, id: "categories", caption: "Value by category, all contracts")
        context["categoryChart"] = chart.context
        context["categoryTable"] = table.context
        context["contractsTable"] = contractsTable().context
        if figures.migrationHeader != nil {
            var migration = TableView(
                id: "migration", caption: "Migrating activity by direction, all contracts",
                columns: ["direction", "rows#", "activity#", "value#"])
            migration.rows = figures.migrationByDirection.top(nil).map {
                [.text($0.key[0])] + TableView.figures($0.totals)
            }
            migration.note =
                "Each contract's page lists its migration lines; migration.csv and migration-rows.csv hold every one."
            context["migrationTable"] = migration.context
        }
        context["rejectsText"] = rejectsText(contract: nil, rejectedRows: String(manifest.rowsRejected))
        if let name = rejectsName, figures.unattributedRejects.count > 0 {
            context["rejectsTable"] =
                PageContext.rejectsTable(
                    id: "rejects", header: figures.rejectsHeader, sample: figures.unattributedRejects, file: name
                ).context
        }
        context["qualityTable"] =
            TableView.csv(
                id: "quality", caption: "Quality findings (quality.csv)", header: figures.qualityHeader,
                rows: figures.quality
            ).context
        let runFiles = manifest.outputs.filter { !$0.path.hasPrefix("contracts/") && !$0.path.hasPrefix("report/") }
        context["runFiles"] = PageContext.files(runFiles, paths: paths, depth: 0) { $0 }
        return context
    }

    private func contractsTable() -> TableView {
        var table = TableView(
            id: "contracts", caption: "Contracts by national value",
            columns: [
                "contract", "provider", "commissioner", "rows#", "value#", "national_value#", "national_share#",
                "migrating_value#", "rows_rejected#",
            ])
        let sorted = contractsByNationalValue
        table.rows = sorted.map { line in
            let key = line.key
            let contract: CellView = paths.contractHref(key).map { .link(key, $0) } ?? .text(key)
            return [
                contract, .text(line.columns["provider"] ?? ""), .text(line.columns["commissioner"] ?? ""),
                .figure(line.columns["rows"] ?? ""), .figure(line.columns["value"] ?? ""),
                .figure(line.columns["national_value"] ?? ""), .share(line.columns["national_share"] ?? ""),
                .figure(line.columns["migrating_value"] ?? ""), .figure(figures.details[key]?.rejected.rows ?? "0"),
            ]
        }
        table.search = sorted.map {
            [$0.key, $0.columns["provider"] ?? "", $0.columns["commissioner"] ?? ""].joined(separator: " ").lowercased()
        }
        if let all = figures.all {
            table.foot = [
                [
                    .text("ALL"), .text(""), .text(""), .figure(all.columns["rows"] ?? ""),
                    .figure(all.columns["value"] ?? ""),
                    .figure(all.columns["national_value"] ?? ""), .share(all.columns["national_share"] ?? ""),
                    .figure(all.columns["migrating_value"] ?? ""), .count(figures.manifest.rowsRejected),
                ]
            ]
        }
        return table
    }

    private func rejectsText(contract: SplitFigures.ContractDetail?, rejectedRows: String) -> String {
        let count = FigureText.display(rejectedRows)
        guard let name = rejectsName else {
            return "This output lists no rejects file, so the report has no rejected rows to show. "
                + "Rows rejected, as the control totals count them: \(count)."
        }
        if contract != nil {
            if !figures.rejectsNameContracts {
                return
                    "Rows of this contract rejected (control totals): \(count). \(name) does not say which contract each "
                    + "rejected row belongs to: the overview lists them all."
            }
            if rejectedRows == "0" { return "Rows of this contract rejected: 0." }
            return "Rows of this contract rejected: \(count); they are listed below and in \(name)."
        }
        if figures.rejectsNameContracts {
            return
                "Rows rejected: \(count); every one is in \(name). Rows that could not be read as far as their contract "
                + "are listed here; each contract's page lists its own."
        }
        return "Rows rejected: \(count); every one is in \(name)."
    }

    /// The page of contract `line`.
    func contract(_ line: SplitFigures.ContractLine) -> [String: Any] {
        let manifest = figures.manifest
        let detail = figures.details[line.key] ?? SplitFigures.ContractDetail()
        let provider = line.columns["provider"] ?? ""
        let commissioner = line.columns["commissioner"] ?? ""
        var context = PageContext.base(
            title: "\(line.key): specsplit report", heading: "Contract \(line.key)",
            lede: "Provider \(provider), commissioner \(commissioner); \(manifest.ruleSets[0].name).",
            toolVersion: manifest.toolVersion, home: "../index.html", workbook: "../specsplit.xlsx")
        context["headline"] = PageContext.headline([
            ("Value", line.columns["value"] ?? "", false),
            ("National value", line.columns["national_value"] ?? "", false),
            ("National share", line.columns["national_share"] ?? "", true), ("Rows", line.columns["rows"] ?? "", false),
            ("Rows rejected", detail.rejected.rows, false),
        ])
        let (chart, table) = categoryViews(
            detail.categories, id: "categories", caption: "Value and activity by category")
        context["categoryChart"] = chart.context
        context["categoryTable"] = table.context
        context["nationalList"] = nationalList

        var services = TableView(
            id: "service-lines", caption: "Top specialised service lines by value",
            columns: ["service_line", "description", "rows#", "activity#", "value#"])
        services.rows = detail.serviceLines.top(Self.topLines).map {
            [.text($0.key[0]), .text($0.key[1])] + TableView.figures($0.totals)
        }
        if detail.serviceLines.entries.count > Self.topLines {
            services.note =
                "The \(Self.topLines) largest of \(detail.serviceLines.entries.count) service lines; summary.csv has every one by HRG and setting."
        }
        context["serviceTable"] = services.context

        var hrgs = TableView(
            id: "hrgs", caption: "Top HRGs by value in national categories",
            columns: ["hrg", "rows#", "activity#", "value#"])
        hrgs.rows = detail.hrgs.top(Self.topLines).map { [.text($0.key[0])] + TableView.figures($0.totals) }
        if detail.hrgs.entries.count > Self.topLines {
            hrgs.note = "The \(Self.topLines) largest of \(detail.hrgs.entries.count) HRGs; summary.csv has every one."
        }
        context["hrgTable"] = hrgs.context

        var groups = TableView(
            id: "service-groups", caption: "Prison, military and other national activity by service group",
            columns: ["category", "service_group", "rows#", "activity#", "value#"])
        groups.rows = detail.serviceGroups.top(nil).map {
            [.text($0.key[0]), .text($0.key[1])] + TableView.figures($0.totals)
        }
        context["groupTable"] = groups.context

        if let header = figures.migrationHeader {
            context["hasMigration"] = true
            context["migrationTable"] =
                TableView.csv(
                    id: "migration", caption: "Migration lines (migration.csv)", header: header, rows: detail.migration,
                    omit: ["contract", "provider", "commissioner"]
                ).context
            if let rowsHeader = figures.migrationRowsHeader {
                var rows = TableView.csv(
                    id: "migration-rows", caption: "Migrating rows (migration-rows.csv)", header: rowsHeader,
                    rows: detail.migrationRows.rows, omit: ["contract"])
                if detail.migrationRows.isTruncated {
                    rows.note =
                        "The first \(detail.migrationRows.rows.count) of \(detail.migrationRows.count) rows; migration-rows.csv has every one."
                }
                context["migrationRowsTable"] = rows.context
            }
        } else {
            context["hasMigration"] = false
        }
        context["rejectsText"] = rejectsText(contract: detail, rejectedRows: detail.rejected.rows)
        if let name = rejectsName, figures.rejectsNameContracts, detail.rejects.count > 0 {
            context["rejectsTable"] =
                PageContext.rejectsTable(
                    id: "rejects", header: figures.rejectsHeader, sample: detail.rejects, file: name
                ).context
        }
        let prefix = "contracts/\(line.key)/"
        context["contractFiles"] = PageContext.files(detail.files, paths: paths, depth: 1) {
            $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0
        }
        return context
    }
}
