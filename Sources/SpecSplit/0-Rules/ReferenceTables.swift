/// A row of `service-lines.csv`: a service line and where it sits in the hierarchy.
public struct ServiceLine: Hashable, Sendable {
    /// The service line code (`NCBPS13X`, `99999999`).
    public var code: PackedCode
    /// What the service is.
    public var description: String
    /// The national programme of care (NPoC) the line belongs to (may be empty).
    public var npoc: String
    /// The line's rank: when a row matches several lines, the lowest rank wins. A row of a
    /// setting for which the line has a rank of its own (``apcRank``, ``nacRank``) uses that.
    public var rank: Int
    /// The category the line's activity goes to, lower case (`specialised`).
    public var category: String
    /// The line's rank for admitted patient care (episodes and spells), when the hierarchy
    /// ranks that setting apart (`apc_rank`); nil: ``rank``.
    public var apcRank: Int?
    /// The line's rank for non-admitted care (`nac_rank`); nil: ``rank``.
    public var nacRank: Int?
    /// The specialised top-up percentage paid on admitted care (`apc_top_up_percent`), as
    /// written (`25`, `12.5`); empty when none is given. Kept for reference: values come from
    /// the extract's own columns.
    public var apcTopUpPercent: String
    /// The physical line in `service-lines.csv` (0 for a line built in memory).
    public var line: Int

    /// A service line from its parts.
    public init(
        code: PackedCode, description: String = "", npoc: String = "", rank: Int, category: String,
        apcRank: Int? = nil, nacRank: Int? = nil, apcTopUpPercent: String = "", line: Int = 0
    ) {
        self.code = code
        self.description = description
        self.npoc = npoc
        self.rank = rank
        self.category = category
        self.apcRank = apcRank
        self.nacRank = nacRank
        self.apcTopUpPercent = apcTopUpPercent
        self.line = line
    }

    /// The rank that orders matches in rows of `setting`: the setting's own rank when the
    /// line has one, otherwise ``rank``.
    public func rank(for setting: Setting) -> Int {
        switch setting {
        case .apc: return apcRank ?? rank
        case .nac: return nacRank ?? rank
        case .unknown: return rank
        }
    }

    /// The line a row gets when no rule matches: not directly commissioned.
    public static let notCommissioned = PackedCode("99999999")!
}

/// A row of `practices.csv`: a GP practice with a type (military, offender...) that gives
/// the derived field `practice_type`.
public struct Practice: Hashable, Sendable {
    /// The practice code.
    public var code: PackedCode
    /// The type, as written (`Military`, `Offender`); compared upper-cased without spaces.
    public var type: String
    /// The parent organisation (`13Q` for Defence Medical Services from 2013).
    public var parentCode: String
    /// The prescribing setting (25 prison, 16-24 other justice estate...).
    public var prescribingSetting: String
    /// The day the practice opened (`yyyymmdd`), if known.
    public var openDate: Int?
    /// The day the practice closed (`yyyymmdd`), if it has.
    public var closeDate: Int?
    /// The physical line in `practices.csv` (0 for a practice built in memory).
    public var line: Int

    /// A practice from its parts.
    public init(
        code: PackedCode, type: String, parentCode: String = "", prescribingSetting: String = "",
        openDate: Int? = nil, closeDate: Int? = nil, line: Int = 0
    ) {
        self.line = line
        self.code = code
        self.type = type
        self.parentCode = parentCode
        self.prescribingSetting = prescribingSetting
        self.openDate = openDate
        self.closeDate = closeDate
    }

    /// The pseudo practice codes meaning no, not applicable or unknown practice: never
    /// evidence of anything, never listed.
    public static let pseudoCodes: [PackedCode] = ["V81997", "V81998", "V81999"].map { PackedCode($0)! }
}

/// A row of `prison-postcodes.csv`: a postcode at a prison site.
public struct PrisonPostcode: Hashable, Sendable {
    /// The postcode, spaces removed, upper case.
    public var postcode: PackedCode
    /// `UNIQUE` (only the prison uses it) or `NONUNIQUE`.
    public var type: String
    /// The prison's site code (`YDE...`).
    public var siteCode: String
    /// The physical line in `prison-postcodes.csv` (0 for a postcode built in memory).
    public var line: Int

    /// A prison postcode from its parts.
    public init(postcode: PackedCode, type: String, siteCode: String = "", line: Int = 0) {
        self.line = line
        self.postcode = postcode
        self.type = type
        self.siteCode = siteCode
    }
}

/// A row of `service-groups.csv`: when a row's point of delivery, treatment function, main
/// specialty, service line and category match (an empty cell matches anything), it belongs
/// to ``group``. The first matching row wins; the last row matches everything.
public struct ServiceGroupRule: Hashable, Sendable {
    /// The points of delivery the row matches (empty: any).
    public var pod: CodeCondition?
    /// The treatment functions the row matches (empty: any).
    public var treatmentFunction: CodeCondition?
    /// The main specialties the row matches (empty: any).
    public var mainSpecialty: CodeCondition?
    /// The service lines the row matches (empty: any).
    public var serviceLine: CodeCondition?
    /// The category the row matches, lower case (nil: any).
    public var category: String?
    /// The service group (`acute`, `mental health`...).
    public var group: String
    /// The physical line in `service-groups.csv`.
    public var line: Int

    /// A service-group row from its parts.
    public init(
        pod: CodeCondition? = nil, treatmentFunction: CodeCondition? = nil,
        mainSpecialty: CodeCondition? = nil, serviceLine: CodeCondition? = nil,
        category: String? = nil, group: String, line: Int = 0
    ) {
        self.pod = pod
        self.treatmentFunction = treatmentFunction
        self.mainSpecialty = mainSpecialty
        self.serviceLine = serviceLine
        self.category = category
        self.group = group
        self.line = line
    }

    /// True when every cell is empty: the row matches everything.
    public var isCatchAll: Bool {
        pod == nil && treatmentFunction == nil && mainSpecialty == nil && serviceLine == nil && category == nil
    }
}
