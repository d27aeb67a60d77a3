import TOMLKit

/// How `specsplit rules import` reads a rules workbook: which sheet holds which table, which
/// column feeds which rule-set column, how "code - description" cells split, and the layout
/// of each code list. A year whose headers differ needs a new mapping file, not new code.
///
/// Read one with ``ImportMapping/parse(_:name:)``; ``ImportMapping/builtIn`` is the default
/// for the published headers (its code lists are provisional: see docs/rules.md).
public struct ImportMapping: Sendable {
    /// Which part of a cell a column gives.
    public enum Part: String, Sendable {
        /// The whole cell.
        case whole
        /// What comes before the separator of a "code - description" cell (the whole cell
        /// when it has none).
        case code
        /// What comes after the separator (empty when there is none).
        case description
    }

    /// A column of a sheet: the header names it may have (any one, compared without case,
    /// spaces, `_` and `-`) and the part of its cells wanted.
    public struct Column: Sendable, CustomStringConvertible {
        /// The header names, the first as the mapping's main one.
        public var names: [String]
        /// The part of the cell.
        public var part: Part

        /// The first name.
        public var description: String { names[0] }
    }

    /// A table read from one sheet: the sheet's names (any one) and its columns by field.
    public struct Table: Sendable {
        /// The sheet's possible names.
        public var sheet: [String]
        /// The columns by field name (`flag`, `service_line`...).
        public var columns: [String: Column]
        /// The mapping key of the table (`summary`, `lists[2]`), for messages.
        public var key: String
    }

    /// One code list: where its codes are and which rule column they feed.
    public struct CodeList: Sendable {
        /// The table: `flag`, optionally `sub_rule`, and `code` (long layout) or nothing
        /// more (wide layout: ``codeColumns``), and optionally `list` (a column whose value
        /// must be one of ``listValues``, for a sheet shared by several lists).
        public var table: Table
        /// The rules.csv column the codes feed (`icd10`, `opcs4_qualifier`, `provider`...).
        public var target: RuleColumn
        /// `long`: one code a row (cells may still hold several, separated by commas,
        /// semicolons, spaces or line breaks); `wide`: one row a rule, codes across columns.
        public var wide: Bool
        /// Wide layout: the prefix of the header of every column holding codes (`Code_`
        /// matches `Code_1`, `Code_2`...); `*` for every column that is not a key.
        public var codeColumns: String
        /// The values of the `list` column that select this list's rows (empty: every row).
        public var listValues: [String]
    }

    /// The mapping's name: `built-in` or the file's name.
    public var name: String
    /// The mapping's TOML text.
    public var text: String
    /// What separates a code from its description in a cell (`" - "`).
    public var codeSeparator: String
    /// The summary table: one row a sub-rule.
    public var summary: Table
    /// The counts of the summary table: the column that says how many codes of each rule
    /// column each rule has, checked against the codes imported.
    public var counts: [RuleColumn: Column]
    /// `rule_id` of each imported rule: `{service_line}`, `{flag}`, `{sub_rule}` and
    /// `{setting}` are replaced (`{service_line}-{sub_rule}`).
    public var ruleID: String
    /// The category of every imported rule and service line (`specialised`).
    public var category: String
    /// The hierarchy table: one row a service line.
    public var hierarchy: Table
    /// The hierarchy's columns naming the settings a line applies in.
    public var hierarchySettings: [Column]
    /// True when the hierarchy's top-up is a fraction (`0.25` for 25%, as a spreadsheet's
    /// percent-formatted cell stores it); false when it is a percentage (`25`).
    public var topUpIsFraction: Bool
    /// The code lists.
    public var lists: [CodeList]

    /// The fields of the summary table a mapping may name.
    public static let summaryFields =
        [
            "flag", "sub_rule", "service_line", "setting", "npoc", "description", "icd10_position", "opcs4_position",
            "require_all_triggers", "opcs4_pair", "age", "age_check", "sex", "rules_count",
        ] + RuleColumn.codeColumns.filter { $0.kind != .typeName && $0 != .sex }.map(\.rawValue)
    /// The fields of the hierarchy table a mapping may name.
    public static let hierarchyFields = ["service_line", "description", "npoc", "apc_rank", "nac_rank", "apc_top_up"]
}

/// A mapping file that cannot be used: what is wrong and where.
public struct ImportMappingInvalid: SpecSplitError, Sendable {
    /// The mapping's name.
    public var mapping: String
    /// What is wrong (with the key or line).
    public var message: String

    /// `mapping FILE: message`.
    public var description: String { "mapping \(mapping): \(message)" }

    /// 78: a configuration error.
    public var exitCode: Int32 { ExitStatus.config }
}

extension ImportMapping {
    /// The built-in default mapping.
    public static var builtIn: ImportMapping {
        // The text is the repository's own and tested: it always parses.
        try! parse(defaultText, name: "built-in")
    }

    /// Reads a mapping from its TOML text.
    /// - Throws: ``ImportMappingInvalid`` naming the key that is wrong.
    public static func parse(_ text: String, name: String) throws -> ImportMapping {
        func fail(_ message: String) -> ImportMappingInvalid { ImportMappingInvalid(mapping: name, message: message) }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw fail("line \(error.source.begin.line): not valid TOML: \(error.description)")
        }
        for key in root.keys
        where !["description", "code_separator", "rule_id", "category", "summary", "hierarchy", "lists"].contains(key) {
            throw fail("unknown key `\(key)`")
        }
        func names(_ value: TOMLValueConvertible, _ key: String) throws -> [String] {
            if let text = value.string, !text.isEmpty { return [text] }
            if let array = value.array, !array.isEmpty, array.allSatisfy({ !($0.string ?? "").isEmpty }) {
                return array.compactMap(\.string)
            }
            throw fail("`\(key)` must be a header name or an array of header names")
        }
        func column(_ value: TOMLValueConvertible, _ key: String) throws -> Column {
            if let table = value.table {
                for inner in table.keys where !["column", "part"].contains(inner) {
                    throw fail("unknown key `\(key).\(inner)`")
                }
                guard let inner = table["column"] else { throw fail("`\(key)` needs `column`") }
                var part = Part.whole
                if let text = table["part"] {
                    guard let parsed = text.string.flatMap(Part.init(rawValue:)) else {
                        throw fail("`\(key).part` must be \"whole\", \"code\" or \"description\"")
                    }
                    part = parsed
                }
                return Column(names: try names(inner, key + ".column"), part: part)
            }
            return Column(names: try names(value, key), part: .whole)
        }
        func table(_ value: TOMLValueConvertible?, _ key: String, fields: [String], extra: [String], required: [String])
            throws -> (Table, TOMLTable)
        {
            guard let value, let toml = value.table else { throw fail("missing table [\(key)]") }
            guard let sheet = toml["sheet"] else {
                throw fail("`\(key).sheet` is missing: name the sheet (or CSV file) of the table")
            }
            let sheetNames = try names(sheet, key + ".sheet")
            var columns: [String: Column] = [:]
            for field in toml.keys where field != "sheet" && !extra.contains(field) {
                guard fields.contains(field) else {
                    throw fail("unknown key `\(key).\(field)`: the fields are \(fields.joined(separator: ", "))")
                }
                columns[field] = try column(toml[field]!, "\(key).\(field)")
            }
            for field in required where columns[field] == nil { throw fail("`\(key).\(field)` is missing") }
            return (Table(sheet: sheetNames, columns: columns, key: key), toml)
        }

        let (summary, summaryTOML) = try table(
            root["summary"], "summary", fields: summaryFields, extra: ["counts"],
            required: ["flag", "sub_rule", "service_line", "setting"])
        var counts: [RuleColumn: Column] = [:]
        if let value = summaryTOML["counts"] {
            guard let countsTable = value.table else { throw fail("`summary.counts` must be a table") }
            for key in countsTable.keys {
                guard let target = RuleColumn(rawValue: key), target.kind != nil else {
                    throw fail(
                        "unknown key `summary.counts.\(key)`: name a code column of rules.csv (icd10, opcs4, provider...)"
                    )
                }
                counts[target] = try column(countsTable[key]!, "summary.counts.\(key)")
            }
        }
        let (hierarchy, hierarchyTOML) = try table(
            root["hierarchy"], "hierarchy", fields: hierarchyFields, extra: ["settings", "top_up"],
            required: ["service_line"])
        var settings: [Column] = []
        if let value = hierarchyTOML["settings"] {
            if let array = value.array {
                settings = try array.enumerated().map { try column($1, "hierarchy.settings[\($0)]") }
            } else {
                settings = [try column(value, "hierarchy.settings")]
            }
        }
        var fraction = true
        if let value = hierarchyTOML["top_up"] {
            guard let text = value.string, ["fraction", "percent"].contains(text) else {
                throw fail("`hierarchy.top_up` must be \"fraction\" (0.25 is 25%) or \"percent\" (25 is 25%)")
            }
            fraction = text == "fraction"
        }
        var lists: [CodeList] = []
        if let value = root["lists"] {
            guard let array = value.array else { throw fail("`lists` must be an array of tables ([[lists]])") }
            for (index, item) in array.enumerated() {
                let key = "lists[\(index)]"
                let (list, toml) = try table(
                    item, key, fields: ["flag", "sub_rule", "code", "list"],
                    extra: ["target", "layout", "codes", "list_values"],
                    required: ["flag"])
                guard let targetName = toml["target"]?.string, let target = RuleColumn(rawValue: targetName),
                    target.kind != nil, target.kind != .typeName
                else {
                    throw fail(
                        "`\(key).target` must name a code column of rules.csv (icd10, icd10_qualifier, opcs4, opcs4_qualifier, main_specialty, treatment_function, provider...)"
                    )
                }
                let layout = toml["layout"]?.string ?? "long"
                guard layout == "long" || layout == "wide" else {
                    throw fail("`\(key).layout` must be \"long\" or \"wide\"")
                }
                let codes = toml["codes"]?.string ?? ""
                if layout == "long" && list.columns["code"] == nil {
                    throw fail("`\(key).code` is missing: a long list has a code column")
                }
                if layout == "wide" && codes.isEmpty {
                    throw fail("`\(key).codes` is missing: the header prefix of a wide list's code columns, or \"*\"")
                }
                var values: [String] = []
                if let raw = toml["list_values"] { values = try names(raw, key + ".list_values") }
                if (list.columns["list"] == nil) != values.isEmpty {
                    throw fail("`\(key).list` and `\(key).list_values` go together")
                }
                lists.append(
                    CodeList(
                        table: list, target: target, wide: layout == "wide", codeColumns: codes, listValues: values))
            }
        }
        let separator = root["code_separator"]?.string ?? " - "
        let ruleID = root["rule_id"]?.string ?? "{service_line}-{sub_rule}"
        guard ruleID.contains("{") else {
            throw fail("`rule_id` must use {service_line}, {flag}, {sub_rule} or {setting}")
        }
        let category = root["category"]?.string?.lowercased() ?? "specialised"
        return ImportMapping(
            name: name, text: text, codeSeparator: separator.isEmpty ? " - " : separator, summary: summary,
            counts: counts,
            ruleID: ruleID, category: category, hierarchy: hierarchy, hierarchySettings: settings,
            topUpIsFraction: fraction, lists: lists)
    }
}
