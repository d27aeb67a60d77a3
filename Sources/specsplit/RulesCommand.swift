import ArgumentParser
import SpecSplit

/// `specsplit rules check|show DIR`: validate or summarise a rule set.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check or show a rule set (one financial year's rules directory).",
        subcommands: [Check.self, Show.self]
    )

    /// `specsplit rules check DIR`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rule set; print each problem as CodeType|Code|Error Description (file:line, column).",
            discussion: "Exits 0 when the rule set is valid, 78 when it is not."
        )

        @Argument(help: "The rule set directory (e.g. sample-data/rules/2012-13).")
        var directory: String

        func run() throws {
            let ruleSet = try loadOrExit(directory, problemsTo: .standardOutput)
            let national = ruleSet.rules.filter { $0.stage == .national }.count
            print("OK: \(ruleSet.name) (financial year \(ruleSet.financialYear)): \(ruleSet.rules.count) rules (\(national) national, \(ruleSet.rules.count - national) local), \(ruleSet.serviceLines.count) service lines, \(ruleSet.codeSets.count) code sets, sha256 \(ruleSet.checksum)")
        }
    }

    /// `specsplit rules show DIR`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a readable summary of a rule set: identity, checksum, service lines, rules, code counts."
        )

        @Argument(help: "The rule set directory.")
        var directory: String

        func run() throws {
            print(try loadOrExit(directory, problemsTo: .standardError).report)
        }
    }
}

/// Where to print the problems of an invalid rule set.
enum ProblemOutput { case standardOutput, standardError }

/// Loads a rule set, or prints every problem and exits 78 (configuration error).
func loadOrExit(_ directory: String, problemsTo output: ProblemOutput) throws -> RuleSet {
    do {
        return try RuleSet.load(directory: directory)
    } catch let error as RuleSetInvalid {
        for problem in error.problems {
            if output == .standardOutput { print(problem.description) } else { printError(problem.description) }
        }
        let noun = error.problems.count == 1 ? "problem" : "problems"
        printError("\(directory): rule set is invalid (\(error.problems.count) \(noun))")
        throw ExitCode(78)
    }
}
