extension TableView {
    /// The columns of the published files that hold figures: shown right-aligned, with
    /// thousands separators, and their exact text in `data-value`.
    static let figureColumns: Set<String> = [
        "rows", "activity", "value", "count", "read", "written", "rejected", "difference", "from", "to", "change",
        "national_rows", "national_activity", "national_value", "current_unknown_rows", "current_unknown_value",
        "migrating_rows", "migrating_value", "to_national_value", "to_local_value", "from_national_value",
    ]

    /// The columns that hold shares (exact to 6 places), shown as percentages.
    static let shareColumns: Set<String> = ["share", "national_share", "from_national_share", "to_national_share"]

    /// A table of lines of a published CSV file, leaving out the columns in `omit`; columns
    /// in `figures` (besides the usual ones) hold figures too. Long text is cut at `cut`
    /// characters (the whole is in the file).
    static func csv(
        id: String, caption: String, header: [String], rows: [[String]], omit: Set<String> = [],
        figures: Set<String> = [], cut: Int = 200
    ) -> TableView {
        let kept = header.indices.filter { !omit.contains(header[$0]) }
        let kinds = kept.map { column -> Int in
            let name = header[column]
            if shareColumns.contains(name) { return 2 }
            return figureColumns.contains(name) || figures.contains(name) ? 1 : 0
        }
        var table = TableView(
            id: id, caption: caption, columns: zip(kept, kinds).map { header[$0.0] + ($0.1 == 0 ? "" : "#") })
        table.rows = rows.map { row in
            zip(kept, kinds).map { column, kind in
                let text = column < row.count ? row[column] : ""
                switch kind {
                case 1: return .figure(text)
                case 2: return .share(text)
                default: return .text(text.count > cut ? String(text.prefix(cut)) + "..." : text)
                }
            }
        }
        return table
    }

    /// Figure cells for summed rows, activity and value.
    static func figures(_ totals: Totals) -> [CellView] {
        [.count(totals.rows), .amount(totals.activityMicros), .amount(totals.valueMicros)]
    }
}
