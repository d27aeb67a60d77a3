import SpecSplit

/// Where a patient is registered, as far as the local military and prison rules see it.
enum Registration {
    /// An ordinary GP practice and address.
    case ordinary
    /// A Defence Medical Services practice.
    case military
    /// A prison or young offender institution practice.
    case prisonPractice
    /// An ordinary practice but a postcode unique to a prison.
    case prisonPostcode
    /// Admitted from a penal establishment, court or police station (source 39).
    case penalSource
    /// A pseudo practice code (V81997-V81999).
    case pseudoPractice
    /// No practice recorded.
    case noPractice
}

/// What every shape draws from: the random stream, the calendar, the contracts, the
/// practice pool, the profile tables and the demographic helpers.
struct GenerationContext {
    var random: GeneratorRandom
    let calendar: GenerationCalendar
    let contracts: ContractTable
    let rows: Int
    /// Ordinary GP practices (a letter and five digits).
    let practices: [ShortCode]
    /// Three digits, from the seed, leading every spell or attendance identifier.
    let identifierPrefix: UInt64
    /// The seed the context was made from (for streams of their own, drawn apart from
    /// ``random`` so adding them changes nothing else in an extract).
    let seed: UInt64
    let ordinary = ProfileTable(ClinicalProfile.ordinary)
    let dental = ProfileTable(ClinicalProfile.dental)
    let specialisedAdmitted = ProfileTable(ClinicalProfile.specialisedAdmitted)
    let specialisedOutpatient = ProfileTable(ClinicalProfile.specialisedOutpatient)

    init(seed: UInt64, rows: Int, contracts: Int, startYear: Int = 2012) {
        random = GeneratorRandom(seed: seed)
        self.seed = seed
        calendar = GenerationCalendar(startYear: startYear)
        self.contracts = ContractTable(count: contracts)
        self.rows = rows
        var pool = GeneratorRandom(seed: seed ^ 0x5052_4143_5449_4345)
        var practices: [ShortCode] = []
        var seen = Set<String>()
        while practices.count < 3000 {
            let letter = ReferenceCodes.practiceLetters[pool.below(ReferenceCodes.practiceLetters.count)]
            let code = String(UnicodeScalar(letter)) + String(pool.between(81001, 89999))
            if seen.insert(code).inserted { practices.append(ShortCode(code)) }
        }
        self.practices = practices
        identifierPrefix = UInt64(pool.between(100, 999))
    }

    /// The month (0 is April) of row `index`: extracts come ordered by activity month.
    @inline(__always)
    func month(ofRow index: Int) -> Int { rows <= 0 ? 0 : min(11, index &* 12 / rows) }

    /// Draws where the patient is registered: about 0.7% military practices, 1% prison
    /// signals (practice, unique postcode, or admission source 39 when `admitted`), 1%
    /// pseudo practices and 0.2% no practice.
    @inline(__always)
    mutating func drawRegistration(admitted: Bool) -> Registration {
        let r = random.below(100_000)
        if r < 700 { return .military }
        if r < 1100 { return .prisonPractice }
        if r < 1400 { return .prisonPostcode }
        if r < 1700 { return admitted ? .penalSource : .prisonPractice }
        if r < 2700 { return .pseudoPractice }
        if r < 2900 { return .noPractice }
        return .ordinary
    }

    /// The GP practice code for `registration` (empty for no practice).
    @inline(__always)
    mutating func practice(_ registration: Registration) -> ShortCode {
        switch registration {
        case .military: return random.pick(ReferenceCodes.militaryPractices)
        case .prisonPractice: return random.pick(ReferenceCodes.prisonPractices)
        case .pseudoPractice: return random.pick(ReferenceCodes.pseudoPractices)
        case .noPractice: return .empty
        case .ordinary, .prisonPostcode, .penalSource: return practices[random.below(practices.count)]
        }
    }

    /// The patient's postcode for `registration` (0.5% blank): `LS12 4AB` in shape.
    @inline(__always)
    mutating func postcode(_ registration: Registration) -> ShortCode {
        switch registration {
        case .prisonPostcode:
            return random.pick(ReferenceCodes.uniquePrisonPostcodes)
        case .penalSource where random.percent(50):
            return random.pick(ReferenceCodes.sharedPrisonPostcodes)
        default: break
        }
        if random.chance(500) { return .empty }
        let area = random.pick(ReferenceCodes.postcodeAreas)
        var raw = area.raw
        var count = area.count
        func append(_ byte: UInt8) {
            raw |= UInt64(byte) << UInt64(8 * count)
            count += 1
        }
        let district = random.between(1, 20)
        if district >= 10 { append(0x30 &+ UInt8(district / 10)) }
        append(0x30 &+ UInt8(district % 10))
        append(0x20)
        append(0x30 &+ UInt8(truncatingIfNeeded: random.below(10)))
        append(ReferenceCodes.postcodeLetters[random.below(ReferenceCodes.postcodeLetters.count)])
        append(ReferenceCodes.postcodeLetters[random.below(ReferenceCodes.postcodeLetters.count)])
        return ShortCode(raw: raw, count: count)
    }

    /// An age for `profile`: uniform in its range, or skewed towards the oldest.
    @inline(__always)
    mutating func age(_ profile: ClinicalProfile) -> Int {
        let span = profile.ages.upperBound - profile.ages.lowerBound + 1
        let offset = profile.older ? max(random.below(span), random.below(span)) : random.below(span)
        return profile.ages.lowerBound + offset
    }

    /// A sex code for `profile`: its own when it has one, else 1 or 2, rarely 9.
    @inline(__always)
    mutating func sex(_ profile: ClinicalProfile) -> ShortCode {
        if profile.sex == 1 { return "1" }
        if profile.sex == 2 { return "2" }
        if random.chance(200) { return "9" }
        return random.percent(50) ? "1" : "2"
    }

    /// Writes the five-year age band of `age`.
    @inline(__always)
    func putAgeBand(_ age: Int, into row: inout RowBuffer) {
        row.put(ReferenceCodes.ageBands[min(age / 5, ReferenceCodes.ageBands.count - 1)])
    }

    /// Writes a 12-digit identifier: the seed's prefix and a serial number.
    @inline(__always)
    func putIdentifier(_ serial: Int, into row: inout RowBuffer) {
        row.unsigned(identifierPrefix)
        row.padded(UInt64(serial + 1), width: 9)
    }

    /// Writes the provider and commissioner of `contract`, each followed by a separator.
    @inline(__always)
    func putOrganisations(_ contract: Int, into row: inout RowBuffer) {
        let pair = contracts.pairs[contract]
        row.field(contracts.providers[pair.provider])
        row.field(contracts.commissioners[pair.commissioner])
    }

    /// The market forces factor (ten-thousandths) of the provider of `contract`.
    @inline(__always)
    func marketForces(_ contract: Int) -> Int { contracts.marketForces[contracts.pairs[contract].provider] }
}

/// Rounds `pence * tenThousandths / 10,000` half away from zero, in integers.
@inline(__always)
func applyFactor(_ pence: Int64, _ tenThousandths: Int) -> Int64 {
    let product = pence * Int64(tenThousandths)
    return product >= 0 ? (product + 5000) / 10_000 : -((-product + 5000) / 10_000)
}
