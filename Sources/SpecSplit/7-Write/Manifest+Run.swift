extension Manifest.Input {
    /// The manifest entry of `input`, from what reading it amounted to (its digest by `algorithm`).
    init(_ input: PipelineInput, _ report: InputReport, _ algorithm: DigestAlgorithm) {
        let keys = Manifest.digestKeys(report.digest, algorithm)
        self.init(
            path: input.source, bytes: report.fileSize, sha256: keys.sha256, xxh3_128: keys.xxh3_128,
            contentBytes: report.contentBytes,
            rows: report.rows, rejected: report.rejected, shape: input.map.shape.rawValue,
            episodeLevel: input.map.isEpisodeLevel, columns: input.map.mappedColumns,
            absentFields: input.map.absentFields.map(\.name), mappingWarnings: report.mappingWarnings.map(\.description)
        )
    }
}

extension Manifest.RunTotals {
    /// The run's totals: read, written (every category) and rejected over every contract.
    init(_ totals: ControlTotals) {
        let overall = totals.overall
        var written = Totals()
        for total in overall.written { written.add(total) }
        self.init(
            rowsRead: overall.read.rows, rowsWritten: written.rows, rowsRejected: overall.rejected.rows,
            activityRead: overall.read.activity, activityWritten: written.activity,
            activityRejected: overall.rejected.activity, valueRead: overall.read.value, valueWritten: written.value,
            valueRejected: overall.rejected.value)
    }
}
