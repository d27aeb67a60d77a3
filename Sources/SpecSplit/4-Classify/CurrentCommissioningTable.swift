/// `current-commissioning.csv` compiled: who commissions a row today, from its service
/// category code or, without one, its commissioner code (see ``CurrentCommissioning``).
/// Lookups are a probe of a small table of packed codes, so a row costs a few integer
/// operations; a rule set without the table costs nothing.
struct CurrentCommissioningTable: Sendable {
    /// Service category code -> category index.
    private let serviceCategories: CodeTable
    /// The category of a service category not listed (the `*` row), or -1.
    private let otherServiceCategory: Int16
    /// Commissioner code -> category index.
    private let commissioners: CodeTable
    /// The category of a commissioner not listed, or -1.
    private let otherCommissioner: Int16
    /// True when the rule set has the table.
    let isEmpty: Bool

    /// A row whose current category the table does not give.
    static let unknown: Int16 = -1

    init(_ ruleSet: RuleSet) {
        var byServiceCategory: [(key: UInt64, value: Int32)] = []
        var byCommissioner: [(key: UInt64, value: Int32)] = []
        var otherService: Int16 = Self.unknown
        var otherCommissioner: Int16 = Self.unknown
        for entry in ruleSet.currentCommissioning {
            guard let category = ruleSet.categoryIndex(entry.category) else { continue }
            let wildcard = entry.code == CurrentCommissioning.anyCode
            switch entry.kind {
            case .serviceCategory:
                if wildcard {
                    otherService = Int16(category)
                } else if let code = PackedCode(entry.code), !code.isEmpty {
                    byServiceCategory.append((code.raw, Int32(category)))
                }
            case .commissioner:
                if wildcard {
                    otherCommissioner = Int16(category)
                } else if let code = PackedCode(entry.code), !code.isEmpty {
                    byCommissioner.append((code.raw, Int32(category)))
                }
            }
        }
        serviceCategories = CodeTable(byServiceCategory)
        commissioners = CodeTable(byCommissioner)
        otherServiceCategory = otherService
        self.otherCommissioner = otherCommissioner
        isEmpty = ruleSet.currentCommissioning.isEmpty
    }

    /// The category that commissions a row today (an index into the rule set's
    /// categories), or ``unknown``: its service category when it has one, else its
    /// commissioner.
    @inline(__always)
    func category(serviceCategory: PackedCode, commissioner: PackedCode) -> Int16 {
        if !serviceCategory.isEmpty {
            if let found = serviceCategories.view.first(serviceCategory.raw) { return Int16(truncatingIfNeeded: found) }
            return otherServiceCategory
        }
        if !commissioner.isEmpty, let found = commissioners.view.first(commissioner.raw) {
            return Int16(truncatingIfNeeded: found)
        }
        return otherCommissioner
    }
}
