/// Which files and columns a rule set must have: one rule for all of them.
///
/// `ruleset.toml` and `rules.csv` are the rule set. Every other table is required exactly
/// when a rule needs what it provides (``RuleSetParser/neededTables``); its absence is then
/// an error naming the first rule that needs it and the file. Otherwise, and for every
/// optional column (``RuleSetParser/optionalColumns``), the loader uses a documented default
/// and says so (``RuleSet/defaults``). docs/rules.md ("Required files and defaults") states
/// the same tables.
extension RuleSetParser {
    /// A table some rules need: the file, what it provides, and what it is without it.
    struct NeededTable {
        /// The file.
        var file: String
        /// What rules use of it, for messages (`practice_type`).
        var provides: String
        /// What the loader uses when no rule needs it and it is left out.
        var absent: String
    }

    /// The tables rules can need, in the order their problems are reported.
    static let neededTables: [NeededTable] = [
        NeededTable(
            file: FileName.serviceLines, provides: "its service line (rank, NPoC and category)",
            absent: "no service lines: every row gets 99999999 with no NPoC"),
        NeededTable(file: FileName.codeSets, provides: "the codes of an @set", absent: "no code sets"),
        NeededTable(
            file: FileName.practices, provides: "practice_type (from the row's GP practice)",
            absent: "no practice is listed"),
        NeededTable(
            file: FileName.prisonPostcodes, provides: "postcode_type (from the row's postcode)",
            absent: "no prison postcode is listed"),
    ]

    /// Files no rule needs: what the loader uses without them.
    static let optionalFiles: [(file: String, absent: String)] = [
        (FileName.serviceGroups, "every row's service group is \(RuleSetParser.unknownServiceGroup)"),
        (
            FileName.podSettings,
            "contract-monitoring lines have no setting, so only rules without a setting apply to them; quality.csv says so for each contract-monitoring input"
        ),
        (
            FileName.currentCommissioning,
            "who commissions each row today is unknown: contracts.csv counts every row as current_unknown and no migration lists are written"
        ),
    ]

    /// Columns a file may leave out, and the value each then has.
    static let optionalColumns: [(file: String, column: String, absent: String)] = [
        (FileName.rules, "description", "every rule's description is empty"),
        (FileName.codeSets, "classification", "each set is checked as the codes of the columns that use it"),
        (FileName.practices, "parent_code", "empty"),
        (FileName.practices, "prescribing_setting", "empty"),
        (FileName.practices, "open_date", "empty (open)"),
        (FileName.practices, "close_date", "empty (not closed)"),
        (FileName.prisonPostcodes, "site_code", "empty"),
        (FileName.serviceLines, "apc_rank", "rank, for admitted care too"),
        (FileName.serviceLines, "nac_rank", "rank, for outpatients and contract-monitoring lines too"),
        (FileName.serviceLines, "apc_top_up_percent", "empty (no top-up)"),
    ]

    /// Keys `ruleset.toml` may leave out, and the value each then has (`categories` left out
    /// means no extra category: nothing is defaulted).
    static let optionalKeys: [(key: String, absent: String)] = [
        ("description", "empty"), ("source", "empty"),
        ("illustrative", "false: the rule set is taken for the official rules"),
        ("national_categories", "specialised, prison and military"),
    ]

    /// The service group of every row when the rule set has no service-groups.csv.
    static let unknownServiceGroup = "unknown"

    /// Notes that rule `rule` (on `line` of rules.csv) needs each file of `needs` for the
    /// column given with it; a file is counted once per rule.
    mutating func noteNeeds(_ needs: [(file: String, column: String)], rule: String, line: Int) {
        var seen = Set<String>()
        for need in needs where seen.insert(need.file).inserted {
            if firstNeed[need.file] == nil { firstNeed[need.file] = (rule, line, need.column) }
            needCount[need.file, default: 0] += 1
        }
    }

    /// Applies the rule once every file is parsed: an error for each table a rule needs and
    /// the directory lacks; a default, noted, for everything else left out.
    mutating func checkRequirements(toml: String?, tables: [String: RuleTable]) {
        for table in Self.neededTables where tables[table.file] == nil {
            if let need = firstNeed[table.file] {
                let others = needCount[table.file, default: 1] - 1
                let more = others > 0 ? " (and \(others) more rule\(others == 1 ? "" : "s"))" : ""
                problem(
                    FileName.rules, need.line, need.column, .file, table.file,
                    "Missing file: rule \(need.rule)\(more) needs \(table.provides), which \(table.file) provides; add \(table.file) to the rule set directory"
                )
            } else {
                noteDefault(.file, table.file, table.file, 0, "", "Not in the rule set: \(table.absent)")
            }
        }
        for (file, absent) in Self.optionalFiles where tables[file] == nil {
            noteDefault(.file, file, file, 0, "", "Not in the rule set: \(absent)")
        }
        for (file, column, absent) in Self.optionalColumns {
            guard let table = tables[file], table.column(column) == nil else { continue }
            noteDefault(.column, column, file, 1, column, "Column not in \(file): \(absent)")
        }
        if toml != nil {
            for (key, absent) in Self.optionalKeys where !tomlKeysPresent.contains(key) {
                noteDefault(.key, key, FileName.toml, 0, key, "Key not in ruleset.toml: \(absent)")
            }
        }
    }

    private mutating func noteDefault(
        _ type: CodeType, _ code: String, _ file: String, _ line: Int, _ column: String, _ message: String
    ) {
        ruleSet.defaults.append(
            Finding(codeType: type, code: code, file: file, line: line, column: column, message: message))
    }
}
