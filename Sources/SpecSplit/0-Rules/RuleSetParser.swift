import TOMLKit

/// Turns the files of a rule set (the text of `ruleset.toml` and the CSV tables) into a
/// ``RuleSet``, collecting every problem on the way rather than stopping at the first.
struct RuleSetParser {
    /// The file names of a rule set.
    enum FileName {
        static let toml = "ruleset.toml"
        static let rules = "rules.csv"
        static let codeSets = "code-sets.csv"
        static let serviceLines = "service-lines.csv"
        static let practices = "practices.csv"
        static let prisonPostcodes = "prison-postcodes.csv"
        static let serviceGroups = "service-groups.csv"
        static let podSettings = "pod-settings.csv"
        static let currentCommissioning = "current-commissioning.csv"
        /// Files every rule set must have: the rule set itself. Every other file is required
        /// only when a rule needs it (see ``RuleSetParser/neededTables``).
        static let required = [toml, rules]
    }

    /// The keys `ruleset.toml` may have.
    static let tomlKeys = [
        "name", "financial_year", "description", "source", "illustrative", "categories", "national_categories", "import",
    ]

    private(set) var problems: [Finding] = []
    /// Findings that do not make the rule set invalid (dotted codes).
    var warnings: [Finding] = []
    var ruleSet = RuleSet(name: "", financialYear: "")
    /// The tables the directory has (by file name).
    var tablesPresent: Set<String> = []
    /// The keys ruleset.toml has.
    var tomlKeysPresent: Set<String> = []
    /// For each table rules need: the first rule needing it (id, line, column), and how many do.
    var firstNeed: [String: (rule: String, line: Int, column: String)] = [:]
    var needCount: [String: Int] = [:]

    mutating func problem(
        _ file: String, _ line: Int, _ column: String, _ type: CodeType, _ code: String, _ message: String
    ) {
        problems.append(Finding(codeType: type, code: code, file: file, line: line, column: column, message: message))
    }

    /// Parses a whole rule set; `toml` is nil and a table is absent when the file is missing.
    mutating func parse(toml: String?, tables: [String: RuleTable], checksum: String) -> RuleSet {
        ruleSet.checksum = checksum
        for name in FileName.required where (name == FileName.toml ? toml == nil : tables[name] == nil) {
            problem(name, 0, "", .file, name, "Missing required file: add \(name) to the rule set directory")
        }
        tablesPresent = Set(tables.keys)
        if let toml { parseTOML(toml) }
        if let table = tables[FileName.serviceLines] { parseServiceLines(table) }
        var codeSets = CodeSetTable()
        if let table = tables[FileName.codeSets] { codeSets = parseCodeSets(table) }
        if let table = tables[FileName.rules] { parseRules(table, codeSets: &codeSets) }
        checkCodeSets(&codeSets)
        if let table = tables[FileName.practices] { parsePractices(table) }
        if let table = tables[FileName.prisonPostcodes] { parsePrisonPostcodes(table) }
        if let table = tables[FileName.serviceGroups] {
            parseServiceGroups(table)
        } else {
            ruleSet.serviceGroups = [ServiceGroupRule(group: Self.unknownServiceGroup)]
        }
        if let table = tables[FileName.podSettings] { parsePODSettings(table) }
        if let table = tables[FileName.currentCommissioning] { parseCurrentCommissioning(table) }
        checkRequirements(toml: toml, tables: tables)
        let order = [FileName.toml] + tables.keys.sorted()
        func inFileOrder(_ findings: [Finding]) -> [Finding] {
            findings.enumerated().sorted { a, b in
                let fa = order.firstIndex(of: a.element.file) ?? order.count
                let fb = order.firstIndex(of: b.element.file) ?? order.count
                if fa != fb { return fa < fb }
                if a.element.line != b.element.line { return a.element.line < b.element.line }
                return a.offset < b.offset
            }.map(\.element)
        }
        problems = inFileOrder(problems)
        ruleSet.warnings = inFileOrder(warnings)
        return ruleSet
    }

    // MARK: ruleset.toml

    private mutating func parseTOML(_ text: String) {
        let file = FileName.toml
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            problem(file, error.source.begin.line, "", .toml, "", "Not valid TOML: \(error.description)")
            return
        } catch {
            problem(file, 0, "", .toml, "", "Not valid TOML: \(error)")
            return
        }
        func line(of key: String) -> Int {
            var number = 0
            for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
                number += 1
                let trimmed = row.trimmingSpaces
                if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).trimmingSpaces.hasPrefix("=") {
                    return number
                }
            }
            return 0
        }
        tomlKeysPresent = Set(table.keys)
        for key in table.keys where !RuleSetParser.tomlKeys.contains(key) {
            problem(file, line(of: key), key, .key, key,
                    "Unknown key: ruleset.toml may have \(RuleSetParser.tomlKeys.joined(separator: ", "))")
        }
        for key in table.keys { ruleSet.sourceLines.toml[key] = line(of: key) }
        if let value = table["import"] { parseImportRecord(value, text: text) }
        func string(_ key: String, required: Bool) -> String {
            guard let value = table[key] else {
                if required { problem(file, 0, key, .key, key, "Missing required key `\(key)`") }
                return ""
            }
            guard let text = value.string, !(required && text.trimmingSpaces.isEmpty) else {
                problem(file, line(of: key), key, .key, key, "`\(key)` must be a non-empty string")
                return ""
            }
            return text
        }
        ruleSet.name = string("name", required: true)
        ruleSet.financialYear = string("financial_year", required: true)
        if !ruleSet.financialYear.isEmpty && !RuleSetParser.isFinancialYear(ruleSet.financialYear) {
            problem(file, line(of: "financial_year"), "financial_year", .key, ruleSet.financialYear,
                    "Financial year must be written like 2012-13 (or 2012/13), the second year following the first")
        }
        ruleSet.summary = string("description", required: false)
        ruleSet.source = string("source", required: false)
        if let value = table["illustrative"] {
            if let flag = value.bool { ruleSet.illustrative = flag } else {
                problem(file, line(of: "illustrative"), "illustrative", .key, "illustrative", "`illustrative` must be true or false")
            }
        } else {
            ruleSet.illustrative = false
        }
        if let value = table["categories"] {
            guard let array = value.array else {
                problem(file, line(of: "categories"), "categories", .key, "categories",
                        "`categories` must be an array of strings, like [\"dental\"]")
                return
            }
            for element in array {
                guard let name = element.string?.trimmingSpaces.lowercased(), !name.isEmpty else {
                    problem(file, line(of: "categories"), "categories", .category, "\(element)", "A category must be a non-empty string")
                    continue
                }
                if !ruleSet.categories.contains(name) { ruleSet.categories.append(name) }
            }
        }
        if let value = table["national_categories"] {
            let where_ = line(of: "national_categories")
            guard let array = value.array else {
                problem(file, where_, "national_categories", .key, "national_categories",
                        "`national_categories` must be an array of category names, like [\"specialised\", \"prison\", \"military\"]")
                return
            }
            var national: [String] = []
            for element in array {
                let name = element.string?.trimmingSpaces.lowercased() ?? ""
                guard ruleSet.categories.contains(name) else {
                    problem(file, where_, "national_categories", .category, element.string ?? "\(element)",
                            "Unknown category: use one of \(ruleSet.categories.joined(separator: ", "))")
                    continue
                }
                if !national.contains(name) { national.append(name) }
            }
            ruleSet.nationalCategories = national
        }
    }

    /// The optional `[import]` table: where an imported rule set came from.
    private mutating func parseImportRecord(_ value: TOMLValueConvertible, text: String) {
        let file = FileName.toml
        let header = (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
            $0.trimmingSpaces.hasPrefix("[import]")
        } ?? -1) + 1
        guard let table = value.table else {
            problem(file, header, "import", .key, "import", "`import` must be a table ([import])")
            return
        }
        for key in table.keys where !ImportRecord.keys.contains(key) {
            problem(file, header, "import." + key, .key, key,
                    "Unknown key in [import]: it may have \(ImportRecord.keys.joined(separator: ", "))")
        }
        func string(_ key: String) -> String {
            guard let value = table[key] else { return "" }
            if let text = value.string { return text }
            problem(file, header, "import." + key, .key, key, "`\(key)` in [import] must be a string")
            return ""
        }
        var sheets: [String] = []
        if let value = table["sheets"] {
            if let array = value.array, array.allSatisfy({ $0.string != nil }) {
                sheets = array.compactMap(\.string)
            } else {
                problem(file, header, "import.sheets", .key, "sheets", "`sheets` in [import] must be an array of strings")
            }
        }
        ruleSet.importRecord = ImportRecord(
            workbook: string("workbook"), workbookSHA256: string("workbook_sha256"), sheets: sheets,
            mapping: string("mapping"), mappingSHA256: string("mapping_sha256"), localRules: string("local_rules"),
            localRulesName: string("local_rules_name"), localRulesSHA256: string("local_rules_sha256"))
    }

    static func isFinancialYear(_ text: String) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let first = Int(parts[0]), let second = Int(parts[1])
        else { return false }
        return (first + 1) % 100 == second
    }

    // MARK: helpers shared by the CSV files

    /// Reports every column of `required` the table lacks; true when none is missing.
    mutating func requireColumns(_ table: RuleTable, _ required: [String]) -> Bool {
        var ok = true
        for name in required where table.column(name) == nil {
            problem(table.name, 1, name, .column, name, "Missing required column `\(name)`")
            ok = false
        }
        return ok
    }

    /// The category `text` names, lower case, or nil after reporting an unknown one.
    mutating func category(_ text: String, _ table: RuleTable, _ line: Int, _ column: String) -> String? {
        let name = text.lowercased()
        if ruleSet.categories.contains(name) { return name }
        problem(table.name, line, column, .category, text,
                "Unknown category: use one of \(ruleSet.categories.joined(separator: ", ")) or declare it in ruleset.toml `categories`")
        return nil
    }

    /// A packed code of up to 8 characters, or nil after reporting a longer one.
    mutating func packed(_ text: String, _ type: CodeType, _ table: RuleTable, _ line: Int, _ column: String) -> PackedCode? {
        if let code = PackedCode(text), text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return code }
        problem(table.name, line, column, type, text, "Code must be 1 to 8 characters without spaces")
        return nil
    }
}

extension RuleSet {
    /// Builds a rule set from files already read (tests build them in memory).
    static func parse(
        toml: String?, tables: [String: RuleTable], checksum: String, directory: String,
        readProblems: [Finding] = []
    ) throws -> RuleSet {
        var parser = RuleSetParser()
        let ruleSet = parser.parse(toml: toml, tables: tables, checksum: checksum)
        // A file that is there but could not be read is reported once, not also as missing.
        let unreadable = Set(readProblems.map(\.file))
        let problems = readProblems + parser.problems.filter { !($0.codeType == .file && unreadable.contains($0.file)) }
        if !problems.isEmpty { throw RuleSetInvalid(directory: directory, problems: problems) }
        return ruleSet
    }
}
