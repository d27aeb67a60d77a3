/// Why a classify run failed after its stream had been written. Unlike a split, a stream
/// cannot be withdrawn once written, so the messages say what the reader of the stream
/// holds.
public enum ClassifyError: SpecSplitError, Equatable {
    /// More rejects than allowed. The stream is complete but for the rejected rows.
    case tooManyRejects(count: Int, limit: Int, rejectsPath: String?)
    /// read != written + rejected somewhere.
    case reconciliationFailed([String])
    /// Inputs of different columns: one stream has one header.
    case mixedLayouts(first: String, other: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .tooManyRejects(let count, let limit, let path):
            let location =
                path.map { "They are in \($0), with line and reason." }
                ?? "Give --rejects PATH to see them with line and reason."
            return "\(count) row(s) rejected, more than --max-rejects \(limit): the stream holds every other row, "
                + "but the run failed. \(location) Fix the input, or allow them with --max-rejects."
        case .reconciliationFailed(let lines):
            return
                "reconciliation failed: what was read is not what was written plus rejected; do not use the stream.\n  "
                + lines.joined(separator: "\n  ")
        case .mixedLayouts(let first, let other):
            return "\(other) has other columns than \(first): a classify stream has one header. "
                + "Classify each layout on its own (or split them together with specsplit split)."
        }
    }

    /// The sysexits-style exit code.
    public var exitCode: Int32 {
        switch self {
        case .tooManyRejects: return ExitStatus.data
        case .reconciliationFailed: return ExitStatus.software
        case .mixedLayouts: return ExitStatus.usage
        }
    }
}
