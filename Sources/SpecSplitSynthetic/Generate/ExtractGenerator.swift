import SpecSplit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates a synthetic extract (no real patient data) of one shape: admitted patient
/// care spells or episodes, outpatient attendances, or contract-monitoring lines.
///
/// The output is a function of the parameters alone: the same shape, rows, seed,
/// episodes, contracts and width give the same bytes on every run and machine. Rows are
/// written one at a time through a reusable buffer, so memory stays flat whatever the
/// size. A few per cent of rows carry the triggers of the sample 2012/13 rule set
/// (specialised, chemotherapy/radiotherapy, dental, military, prison), and about one in
/// a thousand a badly shaped code for the quality report.
public struct ExtractGenerator: Sendable {
    /// The kind of extract.
    public var shape: ExtractShape
    /// Data rows to write (the header is extra).
    public var rows: Int
    /// The seed of the pseudo-random stream.
    public var seed: UInt64
    /// Admitted care at episode level (1-4 adjacent episodes per spell).
    public var episodes: Bool
    /// Distinct provider x commissioner pairs.
    public var contracts: Int
    /// Admitted care spells in 18 narrow columns (``ExtractSchema/admittedNarrow``) instead of 34.
    public var narrow: Bool

    /// Describes an extract to generate.
    public init(
        shape: ExtractShape, rows: Int, seed: UInt64, episodes: Bool = false, contracts: Int = 50, narrow: Bool = false
    ) {
        self.shape = shape
        self.rows = rows
        self.seed = seed
        self.episodes = episodes
        self.contracts = contracts
        self.narrow = narrow
    }

    /// The extract's column names.
    public var header: [String] { ExtractSchema.columns(shape, episodes: episodes, narrow: narrow) }

    /// Checks the parameters.
    /// - Throws: ``GenerateError``.
    public func validate() throws {
        if rows < 0 { throw GenerateError.invalidRows(rows) }
        if contracts < 1 || contracts > ContractTable.maximumContracts {
            throw GenerateError.invalidContracts(contracts)
        }
        if episodes && shape != .apc { throw GenerateError.episodesNeedAdmittedCare(shape) }
        if narrow && shape != .apc { throw GenerateError.narrowNeedsAdmittedCare(shape) }
        if narrow && episodes { throw GenerateError.narrowIsSpellLevel }
    }

    /// Writes the extract to `path` (`-` for standard output), gzip-compressed when `gzip`.
    ///
    /// A file is written under a temporary name beside `path` and renamed into place when
    /// complete, so a reader never sees half a file.
    /// - Returns: the bytes written (uncompressed).
    /// - Throws: ``GenerateError``, or ``WriteError`` when the output cannot be written.
    @discardableResult
    public func write(to path: String, gzip: Bool = false) throws -> UInt64 {
        try validate()
        if path == "-" {
            if gzip {
                var sink = try GzipSink(path: nil)
                return try run(into: &sink)
            }
            var sink = CSVWriterSink(writer: try CSVWriter(path: "/dev/stdout", bufferSize: 1 << 18, append: true))
            return try run(into: &sink)
        }
        let temporary = path + ".partial-\(getpid())"
        do {
            let written: UInt64
            if gzip {
                var sink = try GzipSink(path: temporary)
                written = try run(into: &sink)
            } else {
                var sink = CSVWriterSink(writer: try CSVWriter(path: temporary, bufferSize: 1 << 18))
                written = try run(into: &sink)
            }
            if rename(temporary, path) != 0 {
                throw WriteError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            return written
        } catch let error as WriteError {
            unlink(temporary)
            switch error {  // name the file asked for, not the temporary one
            case .cannotCreate(_, let reason): throw WriteError.cannotCreate(path: path, reason: reason)
            case .io(_, let reason): throw WriteError.io(path: path, reason: reason)
            case .exists, .locked: throw WriteError.exists(path: path)
            case .refused(_, let reason): throw WriteError.refused(path: path, reason: reason)
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The extract as bytes in memory (tests and small samples).
    /// - Throws: ``GenerateError``.
    public func generate() throws -> [UInt8] {
        try validate()
        var sink = MemorySink()
        try run(into: &sink)
        return sink.bytes
    }

    /// Writes the header and every row to `sink`; returns the bytes handed over.
    @discardableResult
    func run<Sink: ExtractSink>(into sink: inout Sink) throws -> UInt64 {
        var row = RowBuffer(capacity: 1 << 16)
        defer { row.deallocate() }
        var total: UInt64 = 0
        for (index, name) in header.enumerated() {
            if index > 0 { row.comma() }
            row.text(name)
        }
        try sink.write(row: row.bytes)
        total += UInt64(row.count + 1)
        let context = GenerationContext(seed: seed, rows: rows, contracts: contracts)
        switch shape {
        case .apc:
            var writer = AdmittedRowWriter(context: context, episodes: episodes, narrow: narrow, seed: seed)
            for index in 0..<rows {
                row.reset()
                writer.write(row: index, into: &row)
                try sink.write(row: row.bytes)
                total &+= UInt64(row.count &+ 1)
            }
        case .op:
            var writer = OutpatientRowWriter(context: context)
            for index in 0..<rows {
                row.reset()
                writer.write(row: index, into: &row)
                try sink.write(row: row.bytes)
                total &+= UInt64(row.count &+ 1)
            }
        case .slam:
            var writer = ContractLineWriter(context: context)
            for index in 0..<rows {
                row.reset()
                writer.write(row: index, into: &row)
                try sink.write(row: row.bytes)
                total &+= UInt64(row.count &+ 1)
            }
        }
        try sink.finish()
        return total
    }
}
