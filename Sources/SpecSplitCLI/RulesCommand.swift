import ArgumentParser
import SpecSplit
import SpecSplitSynthetic

/// `specsplit rules check|show DIR`: validate or summarise a rule set; `rules scale`:
/// write a larger synthetic one.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check, show, scale, import or compare rule sets (one financial year's rules directory each).",
        subcommands: [Check.self, Show.self, Scale.self, Import.self, Mapping.self, Diff.self]
    )

    /// `specsplit rules check DIR`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rule set; print each problem as CodeType|Code|Error Description (file:line, column).",
            discussion: """
                Exits 0 when the rule set is valid, 78 when it is not. A valid rule set prints one OK line, \
                then a `warning:` line for each thing worth fixing (a dotted code) and a `default:` line for \
                each file, column or key left out and the default used instead.
                """ + "\n\n" + ExitCodes.section([0, 64, 78])
        )

        @Argument(help: "The rule set directory (e.g. sample-data/rules/2012-13).")
        var directory: String

        func run() throws {
            let ruleSet = try loadOrExit(directory, problemsTo: .standardOutput)
            let national = ruleSet.rules.filter { $0.stage == .national }.count
            print("OK: \(ruleSet.name) (financial year \(ruleSet.financialYear)): \(ruleSet.rules.count) rules (\(national) national, \(ruleSet.rules.count - national) local), \(ruleSet.serviceLines.count) service lines, \(ruleSet.codeSets.count) code sets, sha256 \(ruleSet.checksum)")
            for warning in ruleSet.warnings { print("warning: \(warning.description)") }
            for used in ruleSet.defaults { print("default: \(used.description)") }
        }
    }

    /// `specsplit rules show DIR`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a readable summary of a rule set: identity, checksum, service lines, rules, code counts.",
            discussion: ExitCodes.section([0, 64, 78])
        )

        @Argument(help: "The rule set directory.")
        var directory: String

        func run() throws {
            print(try loadOrExit(directory, problemsTo: .standardError).report)
        }
    }
}

extension Rules {
    /// `specsplit rules scale SOURCE --out DIR`.
    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a larger synthetic rule set for benchmarks: SOURCE plus synthetic national rules, service lines and code sets.",
            discussion: """
                The same arguments always give the same files. The rule set written says in its name and \
                description that it is synthetic: it is not for contract work. Exits 64 on bad flags or a \
                size whose synthetic codes would run out (about 20,000 codes), 73 when --out exists without \
                --force, 78 when SOURCE is not a valid rule set.


                """ + ExitCodes.section([0, 64, 73, 74, 78])
        )

        @Argument(help: "The rule set to start from (e.g. sample-data/rules/2012-13).")
        var source: String

        @Option(help: "Rules in all, SOURCE's included.")
        var rules = 500

        @Option(help: "Distinct trigger codes to aim for, in all.")
        var codes = 20_000

        @Option(help: "Seed of the pseudo-random stream.")
        var seed: UInt64 = 1

        @Option(help: "The rule set directory to write.")
        var out: String

        @Flag(help: "Replace --out if it exists.")
        var force = false

        func validate() throws {
            if rules < 1 { throw ValidationError("--rules must be 1 or more") }
            if codes < 1 { throw ValidationError("--codes must be 1 or more") }
        }

        func run() throws {
            let base = try loadOrExit(source, problemsTo: .standardError)
            guard rules > base.rules.count else {
                throw ValidationError("--rules \(rules) is not more than the \(base.rules.count) rules of \(source), which are all kept")
            }
            if let problem = RuleSet.scaledLimitProblem(base: base, rules: rules, codes: codes) {
                throw ValidationError(problem)
            }
            try RuleSet.scaled(base: base, rules: rules, codes: codes, seed: seed).write(to: out, replace: force)
            let written = try loadOrExit(out, problemsTo: .standardError)
            let codeCount = written.codeSets.values.reduce(0) { $0 + $1.count }
            print("wrote \(out): \(written.name): \(written.rules.count) rules, \(written.codeSets.count) code sets, \(codeCount) codes, sha256 \(written.checksum)")
        }
    }
}

/// Where to print the problems of an invalid rule set.
enum ProblemOutput { case standardOutput, standardError }

/// Loads a rule set. When it is invalid, every problem is printed (on standard output for
/// `rules check`, whose output they are; otherwise as error lines on standard error) and the
/// command fails with 78 (configuration error).
func loadOrExit(_ directory: String, problemsTo output: ProblemOutput) throws -> RuleSet {
    do {
        return try RuleSet.load(directory: directory)
    } catch let error as RuleSetInvalid {
        guard output == .standardOutput else { throw error }
        for problem in error.problems { print(problem.description) }
        let noun = error.problems.count == 1 ? "problem" : "problems"
        throw ReportedFailure(
            description: "\(directory): rule set is invalid (\(error.problems.count) \(noun))", exitCode: error.exitCode)
    }
}
