/// An entry of a table, as compared: its key, where it is, its values by column in file
/// order, and whether its position matters (local rules, service-group rows).
struct DiffEntry {
    var key: String
    var location: String
    var values: [(column: String, value: String)]
    var ordered = false
}

extension RuleSetDiff {
    /// Added, removed and changed entries of one table; a key that repeats is told apart by
    /// its occurrence (`Y90101 #2`).
    static func compare(_ table: String, _ old: [DiffEntry], _ new: [DiffEntry]) -> [RuleSetChange] {
        let (oldByKey, newByKey) = (index(old), index(new))
        var changes: [RuleSetChange] = []
        for entry in distinct(old) where newByKey[entry.key] == nil {
            changes.append(RuleSetChange(table: table, key: entry.key, change: .removed, oldLocation: entry.location))
        }
        for entry in distinct(new) {
            guard let before = oldByKey[entry.key] else {
                changes.append(RuleSetChange(table: table, key: entry.key, change: .added, newLocation: entry.location))
                continue
            }
            let oldValues = Dictionary(before.values.map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
            let columns =
                entry.values.map(\.column)
                + before.values.map(\.column).filter { column in
                    !entry.values.contains { $0.column == column }
                }
            let newValues = Dictionary(entry.values.map { ($0.column, $0.value) }, uniquingKeysWith: { a, _ in a })
            for column in columns where oldValues[column, default: ""] != newValues[column, default: ""] {
                changes.append(
                    RuleSetChange(
                        table: table, key: entry.key, change: .changed, column: column,
                        old: oldValues[column, default: ""],
                        new: newValues[column, default: ""], oldLocation: before.location, newLocation: entry.location))
            }
        }
        return changes
    }

    /// Entries whose place among those of both rule sets changed: the entries present in
    /// both, in old and in new order; those outside a longest common subsequence of the
    /// two orders moved (column `order`, positions counted from 1 among the ordered entries).
    static func order(_ table: String, _ old: [DiffEntry], _ new: [DiffEntry]) -> [RuleSetChange] {
        let (oldDistinct, newDistinct) = (distinct(old), distinct(new))
        let newKeys = Set(newDistinct.map(\.key)), oldKeys = Set(oldDistinct.map(\.key))
        let a = oldDistinct.filter { newKeys.contains($0.key) }.map(\.key)
        let b = newDistinct.filter { oldKeys.contains($0.key) }.map(\.key)
        guard a != b else { return [] }
        var length = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                length[i][j] = a[i] == b[j] ? length[i + 1][j + 1] + 1 : max(length[i + 1][j], length[i][j + 1])
            }
        }
        var kept = Set<String>()
        var (i, j) = (0, 0)
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                kept.insert(a[i])
                i += 1
                j += 1
            } else if length[i + 1][j] >= length[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        let oldPosition = Dictionary(
            uniqueKeysWithValues: oldDistinct.enumerated().map { ($1.key, ($0 + 1, $1.location)) })
        return newDistinct.enumerated().compactMap { position, entry in
            guard let before = oldPosition[entry.key], !kept.contains(entry.key) else { return nil }
            return RuleSetChange(
                table: table, key: entry.key, change: .changed, column: "order", old: String(before.0),
                new: String(position + 1), oldLocation: before.1, newLocation: entry.location)
        }
    }

    /// Entries with repeated keys numbered (`KEY #2`).
    private static func distinct(_ entries: [DiffEntry]) -> [DiffEntry] {
        var seen: [String: Int] = [:]
        return entries.map { entry in
            var copy = entry
            seen[entry.key, default: 0] += 1
            if let count = seen[entry.key], count > 1 { copy.key += " #\(count)" }
            return copy
        }
    }

    private static func index(_ entries: [DiffEntry]) -> [String: DiffEntry] {
        Dictionary(distinct(entries).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func place(_ file: String, _ line: Int) -> String { line > 0 ? "\(file):\(line)" : "" }

    // MARK: the tables

    static func categories(_ ruleSet: RuleSet) -> [DiffEntry] {
        let line = place("ruleset.toml", ruleSet.sourceLines.toml["categories"] ?? 0)
        let nationalLine = place("ruleset.toml", ruleSet.sourceLines.toml["national_categories"] ?? 0)
        return ruleSet.categories.map {
            let national = ruleSet.nationalCategories.contains($0)
            return DiffEntry(
                key: $0, location: RuleSet.standardCategories.contains($0) ? nationalLine : line,
                values: [("national", national ? "yes" : "no")])
        }
    }

    static func currentCommissioning(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.currentCommissioning.map {
            DiffEntry(
                key: "\($0.kind.rawValue) \($0.code)", location: place("current-commissioning.csv", $0.line),
                values: [("category", $0.category)])
        }
    }

    static func serviceLines(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.serviceLines.map { line in
            DiffEntry(
                key: line.code.description, location: place("service-lines.csv", line.line),
                values: [
                    ("description", line.description), ("npoc", line.npoc), ("rank", String(line.rank)),
                    ("category", line.category), ("apc_rank", line.apcRank.map(String.init) ?? ""),
                    ("nac_rank", line.nacRank.map(String.init) ?? ""), ("apc_top_up_percent", line.apcTopUpPercent),
                ])
        }
    }

    static func rules(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.rules.map { rule in
            DiffEntry(
                key: rule.id, location: place(rule.file, rule.line),
                values: RuleColumn.allCases.filter { $0 != .ruleID }.map { ($0.rawValue, RuleSet.cell($0, of: rule)) },
                ordered: rule.stage == .local)
        }
    }

    static func codeSets(_ old: RuleSet, _ new: RuleSet) -> [RuleSetChange] {
        var changes: [RuleSetChange] = []
        for name in Set(old.codeSets.keys).union(new.codeSets.keys).sorted() {
            let before = members(old, name), after = members(new, name)
            let beforeCodes = Set(before.map(\.code)), afterCodes = Set(after.map(\.code))
            for member in before where !afterCodes.contains(member.code) {
                changes.append(
                    RuleSetChange(
                        table: "code-sets", key: name, change: .removed, column: "code", old: member.code,
                        oldLocation: member.location))
            }
            for member in after where !beforeCodes.contains(member.code) {
                changes.append(
                    RuleSetChange(
                        table: "code-sets", key: name, change: .added, column: "code", new: member.code,
                        newLocation: member.location))
            }
        }
        return changes
    }

    /// A set's distinct codes with the line of their first row.
    private static func members(_ ruleSet: RuleSet, _ name: String) -> [(code: String, location: String)] {
        let codes = ruleSet.codeSets[name] ?? []
        let lines = ruleSet.sourceLines.codeSets[name] ?? []
        var seen = Set<String>()
        return codes.enumerated().compactMap { index, code in
            guard seen.insert(code).inserted else { return nil }
            return (code, place("code-sets.csv", index < lines.count ? lines[index] : 0))
        }
    }

    static func practices(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.practices.map { practice in
            DiffEntry(
                key: practice.code.description, location: place("practices.csv", practice.line),
                values: [
                    ("practice_type", practice.type), ("parent_code", practice.parentCode),
                    ("prescribing_setting", practice.prescribingSetting),
                    ("open_date", RuleSet.dateCell(practice.openDate)),
                    ("close_date", RuleSet.dateCell(practice.closeDate)),
                ])
        }
    }

    static func postcodes(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.prisonPostcodes.map { postcode in
            DiffEntry(
                key: RuleSet.postcodeCell(postcode.postcode), location: place("prison-postcodes.csv", postcode.line),
                values: [
                    ("postcode_type", RuleSet.postcodeTypeCell(postcode.type)), ("site_code", postcode.siteCode),
                ])
        }
    }

    /// A service-group row is known by its conditions (`pod=CC`, `service_line=NCBPS09S
    /// NCBPS09C`, `(catch-all)`); what changes is its group, or its place.
    static func serviceGroups(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.serviceGroups.map { group in
            let conditions = [
                ("pod", RuleSet.cell(group.pod)), ("treatment_function", RuleSet.cell(group.treatmentFunction)),
                ("main_specialty", RuleSet.cell(group.mainSpecialty)),
                ("service_line", RuleSet.cell(group.serviceLine)),
                ("category", group.category ?? ""),
            ].filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1)" }
            return DiffEntry(
                key: conditions.isEmpty ? "(catch-all)" : conditions.joined(separator: "; "),
                location: place("service-groups.csv", group.line), values: [("service_group", group.group)],
                ordered: true)
        }
    }

    static func podSettings(_ ruleSet: RuleSet) -> [DiffEntry] {
        ruleSet.podSettings.keys.compactMap { pod -> DiffEntry? in
            guard let text = ruleSet.podText(pod) else { return nil }
            return DiffEntry(
                key: text, location: place("pod-settings.csv", ruleSet.sourceLines.podSettings[pod] ?? 0),
                values: [("setting", ruleSet.podSettings[pod]!.description)])
        }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }
}
