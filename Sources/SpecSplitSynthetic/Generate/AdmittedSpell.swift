import SpecSplit

/// One admitted patient spell as drawn: the patient, the admission, and each episode's
/// specialty and codes. Its episodes become one row (spell level) or one row each.
struct AdmittedSpell {
    var contract = 0
    var registration = Registration.ordinary
    var practice: ShortCode = .empty
    var postcode: ShortCode = .empty
    var profile = ClinicalProfile.chemotherapy
    var age = 0
    var sex: ShortCode = "1"
    var ethnicGroup: ShortCode = "A"
    var pod: ShortCode = "EL"
    var admissionMethod: ShortCode = "11"
    var admissionSource: ShortCode = "19"
    var patientClassification: ShortCode = "1"
    var hrg: ShortCode = .empty
    var admissionDay = 0
    var dischargeDay = 0
    var dischargeMethod: ShortCode = "1"
    var dischargeDestination: ShortCode = "19"
    var episodeCount = 1
    /// Treatment function and main specialty of each episode (up to 4).
    var treatmentFunctions: [ShortCode] = Array(repeating: .empty, count: 4)
    var mainSpecialties: [ShortCode] = Array(repeating: .empty, count: 4)
    /// Diagnoses of episode `e` are `diagnoses[12e ..< 12e + diagnosisCounts[e]]`.
    var diagnoses: [ShortCode] = Array(repeating: .empty, count: 48)
    var diagnosisCounts: [Int] = [0, 0, 0, 0]
    /// Procedures, laid out like diagnoses.
    var procedures: [ShortCode] = Array(repeating: .empty, count: 48)
    var procedureCounts: [Int] = [0, 0, 0, 0]

    /// Days from admission to discharge.
    var lengthOfStay: Int { dischargeDay - admissionDay }

    /// Adds a diagnosis to episode `episode` unless it is already there or the episode is full.
    @inline(__always)
    mutating func addDiagnosis(_ code: ShortCode, episode: Int) {
        let base = episode * 12
        let n = diagnosisCounts[episode]
        guard n < 12 else { return }
        for i in 0..<n where diagnoses[base + i] == code { return }
        diagnoses[base + n] = code
        diagnosisCounts[episode] = n + 1
    }

    /// Adds a procedure to episode `episode` unless it is already there or the episode is full.
    @inline(__always)
    mutating func addProcedure(_ code: ShortCode, episode: Int) {
        let base = episode * 12
        let n = procedureCounts[episode]
        guard n < 12 else { return }
        for i in 0..<n where procedures[base + i] == code { return }
        procedures[base + n] = code
        procedureCounts[episode] = n + 1
    }

    /// True when any episode has a procedure.
    var hasProcedures: Bool {
        for e in 0..<episodeCount where procedureCounts[e] > 0 { return true }
        return false
    }
}
