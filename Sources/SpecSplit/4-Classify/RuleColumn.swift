/// A column of `rules.csv`, in the order of the published header. Conditions are tested,
/// and explained, in this order.
public enum RuleColumn: String, CaseIterable, Sendable, CustomStringConvertible {
    case ruleID = "rule_id"
    case stage
    case setting
    case category
    case serviceLine = "service_line"
    case icd10
    case icd10Position = "icd10_position"
    case opcs4
    case opcs4Position = "opcs4_position"
    case requireAllTriggers = "require_all_triggers"
    case icd10Qualifier = "icd10_qualifier"
    case opcs4Qualifier = "opcs4_qualifier"
    case hrg
    case pod
    case mainSpecialty = "main_specialty"
    case treatmentFunction = "treatment_function"
    case admissionMethod = "admission_method"
    case admissionSource = "admission_source"
    case patientClassification = "patient_classification"
    case attendanceStatus = "attendance_status"
    case referralSource = "referral_source"
    case age
    case sex
    case provider
    case commissioner
    case practiceType = "practice_type"
    case postcodeType = "postcode_type"
    case description

    /// The column's name in the header.
    public var description: String { rawValue }

    /// The columns holding code lists (triggers, qualifiers and other code conditions),
    /// in header order.
    public static let codeColumns: [RuleColumn] = allCases.filter { $0.kind != nil }

    /// The columns whose conditions are neither triggers nor qualifiers, in header order
    /// (age included).
    public static let otherConditionColumns: [RuleColumn] = [
        .hrg, .pod, .mainSpecialty, .treatmentFunction, .admissionMethod, .admissionSource,
        .patientClassification, .attendanceStatus, .referralSource, .age, .sex, .provider,
        .commissioner, .practiceType, .postcodeType,
    ]

    /// The classification of the codes in this column; nil for columns that hold no codes.
    public var kind: CodeKind? {
        switch self {
        case .icd10, .icd10Qualifier: return .icd10
        case .opcs4, .opcs4Qualifier: return .opcs4
        case .hrg: return .hrg
        case .mainSpecialty, .treatmentFunction: return .specialty
        case .pod: return .pod
        case .admissionMethod, .admissionSource, .referralSource: return .twoDigit
        case .patientClassification, .attendanceStatus, .sex: return .oneDigit
        case .provider, .commissioner: return .organisation
        case .practiceType, .postcodeType: return .typeName
        default: return nil
        }
    }

    /// The field of the extract a condition in this column needs (`practice_type` needs
    /// `gp_practice`, `postcode_type` needs `postcode`); nil for columns that are not conditions.
    public var field: Field? {
        switch self {
        case .icd10, .icd10Qualifier: return .diagnoses
        case .opcs4, .opcs4Qualifier: return .procedures
        case .hrg: return .hrg
        case .pod: return .pod
        case .mainSpecialty: return .mainSpecialty
        case .treatmentFunction: return .treatmentFunction
        case .admissionMethod: return .admissionMethod
        case .admissionSource: return .admissionSource
        case .patientClassification: return .patientClassification
        case .attendanceStatus: return .attendanceStatus
        case .referralSource: return .referralSource
        case .age: return .age
        case .sex: return .sex
        case .provider: return .provider
        case .commissioner: return .commissioner
        case .practiceType: return .gpPractice
        case .postcodeType: return .postcode
        default: return nil
        }
    }

    /// The `CodeType` of a problem with a value in this column.
    var problemType: String {
        switch self {
        case .icd10, .icd10Qualifier: return "ICD10"
        case .opcs4, .opcs4Qualifier: return "OPCS4"
        case .hrg: return "HRG"
        case .mainSpecialty: return "MAINSPEF"
        case .treatmentFunction: return "TFC"
        case .icd10Position, .opcs4Position: return "POSITION"
        case .requireAllTriggers: return "FLAG"
        default: return rawValue.uppercased()
        }
    }

    /// What a row's value in this column is called in an explanation (`diagnosis`...).
    var valueNoun: String {
        switch self {
        case .icd10, .icd10Qualifier: return "diagnosis"
        case .opcs4, .opcs4Qualifier: return "procedure"
        default: return rawValue
        }
    }
}
