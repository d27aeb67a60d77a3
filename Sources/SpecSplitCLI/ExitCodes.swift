/// The exit codes each command can end with, for its `help` page (and the man page made
/// from it). The README's table lists the same.
enum ExitCodes {
    private static let lines: [Int32: String] = [
        0: "0   success",
        64: "64  usage: bad flags or config values",
        65: "65  data: rows rejected over the limit, a header that cannot be mapped, a line with no row",
        66: "66  an input (or the config file) is missing or unreadable",
        70: "70  reconciliation failed: read differs from written + rejected (nothing published)",
        73: "73  the output cannot be created: it exists (without --force) or is not writable",
        74: "74  an output cannot be written (disk full, I/O error) or an input failed midway",
        75: "75  another run holds the lock on the output: try again later",
        78: "78  the rule set or the config file is invalid",
        130: "130 interrupted by SIGINT; 129 SIGHUP, 141 SIGPIPE, 143 SIGTERM (128 + the signal; nothing published)",
    ]

    /// An "Exit codes" section listing `codes`.
    static func section(_ codes: [Int32]) -> String {
        "Exit codes:\n" + codes.compactMap { lines[$0].map { "  " + $0 } }.joined(separator: "\n")
    }

    /// The codes of a command that runs a job and publishes an output.
    static let job: [Int32] = [0, 64, 65, 66, 70, 73, 74, 75, 78, 130]
}
