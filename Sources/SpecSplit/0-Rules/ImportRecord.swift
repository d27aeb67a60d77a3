/// Where a rule set written by `specsplit rules import` came from: the `[import]` table of its
/// `ruleset.toml`. Every value is optional when read, so that a person may trim the table.
public struct ImportRecord: Hashable, Sendable {
    /// The workbook's file name (`PSS-rules-2013-14.xlsx`, or a directory of CSV tables).
    public var workbook: String
    /// SHA-256 (hex) of the workbook file; for a directory of CSV tables, over its files as
    /// a rule set's checksum is.
    public var workbookSHA256: String
    /// The sheets (or CSV files) read, in the order read.
    public var sheets: [String]
    /// The mapping used: `built-in` or the mapping file's name.
    public var mapping: String
    /// SHA-256 (hex) of the mapping's text.
    public var mappingSHA256: String
    /// The rule set the local rules were taken from, as given (empty when none).
    public var localRules: String
    /// That rule set's name.
    public var localRulesName: String
    /// That rule set's checksum.
    public var localRulesSHA256: String

    /// A record from its parts.
    public init(
        workbook: String, workbookSHA256: String, sheets: [String], mapping: String, mappingSHA256: String,
        localRules: String = "", localRulesName: String = "", localRulesSHA256: String = ""
    ) {
        self.workbook = workbook
        self.workbookSHA256 = workbookSHA256
        self.sheets = sheets
        self.mapping = mapping
        self.mappingSHA256 = mappingSHA256
        self.localRules = localRules
        self.localRulesName = localRulesName
        self.localRulesSHA256 = localRulesSHA256
    }

    /// The keys of the `[import]` table, in the order written.
    static let keys = [
        "workbook", "workbook_sha256", "sheets", "mapping", "mapping_sha256", "local_rules", "local_rules_name",
        "local_rules_sha256",
    ]
}
