/// A column of `rules.csv`, in the order of the published header. Conditions are tested,
/// and explained, in this order.
public enum RuleColumn: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The rule's unique identifier.
    case ruleID = "rule_id"
    /// `national` or `local`.
    case stage
    /// `APC`, `NAC`, or empty for both.
    case setting
    /// The category the rule gives (empty: its service line's).
    case category
    /// The service line the rule gives.
    case serviceLine = "service_line"
    /// ICD-10 trigger list.
    case icd10
    /// Where an ICD-10 trigger must be: `primary` or `any`.
    case icd10Position = "icd10_position"
    /// OPCS-4 trigger list.
    case opcs4
    /// Where an OPCS-4 trigger must be: `primary` or `any`.
    case opcs4Position = "opcs4_position"
    /// `Y` when every trigger list must match.
    case requireAllTriggers = "require_all_triggers"
    /// ICD-10 list of which some code must be anywhere in the row.
    case icd10Qualifier = "icd10_qualifier"
    /// OPCS-4 list of which some code must be anywhere in the row.
    case opcs4Qualifier = "opcs4_qualifier"
    /// HRG list.
    case hrg
    /// Point of delivery list.
    case pod
    /// Main specialty (MAINSPEF) list.
    case mainSpecialty = "main_specialty"
    /// Treatment function (TRETSPEF) list.
    case treatmentFunction = "treatment_function"
    /// Admission method (ADMIMETH) list.
    case admissionMethod = "admission_method"
    /// Admission source (ADMISORC) list.
    case admissionSource = "admission_source"
    /// Patient classification (CLASSPAT) list.
    case patientClassification = "patient_classification"
    /// Attendance status (ATTENDED) list.
    case attendanceStatus = "attendance_status"
    /// Referral source (REFSOURC) list.
    case referralSource = "referral_source"
    /// Age condition: `<19`, `<=18`, `>=19`, `>18` or `13-20`.
    case age
    /// Sex list.
    case sex
    /// Provider eligibility list.
    case provider
    /// Commissioner list.
    case commissioner
    /// Derived practice type list (from `practices.csv`; `none` when not listed).
    case practiceType = "practice_type"
    /// Derived postcode type list (from `prison-postcodes.csv`; `none` when not listed).
    case postcodeType = "postcode_type"
    /// What the rule is for (not evaluated).
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

    /// The `CodeType` of a problem with a value in this column: the column's name in upper
    /// case (`ADMISSION_METHOD`), but for the code lists the national tool names its own way.
    var problemType: CodeType {
        switch self {
        case .icd10, .icd10Qualifier: return .icd10
        case .opcs4, .opcs4Qualifier: return .opcs4
        case .mainSpecialty: return .mainSpecialty
        case .treatmentFunction: return .treatmentFunction
        case .icd10Position, .opcs4Position: return .position
        case .requireAllTriggers: return .flag
        default: return CodeType(rawValue: rawValue.uppercased()) ?? .column
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
