/// Rolls the episodes of a spell up into the spell's result, in input order, under each
/// rule set: every episode then carries its spell's result (the best-ranked national line
/// over its episodes, otherwise the first local match; see
/// ``CompiledRuleSet/combineSpell(_:into:)``).
///
/// Episodes of a spell must be adjacent. The roll-up holds the open spell's episodes (in
/// whichever batches they arrived) until a row of another spell, or the end of the input,
/// closes it; a spell id that comes back after other spells is refused, naming the line
/// where it started.
struct SpellRollup {
    /// An episode waiting for its spell to close.
    struct Episode {
        var batch: PipelineBatch
        var row: Int
    }

    let ruleSets: [CompiledRuleSet]
    /// The open spell's episodes, in order.
    private(set) var pending: [Episode] = []
    private var pendingKey: UInt64 = 0
    /// Spells already opened: id hash -> the line where the spell started.
    private var seen: [UInt64: Int] = [:]
    /// Per rule set: the episodes' results as the engine reads them, and the spell's.
    private var episodes: [[Classification]]
    private var spell: [Classification]

    init(ruleSets: [CompiledRuleSet]) {
        self.ruleSets = ruleSets
        episodes = ruleSets.map { _ in [] }
        spell = ruleSets.map { _ in Classification() }
        pending.reserveCapacity(16)
    }

    /// What became of an episode.
    enum Outcome {
        /// Held: it goes on with its spell.
        case held
        /// Its spell id came back after other spells; the spell started on this line.
        case returns(firstLine: Int)
    }

    /// True when `key` (the hash of a row's spell id) would close the open spell.
    @inline(__always)
    func closes(_ key: UInt64) -> Bool { !pending.isEmpty && key != pendingKey }

    /// Holds episode `row` of `batch` (whose spell key is `key`), after ``closes(_:)`` was
    /// answered by closing the open spell if it had to be.
    mutating func hold(_ batch: PipelineBatch, _ row: Int, key: UInt64) -> Outcome {
        if pending.isEmpty {
            if let first = seen[key] { return .returns(firstLine: first) }
            seen[key] = batch.rows.line(row)
            pendingKey = key
        }
        pending.append(Episode(batch: batch, row: row))
        return .held
    }

    /// Closes the open spell: works out its result under each rule set, gives it to every
    /// episode, and calls `each` with the episodes in order.
    mutating func close(_ each: (PipelineBatch, Int) -> Void) {
        guard !pending.isEmpty else { return }
        for index in ruleSets.indices {
            while episodes[index].count < pending.count { episodes[index].append(Classification()) }
            for (position, episode) in pending.enumerated() {
                episodes[index][position].load(
                    episode.batch.result(index, episode.row).pointee, matches: episode.batch.matchList(index),
                    record: episode.batch.records + episode.row)
            }
            ruleSets[index].combineSpell(episodes[index][0..<pending.count], into: &spell[index])
            for episode in pending {
                let own = episode.batch.result(index, episode.row).pointee
                episode.batch.store(spell[index], ruleSet: index, row: episode.row, setting: own.setting, current: own.current)
            }
        }
        for episode in pending { each(episode.batch, episode.row) }
        pending.removeAll(keepingCapacity: true)
    }

    /// Whether the open spell has an episode in `batch` (which must then be kept).
    func holds(_ batch: PipelineBatch) -> Bool { pending.contains { $0.batch === batch } }

    /// Forgets the spells of the input read (the next input starts afresh).
    mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        seen.removeAll()
    }
}
