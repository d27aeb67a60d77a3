extension RuleSetParser {
    mutating func parseServiceLines(_ table: RuleTable) {
        guard requireColumns(table, ["service_line", "description", "npoc", "rank", "category"]) else { return }
        var firstLine: [PackedCode: Int] = [:]
        var rankLine: [Int: Int] = [:]
        var settingRankLines: [String: [Int: Int]] = [:]
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            func cell(_ name: String) -> String { table.cell(row, table.column(name)) }
            let text = cell("service_line").uppercased()
            guard !text.isEmpty else {
                problem(table.name, line, "service_line", .serviceLine, "", "Missing service line code")
                continue
            }
            guard text.count == 8, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), let code = PackedCode(text) else {
                problem(table.name, line, "service_line", .serviceLine, text, "Service line code must be 8 letters or digits")
                continue
            }
            if let first = firstLine[code] {
                problem(table.name, line, "service_line", .serviceLine, text, "Duplicate service line: first listed on line \(first)")
                continue
            }
            firstLine[code] = line
            let rankText = cell("rank")
            let rank = Int(rankText)
            if let rank {
                if let other = rankLine[rank] {
                    problem(table.name, line, "rank", .rank, rankText, "Duplicate rank: line \(other) has it too; ranks must be unique")
                } else {
                    rankLine[rank] = line
                }
            } else {
                problem(table.name, line, "rank", .rank, rankText, "Rank must be a whole number (lower rank wins)")
            }
            let category = self.category(cell("category"), table, line, "category") ?? ""
            /// An optional per-setting rank: a whole number, unique in its column, or empty.
            func settingRank(_ column: String) -> Int? {
                let text = cell(column)
                if text.isEmpty { return nil }
                guard let value = Int(text) else {
                    problem(table.name, line, column, .rank, text, "\(column) must be a whole number or empty (then rank is used)")
                    return nil
                }
                if let other = settingRankLines[column]?[value] {
                    problem(table.name, line, column, .rank, text, "Duplicate \(column): line \(other) has it too; ranks must be unique")
                } else {
                    settingRankLines[column, default: [:]][value] = line
                }
                return value
            }
            let apcRank = settingRank("apc_rank")
            let nacRank = settingRank("nac_rank")
            let topUp = cell("apc_top_up_percent")
            if !topUp.isEmpty && !RuleSetParser.isDecimal(topUp) {
                problem(table.name, line, "apc_top_up_percent", .topUp, topUp,
                        "apc_top_up_percent must be a percentage written as a decimal number (25, 12.5) or empty")
            }
            ruleSet.serviceLines.append(
                ServiceLine(
                    code: code, description: cell("description"), npoc: cell("npoc"), rank: rank ?? Int.max,
                    category: category, apcRank: apcRank, nacRank: nacRank, apcTopUpPercent: topUp, line: line))
        }
    }

    /// True for an unsigned decimal number: digits, with at most one `.` between digits.
    static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            return false
        }
        return true
    }

    mutating func parsePractices(_ table: RuleTable) {
        guard requireColumns(table, ["practice_code", "practice_type"]) else { return }
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            func cell(_ name: String) -> String { table.cell(row, table.column(name)) }
            let text = cell("practice_code").uppercased()
            guard !text.isEmpty, let code = packed(text, .practice, table, line, "practice_code") else {
                if text.isEmpty { problem(table.name, line, "practice_code", .practice, "", "Missing practice code") }
                continue
            }
            let type = cell("practice_type")
            if type.isEmpty { problem(table.name, line, "practice_type", .practiceType, text, "Missing practice type") }
            let open = date(cell("open_date"), table, line, "open_date")
            let close = date(cell("close_date"), table, line, "close_date")
            if let open, let close, close < open {
                problem(table.name, line, "close_date", .date, cell("close_date"), "Practice closes before it opens")
            }
            ruleSet.practices.append(
                Practice(code: code, type: type, parentCode: cell("parent_code").uppercased(),
                         prescribingSetting: cell("prescribing_setting"), openDate: open, closeDate: close, line: line))
        }
    }

    /// Parses `yyyymmdd` or `yyyy-mm-dd` (empty is no date) as the integer `yyyymmdd`.
    private mutating func date(_ text: String, _ table: RuleTable, _ line: Int, _ column: String) -> Int? {
        if text.isEmpty { return nil }
        let digits = text.filter { $0 != "-" }
        let dashed = text.count == 10 && Array(text)[4] == "-" && Array(text)[7] == "-"
        if digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }), text.count == 8 || dashed,
            let value = Int(digits)
        {
            let year = value / 10000, month = value / 100 % 100, day = value % 100
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            if year >= 1900, (1...12).contains(month), day >= 1, day <= days[month - 1] { return value }
        }
        problem(table.name, line, column, .date, text, "Bad date: write yyyy-mm-dd or yyyymmdd, or leave empty")
        return nil
    }

    mutating func parsePrisonPostcodes(_ table: RuleTable) {
        guard requireColumns(table, ["postcode", "postcode_type"]) else { return }
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            func cell(_ name: String) -> String { table.cell(row, table.column(name)) }
            let text = cell("postcode").uppercased().filter { $0 != " " }
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), let code = PackedCode(text) else {
                problem(table.name, line, "postcode", .postcode, cell("postcode"), "Postcode must be letters and digits, at most 8 without spaces")
                continue
            }
            let type = CodeKind.typeName.normalise(cell("postcode_type"))
            guard type == "UNIQUE" || type == "NONUNIQUE" else {
                problem(table.name, line, "postcode_type", .postcodeType, cell("postcode_type"), "Postcode type must be Unique or Non Unique")
                continue
            }
            ruleSet.prisonPostcodes.append(
                PrisonPostcode(postcode: code, type: type, siteCode: cell("site_code").uppercased(), line: line))
        }
    }

    mutating func parseServiceGroups(_ table: RuleTable) {
        let keys = ["pod", "treatment_function", "main_specialty", "service_line", "category"]
        guard requireColumns(table, keys + ["service_group"]) else { return }
        var groups: [ServiceGroupRule] = []
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            func cell(_ name: String) -> String { table.cell(row, table.column(name)) }
            func codes(_ name: String, _ kind: CodeKind, _ type: CodeType) -> CodeCondition? {
                let text = cell(name)
                if text.isEmpty { return nil }
                var values: [String] = []
                for token in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
                    let code = kind.normalise(token)
                    if let message = kind.shapeProblem(code) {
                        problem(table.name, line, name, type, String(token), message)
                    } else {
                        values.append(code)
                    }
                }
                return CodeCondition(text: text, values: values)
            }
            var group = ServiceGroupRule(
                pod: codes("pod", .pod, .pod), treatmentFunction: codes("treatment_function", .specialty, .treatmentFunction),
                mainSpecialty: codes("main_specialty", .specialty, .mainSpecialty),
                serviceLine: codes("service_line", .code, .serviceLine), group: cell("service_group"), line: line)
            let category = cell("category")
            if !category.isEmpty { group.category = self.category(category, table, line, "category") }
            if group.group.isEmpty { problem(table.name, line, "service_group", .serviceGroup, "", "Missing service group name") }
            groups.append(group)
        }
        if groups.last?.isCatchAll != true {
            problem(table.name, groups.last?.line ?? 1, "service_group", .serviceGroup, groups.last?.group ?? "",
                    "The last row must be a catch-all (pod, treatment_function, main_specialty, service_line and category all empty)")
        }
        ruleSet.serviceGroups = groups
    }

    mutating func parsePODSettings(_ table: RuleTable) {
        guard requireColumns(table, ["pod", "setting"]) else { return }
        var firstLine: [PackedCode: Int] = [:]
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            let podText = table.cell(row, table.column("pod")).uppercased()
            let settingText = table.cell(row, table.column("setting"))
            if let message = CodeKind.pod.shapeProblem(podText) {
                problem(table.name, line, "pod", .pod, podText, message)
                continue
            }
            let pod = PackedCode(longCode: podText)!
            guard let setting = Setting(code: settingText) else {
                problem(table.name, line, "setting", .setting, settingText, "Unknown setting: use APC or NAC")
                continue
            }
            if let first = firstLine[pod] {
                problem(table.name, line, "pod", .pod, podText, "Duplicate point of delivery: first listed on line \(first)")
                continue
            }
            firstLine[pod] = line
            ruleSet.podSettings[pod] = setting
            ruleSet.sourceLines.podSettings[pod] = line
            if pod.isHashed { ruleSet.podSpellings[pod] = podText }
        }
    }

    /// `current-commissioning.csv` (optional): `kind,code,category`.
    mutating func parseCurrentCommissioning(_ table: RuleTable) {
        guard requireColumns(table, ["kind", "code", "category"]) else { return }
        var firstLine: [String: Int] = [:]
        for row in table.rows.indices where !table.isBlank(row) {
            let line = table.lines[row]
            let kindText = table.cell(row, table.column("kind")).lowercased()
            let code = table.cell(row, table.column("code")).uppercased().filter { $0 != " " }
            guard let kind = CurrentCommissioning.Kind(rawValue: kindText) else {
                problem(table.name, line, "kind", .key, kindText, "Unknown kind: use service_category or commissioner")
                continue
            }
            if code != CurrentCommissioning.anyCode {
                let shape = kind == .commissioner ? CodeKind.organisation : CodeKind.code
                if code.isEmpty || shape.shapeProblem(code) != nil {
                    let expected = kind == .commissioner ? "an organisation code (3 to 5 letters or digits)" : "a code of 1 to 8 characters"
                    problem(table.name, line, "code", kind == .commissioner ? .commissioner : .code, code,
                            "Code must be \(expected), or * for every code of this kind not listed")
                    continue
                }
            }
            guard let category = category(table.cell(row, table.column("category")), table, line, "category") else { continue }
            let key = kind.rawValue + "|" + code
            if let first = firstLine[key] {
                problem(table.name, line, "code", .code, code, "Duplicate \(kind.rawValue) code: first listed on line \(first)")
                continue
            }
            firstLine[key] = line
            ruleSet.currentCommissioning.append(CurrentCommissioning(kind: kind, code: code, category: category, line: line))
        }
    }
}
