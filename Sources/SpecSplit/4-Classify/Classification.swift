/// The index of a rule in ``RuleSet/rules`` (and ``CompiledRuleSet/rules``).
public typealias RuleIndex = Int32

/// The result of classifying one row (or one spell): a buffer the caller owns and reuses
/// for every row, so classifying allocates nothing once its lists have grown.
///
/// Indexes refer to the tables of the ``CompiledRuleSet`` that filled it:
/// ``category`` to ``CompiledRuleSet/categories``, ``npoc`` to ``CompiledRuleSet/npocs``,
/// ``serviceGroup`` to ``CompiledRuleSet/serviceGroupNames``, derived types to
/// ``CompiledRuleSet/typeNames``.
public struct Classification: Sendable {
    /// The category: an index into ``CompiledRuleSet/categories``.
    public var category: Int = 0
    /// The dominant service line (`99999999` when no rule matched).
    public var serviceLine: PackedCode = ServiceLine.notCommissioned
    /// The national programme of care of the service line: an index into
    /// ``CompiledRuleSet/npocs`` (0 is none).
    public var npoc: Int = 0
    /// The service group: an index into ``CompiledRuleSet/serviceGroupNames`` (0 is none).
    public var serviceGroup: Int = 0
    /// Every national rule that matched, in rule order.
    public var nationalMatches: [RuleIndex] = []
    /// Every local rule that matched, in file order.
    public var localMatches: [RuleIndex] = []
    /// The rule that gave the category and service line; nil when none matched.
    public var decidingRule: RuleIndex? = nil
    /// The row's derived `practice_type` (index into ``CompiledRuleSet/typeNames``, 0 is
    /// `NONE`); nil when the extract does not carry `gp_practice`.
    public var practiceType: Int? = nil
    /// The row's derived `postcode_type` (index into ``CompiledRuleSet/typeNames``, 0 is
    /// `NONE`); nil when the extract does not carry `postcode`.
    public var postcodeType: Int? = nil

    /// The rank of the deciding national rule's service line (`Int.max` when the decision is
    /// not national); used to combine the episodes of a spell.
    public internal(set) var nationalRank: Int = Int.max
    /// The row's point of delivery, treatment function and main specialty, kept to work out
    /// a spell's service group.
    var pod: PackedCode = .empty
    var treatmentFunction: PackedCode = .empty
    var mainSpecialty: PackedCode = .empty

    /// An empty result with room for `capacity` matches of each stage.
    public init(capacity: Int = 16) {
        nationalMatches.reserveCapacity(capacity)
        localMatches.reserveCapacity(capacity)
    }

    /// True when a national rule decided the result.
    public var isNational: Bool { nationalRank != Int.max }

    mutating func reset(defaultCategory: Int) {
        category = defaultCategory
        serviceLine = ServiceLine.notCommissioned
        npoc = 0
        serviceGroup = 0
        nationalMatches.removeAll(keepingCapacity: true)
        localMatches.removeAll(keepingCapacity: true)
        decidingRule = nil
        practiceType = nil
        postcodeType = nil
        nationalRank = Int.max
        pod = .empty
        treatmentFunction = .empty
        mainSpecialty = .empty
    }
}

/// Working memory for classifying rows with one ``CompiledRuleSet``: per-row stamps that
/// mark which code lists the row hit and which rules are already candidates. Make one per
/// thread with ``CompiledRuleSet/makeScratch()`` and reuse it for every row.
public struct ClassifyScratch: Sendable {
    /// The current row's stamp; a list or rule whose stamp equals it was marked for this row.
    var stamp: UInt32 = 0
    /// Per code list: the stamp of the last row with a code of the list in any position.
    var anyHit: [UInt32]
    /// Per code list: the stamp of the last row whose first code is in the list.
    var primaryHit: [UInt32]
    /// Per rule: the stamp of the last row it was a candidate for.
    var candidateStamp: [UInt32]
    /// The national rules to test for the current row.
    var candidates: [Int32]

    init(lists: Int, rules: Int) {
        anyHit = [UInt32](repeating: 0, count: lists)
        primaryHit = [UInt32](repeating: 0, count: lists)
        candidateStamp = [UInt32](repeating: 0, count: rules)
        candidates = []
        candidates.reserveCapacity(rules)
    }

    /// Starts a new row: a fresh stamp (clearing the marks when the stamp wraps).
    @inline(__always)
    mutating func nextRow() {
        if stamp == UInt32.max {
            stamp = 0
            for i in anyHit.indices { anyHit[i] = 0; primaryHit[i] = 0 }
            for i in candidateStamp.indices { candidateStamp[i] = 0 }
        }
        stamp &+= 1
        candidates.removeAll(keepingCapacity: true)
    }
}
