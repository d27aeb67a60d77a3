/// The classification a rule column's codes belong to: it decides how a code is
/// normalised, which shape it must have, and how it is matched.
///
/// Code sets carry no type of their own: a set is checked as the kind of every column
/// that references it (an ICD-10 set used in `icd10` columns is checked as ICD-10).
public enum CodeKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// ICD-10 diagnoses: a letter, 2 digits, then an optional digit or `X` (`I60X`, `B20`).
    case icd10 = "ICD10"
    /// OPCS-4 procedures: a letter and 3 digits (`K262`).
    case opcs4 = "OPCS4"
    /// Healthcare resource groups: 2 letters, 2 digits, a letter (`SB97Z`).
    case hrg = "HRG"
    /// Main specialty and treatment function codes: 3 digits (`370`).
    case specialty = "SPECIALTY"
    /// Admission method, admission source, referral source: 2 digits (`21`, `39`).
    case twoDigit = "2DIGIT"
    /// Patient classification, attendance status, sex: 1 digit (`1`, `5`).
    case oneDigit = "1DIGIT"
    /// Provider and commissioner codes: 3 to 5 letters or digits (`RJE`, `5PK`, `XMD`).
    case organisation = "ORG"
    /// Points of delivery: 1 to 12 letters or digits (`EL`, `OPFUPSPNCL`); codes longer than
    /// 8 characters are packed by hash (see ``PackedCode/init(longCode:)``).
    case pod = "POD"
    /// Any other code of up to 8 characters.
    case code = "CODE"
    /// A value of a derived field (`practice_type`, `postcode_type`): compared upper-cased
    /// with spaces removed, any length, no prefixes.
    case typeName = "TYPE"

    /// The kind's name as it appears in problems (`ICD10`, `OPCS4`...).
    public var description: String { rawValue }

    /// The `CodeType` of a finding about a code of this kind.
    public var codeType: CodeType {
        switch self {
        case .icd10: return .icd10
        case .opcs4: return .opcs4
        case .hrg: return .hrg
        case .specialty: return .specialty
        case .twoDigit: return .twoDigit
        case .oneDigit: return .oneDigit
        case .organisation: return .organisation
        case .pod: return .pod
        case .code: return .code
        case .typeName: return .typeName
        }
    }

    /// Parses the optional `classification` column of `code-sets.csv` (`ICD10`, `ICD-10`,
    /// `OPCS4`, `HRG`, `TFC`, `SPECIALTY`..., any case).
    ///
    /// A rule column's name gives that column's kind (`treatment_function`, `admission_method`,
    /// `commissioner`...).
    public init?(classification: String) {
        if let column = RuleColumn(rawValue: classification.lowercased()), let kind = column.kind {
            self = kind
            return
        }
        let key = classification.uppercased().filter { $0 != "-" && $0 != " " && $0 != "_" }
        switch key {
        case "ICD10": self = .icd10
        case "OPCS4", "OPCS": self = .opcs4
        case "HRG": self = .hrg
        case "TFC", "SPECIALTY", "MAINSPEF", "TRETSPEF", "MAINSPECIALTY", "TREATMENTFUNCTION":
            self = .specialty
        case "POD": self = .pod
        case "ORGANISATION", "ORGANIZATION", "PROVIDER", "COMMISSIONER": self = .organisation
        case "CODE": self = .code
        default: return nil
        }
    }

    /// Normalises a code as written in a rule file: trimmed, upper case, the dot of an
    /// ICD-10 or OPCS-4 code removed (`h04.7` becomes `H047`); spaces removed from a
    /// derived-field value (`Non Unique` becomes `NONUNIQUE`).
    public func normalise(_ text: some StringProtocol) -> String {
        var value = text.trimmingSpaces.uppercased()
        switch self {
        case .icd10, .opcs4: value.removeAll { $0 == "." }
        case .typeName: value.removeAll { $0 == " " }
        default: break
        }
        return value
    }

    /// Why a normalised code does not have this kind's shape; nil when it does.
    /// A code ending in `%` is a prefix: what comes before it must be the start of a
    /// well-shaped code.
    public func shapeProblem(_ code: String) -> String? {
        let bytes = Array(code.utf8)
        let isPrefix = bytes.last == UInt8(ascii: "%")
        let body = isPrefix ? Array(bytes.dropLast()) : bytes
        if body.isEmpty { return "Empty code" }
        if isPrefix && self == .typeName { return "A \(self.article) value cannot be a prefix" }
        if body.contains(UInt8(ascii: "%")) { return "`%` may only end a code (prefix)" }
        let alphanumeric = body.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
        switch self {
        case .code:
            if body.count > (isPrefix ? 7 : 8) { return "Code longer than 8 characters" }
            if body.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { return "Code has spaces or non-ASCII characters" }
            return nil
        case .organisation:
            let fits = alphanumeric && body.count <= 5 && (isPrefix || body.count >= 3)
            return fits ? nil : "Code not shaped like \(shapeText)"
        case .pod:
            let fits = alphanumeric && body.count <= 12 && !(isPrefix && body.count > 7)
            return fits ? nil : "Code not shaped like \(shapeText)"
        case .typeName:
            return nil
        default:
            break
        }
        let pattern = self.pattern!
        let fits: Bool
        if isPrefix {
            fits = body.count < pattern.count && CodeKind.matches(body, pattern)
        } else {
            fits = pattern.count - body.count <= optionalTail && body.count <= pattern.count
                && CodeKind.matches(body, pattern)
        }
        return fits ? nil : "Code not shaped like \(self.shapeText)"
    }

    /// One character class per position: `L` letter, `D` digit, `d` digit or `X`.
    private var pattern: [UInt8]? {
        switch self {
        case .icd10: return Array("LDDd".utf8)
        case .opcs4: return Array("LDDD".utf8)
        case .hrg: return Array("LLDDL".utf8)
        case .specialty: return Array("DDD".utf8)
        case .twoDigit: return Array("DD".utf8)
        case .oneDigit: return Array("D".utf8)
        case .organisation, .pod, .code, .typeName: return nil
        }
    }

    /// How many trailing positions of `pattern` may be left off a whole code.
    private var optionalTail: Int { self == .icd10 ? 1 : 0 }

    private static func matches(_ body: [UInt8], _ pattern: [UInt8]) -> Bool {
        for (byte, kind) in zip(body, pattern) {
            let isLetter = byte >= 0x41 && byte <= 0x5A
            let isDigit = byte >= 0x30 && byte <= 0x39
            switch kind {
            case UInt8(ascii: "L"): if !isLetter { return false }
            case UInt8(ascii: "D"): if !isDigit { return false }
            default: if !(isDigit || byte == UInt8(ascii: "X")) { return false }
            }
        }
        return true
    }

    private var shapeText: String {
        switch self {
        case .icd10: return "ICD-10 (letter, 2 digits, optional digit or X; or prefix%)"
        case .opcs4: return "OPCS-4 (letter, 3 digits; or prefix%)"
        case .hrg: return "HRG (2 letters, 2 digits, letter; or prefix%)"
        case .specialty: return "a specialty or treatment function code (3 digits; or prefix%)"
        case .twoDigit: return "a 2-digit code (or prefix%)"
        case .oneDigit: return "a 1-digit code"
        case .organisation: return "an organisation code (3 to 5 letters or digits; or prefix%)"
        case .pod: return "a point of delivery (1 to 12 letters or digits; or prefix%)"
        case .code: return "a code (up to 8 characters)"
        case .typeName: return "a type name"
        }
    }

    private var article: String { self == .typeName ? "type" : rawValue }

    /// The form a code of this kind is matched in. A 3-character ICD-10 code stands for
    /// its `X`-filled 4-character form (`I60` is `I60X`), on both sides: a rule code
    /// `I60X` or `I60` matches data `I60` and `I60X`, and a prefix `I60%` matches all of
    /// `I60`, `I60X`, `I600`...`I609`. An ICD-10 code longer than 4 characters (a 5th
    /// character or a dagger/asterisk mark) is matched on its first 4.
    @inline(__always)
    static func canonicalICD10(_ code: PackedCode) -> PackedCode {
        let length = code.length
        if length == 3 { return PackedCode(raw: code.raw | (UInt64(UInt8(ascii: "X")) << 32)) }
        if length > 4 { return code.prefix(4) }
        return code
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        let text = Substring(self)
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return text[start...end]
    }
}
