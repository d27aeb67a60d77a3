import SpecSplit

/// Writes outpatient attendance rows.
///
/// Per 100,000 attendances: 4,000 under a treatment function the national rules treat as
/// specialised, 600 chemotherapy (SB97Z) and 400 radiotherapy (SC97Z) procedures, 1,000
/// dental; registration signals as for admitted care, without admission source 39.
struct OutpatientRowWriter {
    var context: GenerationContext

    private static let statuses: [ShortCode] = [
        "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "6", "7", "2", "3", "3", "4",
    ]

    /// Writes row `index` (without its line end).
    mutating func write(row index: Int, into row: inout RowBuffer) {
        let contract = context.contracts.draw(index: index, &context.random)
        let content = context.random.below(100_000)
        let profile: ClinicalProfile
        var procedureOnly = false
        if content < 4000 {
            profile = context.specialisedOutpatient.profiles[context.specialisedOutpatient.draw(&context.random)]
        } else if content < 4600 {
            profile = ClinicalProfile.chemotherapy
            procedureOnly = true
        } else if content < 5000 {
            profile = ClinicalProfile.radiotherapy
            procedureOnly = true
        } else if content < 6000 {
            profile = context.dental.profiles[context.dental.draw(&context.random)]
        } else {
            profile = context.ordinary.profiles[context.ordinary.draw(&context.random)]
        }
        let registration = context.drawRegistration(admitted: false)
        let age = context.age(profile)
        let sex = context.sex(profile)
        let r = context.random.below(100)
        let pod: ShortCode
        let hrg: ShortCode
        if procedureOnly || (r >= 90 && !profile.procedures.isEmpty) {
            pod = "OPPROC"
            hrg = context.random.pick(profile.hrgs)
        } else if r < 35 {
            pod = "OPFA"
            hrg = context.random.pick(ClinicalProfile.outpatientFirstHRGs)
        } else {
            pod = "OPFU"
            hrg = context.random.pick(ClinicalProfile.outpatientFollowUpHRGs)
        }
        let status = context.random.pick(Self.statuses)
        let attended = status == "5" || status == "6"

        context.putOrganisations(contract, into: &row)
        row.field(context.practice(registration))
        row.field(context.postcode(registration))
        context.putIdentifier(index, into: &row)
        row.comma()
        row.field(status)
        let telephone = context.random.percent(3)
        if pod == "OPFA" {
            row.field(telephone ? "3" : "1")
        } else if pod == "OPFU" {
            row.field(telephone ? "4" : "2")
        } else {
            row.field(context.random.percent(40) ? "1" : "2")
        }
        row.field(profile.tfc)
        row.field(profile.mainSpecialty)
        row.field(context.random.chance(100) ? context.random.pick(ReferenceCodes.badHRGs) : hrg)
        row.field(context.random.pick(ReferenceCodes.referralSources))
        row.int(age)
        row.comma()
        row.field(sex)
        context.calendar.putDate(
            context.calendar.day(inMonth: context.month(ofRow: index), &context.random), into: &row)
        row.comma()
        row.field(context.calendar.financialYear)
        row.field(pod)
        // Diagnoses: most outpatient records have none.
        if context.random.percent(profile.serviceLine == .empty ? 15 : 40) {
            let start = row.beginQuotable()
            row.byte(0x7C)
            row.byte(0x7C)
            row.put(context.random.pick(profile.diagnoses))
            if context.random.percent(30) {
                row.byte(0x2C)
                row.put(context.random.pick(ReferenceCodes.secondaryDiagnoses))
            }
            if context.random.chance(150) {
                row.byte(0x2C)
                row.put(context.random.pick(ReferenceCodes.badDiagnoses))
            }
            row.endQuotable(from: start)
        }
        row.comma()
        if pod == "OPPROC" && !profile.procedures.isEmpty {
            let start = row.beginQuotable()
            row.byte(0x7C)
            row.byte(0x7C)
            row.put(context.random.pick(profile.procedures))
            if context.random.percent(30) {
                row.byte(0x2C)
                row.put(context.random.pick(ReferenceCodes.secondaryProcedures))
            }
            row.endQuotable(from: start)
        }
        row.comma()
        var price: Int64 = 0
        if attended {
            let hash = hrg.stableHash ^ profile.tfc.stableHash
            switch pod {
            case "OPFA": price = 9_000 + Int64(hash % 16_000)
            case "OPFU": price = 5_000 + Int64(hash % 7_000)
            default: price = 8_000 + Int64(hash % 32_000)
            }
        }
        row.money(price)
    }
}
