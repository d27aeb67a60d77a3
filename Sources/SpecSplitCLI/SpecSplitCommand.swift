import ArgumentParser
import Foundation
import SpecSplit

/// `specsplit`: split NHS contract activity into specialised, non-specialised, prison and
/// military activity by the national algorithm.
@main
struct SpecSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specsplit",
        abstract: "Split NHS contract activity the national way: specialised, non-specialised, prison, military.",
        discussion: "Each command's help lists its exit codes. In all:\n\n" + ExitCodes.section(ExitCodes.job),
        version: BuildInfo.versionLine,
        subcommands: [
            Split.self, Compare.self, Inspect.self, Rules.self, Explain.self, Generate.self, Classify.self, Report.self,
        ]
    )

    /// Parses the arguments and runs the command, turning any error into its message and
    /// exit code here, once: commands just throw.
    static func main() {
        StandardStreams.secure()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
            try StandardStreams.flush()  // what was printed reached standard output, or the run fails
        } catch let error as SpecSplitError {
            Console.shared.report(error)
            Foundation.exit(error.exitCode)
        } catch let error as ValidationError {
            // A usage error found while running: shown with that subcommand's usage.
            let subcommand = type(of: command)
            let usage = usageString(for: subcommand)
            Console.shared.usageError(
                error.message, usage: usage, help: "See 'specsplit help \(subcommand._commandName)' for more information.")
            Foundation.exit(ExitStatus.usage)
        } catch {
            exit(withError: error)
        }
    }
}
