extension ControlTotals {
    /// Counts row `row` of `batch` as read and, when it is rejected, as rejected (a row
    /// too broken to know its contract counts as unreadable); returns true when the row is
    /// classified, for the caller to count where it writes it.
    ///
    /// Every sink that reconciles counts its rows in here, so the split and the comparison
    /// agree on what was read and rejected.
    @inline(__always)
    mutating func countIn(_ batch: PipelineBatch, _ row: Int) -> Bool {
        let fault = batch.fault[row]
        if fault == .unreadable {
            countUnreadable()
            return false
        }
        let contract = batch.contract[row]
        ensure(contract: contract)
        countRead(contract, activity: batch.activity[row], value: batch.value[row])
        guard fault == .none else {
            countRejected(contract, activity: batch.activity[row], value: batch.value[row])
            return false
        }
        return true
    }
}
