/// One or both rule sets of a comparison cannot be used: which (old `--from`, new `--to`),
/// and every problem of each, as `rules check` reports them. Exit 78, before any input is read.
public struct ComparedRuleSetsInvalid: SpecSplitError, Sendable {
    /// A rule set that failed: its role (`old` or `new`), its flag and why.
    public struct Failure: Sendable {
        /// `old` or `new`.
        public var role: String
        /// `--from` or `--to`.
        public var flag: String
        /// The problems found.
        public var error: RuleSetInvalid
    }

    /// The rule sets that failed, old first.
    public var failures: [Failure]

    /// 78: a configuration error.
    public var exitCode: Int32 { ExitStatus.config }

    /// Every problem of every failing rule set.
    public var findings: [Finding] { failures.flatMap(\.error.problems) }

    /// The first problem's place.
    public var location: ErrorLocation? { failures.first?.error.location }

    /// Which rule sets are invalid, in one line.
    public var summary: String {
        failures.map { failure in
            let count = failure.error.problems.count
            return
                "\(failure.role) rule set (\(failure.flag)) \(failure.error.directory) is invalid (\(count) \(count == 1 ? "problem" : "problems"))"
        }.joined(separator: " and ") + ": nothing compared. Check each with specsplit rules check."
    }

    /// The summary, then each problem under its rule set.
    public var description: String {
        var text = summary
        for failure in failures {
            text += "\n\(failure.role) rule set (\(failure.flag)) \(failure.error.directory):"
            for problem in failure.error.problems { text += "\n  " + problem.description }
        }
        return text
    }
}
