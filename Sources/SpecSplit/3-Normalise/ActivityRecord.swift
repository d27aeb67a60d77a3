/// The care setting a row belongs to: admitted patient care or non-admitted (outpatient) care.
public enum Setting: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Unknown: a contract-monitoring row whose point of delivery is not in the rule set's table.
    case unknown = 0
    /// Admitted patient care (spells and episodes).
    case apc = 1
    /// Non-admitted care: outpatient attendances.
    case nac = 2

    /// `APC`, `NAC` or empty.
    public var description: String {
        switch self {
        case .unknown: return ""
        case .apc: return "APC"
        case .nac: return "NAC"
        }
    }

    /// Parses `APC` or `NAC` (any case); nil otherwise.
    public init?(code: String) {
        switch code.uppercased() {
        case "APC": self = .apc
        case "NAC", "OP": self = .nac
        default: return nil
        }
    }
}

/// One activity row, normalised for classification: every code the rules can test,
/// packed into integers. One record is reused for every row of a thread, so filling it
/// allocates nothing once the code lists have grown to the longest row.
public struct ActivityRecord: Sendable {
    /// The logical fields the extract carries (a rule testing any other field cannot fire).
    public var present: FieldSet = []
    /// The setting of this row (from the extract's shape, or from its point of delivery).
    public var setting: Setting = .unknown
    /// ICD-10 codes in order, normalised to 4 characters where the classification has them
    /// (dot removed, upper case; a 3-character code keeps its 3 characters). The first is primary.
    public var diagnoses: [PackedCode] = []
    /// OPCS-4 codes in order, normalised (dot removed, upper case). The first is primary.
    public var procedures: [PackedCode] = []
    /// HRG code (`SB97Z`).
    public var hrg: PackedCode = .empty
    /// Point of delivery (`EL`, `NEL`, `DC`, `OPFA`...).
    public var pod: PackedCode = .empty
    /// Main specialty code (`370`).
    public var mainSpecialty: PackedCode = .empty
    /// Treatment function code (`370`).
    public var treatmentFunction: PackedCode = .empty
    /// Admission method (`11`, `21`...).
    public var admissionMethod: PackedCode = .empty
    /// Admission source (`19`, `39`...).
    public var admissionSource: PackedCode = .empty
    /// Patient classification (`1` ordinary, `2` day case...).
    public var patientClassification: PackedCode = .empty
    /// Attendance status (`5`, `6` attended).
    public var attendanceStatus: PackedCode = .empty
    /// Referral source.
    public var referralSource: PackedCode = .empty
    /// Sex (`1`, `2`, `9`).
    public var sex: PackedCode = .empty
    /// Provider code, normalised (`RJE00` becomes `RJE`).
    public var provider: PackedCode = .empty
    /// Commissioner code.
    public var commissioner: PackedCode = .empty
    /// Registered GP practice code.
    public var practice: PackedCode = .empty
    /// Patient postcode, spaces removed, upper case (at most 8 bytes; longer is empty).
    public var postcode: PackedCode = .empty
    /// The commissioned service category code the extract gives (`21`, `71`...): who
    /// commissions the row today, with the commissioner code.
    public var serviceCategory: PackedCode = .empty
    /// Age in years; nil when empty or not a whole number.
    public var age: Int? = nil

    /// An empty record.
    public init() {
        diagnoses.reserveCapacity(8)
        procedures.reserveCapacity(8)
    }

    /// Clears the record for the next row, keeping the capacity of its code lists.
    @inlinable
    public mutating func reset(present: FieldSet, setting: Setting) {
        diagnoses.removeAll(keepingCapacity: true)
        procedures.removeAll(keepingCapacity: true)
        resetSingleCodes(present: present, setting: setting)
    }

    /// ``reset(present:setting:)`` but for the code lists, which the caller replaces.
    @inlinable
    mutating func resetSingleCodes(present: FieldSet, setting: Setting) {
        self.present = present
        self.setting = setting
        hrg = .empty; pod = .empty; mainSpecialty = .empty; treatmentFunction = .empty
        admissionMethod = .empty; admissionSource = .empty; patientClassification = .empty
        attendanceStatus = .empty; referralSource = .empty; sex = .empty
        provider = .empty; commissioner = .empty; practice = .empty; postcode = .empty; serviceCategory = .empty
        age = nil
    }

    /// The packed code of a single-code field; `.empty` for lists, age and non-code fields.
    @inlinable
    public func code(_ field: Field) -> PackedCode {
        switch field {
        case .hrg: return hrg
        case .pod: return pod
        case .mainSpecialty: return mainSpecialty
        case .treatmentFunction: return treatmentFunction
        case .admissionMethod: return admissionMethod
        case .admissionSource: return admissionSource
        case .patientClassification: return patientClassification
        case .attendanceStatus: return attendanceStatus
        case .referralSource: return referralSource
        case .sex: return sex
        case .provider: return provider
        case .commissioner: return commissioner
        case .gpPractice: return practice
        case .postcode: return postcode
        default: return .empty
        }
    }
}
