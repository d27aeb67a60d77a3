/// A CSV file of a published output directory, read for a report: its columns found by
/// name, its rows streamed (summary.csv has a line per contract, category, service and
/// HRG: hundreds of thousands at thousands of contracts) or read whole (the small files).
struct PublishedCSV {
    /// The file's path.
    let path: String
    /// Its header.
    let header: [String]

    /// One row while it is read: fields as bytes, text or exact figures.
    struct Row {
        fileprivate let batch: RowBatch
        fileprivate let row: Int
        fileprivate let csv: PublishedCSV

        /// The physical line the row starts on.
        var line: Int { batch.line(row) }

        /// Field `column` as text.
        func text(_ column: Int) -> String { String(decoding: batch.field(row, column), as: UTF8.self) }

        /// Field `column`'s bytes, valid during the call.
        func withBytes<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try body(batch.field(row, column))
        }

        /// Field `column` as an exact figure in millionths.
        /// - Throws: ``ReportError/badFile(path:line:column:reason:)`` when it is not a decimal.
        func micros(_ column: Int) throws -> Int128 {
            let bytes = batch.field(row, column)
            guard let value = FigureText.micros(bytes) else {
                throw ReportError.badFile(
                    path: csv.path, line: line, column: csv.header[column],
                    reason: "\"\(String(decoding: bytes, as: UTF8.self))\" is not a number")
            }
            return value
        }

        /// Field `column` as a whole count of rows.
        /// - Throws: ``ReportError/badFile(path:line:column:reason:)`` when it is not one.
        func count(_ column: Int) throws -> Int {
            let text = text(column)
            guard let value = Int(text), value >= 0 else {
                throw ReportError.badFile(
                    path: csv.path, line: line, column: csv.header[column], reason: "\"\(text)\" is not a count of rows"
                )
            }
            return value
        }

        /// Every field as text.
        var fields: [String] { batch.strings(row) }
    }

    /// The index of column `name`.
    /// - Throws: ``ReportError/badFile(path:line:column:reason:)`` when the header lacks it.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw ReportError.badFile(
                path: path, line: 1, column: nil,
                reason: "no column \(name) (the header is \(header.joined(separator: ",")))")
        }
        return index
    }

    /// The index of column `name`, or nil when the header lacks it.
    func optionalColumn(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Reads `path` row by row: `body` gets the file (for its columns) first, through
    /// `prepare`, then each row.
    /// - Throws: ``ReportError`` when the file is missing or a row is malformed; whatever
    ///   `body` throws.
    static func stream(
        _ path: String, prepare: (PublishedCSV) throws -> Void = { _ in }, _ body: (Row) throws -> Void
    ) throws {
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch let error as ReadError {
            if case .noHeader = error {
                throw ReportError.badFile(path: path, line: 1, column: nil, reason: "the file is empty (no header)")
            }
            throw ReportError.missingFile(path: path, needed: "\(error)")
        }
        let csv = PublishedCSV(path: path, header: reader.header)
        try prepare(csv)
        let batch = RowBatch(bytes: 1 << 20)
        while try reader.next(into: batch) {
            for row in 0..<batch.count {
                guard batch.status(row) == .ok else {
                    throw ReportError.badFile(
                        path: path, line: batch.line(row), column: nil,
                        reason: batch.problemDescription(row, header: reader.header))
                }
                try body(Row(batch: batch, row: row, csv: csv))
            }
        }
    }

    /// Reads the whole of `path` (a small file) as rows of text.
    static func read(_ path: String) throws -> (csv: PublishedCSV, rows: [[String]], lines: [Int]) {
        var file: PublishedCSV?
        var rows: [[String]] = []
        var lines: [Int] = []
        try stream(path, prepare: { file = $0 }) { row in
            rows.append(row.fields)
            lines.append(row.line)
        }
        return (file!, rows, lines)
    }
}
