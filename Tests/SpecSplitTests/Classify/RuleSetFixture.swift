import TestSupport
import XCTest

@testable import SpecSplit

/// A rule set written in memory, file by file, as an analyst would write the CSV files.
struct RuleSetFixture {
    var toml = """
        name = "test rules"
        financial_year = "2012-13"
        illustrative = true
        """
    /// Rules as column -> cell; missing columns are empty.
    var rules: [[String: String]] = []
    /// `set,code` rows (a third element is the classification).
    var codeSets: [[String]] = []
    var serviceLines: [[String]] = [
        ["NCBPS01C", "Chemotherapy", "Cancer", "10", "specialised"],
        ["NCBPS13X", "Cystic fibrosis", "Internal medicine", "5", "specialised"],
        ["NCBPS03X", "Haemophilia", "Blood", "3", "specialised"],
        ["NCBPS99X", "Renal", "Internal medicine", "20", "specialised"],
        ["NCBHJXXX", "Health in justice", "", "50", "prison"],
        ["NCBAFXXX", "Armed forces", "", "60", "military"],
        ["DENTAL01", "Secondary dental", "", "70", "non-specialised"],
    ]
    /// The header of `service-lines.csv` (tests of the optional per-setting columns add them).
    var serviceLineHeader = ["service_line", "description", "npoc", "rank", "category"]
    var practices: [[String]] = [
        ["M85001", "Military", "13Q", "4", "2011-04-01", ""],
        ["Y02633", "Offender", "", "25", "20110401", ""],
        ["V81999", "Military", "", "", "", ""],
    ]
    var prisonPostcodes: [[String]] = [["HU17 0AQ", "Unique", "YDE01"], ["LS1 1AA", "Non Unique", "YDE02"]]
    var serviceGroups: [[String]] = [
        ["", "", "7%", "", "", "mental health"],
        ["NEL", "", "", "", "prison", "acute emergency"],
        ["", "", "", "", "", "acute"],
    ]
    var podSettings: [[String]] = [["EL", "APC"], ["NEL", "APC"], ["OPFA", "NAC"]]

    mutating func rule(_ cells: [String: String]) { rules.append(cells) }

    var tables: [String: RuleTable] {
        let ruleHeader = RuleColumn.allCases.map(\.rawValue)
        return [
            "rules.csv": RuleTable(name: "rules.csv", header: ruleHeader, rows: rules.map { cells in ruleHeader.map { cells[$0] ?? "" } }),
            "code-sets.csv": RuleTable(name: "code-sets.csv", header: ["set", "code", "classification"], rows: codeSets.map { $0.count == 2 ? $0 + [""] : $0 }),
            "service-lines.csv": RuleTable(name: "service-lines.csv", header: serviceLineHeader, rows: serviceLines),
            "practices.csv": RuleTable(name: "practices.csv", header: ["practice_code", "practice_type", "parent_code", "prescribing_setting", "open_date", "close_date"], rows: practices),
            "prison-postcodes.csv": RuleTable(name: "prison-postcodes.csv", header: ["postcode", "postcode_type", "site_code"], rows: prisonPostcodes),
            "service-groups.csv": RuleTable(name: "service-groups.csv", header: ["pod", "treatment_function", "main_specialty", "service_line", "category", "service_group"], rows: serviceGroups),
            "pod-settings.csv": RuleTable(name: "pod-settings.csv", header: ["pod", "setting"], rows: podSettings),
        ]
    }

    func load() throws -> RuleSet {
        try RuleSet.parse(toml: toml, tables: tables, checksum: "test", directory: "memory")
    }

    func compile() throws -> CompiledRuleSet { CompiledRuleSet(try load()) }

    /// The problems loading reports (empty when the rule set is valid).
    func problems() -> [Finding] {
        do {
            _ = try load()
            return []
        } catch let error as RuleSetInvalid {
            return error.problems
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }
}

/// Every field an extract may carry.
let allFields = FieldSet(Field.allCases)

/// A record of `setting` carrying `present`, filled by `fill`.
func makeRecord(_ setting: Setting = .apc, present: FieldSet = allFields, _ fill: (inout ActivityRecord) -> Void = { _ in }) -> ActivityRecord {
    var record = ActivityRecord()
    record.reset(present: present, setting: setting)
    fill(&record)
    return record
}

/// Packs a code in a test (crashes on a code longer than 8 bytes: a broken test).
func code(_ text: String) -> PackedCode { PackedCode(text)! }

/// Codes packed in order.
func codes(_ texts: String...) -> [PackedCode] { texts.map { PackedCode($0)! } }

extension CompiledRuleSet {
    /// Classifies one record with fresh buffers.
    func classify(_ record: ActivityRecord) -> Classification {
        var scratch = makeScratch()
        var result = Classification()
        classify(record, into: &result, scratch: &scratch)
        return result
    }

    /// The identifiers of rules.
    func ids(_ indexes: [RuleIndex]) -> [String] { indexes.map { rule($0).id } }

    /// The identifier of the deciding rule.
    func decidingID(_ result: Classification) -> String? { result.decidingRule.map { rule($0).id } }
}
