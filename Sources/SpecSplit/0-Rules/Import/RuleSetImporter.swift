/// Reads the national rules out of a workbook through a mapping, checking as it goes:
/// the summary (one row a sub-rule), the hierarchy (one row a service line) and the code
/// lists. Every problem is collected with its sheet, row and column; ``RuleSetImport``
/// assembles the rule set only when there is none.
struct RuleSetImporter {
    /// One sub-rule of the summary table, as read.
    struct SummaryRule {
        var flag: String
        var subRule: String
        var id: String
        var serviceLine: String
        var setting: Setting
        var npoc: String
        var description: String
        var icd10Position: TriggerPosition = .any
        var opcs4Position: TriggerPosition = .any
        var requireAll = false
        var opcs4Pair = false
        var age = ""
        var sex = ""
        /// Codes read from the summary's own cells (admission method...), by column.
        var inline: [RuleColumn: [String]] = [:]
        /// Codes from the code lists, by column.
        var listed: [RuleColumn: [String]] = [:]
        /// Codes found but not shaped like their classification (each already reported), by
        /// column: they still count against the counts columns, so one bad code is one problem.
        var misshapen: [RuleColumn: Int] = [:]
        /// The row, for counts and other checks made once the lists are read.
        var row: WorkbookRow
    }

    /// One service line of the hierarchy table, as read.
    struct HierarchyLine {
        var code: String
        var description: String
        var npoc: String
        var apcRank: Int?
        var nacRank: Int?
        var topUp: String
        var row: WorkbookRow
    }

    let workbook: any Workbook
    let mapping: ImportMapping
    var problems: [ImportProblem] = []
    /// The sheets read, in order.
    var sheetsRead: [String] = []
    var rules: [SummaryRule] = []
    var lines: [HierarchyLine] = []
    private var summaryTable: SheetTable?
    private var hierarchyTable: SheetTable?
    private var ruleIndex: [String: Int] = [:]

    init(workbook: any Workbook, mapping: ImportMapping) {
        self.workbook = workbook
        self.mapping = mapping
    }

    /// Reads and checks every table.
    mutating func run() {
        readSummary()
        readHierarchy()
        for list in mapping.lists { readList(list) }
        if summaryTable != nil { checkRules() }
        if summaryTable != nil && !lines.isEmpty { checkLinesMatch() }
    }

    /// The sheet of a table, read; nil after a problem when it is missing or unreadable.
    private mutating func sheet(_ table: ImportMapping.Table, required: [String]) -> SheetTable? {
        let workbook = self.workbook
        guard let name = table.sheet.compactMap({ workbook.resolve($0) }).first else {
            problems.append(
                ImportProblem(
                    codeType: "SHEET", code: table.sheet[0],
                    message:
                        "No sheet named \(table.sheet.map { "\"\($0)\"" }.joined(separator: " or ")) for [\(table.key)]; the workbook has \(workbook.sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")). Fix the mapping's sheet names"
                ))
            return nil
        }
        let sheet: WorkbookSheet
        do {
            sheet = try workbook.sheet(name)
        } catch {
            problems.append(ImportProblem(codeType: "SHEET", code: name, message: "Cannot read the sheet: \(error)"))
            return nil
        }
        if !sheetsRead.contains(name) { sheetsRead.append(name) }
        return SheetTable(
            sheet: sheet, table: table, separator: mapping.codeSeparator, required: required, problems: &problems)
    }

    // MARK: summary

    private mutating func readSummary() {
        guard let table = sheet(mapping.summary, required: ["flag", "sub_rule", "service_line", "setting"]) else {
            return
        }
        summaryTable = table
        var firstRow: [String: WorkbookRow] = [:]
        var idRow: [String: WorkbookRow] = [:]
        for row in table.rows {
            let flag = table.text(row, "flag")
            let subRule = table.text(row, "sub_rule")
            if flag.isEmpty {
                problems.append(table.problem(row, "flag", "FLAG", "", "Missing flag number"))
                continue
            }
            let key = RuleSetImporter.key(flag, subRule)
            if let first = firstRow[key] {
                problems.append(
                    table.problem(
                        row, "sub_rule", "DUPLICATE", "\(flag)/\(subRule)",
                        "Duplicate flag and sub-rule: flag \(flag) sub-rule \(subRule) is on row \(first.number) too"))
                continue
            }
            firstRow[key] = row
            let lineText = table.text(row, "service_line").uppercased()
            if lineText.count != 8 || !lineText.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                problems.append(
                    table.problem(
                        row, "service_line", "SERVICE_LINE", lineText, "Service line code must be 8 letters or digits"))
            }
            let settingText = table.text(row, "setting")
            // A rule whose setting cannot be read is still read, so that its code lists are
            // not reported again as codes for a rule the summary lacks.
            let setting = ImportedValue.setting(settingText) ?? .unknown
            if setting == .unknown {
                problems.append(
                    table.problem(row, "setting", "SETTING", settingText, "Unknown setting: use APC or NAC"))
            }
            var rule = SummaryRule(
                flag: flag, subRule: subRule, id: "", serviceLine: lineText, setting: setting,
                npoc: table.text(row, "npoc"), description: table.text(row, "description"), row: row)
            rule.id = mapping.ruleID.replacingOccurrences(of: "{service_line}", with: lineText)
                .replacingOccurrences(of: "{flag}", with: flag).replacingOccurrences(of: "{sub_rule}", with: subRule)
                .replacingOccurrences(of: "{setting}", with: setting.description)
            if let first = idRow[rule.id] {
                problems.append(
                    table.problem(
                        row, "sub_rule", "RULE_ID", rule.id,
                        "Rule id \(rule.id) (from the mapping's rule_id \(mapping.ruleID)) is also given to row \(first.number): make rule_id unique"
                    ))
            }
            idRow[rule.id] = row
            readConditions(&rule, row, table)
            ruleIndex[key] = rules.count
            rules.append(rule)
        }
    }

    private mutating func readConditions(_ rule: inout SummaryRule, _ row: WorkbookRow, _ table: SheetTable) {
        func value<T>(_ field: String, _ type: String, _ parse: (String) -> T?, _ message: String) -> T? {
            let text = table.text(row, field)
            if let parsed = parse(text) { return parsed }
            problems.append(table.problem(row, field, type, text, message))
            return nil
        }
        rule.icd10Position =
            value(
                "icd10_position", "POSITION", ImportedValue.position, "Unknown triggering position: use Primary or Any")
            ?? .any
        rule.opcs4Position =
            value(
                "opcs4_position", "POSITION", ImportedValue.position, "Unknown triggering position: use Primary or Any")
            ?? .any
        rule.requireAll = value("require_all_triggers", "FLAG", ImportedValue.flag, "Must be Y or N") ?? false
        rule.opcs4Pair = value("opcs4_pair", "FLAG", ImportedValue.flag, "Must be Y or N") ?? false
        rule.sex =
            value("sex", "SEX", ImportedValue.sex, "Unknown gender: use 1 (male), 2 (female) or leave empty for both")
            ?? ""
        let check = table.text(row, "age_check")
        rule.age =
            value(
                "age", "AGE", { ImportedValue.age($0, check: check) },
                "Age and age check \"\(check)\" do not make a condition: use an age in years and <, <=, > or >=") ?? ""
        for column in RuleColumn.codeColumns where column != .sex && table.has(column.rawValue) {
            let text = table.text(row, column.rawValue)
            var codes: [String] = []
            for (code, problem) in ImportedValue.codes(
                text, cell: table.rawCell(row, column.rawValue), kind: column.kind!)
            {
                if let problem {
                    problems.append(table.problem(row, column.rawValue, column.problemType.rawValue, code, problem))
                    rule.misshapen[column, default: 0] += 1
                } else {
                    codes.append(code)
                }
            }
            if !codes.isEmpty { rule.inline[column] = codes }
        }
    }

    static func key(_ flag: String, _ subRule: String) -> String { flag + "\u{1F}" + subRule }

    // MARK: hierarchy

    private mutating func readHierarchy() {
        guard let table = sheet(mapping.hierarchy, required: ["service_line"]) else { return }
        hierarchyTable = table
        var seen: [String: WorkbookRow] = [:]
        var rankRows: [String: [Int: WorkbookRow]] = [:]
        let settingColumns = mapping.hierarchySettings.compactMap { column -> Int? in
            let keys = Set(column.names.map(WorkbookNames.key))
            let found = table.header.first { keys.contains(WorkbookNames.key($0.value)) }?.key
            if found == nil {
                problems.append(
                    ImportProblem(
                        codeType: "HEADER", code: column.description,
                        message:
                            "Column \(column.names.joined(separator: " or ")) (the mapping's hierarchy settings) is not in the header row",
                        sheet: table.sheet.name, place: SheetTable.sheetPlace(table.sheet)))
            }
            return found
        }
        for row in table.rows {
            let code = table.text(row, "service_line").uppercased()
            guard code.count == 8, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                problems.append(
                    table.problem(
                        row, "service_line", "SERVICE_LINE", code, "Service line code must be 8 letters or digits"))
                continue
            }
            if let first = seen[code] {
                problems.append(
                    table.problem(
                        row, "service_line", "DUPLICATE", code,
                        "Service line listed twice: row \(first.number) has it too"))
                continue
            }
            seen[code] = row
            for index in settingColumns {
                guard let cell = row.cell(index) else { continue }
                let text = String(cell.text.trimmingSpaces)
                if !ImportedValue.emptyMarkers.contains(text.uppercased()) && ImportedValue.setting(text) == nil {
                    problems.append(
                        table.problem(row, column: index, "SETTING", text, "Unknown setting: use APC or NAC"))
                }
            }
            func rank(_ field: String) -> Int? {
                let text = table.text(row, field)
                if text.isEmpty || ImportedValue.emptyMarkers.contains(text.uppercased()) { return nil }
                guard let value = ImportedValue.wholeNumber(text) else {
                    problems.append(table.problem(row, field, "RANK", text, "A hierarchy rank must be a whole number"))
                    return nil
                }
                if let other = rankRows[field]?[value] {
                    problems.append(
                        table.problem(row, field, "RANK", text, "Duplicate rank: row \(other.number) has it too"))
                }
                rankRows[field, default: [:]][value] = row
                return value
            }
            var topUp = ""
            let topUpText = table.text(row, "apc_top_up")
            if !topUpText.isEmpty && !ImportedValue.emptyMarkers.contains(topUpText.uppercased()) {
                if let percent = ImportedValue.percent(topUpText, fraction: mapping.topUpIsFraction) {
                    topUp = percent
                } else {
                    problems.append(
                        table.problem(
                            row, "apc_top_up", "TOP_UP", topUpText, "The top-up must be a number (0.25 or 25%)"))
                }
            }
            lines.append(
                HierarchyLine(
                    code: code, description: table.text(row, "description"), npoc: table.text(row, "npoc"),
                    apcRank: rank("apc_rank"), nacRank: rank("nac_rank"), topUp: topUp, row: row))
        }
    }

    // MARK: code lists

    private mutating func readList(_ list: ImportMapping.CodeList) {
        var required = ["flag"]
        if !list.wide { required.append("code") }
        guard let table = sheet(list.table, required: required) else { return }
        let keyColumns = Set(table.columnIndex.values)
        var codeColumns: [Int] = [table.columnIndex["code"] ?? -1]
        if list.wide {
            let prefix = WorkbookNames.key(list.codeColumns)
            codeColumns = table.header.keys.sorted().filter { index in
                !keyColumns.contains(index)
                    && (list.codeColumns == "*" || WorkbookNames.key(table.header[index]!).hasPrefix(prefix))
            }
            if codeColumns.isEmpty {
                problems.append(
                    ImportProblem(
                        codeType: "HEADER", code: list.codeColumns,
                        message:
                            "No column header starts with \(list.codeColumns) (the mapping's \(list.table.key).codes)",
                        sheet: table.sheet.name, place: SheetTable.sheetPlace(table.sheet)))
                return
            }
        }
        let wantedValues = Set(list.listValues.map(WorkbookNames.key))
        for row in table.rows {
            if !wantedValues.isEmpty && !wantedValues.contains(WorkbookNames.key(table.text(row, "list"))) { continue }
            let flag = table.text(row, "flag")
            let subRule = table.text(row, "sub_rule")
            let targets: [Int]
            if table.has("sub_rule") {
                targets = ruleIndex[RuleSetImporter.key(flag, subRule)].map { [$0] } ?? []
            } else {
                targets = rules.indices.filter { rules[$0].flag == flag }
            }
            if targets.isEmpty {
                let which = table.has("sub_rule") ? "flag \(flag) sub-rule \(subRule)" : "flag \(flag)"
                problems.append(
                    table.problem(row, "flag", "LIST", flag, "Codes for \(which), which is not in the summary table"))
                continue
            }
            for index in codeColumns {
                guard let cell = row.cell(index) else { continue }
                var text = String(cell.text.trimmingSpaces)
                if !list.wide, let part = list.table.columns["code"]?.part {
                    text = SheetTable.part(text, part, mapping.codeSeparator)
                }
                for (code, problem) in ImportedValue.codes(text, cell: cell, kind: list.target.kind!) {
                    if let problem {
                        problems.append(table.problem(row, column: index, list.target.problemType.rawValue, code, problem))
                        for target in targets { rules[target].misshapen[list.target, default: 0] += 1 }
                        continue
                    }
                    for target in targets { rules[target].listed[list.target, default: []].append(code) }
                }
            }
        }
    }

    // MARK: checks across tables

    /// Counts against the codes imported; the rules-per-flag count; an OPCS-4 pair needs
    /// its second list.
    private mutating func checkRules() {
        guard let table = summaryTable else { return }
        var perFlag: [String: Int] = [:]
        for rule in rules { perFlag[rule.flag, default: 0] += 1 }
        for rule in rules {
            for (target, column) in mapping.counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard
                    let index = table.header.first(where: {
                        Set(column.names.map(WorkbookNames.key)).contains(WorkbookNames.key($0.value))
                    })?.key
                else {
                    continue
                }
                let text = rule.row.cell(index).map { String($0.text.trimmingSpaces) } ?? ""
                guard let expected = text.isEmpty ? 0 : ImportedValue.wholeNumber(text) else {
                    problems.append(
                        table.problem(
                            rule.row, column: index, "COUNT", text, "A count must be a whole number (or empty for 0)"))
                    continue
                }
                let listed = (rule.listed[target]?.count ?? 0) + (rule.inline[target]?.count ?? 0)
                let found = listed + (rule.misshapen[target] ?? 0)
                if expected != found {
                    let lists = mapping.lists.filter { $0.target == target }.map { "\"\($0.table.sheet[0])\"" }
                    let source = lists.isEmpty ? "" : " from \(lists.joined(separator: ", "))"
                    problems.append(
                        table.problem(
                            rule.row, column: index, "COUNT", text,
                            "\(rule.id) should have \(expected) \(target) code\(expected == 1 ? "" : "s") but \(found) \(found == 1 ? "was" : "were") imported\(source)"
                        ))
                }
            }
            if table.has("rules_count") {
                let text = table.text(rule.row, "rules_count")
                if !text.isEmpty {
                    if let expected = ImportedValue.wholeNumber(text) {
                        if expected != perFlag[rule.flag] {
                            problems.append(
                                table.problem(
                                    rule.row, "rules_count", "COUNT", text,
                                    "Flag \(rule.flag) should have \(expected) sub-rules but the summary has \(perFlag[rule.flag] ?? 0)"
                                ))
                        }
                    } else {
                        problems.append(
                            table.problem(rule.row, "rules_count", "COUNT", text, "A count must be a whole number"))
                    }
                }
            }
            if rule.opcs4Pair && (rule.listed[.opcs4Qualifier] ?? rule.inline[.opcs4Qualifier] ?? []).isEmpty {
                problems.append(
                    table.problem(
                        rule.row, "opcs4_pair", "FLAG", "Y",
                        "\(rule.id) needs an OPCS-4 and OPCS-4 combination but no second OPCS-4 list (opcs4_qualifier) was imported"
                    ))
            }
        }
    }

    /// Every service line of the summary is in the hierarchy, and the reverse.
    private mutating func checkLinesMatch() {
        guard let table = summaryTable else { return }
        let hierarchy = Set(lines.map(\.code))
        var reported = Set<String>()
        for rule in rules where !hierarchy.contains(rule.serviceLine) && reported.insert(rule.serviceLine).inserted {
            problems.append(
                table.problem(
                    rule.row, "service_line", "SERVICE_LINE", rule.serviceLine,
                    "Service line \(rule.serviceLine) is in the summary but not in the hierarchy: add it there with its ranks"
                ))
        }
        let summary = Set(rules.map(\.serviceLine))
        guard let hierarchy = hierarchyTable else { return }
        for line in lines where !summary.contains(line.code) {
            problems.append(
                hierarchy.problem(
                    line.row, "service_line", "SERVICE_LINE", line.code,
                    "Service line \(line.code) is in the hierarchy but no sub-rule of the summary gives it"))
        }
    }
}
