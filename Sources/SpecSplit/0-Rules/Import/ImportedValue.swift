/// How the workbook's cells become rule-set values: code lists, settings, positions, flags,
/// ages, sex, ranks and percentages. Each returns nil (or throws a message) for a value it
/// cannot read, and the importer reports it with the cell's place.
enum ImportedValue {
    /// Cells that mean "nothing here".
    static let emptyMarkers: Set<String> = ["", "-", "N/A", "NA", "NONE", "NULL", "NOT APPLICABLE"]

    /// What separates the codes of a list cell (`"\r\n"` is one Character in Swift).
    static let separators: Set<Character> = [",", ";", " ", "\t", "\r", "\n", "\r\n"]

    /// The codes of a cell, split at commas, semicolons, spaces and line breaks, normalised
    /// for `kind` as the rule set writes them: upper case, ICD-10 and OPCS-4 dots removed, a
    /// trailing `*` written `%`, and a code that may have been a number (``WorkbookCell/isNumber``
    /// or a CSV cell) left-padded with zeros to its classification's width (`3` is TFC `003`,
    /// admission method `03`). Each code comes with its shape problem, if any.
    static func codes(_ text: String, cell: WorkbookCell?, kind: CodeKind) -> [(code: String, problem: String?)] {
        if emptyMarkers.contains(text.uppercased()) { return [] }
        let numeric = cell.map { $0.isNumber || $0.fromCSV } ?? false
        let width: Int? =
            switch kind {
            case .specialty: 3
            case .twoDigit: 2
            case .oneDigit: 1
            default: nil
            }
        var result: [(String, String?)] = []
        for token in text.split(whereSeparator: { separators.contains($0) }) {
            var code = kind.normalise(token)
            if code.hasSuffix("*") { code = String(code.dropLast()) + "%" }
            if numeric, let width, code.count < width, code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                code = String(repeating: "0", count: width - code.count) + code
            }
            result.append((code, kind.shapeProblem(code)))
        }
        return result
    }

    /// `APC` or `NAC` from `APC`, `NAC`, `OP` or their names in words; nil otherwise.
    static func setting(_ text: String) -> Setting? {
        if let setting = Setting(code: text) { return setting }
        switch WorkbookNames.key(text) {
        case "admitted", "admittedpatientcare", "inpatient", "inpatients": return .apc
        case "nonadmitted", "nonadmittedcare", "nonadmittedpatientcare", "outpatient", "outpatients": return .nac
        default: return nil
        }
    }

    /// A trigger position: empty and `any` (`all`, `any position`) are any, `primary`
    /// (`primary only`, `primary position`, `1`) is primary; nil otherwise.
    static func position(_ text: String) -> TriggerPosition? {
        switch WorkbookNames.key(text) {
        case "", "any", "all", "anyposition", "allpositions", "a": return .any
        case "primary", "primaryonly", "primaryposition", "p", "1", "first": return .primary
        default: return nil
        }
    }

    /// A yes/no flag: `Y`, `Yes`, `TRUE`, `1` and `N`, `No`, `FALSE`, `0`, empty.
    static func flag(_ text: String) -> Bool? {
        switch WorkbookNames.key(text) {
        case "y", "yes", "true", "1": return true
        case "", "n", "no", "false", "0": return false
        default: return nil
        }
    }

    /// `1` (male) or `2` (female) from `1`, `M`, `Male`, `2`, `F`, `Female`; empty for
    /// none (`All`, `Any`, `Persons`, `Both`, `9`, empty); nil for anything else.
    static func sex(_ text: String) -> String? {
        switch WorkbookNames.key(text) {
        case "1", "m", "male", "males": return "1"
        case "2", "f", "female", "females": return "2"
        case "", "all", "any", "persons", "both", "9", "0", "-", "n/a", "na", "none": return ""
        default: return nil
        }
    }

    /// The age condition from the age cell and the check cell: `19` and `<` give `<19`;
    /// an age cell that is already a condition (`<19`, `16-24`) is taken as it is; both
    /// empty give "". Checks in words (`less than`, `under`, `greater than or equal to`,
    /// `LT`, `GE`...) are understood. Nil when the two cannot be read.
    static func age(_ ageText: String, check: String) -> String? {
        let age = ageText.filter { $0 != " " }
        let key = WorkbookNames.key(check)
        if age.isEmpty { return key.isEmpty ? "" : nil }
        if AgeRange(parsing: age) != nil, key.isEmpty || !age.allSatisfy(\.isNumber) { return age }
        guard age.allSatisfy({ $0.isASCII && $0.isNumber }), let years = Int(age) else { return nil }
        let comparator: String
        switch key {
        case "<", "lt", "lessthan", "under", "below", "younger", "youngerthan": comparator = "<"
        case "<=", "=<", "le", "lessthanorequalto", "lessthanorequal", "atmost": comparator = "<="
        case ">", "gt", "greaterthan", "over", "above", "older", "olderthan": comparator = ">"
        case ">=", "=>", "ge", "greaterthanorequalto", "greaterthanorequal", "atleast", "andover": comparator = ">="
        case "=", "==", "eq", "equal", "equalto": return "\(years)-\(years)"
        default: return nil
        }
        let text = comparator + String(years)
        return AgeRange(parsing: text) == nil ? nil : text
    }

    /// A whole number from a cell (`3`, or `3.0` from a number cell); nil otherwise.
    static func wholeNumber(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        if text.hasSuffix(".0"), let value = Int(text.dropLast(2)) { return value }
        return nil
    }

    /// A top-up as a percentage in plain decimal (`25`, `12.5`): `25%` is 25; otherwise a
    /// fraction (`0.25`) is multiplied by 100 exactly when `fraction` is true. Nil when it
    /// is not a non-negative number.
    static func percent(_ text: String, fraction: Bool) -> String? {
        var value = text.filter { $0 != " " }
        var scale = fraction
        if value.hasSuffix("%") {
            value.removeLast()
            scale = false
        }
        guard let plain = WorkbookNumber.plain(value), !plain.hasPrefix("-") else { return nil }
        guard scale else { return plain }
        // Moving the point two places is exact: no binary floating point.
        return WorkbookNumber.plain(plain + "E2")
    }
}
