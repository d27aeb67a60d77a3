import Foundation

/// The rejects file: every row that could not be split, with its source file, line,
/// reason, column and raw record, so nothing is lost silently; a split's also names the
/// row's contract when the row was read far enough to know it (empty otherwise), so its
/// report can list a contract's own rejected rows. Written to a temporary name and renamed
/// into place when complete.
public final class RejectsWriter {
    /// Where the file ends up.
    public let path: String
    private let temporary: String
    private let writer: CSVWriter
    /// Rows rejected so far.
    public private(set) var count = 0

    /// Whether rows carry their contract (the last column).
    public let contractColumn: Bool

    /// The header of the rejects file (classify's; a split's appends ``contractHeader``).
    public static let header = ["source", "line", "reason", "column", "record"]
    /// The column a split's rejects file appends.
    public static let contractHeader = "contract"

    /// Starts a rejects file at `path`; with `contractColumn`, each row also names its
    /// contract (a split's rejects file; classify's keeps the five columns its readers unpack).
    public init(path: String, contractColumn: Bool = false) throws {
        self.path = path
        self.contractColumn = contractColumn
        temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        writer = try CSVWriter(path: temporary)
        try writer.writeRow(contractColumn ? Self.header + [Self.contractHeader] : Self.header)
    }

    /// Records one rejected row; `record` is the row's raw text (already CSV), `contract` its
    /// contract's key (empty when unknown; written only with ``contractColumn``).
    public func reject(
        source: String, line: Int, reason: String, column: String, record: UnsafeRawBufferPointer, contract: String = ""
    ) throws {
        try writer.writeField(source)
        try writer.writeField(String(line))
        try writer.writeField(reason)
        try writer.writeField(column)
        try writer.writeField(record)
        if contractColumn { try writer.writeField(contract) }
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
