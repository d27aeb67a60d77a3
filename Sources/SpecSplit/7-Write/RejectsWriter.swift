import Foundation

/// The rejects file: every row that could not be split, with its source file, line,
/// reason, column and raw record, so nothing is lost silently. Written to a temporary
/// name and renamed into place when complete.
public final class RejectsWriter {
    /// Where the file ends up.
    public let path: String
    private let temporary: String
    private let writer: CSVWriter
    /// Rows rejected so far.
    public private(set) var count = 0

    /// The header of the rejects file.
    public static let header = ["source", "line", "reason", "column", "record"]

    /// Starts a rejects file at `path`.
    public init(path: String) throws {
        self.path = path
        temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        writer = try CSVWriter(path: temporary)
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

    /// Completes the file and moves it into place.
    public func finish() throws {
        try writer.close()
        if rename(temporary, path) != 0 {
            throw WriteError.io(path: path, reason: WriteError.describe(errno))
        }
    }

    /// Removes the partial file (a run that failed before finishing).
    public func abandon() {
        try? writer.close()
        unlink(temporary)
    }
}
