/// What every page's layout needs: titles, the tool version, the style sheet, links to
/// the overview and the workbook, and the script when the page has one.
enum PageContext {
    /// A page's base context; the page adds its sections.
    static func base(
        title: String, heading: String, lede: String, toolVersion: String, home: String?, workbook: String?,
        script: String? = nil
    ) -> [String: Any] {
        var context: [String: Any] = [
            "pageTitle": title, "heading": heading, "lede": lede, "toolVersion": toolVersion, "css": ReportStyle.css,
            "homeHref": home ?? false, "workbookHref": workbook ?? false, "hasScript": script != nil,
        ]
        if let script { context["script"] = script }
        return context
    }

    /// `facts` for the facts partial.
    static func facts(_ pairs: [(String, String)]) -> [[String: Any]] {
        pairs.map { ["factName": $0.0, "factText": $0.1] }
    }

    /// Facts naming the run's rule set or sets.
    static func ruleSetFacts(_ manifest: RunManifest) -> [(String, String)] {
        var facts: [(String, String)] = []
        for ruleSet in manifest.ruleSets {
            let role = ruleSet.role == "from" ? " (from, old)" : ruleSet.role == "to" ? " (to, new)" : ""
            facts.append(("Rule set" + role, ruleSet.name))
            facts.append(("Financial year" + role, ruleSet.financialYear))
            facts.append(("Checksum" + role, "sha256:" + ruleSet.checksum))
            facts.append(("Directory" + role, ruleSet.directory))
        }
        return facts
    }

    /// The inputs table: each input with its rows and rejects, and their sums.
    static func inputsTable(_ manifest: RunManifest) -> TableView {
        var table = TableView(id: "inputs", caption: "Inputs read", columns: ["input", "shape", "rows#", "rejected#"])
        table.rows = manifest.inputs.map { [.text($0.path), .text($0.shape), .count($0.rows), .count($0.rejected)] }
        table.foot = [
            [
                .text("All inputs"), .text(""), .count(manifest.inputs.reduce(0) { $0 + $1.rows }),
                .count(manifest.inputs.reduce(0) { $0 + $1.rejected }),
            ]
        ]
        return table
    }

    /// `headline` entries: a label and a figure as published (a share shown as a percentage).
    static func headline(_ entries: [(label: String, value: String, share: Bool)]) -> [[String: Any]] {
        entries.map {
            [
                "label": $0.label, "figureValue": $0.value,
                "figure": $0.share ? FigureText.percent($0.value) : FigureText.display($0.value),
            ]
        }
    }

    /// `runFiles` / `contractFiles` entries: a link, a name and its rows.
    static func files(_ outputs: [RunManifest.Output], paths: ReportPaths, depth: Int, name: (String) -> String)
        -> [[String: Any]]
    {
        outputs.map {
            [
                "fileHref": paths.outputHref($0.path, depth: depth), "fileName": name($0.path),
                "fileRows": FigureText.display(String($0.rows)),
            ]
        }
    }

    /// The rejected rows' table (source, line, reason, column, record; the record cut short).
    static func rejectsTable(id: String, header: [String], sample: RowSample, file: String) -> TableView {
        var table = TableView.csv(
            id: id, caption: "Rejected rows", header: header, rows: sample.rows, omit: ["contract"], cut: 120)
        if sample.isTruncated {
            table.note = "The first \(sample.rows.count) of \(sample.count) rows; every one is in \(file)."
        }
        return table
    }
}
