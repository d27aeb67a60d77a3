import SpecSplit

/// Why an extract could not be generated as asked.
public enum GenerateError: SpecSplitError, Equatable {
    /// The row count is negative.
    case invalidRows(Int)
    /// The number of contracts is out of range.
    case invalidContracts(Int)
    /// `--episodes` was given for a shape other than admitted patient care.
    case episodesNeedAdmittedCare(ExtractShape)
    /// `--narrow` was given for a shape other than admitted patient care.
    case narrowNeedsAdmittedCare(ExtractShape)
    /// `--narrow` and `--episodes` were given together.
    case narrowIsSpellLevel

    /// 64: the arguments cannot be used.
    public var exitCode: Int32 { ExitStatus.usage }

    /// What was wrong and what to do.
    public var description: String {
        switch self {
        case .invalidRows(let rows):
            return "--rows \(rows) is not a row count: give 0 or more."
        case .invalidContracts(let contracts):
            return "--contracts \(contracts) is out of range: give 1 to \(ContractTable.maximumContracts)."
        case .episodesNeedAdmittedCare(let shape):
            return "--episodes applies to admitted patient care only, not \(shape): use --shape apc or drop --episodes."
        case .narrowNeedsAdmittedCare(let shape):
            return "--narrow applies to admitted patient care only, not \(shape): use --shape apc or drop --narrow."
        case .narrowIsSpellLevel:
            return "--narrow rows are spells (one row each): drop --episodes or --narrow."
        }
    }
}
