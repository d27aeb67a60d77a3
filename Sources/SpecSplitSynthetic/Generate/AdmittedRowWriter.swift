import SpecSplit

/// Writes admitted patient care rows: one per spell (`Der_Diagnosis_All` lists, in 34
/// columns or 18 narrow ones) or one per episode (`DIAG_01..12`, `OPER_01..12`,
/// `Episode_Number`).
///
/// Per 100,000 spells: 4,000 trigger a national specialised line, 600 are same-day
/// chemotherapy (SB97Z), 400 radiotherapy (SC97Z), 1,000 dental; registration signals
/// (military, prison) are drawn independently (``GenerationContext/drawRegistration(admitted:)``);
/// 100 carry a badly shaped code and 500 a dotted or three-character diagnosis.
struct AdmittedRowWriter {
    var context: GenerationContext
    let episodes: Bool
    /// Spells in the narrow columns.
    let narrow: Bool
    /// Draws the narrow rows' comments, apart from `context.random`, so that the narrow
    /// extract holds the same spells as the wide one of the same seed.
    var commentRandom: GeneratorRandom
    var spell = AdmittedSpell()
    var spellIndex = 0
    /// Next episode of the current spell to write (episode mode).
    var nextEpisode = 0

    init(context: GenerationContext, episodes: Bool, narrow: Bool = false, seed: UInt64 = 0) {
        self.context = context
        self.episodes = episodes
        self.narrow = narrow
        commentRandom = GeneratorRandom(seed: seed ^ 0x434F_4D4D_454E_5453)
    }

    /// The header of this shape.
    var header: [String] { narrow ? ExtractSchema.admittedNarrow : ExtractSchema.admitted(episodes: episodes) }

    /// Writes row `index` (without its line end).
    mutating func write(row index: Int, into row: inout RowBuffer) {
        if !episodes {
            drawSpell(firstRow: index, rowsLeft: 4)
            if narrow { writeNarrowRow(into: &row) } else { writeRow(episode: 0, into: &row) }
            return
        }
        if nextEpisode == 0 || nextEpisode >= spell.episodeCount {
            drawSpell(firstRow: index, rowsLeft: context.rows - index)
            nextEpisode = 0
        }
        writeRow(episode: nextEpisode, into: &row)
        nextEpisode += 1
    }

    // MARK: Drawing a spell

    private mutating func drawSpell(firstRow: Int, rowsLeft: Int) {
        spell.contract = context.contracts.draw(index: spellIndex, &context.random)
        let content = context.random.below(100_000)
        if content < 4000 {
            spell.profile = context.specialisedAdmitted.profiles[context.specialisedAdmitted.draw(&context.random)]
        } else if content < 4600 {
            spell.profile = ClinicalProfile.chemotherapy
        } else if content < 5000 {
            spell.profile = ClinicalProfile.radiotherapy
        } else if content < 6000 {
            spell.profile = context.dental.profiles[context.dental.draw(&context.random)]
        } else {
            spell.profile = context.ordinary.profiles[context.ordinary.draw(&context.random)]
        }
        let profile = spell.profile
        spell.registration = context.drawRegistration(admitted: true)
        spell.practice = context.practice(spell.registration)
        spell.postcode = context.postcode(spell.registration)
        spell.age = context.age(profile)
        spell.sex = context.sex(profile)
        spell.ethnicGroup = context.random.pick(ReferenceCodes.ethnicGroups)
        drawAdmission(profile)
        spell.hrg = context.random.pick(profile.hrgs)
        // Dates: discharged in this row's month; admitted length-of-stay days before.
        let stay = drawLengthOfStay()
        spell.dischargeDay = context.calendar.day(inMonth: context.month(ofRow: firstRow), &context.random)
        spell.admissionDay = max(spell.dischargeDay - stay, -context.calendar.lead)
        drawDischarge()
        // Episodes.
        var count = 1
        if spell.pod != "DC" && stay > 0 {
            let r = context.random.below(100)
            count = r < 82 ? 1 : r < 94 ? 2 : r < 98 ? 3 : 4
        }
        spell.episodeCount = min(count, max(rowsLeft, 1))
        for e in 0..<spell.episodeCount { drawEpisode(e, profile) }
        // Quality: badly shaped and loosely written codes.
        if context.random.chance(100) {
            let r = context.random.below(10)
            if r < 5 {
                spell.addDiagnosis(context.random.pick(ReferenceCodes.badDiagnoses), episode: 0)
            } else if r < 8 {
                spell.addProcedure(context.random.pick(ReferenceCodes.badProcedures), episode: 0)
            } else {
                spell.hrg = context.random.pick(ReferenceCodes.badHRGs)
            }
        }
        if context.random.chance(500) {
            spell.addDiagnosis(context.random.pick(ReferenceCodes.looseDiagnoses), episode: 0)
        }
        spellIndex += 1
    }

    private mutating func drawAdmission(_ profile: ClinicalProfile) {
        enum Kind { case elective, daycase, emergency }
        var kind: Kind
        switch profile.admission {
        case .elective: kind = context.random.percent(45) ? .elective : .daycase
        case .daycase: kind = context.random.percent(85) ? .daycase : .elective
        case .emergency: kind = context.random.percent(90) ? .emergency : .elective
        case .mixed:
            let r = context.random.below(100)
            kind = r < 40 ? .emergency : r < 70 ? .elective : .daycase
        case .maternity: kind = context.random.percent(85) ? .emergency : .elective
        case .mentalHealth: kind = context.random.percent(60) ? .emergency : .elective
        }
        switch kind {
        case .elective:
            spell.pod = "EL"
            spell.admissionMethod = context.random.pick(Self.electiveMethods)
            spell.patientClassification = "1"
        case .daycase:
            spell.pod = "DC"
            spell.admissionMethod = context.random.pick(Self.electiveMethods)
            spell.patientClassification = "2"
        case .emergency:
            spell.pod = "NEL"
            spell.admissionMethod = context.random.pick(Self.emergencyMethods)
            spell.patientClassification = "1"
        }
        if profile.admission == .maternity && kind == .emergency && context.random.percent(80) {
            spell.admissionMethod = "31"
        }
        switch spell.registration {
        case .penalSource: spell.admissionSource = "39"
        default:
            spell.admissionSource =
                profile.ages.upperBound < 1 ? "79" : context.random.pick(ReferenceCodes.admissionSources)
        }
    }

    private static let electiveMethods: [ShortCode] = ["11", "11", "11", "12", "12", "13"]
    private static let emergencyMethods: [ShortCode] = ["21", "21", "21", "21", "21", "22", "22", "28"]
    private static let electiveStays = [0, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 14, 21]
    private static let emergencyStays = [0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 9, 12, 15, 20, 28, 40, 60]
    private static let maternityStays = [0, 1, 1, 1, 2, 2, 3, 4]

    private mutating func drawLengthOfStay() -> Int {
        if spell.pod == "DC" { return 0 }
        switch spell.profile.admission {
        case .mentalHealth:
            return context.random.between(3, 40) + (context.random.percent(30) ? context.random.between(20, 150) : 0)
        case .maternity: return context.random.pick(Self.maternityStays)
        default: return context.random.pick(spell.pod == "NEL" ? Self.emergencyStays : Self.electiveStays)
        }
    }

    private mutating func drawDischarge() {
        if spell.pod == "NEL" && spell.age > 70 && context.random.percent(4) {
            spell.dischargeMethod = "4"
            spell.dischargeDestination = "79"
            return
        }
        let r = context.random.below(100)
        spell.dischargeMethod = r < 96 ? "1" : r < 99 ? "2" : "3"
        switch spell.registration {
        case .prisonPractice, .penalSource:
            spell.dischargeDestination = "39"
        default:
            let d = context.random.below(100)
            if spell.age >= 75 && d < 10 {
                spell.dischargeDestination = "54"
            } else {
                spell.dischargeDestination = d < 93 ? "19" : d < 96 ? "51" : d < 98 ? "29" : "65"
            }
        }
    }

    private mutating func drawEpisode(_ e: Int, _ profile: ClinicalProfile) {
        spell.diagnosisCounts[e] = 0
        spell.procedureCounts[e] = 0
        if e == 0 || context.random.percent(75) {
            spell.treatmentFunctions[e] = profile.tfc
            spell.mainSpecialties[e] = profile.mainSpecialty
        } else {
            let transfer: ShortCode = spell.age >= 75 ? "430" : "300"
            spell.treatmentFunctions[e] = transfer
            spell.mainSpecialties[e] = transfer
        }
        if e == 0 || context.random.percent(60) {
            spell.addDiagnosis(context.random.pick(profile.diagnoses), episode: e)
        } else {
            spell.addDiagnosis(context.random.pick(ReferenceCodes.secondaryDiagnoses), episode: e)
        }
        if e == 0 && !profile.secondaryDiagnoses.isEmpty {
            spell.addDiagnosis(context.random.pick(profile.secondaryDiagnoses), episode: e)
        }
        let extra = context.random.below(e == 0 ? (spell.age >= 60 ? 8 : 4) : 3)
        for _ in 0..<extra { spell.addDiagnosis(context.random.pick(ReferenceCodes.secondaryDiagnoses), episode: e) }
        let withProcedure = e == 0 ? context.random.percent(profile.procedurePercent) : context.random.percent(15)
        if withProcedure && !profile.procedures.isEmpty {
            spell.addProcedure(context.random.pick(profile.procedures), episode: e)
            if context.random.percent(50) {
                spell.addProcedure(context.random.pick(ReferenceCodes.secondaryProcedures), episode: e)
            }
            if context.random.percent(15) {
                spell.addProcedure(context.random.pick(ReferenceCodes.secondaryProcedures), episode: e)
            }
        }
    }
}
