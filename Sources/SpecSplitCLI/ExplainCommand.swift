import ArgumentParser
import SpecSplit

/// `specsplit explain --rules DIR FILE --line N --id ID`: why rows got their results.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Explain rows: every rule tested, what made each fire or the first condition that failed, each rule's description, and the rule that decided.",
        discussion: """
            Name rows by physical line (--line, as in error messages and the split's line column) or by \
            id (--id: the spell, episode, attendance or line id, whichever the extract has), each as often as \
            needed. --config reads the rules, [map] and shape of a split's config file. Exits 65 when a row \
            asked about cannot be explained (after explaining the others).
            """ + "\n\n" + ExitCodes.section([0, 64, 65, 66, 74, 78])
    )

    @Option(help: "The rule set directory (or rules = in --config).")
    var rules: String?

    @Option(name: .customLong("line"), help: "The physical line of a row in FILE (repeatable).")
    var lines: [Int] = []

    @Option(name: .customLong("id"), help: "The spell, episode, attendance or line id of a row (repeatable).")
    var ids: [String] = []

    @Option(help: "A split's TOML config file: its rules, [map] and shape are used; flags override it.")
    var config: String?

    @OptionGroup var mapping: MappingOptions

    @Argument(help: "The extract (plain or gzip); by default the one input of --config.")
    var file: String?

    func validate() throws {
        if lines.isEmpty && ids.isEmpty { throw ValidationError("name a row with --line N or --id ID") }
        if let line = lines.first(where: { $0 < 2 }) {
            throw ValidationError("--line \(line): lines start at 2 (line 1 is the header)")
        }
    }

    func run() throws {
        let file = try self.config.map(SplitConfig.load) ?? SplitConfig()
        guard let rulesDirectory = rules ?? file.rules else {
            throw ValidationError("give the rule set with --rules DIR (or rules = in --config)")
        }
        guard let path = self.file ?? (file.inputs?.count == 1 ? file.inputs?.first : nil) else {
            throw ValidationError("name the extract to explain (FILE)")
        }
        let compiled = CompiledRuleSet(try loadOrExit(rulesDirectory, problemsTo: .standardError))
        let targets = lines.map(RowExplanation.Target.line) + ids.map(RowExplanation.Target.id)
        let results = try RowExplanation.run(
            rules: compiled, path: path, targets: targets,
            overrides: file.map.merging(try mapping.overrides()) { _, flag in flag },
            shape: mapping.shape ?? file.shape)
        if !mapping.allowPartialMapping {
            for problem in results.mappingProblems {
                printError("warning: split would refuse this mapping: \(problem.description)")
            }
        }
        if !results.explanations.isEmpty { print(results.explanations.map(\.description).joined(separator: "\n\n")) }
        for failure in results.failures { printError(failure.description) }
        if !results.failures.isEmpty {
            throw ReportedFailure(
                description: "\(results.failures.count) of the rows asked about could not be explained (above)",
                exitCode: ExitStatus.data)
        }
    }
}
