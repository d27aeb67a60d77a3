/// A value of a row that code lists are matched against. Several rule columns can test the
/// same one (`icd10` and `icd10_qualifier` both test the diagnoses).
enum MatchField: Int, CaseIterable, Sendable {
    case diagnoses, procedures, hrg, pod, mainSpecialty, treatmentFunction, admissionMethod
    case admissionSource, patientClassification, attendanceStatus, referralSource, sex
    case provider, commissioner, practiceType, postcodeType

    init(_ column: RuleColumn) {
        switch column {
        case .icd10, .icd10Qualifier: self = .diagnoses
        case .opcs4, .opcs4Qualifier: self = .procedures
        case .hrg: self = .hrg
        case .pod: self = .pod
        case .mainSpecialty: self = .mainSpecialty
        case .treatmentFunction: self = .treatmentFunction
        case .admissionMethod: self = .admissionMethod
        case .admissionSource: self = .admissionSource
        case .patientClassification: self = .patientClassification
        case .attendanceStatus: self = .attendanceStatus
        case .referralSource: self = .referralSource
        case .sex: self = .sex
        case .provider: self = .provider
        case .commissioner: self = .commissioner
        case .practiceType: self = .practiceType
        case .postcodeType: self = .postcodeType
        default: preconditionFailure("column \(column) holds no codes")
        }
    }

    /// The extract field the value comes from.
    var field: Field {
        switch self {
        case .diagnoses: return .diagnoses
        case .procedures: return .procedures
        case .hrg: return .hrg
        case .pod: return .pod
        case .mainSpecialty: return .mainSpecialty
        case .treatmentFunction: return .treatmentFunction
        case .admissionMethod: return .admissionMethod
        case .admissionSource: return .admissionSource
        case .patientClassification: return .patientClassification
        case .attendanceStatus: return .attendanceStatus
        case .referralSource: return .referralSource
        case .sex: return .sex
        case .provider: return .provider
        case .commissioner: return .commissioner
        case .practiceType: return .gpPractice
        case .postcodeType: return .postcode
        }
    }

    /// True for the derived fields, whose values are type names, not codes.
    var isDerived: Bool { self == .practiceType || self == .postcodeType }
}

/// The code lists of one match field, compiled: exact codes and prefixes point at list
/// ids. Plain data (views and integers), so reading it on the classify path costs no
/// reference counting.
struct FieldIndex: Sendable {
    /// Exact code (packed raw) -> ids of the lists holding it.
    var exact: CodeTable.View
    /// Prefix (packed raw, without `%`) -> ids of the lists holding it.
    var prefix: CodeTable.View
    /// Bit `n` is set when some prefix has `n` bytes (1...7).
    var prefixLengths: UInt8
    /// True when some rule tests the field.
    var used: Bool
    /// Tells with one probe that a code is in neither table (most codes are in neither).
    var filter: StemFilter.View
}

/// One rule, compiled to list ids and bit masks.
struct CompiledRule: Sendable {
    var national: Bool
    var setting: Setting
    /// Fields the extract must all carry.
    var needsAll: UInt32
    /// Fields of which the extract must carry at least one (OR-ed triggers); 0 when none.
    var needsAny: UInt32
    var icd10List: Int32 = -1
    var icd10Primary = false
    var opcs4List: Int32 = -1
    var opcs4Primary = false
    var requireAll = false
    /// Qualifier and other condition lists: a range of ``CompiledRuleSet/conditionLists``.
    var conditionStart: Int32 = 0
    var conditionCount: Int32 = 0
    var hasAge = false
    var ageLower: Int32 = 0
    var ageUpper: Int32 = 0
    var category: Int32
    var serviceLine: PackedCode
    /// The rank of the rule's service line for rows of unknown setting, APC rows and NAC rows
    /// (``ServiceLine/rank(for:)``).
    var rank: Int
    var apcRank: Int
    var nacRank: Int

    /// The rank that orders this rule's match in a row of `setting`.
    @inline(__always)
    func rank(for setting: Setting) -> Int {
        switch setting {
        case .apc: return apcRank
        case .nac: return nacRank
        case .unknown: return rank
        }
    }
}

/// A row of the service-group table, compiled.
struct CompiledServiceGroup: Sendable {
    /// A condition: ranges of exact and prefix codes in ``ServiceGroupTable/pool``;
    /// `exactStart < 0` means no condition.
    struct Codes: Sendable {
        var exactStart: Int32 = -1
        var exactEnd: Int32 = -1
        var prefixEnd: Int32 = -1

        @inline(__always)
        func matches(_ code: PackedCode, _ pool: UnsafeBufferPointer<PackedCode>) -> Bool {
            if exactStart < 0 { return true }
            if code.isEmpty { return false }
            var index = Int(exactStart)
            while index < Int(exactEnd) {
                if pool[index] == code { return true }
                index += 1
            }
            while index < Int(prefixEnd) {
                let candidate = pool[index]
                if code.prefix(candidate.length) == candidate { return true }
                index += 1
            }
            return false
        }
    }
    var pod = Codes()
    var treatmentFunction = Codes()
    var mainSpecialty = Codes()
    var serviceLine = Codes()
    /// The category the row requires; -1 for any.
    var category: Int = -1
    var group: Int
}

/// The service-group table, flat: rows of integer ranges into one pool of codes, so the
/// first-match scan per row copies nothing and touches no reference counts.
struct ServiceGroupTable: Sendable {
    var rows: [CompiledServiceGroup] = []
    var pool: [PackedCode] = []

    /// Adds a condition's codes to the pool.
    mutating func codes(exact: [PackedCode], prefixes: [PackedCode]) -> CompiledServiceGroup.Codes {
        let start = Int32(pool.count)
        pool.append(contentsOf: exact)
        let exactEnd = Int32(pool.count)
        pool.append(contentsOf: prefixes)
        return .init(exactStart: start, exactEnd: exactEnd, prefixEnd: Int32(pool.count))
    }

    /// The group of the first row that matches; 0 (none) when no row does.
    @inline(__always)
    func group(pod: PackedCode, treatmentFunction: PackedCode, mainSpecialty: PackedCode, serviceLine: PackedCode, category: Int) -> Int {
        pool.withUnsafeBufferPointer { pool in
            rows.withUnsafeBufferPointer { rows in
                for row in rows {
                    if row.category >= 0 && row.category != category { continue }
                    if !row.pod.matches(pod, pool) || !row.treatmentFunction.matches(treatmentFunction, pool)
                        || !row.mainSpecialty.matches(mainSpecialty, pool) || !row.serviceLine.matches(serviceLine, pool)
                    {
                        continue
                    }
                    return row.group
                }
                return 0
            }
        }
    }
}
