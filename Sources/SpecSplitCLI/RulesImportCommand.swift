import ArgumentParser
import Foundation
import SpecSplit

extension Rules {
    /// `specsplit rules import WORKBOOK --out DIR --year YYYY/YY`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import a year's rules workbook (.xlsx, or a directory of its tables exported to CSV) as a rule set.",
            discussion: """
                The workbook is read through a mapping (--mapping FILE, or the built-in one: `specsplit rules \
                mapping` prints it; its code-list part is provisional). The local rules, practices, prison \
                postcodes, service groups and points of delivery come from --local-rules. The rule set written \
                passes `rules check`, and its ruleset.toml records the workbook, its sha256, the sheets read, \
                the mapping and the local rules' origin. Exits 64 on bad flags, 66 when the workbook is missing \
                or unreadable, 73 when --out exists without --force, 78 when the workbook, the mapping or the \
                local rules are invalid (every problem with its sheet, row and column; nothing is written).


                """ + ExitCodes.section([0, 64, 65, 66, 73, 74, 78])
        )

        @Argument(help: "The rules workbook: an .xlsx file, or a directory of its tables as CSV files.")
        var workbook: String

        @Option(help: "The rule set directory to write.")
        var out: String

        @Option(help: "The financial year of the rules (2013/14).")
        var year: String

        @Option(help: "A mapping file (TOML) for a workbook whose sheets or headers differ from the built-in mapping.")
        var mapping: String?

        @Option(
            help:
                "The rule set whose local rules, practices, prison postcodes, service groups and points of delivery to take."
        )
        var localRules: String?

        @Option(help: "The rule set's name (default: National rules YEAR, imported from WORKBOOK).")
        var name: String?

        @Flag(help: "The workbook is the official published one: write illustrative = false.")
        var official = false

        @Flag(help: "Replace --out if it exists.")
        var force = false

        func validate() throws {
            let parts = year.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let first = Int(parts[0]),
                let second = Int(parts[1]), (first + 1) % 100 == second
            else { throw ValidationError("--year must be a financial year written like 2013/14") }
        }

        func run() throws {
            let chosen: ImportMapping
            if let path = mapping {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ReadError.cannotOpen(path: path, reason: "cannot read the mapping file")
                }
                chosen = try ImportMapping.parse(String(decoding: data, as: UTF8.self), name: (path as NSString).lastPathComponent)
            } else {
                chosen = .builtIn
            }
            print(
                "mapping: \(chosen.name == "built-in" ? "built-in (its code lists are provisional: see docs/rules.md)" : chosen.name)"
            )
            let local = try localRules.map { (ruleSet: try loadOrExit($0, problemsTo: .standardError), path: $0) }
            let book = try openWorkbook(workbook)
            let checksum = try RuleSetChecksum.of(path: workbook)
            let file = (workbook as NSString).lastPathComponent
            do {
                let imported = try RuleSetImport(
                    workbook: book, mapping: chosen,
                    options: .init(
                        financialYear: year, name: name, official: official, localRules: local,
                        workbookName: file, workbookSHA256: checksum))
                for note in imported.notes { printError("note: " + note) }
                let written = try imported.publish(to: out, replace: force)
                let national = written.rules.filter { $0.stage == .national }.count
                print("sheets read: \(imported.sheetsRead.joined(separator: ", "))")
                print(
                    "wrote \(out): \(written.name): \(written.rules.count) rules (\(national) national, \(written.rules.count - national) local), \(written.serviceLines.count) service lines, \(written.codeSets.count) code sets, sha256 \(written.checksum)"
                )
            } catch let error as RuleSetImportInvalid {
                // Every problem on a line of its own, then what it means.
                for problem in error.problems { printError(problem.description) }
                throw ReportedFailure(
                    description: "\(workbook): cannot be imported (\(error.problems.count) \(error.problems.count == 1 ? "problem" : "problems")); nothing was written",
                    exitCode: error.exitCode)
            } catch let error as RuleSetInvalid {
                for problem in error.problems { printError(problem.description) }
                throw ReportedFailure(
                    description: "\(out): the imported rule set does not pass rules check; nothing was written",
                    exitCode: error.exitCode)
            }
        }
    }

    /// `specsplit rules mapping`: the built-in import mapping, to start one's own from.
    struct Mapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the built-in mapping of `rules import` (TOML), to copy and adapt for a workbook whose sheets or headers differ.",
            discussion: ExitCodes.section([0, 64])
        )

        func run() { print(ImportMapping.defaultText, terminator: "\n") }
    }
}
