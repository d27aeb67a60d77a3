/// A versioned rule set: one financial year's national identification rules plus the local
/// rules, code sets and reference tables they use, as loaded from a directory.
///
/// A rule set is a value; ``RuleSet/load(directory:)`` reads and checks one, and
/// ``CompiledRuleSet`` turns it into the lookup tables that classify rows.
public struct RuleSet: Hashable, Sendable {
    /// The rule set's name (`ruleset.toml` `name`).
    public var name: String
    /// The financial year the rules are for (`2012-13`).
    public var financialYear: String
    /// What the rule set is.
    public var summary: String
    /// Where its content comes from.
    public var source: String
    /// True for an illustrative rule set (not the published rules).
    public var illustrative: Bool
    /// The categories rows can go to: `specialised`, `prison`, `military`, `non-specialised`,
    /// then the extras declared in `ruleset.toml` (`categories = ["dental"]`), lower case.
    public var categories: [String]
    /// The categories commissioned nationally that year (`ruleset.toml`
    /// `national_categories`): by default `specialised`, `prison` and `military`. A rule set
    /// that adds a category says whether it is national (2012/13's `dental` is not).
    public var nationalCategories: [String]
    /// How to tell who commissions a row today (`current-commissioning.csv`): the extract's
    /// service category code, else its commissioner code, looked up here; empty when the
    /// rule set has no such table (then current responsibility is not worked out).
    public var currentCommissioning: [CurrentCommissioning] = []
    /// Every rule, in file order (national and local interleaved as written).
    public var rules: [Rule]
    /// The code sets, by name (without `@`), codes as written normalised to upper case.
    public var codeSets: [String: [String]]
    /// The service lines, in file order.
    public var serviceLines: [ServiceLine]
    /// The GP practices with a type.
    public var practices: [Practice]
    /// The postcodes of prisons.
    public var prisonPostcodes: [PrisonPostcode]
    /// The service-group table, first match wins.
    public var serviceGroups: [ServiceGroupRule]
    /// The setting of each contract-monitoring point of delivery.
    public var podSettings: [PackedCode: Setting]
    /// How each point of delivery of ``podSettings`` longer than 8 characters was written
    /// (`OPFUPSPNCL`): such a code is packed by hash (``PackedCode/init(longCode:)``) and
    /// cannot be printed, so this keeps its text for writing the rule set back.
    public var podSpellings: [PackedCode: String] = [:]
    /// SHA-256 (hex) over the rule set's files, sorted by name, hashing each file's name,
    /// a NUL byte and its bytes.
    public var checksum: String
    /// Where a rule set made by `specsplit rules import` came from (`ruleset.toml` `[import]`);
    /// nil for one written by hand.
    public var importRecord: ImportRecord?
    /// The lines parts of the rule set were read from that keep no line of their own.
    public var sourceLines = SourceLines()

    /// The lines of a rule set's files that code-set members, points of delivery and
    /// `ruleset.toml` keys were read from (empty for a rule set built in memory), so that
    /// ``RuleSetDiff`` can say where each change is.
    public struct SourceLines: Hashable, Sendable {
        /// The line in `code-sets.csv` of each code of each set, in the order of ``RuleSet/codeSets``.
        public var codeSets: [String: [Int]] = [:]
        /// The line in `pod-settings.csv` of each point of delivery.
        public var podSettings: [PackedCode: Int] = [:]
        /// The line in `ruleset.toml` of each key.
        public var toml: [String: Int] = [:]

        /// No lines known.
        public init() {}
    }

    /// The defaults the loader used for files, columns and keys the directory leaves out
    /// (a file no rule needs, a column added after the format was first specified), each
    /// saying what was used: `rules check` prints them.
    public var defaults: [Finding] = []
    /// Things worth fixing that do not make the rule set invalid (a dotted code): `rules
    /// check` prints them and still exits 0.
    public var warnings: [Finding] = []

    /// True when the directory had no pod-settings.csv: contract-monitoring lines then have
    /// no setting, and only rules without a setting apply to them.
    public var hasPODSettings: Bool {
        !defaults.contains { $0.codeType == .file && $0.code == RuleSetParser.FileName.podSettings }
    }

    /// The categories every rule set has, in this order.
    public static let standardCategories = ["specialised", "prison", "military", "non-specialised"]

    /// The category of a row no rule matched.
    public static let defaultCategory = "non-specialised"

    /// The categories commissioned nationally when `ruleset.toml` does not say.
    public static let defaultNationalCategories = ["specialised", "prison", "military"]

    /// A rule set from its parts (used by tests and by ``RuleSet/scaled(base:rules:codes:seed:)``;
    /// files are read with ``RuleSet/load(directory:)``).
    public init(
        name: String, financialYear: String, summary: String = "", source: String = "",
        illustrative: Bool = true, extraCategories: [String] = [], rules: [Rule] = [],
        codeSets: [String: [String]] = [:], serviceLines: [ServiceLine] = [],
        practices: [Practice] = [], prisonPostcodes: [PrisonPostcode] = [],
        serviceGroups: [ServiceGroupRule] = [ServiceGroupRule(group: "other")],
        podSettings: [PackedCode: Setting] = [:], checksum: String = ""
    ) {
        self.name = name
        self.financialYear = financialYear
        self.summary = summary
        self.source = source
        self.illustrative = illustrative
        self.categories = RuleSet.standardCategories
        for extra in extraCategories.map({ $0.lowercased() }) where !categories.contains(extra) {
            categories.append(extra)
        }
        nationalCategories = RuleSet.defaultNationalCategories
        self.rules = rules
        self.codeSets = codeSets
        self.serviceLines = serviceLines
        self.practices = practices
        self.prisonPostcodes = prisonPostcodes
        self.serviceGroups = serviceGroups
        self.podSettings = podSettings
        self.checksum = checksum
    }

    /// How outputs and logs name the rule set: its name, its financial year unless the name
    /// already says it, and the first 12 hex digits of its checksum
    /// (`Illustrative national split 2012/13 sha256:be8d7dc24084`).
    public var label: String {
        let year = name.contains(financialYear) ? "" : " \(financialYear)"
        return "\(name)\(year) sha256:\(checksum.prefix(12))"
    }

    /// The rules of `stage`, with their indexes in ``rules``.
    public func rules(in stage: RuleStage) -> [(index: Int, rule: Rule)] {
        rules.enumerated().filter { $0.element.stage == stage }.map { ($0.offset, $0.element) }
    }

    /// The service line with `code`, if listed.
    public func serviceLine(_ code: PackedCode) -> ServiceLine? {
        serviceLines.first { $0.code == code }
    }

    /// The index of `category` in ``categories`` (any case), if declared.
    public func categoryIndex(_ category: String) -> Int? {
        categories.firstIndex(of: category.lowercased())
    }
}
