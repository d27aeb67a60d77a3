/// The pages of a comparison's report as template contexts, from ``CompareFigures``.
struct CompareReportPages {
    /// The figures.
    let figures: CompareFigures
    /// Page names and links.
    let paths: ReportPaths
    /// The rejects file as the pages name it.
    let rejectsName: String?

    /// How many movements by rule and changed service lines a page lists.
    static let topLines = 10

    /// The contracts, largest change in national value (either way) first.
    var contractsByChange: [CompareFigures.ContractLine] {
        figures.contracts.sorted {
            let (a, b) = ($0.changeMicros.magnitude, $1.changeMicros.magnitude)
            return a != b ? a > b : $0.key < $1.key
        }
    }

    private var nationalTo: Set<String> {
        // The new year's national categories are not in a comparison's files; a category
        // whose name the split treats as national by default is drawn dark.
        ["specialised", "prison", "military"]
    }

    private func movementViews(_ movements: TotalsByKey, caption: String) -> (BarChart, TableView) {
        let changed = movements.top(nil, by: KeyedTotals.byMagnitude).filter { $0.key[0] != $0.key[1] }
        var chart = BarChart(
            id: "movements-chart", title: caption + " (rows that change category)",
            bars: changed.map {
                BarChart.Bar(
                    label: "\($0.key[0]) to \($0.key[1])", value: FigureText.amount($0.totals.valueMicros),
                    micros: $0.totals.valueMicros, national: nationalTo.contains($0.key[1]))
            })
        chart.legend = [(true, "to a national category"), (false, "to a local category")]
        var table = TableView(
            id: "movements", caption: caption,
            columns: ["from_category", "to_category", "rows#", "activity#", "value#"])
        table.rows = movements.entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
            [.text($0.key[0]), .text($0.key[1])] + TableView.figures($0.totals)
        }
        return (chart, table)
    }

    private func ruleTable(_ byRule: TotalsByKey, caption: String) -> TableView {
        var table = TableView(
            id: "rules", caption: caption,
            columns: [
                "from_category", "from_deciding_rule", "to_category", "to_deciding_rule", "rows#", "activity#",
                "value#",
                "what changed in these rules",
            ])
        let top = byRule.top(Self.topLines, by: KeyedTotals.byMagnitude)
        table.rows = top.map { line in
            let changes =
                (figures.ruleChanges(line.key[1])
                + (line.key[3] == line.key[1] ? [] : figures.ruleChanges(line.key[3])))
                .map { change in
                    let what = change[2] == "changed" ? "\(change[3]): \(change[4]) to \(change[5])" : change[2]
                    return "\(change[0]) \(change[1]) \(what)"
                }
            let text = changes.isEmpty ? "no line of rules-diff.csv names these rules" : changes.joined(separator: "; ")
            return [.text(line.key[0]), .text(line.key[1]), .text(line.key[2]), .text(line.key[3])]
                + TableView.figures(line.totals) + [.text(text)]
        }
        if byRule.entries.count > Self.topLines {
            table.note =
                "The \(Self.topLines) largest of \(byRule.entries.count) lines; movements-by-rule.csv has every one."
        }
        return table
    }

    private func rejectsText(contract: Bool, rejectedRows: String) -> String {
        let count = FigureText.display(rejectedRows)
        guard let name = rejectsName else {
            return "This output lists no rejects file, so the report has no rejected rows to show. "
                + "Rows rejected, as the control totals count them: \(count)."
        }
        if contract && !figures.rejectsNameContracts {
            return
                "Rows of this contract rejected (control totals): \(count). \(name) does not say which contract each "
                + "rejected row belongs to: the overview lists them all."
        }
        if contract && rejectedRows == "0" { return "Rows of this contract rejected: 0." }
        return (contract ? "Rows of this contract rejected: \(count)" : "Rows rejected: \(count)")
            + (contract
                ? "; they are listed below and in \(name)."
                : "; every one is in \(name). Rows that could not be read as far as their contract are listed here; each contract's page lists its own.")
    }

    /// The overview page (`index.html`).
    func overview() -> [String: Any] {
        let manifest = figures.manifest
        let from = manifest.ruleSets[0]
        let to = manifest.ruleSets.count > 1 ? manifest.ruleSets[1] : from
        var context = PageContext.base(
            title: "specsplit comparison: \(from.financialYear) to \(to.financialYear)",
            heading: "What changes from \(from.name) to \(to.name)",
            lede: "\(figures.contracts.count) contracts; the same inputs under both rule sets.",
            toolVersion: manifest.toolVersion, home: nil, workbook: "specsplit.xlsx",
            script: ReportStyle.contractsTableScript)
        context["facts"] = PageContext.facts(
            PageContext.ruleSetFacts(manifest) + [("Written by", "specsplit \(manifest.toolVersion)")])
        context["hasWarnings"] = !manifest.warnings.isEmpty
        context["warnings"] = manifest.warnings
        context["inputsTable"] = PageContext.inputsTable(manifest).context
        context["controlTables"] = controlTables().map(\.context)
        let (chart, table) = movementViews(figures.movements, caption: "Movement between categories, all contracts")
        context["movementChart"] = chart.context
        context["movementTable"] = table.context
        context["ruleTable"] =
            ruleTable(figures.byRule, caption: "The largest movements by deciding rule, all contracts").context
        context["contractsTable"] = contractsTable().context

        var counts = TotalsByKey()
        for line in figures.rulesDiff where line.count >= 3 {
            counts.add([line[0], line[2]], rows: 1, activity: 0, value: 0)
        }
        var countTable = TableView(
            id: "diff-counts", caption: "Changes by table", columns: ["table", "change", "lines#"])
        countTable.rows = counts.entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
            [.text($0.key[0]), .text($0.key[1]), .count($0.totals.rows)]
        }
        context["diffCountTable"] = countTable.context
        var diff = TableView.csv(
            id: "rules-diff", caption: "rules-diff.csv", header: figures.rulesDiffHeader,
            rows: Array(figures.rulesDiff.prefix(RowSample.limit)))
        if figures.rulesDiff.count > RowSample.limit {
            diff.note =
                "The first \(RowSample.limit) of \(figures.rulesDiff.count) lines; rules-diff.csv has every one."
        }
        context["diffTable"] = diff.context

        context["rejectsText"] = rejectsText(contract: false, rejectedRows: String(manifest.rowsRejected))
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
        context["runFiles"] = PageContext.files(
            manifest.outputs.filter { !$0.path.hasPrefix("report/") }, paths: paths, depth: 0
        ) { $0 }
        return context
    }

    /// control-totals.csv's run lines (long form: a line per measure and category) as one
    /// table per line name (ALL, unreadable rows): a row per category, a column per
    /// measure and side.
    private func controlTables() -> [TableView] {
        let header = figures.controlHeader
        guard let name = header.firstIndex(of: "contract"), let measure = header.firstIndex(of: "measure"),
            let category = header.firstIndex(of: "category"), let from = header.firstIndex(of: "from"),
            let to = header.firstIndex(of: "to"), let change = header.firstIndex(of: "change")
        else { return [] }
        let measures = ["rows", "activity", "value"]
        var order: [String] = []
        var categories: [String: [String]] = [:]
        var cells: [String: [String: [String: [String]]]] = [:]
        for line in figures.controlRunLines {
            let (key, kind) = (line[name], line[measure])
            if cells[key] == nil { order.append(key) }
            if categories[key, default: []].contains(line[category]) == false {
                categories[key, default: []].append(line[category])
            }
            cells[key, default: [:]][line[category], default: [:]][kind] = [line[from], line[to], line[change]]
        }
        order.sort { ($0 == "ALL" ? 0 : 1, $0) < ($1 == "ALL" ? 0 : 1, $1) }  // the run's totals first
        return order.enumerated().map { index, key in
            var table = TableView(
                id: index == 0 ? "control-totals" : "control-totals-\(index + 1)",
                caption: key == "ALL" ? "Control totals over the run, under each rule set" : "Control totals: \(key)",
                columns: ["category"] + measures.flatMap { m in ["from", "to", "change"].map { "\(m) \($0)#" } })
            table.rows = categories[key, default: []].map { name in
                [.text(name)]
                    + measures.flatMap { m in (cells[key]?[name]?[m] ?? ["", "", ""]).map { CellView.figure($0) } }
            }
            return table
        }
    }

    private func contractsTable() -> TableView {
        let names = [
            "value", "from_national_value", "to_national_value", "change", "from_national_share", "to_national_share",
        ]
        var table = TableView(
            id: "contracts", caption: "Contracts by the size of the change in national value",
            columns: ["contract", "provider", "commissioner"] + names.map { $0 + "#" })
        func cells(_ line: CompareFigures.ContractLine) -> [CellView] {
            names.map {
                TableView.shareColumns.contains($0) ? .share(line.columns[$0] ?? "") : .figure(line.columns[$0] ?? "")
            }
        }
        let sorted = contractsByChange
        table.rows = sorted.map { line in
            let contract: CellView = paths.contractHref(line.key).map { .link(line.key, $0) } ?? .text(line.key)
            return [contract, .text(line.columns["provider"] ?? ""), .text(line.columns["commissioner"] ?? "")]
                + cells(line)
        }
        table.search = sorted.map {
            [$0.key, $0.columns["provider"] ?? "", $0.columns["commissioner"] ?? ""].joined(separator: " ").lowercased()
        }
        if let all = figures.all { table.foot = [[.text("ALL"), .text(""), .text("")] + cells(all)] }
        return table
    }

    /// The page of contract `line`.
    func contract(_ line: CompareFigures.ContractLine) -> [String: Any] {
        let manifest = figures.manifest
        let detail = figures.details[line.key] ?? CompareFigures.ContractDetail()
        let provider = line.columns["provider"] ?? ""
        let commissioner = line.columns["commissioner"] ?? ""
        let from = manifest.ruleSets[0]
        let to = manifest.ruleSets.count > 1 ? manifest.ruleSets[1] : from
        var context = PageContext.base(
            title: "\(line.key): specsplit comparison", heading: "Contract \(line.key)",
            lede: "Provider \(provider), commissioner \(commissioner); from \(from.name) to \(to.name).",
            toolVersion: manifest.toolVersion, home: "../index.html", workbook: "../specsplit.xlsx")
        context["headline"] = PageContext.headline([
            ("Value", line.columns["value"] ?? "", false),
            ("National value, \(from.financialYear)", line.columns["from_national_value"] ?? "", false),
            ("National value, \(to.financialYear)", line.columns["to_national_value"] ?? "", false),
            ("Change", line.columns["change"] ?? "", false),
            ("National share, \(from.financialYear)", line.columns["from_national_share"] ?? "", true),
            ("National share, \(to.financialYear)", line.columns["to_national_share"] ?? "", true),
        ])
        let (chart, table) = movementViews(detail.movements, caption: "Movement between categories")
        context["movementChart"] = chart.context
        context["movementTable"] = table.context
        context["ruleTable"] = ruleTable(detail.byRule, caption: "The largest movements by deciding rule").context

        var services = TableView(
            id: "service-lines", caption: "The largest changes by service line (or service group)",
            columns: [
                "from_category", "from_service_line", "to_category", "to_service_line", "rows#", "activity#", "value#",
            ])
        services.rows = detail.changedServices.top(Self.topLines, by: KeyedTotals.byMagnitude).map {
            $0.key.map { CellView.text($0) } + TableView.figures($0.totals)
        }
        if detail.changedServices.entries.count > Self.topLines {
            services.note =
                "The \(Self.topLines) largest of \(detail.changedServices.entries.count); movements-by-service.csv has every one by HRG."
        }
        context["serviceTable"] = services.context

        var changed = TableView.csv(
            id: "changed-rows", caption: "Changed rows (changed-rows.csv)", header: figures.changedRowsHeader,
            rows: detail.changedRows.rows, omit: ["contract"])
        if detail.changedRows.isTruncated {
            changed.note =
                "The first \(detail.changedRows.rows.count) of \(detail.changedRows.count) rows; changed-rows.csv has every one."
        }
        context["changedTable"] = changed.context
        context["rejectsText"] = rejectsText(contract: true, rejectedRows: detail.rejected.rows)
        if let name = rejectsName, figures.rejectsNameContracts, detail.rejects.count > 0 {
            context["rejectsTable"] =
                PageContext.rejectsTable(
                    id: "rejects", header: figures.rejectsHeader, sample: detail.rejects, file: name
                ).context
        }
        return context
    }
}
