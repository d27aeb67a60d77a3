/// The comparison's sink: every row classified under an old and a new rule set in one
/// read, counted by where it goes under each (control totals per side, as a split with
/// each rule set would count them), by the pair of categories it moves between, by the
/// pair of services and HRG, and — when it changed category or service line — by the
/// pair of deciding rules; a changed row (or spell) is written to `changed-rows.csv` as it
/// goes. Rejected rows go to the rejects file, as in a split.
///
/// Used by one thread (the pipeline's). Nothing is kept per row: tallies grow with the
/// number of distinct keys, and a changed row is written out before the next delivery.
/// Allocates nothing per row once its buffers and tables have grown.
final class CompareSink: RowSink {
    let old: CompiledRuleSet
    let new: CompiledRuleSet
    let categories: CategoryCrosswalk
    let staging: StagingArea
    let rejects: RejectsWriter
    let options: CompareOptions
    /// `changed-rows.csv`, written as rows come: through an output pool, as the split's
    /// files are, so hashing and writing it take none of this thread's time in a parallel
    /// run (when most rows change, it is as large as a split's output).
    let changedRows: OutputPool
    let changedRowsHandle: Int

    /// What each side wrote, read and rejected, per contract (the same reads and rejects).
    @exclusivity(unchecked) var from: ControlTotals
    @exclusivity(unchecked) var to: ControlTotals
    /// Per contract, old category to new category.
    @exclusivity(unchecked) var movements: MovementMatrix
    /// Per contract, category pair, service pair and HRG (``serviceKey(_:_:_:)``).
    @exclusivity(unchecked) var byService = MovementTable()
    /// Changed rows per contract, category pair and pair of deciding rules.
    @exclusivity(unchecked) var byRule = MovementTable()
    /// Lines written to `changed-rows.csv`.
    @exclusivity(unchecked) private(set) var changedLines = 0
    var manifestInputs: [Manifest.Input] = []
    /// Each rule set's quality findings over the inputs read.
    var quality = [QualityLog(), QualityLog()]
    /// Where the run stands, for a status file.
    var monitor: JobMonitor?
    @exclusivity(unchecked) private var rowsWritten = 0
    @exclusivity(unchecked) private var rowsRejected = 0

    @exclusivity(unchecked) private var encoder = RowEncoder()
    /// The changed spell whose episodes are being summed (episode-level inputs).
    @exclusivity(unchecked) private var spell = OpenSpell()
    /// The current input's id column (-1: none) and name, encoded.
    @exclusivity(unchecked) private var idColumn = -1
    @exclusivity(unchecked) private var sourceField = EncodedFields([""])
    private let number: UnsafeMutablePointer<UInt8>

    // Precomputed output fields, per side.
    private let oldCategoryFields: EncodedFields
    private let newCategoryFields: EncodedFields
    private let oldRuleIDs: EncodedFields
    private let newRuleIDs: EncodedFields
    /// The index of `specialised` in each rule set (-1 when it has none).
    let oldSpecialised: Int
    let newSpecialised: Int

    /// The header of changed-rows.csv.
    static let changedRowsHeader = [
        "source", "line", "id", "contract", "from_category", "from_service_line", "from_rules", "to_category",
        "to_service_line", "to_rules", "activity", "value",
    ]

    /// A sink comparing `old` (rule set 0 of the pipeline) with `new` (rule set 1).
    init(
        old: CompiledRuleSet, new: CompiledRuleSet, staging: StagingArea, rejects: RejectsWriter,
        options: CompareOptions
    ) throws {
        self.old = old
        self.new = new
        self.staging = staging
        self.rejects = rejects
        self.options = options
        categories = CategoryCrosswalk(old: old.ruleSet, new: new.ruleSet)
        from = ControlTotals(categories: old.categories)
        to = ControlTotals(categories: new.categories)
        movements = MovementMatrix(oldCount: old.categories.count, newCount: new.categories.count)
        let pool = OutputPool(maxOpen: 4, memoryBudget: 4 << 20, background: options.parallel, digest: options.digest)
        let handle = pool.add(path: staging.path("changed-rows.csv"))
        var header = CSVEncoding.line(Self.changedRowsHeader)
        try header.withUTF8 { try pool.append(handle, UnsafeRawBufferPointer($0)) }
        changedRows = pool
        changedRowsHandle = handle
        number = .allocate(capacity: Totals.maxFormattedBytes)
        oldCategoryFields = EncodedFields(old.categories)
        newCategoryFields = EncodedFields(new.categories)
        oldRuleIDs = EncodedFields(old.ruleSet.rules.map(\.id))
        newRuleIDs = EncodedFields(new.ruleSet.rules.map(\.id))
        oldSpecialised = old.categories.firstIndex(of: "specialised") ?? -1
        newSpecialised = new.categories.firstIndex(of: "specialised") ?? -1
    }

    deinit {
        encoder.deallocate()
        number.deallocate()
    }

    /// Column names (folded as the header mapping folds them) that identify a row when the
    /// extract has no spell id: an attendance, episode or line id.
    static let idAliases = [
        "Attendance_Ident", "Attendance_ID", "ATTENDID", "Appointment_ID", "Episode_ID", "Episode_Ident", "Line_ID",
        "Line_Number", "Record_ID", "Row_ID",
    ].map(FieldAliases.fold)

    /// The column `changed-rows.csv` takes a row's id from: the spell id, else the first
    /// column named like an attendance, episode or line id; nil when there is none.
    static func idColumn(_ map: ColumnMap) -> Int? {
        if let spell = map.column(.spellId) { return spell }
        for alias in idAliases {
            if let index = map.header.firstIndex(where: { FieldAliases.fold($0) == alias }) { return index }
        }
        return nil
    }

    func begin(_ input: PipelineInput) throws {
        idColumn = Self.idColumn(input.map) ?? -1
        sourceField = EncodedFields([input.source])
    }

    func consume(_ rows: ClassifiedRows) throws {
        let episodes = rows.input.spellColumn >= 0
        try rows.forEach { batch, row in
            let classified = from.countIn(batch, row)
            _ = to.countIn(batch, row)
            guard classified else {
                try rejects.reject(rows, batch, row, encoder: &encoder)
                rowsRejected &+= 1
                return
            }
            try count(rows, batch, row, episodes: episodes)
            rowsWritten &+= 1
        }
        // A spell's episodes come in one delivery: the last changed spell is complete.
        if spell.isOpen { try writeSpell(rows) }
        monitor?.counted(written: rowsWritten, rejected: rowsRejected)
    }

    func end(_ input: PipelineInput, _ report: InputReport) throws {
        manifestInputs.append(Manifest.Input(input, report, options.digest))
        quality[0].merge(report.quality[0])
        quality[1].merge(report.quality[1])
    }

    /// The service of a row for the by-service tally, as summary.csv has it: the service
    /// line of a specialised row, the service group of any other.
    @inline(__always)
    static func serviceKey(_ result: RowResult, _ category: Int, specialised: Int) -> UInt64 {
        category == specialised
            ? SummaryTable.service(line: result.serviceLine) : SummaryTable.service(group: Int(result.serviceGroup))
    }

    /// The first key word of a movement: contract, old category, new category.
    @inline(__always)
    static func pairKey(_ contract: Int32, _ from: Int, _ to: Int) -> UInt64 {
        UInt64(UInt32(bitPattern: contract)) << 32 | UInt64(UInt16(truncatingIfNeeded: from)) << 16
            | UInt64(UInt16(truncatingIfNeeded: to))
    }

    /// Counts one classified row on both sides and in every tally; writes it out if it changed.
    @inline(__always)
    private func count(_ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int, episodes: Bool) throws {
        let contract = batch.contract[row]
        let before = batch.result(0, row).pointee
        let after = batch.result(1, row).pointee
        let fromCategory = Int(before.category)
        let toCategory = Int(after.category)
        let activity = batch.activity[row]
        let value = batch.value[row]
        from.countWritten(contract, category: fromCategory, activity: activity, value: value)
        to.countWritten(contract, category: toCategory, activity: activity, value: value)
        movements.ensure(contract: contract)
        movements.add(contract, from: fromCategory, to: toCategory, activity: activity, value: value)
        let pair = Self.pairKey(contract, fromCategory, toCategory)
        byService.add(
            MovementTable.Key(
                a: pair, b: Self.serviceKey(before, fromCategory, specialised: oldSpecialised),
                c: Self.serviceKey(after, toCategory, specialised: newSpecialised), d: batch.records[row].hrg.raw),
            activity: activity, value: value)
        guard categories.changed(from: fromCategory, to: toCategory) || before.serviceLine != after.serviceLine else {
            return
        }
        byRule.add(
            MovementTable.Key(
                a: pair, b: UInt64(UInt32(bitPattern: before.decidingRule)),
                c: UInt64(UInt32(bitPattern: after.decidingRule)), d: 0),
            activity: activity, value: value)
        guard episodes else {
            try writeChanged(rows, batch, row, activity: Int128(activity.micros), value: Int128(value.micros))
            return
        }
        let key = batch.spellKey[row]
        if spell.isOpen && spell.key == key {
            spell.activity += Int128(activity.micros)
            spell.value += Int128(value.micros)
            return
        }
        if spell.isOpen { try writeSpell(rows) }
        spell = OpenSpell(
            batch: batch, row: row, key: key, activity: Int128(activity.micros), value: Int128(value.micros))
    }

    /// A changed spell being summed: its first episode (valid for the delivery, which holds
    /// every episode of the spell) and the sums so far.
    struct OpenSpell {
        var batch: PipelineBatch? = nil
        var row = 0
        var key: UInt64 = 0
        var activity: Int128 = 0
        var value: Int128 = 0

        var isOpen: Bool { batch != nil }
    }

    private func writeSpell(_ rows: ClassifiedRows) throws {
        guard let batch = spell.batch else { return }
        let (row, activity, value) = (spell.row, spell.activity, spell.value)
        spell = OpenSpell()
        try writeChanged(rows, batch, row, activity: activity, value: value)
    }

    /// Writes a line of changed-rows.csv for row `row` (a spell's first episode) with these
    /// amounts (the spell's sums).
    private func writeChanged(
        _ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int, activity: Int128, value: Int128
    ) throws {
        let before = batch.result(0, row).pointee
        let after = batch.result(1, row).pointee
        encoder.reset()
        encoder.encoded(sourceField, 0)
        numberField(Totals.format(batch.rows.line(row), into: number))
        encoder.field(idColumn >= 0 ? batch.rows.field(row, idColumn) : UnsafeRawBufferPointer(start: nil, count: 0))
        var key = rows.contracts[Int(batch.contract[row])].key
        key.withUTF8 { encoder.field(UnsafeRawBufferPointer($0)) }
        encoder.encoded(oldCategoryFields, Int(before.category))
        encoder.code(before.serviceLine)
        batch.withMatches(ruleSet: 0, row: row) { national, local in encoder.joined(national, local, names: oldRuleIDs)
        }
        encoder.encoded(newCategoryFields, Int(after.category))
        encoder.code(after.serviceLine)
        batch.withMatches(ruleSet: 1, row: row) { national, local in encoder.joined(national, local, names: newRuleIDs)
        }
        numberField(Totals.format(activity, into: number))
        numberField(Totals.format(value, into: number))
        encoder.endLine()
        try changedRows.append(changedRowsHandle, encoder.buffer)
        changedRows.countRow(changedRowsHandle)
        changedLines += 1
    }

    @inline(__always)
    private func numberField(_ count: Int) {
        encoder.field(UnsafeRawBufferPointer(start: number, count: count))
    }
}
