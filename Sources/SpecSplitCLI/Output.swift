import SpecSplit

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error (file descriptor 2: safe in Swift 6 mode).
func printError(_ message: String) {
    let line = "specsplit: " + message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

/// A failure whose details the command has already printed (each problem of a rule set, each
/// input that could not be mapped): only its summary line is left to print.
struct ReportedFailure: SpecSplitError {
    /// The summary line.
    var description: String
    /// The exit code.
    var exitCode: Int32
}
