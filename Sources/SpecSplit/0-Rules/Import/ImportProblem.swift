/// One thing wrong with a workbook being imported: what kind of value, the value, what is
/// wrong (and what to do), and where: the sheet (or CSV file), row and column.
///
/// Its ``description`` reads like a ``Finding``: `CodeType|Code|Error Description (where)`.
public struct ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of value (`COUNT`, `ICD10`, `SERVICE_LINE`, `SETTING`, `DUPLICATE`, `SHEET`...).
    public var codeType: String
    /// The value as found (empty when missing).
    public var code: String
    /// What is wrong, for a person.
    public var message: String
    /// The sheet (or CSV file) name; empty for a problem with the whole workbook.
    public var sheet: String
    /// The row (the sheet's row number, or the CSV file's line); 0 for a whole sheet.
    public var row: Int
    /// The column's header; empty for a whole row.
    public var column: String
    /// Where, for a person: `sheet "Summary", row 12, cell K12` or `summary.csv:12, field 11`.
    public var place: String

    /// A problem at `place`.
    public init(
        codeType: String, code: String, message: String, sheet: String = "", row: Int = 0, column: String = "",
        place: String = ""
    ) {
        self.codeType = codeType
        self.code = code
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column
        self.place = place
    }

    /// `CodeType|Code|Error Description (place, column HEADER)`.
    public var description: String {
        var whereText = place
        if !column.isEmpty { whereText += (whereText.isEmpty ? "" : ", ") + "column \(column)" }
        return "\(codeType)|\(code)|\(message)" + (whereText.isEmpty ? "" : " (\(whereText))")
    }
}

/// The error thrown when a workbook cannot be imported: every problem found, so that an
/// analyst can fix a workbook or a mapping in one pass. Nothing is written.
public struct RuleSetImportInvalid: SpecSplitError, Sendable {
    /// The workbook.
    public var workbook: String
    /// Every problem, in the order found (summary, hierarchy, lists, then the checks).
    public var problems: [ImportProblem]

    /// 78: the workbook's rules cannot make a valid rule set.
    public var exitCode: Int32 { ExitStatus.config }

    /// A header line, then one line per problem.
    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        return (["\(workbook) cannot be imported: \(problems.count) \(noun)"] + problems.map(\.description))
            .joined(separator: "\n")
    }
}
