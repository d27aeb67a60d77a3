/// Why an input could not be read at all (as opposed to one bad row, which is a
/// ``RowStatus`` on that row and never stops the read).
public enum ReadError: SpecSplitError, Equatable {
    /// The input is missing, a directory or unreadable.
    case cannotOpen(path: String, reason: String)
    /// A read failed midway (I/O error, truncated gzip).
    case io(path: String, reason: String)
    /// The input has no header row (empty, or only blank lines).
    case noHeader(path: String)
    /// One field grew past the limit: nearly always a quote that is never closed.
    case fieldTooLong(path: String, line: Int, column: String, limit: Int)
    /// The header row has a stray quote, or a quote it never closes, in `column` (1-based):
    /// the column names cannot be known.
    case malformedHeader(path: String, line: Int, column: Int, unclosedQuote: Bool)

    /// What went wrong, where, and what to do.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open input: \(reason). Check the path and its permissions."
        case .io(let path, let reason):
            return "\(path): read failed: \(reason). Check the file is complete (re-copy or re-extract it)."
        case .noHeader(let path):
            return "\(path): the file is empty: a header row naming the columns is expected on line 1."
        case .fieldTooLong(let path, let line, let column, let limit):
            return "\(path):\(line): column \(column): a field is longer than \(limit) bytes; "
                + "this is almost always a quote opened on that line and never closed. "
                + "Fix the quoting at that line, or raise --max-field-bytes if the field is real."
        case .malformedHeader(let path, let line, let column, let unclosedQuote):
            let fault =
                unclosedQuote
                ? "a quote opened in column \(column) is never closed, so the rest of the file would be one column name"
                : "a stray quote in column \(column) (a quote inside an unquoted name, or text after a closing quote)"
            return "\(path):\(line): the header row is malformed: \(fault). "
                + "Fix the header's quoting: a name holding a quote must be quoted, with the quote doubled."
        }
    }

    /// The input, and the line and column where known.
    public var location: ErrorLocation? {
        switch self {
        case .cannotOpen(let path, _), .io(let path, _): return ErrorLocation(file: path)
        case .noHeader(let path): return ErrorLocation(file: path, line: 1)
        case .fieldTooLong(let path, let line, let column, _): return ErrorLocation(file: path, line: line, column: column)
        case .malformedHeader(let path, let line, let column, _): return ErrorLocation(file: path, line: line, column: "#\(column)")
        }
    }

    /// The same error with its line moved `lines` on (a block of a file read in parallel
    /// counts its lines from its own start).
    func lines(after lines: Int) -> ReadError {
        switch self {
        case .fieldTooLong(let path, let line, let column, let limit):
            return .fieldTooLong(path: path, line: line + lines, column: column, limit: limit)
        case .malformedHeader(let path, let line, let column, let unclosedQuote):
            return .malformedHeader(path: path, line: line + lines, column: column, unclosedQuote: unclosedQuote)
        default: return self
        }
    }

    /// The sysexits code a command should exit with for this error.
    public var exitCode: Int32 {
        switch self {
        case .cannotOpen: return ExitStatus.noInput
        case .io: return ExitStatus.ioError
        case .noHeader, .fieldTooLong, .malformedHeader: return ExitStatus.data
        }
    }
}
