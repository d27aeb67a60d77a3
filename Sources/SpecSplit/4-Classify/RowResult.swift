/// What classifying one row, or the spell it belongs to, under one rule set found: the
/// compact form a ``PipelineBatch`` keeps per row, its matched rules in the batch's flat
/// list (`matchStart ..< matchStart + nationalCount + localCount`).
///
/// ``Classification`` is the working form the engine fills (and explanations read); a batch
/// holds thousands of rows, so it keeps this fixed-size copy instead of two arrays a row.
struct RowResult {
    /// The dominant service line.
    var serviceLine: PackedCode = ServiceLine.notCommissioned
    /// The rank of the deciding national rule's line (`Int.max` when none decided).
    var nationalRank: Int = Int.max
    /// Index into the rule set's categories.
    var category: Int32 = 0
    /// Index into the rule set's NPoCs.
    var npoc: Int32 = 0
    /// Index into the rule set's service group names.
    var serviceGroup: Int32 = 0
    /// The deciding rule, or -1.
    var decidingRule: Int32 = -1
    /// Where the row's matched rules start in the batch's list for this rule set.
    var matchStart: Int32 = 0
    /// National matches (rule order), then local matches (file order).
    var nationalCount: UInt32 = 0
    var localCount: UInt32 = 0
    /// The setting the row was classified in (contract-monitoring lines take theirs from
    /// the rule set's points of delivery, so it can differ between rule sets).
    var setting: Setting = .unknown
    /// The category that commissions the row today (from `current-commissioning.csv`), or
    /// -1 when the table does not say (or the rule set has none). A spell's episodes keep
    /// their own.
    var current: Int16 = CurrentCommissioningTable.unknown

    /// True when a national rule decided the result.
    var isNational: Bool { nationalRank != Int.max }
}

extension Classification {
    /// Loads the result kept in `stored` (its matches from `matches`), with the row's
    /// point of delivery and specialties from `record`: what
    /// ``CompiledRuleSet/combineSpell(_:into:)`` reads of an episode.
    mutating func load(_ stored: RowResult, matches: UnsafePointer<RuleIndex>, record: UnsafePointer<ActivityRecord>) {
        category = Int(stored.category)
        serviceLine = stored.serviceLine
        npoc = Int(stored.npoc)
        serviceGroup = Int(stored.serviceGroup)
        decidingRule = stored.decidingRule < 0 ? nil : stored.decidingRule
        nationalRank = stored.nationalRank
        nationalMatches.removeAll(keepingCapacity: true)
        localMatches.removeAll(keepingCapacity: true)
        let start = Int(stored.matchStart)
        let national = Int(stored.nationalCount)
        for index in 0..<national { nationalMatches.append(matches[start + index]) }
        for index in 0..<Int(stored.localCount) { localMatches.append(matches[start + national + index]) }
        pod = record.pointee.pod
        treatmentFunction = record.pointee.treatmentFunction
        mainSpecialty = record.pointee.mainSpecialty
        practiceType = nil
        postcodeType = nil
    }
}

extension RowResult {
    /// The compact form of `result`, whose matches start at `matchStart` in the batch's list.
    init(_ result: Classification, matchStart: Int, setting: Setting, current: Int16) {
        serviceLine = result.serviceLine
        nationalRank = result.nationalRank
        category = Int32(truncatingIfNeeded: result.category)
        npoc = Int32(truncatingIfNeeded: result.npoc)
        serviceGroup = Int32(truncatingIfNeeded: result.serviceGroup)
        decidingRule = result.decidingRule ?? -1
        self.matchStart = Int32(truncatingIfNeeded: matchStart)
        nationalCount = UInt32(truncatingIfNeeded: result.nationalMatches.count)
        localCount = UInt32(truncatingIfNeeded: result.localMatches.count)
        self.setting = setting
        self.current = current
    }
}
