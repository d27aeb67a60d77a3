import SpecSplit

/// Writes contract-monitoring (SLAM) lines: POD x treatment function x HRG with planned
/// and actual activity and price.
///
/// Per 100,000 lines: 5,000 are keyed to a specialised service by HRG or treatment
/// function (the only evidence such lines carry), 1,000 are dental; 3% have no activity
/// and 0.5% are negative adjustment lines. Price is activity times a unit price per HRG
/// and POD, in pence.
///
/// Who commissions a line today shows in its service category and commissioner: `21`
/// when the provider coded a specialised service line; `92` for half the Ministry of
/// Defence's lines; of specialised lines the provider did not code, 30% `71` (health and
/// justice) and 40% `11` (an illustrative local code); 90% of dental lines `11`; of the
/// rest, 3% `21` (a provider's claim the rules do not bear out), 2% `71`, 60% `11`, the
/// others none;
/// and 3% of lines go to a specialised commissioning group (`SCG01`-`SCG09`, by provider;
/// contract id `SC` and the provider's number) instead of the contract's commissioner, so a
/// contract-monitoring extract has those contracts besides the `--contracts` asked for. These come from a stream of their own, so every
/// other field is what it would be without them.
struct ContractLineWriter {
    var context: GenerationContext
    private var commissioning: GeneratorRandom

    init(context: GenerationContext) {
        self.context = context
        commissioning = GeneratorRandom(seed: context.seed ^ 0x434F_4D4D_4953_5349)
    }

    /// A kind of specialised contract line.
    struct SpecialisedLine {
        var pods: [ShortCode]
        var tfcs: [ShortCode]
        var hrgs: [ShortCode]
        var serviceLine: ShortCode
        var weight: Int
    }

    /// Specialised lines under the sample 2012/13 rules (HRG and TFC triggers).
    static let specialisedLines: [SpecialisedLine] = [
        SpecialisedLine(
            pods: ["DC", "OPPROC", "RP"], tfcs: ["370"], hrgs: ["SB97Z"], serviceLine: "NCBPS01C", weight: 6),
        SpecialisedLine(pods: ["DC", "OPPROC"], tfcs: ["800"], hrgs: ["SC97Z"], serviceLine: "NCBPS01R", weight: 4),
        SpecialisedLine(
            pods: ["RP", "DC"], tfcs: ["361"], hrgs: ["LD02A", "LD05B", "LD09A"], serviceLine: "NCBPS05D", weight: 5),
        SpecialisedLine(
            pods: ["EL"], tfcs: ["102"], hrgs: ["LA01A", "LA02A", "LA03A"], serviceLine: "NCBPS05T", weight: 1),
        SpecialisedLine(
            pods: ["EL", "NEL"], tfcs: ["170", "172"], hrgs: ["ED12C", "ED28A", "ED03B"], serviceLine: "NCBPS06C",
            weight: 3),
        SpecialisedLine(
            pods: ["NEL", "EL"], tfcs: ["160"], hrgs: ["JB03C", "JB07B"], serviceLine: "NCBPS08B", weight: 1),
        SpecialisedLine(
            pods: ["CC"], tfcs: ["422"], hrgs: ["XA01Z", "XA02Z", "XA03Z", "XA04Z", "XA05Z"], serviceLine: "NCBPS10N",
            weight: 3),
        SpecialisedLine(
            pods: ["CC"], tfcs: ["420"], hrgs: ["XB01Z", "XB03Z", "XB05Z", "XB07Z"], serviceLine: "NCBPS10P", weight: 2),
        SpecialisedLine(
            pods: ["OPFA", "OPFU", "DC"], tfcs: ["309"], hrgs: ["SA09K", "SA10F"], serviceLine: "NCBPS02B", weight: 2),
        SpecialisedLine(
            pods: ["OPFA", "OPFU"], tfcs: ["308"], hrgs: ["WF01B", "WF01A"], serviceLine: "NCBPS02M", weight: 1),
        SpecialisedLine(
            pods: ["OPFA", "OPFU"], tfcs: ["343"], hrgs: ["WF01B", "WF01A"], serviceLine: "NCBPS04F", weight: 2),
        SpecialisedLine(
            pods: ["OPFA", "OPFU"], tfcs: ["311"], hrgs: ["WF01B", "WF02B"], serviceLine: "NCBPS07G", weight: 1),
        SpecialisedLine(
            pods: ["OPFA", "OPFU"], tfcs: ["150"], hrgs: ["WF01B", "WF01A"], serviceLine: "NCBPS08N", weight: 3),
        SpecialisedLine(
            pods: ["OPFA", "OPFU"], tfcs: ["323", "161"], hrgs: ["WF01A"], serviceLine: "NCBPS08S", weight: 1),
        // Age-limited NAC rules (paediatric cardiology, under 19): no age on these lines.
        SpecialisedLine(pods: ["OPFA", "OPFU"], tfcs: ["321"], hrgs: ["WF01A"], serviceLine: "NCBPS10C", weight: 1),
    ]

    private static let specialisedSlots: [Int] = specialisedLines.indices.flatMap {
        Array(repeating: $0, count: specialisedLines[$0].weight)
    }
    private static let pods: [ShortCode] = [
        "EL", "EL", "EL", "NEL", "NEL", "NEL", "NEL", "DC", "DC", "DC", "RP", "OPFA", "OPFA", "OPFA", "OPFA",
        "OPFU", "OPFU", "OPFU", "OPFU", "OPFU", "OPFU", "OPPROC", "OPPROC", "CC",
    ]
    private static let adultCriticalCare: [ShortCode] = ["XC01Z", "XC02Z", "XC03Z", "XC04Z", "XC05Z", "XC06Z", "XC07Z"]

    /// Writes row `index` (without its line end).
    mutating func write(row index: Int, into row: inout RowBuffer) {
        let contract = context.contracts.draw(index: index, &context.random)
        var pod: ShortCode
        var tfc: ShortCode
        var hrg: ShortCode
        var serviceLine = ShortCode.empty
        let content = context.random.below(100_000)
        if content < 5000 {
            let line = Self.specialisedLines[context.random.pick(Self.specialisedSlots)]
            pod = context.random.pick(line.pods)
            tfc = context.random.pick(line.tfcs)
            hrg = context.random.pick(line.hrgs)
            if context.random.percent(60) { serviceLine = line.serviceLine }
        } else {
            let profile =
                content < 6000
                ? context.dental.profiles[context.dental.draw(&context.random)]
                : context.ordinary.profiles[context.ordinary.draw(&context.random)]
            pod = context.random.pick(Self.pods)
            tfc = profile.tfc
            switch pod {
            case "OPFA": hrg = context.random.pick(ClinicalProfile.outpatientFirstHRGs)
            case "OPFU": hrg = context.random.pick(ClinicalProfile.outpatientFollowUpHRGs)
            case "CC":
                tfc = "192"
                hrg = context.random.pick(Self.adultCriticalCare)
            default: hrg = context.random.pick(profile.hrgs)
            }
        }
        if context.random.chance(100) { hrg = context.random.pick(ReferenceCodes.badHRGs) }
        let unit = Self.unitPrice(pod: pod, hrg: hrg)
        var plan: Int
        switch pod {
        case "OPFA", "OPFU": plan = 1 + min(context.random.below(400), context.random.below(400))
        case "OPPROC": plan = 1 + min(context.random.below(200), context.random.below(200))
        case "EL": plan = 1 + min(context.random.below(60), context.random.below(60))
        case "NEL": plan = 1 + min(context.random.below(120), context.random.below(120))
        case "CC": plan = 1 + min(context.random.below(300), context.random.below(300))
        default: plan = 1 + min(context.random.below(150), context.random.below(150))
        }
        var actual = plan * context.random.between(75, 125) / 100
        let shape = context.random.below(1000)
        if shape < 5 {  // a negative adjustment line
            plan = 0
            actual = -context.random.between(1, 20)
        } else if shape < 35 {
            actual = 0
        } else if shape < 75 {
            plan = 0
        }

        let specialisedCommissioner = commissioning.percent(3)
        if specialisedCommissioner {
            let pair = context.contracts.pairs[contract]
            row.field(context.contracts.providers[pair.provider])
            row.field(ShortCode("SCG0\(pair.provider % 9 + 1)"))
        } else {
            context.putOrganisations(contract, into: &row)
        }
        // A specialised commissioning group's contract with the provider has an id of its own.
        row.put(specialisedCommissioner ? "SC" : "CT")
        row.padded(UInt64(specialisedCommissioner ? context.contracts.pairs[contract].provider + 1 : contract + 1), width: 6)
        row.comma()
        row.field(pod)
        row.field(tfc)
        row.field(hrg)
        row.int(plan)
        row.comma()
        row.int(actual)
        row.comma()
        row.money(Int64(plan) * unit)
        row.comma()
        row.money(Int64(actual) * unit)
        row.comma()
        row.field(serviceLine)
        let commissioner = context.contracts.commissioners[context.contracts.pairs[contract].commissioner]
        let category = commissioning.below(100)
        if serviceLine != .empty {
            row.put("21")
        } else if commissioner == ContractTable.ministryOfDefence && context.random.percent(50) {
            row.put("92")
        } else if !specialisedCommissioner {
            // What the provider submitted. Dental lines are mostly sent as local; a specialised
            // line the provider did not code often goes to health and justice or a local
            // commissioner, which the rules then move.
            let put: ShortCode
            switch content {
            case ..<5000: put = category < 30 ? "71" : category < 70 ? "11" : .empty
            case ..<6000: put = category < 90 ? "11" : .empty
            default: put = category < 3 ? "21" : category < 5 ? "71" : category < 65 ? "11" : .empty
            }
            if put != .empty { row.put(put) }
        }
        row.comma()
        row.field(context.calendar.financialYear)
        row.put(context.calendar.monthCode(context.month(ofRow: index)))
    }

    /// A unit price in pence for `hrg` at `pod`, the same wherever it appears.
    @inline(__always)
    static func unitPrice(pod: ShortCode, hrg: ShortCode) -> Int64 {
        let hash = hrg.stableHash ^ (pod.stableHash >> 1)
        switch pod {
        case "OPFA": return 9_000 + Int64(hash % 16_000)
        case "OPFU": return 5_000 + Int64(hash % 7_000)
        case "OPPROC": return 8_000 + Int64(hash % 32_000)
        case "DC": return 40_000 + Int64(hash % 140_000)
        case "EL": return 120_000 + Int64(hash % 780_000)
        case "NEL": return 80_000 + Int64(hash % 520_000)
        case "RP": return 20_000 + Int64(hash % 40_000)
        default: return 50_000 + Int64(hash % 200_000)
        }
    }
}
