/// Which stage of the algorithm a rule belongs to.
public enum RuleStage: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The national identification rules: every rule is tested, the best-ranked line wins.
    case national
    /// Local rules layered on top: tested in file order, the first match wins.
    case local

    /// `national` or `local`.
    public var description: String { rawValue }
}

/// Where in the row a trigger code must be.
public enum TriggerPosition: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Any diagnosis or procedure of the row.
    case any
    /// Only the first (primary) diagnosis or procedure.
    case primary

    /// `any` or `primary`.
    public var description: String { rawValue }
}

/// One row of `rules.csv`: an identification sub-rule, parsed and checked.
///
/// A rule tests only the conditions it has: its triggers (`icd10`, `opcs4`: at least one
/// must match, or all of them when ``requireAllTriggers``), its qualifiers (each must match
/// a code anywhere in the row), and every other condition (each must hold).
public struct Rule: Hashable, Sendable {
    /// The rule's identifier (unique in the rule set).
    public var id: String
    /// National or local.
    public var stage: RuleStage
    /// The setting the rule applies to; `.unknown` when the cell is empty (both settings).
    public var setting: Setting
    /// The category the rule gives (its own cell, or its service line's category), lower case.
    public var category: String
    /// The service line the rule gives.
    public var serviceLine: PackedCode
    /// The rule's conditions on code fields, by column (triggers, qualifiers and others).
    public var conditions: [RuleColumn: CodeCondition]
    /// Where an ICD-10 trigger must be.
    public var icd10Position: TriggerPosition
    /// Where an OPCS-4 trigger must be.
    public var opcs4Position: TriggerPosition
    /// True when every trigger the rule has must match (`require_all_triggers` is `Y`).
    public var requireAllTriggers: Bool
    /// The age condition, if any.
    public var age: AgeRange?
    /// The rule's description, for people.
    public var description: String
    /// The file the rule was read from.
    public var file: String
    /// The physical line the rule was read from (0 for a rule built in memory).
    public var line: Int

    /// A rule from its parts.
    public init(
        id: String, stage: RuleStage, setting: Setting = .unknown, category: String,
        serviceLine: PackedCode, conditions: [RuleColumn: CodeCondition] = [:],
        icd10Position: TriggerPosition = .any, opcs4Position: TriggerPosition = .any,
        requireAllTriggers: Bool = false, age: AgeRange? = nil, description: String = "",
        file: String = "rules.csv", line: Int = 0
    ) {
        self.id = id
        self.stage = stage
        self.setting = setting
        self.category = category
        self.serviceLine = serviceLine
        self.conditions = conditions
        self.icd10Position = icd10Position
        self.opcs4Position = opcs4Position
        self.requireAllTriggers = requireAllTriggers
        self.age = age
        self.description = description
        self.file = file
        self.line = line
    }

    /// True when the rule has at least one trigger (`icd10` or `opcs4`).
    public var hasTriggers: Bool { conditions[.icd10] != nil || conditions[.opcs4] != nil }

    /// True when the rule applies to rows of `setting` (a rule with no setting applies to both).
    public func applies(to setting: Setting) -> Bool { self.setting == .unknown || self.setting == setting }

    /// The fields the rule needs, every one of which the extract must carry for the rule to
    /// be able to fire: qualifiers, other conditions and, when all triggers are required,
    /// the triggers' fields.
    public var requiredFields: FieldSet {
        var fields = FieldSet()
        for (column, _) in conditions {
            if (column == .icd10 || column == .opcs4) && !requireAllTriggers { continue }
            if let field = column.field { fields.insert(field) }
        }
        if age != nil { fields.insert(.age) }
        return fields
    }

    /// The trigger fields of a rule that needs only one trigger to match: the extract must
    /// carry at least one of them. Empty when all triggers are required or there are none.
    public var anyOfFields: FieldSet {
        guard !requireAllTriggers else { return [] }
        var fields = FieldSet()
        if conditions[.icd10] != nil { fields.insert(.diagnoses) }
        if conditions[.opcs4] != nil { fields.insert(.procedures) }
        return fields
    }

    /// True when the rule can fire on rows of an extract carrying `present`.
    public func isTestable(with present: FieldSet) -> Bool {
        let any = anyOfFields
        return requiredFields.isSubset(of: present) && (any.isEmpty || !any.isDisjoint(with: present))
    }
}
