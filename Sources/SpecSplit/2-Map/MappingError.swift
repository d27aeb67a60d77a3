/// A header that cannot be mapped to the fields a job needs.
public enum MappingError: SpecSplitError, Equatable {
    /// Required fields have no column.
    case missingFields(path: String, missing: [Field], columns: [String])
    /// A `--map field=Column` names a column the file does not have.
    case unknownColumn(path: String, field: Field, column: String, columns: [String])
    /// The shape could not be recognised from the header.
    case unknownShape(path: String, columns: [String])
    /// A `--map` entry that is not `field=Column` with a known field.
    case badOverride(String)
    /// Mappings that are only partly right (``MappingProblem``), not accepted with
    /// `--allow-partial-mapping`: nothing is published.
    case doubtful([MappingProblem])

    /// What went wrong, where, and what to do.
    public var description: String {
        switch self {
        case .missingFields(let path, let missing, let columns):
            return "\(path):1: no column for required field(s) \(missing.map(\.name).joined(separator: ", ")). "
                + "Columns found: \(columns.joined(separator: ", ")). "
                + "Name the column with --map FIELD=COLUMN (for example --map \(missing[0].name)=\(columns.first ?? "Column"))."
        case .unknownColumn(let path, let field, let column, let columns):
            return "\(path):1: --map \(field.name)=\(column): the file has no column \(column). "
                + "Columns found: \(columns.joined(separator: ", "))."
        case .unknownShape(let path, let columns):
            return "\(path):1: cannot tell whether this is an admitted-patient, outpatient or contract-monitoring extract "
                + "from its columns (\(columns.joined(separator: ", "))). Say which with --shape apc|op|slam."
        case .doubtful(let problems):
            let noun = problems.count == 1 ? "a mapping that is" : "\(problems.count) mappings that are"
            return "\(noun) only partly right, so nothing was published:\n  "
                + problems.map(\.description).joined(separator: "\n  ")
        case .badOverride(let text):
            return "--map \(text): expected FIELD=COLUMN with FIELD one of \(Field.allCases.map(\.name).joined(separator: ", "))."
        }
    }

    /// Each mapping that is only partly right, on a line of its own: what is wrong and what to do.
    public var findings: [Finding] {
        guard case .doubtful(let problems) = self else { return [] }
        return problems.map { problem in
            Finding(
                codeType: .column, code: problem.field.name, file: problem.source, line: 1, column: problem.column,
                message: problem.description)
        }
    }

    /// The input's header (line 1), and the column when one is named.
    public var location: ErrorLocation? {
        switch self {
        case .missingFields(let path, _, _), .unknownShape(let path, _): return ErrorLocation(file: path, line: 1)
        case .unknownColumn(let path, _, let column, _): return ErrorLocation(file: path, line: 1, column: column)
        case .doubtful(let problems):
            guard let first = problems.first else { return nil }
            return ErrorLocation(file: first.source, line: 1, column: first.column)
        case .badOverride: return nil
        }
    }

    /// 65 for a header that cannot be mapped; 64 for a `--map` entry that cannot be read.
    public var exitCode: Int32 {
        switch self {
        case .badOverride: return ExitStatus.usage
        default: return ExitStatus.data
        }
    }

    /// Parses `field=Column` overrides (a list field may name several columns separated by `;`).
    public static func parseOverrides(_ entries: [String]) throws -> [Field: String] {
        var result: [Field: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="),
                let field = Field(rawValue: String(entry[..<equals]).lowercased()),
                entry.index(after: equals) < entry.endIndex
            else { throw MappingError.badOverride(entry) }
            result[field] = String(entry[entry.index(after: equals)...])
        }
        return result
    }
}
