/// The split's financial view: per contract, what moves to national commissioning, and
/// which rows are commissioned by the wrong body today (the migration lists).
///
/// Fed with every row written: its contract, the category the rules gave it and, when the
/// rule set has `current-commissioning.csv`, the category that commissions it today.
/// Sums are exact (``Totals``). Only rows whose current category differs from the rules'
/// cost more than a few additions: a group total and a line of `migration-rows.csv`.
struct CommissioningTally {
    /// Why a row migrates.
    enum Direction: String, CaseIterable {
        /// Commissioned locally today, inside the national set: to migrate to national commissioning.
        case toNational = "to-national"
        /// Commissioned nationally today, outside the national set: back to local commissioning.
        case toLocal = "to-local"
        /// Both national, different bodies (prison to specialised).
        case withinNational = "within-national"
        /// Both local, different categories (dental in a year it is not national).
        case withinLocal = "within-local"
    }

    /// A group of `migration.csv`.
    struct Group: Hashable {
        var contract: Int32
        var current: Int16
        var category: Int16
        var serviceLine: UInt64
    }

    /// Per category: national or not.
    let isNational: [Bool]
    /// True when the rule set says who commissions rows today.
    let enabled: Bool
    /// Per contract: rows whose current category is unknown; rows that migrate; their
    /// value moving to national and to local commissioning.
    private(set) var currentUnknown: [Totals] = []
    private(set) var migrating: [Totals] = []
    private(set) var toNational: [Totals] = []
    private(set) var toLocal: [Totals] = []
    /// Whether any row's current category is known (then the migration lists are written).
    private(set) var anyKnown = false
    /// Migrating rows by group.
    private(set) var groups: [Group: Totals] = [:]

    init(compiled: CompiledRuleSet) {
        isNational = compiled.isNational
        enabled = !compiled.current.isEmpty
    }

    /// The direction of a row commissioned by `current` today that the rules put in `category`.
    func direction(current: Int, category: Int) -> Direction {
        switch (isNational[current], isNational[category]) {
        case (false, true): return .toNational
        case (true, false): return .toLocal
        case (true, true): return .withinNational
        case (false, false): return .withinLocal
        }
    }

    /// Counts a written row of `contract`; returns whether it migrates (its current
    /// category is known and not the rules' category).
    @inline(__always)
    mutating func count(
        contract: Int32, category: Int, current: Int16, serviceLine: PackedCode, activity: Amount, value: Amount
    ) -> Bool {
        let index = Int(contract)
        if currentUnknown.count <= index {
            let grow = index + 1 - currentUnknown.count
            for _ in 0..<grow {
                currentUnknown.append(Totals())
                migrating.append(Totals())
                toNational.append(Totals())
                toLocal.append(Totals())
            }
        }
        guard enabled, current >= 0 else {
            currentUnknown[index].add(activity: activity, value: value)
            return false
        }
        anyKnown = true
        guard Int(current) != category else { return false }
        migrating[index].add(activity: activity, value: value)
        switch direction(current: Int(current), category: category) {
        case .toNational: toNational[index].add(activity: activity, value: value)
        case .toLocal: toLocal[index].add(activity: activity, value: value)
        case .withinNational, .withinLocal: break
        }
        let key = Group(contract: contract, current: current, category: Int16(category), serviceLine: serviceLine.raw)
        groups[key, default: Totals()].add(activity: activity, value: value)
        return true
    }

    /// Contract `index`'s tallies (zeros for a contract that wrote nothing).
    func tallies(_ index: Int) -> (unknown: Totals, migrating: Totals, toNational: Totals, toLocal: Totals) {
        guard index < currentUnknown.count else { return (Totals(), Totals(), Totals(), Totals()) }
        return (currentUnknown[index], migrating[index], toNational[index], toLocal[index])
    }
}
