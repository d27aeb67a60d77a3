/// An error a person reads: what went wrong, where, and what to do (its `description`), and
/// the exit code a scheduler sees.
///
/// Every error the library throws to a command conforms, so the command line turns any of
/// them into a message and an exit status in one place.
///
/// | code | meaning |
/// |---|---|
/// | 64 | usage: bad flags or config values, an output path that is (or is inside) an input |
/// | 65 | data: more rejected rows than allowed, a header that cannot be mapped |
/// | 66 | an input or the config file is missing or unreadable |
/// | 70 | reconciliation failed: read differs from written + rejected |
/// | 73 | the output cannot be created (exists without `--force`, not writable) |
/// | 74 | an output cannot be written (disk full, I/O error) or an input failed midway |
/// | 75 | another run holds the lock on the output: try again later |
/// | 78 | the rule set or the config file is invalid |
/// | 128 + n | interrupted by signal n (129 SIGHUP, 130 SIGINT, 141 SIGPIPE, 143 SIGTERM) |
public protocol SpecSplitError: Error, CustomStringConvertible {
    /// The sysexits-style exit code for this error.
    var exitCode: Int32 { get }
    /// Where the problem is, when it is in a file: for a status file or a log line that a
    /// program reads. Nil when no file applies.
    var location: ErrorLocation? { get }
    /// The findings behind the error (every problem of a rule set), each worth a line of
    /// its own; empty for most errors.
    var findings: [Finding] { get }
    /// The error in one line: the first line of its description unless it says otherwise.
    var summary: String { get }
}

extension SpecSplitError {
    /// No location unless the error says.
    public var location: ErrorLocation? { nil }
    /// No findings unless the error says.
    public var findings: [Finding] { [] }
    /// The first line of the description.
    public var summary: String { String(description.prefix { $0 != "\n" }) }
}

/// Where an error was found: the file (an input as named, a rule set's file, the config
/// file), and the line and column when known.
public struct ErrorLocation: Sendable, Equatable, Codable {
    /// The file.
    public var file: String
    /// The physical line (1-based); nil when the error is about the whole file.
    public var line: Int?
    /// The column's name; nil when no column applies.
    public var column: String?

    /// A location in `file`, at `line` and `column` when known.
    public init(file: String, line: Int? = nil, column: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// The sysexits codes specsplit uses, by name.
public enum ExitStatus {
    /// Bad flags, config values or paths.
    public static let usage: Int32 = 64
    /// Bad input data.
    public static let data: Int32 = 65
    /// An input is missing.
    public static let noInput: Int32 = 66
    /// An internal check failed (reconciliation).
    public static let software: Int32 = 70
    /// An output cannot be created.
    public static let cannotCreate: Int32 = 73
    /// An I/O error.
    public static let ioError: Int32 = 74
    /// A temporary failure (the output is locked by another run): try again later.
    public static let temporaryFailure: Int32 = 75
    /// A configuration error (rule set, config file).
    public static let config: Int32 = 78
}
