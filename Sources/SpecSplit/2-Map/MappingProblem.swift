/// A mapping that is only partly right: the header was mapped, but the result would be
/// doubtful. A split refuses an input with one (65, nothing published) unless the user
/// accepts it with `--allow-partial-mapping`; then it is a warning in quality.csv, in the
/// log and in the manifest.
public struct MappingProblem: Sendable, Equatable, CustomStringConvertible {
    /// What is doubtful.
    public enum Kind: String, Sendable, Equatable {
        /// Numbered code columns (`Diag2..Diag12`) without a first: the second would be primary.
        case listWithoutFirst
        /// A value or activity column taken by fallback while another column's name says
        /// money or activity.
        case amountByFallback
        /// Most of the first values read are not shaped like the field (a postcode as an age).
        case valuesNotShaped
    }

    /// What is doubtful.
    public var kind: Kind
    /// The input, as named in messages.
    public var source: String
    /// The field concerned.
    public var field: Field
    /// The column (or columns, `Diag2..Diag12`) the field was mapped to; empty when none.
    public var column: String
    /// What is wrong, for a person.
    public var detail: String
    /// What to do about it.
    public var fix: String

    /// `input: field (column): what is wrong. What to do.`
    public var description: String {
        "\(source): \(field.name) (\(column.isEmpty ? "no column" : column)): \(detail). \(fix)"
    }

    /// The warning a run that accepted the problem writes to quality.csv.
    public var finding: Finding {
        Finding(
            codeType: .column, code: field.name, file: source, line: 1, column: column,
            message:
                "Mapping accepted with --allow-partial-mapping in \(source): \(field.name) (\(column.isEmpty ? "no column" : column)): \(detail)"
        )
    }

    /// The sentence every refusal ends with.
    static let acceptance =
        "or accept the mapping as it is with --allow-partial-mapping (allow_partial_mapping = true in a config file)"
}

/// How many of the first non-empty values of a mapped field were checked against the field's
/// shape, how many failed, and the first that failed (counted while reading, see
/// ``ShapeTally``).
public struct FieldShapeCount: Sendable, Equatable {
    /// The field.
    public var field: Field
    /// Non-empty values checked (at most ``ShapeTally/limit``).
    public var checked: Int
    /// Values among them not shaped like the field.
    public var failed: Int
    /// The first value that failed, as read.
    public var example: String
    /// The physical line of that value.
    public var line: Int

    /// A count from its parts.
    public init(field: Field, checked: Int, failed: Int, example: String = "", line: Int = 0) {
        self.field = field
        self.checked = checked
        self.failed = failed
        self.example = example
        self.line = line
    }
}
