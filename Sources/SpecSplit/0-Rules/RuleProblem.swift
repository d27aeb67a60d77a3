/// One thing wrong with a rule set, found while loading it: what kind of code or value,
/// the value itself, what is wrong with it, and where it is.
///
/// Its ``description`` follows the quality file of the national identification tool,
/// `CodeType|Code|Error Description`, followed by the place: `(file:line, column)`.
public struct RuleProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file the problem is in (`rules.csv`, `ruleset.toml`...), without its directory.
    public var file: String
    /// The physical line in that file (1 is the header of a CSV file); 0 when the problem
    /// is about the whole file.
    public var line: Int
    /// The column (or TOML key) holding the value; empty when the problem is about a file.
    public var column: String
    /// The kind of value (`ICD10`, `OPCS4`, `HRG`, `TFC`, `AGE`, `RULE_ID`, `SET`, `FILE`...).
    public var codeType: String
    /// The value as written in the file (empty when it is missing).
    public var code: String
    /// What is wrong, and what to do, for a person.
    public var message: String

    /// A problem at `file:line`, in `column`.
    public init(
        file: String, line: Int, column: String, codeType: String, code: String, message: String
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.codeType = codeType
        self.code = code
        self.message = message
    }

    /// `CodeType|Code|Error Description (file:line, column)`.
    public var description: String {
        var place = line > 0 ? "\(file):\(line)" : file
        if !column.isEmpty { place += ", \(column)" }
        return "\(codeType)|\(code)|\(message) (\(place))"
    }
}

/// The error thrown when a rule set cannot be used: it carries every problem found,
/// not just the first, so an analyst can fix a workbook export in one pass.
public struct RuleSetInvalid: Error, Sendable, CustomStringConvertible {
    /// The rule set's directory.
    public var directory: String
    /// Every problem, in file order (ruleset.toml, then the CSV files by name, each by line).
    public var problems: [RuleProblem]

    /// An error for `problems` found in `directory`.
    public init(directory: String, problems: [RuleProblem]) {
        self.directory = directory
        self.problems = problems
    }

    /// A header line, then one line per problem.
    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        var text = "rule set \(directory) is invalid: \(problems.count) \(noun)"
        for problem in problems { text += "\n" + problem.description }
        return text
    }
}
