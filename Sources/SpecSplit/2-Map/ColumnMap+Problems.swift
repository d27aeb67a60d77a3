extension ColumnMap {
    /// The columns of every field the input carries, by field name: one column's name, or a
    /// list's names separated by `;` as `--map` takes them (`DIAG_01;DIAG_02`). For the manifest.
    public var mappedColumns: [String: String] {
        var result: [String: String] = [:]
        for field in Field.allCases {
            switch field {
            case .diagnoses where !diagnosisColumns.isEmpty:
                result[field.name] = diagnosisColumns.map { header[$0] }.joined(separator: ";")
            case .procedures where !procedureColumns.isEmpty:
                result[field.name] = procedureColumns.map { header[$0] }.joined(separator: ";")
            default: if let column = columns[field] { result[field.name] = header[column] }
            }
        }
        return result
    }

    /// The columns that identify a row, for `explain --id`: the spell id, then the first
    /// episode, attendance or line id column (``FieldAliases/rowIDNames``).
    public var idColumns: [Int] {
        var result: [Int] = columns[.spellId].map { [$0] } ?? []
        let folded = header.map(FieldAliases.fold)
        if let other = FieldAliases.rowIDNames.lazy.compactMap({ folded.firstIndex(of: FieldAliases.fold($0)) }).first,
            !result.contains(other)
        {
            result.append(other)
        }
        return result
    }

    /// The fields no column serves, in field order.
    public var absentFields: [Field] { Field.allCases.filter { !present.contains($0) } }

    /// The fields whose values ``valueShapeProblems(_:)`` judges: those the normaliser checks
    /// against a shape.
    public static let shapedFields: [Field] = [
        .provider, .commissioner, .hrg, .gpPractice, .postcode, .age, .diagnoses, .procedures,
    ]

    /// The fields of `counts` whose values mostly (over half of those checked) are not shaped
    /// like the field: a postcode column mapped as age, a treatment function as HRG.
    public func valueShapeProblems(_ counts: [FieldShapeCount]) -> [MappingProblem] {
        counts.filter { $0.checked > 0 && $0.failed * 2 > $0.checked }.map { count in
            let column = columnName(count.field) ?? ""
            let example = count.example.count > 40 ? String(count.example.prefix(40)) + "..." : count.example
            return MappingProblem(
                kind: .valuesNotShaped, source: source, field: count.field, column: column,
                detail:
                    "\(count.failed) of the first \(count.checked) values are not shaped like \(Self.shapeText(count.field)) "
                    + "(the first, on line \(count.line): \"\(example)\")",
                fix:
                    "Name the column that holds \(count.field.name) with --map \(count.field.name)=COLUMN, \(MappingProblem.acceptance)."
            )
        }
    }

    static func shapeText(_ field: Field) -> String {
        switch field {
        case .provider, .commissioner: return "an organisation code (3 to 6 letters or digits)"
        case .hrg: return "an HRG code (2 letters, 2 digits, a letter)"
        case .gpPractice: return "a GP practice code (a letter and 5 digits)"
        case .postcode: return "a postcode (a letter first, with digits)"
        case .age: return "an age in whole years"
        case .diagnoses: return "an ICD-10 code"
        case .procedures: return "an OPCS-4 code"
        default: return "a \(field.name)"
        }
    }

    /// The doubts the header alone shows, for fields the user did not name with `--map`.
    static func headerProblems(
        header: [String], source: String, given: Set<Field>, columns: [Field: Int], diagnoses: [Int], procedures: [Int]
    ) -> [MappingProblem] {
        var mapped = Set(columns.values)
        mapped.formUnion(diagnoses)
        mapped.formUnion(procedures)
        var problems: [MappingProblem] = []
        for (field, list, prefixes, hints) in [
            (Field.diagnoses, diagnoses, FieldAliases.numberedDiagnosisPrefixes, ["diag", "icd"]),
            (Field.procedures, procedures, FieldAliases.numberedProcedurePrefixes, ["proc", "oper", "opcs"]),
        ] where !given.contains(field) {
            if let problem = listWithoutFirst(
                field, list, prefixes, hints, header: header, source: source, mapped: mapped)
            {
                problems.append(problem)
            }
        }
        for (field, words, fallback) in [
            (Field.value, FieldAliases.moneyWords, "value would count 0"),
            (Field.activity, FieldAliases.activityWords, "activity would count 1 a row"),
        ] where !given.contains(field) {
            if let problem = amountByFallback(
                field, words, fallback, header: header, source: source, chosen: columns[field], mapped: mapped)
            {
                problems.append(problem)
            }
        }
        return problems
    }

    /// Numbered columns found by their prefix whose lowest number is above 1: the first
    /// column of the list is missing, so the second would be read as primary.
    private static func listWithoutFirst(
        _ field: Field, _ list: [Int], _ prefixes: [String], _ hints: [String], header: [String], source: String,
        mapped: Set<Int>
    ) -> MappingProblem? {
        let numbers = list.compactMap { FieldAliases.number(of: header[$0], prefixes: prefixes) }
        guard !list.isEmpty, numbers.count == list.count, let lowest = numbers.min(), lowest > 1 else {
            return nil
        }
        let names = list.map { header[$0] }
        let candidates = header.indices.filter { index in
            !mapped.contains(index) && hints.contains { FieldAliases.fold(header[index]).contains($0) }
        }.map { header[$0] }
        let first = candidates.first ?? "FIRST_COLUMN"
        let others =
            candidates.count > 1
            ? " (other columns that may be it: \(candidates.dropFirst().joined(separator: ", ")))" : ""
        return MappingProblem(
            kind: .listWithoutFirst, source: source, field: field, column: "\(names[0])..\(names[names.count - 1])",
            detail:
                "the numbered columns start at \(names[0]), number \(lowest): there is no first, so \(names[0]) would be read as the primary \(field == .diagnoses ? "diagnosis" : "procedure")",
            fix:
                "Name the whole list, the primary first, with --map \(field.name)=\"\(([first] + names).joined(separator: ";"))\"\(others), \(MappingProblem.acceptance)."
        )
    }

    /// A value or activity column taken by fallback (not the field's first alias, or none at
    /// all) while other unmapped columns' names say money or activity.
    private static func amountByFallback(
        _ field: Field, _ words: Set<String>, _ fallback: String, header: [String], source: String, chosen: Int?,
        mapped: Set<Int>
    ) -> MappingProblem? {
        let aliases = FieldAliases.names[field] ?? []
        if let chosen, FieldAliases.fold(header[chosen]) == FieldAliases.fold(aliases[0]) { return nil }
        let folded = Set(aliases.map(FieldAliases.fold))
        let candidates = header.indices
            .filter { !mapped.contains($0) && FieldAliases.says(header[$0], words) }
            .sorted {
                (folded.contains(FieldAliases.fold(header[$0])) ? 0 : 1, $0) < (
                    folded.contains(FieldAliases.fold(header[$1])) ? 0 : 1, $1
                )
            }
            .map { header[$0] }
        guard !candidates.isEmpty else { return nil }
        let taken =
            chosen.map { "\(header[$0]) was taken as a fallback (it is not \(aliases[0]))" }
            ?? "no column was found (\(fallback))"
        let say = field == .value ? "money" : "activity"
        return MappingProblem(
            kind: .amountByFallback, source: source, field: field, column: chosen.map { header[$0] } ?? "",
            detail:
                "\(taken), but \(candidates.joined(separator: ", ")) also \(candidates.count == 1 ? "names" : "name") \(say)",
            fix:
                "Say which column holds \(field.name) with --map \(field.name)=COLUMN (for example --map \(field.name)=\(candidates[0])), \(MappingProblem.acceptance)."
        )
    }
}
