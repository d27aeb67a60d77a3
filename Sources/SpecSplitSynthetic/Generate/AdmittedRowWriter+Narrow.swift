import SpecSplit

extension AdmittedRowWriter {
    /// Writes the current spell as a narrow row (``ExtractSchema/admittedNarrow``): the
    /// fields the rules read, the activity month, the grand total and a free-text comment.
    /// The spell and its grand total are those of the wide row of the same seed and index.
    mutating func writeNarrowRow(into row: inout RowBuffer) {
        context.putOrganisations(spell.contract, into: &row)
        row.field(spell.practice)
        row.field(spell.postcode)
        context.putIdentifier(spellIndex - 1, into: &row)
        row.comma()
        row.field(spell.admissionMethod)
        row.field(spell.admissionSource)
        row.field(spell.patientClassification)
        row.int(spell.age)
        row.comma()
        row.field(spell.sex)
        row.field(spell.hrg)
        writeGrouped(spell.diagnoses, counts: spell.diagnosisCounts, into: &row)
        row.comma()
        if spell.hasProcedures { writeGrouped(spell.procedures, counts: spell.procedureCounts, into: &row) }
        row.comma()
        row.field(spell.treatmentFunctions[0])
        row.field(spell.mainSpecialties[0])
        row.field(context.calendar.month(of: spell.dischargeDay))
        row.money(drawMoney(episode: 0).grandTotal)
        row.comma()
        if commentRandom.chance(Self.commentsPerHundredThousand) {
            Self.comments[commentRandom.below(Self.comments.count)].withUnsafeBufferPointer {
                row.copy($0.baseAddress!, $0.count)
            }
        }
    }

    /// Narrow rows in 100,000 that carry a comment.
    static let commentsPerHundredThousand = 6000

    /// Comments as providers type them, already quoted as CSV: commas, line breaks and a
    /// doubled quote, so that readers must handle RFC 4180 quoting to read the extract.
    static let comments: [[UInt8]] = [
        "\"Coded late, discharge summary received after month end\"",
        "\"Re-submitted after validation:\nHRG regrouped, see query log\"",
        "\"Transferred in from another provider,\nsecond spell of the stay\"",
        "\"Awaiting clinical coding\n(provisional codes)\"",
        "\"Query raised by commissioner, ref CQ-2012-0417\"",
        "\"Patient said \"\"no fixed abode\"\", postcode from GP record\"",
    ].map { Array($0.utf8) }
}
