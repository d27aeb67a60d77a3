extension CompiledRuleSet {
    /// Explains how `record` is classified: every national rule for its setting, then every
    /// local rule in order, whether it fired and, when it did not, the first condition that
    /// failed. Allocates freely: it is for one row a person asked about.
    public func explain(_ record: ActivityRecord) -> Explanation {
        var scratch = makeScratch()
        var result = Classification()
        classify(record, into: &result, scratch: &scratch)
        let present = record.present
        var entries: [Explanation.Entry] = []
        let order = ruleSet.rules.indices.filter { ruleSet.rules[$0].stage == .national && ruleSet.rules[$0].applies(to: record.setting) }
            + ruleSet.rules.indices.filter { ruleSet.rules[$0].stage == .local }
        for index in order {
            let rule = ruleSet.rules[index]
            let fired = test(index, record, present.rawValue, scratch)
            let reason = fired ? nil : failure(index, rule, record, scratch) ?? "did not fire"
            entries.append(
                Explanation.Entry(
                    rule: RuleIndex(index), ruleID: rule.id, stage: rule.stage,
                    serviceLine: rule.serviceLine.description, rank: ruleSet.serviceLine(rule.serviceLine)?.rank(for: record.setting),
                    fired: fired, reason: reason, ruleDescription: rule.description,
                    evidence: fired ? evidence(index, rule, record) : []))
        }
        return Explanation(
            ruleSetName: ruleSet.name, financialYear: ruleSet.financialYear, checksum: ruleSet.checksum,
            setting: record.setting, fields: fields(of: record), practiceType: result.practiceType.map { typeNames[$0] },
            postcodeType: result.postcodeType.map { typeNames[$0] }, entries: entries, result: result,
            category: categories[result.category], serviceLine: result.serviceLine.description,
            npoc: npocs[result.npoc], serviceGroup: serviceGroupNames[result.serviceGroup],
            decidingRuleID: result.decidingRule.map { ruleSet.rules[Int($0)].id })
    }

    /// What made rule `index` fire on the row, condition by condition in column order: the
    /// codes of the row that hit each trigger and qualifier list (with their positions), and
    /// the row's value of every other condition (`icd10 E840 (diagnosis 2)`, `age 30`).
    private func evidence(_ index: Int, _ rule: Rule, _ record: ActivityRecord) -> [String] {
        let lists = conditionList[index]
        var parts: [String] = []
        func matched(_ column: RuleColumn, primaryOnly: Bool) {
            guard let id = lists[column] else { return }
            let (codes, field) = column.field == .diagnoses ? (record.diagnoses, MatchField.diagnoses) : (record.procedures, MatchField.procedures)
            var found: [String] = []
            for (position, code) in codes.enumerated() where (!primaryOnly || position == 0) && list(id, holds: code, field) {
                found.append("\(code) (\(column.valueNoun) \(position + 1))")
            }
            if !found.isEmpty { parts.append("\(column) \(found.joined(separator: ", "))") }
        }
        matched(.icd10, primaryOnly: rule.icd10Position == .primary)
        matched(.opcs4, primaryOnly: rule.opcs4Position == .primary)
        matched(.icd10Qualifier, primaryOnly: false)
        matched(.opcs4Qualifier, primaryOnly: false)
        for column in RuleColumn.otherConditionColumns {
            if column == .age {
                if rule.age != nil, let age = record.age { parts.append("age \(age)") }
            } else if rule.conditions[column] != nil {
                var value = rowValue(column, record)
                if column == .practiceType { value += " (practice \(record.practice))" }
                if column == .postcodeType { value += " (postcode \(record.postcode))" }
                parts.append("\(column) \(value)")
            }
        }
        return parts
    }

    /// True when `code` of `field` is in list `list`, found as classifying finds it: exactly
    /// (an ICD-10 code in its X-filled form) or by one of the list's prefixes.
    private func list(_ list: Int32, holds code: PackedCode, _ field: MatchField) -> Bool {
        let index = fields[field.rawValue]
        let key = field == .diagnoses ? CodeKind.canonicalICD10(code) : code
        if index.exact.lookup(key.raw).contains(where: { index.exact.value(at: $0) == list }) { return true }
        var lengths = index.prefixLengths & UInt8(truncatingIfNeeded: (2 << key.length) - 1)
        while lengths != 0 {
            let length = lengths.trailingZeroBitCount
            lengths &= lengths - 1
            if index.prefix.lookup(key.prefix(length).raw).contains(where: { index.prefix.value(at: $0) == list }) { return true }
        }
        return false
    }

    /// The first condition of rule `index` that fails on the row, in column order.
    private func failure(_ index: Int, _ rule: Rule, _ record: ActivityRecord, _ scratch: ClassifyScratch) -> String? {
        if !rule.applies(to: record.setting) {
            let row = record.setting == .unknown ? "unknown" : record.setting.description
            return "setting: row is \(row), rule is for \(rule.setting)"
        }
        let lists = conditionList[index]
        let present = record.present
        func missing(_ column: RuleColumn) -> String? {
            guard let field = column.field, !present.contains(field) else { return nil }
            return "\(field.name) not in this extract: cannot be tested"
        }
        func hit(_ column: RuleColumn, primary: Bool) -> Bool {
            guard let list = lists[column].map(Int.init) else { return false }
            return (primary ? scratch.primaryHit[list] : scratch.anyHit[list]) == scratch.stamp
        }
        func noMatch(_ column: RuleColumn, primary: Bool) -> String {
            let condition = rule.conditions[column]!
            return "\(column): no \(column.valueNoun) in \(condition)" + (primary ? " (primary only)" : "")
        }
        // Triggers.
        let triggers: [(RuleColumn, Bool)] = [(.icd10, rule.icd10Position == .primary), (.opcs4, rule.opcs4Position == .primary)]
            .filter { rule.conditions[$0.0] != nil }
        if !triggers.isEmpty {
            if rule.requireAllTriggers {
                for (column, primary) in triggers {
                    if let reason = missing(column) { return reason }
                    if !hit(column, primary: primary) { return noMatch(column, primary: primary) }
                }
            } else if !triggers.contains(where: { missing($0.0) == nil && hit($0.0, primary: $0.1) }) {
                let reasons = triggers.map { missing($0.0) ?? noMatch($0.0, primary: $0.1) }
                return reasons.joined(separator: " and ")
            }
        }
        // Qualifiers, then the other conditions, in column order.
        for column in [RuleColumn.icd10Qualifier, .opcs4Qualifier] + RuleColumn.otherConditionColumns {
            if column == .age {
                guard let age = rule.age else { continue }
                if let reason = missing(.age) { return reason }
                guard let value = record.age else { return "age: empty is not \(age)" }
                if !age.contains(value) { return "age: \(value) is not \(age)" }
                continue
            }
            guard let condition = rule.conditions[column] else { continue }
            if let reason = missing(column) { return reason }
            if hit(column, primary: false) { continue }
            if column == .icd10Qualifier || column == .opcs4Qualifier { return noMatch(column, primary: false) }
            return "\(column): \(rowValue(column, record)) is not in \(condition)"
        }
        return nil
    }

    /// The row's fields as text, in field order: carried ones with their value, missing ones
    /// that some rule tests as `not in this extract`.
    private func fields(of record: ActivityRecord) -> [(name: String, value: String)] {
        var tested = FieldSet()
        for rule in ruleSet.rules { tested.formUnion(rule.requiredFields); tested.formUnion(rule.anyOfFields) }
        var result: [(name: String, value: String)] = []
        for field in Field.allCases where record.present.contains(field) || tested.contains(field) {
            guard record.present.contains(field) else {
                result.append((field.name, "not in this extract"))
                continue
            }
            let value: String
            switch field {
            case .diagnoses: value = record.diagnoses.map(\.description).joined(separator: " ")
            case .procedures: value = record.procedures.map(\.description).joined(separator: " ")
            case .age: value = record.age.map(String.init) ?? ""
            case .gpPractice: value = record.practice.description + " (practice_type \(typeNames[practiceType(record.practice)]))"
            case .postcode: value = record.postcode.description + " (postcode_type \(typeNames[postcodeType(record.postcode)]))"
            default:
                let code = record.code(field)
                if code.isHashed { value = "(code longer than 8 characters)" } else if code.isEmpty {
                    guard tested.contains(field) else { continue }
                    value = ""
                } else { value = code.description }
            }
            result.append((field.name, value.isEmpty ? "empty" : value))
        }
        return result
    }

    /// A row's value of a single-valued condition column, as text.
    private func rowValue(_ column: RuleColumn, _ record: ActivityRecord) -> String {
        switch column {
        case .practiceType: return typeNames[practiceType(record.practice)]
        case .postcodeType: return typeNames[postcodeType(record.postcode)]
        default:
            let code = record.code(column.field!)
            if code.isHashed { return "(code longer than 8 characters)" }
            return code.isEmpty ? "empty" : code.description
        }
    }
}
