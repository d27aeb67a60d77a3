import Logging

/// One input as planned before a run: its column map, and the reader that read its header
/// when the input cannot be opened twice.
public struct InputPlan {
    /// The path as given (`-` for standard input).
    public var path: String
    /// The header mapped to logical fields.
    public var map: ColumnMap
    /// Kept open for an input that cannot be read twice (standard input, a pipe, a FIFO):
    /// the reader that read its header reads its rows.
    var reader: CSVReader?
    /// Hashes the input's content as it is read.
    var hasher: ContentHasher
    /// Whether the contract column is part of the contract key.
    var contractKeyed: Bool

    /// Opens the input for the run (its content hashed as it is read).
    func open(_ options: CSVReadOptions) throws -> CSVReader {
        if let reader { return reader }
        let source = try InputSource(path: path)
        source.observer = hasher
        return try CSVReader(source: source, options: options)
    }

    /// Reads every input's header and maps it, so a bad input stops the run before anything
    /// is written. A mapping the header shows to be only partly right (``ColumnMap/problems``)
    /// stops it too, every input's doubts listed, unless `allowPartialMapping`: then each is
    /// a warning.
    /// - Throws: ``ReadError``, ``MappingError``, or ``JobError/config(_:)`` when standard
    ///   input is named twice.
    public static func plan(
        _ paths: [String], overrides: [Field: String], shape: ExtractShape?, contractKey: ContractKeyMode,
        readOptions: CSVReadOptions, allowPartialMapping: Bool = false, digest: DigestAlgorithm = .sha256, logger: Logger,
        monitor: JobMonitor = JobMonitor()
    ) throws -> [InputPlan] {
        if paths.filter({ $0 == "-" }).count > 1 {
            throw JobError.config("standard input (-) can be named only once")
        }
        var plans: [InputPlan] = []
        var required: [Field] = [.provider, .commissioner]
        if contractKey == .withContract { required.append(.contract) }
        for path in paths {
            let hasher = ContentHasher(digest)
            let source = try InputSource(path: path)
            // Read once: hashed from its first byte, and its reader kept for the rows. Standard
            // input always: even a file there shares its offset with every duplicate.
            let once = path == "-" || !source.isRegularFile
            if once { source.observer = hasher }
            let reader = try CSVReader(source: source, options: readOptions)
            let map = try ColumnMap(
                header: reader.header, source: reader.source.displayName, overrides: overrides, shape: shape,
                required: required)
            for duplicate in map.duplicateColumns {
                monitor.warn(
                    "\(reader.source.displayName): column \(duplicate.name) appears \(duplicate.positions.count) times in the header (columns \(duplicate.positions.map { String($0 + 1) }.joined(separator: ", "))); the first is used. Rename the others if they mean something else.",
                    logger: logger, metadata: ["input": "\(reader.source.displayName)", "column": "\(duplicate.name)"])
            }
            plans.append(InputPlan(
                path: path, map: map, reader: once ? reader : nil, hasher: hasher,
                contractKeyed: contractKey == .withContract))
            monitor.mapped(
                RunStatus.InputMapping(
                    path: map.source, shape: map.shape.rawValue, columns: map.mappedColumns,
                    absentFields: map.absentFields.map(\.name),
                    mappingWarnings: map.problems.map(\.description)))
        }
        let doubts = plans.flatMap(\.map.problems)
        if !doubts.isEmpty && !allowPartialMapping { throw MappingError.doubtful(doubts) }
        for doubt in doubts { logger.warning("accepted with --allow-partial-mapping: \(doubt.description)") }
        return plans
    }

    /// Groups inputs by identical header: rows of different layouts go to different files.
    public static func groups(_ plans: [InputPlan]) -> [OutputGroup] {
        var groups: [OutputGroup] = []
        for plan in plans where !groups.contains(where: { $0.header == plan.map.header }) {
            let base = plan.map.shape.rawValue + (plan.map.isEpisodeLevel ? "-episodes" : "")
            let same = groups.filter { $0.base == base }.count
            groups.append(OutputGroup(
                name: base + (same > 0 ? "-\(same + 1)" : ""), base: base, shape: plan.map.shape, header: plan.map.header))
        }
        if groups.count == 1 { groups[0].name = "" }
        return groups
    }
}

/// A set of inputs sharing one header layout, and so one set of split files.
public struct OutputGroup: Sendable {
    /// `apc`, `apc-episodes`, `op`, `slam` (`-2`, `-3` for further layouts of the same kind);
    /// empty when the run has one layout.
    public var name: String
    /// The kind before any numbering.
    public var base: String
    /// The shape of its extracts.
    public var shape: ExtractShape
    /// The shared header.
    public var header: [String]

    /// The split file name of `category` in this group.
    public func fileName(_ category: String) -> String {
        name.isEmpty ? "\(category).csv" : "\(category)-\(name).csv"
    }
}

/// Hashes an input's content as it is read (on the reading thread), for the manifest.
final class ContentHasher: InputObserver, @unchecked Sendable {
    private var digest: ContentDigest

    init(_ algorithm: DigestAlgorithm) { digest = ContentDigest(algorithm) }

    func consume(_ bytes: UnsafeRawBufferPointer) { digest.update(bytes) }

    func hex() -> String { digest.hex() }
}
