import ArgumentParser
import Foundation
import SpecSplit

extension Rules {
    /// `specsplit rules diff OLD NEW`.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print what changed between two rule sets as CSV: table,key,change,column,old,new,old_location,new_location.",
            discussion: """
                One line a change: rules (each column, and the order of local rules), code-set members, service \
                lines and ranks, practices, prison postcodes, service groups, points of delivery and categories. \
                Exits 0 whether or not there are differences, 78 when a rule set is invalid (naming which).


                """ + ExitCodes.section([0, 64, 74, 78])
        )

        @Argument(help: "The old rule set (e.g. last year's).")
        var old: String

        @Argument(help: "The new rule set.")
        var new: String

        func run() throws {
            let before = try load(old, role: "OLD")
            let after = try load(new, role: "NEW")
            try StandardStreams.write(Data(RuleSetDiff(old: before, new: after).csv))
        }

        private func load(_ directory: String, role: String) throws -> RuleSet {
            do {
                return try RuleSet.load(directory: directory)
            } catch let error as RuleSetInvalid {
                for problem in error.problems { printError(problem.description) }
                let noun = error.problems.count == 1 ? "problem" : "problems"
                throw ReportedFailure(
                    description: "\(role) rule set \(directory) is invalid (\(error.problems.count) \(noun)): nothing compared",
                    exitCode: error.exitCode)
            }
        }
    }
}
