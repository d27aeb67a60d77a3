/// Why a row got its result: every rule that applies to it (national rules for its
/// setting, then local rules in order), whether each fired, the first condition that
/// failed for each that did not, and the result with the rule set's trail.
///
/// Its ``description`` is text for a person: the answer to "why is this row specialised?".
public struct Explanation: Sendable, CustomStringConvertible {
    /// One rule's outcome on the row.
    public struct Entry: Sendable, Hashable {
        /// The rule's index in the rule set.
        public var rule: RuleIndex
        /// The rule's identifier.
        public var ruleID: String
        /// National or local.
        public var stage: RuleStage
        /// The rule's service line.
        public var serviceLine: String
        /// The rank of the rule's service line (nil when it is not listed).
        public var rank: Int?
        /// True when the rule fired.
        public var fired: Bool
        /// For a rule that did not fire, the first condition that failed, in column order
        /// (setting, triggers, qualifiers, other conditions): `age: 45 is not <19`.
        public var reason: String?
        /// What the rule is for (its `description` in rules.csv; may be empty).
        public var ruleDescription: String = ""
        /// For a rule that fired, what made it fire, condition by condition: the codes of the
        /// row that hit each code list, with their positions (`icd10 E840 (diagnosis 2)`), and
        /// the row's value of each other condition (`hrg SB97Z`, `age 30`).
        public var evidence: [String] = []
    }

    /// The rule set's name.
    public var ruleSetName: String
    /// The rule set's financial year.
    public var financialYear: String
    /// The rule set's checksum.
    public var checksum: String
    /// The row's setting.
    public var setting: Setting
    /// The row's normalised fields, as (field name, value) in field order, for the fields the
    /// extract carries (`missing` for the rest that rules use).
    public var fields: [(name: String, value: String)]
    /// The row's derived `practice_type`, when the extract carries `gp_practice`.
    public var practiceType: String?
    /// The row's derived `postcode_type`, when the extract carries `postcode`.
    public var postcodeType: String?
    /// Every rule tested, in order.
    public var entries: [Entry]
    /// The result.
    public var result: Classification
    /// The result's category name.
    public var category: String
    /// The result's service line.
    public var serviceLine: String
    /// The result's NPoC (may be empty).
    public var npoc: String
    /// The result's service group (may be empty).
    public var serviceGroup: String
    /// The identifier of the deciding rule; nil when no rule matched.
    public var decidingRuleID: String?

    /// The rules that fired.
    public var fired: [Entry] { entries.filter(\.fired) }

    /// A header, one line per rule, then the result.
    public var description: String {
        var lines: [String] = []
        lines.append("Rule set: \(ruleSetName), financial year \(financialYear), sha256 \(checksum)")
        lines.append("Row: setting \(setting == .unknown ? "unknown" : setting.description)")
        for field in fields { lines.append("  \(field.name): \(field.value)") }
        var stage: RuleStage? = nil
        for entry in entries {
            if entry.stage != stage {
                stage = entry.stage
                lines.append(entry.stage == .national ? "National rules:" : "Local rules (file order, first match wins):")
            }
            let mark = entry.fired ? "FIRED " : "  no  "
            var text = "  \(mark) \(entry.ruleID) -> \(entry.serviceLine)"
            if entry.stage == .national, let rank = entry.rank { text += " (rank \(rank))" }
            if let reason = entry.reason { text += ": " + reason }
            if entry.fired && entry.ruleID == decidingRuleID { text += "  <- decided the result" }
            lines.append(text)
            if !entry.evidence.isEmpty { lines.append("         fired on: " + entry.evidence.joined(separator: "; ")) }
            if !entry.ruleDescription.isEmpty { lines.append("         " + entry.ruleDescription) }
        }
        if entries.isEmpty { lines.append("No rules apply to this row's setting.") }
        var outcome = "Result: \(category), service line \(serviceLine)"
        if !npoc.isEmpty { outcome += ", NPoC \(npoc)" }
        if !serviceGroup.isEmpty { outcome += ", service group \(serviceGroup)" }
        lines.append(outcome)
        if let decidingRuleID {
            let how = result.isNational ? "best-ranked national match" : "first local match"
            lines.append("Decided by \(decidingRuleID) (\(how))")
        } else {
            lines.append("Decided by: no rule matched (default)")
        }
        return lines.joined(separator: "\n")
    }
}
