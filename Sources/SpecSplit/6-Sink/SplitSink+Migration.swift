extension SplitSink {
    /// The header of `migration-rows.csv`: one line per row commissioned by the wrong body.
    static let migrationRowsHeader = [
        "source", "line", "id", "contract", "current_category", "category", "service_line", "deciding_rule", "value",
    ]

    /// Writes row `row` of `batch` to `migration-rows.csv` (rare: only rows whose current
    /// commissioner differs from the rules', so strings here cost nothing per ordinary row).
    func writeMigrationRow(
        _ rows: ClassifiedRows, _ batch: PipelineBatch, _ row: Int, contract: Int32, result: RowResult
    ) throws {
        if migrationRows == nil {
            let writer = try CSVWriter(path: staging.path("migration-rows.csv"), digest: options.digest, exclusive: true)
            try writer.writeRow(Self.migrationRowsHeader)
            migrationRows = writer
        }
        guard let writer = migrationRows else { return }
        let input = rows.input
        try writer.writeField(input.source)
        try writer.writeField(String(batch.rows.line(row)))
        try writer.writeField(input.idColumn >= 0 ? batch.rows.field(row, input.idColumn) : UnsafeRawBufferPointer(start: nil, count: 0))
        try writer.writeField(rows.contracts[Int(contract)].key)
        try writer.writeField(compiled.categories[Int(result.current)])
        try writer.writeField(compiled.categories[Int(result.category)])
        try writer.writeField(result.serviceLine.description)
        try writer.writeField(result.decidingRule < 0 ? "" : compiled.rule(result.decidingRule).id)
        try writer.writeField(Totals.format(Int128(batch.value[row].micros)))
        try writer.endRow()
        migrationRowCount += 1
    }
}
