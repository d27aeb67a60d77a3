extension RuleSet {
    /// A readable summary for `specsplit rules show`: identity, categories, service lines by
    /// rank, rules per stage and setting with their conditions, local order, code counts and
    /// reference tables.
    public var report: String {
        var lines: [String] = []
        lines.append("Rule set:       \(name)")
        lines.append("Financial year: \(financialYear)\(illustrative ? "  (ILLUSTRATIVE: not the official national rules)" : "")")
        lines.append("Checksum:       sha256 \(checksum)")
        if !summary.isEmpty { lines.append("Description:    \(summary)") }
        if !source.isEmpty { lines.append("Source:         \(source)") }
        lines.append("Categories:     \(categories.joined(separator: ", "))")
        lines.append("")

        var rulesPerLine: [PackedCode: Int] = [:]
        for rule in rules { rulesPerLine[rule.serviceLine, default: 0] += 1 }
        lines.append("Service lines (\(serviceLines.count)), by rank (lowest wins):")
        lines.append(table(
            ["rank", "line", "category", "npoc", "rules", "description"],
            serviceLines.sorted { $0.rank < $1.rank }.map {
                ["\($0.rank)", "\($0.code)", $0.category, $0.npoc, "\(rulesPerLine[$0.code] ?? 0)", $0.description]
            }, rightAligned: [0, 4]))
        lines.append("")

        let national = rules.filter { $0.stage == .national }
        let local = rules.filter { $0.stage == .local }
        func bySetting(_ rules: [Rule]) -> String {
            let apc = rules.filter { $0.setting == .apc }.count
            let nac = rules.filter { $0.setting == .nac }.count
            return "APC \(apc), NAC \(nac), any \(rules.count - apc - nac)"
        }
        lines.append("Rules (\(rules.count)): national \(national.count) (\(bySetting(national))), local \(local.count) (\(bySetting(local)))")
        lines.append("")
        lines.append("National rules (every rule tested; the best-ranked line wins):")
        lines.append(table(["rule", "setting", "category", "line", "conditions"], national.map(row)))
        lines.append("")
        lines.append("Local rules, in order (the first match wins):")
        lines.append(table(["#", "rule", "setting", "category", "line", "conditions"],
                           local.enumerated().map { ["\($0.offset + 1)."] + row($0.element) }, rightAligned: [0]))
        let described = rules.filter { !$0.description.isEmpty }
        if !described.isEmpty {
            lines.append("")
            lines.append("Rule descriptions:")
            for rule in described { lines.append("  \(rule.id): \(rule.description)") }
        }
        lines.append("")

        let codeCount = codeSets.values.reduce(0) { $0 + $1.count }
        let inline = rules.reduce(0) { total, rule in
            total + rule.conditions.values.filter { $0.setName == nil }.reduce(0) { $0 + $1.values.count }
        }
        lines.append("Code sets: \(codeSets.count) sets, \(codeCount) codes; \(inline) codes written in rules.csv")
        lines.append(table(["set", "codes"], codeSets.keys.sorted().map { [$0, "\(codeSets[$0]!.count)"] }, rightAligned: [1]))
        lines.append("")
        lines.append("Practices: \(practices.count) (\(counts(practices.map(\.type))))")
        lines.append("Prison postcodes: \(prisonPostcodes.count) (\(counts(prisonPostcodes.map(\.type))))")
        lines.append("Service groups (first match wins): \(serviceGroups.map(\.group).joined(separator: ", "))")
        let pods = podSettings.keys.sorted()
        lines.append("POD settings: \(pods.count) (\(counts(pods.map { podSettings[$0]!.description })))")
        if !defaults.isEmpty {
            lines.append("")
            lines.append("Defaults used (left out of the directory):")
            for used in defaults { lines.append("  \(used.description)") }
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ rule: Rule) -> [String] {
        var conditions: [String] = []
        for column in RuleColumn.allCases {
            if column == .age, let age = rule.age { conditions.append("age \(age)") }
            guard let condition = rule.conditions[column] else { continue }
            var text = "\(column) \(condition)"
            if column == .icd10 && rule.icd10Position == .primary { text += " (primary)" }
            if column == .opcs4 && rule.opcs4Position == .primary { text += " (primary)" }
            conditions.append(text)
        }
        if rule.requireAllTriggers { conditions.append("(all triggers)") }
        return [rule.id, rule.setting == .unknown ? "any" : rule.setting.description, rule.category,
                rule.serviceLine.description, conditions.isEmpty ? "(none: every row)" : conditions.joined(separator: "; ")]
    }

    private func counts(_ values: [String]) -> String {
        var order: [String] = []
        var count: [String: Int] = [:]
        for value in values {
            if count[value] == nil { order.append(value) }
            count[value, default: 0] += 1
        }
        return order.map { "\($0) \(count[$0]!)" }.joined(separator: ", ")
    }

    /// Columns padded to their widest cell, two spaces apart, indented by two.
    private func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            "  " + row.indices.map { column in
                let pad = String(repeating: " ", count: widths[column] - row[column].count)
                if column == row.count - 1 && !rightAligned.contains(column) { return row[column] }
                return rightAligned.contains(column) ? pad + row[column] : row[column] + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension RuleSet {
    /// Each service line's description (those that have one), by its packed code: the
    /// summary's `service_description` column.
    public var serviceLineDescriptions: [UInt64: String] {
        var descriptions: [UInt64: String] = [:]
        for line in serviceLines where !line.description.isEmpty { descriptions[line.code.raw] = line.description }
        return descriptions
    }
}
