extension RejectsWriter {
    /// Writes row `row` of `batch` (a rejected row of a delivery) with its reason: the row's
    /// fields re-encoded as CSV (through `encoder`), or its raw text as read when it could
    /// not be split into fields, and its contract when the row was read far enough to know it.
    /// A row that was not rejected is skipped.
    func reject(_ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int, encoder: inout RowEncoder) throws {
        let header = rows.input.map.header
        guard let (reason, column) = rows.router.rejection(of: batch, row, header: header) else { return }
        let index = Int(batch.contract[row])
        let contract = batch.fault[row] == .unreadable || index < 0 ? "" : rows.contracts[index].key
        let status = batch.rows.status(row)
        if status == .strayQuote || status == .unterminatedQuote {
            // The raw text as read: the row could not be split into fields.
            try reject(
                source: rows.input.source, line: batch.rows.line(row), reason: reason, column: column,
                record: batch.rows.field(row, 0), contract: contract)
            return
        }
        encoder.reset()
        encoder.row(batch.rows, row)
        try reject(
            source: rows.input.source, line: batch.rows.line(row), reason: reason, column: column,
            record: encoder.buffer, contract: contract)
    }
}
