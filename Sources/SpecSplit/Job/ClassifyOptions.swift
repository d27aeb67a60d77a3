/// Everything a classify run needs to know: the split's rule set, mapping and dialect
/// options, and where the stream, its rejects and its control totals go.
public struct ClassifyOptions: Sendable {
    /// The rule set directory.
    public var rulesDirectory: String
    /// Input extracts, in order (`-` for standard input); all must have the same columns.
    public var inputs: [String]
    /// `field -> column` overrides of the header mapping.
    public var overrides: [Field: String] = [:]
    /// The shape of every input, when it cannot be recognised.
    public var shape: ExtractShape? = nil
    /// What a contract is.
    public var contractKey: ContractKeyMode = .providerCommissioner
    /// Rejected rows allowed before the run fails (exit 65).
    public var maxRejects: Int = 0
    /// The rejects file; nil: rejected rows are only counted (and fail the run unless allowed).
    public var rejectsPath: String? = nil
    /// The control totals file: JSON when it ends in `.json`, CSV (the columns of a split's
    /// control-totals.csv) when it ends in `.csv`.
    public var totalsPath: String? = nil
    /// A summary of the rows written, in the columns of a split's summary.csv.
    public var summaryPath: String? = nil
    /// The stream's first line names its columns.
    public var writeHeader = true
    /// Where the stream goes: a file descriptor (standard output unless told otherwise).
    public var outputDescriptor: Int32 = 1
    /// The stream's name in messages.
    public var outputName = "standard output"
    /// Reader options (chunk and batch sizes, field size limit, a header given for input without one).
    public var readOptions = CSVReadOptions()
    /// Parse on a second thread and write the stream on a third while the first classifies.
    public var parallel = true

    /// Options for classifying `inputs` by `rulesDirectory`.
    public init(rulesDirectory: String, inputs: [String]) {
        self.rulesDirectory = rulesDirectory
        self.inputs = inputs
    }

    /// How the pipeline reads.
    public var pipelineOptions: PipelineOptions {
        var pipeline = PipelineOptions()
        pipeline.readOptions = readOptions
        pipeline.parallel = parallel
        return pipeline
    }

    /// The format of the totals file, from its extension.
    /// - Throws: ``JobError/usage(_:)`` for any other extension.
    public func totalsFormat() throws -> TotalsFormat? {
        guard let totalsPath else { return nil }
        let lower = totalsPath.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".csv") { return .csv }
        throw JobError.usage(
            "--totals \(totalsPath): name a file ending in .json or .csv (the extension chooses the format)")
    }
}

/// The format of a control totals file.
public enum TotalsFormat: Sendable {
    /// JSON: per contract, rows, activity and value read, written per category and rejected.
    case json
    /// CSV in the columns of a split's control-totals.csv.
    case csv
}

extension ClassifyOptions {
    /// The column names of `--columns "A,B,..."`: one CSV record (quote a name that holds a
    /// comma, doubling its quotes).
    /// - Throws: ``JobError/usage(_:)`` for an empty list, an empty name, or a quote left open.
    public static func parseColumns(_ text: String) throws -> [String] {
        var names: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var bytes = Array(text.utf8).makeIterator()
        var pending = bytes.next()
        while let byte = pending {
            pending = bytes.next()
            if quoted {
                if byte == 0x22 {
                    if pending == 0x22 {
                        field.append(0x22)
                        pending = bytes.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x2C {
                names.append(String(decoding: field, as: UTF8.self))
                field.removeAll()
                wasQuoted = false
            } else if byte == 0x22 && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else {
                field.append(byte)
            }
        }
        if quoted { throw JobError.usage("--columns: a quote is never closed in \(text)") }
        names.append(String(decoding: field, as: UTF8.self))
        if let empty = names.firstIndex(where: \.isEmpty) {
            throw JobError.usage(
                "--columns: column \(empty + 1) has no name in \"\(text)\"; give every column a name, separated by commas"
            )
        }
        return names
    }
}
