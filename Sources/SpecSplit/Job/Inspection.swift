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

    /// Reads `path` through, mapping its header and counting rows.
    /// - Throws: ``ReadError`` when it cannot be read, ``MappingError`` for a bad `--map`.
    public static func run(
        path: String, overrides: [Field: String] = [:], shape: ExtractShape? = nil, keep: Int = 10,
        options: CSVReadOptions = CSVReadOptions()
    ) throws -> Inspection {
        let reader = try CSVReader(path: path, options: options)
        let map = try ColumnMap(
            header: reader.header, source: reader.source.displayName, overrides: overrides, shape: shape,
            required: [], requireShape: false)
        let batch = RowBatch()
        var rows = 0
        var malformedCount = 0
        var malformed: [Malformed] = []
        while try reader.next(into: batch) {
            rows += batch.count
            for row in 0..<batch.count where batch.status(row) != .ok {
                malformedCount += 1
                if malformed.count < keep {
                    malformed.append(Malformed(line: batch.line(row), reason: batch.problemDescription(row, header: reader.header)))
                }
            }
        }
        let missing = [Field.provider, .commissioner].filter { map.column($0) == nil }
        return Inspection(
            source: reader.source.displayName, map: map, rows: rows, malformedCount: malformedCount,
            malformed: malformed, missingRequired: missing, bytes: reader.source.bytesRead,
            compressed: reader.source.isCompressed)
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
        if !malformed.isEmpty {
            lines.append("  malformed rows (first \(malformed.count) of \(malformedCount)):")
            for row in malformed { lines.append("    line \(row.line): \(row.reason)") }
        }
        return lines.joined(separator: "\n")
    }
}
