/// The classify stage: classifies every readable row of a batch under each rule set, each
/// episode on its own (spells are rolled up in input order afterwards: ``SpellRollup``).
///
/// Each instance keeps its own working memory, so several can classify different batches
/// on different threads (one thread at a time each); it allocates nothing per row once
/// that memory has grown.
final class BatchClassifier: @unchecked Sendable {
    let ruleSets: [CompiledRuleSet]
    /// The setting every row of the input has, when its shape fixes one; otherwise each
    /// rule set gives a row's setting from its point of delivery.
    let fixedSetting: Setting?
    @exclusivity(unchecked) private var work: [Classification]
    @exclusivity(unchecked) private var scratch: [ClassifyScratch]

    init(ruleSets: [CompiledRuleSet], fixedSetting: Setting?) {
        self.ruleSets = ruleSets
        self.fixedSetting = fixedSetting
        work = ruleSets.map { _ in Classification() }
        scratch = ruleSets.map { $0.makeScratch() }
    }

    /// How many rows ahead the classifier asks for a row's record and offsets, then for what
    /// they point to (code lists, bytes), to be brought into its cache.
    static let prefetchDistance = (record: 8, contents: 4)

    /// Classifies the rows of `batch` that have no fault.
    func callAsFunction(_ batch: PipelineBatch) {
        let count = batch.count
        for row in 0..<count {
            if row &+ Self.prefetchDistance.record < count { batch.prefetchRecord(row &+ Self.prefetchDistance.record) }
            if row &+ Self.prefetchDistance.contents < count { batch.prefetchContents(row &+ Self.prefetchDistance.contents) }
            guard batch.fault[row] == .none else { continue }
            // Borrow the row's record as a local: moved out of the batch and back, one bitwise
            // copy each way (a copy would retain and release its code lists).
            let slot = batch.records + row
            var record = slot.move()
            defer { slot.initialize(to: record) }
            for index in ruleSets.indices {
                let setting = fixedSetting ?? ruleSets[index].setting(forPOD: record.pod)
                record.setting = setting
                let compiled = ruleSets[index]
                compiled.classify(record, into: &work[index], scratch: &scratch[index])
                let current =
                    compiled.current.isEmpty
                    ? CurrentCommissioningTable.unknown
                    : compiled.current.category(serviceCategory: record.serviceCategory, commissioner: record.commissioner)
                batch.store(work[index], ruleSet: index, row: row, setting: setting, current: current)
            }
        }
    }
}
