/// Per contract, what moved from each old category to each new one: exact rows, activity
/// and value in a flat array (`contract * cells + from * newCount + to`), indexed directly
/// on the per-row path. Unchanged rows count on the pairs whose names agree.
struct MovementMatrix: Sendable {
    /// The number of old and new categories.
    let oldCount: Int
    let newCount: Int
    private var cells: [Totals] = []

    /// An empty matrix between `oldCount` and `newCount` categories.
    init(oldCount: Int, newCount: Int) {
        self.oldCount = oldCount
        self.newCount = newCount
    }

    /// The contracts the matrix has room for.
    var contracts: Int { cells.count / (oldCount * newCount) }

    /// Makes room for contract `index`.
    @inline(__always)
    mutating func ensure(contract index: Int32) {
        let needed = (Int(index) + 1) * oldCount * newCount
        if cells.count < needed { cells.append(contentsOf: repeatElement(Totals(), count: needed - cells.count)) }
    }

    /// Counts a row of `contract` classified `from` under the old rule set and `to` under the new.
    @inline(__always)
    mutating func add(_ contract: Int32, from: Int, to: Int, activity: Amount, value: Amount) {
        cells[(Int(contract) &* oldCount &+ from) &* newCount &+ to].add(activity: activity, value: value)
    }

    /// What moved in `contract` from `from` to `to`.
    func cell(_ contract: Int, from: Int, to: Int) -> Totals {
        contract < contracts ? cells[(contract * oldCount + from) * newCount + to] : Totals()
    }
}
