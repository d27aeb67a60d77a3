import Foundation

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
    /// Checked with the other output paths: never on an input, the rule set, or inside OUT.
    public var statusPath: String? = nil
    /// Let an input named twice (or two inputs with the same content) through, counted
    /// each time; refused (64) otherwise.
    public var allowDuplicateInputs = false
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
    public var blockBytes = 512 << 10

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
    /// Also publish the HTML report and workbook in `OUT/report/` (`--report`).
    public var report = false
    /// The digest the manifest records for every input and output (`--digest`).
    public var digest = DigestAlgorithm.sha256

    /// Options for splitting `inputs` by `rulesDirectory` into `outputDirectory`.
    public init(rulesDirectory: String, outputDirectory: String, inputs: [String]) {
        self.rulesDirectory = rulesDirectory
        self.outputDirectory = outputDirectory
        self.inputs = inputs
    }

    /// Where the rejects are once the run is published: `OUT/rejects.csv` (a failed run
    /// keeps them in `OUT.failed/rejects.csv`).
    public var publishedRejectsPath: String {
        (outputDirectory as NSString).appendingPathComponent(RejectsWriter.fileName)
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
}
