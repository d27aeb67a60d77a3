/// The route stage: in input order, gives each row its contract, rolls the episodes of a
/// spell up into the spell's result, turns faults into rejects, and lays the rows out as a
/// ``ClassifiedRows`` delivery for the sinks.
///
/// It runs on one thread, after the batch's rows have been classified (on whatever thread):
/// contracts are numbered in order of first sight, so every output is the same whatever
/// the threads did.
final class BatchRouter {
    let ruleSets: [CompiledRuleSet]
    /// Every contract of the run, numbered in order of first sight.
    @exclusivity(unchecked) private(set) var registry = ContractRegistry()
    @exclusivity(unchecked) private var rollup: SpellRollup
    @exclusivity(unchecked) private var input: PipelineInput?
    /// Per rule set and setting: rows of the current input with a known contract (to say
    /// how many rows a rule that could not be tested concerned).
    @exclusivity(unchecked) private(set) var rowsBySetting: [[Int]]
    /// Rows of the current input rejected so far.
    @exclusivity(unchecked) private(set) var rejected = 0

    init(ruleSets: [CompiledRuleSet]) {
        self.ruleSets = ruleSets
        rollup = SpellRollup(ruleSets: ruleSets)
        rowsBySetting = ruleSets.map { _ in [Int](repeating: 0, count: Setting.allCases.count) }
    }

    /// Starts an input.
    func begin(_ input: PipelineInput) {
        self.input = input
        rollup.reset()
        for index in rowsBySetting.indices { for setting in rowsBySetting[index].indices { rowsBySetting[index][setting] = 0 } }
        rejected = 0
    }

    /// Routes the rows of `batch` into `delivery`, after the rows of an open spell's earlier
    /// batches (`held`).
    func route(_ batch: PipelineBatch, held: [PipelineBatch], into delivery: ClassifiedRows) {
        guard let input else { preconditionFailure("route before begin") }
        delivery.reset(keeping: held)
        let here = delivery.add(batch)
        let rows = batch.rows
        for row in 0..<batch.count {
            let fault = batch.fault[row]
            if fault == .unreadable {
                batch.contract[row] = -1
                rejected += 1
                delivery.append(batch: here, row: row)
                continue
            }
            let record = batch.records + row
            let contractField = input.contractColumn >= 0 ? rows.field(row, input.contractColumn) : nil
            batch.contract[row] = registry.index(
                provider: record.pointee.provider, commissioner: record.pointee.commissioner, contract: contractField)
            countSetting(batch, row, fault: fault)
            if fault != .none {
                rejected += 1
                delivery.append(batch: here, row: row)
                continue
            }
            guard input.spellColumn >= 0 else {
                delivery.append(batch: here, row: row)
                continue
            }
            let key = batch.spellKey[row]
            if rollup.closes(key) { closeSpell(into: delivery) }
            if case .returns(let first) = rollup.hold(batch, row, key: key) {
                batch.fault[row] = .spellReturns
                batch.faultDetail[row] = Int32(truncatingIfNeeded: first)
                rejected += 1
                delivery.append(batch: here, row: row)
            }
        }
    }

    /// Ends the input: the open spell, if any, goes into `delivery` (emptied first, keeping
    /// `held`).
    func finish(held: [PipelineBatch], into delivery: ClassifiedRows) {
        delivery.reset(keeping: held)
        closeSpell(into: delivery)
    }

    /// Whether the open spell still needs `batch`.
    func holds(_ batch: PipelineBatch) -> Bool { rollup.holds(batch) }

    private func closeSpell(into delivery: ClassifiedRows) {
        rollup.close { batch, row in delivery.append(batch: delivery.index(of: batch), row: row) }
    }

    @inline(__always)
    private func countSetting(_ batch: PipelineBatch, _ row: Int, fault: RowFault) {
        for index in ruleSets.indices {
            let setting: Setting
            if fault == .none {
                setting = batch.result(index, row).pointee.setting
            } else {
                setting = input?.fixedSetting ?? ruleSets[index].setting(forPOD: batch.records[row].pod)
            }
            rowsBySetting[index][Int(setting.rawValue)] += 1
        }
    }

    /// Why row `row` of `batch` was rejected, and the column concerned; nil when it was not.
    func rejection(of batch: PipelineBatch, _ row: Int, header: [String]) -> (reason: String, column: String)? {
        let detail = Int(batch.faultDetail[row])
        switch batch.fault[row] {
        case .none:
            return nil
        case .unreadable:
            return batch.rows.problem(row, header: header)
        case .badActivity, .badValue:
            let bytes = batch.rows.field(row, detail)
            let text = String(decoding: bytes, as: UTF8.self)
            let what = batch.fault[row] == .badActivity ? "activity" : "value"
            if let why = Amount.whyNotExact(bytes) { return ("\(what) \(why): \"\(text)\"", header[detail]) }
            return ("\(what) is not a number: \"\(text)\" (plain decimals only, e.g. 1234.56 or -12)", header[detail])
        case .spellReturns:
            let spell = input?.spellColumn ?? -1
            let text = String(decoding: batch.rows.field(row, spell), as: UTF8.self)
            return (
                "spell \(text) comes back at line \(batch.rows.line(row)) after other spells; it started at line \(detail). "
                    + "Episodes of a spell must be adjacent: sort the extract by spell id and episode number",
                spell >= 0 && spell < header.count ? header[spell] : ""
            )
        }
    }
}
