/// Everything a comparison run needs to know: the two rule sets, and the same input and
/// output options as a split (``SplitOptions``). The command line and a TOML config file
/// (keys `from` and `to` for the rule sets) both fill this; flags override the file.
public struct CompareOptions: Sendable {
    /// The old rule set directory (`--from`, e.g. last year's).
    public var fromRules: String
    /// The new rule set directory (`--to`).
    public var toRules: String
    /// Where the results are published (atomically).
    public var outputDirectory: String
    /// Input extracts, in order (`-` for standard input).
    public var inputs: [String]
    /// `field -> column` overrides of the header mapping.
    public var overrides: [Field: String] = [:]
    /// The shape of every input, when it cannot be recognised.
    public var shape: ExtractShape? = nil
    /// What a contract is.
    public var contractKey: ContractKeyMode = .providerCommissioner
    /// Rejected rows allowed before the run fails (exit 65).
    public var maxRejects: Int = 0
    /// Physical lines the rejected records may span together before the run fails (exit
    /// 65); nil for the same number as ``maxRejects``.
    public var maxRejectLines: Int? = nil
    /// Where to write a copy of the rejects file, besides `rejects.csv` inside the output
    /// (or inside `OUT.failed` when the run fails); nil for no copy.
    public var rejectsPath: String? = nil
    /// Where the manifest is also written after publication (`-` for standard output); nil
    /// for nowhere.
    public var summaryPath: String? = nil
    /// The status file a scheduler reads (written by the caller, not the job); nil for none.
    /// Checked with the other output paths: never on an input, a rule set, or inside OUT.
    public var statusPath: String? = nil
    /// Let an input named twice (or two inputs with the same content) through, counted
    /// each time; refused (64) otherwise.
    public var allowDuplicateInputs = false
    /// Replace an existing output directory: only an earlier specsplit output or an empty
    /// directory.
    public var force = false
    /// Also publish the HTML report and workbook in `OUT/report/` (`--report`).
    public var report = false
    /// Accept mappings that are only partly right as warnings instead of refusing the
    /// input (`--allow-partial-mapping`), as a split does.
    public var allowPartialMapping = false
    /// Reader options (chunk and batch sizes, field size limit).
    public var readOptions = CSVReadOptions()
    /// Threads that parse, normalise and classify (the default: the cores available), as in
    /// a split (``SplitOptions/threads``); 1 does everything on one thread.
    public var threads = PipelineOptions.availableCores
    /// The size of the blocks a plain file is cut into when read on several threads (the
    /// split's default, ``SplitOptions/blockBytes``).
    public var blockBytes = SplitOptions(rulesDirectory: "", outputDirectory: "", inputs: []).blockBytes
    /// The digest the manifest records for every input and output (`--digest`), as in a split.
    public var digest = DigestAlgorithm.sha256

    /// Whether anything runs beside the calling thread (`threads > 1`).
    public var parallel: Bool {
        get { threads > 1 }
        set { threads = newValue ? max(threads, 2) : 1 }
    }

    /// Options for comparing, over `inputs`, the rule set `fromRules` with `toRules`,
    /// publishing into `outputDirectory`.
    public init(fromRules: String, toRules: String, outputDirectory: String, inputs: [String]) {
        self.fromRules = fromRules
        self.toRules = toRules
        self.outputDirectory = outputDirectory
        self.inputs = inputs
    }

    /// The split that reads the same inputs into the same output with the new rule set:
    /// how the input, rejects and pipeline options are interpreted is the split's, in one
    /// place.
    public var split: SplitOptions {
        var options = SplitOptions(rulesDirectory: toRules, outputDirectory: outputDirectory, inputs: inputs)
        options.overrides = overrides
        options.shape = shape
        options.contractKey = contractKey
        options.maxRejects = maxRejects
        options.maxRejectLines = maxRejectLines
        options.rejectsPath = rejectsPath
        options.summaryPath = summaryPath
        options.statusPath = statusPath
        options.allowDuplicateInputs = allowDuplicateInputs
        options.force = force
        options.allowPartialMapping = allowPartialMapping
        options.readOptions = readOptions
        options.threads = threads
        options.blockBytes = blockBytes
        options.digest = digest
        return options
    }

    /// Where the rejects are once the run is published: `OUT/rejects.csv` (a failed run
    /// keeps them in `OUT.failed/rejects.csv`).
    public var publishedRejectsPath: String { split.publishedRejectsPath }

    /// How the pipeline reads.
    public var pipelineOptions: PipelineOptions { split.pipelineOptions }
}
