/// What `specsplit inspect` finds in one input: its shape, which column serves each
/// logical field, how many rows it has and the first malformed ones. Analysts run it to
/// check an extract before a split.
public struct Inspection: Sendable {
    /// A malformed row found while counting.
    public struct Malformed: Sendable, Equatable {
        /// Physical line where the row starts.
        public var line: Int
        /// What was wrong, with the column.
        public var reason: String
    }

    /// The input's name.
    public var source: String
    /// The column map (shape and field columns).
    public var map: ColumnMap
    /// Data rows read (well formed and malformed).
    public var rows: Int
    /// Malformed rows in all.
    public var malformedCount: Int
    /// The first malformed rows.
    public var malformed: [Malformed]
    /// Fields a split needs that are missing.
    public var missingRequired: [Field]
    /// Uncompressed bytes read.
    public var bytes: UInt64
    /// Whether the input was gzip-compressed.
    public var compressed: Bool
    /// Doubts about the mapping: from the header, and from the first values of each field.
    public var problems: [MappingProblem] = []
    /// True when the doubts are accepted (`--allow-partial-mapping`): warnings, not refusals.
    public var allowPartialMapping = false

    /// Why `split` would refuse this input with the same flags (a required field missing,
    /// a shape it cannot tell, a doubtful mapping not accepted); empty when it would not.
    public var refusals: [String] {
        var reasons: [String] = []
        if !missingRequired.isEmpty {
            reasons.append("no column for required field(s) \(missingRequired.map(\.name).joined(separator: ", ")): name it with --map FIELD=COLUMN")
        }
        if map.shapeOrigin == .assumed { reasons.append("the shape cannot be told from the header: give --shape apc|op|slam") }
        if !allowPartialMapping { reasons += problems.map(\.description) }
        return reasons
    }

    /// Reads `path` through, mapping its header and counting rows.
    /// - Throws: ``ReadError`` when it cannot be read, ``MappingError`` for a bad `--map`.
    public static func run(
        path: String, overrides: [Field: String] = [:], shape: ExtractShape? = nil, keep: Int = 10,
        allowPartialMapping: Bool = false, options: CSVReadOptions = CSVReadOptions()
    ) throws -> Inspection {
        let reader = try CSVReader(path: path, options: options)
        let source = reader.source.displayName
        let map = try ColumnMap(
            header: reader.header, source: source, overrides: overrides, shape: shape, required: [], requireShape: false)
        let batch = RowBatch()
        var rows = 0
        var malformedCount = 0
        var malformed: [Malformed] = []
        // The first values of each field are checked as a split checks them; then rows are only counted.
        let normaliser = RecordNormaliser(map: map)
        var tally = ShapeTally(map: map)
        var record = ActivityRecord()
        var quality = QualityLog()
        while try reader.next(into: batch) {
            rows += batch.count
            for row in 0..<batch.count where batch.status(row) != .ok {
                malformedCount += 1
                if malformed.count < keep {
                    malformed.append(Malformed(line: batch.line(row), reason: batch.problemDescription(row, header: reader.header)))
                }
            }
            for row in 0..<batch.count where tally.isCounting && batch.status(row) == .ok {
                normaliser.fill(&record, batch: batch, row: row, quality: &quality, tally: &tally, source: source)
            }
        }
        let missing = [Field.provider, .commissioner].filter { map.column($0) == nil }
        var inspection = Inspection(
            source: source, map: map, rows: rows, malformedCount: malformedCount,
            malformed: malformed, missingRequired: missing, bytes: reader.source.bytesRead,
            compressed: reader.source.isCompressed)
        inspection.problems = map.problems + map.valueShapeProblems(tally.counts)
        inspection.allowPartialMapping = allowPartialMapping
        return inspection
    }

    /// The report `inspect` prints.
    public var report: String {
        var lines: [String] = []
        lines.append("\(source)")
        let level = map.isEpisodeLevel ? ", episode level" : (map.shape == .apc ? ", spell level" : "")
        let origin = map.shapeOrigin == .assumed ? " (ASSUMED: not recognised from the header; give --shape)" : (map.shapeOrigin == .given ? " (given)" : "")
        lines.append("  shape:     \(map.shape)\(level)\(origin)")
        lines.append("  rows:      \(rows) (\(malformedCount) malformed)")
        lines.append("  bytes:     \(bytes)\(compressed ? " uncompressed (gzip input)" : "")")
        lines.append("  fields:")
        let width = Field.allCases.map(\.name.count).max() ?? 0
        for field in Field.allCases {
            let name = field.name.padding(toLength: width, withPad: " ", startingAt: 0)
            if let column = map.columnName(field) {
                lines.append("    \(name)  \(column)")
            } else {
                let required = [Field.provider, .commissioner].contains(field) ? "  (required by split)" : ""
                lines.append("    \(name)  - missing\(required)")
            }
        }
        for duplicate in map.duplicateColumns {
            lines.append("  warning:   column \(duplicate.name) appears \(duplicate.positions.count) times (columns \(duplicate.positions.map { String($0 + 1) }.joined(separator: ", "))); the first is used")
        }
        if allowPartialMapping {
            for problem in problems { lines.append("  warning:   accepted with --allow-partial-mapping: \(problem.description)") }
        }
        let refusals = self.refusals
        if !refusals.isEmpty {
            lines.append("  split would refuse this input:")
            for reason in refusals { lines.append("    \(reason)") }
        }
        if !malformed.isEmpty {
            lines.append("  malformed rows (first \(malformed.count) of \(malformedCount)):")
            for row in malformed { lines.append("    line \(row.line): \(row.reason)") }
        }
        return lines.joined(separator: "\n")
    }
}
