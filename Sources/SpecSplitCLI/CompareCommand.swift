import ArgumentParser
import Foundation
import Logging
import SpecSplit

/// `specsplit compare`: the financial effect of a new year's rules, contract by contract.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Classify extracts under an old and a new rule set in one read: what moves, where, and how much money goes with it.",
        discussion: """
            Publishes OUT/movements.csv, movements-by-service.csv, movements-by-rule.csv, changed-rows.csv, \
            contracts.csv, rules-diff.csv, control-totals.csv, quality.csv, rejects.csv and manifest.json atomically, like a split: OUT is \
            the previous output or the complete new one, never a mix. Takes the split's input options; --config \
            names the rule sets with the keys from and to. Both rule sets are checked before any input is read \
            (78 names the one that fails). With --quiet a successful run prints nothing.

            """ + ExitCodes.section(ExitCodes.job)
    )

    @Option(help: "The old rule set directory (e.g. last year's).")
    var from: String?

    @Option(help: "The new rule set directory.")
    var to: String?

    @Option(help: "The output directory, published atomically.")
    var out: String?

    @Argument(help: "Input extracts: plain or gzip CSV; - for standard input.")
    var inputs: [String] = []

    @OptionGroup var mapping: MappingOptions

    @Option(help: "What a contract is: provider-commissioner or provider-commissioner-contract.")
    var contractKey: ContractKeyMode?

    @Option(help: "Rejected rows allowed before the run fails with 65 (default 0).")
    var maxRejects: Int?

    @Option(
        help:
            "Physical lines the rejected rows may span together before the run fails with 65 (default: the --max-rejects value); catches a stray quote that swallows many lines into one row."
    )
    var maxRejectLines: Int?

    @Option(
        help:
            "Also write a copy of the rejects file here (they are always in OUT/rejects.csv, or OUT.failed/rejects.csv when the run fails)."
    )
    var rejects: String?

    @Flag(help: "Replace OUT if it is an earlier specsplit output or an empty directory (anything else is refused).")
    var force = false

    @Option(
        help: ArgumentHelp(
            "The digest the manifest records for every input and output: sha256 (the default) or xxh3-128 (config: digest).",
            discussion: "xxh3-128 takes a seventh less CPU on narrow extracts and catches any accidental change as well, but it is not cryptographic: keep sha256 where the manifest must prove files were not altered. With xxh3-128 each sha256 key in the manifest is empty and an xxh3_128 key holds the digest, as xxh128sum prints it."))
    var digest: DigestAlgorithm?

    @Flag(help: "Also publish an HTML report and a workbook in OUT/report/ (config: report = true).")
    var report = false

    @Flag(
        help:
            "Let an input named twice, or two inputs with the same content, through (each counted); refused otherwise.")
    var allowDuplicateInputs = false

    @Option(help: "A TOML file holding any of these options (from, to, out, inputs, ...); flags override it.")
    var config: String?

    @Option(help: "Where to write the manifest as well once OUT is published (- for standard output).")
    var summary: String?

    @Option(
        help: "A JSON status file: running when the run starts, then succeeded or failed, with the exit code and why.")
    var status: String?

    @Option(help: "The longest field accepted, in bytes (default 64 MiB); longer means a quote never closed.")
    var maxFieldBytes: Int?

    @Option(
        help:
            "Threads that parse and classify (default: the cores available). A plain file is read in blocks on that many threads at once; the output is the same whatever the number."
    )
    var threads: Int?

    @Flag(help: "Everything on one thread: the same as --threads 1 (for debugging, and for measuring one core).")
    var sequential = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must be 0 or more") }
        if let maxRejectLines, maxRejectLines < 0 { throw ValidationError("--max-reject-lines must be 0 or more") }
        if let maxFieldBytes, maxFieldBytes < 1 { throw ValidationError("--max-field-bytes must be 1 or more") }
        if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
        if sequential, let threads, threads != 1 {
            throw ValidationError("--sequential is --threads 1: give one or the other")
        }
    }

    func run() throws {
        Cancellation.install()
        let monitor = JobMonitor()
        // The config is read before the status file is written: the status path must first
        // be checked against every input and both rule sets, which the config may name.
        let loaded = Result { try config.map(SplitConfig.load) ?? SplitConfig() }
        let known = (try? loaded.get()) ?? SplitConfig()
        var reporter: StatusReporter?
        if let path = status ?? known.status {
            let inputPaths = inputs.isEmpty ? (known.inputs ?? []) : inputs
            for rules in [from ?? known.from, to ?? known.to] {
                try SplitJob.checkSideOutput(
                    path, as: "--status", inputs: inputPaths, rules: rules, out: out ?? known.out)
            }
            reporter = try StatusReporter(path: path, command: "compare", monitor: monitor)
        }
        var job: CompareJob?
        do {
            let file = try loaded.get()
            let logger = logging.bootstrap(
                configLevel: file.logLevel, configQuiet: file.quiet,
                configFormat: file.logFormat.flatMap(LogFormat.init(rawValue:)))
            var options = try options(file)
            options.statusPath = reporter?.path
            try reporter?.outputs(directory: options.outputDirectory, rejects: options.publishedRejectsPath)

            let run = CompareJob(options: options, logger: logger, monitor: monitor)
            job = run
            let bar = ProgressBar(enabled: !logging.isQuiet(configQuiet: file.quiet))
            run.progress = bar.update
            let result: CompareResult
            do { result = try run.run() } catch {
                bar.finish()
                throw error
            }
            bar.finish()
            let totals = result.manifest.totals
            logger.info(
                "wrote \(result.outputDirectory): \(result.manifest.contracts) contracts; rows read \(totals.rowsRead), compared \(totals.rowsWritten), rejected \(totals.rowsRejected); \(result.manifest.changedRows) changed",
                metadata: [
                    "out": "\(result.outputDirectory)", "rejects": "\(result.rejectsPath)",
                    "contracts": "\(result.manifest.contracts)",
                    "rows_read": "\(totals.rowsRead)", "rows_written": "\(totals.rowsWritten)",
                    "rows_rejected": "\(totals.rowsRejected)",
                    "rows_changed": "\(result.manifest.changedRows)",
                ])
            try reporter?.succeeded()
        } catch {
            if let kept = job?.keptRejectsPath { reporter?.rejects(kept) }
            reporter?.failed(error)
            throw error
        }
    }

    /// The run's options: the config file's, overridden by the flags.
    private func options(_ file: SplitConfig) throws -> CompareOptions {
        if file.rules != nil && (from ?? file.from) == nil {
            throw ValidationError(
                "the config file names rules =, a split's key: a comparison takes from = and to = (the old and new rule sets)"
            )
        }
        if file.provenance == true {
            throw ValidationError(
                "provenance = true is a key of specsplit split: a comparison writes no split files to add source and line to; remove it from the config file"
            )
        }
        guard let fromRules = from ?? file.from else {
            throw ValidationError("give the old rule set with --from DIR (or from = in --config)")
        }
        guard let toRules = to ?? file.to else {
            throw ValidationError("give the new rule set with --to DIR (or to = in --config)")
        }
        guard let outputDirectory = out ?? file.out else {
            throw ValidationError("give the output directory with --out DIR (or out = in --config)")
        }
        let inputPaths = inputs.isEmpty ? (file.inputs ?? []) : inputs
        guard !inputPaths.isEmpty else {
            throw ValidationError("name at least one input file (or inputs = in --config)")
        }
        var options = CompareOptions(
            fromRules: fromRules, toRules: toRules, outputDirectory: outputDirectory, inputs: inputPaths)
        options.overrides = file.map.merging(try mapping.overrides()) { _, flag in flag }
        options.shape = mapping.shape ?? file.shape
        options.contractKey = contractKey ?? file.contractKey ?? .providerCommissioner
        options.maxRejects = maxRejects ?? file.maxRejects ?? 0
        options.maxRejectLines = maxRejectLines ?? file.maxRejectLines
        options.rejectsPath = rejects ?? file.rejects
        options.summaryPath = summary ?? file.summary
        options.force = force || (file.force ?? false)
        options.report = report || (file.report ?? false)
        options.digest = digest ?? file.digest ?? .sha256
        options.allowDuplicateInputs = allowDuplicateInputs || (file.allowDuplicateInputs ?? false)
        options.allowPartialMapping = mapping.allowPartialMapping || (file.allowPartialMapping ?? false)
        if let limit = maxFieldBytes ?? file.maxFieldBytes { options.readOptions.maxFieldBytes = limit }
        if sequential || (file.sequential ?? false) {
            options.threads = 1
        } else if let count = threads ?? file.threads {
            options.threads = count
        }
        if let bytes = ProcessInfo.processInfo.environment["SPECSPLIT_BLOCK_BYTES"].flatMap(Int.init), bytes > 0 {
            options.blockBytes = bytes  // small blocks put many block edges in a test's small file
        }
        return options
    }
}
