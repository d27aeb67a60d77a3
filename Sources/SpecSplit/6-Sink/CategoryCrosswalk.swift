/// The categories of two rule sets matched by name: a year may add a category (2012/13's
/// `dental`) or drop one, so a category's index in one rule set says nothing about the
/// other. Rows are counted by each rule set's own indexes; names, the union of both years
/// and "did the category change" come from here.
struct CategoryCrosswalk: Sendable {
    /// Every category of either rule set: the old one's in its order, then the new one's
    /// that the old one lacks.
    let names: [String]
    /// The old rule set's categories.
    let old: [String]
    /// The new rule set's categories.
    let new: [String]
    /// For each of `names`, its index in the old rule set's categories, or nil.
    let oldIndex: [Int?]
    /// For each of `names`, its index in the new rule set's categories, or nil.
    let newIndex: [Int?]
    /// `differs[from * new.count + to]`: old category `from` and new category `to` have
    /// different names (a row so classified changed category).
    private let differs: [Bool]
    /// Which of the old and new categories each year commissions nationally.
    let oldNational: [Bool]
    let newNational: [Bool]
    /// Each category name's rank in byte order (outputs list categories by name).
    let oldRank: [Int]
    let newRank: [Int]

    init(old: RuleSet, new: RuleSet) {
        self.old = old.categories
        self.new = new.categories
        var names = old.categories
        for name in new.categories where !names.contains(name) { names.append(name) }
        self.names = names
        oldIndex = names.map { old.categories.firstIndex(of: $0) }
        newIndex = names.map { new.categories.firstIndex(of: $0) }
        differs = old.categories.flatMap { from in new.categories.map { $0 != from } }
        oldNational = old.categories.map { old.nationalCategories.contains($0) }
        newNational = new.categories.map { new.nationalCategories.contains($0) }
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        oldRank = old.categories.map { sorted.firstIndex(of: $0)! }
        newRank = new.categories.map { sorted.firstIndex(of: $0)! }
    }

    /// True when old category `from` and new category `to` are different categories.
    @inline(__always)
    func changed(from: Int, to: Int) -> Bool { differs[from &* new.count &+ to] }
}
