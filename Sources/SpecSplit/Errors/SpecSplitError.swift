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
/// | 66 | an input is missing or unreadable |
/// | 70 | reconciliation failed: read differs from written + rejected |
/// | 73 | the output cannot be created (exists without `--force`, locked by another run, not writable) |
/// | 74 | an output cannot be written (disk full, I/O error) or an input failed midway |
/// | 78 | the rule set or the config file is invalid |
/// | 128 + n | interrupted by signal n (129 SIGHUP, 130 SIGINT, 141 SIGPIPE, 143 SIGTERM) |
public protocol SpecSplitError: Error, CustomStringConvertible {
    /// The sysexits-style exit code for this error.
    var exitCode: Int32 { get }
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
    /// A configuration error (rule set, config file).
    public static let config: Int32 = 78
}
