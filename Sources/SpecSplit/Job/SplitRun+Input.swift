import Crypto
import Foundation

/// Hashes an input's content as it is read (on the reading thread), for the manifest.
final class ContentHasher: InputObserver, @unchecked Sendable {
    private var hasher = SHA256()

    func consume(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    func hex() -> String { hasher.finalize().hex }
}

/// Normalises the batches of one input on the reading thread, with its own quality log
/// (merged into the run's when the input has been read).
final class InputNormaliser: @unchecked Sendable {
    let normaliser: RecordNormaliser
    let source: String
    let compiled: CompiledRuleSet
    let fixedSetting: Bool
    private(set) var quality = QualityLog()

    init(input: InputState, compiled: CompiledRuleSet) {
        normaliser = input.normaliser
        source = input.source
        self.compiled = compiled
        fixedSetting = input.fixedSetting != nil
    }

    @Sendable func callAsFunction(_ batch: NormalisedBatch) {
        let compiled = compiled
        batch.normalise(
            with: normaliser, quality: &quality, source: source,
            setting: fixedSetting ? nil : { compiled.setting(forPOD: $0) })
    }
}

/// An episode held until its spell is complete.
struct PendingEpisode {
    var batch: RowBatch
    var row: Int
    var contract: Int32
    var activity: Amount
    var value: Amount
    var hrg: PackedCode
}

/// Per-input state of a split: column positions, spell tracking, row counts by setting.
struct InputState {
    let map: ColumnMap
    let normaliser: RecordNormaliser
    let group: Int
    let source: String
    let fixedSetting: Setting?
    let contractColumn: Int
    let activityColumn: Int
    let valueColumn: Int
    /// The spell id column when the extract is at episode level; -1 otherwise.
    let spellColumn: Int
    var rowsBySetting = [0, 0, 0]

    var pending: [PendingEpisode] = []
    var pendingKey: UInt64 = 0
    /// Spells already closed: id hash -> the line where the spell started.
    var seenSpells: [UInt64: Int] = [:]
    var episodeResults: [Classification] = []

    init(plan: InputPlan, group: Int, compiled: CompiledRuleSet, source: String) {
        map = plan.map
        normaliser = RecordNormaliser(map: plan.map)
        self.group = group
        self.source = source
        fixedSetting = plan.map.shape.fixedSetting
        contractColumn = plan.contractKeyed ? (plan.map.column(.contract) ?? -1) : -1
        activityColumn = plan.map.column(.activity) ?? -1
        valueColumn = plan.map.column(.value) ?? -1
        spellColumn = plan.map.isEpisodeLevel ? (plan.map.column(.spellId) ?? -1) : -1
        pending.reserveCapacity(16)
    }
}

extension SplitRun {
    /// Holds an episode until its spell ends (the spell id changes), classifying it now.
    func holdEpisode(
        _ batch: RowBatch, _ row: Int, _ record: ActivityRecord, _ input: inout InputState, _ stats: inout InputStats,
        contract: Int32, activity: Amount, value: Amount
    ) throws {
        let id = batch.field(row, input.spellColumn)
        let key = QualityLog.hash(id)
        if !input.pending.isEmpty && key != input.pendingKey { try flushSpell(&input) }
        if input.pending.isEmpty {
            if let first = input.seenSpells[key] {
                let text = String(decoding: id, as: UTF8.self)
                try reject(
                    batch, row, &input, &stats,
                    reason: "spell \(text) comes back at line \(batch.line(row)) after other spells; it started at line \(first). "
                        + "Episodes of a spell must be adjacent: sort the extract by spell id and episode number",
                    column: input.map.header[input.spellColumn])
                totals.countRejected(contract, activity: activity, value: value)
                return
            }
            input.seenSpells[key] = batch.line(row)
            input.pendingKey = key
        }
        let index = input.pending.count
        if input.episodeResults.count <= index { input.episodeResults.append(Classification()) }
        compiled.classify(record, into: &input.episodeResults[index], scratch: &scratch)
        input.pending.append(PendingEpisode(batch: batch, row: row, contract: contract, activity: activity, value: value, hrg: record.hrg))
    }

    /// Classifies the held spell and writes each of its episodes with the spell's result.
    func flushSpell(_ input: inout InputState) throws {
        guard !input.pending.isEmpty else { return }
        compiled.combineSpell(input.episodeResults[0..<input.pending.count], into: &result)
        for episode in input.pending {
            try write(episode.batch, episode.row, group: input.group, contract: episode.contract, activity: episode.activity, value: episode.value, hrg: episode.hrg)
        }
        input.pending.removeAll(keepingCapacity: true)
    }

    /// Rejects a row that could not be parsed (its contract is unknown).
    func rejectUnreadable(_ batch: RowBatch, _ row: Int, _ input: inout InputState, _ stats: inout InputStats) throws {
        let status = batch.status(row)
        let (reason, name) = batch.problem(row, header: input.map.header)
        encoder.reset()
        if status == .strayQuote || status == .unterminatedQuote {
            let raw = batch.field(row, 0)
            try rejects.reject(source: input.source, line: batch.line(row), reason: reason, column: name, record: raw)
        } else {
            encoder.row(batch, row)
            try rejects.reject(source: input.source, line: batch.line(row), reason: reason, column: name, record: encoder.buffer)
        }
        totals.countUnreadable()
        stats.rejected += 1
    }

    /// Rejects a readable row (a value that is not a number, a spell that comes back).
    func reject(
        _ batch: RowBatch, _ row: Int, _ input: inout InputState, _ stats: inout InputStats, reason: String, column: String
    ) throws {
        encoder.reset()
        encoder.row(batch, row)
        try rejects.reject(source: input.source, line: batch.line(row), reason: reason, column: column, record: encoder.buffer)
        stats.rejected += 1
    }
}
