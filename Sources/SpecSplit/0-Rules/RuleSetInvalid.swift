/// The error thrown when a rule set cannot be used: it carries every problem found,
/// not just the first, so an analyst can fix a workbook export in one pass.
public struct RuleSetInvalid: SpecSplitError, Sendable {
    /// The rule set's directory.
    public var directory: String
    /// Every problem, in file order (ruleset.toml, then the CSV files by name, each by line).
    public var problems: [Finding]

    /// An error for `problems` found in `directory`.
    public init(directory: String, problems: [Finding]) {
        self.directory = directory
        self.problems = problems
    }

    /// 78: a configuration error.
    public var exitCode: Int32 { ExitStatus.config }

    /// Every problem.
    public var findings: [Finding] { problems }

    /// The first problem's place (the others are in ``problems``).
    public var location: ErrorLocation? {
        guard let first = problems.first else { return ErrorLocation(file: directory) }
        let file = first.file.hasPrefix("/") || first.file == directory ? first.file : directory + "/" + first.file
        return ErrorLocation(file: file, line: first.line > 0 ? first.line : nil, column: first.column.isEmpty ? nil : first.column)
    }

    /// A header line, then one line per problem.
    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        var text = "rule set \(directory) is invalid: \(problems.count) \(noun)"
        for problem in problems { text += "\n" + problem.description }
        return text
    }
}
