import SpecSplit

/// Writes an error line to standard error through the console (its format, progress line cleared).
func printError(_ message: String) {
    Console.shared.log(.error, message)
}

/// A failure whose details the command has already printed (each problem of a rule set on
/// standard output for `rules check`, each input that could not be mapped): only its
/// summary line is left to print.
struct ReportedFailure: SpecSplitError {
    /// The summary line.
    var description: String
    /// The exit code.
    var exitCode: Int32
}
