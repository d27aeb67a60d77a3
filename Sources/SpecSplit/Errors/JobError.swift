/// Why a job (a split, or any run that publishes an output) stopped, beyond the errors of
/// its stages (``ReadError``, ``MappingError``, ``RuleSetInvalid``, ``WriteError``).
public enum JobError: SpecSplitError, Equatable {
    /// More rejects than allowed; nothing was published; the rejects file says why.
    case tooManyRejects(count: Int, limit: Int, rejectsPath: String)
    /// The rejected records span more physical lines than allowed (a stray quote can pull
    /// thousands of lines into one record); `longest` says where the longest starts.
    case tooManyRejectLines(lines: Int, limit: Int, longest: String, rejectsPath: String)
    /// read != written + rejected somewhere.
    case reconciliationFailed([String])
    /// A signal stopped the run.
    case cancelled(signal: Int32)
    /// A flag or config value that cannot be used.
    case usage(String)
    /// The config file is invalid.
    case config(String)
    /// The config file is missing or unreadable.
    case configMissing(path: String, reason: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .tooManyRejects(let count, let limit, let path):
            return "\(count) row(s) rejected, more than --max-rejects \(limit): nothing was published. "
                + "The rejected rows, with file, line and reason, are in \(path). Fix the input, or allow them with --max-rejects."
        case .tooManyRejectLines(let lines, let limit, let longest, let path):
            return "the rejected records span \(lines) physical lines, more than --max-reject-lines \(limit) "
                + "(by default the --max-rejects limit): nothing was published. The longest, \(longest); a quote opened "
                + "where it starts and closed only where it ends would do that. The rejected records are in \(path). "
                + "Fix the quoting, or allow them with --max-reject-lines."
        case .reconciliationFailed(let lines):
            return "reconciliation failed: what was read is not what was written plus rejected. Nothing was published.\n  "
                + lines.joined(separator: "\n  ")
        case .cancelled(let signal):
            return "interrupted by signal \(signal): nothing was published and the previous output, if any, is untouched."
        case .usage(let text): return text
        case .config(let text): return text
        case .configMissing(let path, let reason):
            return "\(path): cannot read the config file: \(reason). Check the path given to --config."
        }
    }

    /// The sysexits-style exit code.
    public var exitCode: Int32 {
        switch self {
        case .tooManyRejects, .tooManyRejectLines: return ExitStatus.data
        case .reconciliationFailed: return ExitStatus.software
        case .cancelled(let signal): return 128 + signal
        case .usage: return ExitStatus.usage
        case .config: return ExitStatus.config
        case .configMissing: return ExitStatus.noInput
        }
    }

    /// The rejects file for too many rejects or reject lines, the config file when it is missing.
    public var location: ErrorLocation? {
        switch self {
        case .tooManyRejects(_, _, let path), .tooManyRejectLines(_, _, _, let path): return ErrorLocation(file: path)
        case .configMissing(let path, _): return ErrorLocation(file: path)
        default: return nil
        }
    }
}
