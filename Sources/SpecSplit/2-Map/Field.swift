/// A logical field of an activity extract: what a column means, whatever it is called.
///
/// The header of each input is mapped to these through built-in aliases
/// (see ``FieldAliases``) or the user's `--map field=Column` overrides.
public enum Field: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case provider
    case commissioner
    case contract
    case spellId = "spell_id"
    case episodeNumber = "episode_number"
    case pod
    case hrg
    case mainSpecialty = "main_specialty"
    case treatmentFunction = "treatment_function"
    case diagnoses
    case procedures
    case age
    case sex
    case admissionMethod = "admission_method"
    case admissionSource = "admission_source"
    case patientClassification = "patient_classification"
    case attendanceStatus = "attendance_status"
    case referralSource = "referral_source"
    case gpPractice = "gp_practice"
    case postcode
    case financialYear = "financial_year"
    case activity
    case value
    case serviceCode = "service_code"
    case serviceCategory = "service_category"

    /// The name used on the command line (`--map hrg=Core_HRG`), in config files and reports.
    public var name: String { rawValue }

    /// The field's name.
    public var description: String { rawValue }

    /// The bit of this field in a ``FieldSet``.
    @inlinable public var bit: UInt32 { 1 << UInt32(Field.allCases.firstIndex(of: self)!) }

    /// Fields ordered as declared (the order of the data flow in a row).
    public static func < (lhs: Field, rhs: Field) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A set of logical fields, as a bit set: which fields an extract carries, or which
/// fields a rule tests.
public struct FieldSet: OptionSet, Hashable, Sendable {
    /// The bits, one per ``Field`` in declaration order.
    public var rawValue: UInt32

    /// A set from raw bits.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A set of the given fields.
    public init(_ fields: [Field]) {
        self.rawValue = 0
        for field in fields { rawValue |= field.bit }
    }

    /// True when `field` is in the set.
    @inlinable public func contains(_ field: Field) -> Bool { rawValue & field.bit != 0 }

    /// Adds `field`.
    @inlinable public mutating func insert(_ field: Field) { rawValue |= field.bit }

    /// The fields in the set, in declaration order.
    public var fields: [Field] { Field.allCases.filter { contains($0) } }
}
