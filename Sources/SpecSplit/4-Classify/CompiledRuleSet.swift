/// A rule set compiled for classifying rows: every code list interned once, every code
/// packed into an integer, and the national rules indexed by the codes that can trigger
/// them. Build it once per run and share it between threads; it never changes.
///
/// Per row, ``classify(_:into:scratch:)`` looks up each of the row's codes (and its
/// prefixes) in open-addressing tables of packed codes, marks the code lists it hits,
/// collects the national rules indexed under those lists, and tests only those, plus the
/// few national rules that have no indexable condition, plus every local rule in order.
public final class CompiledRuleSet: Sendable {
    /// The rule set this was compiled from.
    public let ruleSet: RuleSet
    /// The categories (``RuleSet/categories``).
    public let categories: [String]
    /// The national programmes of care of the service lines; index 0 is the empty NPoC.
    public let npocs: [String]
    /// The service group names; index 0 is the empty group (no row matched).
    public let serviceGroupNames: [String]
    /// The values of derived fields (`practice_type`, `postcode_type`), upper case without
    /// spaces; index 0 is `NONE`.
    public let typeNames: [String]
    /// The index of `non-specialised` in ``categories``.
    public let defaultCategory: Int

    let rules: [CompiledRule]
    let conditionLists: [Int32]
    let fields: [FieldIndex]
    /// Owns the memory `fields` reads.
    let fieldTables: [CodeTable]
    /// Owns the memory of the filters in ``fields``.
    let fieldFilters: [StemFilter]
    /// Field bit (in ``FieldSet``) of each ``MatchField``.
    let fieldBits: [UInt32]
    /// The ``MatchField``s a row's codes are looked up in: those some rule tests, and the
    /// derived types (worked out for every row that carries their field).
    let markedFields: [MatchField]
    let listCount: Int
    /// National rules indexed under each list: `listRules[listRuleStart[l]..<listRuleStart[l+1]]`.
    let listRuleStart: [Int32]
    let listRules: [Int32]
    /// National rules with no indexable condition: tested for every row.
    let alwaysRules: [Int32]
    /// Local rules in file order.
    let localRules: [Int32]
    /// Service line (packed raw) -> index in ``lineNPoC``.
    let lineTable: CodeTable
    let lineNPoC: [Int]
    let defaultNPoC: Int
    /// Practice code -> type name index; prison postcode -> type name index.
    let practiceTable: CodeTable
    let postcodeTable: CodeTable
    let pseudoPractices: [PackedCode]
    let serviceGroups: ServiceGroupTable
    let podSettingTable: CodeTable
    /// Who commissions a row today (`current-commissioning.csv`).
    let current: CurrentCommissioningTable
    /// Per category: whether it is commissioned nationally (``RuleSet/nationalCategories``).
    public let isNational: [Bool]
    /// List id of each (rule, column) condition, for explanations.
    let conditionList: [[RuleColumn: Int32]]

    /// Compiles `ruleSet`.
    public init(_ ruleSet: RuleSet) {
        var builder = Builder(ruleSet)
        builder.build()
        self.ruleSet = ruleSet
        self.categories = ruleSet.categories
        self.npocs = builder.npocs.names
        self.serviceGroupNames = builder.groups.names
        self.typeNames = builder.types.names
        self.defaultCategory = ruleSet.categoryIndex(RuleSet.defaultCategory) ?? 0
        self.rules = builder.rules
        self.conditionLists = builder.conditionLists
        self.fields = builder.fieldIndexes
        self.fieldTables = builder.fieldTables
        self.fieldFilters = builder.fieldFilters
        self.fieldBits = MatchField.allCases.map { $0.field.bit }
        let indexes = builder.fieldIndexes
        self.markedFields = MatchField.allCases.filter { field in
            field == .practiceType || field == .postcodeType || indexes[field.rawValue].used
        }
        self.listCount = builder.listCount
        self.listRuleStart = builder.listRuleStart
        self.listRules = builder.listRules
        self.alwaysRules = builder.alwaysRules
        self.localRules = builder.localRules
        self.lineTable = builder.lineTable
        self.lineNPoC = builder.lineNPoC
        self.defaultNPoC = builder.defaultNPoC
        self.practiceTable = builder.practiceTable
        self.postcodeTable = builder.postcodeTable
        self.pseudoPractices = Practice.pseudoCodes
        self.serviceGroups = builder.serviceGroups
        self.podSettingTable = builder.podSettingTable
        current = CurrentCommissioningTable(ruleSet)
        isNational = ruleSet.categories.map { ruleSet.nationalCategories.contains($0) }
        self.conditionList = builder.conditionList
    }

    /// Working memory for ``classify(_:into:scratch:)``: make one per thread.
    public func makeScratch() -> ClassifyScratch {
        ClassifyScratch(lists: listCount, rules: rules.count, owner: self)
    }

    /// The setting of a contract-monitoring row from its point of delivery (`pod-settings.csv`);
    /// `.unknown` when the POD is not listed.
    public func setting(forPOD pod: PackedCode) -> Setting {
        guard let value = podSettingTable.first(pod.raw) else { return .unknown }
        return Setting(rawValue: UInt8(value)) ?? .unknown
    }

    /// The rules that can never fire on rows of an extract carrying `present` in `setting`:
    /// each needs a field the extract lacks. The caller counts rows per (file, setting) and
    /// adds that count to each of these rules, so no per-row work is needed.
    public func untestableRules(for present: FieldSet, setting: Setting) -> [RuleIndex] {
        var result: [RuleIndex] = []
        for (index, rule) in rules.enumerated() where rule.setting == .unknown || rule.setting == setting {
            if !CompiledRuleSet.isTestable(rule, present: present.rawValue) { result.append(RuleIndex(index)) }
        }
        return result
    }

    @inline(__always)
    static func isTestable(_ rule: CompiledRule, present: UInt32) -> Bool {
        rule.needsAll & ~present == 0 && (rule.needsAny == 0 || rule.needsAny & present != 0)
    }

    /// The name of a category index.
    public func categoryName(_ index: Int) -> String { categories[index] }

    /// The rule at `index` as loaded.
    public func rule(_ index: RuleIndex) -> Rule { ruleSet.rules[Int(index)] }
}
