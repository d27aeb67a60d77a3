/// Writes the small report files of a run (summary, control totals, quality) as CSV.
public enum ReportFiles {
    /// Writes `header` and `rows` to `path`; returns its rows, bytes and SHA-256.
    public static func write(
        _ path: String, header: [String], rows: [[String]], digest: DigestAlgorithm = .sha256
    ) throws -> OutputPool.Written {
        let writer = try CSVWriter(path: path, digest: digest, exclusive: true)
        try writer.writeRow(header)
        for row in rows { try writer.writeRow(row) }
        try writer.close()
        return writer.written(rows: rows.count)
    }

    /// The header of quality.csv.
    public static let qualityHeader = ["CodeType|Code|Error Description", "count", "first_source", "first_line"]

    /// quality.csv rows, sorted by type, code and description.
    public static func qualityRows(_ log: QualityLog) -> [[String]] {
        log.entries
            .sorted {
                ($0.finding.codeType.rawValue, $0.finding.code, $0.finding.message)
                    < ($1.finding.codeType.rawValue, $1.finding.code, $1.finding.message)
            }
            .map { [$0.pipeLine, String($0.count), $0.finding.file, String($0.finding.line)] }
    }

    /// The header of control-totals.csv for these categories.
    public static func controlHeader(categories: [String]) -> [String] {
        ["contract", "provider", "commissioner", "measure", "read"] + categories + ["written", "rejected", "difference"]
    }

    /// control-totals.csv rows: three measures per contract, then the overall lines.
    public static func controlRows(_ totals: ControlTotals, contracts: [Contract]) -> [[String]] {
        var rows: [[String]] = []
        func measures(_ name: [String], read: Totals, written: [Totals], rejected: Totals) {
            var writtenAll = Totals()
            for total in written { writtenAll.add(total) }
            let difference = read.subtracting(writtenAll).subtracting(rejected)
            rows.append(name + ["rows", String(read.rows)] + written.map { String($0.rows) }
                + [String(writtenAll.rows), String(rejected.rows), String(difference.rows)])
            rows.append(name + ["activity", read.activity] + written.map(\.activity)
                + [writtenAll.activity, rejected.activity, difference.activity])
            rows.append(name + ["value", read.value] + written.map(\.value)
                + [writtenAll.value, rejected.value, difference.value])
        }
        let order = contracts.indices.sorted { contracts[$0].key < contracts[$1].key }
        let width = totals.categories.count
        for index in order {
            let contract = contracts[index]
            measures(
                [contract.key, contract.provider, contract.commissioner], read: totals.read[index],
                written: (0..<width).map { totals.written[index * width + $0] }, rejected: totals.rejected[index])
        }
        if !totals.unreadable.isZero {
            measures(["(unreadable rows)", "", ""], read: totals.unreadable, written: Array(repeating: Totals(), count: width),
                     rejected: totals.unreadable)
        }
        let overall = totals.overall
        measures(["ALL", "", ""], read: overall.read, written: overall.written, rejected: overall.rejected)
        return rows
    }
}
