/// The code sets of `code-sets.csv` while a rule set is parsed, with where each is used.
struct CodeSetTable {
    struct Entry {
        var code: String
        var line: Int
    }
    /// Codes of each set, trimmed and upper case, in file order.
    var sets: [String: [Entry]] = [:]
    /// The declared classification of a set (optional `classification` column).
    var declared: [String: CodeKind] = [:]
    /// The kinds of the columns that reference each set.
    var usedAs: [String: [CodeKind]] = [:]
}

extension RuleSetParser {
    mutating func parseCodeSets(_ table: RuleTable) -> CodeSetTable {
        var result = CodeSetTable()
        guard requireColumns(table, ["set", "code"]) else { return result }
        let setColumn = table.column("set"), codeColumn = table.column("code")
        let classColumn = table.column("classification")
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            var name = table.cell(row, setColumn)
            if name.hasPrefix("@") { name.removeFirst() }
            let code = table.cell(row, codeColumn).uppercased()
            guard !name.isEmpty else {
                problem(table.name, line, "set", .codeSet, code, "Missing set name")
                continue
            }
            guard !code.isEmpty else {
                problem(table.name, line, "code", .codeSet, name, "Missing code in set @\(name)")
                continue
            }
            let classification = table.cell(row, classColumn)
            if !classification.isEmpty {
                if let kind = CodeKind(classification: classification) {
                    if let earlier = result.declared[name], earlier != kind {
                        problem(table.name, line, "classification", .codeSet, classification,
                                "Set @\(name) is declared both \(earlier) and \(kind)")
                    }
                    result.declared[name] = kind
                } else {
                    problem(table.name, line, "classification", .codeSet, classification,
                            "Unknown classification: use ICD10, OPCS4, HRG, TFC or CODE")
                }
            }
            result.sets[name, default: []].append(.init(code: code, line: line))
        }
        ruleSet.codeSets = result.sets.mapValues { $0.map(\.code) }
        ruleSet.sourceLines.codeSets = result.sets.mapValues { $0.map(\.line) }
        return result
    }

    /// Checks the codes of every set as the kind of each column that uses it (once per
    /// kind), and a set that is used nowhere as its declared classification.
    mutating func checkCodeSets(_ codeSets: inout CodeSetTable) {
        for name in codeSets.sets.keys.sorted() {
            var kinds: [CodeKind] = []
            for kind in codeSets.usedAs[name] ?? [] where !kinds.contains(kind) { kinds.append(kind) }
            if kinds.isEmpty, let declared = codeSets.declared[name] { kinds = [declared] }
            for kind in kinds {
                for entry in codeSets.sets[name]! {
                    let code = kind.normalise(entry.code)
                    if let message = kind.shapeProblem(code) {
                        problem(FileName.codeSets, entry.line, "code", kind.codeType, entry.code,
                                "\(message) (set @\(name) is used as \(kind))")
                    } else {
                        warnIfDotted(entry.code, code, FileName.codeSets, entry.line, "code", kind.codeType)
                    }
                }
            }
        }
    }

    mutating func parseRules(_ table: RuleTable, codeSets: inout CodeSetTable) {
        let optional = Set(Self.optionalColumns.filter { $0.file == table.name }.map(\.column))
        guard requireColumns(table, RuleColumn.allCases.map(\.rawValue).filter { !optional.contains($0) }) else { return }
        var firstLine: [String: Int] = [:]
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            func cell(_ column: RuleColumn) -> String { table.cell(row, table.column(column.rawValue)) }
            let id = cell(.ruleID)
            if id.isEmpty {
                problem(table.name, line, "rule_id", .ruleID, "", "Missing rule_id")
            } else if let first = firstLine[id] {
                problem(table.name, line, "rule_id", .ruleID, id, "Duplicate rule_id: first used on line \(first)")
            } else {
                firstLine[id] = line
            }
            let stageText = cell(.stage)
            let stage = RuleStage(rawValue: stageText.lowercased())
            if stage == nil {
                problem(table.name, line, "stage", .stage, stageText, "Unknown stage: use national or local")
            }
            let settingText = cell(.setting)
            var setting = Setting.unknown
            if !settingText.isEmpty {
                if let parsed = Setting(code: settingText) { setting = parsed } else {
                    problem(table.name, line, "setting", .setting, settingText, "Unknown setting: use APC, NAC or leave empty for both")
                }
            }
            let lineText = cell(.serviceLine).uppercased()
            var serviceLine = PackedCode.empty
            var lineCategory = ""
            if lineText.isEmpty {
                problem(table.name, line, "service_line", .serviceLine, "", "Missing service line")
            } else if let code = packed(lineText, .serviceLine, table, line, "service_line") {
                serviceLine = code
                if let listed = ruleSet.serviceLine(code) { lineCategory = listed.category } else if tablesPresent.contains(FileName.serviceLines) {
                    problem(table.name, line, "service_line", .serviceLine, lineText,
                            "Service line not in service-lines.csv: add it there with its rank, NPoC and category")
                }
            }
            let categoryText = cell(.category)
            var category = lineCategory
            if !categoryText.isEmpty { category = self.category(categoryText, table, line, "category") ?? "" }

            // The tables this rule needs: one rule decides which files are required.
            var needs: [(file: String, column: String)] = []
            if !lineText.isEmpty { needs.append((FileName.serviceLines, RuleColumn.serviceLine.rawValue)) }
            var conditions: [RuleColumn: CodeCondition] = [:]
            for column in RuleColumn.codeColumns {
                let text = cell(column)
                if text.isEmpty { continue }
                if text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).contains(where: { $0.hasPrefix("@") }) {
                    needs.append((FileName.codeSets, column.rawValue))
                }
                if column == .practiceType { needs.append((FileName.practices, column.rawValue)) }
                if column == .postcodeType { needs.append((FileName.prisonPostcodes, column.rawValue)) }
                if let condition = parseCondition(text, column, table, line, &codeSets) {
                    conditions[column] = condition
                }
            }
            let icd10Position = position(cell(.icd10Position), .icd10Position, table, line)
            let opcs4Position = position(cell(.opcs4Position), .opcs4Position, table, line)
            let flag = cell(.requireAllTriggers).uppercased()
            if !["", "Y", "N"].contains(flag) {
                problem(table.name, line, "require_all_triggers", .flag, cell(.requireAllTriggers),
                        "require_all_triggers must be Y, N or empty")
            }
            let ageText = cell(.age)
            var age: AgeRange?
            if !ageText.isEmpty {
                age = AgeRange(parsing: ageText)
                if age == nil {
                    problem(table.name, line, "age", .age, ageText, "Malformed age: use <19, <=18, >=19, >18 or a range like 13-20")
                }
            }
            noteNeeds(needs, rule: id.isEmpty ? "(no rule_id)" : id, line: line)
            ruleSet.rules.append(
                Rule(
                    id: id, stage: stage ?? .national, setting: setting, category: category,
                    serviceLine: serviceLine, conditions: conditions, icd10Position: icd10Position,
                    opcs4Position: opcs4Position, requireAllTriggers: flag == "Y", age: age,
                    description: cell(.description), file: table.name, line: line))
        }
    }

    private mutating func position(_ text: String, _ column: RuleColumn, _ table: RuleTable, _ line: Int) -> TriggerPosition {
        if text.isEmpty { return .any }
        if let position = TriggerPosition(rawValue: text.lowercased()) { return position }
        problem(table.name, line, column.rawValue, .position, text, "Unknown position: use primary, any or leave empty (any)")
        return .any
    }

    /// Parses a condition cell: codes separated by spaces (or commas) and `@set` names.
    mutating func parseCondition(
        _ text: String, _ column: RuleColumn, _ table: RuleTable, _ line: Int, _ codeSets: inout CodeSetTable
    ) -> CodeCondition? {
        let kind = column.kind!
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        var values: [String] = []
        var setNames: [String] = []
        for token in tokens {
            if token.hasPrefix("@") {
                let name = String(token.dropFirst())
                guard let entries = codeSets.sets[name] else {
                    // Without code-sets.csv, the missing file is the one problem reported.
                    if tablesPresent.contains(FileName.codeSets) {
                        problem(table.name, line, column.rawValue, .codeSet, String(token),
                                "Unknown code set: add rows for `\(name)` to code-sets.csv")
                    }
                    continue
                }
                if let declared = codeSets.declared[name], declared != kind {
                    problem(table.name, line, column.rawValue, .codeSet, String(token),
                            "Set @\(name) holds \(declared) codes but column \(column) holds \(kind) codes")
                }
                codeSets.usedAs[name, default: []].append(kind)
                setNames.append(name)
                values += entries.map { ruleCode(kind.normalise($0.code), column) }
            } else {
                let code = kind.normalise(token)
                if let message = kind.shapeProblem(code) {
                    problem(table.name, line, column.rawValue, column.problemType, String(token), message)
                    continue
                }
                warnIfDotted(String(token), code, table.name, line, column.rawValue, column.problemType)
                values.append(ruleCode(code, column))
            }
        }
        var unique: [String] = []
        var seen = Set<String>()
        for value in values where seen.insert(value).inserted { unique.append(value) }
        guard !unique.isEmpty else { return nil }
        let setName = tokens.count == 1 && setNames.count == 1 ? setNames[0] : nil
        return CodeCondition(text: text, setName: setName, values: unique)
    }

    /// Warns about a well-shaped code written with a dot (`E84.0`): it is read without it
    /// (`E840`), but the format writes codes without dots, and a dot often means a code was
    /// copied from a source that writes them another way (check the code is the one meant).
    /// Once per file and line.
    mutating func warnIfDotted(_ written: String, _ code: String, _ file: String, _ line: Int, _ column: String, _ type: CodeType) {
        guard written.contains("."), !warnings.contains(where: { $0.file == file && $0.line == line && $0.code == written }) else { return }
        warnings.append(Finding(
            codeType: type, code: written, file: file, line: line, column: column,
            message: "Dotted code read as \(code): write codes without dots, as the format does (docs/rules.md, How cells are written)"))
    }

    /// A provider code is matched as the normaliser writes it: a 5-character NHS trust
    /// site code ending `00` is the trust (`RJE00` is `RJE`).
    private func ruleCode(_ code: String, _ column: RuleColumn) -> String {
        if column == .provider && code.count == 5 && code.hasSuffix("00") { return String(code.prefix(3)) }
        return code
    }
}
