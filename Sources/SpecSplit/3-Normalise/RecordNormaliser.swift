/// Fills an ``ActivityRecord`` from one parsed row: the normalise stage.
///
/// Column positions are looked up once per input; per row the work is byte scans and
/// integer packing. Codes not shaped like their classification are left out of the
/// record and noted in the ``QualityLog``; the row is still classified on what is valid.
public struct RecordNormaliser: Sendable {
    /// The input's column map.
    public let map: ColumnMap
    private let present: FieldSet
    private let setting: Setting
    private let diagnosesConcatenated: Bool
    private let proceduresConcatenated: Bool
    private let columnIndex: [Int]  // by Field declaration order; -1 when absent

    /// A normaliser for rows of the input mapped by `map`.
    public init(map: ColumnMap) {
        self.map = map
        present = map.present
        setting = map.shape.fixedSetting ?? .unknown
        diagnosesConcatenated = map.diagnosesConcatenated
        proceduresConcatenated = map.proceduresConcatenated
        columnIndex = Field.allCases.map { map.column($0) ?? -1 }
    }

    @inline(__always)
    private func column(_ field: Field) -> Int { columnIndex[Self.position(field)] }

    @inline(__always)
    private static func position(_ field: Field) -> Int {
        switch field {
        case .provider: return 0
        case .commissioner: return 1
        case .contract: return 2
        case .spellId: return 3
        case .episodeNumber: return 4
        case .pod: return 5
        case .hrg: return 6
        case .mainSpecialty: return 7
        case .treatmentFunction: return 8
        case .diagnoses: return 9
        case .procedures: return 10
        case .age: return 11
        case .sex: return 12
        case .admissionMethod: return 13
        case .admissionSource: return 14
        case .patientClassification: return 15
        case .attendanceStatus: return 16
        case .referralSource: return 17
        case .gpPractice: return 18
        case .postcode: return 19
        case .financialYear: return 20
        case .activity: return 21
        case .value: return 22
        case .serviceCode: return 23
        case .serviceCategory: return 24
        }
    }

    /// Fills `record` from row `row` of `batch`, noting badly shaped codes in `quality`.
    public func fill(
        _ record: inout ActivityRecord, batch: RowBatch, row: Int, quality: inout QualityLog, source: String
    ) {
        var tally = ShapeTally.none
        fill(&record, batch: batch, row: row, quality: &quality, tally: &tally, source: source)
    }

    /// Fills `record` from row `row` of `batch`, noting badly shaped codes in `quality` and
    /// counting shaped and badly shaped values in `tally` while it still counts.
    public func fill(
        _ record: inout ActivityRecord, batch: RowBatch, row: Int, quality: inout QualityLog, tally: inout ShapeTally,
        source: String
    ) {
        // The code lists are replaced by readCodes below.
        record.resetSingleCodes(present: present, setting: setting)
        let line = batch.line(row)
        func field(_ f: Field) -> UnsafeRawBufferPointer {
            let c = column(f)
            return c < 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : batch.field(row, c)
        }
        func checked(
            _ f: Field, _ type: CodeType, _ what: String, _ parse: (UnsafeRawBufferPointer) -> PackedCode?
        ) -> PackedCode {
            let c = column(f)
            guard c >= 0 else { return .empty }
            let bytes = batch.field(row, c)
            if let code = parse(bytes) {
                if tally.isCounting && !code.isEmpty {
                    tally.note(f, shaped: f != .postcode || ShapeTally.looksLikePostcode(bytes), bytes, line: line)
                }
                return code
            }
            if tally.isCounting { tally.note(f, shaped: false, bytes, line: line) }
            quality.note(type, column: c, bytes: bytes, source: source, line: line) {
                "Code not shaped like \(what) in \(map.header[c])"
            }
            return .empty
        }
        record.provider = checked(.provider, .provider, "an organisation code", CodeShapes.organisation)
        record.commissioner = checked(.commissioner, .commissioner, "an organisation code", CodeShapes.organisation)
        noteShortenedCommissioner(batch: batch, row: row, quality: &quality, source: source, line: line)
        record.hrg = checked(.hrg, .hrg, "an HRG code", CodeShapes.hrg)
        record.practice = checked(.gpPractice, .practice, "a GP practice code", CodeShapes.practice)
        record.postcode = checked(.postcode, .postcode, "a postcode", CodeShapes.postcode)
        record.pod = CodeShapes.long(field(.pod))
        record.mainSpecialty = CodeShapes.plain(field(.mainSpecialty)) ?? .empty
        record.treatmentFunction = CodeShapes.plain(field(.treatmentFunction)) ?? .empty
        record.admissionMethod = CodeShapes.plain(field(.admissionMethod)) ?? .empty
        record.admissionSource = CodeShapes.plain(field(.admissionSource)) ?? .empty
        record.patientClassification = CodeShapes.plain(field(.patientClassification)) ?? .empty
        record.attendanceStatus = CodeShapes.plain(field(.attendanceStatus)) ?? .empty
        record.referralSource = CodeShapes.plain(field(.referralSource)) ?? .empty
        record.sex = CodeShapes.plain(field(.sex)) ?? .empty
        if column(.serviceCategory) >= 0 { record.serviceCategory = CodeShapes.plain(field(.serviceCategory)) ?? .empty }
        let ageColumn = column(.age)
        if ageColumn >= 0 {
            let bytes = batch.field(row, ageColumn)
            record.age = CodeShapes.age(bytes)
            if tally.isCounting && bytes.contains(where: { $0 != 0x20 }) {
                tally.note(.age, shaped: record.age != nil, bytes, line: line)
            }
            if record.age == nil && !bytes.isEmpty {
                quality.note(.age, column: ageColumn, bytes: bytes, source: source, line: line) {
                    "Age not a whole number of years in \(map.header[ageColumn])"
                }
            }
        }
        readCodes(
            into: &record.diagnoses, columns: map.diagnosisColumns, concatenated: diagnosesConcatenated,
            batch: batch, row: row, field: .diagnoses, type: .icd10, what: "an ICD-10 code", parse: CodeShapes.icd10,
            quality: &quality, tally: &tally, source: source, line: line)
        readCodes(
            into: &record.procedures, columns: map.procedureColumns, concatenated: proceduresConcatenated,
            batch: batch, row: row, field: .procedures, type: .opcs4, what: "an OPCS-4 code", parse: CodeShapes.opcs4,
            quality: &quality, tally: &tally, source: source, line: line)
    }

    /// A commissioner code of 5 characters ending `00` is read, as a trust's site suffix is,
    /// as its first three (`C0000` is `C00`; contract keys use those): counted in the quality
    /// report so nobody is surprised.
    @inline(__always)
    private func noteShortenedCommissioner(
        batch: RowBatch, row: Int, quality: inout QualityLog, source: String, line: Int
    ) {
        let c = column(.commissioner)
        guard c >= 0 else { return }
        let bytes = batch.field(row, c)
        guard CodeShapes.dropsSiteSuffix(bytes) else { return }
        quality.note(.commissioner, column: c, bytes: bytes, source: source, line: line) {
            let short = String(String(decoding: bytes, as: UTF8.self).filter { $0 != " " && $0 != "." }.uppercased().prefix(3))
            // No comma: the line reads as the national tool's quality file without quoting.
            return "Commissioner code read as \(short) in \(map.header[c]) (a 5-character code ending in 00 is read as its "
                + "first 3 characters like a trust's site suffix; contract keys and outputs use \(short))"
        }
    }

    // Reads a code list from numbered columns, or from one column holding them all
    // (`||I60X,E119||R51X`: groups introduced by `||`, codes separated by commas), and
    // replaces `list` with it.
    //
    // Codes are gathered on the stack and the list replaced in one call: clearing it and
    // appending each code paid a uniqueness check and a capacity check per code. (No
    // nested functions here: one capturing a local it changes is checked for exclusive
    // access at run time on every call.)
    // swiftlint:disable:next function_parameter_count
    private func readCodes(
        into list: inout [PackedCode], columns: [Int], concatenated: Bool, batch: RowBatch, row: Int, field: Field,
        type: CodeType, what: String, parse: (UnsafeRawBufferPointer) -> PackedCode?,
        quality: inout QualityLog, tally: inout ShapeTally, source: String, line: Int
    ) {
        withUnsafeTemporaryAllocation(of: PackedCode.self, capacity: CodeGather.capacity) { buffer in
            var gather = CodeGather(buffer: buffer.baseAddress!)
            if !concatenated {
                for column in columns {
                    takeCode(
                        batch.field(row, column), column: column, into: &gather, list: &list, field: field, type: type,
                        what: what, parse: parse, quality: &quality, tally: &tally, source: source, line: line)
                }
            } else if let column = columns.first {
                let bytes = batch.field(row, column)
                var start = 0
                for index in 0...bytes.count {
                    let separator = index == bytes.count || Self.isListSeparator(bytes[index])
                    if separator {
                        if index > start {
                            takeCode(
                                UnsafeRawBufferPointer(rebasing: bytes[start..<index]), column: column, into: &gather,
                                list: &list, field: field, type: type, what: what, parse: parse, quality: &quality,
                                tally: &tally, source: source, line: line)
                        }
                        start = index + 1
                    }
                }
            }
            gather.flush(into: &list)
        }
    }

    /// One token of a code list: parsed, counted, and gathered (or noted as badly shaped).
    // swiftlint:disable:next function_parameter_count
    @inline(__always)
    private func takeCode(
        _ token: UnsafeRawBufferPointer, column: Int, into gather: inout CodeGather, list: inout [PackedCode],
        field: Field, type: CodeType, what: String, parse: (UnsafeRawBufferPointer) -> PackedCode?,
        quality: inout QualityLog, tally: inout ShapeTally, source: String, line: Int
    ) {
        let parsed = parse(token)
        if tally.isCounting && parsed != .empty { tally.note(field, shaped: parsed != nil, token, line: line) }
        guard let code = parsed else {
            quality.note(type, column: column, bytes: token, source: source, line: line) {
                "Code not shaped like \(what) in \(map.header[column])"
            }
            return
        }
        if !code.isEmpty { gather.add(code, list: &list) }
    }

    @inline(__always)
    private static func isListSeparator(_ byte: UInt8) -> Bool {
        byte == 0x7C || byte == 0x2C || byte == 0x3B || byte == 0x20 || byte == 0x09 || byte == 0x7E
    }
}

/// A row's codes gathered on the stack, then given to its list in one call: the first call
/// replaces what the list held (the previous row's codes).
private struct CodeGather {
    /// Codes gathered before they are handed to the list (more are handed on in steps).
    static let capacity = 32
    let buffer: UnsafeMutablePointer<PackedCode>
    var count = 0
    var replaced = false

    init(buffer: UnsafeMutablePointer<PackedCode>) { self.buffer = buffer }

    @inline(__always)
    mutating func add(_ code: PackedCode, list: inout [PackedCode]) {
        if count == Self.capacity { flush(into: &list) }
        buffer[count] = code
        count &+= 1
    }

    /// Hands what is gathered to `list`: in place of its contents the first time.
    mutating func flush(into list: inout [PackedCode]) {
        let codes = UnsafeBufferPointer(start: buffer, count: count)
        if replaced {
            list.append(contentsOf: codes)
        } else {
            list.replaceSubrange(list.startIndex..<list.endIndex, with: codes)
            replaced = true
        }
        count = 0
    }
}
