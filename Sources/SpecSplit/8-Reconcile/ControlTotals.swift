/// The control totals of a run: per contract, what was read, what was written to each
/// category and what was rejected. Read counts are taken as rows come in; written counts
/// as rows go out to their files; rejected counts as rows go to the rejects file: three
/// independent tallies, so `read - written - rejected` is a real check, not arithmetic
/// on one number.
public struct ControlTotals: Sendable {
    /// Category names, in output order.
    public let categories: [String]
    /// Read, per contract.
    public private(set) var read: [Totals] = []
    /// Written, per contract and category (`contract * categories.count + category`).
    public private(set) var written: [Totals] = []
    /// Rejected, per contract.
    public private(set) var rejected: [Totals] = []
    /// Rows that could not be read far enough to know their contract.
    public private(set) var unreadable = Totals()

    /// Totals over `categories`.
    public init(categories: [String]) { self.categories = categories }

    /// Makes room for contract `index`.
    @inline(__always)
    public mutating func ensure(contract index: Int32) {
        let needed = Int(index) + 1
        if read.count < needed {
            read.append(contentsOf: repeatElement(Totals(), count: needed - read.count))
            rejected.append(contentsOf: repeatElement(Totals(), count: needed - rejected.count))
            written.append(contentsOf: repeatElement(Totals(), count: needed * categories.count - written.count))
        }
    }

    /// Counts a row read for `contract`.
    @inline(__always)
    public mutating func countRead(_ contract: Int32, activity: Amount, value: Amount) {
        read[Int(contract)].add(activity: activity, value: value)
    }

    /// Counts a row written for `contract` to `category`.
    @inline(__always)
    public mutating func countWritten(_ contract: Int32, category: Int, activity: Amount, value: Amount) {
        written[Int(contract) * categories.count + category].add(activity: activity, value: value)
    }

    /// Counts a rejected row of `contract`.
    public mutating func countRejected(_ contract: Int32, activity: Amount, value: Amount) {
        rejected[Int(contract)].add(activity: activity, value: value)
    }

    /// Counts a row rejected before its contract was known (read and rejected at once).
    public mutating func countUnreadable() {
        unreadable.add(activity: .zero, value: .zero)
    }

    /// What contract `index` wrote in all categories.
    public func writtenTotal(_ index: Int) -> Totals {
        var total = Totals()
        for category in categories.indices { total.add(written[index * categories.count + category]) }
        return total
    }

    /// Totals over every contract (the unreadable rows count as read and rejected).
    public var overall: (read: Totals, written: [Totals], rejected: Totals) {
        var readAll = unreadable
        var rejectedAll = unreadable
        var writtenAll = [Totals](repeating: Totals(), count: categories.count)
        for index in read.indices {
            readAll.add(read[index])
            rejectedAll.add(rejected[index])
            for category in categories.indices { writtenAll[category].add(written[index * categories.count + category]) }
        }
        return (readAll, writtenAll, rejectedAll)
    }

    /// Where read differs from written + rejected: one line per contract and measure.
    public func discrepancies(contractNames: [String]) -> [String] {
        var lines: [String] = []
        for index in read.indices {
            let difference = read[index].subtracting(writtenTotal(index)).subtracting(rejected[index])
            if !difference.isZero {
                lines.append(
                    "\(contractNames[index]): rows \(difference.rows), activity \(difference.activity), value \(difference.value) unaccounted for")
            }
        }
        return lines
    }
}
