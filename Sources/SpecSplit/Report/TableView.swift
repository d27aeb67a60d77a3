/// One cell of a report table: the text shown and, for a figure, the figure exactly as the
/// CSV file writes it (in a `data-value` attribute, for copying and for checking).
struct CellView {
    /// What the cell shows.
    var text: String
    /// The figure as published, for figures.
    var value: String?
    /// A link, relative to the page.
    var href: String?

    /// A text cell.
    static func text(_ text: String) -> CellView { CellView(text: text) }
    /// A link.
    static func link(_ text: String, _ href: String) -> CellView { CellView(text: text, href: href) }
    /// A figure (a count or an amount) as published, shown with thousands separators.
    static func figure(_ value: String) -> CellView { CellView(text: FigureText.display(value), value: value) }
    /// A share as published (`0.058424`), shown as a percentage with the same digits.
    static func share(_ value: String) -> CellView { CellView(text: FigureText.percent(value), value: value) }
    /// An exact sum, written as the CSV files write amounts.
    static func amount(_ micros: Int128) -> CellView { figure(FigureText.amount(micros)) }
    /// A count.
    static func count(_ count: Int) -> CellView { figure(String(count)) }

    /// The template's view of the cell.
    var context: [String: Any] {
        var context: [String: Any] = ["cellText": text, "cellNum": value != nil, "cellLink": href != nil]
        if let value { context["cellValue"] = value }
        if let href { context["cellHref"] = href }
        return context
    }
}

/// A table of a report page: a caption, column names, rows of cells and optional total
/// lines. Figures carry their published text; every value from the data is escaped by the
/// template.
struct TableView {
    /// The element id (tests and the overview's script find tables by it).
    var id: String
    /// What the table holds.
    var caption: String
    /// Column names; true for a column of figures (right-aligned).
    var columns: [(name: String, numeric: Bool)]
    /// Rows of cells.
    var rows: [[CellView]] = []
    /// Total lines, after the rows.
    var foot: [[CellView]] = []
    /// A line under the table (rows left out, where the rest is).
    var note: String?
    /// Per row, the text the overview's filter searches (lower case), when it is filterable.
    var search: [String]?

    /// A table with these columns (names ending in `#` are figures: the `#` is dropped).
    init(id: String, caption: String, columns: [String]) {
        self.id = id
        self.caption = caption
        self.columns = columns.map { $0.hasSuffix("#") ? (String($0.dropLast()), true) : ($0, false) }
    }

    /// The template's view of the table.
    var context: [String: Any] {
        var rowContexts: [[String: Any]] = []
        rowContexts.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            var context: [String: Any] = ["cells": row.map(\.context)]
            // Always set: a missing key would be looked up in the enclosing contexts.
            context["rowSearch"] = search.map { $0[index] as Any } ?? false
            rowContexts.append(context)
        }
        var context: [String: Any] = [
            "tableId": id, "caption": caption,
            "columns": columns.map { ["columnName": $0.name, "columnNum": $0.numeric] as [String: Any] },
            "rows": rowContexts,
            "hasRows": !rows.isEmpty, "hasFoot": !foot.isEmpty,
            "columnCount": String(columns.count),
        ]
        if !foot.isEmpty { context["foot"] = foot.map { ["cells": $0.map(\.context)] as [String: Any] } }
        context["note"] = note.map { $0 as Any } ?? false
        return context
    }
}
