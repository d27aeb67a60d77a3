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
        // Results and scratch through pointers, rule sets borrowed for the whole batch: an
        // array element passed `inout` paid a uniqueness check, handing a result on copied
        // it (retaining its match lists), and each rule set was retained, for every row.
        ruleSets.withUnsafeBufferPointer { ruleSets in
            work.withUnsafeMutableBufferPointer { work in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    for row in 0..<count {
                        if row &+ Self.prefetchDistance.record < count { batch.prefetchRecord(row &+ Self.prefetchDistance.record) }
                        if row &+ Self.prefetchDistance.contents < count { batch.prefetchContents(row &+ Self.prefetchDistance.contents) }
                        guard batch.fault[row] == .none else { continue }
                        // The record moved out and back (a copy would retain and release its
                        // code lists), so the compiler sees it unshared while it is classified.
                        let slot = batch.records + row
                        var record = slot.move()
                        for index in ruleSets.indices {
                            let compiled = ruleSets[index]
                            let setting = fixedSetting ?? compiled.setting(forPOD: record.pod)
                            record.setting = setting
                            let result = work.baseAddress! + index
                            compiled.classify(record, into: &result.pointee, scratch: &scratch[index])
                            let current =
                                compiled.current.isEmpty
                                ? CurrentCommissioningTable.unknown
                                : compiled.current.category(serviceCategory: record.serviceCategory, commissioner: record.commissioner)
                            batch.store(result, ruleSet: index, row: row, setting: setting, current: current)
                        }
                        slot.initialize(to: consume record)
                    }
                }
            }
        }
    }
}
