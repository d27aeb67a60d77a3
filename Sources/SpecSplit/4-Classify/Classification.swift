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
///
/// The marks live in memory of its own, written through pointers: an array written on this
/// path paid a uniqueness check and a bounds check for every mark (about 2.5% of a split's
/// samples). A copy shares that memory, so a copy must not be used by another thread.
public struct ClassifyScratch: @unchecked Sendable {
    private final class Storage {
        let anyHit: UnsafeMutablePointer<UInt32>
        let primaryHit: UnsafeMutablePointer<UInt32>
        let candidateStamp: UnsafeMutablePointer<UInt32>
        let candidates: UnsafeMutablePointer<Int32>
        let groups: UnsafeMutablePointer<GroupMemo>

        init(lists: Int, rules: Int) {
            groups = .allocate(capacity: ClassifyScratch.groupSlots)
            groups.initialize(repeating: GroupMemo(), count: ClassifyScratch.groupSlots)
            anyHit = .allocate(capacity: max(lists, 1))
            anyHit.initialize(repeating: 0, count: max(lists, 1))
            primaryHit = .allocate(capacity: max(lists, 1))
            primaryHit.initialize(repeating: 0, count: max(lists, 1))
            candidateStamp = .allocate(capacity: max(rules, 1))
            candidateStamp.initialize(repeating: 0, count: max(rules, 1))
            candidates = .allocate(capacity: max(rules, 1))
        }

        deinit {
            anyHit.deallocate()
            primaryHit.deallocate()
            candidateStamp.deallocate()
            candidates.deallocate()
            groups.deallocate()
        }
    }

    /// A service group worked out before: the first row of `service-groups.csv` matching
    /// these codes and category (rows repeat a few combinations, and the table is scanned).
    struct GroupMemo {
        var pod: UInt64 = 0
        var treatmentFunction: UInt64 = 0
        var mainSpecialty: UInt64 = 0
        var serviceLine: UInt64 = 0
        var category = -1
        /// -1: the slot holds nothing yet.
        var group = -1
    }

    /// Slots of the service-group memo (direct-mapped: a new combination replaces the old).
    static let groupSlots = 256

    /// The memo slot for a combination of codes and category.
    @inline(__always)
    func groupSlot(_ pod: UInt64, _ treatmentFunction: UInt64, _ mainSpecialty: UInt64, _ serviceLine: UInt64, _ category: Int)
        -> UnsafeMutablePointer<GroupMemo>
    {
        var hash = pod &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ treatmentFunction) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ mainSpecialty) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ serviceLine ^ UInt64(bitPattern: Int64(category))) &* 0x9E37_79B9_7F4A_7C15
        return storage.groups + Int(truncatingIfNeeded: hash >> 56)
    }

    private let storage: Storage
    /// The rule set it was made for: its marks and memo mean nothing to another.
    let owner: CompiledRuleSet?
    /// The number of code lists and of rules it has room for.
    let lists: Int
    let rules: Int
    /// The current row's stamp; a list or rule whose stamp equals it was marked for this row.
    var stamp: UInt32 = 0
    /// How many of ``candidates`` the current row has.
    private var candidateCount = 0

    init(lists: Int, rules: Int, owner: CompiledRuleSet? = nil) {
        storage = Storage(lists: lists, rules: rules)
        self.owner = owner
        self.lists = lists
        self.rules = rules
    }

    /// Per code list: the stamp of the last row with a code of the list in any position.
    var anyHit: UnsafeMutablePointer<UInt32> { storage.anyHit }
    /// Per code list: the stamp of the last row whose first code is in the list.
    var primaryHit: UnsafeMutablePointer<UInt32> { storage.primaryHit }
    /// Per rule: the stamp of the last row it was a candidate for.
    var candidateStamp: UnsafeMutablePointer<UInt32> { storage.candidateStamp }
    /// The national rules to test for the current row.
    var candidates: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: storage.candidates, count: candidateCount) }

    /// Adds a rule to the current row's candidates (each rule once: see ``candidateStamp``).
    @inline(__always)
    mutating func addCandidate(_ rule: Int32) {
        storage.candidates[candidateCount] = rule
        candidateCount &+= 1
    }

    /// Starts a new row: a fresh stamp (clearing the marks when the stamp wraps).
    @inline(__always)
    mutating func nextRow() {
        if stamp == UInt32.max {
            stamp = 0
            anyHit.update(repeating: 0, count: max(lists, 1))
            primaryHit.update(repeating: 0, count: max(lists, 1))
            candidateStamp.update(repeating: 0, count: max(rules, 1))
        }
        stamp &+= 1
        candidateCount = 0
    }
}
