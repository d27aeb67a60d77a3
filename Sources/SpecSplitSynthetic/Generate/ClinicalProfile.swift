import SpecSplit

/// What a kind of activity looks like: its specialty, HRGs, diagnoses, procedures,
/// patients and how they are admitted. Rows are drawn from weighted tables of profiles
/// (ordinary, dental, specialised, chemotherapy and radiotherapy).
struct ClinicalProfile: Sendable {
    /// How patients of this profile are admitted.
    enum Admission: Sendable {
        /// Waiting list: ordinary admissions and day cases.
        case elective
        /// Mostly day cases.
        case daycase
        /// Mostly emergency admissions.
        case emergency
        /// A mix of emergency, elective and day case.
        case mixed
        /// Maternity admissions (method 31).
        case maternity
        /// Mental health: ordinary admissions, long stays, mostly no tariff.
        case mentalHealth
    }

    /// Treatment function code.
    var tfc: ShortCode
    /// Main specialty code.
    var mainSpecialty: ShortCode
    /// Spell (or core) HRGs.
    var hrgs: [ShortCode]
    /// Primary diagnoses (ICD-10).
    var diagnoses: [ShortCode]
    /// Diagnoses added in a secondary position (qualifiers); empty for none.
    var secondaryDiagnoses: [ShortCode] = []
    /// Main procedures (OPCS-4).
    var procedures: [ShortCode] = []
    /// Per cent of spells with a procedure.
    var procedurePercent = 0
    /// Youngest and oldest patient.
    var ages: ClosedRange<Int>
    /// Skew ages towards the oldest.
    var older = false
    /// 0 any, 1 male, 2 female.
    var sex: UInt8 = 0
    /// How patients are admitted.
    var admission: Admission = .mixed
    /// The service line this profile is meant to trigger (empty for ordinary activity).
    var serviceLine: ShortCode = .empty
    /// Specialised top-up rate in per cent, applied to some of this profile's spells.
    var topUpPercent = 0
    /// Relative weight in its table.
    var weight = 1
}

/// A weighted table of profiles: one draw picks one.
struct ProfileTable: Sendable {
    /// The profiles.
    let profiles: [ClinicalProfile]
    private let slots: [Int32]

    init(_ profiles: [ClinicalProfile]) {
        self.profiles = profiles
        var slots: [Int32] = []
        for (index, profile) in profiles.enumerated() {
            slots += Array(repeating: Int32(index), count: max(profile.weight, 1))
        }
        self.slots = slots
    }

    /// The index of a profile drawn by weight.
    @inline(__always)
    func draw(_ random: inout GeneratorRandom) -> Int { Int(slots[random.below(slots.count)]) }
}
