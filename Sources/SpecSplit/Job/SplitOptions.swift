/// Everything a split run needs to know. The command line and a TOML config file both
/// fill this; flags override the file.
public struct SplitOptions: Sendable {
    /// The rule set directory.
    public var rulesDirectory: String
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
    /// The rejects file; by default `<out>.rejects.csv` beside the output.
    public var rejectsPath: String? = nil
    /// Replace an existing output directory.
    public var force = false
    /// Open output files at most (default: the open-files limit, raised to its hard limit, less a margin).
    public var maxOpenFiles: Int? = nil
    /// Buffered output bytes at most before everything is flushed.
    public var outputMemoryBudget: Int = 64 << 20
    /// Reader options (chunk and batch sizes, field size limit).
    public var readOptions = CSVReadOptions()
    /// Threads that parse, normalise and classify (the default: the cores available); 1 does
    /// everything on one thread (`--sequential`). A plain file is read in blocks on that many
    /// threads at once; output is the same whatever the number.
    public var threads = PipelineOptions.availableCores
    /// The size of the blocks a plain file is cut into when read on several threads.
    public var blockBytes = 4 << 20

    /// Whether anything runs beside the calling thread (`threads > 1`).
    public var parallel: Bool {
        get { threads > 1 }
        set { threads = newValue ? max(threads, 2) : 1 }
    }
    /// Accept mappings that are only partly right (``MappingProblem``) as warnings instead of
    /// refusing the input (`--allow-partial-mapping`).
    public var allowPartialMapping = false
    /// Append `source` and `line` (the input and physical line of each row) to every row of
    /// the split files (`--provenance`).
    public var provenance = false

    /// Options for splitting `inputs` by `rulesDirectory` into `outputDirectory`.
    public init(rulesDirectory: String, outputDirectory: String, inputs: [String]) {
        self.rulesDirectory = rulesDirectory
        self.outputDirectory = outputDirectory
        self.inputs = inputs
    }

    /// How the pipeline reads.
    public var pipelineOptions: PipelineOptions {
        var pipeline = PipelineOptions()
        pipeline.readOptions = readOptions
        pipeline.threads = threads
        pipeline.blockBytes = blockBytes
        pipeline.allowPartialMapping = allowPartialMapping
        return pipeline
    }

    /// The rejects file path in effect.
    public var effectiveRejectsPath: String {
        rejectsPath ?? (outputDirectory.hasSuffix("/") ? String(outputDirectory.dropLast()) : outputDirectory) + ".rejects.csv"
    }
}
