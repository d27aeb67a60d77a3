/// `specsplit explain`: finds one row of an extract by its line number, normalises it as a
/// split would, and explains its classification.
public struct RowExplanation: Sendable, CustomStringConvertible {
    /// Why a row could not be explained.
    public enum Failure: SpecSplitError, Sendable {
        /// No row starts on that line (past the end, the header, or inside a quoted field).
        case noSuchLine(path: String, line: Int, lastLine: Int)
        /// The row on that line is malformed, so a split would report it, not classify it.
        case malformed(path: String, line: Int, reason: String)

        /// 65: the line holds no row that can be explained.
        public var exitCode: Int32 { ExitStatus.data }

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
    /// For an episode: its spell's episodes and the result every one of them gets.
    public var spell: SpellSummary?

    /// The episodes of a spell and the spell's result, as a split works it out.
    public struct SpellSummary: Sendable {
        /// The spell id.
        public var id: String
        /// Each episode: its line and its own result (category, service line, deciding rule).
        public var episodes: [(line: Int, result: String)]
        /// The spell's result, which every episode gets.
        public var result: String
    }

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
        // For an episode-level extract, the episodes of the spell around the line.
        let spellColumn = map.isEpisodeLevel ? (map.column(.spellId) ?? -1) : -1
        var spellID: [UInt8]? = nil
        var episodes: [(line: Int, record: ActivityRecord)] = []
        var target: (record: ActivityRecord, quality: [QualityEntry])? = nil
        reading: while try reader.next(into: batch) {
            for row in 0..<batch.count {
                lastLine = batch.line(row)
                if spellColumn >= 0 {
                    let id = Array(batch.field(row, spellColumn))
                    if id != spellID {
                        if target != nil { break reading }
                        spellID = id
                        episodes.removeAll()
                    }
                } else if batch.line(row) != line {
                    if lastLine > line { break reading }
                    continue
                }
                let isTarget = batch.line(row) == line
                guard batch.status(row) == .ok else {
                    if isTarget { throw Failure.malformed(path: source, line: line, reason: batch.problemDescription(row, header: reader.header)) }
                    continue
                }
                var rowQuality = QualityLog()
                normaliser.fill(&record, batch: batch, row: row, quality: &rowQuality, source: source)
                if record.setting == .unknown { record.setting = rules.setting(forPOD: record.pod) }
                if isTarget { target = (record, rowQuality.entries) }
                if spellColumn < 0 { break reading }
                episodes.append((batch.line(row), record))
                quality.merge(rowQuality)
            }
        }
        guard let target else { throw Failure.noSuchLine(path: source, line: line, lastLine: lastLine) }
        var spell: SpellSummary? = nil
        if spellColumn >= 0 {
            var scratch = rules.makeScratch()
            var results: [Classification] = []
            for episode in episodes {
                var result = Classification()
                rules.classify(episode.record, into: &result, scratch: &scratch)
                results.append(result)
            }
            var combined = Classification()
            rules.combineSpell(results, into: &combined)
            spell = SpellSummary(
                id: String(decoding: spellID ?? [], as: UTF8.self),
                episodes: zip(episodes, results).map { ($0.line, describe($1, rules)) },
                result: describe(combined, rules))
        }
        return RowExplanation(
            source: source, line: line, shape: map.shape, episodeLevel: map.isEpisodeLevel, quality: target.quality,
            explanation: rules.explain(target.record), spell: spell)
    }

    /// One line for a classification: category, service line and the rule that decided.
    static func describe(_ result: Classification, _ rules: CompiledRuleSet) -> String {
        let decided = result.decidingRule.map { "decided by \(rules.rule($0).id)" } ?? "no rule matched"
        return "\(rules.categories[result.category]), service line \(result.serviceLine), \(decided)"
    }

    /// Where the row is, its shape, any codes left out, then the explanation.
    public var description: String {
        var lines = ["\(source):\(line) (\(shape))"]
        for entry in quality { lines.append("  left out: \(entry.pipeLine)") }
        lines.append(explanation.description)
        if let spell {
            lines.append("Spell \(spell.id): \(spell.episodes.count) episode(s); a split gives every episode the spell's result (the best-ranked national line over its episodes, otherwise the first local match in episode order)")
            for episode in spell.episodes {
                lines.append("  line \(episode.line)\(episode.line == line ? " (this row)" : ""): \(episode.result)")
            }
            lines.append("Spell result: \(spell.result)")
        }
        return lines.joined(separator: "\n")
    }
}
