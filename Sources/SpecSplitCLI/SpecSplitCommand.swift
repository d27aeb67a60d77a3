import ArgumentParser
import SpecSplit

/// `specsplit`: split NHS contract activity into specialised, non-specialised, prison and
/// military activity by the national algorithm.
@main
struct SpecSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specsplit",
        abstract: "Split NHS contract activity the national way: specialised, non-specialised, prison, military.",
        version: BuildInfo.versionLine,
        subcommands: [Split.self, Inspect.self, Rules.self, Explain.self, Generate.self]
    )
}
