/// A value of a row that code lists are matched against. Several rule columns can test the
/// same one (`icd10` and `icd10_qualifier` both test the diagnoses).
enum MatchField: Int, CaseIterable, Sendable {
    case diagnoses, procedures, hrg, pod, mainSpecialty, treatmentFunction, admissionMethod
    case admissionSource, patientClassification, attendanceStatus, referralSource, sex
    case provider, commissioner, practiceType, postcodeType

    init(_ column: RuleColumn) {
        switch column {
        case .icd10, .icd10Qualifier: self = .diagnoses
        case .opcs4, .opcs4Qualifier: self = .procedures
        case .hrg: self = .hrg
        case .pod: self = .pod
        case .mainSpecialty: self = .mainSpecialty
        case .treatmentFunction: self = .treatmentFunction
        case .admissionMethod: self = .admissionMethod
        case .admissionSource: self = .admissionSource
        case .patientClassification: self = .patientClassification
        case .attendanceStatus: self = .attendanceStatus
        case .referralSource: self = .referralSource
        case .sex: self = .sex
        case .provider: self = .provider
        case .commissioner: self = .commissioner
        case .practiceType: self = .practiceType
        case .postcodeType: self = .postcodeType
        default: preconditionFailure("column \(column) holds no codes")
        }
    }

    /// The extract field the value comes from.
    var field: Field {
        switch self {
        case .diagnoses: return .diagnoses
        case .procedures: return .procedures
        case .hrg: return .hrg
        case .pod: return .pod
        case .mainSpecialty: return .mainSpecialty
        case .treatmentFunction: return .treatmentFunction
        case .admissionMethod: return .admissionMethod
        case .admissionSource: return .admissionSource
        case .patientClassification: return .patientClassification
        case .attendanceStatus: return .attendanceStatus
        case .referralSource: return .referralSource
        case .sex: return .sex
        case .provider: return .provider
        case .commissioner: return .commissioner
        case .practiceType: return .gpPractice
        case .postcodeType: return .postcode
        }
    }

    /// True for the derived fields, whose values are type names, not codes.
    var isDerived: Bool { self == .practiceType || self == .postcodeType }
}

/// The code lists of one match field, compiled: exact codes and prefixes point at list
/// ids. Plain data (views and integers), so reading it on the classify path costs no
/// reference counting.
struct FieldIndex: Sendable {
    /// Exact code (packed raw) -> ids of the lists holding it.
    var exact: CodeTable.View
    /// Prefix (packed raw, without `%`) -> ids of the lists holding it.
    var prefix: CodeTable.View
    /// Bit `n` is set when some prefix has `n` bytes (1...7).
    var prefixLengths: UInt8
    /// True when some rule tests the field.
    var used: Bool
}

/// One rule, compiled to list ids and bit masks.
struct CompiledRule: Sendable {
    var national: Bool
    var setting: Setting
    /// Fields the extract must all carry.
    var needsAll: UInt32
    /// Fields of which the extract must carry at least one (OR-ed triggers); 0 when none.
    var needsAny: UInt32
    var icd10List: Int32 = -1
    var icd10Primary = false
    var opcs4List: Int32 = -1
    var opcs4Primary = false
    var requireAll = false
    /// Qualifier and other condition lists: a range of ``CompiledRuleSet/conditionLists``.
    var conditionStart: Int32 = 0
    var conditionCount: Int32 = 0
    var hasAge = false
    var ageLower: Int32 = 0
    var ageUpper: Int32 = 0
    var category: Int32
    var serviceLine: PackedCode
    var rank: Int
}

/// A row of the service-group table, compiled.
struct CompiledServiceGroup: Sendable {
    struct Codes: Sendable {
        var exact: [PackedCode]
        var prefixes: [PackedCode]
        func matches(_ code: PackedCode) -> Bool {
            if code.isEmpty { return false }
            for candidate in exact where candidate == code { return true }
            for candidate in prefixes where code.prefix(candidate.length) == candidate { return true }
            return false
        }
    }
    var pod: Codes?
    var treatmentFunction: Codes?
    var mainSpecialty: Codes?
    var serviceLine: Codes?
    var category: Int?
    var group: Int
}
