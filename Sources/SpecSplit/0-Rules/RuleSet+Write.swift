import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension RuleSet {
    /// Writes the rule set as a directory that ``RuleSet/load(directory:)`` reads back as
    /// the same rules, code sets and tables: the eight files of a rule set, in UTF-8 with a
    /// header row, cells quoted where they must be.
    ///
    /// The same rule set always gives the same bytes. Rules, service lines, service groups,
    /// practices and prison postcodes keep their order; code sets are sorted by name (each
    /// set's codes keep theirs) and points of delivery by setting, then code. A condition is
    /// written as its cell text (`@cf_icd`, `Z21X B2% @hiv_icd`). Each code set gets the
    /// classification of the columns that use it. The checksum is not written: loading
    /// the directory computes it from the files.
    ///
    /// The files are written into a hidden directory beside `directory`, which is then
    /// renamed into place, so `directory` is never left half written.
    ///
    /// - Parameters:
    ///   - directory: The rule set directory to create (its parent is created if needed).
    ///   - replace: Replace `directory` if it is already there.
    /// - Throws: ``WriteError/exists(path:)`` when `directory` is there and `replace` is
    ///   false; ``WriteError/cannotCreate(path:reason:)`` or ``WriteError/io(path:reason:)``
    ///   when the files cannot be written; ``RuleSetInvalid`` when the content cannot be
    ///   written as files (an empty code set, a point of delivery longer than 8 characters
    ///   whose text is not known). Nothing is written in those cases.
    public func write(to directory: String, replace: Bool = false) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard replace else { throw WriteError.exists(path: directory) }
            guard isDirectory.boolValue else {
                throw WriteError.cannotCreate(path: directory, reason: "a file that is not a directory is there")
            }
        }
        let files = try encodedFiles(directory: directory)

        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotCreate(path: parent, reason: error.localizedDescription)
        }
        let staging = (parent as NSString).appendingPathComponent(
            ".\(name).writing-\(getpid())-\(UUID().uuidString.prefix(8))")
        if mkdir(staging, 0o755) != 0 {
            throw WriteError.cannotCreate(path: staging, reason: WriteError.describe(errno))
        }
        var published = false
        defer { if !published { try? manager.removeItem(atPath: staging) } }
        for file in files { try RuleSet.writeFile((staging as NSString).appendingPathComponent(file.name), file.bytes) }

        if replace && access(target, F_OK) == 0 {
            try DirectorySwap.replace(target, with: staging, displayPath: directory)
            published = true
            return
        }
        // rename(2) fails on a non-empty directory that appeared meanwhile; only an empty one
        // created in the instant since the check above would be replaced.
        guard rename(staging, target) == 0 else {
            let code = errno
            if code == EEXIST || code == ENOTEMPTY { throw WriteError.exists(path: directory) }
            throw WriteError.cannotCreate(path: directory, reason: WriteError.describe(code))
        }
        published = true
    }

    /// The files of the rule set as ``write(to:replace:)`` writes them, sorted by name.
    /// - Throws: ``RuleSetInvalid`` (naming `directory`) when the content cannot be written.
    func encodedFiles(directory: String) throws -> [(name: String, bytes: [UInt8])] {
        var problems: [Finding] = []
        typealias Files = RuleSetParser.FileName

        var rulesFile = CSVText(header: RuleColumn.allCases.map(\.rawValue))
        for rule in rules { rulesFile.row(RuleColumn.allCases.map { RuleSet.cell($0, of: rule) }) }

        let classifications = codeSetClassifications()
        var setsFile = CSVText(header: ["set", "code", "classification"])
        for name in codeSets.keys.sorted() {
            let codes = codeSets[name] ?? []
            if name.isEmpty || codes.isEmpty {
                problems.append(
                    Finding(codeType: .codeSet, code: name, file: Files.codeSets, line: 0, column: "set", message: "A code set needs a name and at least one code: code-sets.csv has a row per code"))
            }
            for code in codes { setsFile.row([name, code, classifications[name] ?? ""]) }
        }

        // The per-setting ranks and the top-up are written only when some line has one, so a
        // rule set without them keeps the five columns it was written with.
        let perSetting = serviceLines.contains { $0.apcRank != nil || $0.nacRank != nil || !$0.apcTopUpPercent.isEmpty }
        var linesHeader = ["service_line", "description", "npoc", "rank", "category"]
        if perSetting { linesHeader += ["apc_rank", "nac_rank", "apc_top_up_percent"] }
        var linesFile = CSVText(header: linesHeader)
        for line in serviceLines {
            var fields = [line.code.description, line.description, line.npoc, String(line.rank), line.category]
            if perSetting {
                fields += [line.apcRank.map(String.init) ?? "", line.nacRank.map(String.init) ?? "", line.apcTopUpPercent]
            }
            linesFile.row(fields)
        }

        var practicesFile = CSVText(header: [
            "practice_code", "practice_type", "parent_code", "prescribing_setting", "open_date", "close_date",
        ])
        for practice in practices {
            practicesFile.row([
                practice.code.description, practice.type, practice.parentCode, practice.prescribingSetting,
                RuleSet.dateCell(practice.openDate), RuleSet.dateCell(practice.closeDate),
            ])
        }

        var postcodesFile = CSVText(header: ["postcode", "postcode_type", "site_code"])
        for postcode in prisonPostcodes {
            postcodesFile.row([
                RuleSet.postcodeCell(postcode.postcode), RuleSet.postcodeTypeCell(postcode.type), postcode.siteCode,
            ])
        }

        var groupsFile = CSVText(header: [
            "pod", "treatment_function", "main_specialty", "service_line", "category", "service_group",
        ])
        for group in serviceGroups {
            groupsFile.row([
                RuleSet.cell(group.pod), RuleSet.cell(group.treatmentFunction), RuleSet.cell(group.mainSpecialty),
                RuleSet.cell(group.serviceLine), group.category ?? "", group.group,
            ])
        }

        var podsFile = CSVText(header: ["pod", "setting"])
        var pods: [(text: String, setting: Setting)] = []
        for (pod, setting) in podSettings {
            if let text = podText(pod) {
                pods.append((text, setting))
            } else {
                problems.append(
                    Finding(
                        codeType: .pod, code: "(code longer than 8 characters)", file: Files.podSettings, line: 0,
                        column: "pod",
                        message: "A point of delivery (setting \(setting)) is packed by hash and its text is unknown: "
                            + "set podSpellings for it"))
            }
        }
        pods.sort { ($0.setting.rawValue, $0.text) < ($1.setting.rawValue, $1.text) }
        for pod in pods { podsFile.row([pod.text, pod.setting.description]) }

        if !problems.isEmpty { throw RuleSetInvalid(directory: directory, problems: problems) }
        var files: [(name: String, bytes: [UInt8])] = []
        if !currentCommissioning.isEmpty {
            var currentFile = CSVText(header: ["kind", "code", "category"])
            for entry in currentCommissioning { currentFile.row([entry.kind.rawValue, entry.code, entry.category]) }
            files.append((Files.currentCommissioning, currentFile.bytes))
        }
        return files + [
            (Files.codeSets, setsFile.bytes), (Files.podSettings, podsFile.bytes),
            (Files.practices, practicesFile.bytes),
            (Files.prisonPostcodes, postcodesFile.bytes), (Files.rules, rulesFile.bytes),
            (Files.toml, Array(tomlText.utf8)),
            (Files.serviceGroups, groupsFile.bytes), (Files.serviceLines, linesFile.bytes),
        ]
    }

    /// `ruleset.toml`: name, year, description, source, illustrative, declared categories.
    var tomlText: String {
        var text = "name = \(RuleSet.tomlString(name))\n"
        text += "financial_year = \(RuleSet.tomlString(financialYear))\n"
        text += "description = \(RuleSet.tomlString(summary))\n"
        text += "source = \(RuleSet.tomlString(source))\n"
        text += "illustrative = \(illustrative)\n"
        let extra = categories.filter { !RuleSet.standardCategories.contains($0) }
        if !extra.isEmpty { text += "categories = [\(extra.map(RuleSet.tomlString).joined(separator: ", "))]\n" }
        if nationalCategories != RuleSet.defaultNationalCategories {
            text += "national_categories = [\(nationalCategories.map(RuleSet.tomlString).joined(separator: ", "))]\n"
        }
        if let record = importRecord {
            text += "\n[import]\n"
            text += "workbook = \(RuleSet.tomlString(record.workbook))\n"
            text += "workbook_sha256 = \(RuleSet.tomlString(record.workbookSHA256))\n"
            text += "sheets = [\(record.sheets.map(RuleSet.tomlString).joined(separator: ", "))]\n"
            text += "mapping = \(RuleSet.tomlString(record.mapping))\n"
            text += "mapping_sha256 = \(RuleSet.tomlString(record.mappingSHA256))\n"
            text += "local_rules = \(RuleSet.tomlString(record.localRules))\n"
            text += "local_rules_name = \(RuleSet.tomlString(record.localRulesName))\n"
            text += "local_rules_sha256 = \(RuleSet.tomlString(record.localRulesSHA256))\n"
        }
        return text
    }

    /// The cell of `rule` in `column` of `rules.csv`.
    static func cell(_ column: RuleColumn, of rule: Rule) -> String {
        switch column {
        case .ruleID: return rule.id
        case .stage: return rule.stage.rawValue
        case .setting: return rule.setting.description
        case .category: return rule.category
        case .serviceLine: return rule.serviceLine.description
        case .icd10Position: return rule.icd10Position == .primary ? "primary" : ""
        case .opcs4Position: return rule.opcs4Position == .primary ? "primary" : ""
        case .requireAllTriggers: return rule.requireAllTriggers ? "Y" : ""
        case .age:
            guard let age = rule.age else { return "" }
            if let parsed = AgeRange(parsing: age.text), parsed.lower == age.lower, parsed.upper == age.upper {
                return age.text
            }
            return "\(age.lower)-\(age.upper)"
        case .description: return rule.description
        default: return cell(rule.conditions[column])
        }
    }

    /// A condition's cell: its text as written; for one built in memory without text, its
    /// set or its codes.
    static func cell(_ condition: CodeCondition?) -> String {
        guard let condition else { return "" }
        if !condition.text.isEmpty { return condition.text }
        if let setName = condition.setName { return "@" + setName }
        return condition.values.joined(separator: " ")
    }

    /// The `classification` of each code set: the kind of the columns whose conditions name
    /// it, when they agree (`icd10`, `opcs4`, `hrg`, or the column's name).
    func codeSetClassifications() -> [String: String] {
        var users: [String: [RuleColumn]] = [:]
        for rule in rules {
            for column in RuleColumn.codeColumns {
                guard let condition = rule.conditions[column] else { continue }
                for token in RuleSet.cell(condition).split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                where token.hasPrefix("@") {
                    users[String(token.dropFirst()), default: []].append(column)
                }
            }
        }
        return users.compactMapValues { columns in
            guard let first = columns.first, columns.allSatisfy({ $0.kind == first.kind }) else { return nil }
            switch first.kind {
            case .icd10: return "icd10"
            case .opcs4: return "opcs4"
            case .hrg: return "hrg"
            default: return first.rawValue
            }
        }
    }

    /// The text of a point of delivery: printed, or for one packed by hash, its spelling
    /// (kept at load, or found among the rule set's own `pod` conditions).
    func podText(_ pod: PackedCode) -> String? {
        guard pod.isHashed else { return pod.description }
        if let text = podSpellings[pod] { return text }
        let written =
            rules.flatMap { $0.conditions[.pod]?.values ?? [] } + serviceGroups.flatMap { $0.pod?.values ?? [] }
        return written.first { PackedCode(longCode: $0) == pod }
    }

    /// `yyyy-mm-dd` for a `yyyymmdd` date; empty for none.
    static func dateCell(_ date: Int?) -> String {
        guard let date else { return "" }
        let digits = String(date)
        guard digits.count == 8 else { return digits }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
    }

    /// A postcode as people write it, with the space before its last 3 characters.
    static func postcodeCell(_ postcode: PackedCode) -> String {
        let text = postcode.description
        guard (5...7).contains(text.count) else { return text }
        return "\(text.dropLast(3)) \(text.suffix(3))"
    }

    /// `Unique` or `Non Unique`, the human spelling of a normalised postcode type.
    static func postcodeTypeCell(_ type: String) -> String {
        switch type {
        case "UNIQUE": return "Unique"
        case "NONUNIQUE": return "Non Unique"
        default: return type
        }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped, one line.
    static func tomlString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Creates `path` (it must not exist) holding `bytes`.
    private static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw WriteError.cannotCreate(path: path, reason: WriteError.describe(errno)) }
        defer { Glibc.close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                throw WriteError.io(path: path, reason: written < 0 ? WriteError.describe(errno) : "nothing was written")
            }
            offset += written
        }
    }
}

/// A small CSV file built in memory: a header, then rows, each field quoted only where it
/// must be (``CSVEncoding``), lines ending in LF.
private struct CSVText {
    private(set) var bytes: [UInt8] = []

    init(header: [String]) { row(header) }

    mutating func row(_ fields: [String]) {
        CSVEncoding.append(fields: fields, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
    }
}
