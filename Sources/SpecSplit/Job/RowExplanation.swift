/// `specsplit explain`: finds rows of an extract by line number or by id, normalises each
/// as a split would, and explains its classification.
public struct RowExplanation: Sendable, CustomStringConvertible {
    /// A row asked about: by the physical line it starts on, or by its id (spell, episode,
    /// attendance or line id, whichever the extract has: ``ColumnMap/idColumns``).
    public enum Target: Sendable, Hashable, CustomStringConvertible {
        /// The row starting on this physical line.
        case line(Int)
        /// The rows with this id (at episode level, a spell id names every episode of the spell).
        case id(String)

        /// `line 12` or `id 276000000001`.
        public var description: String {
            switch self {
            case .line(let line): return "line \(line)"
            case .id(let id): return "id \(id)"
            }
        }
    }

    /// Why a row asked about could not be explained.
    public enum Failure: SpecSplitError, Sendable, Equatable {
        /// No row starts on that line (past the end, the header, or inside a quoted field).
        case noSuchLine(path: String, line: Int, lastLine: Int)
        /// The row on that line is malformed, so a split would report it, not classify it.
        case malformed(path: String, line: Int, reason: String)
        /// No row has that id in the extract's id columns.
        case noSuchID(path: String, id: String, columns: [String])
        /// The extract has no column that identifies a row.
        case noIDColumn(path: String, id: String)

        /// 65: the row cannot be explained.
        public var exitCode: Int32 { ExitStatus.data }

        /// What went wrong, for a person.
        public var description: String {
            switch self {
            case .noSuchLine(let path, let line, let lastLine):
                return
                    "\(path): no row starts on line \(line) (data rows start on lines 2 to \(lastLine); a quoted field may span lines)"
            case .malformed(let path, let line, let reason):
                return "\(path):\(line): malformed row, not classified: \(reason)"
            case .noSuchID(let path, let id, let columns):
                return "\(path): no row has the id \(id) (looked in \(columns.joined(separator: ", ")))"
            case .noIDColumn(let path, let id):
                return "\(path): --id \(id): the extract has no spell, episode, attendance or line id column "
                    + "(\(FieldAliases.names[.spellId]![0]), \(FieldAliases.rowIDNames.prefix(4).joined(separator: ", ")), ...). "
                    + "Name the spell id column with --map spell_id=COLUMN, or use --line N."
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
    /// For an episode: its spell's episodes and the result every one of them gets (shown
    /// with the spell's last episode asked about).
    public var spell: SpellSummary?
    /// For an episode whose spell is shown with a later episode asked about: that episode's line.
    public var spellShownWith: Int?

    /// The episodes of a spell and the spell's result, as a split works it out.
    public struct SpellSummary: Sendable {
        /// The spell id.
        public var id: String
        /// Each episode: its line and its own result (category, service line, deciding rule).
        public var episodes: [(line: Int, result: String)]
        /// The spell's result, which every episode gets.
        public var result: String
    }

    /// What explaining the rows asked about found, in file order.
    public struct Results: Sendable {
        /// The rows explained, in file order.
        public var explanations: [RowExplanation] = []
        /// The rows asked about that could not be explained.
        public var failures: [Failure] = []
        /// Doubts about the extract's mapping (see ``MappingProblem``): a split would refuse
        /// it unless they are accepted; the explanations are of the mapping as it is.
        public var mappingProblems: [MappingProblem] = []
    }

    /// Reads `path` up to the row starting on `line` and explains it with `rules`.
    /// - Throws: ``ReadError``, ``MappingError``, or ``Failure``.
    public static func run(
        rules: CompiledRuleSet, path: String, line: Int, overrides: [Field: String] = [:], shape: ExtractShape? = nil
    ) throws -> RowExplanation {
        let results = try run(rules: rules, path: path, targets: [.line(line)], overrides: overrides, shape: shape)
        if let failure = results.failures.first { throw failure }
        return results.explanations[0]
    }

    /// Reads `path` once and explains every row `targets` name with `rules`; a target no row
    /// matches is a failure of the results, not an error, so the others are still explained.
    /// - Throws: ``ReadError`` or ``MappingError`` when the file cannot be read or mapped.
    public static func run(
        rules: CompiledRuleSet, path: String, targets: [Target], overrides: [Field: String] = [:],
        shape: ExtractShape? = nil
    ) throws -> Results {
        let reader = try CSVReader(path: path)
        let source = reader.source.displayName
        let map = try ColumnMap(
            header: reader.header, source: source, overrides: overrides, shape: shape, required: [], requireShape: false
        )
        var finder = TargetFinder(rules: rules, map: map, source: source, targets: targets)
        let batch = RowBatch()
        reading: while try reader.next(into: batch) {
            for row in 0..<batch.count {
                if finder.isDone(before: batch.line(row)) { break reading }
                finder.read(batch, row, header: reader.header)
            }
        }
        var results = finder.finish()
        results.mappingProblems = map.problems
        return results
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
            lines.append(
                "Spell \(spell.id): \(spell.episodes.count) episode(s); a split gives every episode the spell's result (the best-ranked national line over its episodes, otherwise the first local match in episode order)"
            )
            for episode in spell.episodes {
                lines.append("  line \(episode.line)\(episode.line == line ? " (this row)" : ""): \(episode.result)")
            }
            lines.append("Spell result: \(spell.result)")
        } else if let spellShownWith {
            lines.append("Its spell and the result every episode gets: with line \(spellShownWith) below.")
        }
        return lines.joined(separator: "\n")
    }
}

/// Finds the rows asked about while a file is read once: a row (or, at episode level, every
/// episode of the spell of a row) is kept only when it is asked about.
private struct TargetFinder {
    let rules: CompiledRuleSet
    let map: ColumnMap
    let source: String
    let normaliser: RecordNormaliser
    let spellColumn: Int
    let idColumns: [Int]
    var lines: Set<Int>
    var ids: Set<String>
    var foundLines = Set<Int>()
    var foundIDs = Set<String>()
    var lastLine = 1
    var results = RowExplanation.Results()
    /// The spell being read (episode level): its id and episodes.
    var spellID: [UInt8]? = nil
    var episodes: [(line: Int, record: ActivityRecord, quality: [QualityEntry], asked: Bool)] = []
    var record = ActivityRecord()

    init(rules: CompiledRuleSet, map: ColumnMap, source: String, targets: [RowExplanation.Target]) {
        self.rules = rules
        self.map = map
        self.source = source
        normaliser = RecordNormaliser(map: map)
        spellColumn = map.isEpisodeLevel ? (map.column(.spellId) ?? -1) : -1
        idColumns = map.idColumns
        lines = Set(targets.compactMap { if case .line(let line) = $0 { return line } else { return nil } })
        ids = Set(targets.compactMap { if case .id(let id) = $0 { return id } else { return nil } })
    }

    /// True when no row from `line` on can be asked about (only lines were asked, all
    /// before it) and no spell is open.
    func isDone(before line: Int) -> Bool {
        ids.isEmpty && lines.allSatisfy { $0 < line } && !episodes.contains(where: \.asked)
    }

    mutating func read(_ batch: RowBatch, _ row: Int, header: [String]) {
        let line = batch.line(row)
        lastLine = line
        if spellColumn >= 0 {
            let id = Array(batch.field(row, spellColumn))
            if id != spellID {
                closeSpell()
                spellID = id
            }
        }
        var asked = lines.contains(line)
        if asked { foundLines.insert(line) }
        if !ids.isEmpty && batch.status(row) == .ok {
            for column in idColumns {
                let value = String(decoding: batch.field(row, column), as: UTF8.self)
                if ids.contains(value) {
                    asked = true
                    foundIDs.insert(value)
                }
            }
        }
        guard batch.status(row) == .ok else {
            if asked {
                results.failures.append(
                    .malformed(path: source, line: line, reason: batch.problemDescription(row, header: header)))
            }
            return
        }
        // Outside an episode-level extract only the rows asked about are normalised.
        guard asked || spellColumn >= 0 else { return }
        var quality = QualityLog()
        normaliser.fill(&record, batch: batch, row: row, quality: &quality, source: source)
        if record.setting == .unknown { record.setting = rules.setting(forPOD: record.pod) }
        if spellColumn >= 0 {
            episodes.append((line, record, quality.entries, asked))
        } else {
            results.explanations.append(explain(line, record, quality.entries))
        }
    }

    private func explain(_ line: Int, _ record: ActivityRecord, _ quality: [QualityEntry]) -> RowExplanation {
        RowExplanation(
            source: source, line: line, shape: map.shape, episodeLevel: map.isEpisodeLevel, quality: quality,
            explanation: rules.explain(record), spell: nil, spellShownWith: nil)
    }

    /// Explains the episodes asked about of the spell just read, with the spell's result.
    private mutating func closeSpell() {
        defer { episodes.removeAll() }
        guard let last = episodes.lastIndex(where: \.asked) else { return }
        var scratch = rules.makeScratch()
        var each: [Classification] = []
        for episode in episodes {
            var result = Classification()
            rules.classify(episode.record, into: &result, scratch: &scratch)
            each.append(result)
        }
        var combined = Classification()
        rules.combineSpell(each, into: &combined)
        let summary = RowExplanation.SpellSummary(
            id: String(decoding: spellID ?? [], as: UTF8.self),
            episodes: zip(episodes, each).map { ($0.line, RowExplanation.describe($1, rules)) },
            result: RowExplanation.describe(combined, rules))
        for (index, episode) in episodes.enumerated() where episode.asked {
            var explanation = explain(episode.line, episode.record, episode.quality)
            if index == last { explanation.spell = summary } else { explanation.spellShownWith = episodes[last].line }
            results.explanations.append(explanation)
        }
    }

    /// Closes the last spell and notes every target no row matched.
    mutating func finish() -> RowExplanation.Results {
        closeSpell()
        for line in lines.subtracting(foundLines).sorted() {
            results.failures.append(.noSuchLine(path: source, line: line, lastLine: lastLine))
        }
        for id in ids.subtracting(foundIDs).sorted() {
            if idColumns.isEmpty {
                results.failures.append(.noIDColumn(path: source, id: id))
            } else {
                results.failures.append(.noSuchID(path: source, id: id, columns: idColumns.map { map.header[$0] }))
            }
        }
        return results
    }
}
