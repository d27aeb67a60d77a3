import ArgumentParser
import Foundation
import SpecSplit

#if canImport(Glibc)
    import Glibc
#endif

/// `specsplit classify`: one stream of classified rows on standard output, for pipes and
/// for engines (Spark) that run the classifier as one stage.
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify rows from files or standard input and write them, classified, to standard output.",
        discussion: """
            Each row is written with its own columns unchanged, then contract, split_category, service_line, npoc, \
            service_group, matched_rules and ruleset. Rejected rows go to --rejects, logs to standard error, control \
            totals to --totals. Exit codes: 0 success, 64 usage, 65 data errors over --max-rejects, 66 input missing, \
            70 reconciliation failed, 74 standard output or a file cannot be written, 78 rule set or config invalid.
            """
    )

    @Option(help: "The rule set directory (one financial year).")
    var rules: String?

    @Argument(help: "Input extracts with the same columns: plain or gzip CSV; - (the default) for standard input.")
    var inputs: [String] = []

    @OptionGroup var mapping: MappingOptions

    @Option(help: "What a contract is: provider-commissioner or provider-commissioner-contract.")
    var contractKey: ContractKeyMode?

    @Option(help: "Rejected rows allowed before the run fails with 65 (default 0).")
    var maxRejects: Int?

    @Option(help: "Where rejected rows go, with line and reason (never standard output or standard error).")
    var rejects: String?

    @Option(help: "Control totals of what was read, written and rejected, per contract: a .json or .csv file.")
    var totals: String?

    @Option(
        help:
            "A summary of the rows written (by contract, category, service and HRG), in the columns of a split's summary.csv."
    )
    var summaryCsv: String?

    @Option(help: "The input carries no header: these are its columns (one CSV record: \"A,B,...\").")
    var columns: String?

    @Option(help: "The input carries no header: its columns are the first row of FILE.")
    var headerFrom: String?

    @Flag(help: "Write no header line to standard output.")
    var noHeader = false

    @Flag(help: "Print how the columns map to fields (JSON) and read no rows.")
    var describe = false

    @Option(
        help:
            "A TOML file holding rules, inputs, map, shape, contract_key, max_rejects, rejects or log_level; flags override it."
    )
    var config: String?

    @Flag(help: "Parse, classify and write on one thread (slower; for debugging).")
    var sequential = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must be 0 or more") }
        if columns != nil && headerFrom != nil {
            throw ValidationError("give the columns with --columns or --header-from, not both")
        }
        if let totals, !totals.lowercased().hasSuffix(".json") && !totals.lowercased().hasSuffix(".csv") {
            throw ValidationError(
                "--totals \(totals): name a file ending in .json or .csv (the extension chooses the format)")
        }
    }

    func run() throws {
        Cancellation.install()
        // A reader that goes away must fail the run (74), not kill it silently.
        signal(SIGPIPE, SIG_IGN)
        let file = try config.map(SplitConfig.load) ?? SplitConfig()
        let logger = logging.bootstrap(configLevel: file.logLevel, configQuiet: file.quiet)
        guard let rulesDirectory = rules ?? file.rules else {
            throw ValidationError("give the rule set with --rules DIR (or rules = in --config)")
        }
        let inputPaths = inputs.isEmpty ? (file.inputs ?? ["-"]) : inputs
        var options = ClassifyOptions(rulesDirectory: rulesDirectory, inputs: inputPaths)
        options.overrides = file.map.merging(try mapping.overrides()) { _, flag in flag }
        options.shape = mapping.shape ?? file.shape
        options.contractKey = contractKey ?? file.contractKey ?? .providerCommissioner
        options.maxRejects = maxRejects ?? file.maxRejects ?? 0
        options.rejectsPath = rejects ?? file.rejects
        if options.maxRejects > 0 && options.rejectsPath == nil {
            throw ValidationError(
                "--max-rejects \(options.maxRejects) lets rows be rejected: give --rejects PATH so they are kept")
        }
        options.totalsPath = totals
        options.summaryPath = summaryCsv
        options.writeHeader = !noHeader
        if let limit = file.maxFieldBytes { options.readOptions.maxFieldBytes = limit }
        if let columns {
            options.readOptions.header = try ClassifyOptions.parseColumns(columns)
        } else if let headerFrom {
            options.readOptions.header = try CSVReader(path: headerFrom).header
        }
        options.parallel = !sequential

        let job = ClassifyJob(options: options, logger: logger)
        if describe {
            FileHandle.standardOutput.write(try job.describe().json())
            return
        }
        try job.run()
    }
}
