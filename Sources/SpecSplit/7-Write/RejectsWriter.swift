import Foundation

/// The rejects file: every row that could not be split, with its source file, line,
/// reason, column and raw record, so nothing is lost silently; a split's also names the
/// row's contract when the row was read far enough to know it (empty otherwise), so its
/// report can list a contract's own rejected rows.
///
/// It is written inside the run's staging directory as `rejects.csv`, so it belongs to the
/// run that made it: published inside OUT (listed and hashed in the manifest) when the run
/// succeeds, kept in `OUT.failed` when it fails.
public final class RejectsWriter {
    /// The file's name inside the output directory.
    public static let fileName = "rejects.csv"
    /// Where the file is written.
    public let path: String
    private let writer: CSVWriter
    /// Rows rejected so far.
    public private(set) var count = 0
    /// Physical lines the rejected records span, together.
    public private(set) var lineCount = 0
    /// The rejected record spanning the most lines: where it starts, and how many.
    public private(set) var longest: (source: String, line: Int, lines: Int)?

    /// Whether rows carry their contract (the last column).
    public let contractColumn: Bool

    /// The header of the rejects file (`lines` was appended after the first release;
    /// classify's; a split's appends ``contractHeader``).
    public static let header = ["source", "line", "reason", "column", "record", "lines"]
    /// The column a split's rejects file appends.
    public static let contractHeader = "contract"

    /// Starts a rejects file at `path`.
    public init(path: String, contractColumn: Bool = false, digest: DigestAlgorithm = .sha256) throws {
        self.path = path
        self.contractColumn = contractColumn
        writer = try CSVWriter(path: path, digest: digest, exclusive: true)
        try writer.writeRow(contractColumn ? Self.header + [Self.contractHeader] : Self.header)
    }

    /// Records one rejected row starting on physical line `line`; `record` is the row's raw
    /// text (already CSV). A record spanning several lines says so in its reason too.
    /// `contract` is the row's contract's key (empty when unknown; written only with
    /// ``contractColumn``).
    public func reject(
        source: String, line: Int, reason: String, column: String, record: UnsafeRawBufferPointer, contract: String = ""
    ) throws {
        let lines = Self.physicalLines(record)
        try writer.writeField(source)
        try writer.writeField(String(line))
        try writer.writeField(lines > 1 ? "\(reason) (the record spans \(lines) lines, \(line) to \(line + lines - 1))" : reason)
        try writer.writeField(column)
        try writer.writeField(record)
        try writer.writeField(String(lines))
        if contractColumn { try writer.writeField(contract) }
        try writer.endRow()
        count += 1
        lineCount += lines
        if lines > (longest?.lines ?? 0) { longest = (source, line, lines) }
    }

    /// The physical lines a record's text spans: one more than its line breaks (LF, so a
    /// CRLF counts once, as the reader counts lines), a break ending the text aside.
    static func physicalLines(_ record: UnsafeRawBufferPointer) -> Int {
        guard var cursor = record.baseAddress, !record.isEmpty else { return 1 }
        let end = cursor + record.count
        var breaks = 0
        while cursor < end, let hit = memchr(cursor, 0x0A, end - cursor) {
            breaks += 1
            cursor = UnsafeRawPointer(hit) + 1
        }
        if record[record.count - 1] == 0x0A { breaks -= 1 }
        return breaks + 1
    }

    /// Completes the file; returns its rows, bytes and SHA-256 for the manifest.
    public func finish() throws -> OutputPool.Written {
        try writer.close()
        return writer.written(rows: count)
    }

    /// Writes out what is buffered and closes the file, ignoring errors (a run that failed
    /// keeps what it rejected so far).
    public func closeQuietly() {
        try? writer.close()
    }
}
