import ArgumentParser
import SpecSplit

/// `specsplit explain --rules DIR FILE --line N`: why one row got its result.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one row: every rule tested, the first failing condition of each, and the result.",
        discussion: ExitCodes.section([0, 64, 65, 66, 74, 78])
    )

    @Option(help: "The rule set directory.")
    var rules: String

    @Option(help: "The physical line of the row in FILE (as in error messages and outputs).")
    var line: Int

    @OptionGroup var mapping: MappingOptions

    @Argument(help: "The extract (plain or gzip).")
    var file: String

    func validate() throws {
        if line < 2 { throw ValidationError("--line must be 2 or more: line 1 is the header") }
    }

    func run() throws {
        let compiled = CompiledRuleSet(try loadOrExit(rules, problemsTo: .standardError))
        let result = try RowExplanation.run(
            rules: compiled, path: file, line: line, overrides: try mapping.overrides(), shape: mapping.shape)
        print(result.description)
    }
}
