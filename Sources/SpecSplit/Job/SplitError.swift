/// Why a split run failed, with the exit code a scheduler sees.
///
/// | code | meaning |
/// |---|---|
/// | 64 | usage: bad flags or config values |
/// | 65 | data: more rejected rows than `--max-rejects`, a header that cannot be mapped, a spell that comes back |
/// | 66 | an input is missing or unreadable |
/// | 70 | reconciliation failed: rows, activity or value read differ from written + rejected |
/// | 73 | the output cannot be created (exists without `--force`, locked by another run, not writable) |
/// | 74 | an output cannot be written (disk full, I/O error) or an input failed midway |
/// | 78 | the rule set or the config file is invalid |
/// | 130, 143 | interrupted by SIGINT or SIGTERM |
public enum SplitError: Error, CustomStringConvertible {
    /// More rejects than allowed; nothing was published; the rejects file says why.
    case tooManyRejects(count: Int, limit: Int, rejectsPath: String)
    /// read != written + rejected somewhere.
    case reconciliationFailed([String])
    /// The output exists and `--force` was not given.
    case outputExists(path: String)
    /// Another run holds the lock on the output.
    case locked(path: String)
    /// A signal stopped the run.
    case cancelled(signal: Int32)
    /// An input could not be read.
    case read(ReadError)
    /// An output could not be written.
    case write(WriteError)
    /// An input's header could not be mapped.
    case mapping(MappingError)
    /// The rule set is invalid.
    case rules(String)
    /// The config file is invalid.
    case config(String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .tooManyRejects(let count, let limit, let path):
            return "\(count) row(s) rejected, more than --max-rejects \(limit): nothing was published. "
                + "The rejected rows, with file, line and reason, are in \(path). Fix the input, or allow them with --max-rejects."
        case .reconciliationFailed(let lines):
            return "reconciliation failed: what was read is not what was written plus rejected. Nothing was published.\n  "
                + lines.joined(separator: "\n  ")
        case .outputExists(let path):
            return "\(path): the output already exists. Choose another --out, or pass --force to replace it."
        case .locked(let path):
            return "\(path): another specsplit run is writing this output (lock \(path).lock is held). Wait for it to finish."
        case .cancelled(let signal):
            return "interrupted by signal \(signal): nothing was published and the previous output, if any, is untouched."
        case .read(let error): return error.description
        case .write(let error): return error.description
        case .mapping(let error): return error.description
        case .rules(let text): return text
        case .config(let text): return text
        }
    }

    /// The sysexits-style exit code.
    public var exitCode: Int32 {
        switch self {
        case .tooManyRejects: return 65
        case .reconciliationFailed: return 70
        case .outputExists, .locked: return 73
        case .cancelled(let signal): return 128 + signal
        case .read(let error): return error.exitCode
        case .write(let error): return error.exitCode
        case .mapping: return 65
        case .rules, .config: return 78
        }
    }
}
