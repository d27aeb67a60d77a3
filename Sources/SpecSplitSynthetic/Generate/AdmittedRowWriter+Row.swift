import SpecSplit

extension AdmittedRowWriter {
    /// Writes episode `e` of the current spell (the whole spell at spell level).
    mutating func writeRow(episode e: Int, into row: inout RowBuffer) {
        context.putOrganisations(spell.contract, into: &row)
        row.field(spell.practice)
        row.field(spell.postcode)
        context.putIdentifier(spellIndex - 1, into: &row)
        row.comma()
        if episodes {
            row.int(e + 1)
            row.comma()
        }
        row.field(spell.admissionMethod)
        row.field(spell.admissionSource)
        row.field(spell.patientClassification)
        row.int(spell.age)
        row.comma()
        row.field(spell.sex)
        row.field(spell.ethnicGroup)
        row.field(spell.pod)
        row.field(spell.hrg)
        if episodes {
            writeNumbered(spell.diagnoses, count: spell.diagnosisCounts[e], episode: e, into: &row)
            writeNumbered(spell.procedures, count: spell.procedureCounts[e], episode: e, into: &row)
        } else {
            writeGrouped(spell.diagnoses, counts: spell.diagnosisCounts, into: &row)
            row.comma()
            if spell.hasProcedures { writeGrouped(spell.procedures, counts: spell.procedureCounts, into: &row) }
            row.comma()
        }
        row.field(spell.treatmentFunctions[e])
        row.field(spell.mainSpecialties[e])
        row.field(context.calendar.financialYear)
        row.field(context.calendar.month(of: spell.dischargeDay))
        context.calendar.putDate(spell.admissionDay, into: &row)
        row.comma()
        context.calendar.putDate(spell.dischargeDay, into: &row)
        row.comma()
        row.int(spell.lengthOfStay)
        row.comma()
        writeMoney(episode: e, into: &row)
        context.putAgeBand(spell.age, into: &row)
        row.comma()
        let last = e == spell.episodeCount - 1 || !episodes
        row.field(last ? spell.dischargeMethod : "8")
        row.put(last ? spell.dischargeDestination : "98")
    }

    /// `||A,B||C`: one group per episode, quoted when it holds a comma.
    func writeGrouped(_ codes: [ShortCode], counts: [Int], into row: inout RowBuffer) {
        let start = row.beginQuotable()
        for e in 0..<spell.episodeCount {
            row.byte(0x7C)
            row.byte(0x7C)
            for i in 0..<counts[e] {
                if i > 0 { row.byte(0x2C) }
                row.put(codes[e * 12 + i])
            }
        }
        row.endQuotable(from: start)
    }

    /// Twelve columns, the episode's codes first, each followed by a separator.
    private func writeNumbered(_ codes: [ShortCode], count: Int, episode e: Int, into row: inout RowBuffer) {
        for i in 0..<12 {
            if i < count { row.put(codes[e * 12 + i]) }
            row.comma()
        }
    }

    /// Base tariff, adjustments, top-up, tariff total, local payment, MFF and grand total.
    private mutating func writeMoney(episode e: Int, into row: inout RowBuffer) {
        let money = drawMoney(episode: e)
        func put(_ value: Int64) {
            row.money(value)
            row.comma()
        }
        put(money.base)
        put(money.bestPractice)
        put(money.shortStay)
        put(money.longStay)
        put(money.topUp)
        put(money.tariff)
        put(money.local)
        row.factor(money.factor)
        row.comma()
        row.money(money.grandTotal)
        row.comma()
    }

    /// Draws the payments of episode `e` of the current spell (the whole spell at spell level).
    ///
    /// All in integer pence: tariff total is the sum of the five parts, and the grand
    /// total is (tariff total + local payment) x MFF rounded half away from zero.
    mutating func drawMoney(episode e: Int) -> SpellMoney {
        let profile = spell.profile
        let hash = spell.hrg.stableHash
        let stay = spell.lengthOfStay
        var base: Int64
        switch spell.pod {
        case "DC": base = 40_000 + Int64(hash % 140_000)
        case "NEL": base = 80_000 + Int64(hash % 520_000)
        default: base = 120_000 + Int64(hash % 780_000)
        }
        if spell.hrg == "SB97Z" { base = 20_000 + Int64(hash % 20_000) }
        if spell.hrg == "SC97Z" { base = 10_000 + Int64(hash % 15_000) }
        if e > 0 { base = base * Int64(context.random.between(20, 80)) / 100 }
        var local: Int64 = 0
        if profile.admission == .mentalHealth {
            base = 0
            local = Int64(max(stay, 1)) * (20_000 + Int64(hash % 10_000))
        }
        var bestPractice: Int64 = 0
        if base > 0 && context.random.percent(4) {
            bestPractice = Int64(context.random.between(5_000, 50_000)) * (context.random.percent(70) ? 1 : -1)
        }
        var shortStay: Int64 = 0
        if spell.pod == "NEL" && stay <= 1 && base > 0 && context.random.percent(30) {
            shortStay = -(base * Int64(context.random.between(30, 70)) / 100)
        }
        var longStay: Int64 = 0
        let trim = 5 + Int((hash >> 20) % 25)
        if base > 0 && spell.pod != "DC" && stay > trim {
            longStay = Int64(stay - trim) * (20_000 + Int64((hash >> 32) % 6_000))
        }
        var topUp: Int64 = 0
        if profile.topUpPercent > 0 && base > 0 && context.random.percent(75) {
            topUp = (base * Int64(profile.topUpPercent) + 50) / 100
        }
        let tariff = base + bestPractice + shortStay + longStay + topUp
        if local == 0 && context.random.percent(3) {
            local = Int64(context.random.between(1_000, 200_000)) * (context.random.percent(90) ? 1 : -1)
        }
        let factor = context.marketForces(spell.contract)
        return SpellMoney(
            base: base, bestPractice: bestPractice, shortStay: shortStay, longStay: longStay, topUp: topUp,
            tariff: tariff, local: local, factor: factor, grandTotal: applyFactor(tariff + local, factor))
    }
}

/// The payments of one spell or episode, in pence (the factor in ten-thousandths).
struct SpellMoney {
    var base: Int64
    var bestPractice: Int64
    var shortStay: Int64
    var longStay: Int64
    var topUp: Int64
    var tariff: Int64
    var local: Int64
    var factor: Int
    var grandTotal: Int64
}
