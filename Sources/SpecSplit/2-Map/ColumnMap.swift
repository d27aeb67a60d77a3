/// Which column of an input holds each logical field, and what shape the input is.
///
/// Built once per input from its header: user overrides first (`--map`), then the
/// built-in aliases of ``FieldAliases``. Diagnoses and procedures come from one
/// concatenated column (`Der_Diagnosis_All`) or numbered columns (`DIAG_01`...), in order.
public struct ColumnMap: Sendable, Equatable {
    /// The input's name, for messages.
    public let source: String
    /// The header as read.
    public let header: [String]
    /// The recognised (or given) shape.
    public let shape: ExtractShape
    /// How the shape was decided: given, recognised from the header, or guessed
    /// (contract monitoring) because nothing marked it, when `requireShape` is false.
    public let shapeOrigin: ShapeOrigin

    /// How an input's shape was decided.
    public enum ShapeOrigin: String, Sendable, Equatable {
        /// Given by the user (`--shape`).
        case given
        /// Recognised from the header.
        case recognised
        /// Not recognisable; assumed.
        case assumed
    }
    /// The column of each single-column field that was found.
    public let columns: [Field: Int]
    /// Diagnosis columns in order; one column means a concatenated list.
    public let diagnosisColumns: [Int]
    /// Procedure columns in order; one column means a concatenated list.
    public let procedureColumns: [Int]
    /// What makes the mapping doubtful, found from the header (a numbered list without its
    /// first column, a value or activity column taken by fallback): a split refuses the input
    /// unless the user accepts them. Values read are checked later (``valueShapeProblems(_:)``).
    public let problems: [MappingProblem]

    /// Column names that appear more than once in the header (folded for comparison),
    /// with their 0-based positions. The first is the one mapped; the rest are only data.
    public var duplicateColumns: [(name: String, positions: [Int])] {
        var seen: [String: [Int]] = [:]
        for (index, name) in header.enumerated() { seen[FieldAliases.fold(name), default: []].append(index) }
        return seen.values.filter { $0.count > 1 }.map { (header[$0[0]], $0) }.sorted { $0.positions[0] < $1.positions[0] }
    }

    /// The fields this input carries.
    public var present: FieldSet {
        var set = FieldSet(Array(columns.keys))
        if !diagnosisColumns.isEmpty { set.insert(.diagnoses) }
        if !procedureColumns.isEmpty { set.insert(.procedures) }
        return set
    }

    /// True when diagnoses are one concatenated column.
    public var diagnosesConcatenated: Bool { diagnosisColumns.count == 1 && !isNumbered(diagnosisColumns[0], FieldAliases.numberedDiagnosisPrefixes) }
    /// True when procedures are one concatenated column.
    public var proceduresConcatenated: Bool { procedureColumns.count == 1 && !isNumbered(procedureColumns[0], FieldAliases.numberedProcedurePrefixes) }

    /// True for an admitted-patient extract at episode level (spell id and episode number).
    public var isEpisodeLevel: Bool { shape == .apc && columns[.spellId] != nil && columns[.episodeNumber] != nil }

    /// The column of `field`, if the input has it.
    public func column(_ field: Field) -> Int? { columns[field] }

    /// The name of the column holding `field`, for reports (`DIAG_01..DIAG_12` for numbered lists).
    public func columnName(_ field: Field) -> String? {
        switch field {
        case .diagnoses: return listName(diagnosisColumns)
        case .procedures: return listName(procedureColumns)
        default: return columns[field].map { header[$0] }
        }
    }

    private func listName(_ list: [Int]) -> String? {
        guard let first = list.first else { return nil }
        return list.count == 1 ? header[first] : "\(header[first])..\(header[list.last!])"
    }

    private func isNumbered(_ column: Int, _ prefixes: [String]) -> Bool {
        FieldAliases.number(of: header[column], prefixes: prefixes) != nil
    }

    /// Maps `header`.
    /// - Parameters:
    ///   - overrides: `field -> column name` from `--map` or a config file; for diagnoses and
    ///     procedures several columns may be given separated by `;`.
    ///   - shape: the shape when the user gives it; recognised from the header otherwise.
    ///   - required: fields that must be found.
    /// - Throws: ``MappingError``.
    public init(
        header: [String], source: String, overrides: [Field: String] = [:], shape: ExtractShape? = nil,
        required: [Field] = [.provider, .commissioner], requireShape: Bool = true
    ) throws {
        self.source = source
        self.header = header
        var byName: [String: Int] = [:]
        for (index, name) in header.enumerated() where byName[FieldAliases.fold(name)] == nil {
            byName[FieldAliases.fold(name)] = index
        }
        func find(_ name: String, for field: Field) throws -> Int {
            guard let index = byName[FieldAliases.fold(name)] else {
                throw MappingError.unknownColumn(path: source, field: field, column: name, columns: header)
            }
            return index
        }
        var columns: [Field: Int] = [:]
        var diagnoses: [Int] = []
        var procedures: [Int] = []
        for field in Field.allCases {
            if let name = overrides[field] {
                let names = name.split(separator: ";").map(String.init)
                let found = try names.map { try find($0, for: field) }
                switch field {
                case .diagnoses: diagnoses = found
                case .procedures: procedures = found
                default: columns[field] = found[0]
                }
                continue
            }
            if let index = FieldAliases.names[field]?.lazy.compactMap({ byName[FieldAliases.fold($0)] }).first {
                switch field {
                case .diagnoses: diagnoses = [index]
                case .procedures: procedures = [index]
                default: columns[field] = index
                }
            }
        }
        if diagnoses.isEmpty { diagnoses = Self.numbered(header, FieldAliases.numberedDiagnosisPrefixes) }
        if procedures.isEmpty { procedures = Self.numbered(header, FieldAliases.numberedProcedurePrefixes) }
        self.columns = columns
        self.diagnosisColumns = diagnoses
        self.procedureColumns = procedures
        problems = Self.headerProblems(
            header: header, source: source, given: Set(overrides.keys), columns: columns, diagnoses: diagnoses,
            procedures: procedures)

        let missing = required.filter { field in
            switch field {
            case .diagnoses: return diagnoses.isEmpty
            case .procedures: return procedures.isEmpty
            default: return columns[field] == nil
            }
        }
        if !missing.isEmpty { throw MappingError.missingFields(path: source, missing: missing, columns: header) }

        if let shape {
            self.shape = shape
            shapeOrigin = .given
        } else if let recognised = Self.recognise(columns: columns, header: header) {
            self.shape = recognised
            shapeOrigin = .recognised
        } else if !requireShape {
            self.shape = .slam
            shapeOrigin = .assumed
        } else {
            throw MappingError.unknownShape(path: source, columns: header)
        }
    }

    private static func numbered(_ header: [String], _ prefixes: [String]) -> [Int] {
        header.indices
            .compactMap { index in FieldAliases.number(of: header[index], prefixes: prefixes).map { (index, $0) } }
            .sorted { $0.1 < $1.1 }
            .map(\.0)
    }

    private static func recognise(columns: [Field: Int], header: [String]) -> ExtractShape? {
        let folded = Set(header.map(FieldAliases.fold))
        if columns[.spellId] != nil || columns[.admissionMethod] != nil || columns[.patientClassification] != nil
            || columns[.admissionSource] != nil || FieldAliases.admittedMarkers.contains(where: { folded.contains(FieldAliases.fold($0)) })
        {
            return .apc
        }
        if columns[.attendanceStatus] != nil || FieldAliases.outpatientMarkers.contains(where: { folded.contains(FieldAliases.fold($0)) }) {
            return .op
        }
        if columns[.pod] != nil { return .slam }
        return nil
    }
}
