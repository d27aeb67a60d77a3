import Foundation

/// The rejects file: every row that could not be split, with its source file, line,
/// reason, column and raw record, so nothing is lost silently.
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

    /// The header of the rejects file.
    public static let header = ["source", "line", "reason", "column", "record"]

    /// Starts a rejects file at `path`.
    public init(path: String) throws {
        self.path = path
        writer = try CSVWriter(path: path, hashing: true, exclusive: true)
        try writer.writeRow(Self.header)
    }

    /// Records one rejected row; `record` is the row's raw text (already CSV).
    public func reject(source: String, line: Int, reason: String, column: String, record: UnsafeRawBufferPointer) throws {
        try writer.writeField(source)
        try writer.writeField(String(line))
        try writer.writeField(reason)
        try writer.writeField(column)
        try writer.writeField(record)
        try writer.endRow()
        count += 1
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
