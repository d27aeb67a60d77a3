/// `specsplit explain`: finds one row of an extract by its line number, normalises it as a
/// split would, and explains its classification.
public struct RowExplanation: Sendable, CustomStringConvertible {
    /// Why a row could not be explained.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// No row starts on that line (past the end, the header, or inside a quoted field).
        case noSuchLine(path: String, line: Int, lastLine: Int)
        /// The row on that line is malformed, so a split would report it, not classify it.
        case malformed(path: String, line: Int, reason: String)

        /// What went wrong, for a person.
        public var description: String {
            switch self {
            case .noSuchLine(let path, let line, let lastLine):
                return "\(path): no row starts on line \(line) (data rows start on lines 2 to \(lastLine); a quoted field may span lines)"
            case .malformed(let path, let line, let reason):
                return "\(path):\(line): malformed row, not classified: \(reason)"
            }
        }
    }

    /// The input's name.
    public var source: String
    /// The physical line of the row.
    public var line: Int
    /// The input's shape.
    public var shape: ExtractShape
    /// True when the input holds admitted-care episodes: a split gives every episode its
    /// spell's result, which this one row's explanation does not show.
    public var episodeLevel: Bool
    /// Codes of the row that were not shaped like their classification (left out of the record).
    public var quality: [QualityEntry]
    /// The explanation of the row's classification.
    public var explanation: Explanation

    /// Reads `path` up to the row starting on `line` and explains it with `rules`.
    /// - Throws: ``ReadError``, ``MappingError``, or ``Failure``.
    public static func run(
        rules: CompiledRuleSet, path: String, line: Int, overrides: [Field: String] = [:], shape: ExtractShape? = nil
    ) throws -> RowExplanation {
        let reader = try CSVReader(path: path)
        let source = reader.source.displayName
        let map = try ColumnMap(header: reader.header, source: source, overrides: overrides, shape: shape, required: [], requireShape: false)
        let normaliser = RecordNormaliser(map: map)
        let batch = RowBatch()
        var record = ActivityRecord()
        var quality = QualityLog()
        var lastLine = 1
        while try reader.next(into: batch) {
            for row in 0..<batch.count {
                lastLine = batch.line(row)
                guard batch.line(row) == line else { continue }
                guard batch.status(row) == .ok else {
                    throw Failure.malformed(path: source, line: line, reason: Inspection.describe(batch, row, reader))
                }
                normaliser.fill(&record, batch: batch, row: row, quality: &quality, source: source)
                if record.setting == .unknown { record.setting = rules.setting(forPOD: record.pod) }
                return RowExplanation(
                    source: source, line: line, shape: map.shape, episodeLevel: map.isEpisodeLevel, quality: quality.entries,
                    explanation: rules.explain(record))
            }
            if lastLine > line { break }
        }
        throw Failure.noSuchLine(path: source, line: line, lastLine: lastLine)
    }

    /// Where the row is, its shape, any codes left out, then the explanation.
    public var description: String {
        var lines = ["\(source):\(line) (\(shape))"]
        for entry in quality { lines.append("  left out: \(entry.pipeLine)") }
        lines.append(explanation.description)
        if episodeLevel {
            lines.append("Note: this is one episode; a split gives every episode of a spell the spell's result (the best-ranked national line over its episodes, otherwise the first local match).")
        }
        return lines.joined(separator: "\n")
    }
}
