import Foundation
import Crypto

/// `specsplit rules import`: a year's rules workbook, read through a mapping, becomes a rule
/// set: the workbook's national rules and service lines, then the local rules (and the
/// practices, prison postcodes, service groups and points of delivery) of an existing rule
/// set, with `ruleset.toml` saying where each came from.
///
/// ```swift
/// let workbook = try openWorkbook("PSS-rules-2013-14.xlsx")
/// let imported = try RuleSetImport(workbook: workbook, mapping: .builtIn, options: options)
/// try imported.publish(to: "rules/2013-14", replace: false)
/// ```
public struct RuleSetImport {
    /// What the import needs besides the workbook and the mapping.
    public struct Options {
        /// The financial year of the rules (`2013/14`).
        public var financialYear: String
        /// The rule set's name (default: "National rules YEAR, imported from WORKBOOK").
        public var name: String?
        /// True when the workbook is the official published one: `illustrative = false`.
        public var official: Bool
        /// The rule set the local rules are taken from, and its path as given.
        public var localRules: (ruleSet: RuleSet, path: String)?
        /// The workbook's file name, for `ruleset.toml`.
        public var workbookName: String
        /// The workbook's SHA-256 (hex).
        public var workbookSHA256: String

        /// Options from their parts.
        public init(
            financialYear: String, name: String? = nil, official: Bool = false,
            localRules: (ruleSet: RuleSet, path: String)? = nil, workbookName: String, workbookSHA256: String
        ) {
            self.financialYear = financialYear
            self.name = name
            self.official = official
            self.localRules = localRules
            self.workbookName = workbookName
            self.workbookSHA256 = workbookSHA256
        }
    }

    /// The rule set imported (not yet checked by loading: ``publish(to:replace:)`` does that).
    public private(set) var ruleSet: RuleSet
    /// The sheets (or CSV files) read, in order.
    public let sheetsRead: [String]
    /// Things a person should know that are not errors (a service line the workbook and
    /// the local rules both have, local ranks moved after the national ones...).
    public private(set) var notes: [String] = []

    /// Reads and checks the workbook, and assembles the rule set.
    /// - Throws: ``RuleSetImportInvalid`` with every problem, each with its sheet, row and
    ///   column, when anything is wrong.
    public init(workbook: any Workbook, mapping: ImportMapping, options: Options) throws {
        var importer = RuleSetImporter(workbook: workbook, mapping: mapping)
        importer.run()
        var problems = importer.problems
        sheetsRead = importer.sheetsRead
        let local = options.localRules?.ruleSet
        var categories = RuleSet.standardCategories
        for extra in local?.categories ?? [] where !categories.contains(extra) { categories.append(extra) }
        if !categories.contains(mapping.category) {
            problems.append(
                ImportProblem(
                    codeType: "CATEGORY", code: mapping.category,
                    message: "The mapping's category is not one of \(categories.joined(separator: ", "))"))
        }
        ruleSet = RuleSet(
            name: options.name ?? "National rules \(options.financialYear), imported from \(options.workbookName)",
            financialYear: options.financialYear, illustrative: !options.official,
            extraCategories: Array(categories.dropFirst(RuleSet.standardCategories.count)))
        if problems.isEmpty { addNational(importer, mapping: mapping) }
        if let (local, path) = options.localRules {
            addLocal(local, problems: &problems)
            ruleSet.source =
                "Rules workbook \(options.workbookName) (sha256 \(options.workbookSHA256)); local rules, "
                + "practices, prison postcodes, service groups and points of delivery from \(local.name) (\(path), sha256 \(local.checksum))"
        } else {
            addDefaults()
            ruleSet.source = "Rules workbook \(options.workbookName) (sha256 \(options.workbookSHA256)); no local rules"
            notes.append(
                "no --local-rules: the rule set has no local rules, practices, prison postcodes or points of delivery, and one service group (other)"
            )
        }
        if !problems.isEmpty { throw RuleSetImportInvalid(workbook: workbook.path, problems: problems) }
        ruleSet.summary =
            "Imported by specsplit rules import from \(options.workbookName) with the \(mapping.name) mapping."
            + (options.official
                ? "" : " Marked illustrative: import with --official when the workbook is the official published one.")
        ruleSet.importRecord = ImportRecord(
            workbook: options.workbookName, workbookSHA256: options.workbookSHA256, sheets: sheetsRead,
            mapping: mapping.name, mappingSHA256: RuleSetImport.sha256(Array(mapping.text.utf8)),
            localRules: options.localRules?.path ?? "", localRulesName: local?.name ?? "",
            localRulesSHA256: local?.checksum ?? "")
    }

    /// The name of the code set holding list `column` of rule `id` (`ncbps13x_1_icd10`).
    static func setName(_ id: String, _ column: RuleColumn) -> String {
        let base = id.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }
        return String(base) + "_" + column.rawValue
    }

    private mutating func addNational(_ importer: RuleSetImporter, mapping: ImportMapping) {
        let firstRule = Dictionary(importer.rules.map { ($0.serviceLine, $0) }, uniquingKeysWith: { first, _ in first })
        // rank: the APC hierarchy; a line without an APC rank after every APC-ranked line, by
        // its NAC rank; a line with neither after those, in sheet order.
        let maxAPC = importer.lines.compactMap(\.apcRank).max() ?? 0
        let maxNAC = importer.lines.compactMap(\.nacRank).max() ?? 0
        for (position, line) in importer.lines.enumerated() {
            let rank = line.apcRank ?? line.nacRank.map { maxAPC + $0 } ?? (maxAPC + maxNAC + position + 1)
            let rule = firstRule[line.code]
            ruleSet.serviceLines.append(
                ServiceLine(
                    code: PackedCode(line.code)!,
                    description: line.description.isEmpty ? rule?.description ?? "" : line.description,
                    npoc: line.npoc.isEmpty ? rule?.npoc ?? "" : line.npoc, rank: rank, category: mapping.category,
                    apcRank: line.apcRank, nacRank: line.nacRank, apcTopUpPercent: line.topUp))
        }
        for rule in importer.rules {
            var conditions: [RuleColumn: CodeCondition] = [:]
            for column in RuleColumn.codeColumns {
                if let codes = rule.listed[column] {
                    let name = RuleSetImport.setName(rule.id, column)
                    let unique = RuleSetImport.unique(codes)
                    ruleSet.codeSets[name] = unique
                    conditions[column] = CodeCondition(text: "@" + name, setName: name, values: unique)
                }
                if let codes = rule.inline[column] {
                    let unique = RuleSetImport.unique(codes + (conditions[column]?.values ?? []))
                    let text = ([conditions[column]?.text].compactMap { $0 } + RuleSetImport.unique(codes)).joined(
                        separator: " ")
                    conditions[column] = CodeCondition(text: text, values: unique)
                }
            }
            if !rule.sex.isEmpty { conditions[.sex] = CodeCondition(text: rule.sex, values: [rule.sex]) }
            let description = rule.description.isEmpty ? rule.serviceLine : rule.description
            ruleSet.rules.append(
                Rule(
                    id: rule.id, stage: .national, setting: rule.setting, category: mapping.category,
                    serviceLine: PackedCode(rule.serviceLine)!, conditions: conditions,
                    icd10Position: rule.icd10Position,
                    opcs4Position: rule.opcs4Position, requireAllTriggers: rule.requireAll,
                    age: rule.age.isEmpty ? nil : AgeRange(parsing: rule.age),
                    description: "\(description) (flag \(rule.flag), sub-rule \(rule.subRule), \(rule.setting))"))
        }
    }

    private mutating func addLocal(_ local: RuleSet, problems: inout [ImportProblem]) {
        let national = Set(ruleSet.serviceLines.map(\.code))
        var wanted: [PackedCode] = []
        for rule in local.rules where rule.stage == .local {
            ruleSet.rules.append(rule)
            if !wanted.contains(rule.serviceLine) { wanted.append(rule.serviceLine) }
            for column in RuleColumn.codeColumns {
                guard let condition = rule.conditions[column] else { continue }
                for token in RuleSet.cell(condition).split(whereSeparator: { " ,\t".contains($0) })
                where token.hasPrefix("@") {
                    let name = String(token.dropFirst())
                    if ruleSet.codeSets[name] != nil && ruleSet.codeSets[name] != local.codeSets[name] {
                        problems.append(
                            ImportProblem(
                                codeType: "SET", code: "@" + name,
                                message:
                                    "The local rules' code set @\(name) has the name of an imported one: rename it in \(local.name)"
                            ))
                    }
                    ruleSet.codeSets[name] = local.codeSets[name]
                }
            }
        }
        if !wanted.contains(ServiceLine.notCommissioned) { wanted.append(ServiceLine.notCommissioned) }
        let nationalMax = ruleSet.serviceLines.map { max($0.rank, $0.apcRank ?? 0, $0.nacRank ?? 0) }.max() ?? 0
        var lines = local.serviceLines.filter { wanted.contains($0.code) }
        for line in lines where national.contains(line.code) {
            notes.append("service line \(line.code) is in the workbook and in the local rules: the workbook's is kept")
        }
        lines.removeAll { national.contains($0.code) }
        // Local lines rank after the national ones (a national match decides before any
        // local rule does), so their ranks move up by whole hundreds when they would mix.
        if let lowest = lines.map({ min($0.rank, $0.apcRank ?? Int.max, $0.nacRank ?? Int.max) }).min(),
            lowest <= nationalMax
        {
            let offset = (nationalMax / 100 + 1) * 100
            lines = lines.map { line in
                var moved = line
                moved.rank += offset
                moved.apcRank = line.apcRank.map { $0 + offset }
                moved.nacRank = line.nacRank.map { $0 + offset }
                return moved
            }
            notes.append(
                "the local rules' service lines rank after the national ones: their ranks are raised by \(offset)")
        }
        ruleSet.serviceLines += lines.map { line in
            var copy = line
            copy.line = 0
            return copy
        }
        ruleSet.practices = local.practices
        ruleSet.prisonPostcodes = local.prisonPostcodes
        ruleSet.serviceGroups = local.serviceGroups
        ruleSet.podSettings = local.podSettings
        ruleSet.podSpellings = local.podSpellings
        if local.illustrative { notes.append("the local rules come from an illustrative rule set (\(local.name))") }
    }

    private mutating func addDefaults() {
        if !ruleSet.serviceLines.contains(where: { $0.code == ServiceLine.notCommissioned }) {
            let last = ruleSet.serviceLines.map { max($0.rank, $0.apcRank ?? 0, $0.nacRank ?? 0) }.max() ?? 0
            ruleSet.serviceLines.append(
                ServiceLine(
                    code: ServiceLine.notCommissioned, description: "Not directly commissioned (non-specialised)",
                    rank: (last / 100 + 1) * 100, category: RuleSet.defaultCategory))
        }
        ruleSet.serviceGroups = [ServiceGroupRule(group: "other")]
    }

    private static func unique(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }

    static func sha256(_ bytes: [UInt8]) -> String { RuleSetChecksum.sha256(bytes) }

    /// Writes the rule set to `directory` (atomically: see ``RuleSet/write(to:replace:)``)
    /// once a copy written beside it loads as a valid rule set, and returns it as loaded.
    /// - Throws: ``RuleSetInvalid`` when the rule set does not pass `rules check` (nothing
    ///   is written); ``WriteError`` when `directory` exists and `replace` is false, or
    ///   cannot be written.
    @discardableResult
    public func publish(to directory: String, replace: Bool) throws -> RuleSet {
        if !replace && FileManager.default.fileExists(atPath: directory) { throw WriteError.exists(path: directory) }
        let trial = FileManager.default.temporaryDirectory.appendingPathComponent(
            "specsplit-import-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: trial) }
        try ruleSet.write(to: trial)
        do {
            _ = try RuleSet.load(directory: trial)
        } catch let error as RuleSetInvalid {
            throw RuleSetInvalid(directory: directory, problems: error.problems)
        }
        try ruleSet.write(to: directory, replace: replace)
        return try RuleSet.load(directory: directory)
    }
}

/// SHA-256 of files, as the import records them.
public enum RuleSetChecksum {
    /// SHA-256 (hex) of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hex }

    /// SHA-256 (hex) of a file, or of a directory's files as a rule set's checksum is taken
    /// (sorted by name, each name, a NUL byte and its bytes).
    /// - Throws: ``WorkbookError`` when it cannot be read.
    public static func of(path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WorkbookError(path: path, message: "no such file or directory")
        }
        if !isDirectory.boolValue {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw WorkbookError(path: path, message: "cannot read the file")
            }
            return sha256(Array(data))
        }
        var hasher = SHA256()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            guard let data = FileManager.default.contents(atPath: path + "/" + name) else { continue }
            hasher.update(data: Array(name.utf8) + [0])
            hasher.update(data: data)
        }
        return hasher.finalize().hex
    }
}
