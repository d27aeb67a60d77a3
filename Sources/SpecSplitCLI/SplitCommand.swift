import ArgumentParser
import Foundation
import Logging
import SpecSplit

/// `specsplit split`: the main job.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split extracts into per-contract specialised, non-specialised, prison and military files.",
        discussion: """
            Publishes OUT/contracts/<contract>/<category>.csv, summary.csv, control-totals.csv, quality.csv, \
            rejects.csv and manifest.json atomically; a failed run leaves OUT as it was and keeps its rejects \
            and the reason in OUT.failed/. Exit codes: 0 success, 64 usage (also an output on an input, a \
            repeated input), 65 data errors over --max-rejects or --max-reject-lines, 66 input missing, \
            70 reconciliation failed, 73 output cannot be created (exists, locked, not an earlier specsplit \
            output, a symbolic link), 74 output cannot be written, 78 rule set or config invalid, \
            129/130/141/143 interrupted (SIGHUP, SIGINT, SIGPIPE, SIGTERM).
            """
    )

    @Option(help: "The rule set directory (one financial year).")
    var rules: String?

    @Option(help: "The output directory, published atomically.")
    var out: String?

    @Argument(help: "Input extracts: plain or gzip CSV; - for standard input.")
    var inputs: [String] = []

    @OptionGroup var mapping: MappingOptions

    @Option(help: "What a contract is: provider-commissioner or provider-commissioner-contract.")
    var contractKey: ContractKeyMode?

    @Option(help: "Rejected rows allowed before the run fails with 65 (default 0).")
    var maxRejects: Int?

    @Option(help: "Physical lines the rejected rows may span together before the run fails with 65 (default: the --max-rejects value); catches a stray quote that swallows many lines into one row.")
    var maxRejectLines: Int?

    @Option(help: "Also write a copy of the rejects file here (they are always in OUT/rejects.csv, or OUT.failed/rejects.csv when the run fails).")
    var rejects: String?

    @Flag(help: "Replace OUT if it is an earlier specsplit output or an empty directory (anything else is refused).")
    var force = false

    @Flag(help: "Let an input named twice, or two inputs with the same content, through (each counted); refused otherwise.")
    var allowDuplicateInputs = false

    @Option(help: "A TOML file holding any of these options; flags override it.")
    var config: String?

    @Option(help: "Where to write the manifest as well once OUT is published (- for standard output).")
    var summary: String?

    @Option(help: "Open output files at most (default: the open-files limit, raised to its hard limit, less 128).")
    var maxOpenFiles: Int?

    @Option(help: "Memory for output buffers, in MiB (default 64). Lower it to cap peak memory when there are thousands of contracts.")
    var outputMemory: Int?

    @Flag(help: "Parse and classify on one thread (slower; for debugging).")
    var sequential = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must be 0 or more") }
        if let maxRejectLines, maxRejectLines < 0 { throw ValidationError("--max-reject-lines must be 0 or more") }
        if let maxOpenFiles, maxOpenFiles < 1 { throw ValidationError("--max-open-files must be 1 or more") }
        if let outputMemory, outputMemory < 1 { throw ValidationError("--output-memory must be 1 (MiB) or more") }
    }

    func run() throws {
        Cancellation.install()
        let file = try config.map(SplitConfig.load) ?? SplitConfig()
        let logger = logging.bootstrap(configLevel: file.logLevel, configQuiet: file.quiet)
        guard let rulesDirectory = rules ?? file.rules else { throw ValidationError("give the rule set with --rules DIR (or rules = in --config)") }
        guard let outputDirectory = out ?? file.out else { throw ValidationError("give the output directory with --out DIR (or out = in --config)") }
        let inputPaths = inputs.isEmpty ? (file.inputs ?? []) : inputs
        guard !inputPaths.isEmpty else { throw ValidationError("name at least one input file (or inputs = in --config)") }
        var options = SplitOptions(rulesDirectory: rulesDirectory, outputDirectory: outputDirectory, inputs: inputPaths)
        options.overrides = file.map.merging(try mapping.overrides()) { _, flag in flag }
        options.shape = mapping.shape ?? file.shape
        options.contractKey = contractKey ?? file.contractKey ?? .providerCommissioner
        options.maxRejects = maxRejects ?? file.maxRejects ?? 0
        options.maxRejectLines = maxRejectLines ?? file.maxRejectLines
        options.rejectsPath = rejects ?? file.rejects
        options.summaryPath = summary
        options.force = force || (file.force ?? false)
        options.allowDuplicateInputs = allowDuplicateInputs || (file.allowDuplicateInputs ?? false)
        options.maxOpenFiles = maxOpenFiles ?? file.maxOpenFiles
        if let mebibytes = outputMemory ?? file.outputMemory { options.outputMemoryBudget = mebibytes << 20 }
        if let limit = file.maxFieldBytes { options.readOptions.maxFieldBytes = limit }
        options.parallel = !sequential

        let job = SplitJob(options: options, logger: logger)
        let bar = ProgressBar(enabled: !logging.isQuiet(configQuiet: file.quiet))
        job.progress = bar.update
        let result: SplitResult
        do { result = try job.run() } catch {
            bar.clear()
            throw error
        }
        bar.clear()
        printError("wrote \(result.outputDirectory) (\(result.manifest.contracts) contracts; rows read \(result.manifest.totals.rowsRead), written \(result.manifest.totals.rowsWritten), rejected \(result.manifest.totals.rowsRejected); rejects file \(result.rejectsPath))")
    }
}

extension ContractKeyMode: ExpressibleByArgument {}
